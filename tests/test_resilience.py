"""The resilience derivation (curricula/tools/derive_resilience.py) against the published data.

Every test here reads ``../shared/data`` beside the checkout and skips when it is absent.
"""

from __future__ import annotations

import bisect
import csv
import importlib.util
import shutil
import statistics
import sys
from pathlib import Path

import pytest

from learnpath.catalogue.loader import check_paths

REPO = Path(__file__).resolve().parents[1]
CURRICULA = REPO / "curricula"
SHARED_DATA = Path(__file__).parents[1].parent / "shared" / "data"
SERIES = ("gpt4", "human", "copilot")


@pytest.fixture(scope="module")
def data() -> Path:
    if not (SHARED_DATA / "ai-exposure").is_dir() or not (SHARED_DATA / "onet").is_dir():
        pytest.skip(
            f"exposure and O*NET data not found at {SHARED_DATA} (../shared/data is absent)"
        )
    return SHARED_DATA


@pytest.fixture(scope="module")
def derive():
    """The maintainer script, imported from its path (curricula/tools is not a package)."""
    name = "learnpath_derive_resilience"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, CURRICULA / "tools" / "derive_resilience.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it executes
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def results(derive, data):
    return derive.derive(CURRICULA, data)


@pytest.fixture(scope="module")
def catalogue():
    report = check_paths([CURRICULA])
    assert report.catalogue is not None, [str(p) for p in report.errors]
    return report.catalogue


def _copy_data(data: Path, target: Path) -> Path:
    """The files the derivation reads, copied to a scratch folder to be altered there."""
    for folder, name in [
        ("ai-exposure", "eloundou_occ_level.csv"),
        ("ai-exposure", "tomlinson_soc_ai_applicability_scores.csv"),
        ("ai-exposure", "nesta_mcc_risk_all_occupations.csv"),
        ("onet", "occupation_data.csv"),
    ]:
        (target / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(data / folder / name, target / folder / name)
    return target


def _rewrite_column(path: Path, column: str, change) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row[column] = repr(change(float(row[column])))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------- re-derivable


def test_bundled_niches_and_the_shipped_table_rederive(derive, data, capsys):
    assert derive.main(["--check", "--data", str(data)]) == 0
    assert "match the derivation" in capsys.readouterr().err


def test_check_fails_on_a_stale_table_and_write_repairs_it(derive, data, tmp_path, capsys):
    folder = tmp_path / "curricula"
    shutil.copytree(CURRICULA, folder, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    table = folder / "exposure" / "occupations.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("Technical Writers,0.03", "Technical Writers,0.33"), "utf-8")
    args = ["--data", str(data), "--curricula", str(folder)]
    assert derive.main(["--check", *args]) == 1
    assert "occupations.csv differs" in capsys.readouterr().err
    assert derive.main(["--write", *args]) == 0
    assert table.read_text(encoding="utf-8") == text
    assert derive.main(["--check", *args]) == 0


def test_write_touches_only_the_derived_lines(derive, data, tmp_path):
    folder = tmp_path / "curricula"
    shutil.copytree(CURRICULA, folder, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    originals = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    damaged = 0
    for path in folder.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out = []
        for line in lines:
            key = line.strip().split(":")[0]
            if key == "resilience":
                out.append(line.split(":")[0] + ": 0.99\n")
                damaged += 1
            elif key == "resilience_band" and damaged % 2:
                continue  # dropped: --write must put it back where it was
            elif key == "automation_risk":
                out.append(line.split(":")[0] + ": 0.01\n")
            else:
                out.append(line)
        path.write_text("".join(out), encoding="utf-8")
    assert damaged >= 30
    args = ["--data", str(data), "--curricula", str(folder)]
    assert derive.main(["--check", *args]) == 1
    assert derive.main(["--write", *args]) == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")} == originals


def test_a_niche_that_does_not_exist_yet_is_scored(derive, data, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "va.yaml").write_text(
        "skills:\n  - id: scheduling\n    name: Scheduling\n"
        "niches:\n  - id: virtual-assistant\n    name: AI-augmented virtual assistant\n"
        "    requires: [scheduling]\n    resilience: 0.5\n"
        '    occupations: ["43-6014", "43-9021.00", "http://data.europa.eu/esco/occupation/x"]\n',
        encoding="utf-8",
    )
    args = ["--data", str(data), "--curricula", str(folder)]
    assert derive.main(["--write", *args]) == 0
    assert derive.main(["--check", *args]) == 0
    niche = check_paths([folder]).catalogue.niches["virtual-assistant"]
    table = derive.build_table(data)
    expected = derive.exposure.combine([table["43-6014"], table["43-9021"]])
    assert (niche.resilience, niche.resilience_low, niche.resilience_high) == expected[:3]
    assert niche.automation_risk == expected.automation_risk


def test_an_occupation_no_source_rates_is_refused_with_the_nearest(derive, data, tmp_path):
    (tmp_path / "x.yaml").write_text(
        "niches:\n  - id: x\n    name: X\n    requires: [a]\n    resilience: 0.5\n"
        '    occupations: ["27-3049"]\n',
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match=r"x.yaml: niche x: no exposure figures for 27-3049 "):
        derive.derive(tmp_path, data)


# ---------------------------------------------------------------- one footing, bands


def test_every_niche_is_scored_on_the_same_three_series(results, derive):
    assert len(results) >= 50
    assert derive.SERIES == SERIES
    for r in results:
        assert set(r.series) == set(SERIES), r.niche
        assert r.occupations and all(len(c) == 7 for c in r.occupations), r.niche
    table = derive.build_table(SHARED_DATA)
    assert all(len(row.series) == 3 for row in table.values())


def _independent_series(data: Path) -> dict[str, dict[str, float]]:
    """Per SOC code and series, resilience computed straight from the files (oracle)."""
    eloundou: dict[str, list[dict]] = {}
    with (data / "ai-exposure" / "eloundou_occ_level.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            eloundou.setdefault(row["O*NET-SOC Code"].split(".")[0], []).append(row)
    with (data / "ai-exposure" / "tomlinson_soc_ai_applicability_scores.csv").open() as fh:
        copilot = {r["SOC Code"]: float(r["ai_applicability_score"]) for r in csv.DictReader(fh)}
    raw = {
        "gpt4": {
            c: sum(float(r["dv_rating_beta"]) for r in rs) / len(rs) for c, rs in eloundou.items()
        },
        "human": {
            c: sum(float(r["human_rating_beta"]) for r in rs) / len(rs)
            for c, rs in eloundou.items()
        },
        "copilot": copilot,
    }
    out: dict[str, dict[str, float]] = {}
    for name, values in raw.items():
        ordered = sorted(values.values())

        def resilience(code: str, values=values, ordered=ordered) -> float:
            value = values.get(code)
            if value is None:  # the broad group XX-XXXx
                value = statistics.fmean(v for c, v in values.items() if c[:6] == code[:6])
            return round(1 - bisect.bisect_right(ordered, value) / len(ordered), 4)

        out[name] = _Lazy(resilience)
    return out


class _Lazy(dict):
    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, code):
        self[code] = self.compute(code)
        return self[code]


def test_scores_and_bands_match_an_independent_computation(results, data, catalogue):
    series = _independent_series(data)
    weights = {"gpt4": 0.25, "human": 0.25, "copilot": 0.5}
    for r in results:
        means = {s: statistics.fmean(series[s][c] for c in r.occupations) for s in SERIES}
        niche = catalogue.niches[r.niche]
        assert niche.resilience_low == round(min(means.values()), 2), r.niche
        assert niche.resilience_high == round(max(means.values()), 2), r.niche
        central = round(sum(weights[s] * means[s] for s in SERIES), 2)
        assert niche.resilience == central, r.niche


def test_every_band_contains_its_score_and_the_spread_is_real(catalogue):
    widths = []
    for niche in catalogue.niches.values():
        assert 0 <= niche.resilience_low <= niche.resilience <= niche.resilience_high <= 1
        widths.append(niche.resilience_high - niche.resilience_low)
    assert statistics.median(widths) > 0.02  # the rating series do disagree


# ---------------------------------------------------------------- adjustments


def test_adjustments_are_bounded_and_each_cites_a_listed_source(derive, catalogue):
    sources = {n.id: n.sources for n in catalogue.niches.values()}
    assert derive.check_adjustments(derive.ADJUSTMENTS, sources) == []
    assert len(derive.ADJUSTMENTS) <= 10
    for niche, adjustment in derive.ADJUSTMENTS.items():
        assert 0 < abs(adjustment.delta) <= 0.10 and adjustment.reason, niche
        assert adjustment.source in sources[niche], niche


def test_the_adjustment_rules_refuse_big_many_or_uncited_adjustments(derive):
    adj = derive.Adjustment
    sources = {f"n{i}": ["Some (2024) paper"] for i in range(12)}
    assert derive.check_adjustments({"n0": adj(0.05, "why", "Some (2024) paper")}, sources) == []
    too_big = derive.check_adjustments({"n0": adj(0.15, "why", "Some (2024) paper")}, sources)
    assert too_big == ["n0: adjustment +0.15 outside ±0.1"]
    uncited = derive.check_adjustments({"n0": adj(0.05, "judgement", "")}, sources)
    assert uncited == ["n0: adjustment must cite a source listed in the niche's sources"]
    unlisted = derive.check_adjustments({"n0": adj(-0.05, "why", "Other (2020)")}, sources)
    assert unlisted == ["n0: adjustment must cite a source listed in the niche's sources"]
    many = {f"n{i}": adj(0.01, "why", "Some (2024) paper") for i in range(11)}
    assert derive.check_adjustments(many, sources) == ["11 niches adjusted, at most 10"]
    assert derive.check_adjustments({"ghost": adj(0.01, "why", "x")}, sources) == [
        "ghost: adjustment for a niche that does not exist"
    ]


# ---------------------------------------------------------------- automation risk


def test_automation_risk_is_a_share_and_not_the_mirror_of_resilience(catalogue):
    risks = [n.automation_risk for n in catalogue.niches.values()]
    scores = [n.resilience for n in catalogue.niches.values()]
    assert all(0 <= r <= 1 for r in risks)
    assert len(set(risks)) > 10
    assert abs(statistics.correlation(scores, risks)) < 0.8


def test_automation_risk_comes_only_from_the_nesta_file(derive, data, tmp_path, results):
    # reverse Nesta's risk order: automation risk changes, resilience and bands do not
    altered = _copy_data(data, tmp_path / "nesta")
    _rewrite_column(
        altered / "ai-exposure" / "nesta_mcc_risk_all_occupations.csv", "risk", lambda v: 6 - v
    )
    other = {r.niche: r for r in derive.derive(CURRICULA, altered)}
    changed = 0
    for r in results:
        assert other[r.niche].score[:3] == r.score[:3], r.niche
        changed += other[r.niche].score.automation_risk != r.score.automation_risk
    assert changed >= len(results) * 0.8


def test_resilience_does_not_read_the_nesta_file(derive, data, tmp_path, results):
    # reverse the Copilot ratings: resilience moves, automation risk does not
    altered = _copy_data(data, tmp_path / "copilot")
    _rewrite_column(
        altered / "ai-exposure" / "tomlinson_soc_ai_applicability_scores.csv",
        "ai_applicability_score",
        lambda v: -v,
    )
    other = {r.niche: r for r in derive.derive(CURRICULA, altered)}
    moved = 0
    for r in results:
        assert other[r.niche].score.automation_risk == r.score.automation_risk, r.niche
        moved += other[r.niche].score.resilience != r.score.resilience
    assert moved >= len(results) * 0.8


def test_esco_occupations_reach_2018_codes_through_title_code_and_crosswalk(derive, data):
    table = derive.build_table(data)
    with (data / "ai-exposure" / "nesta_mcc_risk_all_occupations.csv").open(encoding="utf-8") as fh:
        nesta = {r["occupation"]: r for r in csv.DictReader(fh)}

    def socs_of(label: str) -> set[str]:
        uri = nesta[label]["concept_uri"]
        return {soc for soc, row in table.items() if uri in row.esco}

    assert nesta["software analyst"]["onet_code"] == "15-1132.00"  # a 2010 code
    assert socs_of("software analyst") == {"15-1252"}  # through the crosswalk
    assert socs_of("software developer") == {"15-1251"}  # 15-1131 keeps its title
    assert nesta["software tester"]["onet_code"] == "15-1199.01"
    assert socs_of("software tester") == {"15-1253"}
    assert socs_of("proofreader") == {"43-9081"}  # same code in 2010 and 2018
    mapped = {uri for row in table.values() for uri in row.esco}
    assert len(mapped) >= len(nesta) - 10  # only a handful have no 2018 successor


def test_codes_are_scored_as_one_niche_before_the_niche_is_written(derive, data, capsys):
    assert derive.main(["--codes", "43-6014", "43-9021.00", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    table = derive.build_table(data)
    score = derive.exposure.combine([table["43-6014"], table["43-9021"]])
    assert "Data Entry Keyers" in out
    assert (
        f"as one niche: resilience {score.resilience:.2f} [{score.low:.2f}, {score.high:.2f}]"
        in out
    )
    assert derive.main(["--codes", "writer", "--data", str(data)]) == 2


def test_sources_that_miss_or_misname_a_measure_are_flagged(derive):
    cited = [
        "Eloundou et al. (2024) GPTs are GPTs",
        "Tomlinson et al. (2025) Working with AI",
        "Kanders et al. (2020) Mapping Career Causeways",
    ]
    good = ("a.yaml", {"id": "good", "sources": cited})
    stale = ("a.yaml", {"id": "stale", "sources": [*cited[:2], "Felten LM-AIOE percentile"]})
    assert derive.source_warnings([good]) == []
    assert derive.source_warnings([stale]) == [
        "a.yaml: stale: sources do not cite the automation risk",
        "a.yaml: stale: sources cite LM-AIOE, not part of the derivation",
    ]


def test_bundled_niches_cite_the_sources_of_their_figures(derive):
    assert derive.source_warnings(derive.load_niches(CURRICULA)) == []
