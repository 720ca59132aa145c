"""Light records for the planner, cheaper to define and to build than dataclasses.

:class:`Record`: internal records list their fields in ``__slots__`` and assign them
in ``__init__``; the base gives them a ``repr``, equality and hashing. :func:`frozen`:
the public, read-only results (:mod:`.result`), as named tuples.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TypeVar, dataclass_transform

__all__ = ["Record", "frozen"]

_T = TypeVar("_T")


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

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())


@dataclass_transform(frozen_default=True)
def frozen(cls: type[_T]) -> type[_T]:
    """A light stand-in for ``@dataclass(frozen=True, slots=True)``: a named tuple with
    the class body's annotated fields (and their defaults) and its methods. Built in
    one step (``tuple.__new__``), it costs a fraction of setting slots one by one.

    Examples
    --------
    >>> @frozen
    ... class Span:
    ...     start: int
    ...     end: int = 0
    ...     def length(self) -> int:
    ...         return self.end - self.start
    >>> s = Span(1)
    >>> s, s == Span(1, 0), s.end, Span(2, 5).length()
    (Span(start=1, end=0), True, 0, 3)
    >>> try:
    ...     s.end = 3
    ... except AttributeError:
    ...     print("read-only")
    read-only
    """
    names = list(cls.__dict__.get("__annotations__", {}))
    defaults = [cls.__dict__[n] for n in names if n in cls.__dict__]
    base = namedtuple(cls.__name__, names, defaults=defaults, module=cls.__module__)  # type: ignore[misc]
    body = {
        k: v
        for k, v in cls.__dict__.items()
        if k not in names and k not in ("__dict__", "__weakref__", "__annotations__")
    }
    body["__slots__"] = ()
    made = type(cls.__name__, (base,), body)
    made.__qualname__ = cls.__qualname__
    return made
