"""Schedules: dates in plan order at a steady pace, and iCalendar files that update."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from learnpath.errors import LearnpathError
from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import parse_days, parse_time, plan, schedule, sessions, to_ical


@pytest.fixture
def writing_plan():
    cat = Catalogue.build(
        [Skill(s, s) for s in ("grammar", "copy", "seo", "strategy")],
        [
            Module("grammar-101", "Grammar", ("grammar",), 20),
            Module("copywriting", "Copywriting", ("copy",), 12.5, ("grammar",)),
            Module("seo-basics", "SEO basics", ("seo",), 3),
            Module("strategy", "Content strategy", ("strategy",), 30, ("copy", "seo")),
        ],
        [Niche("content-strategist", "Content strategist", ("strategy",), 0.7)],
    )
    return plan(cat, [], ["content-strategist"])


def test_modules_follow_each_other_and_may_span_weeks(writing_plan):
    sched = schedule(writing_plan, hours_per_week=10, start=date(2026, 1, 5))
    entries = [(e.module.id, e.start, e.end) for e in sched.entries]
    assert [e[0] for e in entries] == [m.id for m in writing_plan.modules]
    for (_, _, end), (_, start, _) in zip(entries, entries[1:], strict=False):
        assert start >= end  # never starts before the previous one ends
    first = sched.entries[0]
    assert first.module.hours == 20 and first.start == date(2026, 1, 5)
    assert (first.end - first.start).days + 1 == 14  # 20 h at 10 h/week: two weeks
    total_days = (sched.end - sched.start).days + 1
    assert total_days == pytest.approx(65.5 / (10 / 7), abs=1)
    assert sched.to_dict()["end"] == sched.end.isoformat()


def test_a_faster_pace_finishes_sooner(writing_plan):
    slow = schedule(writing_plan, 5, date(2026, 1, 5))
    fast = schedule(writing_plan, 20, date(2026, 1, 5))
    assert fast.end < slow.end


@pytest.mark.parametrize("pace", [0, -3, float("nan")])
def test_a_pace_must_be_positive(writing_plan, pace):
    with pytest.raises(LearnpathError, match="hours per week"):
        schedule(writing_plan, pace, date(2026, 1, 5))


def test_ical_has_study_sessions_on_the_chosen_days_with_their_reason(writing_plan):
    # 6 h a week on Monday, Wednesday and Saturday: 2-hour sessions from 19:00
    sched = schedule(writing_plan, 6, date(2026, 1, 5), days=(0, 2, 5))
    cal = Calendar.from_ical(to_ical(sched, learner="ana", at=time(19, 0)))
    events = cal.walk("VEVENT")
    first = events[0]
    assert first["dtstart"].dt == datetime(2026, 1, 5, 19, 0)
    assert first["dtend"].dt == datetime(2026, 1, 5, 21, 0)  # not a weeks-long all-day event
    assert str(first["summary"]) == "Grammar (session 1 of 10)"  # 20 h in 2-hour sessions
    assert "needed by" in str(first["description"])
    assert {e["dtstart"].dt.weekday() for e in events} == {0, 2, 5}
    # every module's sessions add up to its hours
    for m in writing_plan.modules:
        mine = [e for e in events if str(e["summary"]).startswith(m.title + " (")]
        spent = sum((e["dtend"].dt - e["dtstart"].dt).total_seconds() / 3600 for e in mine)
        assert spent == pytest.approx(m.hours, abs=0.02 * len(mine))
    # copywriting (12.5 h) ends half-way through a session: SEO starts at 20:00 that day
    seo = next(e for e in events if str(e["summary"]) == "SEO basics (session 1 of 2)")
    copy_last = [e for e in events if str(e["summary"]).startswith("Copywriting")][-1]
    assert seo["dtstart"].dt == copy_last["dtend"].dt
    assert seo["dtstart"].dt.time() == time(19, 30)
    assert sched.to_dict()["days"] == ["mon", "wed", "sat"]
    assert sched.to_dict()["session_hours"] == 2


def test_an_alarm_reminds_before_every_session(writing_plan):
    sched = schedule(writing_plan, 10, date(2026, 1, 5), days=(1, 3))
    events = Calendar.from_ical(to_ical(sched, "ana", alarm=30)).walk("VEVENT")
    assert all(e.walk("VALARM")[0]["trigger"].dt == -timedelta(minutes=30) for e in events)
    assert not Calendar.from_ical(to_ical(sched, "ana")).walk("VALARM")
    with pytest.raises(LearnpathError, match="alarm"):
        to_ical(sched, "ana", alarm=-5)


def test_ical_uids_are_stable_per_learner_module_and_session(writing_plan):
    early = datetime(2026, 1, 1, tzinfo=UTC)
    later = early + timedelta(days=3)
    a = Calendar.from_ical(
        to_ical(schedule(writing_plan, 10, date(2026, 1, 5)), "ana", stamp=early)
    )
    b = Calendar.from_ical(
        to_ical(schedule(writing_plan, 10, date(2026, 2, 1), (0, 4)), "ana", stamp=later)
    )
    c = Calendar.from_ical(
        to_ical(schedule(writing_plan, 10, date(2026, 1, 5)), "ben", stamp=early)
    )
    uids = [str(e["uid"]) for e in a.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    moved = {str(e["uid"]): e for e in b.walk("VEVENT")}
    # the same sessions of the same modules keep their ids when the schedule moves
    first = a.walk("VEVENT")[0]
    assert str(first["uid"]) in moved
    assert moved[str(first["uid"])]["dtstart"].dt > first["dtstart"].dt
    assert not set(uids) & {str(e["uid"]) for e in c.walk("VEVENT")}  # another learner's
    # the newer export carries a higher sequence, so calendars take it as an update
    assert b.walk("VEVENT")[0]["sequence"] > a.walk("VEVENT")[0]["sequence"]


def test_days_and_times_are_read_strictly():
    assert parse_days("sat, MON,wednesday") == (0, 2, 5)
    assert parse_time("07:05") == time(7, 5)
    for bad in ("mon,funday", "xyz"):
        with pytest.raises(LearnpathError, match="unknown day"):
            parse_days(bad)
    for bad in ("25:00", "7pm", "19:60"):
        with pytest.raises(LearnpathError, match="invalid time"):
            parse_time(bad)


def test_more_than_a_day_of_study_on_one_day_is_refused(writing_plan):
    with pytest.raises(LearnpathError, match="24 h a day"):
        schedule(writing_plan, 30, date(2026, 1, 5), days=(0,))


@settings(max_examples=60, deadline=None)
@given(
    hours=st.lists(st.floats(0.25, 40), min_size=1, max_size=6),
    per_week=st.floats(1, 40),
    days=st.sets(st.integers(0, 6), min_size=1, max_size=7),
    start=st.dates(date(2026, 1, 1), date(2027, 1, 1)),
)
def test_sessions_fill_the_chosen_days_in_plan_order(hours, per_week, days, start):
    from learnpath.planning.result import Plan, PlannedModule

    mods = tuple(
        PlannedModule(f"m{k}", f"M{k}", h, 0, (f"s{k}",), (), "why") for k, h in enumerate(hours)
    )
    if per_week / len(days) > 24:
        return
    sched = schedule(Plan(("t",), mods, sum(hours), 0, True, sum(hours), ()), per_week, start, days)
    parts = sessions(sched)
    length = per_week / len(days)
    assert all(p.day.weekday() in days and p.day >= start for p in parts)
    for m, e in zip(mods, sched.entries, strict=True):
        mine = [p for p in parts if p.module.id == m.id]
        assert sum(p.hours for p in mine) == pytest.approx(m.hours)
        assert [p.nth for p in mine] == list(range(1, len(mine) + 1))
        assert (mine[0].day, mine[-1].day) == (e.start, e.end)
    by_day: dict = {}
    for p in parts:
        by_day[p.day] = by_day.get(p.day, 0) + p.hours
        assert p.offset + p.hours <= length + 1e-6
    assert all(h <= length + 1e-6 for h in by_day.values())
    assert [p.module.id for p in parts] == sorted(
        (p.module.id for p in parts), key=lambda i: int(i[1:])
    )
