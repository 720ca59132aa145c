"""``rank_niches()``: every niche with its exact hours to ready, best trade-offs first.

Work is shared across niches. For one learner, the prerequisite closure of each
skill that has no choice of teacher is computed once (as a bitset of module numbers,
memoised), so a niche whose skills involve no alternatives costs a few ``or``\\ s and a
sum. Only niches that touch real alternatives go to the exact solver, and niches
that need the same unheld skills share one answer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from ..model import Catalogue
from .index import CatalogueIndex
from .planner import learner_state
from .result import NicheRank
from .solve import DEFAULT_TIME_LIMIT, solve

__all__ = ["rank_niches", "SORTS", "pareto_fronts"]

SORTS = ("pareto", "hours", "resilience")


class _Closures:
    """Memoised forced closures: skill -> (module bitset, missing entry skills) or None.

    ``None`` means the skill (or something below it) can be taught by several modules,
    so its cheapest closure needs the solver.
    """

    def __init__(self, ix: CatalogueIndex, held: frozenset[str], done: frozenset[int]):
        self.ix, self.held, self.done = ix, held, done
        self.memo: dict[str, tuple[int, frozenset[str]] | None] = {}

    def of(self, skill: str) -> tuple[int, frozenset[str]] | None:
        memo, ix = self.memo, self.ix
        stack = [skill]
        while stack:
            s = stack[-1]
            if s in memo:
                stack.pop()
                continue
            if s in self.held:
                memo[s] = (0, frozenset())
                stack.pop()
                continue
            ts = [t for t in ix.teachers.get(s, ()) if t not in self.done]
            if not ts:
                memo[s] = (0, frozenset((s,)))
                stack.pop()
                continue
            if len(ts) > 1:
                memo[s] = None
                stack.pop()
                continue
            t = ts[0]
            todo = [r for r in ix.requires[t] if r not in memo and r != s]
            if todo:
                stack.extend(todo)
                continue
            mask, missing = 1 << t, frozenset()
            for r in ix.requires[t]:
                sub = memo.get(r) if r != s else (0, frozenset())
                if sub is None:
                    mask = -1
                    break
                mask |= sub[0]
                missing |= sub[1]
            memo[s] = None if mask == -1 else (mask, missing)
            stack.pop()
        return memo[skill]

    def union(self, skills: Iterable[str]) -> tuple[int, frozenset[str]] | None:
        mask, missing = 0, frozenset()
        for s in skills:
            sub = self.of(s)
            if sub is None:
                return None
            mask |= sub[0]
            missing |= sub[1]
        return mask, missing


def _members(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


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
    ordered = sorted(items, key=lambda it: (-it[1], it[2], it[0]))
    front: dict[str, int] = {}
    for k, (pid, res, eff) in enumerate(ordered):
        best = 0
        for qid, qres, qeff in ordered[:k]:
            if qres >= res and qeff <= eff and (qres > res or qeff < eff):
                best = max(best, front[qid])
        front[pid] = best + 1
    return front


def rank_niches(
    catalogue: Catalogue,
    have: Iterable[str] | str | None,
    done: Iterable[str] | str | None = (),
    sort: str = "pareto",
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> list[NicheRank]:
    """Every niche with exact hours to ready, resilience and missing entry skills.

    Parameters
    ----------
    catalogue : Catalogue
    have, done : iterable of str
        Declared skill ids; completed module ids.
    sort : {"pareto", "hours", "resilience"}
        ``pareto`` (default): the niches no other niche beats on both resilience and
        effort first (most resilient first), then the next front, and so on. Effort is
        missing entry skills, then hours. ``hours``: quickest first. ``resilience``:
        most resilient first.
    time_limit : float
        Seconds the exact solver may use in all, shared among the niches whose skills
        have alternatives (at least 0.05 s each, so a catalogue with very many hard
        niches may take up to twice as long; past that, niches get a good plan without
        proof); a niche cut short says ``optimal=False``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...     [Module("ma", "A", ("a",), 10), Module("mb", "B", ("b",), 2)],
    ...     [Niche("safe", "Safe", ("a",), 0.9), Niche("quick", "Quick", ("b",), 0.4),
    ...      Niche("meh", "Meh", ("a", "b"), 0.3)])
    >>> [(r.id, r.hours_to_ready, r.pareto) for r in rank_niches(cat, have=[])]
    [('safe', 10.0, True), ('quick', 2.0, True), ('meh', 12.0, False)]
    """
    if sort not in SORTS:
        from ..errors import LearnpathError

        raise LearnpathError(f"sort must be one of {', '.join(SORTS)}, not `{sort}`")
    ix, held, done_set = learner_state(catalogue, have, done)
    closures = _Closures(ix, held, done_set)
    answers: dict[frozenset[str], tuple[float, float, tuple[str, ...], bool, int]] = {}
    hard: list[frozenset[str]] = []
    niches = [catalogue.niches[nid] for nid in sorted(catalogue.niches)]
    goal_sets = [frozenset(s for s in n.requires if s not in held) for n in niches]
    for goals in goal_sets:  # first everything the shared closures answer
        if goals not in answers:
            forced = closures.union(sorted(goals)) if goals else (0, frozenset())
            if forced is None:
                answers[goals] = None  # type: ignore[assignment]
                hard.append(goals)
            else:
                answers[goals] = _totals(ix, list(_members(forced[0])), forced[1], True)
    deadline = time.monotonic() + time_limit
    for k, goals in enumerate(hard):  # then the solver, sharing the time limit fairly
        left = deadline - time.monotonic()
        # far past the limit: a good plan without proof (each search gets >= 0.05 s)
        method = "auto" if left > -time_limit else "greedy"
        share = max(0.05, left / (len(hard) - k))
        sol = solve(ix, held, done_set, goals, "hours", share, tie_break=False, method=method)
        answers[goals] = _totals(ix, list(sol.modules), sol.missing, sol.optimal)
    rows = [(n, answers[g]) for n, g in zip(niches, goal_sets, strict=True)]
    fronts = pareto_fronts(
        [(n.id, float(n.resilience), (len(a[2]), round(a[0], 6))) for n, a in rows]
    )
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
        )
        for n, a in rows
    ]
    keys = {
        "pareto": lambda r: (r.front, -r.resilience, len(r.missing), r.hours_to_ready, r.id),
        "hours": lambda r: (len(r.missing), r.hours_to_ready, -r.resilience, r.id),
        "resilience": lambda r: (-r.resilience, len(r.missing), r.hours_to_ready, r.id),
    }
    return sorted(ranks, key=keys[sort])


def _totals(ix, mods, missing, optimal):
    """(hours, cost, missing, optimal, module count) of a set of module numbers."""
    hours = math.fsum(ix.hours[i] for i in mods)
    cost = math.fsum(ix.cost[i] for i in mods)
    return (hours, cost, tuple(sorted(missing)), optimal, len(mods))
