"""Searching skills as people type: "writing" finds "Written English" (it "writes").

A skill's searchable text is its id, name, description, tags, aliases and tools, as
stems (:func:`haystack`); each word typed must start one of those stems
(:func:`found`). The site's live filter (``site.js``) does the same in the browser.

Examples
--------
>>> from learnpath.model import Skill
>>> s = Skill("written-english", "Written English", "Reads and writes clear English.")
>>> found(terms("writing"), haystack(s)), found(terms("engl read"), haystack(s))
(True, True)
>>> found(terms("spreadsheet"), haystack(s))
False
"""

from __future__ import annotations

from ..model import Skill
from .text import tokens

__all__ = ["terms", "haystack", "found"]


def terms(query: str) -> list[str]:
    """The stems of the words of ``query`` (what each must match)."""
    return [t.stem for t in tokens(query)]


def haystack(skill: Skill) -> str:
    """The stems of everything a skill is known by, space-separated (with a leading space)."""
    texts = [
        skill.id.replace("-", " "),
        skill.name,
        skill.description or "",
        *skill.tags,
        *skill.aliases,
        *skill.tools,
    ]
    return " " + " ".join(t.stem for text in texts for t in tokens(text))


def found(wanted: list[str], hay: str) -> bool:
    """Whether every stem of ``wanted`` starts a word of ``hay``."""
    return all(f" {w}" in hay for w in wanted)
