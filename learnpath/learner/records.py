"""The values the learner use cases return: views, plans, progress, and their errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from learnpath.errors import LearnpathError
from learnpath.model import Catalogue
from learnpath.planning import Plan
from learnpath.store import LearnerState

__all__ = [
    "LearnerView",
    "LearnerPlan",
    "GoalProgress",
    "LearnerProgress",
    "NoGoalError",
    "GoalLimitError",
]


class NoGoalError(LearnpathError):
    """The learner has no goal in the catalogue, so there is nothing to plan for.

    ``view`` is what was read of the learner (their stale ids, for instance).
    """

    def __init__(self, view: LearnerView):
        self.view = view
        super().__init__(
            f"`{view.name}` has no goal in the catalogue: add one with `learnpath goals add NICHE`"
        )


class GoalLimitError(LearnpathError):
    """A new goal would take the learner beyond :data:`MAX_GOALS`."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"you can have at most {limit} goals: remove one first")


@dataclass(frozen=True)
class LearnerView:
    """A learner as the planner sees them, and what of theirs it leaves out.

    ``have`` (the skills planning starts from: declared, and taught by the modules the
    learner already knows), ``done`` (completed modules) and ``goals`` (niches, in the
    order added) hold catalogue ids only; ``declared`` are the declared skills alone and
    ``known`` the modules recorded as "I already know this" (prior learning, not
    completions); ``held`` adds to ``have`` every skill the completed modules teach;
    ``stale`` maps ``"skills"``, ``"goals"``, ``"completions"`` and ``"prior_learning"``
    to the stored ids the catalogue no longer has. ``now`` is the occupation they do
    now, as stored (a code), or None. ``name`` is ``None`` for an anonymous visitor.
    """

    name: str | None
    have: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    held: frozenset[str] = frozenset()
    stale: dict[str, list[str]] = field(default_factory=dict)
    declared: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    now: str | None = None

    @classmethod
    def of(cls, catalogue: Catalogue, state: LearnerState) -> LearnerView:
        """The view of a stored learner's state over ``catalogue``."""
        declared = tuple(s for s in state.skills if s in catalogue.skills)
        known = tuple(m for m in state.prior_learning if m in catalogue.modules)
        have = _with_known(catalogue, declared, known)
        done = tuple(c.module for c in state.completions if c.module in catalogue.modules)
        goals = tuple(g for g in state.goals if g in catalogue.niches)
        stale = {
            "skills": [s for s in state.skills if s not in catalogue.skills],
            "goals": [g for g in state.goals if g not in catalogue.niches],
            "completions": [
                c.module for c in state.completions if c.module not in catalogue.modules
            ],
            "prior_learning": [m for m in state.prior_learning if m not in catalogue.modules],
        }
        held = _held(catalogue, have, done)
        return cls(state.name, have, done, goals, held, stale, declared, known, state.now)

    @classmethod
    def visitor(
        cls, catalogue: Catalogue, skills: Iterable[str], known: Iterable[str] = ()
    ) -> LearnerView:
        """An anonymous visitor who picked ``skills`` and said they already know the
        modules ``known`` (unknown ids are left out)."""
        declared = tuple(s for s in skills if s in catalogue.skills)
        modules = tuple(m for m in known if m in catalogue.modules)
        have = _with_known(catalogue, declared, modules)
        return cls(None, have, held=frozenset(have), declared=declared, known=modules)


def _with_known(
    catalogue: Catalogue, declared: tuple[str, ...], known: tuple[str, ...]
) -> tuple[str, ...]:
    """The declared skills, then those the known modules teach (each once)."""
    out = dict.fromkeys(declared)
    for m in known:
        out.update(dict.fromkeys(catalogue.modules[m].teaches))
    return tuple(out)


def _held(catalogue: Catalogue, have: Iterable[str], done: Iterable[str]) -> frozenset[str]:
    held = set(have)
    for m in done:
        held.update(catalogue.modules[m].teaches)
    return frozenset(held)


@dataclass(frozen=True)
class LearnerPlan:
    """A learner's plan (:class:`learnpath.planning.Plan`) with the view it was made from."""

    view: LearnerView
    plan: Plan


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """How far a learner is towards one goal (a niche of the catalogue).

    ``hours_done`` sums the completed modules that teach a skill the goal needs (directly
    or as a prerequisite); ``hours_left`` is the total of the current optimal plan;
    ``percent`` is ``hours_done / (hours_done + hours_left)``; ``ready`` is true when
    nothing is left to learn and no entry skill is missing.
    """

    goal: str
    hours_done: float
    hours_left: float
    percent: float
    ready: bool
    name: str | None = None
    missing: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        """The JSON of ``learnpath progress --json`` and ``GET /api/v1/me/progress``."""
        return {
            "goal": self.goal,
            "hours_done": self.hours_done,
            "hours_left": self.hours_left,
            "percent": self.percent,
            "ready": self.ready,
        }


@dataclass(frozen=True)
class LearnerProgress:
    """A learner's progress per goal, with the view it was computed from."""

    view: LearnerView
    goals: tuple[GoalProgress, ...]
