"""`learnpath curricula check|schema|graph` through Click's test runner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from learnpath.cli import main

GOOD = """
skills:
  - {id: writing, name: Writing}
  - {id: editing, name: Editing}
modules:
  - {id: edit-101, title: Editing, teaches: [editing], requires: [writing], hours: 4}
niches:
  - {id: editor, name: Editor, requires: [editing], resilience: 0.5}
"""


@pytest.fixture
def runner():
    return CliRunner()


def test_check_valid_file(runner, write_yaml):
    path = write_yaml(GOOD)
    result = runner.invoke(main, ["curricula", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 file, 2 skills, 1 module, 1 niche: 0 errors, 0 warnings" in result.stderr


def test_check_reports_located_errors_and_exits_1(runner, write_yaml):
    path = write_yaml(GOOD.replace("[writing]", "[writting]"))
    result = runner.invoke(main, ["curricula", "check", str(path)])
    assert result.exit_code == 1
    line = next(ln for ln in result.stderr.splitlines() if "error:" in ln)
    assert line.endswith(
        "error: unknown skill `writting` in `requires` of module `edit-101`; "
        "did you mean `writing`?"
    )
    assert line.startswith(f"{path}:5:67: ")
    assert "1 error" in result.stderr


def test_check_json(runner, write_yaml):
    path = write_yaml(GOOD.replace("hours: 4", "hours: 0"))
    result = runner.invoke(main, ["curricula", "check", "--json", str(path)])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)
    assert problem["line"] == 5 and problem["severity"] == "error"
    assert problem["message"] == "module `edit-101`: `hours` must be greater than 0 (got 0)"
    assert set(problem) == {"file", "line", "column", "severity", "message"}


def test_check_uses_global_curricula_option(runner, write_yaml):
    path = write_yaml(GOOD)
    result = runner.invoke(main, ["--curricula", str(path), "curricula", "check"])
    assert result.exit_code == 0 and "2 skills" in result.stderr


def test_check_env_var_with_several_paths(runner, write_yaml, tmp_path, monkeypatch):
    import os

    a = write_yaml(GOOD.split("modules:")[0], name="a/skills.yaml")
    b = write_yaml("modules:" + GOOD.split("modules:")[1], name="b/rest.yaml")
    monkeypatch.setenv("LEARNPATH_CURRICULA", f"{a.parent}{os.pathsep}{b.parent}")
    result = runner.invoke(main, ["curricula", "check"])
    assert result.exit_code == 0, result.stderr
    assert "2 files" in result.stderr


def test_schema_is_valid_draft7_and_accepts_a_real_file(runner, write_yaml):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    import yaml

    result = runner.invoke(main, ["curricula", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(GOOD))) == []
    bad = yaml.safe_load(GOOD.replace("hours: 4", "hours: -1").replace("teaches", "teachs"))
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("-1 is less than or equal to the minimum of 0" in m for m in messages)
    assert any("'teachs' was unexpected" in m for m in messages)


def test_graph_dot_and_json(runner, write_yaml):
    path = write_yaml(GOOD)
    dot = runner.invoke(main, ["--curricula", str(path), "curricula", "graph"])
    assert dot.exit_code == 0
    assert dot.stdout.startswith('digraph "learnpath" {')
    assert '"writing" -> "edit-101";' in dot.stdout and '"edit-101" -> "editing";' in dot.stdout
    # a module's label breaks its line before the hours: DOT's \n, not a literal backslash
    label = re.search(r'"edit-101" \[label="([^"]*)"', dot.stdout).group(1)
    assert label.endswith("\\n4 h") and "\\\\" not in label
    js = runner.invoke(
        main,
        ["--curricula", str(path), "curricula", "graph", "--format", "json", "--niche", "editor"],
    )
    data = json.loads(js.stdout)
    assert {n["id"] for n in data["nodes"]} == {"writing", "edit-101", "editing", "editor"}


def test_graph_unknown_niche_suggests(runner, write_yaml):
    path = write_yaml(GOOD)
    result = runner.invoke(
        main, ["--curricula", str(path), "curricula", "graph", "--niche", "edtor"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown niche `edtor` (did you mean `editor`?)" in result.stderr


def test_broken_catalogue_is_a_clean_error(runner, write_yaml):
    path = write_yaml(GOOD.replace("hours: 4", "hours: x"))
    result = runner.invoke(main, ["--curricula", str(path), "curricula", "graph"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "the curriculum has 1 error(s)" in result.stderr
    assert "`hours` must be a number" in result.stderr


def test_every_command_has_help_with_an_example(runner):
    for args in (["curricula", "check"], ["curricula", "schema"], ["curricula", "graph"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout
