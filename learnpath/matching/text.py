"""Text to comparable words: tokens with their place in the text, and a light stemmer.

Postings, skill names and aliases all go through :func:`tokens` (or :func:`phrase_key`),
so that "Copy-editing", "copyediting" written as two words, "edited copy" and
"localisation"/"localization" meet on the same stems. The stemmer is deliberately
small and deterministic (suffixes and British spellings); what it cannot see, an
``aliases:`` line in the catalogue says.

Examples
--------
>>> phrase_key("Machine-translation post-editing")
('machin', 'translat', 'post', 'edit')
>>> phrase_key("Optimising for AI search") == phrase_key("optimizing for AI search")
True
>>> [t.text for t in tokens("C++ and Node.js, not C#")]
['C++', 'and', 'Node', '.js', 'not', 'C#']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Token", "tokens", "stem", "phrase_key", "STOP_WORDS", "STOP_STEMS", "fold"]

#: A word: letters or digits (any script), apostrophes inside it ("client's", "don't"),
#: a trailing "+" or "#" ("C++", "C#"), or a leading dot (".NET", the ".js" of "Node.js");
#: "&" is a word of its own (read as "and").
_WORD = re.compile(r"&|\.?[^\W_]+(?:['’][^\W_]+)*(?:\+\+|\+|#)?")

#: Function words: never enough on their own to name a skill.
# fmt: off
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "by", "for", "from", "has",
    "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "so", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "too", "us", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with",
    "within", "you", "your", "yours",
})
# fmt: on

# British to American spellings the suffix rules below do not reach (stems of both)
_SPELLING = {
    "colour": "color",
    "behaviour": "behavior",
    "favour": "favor",
    "centre": "center",
    "catalogue": "catalog",
    "licence": "license",
    "defence": "defense",
    "analyse": "analyze",
    "analysing": "analyzing",
    "analysed": "analyzed",
    "modelling": "modeling",
    "labelling": "labeling",
    "travelling": "traveling",
    "cancelling": "canceling",
    "judgement": "judgment",
    "email": "email",
}


# words whose "-ing" makes another word ("programming" is not "program", "marketing" not
# "market"): kept whole
# fmt: off
_KEEP_ING = frozenset({
    "programming", "marketing", "engineering", "accounting", "networking", "consulting",
    "banking", "housing", "clothing", "wedding", "morning", "evening", "string", "spring",
    "during", "nothing", "something", "anything", "everything", "building",
})
# fmt: on


class Token(NamedTuple):
    """One word of a text: its stem, and where it is (``text[start:end]`` is ``text``)."""

    stem: str
    start: int
    end: int
    text: str


def fold(word: str) -> str:
    """``word`` as compared: NFKC, case-folded, typographic apostrophes made plain."""
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The stem of one folded word (see the module notes).

    Examples
    --------
    >>> [stem(w) for w in ["writing", "writes", "write", "written", "tests", "testing"]]
    ['writ', 'writ', 'writ', 'written', 'test', 'test']
    >>> [stem(w) for w in ["localisation", "localization", "localizing", "analysis"]]
    ['localiz', 'localiz', 'localiz', 'analysis']
    >>> [stem(w) for w in ["planning", "modelling", "processes", "categories", "ads"]]
    ['plan', 'model', 'process', 'category', 'ad']
    """
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    word = _SPELLING.get(word, word)
    if word in _KEEP_ING:
        return word
    if len(word) <= 3 or not word.isalpha():
        return word[:-1] if len(word) == 3 and word.endswith("s") and word[1] != "s" else word
    for suffix, repl in (
        ("isations", "iz"),
        ("izations", "iz"),
        ("isation", "iz"),
        ("ization", "iz"),
        ("ising", "iz"),
        ("izing", "iz"),
        ("ised", "iz"),
        ("ized", "iz"),
        ("ises", "iz"),
        ("izes", "iz"),
        ("ise", "iz"),
        ("ize", "iz"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ations") and len(word) >= 8:
        word = word[:-4]
    elif word.endswith("ation") and len(word) >= 7:
        word = word[:-3]
    elif word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) >= 6:
        word = _undouble(word[:-2])
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    """``plann`` -> ``plan``, ``modell`` -> ``model`` (but ``process`` keeps its ss)."""
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "s" and word[-1].isalpha():
        return word[:-1]
    return word


def tokens(text: str) -> list[Token]:
    """Every word of ``text`` with its stem and its place, in order."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        out.append(Token(_stem_of(raw), m.start(), m.end(), raw))
    return out


@lru_cache(maxsize=1 << 16)
def _stem_of(raw: str) -> str:
    folded = fold(raw)
    return "and" if folded == "&" else stem(folded)


@lru_cache(maxsize=1 << 14)
def phrase_key(text: str) -> tuple[str, ...]:
    """The stems of ``text``: what a phrase (a name, an alias) is indexed and compared by."""
    return tuple(_stem_of(m.group()) for m in _WORD.finditer(text))


#: The stems of :data:`STOP_WORDS` (what token stems are compared with).
STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)
