"""``learnpath path|plan|schedule`` with a budget, an hours limit, a date or the value of
an hour, as a user runs them (Click CliRunner) on a catalogue where speed costs money;
every plan is checked against the exact answer found by trying every set of modules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from limits_support import TRADE_OFFS, best

from learnpath.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNPATH_CACHE_DIR", str(tmp_path / "cache"))
    db = f"sqlite:///{tmp_path / 'lp.db'}"

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--curricula", str(TRADE_OFFS), "--db", db, *args])

    return invoke


def plan_of(run, *args: str) -> dict:
    result = run("path", "-t", "analyst", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def totals(data: dict) -> tuple:
    return (data["total_hours"], data["total_cost"])


@pytest.mark.parametrize(
    ("args", "limits"),
    [
        ((), {}),
        (("--minimize", "cost"), {"minimize": "cost"}),
        (("--max-cost", "100"), {"max_cost": 100}),
        (("--max-cost", "99.99"), {"max_cost": 99.99}),
        (("--max-hours", "12", "--minimize", "cost"), {"max_hours": 12, "minimize": "cost"}),
        (("--minimize", "value", "--rate", "20"), {"minimize": "value", "rate": 20}),
        (("--minimize", "value", "--rate", "5"), {"minimize": "value", "rate": 5}),
        (
            ("--minimize", "value", "--rate", "40", "--max-cost", "50"),
            {"minimize": "value", "rate": 40, "max_cost": 50},
        ),
    ],
)
def test_the_plan_keeps_the_limits_and_is_the_exact_best(run, args, limits):
    data = plan_of(run, *args)
    assert totals(data) == best(**limits)
    if "max_cost" in limits:
        assert data["total_cost"] <= limits["max_cost"]
        assert data["limits"]["max_cost"] == limits["max_cost"]
    if "max_hours" in limits:
        assert data["total_hours"] <= limits["max_hours"]
        assert data["limits"]["max_hours"] == limits["max_hours"]
    assert data["minimize"] == limits.get("minimize", "hours")


def test_a_budget_between_the_cheapest_and_the_fastest_plan_binds(run):
    fastest, cheapest = plan_of(run), plan_of(run, "--minimize", "cost")
    assert totals(fastest) == (7, 290) and totals(cheapest) == (16, 30)
    within = plan_of(run, "--max-cost", "100")
    assert totals(within) == (10, 100)  # faster than the cheapest, within the budget
    assert [m["id"] for m in within["modules"]] == ["sql-fast", "dash"]


def test_the_table_shows_each_module_cost_and_the_limit_kept(run):
    result = run("path", "-t", "analyst", "--max-cost", "100")
    assert result.exit_code == 0, result.output
    assert "$90" in result.stdout and "$10" in result.stdout
    assert "2 modules, 10 h, $100, optimal; within $100" in result.stdout


def test_best_value_reports_the_value_and_the_rate(run):
    data = plan_of(run, "--minimize", "value", "--rate", "20")
    assert (data["rate"], data["total_value"]) == (20, 10 * 20 + 100)
    result = run("path", "-t", "analyst", "--minimize", "value", "--rate", "20")
    assert "value $300 at $20/h" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--max-cost", "25"), "no plan within $25: the cheapest plan costs $30 (16 h)"),
        (("--max-hours", "5"), "no plan within 5 h: the fastest plan needs 7 h ($290)"),
        (
            ("--max-cost", "100", "--max-hours", "8"),
            "no plan within $100 and 8 h: the cheapest plan within 8 h costs $290 (7 h)",
        ),
    ],
)
def test_no_plan_within_the_limits_exits_1_naming_the_limit_and_the_least(run, args, message):
    result = run("path", "-t", "analyst", "--json", *args)
    assert result.exit_code == 1
    assert result.stdout == ""  # never a plan that breaks the limits
    assert message in result.stderr


def test_a_date_too_soon_says_when_the_fastest_plan_would_be_ready(run):
    # 7 h at 7 h/week is 7 study days from the start: ready on the 7th, not the 6th
    start = dt.date.today()
    by = start + dt.timedelta(days=5)
    result = run("path", "-t", "analyst", "--by", by.isoformat(), "--hours-per-week", "7")
    assert result.exit_code == 1
    ready = start + dt.timedelta(days=6)
    assert (
        f"not ready by {by.isoformat()} at 7 h/week: the fastest plan needs 7 h, "
        f"ready {ready.isoformat()}" in result.stderr
    )
    data = plan_of(run, "--by", ready.isoformat(), "--hours-per-week", "7", "--minimize", "cost")
    assert totals(data) == best("cost", max_hours=7)
    assert data["limits"] == {
        "max_cost": None,
        "max_hours": 7,
        "by": ready.isoformat(),
        "hours_per_week": 7,
    }


def test_schedule_by_a_date_uses_its_own_pace_and_start(run):
    result = run(
        "schedule", "-t", "analyst", "--hours-per-week", "7", "--start", "2027-01-01",
        "--by", "2027-01-10", "--minimize", "cost", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert totals(data) == best("cost", max_hours=10) and data["end"] <= "2027-01-10"
    late = run(
        "schedule", "-t", "analyst", "--hours-per-week", "7", "--start", "2027-01-01",
        "--by", "2027-01-05",
    )  # fmt: skip
    assert late.exit_code == 1
    assert "not ready by 2027-01-05 at 7 h/week: the fastest plan needs 7 h, ready 2027-01-07" in (
        late.stderr
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--minimize", "value"), "--minimize value needs --rate"),
        (("--by", "2027-01-01"), "--by DATE needs --hours-per-week"),
        (("--max-cost", "-5"), "--max-cost"),
        (("--max-hours", "1e12"), "max hours must be a number from 0 to 1e+09"),
        (("--rate", "abc", "--minimize", "value"), "--rate"),
        (("--max-cost", "nan"), "budget"),
        (("--by", "next week", "--hours-per-week", "5"), "--by"),
    ],
)
def test_bad_limits_are_usage_errors_that_say_what_is_wrong(run, args, words):
    result = run("path", "-t", "analyst", *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_plan_uses_the_stored_preference_and_options_win(run, tmp_path):
    from learnpath import learner
    from learnpath.planning.bounded import PlanLimits
    from learnpath.store import ProgressStore

    assert run("learner", "add", "ana").exit_code == 0
    assert run("goals", "add", "analyst").exit_code == 0
    mine = run("plan", "--json")
    assert totals(json.loads(mine.stdout)) == best()
    with ProgressStore(f"sqlite:///{tmp_path / 'lp.db'}") as store:  # as the site stores it
        learner.set_plan_preference(store, "ana", PlanLimits("value", rate=5, max_cost=200))
    preferred = json.loads(run("plan", "--json").stdout)
    assert totals(preferred) == best("value", rate=5, max_cost=200)
    assert (preferred["minimize"], preferred["rate"]) == ("value", 5)
    scheduled = json.loads(run("schedule", "--hours-per-week", "7", "--json").stdout)
    assert totals(scheduled) == totals(preferred)  # the own plan's schedule: the same choice
    overridden = json.loads(run("plan", "--json", "--rate", "20").stdout)
    assert totals(overridden) == best("value", rate=20, max_cost=200)
    fastest = json.loads(run("plan", "--json", "--minimize", "hours").stdout)
    assert totals(fastest) == best("hours", max_cost=200)
    refused = run("plan", "--max-cost", "25")
    assert refused.exit_code == 1
    assert "no plan within $25: the cheapest plan costs $30 (16 h)" in refused.stderr
