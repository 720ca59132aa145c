"""``compare()``: two or three niches side by side, and what each adds to the others.

For each niche: its own exact plan (hours and cost to ready), its **marginal hours**
(the optimal plan for all of them minus the optimal plan for the others, so a module
they share counts once), fit, resilience with its band, automation risk, the modules
of the joint plan it shares with the others, and its sources. Every figure comes from
exact plans; ``optimal`` says whether each was proved optimal within the time limit.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from ..errors import UnknownIdError, UsageError, closest
from ..formatting import number
from ..model import Catalogue
from ._record import frozen
from .explain import providers
from .fit import fit_share
from .planner import learner_state, resolve_targets
from .ranking import entry_hours
from .solver import DEFAULT_TIME_LIMIT, solve

__all__ = ["MAX_COMPARED", "ComparedNiche", "Comparison", "compare", "check_niches"]

#: Most niches one comparison holds (and the fewest is two).
MAX_COMPARED = 3


@frozen
class ComparedNiche:
    """One niche of a :class:`Comparison`.

    ``marginal_hours`` is what it adds to the optimal plan for the other niches;
    ``shared_modules`` are the modules of the joint plan that lead to it and to another
    compared niche; ``missing`` the entry skills its plan needs and the learner lacks.
    """

    id: str
    name: str
    hours_to_ready: float
    cost_to_ready: float
    marginal_hours: float
    resilience: float
    resilience_low: float | None
    resilience_high: float | None
    automation_risk: float | None
    fit: float
    shared_modules: tuple[str, ...]
    sources: tuple[str, ...]
    missing: tuple[str, ...] = ()
    optimal: bool = True

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "hours_to_ready": number(self.hours_to_ready),
            "cost_to_ready": number(self.cost_to_ready),
            "marginal_hours": number(self.marginal_hours),
            "resilience": self.resilience,
            "resilience_low": self.resilience_low,
            "resilience_high": self.resilience_high,
            "automation_risk": self.automation_risk,
            "fit": round(self.fit, 3),
            "shared_modules": list(self.shared_modules),
            "sources": list(self.sources),
        }


@frozen
class Comparison:
    """Niches side by side (in the order asked), with the plan that reaches them all.

    ``optimal`` is True when every plan behind the figures was proved optimal;
    ``missing`` lists the entry skills the joint plan needs and the learner lacks.
    """

    niches: tuple[ComparedNiche, ...]
    together_hours: float
    together_cost: float
    optimal: bool
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON of ``learnpath compare --json`` and ``GET /api/v1/compare``."""
        return {
            "niches": [n.to_dict() for n in self.niches],
            "together_hours": number(self.together_hours),
            "together_cost": number(self.together_cost),
            "optimal": self.optimal,
            "missing": list(self.missing),
        }


def check_niches(catalogue: Catalogue, niches: Iterable[str]) -> list[str]:
    """The niche ids to compare, checked: two or three different niches of the catalogue.

    Raises
    ------
    UsageError
        For fewer than two, more than :data:`MAX_COMPARED`, or a niche given twice.
    UnknownIdError
        For an id that is not a niche, naming the nearest niches.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A")], [], [Niche(n, n, ("a",), 0.5) for n in "xy"])
    >>> check_niches(cat, ["x", " y"])
    ['x', 'y']
    >>> check_niches(cat, ["x", "x"])
    Traceback (most recent call last):
    ...
    learnpath.errors.UsageError: compare each niche once: `x` is given twice
    """
    ids = [n.strip() for n in niches if n and n.strip()]
    twice = sorted(n for n, k in Counter(ids).items() if k > 1)
    if twice:
        names = ", ".join(f"`{n}`" for n in twice)
        raise UsageError(
            f"compare each niche once: {names} {'is' if len(twice) == 1 else 'are'} given twice"
        )
    if not 2 <= len(ids) <= MAX_COMPARED:
        raise UsageError(
            f"compare two or three niches (got {len(ids)}): name each by its id, "
            "as `learnpath niches` lists them"
        )
    bad = {n: closest(n, catalogue.niches, cutoff=0.5) for n in ids if n not in catalogue.niches}
    if bad:
        raise UnknownIdError("niche", bad)
    return ids


def _serves(
    ix, chosen: frozenset[int], held: frozenset[str], goals: dict[str, list[str]]
) -> dict[int, set[str]]:
    """Module number -> the niches of ``goals`` it leads to within ``chosen`` (what
    :func:`.explain.explain` calls ``serves``, without the reasons)."""
    prov = providers(ix, chosen, held)
    out: dict[int, set[str]] = {}
    for nid, skills in goals.items():
        stack = [prov[s] for s in skills if s in prov]
        seen: set[int] = set()
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            out.setdefault(i, set()).add(nid)
            stack.extend(prov[r] for r in ix.requires[i] if r in prov)
    return out


def compare(
    catalogue: Catalogue,
    have: Iterable[str] | str | None,
    niches: Sequence[str],
    done: Iterable[str] | str | None = (),
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Comparison:
    """Two or three niches side by side, from the skills ``have`` and modules ``done``.

    Parameters
    ----------
    catalogue : Catalogue
    have, done : iterable of str
        Declared skill ids; completed module ids.
    niches : sequence of str
        Two or three different niche ids (see :func:`check_niches`).
    time_limit : float
        Seconds the exact solver may use for each of the plans behind the figures (the
        niches' own, the joint one, and the joint one without each niche).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build(
    ...     [Skill("sql", "SQL"), Skill("bi", "BI"), Skill("ml", "ML")],
    ...     [Module("sql-101", "SQL", ("sql",), 10), Module("dash", "Dash", ("bi",), 6, ("sql",)),
    ...      Module("ml-101", "ML", ("ml",), 20, ("sql",))],
    ...     [Niche("bi", "BI analyst", ("bi",), 0.3), Niche("ml", "ML engineer", ("ml",), 0.2)])
    >>> c = compare(cat, [], ["bi", "ml"])
    >>> [(n.id, n.hours_to_ready, n.marginal_hours, n.shared_modules) for n in c.niches]
    [('bi', 16.0, 6.0, ('sql-101',)), ('ml', 30.0, 20.0, ('sql-101',))]
    >>> c.together_hours, c.optimal
    (36.0, True)
    """
    ids = check_niches(catalogue, niches)
    ix, held, done_set = learner_state(catalogue, have, done)
    targets = resolve_targets(catalogue, ids)
    goals = {t.id: list(t.skills) for t in targets}
    # what the user would follow: the same plans (and tie-breaks) as `learnpath path`
    singles = [solve(ix, held, done_set, goals[nid], "hours", time_limit) for nid in ids]
    every = list(dict.fromkeys(s for nid in ids for s in goals[nid]))
    joint = solve(ix, held, done_set, every, "hours", time_limit)
    serves = _serves(ix, joint.modules, held, goals)
    # the others as the joint plan has them: with the same missing entry skills assumed
    assumed = held | joint.missing if joint.missing else held  # the very object: memos hit
    base = entry_hours(catalogue, time_limit)
    hours, cost = ix.hours, ix.cost
    together = math.fsum(hours[i] for i in joint.modules)
    rows = []
    for nid, own in zip(ids, singles, strict=True):
        others = [o for o in ids if o != nid]
        if len(others) == 1 and not joint.missing:  # the other's own plan
            rest = singles[ids.index(others[0])]
        else:
            wanted = [s for o in others for s in goals[o]]
            rest = solve(ix, assumed, done_set, wanted, "hours", time_limit, tie_break=False)
        n = catalogue.niches[nid]
        own_hours = math.fsum(hours[i] for i in own.modules)
        shared = sorted(
            (i for i in joint.modules if nid in serves.get(i, ()) and len(serves[i]) > 1),
            key=ix.topo_rank.__getitem__,
        )
        rows.append(
            ComparedNiche(
                id=nid,
                name=n.name,
                hours_to_ready=own_hours,
                cost_to_ready=math.fsum(cost[i] for i in own.modules),
                marginal_hours=round(together - math.fsum(hours[i] for i in rest.modules), 9),
                resilience=float(n.resilience),
                resilience_low=n.resilience_low,
                resilience_high=n.resilience_high,
                automation_risk=n.automation_risk,
                fit=fit_share(own_hours, base.get(nid)),
                shared_modules=tuple(ix.module_ids[i] for i in shared),
                sources=tuple(n.sources),
                missing=tuple(sorted(own.missing)),
                optimal=own.optimal and rest.optimal,
            )
        )
    return Comparison(
        niches=tuple(rows),
        together_hours=together,
        together_cost=math.fsum(cost[i] for i in joint.modules),
        optimal=joint.optimal and all(r.optimal for r in rows),
        missing=tuple(sorted(joint.missing)),
    )
