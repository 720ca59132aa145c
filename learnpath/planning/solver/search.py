"""Exact branch and bound beyond the forced core, in plain Python (no solver import).

Most plans have only a few real choices; for those a depth-first search over "which
module teaches this open skill" with an admissible bound proves the optimum in well
under a millisecond, and spares loading HiGHS. The search gives up after a work budget
(nodes entered plus teachers weighed, so the same query always stops at the same
point) and the caller then uses the integer program (:mod:`._highs`) instead; a time
limit is only a safety net.

The search branches only on skills with several teachers. Taking a module forces its
*forced closure* (every requirement with a single teacher forces that teacher, and so
on down; a requirement nobody teaches is declared missing), which the learner
context memoises (:class:`~learnpath.planning.solver.contexts.ForcedClosures`); the search
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

One search is one :class:`ForcedSearch`: its named state is the numbering of what it
meets and the best plan so far; its steps are short methods (:meth:`~ForcedSearch.bound`,
:meth:`~ForcedSearch.settle`, :meth:`~ForcedSearch.descend`). The integer weights live
with the catalogue's index, in :class:`~.keys.WeightKeys`.
"""

from __future__ import annotations

import math
import time

from ..index import PlanningIndex
from .contexts import ForcedClosures
from .groups import independent_groups
from .keys import WeightKeys, _bits
from .objective import Objective
from .region import Solution

__all__ = ["ForcedSearch", "search_forced"]


class _OutOfBudget(Exception):
    """The search met its node budget or its deadline."""


class ForcedSearch:
    """One exact search beyond a forced core (see the module docstring).

    A one-off object: built for a query, :meth:`run` once. Items (modules beyond the
    core and missing entry skills) and open skills are numbered as the search meets
    them, so sets of them are ``int`` bitmasks. Each group of open skills
    (:meth:`groups`) is searched depth first (:meth:`search_group`, :meth:`descend`);
    at each node :meth:`bound` bounds what is left and picks the skill to branch on,
    and :meth:`settle` ends the descent when the bound is met outright.

    Attributes
    ----------
    items : list
        Per item number (its bit's position): the module number, or the entry skill
        (a ``str``).
    item_bit : dict
        Module number or entry skill -> its item bit (a power of two).
    item_key : list of int
        Per item number, its packed key (:meth:`WeightKeys.keys`).
    skill_teachers : list of tuple of int
        Per skill number, the not completed modules teaching that skill.
    skill_bit : dict
        Skill -> its skill bit.
    forces : dict
        Module -> the items taking it forces beyond the core (a mask).
    links : dict
        Module -> (skills with a choice it covers, those it then needs), as masks.
    sums : dict
        Item mask -> the sum of its items' keys.
    seen : set of int
        Item masks already entered in the current group.
    nodes : int
        Work so far, in every group: nodes entered plus teachers weighed by
        :meth:`bound` (the work budget, ``node_budget``, is counted in it).
    best, best_chosen : int
        The best plan of the current group: its key sum and its item mask.
    """

    __slots__ = (
        "closures",
        "held",
        "core",
        "core_missing",
        "core_taught",
        "open_skills",
        "module_keys",
        "declare_key",
        "items",
        "item_bit",
        "item_key",
        "skill_teachers",
        "skill_bit",
        "forces",
        "links",
        "sums",
        "seen",
        "nodes",
        "node_budget",
        "clock",
        "deadline",
        "best",
        "best_chosen",
        "objective",
        "ix",
        "_parts",
        "_flat",
        "grouped",
    )

    def __init__(
        self,
        ix: PlanningIndex,
        closures: ForcedClosures,
        held: frozenset[str],
        forced: tuple,
        minimize: str | Objective,
        tie_break: bool = True,
        node_budget: int = 10_000,
        seconds: float = math.inf,
        grouped: bool = False,
    ):
        self.ix, self.closures, self.held = ix, closures, held
        self.grouped = grouped  # the open skills are one group already: not grouped again
        self.objective = Objective.of(minimize)
        self.core, self.core_missing, self.core_taught, self.open_skills = forced
        self.module_keys, self.declare_key = ix.memo(WeightKeys).keys(
            self.objective, bool(tie_break)
        )
        self.items: list[int | str] = []
        self.item_bit: dict[int | str, int] = {}
        self.item_key: list[int] = []
        self.skill_teachers: list[tuple[int, ...]] = []
        self.skill_bit: dict[str, int] = {}
        self.forces: dict[int, int] = {}
        self.links: dict[int, tuple[int, int]] = {}
        self.sums: dict[int, int] = {}
        self.seen: set[int] = set()
        self.nodes = 0
        self.node_budget = node_budget
        self.clock = 4096
        self.deadline = time.monotonic() + seconds
        self.best: float | int = math.inf
        self.best_chosen = -1
        self._parts, self._flat = closures.flat_memo.get, closures.flat  # a module's parts

    # -- numbering what the search meets ---------------------------------------------

    def number_skill(self, s: str) -> int:
        """The bit of skill ``s`` (numbered on first sight)."""
        b = self.skill_bit.get(s)
        if b is None:
            b = self.skill_bit[s] = 1 << len(self.skill_teachers)
            self.skill_teachers.append(self.closures.teachers(s))
        return b

    def forced_items(self, t: int) -> int:
        """The items taking module ``t`` forces (beyond the core), as item bits."""
        parts = self._parts(t) or self._flat(t)
        core, items, item_bit, item_key = self.core, self.items, self.item_bit, self.item_key
        f = 0
        for m in parts[0]:
            if m in core:
                continue
            b = item_bit.get(m)
            if b is None:
                b = item_bit[m] = 1 << len(items)
                items.append(m)
                item_key.append(self.module_keys[m])
            f |= b
        held, core_missing = self.held, self.core_missing
        for e in parts[1]:
            if e in held or e in core_missing:
                continue
            b = item_bit.get(e)
            if b is None:
                b = item_bit[e] = 1 << len(items)
                items.append(e)
                item_key.append(self.declare_key)
            f |= b
        self.forces[t] = f
        return f

    def links_of(self, t: int) -> tuple[int, int]:
        """(skills with a choice that taking ``t`` covers, and that it then needs); only
        asked for the modules the search takes."""
        got = self.links.get(t)
        if got is None:
            parts = self._parts(t) or self._flat(t)
            skill_bit, number = self.skill_bit, self.number_skill
            c = 0
            for s in parts[2]:
                c |= skill_bit.get(s) or number(s)
            d = 0
            core_taught, held = self.core_taught, self.held
            for s in parts[3]:
                if s not in core_taught and s not in held:
                    d |= skill_bit.get(s) or number(s)
            got = self.links[t] = (c, d)
        return got

    def key_sum(self, mask: int) -> int:
        """The sum of the keys of the items in ``mask`` (memoised)."""
        v = self.sums.get(mask)
        if v is None:
            v = 0
            key = self.item_key
            mm = mask
            while mm:
                low = mm & -mm
                v += key[low.bit_length() - 1]
                mm ^= low
            self.sums[mask] = v
        return v

    def groups(self) -> list[int]:
        """The open skills as masks of groups searched apart
        (:func:`~.groups.independent_groups`)."""
        number = self.number_skill
        if self.grouped and self.open_skills:
            mask = 0
            for s in self.open_skills:
                mask |= number(s)
            return [mask]
        if len(self.open_skills) < 2:
            return [number(s) for s in self.open_skills]
        out = []
        for names in independent_groups(
            self.closures, self.open_skills, self.core, self.core_missing, self.held
        ):
            mask = 0
            for s in names:
                mask |= number(s)
            out.append(mask)
        return out

    # -- the search ---------------------------------------------------------------------

    def run(self) -> Solution | None:
        """The best plan (core included), proved optimal; ``None`` past the budget."""
        total = 0
        try:
            for group in self.groups():
                chosen = self.search_group(group)
                if chosen < 0:  # pragma: no cover - an open skill always has a teacher
                    return None
                total |= chosen
        except (_OutOfBudget, RecursionError):  # or too many nested choices for Python
            return None
        return self.solution(total)

    def search_group(self, needed: int) -> int:
        """The item mask of the best way to cover the open skills ``needed``."""
        self.best, self.best_chosen = math.inf, -1
        self.seen.clear()
        self.descend(0, 0, 0, needed)
        return self.best_chosen

    def descend(self, chosen: int, cost: int, covered: int, needed: int) -> None:
        """Search below the node that took items ``chosen`` (key sum ``cost``), covering
        skills ``covered`` and needing skills ``needed``."""
        nodes = self.nodes = self.nodes + 1
        if nodes > self.node_budget:
            raise _OutOfBudget
        if nodes >= self.clock:  # the seconds are only a safety net: seldom looked at
            self.clock = nodes + 4096
            if time.monotonic() > self.deadline:
                raise _OutOfBudget
        open_ = needed & ~covered
        if not open_:
            if cost < self.best:
                self.best, self.best_chosen = cost, chosen
            return
        lb, pick, counted, apart = self.bound(open_, ~chosen)
        if cost + lb >= self.best:
            return
        if apart is not None and self.settle(chosen, covered, needed, cost + lb, apart):
            return
        forces, sums, links, seen = self.forces, self.sums, self.links, self.seen
        free = ~chosen
        opts = []
        for t in self.skill_teachers[pick]:
            add = forces[t] & free
            opts.append((sums[add], t, add))
        opts.sort()
        for c, t, add in opts:
            nxt = chosen | add
            if nxt in seen:
                continue
            seen.add(nxt)
            best = self.best
            if cost + c >= best:
                continue
            cov, need = links.get(t) or self.links_of(t)
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
                self.descend(nxt, cost + c, cov, need)
            else:  # every needed skill is covered: a plan (cheaper than the best)
                self.best, self.best_chosen = cost + c, nxt
            if self.best <= cost + lb:  # the bound is reached: nothing here does better
                return

    def bound(self, open_: int, free: int) -> tuple[int, int, list, list | None]:
        """The lower bound on what covering the skills ``open_`` (not none) adds to a
        node whose untaken items are ``free``.

        Returns ``(bound, the skill bit to branch on, counted, apart)``: per open skill
        an entry ``(cheapest add, union of its teachers' adds, its bit, its cheapest
        teacher)``; ``counted`` are the entries the bound adds up when there are
        several open skills (their unions share nothing), ``apart`` every entry when
        no two open skills can share a module (else ``None``).
        """
        cands = []
        pick = -1
        pick_n = pick_low = 0
        forces, sums, teachers = self.forces, self.sums, self.skill_teachers
        mget, wget = forces.get, sums.get
        work = 0
        while open_:
            bit = open_ & -open_
            open_ ^= bit
            k = bit.bit_length() - 1
            ts = teachers[k]
            work += len(ts)
            low = -1
            foot = 0
            for t in ts:
                add = (mget(t) or self.forced_items(t)) & free
                c = wget(add)
                if c is None:
                    c = self.key_sum(add)
                foot |= add
                if low < 0 or c < low:
                    low, cheapest = c, t
            cands.append((low, foot, bit, cheapest))
            n = len(ts)  # branch on the fewest teachers, then the dearest skill
            if pick < 0 or n < pick_n or (n == pick_n and low > pick_low):
                pick, pick_n, pick_low = k, n, low
        self.nodes += work  # the work budget counts every teacher weighed
        if len(cands) == 1:
            return cands[0][0], pick, [], cands
        cands.sort(reverse=True)
        used = lb = 0
        counted = []
        for entry in cands:
            if not entry[1] & used:
                used |= entry[1]
                lb += entry[0]
                counted.append(entry)
        return lb, pick, counted, counted if len(counted) == len(cands) else None

    def settle(self, chosen: int, covered: int, needed: int, reach: int, apart: list) -> bool:
        """When no two open skills can share a module (``apart``, their entries) and
        each one's cheapest teacher needs nothing left uncovered, taking them all meets
        the bound ``reach``: record that plan (optimal below this node), say so."""
        take, cov, need = chosen, covered, needed
        free = ~chosen
        forces, links = self.forces, self.links
        for entry in apart:
            t = entry[3]
            take |= forces[t] & free
            links_t = links.get(t) or self.links_of(t)
            cov |= links_t[0]
            need |= links_t[1]
        if need & ~cov:
            return False
        self.best, self.best_chosen = reach, take
        return True

    def solution(self, total: int) -> Solution:
        """The plan of the items ``total`` with the core, proved optimal."""
        picked = [self.items[k] for k in _bits(total)]
        mods = frozenset(x for x in picked if isinstance(x, int))
        missing = frozenset(x for x in picked if isinstance(x, str))
        chosen_all = self.core | mods
        return Solution(
            chosen_all, self.core_missing | missing, True, self.objective.total(self.ix, chosen_all)
        )


def search_forced(
    ix: PlanningIndex,
    closures: ForcedClosures,
    held: frozenset[str],
    forced: tuple,
    minimize: str | Objective,
    tie_break: bool = True,
    node_budget: int = 10_000,
    seconds: float = math.inf,
    grouped: bool = False,
) -> Solution | None:
    """The best plan beyond a forced core, proved optimal, or ``None`` past
    ``node_budget`` nodes or ``seconds`` of search (``grouped``: the open skills are
    known to be one group of :func:`~.groups.independent_groups`, not grouped again).

    ``forced`` is ``(core, missing, taught by the core, open skills)`` as
    :meth:`ForcedClosures.core <learnpath.planning.solver.contexts.ForcedClosures.core>` gives
    it, ``closures`` that :class:`~learnpath.planning.solver.contexts.ForcedClosures` (of the
    learner holding ``held``). What a module forces comes from the closures memoised
    for the learner context, so nothing is rebuilt per query but the bitmasks of the
    items this search meets (numbered as met). The returned plan includes the core.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.contexts import closures_for
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
    search = ForcedSearch(
        ix, closures, held, forced, minimize, tie_break, node_budget, seconds, grouped
    )
    return search.run()
