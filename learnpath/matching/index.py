"""The phrase index of a catalogue: every name, alias and tool of every skill, by stems.

Built once per catalogue (:func:`index_of` caches it, dropped with the catalogue) and
read by one pass over a text's tokens (:meth:`PhraseIndex.scan`): at each word, the
phrases starting with that word's stem are tried longest first. Two-word activities
also match object first, with at most two words between, one of them a content word
("writing grant proposals", "cleaning the data", "map our current processes").

Examples
--------
>>> from learnpath.model import Catalogue, Skill
>>> from learnpath.matching.text import tokens
>>> cat = Catalogue.build([Skill("ppc", "Paid search", aliases=("Google Ads",)),
...                        Skill("dc", "Data cleaning")], [], [])
>>> [(h.skill, h.rule, h.start, h.end) for h in index_of(cat).scan(
...     tokens("Run Google Ads, then clean the data"))]
[('ppc', 'alias', 1, 3), ('dc', 'phrase', 4, 7)]
"""

from __future__ import annotations

import hashlib
import pickle
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..model import Catalogue
from .phrases import RULES, inversions, skill_phrases
from .text import STOP_STEMS, Token

__all__ = ["BREAKS", "Hit", "PhraseIndex", "index_of"]

#: Punctuation a phrase does not run across, unless it is written with it.
BREAKS = ",;:()[]"

#: Words allowed between the two words of an object-first phrase ("clean *the* data",
#: "map *our current* processes"): at most two, of which at most one is not a function word.
_GAP = 2


class Hit(NamedTuple):
    """A phrase found in a text: tokens ``start`` to ``end`` (exclusive) name ``skill``;
    ``punctuated`` when the phrase itself has a comma, colon... (else the matcher drops
    a hit that runs across one)."""

    skill: str
    rule: str
    start: int
    end: int
    punctuated: bool = False


@dataclass
class PhraseIndex:
    """Phrases by their first stem: ``first -> [(rest, skill, rule, punctuated)]``, longest
    first (``punctuated``: the phrase itself holds a comma, colon...)."""

    by_first: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = field(default_factory=dict)
    #: object-first phrases: ``verb stem -> [(object stem, skill)]``
    inverted: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    phrases: int = 0

    @classmethod
    def build(cls, catalogue: Catalogue) -> PhraseIndex:
        """Index every skill's phrases. A key two skills share is dropped for both (the
        checker refuses that for names, aliases and tools), unless only one of them has
        it as a name, alias or tool (the others as a word order): then it is that one's.
        So no text is ever read as the wrong skill."""
        owners: dict[tuple[str, ...], dict[str, str]] = {}
        inverted: set[tuple[tuple[str, ...], str]] = set()
        punctuated: set[tuple[tuple[str, ...], str]] = set()
        for skill in catalogue.skills.values():
            inverted.update((key, skill.id) for key in inversions(skill))
            for phrase in skill_phrases(skill):
                rules = owners.setdefault(phrase.key, {})
                best = rules.get(skill.id)
                if best is None or RULES.index(phrase.rule) < RULES.index(best):
                    rules[skill.id] = phrase.rule
                if any(c in phrase.surface for c in BREAKS):
                    punctuated.add((phrase.key, skill.id))
        index = cls()
        for key, rules in owners.items():
            strong = [sid for sid, rule in rules.items() if rule != "phrase"]
            if len(rules) == 1 or len(strong) == 1:
                sid = strong[0] if strong else next(iter(rules))
            else:
                continue
            rule = rules[sid]
            index.phrases += 1
            if (key, sid) in inverted:
                index.inverted.setdefault(key[0], []).append((key[1], sid))
            if rule != "phrase":
                entry = (key[1:], sid, rule, (key, sid) in punctuated)
                index.by_first.setdefault(key[0], []).append(entry)
        for entries in index.by_first.values():
            entries.sort(key=lambda e: (-len(e[0]), e[0], e[1]))
        for pairs in index.inverted.values():
            pairs.sort()
        return index

    def scan(self, words: Sequence[Token]) -> list[Hit]:
        """Every phrase in ``words``, in order; at each word only the longest phrase
        starting there (a phrase inside a longer one is dropped later, by the matcher)."""
        stems = [w.stem for w in words]
        n = len(stems)
        hits: list[Hit] = []
        by_first, inverted = self.by_first, self.inverted
        for i, first in enumerate(stems):
            entries = by_first.get(first)
            if entries is not None:
                for rest, sid, rule, punctuated in entries:
                    end = i + 1 + len(rest)
                    if end <= n and tuple(stems[i + 1 : end]) == rest:
                        hits.append(Hit(sid, rule, i, end, punctuated))
                        break
            pairs = inverted.get(first)
            if pairs is not None:
                for obj, sid in pairs:
                    content = 0
                    for j in range(i + 1, min(n, i + 2 + _GAP)):
                        if stems[j] == obj:
                            hits.append(Hit(sid, "phrase", i, j + 1))
                            break
                        content += stems[j] not in STOP_STEMS
                        if content > 1:
                            break
        return hits

    def first_words(self, words: Sequence[Token]) -> int:
        """How many of ``words`` start some phrase: one plain pass of a text through the
        index, the floor the matcher's speed is measured against."""
        by_first, inverted = self.by_first, self.inverted
        return sum(1 for w in words if w.stem in by_first or w.stem in inverted)


_CACHE: dict[int, tuple[object, PhraseIndex]] = {}


def index_of(catalogue: Catalogue) -> PhraseIndex:
    """The index of ``catalogue``: built on first use and kept while the catalogue lives;
    also kept on disk beside the compiled catalogues (``LEARNPATH_CACHE_DIR``; off with
    ``LEARNPATH_CACHE=0``), so that a command does not build it again at every start."""
    key = id(catalogue)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is catalogue:  # type: ignore[operator]
        return hit[1]
    index = _from_disk(catalogue)

    def forget(_ref: object, key: int = key) -> None:
        _CACHE.pop(key, None)

    ref: object
    try:
        ref = weakref.ref(catalogue, forget)
    except TypeError:  # not weak-referenceable: keep only the latest one
        _CACHE.clear()
        ref = lambda: catalogue  # noqa: E731
    _CACHE[key] = (ref, index)
    return index


# ---------------------------------------------------------------- on disk

_MAGIC = b"LPPHR1\n"
#: Bump when the index or the way phrases are read changes (the stemmer, the rules...).
_FORMAT = "1"


def _disk_path(catalogue: Catalogue) -> Path | None:
    """Where the index of ``catalogue`` is kept: named by a digest of learnpath's version,
    :data:`_FORMAT`, the matcher's files (size and time) and every skill's names, aliases
    and tools; None when caching is off."""
    from .. import __version__
    from ..config import cache_enabled, catalogue_cache_dir

    if not cache_enabled():
        return None
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0".encode())
    for source in ("index.py", "phrases.py", "text.py"):  # a changed matcher: a new file
        st = (Path(__file__).parent / source).stat()
        digest.update(f"{source}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for sid in sorted(catalogue.skills):
        s = catalogue.skills[sid]
        digest.update("\0".join((sid, s.name, "\1".join(s.aliases), "\1".join(s.tools))).encode())
        digest.update(b"\2")
    return catalogue_cache_dir() / f"phrases-{digest.hexdigest()}.pickle"


def _from_disk(catalogue: Catalogue) -> PhraseIndex:
    """The index from its file when it is there and intact, else built (and written)."""
    path = _disk_path(catalogue)
    if path is not None:
        try:
            blob = path.read_bytes()
            head = len(_MAGIC) + 32
            if (
                blob.startswith(_MAGIC)
                and hashlib.sha256(blob[head:]).digest() == blob[len(_MAGIC) : head]
            ):
                index = pickle.loads(blob[head:])  # noqa: S301 - our own file, checksummed
                if isinstance(index, PhraseIndex):
                    return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass
    index = PhraseIndex.build(catalogue)
    if path is not None:
        import os
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except OSError:
            pass
    return index
