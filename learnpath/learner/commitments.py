"""Commitments: a schedule the learner holds their plan to, and their real pace.

:func:`commit` stores a learner's schedule as their commitment (the modules with their
planned dates, the weekly hours, study days and session time, the catalogue's
fingerprint). :func:`status` says, per goal, whether the learner is ahead of it, on
track or behind, and when they will be ready at their real pace. What changed since
(the committed plan against the plan now) is :mod:`.changes`'s.

The rules
---------
*Progress* counts completed modules (and modules the learner said they already know)
at their committed estimate; a module counts when it is done, not part-way. The
*planned* hours on a date are those of the committed sessions before that day (the
day's own session is still to come). ``hours_ahead`` is progress minus planned
hours, over the modules that serve the goal; a learner within one session's hours of
the plan either way is "on track", further ahead "ahead", further behind "behind".
``days_ahead`` is ``hours_ahead`` at the committed pace (``hours_per_week / 7`` hours
a day).

*Pace* is actual over estimated hours, over the completed modules whose estimate is
known (a completion without reported hours took its estimate). With fewer than three
such completions it is shrunk towards 1.0, as if the missing ones had gone exactly as
estimated::

    raw  = sum(actual) / sum(estimated)
    pace = (n * raw + (3 - n) * 1.0) / 3     for n < 3 completions
    pace = raw                               from n = 3 on

``ready_date`` lays the committed modules still to do out again from today (or the
committed start, if later), each taking its estimate times the pace, on the committed
days at the committed weekly hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from learnpath.errors import LearnpathError
from learnpath.formatting import number
from learnpath.model import Catalogue
from learnpath.planning import Schedule
from learnpath.planning.scheduling import format_days, study_day
from learnpath.store import CommitmentRecord, CommittedModule, LearnerState, ProgressStore

from .records import LearnerPlan, LearnerView

__all__ = [
    "PACE_PRIOR",
    "NoCommitmentError",
    "GoalStatus",
    "LearnerStatus",
    "WeekHours",
    "fingerprint",
    "commit",
    "pace",
    "status",
    "weekly_hours",
    "describe_days",
]

#: Completions after which the pace is the learner's own (see the module notes).
PACE_PRIOR = 3
_EPS = 1e-9


class NoCommitmentError(LearnpathError):
    """The learner has not committed to a schedule (``learnpath schedule --commit``)."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"`{name}` has no commitment: make one with "
            "`learnpath schedule --hours-per-week W --commit`"
        )


_FINGERPRINTS: dict[int, tuple[weakref.ref, str]] = {}


def fingerprint(catalogue: Catalogue) -> str:
    """A digest of what planning depends on: every module's id, hours, cost, skills taught
    and required, and every niche's required skills. Titles and links do not count.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> a = Catalogue.build([Skill("x", "X")], [Module("m", "M", ("x",), 3)], [])
    >>> b = Catalogue.build([Skill("x", "X")], [Module("m", "M", ("x",), 4)], [])
    >>> fingerprint(a) == fingerprint(a), fingerprint(a) == fingerprint(b), len(fingerprint(a))
    (True, False, 64)
    """
    cached = _FINGERPRINTS.get(id(catalogue))
    if cached is not None and cached[0]() is catalogue:
        return cached[1]
    digest = hashlib.sha256(b"learnpath-catalogue-1\0")
    for mid in sorted(catalogue.modules):
        m = catalogue.modules[mid]
        digest.update(
            f"m\0{mid}\0{m.hours!r}\0{m.cost!r}\0{','.join(sorted(m.teaches))}\0"
            f"{','.join(sorted(m.requires))}\n".encode()
        )
    for nid in sorted(catalogue.niches):
        digest.update(f"n\0{nid}\0{','.join(sorted(catalogue.niches[nid].requires))}\n".encode())
    value = digest.hexdigest()
    try:
        ref = weakref.ref(catalogue)
    except TypeError:
        return value
    _FINGERPRINTS[id(catalogue)] = (ref, value)
    return value


def _needed(catalogue: Catalogue, goal: str) -> set[str]:
    if goal in catalogue.niches:
        return catalogue.needed_skills(catalogue.niches[goal].requires)
    return catalogue.needed_skills([goal])


def commit(
    catalogue: Catalogue,
    store: ProgressStore,
    mine: LearnerPlan,
    sched: Schedule,
    *,
    at: dt.time,
) -> CommitmentRecord:
    """Store the schedule ``sched`` of the learner's plan ``mine`` as their commitment
    (replacing an earlier one); return what was stored.

    Each module keeps what it was when committed: title, estimate, cost, the skills it
    teaches and the goals it serves (those that need a skill it teaches).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.planning import schedule
    >>> from learnpath.learner import plan
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10)],
    ...                       [Niche("analyst", "Analyst", ("sql",), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_goals("ana", ["analyst"])
    >>> mine = plan(cat, store, "ana")
    >>> sched = schedule(mine.plan, 6, dt.date(2026, 9, 7), (0, 2, 5))
    >>> c = commit(cat, store, mine, sched, at=dt.time(19, 0))
    >>> c.ready_date.isoformat(), c.modules[0].goals, store.commitment("ana") == c
    ('2026-09-16', ('analyst',), True)
    >>> store.close()
    """
    if mine.view.name is None:
        raise LearnpathError("only a stored learner can commit to a schedule")
    needs = {g: _needed(catalogue, g) for g in mine.plan.targets}
    modules = tuple(
        CommittedModule(
            module=e.module.id,
            title=e.module.title,
            hours=float(e.module.hours),
            cost=float(e.module.cost),
            teaches=tuple(e.module.teaches),
            goals=tuple(g for g, need in needs.items() if set(e.module.teaches) & need),
            start=e.start,
            end=e.end,
        )
        for e in sched.entries
    )
    record = CommitmentRecord(
        hours_per_week=float(sched.hours_per_week),
        days=tuple(sched.days),
        time=at.strftime("%H:%M"),
        start=sched.start,
        fingerprint=fingerprint(catalogue),
        targets=tuple(mine.plan.targets),
        modules=modules,
        minimize=mine.plan.minimize,
        created=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
    )
    store.set_commitment(mine.view.name, record)
    return record


# ---------------------------------------------------------------------- pace


def _estimates(catalogue: Catalogue, state: LearnerState) -> dict[str, float]:
    """Module id -> estimated hours: the catalogue's, else the commitment's."""
    est = {m.module: m.hours for m in state.commitment.modules} if state.commitment else {}
    for c in state.completions:
        if c.module in catalogue.modules:
            est[c.module] = float(catalogue.modules[c.module].hours)
    return est


def pace(catalogue: Catalogue, state: LearnerState) -> tuple[float, int]:
    """The learner's pace (actual over estimated hours) and how many completions it
    rests on; shrunk towards 1.0 below :data:`PACE_PRIOR` completions (see the module
    notes).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.store import CompletionRecord, LearnerState
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...                       [Module("m1", "M1", ("a",), 10), Module("m2", "M2", ("b",), 10)], [])
    >>> day = dt.date(2026, 9, 1)
    >>> one = LearnerState("ana", completions=(CompletionRecord("m1", day, None, 16),))
    >>> pace(cat, one)  # 1.6 on one completion: a third of the way from 1.0
    (1.2, 1)
    >>> pace(cat, LearnerState("ana"))
    (1.0, 0)
    """
    est = _estimates(catalogue, state)
    actual = estimated = 0.0
    n = 0
    for c in state.completions:
        e = est.get(c.module)
        if not e or e <= 0:
            continue
        n += 1
        estimated += e
        actual += c.hours if c.hours is not None else e
    if n == 0:
        return 1.0, 0
    raw = actual / estimated
    if n >= PACE_PRIOR:
        return raw, n
    return (n * raw + (PACE_PRIOR - n)) / PACE_PRIOR, n


# ---------------------------------------------------------------------- status


@dataclass(frozen=True, slots=True)
class GoalStatus:
    """How a learner stands against their commitment for one goal (see the module
    notes for the rules). Without a commitment for the goal ``state`` is
    ``"no commitment"`` and the figures are ``None``."""

    goal: str
    state: str
    hours_ahead: float | None = None
    days_ahead: float | None = None
    pace: float | None = None
    ready_date: dt.date | None = None
    committed_ready_date: dt.date | None = None
    name: str | None = None
    hours_done: float = 0.0
    hours_planned: float = 0.0

    def to_dict(self) -> dict:
        """The JSON of ``learnpath status --json`` and ``GET /api/v1/me/status``."""
        return {
            "goal": self.goal,
            "state": self.state,
            "hours_ahead": self.hours_ahead,
            "days_ahead": self.days_ahead,
            "pace": self.pace,
            "ready_date": self.ready_date.isoformat() if self.ready_date else None,
            "committed_ready_date": (
                self.committed_ready_date.isoformat() if self.committed_ready_date else None
            ),
        }

    def describe(self) -> str:
        """One line: ``3 h (2.5 days) ahead; ready 2026-10-01 (committed 2026-10-04)``."""
        if self.state == "no commitment" or self.hours_ahead is None:
            return "no commitment: `learnpath schedule --hours-per-week W --commit`"
        far = f"{number(abs(self.hours_ahead), 1)} h ({number(abs(self.days_ahead or 0), 1)} days)"
        where = {
            "ahead": f"{far} ahead",
            "behind": f"{far} behind",
        }.get(self.state, "on track")
        ready = self.ready_date.isoformat() if self.ready_date else "?"
        promised = self.committed_ready_date.isoformat() if self.committed_ready_date else "?"
        return f"{where}; ready {ready} at pace {self.pace} (committed {promised})"


@dataclass(frozen=True)
class LearnerStatus:
    """A learner's status per goal, with the view it was computed from, their
    commitment (``None`` when none), pace and the completions the pace rests on."""

    view: LearnerView
    commitment: CommitmentRecord | None
    goals: tuple[GoalStatus, ...]
    pace: float = 1.0
    completions: int = 0


def _sessions_until(start: dt.date, days: tuple[int, ...], day: dt.date) -> int:
    """How many sessions from ``start`` on ``days`` fall on or before ``day``."""
    if day < start:
        return 0
    weeks, rest = divmod((day - start).days, 7)
    offsets = [(d - start.weekday()) % 7 for d in days]
    return weeks * len(days) + sum(1 for o in offsets if o <= rest)


def _layout(
    hours: Iterable[float], start: dt.date, days: tuple[int, ...], hours_per_week: float
) -> list[dt.date]:
    """The last study day of each of a run of modules taking ``hours``, from ``start``."""
    per = len(days) / hours_per_week
    done, out = 0.0, []
    for h in hours:
        done += h
        last = max(0, math.ceil(done * per - _EPS) - 1)
        out.append(study_day(start, days, last))
    return out


def status(
    catalogue: Catalogue, store: ProgressStore, learner: str | None, today: dt.date
) -> LearnerStatus:
    """Per goal: ahead, on track or behind the commitment on ``today``, by how much, and
    the ready date at the learner's pace (see the module notes for the rules).

    Goals the commitment does not cover (added since) say ``"no commitment"``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.planning import schedule
    >>> from learnpath.learner import plan
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...                       [Module("m1", "M1", ("a",), 4), Module("m2", "M2", ("b",), 4)],
    ...                       [Niche("n", "N", ("a", "b"), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_goals("ana", ["n"])
    >>> [g.state for g in status(cat, store, "ana", dt.date(2026, 9, 7)).goals]
    ['no commitment']
    >>> mine = plan(cat, store, "ana")  # 2 h on Mondays and Thursdays from Monday 7th
    >>> _ = commit(cat, store, mine, schedule(mine.plan, 4, dt.date(2026, 9, 7), (0, 3)),
    ...            at=dt.time(19, 0))
    >>> _ = store.mark_done("ana", ["m1"], on=dt.date(2026, 9, 10), hours=6)
    >>> [g.to_dict() for g in status(cat, store, "ana", dt.date(2026, 9, 10)).goals]
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'goal': 'n', 'state': 'on track', 'hours_ahead': 2, 'days_ahead': 3.5, 'pace': 1.17,
      'ready_date': '2026-09-17', 'committed_ready_date': '2026-09-17'}]
    >>> [g.state for g in status(cat, store, "ana", dt.date(2026, 9, 18)).goals]
    ['behind']
    >>> store.close()
    """
    state = store.state(learner)
    mine = LearnerView.of(catalogue, state)
    speed, n = pace(catalogue, state)
    c = state.commitment
    rows: list[GoalStatus] = []
    names = {g: catalogue.niches[g].name for g in mine.goals}
    if c is None:
        rows = [GoalStatus(g, "no commitment", name=names[g]) for g in mine.goals]
        return LearnerStatus(mine, None, tuple(rows), speed, n)
    finished = {r.module: r.on for r in state.completions}
    skipped = set(state.prior_learning)
    per_session = c.hours_per_week / len(c.days)
    planned_total = min(
        sum(m.hours for m in c.modules),
        _sessions_until(c.start, c.days, today - dt.timedelta(days=1)) * per_session,
    )
    # the committed modules still to do, laid out again from today at the learner's pace
    left = [m for m in c.modules if m.module not in finished and m.module not in skipped]
    ends = _layout((m.hours * speed for m in left), max(today, c.start), c.days, c.hours_per_week)
    new_end = {m.module: end for m, end in zip(left, ends, strict=True)}
    day_hours = c.hours_per_week / 7
    positions, at = {}, 0.0  # where each committed module starts, in hours
    serving: dict[str, list[CommittedModule]] = {}
    for m in c.modules:
        positions[m.module] = at
        at += m.hours
        for g in m.goals:
            serving.setdefault(g, []).append(m)
    for goal in mine.goals:
        if goal not in c.targets:
            rows.append(GoalStatus(goal, "no commitment", name=names[goal]))
            continue
        mods = serving.get(goal, [])
        planned = done = 0.0
        for m in mods:
            a = positions[m.module]
            planned += min(max(planned_total - a, 0.0), m.hours)
            if m.module in finished or m.module in skipped:
                done += m.hours
        ahead = done - planned
        if ahead > per_session + _EPS:
            where = "ahead"
        elif ahead < -per_session - _EPS:
            where = "behind"
        else:
            where = "on track"
        remaining = [new_end[m.module] for m in mods if m.module in new_end]
        if remaining:
            ready = max(remaining)
        else:
            ready = max((finished[m.module] for m in mods if m.module in finished), default=today)
        rows.append(
            GoalStatus(
                goal=goal,
                state=where,
                hours_ahead=number(round(ahead, 1)),
                days_ahead=number(round(ahead / day_hours, 1)),
                pace=number(round(speed, 2)),
                ready_date=ready,
                committed_ready_date=max((m.end for m in mods), default=c.start),
                name=names[goal],
                hours_done=number(done, 2),
                hours_planned=number(planned, 2),
            )
        )
    return LearnerStatus(mine, c, tuple(rows), speed, n)


@dataclass(frozen=True, slots=True)
class WeekHours:
    """One week of a commitment: the hours planned in it and the hours done (the
    actual hours of the modules completed in it)."""

    first: dt.date
    planned: float
    done: float


def weekly_hours(state: LearnerState, today: dt.date, weeks: int = 12) -> list[WeekHours]:
    """Planned and done hours per week of the learner's commitment, from its start
    until the later of today and its end; empty without a commitment.

    At most ``weeks`` weeks are given: the window around today, ending three weeks
    after today's week (or at the end), so the weeks a learner acts on are shown.

    Examples
    --------
    >>> from learnpath.store import CommitmentRecord, CommittedModule, CompletionRecord
    >>> day = dt.date(2026, 9, 7)
    >>> c = CommitmentRecord(4, (0, 3), "19:00", day, "f", ("n",),
    ...     (CommittedModule("m1", "M1", 4, 0, ("a",), ("n",), day, dt.date(2026, 9, 10)),
    ...      CommittedModule("m2", "M2", 4, 0, ("b",), ("n",), dt.date(2026, 9, 14),
    ...                      dt.date(2026, 9, 17))))
    >>> s = LearnerState("ana", completions=(CompletionRecord("m1", day, None, 5),),
    ...                  commitment=c)
    >>> [(w.first.isoformat(), w.planned, w.done) for w in weekly_hours(s, day)]
    [('2026-09-07', 4.0, 5.0), ('2026-09-14', 4.0, 0.0)]
    """
    c = state.commitment
    if c is None:
        return []
    total = sum(m.hours for m in c.modules)
    per_session = c.hours_per_week / len(c.days)
    est = {m.module: m.hours for m in c.modules}
    last = max(today, c.ready_date)
    count = (last - c.start).days // 7 + 1
    out = []
    for w in range(count):
        first = c.start + dt.timedelta(days=7 * w)
        end = first + dt.timedelta(days=6)
        before = _sessions_until(c.start, c.days, first - dt.timedelta(days=1)) * per_session
        upto = _sessions_until(c.start, c.days, end) * per_session
        planned = max(0.0, min(total, upto) - min(total, before))
        done = sum(
            r.hours if r.hours is not None else est.get(r.module, 0.0)
            for r in state.completions
            if first <= r.on <= end
        )
        out.append(WeekHours(first, float(number(planned, 2)), float(number(done, 2))))
    now = min(max(0, (today - c.start).days // 7), len(out) - 1)
    first_shown = max(0, min(now + 4, len(out)) - weeks)
    return out[first_shown : first_shown + weeks]


def describe_days(c: CommitmentRecord) -> str:
    """``6 h/week on mon,wed,sat at 19:00 from 2026-09-07``."""
    return f"{number(c.hours_per_week)} h/week on {format_days(c.days)} at {c.time} from {c.start}"
