"""A light base for the planner's internal records (cheaper to define than dataclasses).

Subclasses list their fields in ``__slots__`` and assign them in ``__init__``; this
base gives them a ``repr``, equality and hashing over those fields.
"""

from __future__ import annotations

__all__ = ["Record"]


class Record:
    """Fields from ``__slots__``: ``repr``, ``==`` and ``hash`` over their values.

    Examples
    --------
    >>> class Point(Record):
    ...     __slots__ = ("x", "y")
    ...     def __init__(self, x, y):
    ...         self.x, self.y = x, y
    >>> Point(1, 2), Point(1, 2) == Point(1, 2), Point(1, 2) == Point(2, 1)
    (Point(x=1, y=2), True, False)
    """

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())
