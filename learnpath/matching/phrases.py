"""The phrases that name a skill: its name, its aliases, its tools, and a few word orders.

:func:`skill_phrases` lists, for one :class:`~learnpath.model.Skill`, every phrase a text
may use for it, each with the rule that produced it (the matcher reports that rule).
The catalogue checker compares the same keys, so two skills can never be named alike.

Examples
--------
>>> from learnpath.model import Skill
>>> s = Skill("sql-basics", "SQL basics", aliases=("structured query language",),
...           tools=("PostgreSQL",))
>>> [(p.rule, p.surface) for p in skill_phrases(s)]
[('skill name', 'SQL basics'), ('alias', 'structured query language'), \
('technology name', 'PostgreSQL')]
>>> [p.key for p in skill_phrases(Skill("grant-writing", "Grant writing")) if p.rule == "phrase"]
[('writ', 'grant')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..model import Skill
from .text import STOP_STEMS, phrase_key, tokens

__all__ = ["Phrase", "RULES", "skill_phrases", "inversions", "name_keys", "has_word"]

#: The rules a match can come from, strongest first.
RULES = ("skill name", "alias", "technology name", "phrase")

_PARENTHESES = re.compile(r"\s*\([^)]*\)")


class Phrase(NamedTuple):
    """One way of naming a skill: its stems (``key``), the rule, and the text it came from."""

    key: tuple[str, ...]
    rule: str
    surface: str


def has_word(key: tuple[str, ...]) -> bool:
    """Whether ``key`` holds a word that is not a function word ("the", "and", ...)."""
    return any(k not in STOP_STEMS for k in key)


def name_keys(skill: Skill) -> list[tuple[str, ...]]:
    """The keys of the skill's name: as written, and without what is in parentheses
    ("Programming basics (Python)" is also "Programming basics")."""
    keys = [phrase_key(skill.name)]
    bare = _PARENTHESES.sub("", skill.name).strip()
    if bare and bare != skill.name:
        keys.append(phrase_key(bare))
    return [k for k in dict.fromkeys(keys) if k and has_word(k)]


@lru_cache(maxsize=1 << 14)
def _inverted(text: str) -> tuple[str, ...] | None:
    """Object first: "grant writing" -> "writing grant(s)", for a two-word activity."""
    words = tokens(text)
    if len(words) != 2 or any(t.stem in STOP_STEMS for t in words):
        return None
    first, second = words
    if not second.text.lower().endswith(("ing", "ion")) or not first.text.isalpha():
        return None
    return (second.stem, first.stem)


def inversions(skill: Skill) -> set[tuple[str, ...]]:
    """The object-first keys of the skill's two-word name and aliases ("grant writing"
    -> ``('writ', 'grant')``), even those that an alias also spells out."""
    bare = _PARENTHESES.sub("", skill.name).strip()
    return {key for text in (bare, *skill.aliases) if (key := _inverted(text)) is not None}


def skill_phrases(skill: Skill) -> list[Phrase]:
    """Every phrase naming ``skill``, strongest rule first, without repeats."""
    out: list[Phrase] = []
    seen: set[tuple[str, ...]] = set()

    def add(key: tuple[str, ...] | None, rule: str, surface: str) -> None:
        if key and key not in seen and has_word(key):
            seen.add(key)
            out.append(Phrase(key, rule, surface))

    bare = _PARENTHESES.sub("", skill.name).strip()
    for key in name_keys(skill):
        add(key, "skill name", skill.name if key == phrase_key(skill.name) else bare)
    for alias in skill.aliases:
        add(phrase_key(alias), "alias", alias)
    for tool in skill.tools:
        add(phrase_key(tool), "technology name", tool)
    for text in (bare, *skill.aliases):
        add(_inverted(text), "phrase", text)
    return out
