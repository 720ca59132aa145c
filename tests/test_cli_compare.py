"""``learnpath compare``, ``niches --now`` and ``learner now`` as a user runs them, on the
bundled catalogue and a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from learnpath import learner
from learnpath.catalogue.loader import load_catalogue
from learnpath.cli import main
from learnpath.exposure import FIGURES, SCALE, occupation_exposure
from learnpath.learner import LearnerView
from learnpath.planning.fit import ORDER

REPO = Path(__file__).resolve().parents[1]
TRANSLATOR = "computer-literacy,written-english,second-language-proficiency,translation-techniques"
PAIR = ["localization-specialist", "remote-interpreter"]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue([REPO / "curricula"])


def runner(database_url: str, monkeypatch):
    for name in ("LEARNPATH_LEARNER", "LEARNPATH_DATABASE_URL", "LEARNPATH_CURRICULA"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args, input=None):
        argv = ["--curricula", str(REPO / "curricula"), "--db", database_url, *args]
        return CliRunner().invoke(main, argv, input=input)

    return invoke


@pytest.fixture
def run(tmp_path, monkeypatch):
    """The CLI on the bundled catalogue (queries only: a throwaway SQLite file)."""
    return runner(f"sqlite:///{tmp_path / 'unused.db'}", monkeypatch)


@pytest.fixture
def run_db(database_url, monkeypatch):
    """The CLI on the bundled catalogue and a fresh database of each backend."""
    return runner(database_url, monkeypatch)


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_compare_json_is_the_core_comparison(run, cat):
    result = ok(
        run("compare", *PAIR, "accessibility-media-specialist", "--have", TRANSLATOR, "--json")
    )
    data = json.loads(result.stdout)
    visitor = LearnerView(None, have=tuple(TRANSLATOR.split(",")))
    expected = learner.compare(cat, visitor, [*PAIR, "accessibility-media-specialist"])
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert set(data) == {"niches", "together_hours", "together_cost", "optimal", "missing"}
    assert [n["id"] for n in data["niches"]] == [*PAIR, "accessibility-media-specialist"]
    assert result.stderr == ""


def test_compare_table_shows_each_figure_side_by_side(run):
    out = ok(run("compare", *PAIR, "--have", TRANSLATOR)).stdout
    for label in ("hours to ready", "cost to ready", "marginal hours", "fit", "resilience (band)"):
        assert label in out
    assert "automation risk" in out and "shared modules" in out and "Together:" in out


@pytest.mark.parametrize(
    "niches",
    [PAIR[:1], [PAIR[0], PAIR[0]], [*PAIR, "ghostwriter", "grant-writer"], []],
    ids=["one", "twice", "four", "none"],
)
def test_a_malformed_comparison_exits_2(run, niches):
    result = run("compare", *niches)
    assert result.exit_code == 2 and result.stdout == ""
    assert "two or three niches" in result.stderr or "given twice" in result.stderr


def test_an_unknown_niche_or_code_exits_1_naming_the_nearest(run):
    result = run("compare", PAIR[0], "remote-interpretr")
    assert result.exit_code == 1 and "did you mean `remote-interpreter`" in result.stderr
    result = run("niches", "--now", "27-3093")
    assert result.exit_code == 1 and "`27-3092`" in result.stderr and result.stdout == ""


def test_niches_now_opens_with_the_current_work(run, cat):
    out = ok(run("niches", "--have", TRANSLATOR, "--now", "27-3091.00")).stdout
    first = out.splitlines()[0]
    assert first.startswith("Your current work, Interpreters and Translators (27-3091): ")
    work = occupation_exposure("27-3091")
    assert f"band {work.resilience_low:.2f}-{work.resilience_high:.2f}" in first
    assert out.splitlines()[1] == ORDER
    rows = json.loads(ok(run("niches", "--have", TRANSLATOR, "--now", "27-3091", "--json")).stdout)
    less = [r["id"] for r in rows if r["less_exposed"]]
    assert less and all(cat.niches[n].resilience_low > work.resilience_high for n in less)
    assert not any(r["less_exposed"] for r in rows if r["id"] in PAIR)


def test_the_stored_current_work_travels_with_the_learner(run_db, tmp_path):
    run = run_db
    ok(run("learner", "add", "ines"))
    ok(run("skills", "add", TRANSLATOR))
    bad = run("learner", "now", "27-3093")
    assert bad.exit_code == 1 and "did you mean" in bad.stderr
    assert json.loads(ok(run("learner", "list", "--json")).stdout)[0]["now"] is None
    stored = ok(run("learner", "now", "27-3091.00", "--json"))
    assert json.loads(stored.stdout)["code"] == "27-3091"
    assert ok(run("learner", "now")).stdout.startswith("Interpreters and Translators (27-3091)")
    out = ok(run("niches", "--learner", "ines")).stdout
    assert out.startswith("Your current work, Interpreters and Translators (27-3091)")
    side = json.loads(ok(run("compare", *PAIR, "--learner", "ines", "--json")).stdout)
    assert side["now"]["code"] == "27-3091"
    export = tmp_path / "ines.json"
    ok(run("export", str(export)))
    assert json.loads(export.read_text())["now"] == "27-3091"
    ok(run("learner", "remove", "ines", "--yes"))
    ok(run("import", str(export)))
    assert ok(run("learner", "now")).stdout.startswith("Interpreters and Translators")
    ok(run("learner", "now", "--clear"))
    assert ok(run("learner", "now")).stdout == ""
    # --have adds to a learner's own skills (as for `path --learner`)
    more = json.loads(
        ok(run("niches", "--learner", "ines", "--have", "cat-tools", "--json")).stdout
    )
    alone = json.loads(ok(run("niches", "--learner", "ines", "--json")).stdout)
    hours = {r["id"]: r["hours_to_ready"] for r in alone}
    assert all(r["hours_to_ready"] <= hours[r["id"]] for r in more)
    assert any(r["hours_to_ready"] < hours[r["id"]] for r in more)


@pytest.mark.parametrize("command", ["niches", "compare"])
def test_help_explains_the_order_the_scale_and_the_sources(command):
    result = CliRunner().invoke(main, [command, "--help"], terminal_width=400)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for sentence in (ORDER, SCALE, FIGURES):
        assert sentence in text
    assert "Example" in text
