"""Where things live by default: the bundled curricula, the database, the cache.

Each default can be overridden by an environment variable (``LEARNPATH_*``) or by the
caller; nothing here reads a file or opens a connection.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

__all__ = [
    "ENV_CURRICULA",
    "ENV_DATABASE_URL",
    "ENV_LEARNER",
    "DEFAULT_MAX_FILE_SIZE",
    "bundled_curricula",
    "bundled_seeds",
    "curricula_paths",
    "default_database_url",
    "user_cache_dir",
]

ENV_CURRICULA = "LEARNPATH_CURRICULA"
ENV_DATABASE_URL = "LEARNPATH_DATABASE_URL"
ENV_LEARNER = "LEARNPATH_LEARNER"
APP_NAME = "learnpath"

#: Curriculum files larger than this are refused (a guard against hostile input).
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024


def _package_folder(package: str, fallback: str) -> Path:
    # the package's folder, found without importing it (nor importlib.resources, which
    # costs a command's start-up several milliseconds)
    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    # running from a checkout that was never installed
    return Path(__file__).resolve().parent.parent / fallback


def bundled_curricula() -> Path:
    """The folder of the catalogue that ships with learnpath."""
    return _package_folder("learnpath.curricula", "curricula")


def bundled_seeds() -> Path:
    """The folder of the demo learners that ship with learnpath."""
    return _package_folder("learnpath.seeds", "seeds")


def curricula_paths(paths: list[str] | tuple[str, ...] | None = None) -> list[Path]:
    """The curriculum paths to load: ``paths`` if given, else ``$LEARNPATH_CURRICULA``
    (``os.pathsep``-separated), else the bundled folder."""
    if paths:
        return [Path(p) for p in paths]
    env = os.environ.get(ENV_CURRICULA, "").strip()
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [bundled_curricula()]


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    """``$LEARNPATH_DATABASE_URL``, else a SQLite file in the user data folder."""
    env = os.environ.get(ENV_DATABASE_URL, "").strip()
    if env:
        return env
    return f"sqlite:///{user_data_dir() / 'learnpath.db'}"
