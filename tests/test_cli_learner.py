"""The learner commands end to end, through Click, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner
from store_support import demo_catalogue, write_curriculum

from learnpath.cli import main
from learnpath.store import LATEST_VERSION

LEARNER_COMMANDS = [
    ["learner"],
    ["learner", "add"],
    ["learner", "use"],
    ["learner", "list"],
    ["learner", "remove"],
    ["skills"],
    ["skills", "add"],
    ["skills", "remove"],
    ["skills", "list"],
    ["goals"],
    ["goals", "add"],
    ["goals", "remove"],
    ["goals", "list"],
    ["done"],
    ["undone"],
    ["plan"],
    ["progress"],
    ["schedule"],
    ["export"],
    ["import"],
    ["db"],
    ["db", "upgrade"],
    ["db", "seed"],
]


@pytest.fixture
def curricula(tmp_path):
    folder = tmp_path / "curricula"
    folder.mkdir()
    write_curriculum(folder)
    return folder


@pytest.fixture
def run(curricula, database_url, monkeypatch):
    """``run(*args, db=None, input=None)``: the CLI on the demo catalogue and a fresh db."""
    monkeypatch.delenv("LEARNPATH_LEARNER", raising=False)
    monkeypatch.delenv("LEARNPATH_DATABASE_URL", raising=False)
    monkeypatch.delenv("LEARNPATH_CURRICULA", raising=False)

    def invoke(*args, db=None, input=None, env=None, curricula_path=None):
        argv = ["--curricula", str(curricula_path or curricula), "--db", db or database_url]
        return CliRunner().invoke(main, [*argv, *args], input=input, env=env)

    return invoke


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def data(result):
    return json.loads(ok(result).stdout)


@pytest.mark.parametrize("command", LEARNER_COMMANDS, ids=" ".join)
def test_every_help_has_an_example(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "learnpath" in result.stdout


def test_a_learner_from_start_to_ready(run):
    ok(run("learner", "add", "ana", "--email", "ana@example.org"))
    assert [x["name"] for x in data(run("learner", "list", "--json"))] == ["ana"]
    ok(run("skills", "add", "writing,english"))
    assert data(run("skills", "list", "--json")) == [
        {"id": "english", "name": "Written English", "in_catalogue": True},
        {"id": "writing", "name": "Writing", "in_catalogue": True},
    ]
    ok(run("goals", "add", "data-analyst"))
    assert [g["id"] for g in data(run("goals", "list", "--json"))] == ["data-analyst"]

    plan = data(run("plan", "--json"))
    same = data(run("path", "--have", "english,writing", "--target", "data-analyst", "--json"))
    assert plan == same
    assert [m["id"] for m in plan["modules"]] == ["sql-101", "analytics-201"]

    result = ok(run("done", "sql-101", "--on", "2026-09-14", "--note", "evenings"))
    assert "Marked done for ana: sql-101" in result.stderr
    again = ok(run("done", "sql-101"))
    assert "already done on 2026-09-14: nothing changed" in again.stderr
    assert data(run("done", "sql-101", "--json")) == {"done": [], "already": ["sql-101"]}

    replanned = data(run("plan", "--json"))
    assert [m["id"] for m in replanned["modules"]] == ["analytics-201"]
    assert replanned["total_hours"] <= plan["total_hours"] - 10

    assert data(run("progress", "--json")) == [
        {
            "goal": "data-analyst",
            "hours_done": 10,
            "hours_left": 8,
            "percent": 55.6,
            "ready": False,
        }
    ]
    text = ok(run("progress")).stdout
    assert "Data analyst" in text and "56%" in text and "8 h to go" in text

    ok(run("done", "analytics-201"))
    [ready] = data(run("progress", "--json"))
    assert ready["ready"] and ready["percent"] == 100
    assert [c["module"] for c in data(run("done", "--json"))] == ["sql-101", "analytics-201"]
    assert data(run("undone", "analytics-201", "--json")) == {
        "undone": ["analytics-201"],
        "absent": [],
    }


def test_bad_ids_exit_1_with_the_closest_ids(run):
    ok(run("learner", "add", "ana"))
    for args, hint in [
        (("skills", "add", "writting"), "`writing`"),
        (("goals", "add", "data-analist"), "`data-analyst`"),
        (("done", "sql-10"), "`sql-101`"),
        (("undone", "sql-1O1"), "`sql-101`"),
    ]:
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert hint in result.stderr and "did you mean" in result.stderr
        assert result.stdout == ""
    assert data(run("skills", "list", "--json")) == []


def test_which_learner(run):
    result = run("skills", "list")
    assert result.exit_code == 1 and "learner add" in result.stderr
    ok(run("learner", "add", "ana"))
    ok(run("learner", "add", "bo"))
    # the learner added last is the current one
    assert "now the current learner" in ok(run("learner", "add", "cy")).stderr
    ok(run("skills", "add", "writing"))
    assert [s["id"] for s in data(run("--learner", "cy", "skills", "list", "--json"))] == [
        "writing"
    ]
    assert data(run("--learner", "ana", "skills", "list", "--json")) == []
    # `learner use` switches; --learner and LEARNPATH_LEARNER still win for one command
    ok(run("learner", "use", "ana"))
    ok(run("skills", "add", "english"))
    assert [s["id"] for s in data(run("--learner", "ana", "skills", "list", "--json"))] == [
        "english"
    ]
    ok(run("--learner", "bo", "skills", "add", "writing"))
    assert data(run("skills", "list", "--json", env={"LEARNPATH_LEARNER": "bo"}))[0]["id"] == (
        "writing"
    )
    listed = data(run("learner", "list", "--json"))
    assert [x["name"] for x in listed if x["current"]] == ["ana"]
    result = run("learner", "use", "anna")
    assert result.exit_code == 1 and "did you mean `ana`" in result.stderr
    result = run("--learner", "boo", "skills", "list")
    assert result.exit_code == 1 and "did you mean `bo`" in result.stderr
    result = run("learner", "add", "bo")
    assert result.exit_code == 1 and "already exists" in result.stderr
    # removing the current learner forgets it: with two left, the CLI asks which
    ok(run("learner", "remove", "ana", "--yes"))
    result = run("skills", "list")
    assert result.exit_code == 1 and "learnpath learner use NAME" in result.stderr


def test_each_database_has_its_own_current_learner(run, make_database_url):
    other = make_database_url()
    ok(run("learner", "add", "ana"))
    ok(run("learner", "add", "bo", db=other))
    ok(run("learner", "add", "cy", db=other))
    ok(run("skills", "add", "writing"))  # ana, the current learner of the first database
    ok(run("skills", "add", "english", db=other))  # cy, the current one of the other
    assert [s["id"] for s in data(run("--learner", "ana", "skills", "list", "--json"))] == [
        "writing"
    ]
    cy = data(run("--learner", "cy", "skills", "list", "--json", db=other))
    assert [s["id"] for s in cy] == ["english"]


def test_read_only_commands_never_create_a_database(run, tmp_path):
    typo = tmp_path / "typo.db"
    for command in (
        ["learner", "list"],
        ["skills", "list"],
        ["goals", "list"],
        ["done"],
        ["plan"],
        ["progress"],
        ["export"],
        ["learner", "use", "ana"],
        ["skills", "add", "writing"],
    ):
        result = run(*command, db=f"sqlite:///{typo}")
        assert result.exit_code == 1, command
        assert f"no database at {typo}" in result.stderr, command
        assert "Traceback" not in result.output
        assert not typo.exists(), command
    ok(run("learner", "add", "ana", db=f"sqlite:///{typo}"))
    assert typo.exists()


def test_export_to_a_missing_folder_is_a_clear_error(run, tmp_path):
    ok(run("learner", "add", "ana"))
    result = run("export", str(tmp_path / "no-such-folder" / "ana.json"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "No such file or directory" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_remove_asks_first(run):
    ok(run("learner", "add", "ana"))
    result = run("learner", "remove", "ana", input="n\n")
    assert result.exit_code == 1
    assert [x["name"] for x in data(run("learner", "list", "--json"))] == ["ana"]
    ok(run("learner", "remove", "ana", input="y\n"))
    ok(run("learner", "add", "ana"))
    ok(run("learner", "remove", "ana", "--yes"))
    assert data(run("learner", "list", "--json")) == []


def test_schedule_of_the_learners_own_plan(run, tmp_path):
    ok(run("learner", "add", "ana"))
    ok(run("skills", "add", "writing", "english"))
    ok(run("goals", "add", "content-strategist"))
    ok(run("done", "seo-101"))
    mine = data(run("schedule", "--hours-per-week", "6", "--start", "2026-09-01", "--json"))
    explicit = data(
        run(
            "schedule",
            "--have",
            "english,writing",
            "--done",
            "seo-101",
            "--target",
            "content-strategist",
            "--hours-per-week",
            "6",
            "--start",
            "2026-09-01",
            "--json",
        )
    )
    assert mine == explicit and mine["start"] == "2026-09-01"
    assert "seo-101" not in [m["id"] for m in mine["modules"]]
    ics = tmp_path / "ana.ics"
    ok(run("schedule", "--hours-per-week", "6", "--ics", str(ics)))
    summaries = [line for line in ics.read_text().splitlines() if line.startswith("SUMMARY:")]
    assert {s.split(":", 1)[1].rsplit(" (session", 1)[0] for s in summaries} == {
        m["title"] for m in mine["modules"]
    }
    result = run("schedule", "--have", "writing", "--hours-per-week", "6")
    assert result.exit_code == 2 and "--target" in result.stderr


def test_plan_without_goals_says_what_to_do(run):
    ok(run("learner", "add", "ana"))
    result = run("plan")
    assert result.exit_code == 1 and "goals add" in result.stderr


def test_export_then_import_elsewhere(run, make_database_url, tmp_path):
    ok(run("learner", "add", "ana", "--about", "writer"))
    ok(run("skills", "add", "writing"))
    ok(run("goals", "add", "data-analyst", "content-strategist"))
    ok(run("done", "sql-101", "--on", "2026-09-14", "--note", "über gut"))
    file = tmp_path / "ana.json"
    ok(run("export", str(file)))
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert exported == data(run("export"))
    other = make_database_url()
    ok(run("import", str(file), db=other))
    assert data(run("export", db=other)) == exported
    result = run("import", str(file), db=other)
    assert result.exit_code == 1 and "--replace" in result.stderr
    ok(run("--learner", "ana", "skills", "add", "english", db=other))
    ok(run("import", str(file), "--replace", db=other))
    assert data(run("export", db=other)) == exported
    third = make_database_url()
    ok(run("import", "-", db=third, input=file.read_text(encoding="utf-8")))
    assert data(run("export", "-", db=third)) == exported
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("import", str(bad), db=other)
    assert result.exit_code == 1 and "not JSON" in result.stderr


def test_ids_gone_from_the_catalogue_are_shown_and_kept(run, tmp_path):
    ok(run("learner", "add", "ana"))
    ok(run("skills", "add", "writing", "english"))
    ok(run("goals", "add", "content-strategist"))
    ok(run("done", "prompt-101", "seo-101"))
    changed = tmp_path / "changed"
    changed.mkdir()
    write_curriculum(changed, demo_catalogue(without=("prompt-101",)))
    listed = ok(run("done", curricula_path=changed))
    assert "no longer in the catalogue" in listed.stdout
    flags = {c["module"]: c["in_catalogue"] for c in data(run("done", "--json"))}
    assert flags == {"prompt-101": True, "seo-101": True}
    plan = run("plan", "--json", curricula_path=changed)
    assert "`prompt-101` is no longer in the catalogue" in plan.stderr
    assert "prompt-pro" in [m["id"] for m in data(plan)["modules"]]
    # back on the first catalogue, nothing was lost
    assert len(data(run("done", "--json"))) == 2


SEEDS = """\
    version: 1
    learners:
      - name: maya-writer
        email: maya@example.org
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


def test_db_upgrade_and_seed_twice(run, tmp_path):
    assert data(run("db", "upgrade", "--json"))["applied"] == list(range(1, LATEST_VERSION + 1))
    assert data(run("db", "upgrade", "--json"))["applied"] == []
    assert "up to date" in ok(run("db", "upgrade")).stderr
    seeds = tmp_path / "seeds.yaml"
    seeds.write_text(textwrap.dedent(SEEDS), encoding="utf-8")
    first = ok(run("db", "seed", str(seeds)))
    assert "Added 2 learners" in first.stderr
    snapshot = [data(run("--learner", n, "export")) for n in ("maya-writer", "dev-analyst")]
    assert data(run("db", "seed", str(seeds), "--json")) == {
        "added": [],
        "skipped": ["maya-writer", "dev-analyst"],
    }
    assert [data(run("--learner", n, "export")) for n in ("maya-writer", "dev-analyst")] == (
        snapshot
    )
    seeds.write_text(textwrap.dedent(SEEDS).replace("[sql]", "[sqll]"), encoding="utf-8")
    result = run("db", "seed", str(seeds))
    assert result.exit_code == 1 and "did you mean `sql`" in result.stderr


def test_the_default_database_is_created_in_the_user_data_folder(curricula, tmp_path, monkeypatch):
    for var in ("LEARNPATH_DATABASE_URL", "LEARNPATH_LEARNER", "LEARNPATH_CURRICULA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["--curricula", str(curricula), "learner", "add", "ana"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "learnpath" / "learnpath.db").is_file()


def test_the_bundled_demo_learners_seed_once_and_plan(database_url, monkeypatch):
    """The bundled seeds against the bundled catalogue: every id resolves, twice is a no-op."""
    for var in ("LEARNPATH_DATABASE_URL", "LEARNPATH_LEARNER", "LEARNPATH_CURRICULA"):
        monkeypatch.delenv(var, raising=False)

    def run(*args):
        return CliRunner().invoke(main, ["--db", database_url, *args])

    added = data(run("db", "seed", "--json"))["added"]
    assert len(added) >= 2
    assert data(run("db", "seed", "--json")) == {"added": [], "skipped": added}
    learners = data(run("learner", "list", "--json"))
    assert sorted(x["name"] for x in learners) == sorted(added)
    first = added[0]
    progress = data(run("--learner", first, "progress", "--json"))
    assert progress and all(0 <= p["percent"] <= 100 for p in progress)
