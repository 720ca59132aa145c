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

from peewee import Database, IntegrityError, fn

from learnpath.errors import LearnpathError, UnknownIdError, closest
from learnpath.model import Catalogue

from .database import describe_url, is_postgresql, open_database
from .errors import (
    InvalidLearnerDataError,
    LearnerAmbiguousError,
    LearnerExistsError,
    LearnerNotFoundError,
)
from .formats import (
    ID_PATTERN,
    check_email,
    check_name,
)
from .migrations import ensure_schema, upgrade
from .models import Completion, DeclaredSkill, Goal, Learner, PriorLearning, utcnow
from .records import (
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

    Notes
    -----
    The schema of an empty database is created on first use; a database with an older
    schema raises :class:`~learnpath.store.errors.SchemaVersionError` until
    :meth:`upgrade` is run. Methods that take ``learner`` accept a name, or ``None`` for
    "the only learner" (see :meth:`resolve`).

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

    def __init__(self, database: str | Database, catalogue: Catalogue | None = None):
        if isinstance(database, str):
            self.url: str | None = database
            self.db = open_database(database)
        else:
            self.url = None
            self.db = database
        self.catalogue = catalogue
        self._schema_ok = False
        self._schema_lock = threading.Lock()

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

    def add_learner(
        self, name: str, email: str | None = None, about: str | None = None
    ) -> LearnerSummary:
        """Create a learner with no skills, goals or completions.

        Raises
        ------
        LearnerExistsError
            When the name is taken.
        InvalidLearnerDataError
            For an invalid name or email address.
        """
        check_name(name)
        email = check_email(email)
        with self._session():
            try:
                with self.db.atomic():
                    self._q(
                        Learner.insert(name=name, email=email, about=about, created=utcnow())
                    ).execute()
            except IntegrityError as exc:
                raise LearnerExistsError(name) from exc
            return self.get_learner(name)

    def get_learner(self, name: str | None) -> LearnerSummary:
        """The summary of one learner (counts of skills, goals and completions)."""
        with self._session():
            name = self.resolve(name)
            rows = self._summaries(Learner.name == name)
            if not rows:
                raise LearnerNotFoundError(name, self._names())
            return rows[0]

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
            )
            for lr in learners
        ]

    def remove_learner(self, name: str) -> None:
        """Delete a learner and all their state (skills, goals, completions)."""
        with self._session(), self.db.atomic():
            lid = self._learner_id(name)
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

    def _add(self, model, column: str, kind: str, learner: str | None, ids) -> dict[str, bool]:
        wanted = self._check_ids(kind, ids)
        with self._session():
            result: dict[str, bool] = {}
            with self.db.atomic():
                lid = self._learner_id(learner)
                for id_ in wanted:
                    query = model.insert(
                        **{"learner": lid, column: id_, "added": utcnow()}
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
            return result

    def _insert_rowcount(self, query) -> int:
        return self._q(query.as_rowcount()).execute()

    def _remove(self, model, column: str, kind: str, learner: str | None, ids) -> dict[str, bool]:
        with self._session():
            with self.db.atomic():
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

    def add_skills(self, learner: str | None, skills: Iterable[str]) -> dict[str, bool]:
        """Declare skills the learner holds; map each id to whether it is new.

        Raises
        ------
        UnknownIdError
            When an id is not a skill of the catalogue (nothing is written).
        """
        return self._add(DeclaredSkill, "skill_id", "skill", learner, skills)

    def remove_skills(self, learner: str | None, skills: Iterable[str]) -> dict[str, bool]:
        """Withdraw declared skills; map each id to whether it was declared."""
        return self._remove(DeclaredSkill, "skill_id", "skill", learner, skills)

    def list_skills(self, learner: str | None) -> list[ItemInfo]:
        """The declared skills, sorted by id."""
        return self._list(DeclaredSkill, "skill_id", "skill", learner, DeclaredSkill.skill_id)

    def add_goals(self, learner: str | None, niches: Iterable[str]) -> dict[str, bool]:
        """Add niches to aim for; map each id to whether it is new."""
        return self._add(Goal, "niche_id", "niche", learner, niches)

    def remove_goals(self, learner: str | None, niches: Iterable[str]) -> dict[str, bool]:
        """Drop goals; map each id to whether it was a goal."""
        return self._remove(Goal, "niche_id", "niche", learner, niches)

    def list_goals(self, learner: str | None) -> list[ItemInfo]:
        """The goals, in the order they were added."""
        return self._list(Goal, "niche_id", "niche", learner, Goal.id)

    # ------------------------------------------------------------------ completions

    def mark_done(
        self,
        learner: str | None,
        modules: Iterable[str],
        on: dt.date | None = None,
        note: str | None = None,
    ) -> dict[str, bool]:
        """Record modules as completed; map each id to whether it was new.

        A module already completed keeps its date and note (the call is a no-op for it).

        Parameters
        ----------
        on : datetime.date, optional
            The completion date (default: today).
        note : str, optional
            A free-text note stored with each new completion.
        """
        wanted = self._check_ids("module", modules)
        on = on or dt.date.today()
        with self._session():
            result: dict[str, bool] = {}
            with self.db.atomic():
                lid = self._learner_id(learner)
                for id_ in wanted:
                    query = Completion.insert(
                        learner=lid, module_id=id_, completed_on=on, note=note, recorded=utcnow()
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
            return result

    def mark_undone(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Delete completions; map each id to whether it had been completed."""
        return self._remove(Completion, "module_id", "module", learner, modules)

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
                )
            )
        return out

    # ------------------------------------------------------------------ prior learning

    def add_prior_learning(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Record modules the learner already knows ("I already know this"): their skills
        count as held, and they are not completions. Map each id to whether it is new.

        Raises
        ------
        UnknownIdError
            When an id is not a module of the catalogue (nothing is written).
        """
        wanted = self._check_ids("module", modules)
        with self._session():
            result: dict[str, bool] = {}
            with self.db.atomic():
                lid = self._learner_id(learner)
                for id_ in wanted:
                    query = PriorLearning.insert(
                        learner=lid, module_id=id_, recorded=utcnow()
                    ).on_conflict_ignore()
                    result[id_] = self._insert_rowcount(query) > 0
            return result

    def remove_prior_learning(self, learner: str | None, modules: Iterable[str]) -> dict[str, bool]:
        """Undo :meth:`add_prior_learning`; map each id to whether it was recorded."""
        return self._remove(PriorLearning, "module_id", "module", learner, modules)

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

    # ------------------------------------------------------------------ whole state

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
                Completion.select(Completion.module_id, Completion.completed_on, Completion.note)
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
                    CompletionRecord(m, _as_date(on), note) for (m, on, note) in completions
                ),
                prior_learning=tuple(m for (m,) in known),
            )


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
