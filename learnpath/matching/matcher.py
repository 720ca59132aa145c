"""``match_text()``: the catalogue skills a posting, a brief or a CV asks for.

One pass of the text's tokens through the catalogue's phrase index (:mod:`.index`)
finds every name, alias, tool and object-first phrase; the context of each
(:mod:`.context`) says whether it is asked for, a plus, or ruled out. A phrase inside a
longer one is dropped ("technical SEO" is not also "SEO"), and so is one that runs
across a sentence break. Each skill then gets the best of its mentions:

=================  ==========  ============================================
rule               confidence  the words were
=================  ==========  ============================================
``skill name``     0.95        the skill's name ("Copywriting")
``alias``          0.90        another name the catalogue gives it ("PPC")
``technology name``  0.90      a tool it covers ("Google Ads", "memoQ")
``phrase``         0.75        its name object first ("writing grant proposals")
=================  ==========  ============================================

plus 0.02 for each further mention (at most 0.04); a skill mentioned only as a plus
("nice to have") gets 0.4 times that, which puts it under :data:`ASKED`. Skills are
listed by confidence, then id: the answer does not depend on the order of the
sentences.

Examples
--------
>>> from learnpath.model import Catalogue, Skill
>>> cat = Catalogue.build([Skill("copy", "Copywriting"), Skill("ppc", "Paid search",
...     tools=("Google Ads",)), Skill("seo", "SEO writing")], [], [])
>>> found = match_text(cat, "Copywriter with Google Ads experience and a driving licence. "
...                    "SEO writing is a plus.")
>>> [(s.id, s.matched, s.rule, s.confidence) for s in found.skills]
[('ppc', 'Google Ads', 'technology name', 0.9), ('seo', 'SEO writing', 'skill name', 0.38)]
>>> found.unmatched
('driving licence',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Catalogue
from .context import Context
from .index import BREAKS, Hit, index_of
from .phrases import RULES
from .source import check_text
from .text import tokens

__all__ = ["ASKED", "SkillMatch", "TextMatch", "match_text"]

#: Confidence from which a skill counts as asked for (below it: only a plus).
ASKED = 0.5
_BASE = {"skill name": 0.95, "alias": 0.90, "technology name": 0.90, "phrase": 0.75}
_PER_MENTION, _MENTIONS_BONUS = 0.02, 0.04
_OPTIONAL_FACTOR = 0.4
#: Most phrases listed under ``unmatched``.
MAX_UNMATCHED = 30
#: A text with no skill and no clause of substance is listed whole, up to this many words.
_MAX_FALLBACK_WORDS = 12


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A skill the text names: the words (``matched``, as written), the rule, the
    confidence; ``optional`` when it is only a plus, ``mentions`` how often it is named."""

    id: str
    name: str
    matched: str
    rule: str
    confidence: float
    optional: bool = False
    mentions: int = 1

    def to_dict(self) -> dict:
        """One item of ``skills`` in ``learnpath match --json``."""
        return {
            "id": self.id,
            "name": self.name,
            "matched": self.matched,
            "rule": self.rule,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class TextMatch:
    """What a text asks for: the skills found (best first) and the requirement-like
    phrases no skill could be found for."""

    skills: tuple[SkillMatch, ...]
    unmatched: tuple[str, ...]

    @property
    def asked(self) -> tuple[SkillMatch, ...]:
        """The skills asked for (confidence at least :data:`ASKED`), not only a plus."""
        return tuple(s for s in self.skills if s.confidence >= ASKED)

    @property
    def optional(self) -> tuple[SkillMatch, ...]:
        """The skills mentioned only as a plus."""
        return tuple(s for s in self.skills if s.confidence < ASKED)

    def covered(self, held: Iterable[str]) -> tuple[str, ...]:
        """Ids of the asked-for skills among ``held``, in the order of :attr:`skills`."""
        held = set(held)
        return tuple(s.id for s in self.asked if s.id in held)

    def to_dict(self, held: Iterable[str] | None = None) -> dict:
        """The JSON of ``learnpath match --json``; ``covered`` only when ``held`` is given."""
        out: dict = {
            "skills": [s.to_dict() for s in self.skills],
            "unmatched": list(self.unmatched),
        }
        if held is not None:
            out["covered"] = list(self.covered(held))
        return out


def _outermost(hits: list[Hit]) -> list[Hit]:
    """``hits`` without those lying inside a longer one (of any skill)."""
    if len(hits) < 2:
        return hits
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    keep: list[Hit] = []
    reach = -1
    for h in ordered:
        if h.end <= reach:
            continue  # inside a hit that starts earlier, or at once and is longer
        keep.append(h)
        reach = max(reach, h.end)
    return keep


def _runs_across_breaks(text: str, words, hit: Hit) -> bool:
    """Whether punctuation (a comma, a colon...) separates two words of ``hit``."""
    gaps = text[words[hit.start].end : words[hit.end - 1].start]
    return any(c in BREAKS for c in gaps)


def match_text(catalogue: Catalogue, text: str) -> TextMatch:
    """The skills of ``catalogue`` that ``text`` asks for (see the module notes).

    Raises
    ------
    TextError
        When the text is empty, larger than 100 KB or not text.
    """
    text = check_text(text)
    words = tokens(text)
    ctx = Context.read(text, words)
    hits = [
        h
        for h in index_of(catalogue).scan(words)
        if ctx.clause_of[h.start] == ctx.clause_of[h.end - 1]
        and (h.punctuated or not _runs_across_breaks(text, words, h))
    ]
    covered = [False] * len(words)
    found: dict[str, list[tuple[int, str, str, bool]]] = {}
    for h in _outermost(hits):
        for i in range(h.start, h.end):
            covered[i] = True
        if ctx.negated[h.start]:
            continue
        surface = text[words[h.start].start : words[h.end - 1].end]
        found.setdefault(h.skill, []).append(
            (RULES.index(h.rule), surface, h.rule, ctx.optional[h.start])
        )
    skills = []
    for sid, mentions in found.items():
        required = [m for m in mentions if not m[3]]
        best = min(required or mentions, key=lambda m: (m[0], m[1].casefold(), m[1]))
        bonus = min(_MENTIONS_BONUS, _PER_MENTION * (len(mentions) - 1))
        confidence = min(0.99, _BASE[best[2]] + bonus)
        if not required:
            confidence *= _OPTIONAL_FACTOR
        skills.append(
            SkillMatch(
                id=sid,
                name=catalogue.skills[sid].name,
                matched=best[1],
                rule=best[2],
                confidence=round(confidence, 2),
                optional=not required,
                mentions=len(mentions),
            )
        )
    skills.sort(key=lambda s: (-s.confidence, s.id))
    unmatched = ctx.requirement_items(covered)
    if not skills and not unmatched:
        unmatched = ctx.sentences() or [" ".join(text.split()[:_MAX_FALLBACK_WORDS])]
    return TextMatch(tuple(skills), tuple(unmatched[:MAX_UNMATCHED]))
