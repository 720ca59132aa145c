"""The integer program's folded objectives: the bounds that let more levels of the
order share one HiGHS run, and that the answer stays the order's least whatever folds.

The bounds come from a valid plan (the seed): the best plan is no worse than it on the
first level, and a knapsack over that level bounds the others. Checked here against
brute force, and the planner's integer program against the enumeration of every plan
with the fold limit made small, so that the runs split at every place they can (the
ids, which never get a run of their own, are then left to HiGHS).
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_support import best, closed_sets, goal_skills, held_skills, problems

from learnpath.planning.solver import _highs

small = st.integers(0, 6)


@given(st.lists(st.tuples(small, small), min_size=1, max_size=7), st.integers(0, 15))
def test_the_knapsack_bound_is_never_below_the_best_packing(items, room):
    values, weights = [v for v, _ in items], [w for _, w in items]
    bound = _highs._knapsack(values, weights, room, set())
    packings = product((0, 1), repeat=len(items))
    reachable = [
        sum(v * x for v, x in zip(values, xs, strict=True))
        for xs in packings
        if sum(w * x for w, x in zip(weights, xs, strict=True)) <= room
    ]
    assert bound >= max(reachable)
    assert bound <= sum(values)


@st.composite
def ordered_choices(draw):
    """Levels of integer weights per column, a family of plans (column sets) and a
    seed among them: the best plan of the family is the least by levels, in order."""
    ncol = draw(st.integers(1, 6))
    nlevels = draw(st.integers(1, 4))
    levels = [
        (f"level{k}", draw(st.lists(small, min_size=ncol, max_size=ncol)), 1)
        for k in range(nlevels)
    ]
    plans = draw(
        st.lists(st.frozensets(st.integers(0, ncol - 1)), min_size=1, max_size=8, unique=True)
    )
    seed = draw(st.sampled_from(plans))
    return levels, plans, seed, ncol


@settings(max_examples=300)
@given(ordered_choices())
def test_the_caps_hold_for_the_best_plan_and_it_takes_no_excluded_column(case):
    levels, plans, seed, ncol = case

    def values(plan):
        return tuple(sum(ints[j] for j in plan) for _, ints, _ in levels)

    top = min(plans, key=values)
    seed_vector = np.zeros(ncol)
    seed_vector[list(seed)] = 1.0
    caps, excluded = _highs._caps(levels, seed_vector)
    for (name, _, _), value in zip(levels, values(top), strict=True):
        assert value <= caps[name], f"{name}: the best plan has {value} > cap {caps[name]}"
    assert not set(excluded.tolist()) & top


@settings(max_examples=200)
@given(ordered_choices())
def test_one_folded_run_picks_a_plan_tied_with_the_best_on_every_level(case):
    levels, plans, seed, ncol = case
    seed_vector = np.zeros(ncol)
    seed_vector[list(seed)] = 1.0
    caps, excluded = _highs._caps(levels, seed_vector)
    original = _highs.FOLD_TOTAL
    _highs.FOLD_TOTAL = 2**62  # everything in one run: the weights alone must order
    try:
        (stage,) = _highs._folded(levels, ncol, caps)
    finally:
        _highs.FOLD_TOTAL = original
    allowed = [p for p in plans if not p & set(excluded.tolist())]
    folded = min(allowed, key=lambda p: sum(stage.costs[j] for j in p))

    def values(plan):
        return tuple(sum(ints[j] for j in plan) for _, ints, _ in levels)

    assert values(folded) == min(values(p) for p in plans)


@pytest.mark.parametrize("fold_total", [2**3, 2**6, 2**10, 2**31])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), minimize=st.sampled_from(["hours", "cost"]), limit=st.booleans())
def test_the_integer_program_gives_the_least_plan_whatever_folds(
    fold_total, problem, minimize, limit
):
    """Small fold limits split the order's levels over several runs, at every point: the
    plan is the least in missing skills, the measure and the other measure; and, where
    the ids fold into the last run (always, at the real limit, on these catalogues),
    the least by ids too."""
    from learnpath.planning.index import index_of
    from learnpath.planning.solver import solve
    from learnpath.planning.solver.objective import Objective

    cat, have, targets, done = problem
    ix = index_of(cat)
    held = frozenset(held_skills(cat, have, done))
    done_set = frozenset(ix.position[m] for m in done)
    goals = sorted(goal_skills(cat, targets))
    sets = closed_sets(cat, have, targets, done)
    max_cost = None
    if limit:  # a cost limit some plan keeps: the cheapest plan's cost, plus a little
        max_cost = min(c.cost for c in sets) + 5.0
    expected = best(sets, minimize, max_cost=max_cost)
    original = _highs.FOLD_TOTAL
    _highs.FOLD_TOTAL = fold_total
    try:
        got = solve(
            ix, held, done_set, goals, Objective(minimize, max_cost=max_cost), method="milp"
        )
    finally:
        _highs.FOLD_TOTAL = original
    assert got.optimal and got.feasible
    assert len(got.missing) == expected.missing
    second = "cost" if minimize == "hours" else "hours"
    for measure in (minimize, second):
        w = ix.weights(measure)
        assert sum(w[i] for i in got.modules) == pytest.approx(expected.measure(measure))
    if fold_total == 2**31:
        assert sorted(ix.module_ids[i] for i in got.modules) == sorted(expected.modules)


@given(ordered_choices(), st.integers(1, 12))
def test_the_ids_never_get_a_run_of_their_own(case, bits):
    """On a large region a run for the ids alone took one to four times the first run:
    they fold into the last run or are left out, and every other level keeps its run."""
    levels, _, _, ncol = case
    levels = [*levels[:-1], ("ids", levels[-1][1], 1)]
    original = _highs.FOLD_TOTAL
    _highs.FOLD_TOTAL = 2**bits
    try:
        stages = _highs._folded(levels, ncol)
    finally:
        _highs.FOLD_TOTAL = original
    assert all(set(stage.weights) != {"ids"} for stage in stages) or len(levels) == 1
    kept = [name for stage in stages for name in reversed(list(stage.weights))]
    assert kept[: len(levels) - 1] == [name for name, _, _ in levels[:-1]]
