"""The learner use cases: what a stored learner has, their plan, their progress, their edits.

Plain functions over a :class:`~learnpath.model.Catalogue` and a
:class:`~learnpath.store.ProgressStore`. The CLI, the web pages and the JSON API parse
their input, call one of these and render what it returns: ``learnpath plan``,
``GET /api/v1/me/plan`` and the ``/plan`` page all reach a learner's plan through
:func:`plan`. Ids the catalogue no longer has stay stored, are reported as ``stale``
and are left out of planning.

Examples
--------
>>> from learnpath.model import Catalogue, Module, Niche, Skill
>>> from learnpath.store import ProgressStore
>>> cat = Catalogue.build(
...     [Skill("sql", "SQL"), Skill("stats", "Statistics")],
...     [Module("sql-101", "SQL basics", teaches=("sql",), hours=10)],
...     [Niche("analyst", "Analyst", requires=("sql", "stats"), resilience=0.6)],
... )
>>> store = ProgressStore("sqlite:///:memory:", cat)
>>> _ = store.add_learner("ana")
>>> [i.id for i in replace_skills(store, "ana", ["stats"])], add_goal(store, "ana", "analyst")
(['stats'], True)
>>> mine = plan(cat, store, "ana")
>>> [m.id for m in mine.plan.modules], mine.plan.total_hours, mine.view.goals
(['sql-101'], 10.0, ('analyst',))
>>> store.close()
"""

from __future__ import annotations

from .cases import (
    MAX_GOALS,
    Planner,
    add_goal,
    goal_progress,
    import_learner,
    plan,
    plan_limits,
    progress,
    query_key,
    replace_skills,
    reset_to_seed,
    set_plan_preference,
    view,
)
from .changes import PlanDiff, Replacement, plan_diff
from .commitments import (
    PACE_PRIOR,
    GoalStatus,
    LearnerStatus,
    NoCommitmentError,
    WeekHours,
    commit,
    fingerprint,
    pace,
    status,
    weekly_hours,
)
from .from_text import (
    NothingAskedError,
    TextPlan,
    UnknownRoleError,
    declare_skills,
    mark_known,
    match,
    placement,
    plan_from_text,
    role_skills,
    unmark_known,
)
from .options import (
    CurrentWork,
    LearnerComparison,
    NicheList,
    Ranker,
    compare,
    current_work,
    niches,
    set_now,
)
from .records import (
    GoalLimitError,
    GoalProgress,
    LearnerPlan,
    LearnerProgress,
    LearnerView,
    NoGoalError,
)

__all__ = [
    "MAX_GOALS",
    "Planner",
    "LearnerView",
    "LearnerPlan",
    "GoalProgress",
    "LearnerProgress",
    "NoGoalError",
    "GoalLimitError",
    "query_key",
    "view",
    "plan",
    "plan_limits",
    "set_plan_preference",
    "goal_progress",
    "progress",
    "replace_skills",
    "add_goal",
    "import_learner",
    "TextPlan",
    "NothingAskedError",
    "UnknownRoleError",
    "match",
    "plan_from_text",
    "role_skills",
    "placement",
    "declare_skills",
    "mark_known",
    "unmark_known",
    "reset_to_seed",
    "Ranker",
    "CurrentWork",
    "NicheList",
    "LearnerComparison",
    "current_work",
    "niches",
    "compare",
    "set_now",
    "PACE_PRIOR",
    "GoalStatus",
    "LearnerStatus",
    "NoCommitmentError",
    "PlanDiff",
    "Replacement",
    "WeekHours",
    "commit",
    "fingerprint",
    "pace",
    "plan_diff",
    "status",
    "weekly_hours",
]
