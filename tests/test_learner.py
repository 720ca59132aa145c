"""The learner use cases of learnpath.learner, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_support import demo_catalogue

from learnpath import learner, planning
from learnpath.errors import UnknownIdError
from learnpath.learner import GoalLimitError, NoGoalError
from learnpath.model import Catalogue, Niche, Skill
from learnpath.store import InvalidLearnerDataError, LearnerExistsError, ProgressStore

CATALOGUE = demo_catalogue()
#: The catalogue after a curriculum change: a course, a skill and a niche are gone.
CHANGED = demo_catalogue(without=("prompt-101", "seo", "data-analyst"))


@pytest.fixture
def store(database_url):
    with ProgressStore(database_url, CATALOGUE) as s:
        s.add_learner("ana")
        yield s


def test_the_view_reports_stale_ids_and_plans_without_them(database_url):
    with ProgressStore(database_url, CATALOGUE) as old:
        old.add_learner("ana")
        old.add_skills("ana", ["writing", "english", "seo"])
        old.add_goals("ana", ["data-analyst", "content-strategist"])
        old.mark_done("ana", ["prompt-101", "sql-101"], on=dt.date(2026, 9, 1))
    with ProgressStore(database_url, CHANGED) as new:
        mine = learner.view(CHANGED, new, None)
        assert mine.stale == {
            "skills": ["seo"],
            "goals": ["data-analyst"],
            "completions": ["prompt-101"],
            "prior_learning": [],
        }
        assert (mine.have, mine.done, mine.goals) == (
            ("english", "writing"),
            ("sql-101",),
            ("content-strategist",),
        )
        assert mine.held == {"english", "writing", "sql"}
        result = learner.plan(CHANGED, new, "ana")
        assert result.view == mine
        direct = planning.plan(CHANGED, ["english", "writing"], ["content-strategist"], ["sql-101"])
        assert result.plan == direct
        assert "seo-101" in [m.id for m in result.plan.modules]
        # nothing was deleted: the old catalogue sees every id again
        assert learner.view(CATALOGUE, new, "ana").stale == {
            "skills": [],
            "goals": [],
            "completions": [],
            "prior_learning": [],
        }


def test_a_learner_whose_goals_all_left_the_catalogue_has_nothing_to_plan(database_url):
    with ProgressStore(database_url, CATALOGUE) as old:
        old.add_learner("ana")
        old.add_goals("ana", ["data-analyst"])
    with ProgressStore(database_url, CHANGED) as new:
        with pytest.raises(NoGoalError, match="goals add") as caught:
            learner.plan(CHANGED, new, "ana")
        assert caught.value.view.stale["goals"] == ["data-analyst"]
        assert learner.progress(CHANGED, new, "ana").goals == ()


def test_progress_counts_the_completed_hours_of_each_goal(store):
    store.add_skills("ana", ["writing", "english"])
    store.add_goals("ana", ["data-analyst", "content-strategist"])
    store.mark_done("ana", ["sql-101"])
    mine = learner.progress(CATALOGUE, store, "ana")
    by_goal = {p.goal: p for p in mine.goals}
    assert (by_goal["data-analyst"].hours_done, by_goal["data-analyst"].hours_left) == (10, 8)
    assert by_goal["content-strategist"].hours_done == 0  # SQL does nothing for it
    alone = planning.plan(CATALOGUE, ["english", "writing"], ["content-strategist"], ["sql-101"])
    assert by_goal["content-strategist"].hours_left == alone.total_hours
    assert by_goal["data-analyst"].percent == pytest.approx(55.6)
    assert mine.view.goals == ("data-analyst", "content-strategist")


def test_the_goal_limit_is_enforced_and_stale_goals_count(database_url):
    many = Catalogue.build(
        [Skill("s", "S")],
        [],
        [Niche(f"niche-{i:02d}", f"Niche {i}", ("s",), 0.5) for i in range(learner.MAX_GOALS + 2)],
    )
    with ProgressStore(database_url, many) as store:
        store.add_learner("ana")
        for i in range(learner.MAX_GOALS):
            assert learner.add_goal(store, "ana", f"niche-{i:02d}") is True
        assert learner.add_goal(store, "ana", "niche-00") is False  # re-adding is fine
        with pytest.raises(GoalLimitError, match=f"at most {learner.MAX_GOALS} goals"):
            learner.add_goal(store, "ana", f"niche-{learner.MAX_GOALS:02d}")
        assert len(store.list_goals("ana")) == learner.MAX_GOALS
    fewer = Catalogue.build([Skill("s", "S")], [], [Niche("niche-21", "Niche 21", ("s",), 0.5)])
    # the twenty goals left the catalogue, but they are kept and still count
    with ProgressStore(database_url, fewer) as store, pytest.raises(GoalLimitError):
        learner.add_goal(store, "ana", "niche-21")


def test_replacing_skills_adds_withdraws_and_refuses_unknown_ids(store):
    store.add_skills("ana", ["writing", "sql"])
    kept = learner.replace_skills(store, "ana", ["english", "writing", "english"])
    assert [i.id for i in kept] == ["english", "writing"]
    with pytest.raises(UnknownIdError, match="did you mean `writing`"):
        learner.replace_skills(store, "ana", ["writting"])
    assert [i.id for i in store.list_skills("ana")] == ["english", "writing"]
    assert learner.replace_skills(store, "ana", []) == []


def test_import_restores_replaces_and_imports_into_another_learner(store, make_database_url):
    store.add_skills("ana", ["writing"])
    store.add_goals("ana", ["content-strategist"])
    store.mark_done("ana", ["prompt-101"], on=dt.date(2026, 9, 14), note="fun")
    exported = store.export_learner("ana")
    with ProgressStore(make_database_url(), CATALOGUE) as other:
        assert learner.import_learner(other, exported) == "ana"
        assert other.export_learner("ana") == exported
        with pytest.raises(LearnerExistsError, match="--replace"):
            learner.import_learner(other, exported)
        other.add_skills("ana", ["sql"])
        learner.import_learner(other, exported, replace=True)
        assert other.export_learner("ana") == exported
    # as another learner's whole state: theirs is replaced, the export's name ignored
    store.add_learner("bo")
    store.add_skills("bo", ["sql"])
    assert learner.import_learner(store, exported, name="bo") == "bo"
    bo = store.state("bo")
    assert (bo.skills, bo.goals) == (("writing",), ("content-strategist",))
    assert [(c.module, c.on, c.note) for c in bo.completions] == [
        ("prompt-101", dt.date(2026, 9, 14), "fun")
    ]
    with pytest.raises(InvalidLearnerDataError):
        learner.import_learner(store, {"format": "something else"}, name="bo")
    assert store.state("bo").skills == ("writing",)  # a refused import changes nothing


MODULES = sorted(CATALOGUE.modules)
SKILLS = sorted(CATALOGUE.skills)
TARGETS = sorted(CATALOGUE.niches) + ["sql", "editing"]


@settings(max_examples=40, deadline=None)
@given(
    have=st.lists(st.sampled_from(SKILLS), max_size=6),
    done=st.lists(st.sampled_from(MODULES), max_size=4),
    targets=st.lists(st.sampled_from(TARGETS), min_size=1, max_size=3),
    minimize=st.sampled_from(["hours", "cost"]),
    data=st.data(),
)
def test_queries_with_the_same_key_have_the_same_plan(have, done, targets, minimize, data):
    """The cache rule: reordering or repeating skills and modules done, or repeating a
    target, never changes the plan, so one cached answer serves them all."""
    other_have = data.draw(st.permutations(have + have[:1]))
    other_done = data.draw(st.permutations(done + done[-1:]))
    other_targets = targets + targets[:1]
    key = learner.query_key(have, targets, done, minimize)
    assert learner.query_key(other_have, other_targets, other_done, minimize) == key
    first = planning.plan(CATALOGUE, have, targets, done=done, minimize=minimize)
    second = planning.plan(CATALOGUE, other_have, other_targets, done=other_done, minimize=minimize)
    assert second.to_dict() == first.to_dict()
    # and the order of targets is part of the answer, so it is part of the key
    if len(set(targets)) > 1:
        flipped = list(reversed(list(dict.fromkeys(targets))))
        assert learner.query_key(have, flipped, done, minimize) != key
