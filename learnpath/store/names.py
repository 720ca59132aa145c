"""Learner names: what a valid one is, and the folded key that makes look-alikes one name.

A learner is shown the name exactly as they typed it; uniqueness (and the log-in
throttle) go by its **key**: NFKC-normalised, case-folded, runs of spaces made one. So
``alice``, ``Alice`` and full-width ``ａlice`` are one name, and only the first to
register gets it.

A valid name has 1 to 100 characters, no comma, no leading or trailing space, and:

- no control character (C0, DEL, C1), no format or invisible character (zero-width
  space and joiners, bidirectional controls, soft hyphen, variation selectors, Hangul
  fillers...), no private-use, surrogate or unassigned code point, and no space but the
  plain one;
- letters of one script, as Unicode's Scripts data (through :mod:`confusable_homoglyphs`)
  assigns them, besides digits, punctuation and other characters common to all scripts.
  The combinations Unicode's UTS #39 calls *highly restrictive* are allowed too: Latin
  with Han, Hiragana and Katakana (Japanese), with Han and Bopomofo (Chinese), or with
  Han and Hangul (Korean). So Cyrillic ``аlice`` (a Cyrillic ``а`` among Latin letters) is
  refused, while ``Ирина``, ``José`` and ``山田たろう`` are fine.

Examples
--------
>>> name_key("Ａlice  Smith")
'alice smith'
>>> check_name("Ирина")
'Ирина'
>>> name_problem("а" + "lice")
'it mixes letters of several scripts (Cyrillic, Latin)'
>>> name_problem("ali\\u200bce")
'it holds an invisible or control character (U+200B)'
>>> look_alike_groups(["alice", "bo", "Alice", "ＢＯ", "carol"])
[['alice', 'Alice'], ['bo', 'ＢＯ']]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .errors import InvalidLearnerDataError

__all__ = [
    "NAME_LENGTH",
    "KEY_LENGTH",
    "name_key",
    "name_problem",
    "check_name",
    "scripts_of",
    "look_alike_groups",
]

#: Longest learner name, in characters as typed.
NAME_LENGTH = 100
#: Longest key (NFKC can expand a character into several).
KEY_LENGTH = 200

_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
#: Default-ignorable code points that are not of a refused category (they show as nothing).
_INVISIBLE = {
    0x034F,  # combining grapheme joiner
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,  # Hangul fillers
    0x17B4,
    0x17B5,  # Khmer inherent vowels
    *range(0x180B, 0x1810),  # Mongolian free variation selectors
    *range(0xFE00, 0xFE10),  # variation selectors
    *range(0xE0100, 0xE01F0),  # variation selectors supplement
}
_NEUTRAL = {"COMMON", "INHERITED"}
#: Sets of scripts that may mix (UTS #39, "highly restrictive").
_ALLOWED_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)


def name_key(name: str) -> str:
    """The key names are compared by: NFKC, case-folded, one space between words.

    Never raises; any string has a key (the throttle folds names typed at log-in too).

    Examples
    --------
    >>> name_key("ＭＡＹＡ writer") == name_key("maya  Writer")
    True
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(part for part in folded.split(" ") if part)


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters and marks of ``text`` (digits, punctuation and symbols
    shared by every script are left out), upper-case Unicode names: ``{"LATIN"}``."""
    from confusable_homoglyphs import categories

    return {categories.alias(c) for c in text} - _NEUTRAL


def _bad_character(name: str) -> str | None:
    for c in name:
        code = ord(c)
        category = unicodedata.category(c)
        if category in _REFUSED_CATEGORIES or code in _INVISIBLE:
            return f"an invisible or control character (U+{code:04X})"
        if category == "Zs" and c != " ":
            return f"a space other than the plain one (U+{code:04X})"
    return None


def name_problem(name: object) -> str | None:
    """Why ``name`` is not a valid learner name, or None when it is."""
    if not isinstance(name, str) or not name:
        return "it is empty"
    if len(name) > NAME_LENGTH:
        return f"it is longer than {NAME_LENGTH} characters"
    if name != name.strip():
        return "it starts or ends with a space"
    if "," in name:
        return "it holds a comma"
    bad = _bad_character(name)
    if bad:
        return f"it holds {bad}"
    normal = unicodedata.normalize("NFKC", name)
    if _bad_character(normal) or not normal.strip():
        return "it holds an invisible or control character once normalised"
    if len(name_key(name)) > KEY_LENGTH:
        return f"it is longer than {KEY_LENGTH} characters once normalised"
    scripts = scripts_of(normal)
    if len(scripts) > 1 and not any(scripts <= mix for mix in _ALLOWED_MIXES):
        shown = ", ".join(s.title() for s in sorted(scripts))
        return f"it mixes letters of several scripts ({shown})"
    return None


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid learner name, else raise InvalidLearnerDataError.

    Examples
    --------
    >>> check_name("maya-writer")
    'maya-writer'
    >>> check_name("x\\x85y")
    Traceback (most recent call last):
    learnpath.store.errors.InvalidLearnerDataError: invalid learner name 'x\\x85y': it holds an ...
    """
    problem = name_problem(name)
    if problem:
        raise InvalidLearnerDataError(
            f"invalid learner name {name!r}: {problem} (a name has 1 to {NAME_LENGTH} "
            "visible characters of one script, no commas, no leading or trailing spaces)"
        )
    return name


def look_alike_groups(names: Iterable[str]) -> list[list[str]]:
    """Names that share a key, in groups of two or more (in the order given).

    ``learnpath db upgrade`` reports these: learners created before names were folded
    stay separate accounts, and are never merged behind their backs.
    """
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name_key(name), []).append(name)
    return [g for g in groups.values() if len(g) > 1]
