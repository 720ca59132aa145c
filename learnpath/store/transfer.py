"""Moving learners in and out of a store: versioned JSON exports, imports and seeds.

Mixed into :class:`~learnpath.store.ProgressStore`; it relies on the store's
``_session``, ``_q``, ``_check_ids``, ``_names`` and ``state`` methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidLearnerDataError, LearnerExistsError
from .formats import dump_export, parse_export, read_seed_files
from .models import Completion, DeclaredSkill, Goal, Learner, PriorLearning, utcnow
from .records import LearnerState

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

    def export_learner(self, learner: str | None) -> dict:
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
            When ``data`` is not a valid export.
        LearnerExistsError
            When the learner exists and ``replace`` is false.
        """
        state = data if isinstance(data, LearnerState) else parse_export(data)
        with self._session(), self.db.atomic():
            self._write_state(state, replace=replace)
        return state.name

    def _write_state(self, state: LearnerState, replace: bool) -> bool:
        """Write ``state`` in the current transaction; return False if it exists (skip)."""
        row = self._q(Learner.select(Learner.id).where(Learner.name == state.name).tuples()).first()
        if row is not None and not replace:
            raise LearnerExistsError(state.name, ": pass --replace to overwrite their progress")
        fields = {"email": state.email, "about": state.about, "created": state.created or utcnow()}
        if row is None:
            lid = self._q(Learner.insert(name=state.name, **fields)).execute()
            if not isinstance(lid, int):  # drivers that do not report the new id
                lid = self._learner_id(state.name)
        else:
            lid = row[0]
            self._q(Learner.update(**fields).where(Learner.id == lid)).execute()
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
                }
                for c in state.completions
            ]
            self._q(Completion.insert_many(rows)).execute()
        if state.prior_learning:
            known = [
                {"learner": lid, "module_id": m, "recorded": now} for m in state.prior_learning
            ]
            self._q(PriorLearning.insert_many(known)).execute()
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
        names = [s.name for s in states]
        if len(set(names)) != len(names):
            dup = sorted({n for n in names if names.count(n) > 1})
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
        report = SeedReport(added=[], skipped=[])
        with self._session(), self.db.atomic():
            existing = set(self._names())
            for s in states:
                if s.name in existing:
                    report["skipped"].append(s.name)
                else:
                    self._write_state(s, replace=False)
                    report["added"].append(s.name)
        return report
