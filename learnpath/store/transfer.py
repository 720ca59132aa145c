"""Moving learners in and out of a store: versioned JSON exports, imports and seeds.

Mixed into :class:`~learnpath.store.ProgressStore`; it relies on the store's
``_session``, ``_q``, ``_check_ids``, ``_names`` and ``state`` methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidLearnerDataError, LearnerExistsError, LimitError
from .faults import run_guarded
from .formats import dump_export, parse_export, read_seed_files
from .limits import MAX_UNKNOWN_IDS
from .models import Completion, DeclaredSkill, Goal, Learner, PriorLearning, utcnow
from .names import name_key
from .records import CommitmentRecord, LearnerState

__all__ = ["SeedReport", "TransferMixin"]


class SeedReport(dict):
    """``{"added": [names], "skipped": [names]}``: what :meth:`ProgressStore.seed` did."""


if TYPE_CHECKING:
    from peewee import Database

    from ..model import Catalogue


class TransferMixin:
    """Export, import and seed (see the module docstring)."""

    if TYPE_CHECKING:  # what the store it is mixed into provides
        db: Database
        catalogue: Catalogue | None

        def _session(self) -> AbstractContextManager[None]: ...
        def _q(self, query: Any) -> Any: ...
        def _names(self) -> list[str]: ...
        def _learner_id(self, name: str | None) -> int: ...
        def _check_ids(
            self, kind: str, ids: Iterable[str], known: Iterable[str] = ()
        ) -> list[str]: ...
        def state(self, learner: str | None) -> LearnerState: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _insert_learner(self, name: str, **fields: Any) -> int: ...
        def _lock_learner(self, lid: int) -> None: ...
        def _delete_commitment(self, lid: int) -> bool: ...
        def _write_commitment(self, lid: int, commitment: CommitmentRecord) -> None: ...

    def export_learner(self, learner: str | None) -> dict:  # state() is guarded
        """The learner's whole state in the versioned JSON format of
        :mod:`learnpath.store.formats` (ids kept even if the catalogue dropped them)."""
        return dump_export(self.state(learner))

    def import_learner(self, data: object, replace: bool = False) -> str:
        """Restore an export into this database; return the learner's name.

        Parameters
        ----------
        data : dict
            An export (already parsed from JSON).
        replace : bool
            Replace the state of an existing learner of that name (their account, if any,
            is kept). Without it, an existing learner is an error.

        Raises
        ------
        InvalidLearnerDataError
            When ``data`` is not a valid export (more than the limits of
            :mod:`learnpath.store.limits` included).
        LimitError
            When it names more than ``MAX_UNKNOWN_IDS`` ids the catalogue does not have.
        LearnerExistsError
            When the learner exists and ``replace`` is false.
        """
        state = data if isinstance(data, LearnerState) else parse_export(data)
        self._check_unknown(state)

        def work() -> str:
            with self._session(), self._transaction():
                self._write_state(state, replace=replace)
            return state.name

        # replacing is idempotent; creating is not (a retry would find it there)
        return run_guarded(self.db, work, idempotent=replace)

    def _check_unknown(self, state: LearnerState) -> None:
        """Refuse a state that brings more than ``MAX_UNKNOWN_IDS`` ids the catalogue
        does not have (they would be kept, as stale ids, for ever)."""
        cat = self.catalogue
        if cat is None:
            return
        unknown = [s for s in state.skills if s not in cat.skills]
        unknown += [g for g in state.goals if g not in cat.niches]
        unknown += [c.module for c in state.completions if c.module not in cat.modules]
        unknown += [m for m in state.prior_learning if m not in cat.modules]
        if len(unknown) > MAX_UNKNOWN_IDS:
            shown = ", ".join(unknown[:5])
            raise LimitError(
                "unknown ids",
                MAX_UNKNOWN_IDS,
                f"`{state.name}` names {len(unknown)} ids this catalogue does not have "
                f"({shown}, ...): at most {MAX_UNKNOWN_IDS} are kept",
            )

    def _write_state(self, state: LearnerState, replace: bool) -> bool:
        """Write ``state`` in the current transaction; return False if it exists (skip)."""
        row = self._q(Learner.select(Learner.id).where(Learner.name == state.name).tuples()).first()
        if row is not None and not replace:
            raise LearnerExistsError(state.name, ": pass --replace to overwrite their progress")
        fields = {
            "email": state.email,
            "about": state.about,
            "created": state.created or utcnow(),
            "current_work": state.now,
        }
        if row is None:
            lid = self._insert_learner(state.name, **fields)
        else:
            lid = row[0]
            self._lock_learner(lid)
            self._q(Learner.update(**fields).where(Learner.id == lid)).execute()
            self._delete_commitment(lid)
            for model in (PriorLearning, Completion, Goal, DeclaredSkill):
                self._q(model.delete().where(model.learner == lid)).execute()
        now = utcnow()
        if state.skills:
            rows = [{"learner": lid, "skill_id": s, "added": now} for s in state.skills]
            self._q(DeclaredSkill.insert_many(rows)).execute()
        # one insert each, so that the row ids (hence the listing order) follow the goals
        for goal in state.goals:
            self._q(Goal.insert(learner=lid, niche_id=goal, added=now)).execute()
        if state.completions:
            rows = [
                {
                    "learner": lid,
                    "module_id": c.module,
                    "completed_on": c.on,
                    "note": c.note,
                    "recorded": now,
                    "actual_hours": c.hours,
                }
                for c in state.completions
            ]
            self._q(Completion.insert_many(rows)).execute()
        if state.prior_learning:
            known = [
                {"learner": lid, "module_id": m, "recorded": now} for m in state.prior_learning
            ]
            self._q(PriorLearning.insert_many(known)).execute()
        if state.commitment is not None:
            self._write_commitment(lid, state.commitment)
        return True

    def seed(self, path: str | Path) -> SeedReport:
        """Add the learners of a seed file (or folder of them) that do not exist yet.

        Existing learners are left untouched, so seeding twice changes nothing. Ids are
        checked against the catalogue when the store has one.

        Returns
        -------
        SeedReport
            ``{"added": [...], "skipped": [...]}`` learner names.
        """
        states = [s for _, batch in read_seed_files(Path(path)) for s in batch]
        names = [name_key(s.name) for s in states]
        if len(set(names)) != len(names):
            dup = sorted({s.name for s in states if names.count(name_key(s.name)) > 1})
            raise InvalidLearnerDataError(f"the seeds list learner(s) twice: {', '.join(dup)}")
        if self.catalogue is not None:
            for s in states:
                if s.skills:
                    self._check_ids("skill", s.skills)
                if s.goals:
                    self._check_ids("niche", s.goals)
                if s.completions:
                    self._check_ids("module", [c.module for c in s.completions])
                if s.prior_learning:
                    self._check_ids("module", s.prior_learning)

        def work() -> SeedReport:
            report = SeedReport(added=[], skipped=[])
            with self._session(), self._transaction():
                existing = {name_key(n) for n in self._names()}
                for s in states:
                    if name_key(s.name) in existing:
                        report["skipped"].append(s.name)
                    else:
                        self._write_state(s, replace=False)
                        report["added"].append(s.name)
            return report

        return run_guarded(self.db, work)  # idempotent: existing learners are skipped
