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
   hours (or cost), then the other measure, then earliest ids. Searches run as a
   branch and bound in Python (:mod:`.search`) from the memoised closures; past its
   work budget (a few milliseconds of work) a 0/1 integer program on HiGHS
   (:mod:`._highs`) on the pruned region takes over, with the levels of the order
   folded into one integer objective where that is exact.

Deterministic cut-offs: every exact step is budgeted in work, not time. The search
counts nodes entered and teachers weighed (``node_budget``), HiGHS branch-and-bound
nodes per run (``milp_nodes``); the seconds (``time_limit``) are only a safety net for
a machine far slower than expected. A query cut by its budget therefore stops at the
same point on every run and every machine, and its plan, its ``lower_bound`` and its
``reason`` are the same each time; only a query that reaches the safety net can differ.

An entry skill the learner lacks (no module teaches it) becomes a "declare" variable:
the plan says it is ``missing`` instead of silently dropping the goal.
"""

from __future__ import annotations

import math
import time

from ..index import PlanningIndex
from .contexts import closures_for
from .groups import independent_groups
from .limited import NONE_FITS as _NONE_FITS
from .limited import search_within
from .objective import Objective
from .region import Region, Solution, closure, forced_core, is_valid, region
from .search import search_forced

__all__ = [
    "Objective",
    "Region",
    "Solution",
    "closure",
    "forced_core",
    "is_valid",
    "region",
    "solve",
    "solve_rest",
]

DEFAULT_TIME_LIMIT = 5.0
#: the Python search's work budget (nodes entered plus teachers weighed) before the
#: integer program takes over: a few milliseconds, so a query the search does not
#: settle at once goes to HiGHS early instead of after a fixed time
NODE_BUDGET = 3_000
#: the integer program's work budget per HiGHS run (branch-and-bound nodes)
MILP_NODES = 20_000
#: safety net only: a search still running after this many seconds hands over too
SEARCH_SECONDS = 0.5


def solve(
    ix: PlanningIndex,
    held: frozenset[str],
    done: frozenset[int],
    goals,
    minimize: str | Objective = "hours",
    time_limit: float = DEFAULT_TIME_LIMIT,
    tie_break: bool | str = True,
    method: str = "auto",
    node_budget: int = NODE_BUDGET,
    milp_nodes: int = MILP_NODES,
) -> Solution:
    """The best set of modules reaching ``goals`` from ``held`` without the ``done`` ones.

    Parameters
    ----------
    ix : PlanningIndex
    held : frozenset of str
        Skills the learner holds (declared, or taught by completed modules).
    done : frozenset of int
        Completed module numbers: never chosen again.
    goals : iterable of str
        Skill ids to reach.
    minimize : {"hours", "cost"} or Objective
        The measure, or an :class:`~.objective.Objective` (value at a rate, limits).
    time_limit : float
        Seconds for the solver in total, a safety net: the budgets below stop a hard
        query first, the same way on every run; past the seconds the best plan found so
        far is returned.
    tie_break : bool or "measures"
        Also break ties by the other measure and then by ids (skip for bare values; the
        integer program breaks ties by ids only where they fold into its run, else the
        plan is HiGHS's own deterministic choice among equal ones);
        ``"measures"``: by the other measure only (for totals, where ids do not count).
    method : {"auto", "search", "milp", "greedy"}
        ``auto``: branch and bound in Python (:mod:`.search`) up to ``node_budget``
        units of work, then the integer program on HiGHS; or force one of the two;
        ``greedy``: no exact step at all (a valid plan, ``optimal=False``, for when no
        time is left).
    node_budget : int
        The search's work budget: nodes entered plus teachers weighed.
    milp_nodes : int
        HiGHS's work budget per run: branch-and-bound nodes.

    Returns
    -------
    Solution
        ``optimal`` is True only when optimality is proved; ``lower_bound`` bounds the
        minimized measure from below; ``reason`` says why a plan is not proved (a budget
        or the time ran out, or HiGHS failed to run). With limits, ``feasible=False``
        when no plan keeps them (proved when ``optimal``).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("big", "Big", ("a", "b"), 5, cost=90), Module("ma", "A", ("a",), 3),
    ...     Module("mb", "B", ("b",), 3)], [])
    >>> ix = index_of(cat)
    >>> sol = solve(ix, frozenset(), frozenset(), ["a", "b"])
    >>> sorted(ix.module_ids[i] for i in sol.modules), sol.optimal
    (['big'], True)
    >>> sol = solve(ix, frozenset(), frozenset(), ["a", "b"], Objective("hours", max_cost=50))
    >>> sorted(ix.module_ids[i] for i in sol.modules), sol.lower_bound
    (['ma', 'mb'], 6.0)
    """
    deadline = time.monotonic() + time_limit
    held = held if isinstance(held, frozenset) else frozenset(held)
    done = done if isinstance(done, frozenset) else frozenset(done)
    forced = closures_for(ix, held, done).core(held, goals)
    return solve_rest(
        ix, held, done, forced, minimize, tie_break, method, node_budget, deadline, milp_nodes
    )


def solve_rest(
    ix: PlanningIndex,
    held: frozenset[str],
    done: frozenset[int],
    forced: tuple,
    minimize: str | Objective = "hours",
    tie_break: bool | str = True,
    method: str = "auto",
    node_budget: int = NODE_BUDGET,
    deadline: float | None = None,
    milp_nodes: int = MILP_NODES,
) -> Solution:
    """:func:`solve` from its forced core ``forced`` (as
    :meth:`ForcedClosures.core <learnpath.planning.solver.contexts.ForcedClosures.core>` gives it);
    ``held`` and ``done`` must be frozensets.

    With limits: the forced core over a limit leaves no plan; else the best plan
    without the limits is the answer when it keeps them; otherwise the branch and
    bound within the limits (:mod:`.limited`, with its own work budget) finds the best
    plan that keeps them or proves that none does, and only past its budget does the
    integer program solve with the limits as rows.
    """
    if deadline is None:
        deadline = time.monotonic() + DEFAULT_TIME_LIMIT
    objective = Objective.of(minimize)
    core, core_missing, taught, choices = forced
    if objective.limited and not objective.keeps(ix, core):  # every plan holds the core
        return _NONE_FITS
    if not choices:
        return Solution(core, core_missing, True, objective.total(ix, core))
    free = objective.unlimited() if objective.limited else objective
    grouped = False
    if method == "auto" and not objective.limited and len(choices) > 1:
        groups = independent_groups(closures_for(ix, held, done), choices, core, core_missing, held)
        grouped = len(groups) == 1
        if not grouped:
            return _solve_apart(
                ix,
                held,
                done,
                forced,
                groups,
                objective,
                tie_break,
                node_budget,
                deadline,
                milp_nodes,
            )
    sol = _search_or_milp(
        ix, held, done, forced, free, tie_break, method, node_budget, deadline, milp_nodes, grouped
    )
    if not objective.limited or objective.keeps(ix, sol.modules):
        return sol
    if method == "greedy":  # no time for an exact step: no plan within the limits found
        return Solution(frozenset(), frozenset(), False, sol.lower_bound, False)
    # the best plan breaks a limit: the search within the limits; past its own work
    # budget, the integer program with the limits as rows
    limited = None
    if method in ("auto", "search") and free.missing_first and sol.optimal:
        limited = _search_within(
            ix, held, done, forced, objective, tie_break, method, node_budget, deadline
        )
    if limited is None:
        limited = _solve_region(
            ix, held, done, forced, objective, tie_break, method, deadline, milp_nodes
        )
    if sol.optimal and limited.feasible and not limited.optimal:
        # what no plan beats without the limits, none beats with them
        limited.lower_bound = max(limited.lower_bound, sol.lower_bound)
    return limited


def _search_within(
    ix: PlanningIndex,
    held: frozenset[str],
    done: frozenset[int],
    forced: tuple,
    objective: Objective,
    tie_break: bool | str,
    method: str,
    node_budget: int,
    deadline: float,
) -> Solution | None:
    """The branch and bound within the limits (:mod:`.limited`), with the same work
    budget as the search without them; ``None`` past it, or (never expected) when its
    plan breaks a limit in floats: the integer program then decides."""
    time_limit = max(0.0, deadline - time.monotonic())
    if method == "auto":
        budget, limit = node_budget, min(SEARCH_SECONDS, time_limit / 4)
    else:
        budget, limit = 10**9, math.inf
    closures = closures_for(ix, held, done)
    got = search_within(ix, closures, held, forced, objective, bool(tie_break), budget, limit)
    if got is not None and got.feasible and not objective.keeps(ix, got.modules):
        return None
    return got


def _search_or_milp(
    ix,
    held,
    done,
    forced,
    free,
    tie_break,
    method,
    node_budget,
    deadline,
    milp_nodes,
    grouped=False,
) -> Solution:
    """The best plan without limits: the search first (``auto``: to its work budget),
    then, if it did not settle the query, the integer program (or the greedy plan);
    ``grouped``: the open skills are one group already."""
    sol = None
    if method in ("auto", "search") and free.missing_first:
        closures = closures_for(ix, held, done)
        time_limit = max(0.0, deadline - time.monotonic())
        if method == "auto":  # a short search; the integer program gets the rest
            budget, limit = node_budget, min(SEARCH_SECONDS, time_limit / 4)
        else:
            budget, limit = 10**9, math.inf
        sol = search_forced(
            ix, closures, held, forced, free, bool(tie_break), budget, limit, grouped
        )
    if sol is None:
        sol = _solve_region(ix, held, done, forced, free, tie_break, method, deadline, milp_nodes)
    return sol


def _solve_apart(
    ix, held, done, forced, groups, objective, tie_break, node_budget, deadline, milp_nodes
) -> Solution:
    """Each group of open skills solved on its own (:func:`_search_or_milp`, without
    grouping again), the plans united.

    Groups' reaches share nothing beyond the core (:func:`~.groups.independent_groups`) and a
    plan's key (missing entry skills, measure, tie-breaks) is a sum over what it takes,
    so the best plan is the union of each group's best plan. Each group goes to the
    search first and, only if the search does not settle it within its budget, to the
    integer program: a hard group no longer sends the easy ones to HiGHS with it, and
    HiGHS solves the smaller model of that group alone.
    """
    core, core_missing, taught, _ = forced
    core_weight = objective.total(ix, core)
    modules, missing = set(core), set(core_missing)
    optimal, extra, reason = True, 0.0, ""
    for group in groups:
        sol = _search_or_milp(
            ix, held, done, (core, core_missing, taught, group), objective, tie_break,
            "auto", node_budget, deadline, milp_nodes, True,
        )  # fmt: skip
        modules |= sol.modules
        missing |= sol.missing
        extra += sol.lower_bound - core_weight
        if not sol.optimal:
            optimal, reason = False, reason or sol.reason
    chosen = frozenset(modules)
    bound = objective.total(ix, chosen) if optimal else core_weight + extra
    return Solution(chosen, frozenset(missing), optimal, bound, True, reason)


def _solve_region(
    ix: PlanningIndex,
    held: frozenset[str],
    done: frozenset[int],
    forced: tuple,
    objective: Objective,
    tie_break: bool | str,
    method: str,
    deadline: float,
    milp_nodes: int = MILP_NODES,
) -> Solution:
    """The integer program (or, for ``method="greedy"``, the greedy plan) of what the
    forced core ``forced`` leaves open; the result includes the core."""
    core, core_missing, taught, choices = forced
    core_weight = objective.total(ix, core)
    gained = taught | core_missing
    reg = region(ix, held, done, choices, gained)
    rest_held = held | gained
    room = None
    if objective.limited:
        room = {}
        if objective.max_cost is not None:
            room["cost"] = objective.max_cost - math.fsum([ix.cost[i] for i in core])
        if objective.max_hours is not None:
            room["hours"] = objective.max_hours - math.fsum([ix.hours[i] for i in core])
    if reg.forced:
        sub = Solution(closure(reg), frozenset(reg.entries), True, 0.0)
        if room is not None and not objective.keeps(ix, core | sub.modules):
            return _NONE_FITS
    elif method == "greedy":  # no time left: a good plan, nothing proved
        from .heuristics import simple_bound

        seed = _seed(ix, rest_held, reg, objective)
        sub = Solution(seed.modules, seed.missing, False, simple_bound(ix, reg, objective))
    else:
        from ._highs import solve_region  # lazy: highspy (and numpy) only for hard cases

        left = max(0.05, deadline - time.monotonic())
        seed = _seed(ix, rest_held, reg, objective)
        # a fallback must keep the limits
        fallback = seed if room is None or objective.keeps(ix, core | seed.modules) else None
        sub = solve_region(
            ix, rest_held, reg, objective, left, tie_break, fallback, room, milp_nodes
        )
        if not sub.feasible:
            return sub
    chosen = core | sub.modules
    if sub.optimal:
        bound = core_weight + objective.total(ix, sub.modules)
    else:
        from .heuristics import simple_bound

        bound = core_weight + max(sub.lower_bound, simple_bound(ix, reg, objective))
    reason = "" if sub.optimal else (sub.reason or "no time was left for an exact step")
    return Solution(chosen, core_missing | sub.missing, sub.optimal, bound, True, reason)


def _seed(ix: PlanningIndex, held, reg: Region, objective: Objective) -> Solution:
    """The greedy plan of ``reg`` (checked; the whole region if it were ever invalid)."""
    from .heuristics import greedy

    seed = greedy(ix, held, reg, objective)
    if not is_valid(ix, held, reg.goals, seed.modules, seed.missing):  # never expected
        seed = Solution(frozenset(reg.modules), frozenset(reg.entries), False, 0.0)
    return seed


def __getattr__(name: str):
    """``greedy`` and ``simple_bound`` load on first use (only fallbacks need them)."""
    if name in ("greedy", "simple_bound"):
        from . import heuristics

        return getattr(heuristics, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
