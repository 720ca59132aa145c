"""What a learner's stored state means for planning: their plan and progress per goal.

Pure functions over a :class:`~learnpath.model.Catalogue` and a
:class:`~learnpath.store.records.LearnerState`; :class:`~learnpath.store.ProgressStore`
reads the state and calls them.
"""

from __future__ import annotations

from learnpath.errors import LearnpathError
from learnpath.model import Catalogue

from .records import GoalProgress, LearnerState

__all__ = ["planner_inputs", "learner_plan", "goal_progress"]


def planner_inputs(cat: Catalogue, state: LearnerState) -> tuple[list[str], list[str], list[str]]:
    """``(have, done, goals)`` for the planner: catalogue ids only.

    ``have`` are the declared skills, ``done`` the completed modules, ``goals`` the niches
    (in the order added); ids the catalogue no longer has are left out.
    """
    have = [s for s in state.skills if s in cat.skills]
    done = [c.module for c in state.completions if c.module in cat.modules]
    goals = [g for g in state.goals if g in cat.niches]
    return have, done, goals


def learner_plan(cat: Catalogue, state: LearnerState, minimize: str = "hours"):
    """The optimal plan from the learner's skills and completions to all their goals.

    Returns
    -------
    learnpath.planning.Plan
        The same plan ``learnpath path`` prints for these inputs.

    Raises
    ------
    LearnpathError
        When the learner has no goal in the catalogue.
    """
    from learnpath.planning import plan

    have, done, goals = planner_inputs(cat, state)
    if not goals:
        raise LearnpathError(
            f"`{state.name}` has no goal in the catalogue: add one with `learnpath goals add NICHE`"
        )
    return plan(cat, have, goals, done=done, minimize=minimize)


def goal_progress(cat: Catalogue, state: LearnerState) -> list[GoalProgress]:
    """For each goal still in the catalogue: hours done, hours left, percent, ready.

    Hours done are the hours of completed modules that teach a skill the goal needs
    (directly or as a prerequisite); hours left are those of the current optimal plan.
    """
    from learnpath.planning import plan

    have, done, goals = planner_inputs(cat, state)
    out = []
    for goal in goals:
        result = plan(cat, have, [goal], done=done)
        needed = cat.needed_skills(cat.niches[goal].requires)
        hours_done = sum(cat.modules[m].hours for m in done if set(cat.modules[m].teaches) & needed)
        hours_left = float(result.total_hours)
        total = hours_done + hours_left
        missing = tuple(result.missing)
        ready = not result.modules and not missing
        percent = 100.0 * hours_done / total if total > 0 else 100.0 if ready else 0.0
        out.append(
            GoalProgress(
                goal=goal,
                hours_done=_round(hours_done),
                hours_left=_round(hours_left),
                percent=round(percent, 1),
                ready=ready,
                name=cat.niches[goal].name,
                missing=missing,
            )
        )
    return out


def _round(x: float) -> float:
    r = round(float(x), 2)
    return int(r) if r.is_integer() else r
