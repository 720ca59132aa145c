"""The learner use cases: plain functions over a catalogue and a progress store.

Each reads and writes through the store's methods, plans through a :data:`Planner`
(:func:`learnpath.planning.plan`, or a cache in front of it) and returns the values of
:mod:`.records`; the adapters render those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from learnpath import planning
from learnpath.formatting import number
from learnpath.model import Catalogue
from learnpath.planning import Plan, query_key
from learnpath.planning.bounded import PlanLimits, plan_within
from learnpath.store import ItemInfo, ProgressStore
from learnpath.store import limits as store_limits
from learnpath.store.errors import LimitError
from learnpath.store.formats import parse_export

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
    "reset_to_seed",
]

#: Most goals one learner may have (each goal adds a solve to every plan and progress);
#: the store checks it in the transaction that adds a goal.
MAX_GOALS = store_limits.MAX_GOALS

#: ``(have, targets, done, minimize) -> Plan`` over one catalogue: :func:`learnpath.planning.plan`,
#: or a cache in front of it (the web passes its own); ``minimize`` is a measure or
#: :class:`~learnpath.planning.bounded.PlanLimits`.
Planner = Callable[[Sequence[str], Sequence[str], Sequence[str], "str | PlanLimits"], Plan]


def _planner(catalogue: Catalogue, time_limit: float | None) -> Planner:
    """:func:`learnpath.planning.plan` over ``catalogue`` (with its default time limit)."""
    limit = {} if time_limit is None else {"time_limit": time_limit}

    def make(have, targets, done, minimize) -> Plan:
        if isinstance(minimize, PlanLimits):
            return plan_within(catalogue, list(have), list(targets), list(done), minimize, **limit)
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
    {'skills': ['bi'], 'goals': [], 'completions': ['sql-101'], 'prior_learning': []}
    >>> store.close()
    """
    return LearnerView.of(catalogue, store.state(learner))


def plan(
    catalogue: Catalogue,
    store: ProgressStore,
    learner: str | None,
    minimize: str | PlanLimits = "hours",
    *,
    time_limit: float | None = None,
    planner: Planner | None = None,
) -> LearnerPlan:
    """The optimal plan from the learner's skills and completions to all their goals.

    The same plan ``learnpath path`` gives for those skills, completions and goals;
    completed modules are never planned again, stale ids are left out.

    Parameters
    ----------
    minimize : {"hours", "cost"} or PlanLimits
        What the plan keeps smallest, or that and the limits it keeps
        (:func:`plan_limits`: with the learner's stored preference).
    time_limit : float, optional
        Seconds the exact solver may use (default: the planner's).
    planner : Planner, optional
        Makes the plan instead of :func:`learnpath.planning.plan` (a cache in front of
        it, say); ``time_limit`` is then the planner's business.

    Raises
    ------
    NoGoalError
        When the learner has no goal in the catalogue.
    LimitError
        When no plan keeps the limits (naming the one that fails and the least needed).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10)],
    ...                       [Niche("analyst", "Analyst", ("sql",), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana")
    >>> try:
    ...     plan(cat, store, "ana")
    ... except NoGoalError as exc:
    ...     print(exc)
    `ana` has no goal in the catalogue: add one with `learnpath goals add NICHE`
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


def plan_limits(store: ProgressStore, learner: str | None, given: dict | None = None) -> PlanLimits:
    """The limits of the learner's plan: those ``given`` (field of
    :class:`~learnpath.planning.bounded.PlanLimits` -> value, None when not given), the
    others from the preference the learner stored (:func:`set_plan_preference`).

    Examples
    --------
    >>> from learnpath.store import ProgressStore
    >>> store = ProgressStore("sqlite:///:memory:")
    >>> _ = store.add_learner("ana")
    >>> plan_limits(store, "ana").minimize
    'hours'
    >>> set_plan_preference(store, "ana", PlanLimits("value", rate=40))
    True
    >>> mine = plan_limits(store, "ana", {"max_cost": 100})
    >>> mine.minimize, mine.rate, mine.max_cost
    ('value', 40.0, 100.0)
    >>> store.close()
    """
    stored = PlanLimits.from_preference(store.plan_preference(learner))
    return PlanLimits.given(given or {}, stored)


def set_plan_preference(
    store: ProgressStore, learner: str | None, limits: PlanLimits | None
) -> bool:
    """Remember what the learner's plan minimizes, their rate and budget (``None``
    forgets it); True when it changed."""
    return store.set_plan_preference(learner, None if limits is None else limits.preference())


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
    >>> try:
    ...     add_goal(store, "ana", "etl", limit=2)
    ... except GoalLimitError as exc:
    ...     print(exc)
    you can have at most 2 goals: remove one first
    >>> store.close()
    """
    try:  # checked where the goal is written, so concurrent additions cannot pass it
        return store.add_goals(learner, [niche], limit=limit)[niche]
    except LimitError as exc:
        raise GoalLimitError(limit) from exc


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


def reset_to_seed(store: ProgressStore, seeds: str | Path, name: str) -> bool:
    """Put learner ``name`` back to the state the seed file (or folder) ``seeds`` gives
    it: its skills, goals, completions and current work, nothing else (its account is
    kept). Returns False, changing nothing, when the seeds do not list ``name``.

    This is how the web keeps its shared demo learners usable: each one is reset when
    someone logs in as it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> seeds = pathlib.Path(tempfile.mkdtemp()) / "seeds.yaml"
    >>> _ = seeds.write_text("version: 1\\nlearners:\\n  - {name: demo, skills: [sql]}\\n")
    >>> store = ProgressStore("sqlite:///:memory:")
    >>> _ = store.seed(seeds), store.add_skills("demo", ["bi"])
    >>> reset_to_seed(store, seeds, "demo"), store.state("demo").skills
    (True, ('sql',))
    >>> reset_to_seed(store, seeds, "nobody")
    False
    >>> store.close()
    """
    from learnpath.store.formats import read_seed_files

    for _, batch in read_seed_files(Path(seeds)):
        for state in batch:
            if state.name == name:
                store.import_learner(state, replace=True)
                return True
    return False
