"""Exact branch and bound beyond the forced core, in plain Python (no solver import).

Most plans have only a few real choices; for those a depth-first search over "which
module teaches this open skill" with an admissible bound proves the optimum in well
under a millisecond, and spares loading HiGHS. The search gives up after a node budget
or a time limit and the caller then uses the integer program (:mod:`._highs`) instead.

The search branches only on skills with several teachers. Taking a module forces its
*forced closure* (every requirement with a single teacher forces that teacher, and so
on down; a requirement nobody teaches is declared missing), which the learner
context memoises (:class:`~learnpath.planning.solver.region.ForcedClosures`); the search
numbers the modules and missing entry skills it meets as bits, so a set of them is an
``int``. Open skills whose reaches share nothing beyond the core are searched apart.

Plans are compared by the tuple (missing entry skills, primary measure, other measure,
sum of module numbers + 1): the same lexicographic order as the integer program, so
both give the same plan. Weights are scaled to integers (micro-hours, micro-dollars)
and the tuple is packed into one integer per item, so ties are exact and a plan's key
is the sum of its items' keys.

Bound: for each open skill, the cheapest teacher's closure beyond what is chosen is a
lower bound on what covering it adds; open skills whose possible additions are pairwise
disjoint add up. A subtree whose bound the best plan already meets is left at once, and
a child is not even entered when the skills its parent counted, minus those its module
covers or touches, already meet it. What a module covers and needs is worked out only
for the modules the search takes; what it forces, for every teacher it weighs.
"""

from __future__ import annotations

import math
import time

from ..index import PlanningIndex
from .region import Solution

__all__ = ["search_forced"]

_SCALE = 1_000_000


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _scaled(ix: PlanningIndex, measure: str) -> list[int]:
    """Per module, ``measure`` in integer millionths (computed once per catalogue)."""
    key = ("scaled", measure)
    got = ix.memo.get(key)
    if got is None:
        got = ix.memo[key] = [round(w * _SCALE) for w in ix.weights(measure)]
    return got


def _packed(ix: PlanningIndex, minimize: str, tie_break: bool) -> tuple[list[int], int]:
    """Per module, its key packed in one integer, and the key of one missing entry skill.

    Key order: (missing entry skills, ``minimize``, the other measure, module number + 1)
    compared lexicographically; every base exceeds what any set of modules can sum to,
    so the sum of the packed keys of a plan compares like the tuple. Computed once per
    catalogue.
    """
    key = ("packed", minimize, tie_break)
    got = ix.memo.get(key)
    if got is None:
        a = _scaled(ix, minimize)
        if tie_break:
            b = _scaled(ix, "cost" if minimize == "hours" else "hours")
            n = len(a)
            base3 = n * (n + 1) // 2 + 1
            base2 = sum(b) + 1
            weight = [(a[m] * base2 + b[m]) * base3 + m + 1 for m in range(n)]
        else:
            weight = list(a)
        got = ix.memo[key] = (weight, sum(weight) + 1)
    return got


def search_forced(
    ix: PlanningIndex,
    closures,
    held: frozenset[str],
    forced: tuple,
    minimize: str,
    tie_break: bool = True,
    node_budget: int = 10_000,
    seconds: float = math.inf,
) -> Solution | None:
    """The best plan beyond a forced core, proved optimal, or ``None`` past
    ``node_budget`` nodes or ``seconds`` of search.

    ``forced`` is ``(core, missing, taught by the core, open skills)`` as
    :meth:`ForcedClosures.core <learnpath.planning.solver.region.ForcedClosures.core>` gives
    it, ``closures`` that :class:`~learnpath.planning.solver.region.ForcedClosures` (of the
    learner holding ``held``). What a module forces comes from the closures memoised
    for the learner context, so nothing is rebuilt per query but the bitmasks of the
    items this search meets (numbered as met). The returned plan includes the core.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.region import closures_for
    >>> cat = Catalogue.build([Skill(s, s) for s in "abc"], [
    ...     Module("both", "Both", ("a", "b"), 5, ("c",)), Module("ma", "A", ("a",), 3),
    ...     Module("mb", "B", ("b",), 3), Module("mc", "C", ("c",), 0.5)], [])
    >>> ix = index_of(cat)
    >>> ctx = closures_for(ix, frozenset(), frozenset())
    >>> forced = ctx.core(frozenset(), ["a", "b"])
    >>> sol = search_forced(ix, ctx, frozenset(), forced, "hours")
    >>> sorted(ix.module_ids[m] for m in sol.modules), sol.optimal
    (['both', 'mc'], True)
    """
    core, core_missing, core_taught, open_skills = forced
    packed, declare = _packed(ix, minimize, tie_break)
    items: list = []  # local bit -> module number, or the entry skill (a str)
    item_bit: dict = {}
    weight: list[int] = []
    steach: list[tuple[int, ...]] = []  # local bit -> teachers of that skill with a choice
    skill_bit: dict[str, int] = {}
    teachers_of = closures.teachers

    def sbit(s: str) -> int:
        b = skill_bit.get(s)
        if b is None:
            b = skill_bit[s] = 1 << len(steach)
            steach.append(teachers_of(s))
        return b

    mdata: dict[int, int] = {}  # module -> the items taking it forces
    mlinks: dict[int, tuple[int, int]] = {}
    flat, flat_get = closures.flat, closures.flat_memo.get

    def mod(t: int) -> int:
        """The items taking module ``t`` forces (beyond the core), as local bits."""
        parts = flat_get(t) or flat(t)
        f = 0
        mods, ents = parts[0], parts[1]
        for m in mods:
            if m in core:
                continue
            b = item_bit.get(m)
            if b is None:
                b = item_bit[m] = 1 << len(items)
                items.append(m)
                weight.append(packed[m])
            f |= b
        for e in ents:
            if e in held or e in core_missing:
                continue
            b = item_bit.get(e)
            if b is None:
                b = item_bit[e] = 1 << len(items)
                items.append(e)
                weight.append(declare)
            f |= b
        mdata[t] = f
        return f

    def links(t: int) -> tuple[int, int]:
        """(skills with a choice that taking ``t`` covers, and that it then needs);
        only asked for the modules the search takes."""
        got = mlinks.get(t)
        if got is None:
            parts = flat_get(t) or flat(t)
            taught, choices = parts[2], parts[3]
            c = 0
            for s in taught:
                c |= skill_bit.get(s) or sbit(s)
            d = 0
            for s in choices:
                if s not in core_taught and s not in held:
                    d |= skill_bit.get(s) or sbit(s)
            got = mlinks[t] = (c, d)
        return got

    wcache: dict[int, int] = {}

    def wsum(mask: int) -> int:
        v = wcache.get(mask)
        if v is None:
            v = 0
            mm = mask
            while mm:
                low = mm & -mm
                v += weight[low.bit_length() - 1]
                mm ^= low
            wcache[mask] = v
        return v

    if len(open_skills) > 1:
        groups = []
        for names in _independent(closures, open_skills, core, core_missing, held):
            mask = 0
            for s in names:
                mask |= sbit(s)
            groups.append(mask)
    else:
        groups = [sbit(s) for s in open_skills]
    seen: set[int] = set()
    nodes = 0
    deadline = time.monotonic() + seconds
    best: float | int = math.inf
    best_chosen = -1

    def dfs(chosen: int, cost: int, covered: int, needed: int) -> bool:
        nonlocal best, best_chosen, nodes
        nodes += 1
        if nodes > node_budget or (nodes & 63 == 0 and time.monotonic() > deadline):
            return False
        open_ = needed & ~covered
        if not open_:
            if cost < best:
                best, best_chosen = cost, chosen
            return True
        # per open skill: the cheapest of what its teachers add, and their union
        cands = []
        pick = -1
        pick_n = pick_low = 0
        free = ~chosen
        mget, wget = mdata.get, wcache.get
        while open_:
            bit = open_ & -open_
            open_ ^= bit
            k = bit.bit_length() - 1
            ts = steach[k]
            low = -1
            foot = 0
            for t in ts:
                add = (mget(t) or mod(t)) & free
                c = wget(add)
                if c is None:
                    c = wsum(add)
                foot |= add
                if low < 0 or c < low:
                    low, cheapest = c, t
            cands.append((low, foot, bit, cheapest))
            n = len(ts)  # branch on the fewest teachers, then the dearest skill
            if pick < 0 or n < pick_n or (n == pick_n and low > pick_low):
                pick, pick_n, pick_low = k, n, low
        if len(cands) == 1:
            lb = cands[0][0]
            counted = ()
            apart = True
        else:
            cands.sort(reverse=True)
            used = lb = 0
            counted = []  # the skills the bound adds up (their unions share nothing)
            for entry in cands:
                if not entry[1] & used:
                    used |= entry[1]
                    lb += entry[0]
                    counted.append(entry)
            apart = len(counted) == len(cands)
        if cost + lb >= best:
            return True
        if apart:
            # no two open skills can share a module: if each one's cheapest teacher
            # needs nothing left uncovered, taking them all meets the bound (optimal)
            take, cov, need = chosen, covered, needed
            for entry in cands:
                take |= mdata[entry[3]] & free
                links_t = mlinks.get(entry[3]) or links(entry[3])
                cov |= links_t[0]
                need |= links_t[1]
            if not need & ~cov:
                best, best_chosen = cost + lb, take
                return True
        opts = []
        for t in steach[pick]:
            add = mdata[t] & free
            opts.append((wcache[add], t, add))
        opts.sort()
        for c, t, add in opts:
            nxt = chosen | add
            if nxt in seen:
                continue
            seen.add(nxt)
            if cost + c >= best:
                continue
            cov, need = mlinks.get(t) or links(t)
            if counted and best != math.inf:
                # the child's bound, from here: a counted skill whose teachers' adds
                # miss ``add`` keeps its cheapest add, and is still open (a module of
                # ``add``'s closure teaching it would be one of those teachers)
                child = cost + c
                for low, foot, *_ in counted:
                    if not foot & add:
                        child += low
                if child >= best:
                    continue
            cov |= covered
            need |= needed
            if need & ~cov:
                if not dfs(nxt, cost + c, cov, need):
                    return False
            else:  # every needed skill is covered: a plan (cheaper than the best)
                best, best_chosen = cost + c, nxt
            if best <= cost + lb:  # the bound is reached: nothing here does better
                return True
        return True

    total = 0
    try:
        for group in groups:
            best, best_chosen = math.inf, -1
            seen.clear()
            if not dfs(0, 0, 0, group):
                return None
            if best_chosen < 0:  # pragma: no cover - an open skill always has a teacher
                return None
            total |= best_chosen
    except RecursionError:  # too many nested choices for a Python search
        return None
    picked = [items[k] for k in _bits(total)]
    mods = frozenset(x for x in picked if isinstance(x, int))
    missing = frozenset(x for x in picked if isinstance(x, str))
    w = ix.weights(minimize)
    chosen_all = core | mods
    return Solution(chosen_all, core_missing | missing, True, math.fsum([w[m] for m in chosen_all]))


def _independent(closures, open_skills, core, core_missing, held) -> list[list[str]]:
    """Open skills in groups whose reaches share nothing beyond the core: each group is
    searched on its own. Two skills' common reach is memoised per learner context, so
    the niches of a ranking share it.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.region import closures_for
    >>> cat = Catalogue.build([Skill(s, s) for s in "abcd"], [
    ...     Module("ab", "AB", ("a", "b"), 1), Module("a2", "A", ("a",), 2),
    ...     Module("b2", "B", ("b",), 2), Module("c1", "C", ("c",), 1),
    ...     Module("c2", "C", ("c",), 2)], [])
    >>> ctx = closures_for(index_of(cat), frozenset(), frozenset())
    >>> _independent(ctx, ["a", "b", "c"], frozenset(), frozenset(), frozenset())
    [['a', 'b'], ['c']]
    """
    n = len(open_skills)
    if n < 2:
        return [list(open_skills)]
    root = list(range(n))  # union-find over the open skills (sorted, so a < b below)
    memo, shared = closures.common, closures.shared
    for i in range(n - 1):
        a = open_skills[i]
        for j in range(i + 1, n):
            b = open_skills[j]
            common = memo.get((a, b))
            if common is None:
                common = shared(a, b)
            if common and not common <= core:
                ri = i
                while root[ri] != ri:
                    ri = root[ri]
                rj = j
                while root[rj] != rj:
                    rj = root[rj]
                if ri != rj and any(x not in held and x not in core_missing for x in common - core):
                    root[ri] = root[rj] = min(ri, rj)
    groups: dict[int, list[str]] = {}
    for i, s in enumerate(open_skills):
        r = i
        while root[r] != r:
            r = root[r]
        groups.setdefault(r, []).append(s)
    return list(groups.values())
