"""``plan()``: the shortest (or cheapest) ordered path from a learner's skills to targets."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from ..errors import LearnpathError, UnknownIdError, closest
from ..model import Catalogue
from .explain import Target, explain
from .index import PlanningIndex, index_of
from .limits import limit_error
from .order import order_modules
from .result import Plan, PlannedModule, TargetCost
from .solver import DEFAULT_TIME_LIMIT, MEASURES, Objective, Solution, closures_for, solve

__all__ = ["plan", "learner_state", "resolve_targets", "query_key", "MEASURES", "PlannerMemo"]

#: what a :class:`PlannedModule` of a module holds whatever the plan, as the fields
#: before its reasons (id, title, hours, cost, teaches, requires) and after them (url,
#: provider): a record is then built by joining three tuples
ModuleFacts = tuple[
    tuple[str, str, float, float, tuple[str, ...], tuple[str, ...]], tuple[str | None, str | None]
]


class PlannerMemo:
    """Per catalogue, what the planner keeps between queries (``ix.memo(PlannerMemo)``).

    Attributes
    ----------
    facts : dict
        Module number -> its :data:`ModuleFacts`, filled as modules are planned.
    skills : tuple or None
        ``(entry skills, taught skills)`` of the catalogue (set on first use): a
        learner's skills less the entry skills are few, and checking them against the
        taught ones checks them all, in one pass over the skills declared.
    """

    __slots__ = ("facts", "skills")

    def __init__(self, ix: PlanningIndex):
        self.facts: dict[int, ModuleFacts] = {}
        self.skills: tuple[frozenset[str], frozenset[str]] | None = None


def _ids(values: Iterable[str] | str | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def query_key(
    have: Iterable[str],
    targets: Iterable[str] = (),
    done: Iterable[str] = (),
    measure: Hashable = "",
) -> tuple:
    """The cache key of a planning query: queries with the same answer share it.

    The one rule every cache of plans uses (the web app's plans and rankings):
    skills held and modules done are sets; targets keep their order with repeats
    dropped (their order is the order of the answer's targets); ``measure`` is what
    the answer minimises or is sorted by (with its limits, if any).

    Examples
    --------
    >>> query_key(["b", "a", "b"], ["y", "x"], ["m"]) == query_key(["a", "b"], ["y", "x"], ["m"])
    True
    >>> query_key([], ["y", "x"]) == query_key([], ["x", "y"])
    False
    """
    return (frozenset(have), tuple(dict.fromkeys(targets)), frozenset(done), measure)


def learner_state(
    catalogue: Catalogue, have: Iterable[str] | str | None, done: Iterable[str] | str | None
) -> tuple[PlanningIndex, frozenset[str], frozenset[int]]:
    """Check ``have`` (skill ids) and ``done`` (module ids); return the index, the held
    skills (declared plus taught by completed modules) and the completed module numbers.

    Raises
    ------
    UnknownIdError
        For any id the catalogue does not know, with the closest existing ids.
    """
    ix = index_of(catalogue)
    if not (isinstance(have, _COLLECTIONS) and isinstance(done, _COLLECTIONS)):
        held, done_set = _learner_state(catalogue, ix, have, done)
        return ix, held, done_set
    # the skills are made a set once, and checked in one pass over it: less the entry
    # skills, the few left must be taught ones. The learner's context of closures is
    # keyed by those few (never by every skill held), so it is found now, with them
    memo = ix.memo(PlannerMemo)
    if memo.skills is None:
        every = frozenset(catalogue.skills)
        memo.skills = (every - ix.taught, ix.taught & every)
    entries, taught = memo.skills
    declared = frozenset(have)
    beyond = declared - entries  # the skills some module teaches, unless unknown
    if not beyond <= taught:  # some skill needs cleaning up, or is unknown
        held, done_set = _learner_state(catalogue, ix, have, done)
        return ix, held, done_set
    held, done_set = _learner_state(catalogue, ix, declared, done, declared)
    if done_set:
        beyond = beyond.union(*[ix.teaches[i] for i in done_set])
    closures_for(ix, held, done_set, beyond)
    return ix, held, done_set


_COLLECTIONS = (list, tuple, set, frozenset)
#: ``tuple.__new__``: a named tuple built from a tuple of its fields, without the
#: Python-level ``__new__`` of its class
_RECORD: Callable[[type, tuple], Any] = tuple.__new__


def _learner_state(
    catalogue, ix, have, done, given: frozenset[str] | None = None
) -> tuple[frozenset[str], frozenset[int]]:
    """The held skills and completed module numbers; ``given`` is ``have`` as a set
    when every one is known to be a skill id as given (no clean-up or check needed)."""
    if not isinstance(have, (list, tuple, set, frozenset, str, type(None))):
        have = list(have)  # read once: an iterator is checked, then cleaned up
    held = given if given is not None else _known(have, catalogue.skills)
    if held is None:
        have_ids = _ids(have)
        bad = {s: closest(s, catalogue.skills) for s in have_ids if s not in catalogue.skills}
        if bad:
            raise UnknownIdError("skill", bad)
        held = frozenset(have_ids)
    if not done:
        return held, frozenset()
    done_ids = _ids(done)
    bad = {m: closest(m, catalogue.modules) for m in done_ids if m not in catalogue.modules}
    if bad:
        raise UnknownIdError("module", bad)
    position, teaches = ix.position, ix.teaches
    done_set = frozenset([position[m] for m in done_ids])
    return held.union(*[teaches[i] for i in done_set]), done_set


def _known(values, known) -> frozenset[str] | None:
    """``values`` as a set when every one is a known id as given (the usual case, checked
    at C speed); ``None`` when some need cleaning up or checking one by one."""
    if not values:
        return frozenset()
    if isinstance(values, str):
        values = (values,)
    if not isinstance(values, (set, frozenset)):
        values = list(values)
    return frozenset(values) if all(map(known.__contains__, values)) else None


def resolve_targets(catalogue: Catalogue, targets: Iterable[str] | str | None) -> list[Target]:
    """Turn niche and skill ids into :class:`Target` objects (niche ids win on a clash)."""
    ids = _ids(targets)
    if not ids:
        raise LearnpathError("give at least one target (a niche id or a skill id)")
    out, bad = [], {}
    for t in ids:
        if t in catalogue.niches:
            out.append(Target(t, "niche", tuple(dict.fromkeys(catalogue.niches[t].requires))))
        elif t in catalogue.skills:
            out.append(Target(t, "skill", (t,)))
        elif t in catalogue.modules:
            taught = ", ".join(catalogue.modules[t].teaches)
            raise LearnpathError(
                f"`{t}` is a module, not a target: target a niche or a skill it teaches ({taught})"
            )
        else:
            bad[t] = closest(t, [*catalogue.niches, *catalogue.skills])
    if bad:
        raise UnknownIdError("target", bad)
    return out


def plan(
    catalogue: Catalogue,
    have: Iterable[str] | str | None,
    targets: Iterable[str] | str,
    done: Iterable[str] | str | None = (),
    minimize: str = "hours",
    time_limit: float = DEFAULT_TIME_LIMIT,
    *,
    max_cost: float | None = None,
    max_hours: float | None = None,
    rate: float | None = None,
) -> Plan:
    """The best ordered plan from skills ``have`` to ``targets`` (niche and/or skill ids).

    Parameters
    ----------
    catalogue : Catalogue
    have : iterable of str
        Skill ids the learner declares.
    targets : iterable of str
        Niche ids (all their skills) and/or skill ids.
    done : iterable of str
        Completed module ids: their skills are held, and they are never planned again.
    minimize : {"hours", "cost", "value"}
        Total to minimize; ``value`` is hours x ``rate`` + cost. Ties go to cost after
        hours and to hours after cost or value, then to the earliest ids.
    time_limit : float
        Seconds the solver may use, a safety net behind its work budgets; after it
        the best plan found is returned with ``optimal=False`` and a ``lower_bound``.
    max_cost, max_hours : float, optional
        Limits on the plan's total cost (USD) and hours, kept exactly (a date at a
        weekly pace is an hours limit: :func:`~learnpath.planning.limits.hours_by`).
    rate : float, optional
        USD per hour, for ``minimize="value"`` (and ``total_value``).

    Returns
    -------
    Plan
        Ordered modules with reasons; ``missing`` lists entry skills (taught by no
        module) the learner lacks and the plan needs, fewest first.

    Raises
    ------
    LimitError
        When no plan keeps the limits: it names the limit that fails and carries the
        plan needing the least of it.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build(
    ...     [Skill("sql", "SQL"), Skill("bi", "Dashboards")],
    ...     [Module("sql-101", "SQL", ("sql",), 10),
    ...      Module("sql-fast", "SQL", ("sql",), 4, cost=90),
    ...      Module("dash", "Dashboards", ("bi",), 6, ("sql",))],
    ...     [Niche("analyst", "Analyst", ("bi",), 0.7)])
    >>> p = plan(cat, have=[], targets=["analyst"])
    >>> [m.id for m in p.modules], p.total_hours, p.optimal
    (['sql-fast', 'dash'], 10.0, True)
    >>> p.modules[0].why
    'teaches sql, needed by dash, needed by niche analyst'
    >>> [m.id for m in plan(cat, [], ["analyst"], max_cost=50).modules]
    ['sql-101', 'dash']
    >>> [m.id for m in plan(cat, [], ["analyst"], minimize="value", rate=5).modules]
    ['sql-101', 'dash']
    >>> plan(cat, [], ["analyst"], minimize="value", rate=20).total_value
    290.0
    >>> plan(cat, [], ["analyst"], max_hours=8)
    Traceback (most recent call last):
    ...
    learnpath.errors.LimitError: no plan within 8 h: the fastest plan needs 10 h ($90)
    """
    objective = Objective(minimize, rate, max_cost, max_hours)
    tgts = resolve_targets(catalogue, targets)
    ix, held, done_set = learner_state(catalogue, have, done)
    goals = list(dict.fromkeys(s for t in tgts for s in t.skills))
    sol = solve(ix, held, done_set, goals, objective, time_limit)
    if not sol.feasible:
        sol = _least_or_raise(catalogue, ix, tgts, held, done_set, goals, objective, time_limit)
    ex = explain(ix, sol.modules, held, sol.missing, tgts)
    per_target: tuple[TargetCost, ...] = ()
    if len(tgts) > 1:
        per_target = _per_target(ix, tgts, ex, sol)
    return _assemble(catalogue, ix, tgts, held, goals, sol, objective, ex, per_target)


def _assemble(
    catalogue, ix, tgts, held, goals, sol, objective: Objective, ex=None, per_target=()
) -> Plan:
    """The :class:`Plan` of a solution: ordered, with reasons."""
    if ex is None:
        ex = explain(ix, sol.modules, held, sol.missing, tgts)
    sequence = order_modules(ix, sol.modules, held, ex.serves, sol.missing)
    facts = ix.memo(PlannerMemo).facts
    why, serves, needs = ex.why, ex.serves, ex.needs_missing
    modules: list[PlannedModule] = []
    add, record = modules.append, _RECORD  # PlannedModule(*fields), in one step
    for i in sequence:
        st = facts.get(i)
        if st is None:
            st = facts[i] = _facts(catalogue, ix, i)
        add(record(PlannedModule, st[0] + (why[i], serves.get(i, ()), needs.get(i, ())) + st[1]))
    hours, cost = ix.hours, ix.cost
    return Plan(
        targets=tuple(t.id for t in tgts),
        modules=tuple(modules),
        total_hours=math.fsum([hours[i] for i in sol.modules]),
        total_cost=math.fsum([cost[i] for i in sol.modules]),
        optimal=sol.optimal,
        lower_bound=sol.lower_bound,
        missing=tuple(sorted(sol.missing)),
        minimize=objective.minimize,
        target_skills=tuple(goals),
        already_held=tuple(t.id for t in tgts if all(s in held for s in t.skills)),
        unreachable=tuple(t.id for t in tgts if t.id in ex.blocked),
        rate=objective.rate,
        max_cost=objective.max_cost,
        max_hours=objective.max_hours,
        per_target=per_target,
        reason="" if sol.optimal else sol.reason,
    )


def _per_target(ix, tgts, ex, sol) -> tuple[TargetCost, ...]:
    """What each target adds to the plan: the hours and cost of its modules that serve
    no other target (``ex.serves``), read off the one plan, with no solve of its own.

    Dropping a target saves at least that much: the plan without those modules still
    reaches every other target (each of their chains runs through modules serving them),
    so the others' best plan costs at most the rest. When a target's skills share no
    module with the others' (the usual case), it is exactly what dropping it saves.
    """
    serves, hours, cost = ex.serves, ix.hours, ix.cost
    own: dict[str, list[int]] = {t.id: [] for t in tgts}
    for i in sol.modules:
        served = serves.get(i, ())
        if len(served) == 1:
            own[served[0]].append(i)
    return tuple(
        TargetCost(
            t.id,
            t.kind,
            round(math.fsum([hours[i] for i in own[t.id]]), 9),
            round(math.fsum([cost[i] for i in own[t.id]]), 9),
            ex.blocked.get(t.id, ()),
        )
        for t in tgts
    )


def _least_or_raise(catalogue, ix, tgts, held, done_set, goals, objective, time_limit):
    """No plan within the limits was found: raise a :class:`LimitError` naming the limit
    that fails and the plan needing the least of it; or, when the solver only ran out
    of time and that plan keeps every limit, return it (``optimal=False``)."""
    singles = [("max_cost", "cost", objective.max_cost)]
    singles.append(("max_hours", "hours", objective.max_hours))
    for limit, measure, value in singles:  # first a limit that fails on its own
        if value is None:
            continue
        cheapest = Objective(measure, missing_first=False)
        least = solve(ix, held, done_set, goals, cheapest, time_limit)
        if least.feasible and objective.keeps(ix, least.modules):
            return _unproved(least)
        if not Objective(**{limit: value}).keeps(ix, least.modules):
            shown = _assemble(catalogue, ix, tgts, held, goals, least, Objective(measure))
            raise limit_error(limit, value, shown, proved=least.optimal)
    # each limit alone leaves plans, both together none: the cheapest within the hours
    least = solve(ix, held, done_set, goals, objective.least("cost"), time_limit)
    if least.feasible and objective.keeps(ix, least.modules):
        return _unproved(least)
    within = objective.max_hours
    if not least.feasible:  # out of time before any plan within the hours: the cheapest
        least = solve(ix, held, done_set, goals, Objective("cost", missing_first=False), 0.0)
        within = None
    shown = _assemble(catalogue, ix, tgts, held, goals, least, Objective("cost"))
    raise limit_error("max_cost", objective.max_cost, shown, within, proved=least.optimal)


def _unproved(sol: Solution) -> Solution:
    """``sol`` kept as a plan within the limits, not proved the best."""
    return Solution(sol.modules, sol.missing, False, 0.0)


def _facts(catalogue: Catalogue, ix: PlanningIndex, i: int) -> ModuleFacts:
    """What a :class:`PlannedModule` of module ``i`` holds whatever the plan."""
    m = catalogue.modules[ix.module_ids[i]]
    return (
        (m.id, m.title, float(m.hours), float(m.cost or 0.0), tuple(m.teaches), tuple(m.requires)),
        (m.url, m.provider),
    )
