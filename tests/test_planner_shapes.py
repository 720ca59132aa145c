"""Property tests: on random catalogues of every benchmark shape, the planner's answers
are the optimum of an exact integer program (HiGHS, built independently of the planner).

Shapes (``tests/benchmarks/shapes.py``, small sizes): topics with cross-topic
prerequisites and 10-50 % of skills with alternatives, bundles teaching 3-8 skills at
75 % choice, deep global layers (8 here, 40 in the benchmark) at 40-70 % choice.
Queries: 1 to 3 niches, a learner holding entry skills and a share of the way, some
with completed modules, with and without limits. Any plan marked optimal must equal
the optimum; every lower bound is at most it; what each target adds (the modules
only it needs) is at most what the others alone save, and the plan without them still
reaches the others.
"""

from __future__ import annotations

import math
import random

import pytest
from benchmarks.shapes import SHAPES, catalogue, queries
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_support import highs_optimum

from learnpath.errors import LimitError
from learnpath.planning import plan, rank_niches

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
_CATALOGUES: dict[tuple[str, int, int], object] = {}


def shaped(shape: str, size: int, seed: int):
    key = (shape, size, seed)
    if key not in _CATALOGUES:
        if len(_CATALOGUES) > 16:
            _CATALOGUES.clear()
        _CATALOGUES[key] = catalogue(shape, size, seed, layers=8)  # deep: 8 layers here
    return _CATALOGUES[key]


def _reaches(cat, have: set, done, modules, targets) -> bool:
    """Whether ``modules`` (with the skills ``have`` and ``done`` modules) is a plan
    for ``targets``: every goal and every requirement of a module taught or held."""
    held = have | {s for m in done for s in cat.modules[m].teaches}
    taught = held | {s for m in modules for s in m.teaches}
    goals = {s for t in targets for s in cat.niches[t].requires}
    return goals <= taught and all(set(m.requires) <= taught for m in modules)


@st.composite
def shaped_queries(draw, max_targets: int = 3):
    shape = draw(st.sampled_from(sorted(SHAPES)))
    cat = shaped(shape, draw(st.sampled_from([80, 160])), draw(st.integers(0, 3)))
    q = queries(cat, 1, draw(st.integers(1, max_targets)), seed=draw(st.integers(0, 10**6)))[0]
    return shape, cat, q


@SETTINGS
@given(shaped_queries(), st.sampled_from(["hours", "cost"]))
def test_plans_marked_optimal_are_the_optimum_on_every_shape(case, minimize):
    shape, cat, q = case
    p = plan(cat, q.have, q.targets, q.done, minimize=minimize)
    missing, best = highs_optimum(cat, q.have, q.targets, q.done, minimize)
    measure = p.total_hours if minimize == "hours" else p.total_cost
    assert p.lower_bound <= best + 1e-6, shape
    if p.optimal:
        assert (len(p.missing), round(measure, 6)) == (missing, round(best, 6)), shape
    else:
        assert p.reason, "a plan not proved optimal says why"
    if minimize == "hours" and p.optimal and p.per_target:
        assumed = list(q.have) + list(p.missing)
        for share in p.per_target:  # what each target adds: dropping it saves at least it
            others = [t for t in q.targets if t != share.target]
            _, rest = highs_optimum(cat, assumed, others, q.done)
            assert share.extra_hours <= p.total_hours - rest + 1e-6, shape
            kept = [m for m in p.modules if m.serves != (share.target,)]
            assert _reaches(cat, set(assumed), q.done, kept, others), shape
            assert math.isclose(
                share.extra_hours, p.total_hours - sum(m.hours for m in kept), abs_tol=1e-6
            )


@SETTINGS
@given(shaped_queries(2), st.sampled_from(["hours", "cost"]), st.floats(0.6, 1.3), st.data())
def test_plans_within_limits_are_the_optimum_on_every_shape(case, minimize, share, data):
    shape, cat, q = case
    free = plan(cat, q.have, q.targets, q.done)
    which = data.draw(st.sampled_from(["max_cost", "max_hours"]))
    limit = round((free.total_cost if which == "max_cost" else free.total_hours) * share, 1)
    limits = {which: limit}
    best = highs_optimum(cat, q.have, q.targets, q.done, minimize, **limits)
    try:
        p = plan(cat, q.have, q.targets, q.done, minimize=minimize, **limits)
    except LimitError:
        assert best is None, f"{shape}: a plan keeps {which}={limit}"
        return
    assert best is not None
    measure = p.total_hours if minimize == "hours" else p.total_cost
    assert (p.total_cost if which == "max_cost" else p.total_hours) <= limit + 1e-6
    assert p.lower_bound <= best[1] + 1e-6
    if p.optimal:
        assert (len(p.missing), round(measure, 6)) == (best[0], round(best[1], 6)), shape


@pytest.mark.parametrize("shape", ["topics 10%", "topics 30%", "deep 40%"])
def test_ranking_figures_do_not_depend_on_what_was_solved_before(shape):
    """Ties in hours are broken the same way (by cost, then ids) whatever ran first."""
    cat = shaped(shape, 80, 1)
    have = sorted(cat.entry_skills)
    niches = sorted(cat.niches)[:30]
    rng = random.Random(shape)
    for nid in rng.sample(niches, 10):  # earlier queries of the same learner
        plan(cat, have, [nid], minimize=rng.choice(["hours", "cost"]))
    ranked = rank_niches(cat, have, sort="hours", time_limit=60, with_fit=False)
    ranks = {r.id: r for r in ranked}
    assert sum(ranks[nid].optimal for nid in niches) >= len(niches) * 0.9
    for nid in niches:
        p = plan(cat, have, [nid])
        r = ranks[nid]
        if not (r.optimal and p.optimal):
            continue
        got = (r.hours_to_ready, r.cost_to_ready, r.modules, r.missing)
        assert got == (p.total_hours, p.total_cost, len(p.modules), p.missing), nid
