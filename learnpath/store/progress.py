"""The learner progress store: who holds which skills, aims for which niches, did what.

:class:`ProgressStore` keeps learner state and nothing else: what that state means for
planning (plans, progress, stale ids) is :mod:`learnpath.learner`'s. It validates ids
against the catalogue (suggesting the closest ones), keeps ids that later leave the
catalogue (listing them flagged ``in_catalogue: false``), and runs every write in one
short transaction (SQLite: ``BEGIN IMMEDIATE``), so several threads, processes or server
workers can record progress for one learner at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from peewee import Database, IntegrityError, OperationalError, fn

from learnpath.errors import LearnpathError, UnknownIdError, closest
from learnpath.model import Catalogue

from .database import describe_url, is_postgresql, is_sqlite, open_database
from .errors import (
    InvalidLearnerDataError,
    LearnerAmbiguousError,
    LearnerExistsError,
    LearnerNotFoundError,
    LimitError,
)
from .faults import StoreBusyError, WriteGate, classify, guarded
from .formats import (
    ID_PATTERN,
    check_commitment,
    check_email,
    check_hours,
    check_now,
)
from .limits import MAX_COMPLETIONS, MAX_GOALS, MAX_SKILLS
from .migrations import ensure_schema, upgrade
from .models import (
    Commitment,
    CommitmentModule,
    Completion,
    DeclaredSkill,
    Goal,
    Learner,
    PriorLearning,
    utcnow,
)
from .names import check_name, look_alike_groups, name_key
from .records import (
    CommitmentRecord,
    CommittedModule,
    CompletionInfo,
    CompletionRecord,
    ItemInfo,
    LearnerState,
    LearnerSummary,
)
from .transfer import TransferMixin

__all__ = ["ProgressStore"]


class ProgressStore(TransferMixin):
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

    # ------------------------------------------------------------------ validation

    def _check_ids(self, kind: str, ids: Iterable[str], known: Iterable[str] = ()) -> list[str]:
        """Dedupe ``ids`` (keeping order) and check them against the catalogue's ``kind``.

        ``known`` ids (already stored for the learner) pass even when the catalogue no
        longer has them, so stale ids can be removed.
        """
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            raise InvalidLearnerDataError(f"give at least one {kind} id")
        known = set(known)
        if self.catalogue is None:
            bad = [i for i in wanted if i not in known and not ID_PATTERN.match(i)]
            if bad:
                raise UnknownIdError(kind, {b: [] for b in bad})
            return wanted
        pool = self._catalogue_ids(kind)
        bad = [i for i in wanted if i not in pool and i not in known]
        if bad:
            choices = list(pool) + sorted(known - set(pool))
            raise UnknownIdError(kind, {b: closest(b, choices) for b in bad})
        return wanted

    def _catalogue_ids(self, kind: str):
        cat = self._need_catalogue()
        return {"skill": cat.skills, "niche": cat.niches, "module": cat.modules}[kind]

    def _in_catalogue(self, kind: str, id_: str) -> bool:
        return self.catalogue is not None and id_ in self._catalogue_ids(kind)

    # ------------------------------------------------------------------ skills and goals

    def _add(
        self, model, column: str, kind: str, learner: str | None, ids, limit: int
    ) -> dict[str, bool]:
        wanted = self._check_ids(kind, ids)
        with self._session():
            result: dict[str, bool] = {}
            with self._transaction():
                lid = self._learner_id(learner)
                self._check_room(model, column, kind, lid, wanted, limit)
                for id_ in wanted:
                    query = model.insert(
                        **{"learner": lid, column: id_, "added": utcnow()}
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
            return result

    def _check_room(self, model, column: str, kind: str, lid: int, wanted, limit: int) -> None:
        """Refuse (LimitError) ``wanted`` ids that would take the learner past ``limit``;
        in the writing transaction, with the learner's row locked."""
        self._lock_learner(lid)
        count = self._q(model.select(fn.COUNT(model.id)).where(model.learner == lid)).scalar()
        if count + len(wanted) <= limit:
            return  # room even if every one is new: no need to look further
        field = getattr(model, column)
        query = model.select(field).where((model.learner == lid) & field.in_(list(wanted)))
        stored = {v for (v,) in self._q(query.tuples())}
        new = [i for i in wanted if i not in stored]
        if new and count + len(new) > limit:
            plural = {"skill": "skills", "niche": "goals", "module": "completed modules"}[kind]
            raise LimitError(
                plural,
                limit,
                f"you can have at most {limit} {plural} (you have {count}): remove one first",
            )

    def _insert_rowcount(self, query) -> int:
        return self._q(query.as_rowcount()).execute()

    def _remove(self, model, column: str, kind: str, learner: str | None, ids) -> dict[str, bool]:
        with self._session():
            with self._transaction():
                lid = self._learner_id(learner)
                field = getattr(model, column)
                stored = [
                    v for (v,) in self._q(model.select(field).where(model.learner == lid).tuples())
                ]
                wanted = self._check_ids(kind, ids, known=stored)
                result: dict[str, bool] = {}
                for id_ in wanted:
                    deleted = self._q(
                        model.delete().where((model.learner == lid) & (field == id_))
                    ).execute()
                    result[id_] = deleted > 0
            return result

    def _list(self, model, column: str, kind: str, learner: str | None, order) -> list[ItemInfo]:
        with self._session():
            lid = self._learner_id(learner)
            field = getattr(model, column)
            query = model.select(field).where(model.learner == lid).order_by(order).tuples()
            ids = [v for (v,) in self._q(query)]
        return [self._item(kind, i) for i in ids]

    def _item(self, kind: str, id_: str) -> ItemInfo:
        if self._in_catalogue(kind, id_):
            obj = self._catalogue_ids(kind)[id_]
            return ItemInfo(id_, obj.name, True)
        return ItemInfo(id_, None, False)

    @guarded()
    def add_skills(self, learner: str | None, skills: Iterable[str]) -> dict[str, bool]:
        """Declare skills the learner holds; map each id to whether it is new.

        Raises
        ------
        UnknownIdError
            When an id is not a skill of the catalogue (nothing is written).
        LimitError
            When the learner would hold more than ``MAX_SKILLS`` declared skills.
        """
        return self._add(DeclaredSkill, "skill_id", "skill", learner, skills, MAX_SKILLS)

    @guarded()
    def remove_skills(self, learner: str | None, skills: Iterable[str]) -> dict[str, bool]:
        """Withdraw declared skills; map each id to whether it was declared."""
        return self._remove(DeclaredSkill, "skill_id", "skill", learner, skills)

    @guarded()
    def list_skills(self, learner: str | None) -> list[ItemInfo]:
        """The declared skills, sorted by id."""
        return self._list(DeclaredSkill, "skill_id", "skill", learner, DeclaredSkill.skill_id)

    @guarded()
    def add_goals(
        self, learner: str | None, niches: Iterable[str], limit: int = MAX_GOALS
    ) -> dict[str, bool]:
        """Add niches to aim for; map each id to whether it is new.

        Raises
        ------
        LimitError
            When the learner would have more than ``limit`` goals (default
            ``MAX_GOALS``; re-adding a goal is fine). Checked in the transaction that
            writes, so concurrent additions cannot go past it either.
        """
        return self._add(Goal, "niche_id", "niche", learner, niches, limit)

    @guarded()
    def remove_goals(self, learner: str | None, niches: Iterable[str]) -> dict[str, bool]:
        """Drop goals; map each id to whether it was a goal."""
        return self._remove(Goal, "niche_id", "niche", learner, niches)

    @guarded()
    def list_goals(self, learner: str | None) -> list[ItemInfo]:
        """The goals, in the order they were added."""
        return self._list(Goal, "niche_id", "niche", learner, Goal.id)

    # ------------------------------------------------------------------ completions

    @guarded()
    def mark_done(
        self,
        learner: str | None,
        modules: Iterable[str],
        on: dt.date | None = None,
        note: str | None = None,
        hours: float | None = None,
    ) -> dict[str, bool]:
        """Record modules as completed; map each id to whether it was new.

        A module already completed keeps its date and note (the call is a no-op for it),
        except that ``hours``, when given, replaces the effort recorded for it.

        Parameters
        ----------
        on : datetime.date, optional
            The completion date (default: today).
        note : str, optional
            A free-text note stored with each new completion.
        hours : float, optional
            The hours the module actually took (default: as estimated, stored as
            ``None``); above 0, at most 10000.
        """
        wanted = self._check_ids("module", modules)
        hours = check_hours(hours)
        on = on or dt.date.today()
        with self._session():
            result: dict[str, bool] = {}
            with self._transaction():
                lid = self._learner_id(learner)
                self._check_room(Completion, "module_id", "module", lid, wanted, MAX_COMPLETIONS)
                for id_ in wanted:
                    query = Completion.insert(
                        learner=lid,
                        module_id=id_,
                        completed_on=on,
                        note=note,
                        recorded=utcnow(),
                        actual_hours=hours,
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
                    if not result[id_] and hours is not None:
                        self._q(
                            Completion.update(actual_hours=hours).where(
                                (Completion.learner == lid) & (Completion.module_id == id_)
                            )
                        ).execute()
            return result

    @guarded()
    def mark_undone(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Delete completions; map each id to whether it had been completed."""
        return self._remove(Completion, "module_id", "module", learner, modules)

    @guarded()
    def list_completions(self, learner: str | None) -> list[CompletionInfo]:
        """The completions by date, each flagged ``in_catalogue`` (with title and hours)."""
        state = self.state(learner)
        cat = self.catalogue
        out = []
        for c in state.completions:
            module = cat.modules.get(c.module) if cat is not None else None
            out.append(
                CompletionInfo(
                    module=c.module,
                    on=c.on,
                    note=c.note,
                    in_catalogue=module is not None,
                    title=module.title if module else None,
                    hours=module.hours if module else None,
                    actual_hours=c.hours,
                )
            )
        return out

    # ------------------------------------------------------------------ prior learning

    @guarded()
    def add_prior_learning(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Record modules the learner already knows ("I already know this"): their skills
        count as held, and they are not completions. Map each id to whether it is new.

        Raises
        ------
        UnknownIdError
            When an id is not a module of the catalogue (nothing is written).
        LimitError
            When the learner would know more than ``MAX_COMPLETIONS`` modules this way.
        """
        wanted = self._check_ids("module", modules)
        with self._session():
            result: dict[str, bool] = {}
            with self._transaction():
                lid = self._learner_id(learner)
                self._check_room(PriorLearning, "module_id", "module", lid, wanted, MAX_COMPLETIONS)
                for id_ in wanted:
                    query = PriorLearning.insert(
                        learner=lid, module_id=id_, recorded=utcnow()
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
            return result

    @guarded()
    def remove_prior_learning(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Undo :meth:`add_prior_learning`; map each id to whether it was recorded."""
        return self._remove(PriorLearning, "module_id", "module", learner, modules)

    @guarded()
    def list_prior_learning(self, learner: str | None) -> list[ItemInfo]:
        """The modules the learner already knows, by id (``name`` is the module's title)."""
        with self._session():
            lid = self._learner_id(learner)
            query = (
                PriorLearning.select(PriorLearning.module_id)
                .where(PriorLearning.learner == lid)
                .order_by(PriorLearning.module_id)
                .tuples()
            )
            ids = [v for (v,) in self._q(query)]
        modules = self.catalogue.modules if self.catalogue is not None else {}
        return [
            ItemInfo(m, modules[m].title, True) if m in modules else ItemInfo(m, None, False)
            for m in ids
        ]

    # ------------------------------------------------------------------ current work

    @guarded()
    def set_now(self, learner: str | None, code: str | None) -> bool:
        """Store the occupation the learner does now (``None`` forgets it); True when it
        changed. The code is stored as given: checking it is for the caller
        (:func:`learnpath.learner.set_now` does).

        Raises
        ------
        InvalidLearnerDataError
            For a code that cannot be one (empty, too long, control characters).
        """
        code = check_now(code)
        with self._session(), self._transaction():
            lid = self._learner_id(learner)
            row = self._q(Learner.select(Learner.current_work).where(Learner.id == lid)).first()
            if row.current_work == code:
                return False
            self._q(Learner.update(current_work=code).where(Learner.id == lid)).execute()
            return True

    # ------------------------------------------------------------------ plan preference

    @guarded()
    def plan_preference(self, learner: str | None) -> dict | None:
        """What the learner's plan minimizes, their rate and budget, as stored by
        :meth:`set_plan_preference` (``{"minimize", "rate", "max_cost"}``), or None.

        A stored value that cannot be read any more is None (the plan then uses the
        defaults), never an error.
        """
        with self._session():
            lid = self._learner_id(learner)
            row = self._q(Learner.select(Learner.plan_preference).where(Learner.id == lid)).first()
        return _preference(row.plan_preference) if row.plan_preference else None

    @guarded()
    def set_plan_preference(self, learner: str | None, preference: dict | None) -> bool:
        """Store what the learner's plan minimizes (``"hours"``, ``"cost"`` or
        ``"value"``), their rate (USD per hour) and budget (USD), each None when not
        set; ``None`` forgets it. True when it changed.

        Raises
        ------
        InvalidLearnerDataError
            For a preference that is not of that shape. The measure, rate and budget
            are stored as given: what they mean for a plan is the caller's to check.
        """
        text = None if preference is None else _preference_text(preference)
        with self._session(), self._transaction():
            lid = self._learner_id(learner)
            row = self._q(Learner.select(Learner.plan_preference).where(Learner.id == lid)).first()
            if row.plan_preference == text:
                return False
            self._q(Learner.update(plan_preference=text).where(Learner.id == lid)).execute()
            return True

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

    # ------------------------------------------------------------------ commitments

    def _read_commitment(self, lid: int) -> CommitmentRecord | None:
        row = self._q(Commitment.select().where(Commitment.learner == lid)).first()
        if row is None:
            return None
        # a plain cursor: a commitment may hold hundreds of modules, read on every status
        mods = self.db.execute_sql(
            "SELECT module_id, title, hours, cost, teaches, goals, planned_start, planned_end "
            f"FROM commitment_module WHERE commitment_id = {self.db.param} ORDER BY position",
            (row.id,),
        ).fetchall()
        return CommitmentRecord(
            hours_per_week=float(row.hours_per_week),
            days=tuple(_DAYS.index(d) for d in row.days.split(",") if d in _DAYS),
            time=row.session_time,
            start=_as_date(row.start_date),
            fingerprint=row.fingerprint,
            targets=tuple(t for t in row.targets.split(",") if t),
            minimize=row.minimize,
            created=row.created,
            modules=tuple(
                CommittedModule(
                    module=mid,
                    title=title,
                    hours=float(hours),
                    cost=float(cost),
                    teaches=tuple(t for t in teaches.split(",") if t),
                    goals=tuple(t for t in goals.split(",") if t),
                    start=_as_date(first),
                    end=_as_date(last),
                )
                for (mid, title, hours, cost, teaches, goals, first, last) in mods
            ),
        )

    def _delete_commitment(self, lid: int) -> bool:
        ids = [
            c
            for (c,) in self._q(
                Commitment.select(Commitment.id).where(Commitment.learner == lid).tuples()
            )
        ]
        if not ids:
            return False
        self._q(CommitmentModule.delete().where(CommitmentModule.learner == lid)).execute()
        self._q(Commitment.delete().where(Commitment.id.in_(ids))).execute()
        return True

    def _write_commitment(self, lid: int, commitment: CommitmentRecord) -> None:
        """Replace learner ``lid``'s commitment, in the current transaction."""
        self._delete_commitment(lid)
        cid = self._q(
            Commitment.insert(
                learner=lid,
                hours_per_week=commitment.hours_per_week,
                days=",".join(_DAYS[d] for d in commitment.days),
                session_time=commitment.time,
                start_date=commitment.start,
                fingerprint=commitment.fingerprint,
                targets=",".join(commitment.targets),
                minimize=commitment.minimize,
                created=commitment.created or utcnow(),
            )
        ).execute()
        if not isinstance(cid, int):
            cid = self._q(
                Commitment.select(Commitment.id).where(Commitment.learner == lid).tuples()
            ).first()[0]
        rows = [
            {
                "learner": lid,
                "commitment": cid,
                "position": k,
                "module_id": m.module,
                "title": m.title,
                "hours": m.hours,
                "cost": m.cost,
                "teaches": ",".join(m.teaches),
                "goals": ",".join(m.goals),
                "planned_start": m.start,
                "planned_end": m.end,
            }
            for k, m in enumerate(commitment.modules)
        ]
        for at in range(0, len(rows), 80):  # old SQLite caps a statement at 999 parameters
            self._q(CommitmentModule.insert_many(rows[at : at + 80])).execute()

    @guarded()
    def set_commitment(self, learner: str | None, commitment: CommitmentRecord) -> None:
        """Store ``commitment`` as the learner's (replacing any earlier one).

        Raises
        ------
        InvalidLearnerDataError
            For a commitment that cannot be one (see
            :func:`~learnpath.store.formats.check_commitment`).
        """
        commitment = check_commitment(commitment)
        with self._session(), self._transaction():
            lid = self._learner_id(learner)
            self._lock_learner(lid)
            self._write_commitment(lid, commitment)

    @guarded()
    def commitment(self, learner: str | None) -> CommitmentRecord | None:
        """The learner's commitment, or None when they have not committed to a schedule."""
        with self._session():
            return self._read_commitment(self._learner_id(learner))

    @guarded()
    def clear_commitment(self, learner: str | None) -> bool:
        """Forget the learner's commitment; True when there was one."""
        with self._session(), self._transaction():
            return self._delete_commitment(self._learner_id(learner))


#: Weekday names as a commitment's ``days`` column keeps them (Monday first).
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _look_alike_hint(name: str, existing: str) -> str:
    if existing == name:
        return ""
    return f" as `{existing}` (names that differ only in case, width or spacing are one)"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_PREFERENCE_KEYS = ("minimize", "rate", "max_cost")


def _preference_text(preference: dict) -> str:
    """``preference`` as the JSON stored, checked for its shape."""
    import json
    import math

    if not isinstance(preference, dict) or set(preference) - set(_PREFERENCE_KEYS):
        raise InvalidLearnerDataError(
            "a plan preference has only the keys " + ", ".join(_PREFERENCE_KEYS)
        )
    minimize = preference.get("minimize")
    if minimize not in (None, "hours", "cost", "value"):
        raise InvalidLearnerDataError("a plan preference minimizes hours, cost or value")
    out: dict = {"minimize": minimize}
    for key in ("rate", "max_cost"):
        value = preference.get(key)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise InvalidLearnerDataError(f"a plan preference's {key} is a number >= 0")
        out[key] = None if value is None else float(value)
    return json.dumps(out, sort_keys=True)


def _preference(text: str) -> dict | None:
    """The stored preference ``text`` read back (None when it is not one)."""
    import json

    try:
        data = json.loads(text)
        _preference_text(data)
    except (ValueError, InvalidLearnerDataError):
        return None
    return data
