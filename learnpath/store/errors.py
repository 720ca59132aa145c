"""Errors of the learner store: each one a :class:`~learnpath.errors.LearnpathError`."""

from __future__ import annotations

from learnpath.errors import LearnpathError, closest

__all__ = [
    "StoreError",
    "LearnerNotFoundError",
    "LearnerExistsError",
    "LearnerAmbiguousError",
    "InvalidLearnerDataError",
    "SchemaVersionError",
]


class StoreError(LearnpathError):
    """Base class of the learner store's errors."""


class LearnerNotFoundError(StoreError):
    """No learner has this name (or there is no learner at all)."""

    def __init__(self, name: str | None, existing: list[str] | None = None):
        self.name = name
        existing = list(existing or [])
        if name is None:
            message = "there is no learner yet: add one with `learnpath learner add NAME`"
        else:
            near = closest(name, existing)
            hint = f" (did you mean {', '.join(f'`{n}`' for n in near)}?)" if near else ""
            message = f"no learner named `{name}`{hint}"
        super().__init__(message)


class LearnerExistsError(StoreError):
    """A learner with this name already exists."""

    def __init__(self, name: str, hint: str = ""):
        self.name = name
        super().__init__(f"a learner named `{name}` already exists{hint}")


class LearnerAmbiguousError(StoreError):
    """Several learners exist and none was chosen."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        shown = ", ".join(self.names[:10]) + (", ..." if len(self.names) > 10 else "")
        super().__init__(
            f"there are several learners ({shown}): choose yours with "
            "`learnpath learner use NAME` (or --learner NAME, or LEARNPATH_LEARNER)"
        )


class InvalidLearnerDataError(StoreError):
    """A learner export, seed file or field value that does not have the expected shape."""


class SchemaVersionError(StoreError):
    """The database schema is older or newer than this version of learnpath."""
