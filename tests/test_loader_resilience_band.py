"""Niches' optional `resilience_band` and `automation_risk`: carried, described, and checked."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.catalogue.loader import check_paths
from learnpath.catalogue.schema import json_schema

NICHE = """\
skills:
  - id: editing
    name: Editing
niches:
  - id: ai-editor
    name: AI-assisted editor
    requires: [editing]
    resilience: {resilience}
{extra}"""
BAND_LINE = 9  # the line after `resilience:`


def _write(tmp_path, resilience="0.3", extra=""):
    path = tmp_path / "niche.yaml"
    path.write_text(NICHE.format(resilience=resilience, extra=extra), encoding="utf-8")
    return path


def test_band_and_risk_are_carried_and_absent_as_none(tmp_path):
    with_figures = _write(
        tmp_path, extra="    resilience_band: [0.2, 0.4]\n    automation_risk: 0.7\n"
    )
    niche = check_paths([with_figures]).catalogue.niches["ai-editor"]
    assert (niche.resilience_low, niche.resilience_high, niche.automation_risk) == (0.2, 0.4, 0.7)
    plain = check_paths([_write(tmp_path)]).catalogue.niches["ai-editor"]
    assert (plain.resilience_low, plain.resilience_high, plain.automation_risk) == (None,) * 3


def test_a_band_that_misses_the_score_is_located_with_a_fix(tmp_path):
    path = _write(tmp_path, resilience="0.5", extra="    resilience_band: [0.2, 0.4]\n")
    report = check_paths([path])
    (error,) = report.errors
    assert (error.file, error.line) == (str(path), BAND_LINE)
    assert "`resilience_band` [0.2, 0.4] must contain `resilience` 0.5" in error.message
    assert "raise high to at least 0.5" in error.message
    assert "ai-editor" not in report.catalogue.niches


def test_a_reversed_band_says_to_swap(tmp_path):
    (error,) = check_paths([_write(tmp_path, extra="    resilience_band: [0.4, 0.2]\n")]).errors
    assert error.line == BAND_LINE
    assert error.message.endswith("must be [low, high] with low <= high; write [0.2, 0.4]")


def test_a_band_of_the_wrong_shape_or_range(tmp_path):
    (short,) = check_paths([_write(tmp_path, extra="    resilience_band: [0.2]\n")]).errors
    assert short.line == BAND_LINE
    assert short.message == (
        "niche `ai-editor`: `resilience_band` must be two numbers: [low, high]"
    )
    (risk,) = check_paths([_write(tmp_path, extra="    automation_risk: 1.4\n")]).errors
    assert risk.line == BAND_LINE
    assert risk.message == "niche `ai-editor`: `automation_risk` must be between 0 and 1 (got 1.4)"


def test_json_schema_describes_both_fields(tmp_path):
    niche = json_schema()["properties"]["niches"]["items"]["properties"]
    band = niche["resilience_band"]
    assert (band["minItems"], band["maxItems"]) == (2, 2)
    assert (band["items"]["minimum"], band["items"]["maximum"]) == (0, 1)
    assert (niche["automation_risk"]["minimum"], niche["automation_risk"]["maximum"]) == (0, 1)
    document = {
        "niches": [
            {
                "id": "n",
                "name": "N",
                "requires": ["s"],
                "resilience": 0.3,
                "resilience_band": [0.2, 0.4],
                "automation_risk": 0.7,
            }
        ]
    }
    jsonschema.validate(document, json_schema())
    document["niches"][0]["resilience_band"] = [0.2, 0.4, 0.6]
    assert not jsonschema.Draft7Validator(json_schema()).is_valid(document)


hundredths = st.integers(-20, 120).map(lambda k: k / 100)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(resilience=hundredths, low=hundredths, high=hundredths)
def test_the_loader_accepts_exactly_the_bands_that_hold_the_score(tmp_path, resilience, low, high):
    extra = f"    resilience_band: {json.dumps([low, high])}\n"
    report = check_paths([_write(tmp_path, json.dumps(resilience), extra)])
    valid_score = 0 <= resilience <= 1
    holds = 0 <= low <= resilience <= high <= 1
    assert (report.errors == []) == (valid_score and holds), [str(p) for p in report.problems]
    if valid_score and not holds:
        assert {p.line for p in report.errors} == {BAND_LINE}
        message = " ".join(p.message for p in report.errors)
        assert "resilience_band" in message
        assert any(
            fix in message for fix in ("between 0 and 1", "write [", "raise high", "lower low")
        ), message
    if report.errors == []:
        niche = report.catalogue.niches["ai-editor"]
        assert niche.resilience_low <= niche.resilience <= niche.resilience_high
