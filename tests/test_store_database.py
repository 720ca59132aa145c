"""Opening databases from URLs: SQLite settings for concurrent writers, PostgreSQL pooling."""

from __future__ import annotations

import pytest
from playhouse.pool import PooledPostgresqlDatabase

from learnpath.store import ProgressStore
from learnpath.store.database import DatabaseUrlError, describe_url, open_database


def test_sqlite_file_and_folder_are_created_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "deep" / "er" / "learnpath.db"
    db = open_database(f"sqlite:///{path}")
    with db.connection_context():
        assert path.exists()
        pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 10_000


def test_sqlite_write_transactions_begin_immediate(tmp_path):
    # A transaction that holds the write lock from BEGIN makes a second BEGIN wait
    # (here: fail fast, with a tiny timeout) instead of deadlocking half-way through.
    url = f"sqlite:///{tmp_path / 'lock.db'}?timeout=0.05"
    with ProgressStore(url) as first:
        first.list_learners()
        other = open_database(url)
        with first.db.atomic(), pytest.raises(Exception, match="locked"), other.atomic():
            pass
        other.close()


def test_memory_and_postgres_urls():
    assert open_database("sqlite:///:memory:").database == ":memory:"
    db = open_database("postgresql://me:pw@db.example.org:5433/lp")
    assert isinstance(db, PooledPostgresqlDatabase)
    assert (db.database, db.connect_params["host"], db.connect_params["port"]) == (
        "lp",
        "db.example.org",
        5433,
    )


@pytest.mark.parametrize(
    "url",
    ["mysql://x/y", "postgresql://host-only", "nonsense", "postgresql://host/"],
)
def test_bad_urls(url):
    with pytest.raises(DatabaseUrlError):
        open_database(url)


def test_passwords_are_hidden_in_messages():
    assert "secret" not in describe_url("postgresql://me:secret@h/db")
    with pytest.raises(DatabaseUrlError) as err:
        open_database("mysql://me:secret@h/db")
    assert "secret" not in str(err.value)
