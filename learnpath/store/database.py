"""Open the learner database from a URL.

URLs follow :mod:`playhouse.db_url`: ``sqlite:///relative.db``, ``sqlite:////abs/path.db``,
``sqlite:///:memory:``, ``postgresql://user:password@host:5432/name``. Query-string
parameters are passed to the driver (``?connect_timeout=5``).

SQLite is opened in WAL mode with a busy timeout and foreign keys on, and every write
transaction begins ``IMMEDIATE``: a second writer waits for the first instead of failing
with "database is locked" half-way through its transaction. The file and its folder are
created on first use.

PostgreSQL goes through a connection pool (:class:`playhouse.pool.PooledPostgresqlDatabase`)
so that a server with several worker threads or processes reuses connections.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from peewee import Database, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse as parse_url
from playhouse.pool import PooledPostgresqlDatabase

from learnpath.errors import LearnpathError

__all__ = [
    "DatabaseUrlError",
    "SQLITE_BUSY_TIMEOUT",
    "open_database",
    "is_sqlite",
    "is_postgresql",
    "describe_url",
    "sqlite_file",
]

#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30.0

_SQLITE_SCHEMES = {"sqlite", "sqlite3"}
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgres+pool", "postgresql+pool"}


class DatabaseUrlError(LearnpathError):
    """A database URL learnpath cannot open."""


def _sqlite_database(params: dict) -> SqliteDatabase:
    path = params.pop("database", "") or ":memory:"
    timeout = float(params.pop("timeout", SQLITE_BUSY_TIMEOUT))
    if path != ":memory:" and not path.startswith("file:"):
        file = Path(path).expanduser()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUrlError(f"cannot create the folder of {file}: {exc}") from exc
        path = str(file)
    pragmas = {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": int(timeout * 1000),
        "synchronous": "normal",
    }
    return SqliteDatabase(
        path,
        pragmas=pragmas,
        timeout=timeout,
        lock_type="IMMEDIATE",
        **params,
    )


def _postgres_database(params: dict) -> PooledPostgresqlDatabase:
    name = params.pop("database")
    params.setdefault("max_connections", 32)
    params.setdefault("stale_timeout", 300)
    # Wait for a free connection rather than failing at once when the pool is full.
    params.setdefault("timeout", 30)
    return PooledPostgresqlDatabase(name, **params)


def open_database(url: str) -> Database:
    """Return an (unconnected) Peewee database for ``url``.

    Parameters
    ----------
    url : str
        ``sqlite:///path.db`` or ``postgresql://user@host:port/name``; see the module notes.

    Returns
    -------
    peewee.Database
        A :class:`peewee.SqliteDatabase` or a
        :class:`playhouse.pool.PooledPostgresqlDatabase`. It connects lazily.

    Raises
    ------
    DatabaseUrlError
        For an unknown scheme, a URL without a database name, or a folder that cannot be
        created.

    Examples
    --------
    >>> db = open_database("sqlite:///:memory:")
    >>> type(db).__name__, db.database
    ('SqliteDatabase', ':memory:')
    """
    url = url.strip()
    scheme = urlparse(url).scheme.lower()
    try:
        params = parse_url(url, unquote_password=True, unquote_user=True)
    except ValueError as exc:
        raise DatabaseUrlError(
            f"cannot read the database URL {describe_url(url)!r}: {exc}"
        ) from exc
    if scheme in _SQLITE_SCHEMES:
        return _sqlite_database(params)
    if scheme in _POSTGRES_SCHEMES:
        if not params.get("database"):
            raise DatabaseUrlError(
                f"the database URL {describe_url(url)!r} names no database "
                "(postgresql://user@host:5432/NAME)"
            )
        return _postgres_database(params)
    raise DatabaseUrlError(
        f"unsupported database URL {describe_url(url)!r}: use sqlite:///FILE or "
        "postgresql://USER@HOST:PORT/NAME"
    )


def is_sqlite(db: Database) -> bool:
    """Whether ``db`` is a SQLite database."""
    return isinstance(db, SqliteDatabase)


def is_postgresql(db: Database) -> bool:
    """Whether ``db`` is a PostgreSQL database."""
    return isinstance(db, PostgresqlDatabase)


def describe_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs).

    Examples
    --------
    >>> describe_url("postgresql://me:secret@db.example.org/lp")
    'postgresql://me:***@db.example.org/lp'
    """
    parsed = urlparse(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@", 1)
        return parsed._replace(netloc=netloc).geturl()
    return url


def sqlite_file(url: str) -> Path | None:
    """The file a ``sqlite:///`` URL names (None for other URLs and in-memory ones).

    Examples
    --------
    >>> sqlite_file("sqlite:///data/lp.db"), sqlite_file("postgresql://h/lp")
    (PosixPath('data/lp.db'), None)
    """
    url = url.strip()
    if urlparse(url).scheme.lower() not in _SQLITE_SCHEMES:
        return None
    path = url.split("://", 1)[1]
    path = (path[1:] if path.startswith("/") else path).split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path).expanduser()
