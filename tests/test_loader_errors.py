"""Each kind of authoring mistake gets one precise, located message."""

from __future__ import annotations

import pytest

from learnpath.catalogue.loader import check_paths, load_catalogue
from learnpath.catalogue.problems import CurriculumError

VALID = """
curriculum:
  title: Test
  version: "1"
skills:
  - id: writing
    name: Writing
  - id: prompting
    name: Prompting
  - id: editing
    name: Editing
modules:
  - id: prompt-101
    title: Prompting 101
    teaches: [prompting]
    requires: [writing]
    hours: 6
  - id: edit-101
    title: Editing
    teaches: [editing]
    requires: [prompting]
    hours: 4
niches:
  - id: ai-editor
    name: AI-assisted editor
    requires: [editing]
    resilience: 0.6
"""


def problems_of(path, **kwargs):
    report = check_paths([path], **kwargs)
    return report, [(p.line, p.severity, p.message) for p in report.problems]


def only_error(path):
    report = check_paths([path])
    errors = report.errors
    assert len(errors) == 1, [str(p) for p in report.problems]
    return errors[0]


def test_valid_file_has_no_problems(write_yaml):
    report, problems = problems_of(write_yaml(VALID))
    assert problems == []
    assert report.summary() == "1 file, 3 skills, 2 modules, 1 niche: 0 errors, 0 warnings"
    cat = report.catalogue
    assert cat.modules["edit-101"].requires == ("prompting",)
    assert cat.modules["prompt-101"].location.line == 12


def test_yaml_syntax_error_is_located(write_yaml):
    path = write_yaml("skills:\n  - id: a\n    name: [unclosed\n")
    error = only_error(path)
    assert error.message.startswith("YAML syntax")
    assert error.file.endswith("course.yaml")
    assert error.line == 4


def test_unknown_field_suggests_the_closest(write_yaml):
    path = write_yaml(VALID.replace("    requires: [writing]", "    requries: [writing]"))
    error = only_error(path)
    assert (error.line, error.column) == (15, 5)
    assert "unknown field `requries`" in error.message
    assert "did you mean `requires`?" in error.message


def test_unknown_top_level_key(write_yaml):
    error = only_error(write_yaml(VALID + "nichess: []\n"))
    assert "unknown field `nichess` in top level; did you mean `niches`?" in error.message


def test_wrong_type_and_range(write_yaml):
    path = write_yaml(VALID.replace("hours: 6", "hours: -6").replace("hours: 4", 'hours: "4"'))
    report = check_paths([path])
    messages = {p.line: p.message for p in report.errors}
    assert messages[16] == "module `prompt-101`: `hours` must be greater than 0 (got -6)"
    assert messages[21] == (
        "module `edit-101`: `hours` must be a number, got the text '4'; remove the quotes: 4"
    )


def test_number_where_text_is_expected_says_to_quote(write_yaml):
    error = only_error(write_yaml(VALID.replace('version: "1"', "version: 2026.11")))
    assert error.line == 3
    assert 'quote it: "2026.11"' in error.message


def test_single_id_where_a_list_is_expected(write_yaml):
    error = only_error(write_yaml(VALID.replace("teaches: [editing]", "teaches: editing")))
    assert error.line == 19
    assert "`teaches` must be a list" in error.message and "write [editing]" in error.message


def test_resilience_out_of_range(write_yaml):
    error = only_error(write_yaml(VALID.replace("resilience: 0.6", "resilience: 1.6")))
    assert error.line == 26
    assert error.message == "niche `ai-editor`: `resilience` must be between 0 and 1 (got 1.6)"


def test_missing_required_field(write_yaml):
    error = only_error(write_yaml(VALID.replace("    hours: 4\n", "")))
    assert error.line == 17  # the module that lacks it
    assert error.message == "module `edit-101`: missing required field `hours`"


def test_malformed_id_with_a_suggestion(write_yaml):
    text = VALID.replace("id: editing\n", "id: Copy Editing\n").replace(
        "[editing]", "[copy-editing]"
    )
    report = check_paths([write_yaml(text)])
    first = report.errors[0]
    assert first.line == 9
    assert "malformed id 'Copy Editing'" in first.message
    assert "try `copy-editing`" in first.message


def test_unknown_reference_names_the_closest_id(write_yaml):
    error = only_error(write_yaml(VALID.replace("requires: [prompting]", "requires: [promting]")))
    assert (error.line, error.column) == (20, 16)
    assert error.message == (
        "unknown skill `promting` in `requires` of module `edit-101`; did you mean `prompting`?"
    )


def test_reference_to_a_module_instead_of_a_skill(write_yaml):
    error = only_error(write_yaml(VALID.replace("requires: [editing]", "requires: [edit-101]")))
    assert error.line == 25
    assert "names module `edit-101`, but only skills can be listed here" in error.message
    assert "`editing`" in error.message


def test_reference_to_a_niche_instead_of_a_skill(write_yaml):
    error = only_error(write_yaml(VALID.replace("requires: [writing]", "requires: [ai-editor]")))
    assert "names niche `ai-editor`" in error.message


def test_duplicate_ids_name_both_places(write_yaml, tmp_path):
    write_yaml(VALID, name="a.yaml")
    write_yaml("skills:\n  - id: writing\n    name: Writing again\n", name="b.yaml")
    report = check_paths([tmp_path])
    (error,) = report.errors
    assert error.file.endswith("b.yaml") and error.line == 2
    assert "duplicate id `writing`: already defined as a skill at" in error.message
    assert "a.yaml:5" in error.message


def test_duplicate_ids_across_kinds(write_yaml):
    error = only_error(write_yaml(VALID.replace("id: ai-editor", "id: editing")))
    assert "duplicate id `editing`: already defined as a skill" in error.message


def test_duplicate_key_in_one_mapping(write_yaml):
    error = only_error(write_yaml(VALID.replace("    hours: 4\n", "    hours: 4\n    hours: 5\n")))
    assert error.line == 22
    assert error.message.startswith("duplicate key `hours` (first at line 21)")


def test_cycle_names_every_id_on_it(write_yaml):
    text = VALID.replace("requires: [writing]", "requires: [editing]")
    error = only_error(write_yaml(text))
    assert error.message.startswith("prerequisite cycle:")
    for id_ in ("editing", "edit-101", "prompting", "prompt-101"):
        assert f"`{id_}`" in error.message
    assert error.line == 15


def test_module_teaching_what_it_requires(write_yaml):
    error = only_error(
        write_yaml(VALID.replace("teaches: [editing]", "teaches: [editing, prompting]"))
    )
    assert "both requires and teaches `prompting`" in error.message


def test_every_problem_is_reported_in_one_run_sorted(write_yaml, tmp_path):
    write_yaml(VALID.replace("requries", "").replace("hours: 6", "hours: 0"), name="a.yaml")
    write_yaml("skills:\n  - id: x\n    nme: X\n", name="b.yaml")
    report = check_paths([tmp_path])
    places = [(p.file.rsplit("/", 1)[-1], p.line) for p in report.problems]
    assert ("a.yaml", 16) in places and ("b.yaml", 2) in places and ("b.yaml", 3) in places
    assert places == sorted(places)


def test_warnings(write_yaml):
    text = VALID + "  - id: ai-writer\n    name: W\n    requires: [writing]\n    resilience: 0.5\n"
    text = text.replace("  - id: editing\n", "  - id: unused\n    name: U\n  - id: editing\n")
    report, problems = problems_of(write_yaml(text))
    assert report.ok
    messages = [m for _, severity, m in problems if severity == "warning"]
    assert "skill `unused` is not required by any module or niche" in messages
    assert any("requires entry skill `writing`" in m for m in messages)


def test_redundant_prerequisite_warning(write_yaml):
    text = VALID.replace("requires: [prompting]", "requires: [prompting, writing]")
    report = check_paths([write_yaml(text)])
    (warning,) = report.warnings
    assert warning.line == 20
    assert "requires `writing`, which `prompting` already needs on every route" in warning.message


def test_load_catalogue_raises_with_every_error(write_yaml):
    path = write_yaml(VALID.replace("hours: 6", "hours: 0").replace("[editing]", "[edting]"))
    with pytest.raises(CurriculumError) as info:
        load_catalogue([path])
    assert [p.line for p in info.value.problems] == [16, 19, 25]
    assert "3 error(s)" in str(info.value)


def test_missing_path_is_reported(tmp_path):
    report = check_paths([tmp_path / "nope"])
    assert [p.message for p in report.errors] == ["no such file or folder"]


def test_catalogue_spread_over_folders(write_yaml, tmp_path):
    write_yaml(VALID.split("modules:")[0], name="one/skills.yaml")
    write_yaml("modules:" + VALID.split("modules:")[1], name="two/rest.yml")
    catalogue = load_catalogue([tmp_path / "one", tmp_path / "two"])
    assert sorted(catalogue.modules) == ["edit-101", "prompt-101"]
    assert catalogue.teachers["editing"] == ("edit-101",)
