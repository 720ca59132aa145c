"""The branch and bound within limits (:mod:`learnpath.planning.solver.limited`) against
exact integer programs: the planner's own on HiGHS (``method="milp"``), which must give
the same plan, and an independent one (:func:`planner_support.highs_optimum`), which
must give the same optimum. Limits that no plan keeps included: the search must then
prove it, as HiGHS does.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_support import goal_skills, held_skills, highs_optimum, problems

from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning.index import index_of
from learnpath.planning.solver import Objective, closures_for, solve
from learnpath.planning.solver.limited import search_within

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MINIMIZE = st.sampled_from(["hours", "cost", "value"])
RATES = st.sampled_from([0, 5, 20])
#: a limit as a share of the span between the least and the most a plan may need;
#: below 0 no plan keeps it, None is no limit
SHARES = st.sampled_from([None, -0.5, 0.0, 0.2, 0.5, 0.8, 1.0])


@st.composite
def wide_catalogues(draw):
    """Up to 24 modules over 10 skills, two or three teachers for most skills (fast and
    dear, slow and cheap), bundles, hours not all in whole millionths (a third)."""
    n_skills = draw(st.integers(3, 10))
    skills = [Skill(f"s{k}", f"Skill {k}") for k in range(n_skills)]
    modules: list[Module] = []
    for k in range(1, n_skills):
        for _ in range(draw(st.sampled_from([1, 2, 3, 3]))):
            hours = draw(st.sampled_from([0.5, 1, 2, 10 / 3, 4, 6.25, 9, 12]))
            requires = draw(st.lists(st.integers(0, k - 1), max_size=2, unique=True))
            also = []
            if k + 1 < n_skills:
                also = draw(st.lists(st.integers(k + 1, n_skills - 1), max_size=2, unique=True))
            modules.append(
                Module(
                    f"m{len(modules):02d}",
                    f"Module {len(modules)}",
                    teaches=tuple(f"s{t}" for t in [k, *also]),
                    requires=tuple(f"s{r}" for r in sorted(requires)),
                    hours=hours,
                    cost=draw(st.sampled_from([0, 9.99, 25, 40, 120])),
                )
            )
    upper = [s.id for s in skills[n_skills // 2 :]]
    goals = tuple(sorted(set(draw(st.lists(st.sampled_from(upper), min_size=1, max_size=4)))))
    return Catalogue.build(skills, modules, [Niche("n0", "Niche 0", goals, 0.5)])


@st.composite
def wide_problems(draw):
    cat = draw(wide_catalogues())
    have = draw(st.lists(st.sampled_from(sorted(cat.skills)), max_size=2, unique=True))
    done = draw(st.lists(st.sampled_from(sorted(cat.modules)), max_size=2, unique=True))
    return cat, have, ["n0"], done


def query(problem):
    cat, have, targets, done = problem
    ix = index_of(cat)
    held = frozenset(held_skills(cat, have, done))
    done_set = frozenset(ix.position[m] for m in done)
    return ix, held, done_set, sorted(goal_skills(cat, targets))


def limit_at(ix, held, done, goals, measure: str, share) -> float | None:
    """A limit on ``measure`` at ``share`` of the way from the least a plan needs to what
    the best plan by the other measure needs (below the least for a negative share)."""
    if share is None:
        return None
    least = solve(ix, held, done, goals, Objective(measure, missing_first=False), method="milp")
    other = "cost" if measure == "hours" else "hours"
    free = solve(ix, held, done, goals, Objective(other), method="milp")
    low = math.fsum(ix.weights(measure)[m] for m in least.modules)
    high = math.fsum(ix.weights(measure)[m] for m in free.modules)
    if share < 0:
        return max(0.0, low * 0.5 - 1) if low > 0 else None
    if share in (0.0, 1.0):  # exactly what a plan needs (rounded, a hair's edge)
        return low if share == 0.0 else max(low, high)
    return round(low + share * max(0.0, high - low), 2)


def check_against_highs(problem, minimize, rate, cost_share, hours_share, ties=True):
    """``method="search"`` (which the limits must not send to HiGHS) against the
    planner's integer program and the independent one."""
    cat, have, targets, done = problem
    ix, held, done_set, goals = query(problem)
    max_cost = limit_at(ix, held, done_set, goals, "cost", cost_share)
    max_hours = limit_at(ix, held, done_set, goals, "hours", hours_share)
    objective = Objective(minimize, rate, max_cost, max_hours)
    a = solve(ix, held, done_set, goals, objective, tie_break=ties, method="search")
    b = solve(ix, held, done_set, goals, objective, tie_break=ties, method="milp")
    truth = (0, 0.0)  # every goal held: the empty plan
    if not set(goals) <= held:
        truth = highs_optimum(cat, have, targets, done, minimize, rate, max_cost, max_hours)
    if truth is None:  # no plan keeps the limits: both must prove it
        assert (a.feasible, a.optimal) == (False, True)
        assert (b.feasible, b.optimal) == (False, True)
        return
    assert a.feasible and a.optimal, "a plan exists: the search must find and prove it"
    assert objective.keeps(ix, a.modules)
    missing, least = truth
    assert len(a.missing) == missing
    assert objective.total(ix, a.modules) == pytest.approx(least, abs=1e-6)
    assert a.lower_bound <= least + 1e-6
    assert b.optimal
    if ties:
        assert_first_in_the_order(ix, objective, a, b)
    return a


def order_key(ix, objective, plan) -> tuple:
    """Where ``plan`` sits in the planner's order of plans: missing entry skills, the
    minimized measure, the other measure (rounded to a millionth), the sum of its module
    numbers + 1."""
    other = math.fsum(ix.weights(objective.second)[m] for m in plan.modules)
    measure = objective.total(ix, plan.modules)
    ids = sum(plan.modules) + len(plan.modules)
    return len(plan.missing), round(measure, 6), round(other, 6), ids


def assert_first_in_the_order(ix, objective, search_plan, milp_plan) -> None:
    """The search's plan is the first of the order; the integer program's ties it on
    missing skills and both measures. Its ids may come later: where they do not fold
    into its run (a measure in no decimal unit, or folded values past 2**31), HiGHS
    picks among plans equal in the rest, as the README says."""
    a, b = order_key(ix, objective, search_plan), order_key(ix, objective, milp_plan)
    assert a[:3] == b[:3], (a, b)
    assert a[3] <= b[3], f"the search's plan {a} is not the first by ids (the program's: {b})"


@SETTINGS
@given(st.one_of(problems(), problems(tradeoff=True)), MINIMIZE, RATES, SHARES, SHARES)
def test_the_search_within_limits_is_the_integer_programs_plan(problem, minimize, rate, c, h):
    check_against_highs(problem, minimize, rate, c, h)


@SETTINGS
@given(wide_problems(), MINIMIZE, RATES, SHARES, SHARES, st.booleans())
def test_the_search_within_limits_on_wider_catalogues(problem, minimize, rate, c, h, ties):
    check_against_highs(problem, minimize, rate, c, h, ties)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_problems(), MINIMIZE, SHARES, SHARES, st.sampled_from([1, 5, 20, 80]))
def test_past_its_budget_the_search_hands_over(problem, minimize, c, h, budget):
    """A small work budget: the search answers exactly or not at all (``None``), and
    ``method="auto"`` then gives the integer program's plan."""
    ix, held, done_set, goals = query(problem)
    objective = Objective(
        minimize,
        10,
        limit_at(ix, held, done_set, goals, "cost", c),
        limit_at(ix, held, done_set, goals, "hours", h),
    )
    if not objective.limited:
        return
    closures = closures_for(ix, held, done_set)
    forced = closures.core(held, goals)
    if not objective.keeps(ix, forced[0]) or not forced[3]:
        return
    b = solve(ix, held, done_set, goals, objective, method="milp")
    got = search_within(ix, closures, held, forced, objective, True, budget)
    if got is not None:
        assert got.optimal and got.feasible == b.feasible
        if got.feasible:
            assert_first_in_the_order(ix, objective, got, b)
    auto = solve(ix, held, done_set, goals, objective, node_budget=budget)
    assert auto.feasible == b.feasible and auto.optimal
    if b.feasible:  # the search's plan or, past its budget, the program's: equal but for ids
        assert order_key(ix, objective, auto)[:3] == order_key(ix, objective, b)[:3]


def test_a_binding_budget_is_planned_without_the_integer_program():
    """The fastest plan breaks the budget; the search within it settles the query, so
    HiGHS is not even imported."""
    code = (
        "import sys\n"
        "from learnpath.model import Catalogue, Module, Skill\n"
        "from learnpath.planning import plan\n"
        "cat = Catalogue.build([Skill('a', 'A'), Skill('b', 'B')], [\n"
        "    Module('fa', 'A fast', ('a',), 2, cost=90), Module('sa', 'A slow', ('a',), 9),\n"
        "    Module('fb', 'B fast', ('b',), 3, ('a',), cost=60),\n"
        "    Module('sb', 'B slow', ('b',), 7, ('a',), cost=5)], [])\n"
        "p = plan(cat, [], ['b'], max_cost=70)\n"
        "print([m.id for m in p.modules], p.optimal)\n"
        "print('learnpath.planning.solver._highs' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["['sa', 'fb'] True", "False"]


def test_no_plan_within_a_budget_is_proved_by_the_search():
    cat = Catalogue.build(
        [Skill("a", "A"), Skill("b", "B")],
        [
            Module("fa", "A fast", ("a",), 2, cost=90),
            Module("sa", "A slow", ("a",), 9, cost=30),
            Module("fb", "B fast", ("b",), 3, ("a",), cost=60),
            Module("sb", "B slow", ("b",), 7, ("a",), cost=20),
        ],
        [],
    )
    ix = index_of(cat)
    for limits, feasible in [
        ({"max_cost": 49.99}, False),
        ({"max_cost": 50}, True),
        ({"max_cost": 150, "max_hours": 5}, True),
        ({"max_cost": 149, "max_hours": 5}, False),
    ]:
        sol = solve(ix, frozenset(), frozenset(), ["b"], Objective("hours", **limits))
        assert (sol.feasible, sol.optimal) == (feasible, True), limits
