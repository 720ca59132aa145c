"""Derive each niche's ``resilience`` from published AI-exposure figures.

The score of a niche is one minus the mean exposure percentile of the occupations
listed in its ``occupations`` field, plus a small documented adjustment (the table
``ADJUSTMENTS`` below), clamped to [0.05, 0.95] and rounded to two decimals. See
``curricula/README.md`` for the method and its caveats.

Exposure of one occupation (six-digit SOC 2018 code) is the mean of the measures
available for it, each a percentile rank (0..1, share of occupations at or below it):

* ``eloundou``: Eloundou, Manning, Mishkin & Rock (2024), "GPTs are GPTs", Science
  384(6702). The beta exposure (E1 + 0.5 E2); mean of the percentile ranks of the
  GPT-4 rating and the human-annotator rating, O*NET-SOC rows averaged to SOC.
* ``applicability``: Tomlinson et al. (2025), "Working with AI", AI applicability
  score from real Copilot conversations.
* ``lm_aioe``: Felten, Raj & Seamans, language-model AI occupational exposure,
  percentile within its source (only for the occupations in the compiled summary).

Frey & Osborne (2013) is deliberately not used: it predates large language models.

The data is read from ``../shared/data/ai-exposure`` next to the repository (or
``--data``) and never copied.

Usage::

    python curricula/tools/derive_resilience.py            # print the derived scores
    python curricula/tools/derive_resilience.py --check    # exit 1 if the YAML differs
    python curricula/tools/derive_resilience.py --write    # update resilience in the YAML
"""

from __future__ import annotations

import argparse
import bisect
import csv
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CURRICULA = HERE.parent
REPO = CURRICULA.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

FLOOR, CEILING = 0.05, 0.95
TOLERANCE = 0.005

#: Named adjustments, each with its size and the reason it applies.
FACTORS: dict[str, tuple[float, str]] = {
    "ai-created": (
        0.15,
        "demand for the work is created by AI deployment itself (evaluating, securing, "
        "configuring or governing AI), so exposure of the task content overstates the risk",
    ),
    "human-presence": (
        0.10,
        "core tasks happen live with people or physical systems (facilitation, fieldwork, "
        "shoots, devices), which the text-based exposure measures cannot perform",
    ),
    "accountable-signoff": (
        0.05,
        "a named professional signs off and carries responsibility (regulated documents, "
        "compliance, security findings, published content)",
    ),
    "routine-core": (
        -0.05,
        "the niche keeps more routine production than its closest occupations suggest",
    ),
}

#: Which factors apply to which niche; niches not listed get no adjustment.
ADJUSTMENTS: dict[str, tuple[str, ...]] = {
    # content and media
    "ai-content-strategist": ("accountable-signoff",),
    "ai-content-editor": ("accountable-signoff",),
    "medical-science-writer": ("accountable-signoff",),
    "ai-media-producer": ("human-presence",),
    # marketing
    "brand-strategist": ("human-presence",),
    "pr-crisis-consultant": ("accountable-signoff",),
    # software and IT
    "llm-application-developer": ("ai-created",),
    "ai-security-tester": ("accountable-signoff",),
    "accessibility-engineer": ("accountable-signoff",),
    "small-business-it-partner": ("human-presence",),
    "small-business-web-developer": ("routine-core",),
    # design
    "ux-researcher": ("human-presence",),
    "ai-product-designer": ("ai-created",),
    "inclusive-design-consultant": ("human-presence",),
    "service-designer": ("human-presence",),
    "conversational-ai-designer": ("ai-created",),
    "no-code-web-designer": ("routine-core",),
    # data and research
    "market-research-consultant": ("human-presence",),
    "experimentation-analyst": ("accountable-signoff",),
    # AI-era services
    "ai-response-evaluator": ("ai-created",),
    "ai-code-evaluator": ("ai-created",),
    "ai-red-teamer": ("ai-created",),
    "annotation-quality-lead": ("ai-created",),
    "ai-automation-consultant": ("ai-created",),
    "ai-solutions-consultant": ("ai-created",),
    "ai-governance-advisor": ("ai-created", "accountable-signoff"),
    "document-ai-specialist": ("ai-created",),
    "ai-support-automation-specialist": ("ai-created",),
    "trust-safety-specialist": ("accountable-signoff",),
    "ai-adoption-trainer": ("ai-created", "human-presence"),
    "customer-success-manager": ("human-presence",),
}


@dataclass
class Derived:
    niche: str
    occupations: list[str]
    exposures: dict[str, float]
    base: float
    adjustment: float
    factors: tuple[str, ...]
    score: float
    current: float | None
    file: str

    @property
    def ok(self) -> bool:
        return self.current is not None and abs(self.current - self.score) <= TOLERANCE


SOC_CODE = re.compile(r"\d\d-\d\d\d\d")


def _percentiles(values: dict[str, float]) -> dict[str, float]:
    ordered = sorted(values.values())
    n = len(ordered)
    return {k: bisect.bisect_right(ordered, v) / n for k, v in values.items()}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_measures(data: Path) -> dict[str, dict[str, float]]:
    """SOC code -> {measure name: percentile (0..1, higher = more exposed)}."""
    folder = data / "ai-exposure"
    measures: dict[str, dict[str, float]] = {}

    rows: dict[str, list[dict[str, str]]] = {}
    for row in _read_csv(folder / "eloundou_occ_level.csv"):
        rows.setdefault(row["O*NET-SOC Code"][:7], []).append(row)
    gpt4 = _percentiles(
        {c: statistics.mean(float(r["dv_rating_beta"]) for r in rs) for c, rs in rows.items()}
    )
    human = _percentiles(
        {c: statistics.mean(float(r["human_rating_beta"]) for r in rs) for c, rs in rows.items()}
    )
    for code in rows:
        measures.setdefault(code, {})["eloundou"] = (gpt4[code] + human[code]) / 2

    tomlinson = {
        r["SOC Code"]: float(r["ai_applicability_score"])
        for r in _read_csv(folder / "tomlinson_soc_ai_applicability_scores.csv")
    }
    for code, pct in _percentiles(tomlinson).items():
        measures.setdefault(code, {})["applicability"] = pct

    for row in _read_csv(folder / "freelancer_ai_exposure_summary.csv"):
        value = row.get("felten_lm_pctile", "").strip()
        if value:
            measures.setdefault(row["soc2018"], {})["lm_aioe"] = float(value)
    return measures


def load_niches(curricula: Path) -> list[tuple[str, dict]]:
    """(file name, niche mapping) for every niche in the folder's YAML files."""
    found = []
    for path in sorted(curricula.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for niche in doc.get("niches") or []:
            found.append((path.name, niche))
    return found


def derive(curricula: Path, data: Path) -> list[Derived]:
    measures = load_measures(data)
    unknown_factors = {f for fs in ADJUSTMENTS.values() for f in fs} - set(FACTORS)
    if unknown_factors:
        raise SystemExit(f"unknown adjustment factors: {sorted(unknown_factors)}")
    results = []
    for file, niche in load_niches(curricula):
        # SOC 2018 codes carry the exposure figures; ESCO URIs beside them are for reference
        codes = [str(c) for c in niche.get("occupations") or [] if SOC_CODE.fullmatch(str(c))]
        exposures = {}
        for code in codes:
            found = measures.get(code[:7])
            if not found:
                raise SystemExit(f"{file}: niche {niche['id']}: no exposure figures for {code}")
            exposures[code] = statistics.mean(found.values())
        if not exposures:
            raise SystemExit(f"{file}: niche {niche['id']} lists no occupations")
        base = 1 - statistics.mean(exposures.values())
        factors = ADJUSTMENTS.get(niche["id"], ())
        adjustment = sum(FACTORS[f][0] for f in factors)
        score = round(min(CEILING, max(FLOOR, base + adjustment)), 2)
        current = niche.get("resilience")
        results.append(
            Derived(
                niche=niche["id"],
                occupations=codes,
                exposures=exposures,
                base=base,
                adjustment=adjustment,
                factors=factors,
                score=score,
                current=float(current) if current is not None else None,
                file=file,
            )
        )
    stale = set(ADJUSTMENTS) - {r.niche for r in results}
    if stale:
        raise SystemExit(f"adjustments for niches that do not exist: {sorted(stale)}")
    return results


def write(curricula: Path, results: list[Derived]) -> int:
    """Rewrite the ``resilience:`` line of each niche whose score changed."""
    changed = 0
    by_file: dict[str, list[Derived]] = {}
    for r in results:
        if not r.ok:
            by_file.setdefault(r.file, []).append(r)
    for file, items in by_file.items():
        path = curricula / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for r in items:
            start = next(
                i
                for i, line in enumerate(lines)
                if re.match(rf"\s*- id: {re.escape(r.niche)}\s*$", line)
            )
            for i in range(start + 1, len(lines)):
                if re.match(r"\s*- id: ", lines[i]):
                    raise SystemExit(f"{file}: niche {r.niche} has no resilience line")
                m = re.match(r"(\s*resilience:\s*)\S+(.*\n?)", lines[i])
                if m:
                    lines[i] = f"{m.group(1)}{r.score:.2f}{m.group(2)}"
                    changed += 1
                    break
        path.write_text("".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--curricula", type=Path, default=CURRICULA, help="curricula folder")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a YAML score differs")
    group.add_argument("--write", action="store_true", help="update the YAML scores in place")
    args = parser.parse_args(argv)
    if not (args.data / "ai-exposure").is_dir():
        print(f"no exposure data under {args.data} (use --data)", file=sys.stderr)
        return 2
    results = derive(args.curricula, args.data)
    width = max(len(r.niche) for r in results)
    print(f"{'niche':<{width}}  base   adj  score  yaml  occupations (exposure percentile)")
    for r in sorted(results, key=lambda r: (-r.score, r.niche)):
        occ = ", ".join(f"{c} {e:.2f}" for c, e in r.exposures.items())
        yaml_value = "-" if r.current is None else f"{r.current:.2f}"
        flag = "" if r.ok else "  <- differs"
        print(
            f"{r.niche:<{width}}  {r.base:.2f} {r.adjustment:+.2f}  {r.score:.2f}  "
            f"{yaml_value:>4}  {occ}{flag}"
        )
    bad = [r for r in results if not r.ok]
    if args.write:
        print(f"updated {write(args.curricula, results)} score(s)", file=sys.stderr)
        return 0
    if args.check:
        if bad:
            print(f"{len(bad)} niche score(s) differ from the derivation", file=sys.stderr)
            return 1
        print(f"all {len(results)} niche scores match the derivation", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
