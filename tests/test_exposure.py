"""The exposure of the work a learner does now (learnpath.exposure), from the shipped table."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from learnpath.catalogue.loader import check_paths
from learnpath.errors import UnknownIdError
from learnpath.exposure import (
    ESCO_PREFIX,
    SOURCES,
    combine,
    occupation_exposure,
    occupation_table,
    soc_code,
)

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(__file__).parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def catalogue():
    return check_paths([REPO / "curricula"]).catalogue


def test_a_soc_code_in_either_form_gives_the_row_scored_like_a_niche():
    short, onet = occupation_exposure("27-3042"), occupation_exposure(" 27-3042.00 ")
    assert short == onet
    row = occupation_table()["27-3042"]
    assert (short.code, short.title, short.occupations) == (
        "27-3042",
        "Technical Writers",
        ("27-3042",),
    )
    score = combine([row])
    assert (short.resilience, short.resilience_low, short.resilience_high) == score[:3]
    assert short.resilience_low <= short.resilience <= short.resilience_high
    assert short.automation_risk == round(row.automation_risk, 2)
    assert SOURCES["gpt4"] in short.sources and SOURCES["copilot"] in short.sources
    assert SOURCES["automation"] in short.sources


def test_a_one_occupation_niche_has_exactly_its_occupations_exposure(catalogue):
    niche = catalogue.niches["technical-documentation-writer"]
    assert [c for c in niche.occupations if soc_code(c)] == ["27-3042"]
    work = occupation_exposure("27-3042")
    assert (niche.resilience, niche.resilience_low, niche.resilience_high) == (
        work.resilience,
        work.resilience_low,
        work.resilience_high,
    )
    assert niche.automation_risk == work.automation_risk


def test_every_bundled_niche_is_the_table_combined_over_its_codes(catalogue):
    table = occupation_table()
    for niche in catalogue.niches.values():
        score = combine([table[soc_code(c)] for c in niche.occupations if soc_code(c)])
        stored = (niche.resilience, niche.resilience_low, niche.resilience_high)
        assert stored == score[:3], niche.id
        assert niche.automation_risk == score.automation_risk, niche.id


def test_an_esco_uri_gives_the_exposure_of_the_soc_occupations_it_maps_to():
    table = occupation_table()
    uri = table["27-3042"].esco[0] if table["27-3042"].esco else table["43-9081"].esco[0]
    exposure = occupation_exposure(uri)
    assert exposure.code == uri
    assert set(exposure.occupations) == {s for s, row in table.items() if uri in row.esco}
    assert SOURCES["esco"] in exposure.sources
    again = occupation_exposure(
        uri.replace("http://", "https://").upper().replace("HTTPS", "https")
    )
    assert again.occupations == exposure.occupations


def test_an_esco_uri_matches_the_published_mapping():
    path = SHARED_DATA / "ai-exposure" / "nesta_mcc_risk_all_occupations.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found (../shared/data is absent)")
    with path.open(encoding="utf-8") as fh:
        proofreader = next(r for r in csv.DictReader(fh) if r["occupation"] == "proofreader")
    assert proofreader["onet_code"] == "43-9081.00"
    exposure = occupation_exposure(proofreader["concept_uri"])
    assert exposure.occupations == ("43-9081",)
    assert exposure.title == "Proofreaders and Copy Markers"


def test_a_niche_id_uses_the_niche_figures_and_its_sources(catalogue):
    niche = catalogue.niches["ghostwriter"]
    exposure = occupation_exposure("ghostwriter", catalogue)
    assert (exposure.code, exposure.title) == ("ghostwriter", niche.name)
    assert (exposure.resilience, exposure.resilience_low, exposure.resilience_high) == (
        niche.resilience,
        niche.resilience_low,
        niche.resilience_high,
    )
    assert exposure.automation_risk == niche.automation_risk
    assert exposure.sources == niche.sources
    assert exposure.occupations == tuple(c for c in niche.occupations if soc_code(c))


def test_a_niche_without_a_band_is_computed_from_its_codes(write_yaml):
    path = write_yaml(
        "skills:\n  - id: a\n    name: A\n"
        "niches:\n  - id: n\n    name: N\n    requires: [a]\n    resilience: 0.5\n"
        '    occupations: ["27-3042"]\n'
    )
    exposure = occupation_exposure("n", check_paths([path]).catalogue)
    work = occupation_exposure("27-3042")
    assert (exposure.resilience, exposure.resilience_low) == (work.resilience, work.resilience_low)
    assert exposure.title == "N"


def test_unknown_codes_name_the_nearest_known_ones(catalogue):
    with pytest.raises(UnknownIdError) as soc:
        occupation_exposure("27-3049")
    (near,) = soc.value.unknown.values()
    assert near and all(c.startswith("27-304") and c in occupation_table() for c in near)
    assert "did you mean `27-3043`" in str(soc.value)

    with pytest.raises(UnknownIdError) as niche:
        occupation_exposure("ghostwritter", catalogue)
    assert niche.value.unknown["ghostwritter"][0] == "ghostwriter"

    with pytest.raises(UnknownIdError, match="unknown occupation or niche `ghostwriter`"):
        occupation_exposure("ghostwriter")  # a niche id needs the catalogue

    with pytest.raises(UnknownIdError, match="unknown ESCO occupation") as esco:
        occupation_exposure(ESCO_PREFIX + "00000000-0000-0000-0000-000000000000")
    assert esco.value.kind == "ESCO occupation"


def test_the_table_is_read_only_when_first_asked_for():
    code = (
        "import sys, learnpath.exposure as x\n"
        "before = x.occupation_table.cache_info().currsize\n"
        "x.occupation_exposure('15-1252')\n"
        "print(before, x.occupation_table.cache_info().currsize)\n"
        "import learnpath.cli\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "1"]
    startup = subprocess.run(
        [
            sys.executable,
            "-c",
            "import learnpath.cli, sys; print('learnpath.exposure' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert startup.stdout.strip() == "False"


def test_the_shipped_table_is_derived_figures_only():
    folder = REPO / "curricula" / "exposure"
    assert {p.name for p in folder.iterdir()} >= {"occupations.csv", "NOTICE.md"}
    assert not list(folder.glob("*.y*ml"))
    for name in ("onet", "eloundou", "tomlinson", "nesta", "esco"):
        assert all(name not in p.name.lower() for p in folder.iterdir())
    notice = (folder / "NOTICE.md").read_text(encoding="utf-8")
    for cited in (
        "GPTs are GPTs",
        "Working with AI",
        "Mapping Career Causeways",
        "O*NET 29.2",
        "ESCO",
    ):
        assert cited in notice
    with (folder / "occupations.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 700
    for row in rows:
        assert (
            0
            <= float(row["resilience_low"])
            <= float(row["resilience"])
            <= float(row["resilience_high"])
            <= 1
        )
        assert row["automation_risk"] == "" or 0 <= float(row["automation_risk"]) <= 1
        assert all(u.startswith(ESCO_PREFIX) for u in row["esco"].split())
