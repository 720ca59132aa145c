"""How exposed an occupation's work is to language models, and to routine automation.

The figures come from a small table that ships with the catalogue
(``curricula/exposure/occupations.csv``, one row per SOC 2018 occupation), derived by
``curricula/tools/derive_resilience.py`` from published research (see the table's
``NOTICE.md``). A niche's ``resilience`` is computed from the same rows with
:func:`combine`, so the exposure of the work a learner does now and the resilience of
a niche are on one scale:

- *resilience* ``0.45`` means that, averaged over three published ratings, 45 % of US
  occupations are rated more exposed to language models than these occupations;
  ``resilience_low`` and ``resilience_high`` are the lowest and highest score a single
  rating series gives;
- *automation risk* ``0.70`` means the mapped ESCO occupations' (pre-LLM) automation
  risk in Nesta's Mapping Career Causeways is at least that of 70 % of the occupations
  Nesta scored. It is a different thing and is never averaged into resilience.

The table is read on first use only, so importing this module costs nothing.

Examples
--------
>>> e = occupation_exposure("27-3042.00")
>>> e.code, e.title
('27-3042', 'Technical Writers')
>>> e.resilience_low <= e.resilience <= e.resilience_high
True
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .config import bundled_curricula
from .errors import UnknownIdError, closest

if TYPE_CHECKING:
    from .model import Catalogue

__all__ = [
    "COLUMNS",
    "ESCO_PREFIX",
    "SERIES",
    "SOURCES",
    "Exposure",
    "OccupationFigures",
    "Score",
    "combine",
    "nearest_socs",
    "occupation_exposure",
    "occupation_table",
    "read_table",
    "soc_code",
]

#: The rating series a score is the weighted mean of, with their weights: the GPT-4
#: and the human rating of "GPTs are GPTs" share one half, "Working with AI" (measured
#: from real Copilot use) has the other.
SERIES: tuple[tuple[str, float], ...] = (("gpt4", 0.25), ("human", 0.25), ("copilot", 0.5))

ESCO_PREFIX = "http://data.europa.eu/esco/occupation/"

#: The published sources behind the figures, as cited to a learner.
SOURCES: Mapping[str, str] = {
    "gpt4": (
        "Eloundou, Manning, Mishkin & Rock (2024) GPTs are GPTs, Science 384(6702):1306-1308"
        " - beta exposure, GPT-4 and human ratings"
    ),
    "copilot": (
        "Tomlinson et al. (2025) Working with AI: Measuring the Occupational Implications"
        " of Generative AI - AI applicability score"
    ),
    "automation": (
        "Kanders, Djumalieva, Sleeman & Orlik (2020) Mapping Career Causeways, Nesta"
        " - automation risk of ESCO occupations"
    ),
    "onet": "O*NET 29.2 occupation titles (USDOL/ETA, CC BY 4.0)",
    "esco": "ESCO classification, European Commission (esco.ec.europa.eu)",
}

COLUMNS = (
    "soc",
    "title",
    "resilience",
    "resilience_low",
    "resilience_high",
    "automation_risk",
    *(name for name, _ in SERIES),
    "imputed",
    "esco",
)

_SOC = re.compile(r"^(\d\d-\d{4})(\.\d\d)?$")


class OccupationFigures(NamedTuple):
    """One row of the table: a SOC 2018 occupation's derived figures.

    ``series`` holds the resilience (1 - exposure percentile) by each rating series of
    :data:`SERIES`, in that order; ``automation_risk`` is the mean automation-risk
    percentile of the ``esco`` occupations mapped to it (None when none is);
    ``imputed`` names the series taken from the occupation's SOC broad group because
    the source does not rate the occupation itself.
    """

    soc: str
    title: str
    series: tuple[float, ...]
    automation_risk: float | None = None
    esco: tuple[str, ...] = ()
    imputed: tuple[str, ...] = ()


class Score(NamedTuple):
    """Resilience with its band, and automation risk, each rounded to two decimals."""

    resilience: float
    low: float
    high: float
    automation_risk: float | None


@dataclass(frozen=True)
class Exposure:
    """The exposure of one occupation (or niche), on the scale of niche resilience.

    ``code`` is the SOC 2018 code, ESCO occupation URI or niche id asked about, in
    normal form; ``occupations`` the SOC codes the figures are computed from.
    """

    code: str
    title: str
    resilience: float
    resilience_low: float
    resilience_high: float
    automation_risk: float | None
    sources: tuple[str, ...]
    occupations: tuple[str, ...] = ()


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)  # what statistics.fmean does, without its import


def combine(rows: Sequence[OccupationFigures], adjustment: float = 0.0) -> Score:
    """Score a set of occupations the way a niche is scored.

    For each rating series, the mean resilience over ``rows``; the score is the
    weighted mean of those series means (weights in :data:`SERIES`), the band their
    minimum and maximum. ``adjustment`` is added to all three, which are then clamped
    to [0, 1] and rounded to two decimals (the score is kept inside its band). The
    automation risk is the mean over the rows that have one, or None.

    Examples
    --------
    >>> a = OccupationFigures("27-3042", "Technical Writers", (0.04, 0.04, 0.02), 0.6)
    >>> b = OccupationFigures("19-1029", "Biologists", (0.14, 0.24, 0.24), None)
    >>> combine([a, b])
    Score(resilience=0.12, low=0.09, high=0.14, automation_risk=0.6)
    """
    if not rows:
        raise ValueError("combine needs at least one occupation")
    means = [_mean([row.series[i] for row in rows]) for i in range(len(SERIES))]
    central = sum(weight * mean for (_, weight), mean in zip(SERIES, means, strict=True))

    def final(value: float) -> float:
        return round(min(1.0, max(0.0, value + adjustment)), 2)

    low, high = final(min(means)), final(max(means))
    risks = [row.automation_risk for row in rows if row.automation_risk is not None]
    risk = round(_mean(risks), 2) if risks else None
    return Score(min(high, max(low, final(central))), low, high, risk)


def soc_code(code: str) -> str | None:
    """The six-digit SOC code of ``code`` (``27-3042`` or O*NET's ``27-3042.00``), or None.

    Examples
    --------
    >>> soc_code("27-3042.00"), soc_code("writer")
    ('27-3042', None)
    """
    match = _SOC.match(code.strip())
    return match.group(1) if match else None


def _number(text: str) -> float | None:
    return float(text) if text else None


def read_table(path: Path) -> dict[str, OccupationFigures]:
    """Parse an occupation table (the CSV :data:`COLUMNS`), keyed by SOC code."""
    table: dict[str, OccupationFigures] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[row["soc"]] = OccupationFigures(
                soc=row["soc"],
                title=row["title"],
                series=tuple(float(row[name]) for name, _ in SERIES),
                automation_risk=_number(row["automation_risk"]),
                esco=tuple(row["esco"].split()),
                imputed=tuple(row["imputed"].split()),
            )
    return table


@functools.cache
def occupation_table() -> Mapping[str, OccupationFigures]:
    """The bundled table, keyed by SOC code (read once, on first use)."""
    return read_table(bundled_curricula() / "exposure" / "occupations.csv")


@functools.cache
def _by_esco() -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in occupation_table().values():
        for uri in row.esco:
            found.setdefault(uri, []).append(row.soc)
    return {uri: tuple(codes) for uri, codes in found.items()}


def _sources(rows: Iterable[OccupationFigures], esco: bool) -> tuple[str, ...]:
    rows = list(rows)
    cited = [SOURCES["gpt4"], SOURCES["copilot"]]
    if any(row.automation_risk is not None for row in rows):
        cited.append(SOURCES["automation"])
    cited.append(SOURCES["onet"])
    if esco or any(row.esco for row in rows):
        cited.append(SOURCES["esco"])
    return tuple(cited)


def _exposure(code: str, title: str, socs: Sequence[str], esco: bool = False) -> Exposure:
    table = occupation_table()
    rows = [table[soc] for soc in socs]
    score = combine(rows)
    return Exposure(
        code=code,
        title=title,
        resilience=score.resilience,
        resilience_low=score.low,
        resilience_high=score.high,
        automation_risk=score.automation_risk,
        sources=_sources(rows, esco),
        occupations=tuple(socs),
    )


def nearest_socs(code: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known SOC codes sharing the longest prefix with ``code``, nearest number first."""

    def shared(other: str) -> int:
        return next(
            (i for i, (a, b) in enumerate(zip(code, other, strict=False)) if a != b), len(code)
        )

    digits = int(re.sub(r"\D", "", code) or 0)
    return sorted(known, key=lambda k: (-shared(k), abs(int(k.replace("-", "")) - digits), k))[:n]


def occupation_exposure(code: str, catalogue: Catalogue | None = None) -> Exposure:
    """The exposure of the work ``code`` names, computed exactly like a niche's resilience.

    Parameters
    ----------
    code : str
        A SOC 2018 code (``27-3042`` or ``27-3042.00``), an ESCO occupation URI
        (``http://data.europa.eu/esco/occupation/...``), or, when ``catalogue`` is
        given, a niche id.
    catalogue : Catalogue, optional
        Where niche ids are looked up. A niche's own ``resilience``, band and automation
        risk are used when it carries a band; otherwise they are computed from its SOC
        codes.

    Returns
    -------
    Exposure

    Raises
    ------
    UnknownIdError
        When the code is none of these, naming the nearest known codes.

    Examples
    --------
    >>> occupation_exposure("27-3042").occupations
    ('27-3042',)
    >>> occupation_exposure("27-3049")
    Traceback (most recent call last):
    ...
    learnpath.errors.UnknownIdError: unknown occupation `27-3049` (did you mean `27-3043`, ...?)
    """
    text = code.strip()
    table = occupation_table()
    soc = soc_code(text)
    if soc is not None:
        if soc in table:
            return _exposure(soc, table[soc].title, [soc])
        raise UnknownIdError("occupation", {text: nearest_socs(soc, table)})
    if text.lower().startswith(("http://", "https://")):
        uri = ESCO_PREFIX + text.rsplit("/", 1)[-1].lower()
        socs = _by_esco().get(uri)
        if socs:
            title = " / ".join(table[s].title for s in socs)
            return _exposure(uri, title, socs, esco=True)
        raise UnknownIdError("ESCO occupation", {text: closest(uri, _by_esco(), cutoff=0.9)})
    if catalogue is not None and text in catalogue.niches:
        return _niche_exposure(text, catalogue)
    choices = list(table) + (list(catalogue.niches) if catalogue is not None else [])
    raise UnknownIdError("occupation or niche", {text: closest(text, choices, cutoff=0.6)})


def _niche_exposure(niche_id: str, catalogue: Catalogue) -> Exposure:
    niche = catalogue.niches[niche_id]
    table = occupation_table()
    socs = [s for s in map(soc_code, niche.occupations) if s is not None and s in table]
    if niche.resilience_low is None and socs:
        computed = _exposure(niche.id, niche.name, socs)
        return replace(computed, sources=niche.sources or computed.sources)
    low = niche.resilience if niche.resilience_low is None else niche.resilience_low
    high = niche.resilience if niche.resilience_high is None else niche.resilience_high
    return Exposure(
        code=niche.id,
        title=niche.name,
        resilience=niche.resilience,
        resilience_low=low,
        resilience_high=high,
        automation_risk=niche.automation_risk,
        sources=niche.sources,
        occupations=tuple(socs),
    )
