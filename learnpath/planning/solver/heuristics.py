"""Fast, inexact helpers of the exact solver: a greedy plan and a simple lower bound.

The greedy plan seeds the search (its first upper bound) and stands in when no time
is left; the bound backs up the solver's own when it stops early. Neither ever
decides a plan marked optimal.
"""

from __future__ import annotations

import math

from ..index import PlanningIndex
from .objective import Objective
from .region import Region, Solution

__all__ = ["greedy", "simple_bound"]


def simple_bound(ix: PlanningIndex, reg: Region, minimize: str | Objective = "hours") -> float:
    """A quick lower bound: goals whose sets of teachers do not overlap each need their
    own module, so the sum of their cheapest teachers is a bound on any plan.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.region import region
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("a1", "A", ("a",), 3), Module("a2", "A", ("a",), 4),
    ...     Module("b1", "B", ("b",), 5)], [])
    >>> ix = index_of(cat)
    >>> simple_bound(ix, region(ix, frozenset(), frozenset(), ["a", "b"]))
    8.0
    """
    w = _weights(ix, reg, Objective.of(minimize))
    cheapest = {g: min((w[t] for t in reg.skills[g]), default=0.0) for g in reg.goals}
    used: set[int] = set()
    total = 0.0
    for g in sorted(reg.goals, key=lambda g: (-cheapest[g], g)):
        ts = set(reg.skills[g])
        if ts and not ts & used:
            used |= ts
            total += cheapest[g]
    return total


def greedy(ix: PlanningIndex, held, reg: Region, minimize: str | Objective = "hours") -> Solution:
    """A good valid plan fast: cost propagation, extraction, then dropping redundant modules.

    Seeds the exact solver and stands in for it if it finds nothing within its time limit.
    """
    objective = Objective.of(minimize)
    w = _weights(ix, reg, objective)
    w2 = ix.weights(objective.second)
    big = 1.0 + math.fsum(w[i] for i in reg.modules)  # a missing entry costs more than all
    mod_cost: dict[int, float] = {}
    skill_cost: dict[str, float] = {}  # a skill not held: its cheapest teacher's cost
    skills, requires = reg.skills, ix.requires
    for i in sorted(reg.modules, key=ix.topo_rank.__getitem__):  # teachers first
        below = []
        for r in requires[i]:
            if r in held:
                continue
            c = skill_cost.get(r)
            if c is None:
                ts = skills.get(r, ())
                c = skill_cost[r] = min([mod_cost[t] for t in ts]) if ts else big
            below.append(c)
        mod_cost[i] = w[i] + sum(below)
    chosen: set[int] = set()
    covered: set[str] = set(held)
    declared: set[str] = set()
    stack = list(reversed(reg.goals))
    while stack:
        s = stack.pop()
        if s in covered or s in declared:
            continue
        ts = reg.skills.get(s, ())
        if not ts:
            declared.add(s)
            continue
        best = min(ts, key=lambda t: (mod_cost[t], w2[t], t))
        chosen.add(best)
        covered.update(ix.teaches[best])
        stack.extend(r for r in reversed(ix.requires[best]) if r not in covered)
    # drop modules made redundant by later choices, most expensive first
    teach_count: dict[str, int] = {}
    need_count: dict[str, int] = dict.fromkeys(reg.goals, 1)
    for i in chosen:
        for t in set(ix.teaches[i]):
            teach_count[t] = teach_count.get(t, 0) + 1
        for r in set(ix.requires[i]):
            need_count[r] = need_count.get(r, 0) + 1
    for i in sorted(chosen, key=lambda t: (-w[t], -w2[t], -t)):
        own = set(ix.requires[i])
        if all(
            teach_count[t] >= 2 or need_count.get(t, 0) - (t in own) <= 0
            for t in set(ix.teaches[i])
            if t not in held
        ):
            chosen.discard(i)
            for t in set(ix.teaches[i]):
                teach_count[t] -= 1
            for r in own:
                need_count[r] -= 1
    needed = _needed_entries(ix, held, reg.goals, chosen, declared)
    return Solution(frozenset(chosen), frozenset(needed), False, 0.0)


def _weights(ix: PlanningIndex, reg: Region, objective: Objective) -> dict[int, float]:
    """The minimized measure of each module of ``reg``."""
    return dict(zip(reg.modules, objective.weights(ix, reg.modules), strict=True))


def _needed_entries(ix, held, goals, chosen, declared) -> set[str]:
    taught = {s for i in chosen for s in ix.teaches[i]}
    wanted = set(goals) | {r for i in chosen for r in ix.requires[i]}
    return {s for s in declared if s in wanted and s not in taught and s not in held}
