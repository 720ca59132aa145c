"""Money and time limits, and the value of an hour: exact, with the failing limit named.

The property tests compare every mode (hours, cost, value at a rate; no limit, a cost
limit, an hours limit, both) with an exact answer found by enumerating every closed set
of modules (:mod:`planner_support`), on random catalogues with several targets and
completed modules, limits that cannot be met included.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from planner_support import best, closed_sets, goal_skills, held_skills, problems

from learnpath.errors import LearnpathError, LimitError
from learnpath.formatting import hours, money
from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan
from learnpath.planning.limits import hours_by, not_ready, ready_on

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RATES = st.sampled_from([0, 5, 20, 100])
# a limit: none; exactly what some closed set of modules needs (that set keeps it, the
# plan may have to change); or below the least any plan needs (no plan keeps it)
LIMITS = st.tuples(st.sampled_from([None, "at", "at", "below"]), st.integers(0, 10**6))


def limit_for(sets, name: str, how) -> float | None:
    kind, pick = how
    if kind is None:
        return None
    values = sorted({round(c.measure(name), 9) for c in sets})
    if kind == "at":
        return values[pick % len(values)]
    return max(0.0, values[0] - 1 - pick % 5)


def measure(p, name: str, rate: float) -> float:
    if name == "value":
        return p.total_hours * rate + p.total_cost
    return p.total_hours if name == "hours" else p.total_cost


def ids_key(cat, p) -> int:
    order = sorted(cat.modules)
    return sum(order.index(m.id) + 1 for m in p.modules)


def assert_valid(cat, have, targets, done, result):
    held = held_skills(cat, have, done) | set(result.missing)
    ids = [m.id for m in result.modules]
    assert len(ids) == len(set(ids)), "a module is planned twice"
    assert not set(ids) & set(done), "a completed module is planned again"
    for pm in result.modules:
        module = cat.modules[pm.id]
        assert set(module.requires) <= held, f"{pm.id} starts before its prerequisites"
        held |= set(module.teaches)
    assert goal_skills(cat, targets) <= held, "a target is not covered"


def expected_failure(sets, max_cost, max_hours):
    """(limit, the candidate needing the least of it, within_hours) as the planner words it."""
    if max_cost is not None:
        cheapest = best(sets, "cost", missing_first=False)
        if cheapest.cost > max_cost + 1e-7:
            return "max_cost", cheapest, None
    if max_hours is not None:
        fastest = best(sets, "hours", missing_first=False)
        if fastest.hours > max_hours + 1e-7:
            return "max_hours", fastest, None
    return "max_cost", best(sets, "cost", max_hours=max_hours, missing_first=False), max_hours


@SETTINGS
@given(
    st.one_of(problems(), problems(tradeoff=True)),
    st.sampled_from(["hours", "cost", "value"]),
    RATES,
    LIMITS,
    LIMITS,
)
def test_every_limit_mode_gives_the_exact_optimum(problem, minimize, rate, cost_at, hours_at):
    cat, have, targets, done = problem
    sets = closed_sets(cat, have, targets, done)
    max_cost, max_hours = limit_for(sets, "cost", cost_at), limit_for(sets, "hours", hours_at)
    check_against_enumeration(problem, sets, minimize, rate, max_cost, max_hours)


@SETTINGS
@given(problems(tradeoff=True), st.sampled_from(["hours", "cost", "value"]), RATES, st.data())
def test_a_limit_below_the_best_plan_changes_the_plan_exactly(problem, minimize, rate, data):
    """The limit is what some other closed set needs, below what the best plan without
    limits needs: the plan must change, to the best one within the limit."""
    cat, have, targets, done = problem
    sets = closed_sets(cat, have, targets, done)
    free = best(sets, minimize, rate)
    limited = {"hours": "cost", "cost": "hours"}.get(minimize) or data.draw(
        st.sampled_from(["hours", "cost"])
    )
    below = sorted({c.measure(limited) for c in sets if c.measure(limited) < free.measure(limited)})
    assume(below)
    limit = data.draw(st.sampled_from(below))
    caps = {"max_cost": limit} if limited == "cost" else {"max_hours": limit}
    check_against_enumeration(
        problem, sets, minimize, rate, caps.get("max_cost"), caps.get("max_hours")
    )


def check_against_enumeration(problem, sets, minimize, rate, max_cost, max_hours):
    """The planner's plan (or :class:`LimitError`) is the enumeration's, exactly."""
    cat, have, targets, done = problem
    want = best(sets, minimize, rate, max_cost, max_hours)
    kwargs = {"max_cost": max_cost, "max_hours": max_hours, "rate": rate}
    if want is None:
        with pytest.raises(LimitError) as info:
            plan(cat, have, targets, done, minimize=minimize, **kwargs)
        err = info.value
        limit, least, within_hours = expected_failure(sets, max_cost, max_hours)
        assert (err.limit, err.within_hours, err.proved) == (limit, within_hours, True)
        assert (err.plan.total_cost, err.plan.total_hours) == (least.cost, least.hours)
        assert sorted(m.id for m in err.plan.modules) == sorted(least.modules)
        assert_valid(cat, have, targets, done, err.plan)
        named = money(max_cost) if limit == "max_cost" else hours(max_hours)
        assert str(err).startswith(f"no plan within {named}")
        return
    p = plan(cat, have, targets, done, minimize=minimize, **kwargs)
    assert_valid(cat, have, targets, done, p)
    assert p.optimal
    second = "cost" if minimize == "hours" else "hours"
    got = (len(p.missing), measure(p, minimize, rate), measure(p, second, rate), ids_key(cat, p))
    assert got == pytest.approx(
        (want.missing, want.measure(minimize, rate), want.measure(second), want.ids)
    )
    assert p.lower_bound <= want.measure(minimize, rate) + 1e-6
    assert (max_cost is None or p.total_cost <= max_cost) and (
        max_hours is None or p.total_hours <= max_hours
    )
    for extra in p.per_target:  # what a target adds, under the same limits, is never negative
        added = extra.extra_hours * rate + extra.extra_cost if minimize == "value" else None
        added = {"hours": extra.extra_hours, "cost": extra.extra_cost}.get(minimize, added)
        assert added >= -1e-9
    shown = p.to_dict()
    assert shown["limits"] == {"max_cost": max_cost, "max_hours": max_hours}
    assert (shown["minimize"], shown["rate"]) == (minimize, rate)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), RATES, st.booleans())
def test_search_and_integer_program_agree_on_the_value_of_time(problem, rate, ties):
    """The two exact methods choose the same plan when minimizing hours x rate + cost."""
    from learnpath.planning.index import index_of
    from learnpath.planning.solver import Objective, solve

    cat, have, targets, done = problem
    ix = index_of(cat)
    held = frozenset(held_skills(cat, have, done))
    done_set = frozenset(ix.position[m] for m in done)
    goals = sorted(goal_skills(cat, targets))
    value = Objective("value", rate=rate)
    a = solve(ix, held, done_set, goals, value, tie_break=ties, method="search")
    b = solve(ix, held, done_set, goals, value, tie_break=ties, method="milp")
    assert a.optimal and b.optimal and len(a.missing) == len(b.missing)
    assert math.isclose(a.lower_bound, b.lower_bound, abs_tol=1e-9)
    if ties:  # without the tie-breaks, equal plans may differ in which skills are missing
        assert a.modules == b.modules and a.missing == b.missing


@pytest.fixture
def courses():
    """SQL three ways (fast and dear, slow and free, in between), then dashboards."""
    skills = [Skill(s, s.title()) for s in ("sql", "bi", "cert")]
    modules = [
        Module("sql-fast", "SQL bootcamp", ("sql",), 20, cost=120),
        Module("sql-mid", "SQL course", ("sql",), 40, cost=40),
        Module("sql-free", "SQL for free", ("sql",), 56),
        Module("dash", "Dashboards", ("bi",), 6, ("sql",), cost=20),
        Module("exam", "Exam", ("cert",), 2, ("bi",), cost=100),
    ]
    niches = [
        Niche("analyst", "Analyst", ("bi",), 0.7),
        Niche("certified", "Certified analyst", ("bi", "cert"), 0.8),
    ]
    return Catalogue.build(skills, modules, niches)


def ids(p):
    return [m.id for m in p.modules]


def test_fewest_hours_within_a_budget(courses):
    assert ids(plan(courses, [], ["analyst"])) == ["sql-fast", "dash"]
    within = plan(courses, [], ["analyst"], max_cost=60)
    assert ids(within) == ["sql-mid", "dash"] and within.optimal
    assert (within.total_hours, within.total_cost) == (46, 60)


def test_cheapest_plan_within_hours(courses):
    p = plan(courses, [], ["analyst"], minimize="cost", max_hours=50)
    assert ids(p) == ["sql-mid", "dash"] and p.optimal


def test_the_value_of_time_depends_on_the_rate(courses):
    # 20 h + $120, 40 h + $40 or 56 h + $0 for SQL: the rate decides
    assert ids(plan(courses, [], ["analyst"], minimize="value", rate=1))[0] == "sql-free"
    assert ids(plan(courses, [], ["analyst"], minimize="value", rate=3))[0] == "sql-mid"
    best_value = plan(courses, [], ["analyst"], minimize="value", rate=10)
    assert ids(best_value)[0] == "sql-fast"
    assert best_value.total_value == 26 * 10 + 140 and best_value.lower_bound == 400
    assert best_value.to_dict()["total_value"] == 400


def test_no_plan_within_the_budget_names_the_cheapest_plan(courses):
    with pytest.raises(LimitError) as info:
        plan(courses, [], ["certified"], max_cost=50)
    err = info.value
    assert str(err) == "no plan within $50: the cheapest plan costs $120 (64 h)"
    assert (err.limit, err.value, err.least) == ("max_cost", 50, 120)
    assert ids(err.plan) == ["sql-free", "dash", "exam"]


def test_no_plan_within_the_hours_names_the_fastest_plan(courses):
    with pytest.raises(
        LimitError, match=r"^no plan within 20 h: the fastest plan needs 26 h \(\$140\)$"
    ):
        plan(courses, [], ["analyst"], minimize="cost", max_hours=20)


def test_two_limits_that_fail_only_together(courses):
    # within $60 the fastest is 46 h; within 30 h the cheapest is $140: not both
    with pytest.raises(LimitError) as info:
        plan(courses, [], ["analyst"], max_cost=60, max_hours=30)
    assert str(info.value) == (
        "no plan within $60 and 30 h: the cheapest plan within 30 h costs $140 (26 h)"
    )
    assert info.value.within_hours == 30


def test_a_forced_plan_over_the_budget_is_no_plan():
    """No choices at all (the core is the plan): the limit is still kept."""
    cat = Catalogue.build(
        [Skill("a", "A"), Skill("b", "B")],
        [Module("ma", "A", ("a",), 10, cost=30), Module("mb", "B", ("b",), 5, ("a",), cost=30)],
        [],
    )
    assert plan(cat, [], ["b"], max_cost=60).total_cost == 60
    with pytest.raises(LimitError, match=r"no plan within \$59: the cheapest plan costs \$60"):
        plan(cat, [], ["b"], max_cost=59)
    with pytest.raises(LimitError, match="the fastest plan needs 15 h"):
        plan(cat, [], ["b"], done=[], max_hours=14.5)
    assert plan(cat, [], ["b"], done=["ma"], max_cost=30).total_cost == 30  # done is free


def test_a_date_at_a_weekly_pace_is_an_hours_limit(courses):
    start = date(2027, 1, 1)
    assert hours_by(date(2027, 1, 14), 7, start) == 14  # both days included
    assert ready_on(14, 7, start) == date(2027, 1, 14) and ready_on(14.1, 7, start) == date(
        2027, 1, 15
    )
    by = date(2027, 1, 28)  # 4 weeks at 7 h/week: 28 h
    p = plan(courses, [], ["analyst"], minimize="cost", max_hours=hours_by(by, 7, start))
    assert ids(p) == ["sql-fast", "dash"]  # the only plan ready in time
    with pytest.raises(LimitError) as info:
        plan(courses, [], ["analyst"], max_hours=hours_by(date(2027, 1, 21), 7, start))
    late = not_ready(info.value, date(2027, 1, 21), 7, start)
    assert str(late) == (
        "not ready by 2027-01-21 at 7 h/week: the fastest plan needs 26 h, ready 2027-01-26"
    )
    assert late.limit == "max_hours" and late.plan is info.value.plan


def test_bad_limits_are_clear_errors(courses):
    for kwargs, says in [
        ({"max_cost": -1}, "max_cost must be a finite number >= 0"),
        ({"max_hours": float("nan")}, "max_hours must be a finite number >= 0"),
        ({"max_cost": "lots"}, "max_cost must be a number"),
        ({"minimize": "value"}, "minimize value needs a rate"),
        ({"minimize": "value", "rate": -5}, "rate must be a finite number >= 0"),
        ({"minimize": "fun"}, "minimize must be one of hours, cost, value"),
    ]:
        with pytest.raises(LearnpathError, match=says):
            plan(courses, [], ["analyst"], **kwargs)


def test_plan_json_shows_the_limits_applied(courses):
    shown = plan(courses, [], ["analyst"], max_cost=60, max_hours=50).to_dict()
    assert shown["limits"] == {"max_cost": 60, "max_hours": 50}
    assert (shown["minimize"], shown["rate"], shown["total_value"]) == ("hours", None, None)
    plain = plan(courses, [], ["analyst"]).to_dict()
    assert plain["limits"] == {"max_cost": None, "max_hours": None}
