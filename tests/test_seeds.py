"""The demo learners (seeds/demo-learners.yaml) fit the bundled catalogue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from learnpath.catalogue.loader import load_catalogue

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds" / "demo-learners.yaml"
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, so that the key `on:` stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue([REPO / "curricula"])


@pytest.fixture(scope="module")
def seeds():
    data = yaml.load(SEEDS.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    assert data["version"] == 1
    return data["learners"]


def test_shape(seeds):
    assert len(seeds) >= 7
    names = [s["name"] for s in seeds]
    assert len(set(names)) == len(names)
    for s in seeds:
        assert NAME.match(s["name"])
        assert set(s) <= {"name", "email", "about", "skills", "goals", "completions"}
        assert 1 <= len(s["goals"]) <= 2
        assert len(s["completions"]) >= 1


def test_roles_covered(seeds):
    about = " ".join(s["about"].lower() for s in seeds)
    for role in (
        "writer",
        "designer",
        "marketer",
        "developer",
        "data-entry",
        "transcription",
        "support",
        "virtual assistant",
        "analyst",
    ):
        assert role in about, role


def test_the_articles_people_are_there(seeds):
    """Jane, Alex, Maria and Sam tell the article's story: writer, designer, marketer, developer."""
    about = {s["name"].split("-")[0]: s["about"].lower() for s in seeds}
    for name, trade in (
        ("jane", "writer"),
        ("alex", "designer"),
        ("maria", "marketer"),
        ("sam", "developer"),
    ):
        assert trade in about.get(name, ""), name
        assert "ai" in about[name].split() or "ai-" in about[name], name


def test_ids_exist(cat, seeds):
    for s in seeds:
        assert set(s["skills"]) <= set(cat.skills), s["name"]
        assert set(s["goals"]) <= set(cat.niches), s["name"]
        for c in s["completions"]:
            assert c["module"] in cat.modules, (s["name"], c["module"])
            if "on" in c:
                assert isinstance(c["on"], dt.date), (s["name"], c)


def test_completions_could_be_done_in_order(cat, seeds):
    for s in seeds:
        held = set(s["skills"])
        for c in s["completions"]:
            module = cat.modules[c["module"]]
            assert held.issuperset(module.requires), (s["name"], module.id)
            assert not held.issuperset(module.teaches), (
                s["name"],
                module.id,
                "teaches nothing new",
            )
            held.update(module.teaches)


def test_the_store_reads_the_seed_file():
    formats = pytest.importorskip("learnpath.store.formats")
    ((_, states),) = formats.read_seed_files(SEEDS)
    assert len(states) >= 7


def test_goals_plan_without_missing_entry_skills(cat, seeds):
    planning = pytest.importorskip("learnpath.planning")
    for s in seeds:
        done = [c["module"] for c in s["completions"]]
        result = planning.plan(cat, s["skills"], s["goals"], done)
        assert result.modules, s["name"]
        assert result.missing == (), s["name"]
        assert not set(done) & {m.id for m in result.modules}, s["name"]


def test_each_learner_sees_three_reachable_niches(cat, seeds):
    planning = pytest.importorskip("learnpath.planning")
    for s in seeds:
        done = [c["module"] for c in s["completions"]]
        ranked = planning.rank_niches(cat, s["skills"], done=done)
        ready = [r for r in ranked if not r.missing]
        assert len(ready) >= 3, s["name"]
        assert len([r for r in ranked[:10] if r.front <= 2]) >= 3, s["name"]
