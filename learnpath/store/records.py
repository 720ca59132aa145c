"""The plain values the learner store takes and returns (no database objects leak out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CompletionRecord",
    "CommittedModule",
    "CommitmentRecord",
    "LearnerState",
    "LearnerSummary",
    "ItemInfo",
    "CompletionInfo",
]


@dataclass(frozen=True, slots=True)
class CompletionRecord:
    """A completed module as stored: module id, date, optional note, and the hours it
    took (``None``: as estimated)."""

    module: str
    on: dt.date
    note: str | None = None
    hours: float | None = None


@dataclass(frozen=True, slots=True)
class CommittedModule:
    """One module of a commitment as it was when committed (the catalogue may change):
    its title, estimated hours, cost, the skills it teaches, the goals it serves, and
    its planned first and last study days."""

    module: str
    title: str
    hours: float
    cost: float
    teaches: tuple[str, ...]
    goals: tuple[str, ...]
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class CommitmentRecord:
    """The schedule a learner committed to: ``hours_per_week`` on the weekdays ``days``
    (0 is Monday) with sessions from ``time`` (``"19:00"``), from ``start``; the
    catalogue's ``fingerprint``, the plan's ``targets`` and ``minimize``, its
    ``modules`` in order, and when it was made (``created``, UTC)."""

    hours_per_week: float
    days: tuple[int, ...]
    time: str
    start: dt.date
    fingerprint: str
    targets: tuple[str, ...]
    modules: tuple[CommittedModule, ...]
    minimize: str = "hours"
    created: dt.datetime | None = None

    @property
    def ready_date(self) -> dt.date:
        """The last planned study day (the start for an empty commitment)."""
        return max((m.end for m in self.modules), default=self.start)

    @property
    def total_hours(self) -> float:
        return sum(m.hours for m in self.modules)

    @property
    def total_cost(self) -> float:
        return sum(m.cost for m in self.modules)


@dataclass(frozen=True)
class LearnerState:
    """Everything the store keeps about one learner that an export carries.

    ``skills`` are sorted, ``goals`` keep the order they were added in, ``completions``
    are sorted by date then module id, ``prior_learning`` (modules the learner already
    knows) by module id; ``now`` is the occupation they do now (a code, kept as stored);
    ``commitment`` the schedule they committed to, if any.
    Account secrets (password hash, session version) are not part of it.
    """

    name: str
    email: str | None = None
    about: str | None = None
    created: dt.datetime | None = None
    skills: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    completions: tuple[CompletionRecord, ...] = ()
    prior_learning: tuple[str, ...] = ()
    now: str | None = None
    commitment: CommitmentRecord | None = None


@dataclass(frozen=True, slots=True)
class LearnerSummary:
    """One line of ``learnpath learner list``."""

    name: str
    email: str | None
    about: str | None
    created: dt.datetime
    skills: int = 0
    goals: int = 0
    completions: int = 0
    now: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "email": self.email,
            "about": self.about,
            "created": self.created.isoformat(),
            "skills": self.skills,
            "goals": self.goals,
            "completions": self.completions,
            "now": self.now,
        }


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """A declared skill or a goal, with its catalogue name when it is still there."""

    id: str
    name: str | None
    in_catalogue: bool

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "in_catalogue": self.in_catalogue}


@dataclass(frozen=True, slots=True)
class CompletionInfo:
    """A completion, with the module's title and hours when it is still in the catalogue."""

    module: str
    on: dt.date
    note: str | None
    in_catalogue: bool
    title: str | None = None
    hours: float | None = None
    actual_hours: float | None = None

    def to_dict(self) -> dict:
        """``hours`` is the catalogue's estimate, ``actual_hours`` what the learner
        reported (``None``: as estimated)."""
        return {
            "module": self.module,
            "on": self.on.isoformat(),
            "note": self.note,
            "in_catalogue": self.in_catalogue,
            "title": self.title,
            "hours": self.hours,
            "actual_hours": self.actual_hours,
        }
