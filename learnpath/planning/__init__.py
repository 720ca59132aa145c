"""The planner: shortest learning paths, niche ranking, explanations and schedules.

Everything here is plain Python over a :class:`learnpath.model.Catalogue`; the exact
solver (HiGHS) is imported only when a plan has real alternatives to choose between.

Examples
--------
>>> from learnpath.model import Catalogue, Module, Niche, Skill
>>> cat = Catalogue.build(
...     [Skill("sql", "SQL"), Skill("bi", "Dashboards")],
...     [Module("sql-101", "SQL", ("sql",), 10), Module("dash", "Dash", ("bi",), 6, ("sql",))],
...     [Niche("analyst", "Data analyst", ("bi",), 0.7)])
>>> [m.id for m in plan(cat, have=[], targets=["analyst"]).modules]
['sql-101', 'dash']
>>> [(r.id, r.hours_to_ready) for r in rank_niches(cat, have=["sql"])]
[('analyst', 6.0)]
"""

from .planner import MEASURES, plan
from .ranking import SORTS, rank_niches
from .result import NicheRank, Plan, PlannedModule, Schedule, ScheduledModule, TargetCost
from .schedule import schedule, to_ical

__all__ = [
    "MEASURES",
    "SORTS",
    "NicheRank",
    "Plan",
    "PlannedModule",
    "Schedule",
    "ScheduledModule",
    "TargetCost",
    "plan",
    "rank_niches",
    "schedule",
    "to_ical",
]
