"""Lay a plan out on the calendar, and export it as iCalendar.

Study time is spread evenly over the week (``hours_per_week / 7`` a day, every day);
modules follow each other in plan order, and a module may span several weeks. Each
module gets its first and last study day (inclusive).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import LearnpathError
from ..formatting import hours
from .explain import why_text
from .render import source_line
from .result import Plan, Schedule, ScheduledModule

if TYPE_CHECKING:
    from ..model import Catalogue

__all__ = ["schedule", "to_ical", "event_uid"]

_UID_NAMESPACE = "6f1c2a52-5b0e-4c43-9d7a-2f3f1d0b6a11"
_EPS = 1e-9


def schedule(plan: Plan, hours_per_week: float, start: date | None = None) -> Schedule:
    """Give every module of ``plan`` start and end dates, in plan order.

    Parameters
    ----------
    plan : Plan
    hours_per_week : float
        Study hours per week (> 0), spread evenly over the seven days.
    start : date, optional
        First study day (default: today).

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
    """
    if not hours_per_week or hours_per_week <= 0 or not math.isfinite(hours_per_week):
        raise LearnpathError("hours per week must be a positive number")
    start = start or date.today()
    per_day = hours_per_week / 7.0
    done = 0.0
    entries = []
    try:
        for m in plan.modules:
            first = math.floor(done / per_day + _EPS)
            done += m.hours
            last = max(first, math.ceil(done / per_day - _EPS) - 1)
            entries.append(
                ScheduledModule(m, start + timedelta(days=first), start + timedelta(days=last))
            )
    except OverflowError:  # a tiny weekly budget (or a far start) runs past year 9999
        raise LearnpathError(
            "this schedule would end after the year 9999: study more hours per week"
        ) from None
    return Schedule(plan, float(hours_per_week), start, tuple(entries))


def event_uid(learner: str, plan_id: str, module_id: str) -> str:
    """A stable UID: the same learner, plan and module always give the same event.

    Examples
    --------
    >>> event_uid("ana", "niche-x", "sql-101") == event_uid("ana", "niche-x", "sql-101")
    True
    """
    import uuid  # only calendars need it

    name = f"learnpath:{learner}:{plan_id}:{module_id}"
    return f"{uuid.uuid5(uuid.UUID(_UID_NAMESPACE), name)}@learnpath"


def to_ical(
    sched: Schedule,
    learner: str = "me",
    plan_id: str | None = None,
    stamp: datetime | None = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The schedule as an iCalendar file: one all-day event per module.

    UIDs derive from ``learner``, ``plan_id`` (default: the sorted targets) and the
    module id, so importing an updated schedule moves the events instead of
    duplicating them. ``stamp`` is the DTSTAMP (default: now, UTC). Each description
    says why the module is there (in titles and names with the ``catalogue``) and where
    to take it: the provider and link of a real resource, or that it is generic.

    Examples
    --------
    >>> from datetime import date
    >>> from learnpath.planning.result import Plan, PlannedModule
    >>> p = Plan(("x",), (PlannedModule("a", "A", 3, 0, ("x",), (), "teaches x"),), 3, 0,
    ...          True, 3, ())
    >>> text = to_ical(schedule(p, 7, date(2026, 1, 5))).decode()
    >>> "BEGIN:VEVENT" in text and "SUMMARY:A (3 h)" in text
    True
    """
    from icalendar import Calendar, Event

    plan = sched.plan
    plan_id = plan_id or "+".join(sorted(plan.targets))
    stamp = stamp or datetime.now(UTC)
    sequence = max(0, int(stamp.timestamp()) // 60)  # minutes: grows with every export
    cal = Calendar()
    cal.add("prodid", "-//learnpath//learning plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"learnpath: {', '.join(plan.targets)}")
    for k, e in enumerate(sched.entries, start=1):
        m = e.module
        ev = Event()
        ev.add("uid", event_uid(learner, plan_id, m.id))
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)  # later exports win when a calendar re-imports them
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end + timedelta(days=1))
        ev.add("summary", f"{m.title} ({hours(m.hours)})")
        why = why_text(m.why, catalogue) if catalogue is not None else m.why
        lines = [f"Step {k} of {len(sched.entries)}: {m.id}", f"Why: {why}"]
        if m.needs_missing:
            lines.append("First get: " + ", ".join(m.needs_missing))
        lines.append(source_line(m))
        if m.url:
            ev.add("url", m.url)
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["learnpath"])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()
