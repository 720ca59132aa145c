"""Exact branch and bound for small regions, in plain Python (no solver import).

Most plans have only a few real choices; for those a depth-first search over "which
module teaches this open skill" with an admissible bound proves the optimum in well
under a millisecond, and spares loading HiGHS. The search gives up after a node budget
and the caller then uses the integer program (:mod:`._highs`) instead.

Plans are compared by the tuple (missing entry skills, primary measure, other measure,
sum of id ranks): the same lexicographic order as the integer program, so both give
the same plan. Weights are scaled to integers (micro-hours, micro-dollars) so ties are
exact.

Bound: open skills whose sets of possible teachers are pairwise disjoint each need a
different module, so the sum of their cheapest teachers is a lower bound on what is
left (computed separately for each part of the tuple).
"""

from __future__ import annotations

import math
import time

from .index import CatalogueIndex
from .region import Region, Solution

__all__ = ["branch_and_bound"]

_SCALE = 1_000_000


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def branch_and_bound(
    ix: CatalogueIndex,
    reg: Region,
    minimize: str,
    incumbent: Solution,
    tie_break: bool = True,
    node_budget: int = 10_000,
    seconds: float = math.inf,
) -> Solution | None:
    """The best plan of ``reg``, proved optimal, or ``None`` past ``node_budget`` nodes
    or ``seconds`` of search.

    ``incumbent`` (a valid plan, e.g. the greedy one) is the first upper bound.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solve import greedy, region
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("both", "Both", ("a", "b"), 5), Module("ma", "A", ("a",), 3),
    ...     Module("mb", "B", ("b",), 3)], [])
    >>> ix = index_of(cat)
    >>> reg = region(ix, frozenset(), frozenset(), ["a", "b"])
    >>> sol = branch_and_bound(ix, reg, "hours", greedy(ix, frozenset(), reg))
    >>> [ix.module_ids[m] for m in sol.modules], sol.optimal
    (['both'], True)
    """
    mods = reg.modules
    local = {m: k for k, m in enumerate(mods)}
    skills = sorted(reg.skills)
    sidx = {s: k for k, s in enumerate(skills)}
    other = "cost" if minimize == "hours" else "hours"
    w1 = [round(ix.weights(minimize)[m] * _SCALE) for m in mods]
    w2 = [round(ix.weights(other)[m] * _SCALE) for m in mods]
    rank = list(range(1, len(mods) + 1))
    teach = [sum(1 << sidx[s] for s in set(ix.teaches[m]) if s in sidx) for m in mods]
    need = [sum(1 << sidx[r] for r in set(ix.requires[m]) if r in sidx) for m in mods]
    teachers = [tuple(local[t] for t in reg.skills[s]) for s in skills]
    tmask = [sum(1 << t for t in ts) for ts in teachers]
    parts = (w1, w2, rank) if tie_break else (w1,)
    cheapest = [[min((w[t] for t in ts), default=0) for ts in teachers] for w in parts]
    entry_mask = sum(1 << k for k, ts in enumerate(teachers) if not ts)
    single_mask = sum(1 << k for k, ts in enumerate(teachers) if len(ts) == 1)
    goal_mask = sum(1 << sidx[g] for g in reg.goals)
    # try cheap teachers first: the first plans found are good, so pruning starts early
    order = [tuple(sorted(ts, key=lambda t: (w1[t], w2[t], t))) for ts in teachers]

    def key_of(chosen: int, declared: int) -> tuple:
        ms = list(_bits(chosen))
        return (bin(declared).count("1"),) + tuple(sum(w[m] for m in ms) for w in parts)

    def mask_of(sol: Solution) -> tuple[int, int]:
        chosen = sum(1 << local[m] for m in sol.modules)
        declared = sum(1 << sidx[e] for e in sol.missing if e in sidx)
        return chosen, declared

    best_chosen, best_declared = mask_of(incumbent)
    best = key_of(best_chosen, best_declared)
    seen: set[int] = set()
    nodes = 0
    deadline = time.monotonic() + seconds

    neg_low = [[-v for v in low] for low in cheapest]
    branch_key = [len(ts) * (len(teachers) + 1) + k for k, ts in enumerate(teachers)]

    def bound(open_: list[int], p: int) -> int:
        low = cheapest[p]
        used = total = 0
        for k in sorted(open_, key=neg_low[p].__getitem__):
            if not tmask[k] & used:
                used |= tmask[k]
                total += low[k]
        return total

    def dfs(chosen: int, covered: int, needed: int, declared: int, key: list[int]) -> bool:
        nonlocal best, best_chosen, best_declared, nodes
        nodes += 1
        if nodes > node_budget or (nodes & 63 == 0 and time.monotonic() > deadline):
            return False
        open_ = needed & ~covered
        while True:  # no choice to make: declare entry skills, take sole teachers
            fresh = open_ & entry_mask
            if fresh:  # an entry skill nobody teaches: it can only be declared
                declared |= fresh
                covered |= fresh
                open_ &= ~fresh
            units = open_ & single_mask
            if not units:
                break
            key = list(key)
            for k in _bits(units):
                t = teachers[k][0]
                if not chosen >> t & 1:
                    chosen |= 1 << t
                    covered |= teach[t]
                    needed |= need[t]
                    for p, w in enumerate(parts):
                        key[p] += w[t]
            open_ = needed & ~covered
        n_declared = bin(declared).count("1")
        if not open_:
            cand = (n_declared, *key)
            if cand < best:
                best, best_chosen, best_declared = cand, chosen, declared
            return True
        open_list = list(_bits(open_))
        lb = (n_declared, key[0] + bound(open_list, 0))
        if lb > best[:2]:
            return True
        if lb == best[:2]:  # only a tie-break can still improve: bound those too
            if len(parts) == 1:
                return True
            full = lb + tuple(key[p] + bound(open_list, p) for p in range(1, len(parts)))
            if full >= best:
                return True
        # branch on the open skill with the fewest teachers (then the first one)
        k = min(open_list, key=branch_key.__getitem__)
        for t in order[k]:
            nxt = chosen | (1 << t)
            if nxt in seen:
                continue
            seen.add(nxt)
            cost = [a + w[t] for a, w in zip(key, parts, strict=True)]
            if not dfs(nxt, covered | teach[t], needed | need[t], declared, cost):
                return False
        return True

    try:
        if not dfs(0, 0, goal_mask, 0, [0] * len(parts)):
            return None
    except RecursionError:  # too many nested choices for a Python search
        return None
    chosen = frozenset(mods[k] for k in _bits(best_chosen))
    missing = frozenset(skills[k] for k in _bits(best_declared))
    return Solution(chosen, missing, True, sum(ix.weights(minimize)[m] for m in chosen))
