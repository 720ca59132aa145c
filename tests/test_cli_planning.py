"""``learnpath path``, ``niches`` and ``schedule`` as a user runs them (Click CliRunner)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from learnpath.cli import main

CURRICULUM = """
skills:
  - {id: excel, name: Excel}
  - {id: licence, name: Auditor licence}
  - {id: sql, name: SQL}
  - {id: python, name: Python}
  - {id: dashboards, name: Dashboards}
  - {id: stats, name: Statistics}
  - {id: storytelling, name: Data storytelling}
modules:
  - {id: sql-bootcamp, title: SQL bootcamp, teaches: [sql], requires: [excel], hours: 8,
     cost: 200, url: "https://example.org/sql", checked: "2026-11"}
  - {id: sql-free, title: SQL for free, teaches: [sql], requires: [excel], hours: 12}
  - {id: python-101, title: Python 101, teaches: [python], hours: 20}
  - {id: dashboard-design, title: Dashboard design, teaches: [dashboards], requires: [sql],
     hours: 6}
  - {id: stats-basics, title: "Statistics [basics]", teaches: [stats], hours: 10}
  - {id: data-stories, title: Data stories, teaches: [storytelling],
     requires: [dashboards, stats], hours: 4}
  - {id: audit, title: Audit practice, teaches: [stats], requires: [licence], hours: 3}
niches:
  - id: ai-data-analyst
    name: AI data analyst
    requires: [dashboards, storytelling]
    resilience: 0.7
    rationale: Judgement about which numbers matter stays human.
  - id: bi-developer
    name: BI developer
    requires: [dashboards, python]
    resilience: 0.6
    rationale: Someone has to own the data model.
  - id: auditor
    name: Auditor
    requires: [stats, licence]
    resilience: 0.9
    rationale: Signing off carries legal responsibility.
"""

JSON_KEYS = {"targets", "total_hours", "total_cost", "optimal", "lower_bound", "modules", "missing"}
MODULE_KEYS = {"id", "title", "hours", "cost", "teaches", "requires", "why"}


@pytest.fixture
def run(write_yaml):
    folder = write_yaml(CURRICULUM, "analytics/data.yaml").parent

    def invoke(*args: str):
        return CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--curricula", str(folder), *args])

    return invoke


def test_path_table_shows_order_hours_running_total_and_why(run):
    result = run("path", "--have", "excel", "--target", "ai-data-analyst")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("SQL bootcamp") < out.index("Dashboard design") < out.index("Data stories")
    # why in names (a chain this short is shown whole), and where to take each module
    assert "Teaches “SQL”, which “Dashboard design” needs, which the niche “AI data" in out
    assert "needed by" not in out
    assert "Example Academy: https://example.org/sql" in out or "https://example.org/sql" in out
    assert "generic: find or run a local equivalent" in out
    assert "28" in out and "optimal" in out
    assert "Statistics [basics]" in out  # titles are shown literally
    assert result.stderr == ""


def test_path_json_has_the_documented_shape(run):
    result = run("path", "--have", "excel", "-t", "ai-data-analyst", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= JSON_KEYS
    assert data["targets"] == ["ai-data-analyst"]
    assert data["total_hours"] == 28 and data["total_cost"] == 200
    assert data["optimal"] is True and data["lower_bound"] == 28 and data["missing"] == []
    assert [m["id"] for m in data["modules"]] == [
        "sql-bootcamp",
        "dashboard-design",
        "stats-basics",
        "data-stories",
    ]
    for m in data["modules"]:
        assert set(m) >= MODULE_KEYS and m["why"].startswith("teaches ")
    assert run("path", "--have", "excel", "-t", "ai-data-analyst", "--format", "json").stdout == (
        result.stdout
    )


def test_path_minimize_cost_and_done_modules(run):
    data = json.loads(
        run(
            "path", "--have", "excel", "-t", "ai-data-analyst", "--minimize", "cost", "--json"
        ).stdout
    )
    assert data["total_cost"] == 0 and "sql-free" in [m["id"] for m in data["modules"]]
    data = json.loads(
        run(
            "path",
            "--have",
            "excel",
            "-t",
            "ai-data-analyst",
            "--done",
            "sql-free,stats-basics",
            "--json",
        ).stdout
    )
    assert [m["id"] for m in data["modules"]] == ["dashboard-design", "data-stories"]


def test_path_several_targets_say_what_each_adds(run):
    result = run("path", "--have", "excel,sql", "-t", "bi-developer", "-t", "ai-data-analyst")
    assert result.exit_code == 0
    assert "niche bi-developer adds 20 h ($0): the modules only it needs" in result.stdout
    assert "niche ai-data-analyst adds 14 h" in result.stdout
    data = json.loads(
        run(
            "path", "--have", "excel,sql", "-t", "bi-developer", "-t", "ai-data-analyst", "--json"
        ).stdout
    )
    assert data["total_hours"] == 40
    extra = {t["target"]: t["extra_hours"] for t in data["per_target"]}
    assert extra == {"bi-developer": 20, "ai-data-analyst": 14}


def test_path_markdown_and_dot(run):
    md = run("path", "--have", "excel", "-t", "ai-data-analyst", "--format", "markdown")
    assert md.exit_code == 0
    assert md.stdout.startswith("# Learning plan: niche ai-data-analyst")
    assert "| 1 | [SQL bootcamp](https://example.org/sql) (`sql-bootcamp`) | 8 | 8 |" in md.stdout
    assert "Statistics [basics]" in md.stdout
    dot = run("path", "--have", "excel", "-t", "ai-data-analyst", "--format", "dot")
    assert dot.exit_code == 0 and dot.stdout.startswith("digraph plan {")
    assert '"module:sql-bootcamp" -> "module:dashboard-design" [label="sql"];' in dot.stdout
    assert '"module:data-stories" -> "target:ai-data-analyst"' in dot.stdout
    assert dot.stdout.rstrip().endswith("}")
    # one line break in the label (DOT's \n), not a literal backslash
    assert '"module:sql-bootcamp" [label="1. SQL bootcamp\\n8 h"];' in dot.stdout
    assert "\\\\n" not in dot.stdout


def test_json_and_another_format_is_a_usage_error(run):
    result = run("path", "-t", "sql", "--json", "--format", "markdown")
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.parametrize(
    "args, hint",
    [
        (["path", "--have", "exel", "-t", "sql"], "unknown skill `exel` (did you mean `excel`?)"),
        (["path", "-t", "ai-data-analist"], "unknown target `ai-data-analist` (did you mean"),
        (["path", "-t", "sql", "--done", "sql-bootcmp"], "did you mean `sql-bootcamp`"),
        (["niches", "--have", "pyhton"], "did you mean `python`"),
        (["schedule", "-t", "sqll", "--hours-per-week", "5"], "did you mean `sql`"),
        (["path", "-t", "sql-free"], "is a module, not a target"),
    ],
)
def test_unknown_ids_exit_1_with_suggestions_and_nothing_on_stdout(run, args, hint):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert hint in result.stderr


def test_unreachable_target_exits_0_with_missing_and_a_clear_sentence(run):
    result = run("path", "-t", "auditor", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["missing"] == ["licence"]
    assert [m["id"] for m in data["modules"]] == ["audit"]
    assert data["unreachable_targets"] == ["auditor"]
    assert "Cannot reach niche auditor" in result.stderr
    assert "--have licence" in result.stderr
    table = run("path", "-t", "auditor")
    assert table.exit_code == 0 and "first get: licence" in table.stdout


def test_niches_ranked_table_and_json(run):
    table = run("niches", "--have", "excel", "--sort", "pareto")
    assert table.exit_code == 0
    out = table.stdout
    assert out.index("auditor") < out.index("ai-data-analyst") < out.index("bi-developer")
    assert "Pareto" in out and "licence" in out
    data = json.loads(run("niches", "--have", "excel", "--sort", "pareto", "--json").stdout)
    assert [n["id"] for n in data] == ["auditor", "ai-data-analyst", "bi-developer"]
    first = data[1]
    assert {"id", "name", "resilience", "hours_to_ready", "missing"} <= set(first)
    assert first["hours_to_ready"] == 28 and first["pareto"] is True
    quickest = json.loads(run("niches", "--have", "excel", "--sort", "hours", "--json").stdout)
    assert [n["id"] for n in quickest][0] == "ai-data-analyst"


def test_niches_default_to_the_personal_order_explained_above_the_table(run):
    from learnpath.planning.fit import ORDER

    table = run("niches", "--have", "excel,licence,sql,stats")
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith(ORDER)
    assert "fit" in table.stdout and "resilience (band)" in table.stdout
    rows = json.loads(run("niches", "--have", "excel,licence,sql,stats", "--json").stdout)
    # the auditor is ready (fit 1); SQL and statistics save 11 of the analyst's 21 hours
    # from scratch and 8 of the BI developer's 34
    assert [(r["id"], r["fit"]) for r in rows] == [
        ("auditor", 1.0),
        ("ai-data-analyst", 0.524),
        ("bi-developer", 0.235),
    ]
    assert {"fit", "resilience_low", "resilience_high", "automation_risk"} <= set(rows[0])
    # lacking the licence (an entry skill) puts the auditor last, whatever its resilience
    rows = json.loads(run("niches", "--have", "excel", "--json").stdout)
    assert [r["id"] for r in rows] == ["ai-data-analyst", "bi-developer", "auditor"]


def test_schedule_dates_and_stable_ics(run, tmp_path):
    ics = tmp_path / "plan.ics"
    args = ["schedule", "--have", "excel", "-t", "ai-data-analyst", "--start", "2026-01-05"]
    result = run(*args, "--hours-per-week", "7", "--ics", str(ics), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["modules"][0]
    assert (first["id"], first["start"], first["end"]) == (
        "sql-bootcamp",
        "2026-01-05",
        "2026-01-12",
    )
    assert data["end"] == "2026-02-01"  # 28 h at 1 h a day
    assert "Wrote the study sessions of 4 modules" in result.stderr
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    # 7 h a week, every day: one-hour sessions from 19:00
    assert [str(e["summary"]) for e in events][0] == "SQL bootcamp (session 1 of 8)"
    assert events[0]["dtstart"].dt == dt.datetime(2026, 1, 5, 19, 0)
    assert events[0]["dtend"].dt == dt.datetime(2026, 1, 5, 20, 0)
    description = str(events[0]["description"])
    assert "Why: Teaches “SQL”, which “Dashboard design” needs, which the niche “AI data" in (
        description
    )
    assert "https://example.org/sql" in description
    generic = [e for e in events if "generic: find or run a local equivalent" in e["description"]]
    assert generic and all("url" not in e for e in generic)
    uids = [str(e["uid"]) for e in events]
    # a re-export at another pace moves the sessions both have (same UIDs), adds no others
    run(*args, "--hours-per-week", "14", "--days", "mon,thu", "--time", "18:30", "--ics", str(ics))
    again = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert {str(e["uid"]) for e in again} < set(uids)
    assert again[0]["dtstart"].dt == dt.datetime(2026, 1, 5, 18, 30)
    assert again[0]["dtend"].dt == dt.datetime(2026, 1, 6, 1, 30)  # 7-hour sessions
    assert again[-1]["dtend"].dt < events[-1]["dtend"].dt


def test_schedule_table_and_ics_on_stdout(run):
    table = run(
        "schedule", "-t", "sql", "--have", "excel", "--hours-per-week", "4", "--start", "2026-03-02"
    )
    assert table.exit_code == 0 and "2026-03-02" in table.stdout and "sql-bootcamp" in table.stdout
    ics = run("schedule", "-t", "sql", "--have", "excel", "--hours-per-week", "4", "--ics", "-")
    assert ics.exit_code == 0 and ics.stdout.startswith("BEGIN:VCALENDAR")


def test_schedule_rejects_a_pace_of_zero(run):
    result = run("schedule", "-t", "sql", "--hours-per-week", "0")
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.parametrize("command", ["path", "niches", "schedule"])
def test_every_command_help_has_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"learnpath {command} " in result.stdout


def test_json_on_a_real_stdout_stays_parseable_when_the_solver_runs(write_yaml):
    """The solver library must not print anything (e.g. a banner) onto a real stdout."""
    import subprocess
    import sys

    folder = write_yaml(CURRICULUM, "analytics/data.yaml").parent
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "learnpath",
            "--curricula",
            str(folder),
            "path",
            "--have",
            "excel",
            "-t",
            "ai-data-analyst",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_hours"] == 28  # SQL had two teachers: solved


def test_schedule_ics_into_a_missing_folder_is_a_clean_error(run, tmp_path):
    target = tmp_path / "no-such-folder" / "plan.ics"
    result = run(
        "schedule", "-t", "sql", "--have", "excel", "--hours-per-week", "4", "--ics", str(target)
    )
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_a_target_only_declarable_never_looks_like_success(run):
    result = run("path", "-t", "licence")
    assert result.exit_code == 0
    assert "NOT READY: also needs licence" in result.stdout
    assert "Cannot reach skill licence" in result.stderr
    md = run("path", "-t", "licence", "--format", "markdown").stdout
    assert "**Missing entry skills**" in md and "`licence`" in md


def test_a_plan_cut_short_by_the_time_limit_says_so(write_yaml):
    """A set-cover-like catalogue the solver cannot finish in the time given."""
    import random

    rng = random.Random(7)
    skills = [f"s{i:03d}" for i in range(120)]
    lines = ["skills:"] + [f"  - {{id: {s}, name: {s}}}" for s in skills] + ["modules:"]
    for i in range(400):
        teaches = ", ".join(sorted(rng.sample(skills, 8)))
        lines.append(
            f"  - {{id: m{i:03d}, title: M{i}, teaches: [{teaches}], hours: {rng.randint(5, 40)}}}"
        )
    lines += [
        "niches:",
        f"  - {{id: all, name: All, requires: [{', '.join(skills)}], resilience: 0.5,",
        "     rationale: Everything.}",
    ]
    folder = write_yaml("\n".join(lines) + "\n", "cover/c.yaml").parent
    result = CliRunner().invoke(
        main, ["--curricula", str(folder), "path", "-t", "all", "--time-limit", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["optimal"] is False and 0 < data["lower_bound"] < data["total_hours"]
    assert "hit its time limit" in result.stderr and "takes less than" in result.stderr


def test_lazy_command_table_matches_what_the_modules_register():
    """Sub-commands load lazily from learnpath.cli.COMMAND_MODULES: the table names every
    command the modules register (and no other), and help lists them all."""
    import importlib

    from click.testing import CliRunner

    from learnpath import cli

    for module in {m for ms in cli.COMMAND_MODULES.values() for m in ms}:
        importlib.import_module(f"learnpath.cli.{module}")
    assert set(cli.main.commands) == set(cli.COMMAND_MODULES)
    result = CliRunner().invoke(cli.main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    for name in cli.COMMAND_MODULES:
        assert f"  {name} " in listed, name


def test_path_loads_only_the_planner_commands(tmp_path):
    """`learnpath path` imports no other command module (start-up time)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from learnpath.cli import main\n"
        "try:\n"
        "    main(['path', '--have', 'computer-literacy', '--target', 'written-english',"
        " '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('learnpath.cli.'))\n"
        "print(','.join(loaded), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "LEARNPATH_CACHE_DIR": str(tmp_path)},
    )
    loaded = out.stderr.strip().splitlines()[-1].split(",")
    assert loaded == ["learnpath.cli.context", "learnpath.cli.limits", "learnpath.cli.planning"]
