"""A consistent copy of the learner database, taken while servers go on writing.

SQLite: the online backup API (:meth:`sqlite3.Connection.backup`) copies every page in
one step under a read transaction. In WAL mode readers never block writers, so the
servers keep answering; the copy is the database exactly as it was when the step
began (every transaction committed before it, none after). The copy is written beside
the destination under a temporary name and renamed into place, so a crash half-way
never leaves a half-written backup under the final name.

PostgreSQL: ``pg_dump`` (its dump is one transaction, so consistent too) in the custom
format, when ``pg_dump`` is on the PATH; otherwise :class:`BackupError` says how to run
it. The password, if the URL has one, goes to ``pg_dump`` in ``PGPASSWORD``, never on
its command line.

>>> import tempfile, pathlib
>>> from learnpath.store import ProgressStore
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with ProgressStore(f"sqlite:///{folder / 'live.db'}") as store:
...     _ = store.add_learner("ana")
>>> result = backup(f"sqlite:///{folder / 'live.db'}", folder / "copy.db")
>>> result.kind, result.learners
('sqlite', 1)
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from learnpath.errors import LearnpathError

from .database import describe_url

__all__ = ["BackupError", "BackupResult", "backup", "pg_dump_instructions"]


class BackupError(LearnpathError):
    """The backup could not be made (the message says why and what to do)."""


@dataclass(frozen=True)
class BackupResult:
    kind: str  # "sqlite" or "postgresql"
    path: Path
    size: int
    learners: int | None = None
    completions: int | None = None


def _sqlite_path(url: str) -> Path:
    rest = url.split("://", 1)[1]
    path = rest[1:] if rest.startswith("/") else rest
    path = path.split("?", 1)[0]
    if not path or path == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(path).expanduser()


def backup(url: str, destination: str | Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the database at ``url`` to ``destination`` (a file), consistently.

    Raises
    ------
    BackupError
        The database is missing, the destination exists (without ``overwrite``), or
        for PostgreSQL when ``pg_dump`` is not installed (with instructions).
    """
    dest = Path(destination).expanduser()
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} already exists: choose another file (or overwrite it)")
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder: give a file name")
    scheme = urlparse(url.strip()).scheme.lower()
    if scheme in ("sqlite", "sqlite3"):
        return _backup_sqlite(_sqlite_path(url.strip()), dest)
    if scheme.startswith("postgres"):
        return _backup_postgresql(url.strip(), dest)
    raise BackupError(f"cannot back up {describe_url(url)!r}: not a SQLite or PostgreSQL URL")


def _backup_sqlite(source: Path, dest: Path) -> BackupResult:
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    src = sqlite3.connect(source, timeout=30)  # reads only; WAL lets writers go on
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)  # every page in one step: one consistent snapshot
            out.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            learners = out.execute("SELECT count(*) FROM learner").fetchone()[0]
            completions = out.execute("SELECT count(*) FROM completion").fetchone()[0]
            check = out.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            out.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {source}: {exc}") from exc
    finally:
        src.close()
    if check != "ok":
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the copy of {source} failed its integrity check: {check}")
    os.replace(tmp, dest)
    return BackupResult("sqlite", dest, dest.stat().st_size, learners, completions)


def pg_dump_instructions(url: str, dest: Path | str = "learnpath.dump") -> str:
    safe = describe_url(url)
    return (
        "PostgreSQL is backed up with its own tool, pg_dump (a consistent snapshot, taken "
        "while the servers run):\n"
        f"  pg_dump --format=custom --file={dest} '{safe}'\n"
        "and restored into an empty database with:\n"
        f"  pg_restore --no-owner --dbname=NEW_DATABASE_URL {dest}\n"
        "(install it with your PostgreSQL client package, e.g. apt-get install "
        "postgresql-client)"
    )


def _backup_postgresql(url: str, dest: Path) -> BackupResult:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise BackupError("pg_dump is not installed.\n" + pg_dump_instructions(url, dest))
    parsed = urlparse(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = unquote(parsed.password)
    for var, value in (
        ("PGHOST", parsed.hostname),
        ("PGPORT", parsed.port),
        ("PGUSER", unquote(parsed.username) if parsed.username else None),
    ):
        if value:
            env[var] = str(value)
    database = parsed.path.lstrip("/")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        done = subprocess.run(
            [tool, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={database}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {exc}\n" + pg_dump_instructions(url, dest)) from exc
    if done.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()[-500:]}")
    os.replace(tmp, dest)
    return BackupResult("postgresql", dest, dest.stat().st_size)
