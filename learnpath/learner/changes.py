"""What changed in a committed plan: the plan now against the learner's commitment.

:func:`plan_diff` plans again from the catalogue and the learner's state now (as
``learnpath plan`` does) and compares the result with the modules of their commitment
(:mod:`.commitments`) still to do: the modules added, removed and replaced, each with
a reason, and the change in hours, cost and ready date (:class:`PlanDiff`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from learnpath.formatting import count, hours, money, number
from learnpath.model import Catalogue
from learnpath.planning import Plan
from learnpath.store import CommitmentRecord, CommittedModule, LearnerState, ProgressStore

from .cases import Planner, _planner, plan_limits
from .commitments import _EPS, NoCommitmentError, _layout, _needed, fingerprint
from .records import LearnerView

__all__ = [
    "Replacement",
    "PlanDiff",
    "plan_diff",
]


@dataclass(frozen=True, slots=True)
class Replacement:
    """A committed module the plan now replaces with another, and why."""

    old: str
    new: str
    why: str

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "why": self.why}


@dataclass(frozen=True)
class PlanDiff:
    """The plan now against the committed one (what is left of it).

    ``added`` and ``removed`` are module ids (``why`` gives a reason for each);
    ``replaced`` pairs a removed module with the added one that teaches what it taught.
    The changes in hours and cost are the new plan's totals minus those of the committed
    modules still to do (at their committed figures); ``ready_date`` lays the new plan
    out from today on the committed days and weekly hours, and ``ready_date_change`` is
    its distance in days from the committed ready date. Modules the learner completed
    are progress, not changes: they are in neither list (modules they skipped with "I
    already know this" are removed, with that reason).
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    replaced: tuple[Replacement, ...]
    hours_change: float
    cost_change: float
    ready_date_change: int
    why: dict[str, str] = field(default_factory=dict)
    ready_date: dt.date | None = None
    committed_ready_date: dt.date | None = None
    catalogue_changed: bool = False
    plan: Plan | None = None

    @property
    def changed(self) -> bool:
        """Whether any module was added, removed or replaced."""
        return bool(self.added or self.removed or self.replaced)

    def to_dict(self) -> dict:
        """The JSON of ``learnpath plan --diff --json``."""
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "replaced": [r.to_dict() for r in self.replaced],
            "hours_change": self.hours_change,
            "cost_change": self.cost_change,
            "ready_date_change": self.ready_date_change,
            "why": dict(self.why),
            "ready_date": self.ready_date.isoformat() if self.ready_date else None,
            "committed_ready_date": (
                self.committed_ready_date.isoformat() if self.committed_ready_date else None
            ),
            "catalogue_changed": self.catalogue_changed,
        }

    def summary(self) -> str:
        """One paragraph for people: what changed, by how much and why."""
        if not self.changed:
            head = "The plan is the one you committed to"
        else:
            parts = []
            if self.replaced:
                parts.append(f"{count(len(self.replaced), 'module')} replaced")
            if self.added:
                parts.append(f"{len(self.added)} added")
            if self.removed:
                parts.append(f"{len(self.removed)} removed")
            head = "Since you committed: " + ", ".join(parts)
        sign = "+" if self.hours_change >= 0 else "-"
        money_sign = "+" if self.cost_change >= 0 else "-"
        days = self.ready_date_change
        when = (
            "the day committed"
            if days == 0
            else f"{count(abs(days), 'day')} {'later' if days > 0 else 'earlier'} than committed"
        )
        ready = self.ready_date.isoformat() if self.ready_date else "not known"
        return (
            f"{head} ({sign}{hours(abs(self.hours_change))}, "
            f"{money_sign}{money(abs(self.cost_change))}; ready {ready}, {when})."
        )


def _why_replaced(catalogue: Catalogue, old: CommittedModule, new) -> str:
    if old.module not in catalogue.modules:
        return f"{old.module} left the catalogue; {new.id} teaches what it taught"
    now = catalogue.modules[old.module]
    if (now.hours, now.cost) != (old.hours, old.cost) or set(now.teaches) != set(old.teaches):
        return (
            f"{old.module} changed ({number(old.hours)} h, ${number(old.cost, 2)} when committed; "
            f"now {number(now.hours)} h, ${number(now.cost, 2)}): {new.id} is the better choice"
        )
    if new.hours < old.hours - _EPS:
        return f"a shorter alternative appeared: {new.id} ({number(new.hours)} h)"
    if new.cost < old.cost - _EPS:
        return f"a cheaper alternative appeared: {new.id} (${number(new.cost, 2)})"
    return f"{new.id} fits the plan better now"


def _why_removed(
    catalogue: Catalogue, state: LearnerState, mine: LearnerView, old: CommittedModule
) -> str:
    if old.module in state.prior_learning:
        return "you said you already know it"
    if old.module not in catalogue.modules:
        return "it left the catalogue"
    goals = [g for g in old.goals if g in mine.goals]
    if not goals and old.goals:
        return f"its goal {', '.join(old.goals)} is no longer one of yours"
    needed = set().union(*(_needed(catalogue, g) for g in mine.goals)) if mine.goals else set()
    if not set(old.teaches) & needed:
        return "the niche's requirements changed: no goal needs what it teaches now"
    taught = set(old.teaches) & needed
    by = [
        r.module
        for r in state.completions
        if r.module in catalogue.modules and set(catalogue.modules[r.module].teaches) & taught
    ]
    if by:
        return f"you completed {by[0]}, which teaches what it taught"
    if taught <= set(mine.declared):
        return "you now hold what it teaches"
    return "the plan no longer needs it"


def _why_added(catalogue: Catalogue, c: CommitmentRecord, mine: LearnerView, new) -> str:
    covered = {s for m in c.modules for s in m.teaches}
    fresh = [s for s in new.teaches if s not in covered]
    new_goals = [
        g for g in mine.goals if g not in c.targets and set(new.teaches) & _needed(catalogue, g)
    ]
    if new_goals:
        return f"for your new goal {', '.join(new_goals)}"
    if fresh:
        return f"the niche's requirements changed: {', '.join(fresh)} is needed now"
    return "the plan needs it now"


def plan_diff(
    catalogue: Catalogue,
    store: ProgressStore,
    learner: str | None,
    today: dt.date,
    *,
    planner: Planner | None = None,
    time_limit: float | None = None,
) -> PlanDiff:
    """The learner's plan now against their commitment (see :class:`PlanDiff`).

    The plan now is the one ``learnpath plan`` shows: by the measure, rate and budget
    the learner saved (:func:`~learnpath.learner.plan_limits`), the fastest without.

    Raises
    ------
    NoCommitmentError
        When the learner has no commitment.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.planning import schedule
    >>> from learnpath.learner import commit, plan
    >>> skills = [Skill("a", "A")]
    >>> cat = Catalogue.build(skills, [Module("m1", "M1", ("a",), 8)],
    ...                       [Niche("n", "N", ("a",), 0.6)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_goals("ana", ["n"])
    >>> mine = plan(cat, store, "ana")
    >>> _ = commit(cat, store, mine, schedule(mine.plan, 4, dt.date(2026, 9, 7)),
    ...            at=dt.time(19, 0))
    >>> newer = Catalogue.build(skills, [Module("m1", "M1", ("a",), 8),
    ...                                  Module("m2", "M2", ("a",), 5)],
    ...                         [Niche("n", "N", ("a",), 0.6)])
    >>> d = plan_diff(newer, store, "ana", dt.date(2026, 9, 7))
    >>> [r.to_dict() for r in d.replaced], d.hours_change, d.catalogue_changed
    ([{'old': 'm1', 'new': 'm2', 'why': 'a shorter alternative appeared: m2 (5 h)'}], -3, True)
    >>> store.close()
    """
    state = store.state(learner)
    c = state.commitment
    if c is None:
        raise NoCommitmentError(state.name)
    mine = LearnerView.of(catalogue, state)
    if mine.goals:
        make = planner or _planner(catalogue, time_limit)
        made = make(mine.have, mine.goals, mine.done, plan_limits(store, state.name))
        new_plan: Plan | None = made
        new_modules = tuple(made.modules)
    else:
        new_plan, new_modules = None, ()
    gone = {r.module for r in state.completions}  # progress; skipped ones are changes
    left = [m for m in c.modules if m.module not in gone]
    left_ids = {m.module for m in left}
    new_ids = {m.id for m in new_modules}
    removed = [m for m in left if m.module not in new_ids]
    added = [m for m in new_modules if m.id not in left_ids]
    replaced: list[Replacement] = []
    paired: set[str] = set()
    still_removed = []
    for old in removed:
        match = next(
            (a for a in added if a.id not in paired and set(a.teaches) & set(old.teaches)), None
        )
        if match is None:
            still_removed.append(old)
            continue
        paired.add(match.id)
        replaced.append(Replacement(old.module, match.id, _why_replaced(catalogue, old, match)))
    still_added = [a for a in added if a.id not in paired]
    why = {m.module: _why_removed(catalogue, state, mine, m) for m in still_removed}
    why.update({a.id: _why_added(catalogue, c, mine, a) for a in still_added})
    new_hours = sum(m.hours for m in new_modules)
    new_cost = sum(m.cost for m in new_modules)
    start = max(today, c.start)
    ends = _layout((m.hours for m in new_modules), start, c.days, c.hours_per_week)
    ready = max(ends, default=start)
    return PlanDiff(
        added=tuple(a.id for a in still_added),
        removed=tuple(m.module for m in still_removed),
        replaced=tuple(replaced),
        hours_change=number(round(new_hours - sum(m.hours for m in left), 2)),
        cost_change=number(round(new_cost - sum(m.cost for m in left), 2)),
        ready_date_change=(ready - c.ready_date).days,
        why=why,
        ready_date=ready,
        committed_ready_date=c.ready_date,
        catalogue_changed=c.fingerprint != fingerprint(catalogue),
        plan=new_plan,
    )
