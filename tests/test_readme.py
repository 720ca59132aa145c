"""The README's command-line tour and every ``--help`` example run as written, in a
fresh home folder, the way a newcomer would type them (see :mod:`command_lines`)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from command_lines import Sandbox, help_examples, readme_tour

from learnpath.config import bundled_seeds

HERE = Path(__file__).resolve().parent
EXAMPLES = help_examples()

#: The state every --help example starts from (a fresh copy for each command): the demo
#: learners, and "maya" as the current learner with skills, a goal, a completion and an
#: export. Files in the current folder: maya.json, my-learners.yaml, my-curricula/,
#: course.yaml and posting.txt (a job posting, for `learnpath match`). A new command
#: whose examples need more adds it here.
FIXTURE = [
    "learnpath db seed",
    "learnpath learner add maya",
    "learnpath skills add computer-literacy written-english",
    "learnpath goals add ai-content-strategist",
    "learnpath done prompt-writing-guide",
    "learnpath export maya.json",
]


def test_the_tour_is_found():
    tour = readme_tour()
    assert len(tour) >= 20
    assert "learnpath learner use jane-writer" in tour
    assert any(line.startswith("learnpath skills add") for line in tour)


def test_the_readme_says_where_dot_comes_from():
    text = Path(__file__).resolve().parents[1].joinpath("README.md").read_text(encoding="utf-8")
    tour = text.split("## Using the command line", 1)[1].split("\n## ", 1)[0]
    assert "| dot -Tsvg" in tour and "[Graphviz](https://graphviz.org/" in tour


def test_every_command_has_an_example():
    missing = [" ".join(path) or "learnpath" for path, lines in EXAMPLES.items() if not lines]
    assert missing == []


def test_the_readme_tour_runs_line_by_line_after_the_quick_start(tmp_path):
    box = Sandbox(tmp_path / "home")
    seeded = box.run("learnpath db seed")
    assert seeded.status == 0, seeded
    for line in readme_tour():
        outcome = box.run(line)
        assert outcome.status == 0, outcome
        assert "Traceback" not in outcome.stderr, outcome
    # the default places of a fresh home: the database, the config naming the current one
    database = box.home / ".local" / "share" / "learnpath" / "learnpath.db"
    assert database.is_file()
    config = tomllib.loads((box.home / ".config" / "learnpath" / "config.toml").read_text())
    assert config["current_learner"] == {f"sqlite:///{database}": "maya"}
    assert (box.work / "plan.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert (box.work / "maya.ics").read_text().count("BEGIN:VEVENT") >= 1
    assert '"name": "maya"' in (box.work / "maya.json").read_text()
    assert (box.work / "learnpath-backup.db").is_file()


@pytest.fixture(scope="module")
def fixture_home(tmp_path_factory) -> Sandbox:
    box = Sandbox(tmp_path_factory.mktemp("examples") / "home")
    for line in FIXTURE:
        outcome = box.run(line)
        assert outcome.status == 0, outcome
    shutil.copy(next(bundled_seeds().glob("*.yaml")), box.work / "my-learners.yaml")
    shutil.copytree(HERE / "web" / "curricula", box.work / "my-curricula")
    shutil.copy(HERE / "web" / "curricula" / "writing.yaml", box.work / "course.yaml")
    shutil.copy(HERE / "benchmarks" / "match_two_page_posting.txt", box.work / "posting.txt")
    return box


@pytest.mark.parametrize(
    "command", [p for p, lines in EXAMPLES.items() if lines], ids=lambda p: " ".join(p) or "-"
)
def test_every_help_example_runs(command, fixture_home, tmp_path):
    box = fixture_home.copy(tmp_path / "home")
    for line in EXAMPLES[command]:
        outcome = box.run(line)
        assert outcome.status == 0, outcome
        assert "Traceback" not in outcome.stderr, outcome
