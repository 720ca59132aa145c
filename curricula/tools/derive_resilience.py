"""Derive each niche's resilience, its band and its automation risk from published figures.

Every niche is scored on one footing, from its SOC 2018 ``occupations`` only:

* **Exposure series.** For every SOC 2018 occupation, three rating series of how much
  of its task content language models can do or assist, each turned into a percentile
  rank (the share of the source's occupations rated at or below it):

  - ``gpt4`` and ``human``: Eloundou, Manning, Mishkin & Rock (2024), "GPTs are GPTs",
    Science 384(6702), the beta exposure (E1 + 0.5 E2) by the GPT-4 rating and by the
    human annotators, O*NET-SOC detail rows averaged to the SOC code;
  - ``copilot``: Tomlinson et al. (2025), "Working with AI", the AI applicability
    score measured from real Copilot conversations.

  Where a source does not rate an occupation itself (it rates a SOC aggregate such as
  13-1020 instead, or has no row), that series is the mean of the source's ratings in
  the occupation's SOC broad group (the first five digits, e.g. 13-102x), and the
  occupation's ``imputed`` column names it. An occupation's resilience by a series is
  one minus its percentile, kept to four decimals.
* **Score and band.** For a set of occupations (a niche's ``occupations``), each
  series' resilience is averaged over the occupations; the score is the weighted mean
  of the three series (GPT-4 1/4, human 1/4, Copilot 1/2: the two sources count
  equally), ``resilience_low``/``resilience_high`` are the lowest and highest of the
  three series means. A documented adjustment (table ``ADJUSTMENTS``, empty today) is
  added to all three; they are clamped to [0, 1] and rounded to two decimals.
* **Automation risk** (never part of the score): Kanders et al. (2020), Nesta's
  "Mapping Career Causeways", automation risk of 1,627 ESCO occupations, each as its
  percentile rank among them. Each ESCO occupation is mapped to SOC 2018 through the
  file's O*NET-SOC 2010 column: to the O*NET 29.2 occupation of the same title, else to
  the same SOC code where it still exists, else through ``CROSSWALK`` (the 2018
  occupations that continue a 2010 code). A SOC code's risk is the mean over its
  mapped ESCO occupations; a niche's the mean over its SOC codes that have one.

The same figures, one row per SOC 2018 occupation (built by ``occupation_table.py``
beside this script), are written to ``curricula/exposure/occupations.csv`` (with a
NOTICE), the table learnpath uses for the exposure of a learner's current work
(``learnpath.exposure``). The data is read from ``../shared/data`` next to the
repository (or ``--data``) and never copied.

Usage::

    python curricula/tools/derive_resilience.py            # print every niche's figures
    python curricula/tools/derive_resilience.py --codes 27-3042 15-1252   # score codes
    python curricula/tools/derive_resilience.py --check    # exit 1 if the YAML or table differs
    python curricula/tools/derive_resilience.py --write    # update the YAML and the table
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CURRICULA = HERE.parent
REPO = CURRICULA.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

try:
    from learnpath import exposure
except ImportError:  # run from a checkout that is not installed
    sys.path.insert(0, str(REPO))
    from learnpath import exposure

if str(HERE) not in sys.path:  # imported from its path (as the tests do), not run
    sys.path.insert(0, str(HERE))
from occupation_table import NOTICE, SERIES, build_table, table_text  # noqa: E402

TABLE = Path("exposure") / "occupations.csv"
DERIVED_FIELDS = ("resilience", "resilience_band", "automation_risk")

#: An adjustment moves a niche's score and band by ``delta`` for a reason a published
#: source documents (the source must also be listed in the niche's ``sources``).
MAX_ADJUSTMENT = 0.10
MAX_ADJUSTED_NICHES = 10


@dataclass(frozen=True)
class Adjustment:
    delta: float
    reason: str
    source: str


#: None today: every niche is scored from its occupations alone. An entry needs a
#: cited source; a judgement alone is not enough (see ``check_adjustments``).
ADJUSTMENTS: dict[str, Adjustment] = {}

_SOC = re.compile(r"^\d\d-\d{4}(\.\d\d)?$")


# ---------------------------------------------------------------- scoring niches


def check_adjustments(
    adjustments: Mapping[str, Adjustment], sources: Mapping[str, Iterable[str]]
) -> list[str]:
    """Problems with an adjustment table (empty when it keeps the rules).

    ``sources`` maps each niche id to its ``sources`` list.
    """
    problems = []
    if len(adjustments) > MAX_ADJUSTED_NICHES:
        problems.append(f"{len(adjustments)} niches adjusted, at most {MAX_ADJUSTED_NICHES}")
    for niche, adj in sorted(adjustments.items()):
        if niche not in sources:
            problems.append(f"{niche}: adjustment for a niche that does not exist")
            continue
        if not 0 < abs(adj.delta) <= MAX_ADJUSTMENT:
            problems.append(f"{niche}: adjustment {adj.delta:+.2f} outside ±{MAX_ADJUSTMENT}")
        if not adj.reason.strip():
            problems.append(f"{niche}: adjustment without a reason")
        if not adj.source.strip() or adj.source not in tuple(sources[niche]):
            problems.append(f"{niche}: adjustment must cite a source listed in the niche's sources")
    return problems


@dataclass
class Derived:
    niche: str
    file: str
    occupations: tuple[str, ...]
    series: dict[str, float]
    adjustment: float
    score: exposure.Score
    current: dict[str, object]

    @property
    def expected(self) -> dict[str, object]:
        band = [self.score.low, self.score.high]
        return {
            "resilience": self.score.resilience,
            "resilience_band": band,
            "automation_risk": self.score.automation_risk,
        }

    @property
    def ok(self) -> bool:
        return all(_same(self.current.get(k), v) for k, v in self.expected.items())


def _same(current: object, expected: object) -> bool:
    if isinstance(expected, list):
        return (
            isinstance(current, list)
            and len(current) == len(expected)
            and all(_same(a, b) for a, b in zip(current, expected, strict=True))
        )
    if expected is None or current is None:
        return expected is current
    return isinstance(current, int | float) and round(float(current), 2) == expected


def load_niches(curricula: Path) -> list[tuple[str, dict]]:
    """(file name, niche mapping) for every niche in the folder's YAML files."""
    found = []
    for path in sorted(curricula.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for niche in doc.get("niches") or []:
            found.append((path.name, niche))
    return found


def soc_codes(codes: Iterable[object]) -> tuple[str, ...]:
    """The SOC 2018 codes among a niche's ``occupations`` (ESCO URIs, ISCO codes ignored)."""
    return tuple(dict.fromkeys(str(c).strip()[:7] for c in codes if _SOC.match(str(c).strip())))


def score_codes(
    codes: Iterable[str], table: Mapping[str, exposure.OccupationFigures], adjustment: float = 0.0
) -> tuple[exposure.Score, dict[str, float]]:
    """Score SOC codes like a niche; also return the per-series means (unadjusted)."""
    codes = list(codes)
    unknown = [c for c in codes if c not in table]
    if unknown:
        near = {c: exposure.nearest_socs(c, table) for c in unknown}
        raise SystemExit(
            "no exposure figures for "
            + "; ".join(f"{c} (nearest rated: {', '.join(n)})" for c, n in near.items())
        )
    rows = [table[c] for c in codes]
    means = {name: statistics.fmean(row.series[i] for row in rows) for i, name in enumerate(SERIES)}
    return exposure.combine(rows, adjustment), means


def derive(
    curricula: Path, data: Path, table: Mapping[str, exposure.OccupationFigures] | None = None
) -> list[Derived]:
    """Every niche of the folder, scored from ``table`` (built from ``data`` if not given)."""
    table = build_table(data) if table is None else table
    niches = load_niches(curricula)
    problems = check_adjustments(ADJUSTMENTS, {n["id"]: n.get("sources") or [] for _, n in niches})
    if problems:
        raise SystemExit("adjustment table: " + "; ".join(problems))
    results = []
    for file, niche in niches:
        codes = soc_codes(niche.get("occupations") or [])
        if not codes:
            raise SystemExit(f"{file}: niche {niche['id']} lists no SOC 2018 occupation code")
        adjustment = ADJUSTMENTS[niche["id"]].delta if niche["id"] in ADJUSTMENTS else 0.0
        try:
            score, means = score_codes(codes, table, adjustment)
        except SystemExit as exc:
            raise SystemExit(f"{file}: niche {niche['id']}: {exc}") from None
        results.append(
            Derived(
                niche=niche["id"],
                file=file,
                occupations=codes,
                series=means,
                adjustment=adjustment,
                score=score,
                current={k: niche.get(k) for k in DERIVED_FIELDS},
            )
        )
    return results


#: What a niche's ``sources`` should cite, by a phrase of each citation.
CITED = {
    "GPTs are GPTs": "the GPT-4 and human ratings",
    "Working with AI": "the Copilot ratings",
    "Mapping Career Causeways": "the automation risk",
}
NOT_USED = ("LM-AIOE", "Frey & Osborne")


def source_warnings(niches: Iterable[tuple[str, dict]]) -> list[str]:
    """Niches whose ``sources`` miss a source of their figures or cite one not used."""
    warnings = []
    for file, niche in niches:
        text = " ".join(str(s) for s in niche.get("sources") or [])
        missing = [what for phrase, what in CITED.items() if phrase not in text]
        stale = [name for name in NOT_USED if name in text]
        if missing:
            warnings.append(f"{file}: {niche['id']}: sources do not cite {', '.join(missing)}")
        if stale:
            warnings.append(
                f"{file}: {niche['id']}: sources cite {', '.join(stale)}, not part of the "
                "derivation"
            )
    return warnings


# ---------------------------------------------------------------- writing the YAML


def _value_line(indent: str, key: str, value: object) -> str:
    if isinstance(value, list):
        return f"{indent}{key}: [{', '.join(f'{v:.2f}' for v in value)}]\n"
    return f"{indent}{key}: {value:.2f}\n"


def _rewrite_niche(lines: list[str], start: int, r: Derived, file: str) -> None:
    """Set the three derived lines of the niche whose ``- id:`` is at ``start``."""
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"\s*- id: |\S", lines[i])),
        len(lines),
    )
    found: dict[str, int] = {}
    for i in range(start + 1, end):
        m = re.match(r"(\s*)(resilience|resilience_band|automation_risk):", lines[i])
        if m:
            found[m.group(2)] = i
    if "resilience" not in found:
        raise SystemExit(f"{file}: niche {r.niche} has no `resilience:` line")
    at = found["resilience"]
    indent = re.match(r"\s*", lines[at]).group(0)
    tail = re.match(r"\s*resilience:\s*\S+(.*\n?)", lines[at]).group(1)
    lines[at] = f"{indent}resilience: {r.score.resilience:.2f}{tail or chr(10)}"
    inserts = []
    for key in ("resilience_band", "automation_risk"):
        value = r.expected[key]
        if key in found:
            lines[found[key]] = "" if value is None else _value_line(indent, key, value)
        elif value is not None:
            inserts.append(_value_line(indent, key, value))
    lines[at + 1 : at + 1] = inserts


def write(curricula: Path, results: list[Derived]) -> int:
    """Rewrite the derived lines of each niche whose figures changed; return how many."""
    by_file: dict[str, list[Derived]] = {}
    for r in results:
        if not r.ok:
            by_file.setdefault(r.file, []).append(r)
    for file, items in by_file.items():
        path = curricula / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for r in items:
            start = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if re.match(rf"\s*- id: {re.escape(r.niche)}\s*$", line)
                ),
                None,
            )
            if start is None:
                raise SystemExit(f"{file}: niche {r.niche} is not written as `- id: {r.niche}`")
            _rewrite_niche(lines, start, r, file)
        path.write_text("".join(lines), encoding="utf-8")
    return sum(len(items) for items in by_file.values())


# ---------------------------------------------------------------- command line


def _print_niches(results: list[Derived]) -> None:
    width = max(len(r.niche) for r in results)
    head = "  ".join(f"{s:>7}" for s in SERIES)
    print(f"{'niche':<{width}}  {head}  adj   score  band        risk  yaml")
    for r in sorted(results, key=lambda r: (-r.score.resilience, r.niche)):
        series = "  ".join(f"{r.series[s]:7.2f}" for s in SERIES)
        risk = "  -  " if r.score.automation_risk is None else f"{r.score.automation_risk:.2f}"
        flag = "ok" if r.ok else "differs"
        print(
            f"{r.niche:<{width}}  {series}  {r.adjustment:+.2f}  {r.score.resilience:.2f}  "
            f"[{r.score.low:.2f}, {r.score.high:.2f}]  {risk}  {flag}  {' '.join(r.occupations)}"
        )


def _print_codes(codes: list[str], table: Mapping[str, exposure.OccupationFigures]) -> int:
    socs = soc_codes(codes)
    if len(socs) != len(set(codes)):
        print(f"not SOC 2018 codes: {sorted(set(codes) - set(socs))}", file=sys.stderr)
        return 2
    score, means = score_codes(socs, table)

    def series(values: Iterable[float]) -> str:
        return "  ".join(f"{name} {value:.2f}" for name, value in zip(SERIES, values, strict=True))

    for soc in socs:
        row = table[soc]
        imputed = f"  (imputed: {', '.join(row.imputed)})" if row.imputed else ""
        print(f"{soc}  {series(row.series)}  {row.title}{imputed}")
    risk = "-" if score.automation_risk is None else f"{score.automation_risk:.2f}"
    print(
        f"as one niche: resilience {score.resilience:.2f} [{score.low:.2f}, {score.high:.2f}]"
        f"  automation risk {risk}  ({series(means.values())})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--curricula", type=Path, default=CURRICULA, help="curricula folder")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if YAML or table differs")
    group.add_argument("--write", action="store_true", help="update the YAML and the table")
    group.add_argument("--codes", nargs="+", metavar="SOC", help="score SOC codes as a niche")
    args = parser.parse_args(argv)
    if not (args.data / "ai-exposure").is_dir() or not (args.data / "onet").is_dir():
        print(f"no exposure or O*NET data under {args.data} (use --data)", file=sys.stderr)
        return 2
    table = build_table(args.data)
    if args.codes:
        return _print_codes(args.codes, table)
    results = derive(args.curricula, args.data, table)
    _print_niches(results)
    for warning in source_warnings(load_niches(args.curricula)):
        print(f"warning: {warning}", file=sys.stderr)
    text = table_text(table)
    table_path = args.curricula / TABLE
    notice_path = table_path.with_name("NOTICE.md")
    table_ok = (
        table_path.is_file()
        and table_path.read_text(encoding="utf-8") == text
        and notice_path.is_file()
        and notice_path.read_text(encoding="utf-8") == NOTICE
    )
    bad = [r for r in results if not r.ok]
    if args.write:
        changed = write(args.curricula, results)
        table_path.parent.mkdir(exist_ok=True)
        table_path.write_text(text, encoding="utf-8")
        notice_path.write_text(NOTICE, encoding="utf-8")
        print(f"updated {changed} niche(s); wrote {len(table)} occupations", file=sys.stderr)
        return 0
    if args.check:
        if bad or not table_ok:
            if bad:
                print(f"{len(bad)} niche(s) differ from the derivation", file=sys.stderr)
            if not table_ok:
                print(f"{table_path} differs from the derivation", file=sys.stderr)
            return 1
        print(
            f"all {len(results)} niches and {len(table)} occupations match the derivation",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
