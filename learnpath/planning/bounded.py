"""What a learner asks of a plan, in one value: :class:`PlanLimits` (what to minimize,
the rate, a budget, an hours limit, a date at a weekly pace), checked once for every
adapter; :func:`plan_within` plans with it, wording a failed date limit with dates
(:func:`~learnpath.planning.limits.not_ready`).

Examples
--------
>>> from learnpath.model import Catalogue, Module, Skill
>>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10),
...     Module("sql-fast", "SQL fast", ("sql",), 4, cost=90)], [])
>>> [m.id for m in plan_within(cat, [], ["sql"], limits=PlanLimits(max_cost=50)).modules]
['sql-101']
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import LearnpathError, LimitError, UsageError
from .limits import hours_by, not_ready
from .planner import plan

if TYPE_CHECKING:
    from ..model import Catalogue
    from .result import Plan

__all__ = ["MAX_AMOUNT", "MAX_HOURS_PER_WEEK", "PlanLimits", "plan_within"]

#: The largest budget (USD), hours limit or rate (USD per hour) a learner may give:
#: far above any plan, small enough to stay an ordinary number everywhere.
MAX_AMOUNT = 1e9
#: The most study hours a week (there are 168 hours in a week).
MAX_HOURS_PER_WEEK = 168.0
_MEASURES = ("hours", "cost", "value")


def _amount(name: str, value: float | None, most: float = MAX_AMOUNT) -> float | None:
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, not `{value}`") from None
    if not math.isfinite(x) or x < 0 or x > most:
        raise UsageError(f"{name} must be a number from 0 to {most:g}, not `{value}`")
    return x


@dataclass(frozen=True)
class PlanLimits:
    """What a learner asks of a plan: the measure to minimize and the limits to keep.

    Attributes
    ----------
    minimize : {"hours", "cost", "value"}
        ``value`` is hours x ``rate`` + cost: what learning costs someone who bills
        ``rate`` an hour.
    rate : float, optional
        USD per hour; needed for ``value``.
    max_cost, max_hours : float, optional
        A budget (USD) and an hours limit.
    by : date, optional
        Be ready by this date at ``hours_per_week`` (needed with it), from ``start``
        (default today): the hours limit :func:`hours_by` (the smaller of the two when
        ``max_hours`` is given too).

    Raises
    ------
    UsageError
        For a measure that is not one of the three, ``value`` without a rate, a date
        without hours per week, or an amount that is negative, not finite or above
        :data:`MAX_AMOUNT`.

    Examples
    --------
    >>> from datetime import date
    >>> PlanLimits("value", rate=40, max_cost=100).bounds()
    {'rate': 40.0, 'max_cost': 100.0, 'max_hours': None}
    >>> PlanLimits(by=date(2027, 1, 14), hours_per_week=7, start=date(2027, 1, 1)).hours_limit
    14.0
    >>> PlanLimits("value")
    Traceback (most recent call last):
    ...
    learnpath.errors.UsageError: best value needs your rate: an hour of your time in USD
    """

    minimize: str = "hours"
    rate: float | None = None
    max_cost: float | None = None
    max_hours: float | None = None
    by: date | None = None
    hours_per_week: float | None = None
    start: date | None = None

    def __post_init__(self) -> None:
        if self.minimize not in _MEASURES:
            raise UsageError(
                f"minimize must be one of {', '.join(_MEASURES)}, not `{self.minimize}`"
            )
        fix = object.__setattr__
        fix(self, "rate", _amount("the rate", self.rate))
        fix(self, "max_cost", _amount("the budget (max cost)", self.max_cost))
        fix(self, "max_hours", _amount("max hours", self.max_hours))
        pace = _amount("hours per week", self.hours_per_week, MAX_HOURS_PER_WEEK)
        fix(self, "hours_per_week", pace)
        if self.minimize == "value" and self.rate is None:
            raise UsageError("best value needs your rate: an hour of your time in USD")
        if self.by is not None and not pace:
            raise UsageError("a date to be ready by needs the hours you study per week (above 0)")

    @property
    def hours_limit(self) -> float | None:
        """The hours limit the plan keeps: ``max_hours``, the hours until ``by``, or
        the smaller of the two."""
        if self.by is None or not self.hours_per_week:
            return self.max_hours
        until = hours_by(self.by, self.hours_per_week, self.start)
        return until if self.max_hours is None else min(until, self.max_hours)

    @property
    def limited(self) -> bool:
        """True when a budget, an hours limit or a date applies."""
        return self.max_cost is not None or self.hours_limit is not None

    def bounds(self) -> dict:
        """The keyword arguments of :func:`~learnpath.planning.plan` besides ``minimize``."""
        return {"rate": self.rate, "max_cost": self.max_cost, "max_hours": self.hours_limit}

    def key(self) -> tuple:
        """What a cached plan depends on (the date's hours counted from today)."""
        return (
            self.minimize,
            self.rate,
            self.max_cost,
            self.hours_limit,
            self.by,
            self.hours_per_week,
        )

    @classmethod
    def given(cls, values: dict, default: PlanLimits | None = None) -> PlanLimits:
        """The limits of ``values`` (field name -> value, None when not given), each
        one not given taken from ``default`` (a learner's stored preference).

        Examples
        --------
        >>> mine = PlanLimits("value", rate=30, max_cost=200)
        >>> PlanLimits.given({"max_cost": 50, "minimize": None}, mine).bounds()
        {'rate': 30.0, 'max_cost': 50.0, 'max_hours': None}
        >>> PlanLimits.given({"minimize": "hours"}, mine).minimize
        'hours'
        """
        merged = dict(default.__dict__) if default is not None else {}
        merged.update((k, v) for k, v in values.items() if v is not None)
        return cls(**merged)

    def worded(self, error: LimitError) -> LimitError:
        """``error`` said with dates when the hours limit that failed is the date's."""
        if self.by is None or not self.hours_per_week:
            return error
        until = hours_by(self.by, self.hours_per_week, self.start)
        if self.max_hours is not None and self.max_hours < until:
            return error  # the explicit hours limit is the one that binds
        if error.limit == "max_cost" and error.within_hours is None:
            return error
        return not_ready(error, self.by, self.hours_per_week, self.start)

    def preference(self) -> dict:
        """What the site remembers for a learner: ``{minimize, rate, max_cost}``."""
        return {"minimize": self.minimize, "rate": self.rate, "max_cost": self.max_cost}

    @classmethod
    def from_preference(cls, data: dict | None) -> PlanLimits | None:
        """The limits of a stored preference (None for none, or one no longer valid)."""
        if not data:
            return None
        try:
            return cls(str(data.get("minimize") or "hours"), data.get("rate"), data.get("max_cost"))
        except LearnpathError:
            return None


def plan_within(
    catalogue: Catalogue,
    have: Iterable[str],
    targets: Iterable[str],
    done: Iterable[str] = (),
    limits: PlanLimits | str = "hours",
    **options,
) -> Plan:
    """:func:`~learnpath.planning.plan` with ``limits``; a failed date limit is worded
    with dates (:func:`not_ready`), and the plan records the date and pace it kept.

    ``options`` go to :func:`~learnpath.planning.plan` (``time_limit``).

    Examples
    --------
    >>> from datetime import date
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> cat = Catalogue.build([Skill("sql", "SQL")], [Module("sql-101", "SQL", ("sql",), 10)], [])
    >>> late = PlanLimits(by=date(2027, 1, 7), hours_per_week=7, start=date(2027, 1, 1))
    >>> try:
    ...     plan_within(cat, [], ["sql"], limits=late)
    ... except LimitError as exc:
    ...     print(exc)
    not ready by 2027-01-07 at 7 h/week: the fastest plan needs 10 h, ready 2027-01-10
    """

    if isinstance(limits, str):
        limits = PlanLimits(limits)
    try:
        result = plan(catalogue, have, targets, done, limits.minimize, **options, **limits.bounds())
    except LimitError as exc:
        raise limits.worded(exc) from None
    if limits.by is not None:
        # a named tuple (see ._record.frozen)
        dated = {"by": limits.by, "hours_per_week": limits.hours_per_week}
        result = result._replace(**dated)  # type: ignore[attr-defined]
    return result
