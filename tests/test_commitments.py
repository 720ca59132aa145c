"""Commitments, pace, status and the plan's diff: the core on a frozen clock (``today`` is
passed in), then the commands end to end with dates given on the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from store_support import demo_catalogue, write_curriculum

from learnpath import learner
from learnpath.cli import main
from learnpath.model import Catalogue, Module, Niche
from learnpath.planning import schedule
from learnpath.store import ProgressStore

CATALOGUE = demo_catalogue()
MONDAY = dt.date(2026, 9, 7)
AT = dt.time(19, 0)


@pytest.fixture
def store(database_url):
    with ProgressStore(database_url, CATALOGUE) as s:
        s.add_learner("ana")
        s.add_skills("ana", ["writing", "english"])
        s.add_goals("ana", ["content-strategist"])
        yield s


def commit(store, hours_per_week=7.0, days=None, start=MONDAY, catalogue=CATALOGUE):
    mine = learner.plan(catalogue, store, "ana")
    sched = schedule(mine.plan, hours_per_week, start, days)
    return learner.commit(catalogue, store, mine, sched, at=AT)


def status_of(store, today, catalogue=CATALOGUE):
    [row] = learner.status(catalogue, store, "ana", today).goals
    return row


def with_changes(modules=(), niches=(), drop=()) -> Catalogue:
    """The demo catalogue with modules and niches added or replaced, ``drop`` removed."""
    mods = {m.id: m for m in CATALOGUE.modules.values() if m.id not in drop}
    mods.update({m.id: m for m in modules})
    nich = {n.id: n for n in CATALOGUE.niches.values()}
    nich.update({n.id: n for n in niches})
    return Catalogue.build(
        list(CATALOGUE.skills.values()), list(mods.values()), list(nich.values())
    )


# ---------------------------------------------------------------- commit and status


def test_without_a_commitment_every_goal_says_so(store):
    row = status_of(store, MONDAY)
    assert row.to_dict() == {
        "goal": "content-strategist",
        "state": "no commitment",
        "hours_ahead": None,
        "days_ahead": None,
        "pace": None,
        "ready_date": None,
        "committed_ready_date": None,
    }


def test_a_commitment_keeps_the_schedule_and_the_catalogue(store):
    promise = commit(store, 6, days=(0, 2, 5))
    assert promise == store.commitment("ana")
    assert [m.module for m in promise.modules] == [
        m.id for m in learner.plan(CATALOGUE, store, "ana").plan.modules
    ]
    assert promise.total_hours == 31 and promise.days == (0, 2, 5) and promise.time == "19:00"
    assert promise.fingerprint == learner.fingerprint(CATALOGUE)
    assert promise.targets == ("content-strategist",)
    assert all(m.goals == ("content-strategist",) for m in promise.modules)
    # 31 h in 2-hour sessions: 16 sessions on Mon, Wed, Sat from Monday 7 September
    assert promise.ready_date == dt.date(2026, 10, 12)
    assert all(m.start.weekday() in (0, 2, 5) for m in promise.modules)


def test_on_track_behind_and_ahead_by_hours_and_days(store):
    # 7 h a week, every day: one 1-hour session a day, 31 h, ready 7 October
    promise = commit(store)
    assert promise.ready_date == dt.date(2026, 10, 7)
    first, second = promise.modules[0], promise.modules[1]
    row = status_of(store, MONDAY)
    assert (row.state, row.hours_ahead, row.days_ahead, row.pace) == ("on track", 0, 0, 1)
    assert row.ready_date == row.committed_ready_date == dt.date(2026, 10, 7)
    # ten sessions gone by (7-16 September), nothing done: 10 h, 10 days behind
    row = status_of(store, dt.date(2026, 9, 17))
    assert (row.state, row.hours_ahead, row.days_ahead) == ("behind", -10, -10)
    assert row.ready_date == dt.date(2026, 10, 17)  # all 31 h from the 17th
    # both first modules done by the 9th: ahead by their hours minus two sessions
    store.mark_done("ana", [first.module, second.module], on=dt.date(2026, 9, 9))
    row = status_of(store, dt.date(2026, 9, 9))
    ahead = first.hours + second.hours - 2
    assert (row.state, row.hours_ahead, row.days_ahead) == ("ahead", ahead, ahead)
    left = promise.total_hours - first.hours - second.hours
    assert row.ready_date == dt.date(2026, 9, 9) + dt.timedelta(days=left - 1)
    assert row.committed_ready_date == dt.date(2026, 10, 7)


def test_one_session_either_way_is_on_track(store):
    promise = commit(store, 20, days=(0, 3))  # 10-hour sessions on Mondays and Thursdays
    assert promise.modules[0].hours < 10
    # the first session has gone by; the first module was done in it
    store.mark_done("ana", [promise.modules[0].module], on=MONDAY)
    row = status_of(store, dt.date(2026, 9, 8))
    assert row.state == "on track" and row.hours_ahead == promise.modules[0].hours - 10


def test_the_pace_is_shrunk_towards_one_until_three_completions(store):
    promise = commit(store)
    mods = promise.modules
    assert learner.pace(CATALOGUE, store.state("ana")) == (1.0, 0)
    store.mark_done("ana", [mods[0].module], on=MONDAY, hours=2 * mods[0].hours)
    speed, n = learner.pace(CATALOGUE, store.state("ana"))
    assert n == 1 and speed == pytest.approx((2 + 1 + 1) / 3)  # one of three at 2.0
    store.mark_done("ana", [mods[1].module], on=MONDAY)  # as estimated
    speed, n = learner.pace(CATALOGUE, store.state("ana"))
    raw = (2 * mods[0].hours + mods[1].hours) / (mods[0].hours + mods[1].hours)
    assert n == 2 and speed == pytest.approx((2 * raw + 1) / 3)
    store.mark_done("ana", [mods[2].module], on=MONDAY, hours=mods[2].hours / 2)
    speed, n = learner.pace(CATALOGUE, store.state("ana"))
    done = mods[0].hours * 2 + mods[1].hours + mods[2].hours / 2
    assert n == 3 and speed == pytest.approx(done / sum(m.hours for m in mods[:3]))
    row = status_of(store, dt.date(2026, 9, 8))
    assert row.pace == round(speed, 2)
    # what is left, at that pace, one hour a day from the 8th
    left = [m.hours * speed for m in mods[3:]]
    import math

    assert row.ready_date == dt.date(2026, 9, 8) + dt.timedelta(
        days=math.ceil(sum(left) - 1e-9) - 1
    )


def test_a_slow_pace_moves_the_ready_date_later(store):
    commit(store)
    first = store.commitment("ana").modules[0]
    store.mark_done("ana", [first.module], on=MONDAY, hours=first.hours * 3)
    row = status_of(store, dt.date(2026, 9, 8))
    assert row.pace > 1 and row.ready_date > row.committed_ready_date


def test_a_goal_added_after_committing_has_no_commitment(store):
    commit(store)
    store.add_goals("ana", ["data-analyst"])
    rows = learner.status(CATALOGUE, store, "ana", MONDAY).goals
    assert [(r.goal, r.state) for r in rows] == [
        ("content-strategist", "on track"),
        ("data-analyst", "no commitment"),
    ]


def test_weekly_hours_planned_and_done(store):
    promise = commit(store)
    first = promise.modules[0]
    store.mark_done("ana", [first.module], on=dt.date(2026, 9, 8), hours=9)
    weeks = learner.weekly_hours(store.state("ana"), dt.date(2026, 9, 20))
    assert [w.first for w in weeks][:2] == [MONDAY, dt.date(2026, 9, 14)]
    assert weeks[0].planned == 7 and weeks[0].done == 9 and weeks[1].done == 0
    assert sum(w.planned for w in weeks) == promise.total_hours


def test_the_weekly_chart_of_a_long_commitment_shows_the_weeks_around_today(store):
    promise = commit(store, hours_per_week=1.0)  # so slow the plan spans many weeks
    today = MONDAY + dt.timedelta(weeks=2, days=2)
    all_weeks = learner.weekly_hours(store.state("ana"), today, weeks=10_000)
    assert len(all_weeks) > 12 and all_weeks[-1].first > today
    shown = learner.weekly_hours(store.state("ana"), today)
    assert len(shown) == 12 and shown[0].first == MONDAY, "from the start, today inside"
    later = promise.start + dt.timedelta(weeks=20)
    shown = learner.weekly_hours(store.state("ana"), later)
    assert shown[-4].first <= later <= shown[-4].first + dt.timedelta(days=6)
    assert shown[-1].first == shown[-4].first + dt.timedelta(weeks=3), "three weeks ahead"


def test_twenty_goals_each_get_a_status(database_url):
    cat = with_changes(
        niches=[
            Niche(f"goal-{k:02d}", f"Goal {k}", (f"extra-{k + 1:02d}-skill",), 0.5)
            for k in range(20)
        ]
    )
    with ProgressStore(database_url, cat) as s:
        s.add_learner("ana")
        s.add_goals("ana", [f"goal-{k:02d}" for k in range(20)])
        mine = learner.plan(cat, s, "ana")
        learner.commit(cat, s, mine, schedule(mine.plan, 5, MONDAY), at=AT)
        rows = learner.status(cat, s, "ana", dt.date(2026, 9, 9)).goals
        assert len(rows) == 20 and {r.state for r in rows} <= {"on track", "behind"}
        assert all(r.committed_ready_date is not None for r in rows)


# ---------------------------------------------------------------- diff


def test_no_change_is_an_empty_diff(store):
    commit(store)
    diff = learner.plan_diff(CATALOGUE, store, "ana", MONDAY)
    assert diff.to_dict() == {
        "added": [],
        "removed": [],
        "replaced": [],
        "hours_change": 0,
        "cost_change": 0,
        "ready_date_change": 0,
        "why": {},
        "ready_date": "2026-10-07",
        "committed_ready_date": "2026-10-07",
        "catalogue_changed": False,
    }
    assert not diff.changed and "the one you committed to" in diff.summary()


def test_completed_modules_are_progress_not_changes(store):
    promise = commit(store)
    store.mark_done("ana", [promise.modules[0].module], on=MONDAY)
    diff = learner.plan_diff(CATALOGUE, store, "ana", dt.date(2026, 9, 8))
    assert not diff.changed and diff.hours_change == 0


def test_a_module_that_left_the_catalogue_is_replaced(store):
    commit(store)
    changed = demo_catalogue(without=("prompt-101",))
    diff = learner.plan_diff(changed, store, "ana", MONDAY)
    assert [r.to_dict() for r in diff.replaced] == [
        {
            "old": "prompt-101",
            "new": "prompt-pro",
            "why": "prompt-101 left the catalogue; prompt-pro teaches what it taught",
        }
    ]
    assert (diff.added, diff.removed) == ((), ())
    assert (diff.hours_change, diff.cost_change) == (4, 200)
    assert diff.ready_date_change == 4 and diff.catalogue_changed  # 4 h at 1 h a day
    # committing again accepts the new plan: nothing left to report
    commit(store, catalogue=changed)
    again = learner.plan_diff(changed, store, "ana", MONDAY)
    assert not again.changed and not again.catalogue_changed


def test_a_shorter_alternative_replaces_a_module(store):
    commit(store)
    lite = Module("prompt-lite", "Prompting lite", ("prompting",), 3, ("writing",))
    diff = learner.plan_diff(with_changes([lite]), store, "ana", MONDAY)
    [r] = diff.replaced
    assert (r.old, r.new, r.why) == (
        "prompt-101",
        "prompt-lite",
        "a shorter alternative appeared: prompt-lite (3 h)",
    )
    assert diff.hours_change == -3 and diff.ready_date_change == -3


def test_a_niche_that_needs_more_adds_modules(store):
    commit(store)
    wider = Niche("content-strategist", "Content strategist", ("strategy", "seo", "analytics"), 0.7)
    diff = learner.plan_diff(with_changes(niches=[wider]), store, "ana", MONDAY)
    assert set(diff.added) == {"sql-101", "analytics-201"} and not diff.removed
    assert diff.why["sql-101"] == "the niche's requirements changed: sql is needed now"
    assert diff.hours_change == 18 and diff.ready_date_change == 18


def test_skipping_or_completing_something_else_removes_a_module(store):
    commit(store)
    store.add_prior_learning("ana", ["edit-201"])
    store.mark_done("ana", ["prompt-pro"], on=MONDAY)
    diff = learner.plan_diff(CATALOGUE, store, "ana", MONDAY)
    assert set(diff.removed) == {"edit-201", "prompt-101"} and not diff.added
    assert diff.why == {
        "edit-201": "you said you already know it",
        "prompt-101": "you completed prompt-pro, which teaches what it taught",
    }
    assert diff.hours_change == -14 and diff.cost_change == 0


def test_a_goal_dropped_removes_its_modules(store):
    commit(store)
    store.remove_goals("ana", ["content-strategist"])
    diff = learner.plan_diff(CATALOGUE, store, "ana", MONDAY)
    assert len(diff.removed) == 4 and diff.hours_change == -31
    assert set(diff.why.values()) == {"its goal content-strategist is no longer one of yours"}


def test_a_diff_needs_a_commitment(store):
    with pytest.raises(learner.NoCommitmentError, match="schedule --hours-per-week W --commit"):
        learner.plan_diff(CATALOGUE, store, "ana", MONDAY)


# ---------------------------------------------------------------- the commands


@pytest.fixture
def run(tmp_path, database_url, monkeypatch):
    for name in ("LEARNPATH_LEARNER", "LEARNPATH_DATABASE_URL", "LEARNPATH_CURRICULA"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "curricula"
    folder.mkdir()
    write_curriculum(folder)

    def invoke(*args, curricula=None):
        argv = ["--curricula", str(curricula or folder), "--db", database_url]
        return CliRunner().invoke(main, [*argv, *args])

    invoke("learner", "add", "ana")  # the fixture's learner, with skills and a goal
    invoke("skills", "add", "writing,english")
    invoke("goals", "add", "content-strategist")
    return invoke


def test_commit_done_status_and_diff_from_the_command_line(run, tmp_path):
    result = run("status")
    assert result.exit_code == 0 and "no commitment" in result.stdout + result.stderr
    result = run(
        "schedule", "--hours-per-week", "6", "--days", "mon,wed,sat", "--start", "2026-09-07",
        "--commit", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "ready by 2026-10-12" in result.stderr
    first = json.loads(result.stdout)["modules"][0]
    assert (first["start"], json.loads(result.stdout)["days"]) == (
        "2026-09-07",
        ["mon", "wed", "sat"],
    )
    result = run("done", first["id"], "--on", "2026-09-09", "--hours", str(first["hours"] * 2))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("done", "--json").stdout)
    assert listed[0]["actual_hours"] == first["hours"] * 2
    [row] = json.loads(run("status", "--on", "2026-09-10", "--json").stdout)
    assert set(row) == {
        "goal", "state", "hours_ahead", "days_ahead", "pace", "ready_date", "committed_ready_date"
    }  # fmt: skip
    # one 2-hour session (the 7th) had gone by on the 9th and the first module is done
    assert row["hours_ahead"] == first["hours"] - 4 and row["committed_ready_date"] == "2026-10-12"
    assert row["pace"] == round((2 + 2) / 3, 2)
    table = run("status", "--on", "2026-09-10")
    assert "content-strategist" in table.stdout and "pace 1.33" in table.stdout
    # the catalogue changes under the commitment
    changed = tmp_path / "changed"
    changed.mkdir()
    write_curriculum(changed, demo_catalogue(without=("prompt-101",)))
    diff = run("plan", "--diff", "--on", "2026-09-10", "--json", curricula=changed)
    assert diff.exit_code == 0, diff.output
    data = json.loads(diff.stdout)
    assert first["id"] != "prompt-101"  # not done yet: it is replaced
    assert data["replaced"][0]["old"] == "prompt-101" and data["cost_change"] == 200
    assert data["catalogue_changed"] is True
    text = run("plan", "--diff", "--on", "2026-09-10", curricula=changed)
    assert text.exit_code == 0 and "Since you committed: 1 module replaced" in text.stdout
    assert "catalogue changed" in text.stderr
    # committing again accepts the new plan
    again = run("schedule", "--hours-per-week", "6", "--commit", curricula=changed)
    assert again.exit_code == 0, again.output
    data = json.loads(run("plan", "--diff", "--json", curricula=changed).stdout)
    assert (data["added"], data["removed"], data["replaced"]) == ([], [], [])
    assert data["catalogue_changed"] is False


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["plan", "--diff"], 1, "has no commitment"),
        (["plan", "--on", "2026-01-01"], 2, "--diff"),
        (["schedule", "--hours-per-week", "6", "-t", "seo", "--commit"], 2, "--commit"),
        (["schedule", "--hours-per-week", "6", "--days", "mon,funday"], 1, "unknown day"),
        (["schedule", "--hours-per-week", "6", "--time", "7pm"], 1, "invalid time"),
        (["schedule", "--hours-per-week", "6", "--alarm", "10"], 2, "--alarm goes with --ics"),
        (["schedule", "--hours-per-week", "30", "--days", "mon"], 1, "24 h a day"),
        (["done", "seo-101", "--hours", "0"], 2, "--hours"),
        (["done", "seo-101,sql-101", "--hours", "3"], 2, "one MODULE"),
        (["done", "--hours", "3"], 2, "need at least one MODULE"),
    ],
)
def test_bad_input_is_a_clear_error(run, args, code, message):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_deleting_the_account_deletes_the_commitment_and_the_hours(store):
    from learnpath.store.accounts import AccountStore

    accounts = AccountStore(store)
    accounts.create("bo", "pbkdf2:secret")
    store.add_goals("bo", ["content-strategist"])
    mine = learner.plan(CATALOGUE, store, "bo")
    learner.commit(CATALOGUE, store, mine, schedule(mine.plan, 5, MONDAY), at=AT)
    store.mark_done("bo", ["seo-101"], on=MONDAY, hours=7)
    commit(store)  # ana's, which stays
    accounts.delete("bo")
    rows = store.db.execute_sql("SELECT COUNT(*) FROM commitment").fetchone()[0]
    assert rows == 1 and store.commitment("ana") is not None
    modules = store.db.execute_sql("SELECT COUNT(*) FROM commitment_module").fetchone()[0]
    assert modules == len(store.commitment("ana").modules)
    assert store.db.execute_sql("SELECT COUNT(*) FROM completion").fetchone()[0] == 0


# ---------------------------------------------------------------- properties of the rules

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from learnpath.store import CommitmentRecord, CommittedModule, CompletionRecord  # noqa: E402
from learnpath.store import LearnerState as State  # noqa: E402


class _OneStateStore:
    """Just enough of a store for :func:`learnpath.learner.status`: one learner's state."""

    def __init__(self, state):
        self._state = state

    def state(self, learner):
        return self._state


def _promise(hours, per_week, days) -> CommitmentRecord:
    from learnpath.planning.result import Plan, PlannedModule

    mods = tuple(
        PlannedModule(f"m{k}", f"M{k}", h, 0, ("writing",), (), "why") for k, h in enumerate(hours)
    )
    sched = schedule(
        Plan(("t",), mods, sum(hours), 0, True, sum(hours), ()), per_week, MONDAY, days
    )
    return CommitmentRecord(
        per_week,
        tuple(sched.days),
        "19:00",
        MONDAY,
        "f",
        ("content-strategist",),
        tuple(
            CommittedModule(e.module.id, e.module.title, e.module.hours, 0, ("writing",),
                            ("content-strategist",), e.start, e.end)
            for e in sched.entries
        ),
    )  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hours=st.lists(st.sampled_from([0.5, 1.0, 2.5, 4.0, 6.0, 10.0]), min_size=1, max_size=8),
    per_week=st.sampled_from([2.0, 5.0, 7.0, 12.0]),
    days=st.sets(st.integers(0, 6), min_size=1, max_size=7).map(tuple),
    day=st.integers(0, 120),
    done=st.integers(0, 8),
    factor=st.sampled_from([0.5, 1.0, 1.5, 3.0]),
)
def test_status_follows_its_rules(hours, per_week, days, day, done, factor):
    c = _promise(hours, per_week, days)
    today = MONDAY + dt.timedelta(days=day)
    done = min(done, len(c.modules))
    finished = tuple(
        CompletionRecord(m.module, m.end, None, m.hours * factor) for m in c.modules[:done]
    )
    state = State("ana", goals=("content-strategist",), completions=finished, commitment=c)
    cat = with_changes(
        [Module(m.module, m.title, ("writing",), m.hours) for m in c.modules]
    )  # the catalogue's estimates are the committed ones
    [row] = learner.status(cat, _OneStateStore(state), "ana", today).goals
    session = per_week / len(c.days)
    # the plan: the committed sessions before today, never more than the whole plan
    before = next(k for k in range(10_000) if _day(c, k) >= today)
    planned = min(c.total_hours, before * session)
    progress = sum(m.hours for m in c.modules[:done])
    assert row.hours_ahead == pytest.approx(round(progress - planned, 1), abs=0.051)
    assert row.days_ahead == pytest.approx(round((progress - planned) * 7 / per_week, 1), abs=0.11)
    expected = (
        "ahead" if progress - planned > session + 1e-9
        else "behind" if progress - planned < -session - 1e-9
        else "on track"
    )  # fmt: skip
    assert row.state == expected
    # the pace: the learner's own from three completions on, shrunk towards 1.0 before
    n = done
    raw = factor if n else 1.0
    assert row.pace == pytest.approx(round(raw if n >= 3 else (n * raw + 3 - n) / 3, 2))
    assert row.committed_ready_date == c.ready_date
    if done == len(c.modules):
        assert row.ready_date == c.modules[-1].end  # the last completion
    else:
        assert row.ready_date >= max(today, MONDAY)
        if factor >= 1 and today <= MONDAY and done == 0:
            assert row.ready_date >= c.ready_date  # slower or equal pace: no earlier


def _day(c, k):
    from learnpath.planning.scheduling import study_day

    return study_day(c.start, c.days, k)


def test_the_plan_now_is_planned_by_the_saved_choice(store):
    """`plan --diff` compares with the plan `learnpath plan` shows: after the learner
    saves "cheapest", a free module replacing a paid one is a cheaper alternative."""
    from learnpath.planning.bounded import PlanLimits

    free = Module("prompt-free", "Prompting, free", ("prompting",), 9, ("writing",))
    paid = Module("prompt-101", "Prompting 101", ("prompting",), 6, ("writing",), cost=50)
    cat = with_changes([free, paid])
    mine = learner.plan(cat, store, "ana")
    learner.commit(cat, store, mine, schedule(mine.plan, 7, MONDAY), at=AT)
    assert not learner.plan_diff(cat, store, "ana", MONDAY).changed
    learner.set_plan_preference(store, "ana", PlanLimits("cost"))
    diff = learner.plan_diff(cat, store, "ana", MONDAY)
    assert [(r.old, r.new) for r in diff.replaced] == [("prompt-101", "prompt-free")]
    assert "cheaper alternative" in diff.replaced[0].why and diff.cost_change == -50
