"""``plan_within``: a date at a weekly pace, a budget and the value of an hour, checked
on a catalogue where speed costs money against every set of modules, and against the
schedule the plan is laid out on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from limits_support import TRADE_OFFS, best

from learnpath.catalogue.loader import load_catalogue
from learnpath.errors import LimitError, UsageError
from learnpath.planning import schedule
from learnpath.planning.bounded import PlanLimits, plan_within

CATALOGUE = load_catalogue([TRADE_OFFS], cache=False)
DAYS = st.integers(min_value=-3, max_value=40)
PACES = st.sampled_from([0.5, 1, 3.5, 6, 7, 10, 40])
MEASURES = st.sampled_from(["hours", "cost", "value"])
AMOUNTS = st.one_of(st.none(), st.sampled_from([0, 25, 30, 99.99, 100, 150, 290, 500]))


@settings(max_examples=150, deadline=None)
@given(DAYS, PACES, MEASURES, st.sampled_from([1, 5, 20, 40]), AMOUNTS, AMOUNTS)
def test_a_plan_by_a_date_is_ready_by_it_on_its_schedule(
    days, pace, minimize, rate, max_cost, max_hours
):
    start = dt.date(2027, 1, 1)
    by = start + dt.timedelta(days=days)
    limits = PlanLimits(minimize, rate, max_cost, max_hours, by, pace, start)
    until = max(0, days + 1) * pace / 7
    hours_limit = until if max_hours is None else min(until, max_hours)
    want = best(minimize, rate, max_cost, hours_limit + 1e-9)
    try:
        plan = plan_within(CATALOGUE, [], ["analyst"], limits=limits)
    except LimitError as exc:
        assert want is None
        text = str(exc)
        if exc.limit == "max_hours" and (max_hours is None or until <= max_hours):
            fastest = best("hours")
            ready = schedule(exc.plan, pace, start).end
            assert ready > by  # the fastest plan would be late
            assert text == (
                f"not ready by {by.isoformat()} at {pace:g} h/week: the fastest plan needs "
                f"{fastest[0]} h, ready {ready.isoformat()}"
            )
        return
    assert want is not None and (plan.total_hours, plan.total_cost) == want
    assert schedule(plan, pace, start).end <= by or not plan.modules
    assert (plan.by, plan.hours_per_week) == (by, pace)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"minimize": "value"}, "needs your rate"),
        ({"by": dt.date(2027, 1, 1)}, "hours you study per week"),
        ({"by": dt.date(2027, 1, 1), "hours_per_week": 0}, "hours you study per week"),
        ({"max_cost": -1}, "budget"),
        ({"max_cost": float("nan")}, "budget"),
        ({"max_hours": float("inf")}, "max hours"),
        ({"rate": 1e12, "minimize": "value"}, "rate"),
        ({"hours_per_week": 200}, "hours per week"),
        ({"minimize": "speed"}, "minimize must be one of"),
    ],
)
def test_limits_that_cannot_be_are_usage_errors(kwargs, words):
    with pytest.raises(UsageError, match=words):
        PlanLimits(**kwargs)


def test_a_stored_preference_that_no_longer_reads_is_no_preference():
    assert PlanLimits.from_preference({"minimize": "value", "rate": None}) is None
    assert PlanLimits.from_preference(None) is None
    mine = PlanLimits.from_preference({"minimize": "cost", "rate": None, "max_cost": 50})
    assert mine == PlanLimits("cost", max_cost=50)
