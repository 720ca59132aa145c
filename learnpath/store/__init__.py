"""Learner state (skills, goals, completions) in SQLite or PostgreSQL, through Peewee.

The store keeps only catalogue ids, never catalogue content; see DESIGN section 6.

>>> from learnpath.store import ProgressStore
>>> with ProgressStore("sqlite:///:memory:") as store:
...     store.add_learner("ana").name
'ana'
"""

from __future__ import annotations

from .database import open_database
from .errors import (
    InvalidLearnerDataError,
    LearnerAmbiguousError,
    LearnerExistsError,
    LearnerNotFoundError,
    SchemaVersionError,
    StoreError,
)
from .formats import EXPORT_FORMAT, EXPORT_VERSION
from .migrations import LATEST_VERSION, current_version, upgrade
from .progress import ProgressStore
from .records import (
    CommitmentRecord,
    CommittedModule,
    CompletionInfo,
    CompletionRecord,
    ItemInfo,
    LearnerState,
    LearnerSummary,
)
from .transfer import SeedReport

__all__ = [
    "ProgressStore",
    "SeedReport",
    "open_database",
    "upgrade",
    "current_version",
    "LATEST_VERSION",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "StoreError",
    "LearnerNotFoundError",
    "LearnerExistsError",
    "LearnerAmbiguousError",
    "InvalidLearnerDataError",
    "SchemaVersionError",
    "CompletionRecord",
    "CommitmentRecord",
    "CommittedModule",
    "LearnerState",
    "LearnerSummary",
    "ItemInfo",
    "CompletionInfo",
]
