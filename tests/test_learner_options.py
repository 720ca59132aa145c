"""The learner's options (learnpath.learner): niches, comparisons and the current work,
for stored learners on SQLite and PostgreSQL and for visitors."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnpath import learner
from learnpath.catalogue.loader import load_catalogue
from learnpath.errors import UnknownIdError, UsageError
from learnpath.exposure import occupation_exposure
from learnpath.learner import LearnerView
from learnpath.planning import rank_niches
from learnpath.store import ProgressStore

REPO = Path(__file__).resolve().parents[1]
TRANSLATOR = [
    "computer-literacy",
    "written-english",
    "second-language-proficiency",
    "translation-techniques",
    "cat-tools",
]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue([REPO / "curricula"])


@pytest.fixture
def store(cat, database_url):
    with ProgressStore(database_url, cat) as s:
        s.add_learner("ines")
        s.add_skills("ines", TRANSLATOR)
        yield s


def test_the_current_work_is_stored_in_normal_form_and_opens_the_list(cat, store):
    work = learner.set_now(cat, store, "ines", "27-3091.00")
    assert work.exposure.code == "27-3091" and store.state("ines").now == "27-3091"
    mine = learner.niches(cat, learner.view(cat, store, "ines"))
    # the planner's ranking (a rank's module count among equal-hour plans may differ)
    assert [(r.id, r.hours_to_ready, r.fit) for r in mine.ranks] == [
        (r.id, r.hours_to_ready, r.fit) for r in rank_niches(cat, TRANSLATOR)
    ]
    translators = occupation_exposure("27-3091")
    assert mine.now.exposure == translators
    # less exposed beyond doubt: every niche whose whole band lies above theirs, in order
    expected = [
        r.id for r in mine.ranks if cat.niches[r.id].resilience_low > translators.resilience_high
    ]
    assert list(mine.now.less_exposed) == expected and expected
    line = mine.now.sentence(cat)
    assert line.startswith("Your current work, Interpreters and Translators (27-3091): ")
    assert f"band {translators.resilience_low:.2f}-{translators.resilience_high:.2f}" in line
    assert f"{len(expected)} of these niches are less exposed" in line
    rows = mine.rows()
    assert [r["id"] for r in rows if r["less_exposed"]] == expected


def test_a_bad_current_work_names_the_nearest_and_writes_nothing(cat, store):
    learner.set_now(cat, store, "ines", "27-3091")
    with pytest.raises(UnknownIdError) as caught:
        learner.set_now(cat, store, "ines", "27-3093")
    assert "27-3092" in caught.value.unknown["27-3093"]
    with pytest.raises(UnknownIdError, match="did you mean `localization-specialist`"):
        learner.set_now(cat, store, "ines", "localisation-specialist")
    with pytest.raises(UnknownIdError, match="did you mean `27-3091`"):
        learner.set_now(cat, store, "ines", "translator")  # words: the titles holding them
    assert store.state("ines").now == "27-3091"
    assert learner.set_now(cat, store, "ines", "") is None and store.state("ines").now is None


def test_a_given_code_wins_and_a_stale_stored_one_is_reported(cat, store):
    store.set_now("ines", "gone-niche")  # stored while the catalogue had it
    mine = learner.niches(cat, learner.view(cat, store, "ines"))
    assert mine.now is None and mine.stale_now == "gone-niche"
    given = learner.niches(cat, learner.view(cat, store, "ines"), now="localization-specialist")
    assert given.now.exposure.code == "localization-specialist" and given.stale_now is None
    assert "localization-specialist" not in given.now.less_exposed
    with pytest.raises(UnknownIdError):
        learner.niches(cat, learner.view(cat, store, "ines"), now="99-9999")


def test_a_visitor_compares_with_their_current_work(cat):
    visitor = LearnerView(None, have=tuple(TRANSLATOR), held=frozenset(TRANSLATOR))
    both = learner.compare(
        cat, visitor, ["localization-specialist", "remote-interpreter"], now="27-3091"
    )
    data = both.to_dict()
    assert [n["id"] for n in data["niches"]] == ["localization-specialist", "remote-interpreter"]
    assert data["now"]["code"] == "27-3091" and data["now"]["less_exposed"] == []
    with pytest.raises(UsageError):
        learner.compare(cat, visitor, ["localization-specialist"])
