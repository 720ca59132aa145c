"""The planner: shortest learning paths, niche ranking, explanations and schedules.

Everything here is plain Python over a :class:`learnpath.model.Catalogue`. Plans are
exact: a plan without real choices is the prerequisite closure; choices are settled by
a branch and bound in Python (:mod:`.search`), and only searches too large for it go
to an integer program on HiGHS (:mod:`._highs`, imported only then).

Modules: :mod:`.index` (compact per-catalogue index), :mod:`.solver` (the exact
solver: forced core, search, integer program, objectives and limits), :mod:`.order`,
:mod:`.explain`, :mod:`.planner` (``plan``, with money and time limits and the value
of an hour), :mod:`.limits` (a date at a weekly pace as an hours limit), :mod:`.bounded` (what a
learner asks of a plan: ``PlanLimits``, ``plan_within``),
:mod:`.ranking` (``rank_niches``), :mod:`.fit` (fit and the personal order),
:mod:`.comparison` (``compare``), :mod:`.scheduling` (``schedule``, ``to_ical``),
:mod:`.render` (Markdown, DOT), :mod:`.result`.

Examples
--------
>>> from learnpath.model import Catalogue, Module, Niche, Skill
>>> from learnpath.planning import plan, rank_niches
>>> cat = Catalogue.build(
...     [Skill("sql", "SQL"), Skill("bi", "Dashboards")],
...     [Module("sql-101", "SQL", ("sql",), 10), Module("dash", "Dash", ("bi",), 6, ("sql",))],
...     [Niche("analyst", "Data analyst", ("bi",), 0.7)])
>>> [m.id for m in plan(cat, have=[], targets=["analyst"]).modules]
['sql-101', 'dash']
>>> [(r.id, r.hours_to_ready) for r in rank_niches(cat, have=["sql"])]
[('analyst', 6.0)]
"""

from .planner import MEASURES, plan, query_key
from .result import NicheRank, Plan, PlannedModule, Schedule, ScheduledModule, TargetCost

# ranking and schedules load on first use: `learnpath path` needs neither
_LAZY = {
    "SORTS": "ranking",
    "rank_niches": "ranking",
    "pareto_fronts": "ranking",
    "ORDER": "fit",
    "compare": "comparison",
    "Comparison": "comparison",
    "ComparedNiche": "comparison",
    "schedule": "scheduling",
    "to_ical": "scheduling",
    "sessions": "scheduling",
    "parse_days": "scheduling",
    "parse_time": "scheduling",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MEASURES",
    "ORDER",
    "SORTS",
    "NicheRank",
    "Plan",
    "PlannedModule",
    "Schedule",
    "ScheduledModule",
    "TargetCost",
    "Comparison",
    "ComparedNiche",
    "compare",
    "plan",
    "query_key",
    "rank_niches",
    "schedule",
    "to_ical",
    "sessions",
    "parse_days",
    "parse_time",
]
