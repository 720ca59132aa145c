"""Lay a plan out on the calendar, and export it as iCalendar study sessions.

Study happens in one session on each chosen weekday (every day unless told otherwise),
each ``hours_per_week / len(days)`` hours long. Modules follow each other in plan order
through the sessions: a module may span many sessions, and a session may end one
module and begin the next. Each module gets the dates of its first and last session
(inclusive). The calendar export has one event per module per session, at the chosen
time of day (floating local time), with UIDs that depend only on the learner, the
module and the session's number within the module, so a re-imported calendar updates
its events in place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from ..errors import LearnpathError
from ..formatting import hours
from .explain import why_text
from .render import source_line
from .result import Plan, PlannedModule, Schedule, ScheduledModule

if TYPE_CHECKING:
    from ..model import Catalogue

__all__ = [
    "DAY_NAMES",
    "ALL_DAYS",
    "DEFAULT_TIME",
    "MAX_SESSIONS",
    "StudySession",
    "parse_days",
    "parse_time",
    "format_days",
    "study_day",
    "schedule",
    "sessions",
    "session_uid",
    "to_ical",
]

_UID_NAMESPACE = "6f1c2a52-5b0e-4c43-9d7a-2f3f1d0b6a11"
_EPS = 1e-9

#: Weekday names as ``--days`` takes them (Monday first, as :meth:`date.weekday`).
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Every day of the week (the default).
ALL_DAYS: tuple[int, ...] = tuple(range(7))
#: When a session starts unless told otherwise.
DEFAULT_TIME = time(19, 0)
#: Most sessions one calendar holds (a tiny weekly budget would make millions).
MAX_SESSIONS = 10_000
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_days(text: str | Iterable[str] | None) -> tuple[int, ...]:
    """Weekdays from ``"mon,wed,sat"`` (or a list of names), sorted, each once.

    ``None`` or an empty text means every day. Full names and any case are accepted.

    Raises
    ------
    LearnpathError
        For a name that is not a weekday.

    Examples
    --------
    >>> parse_days("sat,mon,Wednesday"), parse_days(None) == ALL_DAYS
    ((0, 2, 5), True)
    """
    if text is None:
        return ALL_DAYS
    items = text.split(",") if isinstance(text, str) else list(text)
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    out = set()
    for item in items:
        word = str(item).strip().lower()
        if not word:
            continue
        if word in DAY_NAMES:
            out.add(DAY_NAMES.index(word))
        elif word in full:
            out.add(full.index(word))
        else:
            raise LearnpathError(
                f"unknown day {str(item).strip()[:20]!r}: use mon, tue, wed, thu, fri, sat, sun"
            )
    return tuple(sorted(out)) or ALL_DAYS


def format_days(days: Iterable[int]) -> str:
    """``"mon,wed,sat"``: the text :func:`parse_days` reads back.

    Examples
    --------
    >>> format_days((0, 2, 5))
    'mon,wed,sat'
    """
    return ",".join(DAY_NAMES[d] for d in days)


def parse_time(text: str | None) -> time:
    """A session's start time from ``"19:00"`` (24-hour clock); ``None``: 19:00.

    Examples
    --------
    >>> parse_time("7:30"), parse_time(None)
    (datetime.time(7, 30), datetime.time(19, 0))
    """
    if text is None or not str(text).strip():
        return DEFAULT_TIME
    match = _TIME.match(str(text).strip())
    if not match:
        raise LearnpathError(f"invalid time {str(text)[:20]!r}: use HH:MM, like 19:00")
    return time(int(match.group(1)), int(match.group(2)))


def study_day(start: date, days: tuple[int, ...], k: int) -> date:
    """The date of session ``k`` (0 is the first) from ``start`` on the weekdays ``days``.

    Examples
    --------
    >>> study_day(date(2026, 1, 5), (0, 2), 3).isoformat()  # Mon 5: Mon, Wed, Mon, Wed
    '2026-01-14'
    """
    offsets = sorted((d - start.weekday()) % 7 for d in days)
    weeks, nth = divmod(k, len(offsets))
    return start + timedelta(days=7 * weeks + offsets[nth])


def _check(hours_per_week: float, days: tuple[int, ...]) -> None:
    if not hours_per_week or hours_per_week <= 0 or not math.isfinite(hours_per_week):
        raise LearnpathError("hours per week must be a positive number")
    if not days or any(d not in ALL_DAYS for d in days):
        raise LearnpathError("study days must be weekdays 0 (Monday) to 6 (Sunday)")
    if hours_per_week / len(days) > 24 + _EPS:
        raise LearnpathError(
            f"{hours(hours_per_week)} a week on {len(days)} day(s) is more than 24 h a day: "
            "choose more days"
        )


def schedule(
    plan: Plan,
    hours_per_week: float,
    start: date | None = None,
    days: Iterable[int] | None = None,
) -> Schedule:
    """Give every module of ``plan`` start and end dates, in plan order.

    Parameters
    ----------
    plan : Plan
    hours_per_week : float
        Study hours per week (> 0), one session on each of the ``days``.
    start : date, optional
        First possible study day (default: today).
    days : iterable of int, optional
        Weekdays studied, 0 (Monday) to 6 (Sunday); default every day.

    Examples
    --------
    >>> from datetime import date
    >>> from learnpath.planning.result import Plan, PlannedModule
    >>> mods = (PlannedModule("a", "A", 10, 0, ("x",), (), "teaches x"),
    ...         PlannedModule("b", "B", 4, 0, ("y",), ("x",), "teaches y"))
    >>> p = Plan(("y",), mods, 14, 0, True, 14, ())
    >>> s = schedule(p, hours_per_week=7, start=date(2026, 1, 5))
    >>> [(e.module.id, e.start.isoformat(), e.end.isoformat()) for e in s.entries]
    [('a', '2026-01-05', '2026-01-14'), ('b', '2026-01-15', '2026-01-18')]
    >>> s = schedule(p, hours_per_week=6, start=date(2026, 1, 5), days=(0, 2, 5))
    >>> [(e.module.id, e.start.isoformat(), e.end.isoformat()) for e in s.entries]
    [('a', '2026-01-05', '2026-01-14'), ('b', '2026-01-17', '2026-01-19')]
    """
    days = tuple(sorted(set(ALL_DAYS if days is None else days)))
    _check(hours_per_week, days)
    start = start or date.today()
    per = len(days) / hours_per_week  # sessions per hour (never divide by a tiny length)
    done = 0.0
    entries = []
    try:
        for m in plan.modules:
            first = math.floor(done * per + _EPS)
            done += m.hours
            last = max(first, math.ceil(done * per - _EPS) - 1)
            entries.append(
                ScheduledModule(m, study_day(start, days, first), study_day(start, days, last))
            )
    except (OverflowError, ValueError):  # a tiny weekly budget or a far start: past 9999
        raise LearnpathError(
            "this schedule would end after the year 9999: study more hours per week"
        ) from None
    return Schedule(plan, float(hours_per_week), start, tuple(entries), days)


class StudySession(NamedTuple):
    """One module's share of one study session.

    ``nth`` counts the module's sessions from 1 (of ``of``); ``offset`` is how many
    hours into the session the module starts (a session may finish one module and begin
    the next); ``hours`` is how long it is studied in it.
    """

    module: PlannedModule
    nth: int
    of: int
    day: date
    offset: float
    hours: float


def sessions(sched: Schedule) -> list[StudySession]:
    """Every module's study sessions, in order (see :class:`StudySession`).

    Raises
    ------
    LearnpathError
        When there would be more than :data:`MAX_SESSIONS` of them.

    Examples
    --------
    >>> from datetime import date
    >>> from learnpath.planning.result import Plan, PlannedModule
    >>> mods = (PlannedModule("a", "A", 3, 0, ("x",), (), "teaches x"),
    ...         PlannedModule("b", "B", 1, 0, ("y",), ("x",), "teaches y"))
    >>> s = schedule(Plan(("y",), mods, 4, 0, True, 4, ()), 4, date(2026, 1, 5), (0, 3))
    >>> [(x.module.id, x.nth, x.day.isoformat(), x.offset, x.hours) for x in sessions(s)]
    [('a', 1, '2026-01-05', 0.0, 2.0), ('a', 2, '2026-01-08', 0.0, 1.0),
     ('b', 1, '2026-01-08', 1.0, 1.0)]
    """
    length = sched.session_hours
    per = len(sched.days) / sched.hours_per_week
    total = sum(e.module.hours for e in sched.entries)
    if total * per > MAX_SESSIONS:
        raise LearnpathError(
            f"this calendar would have more than {MAX_SESSIONS} sessions: study more hours per week"
        )
    out: list[StudySession] = []
    done = 0.0
    for e in sched.entries:
        a, b = done, done + e.module.hours
        done = b
        first = math.floor(a * per + _EPS)
        last = max(first, math.ceil(b * per - _EPS) - 1)
        parts = []
        for k in range(first, last + 1):
            lo, hi = k * length, (k + 1) * length
            share = min(b, hi) - max(a, lo)
            if share > _EPS or (a == b and k == first):
                parts.append((k, max(0.0, max(a, lo) - lo), max(0.0, share)))
        for n, (k, offset, share) in enumerate(parts, start=1):
            day = study_day(sched.start, sched.days, k)
            out.append(StudySession(e.module, n, len(parts), day, offset, share))
    return out


def session_uid(learner: str, module_id: str, index: int) -> str:
    """A stable UID: the same learner, module and session number give the same event.

    Examples
    --------
    >>> session_uid("ana", "sql-101", 1) == session_uid("ana", "sql-101", 1)
    True
    >>> session_uid("ana", "sql-101", 1) == session_uid("ana", "sql-101", 2)
    False
    """
    import uuid  # only calendars need it

    name = f"learnpath:{learner}:{module_id}:{index}"
    return f"{uuid.uuid5(uuid.UUID(_UID_NAMESPACE), name)}@learnpath"


def _minutes(h: float) -> timedelta:
    return timedelta(minutes=round(h * 60))


def to_ical(
    sched: Schedule,
    learner: str = "me",
    stamp: datetime | None = None,
    catalogue: Catalogue | None = None,
    *,
    at: time = DEFAULT_TIME,
    alarm: int | None = None,
) -> bytes:
    """The schedule as an iCalendar file: one event per module per study session.

    A session starts at ``at`` (local, floating time) on each study day; a module that
    begins part-way through a session starts that much later. UIDs derive from
    ``learner``, the module id and the session's number within the module
    (:func:`session_uid`), so importing an updated schedule moves the events instead of
    duplicating them, and ``SEQUENCE`` grows with ``stamp`` (the DTSTAMP, default now,
    UTC) so the newer export wins. ``alarm`` adds a reminder that many minutes before
    each session. Each description says why the module is there (in titles and names
    with the ``catalogue``) and where to take it.

    Examples
    --------
    >>> from datetime import date
    >>> from learnpath.planning.result import Plan, PlannedModule
    >>> p = Plan(("x",), (PlannedModule("a", "A", 3, 0, ("x",), (), "teaches x"),), 3, 0,
    ...          True, 3, ())
    >>> text = to_ical(schedule(p, 4, date(2026, 1, 5), (0, 3)), alarm=15).decode()
    >>> "SUMMARY:A (session 1 of 2)" in text, "DTSTART:20260105T190000" in text
    (True, True)
    >>> "DTEND:20260105T210000" in text, "TRIGGER:-PT15M" in text
    (True, True)
    """
    from icalendar import Alarm, Calendar, Event

    if alarm is not None and not 0 <= alarm <= 7 * 24 * 60:
        raise LearnpathError("the alarm must be 0 to 10080 minutes before a session")
    plan = sched.plan
    parts = sessions(sched)
    stamp = stamp or datetime.now(UTC)
    sequence = max(0, int(stamp.timestamp()) // 60)  # minutes: grows with every export
    cal = Calendar()
    cal.add("prodid", "-//learnpath//learning plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"learnpath: {', '.join(plan.targets)}")
    steps = {e.module.id: k for k, e in enumerate(sched.entries, start=1)}
    whys: dict[str, str] = {}
    for s in parts:
        m = s.module
        ev = Event()
        ev.add("uid", session_uid(learner, m.id, s.nth))
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)  # later exports win when a calendar re-imports them
        begin = datetime.combine(s.day, at) + _minutes(s.offset)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + max(_minutes(s.hours), timedelta(minutes=1)))
        ev.add("summary", f"{m.title} (session {s.nth} of {s.of})")
        if m.id not in whys:
            why = why_text(m.why, catalogue) if catalogue is not None else m.why
            lines = [
                f"Step {steps[m.id]} of {len(sched.entries)}: {m.id} ({hours(m.hours)})",
                f"Why: {why}",
            ]
            if m.needs_missing:
                lines.append("First get: " + ", ".join(m.needs_missing))
            lines.append(source_line(m))
            whys[m.id] = "\n".join(lines)
        ev.add("description", whys[m.id])
        if m.url:
            ev.add("url", m.url)
        ev.add("categories", ["learnpath"])
        if alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", f"Study: {m.title}")
            reminder.add("trigger", timedelta(minutes=-alarm))
            ev.add_component(reminder)
        cal.add_component(ev)
    return cal.to_ical()
