"""Configuration of the web app: defaults, the ``LEARNPATH_*`` environment variables
(read in :mod:`learnpath.config`), then the caller's overrides.

=================================  =====================================================
``LEARNPATH_DATABASE_URL``         learner database (default: SQLite in the user data folder)
``LEARNPATH_CURRICULA``            curriculum folders or files, ``os.pathsep``-separated
``LEARNPATH_SECRET_KEY``           session signing key (default: generated once and kept
                                   in the instance folder, file ``secret_key``)
``LEARNPATH_INSTANCE_PATH``        the instance folder (default: Flask's)
``LEARNPATH_OPEN_REGISTRATION``    ``1`` (default) lets anyone create an account
``LEARNPATH_DEMO_LOGIN``           ``1`` (default) offers one-click log-in as the demo
                                   learners of the bundled seeds (turn off when shared)
``LEARNPATH_SECURE_COOKIES``       ``1`` marks cookies Secure (serve over HTTPS)
``LEARNPATH_BEHIND_PROXY``         ``1`` trusts one reverse proxy's X-Forwarded-* headers
``LEARNPATH_MAX_CONTENT_LENGTH``   largest request body in bytes (default 1 MiB)
``LEARNPATH_CATALOGUE_CHECK_SECONDS``  how often to look for changed curriculum files
                                   (default 2; a negative number turns reloading off)
``LEARNPATH_TRUSTED_PROXY`` ...    the throttles, busy timeout, planning budget and
                                   disk check: see the README's table
=================================  =====================================================
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

__all__ = ["from_environment", "ensure_secret_key", "DEFAULTS"]


def from_environment(environ: Mapping[str, str] | None = None) -> dict:
    """The app settings the environment gives (read by :func:`learnpath.config.web_settings`)."""
    from learnpath.config import web_settings

    return web_settings(environ)


DEFAULTS = {
    "DATABASE_URL": None,  # None: learnpath.config.default_database_url()
    "CURRICULA": None,  # None: learnpath.config.curricula_paths()
    "OPEN_REGISTRATION": True,
    "DEMO_LOGIN": True,
    "SECURE_COOKIES": False,
    "BEHIND_PROXY": False,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "learnpath_session",
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "PASSWORD_METHOD": "scrypt",
    # the throttles (learnpath.web.credentials.rules): free attempts, then delays from
    # THROTTLE_BASE_SECONDS doubling up to THROTTLE_MAX_SECONDS, forgotten after the window
    "LOGIN_FAILURES_PER_NAME": 10,
    "LOGIN_FAILURES_PER_ADDRESS": 50,
    "REGISTRATIONS_PER_ADDRESS": 5,
    "THROTTLE_BASE_SECONDS": 1.0,
    "THROTTLE_MAX_SECONDS": 900.0,
    "LOGIN_FAILURE_WINDOW": 3600.0,
    "TRUSTED_PROXY": "127.0.0.1",
    "DATABASE_BUSY_TIMEOUT": 2.0,  # seconds a request's write waits for another's
    "WRITE_SLOTS": None,  # learnpath serve: threads minus the ones kept for readers
    "MIN_FREE_DISK_MB": 64.0,  # /health/ready fails below this on the database's disk
    "PLAN_CACHE_SIZE": 2048,
    "PLAN_TIME_LIMIT": 2.0,  # seconds of one plan or ranking (then: optimal false)
    "PLAN_BUDGET_SECONDS": 10.0,  # planning seconds an address may spend at once...
    "PLAN_BUDGET_RATE": 0.1,  # ...and gets back per second
    "CATALOGUE_CHECK_SECONDS": 2.0,  # None: never reload the curriculum files
    # flask-smorest
    "API_TITLE": "learnpath",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Exact learning plans from the skills a freelancer has to niches "
            "that hold up as AI spreads, and the learner's own progress. Anonymous: the "
            "catalogue and plans. Learners: POST /api/v1/tokens, then "
            "`Authorization: Bearer <token>` for /api/v1/me/... Errors: "
            '`{"error": {"code", "message", "details"}}`.',
            "license": {"name": "MIT"},
        }
    },
}


def ensure_secret_key(instance_path: str | Path) -> str:
    """The key in ``instance_path/secret_key``, generated (once, atomically) if absent.

    Several worker processes starting at once all end up with the same key: the file
    is written under a temporary name and linked into place, and the loser reads it.
    """
    folder = Path(instance_path)
    path = folder / "secret_key"
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    except OSError as exc:
        raise RuntimeError(
            f"cannot write the session key to {path} ({exc.strerror}): set "
            "LEARNPATH_SECRET_KEY or LEARNPATH_INSTANCE_PATH to a writable folder"
        ) from exc
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key: delete it to get a new one")
    return key
