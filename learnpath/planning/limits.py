"""Limits in words and dates: why no plan keeps them, and a date at a weekly pace.

:func:`limit_error` words a failed limit: "no plan within $50: the cheapest plan
costs $140 (62 h)".

``--by DATE --hours-per-week W`` is the limit ``max_hours = W x weeks until the date``
(:func:`hours_by`); a plan of ``h`` hours at that pace is ready on :func:`ready_on`.
Both count days as :func:`learnpath.planning.schedule` lays modules out (``W / 7``
hours every day from the start, the date included), so a plan within the limit is
ready by the date on its schedule. :func:`not_ready` words a failed limit with dates.

:mod:`.bounded` puts them together: what a learner asks of a plan in one value.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..errors import LearnpathError, LimitError

__all__ = ["hours_by", "limit_error", "not_ready", "ready_on"]

_EPS = 1e-9  # as in scheduling


def limit_error(
    limit: str, value: float, plan, within_hours: float | None = None, proved: bool = True
) -> LimitError:
    """The :class:`LimitError` of ``limit`` failing, ``plan`` needing the least of it.

    Examples
    --------
    >>> from types import SimpleNamespace as Plan
    >>> print(limit_error("max_cost", 50, Plan(total_cost=140, total_hours=62)))
    no plan within $50: the cheapest plan costs $140 (62 h)
    >>> print(limit_error("max_hours", 40, Plan(total_cost=30, total_hours=118)))
    no plan within 40 h: the fastest plan needs 118 h ($30)
    >>> print(limit_error("max_cost", 50, Plan(total_cost=90, total_hours=30), 40))
    no plan within $50 and 40 h: the cheapest plan within 40 h costs $90 (30 h)
    """
    from ..formatting import hours, money

    found = "" if proved else " found in the time limit"
    if limit == "max_hours":
        text = (
            f"no plan within {hours(value)}{found}: the fastest plan needs "
            f"{hours(plan.total_hours)} ({money(plan.total_cost)})"
        )
    else:
        limits, within = money(value), ""
        if within_hours is not None:
            limits += f" and {hours(within_hours)}"
            within = f" within {hours(within_hours)}"
        text = (
            f"no plan within {limits}{found}: the cheapest plan{within} costs "
            f"{money(plan.total_cost)} ({hours(plan.total_hours)})"
        )
    return LimitError(limit, value, plan, text, within_hours, proved)


def _per_day(hours_per_week: float) -> float:
    if not hours_per_week or hours_per_week <= 0 or not math.isfinite(hours_per_week):
        raise LearnpathError("hours per week must be a positive number")
    return hours_per_week / 7.0


def hours_by(by: date, hours_per_week: float, start: date | None = None) -> float:
    """The study hours from ``start`` (default today) to ``by`` included at this pace.

    Examples
    --------
    >>> from datetime import date
    >>> hours_by(date(2027, 1, 14), 7, start=date(2027, 1, 1))
    14.0
    >>> hours_by(date(2026, 12, 31), 7, start=date(2027, 1, 1))
    0.0
    """
    start = start or date.today()
    days = (by - start).days + 1
    return max(0, days) * _per_day(hours_per_week)


def ready_on(hours: float, hours_per_week: float, start: date | None = None) -> date:
    """The last study day of ``hours`` of study from ``start`` (default today).

    Examples
    --------
    >>> from datetime import date
    >>> ready_on(14, 7, start=date(2027, 1, 1)), ready_on(14.5, 7, start=date(2027, 1, 1))
    (datetime.date(2027, 1, 14), datetime.date(2027, 1, 15))
    """
    start = start or date.today()
    days = max(0, math.ceil(hours / _per_day(hours_per_week) - _EPS) - 1)
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise LearnpathError(
            "this plan would be ready after the year 9999: study more hours per week"
        ) from None


def not_ready(
    error: LimitError, by: date, hours_per_week: float, start: date | None = None
) -> LimitError:
    """``error`` (from a plan limited by :func:`hours_by`) said with dates.

    Examples
    --------
    >>> from datetime import date
    >>> from types import SimpleNamespace as Plan
    >>> late = limit_error("max_hours", 60, Plan(total_hours=118, total_cost=0))
    >>> print(not_ready(late, date(2027, 3, 1), 6, start=date(2026, 12, 31)))
    not ready by 2027-03-01 at 6 h/week: the fastest plan needs 118 h, ready 2027-05-17
    """
    from ..formatting import hours, money

    p = error.plan
    pace = f"{by.isoformat()} at {hours(hours_per_week)}/week"
    found = "" if error.proved else " (none found in the time limit)"
    if error.limit == "max_hours":
        ready = ready_on(p.total_hours, hours_per_week, start)
        text = (
            f"not ready by {pace}{found}: the fastest plan needs {hours(p.total_hours)}, "
            f"ready {ready.isoformat()}"
        )
    elif error.within_hours is not None:
        text = (
            f"no plan within {money(error.value)} ready by {pace}{found}: the cheapest plan "
            f"ready by then costs {money(p.total_cost)} ({hours(p.total_hours)})"
        )
    else:
        return error  # the budget fails whatever the date
    return LimitError(error.limit, error.value, p, text, error.within_hours, error.proved)
