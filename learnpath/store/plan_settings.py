"""A learner's plan settings in a store: the current work, the plan preference and the
commitment to a schedule.

Mixed into :class:`~learnpath.store.ProgressStore`; it relies on the store's ``db`` and
its ``_session``, ``_q``, ``_transaction``, ``_learner_id`` and ``_lock_learner`` methods.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from .errors import InvalidLearnerDataError
from .faults import guarded
from .formats import check_commitment, check_now
from .models import Commitment, CommitmentModule, Learner, utcnow
from .records import CommitmentRecord, CommittedModule

__all__ = ["PlanSettingsMixin"]


if TYPE_CHECKING:
    from peewee import Database


class PlanSettingsMixin:
    """Current work, plan preference and commitment (see the module docstring)."""

    if TYPE_CHECKING:  # what the store it is mixed into provides
        db: Database

        def _session(self) -> AbstractContextManager[None]: ...
        def _q(self, query: Any) -> Any: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _learner_id(self, name: str | None) -> int: ...
        def _lock_learner(self, lid: int) -> None: ...

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
