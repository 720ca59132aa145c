"""From text to skills: the catalogue skills a job posting, a client brief or a CV asks for.

Deterministic and offline: normalised words (:mod:`.text`), the phrases naming each
skill (:mod:`.phrases`: names, ``aliases:``, ``tools:``), an index of them built once
per catalogue (:mod:`.index`), what the words around each mention mean (:mod:`.context`:
required, a plus, ruled out), and :func:`match_text` (:mod:`.matcher`) tying them
together. Texts are checked first (:mod:`.source`: UTF-8, at most 100 KB).

Examples
--------
>>> from learnpath.model import Catalogue, Skill
>>> cat = Catalogue.build([Skill("sql", "SQL", aliases=("PostgreSQL",))], [], [])
>>> [s.id for s in match_text(cat, "Must know PostgreSQL; no Python needed").skills]
['sql']
"""

from __future__ import annotations

from .matcher import ASKED, SkillMatch, TextMatch, match_text
from .source import MAX_TEXT_BYTES, TextError, check_text, decode_text

__all__ = [
    "ASKED",
    "MAX_TEXT_BYTES",
    "SkillMatch",
    "TextMatch",
    "TextError",
    "check_text",
    "decode_text",
    "match_text",
]
