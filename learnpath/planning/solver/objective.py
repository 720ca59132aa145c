"""What a plan minimizes, in which order ties go, and the limits it must keep.

A plan is compared by a tuple, most significant first. Normally: fewest missing entry
skills, then the measure minimized, then the tie-break measure, then the earliest
module ids (in the integer program only where they fold into its run: see
:mod:`._highs`). The measures are ``hours``, ``cost`` and ``value`` (hours x ``rate`` +
cost: what learning costs someone who bills ``rate`` an hour); ties go to cost after
hours, and to hours after cost or value. Limits (``max_cost``, ``max_hours``) bound the
plan's totals, the forced core included.

To say by how much a limit fails, the solver also finds the *least* of a measure any
plan needs: the same order with the measure first and missing entry skills second
(:meth:`Objective.least`), since declaring an entry skill costs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ...errors import LearnpathError
from .._record import Record
from ..index import PlanningIndex

__all__ = ["LIMIT_TOLERANCE", "MEASURES", "Objective"]

MEASURES = ("hours", "cost", "value")
#: a total within this share of a limit (of 1, below 1) keeps it: float sums and the
#: integer program's feasibility tolerance never turn a plan at the limit away
LIMIT_TOLERANCE = 1e-7


class Objective(Record):
    """The order plans are compared in, and their limits.

    Attributes
    ----------
    minimize : {"hours", "cost", "value"}
    rate : float or None
        USD per hour (needed for ``value``).
    max_cost, max_hours : float or None
        Limits on the plan's total cost and hours.
    missing_first : bool
        False only for :meth:`least`: the measure comes before missing entry skills.

    Examples
    --------
    >>> o = Objective("value", rate=50, max_cost=100)
    >>> o.second, o.weight(2, 30), o.within(10, 90), o.within(10, 120)
    ('hours', 130.0, True, False)
    >>> Objective("cost").least("hours")
    Objective(minimize='hours', rate=None, max_cost=None, max_hours=None, missing_first=False)
    """

    __slots__ = ("minimize", "rate", "max_cost", "max_hours", "missing_first")

    def __init__(
        self,
        minimize: str = "hours",
        rate: float | None = None,
        max_cost: float | None = None,
        max_hours: float | None = None,
        missing_first: bool = True,
    ):
        if minimize not in MEASURES:
            raise LearnpathError(f"minimize must be one of {', '.join(MEASURES)}, not `{minimize}`")
        if minimize == "value" and rate is None:
            raise LearnpathError("minimize value needs a rate (USD per hour)")
        self.minimize = minimize
        self.rate = _amount("rate", rate) if rate is not None else None
        self.max_cost = _amount("max_cost", max_cost) if max_cost is not None else None
        self.max_hours = _amount("max_hours", max_hours) if max_hours is not None else None
        self.missing_first = missing_first

    @classmethod
    def of(cls, minimize: str | Objective) -> Objective:
        """``minimize`` as an :class:`Objective` (a measure name means no limits)."""
        if isinstance(minimize, Objective):
            return minimize
        plain = _PLAIN.get(minimize)
        return plain if plain is not None else cls(minimize)

    @property
    def second(self) -> str:
        """The measure that breaks ties: cost after hours, hours after cost or value."""
        return "cost" if self.minimize == "hours" else "hours"

    @property
    def limited(self) -> bool:
        """True when a limit applies."""
        return self.max_cost is not None or self.max_hours is not None

    def unlimited(self) -> Objective:
        """The same order without the limits."""
        return Objective(self.minimize, self.rate, None, None, self.missing_first)

    def least(self, measure: str) -> Objective:
        """The order that finds the least ``measure`` (``"hours"`` or ``"cost"``) any
        plan within the other limits needs: the measure first, then missing skills."""
        other = {"cost": {"max_hours": self.max_hours}, "hours": {"max_cost": self.max_cost}}
        return Objective(measure, None, missing_first=False, **other[measure])

    def weight(self, hours: float, cost: float) -> float:
        """The minimized measure of a module (or plan) of ``hours`` and ``cost``."""
        if self.minimize == "hours":
            return float(hours)
        if self.minimize == "cost":
            return float(cost)
        return hours * (self.rate or 0.0) + cost

    def weights(self, ix: PlanningIndex, modules: Iterable[int]) -> list[float]:
        """The minimized measure of each of ``modules``."""
        if self.minimize != "value":
            w = ix.weights(self.minimize)
            return [w[m] for m in modules]
        hours, cost, rate = ix.hours, ix.cost, self.rate or 0.0
        return [hours[m] * rate + cost[m] for m in modules]

    def total(self, ix: PlanningIndex, modules: Iterable[int]) -> float:
        """The minimized measure of a set of modules (an exact float sum)."""
        return math.fsum(self.weights(ix, modules))

    def within(self, hours: float, cost: float) -> bool:
        """Whether totals of ``hours`` and ``cost`` keep the limits (to a hair)."""
        return _under(cost, self.max_cost) and _under(hours, self.max_hours)

    def keeps(self, ix: PlanningIndex, modules: Iterable[int]) -> bool:
        """Whether a set of modules keeps the limits."""
        if not self.limited:
            return True
        modules = list(modules)
        return self.within(
            math.fsum([ix.hours[m] for m in modules]), math.fsum([ix.cost[m] for m in modules])
        )


_PLAIN = {m: Objective(m) for m in ("hours", "cost")}


def _under(total: float, limit: float | None) -> bool:
    return limit is None or total <= limit + LIMIT_TOLERANCE * max(1.0, limit)


def _amount(name: str, value: float) -> float:
    """``value`` as a finite number >= 0, or a clear error."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise LearnpathError(f"{name} must be a number, not `{value}`") from None
    if not math.isfinite(x) or x < 0:
        raise LearnpathError(f"{name} must be a finite number >= 0, not `{value}`")
    return x
