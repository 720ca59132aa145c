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


class FrozenRecord(Record):
    """A :class:`Record` whose fields cannot be assigned after ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


def frozen(cls: type) -> type:
    """A light stand-in for ``@dataclass(frozen=True, slots=True)``: fields (with their
    defaults) from the class body's annotations, ``__init__`` taking them in order,
    slots, ``repr``, equality and hashing, no assignment afterwards.

    Examples
    --------
    >>> @frozen
    ... class Span:
    ...     start: int
    ...     end: int = 0
    >>> s = Span(1)
    >>> s, s == Span(1, 0), s.end
    (Span(start=1, end=0), True, 0)
    >>> s.end = 3
    Traceback (most recent call last):
    ...
    AttributeError: cannot assign to field 'end'
    """
    names = list(cls.__dict__.get("__annotations__", {}))
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    params = ", ".join(f"{n}=_d_{n}" if n in defaults else n for n in names)
    body = "".join(f"    _set(self, {n!r}, {n})\n" for n in names) or "    pass\n"
    scope = {"_set": object.__setattr__, **{f"_d_{n}": v for n, v in defaults.items()}}
    exec(f"def __init__(self, {params}):\n{body}", scope)  # noqa: S102 - fixed template
    body_dict = {
        k: v
        for k, v in cls.__dict__.items()
        if k not in defaults and k not in ("__dict__", "__weakref__")
    }
    body_dict["__slots__"] = tuple(names)
    body_dict["__init__"] = scope["__init__"]
    body_dict["__match_args__"] = tuple(names)
    return type(cls.__name__, (FrozenRecord,), body_dict)
