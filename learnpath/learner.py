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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from learnpath import planning
from learnpath.errors import LearnpathError
from learnpath.formatting import number
from learnpath.model import Catalogue
from learnpath.planning import Plan
from learnpath.store import ItemInfo, LearnerState, ProgressStore
from learnpath.store.formats import parse_export

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
    "goal_progress",
    "progress",
    "replace_skills",
    "add_goal",
    "import_learner",
]

#: Most goals one learner may have (each goal adds a solve to every plan and progress).
MAX_GOALS = 20

#: ``(have, targets, done, minimize) -> Plan`` over one catalogue: :func:`learnpath.planning.plan`,
#: or a cache in front of it (the web passes its own).
Planner = Callable[[Sequence[str], Sequence[str], Sequence[str], str], Plan]


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

    ``have`` (declared skills), ``done`` (completed modules) and ``goals`` (niches, in
    the order added) hold catalogue ids only; ``held`` adds to ``have`` every skill the
    completed modules teach; ``stale`` maps ``"skills"``, ``"goals"`` and
    ``"completions"`` to the stored ids the catalogue no longer has. ``name`` is
    ``None`` for an anonymous visitor.
    """

    name: str | None
    have: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    held: frozenset[str] = frozenset()
    stale: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalogue: Catalogue, state: LearnerState) -> LearnerView:
        """The view of a stored learner's state over ``catalogue``."""
        have = tuple(s for s in state.skills if s in catalogue.skills)
        done = tuple(c.module for c in state.completions if c.module in catalogue.modules)
        goals = tuple(g for g in state.goals if g in catalogue.niches)
        stale = {
            "skills": [s for s in state.skills if s not in catalogue.skills],
            "goals": [g for g in state.goals if g not in catalogue.niches],
            "completions": [
                c.module for c in state.completions if c.module not in catalogue.modules
            ],
        }
        return cls(state.name, have, done, goals, _held(catalogue, have, done), stale)

    @classmethod
    def visitor(cls, catalogue: Catalogue, skills: Iterable[str]) -> LearnerView:
        """An anonymous visitor who picked ``skills`` (unknown ids are left out)."""
        have = tuple(s for s in skills if s in catalogue.skills)
        return cls(None, have, held=frozenset(have))


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


def query_key(
    have: Iterable[str], targets: Iterable[str] = (), done: Iterable[str] = (), measure: str = ""
) -> tuple:
    """The cache key of a planning query: queries with the same answer share it.

    Skills held and modules done are sets (sorted unique ids); targets keep their order,
    repeats dropped (their order is the order of the answer's targets); ``measure`` is
    what the answer minimises or is sorted by.

    Examples
    --------
    >>> query_key(["b", "a", "b"], ["y", "x", "y"], ["m"], "hours")
    (('a', 'b'), ('y', 'x'), ('m',), 'hours')
    >>> query_key(["a", "b"], ["y", "x"]) == query_key(["b", "a"], ["y", "x"])
    True
    """
    return (
        tuple(sorted(set(have))),
        tuple(dict.fromkeys(targets)),
        tuple(sorted(set(done))),
        measure,
    )


def _planner(catalogue: Catalogue, time_limit: float | None) -> Planner:
    """:func:`learnpath.planning.plan` over ``catalogue`` (with its default time limit)."""
    limit = {} if time_limit is None else {"time_limit": time_limit}

    def make(have, targets, done, minimize) -> Plan:
        return planning.plan(
            catalogue, list(have), list(targets), done=list(done), minimize=minimize, **limit
        )

    return make


def view(catalogue: Catalogue, store: ProgressStore, learner: str | None) -> LearnerView:
    """What ``learner`` has, did and aims for, and their stale ids (one read of the store).

    ``learner`` is a name, or ``None`` for the only learner there is.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL"), Skill("bi", "BI")],
    ...                       [Module("sql-101", "SQL", ("sql",), 10)], [])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_skills("ana", ["bi"])
    >>> _ = store.mark_done("ana", ["sql-101"])
    >>> mine = view(cat, store, None)
    >>> mine.name, mine.have, mine.done, sorted(mine.held)
    ('ana', ('bi',), ('sql-101',), ['bi', 'sql'])
    >>> view(Catalogue.build([Skill("sql", "SQL")], [], []), store, "ana").stale
    {'skills': ['bi'], 'goals': [], 'completions': ['sql-101']}
    >>> store.close()
    """
    return LearnerView.of(catalogue, store.state(learner))


def plan(
    catalogue: Catalogue,
    store: ProgressStore,
    learner: str | None,
    minimize: str = "hours",
    *,
    time_limit: float | None = None,
    planner: Planner | None = None,
) -> LearnerPlan:
    """The optimal plan from the learner's skills and completions to all their goals.

    The same plan ``learnpath path`` gives for those skills, completions and goals;
    completed modules are never planned again, stale ids are left out.

    Parameters
    ----------
    minimize : {"hours", "cost"}
        What the plan keeps smallest.
    time_limit : float, optional
        Seconds the exact solver may use (default: the planner's).
    planner : Planner, optional
        Makes the plan instead of :func:`learnpath.planning.plan` (a cache in front of
        it, say); ``time_limit`` is then the planner's business.

    Raises
    ------
    NoGoalError
        When the learner has no goal in the catalogue.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10)],
    ...                       [Niche("analyst", "Analyst", ("sql",), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana")
    >>> plan(cat, store, "ana")
    Traceback (most recent call last):
    learnpath.learner.NoGoalError: `ana` has no goal in the catalogue: add one with ...
    >>> _ = store.add_goals("ana", ["analyst"])
    >>> plan(cat, store, "ana").plan.to_dict()["total_hours"]
    10
    >>> store.close()
    """
    mine = view(catalogue, store, learner)
    if not mine.goals:
        raise NoGoalError(mine)
    make = planner or _planner(catalogue, time_limit)
    return LearnerPlan(mine, make(mine.have, mine.goals, mine.done, minimize))


def goal_progress(
    catalogue: Catalogue, mine: LearnerView, planner: Planner | None = None
) -> tuple[GoalProgress, ...]:
    """For each of the view's goals: hours done, hours left, percent, ready.

    Hours done are the hours of completed modules that teach a skill the goal needs
    (directly or as a prerequisite); hours left are those of the goal's optimal plan.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...                       [Module("m1", "M1", ("a",), 10), Module("m2", "M2", ("b",), 30)],
    ...                       [Niche("n", "N", ("a", "b"), 0.5)])
    >>> [p.to_dict() for p in goal_progress(cat, LearnerView("ana", done=("m1",), goals=("n",)))]
    [{'goal': 'n', 'hours_done': 10, 'hours_left': 30, 'percent': 25.0, 'ready': False}]
    """
    make = planner or _planner(catalogue, None)
    out = []
    for goal in mine.goals:
        result = make(mine.have, (goal,), mine.done, "hours")
        needed = catalogue.needed_skills(catalogue.niches[goal].requires)
        hours_done = sum(
            catalogue.modules[m].hours
            for m in mine.done
            if set(catalogue.modules[m].teaches) & needed
        )
        hours_left = float(result.total_hours)
        total = hours_done + hours_left
        missing = tuple(result.missing)
        ready = not result.modules and not missing
        percent = 100.0 * hours_done / total if total > 0 else 100.0 if ready else 0.0
        out.append(
            GoalProgress(
                goal=goal,
                hours_done=number(hours_done, 2),
                hours_left=number(hours_left, 2),
                percent=round(percent, 1),
                ready=ready,
                name=catalogue.niches[goal].name,
                missing=missing,
            )
        )
    return tuple(out)


def progress(
    catalogue: Catalogue,
    store: ProgressStore,
    learner: str | None,
    *,
    planner: Planner | None = None,
) -> LearnerProgress:
    """The learner's progress towards each goal still in the catalogue (see
    :func:`goal_progress`); no goal gives an empty ``goals``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10)],
    ...                       [Niche("analyst", "Analyst", ("sql",), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_goals("ana", ["analyst"])
    >>> _ = store.mark_done("ana", ["sql-101"])
    >>> [(p.goal, p.percent, p.ready) for p in progress(cat, store, "ana").goals]
    [('analyst', 100.0, True)]
    >>> store.close()
    """
    mine = view(catalogue, store, learner)
    return LearnerProgress(mine, goal_progress(catalogue, mine, planner))


def replace_skills(
    store: ProgressStore, learner: str | None, skills: Iterable[str]
) -> list[ItemInfo]:
    """Make ``skills`` the learner's declared skills (adding and withdrawing as needed);
    return the declared skills, sorted by id.

    Raises
    ------
    UnknownIdError
        When a skill is not in the store's catalogue (nothing is changed).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL"), Skill("bi", "BI")], [], [])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_skills("ana", ["sql"])
    >>> [i.id for i in replace_skills(store, "ana", ["bi", "bi"])]
    ['bi']
    >>> store.close()
    """
    wanted = list(dict.fromkeys(skills))
    stored = [i.id for i in store.list_skills(learner)]
    if wanted:
        store.add_skills(learner, wanted)
    gone = [s for s in stored if s not in wanted]
    if gone:
        store.remove_skills(learner, gone)
    return store.list_skills(learner)


def add_goal(store: ProgressStore, learner: str | None, niche: str, limit: int = MAX_GOALS) -> bool:
    """Add ``niche`` to the learner's goals; True when it is new (re-adding one is fine).

    Raises
    ------
    GoalLimitError
        When the learner already has ``limit`` goals (stale ones count: they are kept).
    UnknownIdError
        When ``niche`` is not a niche of the store's catalogue.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Niche, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [],
    ...                       [Niche(n, n.upper(), ("sql",), 0.5) for n in ("bi", "dba", "etl")])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana")
    >>> [add_goal(store, "ana", n, limit=2) for n in ("bi", "dba", "bi")]
    [True, True, False]
    >>> add_goal(store, "ana", "etl", limit=2)
    Traceback (most recent call last):
    learnpath.learner.GoalLimitError: you can have at most 2 goals: remove one first
    >>> store.close()
    """
    goals = [g.id for g in store.list_goals(learner)]
    if niche not in goals and len(goals) >= limit:
        raise GoalLimitError(limit)
    return store.add_goals(learner, [niche])[niche]


def import_learner(
    store: ProgressStore, data: object, *, replace: bool = False, name: str | None = None
) -> str:
    """Restore an export written by ``learnpath export``; return the learner's name.

    Parameters
    ----------
    data : dict
        The export, parsed from JSON.
    replace : bool
        Overwrite the state of an existing learner of that name.
    name : str, optional
        Import the export as learner ``name``'s whole state, whoever it was exported
        from (their skills, goals and completions are replaced; their account is kept).

    Raises
    ------
    InvalidLearnerDataError
        When ``data`` is not a valid export.
    LearnerExistsError
        When the learner exists and neither ``replace`` nor ``name`` is given.

    Examples
    --------
    >>> from learnpath.store import ProgressStore
    >>> store = ProgressStore("sqlite:///:memory:")
    >>> _ = store.add_learner("ana"), store.add_skills("ana", ["sql"])
    >>> _ = store.add_learner("bo")
    >>> import_learner(store, store.export_learner("ana"), name="bo")
    'bo'
    >>> store.state("bo").skills
    ('sql',)
    >>> store.close()
    """
    if name is None:
        return store.import_learner(data, replace=replace)
    if isinstance(data, dict) and isinstance(data.get("learner"), dict):
        data = {**data, "learner": {**data["learner"], "name": name}}
    return store.import_learner(parse_export(data), replace=True)
