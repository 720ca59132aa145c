"""The learner progress store: who holds which skills, aims for which niches, did what.

:class:`ProgressStore` keeps learner state and nothing else: what that state means for
planning (plans, progress, stale ids) is :mod:`learnpath.learner`'s. It validates ids
against the catalogue (suggesting the closest ones), keeps ids that later leave the
catalogue (listing them flagged ``in_catalogue: false``), and runs every write in one
short transaction (SQLite: ``BEGIN IMMEDIATE``), so several threads, processes or server
workers can record progress for one learner at once.

Here are its construction, sessions and transactions, learners and their whole state;
mixins hold the rest: a learner's skills, goals, completions and prior learning
(:mod:`~learnpath.store.items`), their current work, plan preference and commitment
(:mod:`~learnpath.store.plan_settings`), exports, imports and seeds
(:mod:`~learnpath.store.transfer`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from peewee import Database, IntegrityError, OperationalError, fn

from learnpath.errors import LearnpathError
from learnpath.model import Catalogue

from .database import describe_url, is_postgresql, is_sqlite, open_database
from .errors import LearnerAmbiguousError, LearnerExistsError, LearnerNotFoundError
from .faults import StoreBusyError, WriteGate, classify, guarded
from .formats import check_email
from .items import ItemsMixin
from .migrations import ensure_schema, upgrade
from .models import Completion, DeclaredSkill, Goal, Learner, PriorLearning, utcnow
from .names import check_name, look_alike_groups, name_key
from .plan_settings import PlanSettingsMixin, _as_date
from .records import CompletionRecord, LearnerState, LearnerSummary
from .transfer import TransferMixin

__all__ = ["ProgressStore"]


class ProgressStore(ItemsMixin, PlanSettingsMixin, TransferMixin):
    """Learner state in a Peewee database, checked against a catalogue.

    Parameters
    ----------
    database : str or peewee.Database
        A database URL (see :func:`~learnpath.store.database.open_database`) or an
        already opened database.
    catalogue : Catalogue, optional
        The catalogue ids are checked against (and listed items named from). Without
        one, ids are only checked for their shape.
    busy_timeout : float, optional
        SQLite: seconds a write waits for another process's write (see
        :func:`~learnpath.store.database.open_database`; servers pass a few seconds).
    write_slots : int, optional
        SQLite: at most this many threads of this process write or wait to write at
        once; more are refused with :class:`~learnpath.store.faults.StoreBusyError`
        (see :class:`~learnpath.store.faults.WriteGate`). Default: no bound.

    Notes
    -----
    The schema of an empty database is created on first use; a database with an older
    schema raises :class:`~learnpath.store.errors.SchemaVersionError` until
    :meth:`upgrade` is run. Methods that take ``learner`` accept a name, or ``None`` for
    "the only learner" (see :meth:`resolve`).

    Every call is guarded (:mod:`learnpath.store.faults`): a busy database and a lost
    connection are tried once more (writes only when repeating them is harmless), then
    reported as ``StoreBusyError`` / ``StoreUnavailableError``; a full disk as
    ``StoreFullError``. Learners may keep at most the limits of
    :mod:`learnpath.store.limits`, checked in the transaction that writes.

    Examples
    --------
    >>> import datetime as dt
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build(
    ...     [Skill("sql", "SQL"), Skill("stats", "Statistics")],
    ...     [Module("sql-101", "SQL basics", teaches=("sql",), hours=10)],
    ...     [Niche("analyst", "Analyst", requires=("sql", "stats"), resilience=0.6)],
    ... )
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana")
    >>> store.add_skills(None, ["stats"]), store.add_goals("ana", ["analyst"])
    ({'stats': True}, {'analyst': True})
    >>> store.mark_done("ana", ["sql-101"], on=dt.date(2026, 9, 1))
    {'sql-101': True}
    >>> store.mark_done("ana", ["sql-101"])
    {'sql-101': False}
    >>> [c.module for c in store.state("ana").completions]
    ['sql-101']
    >>> store.close()
    """

    def __init__(
        self,
        database: str | Database,
        catalogue: Catalogue | None = None,
        *,
        busy_timeout: float | None = None,
        write_slots: int | None = None,
    ):
        if isinstance(database, str):
            self.url: str | None = database
            self.db = open_database(database, busy_timeout=busy_timeout)
        else:
            self.url = None
            self.db = database
        self.catalogue = catalogue
        self._schema_ok = False
        self._schema_lock = threading.Lock()
        self._gate: WriteGate | None = None
        if write_slots and is_sqlite(self.db):
            wait = busy_timeout if busy_timeout is not None else 30.0
            self._gate = WriteGate(write_slots, wait, stuck=max(0.2, wait / 4))

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        where = describe_url(self.url) if self.url else type(self.db).__name__
        return f"<ProgressStore {where}>"

    def close(self) -> None:
        """Close this thread's connection (and, for PostgreSQL, every pooled one)."""
        if hasattr(self.db, "close_all"):
            self.db.close_all()
        elif not self.db.is_closed():
            self.db.close()

    @contextlib.contextmanager
    def _session(self) -> Iterator[None]:
        """A connection for the duration of one call (pooled ones go back to the pool)."""
        if is_postgresql(self.db) and self.db.is_closed():
            with self.db.connection_context():
                self._check_schema()
                yield
        else:
            self.db.connect(reuse_if_open=True)
            self._check_schema()
            yield

    def _check_schema(self) -> None:
        if not self._schema_ok:
            with self._schema_lock:
                if not self._schema_ok:
                    ensure_schema(self.db)
                    self._schema_ok = True

    def _q(self, query):
        return query.bind(self.db)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction (SQLite: ``BEGIN IMMEDIATE``), through the write gate."""
        if self._gate is None or self.db.in_transaction():
            with self.db.atomic():
                yield
            return
        with self._gate(), self.db.atomic():
            self._gate.begun()
            yield

    def _try_write(self, work) -> bool:
        """Run ``work()`` in a write transaction unless that means waiting for another
        writer: then skip it and return False (for stamps such as a token's last use,
        which a read must never wait for)."""
        try:
            if not is_sqlite(self.db):
                with self.db.atomic():
                    work()
                return True
            gate = self._gate(blocking=False) if self._gate else contextlib.nullcontext()
            with gate:
                (timeout,) = self.db.execute_sql("PRAGMA busy_timeout").fetchone()
                self.db.execute_sql("PRAGMA busy_timeout = 0")
                try:
                    with self.db.atomic():
                        work()
                finally:
                    self.db.execute_sql(f"PRAGMA busy_timeout = {int(timeout)}")
            return True
        except StoreBusyError:
            return False
        except OperationalError as exc:
            if classify(exc) in ("busy", "full"):  # a stamp is not worth failing a read
                return False
            raise

    @guarded()
    def probe(self, wait: float = 0.5) -> None:
        """Write one row and roll it back: the readiness check of a server.

        Raises
        ------
        StoreBusyError, StoreUnavailableError, StoreFullError
            When the database could not take a write now (waiting at most ``wait``
            seconds for another writer, on SQLite).
        """
        import secrets

        from .models import Throttle as ThrottleRow

        class _Rollback(Exception):
            pass

        with self._session():
            sqlite = is_sqlite(self.db)
            if sqlite:
                (timeout,) = self.db.execute_sql("PRAGMA busy_timeout").fetchone()
                self.db.execute_sql(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            try:
                with self.db.atomic():
                    row = ThrottleRow.insert(
                        key=f"probe-{secrets.token_hex(8)}", hits=0, last_ms=0, blocked_until_ms=0
                    )
                    self._q(row).execute()
                    raise _Rollback
            except _Rollback:
                pass
            finally:
                if sqlite:
                    self.db.execute_sql(f"PRAGMA busy_timeout = {int(timeout)}")

    def database_folder(self) -> Path | None:
        """The folder of a SQLite database file (whose disk fills up), else None."""
        if not is_sqlite(self.db) or self.db.database in (":memory:", ""):
            return None
        name = str(self.db.database)
        if name.startswith("file:"):
            return None
        return Path(name).resolve().parent

    def _lock_learner(self, lid: int) -> None:
        """Hold learner ``lid``'s row until the transaction ends (PostgreSQL; SQLite's
        ``BEGIN IMMEDIATE`` already serialises writers), so a limit checked in it holds."""
        if is_postgresql(self.db):
            self.db.execute_sql("SELECT id FROM learner WHERE id = %s FOR UPDATE", (lid,))

    def upgrade(self) -> list[int]:
        """Apply the missing schema migrations; return the versions applied."""
        with contextlib.ExitStack() as stack:
            if self.db.is_closed():
                stack.enter_context(self.db.connection_context())
            applied = upgrade(self.db)
        self._schema_ok = True
        return applied

    def _need_catalogue(self) -> Catalogue:
        if self.catalogue is None:
            raise LearnpathError("this needs a catalogue, and the store was opened without one")
        return self.catalogue

    # ------------------------------------------------------------------ learners

    def _names(self) -> list[str]:
        return [n for (n,) in self._q(Learner.select(Learner.name).order_by(Learner.name).tuples())]

    def _learner_id(self, name: str | None) -> int:
        name = self.resolve(name)
        row = self._q(Learner.select(Learner.id).where(Learner.name == name).tuples()).first()
        if row is None:
            raise LearnerNotFoundError(name, self._names())
        return row[0]

    @guarded()
    def resolve(self, learner: str | None) -> str:
        """The learner ``learner`` names, or the only learner when it is ``None``.

        Raises
        ------
        LearnerNotFoundError
            When the named learner does not exist, or there is no learner at all.
        LearnerAmbiguousError
            When ``learner`` is ``None`` and there are several learners.
        """
        if learner is not None:
            return learner
        with self._session():
            names = self._q(Learner.select(Learner.name).order_by(Learner.name).limit(11).tuples())
            names = [n for (n,) in names]
        if not names:
            raise LearnerNotFoundError(None)
        if len(names) > 1:
            raise LearnerAmbiguousError(names)
        return names[0]

    @guarded(idempotent=False)
    def add_learner(
        self, name: str, email: str | None = None, about: str | None = None
    ) -> LearnerSummary:
        """Create a learner with no skills, goals or completions.

        Raises
        ------
        LearnerExistsError
            When the name is taken, or one that differs only in case, width or spacing
            (see :mod:`learnpath.store.names`).
        InvalidLearnerDataError
            For an invalid name or email address.
        """
        check_name(name)
        email = check_email(email)
        with self._session():
            with self._transaction():
                self._insert_learner(name, email=email, about=about, created=utcnow())
            return self.get_learner(name)

    def _insert_learner(self, name: str, **fields) -> int:
        """Insert a learner in the current transaction; their id.

        Raises
        ------
        LearnerExistsError
            When the name or its key (:func:`~learnpath.store.names.name_key`) is taken.
        """
        key = name_key(name)
        row = self._q(
            Learner.select(Learner.name)
            .where((Learner.name == name) | (Learner.name_key == key))
            .tuples()
        ).first()
        if row is not None:
            raise LearnerExistsError(name, _look_alike_hint(name, row[0]))
        try:
            with self.db.atomic():  # a savepoint: a racing insert leaves the rest intact
                lid = self._q(Learner.insert(name=name, name_key=key, **fields)).execute()
        except IntegrityError as exc:
            raise LearnerExistsError(name) from exc
        if not isinstance(lid, int):  # drivers that do not report the new id
            lid = self._learner_id(name)
        return lid

    @guarded()
    def find_name(self, name: str) -> str | None:
        """The stored name ``name`` stands for: itself, else the learner whose name has
        the same key (``ALICE`` finds ``alice``), else None."""
        with self._session():
            row = self._q(Learner.select(Learner.name).where(Learner.name == name).tuples()).first()
            if row is None:
                row = self._q(
                    Learner.select(Learner.name).where(Learner.name_key == name_key(name)).tuples()
                ).first()
            return row[0] if row else None

    @guarded()
    def look_alikes(self) -> list[list[str]]:
        """Learners whose names fold to one key (created before schema version 5 folded
        them): they stay separate accounts; ``learnpath db upgrade`` lists them."""
        with self._session():
            names = self._q(Learner.select(Learner.name).order_by(Learner.id).tuples())
            return look_alike_groups(n for (n,) in names)

    @guarded()
    def get_learner(self, name: str | None) -> LearnerSummary:
        """The summary of one learner (counts of skills, goals and completions)."""
        with self._session():
            name = self.resolve(name)
            rows = self._summaries(Learner.name == name)
            if not rows:
                raise LearnerNotFoundError(name, self._names())
            return rows[0]

    @guarded()
    def list_learners(self) -> list[LearnerSummary]:
        """Every learner, by name."""
        with self._session():
            return self._summaries(None)

    def _summaries(self, where) -> list[LearnerSummary]:
        query = Learner.select().order_by(Learner.name)
        if where is not None:
            query = query.where(where)
        learners = list(self._q(query))
        ids = [lr.id for lr in learners]
        counts: dict[tuple[str, int], int] = {}
        if ids:
            for kind, model in (("s", DeclaredSkill), ("g", Goal), ("c", Completion)):
                q = (
                    model.select(model.learner, fn.COUNT(model.id))
                    .where(model.learner.in_(ids))
                    .group_by(model.learner)
                    .tuples()
                )
                for lid, count in self._q(q):
                    counts[kind, lid] = count
        return [
            LearnerSummary(
                name=lr.name,
                email=lr.email,
                about=lr.about,
                created=lr.created,
                skills=counts.get(("s", lr.id), 0),
                goals=counts.get(("g", lr.id), 0),
                completions=counts.get(("c", lr.id), 0),
                now=lr.current_work,
            )
            for lr in learners
        ]

    @guarded()
    def remove_learner(self, name: str) -> None:
        """Delete a learner and all their state (skills, goals, completions, commitment)."""
        with self._session(), self._transaction():
            lid = self._learner_id(name)
            self._delete_commitment(lid)
            for model in (PriorLearning, Completion, Goal, DeclaredSkill):
                self._q(model.delete().where(model.learner == lid)).execute()
            self._q(Learner.delete().where(Learner.id == lid)).execute()

    # ------------------------------------------------------------------ whole state

    @guarded()
    def state(self, learner: str | None) -> LearnerState:
        """Everything stored about a learner, as plain values (what an export carries)."""
        with self._session():
            name = self.resolve(learner)
            row = self._q(Learner.select().where(Learner.name == name)).first()
            if row is None:
                raise LearnerNotFoundError(name, self._names())
            skills = self._q(
                DeclaredSkill.select(DeclaredSkill.skill_id)
                .where(DeclaredSkill.learner == row.id)
                .order_by(DeclaredSkill.skill_id)
                .tuples()
            )
            goals = self._q(
                Goal.select(Goal.niche_id).where(Goal.learner == row.id).order_by(Goal.id).tuples()
            )
            completions = self._q(
                Completion.select(
                    Completion.module_id,
                    Completion.completed_on,
                    Completion.note,
                    Completion.actual_hours,
                )
                .where(Completion.learner == row.id)
                .order_by(Completion.completed_on, Completion.module_id)
                .tuples()
            )
            known = self._q(
                PriorLearning.select(PriorLearning.module_id)
                .where(PriorLearning.learner == row.id)
                .order_by(PriorLearning.module_id)
                .tuples()
            )
            return LearnerState(
                name=row.name,
                email=row.email,
                about=row.about,
                created=row.created,
                skills=tuple(s for (s,) in skills),
                goals=tuple(g for (g,) in goals),
                completions=tuple(
                    CompletionRecord(m, _as_date(on), note, h) for (m, on, note, h) in completions
                ),
                prior_learning=tuple(m for (m,) in known),
                now=row.current_work,
                commitment=self._read_commitment(row.id),
            )


def _look_alike_hint(name: str, existing: str) -> str:
    if existing == name:
        return ""
    return f" as `{existing}` (names that differ only in case, width or spacing are one)"
