"""Choose the cheapest set of modules that reaches a set of skills, exactly.

Because the skill/module graph of a valid catalogue is acyclic, a *set* of modules is
a valid plan exactly when every goal skill not held is taught by a chosen module and
every unheld requirement of every chosen module is taught by a chosen module; the
order is found afterwards (:mod:`.order`). So no ordering variables are needed:

1. take the forced core: from the goals, a needed skill with a single teacher forces
   that module, whose requirements become needed in turn (:func:`forced_core`); when
   no needed skill has a choice of teacher, that is the whole plan (no search);
2. prune what is left to the modules that can matter (backward reachability from the
   open skills over the AND/OR graph: skill <- its teachers <- their requirements);
3. otherwise search exactly, lexicographically: fewest missing entry skills, then least
   hours (or cost), then the other measure, then earliest ids. Small searches run as a
   branch and bound in Python (:mod:`.search`); past a node budget, a 0/1 integer
   program on HiGHS (:mod:`._highs`) takes over.

An entry skill the learner lacks (no module teaches it) becomes a "declare" variable:
the plan says it is ``missing`` instead of silently dropping the goal.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from .index import CatalogueIndex

__all__ = ["Region", "Solution", "region", "solve"]

DEFAULT_TIME_LIMIT = 5.0
NODE_BUDGET = 10_000
SEARCH_MAX_MODULES = 120  # larger regions go straight to the integer program
SEARCH_SECONDS = 0.05  # and a search taking longer hands over to it


@dataclass(frozen=True, slots=True)
class Region:
    """The part of the catalogue that can matter for reaching ``goals``.

    Attributes
    ----------
    goals : tuple of str
        Goal skills not held yet (sorted).
    modules : tuple of int
        Candidate module numbers, ascending.
    skills : dict
        Every unheld skill reached -> its candidate teachers (empty for a missing entry skill).
    """

    goals: tuple[str, ...]
    modules: tuple[int, ...]
    skills: dict[str, tuple[int, ...]]

    @property
    def forced(self) -> bool:
        """True when no skill has a choice of teacher: the closure is the only plan."""
        return all(len(t) <= 1 for t in self.skills.values())

    @property
    def entries(self) -> tuple[str, ...]:
        """Unheld skills no available module teaches (they can only be declared)."""
        return tuple(sorted(s for s, t in self.skills.items() if not t))


@dataclass(frozen=True, slots=True)
class Solution:
    """Chosen module numbers, entry skills assumed declared, and what was proved."""

    modules: frozenset[int]
    missing: frozenset[str]
    optimal: bool
    lower_bound: float


def region(
    ix: CatalogueIndex, held: frozenset[str] | set[str], done: frozenset[int], goals
) -> Region:
    """Backward reachability from ``goals`` (skill ids) over modules not in ``done``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "abc"], [
    ...     Module("m1", "M1", ("b",), 1, ("a",)), Module("m2", "M2", ("c",), 1, ("b",))], [])
    >>> r = region(index_of(cat), frozenset(), frozenset(), ["c"])
    >>> r.modules, r.entries, r.forced
    ((0, 1), ('a',), True)
    """
    open_goals = sorted({g for g in goals if g not in held})
    skills: dict[str, tuple[int, ...]] = {}
    seen_mods: set[int] = set()
    stack = list(open_goals)
    teachers = ix.teachers
    while stack:
        s = stack.pop()
        if s in skills:
            continue
        ts = tuple(t for t in teachers.get(s, ()) if t not in done)
        skills[s] = ts
        for t in ts:
            if t not in seen_mods:
                seen_mods.add(t)
                stack.extend(r for r in ix.requires[t] if r not in held and r not in skills)
    return Region(tuple(open_goals), tuple(sorted(seen_mods)), skills)


def closure(reg: Region) -> frozenset[int]:
    """Every candidate module of a forced region (they are all needed)."""
    return frozenset(reg.modules)


def solve(
    ix: CatalogueIndex,
    held: frozenset[str],
    done: frozenset[int],
    goals,
    minimize: str = "hours",
    time_limit: float = DEFAULT_TIME_LIMIT,
    tie_break: bool = True,
    method: str = "auto",
    node_budget: int = NODE_BUDGET,
) -> Solution:
    """The best set of modules reaching ``goals`` from ``held`` without the ``done`` ones.

    Parameters
    ----------
    ix : CatalogueIndex
    held : frozenset of str
        Skills the learner holds (declared, or taught by completed modules).
    done : frozenset of int
        Completed module numbers: never chosen again.
    goals : iterable of str
        Skill ids to reach.
    minimize : {"hours", "cost"}
    time_limit : float
        Seconds for the solver in total; the best plan found so far is returned after it.
    tie_break : bool
        Also break ties by the other measure and then by ids (skip for bare values).
    method : {"auto", "search", "milp", "greedy"}
        ``auto``: branch and bound in Python (:mod:`.search`) up to ``node_budget``
        nodes (and a fraction of the time limit), then the integer program on HiGHS
        with the time left; or force one of the two; ``greedy``: no exact step at all
        (a valid plan, ``optimal=False``, for when no time is left).

    Returns
    -------
    Solution
        ``optimal`` is True only when optimality is proved; ``lower_bound`` bounds the
        minimized measure from below.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("big", "Big", ("a", "b"), 5), Module("ma", "A", ("a",), 3),
    ...     Module("mb", "B", ("b",), 3)], [])
    >>> ix = index_of(cat)
    >>> sol = solve(ix, frozenset(), frozenset(), ["a", "b"])
    >>> sorted(ix.module_ids[i] for i in sol.modules), sol.optimal
    (['big'], True)
    """
    deadline = time.monotonic() + time_limit
    w = ix.weights(minimize)
    core, core_missing, covered, choices = forced_core(ix, held, done, goals)
    core_cost = math.fsum(w[i] for i in core)
    if not choices:
        return Solution(frozenset(core), frozenset(core_missing), True, core_cost)
    # what is left: the skills with a choice of teacher, from what the core gives
    rest_held = frozenset(covered | core_missing)
    reg = region(ix, rest_held, done, choices)
    sub = None
    if reg.forced:
        sub = Solution(closure(reg), frozenset(reg.entries), True, 0.0)
    seed = greedy(ix, rest_held, reg, minimize) if sub is None else sub
    if not is_valid(ix, rest_held, reg.goals, seed.modules, seed.missing):  # never expected
        seed = Solution(frozenset(reg.modules), frozenset(reg.entries), False, 0.0)
    if sub is None and method == "greedy":  # no time left: the seed, nothing proved
        sub = Solution(seed.modules, seed.missing, False, simple_bound(ix, reg, minimize))
    small = len(reg.modules) <= SEARCH_MAX_MODULES
    if sub is None and (method == "search" or (method == "auto" and small)):
        from .search import branch_and_bound

        if method == "auto":  # a short search; the integer program gets the rest
            limit = min(SEARCH_SECONDS, time_limit / 4)
            sub = branch_and_bound(ix, reg, minimize, seed, tie_break, node_budget, limit)
        else:
            sub = branch_and_bound(ix, reg, minimize, seed, tie_break, 10**9)
    if sub is None:
        from ._highs import solve_region  # lazy: highspy (and numpy) only for hard cases

        left = max(0.05, deadline - time.monotonic())
        sub = solve_region(ix, rest_held, reg, minimize, left, tie_break, seed)
    chosen = frozenset(core) | sub.modules
    if sub.optimal:
        bound = core_cost + math.fsum(w[i] for i in sub.modules)
    else:
        bound = core_cost + max(sub.lower_bound, simple_bound(ix, reg, minimize))
    return Solution(chosen, frozenset(core_missing) | sub.missing, sub.optimal, bound)


def simple_bound(ix: CatalogueIndex, reg: Region, minimize: str = "hours") -> float:
    """A quick lower bound: goals whose sets of teachers do not overlap each need their
    own module, so the sum of their cheapest teachers is a bound on any plan.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("a1", "A", ("a",), 3), Module("a2", "A", ("a",), 4),
    ...     Module("b1", "B", ("b",), 5)], [])
    >>> ix = index_of(cat)
    >>> simple_bound(ix, region(ix, frozenset(), frozenset(), ["a", "b"]))
    8.0
    """
    w = ix.weights(minimize)
    cheapest = {g: min((w[t] for t in reg.skills[g]), default=0.0) for g in reg.goals}
    used: set[int] = set()
    total = 0.0
    for g in sorted(reg.goals, key=lambda g: (-cheapest[g], g)):
        ts = set(reg.skills[g])
        if ts and not ts & used:
            used |= ts
            total += cheapest[g]
    return total


def forced_core(ix: CatalogueIndex, held, done: frozenset[int], goals):
    """What every plan contains: modules that are the only teacher of a needed skill.

    Starting from the goals, a needed skill that only one module teaches forces that
    module (and its requirements become needed); a needed skill nobody teaches is a
    missing entry skill. Skills with several teachers are left open.

    Returns
    -------
    tuple
        ``(core modules, missing entry skills, skills held or taught by the core,
        open skills with a choice of teacher)``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "abcd"], [
    ...     Module("m1", "M1", ("b",), 1, ("a",)), Module("m2", "M2", ("c",), 1, ("b",)),
    ...     Module("m3", "M3", ("c",), 1), Module("m4", "M4", ("d",), 1, ("c",))], [])
    >>> core, missing, covered, open_ = forced_core(index_of(cat), set(), frozenset(), ["d"])
    >>> sorted(core), sorted(missing), open_
    ([3], [], ['c'])
    """
    covered = set(held)
    core: set[int] = set()
    missing: set[str] = set()
    choices: list[str] = []
    stack = [g for g in goals if g not in covered]
    teachers, requires, teaches = ix.teachers, ix.requires, ix.teaches
    while stack:
        s = stack.pop()
        if s in covered or s in missing:
            continue
        ts = [t for t in teachers.get(s, ()) if t not in done]
        if not ts:
            missing.add(s)
        elif len(ts) == 1:
            t = ts[0]
            core.add(t)
            covered.update(teaches[t])
            stack.extend(r for r in requires[t] if r not in covered)
        else:
            choices.append(s)
    open_ = sorted({s for s in choices if s not in covered})
    return core, missing, covered, open_


def is_valid(ix: CatalogueIndex, held, goals, chosen, declared=()) -> bool:
    """Whether ``chosen`` (module numbers) reaches ``goals`` with ``declared`` extra skills."""
    have = set(held).union(declared)
    for i in chosen:
        have.update(ix.teaches[i])
    if any(g not in have for g in goals):
        return False
    return all(r in have for i in chosen for r in ix.requires[i])


def greedy(ix: CatalogueIndex, held, reg: Region, minimize: str = "hours") -> Solution:
    """A good valid plan fast: cost propagation, extraction, then dropping redundant modules.

    Seeds the exact solver and stands in for it if it finds nothing within its time limit.
    """
    w = ix.weights(minimize)
    w2 = ix.weights("cost" if minimize == "hours" else "hours")
    big = 1.0 + math.fsum(w[i] for i in reg.modules)  # a missing entry costs more than all
    mod_cost: dict[int, float] = {}
    skill_cost: dict[str, float] = {}

    def cost_of(s: str) -> float:
        if s in held:
            return 0.0
        if s not in skill_cost:
            ts = reg.skills.get(s, ())
            skill_cost[s] = min((mod_cost[t] for t in ts), default=big)
        return skill_cost[s]

    for i in sorted(reg.modules, key=ix.topo_rank.__getitem__):
        mod_cost[i] = w[i] + sum(cost_of(r) for r in ix.requires[i])
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


def _needed_entries(ix, held, goals, chosen, declared) -> set[str]:
    taught = {s for i in chosen for s in ix.teaches[i]}
    wanted = set(goals) | {r for i in chosen for r in ix.requires[i]}
    return {s for s in declared if s in wanted and s not in taught and s not in held}


def deadline_left(deadline: float) -> float:
    """Seconds left before ``deadline`` (a ``time.monotonic()`` value), at least 0.01."""
    return max(0.01, deadline - time.monotonic())
