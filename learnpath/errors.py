"""Errors raised by the learnpath core.

Every error the core raises on purpose is a :class:`LearnpathError`; the CLI and the
web adapters turn exactly these into exit codes and HTTP responses, in one place each.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "LearnpathError",
    "UnknownIdError",
    "UsageError",
    "closest",
]


class LearnpathError(Exception):
    """Base class of the errors a user can cause and fix."""


class UsageError(LearnpathError):
    """A request malformed as a whole (too few or too many items, one given twice):
    a usage error (exit 2) in the CLI, a 400 in the API."""


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
