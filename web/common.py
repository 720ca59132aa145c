"""What the site's blueprints share: the pages, the accounts and the API import these
(and :mod:`.services`, :mod:`.credentials`, :mod:`.errors`), never one another."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from flask import current_app
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from learnpath.errors import LearnpathError, UnknownIdError, closest

from .errors import ApiError
from .services import services

__all__ = [
    "csrf",
    "current_name",
    "demo_learners",
    "demo_seeds",
    "not_found",
    "url_id_not_found",
]

#: CSRF protection of every page form (the API is exempt: it takes only bearer tokens).
csrf = CSRFProtect()


def current_name() -> str | None:
    """The logged-in learner's name, or None."""
    return current_user.name if current_user.is_authenticated else None


@lru_cache(maxsize=4)
def _seed_names(folder: str) -> tuple[str, ...]:
    from learnpath.store.formats import read_seed_files

    try:
        return tuple(s.name for _, batch in read_seed_files(folder) for s in batch)
    except (LearnpathError, OSError):
        return ()


def demo_seeds() -> Path:
    """The seed file or folder of the demo learners (``SEEDS``, else the bundled one)."""
    from learnpath.config import bundled_seeds

    return Path(current_app.config.get("SEEDS") or bundled_seeds())


def demo_learners() -> list[str]:
    """Seeded demo learners that exist and have no password (when demo log-in is on)."""
    if not current_app.config.get("DEMO_LOGIN"):
        return []
    folder = demo_seeds()
    if not folder.exists():
        return []
    accounts = services().accounts
    out = []
    for name in _seed_names(str(folder)):
        account = accounts.get(name)
        if account is not None and account.password_hash is None:
            out.append(name)
    return out


def url_id_not_found(error: UnknownIdError) -> ApiError:
    """The 404 for an unknown id that came in the URL (in a form or a body it is a 422)."""
    return ApiError(404, str(error), {"kind": error.kind, "unknown": error.unknown})


def not_found(kind: str, bad: str, pool: Iterable[str]) -> NoReturn:
    """Answer 404 for the ``kind`` id ``bad`` in the URL, with the closest ids of ``pool``."""
    raise url_id_not_found(UnknownIdError(kind, {bad: closest(bad, pool)}))
