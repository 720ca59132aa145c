"""A learner's options: the personal ranking of niches, a comparison, and the exposure
of the work they do now.

Each takes a :class:`~learnpath.learner.LearnerView` (a stored learner's, or a
visitor's) and returns what every view shows: the ranked niches, the one line about
their current work (:class:`CurrentWork`) and, for a comparison, the niches side by
side. The current work is the ``now`` code given, else the one the learner stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from learnpath import planning
from learnpath.errors import UnknownIdError
from learnpath.exposure import Exposure, occupation_table, soc_code
from learnpath.exposure import occupation_exposure as _exposure_of
from learnpath.model import Catalogue
from learnpath.planning import Comparison, NicheRank
from learnpath.planning.comparison import check_niches
from learnpath.store import ProgressStore

from .records import LearnerView

__all__ = [
    "Ranker",
    "CurrentWork",
    "NicheList",
    "LearnerComparison",
    "current_work",
    "niches",
    "compare",
    "set_now",
]

#: ``(have, done, sort) -> ranked niches`` over one catalogue:
#: :func:`learnpath.planning.rank_niches`, or a cache in front of it (the web passes its own).
Ranker = Callable[[Sequence[str], Sequence[str], str], Sequence[NicheRank]]

#: Niches named in the one line about the current work (the rest are counted).
NAMED = 3


@dataclass(frozen=True)
class CurrentWork:
    """The exposure of the work a learner does now, on the scale of niche resilience.

    ``less_exposed`` are the ranked niches (in their order) whose whole resilience band
    lies above the current work's: the only ones that are less exposed beyond doubt.
    """

    exposure: Exposure
    less_exposed: tuple[str, ...] = ()

    def sentence(self, catalogue: Catalogue) -> str:
        """The one line every view opens with.

        Examples
        --------
        >>> from learnpath.model import Catalogue
        >>> cat = Catalogue.build([], [], [])
        >>> cw = CurrentWork(occupation_exposure("27-3042", cat), ())
        >>> cw.sentence(cat)  # doctest: +ELLIPSIS
        'Your current work, Technical Writers (27-3042): resilience 0.03 (band 0.02-0.04)...'
        """
        names = [catalogue.niches[n].name for n in self.less_exposed[:NAMED]]
        more = len(self.less_exposed) - len(names)
        if not names:
            tail = "none of these niches is less exposed beyond doubt (a band wholly above)."
        else:
            listed = ", ".join(names) + (f" and {more} more" if more else "")
            count = len(self.less_exposed)
            tail = (
                f"{count} of these niches {'are' if count != 1 else 'is'} less exposed "
                f"(a band wholly above): {listed}."
            )
        return f"Your current work, {self.describe()}; {tail}"

    def describe(self) -> str:
        """The exposure alone: ``Technical Writers (27-3042): resilience 0.03 (band
        0.02-0.04), automation risk 0.82``."""
        e = self.exposure
        risk = "" if e.automation_risk is None else f", automation risk {e.automation_risk:.2f}"
        return (
            f"{e.title} ({e.code}): resilience {e.resilience:.2f} "
            f"(band {e.resilience_low:.2f}-{e.resilience_high:.2f}){risk}"
        )

    def to_dict(self) -> dict:
        e = self.exposure
        return {
            "code": e.code,
            "title": e.title,
            "resilience": e.resilience,
            "resilience_low": e.resilience_low,
            "resilience_high": e.resilience_high,
            "automation_risk": e.automation_risk,
            "occupations": list(e.occupations),
            "sources": list(e.sources),
            "less_exposed": list(self.less_exposed),
        }


@dataclass(frozen=True)
class NicheList:
    """The niches as one learner sees them, in the order ``sort`` asked for.

    ``now`` is their current work (None when not given); ``stale_now`` a stored code
    that is no longer known (kept, but not shown).
    """

    view: LearnerView
    sort: str
    ranks: tuple[NicheRank, ...]
    now: CurrentWork | None = None
    stale_now: str | None = None

    def rows(self) -> list[dict]:
        """The JSON rows of ``learnpath niches --json``: each rank's, plus
        ``less_exposed`` when the current work is known."""
        if self.now is None:
            return [r.to_dict() for r in self.ranks]
        less = set(self.now.less_exposed)
        return [{**r.to_dict(), "less_exposed": r.id in less} for r in self.ranks]


@dataclass(frozen=True)
class LearnerComparison:
    """Niches side by side (:class:`learnpath.planning.Comparison`) for one learner."""

    view: LearnerView
    comparison: Comparison
    now: CurrentWork | None = None
    stale_now: str | None = None

    def to_dict(self) -> dict:
        """The JSON of ``learnpath compare --json``, with ``now`` when it is known."""
        data = self.comparison.to_dict()
        if self.now is not None:
            data["now"] = self.now.to_dict()
        return data


#: Occupations suggested for words that are not a code (``translator``).
SUGGESTED = 3


def _words(text: str) -> set[str]:
    """The words of a title, singular (``Interpreters and Translators`` -> interpreter...)."""
    return {w.rstrip("s") for w in re.split(r"[^a-z]+", text) if len(w) > 2}


def occupation_exposure(code: str, catalogue: Catalogue) -> Exposure:
    """:func:`learnpath.exposure.occupation_exposure`, suggesting for words that are no
    code the occupations whose titles hold them (``translator`` -> ``27-3091``).

    Examples
    --------
    >>> from learnpath.model import Catalogue
    >>> try:
    ...     occupation_exposure("translator", Catalogue.build([], [], []))
    ... except UnknownIdError as exc:
    ...     print(exc)
    unknown occupation or niche `translator` (did you mean `27-3091`?)
    """
    try:
        return _exposure_of(code, catalogue)
    except UnknownIdError as exc:
        text = code.strip().lower()
        if soc_code(text) is not None or text.startswith(("http://", "https://")):
            raise
        words = _words(text)
        titled = [
            row.soc
            for row in occupation_table().values()
            if words and words <= _words(row.title.lower())
        ][:SUGGESTED]
        if not titled:
            raise
        near = titled + [n for n in exc.unknown.get(code.strip(), []) if n not in titled]
        raise UnknownIdError(exc.kind, {code.strip(): near[:SUGGESTED]}) from exc


def current_work(catalogue: Catalogue, code: str, niche_ids: Iterable[str] = ()) -> CurrentWork:
    """The exposure of ``code`` (SOC 2018 code, ESCO occupation URI or niche id) and
    which of the niches ``niche_ids`` are less exposed beyond doubt (a band wholly
    above), in their order.

    Raises
    ------
    UnknownIdError
        For a code none of these, naming the nearest known ones.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Niche
    >>> cat = Catalogue.build([], [], [
    ...     Niche("safe", "Safe", ("a",), 0.5, resilience_low=0.4, resilience_high=0.6),
    ...     Niche("close", "Close", ("a",), 0.05, resilience_low=0.01, resilience_high=0.1)])
    >>> current_work(cat, "27-3042", ["close", "safe"]).less_exposed
    ('safe',)
    """
    exposure = occupation_exposure(code, catalogue)

    def low(nid: str) -> float:
        n = catalogue.niches[nid]
        return n.resilience if n.resilience_low is None else n.resilience_low

    less = tuple(
        nid for nid in niche_ids if nid != exposure.code and low(nid) > exposure.resilience_high
    )
    return CurrentWork(exposure, less)


def _work(catalogue, mine: LearnerView, now: str | None, niches):
    """(current work or None, stale stored code or None): an explicit ``now`` must be
    known; a stored one that is no longer known is reported, not raised."""
    if now is not None:
        return current_work(catalogue, now, niches), None
    if mine.now is None:
        return None, None
    try:
        return current_work(catalogue, mine.now, niches), None
    except UnknownIdError:
        return None, mine.now


def niches(
    catalogue: Catalogue,
    mine: LearnerView,
    sort: str = "fit",
    now: str | None = None,
    *,
    ranker: Ranker | None = None,
    time_limit: float | None = None,
) -> NicheList:
    """Every niche ranked for the learner, with the exposure of their current work.

    Parameters
    ----------
    mine : LearnerView
        The learner (:func:`learnpath.learner.view`) or a visitor.
    sort : {"fit", "pareto", "hours", "resilience"}
        The order (see :func:`learnpath.planning.rank_niches`); ``fit`` is the
        personal order of :data:`learnpath.planning.ORDER`.
    now : str, optional
        Their current work (a SOC 2018 code, an ESCO occupation URI or a niche id);
        default: the one they stored.
    ranker : Ranker, optional
        Ranks instead of :func:`learnpath.planning.rank_niches` (a cache, say).

    Raises
    ------
    UnknownIdError
        For an unknown ``now`` code (naming the nearest), or unknown skills or modules.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("a", "A")], [Module("ma", "A", ("a",), 10)],
    ...                       [Niche("n", "N", ("a",), 0.5)])
    >>> mine = niches(cat, LearnerView(None, have=("a",)), now="27-3042")
    >>> [(r.id, r.fit) for r in mine.ranks], mine.now.less_exposed
    ([('n', 1.0)], ('n',))
    """
    if ranker is None:
        limit = {} if time_limit is None else {"time_limit": time_limit}

        def ranker(have, done, order):
            return planning.rank_niches(catalogue, list(have), list(done), order, **limit)

    if now is not None:  # a bad code fails before any planning
        occupation_exposure(now, catalogue)
    ranks = tuple(ranker(mine.have, mine.done, sort))
    work, stale = _work(catalogue, mine, now, [r.id for r in ranks])
    return NicheList(mine, sort, ranks, work, stale)


def compare(
    catalogue: Catalogue,
    mine: LearnerView,
    niche_ids: Sequence[str],
    now: str | None = None,
    *,
    time_limit: float | None = None,
) -> LearnerComparison:
    """Two or three niches side by side for the learner (:func:`learnpath.planning.compare`).

    Raises
    ------
    UsageError
        For fewer than two niches, more than three, or one given twice.
    UnknownIdError
        For an unknown niche or ``now`` code (naming the nearest).
    """
    ids = check_niches(catalogue, niche_ids)
    if now is not None:
        occupation_exposure(now, catalogue)
    limit = {} if time_limit is None else {"time_limit": time_limit}
    result = planning.compare(catalogue, list(mine.have), ids, list(mine.done), **limit)
    work, stale = _work(catalogue, mine, now, ids)
    return LearnerComparison(mine, result, work, stale)


def set_now(
    catalogue: Catalogue, store: ProgressStore, learner: str | None, code: str | None
) -> CurrentWork | None:
    """Store the learner's current work (``None`` or ``""`` forgets it); return its
    exposure (None when forgotten). The code is checked first and kept in normal form
    (``27-3042.00`` becomes ``27-3042``): nothing is written for an unknown one.

    Raises
    ------
    UnknownIdError
        For an unknown code, naming the nearest known ones (nothing is written).

    Examples
    --------
    >>> from learnpath.model import Catalogue
    >>> from learnpath.store import ProgressStore
    >>> cat = Catalogue.build([], [], [])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana")
    >>> set_now(cat, store, "ana", "27-3091.00").exposure.title
    'Interpreters and Translators'
    >>> store.state("ana").now
    '27-3091'
    >>> store.close()
    """
    if code is None or not code.strip():
        store.set_now(learner, None)
        return None
    work = current_work(catalogue, code)
    store.set_now(learner, work.exposure.code)
    return work
