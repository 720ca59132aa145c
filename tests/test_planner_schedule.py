"""Schedules: dates in plan order at a steady pace, and iCalendar files that update."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from learnpath.errors import LearnpathError
from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan, schedule, to_ical


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


def test_ical_has_one_event_per_module_with_its_reason(writing_plan):
    sched = schedule(writing_plan, 10, date(2026, 1, 5))
    cal = Calendar.from_ical(to_ical(sched, learner="ana"))
    events = cal.walk("VEVENT")
    assert len(events) == len(writing_plan.modules)
    first = events[0]
    assert first["dtstart"].dt == date(2026, 1, 5)
    assert first["dtend"].dt == sched.entries[0].end + timedelta(days=1)  # exclusive end
    assert "needed by" in str(first["description"])


def test_ical_uids_are_stable_per_learner_plan_and_module(writing_plan):
    early = datetime(2026, 1, 1, tzinfo=UTC)
    later = early + timedelta(days=3)
    a = Calendar.from_ical(
        to_ical(schedule(writing_plan, 10, date(2026, 1, 5)), "ana", stamp=early)
    )
    b = Calendar.from_ical(to_ical(schedule(writing_plan, 4, date(2026, 2, 1)), "ana", stamp=later))
    c = Calendar.from_ical(
        to_ical(schedule(writing_plan, 10, date(2026, 1, 5)), "ben", stamp=early)
    )
    uids = [str(e["uid"]) for e in a.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in b.walk("VEVENT")]  # same events, moved
    assert not set(uids) & {str(e["uid"]) for e in c.walk("VEVENT")}  # another learner's
    # the newer export carries a higher sequence, so calendars take it as an update
    assert b.walk("VEVENT")[0]["sequence"] > a.walk("VEVENT")[0]["sequence"]
