"""Errors raised by the learnpath core.

Every error the core raises on purpose is a :class:`LearnpathError`; the CLI and the
web adapters turn exactly these into exit codes and HTTP responses, in one place each.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "LearnpathError",
    "LimitError",
    "UnknownIdError",
    "closest",
]


class LearnpathError(Exception):
    """Base class of the errors a user can cause and fix."""


def closest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.7) -> list[str]:
    """Return up to ``n`` of ``choices`` that look most like ``word``.

    Examples
    --------
    >>> closest("requries", ["requires", "teaches", "hours"])
    ['requires']
    """
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


class UnknownIdError(LearnpathError):
    """One or more ids that the catalogue (or the store) does not know.

    Parameters
    ----------
    kind : str
        What the ids were meant to be: ``"skill"``, ``"module"``, ``"niche"``, ``"target"``...
    unknown : dict
        Each unknown id mapped to the closest existing ids (possibly none).
    """

    def __init__(self, kind: str, unknown: dict[str, list[str]]):
        self.kind = kind
        self.unknown = dict(unknown)
        parts = []
        for bad, near in self.unknown.items():
            hint = f" (did you mean {', '.join(f'`{n}`' for n in near)}?)" if near else ""
            parts.append(f"unknown {kind} `{bad}`{hint}")
        super().__init__("; ".join(parts))


class LimitError(LearnpathError):
    """No plan keeps a limit the learner set (``max_cost`` or ``max_hours``).

    The planner words the message (:func:`learnpath.planning.limits.limit_error`): it
    names the limit and the least that would work, "no plan within $50: the cheapest
    plan costs $140 (62 h)".

    Parameters
    ----------
    limit : {"max_cost", "max_hours"}
        The limit that fails.
    value : float
        Its value.
    plan : Plan
        The plan needing the least of that measure (within the other limit, if any):
        what the learner could do instead.
    message : str
    within_hours : float, optional
        When both limits apply and only together fail: the hours limit ``plan`` keeps.
    proved : bool
        False when the solver ran out of time: a plan within the limits may exist.

    Examples
    --------
    >>> from types import SimpleNamespace as Plan
    >>> e = LimitError("max_hours", 40, Plan(total_cost=30, total_hours=118), "no plan ...")
    >>> e.least, str(e)
    (118, 'no plan ...')
    """

    def __init__(
        self,
        limit: str,
        value: float,
        plan: Any,
        message: str,
        within_hours: float | None = None,
        proved: bool = True,
    ):
        self.limit, self.value, self.plan = limit, value, plan
        self.within_hours, self.proved = within_hours, proved
        super().__init__(message)

    @property
    def least(self) -> float:
        """The least cost (or hours) any plan needs: the limit that would work."""
        return self.plan.total_cost if self.limit == "max_cost" else self.plan.total_hours
