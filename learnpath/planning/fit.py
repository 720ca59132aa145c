"""Fit, and the personal order of niches built on it (``rank_niches(sort="fit")``).

A niche's **fit** for a learner is the share of its hours from scratch that the
learner's skills and completed modules already save: ``1 - hours_to_ready /
hours_from_entry``, where ``hours_from_entry`` is the exact hours to ready of a learner
who holds only the catalogue's entry skills (the skills no module teaches). 1 means
ready, 0 means no nearer than anyone.

The personal order (:func:`fit_fronts`, :data:`ORDER`) puts first the niches that no
other niche beats on both fit and resilience. Resilience counts only when bands do
not overlap: a niche is more resilient than another when its whole band lies above
the other's, so niches whose bands overlap are never better or worse on resilience.
A niche that needs an entry skill the learner lacks is a worse fit than any that
does not, and a niche the learner is no nearer to than anyone (fit 0) a worse fit
than any they are: closeness is ``(-missing entry skills, fit > 0, fit)``, so a
learner with few skills sees the niches they are nearer to before the merely safe.

Examples
--------
>>> fit_share(30, 120), fit_share(0, 120), fit_share(0, 0)
(0.75, 1.0, 1.0)
>>> fit_fronts([("near", (0, 0.8), 0.1, 0.2), ("safe", (0, 0.1), 0.3, 0.5),
...             ("far", (0, 0.2), 0.1, 0.25)])
{'near': 1, 'far': 2, 'safe': 1}
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

__all__ = ["ORDER", "fit_share", "fit_fronts", "Closeness"]

#: The personal order in one sentence (shown above every niche list and in ``--help``).
ORDER = (
    "First the niches that no other niche beats on both fit (the share of the niche's "
    "hours from scratch that your skills already save) and resilience (a band wholly "
    "above its own), best fit first, then those beaten only by niches already listed, "
    "and so on; niches your skills bring no nearer (fit 0), then those needing an entry "
    "skill you lack, follow in the same way."
)

#: How close a niche is, compared as a tuple (higher is closer), such as
#: ``(-missing entry skills, fit > 0, fit)``.
Closeness = tuple


def fit_share(hours_to_ready: float, hours_from_entry: float | None) -> float:
    """``1 - hours_to_ready / hours_from_entry``, kept within [0, 1] (``0 / 0`` is 1).

    ``hours_from_entry`` None (unknown) gives 0.

    Examples
    --------
    >>> fit_share(10, 40), fit_share(50, 40), fit_share(5, None)
    (0.75, 0.0, 0.0)
    """
    if hours_from_entry is None:
        return 0.0
    if hours_from_entry <= 1e-9:
        return 1.0 if hours_to_ready <= 1e-9 else 0.0
    return min(1.0, max(0.0, 1.0 - hours_to_ready / hours_from_entry))


class _MaxTree:
    """A Fenwick tree of maxima over positions ``0..n-1`` (prefix queries)."""

    __slots__ = ("tree",)

    def __init__(self, n: int):
        self.tree = [0] * (n + 1)

    def raise_to(self, position: int, value: int) -> None:
        i, tree = position + 1, self.tree
        while i < len(tree):
            if tree[i] < value:
                tree[i] = value
            i += i & -i

    def best(self, length: int) -> int:
        """The largest value at positions ``0..length-1`` (0 when none)."""
        out, i, tree = 0, length, self.tree
        while i > 0:
            if tree[i] > out:
                out = tree[i]
            i -= i & -i
        return out


def fit_fronts(items: Sequence[tuple[str, Closeness, float, float]]) -> dict[str, int]:
    """Front number (1 = beaten by none) per id, for ``(id, closeness, low, high)`` items.

    ``a`` beats ``b`` when ``a`` is at least as close (closeness compared as tuples) and
    its band reaches ``b``'s (``high_a >= low_b``), and it is closer or its band lies
    wholly above (``low_a > high_b``). A niche's front is one more than the highest
    front of the niches that beat it: the niches beaten by none, then those beaten only
    by the first front, and so on. ``n log n``.

    Examples
    --------
    >>> fit_fronts([("a", (0, 0.5), 0.1, 0.3), ("b", (0, 0.4), 0.2, 0.4),
    ...             ("c", (0, 0.4), 0.5, 0.6), ("d", (-1, 0.9), 0.9, 0.9)])
    {'a': 1, 'c': 1, 'b': 2, 'd': 1}
    """
    highs = sorted({it[3] for it in items})
    by_high = _MaxTree(len(highs))  # position: highest high first

    def high_position(value: float) -> int:
        return len(highs) - 1 - bisect_left(highs, value)

    ordered = sorted(items, key=lambda it: it[1], reverse=True)
    front: dict[str, int] = {}
    k, n = 0, len(ordered)
    while k < n:
        end = k
        while end < n and ordered[end][1] == ordered[k][1]:
            end += 1
        group = sorted(ordered[k:end], key=lambda it: it[2], reverse=True)
        lows = sorted({it[2] for it in group})
        by_low = _MaxTree(len(lows))  # within the group, beaten only by a band wholly above
        for nid, _, low, high in group:
            closer = by_high.best(len(highs) - bisect_left(highs, low))
            above = by_low.best(len(lows) - bisect_right(lows, high))
            front[nid] = max(closer, above) + 1
            by_low.raise_to(len(lows) - 1 - bisect_left(lows, low), front[nid])
        for nid, _, _, high in group:
            by_high.raise_to(high_position(high), front[nid])
        k = end
    return front
