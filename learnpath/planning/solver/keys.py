"""The integer keys the Python search adds up: per module, its place in the order of
plans (missing entry skills, measure, other measure, ids) packed into one integer.

Weights are scaled to integers (micro-hours, micro-dollars) and the levels packed so
that a plan's key is the sum of its items' keys and ties are exact; the integer
program (:mod:`._highs`) orders plans the same way. Kept per catalogue as
``ix.memo(WeightKeys)``.
"""

from __future__ import annotations

import math

from ..index import PlanningIndex
from .objective import Objective

__all__ = ["ValueKeys", "WeightKeys"]

_SCALE = 1_000_000


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class WeightKeys:
    """Per catalogue, the integer weights the search adds up (kept as
    ``ix.memo(WeightKeys)``, computed once per measure and tie-break rule).

    Attributes
    ----------
    scaled : dict
        Measure (``"hours"`` or ``"cost"``) -> per module, its weight in integer
        millionths.
    packed : dict
        ``(minimize, tie_break)`` -> (per module, its packed key; the key of one
        missing entry skill), see :meth:`keys`.
    valued : dict
        ``(rate, tie_break)`` -> the keys of ``minimize="value"`` at that rate, worked
        out per module as searches meet them (the last 16 rates).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> ix = index_of(Catalogue.build([Skill("a", "A")], [Module("m", "M", ("a",), 1.5)], []))
    >>> ix.memo(WeightKeys).weights("hours"), ix.memo(WeightKeys).keys("hours", False)
    ([1500000], ([1500000], 1500001))
    >>> keys, declare = ix.memo(WeightKeys).keys(Objective("value", rate=10), False)
    >>> keys[0], declare > keys[0]
    (15000000, True)
    """

    __slots__ = ("ix", "scaled", "whole", "both", "packed", "valued")

    def __init__(self, ix: PlanningIndex):
        self.ix = ix
        self.scaled: dict[str, list[int]] = {}
        self.whole: dict[str, bool] = {}
        self.both: tuple[int, list[int]] | None = None
        self.packed: dict[tuple[str, bool], tuple[list[int], int]] = {}
        self.valued: dict[tuple[float, bool], tuple[ValueKeys, int]] = {}

    def weights(self, measure: str) -> list[int]:
        """Per module, ``measure`` (``"hours"`` or ``"cost"``) in integer millionths."""
        got = self.scaled.get(measure)
        if got is None:
            got = self.scaled[measure] = [round(w * _SCALE) for w in self.ix.weights(measure)]
        return got

    def exact(self, measure: str) -> bool:
        """Whether every module's ``measure`` is a whole number of millionths (so the
        integer weights add up to the exact totals)."""
        got = self.whole.get(measure)
        if got is None:
            pairs = zip(self.weights(measure), self.ix.weights(measure), strict=True)
            got = self.whole[measure] = all(s == w * _SCALE for s, w in pairs)
        return got

    def cost_and_hours(self) -> tuple[int, list[int]]:
        """A base above twice every module's hours together, and per module its cost
        times the base plus its hours (in millionths): both measures in one integer,
        whose sums over distinct modules never carry from hours into cost."""
        if self.both is None:
            hours = self.weights("hours")
            base = 1 << (2 * sum(hours) + 2).bit_length()
            packed = [c * base + h for c, h in zip(self.weights("cost"), hours, strict=True)]
            self.both = (base, packed)
        return self.both

    def keys(self, minimize: str | Objective, tie_break: bool) -> tuple[list[int] | ValueKeys, int]:
        """Per module, its key packed in one integer, and the key of one missing entry skill.

        Key order: (missing entry skills, the measure minimized, the tie-break measure,
        module number + 1) compared lexicographically; every base exceeds what any set
        of modules can sum to, so the sum of the packed keys of a plan compares like
        the tuple.
        """
        objective = Objective.of(minimize)
        if objective.minimize == "value":
            return self.value_keys(objective.rate or 0.0, tie_break)
        measure = objective.minimize
        got = self.packed.get((measure, tie_break))
        if got is None:
            a = self.weights(measure)
            if tie_break:
                b = self.weights(objective.second)
                n = len(a)
                base3 = n * (n + 1) // 2 + 1
                base2 = sum(b) + 1
                weight = [(a[m] * base2 + b[m]) * base3 + m + 1 for m in range(n)]
            else:
                weight = list(a)
            got = self.packed[(measure, tie_break)] = (weight, sum(weight) + 1)
        return got

    def value_keys(self, rate: float, tie_break: bool) -> tuple[ValueKeys, int]:
        """:meth:`keys` of ``minimize="value"`` at ``rate`` (ties go to hours)."""
        got = self.valued.get((rate, tie_break))
        if got is None:
            if len(self.valued) >= 16:
                self.valued.clear()
            keys = ValueKeys(self, rate, tie_break)
            got = self.valued[(rate, tie_break)] = (keys, keys.above_all())
        return got


class ValueKeys:
    """The packed keys of (value at ``rate``, hours, module number + 1), per module
    number (``keys[m]``), each worked out on first use."""

    __slots__ = ("hours", "cost", "scaled_hours", "rate", "base2", "base3", "tie_break", "got")

    def __init__(self, keys: WeightKeys, rate: float, tie_break: bool):
        ix = keys.ix
        self.hours, self.cost, self.rate, self.tie_break = ix.hours, ix.cost, rate, tie_break
        self.scaled_hours = keys.weights("hours")
        n = len(ix.hours)
        self.base3 = n * (n + 1) // 2 + 1
        self.base2 = sum(self.scaled_hours) + 1
        self.got: dict[int, int] = {}

    def __getitem__(self, m: int) -> int:
        got = self.got.get(m)
        if got is None:
            got = round((self.hours[m] * self.rate + self.cost[m]) * _SCALE)
            if self.tie_break:
                got = (got * self.base2 + self.scaled_hours[m]) * self.base3 + m + 1
            self.got[m] = got
        return got

    def above_all(self) -> int:
        """A key above what every module together sums to (one missing entry skill)."""
        n = len(self.hours)
        values = (self.rate * math.fsum(self.hours) + math.fsum(self.cost)) * _SCALE
        a = math.ceil(values * (1 + 1e-9)) + n + 1  # rounding each module adds < 1 each
        if not self.tie_break:
            return a + 1
        return (a * self.base2 + self.base2) * self.base3 + self.base3
