"""``rank_niches()``: every niche with its exact hours to ready and fit, closest first.

Work is shared across niches, and with every other query of the same learner
context: the forced closure of each skill (sole teachers, down the requirements) is
memoised once per context (:class:`~learnpath.planning.solver.contexts.ForcedClosures`), so a
niche whose skills involve no alternatives costs a few set unions and a sum. Only
niches that touch real alternatives go to the exact search, starting from that union
(what every plan contains), and niches that need the same unheld skills share one
answer.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections.abc import Iterable

from ..model import Catalogue
from .fit import fit_fronts, fit_share
from .index import index_of
from .planner import learner_state
from .result import NicheRank
from .solver import DEFAULT_TIME_LIMIT, closures_for, solve_rest

__all__ = ["rank_niches", "SORTS", "pareto_fronts", "entry_hours"]

SORTS = ("fit", "pareto", "hours", "resilience")

#: Seconds each niche's exact search may take at least, whatever is left of the
#: ranking's time limit: a safety net, as the search and the integer program stop at
#: their work budgets first.
MIN_SHARE = 0.5


def pareto_fronts(items: list[tuple[str, float, tuple[int, float]]]) -> dict[str, int]:
    """Front number (1 = not beaten) per id, for ``(id, resilience, effort)`` items.

    One item beats another when its resilience is at least as high and its effort (a
    tuple compared in order: missing entry skills, then hours) at most as high, and it
    is strictly better on one of the two.

    Examples
    --------
    >>> pareto_fronts([("a", 0.9, (0, 10)), ("b", 0.5, (0, 5)), ("c", 0.5, (0, 20))])
    {'a': 1, 'b': 1, 'c': 2}
    """
    # Most resilient first, by effort within equal resilience. A front's least effort
    # never decreases from one front to the next (each member is beaten by a member of
    # the front before, with no more effort), so the fronts holding a beater of an item
    # are the first ``bisect_right(least, effort)`` ones: n log n, not n squared.
    ordered = sorted(items, key=lambda it: (-it[1], it[2], it[0]))
    front: dict[str, int] = {}
    least: list = []  # per front (index 0 = front 1): least effort of the committed items
    k, n = 0, len(ordered)
    while k < n:
        end = k
        while end < n and ordered[end][1] == ordered[k][1]:
            end += 1
        group = ordered[k:end]  # equal resilience: beaten only with strictly less effort
        below = 0  # highest front among the group's items with strictly less effort
        run_front, run_eff = 0, None
        for pid, _, eff in group:
            if eff != run_eff:
                below = max(below, run_front)
                run_front, run_eff = 0, eff
            f = max(bisect_right(least, eff), below) + 1
            front[pid] = f
            run_front = max(run_front, f)
        for pid, _, eff in group:  # committed after the group: beaters of later items
            f = front[pid]
            if f > len(least):
                least.append(eff)
            elif eff < least[f - 1]:
                least[f - 1] = eff
        k = end
    return front


def rank_niches(
    catalogue: Catalogue,
    have: Iterable[str] | str | None,
    done: Iterable[str] | str | None = (),
    sort: str = "fit",
    time_limit: float = DEFAULT_TIME_LIMIT,
    *,
    with_fit: bool = True,
) -> list[NicheRank]:
    """Every niche with exact hours to ready, fit, resilience and missing entry skills.

    Parameters
    ----------
    catalogue : Catalogue
    have, done : iterable of str
        Declared skill ids; completed module ids.
    sort : {"fit", "pareto", "hours", "resilience"}
        ``fit`` (default): the personal order of :mod:`.fit` (:data:`.fit.ORDER`):
        the niches no other niche beats on both fit and resilience (a band wholly
        above) first, best fit first, then the next front, and so on. ``pareto``: the
        niches no other niche beats on both resilience and effort first (most
        resilient first), then the next front; effort is missing entry skills, then
        hours. ``hours``: quickest first. ``resilience``: most resilient first.
    time_limit : float
        Seconds the exact solver may use in all, shared among the niches whose skills
        have alternatives (at least 0.05 s each, so a catalogue with very many hard
        niches may take up to twice as long; past that, niches get a good plan without
        proof); a niche cut short says ``optimal=False``.
    with_fit : bool
        Compute ``fit`` (default). Without it ``fit`` is 0 and ``sort="fit"`` is refused:
        :func:`entry_hours`, which fit is measured against, ranks that way.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...     [Module("ma", "A", ("a",), 10), Module("mb", "B", ("b",), 2)],
    ...     [Niche("safe", "Safe", ("a",), 0.9), Niche("quick", "Quick", ("b",), 0.4),
    ...      Niche("meh", "Meh", ("a", "b"), 0.3)])
    >>> [(r.id, r.hours_to_ready, r.pareto) for r in rank_niches(cat, [], sort="pareto")]
    [('safe', 10.0, True), ('quick', 2.0, True), ('meh', 12.0, False)]
    >>> [(r.id, round(r.fit, 2)) for r in rank_niches(cat, have=["b"])]
    [('quick', 1.0), ('meh', 0.17), ('safe', 0.0)]
    """
    if sort not in SORTS or (sort == "fit" and not with_fit):
        from ..errors import LearnpathError

        allowed = SORTS if with_fit else SORTS[1:]
        raise LearnpathError(f"sort must be one of {', '.join(allowed)}, not `{sort}`")
    ix, held, done_set = learner_state(catalogue, have, done)
    # forced closures are shared with every query of this learner context: a niche
    # without real choices is answered by a union of them, the others are solved from
    # that union on
    closures = closures_for(ix, held, done_set)
    answers: dict[frozenset[str], tuple[float, float, tuple[str, ...], bool, int]] = {}
    hard: list[tuple[frozenset[str], tuple]] = []
    niches = [catalogue.niches[nid] for nid in sorted(catalogue.niches)]
    goal_sets = [frozenset(s for s in n.requires if s not in held) for n in niches]
    for goals in goal_sets:  # first everything the shared closures answer
        if goals not in answers:
            forced = closures.core(held, sorted(goals))
            if forced[3]:
                answers[goals] = None  # type: ignore[assignment]
                hard.append((goals, forced))
            else:
                answers[goals] = _totals(ix, forced[0], forced[1], True)
    deadline = time.monotonic() + time_limit
    for k, (goals, forced) in enumerate(hard):  # then the solver, sharing the time fairly
        now = time.monotonic()
        left = deadline - now
        # far past the limit: a good plan without proof. Each niche's search is bounded
        # by its work budget; its share of seconds is only a safety net, and at least
        # MIN_SHARE so that a busy machine does not cut (and reorder) what the budget
        # would prove
        method = "auto" if left > -time_limit else "greedy"
        share = max(MIN_SHARE, left / (len(hard) - k))
        # ties broken canonically (cost, then ids): a niche's modules and cost never
        # depend on what was solved before
        sol = solve_rest(ix, held, done_set, forced, "hours", True, method, deadline=now + share)
        answers[goals] = _totals(ix, sol.modules, sol.missing, sol.optimal)
    rows = [(n, answers[g]) for n, g in zip(niches, goal_sets, strict=True)]
    fronts = pareto_fronts(
        [(n.id, float(n.resilience), (len(a[2]), round(a[0], 6))) for n, a in rows]
    )
    base = entry_hours(catalogue, time_limit) if with_fit else {}
    ranks = [
        NicheRank(
            id=n.id,
            name=n.name,
            resilience=float(n.resilience),
            hours_to_ready=a[0],
            cost_to_ready=a[1],
            missing=a[2],
            optimal=a[3],
            pareto=fronts[n.id] == 1,
            front=fronts[n.id],
            industry=n.industry,
            modules=a[4],
            fit=fit_share(a[0], base.get(n.id)),
            resilience_low=n.resilience_low,
            resilience_high=n.resilience_high,
            automation_risk=n.automation_risk,
        )
        for n, a in rows
    ]
    if sort == "fit":
        return _by_fit(ranks)
    keys = {
        "pareto": lambda r: (r.front, -r.resilience, len(r.missing), r.hours_to_ready, r.id),
        "hours": lambda r: (len(r.missing), r.hours_to_ready, -r.resilience, r.id),
        "resilience": lambda r: (-r.resilience, len(r.missing), r.hours_to_ready, r.id),
    }
    return sorted(ranks, key=keys[sort])


class EntryHours:
    """Per catalogue, the hours to ready from the entry skills (``ix.memo(EntryHours)``).

    Attributes
    ----------
    hours : dict or None
        Niche id -> exact hours to ready of a learner holding only the entry skills;
        None until :func:`entry_hours` first needs it.
    """

    __slots__ = ("hours",)

    def __init__(self, ix: object):
        self.hours: dict[str, float] | None = None


def entry_hours(catalogue: Catalogue, time_limit: float = DEFAULT_TIME_LIMIT) -> dict[str, float]:
    """Each niche's exact hours to ready from the entry skills alone: what fit is measured
    against. Computed once per catalogue (kept with its planning index), the solver
    using at most ``time_limit`` seconds in all the first time.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...     [Module("mb", "B", ("b",), 4, ("a",))], [Niche("n", "N", ("b",), 0.5)])
    >>> entry_hours(cat)
    {'n': 4.0}
    """
    memo = index_of(catalogue).memo(EntryHours)
    if memo.hours is None:
        entry = sorted(catalogue.entry_skills)
        ranks = rank_niches(catalogue, entry, sort="hours", time_limit=time_limit, with_fit=False)
        memo.hours = {r.id: r.hours_to_ready for r in ranks}
    return memo.hours


def _by_fit(ranks: list[NicheRank]) -> list[NicheRank]:
    """``ranks`` in the personal order of :mod:`.fit`: missing entry skills, fit 0 or
    not, then front, fit, hours, id (a niche's beaters are never in a later group)."""

    def band(r: NicheRank) -> tuple[float, float]:
        low = r.resilience if r.resilience_low is None else r.resilience_low
        high = r.resilience if r.resilience_high is None else r.resilience_high
        return low, high

    fronts = fit_fronts(
        [(r.id, (-len(r.missing), r.fit > 0, round(r.fit, 9)), *band(r)) for r in ranks]
    )
    return sorted(
        ranks,
        key=lambda r: (len(r.missing), r.fit <= 0, fronts[r.id], -r.fit, r.hours_to_ready, r.id),
    )


def _totals(ix, mods, missing, optimal):
    """(hours, cost, missing, optimal, module count) of a set of module numbers."""
    hours, cost = ix.hours, ix.cost
    hours = math.fsum([hours[i] for i in mods])
    cost = math.fsum([cost[i] for i in mods])
    return (hours, cost, tuple(sorted(missing)), optimal, len(mods))
