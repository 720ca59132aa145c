"""A learner's items in a store: declared skills, goals, completions and prior learning.

Mixed into :class:`~learnpath.store.ProgressStore`; it relies on the store's
``_session``, ``_q``, ``_transaction``, ``_learner_id``, ``_lock_learner``,
``_need_catalogue`` and ``state`` methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from peewee import fn

from learnpath.errors import UnknownIdError, closest

from .errors import InvalidLearnerDataError, LimitError
from .faults import guarded
from .formats import ID_PATTERN, check_hours
from .limits import MAX_COMPLETIONS, MAX_GOALS, MAX_SKILLS
from .models import Completion, DeclaredSkill, Goal, PriorLearning, utcnow
from .records import CompletionInfo, ItemInfo, LearnerState

__all__ = ["ItemsMixin"]


if TYPE_CHECKING:
    from ..model import Catalogue


class ItemsMixin:
    """Skills, goals, completions and prior learning (see the module docstring)."""

    if TYPE_CHECKING:  # what the store it is mixed into provides
        catalogue: Catalogue | None

        def _session(self) -> AbstractContextManager[None]: ...
        def _q(self, query: Any) -> Any: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _learner_id(self, name: str | None) -> int: ...
        def _lock_learner(self, lid: int) -> None: ...
        def _need_catalogue(self) -> Catalogue: ...
        def state(self, learner: str | None) -> LearnerState: ...

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
