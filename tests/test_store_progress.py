"""The learner progress store: learners, skills, goals, completions, plans, export, seeds."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_support import FILLER_MODULES, clear_store, demo_catalogue

from learnpath import learner
from learnpath.errors import LearnpathError, UnknownIdError
from learnpath.store import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    CommitmentRecord,
    CommittedModule,
    CompletionRecord,
    InvalidLearnerDataError,
    LearnerAmbiguousError,
    LearnerExistsError,
    LearnerNotFoundError,
    LearnerState,
    ProgressStore,
)

CATALOGUE = demo_catalogue()


@pytest.fixture
def store(database_url):
    with ProgressStore(database_url, CATALOGUE) as s:
        yield s


# ---------------------------------------------------------------- learners


def test_learners_add_list_remove(store):
    assert store.list_learners() == []
    ana = store.add_learner("ana", email="ana@example.org")
    assert (ana.name, ana.email, ana.skills, ana.goals, ana.completions) == (
        "ana",
        "ana@example.org",
        0,
        0,
        0,
    )
    store.add_learner("bo")
    store.add_skills("bo", ["writing"])
    assert [(s.name, s.skills) for s in store.list_learners()] == [("ana", 0), ("bo", 1)]
    store.remove_learner("bo")
    assert [s.name for s in store.list_learners()] == ["ana"]


def test_learner_errors(store):
    with pytest.raises(LearnerNotFoundError, match="no learner yet"):
        store.resolve(None)
    store.add_learner("ana")
    assert store.resolve(None) == "ana"
    with pytest.raises(LearnerExistsError):
        store.add_learner("ana")
    store.add_learner("anna")
    with pytest.raises(LearnerAmbiguousError, match="--learner"):
        store.list_skills(None)
    with pytest.raises(LearnerNotFoundError, match="did you mean `ana`"):
        store.list_skills("anaa")
    with pytest.raises(LearnerNotFoundError):
        store.remove_learner("nobody")
    for bad in ("", " ana", "a,b", "x" * 101, "tab\there"):
        with pytest.raises(InvalidLearnerDataError):
            store.add_learner(bad)
    with pytest.raises(InvalidLearnerDataError):
        store.add_learner("cy", email="not-an-address")


def test_removing_a_learner_removes_their_state_only(store):
    for name in ("ana", "bo"):
        store.add_learner(name)
        store.add_skills(name, ["writing"])
        store.add_goals(name, ["data-analyst"])
        store.mark_done(name, ["sql-101"])
    store.remove_learner("ana")
    assert store.state("bo").skills == ("writing",)
    assert [c.module for c in store.state("bo").completions] == ["sql-101"]


# ---------------------------------------------------------------- skills, goals, completions


def test_skills_and_goals(store):
    store.add_learner("ana")
    assert store.add_skills("ana", ["writing", "english", "writing"]) == {
        "writing": True,
        "english": True,
    }
    assert store.add_skills("ana", ["writing"]) == {"writing": False}
    assert [i.id for i in store.list_skills("ana")] == ["english", "writing"]
    assert store.remove_skills("ana", ["english"]) == {"english": True}
    assert store.remove_skills("ana", ["english"]) == {"english": False}
    store.add_goals("ana", ["data-analyst", "content-strategist"])
    goals = store.list_goals("ana")
    assert [(g.id, g.name, g.in_catalogue) for g in goals] == [
        ("data-analyst", "Data analyst", True),
        ("content-strategist", "Content strategist", True),
    ]
    assert store.remove_goals("ana", ["data-analyst"]) == {"data-analyst": True}
    assert [g.id for g in store.list_goals("ana")] == ["content-strategist"]


def test_unknown_ids_are_refused_with_suggestions_and_nothing_is_written(store):
    store.add_learner("ana")
    with pytest.raises(UnknownIdError) as err:
        store.add_skills("ana", ["writing", "editting"])
    assert err.value.unknown == {"editting": ["editing"]}
    assert store.list_skills("ana") == []
    with pytest.raises(UnknownIdError, match="did you mean `data-analyst`"):
        store.add_goals("ana", ["data-analist"])
    with pytest.raises(UnknownIdError, match="unknown module `sql-10`"):
        store.mark_done("ana", ["sql-10"])
    # a niche is not a skill, a skill is not a module
    with pytest.raises(UnknownIdError):
        store.add_skills("ana", ["data-analyst"])
    with pytest.raises(UnknownIdError):
        store.mark_done("ana", ["sql"])
    with pytest.raises(UnknownIdError):
        store.remove_skills("ana", ["nonsense"])


def test_done_is_idempotent_and_keeps_the_first_date(store):
    store.add_learner("ana")
    first = dt.date(2026, 9, 14)
    assert store.mark_done("ana", ["sql-101"], on=first, note="evenings") == {"sql-101": True}
    assert store.mark_done("ana", ["sql-101"], on=dt.date(2026, 10, 1)) == {"sql-101": False}
    [c] = store.list_completions("ana")
    assert (c.module, c.on, c.note, c.in_catalogue, c.title, c.hours) == (
        "sql-101",
        first,
        "evenings",
        True,
        "SQL",
        10,
    )
    assert store.mark_undone("ana", ["sql-101"]) == {"sql-101": True}
    assert store.mark_undone("ana", ["sql-101"]) == {"sql-101": False}
    assert store.list_completions("ana") == []


def test_done_defaults_to_today(store):
    store.add_learner("ana")
    store.mark_done("ana", ["seo-101"])
    assert store.state("ana").completions[0].on == dt.date.today()


# ---------------------------------------------------------------- planning


def test_replanning_after_completing_the_first_module(store):
    store.add_learner("ana")
    store.add_skills("ana", ["writing", "english"])
    store.add_goals("ana", ["content-strategist"])
    before = learner.plan(CATALOGUE, store, "ana").plan
    assert before.modules and not before.missing
    first = before.modules[0]
    store.mark_done("ana", [first.id])
    after = learner.plan(CATALOGUE, store, "ana").plan
    assert first.id not in [m.id for m in after.modules]
    assert after.total_hours <= before.total_hours - first.hours + 1e-9


def test_plan_needs_a_goal(store):
    store.add_learner("ana")
    with pytest.raises(LearnpathError, match="goals add"):
        learner.plan(CATALOGUE, store, "ana")


def test_progress_per_goal(store):
    store.add_learner("ana")
    store.add_skills("ana", ["writing", "english"])
    store.add_goals("ana", ["content-strategist", "data-analyst", "field-researcher"])
    start = {p.goal: p for p in learner.progress(CATALOGUE, store, "ana").goals}
    assert start["data-analyst"].to_dict() == {
        "goal": "data-analyst",
        "hours_done": 0,
        "hours_left": 18,
        "percent": 0.0,
        "ready": False,
    }
    store.mark_done("ana", ["sql-101"])
    mid = {p.goal: p for p in learner.progress(CATALOGUE, store, "ana").goals}
    assert (mid["data-analyst"].hours_done, mid["data-analyst"].hours_left) == (10, 8)
    assert mid["data-analyst"].percent == pytest.approx(55.6)
    # sql-101 does nothing for the content strategist
    assert mid["content-strategist"].hours_done == 0
    store.mark_done("ana", ["analytics-201"])
    end = {p.goal: p for p in learner.progress(CATALOGUE, store, "ana").goals}
    assert end["data-analyst"].ready and end["data-analyst"].percent == 100
    # an entry skill is missing: never ready, whatever the hours
    assert not end["field-researcher"].ready
    assert end["field-researcher"].missing == ("fieldwork",)


def test_ids_that_left_the_catalogue_are_kept_shown_and_ignored(database_url):
    with ProgressStore(database_url, CATALOGUE) as old:
        old.add_learner("ana")
        old.add_skills("ana", ["writing", "english", "seo"])
        old.add_goals("ana", ["data-analyst", "content-strategist"])
        old.mark_done("ana", ["prompt-101", "sql-101"], on=dt.date(2026, 9, 1))
    changed = demo_catalogue(without=("prompt-101", "seo", "data-analyst"))
    with ProgressStore(database_url, changed) as new:
        assert learner.view(changed, new, "ana").stale == {
            "skills": ["seo"],
            "goals": ["data-analyst"],
            "completions": ["prompt-101"],
            "prior_learning": [],
        }
        assert {c.module: c.in_catalogue for c in new.list_completions("ana")} == {
            "prompt-101": False,
            "sql-101": True,
        }
        assert [(g.id, g.in_catalogue) for g in new.list_goals("ana")] == [
            ("data-analyst", False),
            ("content-strategist", True),
        ]
        plan = learner.plan(changed, new, "ana").plan
        assert plan.targets == ("content-strategist",)
        ids = [m.id for m in plan.modules]
        assert "prompt-pro" in ids and "seo-101" in ids
        assert [p.goal for p in learner.progress(changed, new, "ana").goals] == [
            "content-strategist"
        ]
        # stale ids can still be removed, and nothing was deleted behind the learner's back
        assert new.mark_undone("ana", ["prompt-101"]) == {"prompt-101": True}
        assert len(new.state("ana").completions) == 1


# ---------------------------------------------------------------- export and import


def test_export_import_roundtrip_and_replace(store, make_database_url):
    store.add_learner("ana", email="ana@example.org", about="writer")
    store.add_skills("ana", ["writing"])
    store.add_goals("ana", ["data-analyst", "content-strategist"])
    store.mark_done("ana", ["sql-101"], on=dt.date(2026, 9, 14), note="fun", hours=12.5)
    store.add_prior_learning("ana", ["seo-101"])
    assert store.set_now("ana", "27-3043") and not store.set_now("ana", "27-3043")
    store.set_commitment("ana", COMMITMENT)
    data = json.loads(json.dumps(store.export_learner("ana")))
    assert data["format"] == EXPORT_FORMAT and data["version"] == EXPORT_VERSION == 4
    assert data["prior_learning"] == ["seo-101"]
    assert data["completions"][0]["hours"] == 12.5
    assert data["commitment"]["days"] == ["mon", "wed", "sat"]
    assert [m["module"] for m in data["commitment"]["modules"]] == ["sql-101", "analytics-201"]
    assert data["now"] == "27-3043" and store.get_learner("ana").now == "27-3043"
    with ProgressStore(make_database_url(), CATALOGUE) as other:
        assert other.import_learner(data) == "ana"
        assert other.state("ana") == store.state("ana")
        with pytest.raises(LearnerExistsError, match="--replace"):
            other.import_learner(data)
        other.add_skills("ana", ["english"])
        other.import_learner(data, replace=True)
        assert other.state("ana") == store.state("ana")


COMMITMENT = CommitmentRecord(
    hours_per_week=6.0,
    days=(0, 2, 5),
    time="19:00",
    start=dt.date(2026, 9, 7),
    fingerprint="ab" * 32,
    targets=("data-analyst",),
    modules=(
        CommittedModule(
            "sql-101",
            "SQL",
            10.0,
            0.0,
            ("sql",),
            ("data-analyst",),
            dt.date(2026, 9, 7),
            dt.date(2026, 9, 16),
        ),
        CommittedModule(
            "analytics-201",
            "Analytics",
            8.0,
            25.5,
            ("analytics",),
            ("data-analyst",),
            dt.date(2026, 9, 19),
            dt.date(2026, 9, 26),
        ),
    ),
    created=dt.datetime(2026, 9, 6, 10, 0, 0),
)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_exports_import_without_commitment_or_actual_hours(store, version):
    """Files of versions 1 to 3 (before commitments and actual hours) still import: their
    completions read as "as estimated", and there is no commitment."""
    data = {
        "format": EXPORT_FORMAT,
        "version": version,
        "learner": {"name": "ana", "email": None, "about": None, "created": None},
        "skills": ["writing"],
        "goals": ["data-analyst"],
        "completions": [{"module": "sql-101", "on": "2026-09-14", "note": None}],
    }
    if version >= 2:
        data["prior_learning"] = ["seo-101"]
    if version >= 3:
        data["now"] = "27-3043"
    assert store.import_learner(data) == "ana"
    state = store.state("ana")
    assert state.commitment is None and [c.hours for c in state.completions] == [None]
    assert store.export_learner("ana")["version"] == EXPORT_VERSION


def test_a_commitment_is_replaced_by_an_import_and_deleted_with_the_learner(store):
    store.add_learner("ana")
    store.set_commitment("ana", COMMITMENT)
    assert store.commitment("ana") == COMMITMENT
    data = store.export_learner("ana")
    store.clear_commitment("ana")
    assert store.commitment("ana") is None
    store.import_learner(data, replace=True)
    assert store.commitment("ana") == COMMITMENT
    store.import_learner({**data, "commitment": None}, replace=True)
    assert store.commitment("ana") is None
    store.set_commitment("ana", COMMITMENT)
    store.remove_learner("ana")
    for table in ("commitment", "commitment_module"):
        assert store.db.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"hours_per_week": 0}, "hours per week"),
        ({"days": ()}, "days"),
        ({"time": "7pm"}, "time"),
        ({"targets": ("Not An Id",)}, "target"),
    ],
)
def test_a_commitment_that_cannot_be_one_is_refused(store, change, message):
    from dataclasses import replace

    store.add_learner("ana")
    with pytest.raises(InvalidLearnerDataError, match=message):
        store.set_commitment("ana", replace(COMMITMENT, **change))
    assert store.commitment("ana") is None


@pytest.mark.parametrize("hours", [0, -1, float("nan"), 10_001])
def test_actual_hours_must_be_positive(store, hours):
    store.add_learner("ana")
    with pytest.raises(InvalidLearnerDataError, match="hours"):
        store.mark_done("ana", ["sql-101"], hours=hours)
    assert store.state("ana").completions == ()


def test_reporting_hours_again_updates_them_and_keeps_the_date(store):
    store.add_learner("ana")
    store.mark_done("ana", ["sql-101"], on=dt.date(2026, 9, 14))
    assert store.mark_done("ana", ["sql-101"], on=dt.date(2026, 9, 20), hours=14) == {
        "sql-101": False
    }
    [c] = store.state("ana").completions
    assert (c.on, c.hours) == (dt.date(2026, 9, 14), 14.0)
    assert store.list_completions("ana")[0].to_dict()["actual_hours"] == 14.0


def test_a_version_1_export_imports_without_a_current_work(store):
    """Files written before the current work was kept (format version 1) import as they
    were, with no current work; setting and forgetting it afterwards works."""
    data = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "learner": {"name": "ana", "email": None, "about": None, "created": None},
        "skills": ["writing"],
        "goals": [],
        "completions": [],
    }
    assert store.import_learner(data) == "ana"
    assert store.state("ana").now is None and store.state("ana").skills == ("writing",)
    assert store.set_now("ana", " 27-3042 ") and store.state("ana").now == "27-3042"
    assert store.set_now("ana", None) and store.state("ana").now is None
    with pytest.raises(InvalidLearnerDataError, match="current work"):
        store.set_now("ana", "x" * 201)
    assert store.state("ana").now is None


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(version=99), "newer than this learnpath"),
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d["completions"].append({"module": "sql-101", "on": "2026-13-01"}), "on"),
        (lambda d: d["skills"].append("Not An Id"), "skills"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["skills"].extend(["a", "a"]), "twice"),
        (lambda d: d.update(now="two words"), "now"),
        (lambda d: d.update(now=7), "now"),
    ],
)
def test_import_refuses_bad_exports(store, change, message):
    data = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "learner": {"name": "ana"},
        "skills": [],
        "goals": [],
        "completions": [],
    }
    change(data)
    with pytest.raises(InvalidLearnerDataError, match=message):
        store.import_learner(data)
    assert store.list_learners() == []


ids = st.sampled_from
learner_states = st.builds(
    LearnerState,
    name=st.from_regex(r"[a-z][a-z0-9 ._-]{0,20}[a-z0-9]", fullmatch=True),
    email=st.none() | st.just("someone@example.org"),
    about=st.none() | st.text(max_size=40),
    created=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    skills=st.lists(ids(sorted(CATALOGUE.skills) + ["gone-skill"]), unique=True).map(
        lambda xs: tuple(sorted(xs))
    ),
    goals=st.lists(ids(sorted(CATALOGUE.niches) + ["gone-niche"]), unique=True).map(tuple),
    completions=st.lists(
        st.builds(
            CompletionRecord,
            module=ids(sorted(CATALOGUE.modules) + ["gone-module"]),
            on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
            note=st.none() | st.text(max_size=30),
            hours=st.none() | st.sampled_from([0.5, 3.0, 12.25]),
        ),
        unique_by=lambda c: c.module,
    ).map(lambda cs: tuple(sorted(cs, key=lambda c: (c.on, c.module)))),
    prior_learning=st.lists(ids(sorted(CATALOGUE.modules) + ["gone-module"]), unique=True).map(
        lambda xs: tuple(sorted(xs))
    ),
    now=st.none() | st.sampled_from(["27-3043", "gone-niche", "http://data.europa.eu/esco/x"]),
    commitment=st.none() | st.just(COMMITMENT),
)


@pytest.fixture
def two_stores(make_database_url):
    """A store with the catalogue and one without, on two fresh databases."""
    with (
        ProgressStore(make_database_url(), CATALOGUE) as source,
        ProgressStore(make_database_url()) as target,
    ):
        yield source, target


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(state=learner_states)
def test_export_then_import_into_a_fresh_database_is_identical(two_stores, state):
    # NUL characters are the one thing PostgreSQL text cannot hold; nobody types them
    state = _without_nul(state)
    source, target = two_stores
    clear_store(source)
    clear_store(target)
    source.import_learner(state)
    assert source.state(state.name) == state
    exported = json.loads(json.dumps(source.export_learner(state.name)))
    target.import_learner(exported)
    assert target.state(state.name) == state
    assert target.export_learner(state.name) == exported


def _without_nul(state: LearnerState) -> LearnerState:
    from dataclasses import replace

    def clean(text):
        return text.replace("\x00", "") if text else text

    return replace(
        state,
        about=clean(state.about),
        completions=tuple(replace(c, note=clean(c.note)) for c in state.completions),
    )


# ---------------------------------------------------------------- seeds

SEED = """\
    version: 1
    learners:
      - name: maya-writer
        email: maya@example.org
        about: Content writer moving into strategy
        skills: [writing, english]
        goals: [content-strategist]
        completions:
          - module: prompt-101
            on: 2026-09-14
            note: first course
      - name: dev-analyst
        skills: [sql]
        goals: [data-analyst]
"""


def test_seeding_twice_changes_nothing(store, tmp_path):
    path = tmp_path / "seeds.yaml"
    path.write_text(textwrap.dedent(SEED), encoding="utf-8")
    assert store.seed(path) == {"added": ["maya-writer", "dev-analyst"], "skipped": []}
    before = [store.export_learner(n) for n in ("maya-writer", "dev-analyst")]
    assert before[0]["completions"] == [
        {"module": "prompt-101", "on": "2026-09-14", "note": "first course", "hours": None}
    ]
    assert store.seed(tmp_path) == {"added": [], "skipped": ["maya-writer", "dev-analyst"]}
    after = [store.export_learner(n) for n in ("maya-writer", "dev-analyst")]
    assert after == before
    assert len(store.list_learners()) == 2


def test_seed_with_bad_ids_writes_nothing(store, tmp_path):
    path = tmp_path / "seeds.yaml"
    path.write_text(textwrap.dedent(SEED).replace("[sql]", "[sqll]"), encoding="utf-8")
    with pytest.raises(UnknownIdError, match="did you mean `sql`"):
        store.seed(path)
    assert store.list_learners() == []
    path.write_text("version: 1\nlearners: [{skills: [sql]}]\n", encoding="utf-8")
    with pytest.raises(InvalidLearnerDataError, match="name"):
        store.seed(path)


def test_concurrent_fillers_exist():
    # the concurrency tests rely on these modules being independent
    assert all(not CATALOGUE.modules[m].requires for m in FILLER_MODULES)


# ---------------------------------------------------------------- prior learning


def test_prior_learning_is_recorded_apart_from_completions_and_undone(store):
    store.add_learner("ana")
    assert store.add_prior_learning("ana", ["sql-101"]) == {"sql-101": True}
    assert store.add_prior_learning("ana", ["sql-101"]) == {"sql-101": False}
    state = store.state("ana")
    assert state.prior_learning == ("sql-101",) and state.completions == ()
    assert [(i.id, i.name, i.in_catalogue) for i in store.list_prior_learning("ana")] == [
        ("sql-101", CATALOGUE.modules["sql-101"].title, True)
    ]
    assert store.remove_prior_learning("ana", ["sql-101"]) == {"sql-101": True}
    assert store.remove_prior_learning("ana", ["sql-101"]) == {"sql-101": False}
    assert store.state("ana").prior_learning == ()


def test_an_unknown_module_is_refused_and_nothing_changes(store):
    store.add_learner("ana")
    store.add_prior_learning("ana", ["sql-101"])
    with pytest.raises(UnknownIdError, match="unknown module `sql-10`"):
        store.add_prior_learning("ana", ["seo-101", "sql-10"])
    assert store.state("ana").prior_learning == ("sql-101",)


def test_a_version_1_export_still_imports(store):
    data = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "learner": {"name": "ana"},
        "skills": ["writing"],
        "goals": [],
        "completions": [{"module": "sql-101", "on": "2026-09-14"}],
    }
    assert store.import_learner(data) == "ana"
    state = store.state("ana")
    assert state.skills == ("writing",) and state.prior_learning == ()
