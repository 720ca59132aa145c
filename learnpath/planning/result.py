"""What the planner returns: read-only records, each with ``to_dict()`` for JSON.

They are named tuples (keyword or positional fields, defaults, ``repr``, equality, no
assignment): cheap to define at import, and built in one step, which matters for the
dozens of :class:`PlannedModule` records of every plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formatting import number
from ._record import frozen
from .explain import why_text

if TYPE_CHECKING:
    from datetime import date

    from ..model import Catalogue

__all__ = [
    "PlannedModule",
    "TargetCost",
    "Plan",
    "NicheRank",
    "ScheduledModule",
    "Schedule",
]


@frozen
class PlannedModule:
    """One step of a plan, with the reason it is there.

    ``why`` reads "teaches sql, needed by dashboard-design, needed by niche data-analyst";
    ``serves`` lists the targets it leads to; ``needs_missing`` the missing entry skills
    it requires (the learner must get them elsewhere first). A module without a ``url``
    is ``generic``: no real course is named, find or run a local equivalent.
    """

    id: str
    title: str
    hours: float
    cost: float
    teaches: tuple[str, ...]
    requires: tuple[str, ...]
    why: str
    serves: tuple[str, ...] = ()
    needs_missing: tuple[str, ...] = ()
    url: str | None = None
    provider: str | None = None

    @property
    def generic(self) -> bool:
        """True when the catalogue names no real resource (no url) for this module."""
        return self.url is None

    def to_dict(self, catalogue: Catalogue | None = None) -> dict:
        """The JSON shape; with the ``catalogue``, ``why_text`` says ``why`` in titles and
        names (computed here, not by the planner, so planning stays as fast)."""
        return {
            "id": self.id,
            "title": self.title,
            "hours": number(self.hours),
            "cost": number(self.cost),
            "teaches": list(self.teaches),
            "requires": list(self.requires),
            "why": self.why,
            "why_text": None if catalogue is None else why_text(self.why, catalogue),
            "serves": list(self.serves),
            "needs_missing": list(self.needs_missing),
            "url": self.url,
            "provider": self.provider,
            "generic": self.url is None,
        }


@frozen
class TargetCost:
    """What one target of a multi-target plan adds: the hours and cost of the plan's
    modules that serve it and no other target (dropping it saves at least this)."""

    target: str
    kind: str  # "niche" or "skill"
    extra_hours: float
    extra_cost: float
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "kind": self.kind,
            "extra_hours": number(self.extra_hours),
            "extra_cost": number(self.extra_cost),
            "missing": list(self.missing),
        }


@frozen
class Plan:
    """An ordered list of modules from the learner's skills to the targets.

    Examples
    --------
    >>> p = Plan(("sql",), (), 0.0, 0.0, True, 0.0, ())
    >>> p.to_dict()["total_hours"], p.reachable
    (0, True)
    >>> p._replace(max_cost=50.0).to_dict()["limits"]
    {'max_cost': 50, 'max_hours': None}
    """

    targets: tuple[str, ...]
    modules: tuple[PlannedModule, ...]
    total_hours: float
    total_cost: float
    optimal: bool
    lower_bound: float
    missing: tuple[str, ...]
    minimize: str = "hours"
    target_skills: tuple[str, ...] = ()
    already_held: tuple[str, ...] = ()
    unreachable: tuple[str, ...] = ()
    per_target: tuple[TargetCost, ...] = ()
    rate: float | None = None
    max_cost: float | None = None
    max_hours: float | None = None
    by: date | None = None
    hours_per_week: float | None = None
    #: for a plan not proved optimal, why not: the work budget or the time limit ran
    #: out, or the integer program failed to run ("" when proved); not in the JSON
    #: shape yet (the API schema lists its fields)
    reason: str = ""

    @property
    def reachable(self) -> bool:
        """True when every target can be reached without a missing entry skill."""
        return not self.missing

    @property
    def total_value(self) -> float | None:
        """Hours x ``rate`` + cost, when a rate was given."""
        return None if self.rate is None else self.total_hours * self.rate + self.total_cost

    def _date_limit(self) -> dict:
        """``by`` and ``hours_per_week`` of a plan limited by a date (else nothing)."""
        if self.by is None:
            return {}
        pace = None if self.hours_per_week is None else number(self.hours_per_week)
        return {"by": self.by.isoformat(), "hours_per_week": pace}

    def to_dict(self, catalogue: Catalogue | None = None) -> dict:
        """The JSON shape of ``learnpath path --json`` (DESIGN section 4, plus extras);
        give the ``catalogue`` for each module's ``why_text``."""
        return {
            "targets": list(self.targets),
            "total_hours": number(self.total_hours),
            "total_cost": number(self.total_cost),
            "optimal": self.optimal,
            "lower_bound": number(self.lower_bound),
            "minimize": self.minimize,
            "rate": None if self.rate is None else number(self.rate),
            "total_value": None if self.total_value is None else number(self.total_value),
            "limits": {
                "max_cost": None if self.max_cost is None else number(self.max_cost),
                "max_hours": None if self.max_hours is None else number(self.max_hours),
                **self._date_limit(),
            },
            "modules": [m.to_dict(catalogue) for m in self.modules],
            "missing": list(self.missing),
            "unreachable_targets": list(self.unreachable),
            "already_held": list(self.already_held),
            "per_target": [t.to_dict() for t in self.per_target],
        }


@frozen
class NicheRank:
    """One niche as seen from one learner's skills.

    ``fit`` is the share of the niche's hours from the entry skills that the learner's
    skills already save (see :mod:`learnpath.planning.fit`); ``resilience_low`` and
    ``resilience_high`` bound ``resilience`` and ``automation_risk`` is a separate
    measure, each None when the catalogue does not give it.
    """

    id: str
    name: str
    resilience: float
    hours_to_ready: float
    cost_to_ready: float
    missing: tuple[str, ...]
    optimal: bool
    pareto: bool
    front: int
    industry: str | None = None
    modules: int = 0
    fit: float = 0.0
    resilience_low: float | None = None
    resilience_high: float | None = None
    automation_risk: float | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "fit": round(self.fit, 3),
            "resilience": self.resilience,
            "resilience_low": self.resilience_low,
            "resilience_high": self.resilience_high,
            "automation_risk": self.automation_risk,
            "hours_to_ready": number(self.hours_to_ready),
            "cost_to_ready": number(self.cost_to_ready),
            "missing": list(self.missing),
            "optimal": self.optimal,
            "pareto": self.pareto,
            "front": self.front,
            "industry": self.industry,
            "modules": self.modules,
        }


@frozen
class ScheduledModule:
    """A planned module with the dates it is studied (``end`` inclusive)."""

    module: PlannedModule
    start: date
    end: date

    def to_dict(self, catalogue: Catalogue | None = None) -> dict:
        d = self.module.to_dict(catalogue)
        d["start"] = self.start.isoformat()
        d["end"] = self.end.isoformat()
        return d


@frozen
class Schedule:
    """A plan laid out on the calendar at a steady number of hours per week.

    ``days`` are the weekdays studied (0 is Monday), each with one session of
    ``hours_per_week / len(days)`` hours.
    """

    plan: Plan
    hours_per_week: float
    start: date
    entries: tuple[ScheduledModule, ...]
    days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)

    @property
    def session_hours(self) -> float:
        """The length of one study session: the weekly hours over the study days."""
        return self.hours_per_week / len(self.days)

    @property
    def end(self) -> date:
        """The last study day (the start date for an empty plan)."""
        return self.entries[-1].end if self.entries else self.start

    def to_dict(self, catalogue: Catalogue | None = None) -> dict:
        d = self.plan.to_dict(catalogue)
        d["hours_per_week"] = number(self.hours_per_week)
        d["days"] = [("mon", "tue", "wed", "thu", "fri", "sat", "sun")[k] for k in self.days]
        d["session_hours"] = number(self.session_hours, 4)
        d["start"] = self.start.isoformat()
        d["end"] = self.end.isoformat()
        d["modules"] = [e.to_dict(catalogue) for e in self.entries]
        return d
