"""The planner: shortest learning paths, niche ranking, explanations and schedules.

Everything here is plain Python over a :class:`learnpath.model.Catalogue`. Plans are
exact: a plan without real choices is the prerequisite closure; choices are settled by
a branch and bound in Python (:mod:`.search`), and only searches too large for it go
to an integer program on HiGHS (:mod:`._highs`, imported only then).

Modules: :mod:`.index` (compact per-catalogue index), :mod:`.region` (forced core,
pruning), :mod:`.heuristics` (greedy seed, quick bound), :mod:`.solve` (dispatch),
:mod:`.search`, :mod:`._highs`, :mod:`.order`, :mod:`.explain`,
:mod:`.planner` (``plan``), :mod:`.ranking` (``rank_niches``), :mod:`.schedule`
(``schedule``, ``to_ical``), :mod:`.render` (Markdown, DOT), :mod:`.result`.

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
