"""Versioned schema migrations that keep data.

Each migration is a function that takes the database and changes its schema from the
previous version; the versions applied are recorded in a ``schema_version`` table.
:func:`upgrade` runs the missing ones in order, in one transaction (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: under an advisory lock), so several processes starting at once
apply each migration exactly once.

Migrations describe their tables with frozen copies of the models as they were at that
version, never with :mod:`learnpath.store.models` (which always describes the latest
version). Columns are added with plain ``ALTER TABLE ... ADD COLUMN`` that both SQLite
and PostgreSQL run in place: a SQLite table rebuild would fire ``ON DELETE CASCADE`` and
lose rows of the tables that refer to it.

To change the schema: append a function to :data:`MIGRATIONS`, update
:mod:`learnpath.store.models`, and extend ``tests/test_store_migrations.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from peewee import (
    AutoField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .database import is_postgresql, is_sqlite
from .errors import SchemaVersionError

__all__ = [
    "Migration",
    "MIGRATIONS",
    "LATEST_VERSION",
    "SCHEMA_TABLE",
    "current_version",
    "is_empty",
    "upgrade",
    "ensure_schema",
]

SCHEMA_TABLE = "schema_version"
_ADVISORY_LOCK_KEY = 0x1EA2_9A7  # any constant shared by every learnpath process


@dataclass(frozen=True)
class Migration:
    """One schema version: its number, what it changes, and the function that does it."""

    version: int
    description: str
    apply: Callable[[object], None]


def _v1_initial(db) -> None:
    """Learners, declared skills, goals and completions."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Learner(Base):
        id = AutoField()
        name = CharField(max_length=100, unique=True)
        email = CharField(max_length=254, null=True)
        password_hash = CharField(max_length=255, null=True)
        created = DateTimeField()

        class Meta:
            table_name = "learner"

    class DeclaredSkill(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        skill_id = CharField(max_length=100)
        added = DateTimeField()

        class Meta:
            table_name = "declared_skill"
            indexes = ((("learner", "skill_id"), True),)

    class Goal(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        niche_id = CharField(max_length=100)
        added = DateTimeField()

        class Meta:
            table_name = "goal"
            indexes = ((("learner", "niche_id"), True),)

    class Completion(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        module_id = CharField(max_length=100)
        completed_on = DateField()
        note = TextField(null=True)
        recorded = DateTimeField()

        class Meta:
            table_name = "completion"
            indexes = ((("learner", "module_id"), True),)

    db.create_tables([Learner, DeclaredSkill, Goal, Completion], safe=False)


def _v2_session_version(db) -> None:
    """``learner.session_version``: bumped to end every web session of a learner."""
    db.execute_sql("ALTER TABLE learner ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")


def _v3_learner_about(db) -> None:
    """``learner.about``: a free-text line a learner writes about themselves."""
    db.execute_sql("ALTER TABLE learner ADD COLUMN about TEXT")


def _v4_api_tokens(db) -> None:
    """``api_token``: hashed API tokens of web accounts (see :mod:`.accounts`)."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Learner(Base):
        id = AutoField()

        class Meta:
            table_name = "learner"

    class ApiToken(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        name = CharField(max_length=100)
        token_hash = CharField(max_length=64, unique=True)
        created = DateTimeField()
        last_used = DateTimeField(null=True)

        class Meta:
            table_name = "api_token"

    db.create_tables([ApiToken], safe=False)


def _v5_names_throttle_expiry(db) -> None:
    """Folded name keys, the shared throttle and token expiry.

    ``learner.name_key`` gets the folded name of every learner, oldest first; a learner
    whose name folds onto an older one's keeps ``NULL`` (both stay separate accounts,
    nothing is merged; ``learnpath db upgrade`` lists them). Then the unique index,
    the ``throttle`` table and ``api_token.expires``.
    """
    from .names import name_key  # the folding rule of version 5

    db.execute_sql("ALTER TABLE learner ADD COLUMN name_key VARCHAR(200)")
    rows = db.execute_sql("SELECT id, name FROM learner ORDER BY id").fetchall()
    taken: set[str] = set()
    for lid, name in rows:
        key = name_key(name)[:200]
        if key in taken:
            continue
        taken.add(key)
        db.execute_sql(
            f"UPDATE learner SET name_key = {db.param} WHERE id = {db.param}", (key, lid)
        )
    db.execute_sql("CREATE UNIQUE INDEX learner_name_key ON learner (name_key)")
    db.execute_sql(
        "CREATE TABLE throttle ("
        "key VARCHAR(64) NOT NULL PRIMARY KEY, "
        "hits INTEGER NOT NULL, "
        "last_ms BIGINT NOT NULL, "
        "blocked_until_ms BIGINT NOT NULL)"
    )
    db.execute_sql("ALTER TABLE api_token ADD COLUMN expires TIMESTAMP")


def _v6_prior_learning(db) -> None:
    """``prior_learning``: modules a learner says they already know ("I already know
    this"): their skills count as held, the module is not a completion."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Learner(Base):
        id = AutoField()

        class Meta:
            table_name = "learner"

    class PriorLearning(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        module_id = CharField(max_length=100)
        recorded = DateTimeField()

        class Meta:
            table_name = "prior_learning"
            indexes = ((("learner", "module_id"), True),)

    db.create_tables([PriorLearning], safe=False)


def _v7_current_work(db) -> None:
    """``learner.current_work``: the occupation a learner does now (a SOC 2018 code, an
    ESCO occupation URI or a niche id), for the exposure of their current work."""
    db.execute_sql("ALTER TABLE learner ADD COLUMN current_work VARCHAR(200)")


def _v8_plan_preference(db) -> None:
    """``learner.plan_preference``: what the learner's plan minimizes, their rate and
    budget, as JSON ``{"minimize", "rate", "max_cost"}`` (set on the site)."""
    db.execute_sql("ALTER TABLE learner ADD COLUMN plan_preference TEXT")


def _v9_commitments(db) -> None:
    """Commitments and actual effort: ``commitment`` (one per learner: the weekly hours,
    study days, session time, start date, catalogue fingerprint, targets and when it was
    made), ``commitment_module`` (its modules in order, with the estimate, cost, skills,
    goals served and planned dates as they were when committed; keyed by learner too, like
    every table of learner state) and
    ``completion.actual_hours`` (``NULL``: as estimated). Existing rows are untouched."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Learner(Base):
        id = AutoField()

        class Meta:
            table_name = "learner"

    class Commitment(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE", unique=True)
        hours_per_week = DoubleField()
        days = CharField(max_length=40)
        session_time = CharField(max_length=5)
        start_date = DateField()
        fingerprint = CharField(max_length=64)
        targets = TextField()
        minimize = CharField(max_length=20)
        created = DateTimeField()

        class Meta:
            table_name = "commitment"

    class CommitmentModule(Base):
        id = AutoField()
        learner = ForeignKeyField(Learner, on_delete="CASCADE")
        commitment = ForeignKeyField(Commitment, on_delete="CASCADE")
        position = IntegerField()
        module_id = CharField(max_length=100)
        title = TextField()
        hours = DoubleField()
        cost = DoubleField()
        teaches = TextField()
        goals = TextField()
        planned_start = DateField()
        planned_end = DateField()

        class Meta:
            table_name = "commitment_module"
            indexes = ((("commitment", "position"), True),)

    db.create_tables([Commitment, CommitmentModule], safe=False)
    db.execute_sql("ALTER TABLE completion ADD COLUMN actual_hours DOUBLE PRECISION")


#: Every migration, oldest first; version numbers are 1, 2, 3... with no gaps.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "learners, declared skills, goals, completions", _v1_initial),
    Migration(2, "learner.session_version", _v2_session_version),
    Migration(3, "learner.about", _v3_learner_about),
    Migration(4, "api_token", _v4_api_tokens),
    Migration(5, "learner.name_key, throttle, api_token.expires", _v5_names_throttle_expiry),
    Migration(6, "prior_learning", _v6_prior_learning),
    Migration(7, "learner.current_work", _v7_current_work),
    Migration(8, "learner.plan_preference", _v8_plan_preference),
    Migration(9, "commitment, commitment_module, completion.actual_hours", _v9_commitments),
)

#: The schema version this learnpath writes and reads.
LATEST_VERSION = MIGRATIONS[-1].version


def _table_exists(db, name: str) -> bool:
    if is_sqlite(db):
        row = db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    else:  # honours the search_path, unlike peewee's get_tables()
        row = db.execute_sql("SELECT to_regclass(%s)", (name,)).fetchone()
        row = row if row and row[0] is not None else None
    return row is not None


def current_version(db) -> int:
    """The schema version of ``db``: 0 for a database learnpath never wrote to."""
    if not _table_exists(db, SCHEMA_TABLE):
        return 0
    row = db.execute_sql(f"SELECT MAX(version) FROM {SCHEMA_TABLE}").fetchone()
    return int(row[0] or 0)


def is_empty(db) -> bool:
    """Whether ``db`` holds neither a schema version nor any learnpath table."""
    return current_version(db) == 0 and not _table_exists(db, "learner")


def upgrade(db, target: int | None = None) -> list[int]:
    """Apply the missing migrations up to ``target`` (default: the latest).

    Parameters
    ----------
    db : peewee.Database
        An open or openable database (see :func:`~learnpath.store.database.open_database`).
    target : int, optional
        Stop at this version (tests use it to build an old database).

    Returns
    -------
    list of int
        The versions applied now (empty when the database was up to date).

    Raises
    ------
    SchemaVersionError
        When the database was written by a newer learnpath, or ``target`` is unknown.
    """
    return _upgrade(db, LATEST_VERSION if target is None else target, only_if_empty=False)


def ensure_schema(db) -> None:
    """Make ``db`` usable: create the schema of an empty database, check any other.

    Raises
    ------
    SchemaVersionError
        When the database holds an older schema (run ``learnpath db upgrade``) or a newer
        one (upgrade learnpath).
    """
    if current_version(db) != LATEST_VERSION:
        _upgrade(db, LATEST_VERSION, only_if_empty=True)


def _upgrade(db, target: int, only_if_empty: bool) -> list[int]:
    if not 0 <= target <= LATEST_VERSION:
        raise SchemaVersionError(f"unknown schema version {target} (latest: {LATEST_VERSION})")
    applied: list[int] = []
    with db.connection_context() if db.is_closed() else contextlib.nullcontext(), db.atomic():
        if is_postgresql(db):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK_KEY,))
        # Decide under the lock: another process may have upgraded meanwhile.
        version = current_version(db)
        if version > LATEST_VERSION:
            raise _too_new(version)
        if version == 0 and _table_exists(db, "learner"):
            raise SchemaVersionError(
                "the database has learnpath-like tables but no schema version: "
                "it was not created by learnpath"
            )
        if only_if_empty and version != 0:
            if version == target:
                return applied
            raise SchemaVersionError(
                f"the database has schema version {version}, this learnpath needs "
                f"{LATEST_VERSION}: back it up, then run `learnpath db upgrade`"
            )
        db.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} ("
            "version INTEGER NOT NULL PRIMARY KEY, "
            "description VARCHAR(200) NOT NULL, "
            "applied_at TIMESTAMP NOT NULL)"
        )
        param = db.param
        for migration in MIGRATIONS:
            if version < migration.version <= target:
                migration.apply(db)
                db.execute_sql(
                    f"INSERT INTO {SCHEMA_TABLE} (version, description, applied_at) "
                    f"VALUES ({param}, {param}, {param})",
                    (
                        migration.version,
                        migration.description,
                        dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
                    ),
                )
                applied.append(migration.version)
    return applied


def _too_new(version: int) -> SchemaVersionError:
    return SchemaVersionError(
        f"the database has schema version {version}, newer than this learnpath knows "
        f"({LATEST_VERSION}): upgrade learnpath"
    )
