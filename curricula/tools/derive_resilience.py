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

The same figures, one row per SOC 2018 occupation, are written to
``curricula/exposure/occupations.csv`` (with a NOTICE), the table learnpath uses for the
exposure of a learner's current work (``learnpath.exposure``). The data is read from
``../shared/data`` next to the repository (or ``--data``) and never copied.

Usage::

    python curricula/tools/derive_resilience.py            # print every niche's figures
    python curricula/tools/derive_resilience.py --codes 27-3042 15-1252   # score codes
    python curricula/tools/derive_resilience.py --check    # exit 1 if the YAML or table differs
    python curricula/tools/derive_resilience.py --write    # update the YAML and the table
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import re
import statistics
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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

SERIES = tuple(name for name, _ in exposure.SERIES)
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

#: O*NET-SOC 2010 codes in Nesta's file that neither keep their code nor their title in
#: O*NET 29.2, mapped to the SOC 2018 occupations that continue them (a code split in
#: 2018 maps to every part). Each target is checked to exist in O*NET 29.2. Computer
#: operators (43-9011) and mine cutting machine operators (47-5042) have no clear
#: successor and stay unmapped.
CROSSWALK: dict[str, tuple[str, ...]] = {
    "11-2031": ("11-2032", "11-2033"),  # public relations and fundraising managers
    "13-2021": ("13-2023",),  # appraisers and assessors of real estate
    "15-1132": ("15-1252",),  # software developers, applications
    "15-1133": ("15-1252",),  # software developers, systems software
    "15-1199.01": ("15-1253",),  # software quality assurance engineers and testers
    "15-1199.04": ("15-1299",),  # geospatial information scientists (15-1299.02)
    "19-3031.02": ("19-3033",),  # clinical psychologists
    "19-4041.01": ("19-4043",),  # geophysical data technicians
    "25-4021": ("25-4022",),  # librarians
    "25-9041": ("25-9042", "25-9043", "25-9049"),  # teacher assistants
    "27-3022": ("27-3023",),  # reporters and correspondents
    "29-1062": ("29-1215",),  # family and general practitioners
    "29-1067": ("29-1241", "29-1242", "29-1243", "29-1249"),  # surgeons
    "29-2041": ("29-2042", "29-2043"),  # emergency medical technicians and paramedics
    "29-2054": ("29-1126",),  # respiratory therapy technicians
    "29-2071": ("29-2072", "29-9021"),  # medical records and health information technicians
    "39-1011": ("39-1013",),  # gaming supervisors
    "43-5081": ("53-7065",),  # stock clerks and order fillers
    "45-3011": ("45-3031",),  # fishers and related fishing workers
    "45-3021": ("45-3031",),  # hunters and trappers
    "51-4011": ("51-9161",),  # computer-controlled machine tool operators
    "51-4012": ("51-9162",),  # CNC machine tool programmers
    "51-9122": ("51-9124",),  # painters, transportation equipment
    "53-3041": ("53-3053", "53-3054"),  # taxi drivers and chauffeurs
    "53-4021": ("53-4022",),  # railroad brake, signal, and switch operators
    "53-7032": ("47-5022",),  # excavating and loading machine and dragline operators
}

NOTICE = """\
# Occupation exposure table

`occupations.csv` holds, for each SOC 2018 occupation, figures **derived** from the
published research below by `curricula/tools/derive_resilience.py` (the method is in
`curricula/README.md`, "How the resilience scores are derived"). It is regenerated by
`--write` and verified by `--check`; do not edit it by hand. No source file is copied.

Columns:

- `soc`, `title`: the SOC 2018 code and its O*NET 29.2 title;
- `resilience`, `resilience_low`, `resilience_high`: the occupation scored like a niche
  with this one occupation. 0.45 means that, averaged over three ratings, 45 % of US
  occupations are rated more exposed to language models; the band is the lowest and
  the highest score a single rating series gives;
- `automation_risk`: the mean percentile (0-1) of the automation risk of the ESCO
  occupations mapped to it, among the 1,627 Nesta scored; empty when none maps;
- `gpt4`, `human`, `copilot`: resilience by each rating series (1 - percentile rank),
  four decimals;
- `imputed`: the series taken from the SOC broad group, because the source does not
  rate the occupation itself;
- `esco`: the ESCO occupation URIs mapped to it (through Nesta's O*NET column).

Sources and attribution (each changed as described above: averaged to SOC codes where
needed, turned into percentile ranks and combined; only the results are here):

- Eloundou, Manning, Mishkin & Rock (2024), "GPTs are GPTs: Labor market impact
  potential of LLMs", Science 384(6702):1306-1308; data from openai/GPTs-are-GPTs, MIT
  licence, Copyright (c) 2024 OpenAI. Columns `gpt4`, `human`.
- Tomlinson et al. (2025), "Working with AI: Measuring the Occupational Implications of
  Generative AI"; data from microsoft/working-with-ai, CC BY 4.0
  (https://creativecommons.org/licenses/by/4.0/). Column `copilot`.
- Kanders, Djumalieva, Sleeman & Orlik (2020), "Mapping Career Causeways", Nesta; data
  from nestauk/mapping-career-causeways, MIT licence, Copyright (c) 2021 Nesta. Columns
  `automation_risk` and `esco` (through its ESCO-O*NET mapping).
- O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training
  Administration (USDOL/ETA), used under CC BY 4.0 (titles and the codes' 2019
  taxonomy). O*NET is a trademark of USDOL/ETA.
- ESCO classification, European Commission (esco.ec.europa.eu): occupation URIs, reused
  under Commission Decision 2011/833/EU.
"""

_SOC = re.compile(r"^\d\d-\d{4}(\.\d\d)?$")


# ---------------------------------------------------------------- reading the data


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _percentile(reference: Iterable[float]):
    ordered = sorted(reference)
    return lambda value: bisect.bisect_right(ordered, value) / len(ordered)


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _raw_series(folder: Path) -> dict[str, dict[str, float]]:
    """series name -> {SOC code: the source's own rating}."""
    rows: dict[str, list[dict[str, str]]] = {}
    for row in _read_csv(folder / "eloundou_occ_level.csv"):
        rows.setdefault(row["O*NET-SOC Code"][:7], []).append(row)

    def mean(column: str) -> dict[str, float]:
        return {c: statistics.fmean(float(r[column]) for r in rs) for c, rs in rows.items()}

    raw = {
        "gpt4": mean("dv_rating_beta"),
        "human": mean("human_rating_beta"),
        "copilot": {
            r["SOC Code"]: float(r["ai_applicability_score"])
            for r in _read_csv(folder / "tomlinson_soc_ai_applicability_scores.csv")
        },
    }
    assert set(raw) == set(SERIES)
    return raw


def _onet_titles(data: Path) -> dict[str, str]:
    """O*NET-SOC 2019 code (with its .nn suffix) -> title, from O*NET 29.2."""
    rows = _read_csv(data / "onet" / "occupation_data.csv")
    return {r["O*NET-SOC Code"]: r["Title"] for r in rows}


def _soc_of_2010(
    code: str, title: str, by_title: Mapping[str, str], socs: set[str]
) -> tuple[str, ...]:
    """The SOC 2018 codes an O*NET-SOC 2010 occupation maps to (see the module doc)."""
    if _norm(title) in by_title:
        return (by_title[_norm(title)][:7],)
    if code[:7] in socs:
        return (code[:7],)
    return CROSSWALK.get(code[:10]) or CROSSWALK.get(code[:7]) or ()


@dataclass
class EscoMapping:
    """ESCO occupations (URI, risk percentile) per SOC 2018 code, and what stayed unmapped."""

    by_soc: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


def _esco_mapping(data: Path, onet: Mapping[str, str]) -> EscoMapping:
    rows = _read_csv(data / "ai-exposure" / "nesta_mcc_risk_all_occupations.csv")
    pct = _percentile(float(r["risk"]) for r in rows)
    by_title: dict[str, str] = {}
    for code, title in sorted(onet.items()):
        by_title.setdefault(_norm(title), code)
    socs = {c[:7] for c in onet}
    missing = {t for ts in CROSSWALK.values() for t in ts} - socs
    if missing:
        raise SystemExit(f"CROSSWALK targets not in O*NET 29.2: {sorted(missing)}")
    mapping = EscoMapping()
    for r in rows:
        targets = _soc_of_2010(r["onet_code"], r["onet_occupation"], by_title, socs)
        if not targets:
            mapping.unmapped.append(f"{r['onet_code']} {r['occupation']}")
        for soc in targets:
            mapping.by_soc.setdefault(soc, []).append((r["concept_uri"], pct(float(r["risk"]))))
    return mapping


def build_table(data: Path) -> dict[str, exposure.OccupationFigures]:
    """Every SOC 2018 occupation of O*NET 29.2 that a source rates, with its figures."""
    raw = _raw_series(data / "ai-exposure")
    onet = _onet_titles(data)
    # the title of each SOC code's main O*NET row (.00), which sorts first
    titles = {code[:7]: title for code, title in sorted(onet.items(), reverse=True)}
    esco = _esco_mapping(data, onet)
    pct = {name: _percentile(values.values()) for name, values in raw.items()}
    rated = {c for values in raw.values() for c in values}
    table = {}
    for soc in sorted(set(titles) & rated):
        series, imputed = [], []
        for name in SERIES:
            value = raw[name].get(soc)
            if value is None:
                group = [v for c, v in raw[name].items() if c[:6] == soc[:6]]
                if not group:
                    raise SystemExit(f"{soc}: no {name} rating in its SOC broad group")
                value, imputed = statistics.fmean(group), [*imputed, name]
            series.append(round(1 - pct[name](value), 4))
        mapped = sorted(esco.by_soc.get(soc, []))
        risk = round(statistics.fmean(p for _, p in mapped), 4) if mapped else None
        table[soc] = exposure.OccupationFigures(
            soc=soc,
            title=titles[soc],
            series=tuple(series),
            automation_risk=risk,
            esco=tuple(uri for uri, _ in mapped),
            imputed=tuple(imputed),
        )
    return table


def table_text(table: Mapping[str, exposure.OccupationFigures]) -> str:
    """The CSV text of the occupation table (what ``--write`` writes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(exposure.COLUMNS)
    for soc, row in sorted(table.items()):
        score = exposure.combine([row])
        risk = "" if row.automation_risk is None else f"{row.automation_risk:.4f}"
        writer.writerow(
            [
                soc,
                row.title,
                f"{score.resilience:.2f}",
                f"{score.low:.2f}",
                f"{score.high:.2f}",
                risk,
                *(f"{value:.4f}" for value in row.series),
                " ".join(row.imputed),
                " ".join(row.esco),
            ]
        )
    return out.getvalue()


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
