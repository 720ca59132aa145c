"""What a posting means around each word: required, a plus, or ruled out.

A text is cut into lines, then clauses (at ``.``, ``;``, ``!``, ``?``, "but", a dash).
A short line ending in a colon ("Nice to have:", "Not required:") is a heading whose
mode lasts until the next heading or the end of its paragraph; "Bonus: ..." at the
start of a line sets the mode of that line. Within a clause:

- "nice to have", "is a plus", "preferred", "would be helpful"... make every skill of
  the clause a plus (*optional*);
- "no", "not", "without", "don't", "rather than"... rule out the skills after them, up
  to the end of the clause or a break ("No coding, just Excel" keeps Excel);
- "not required", "not needed", "not part of"... rule out the skills before them, back
  to the start of the clause or an earlier "required" ("SQL required, Python not
  required" keeps SQL);
- "articles about", "videos about"... make what follows a topic, not a skill asked for.

:class:`Context` also finds the requirement-like phrases of a text (bullets and
clauses saying "experience", "knowledge", "must"...), split into items, so that the
matcher can list those it could not place.

Examples
--------
>>> from learnpath.matching.text import tokens
>>> text = "Excel is a must. No coding needed. Nice to have: Canva"
>>> words = tokens(text)
>>> ctx = Context.read(text, words)
>>> [(w.text, ctx.negated[i], ctx.optional[i]) for i, w in enumerate(words)
...  if w.text in ("Excel", "coding", "Canva")]
[('Excel', False, False), ('coding', True, False), ('Canva', False, True)]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .text import STOP_WORDS, Token, fold

__all__ = ["Clause", "Context", "REQUIRED", "OPTIONAL", "NEGATED"]

REQUIRED, OPTIONAL, NEGATED = "required", "optional", "negated"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OPTIONAL_CUES = re.compile(
    r"\b(?:nice[ -]to[ -]have|good[ -]to[ -]have|(?:a|an|big|real|strong|definite) plus|"
    r"(?:an?|big|real) (?:advantage|asset|bonus)|bonus|would be (?:great|helpful|nice|ideal|"
    r"useful|welcome|an? \w+)|is (?:also )?welcome|are (?:also )?welcome|welcome but|helps|"
    r"helpful|preferred|preferably|desirable|ideally|optional|(?:is|are)?n't essential|"
    r"(?:is |are )?not essential|if possible|extra points|a bonus)\b"
)
_NEGATED_AFTER = re.compile(
    r"\b(?:(?:is|are)n't|(?:is|are) not|not) (?:required|needed|necessary|expected|"
    r"a requirement|part of|involved|wanted|relevant)\b|\bunnecessary\b|\bnot (?:required|"
    r"needed|necessary)\b"
)
# "no", "not", "without" ... ruling out what follows them (folded words, or word pairs)
_NEGATE_WORDS = _words(
    "no not without never nor neither don't dont doesn't doesnt won't wont isn't isnt "
    "aren't arent cannot can't cant shouldn't"
)
_NEGATE_PAIRS = frozenset({("rather", "than"), ("instead", "of"), ("more", "than")})
# "articles about project management": what follows "about" is a topic, not a skill asked
# for (its few words, up to "and", "for"...)
_TOPIC_WORDS = 4
_TOPIC_END = _words("and or for to who that which with but so")
_TOPIC_BEFORE_ABOUT = _words(
    "article articles post posts write writes writing written blog blogs content story "
    "stories newsletter newsletters piece pieces video videos episode episodes book books "
    "guide guides report reports course courses talk talks"
)
# ... unless followed by these ("not only", "no later than", "not sure")
_NOT_NEGATING = _words("only just limited later more less sure matter problem")
_REQUIRED_WORDS = _words("required essential must needed mandatory")
# after a comma, these start a new statement: a negation does not reach across
_FRESH_START = _words(
    "we you i they it this that our your just only so then instead rather which but"
)
_HEADING_OPTIONAL = re.compile(
    r"^(?:nice[ -]to[ -]haves?|good[ -]to[ -]haves?|bonus(?: points)?|pluses|a plus|"
    r"preferred(?: qualifications| skills)?|desirable(?: skills)?|optional|extras?|"
    r"would be nice|ideally|it's a plus if|even better)$"
)
_HEADING_NEGATED = re.compile(
    r"^(?:not (?:required|needed|necessary)|no need for|you (?:don't|do not|won't|will not) "
    r"need|what you (?:won't|will not|don't|do not) (?:need|do)|not (?:part of|in) (?:this|the) "
    r"(?:role|job)|out of scope)$"
)
_REQUIREMENT_CUES = re.compile(
    r"\b(?:experience|experienced|knowledge|skills?|skilled|proficien\w*|familiar\w*|abilit"
    r"\w*|able to|expertise|expert|background|understanding|fluen\w*|degree|certifi\w*|licen"
    r"[cs]e|must|required|requirements?|essential|should|need|needs|comfortable|command of|"
    r"track record|a plus|preferred)\b"
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—+]|\d{1,2}[.)])\s+")
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\s+(?=(?:but|however|although|whereas|though)\b)|\s+[-–—]\s+|"
    r"(?<=:)\s+"
)
_ITEM_BREAK = re.compile(
    r",(?!\d)|;|\(|\)|/|:|\s(?:and|or|as well as|plus|&|with|in|of|for|using|including|such as|"
    r"like|e\.g\.|from|to|into|on)\s",
    re.IGNORECASE,
)
#: words that say how much is wanted, never what
_GENERIC = (
    _words(
        """experience experienced years year months strong excellent good great solid proven
    ability able skills skill knowledge understanding familiarity proficiency proficient
    required must essential plus nice have has need needs know work working expertise
    least minimum ideally preferably very highly really also some basic advanced deep
    background comfortable confident hands-on level plenty etc include including like one
    two three four five six seven eight nine ten first how well properly fast quickly clearly
    clean write use make get do done help yours ours final new own lot lots way ways time
    able thing things stuff etc"""
    )
    | STOP_WORDS
)
_LEADING = re.compile(
    r"^(?:(?:you|we|i)(?:'ll| will| must| should| need| have| bring| are)?(?: to)?(?: have| be)?"
    r"|must(?: have| be)?|should(?: have| be)?|able to|ability to|experience (?:with|in|of)|"
    r"knowledge of|familiarity with|proficiency in|proficient in|expertise in|background in|"
    r"understanding of|strong|excellent|good|solid|proven|hands-on|basic|advanced|some|a|an|the|"
    r"at least|\d+\+? years?(?: of)?|with|in|of|and|or|but|also|then|our|your|their)\s+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"\s+(?:is|are)?\s*(?:required|essential|a must|preferred|(?:a |an )?(?:strong |big |real )?"
    r"(?:plus|bonus|advantage)|needed|expected|mandatory|welcome|helpful|would be \w+(?: \w+)?|"
    r"experience|skills?|knowledge)$",
    re.IGNORECASE,
)
_MAX_ITEM_WORDS = 8


@dataclass(frozen=True)
class Clause:
    """A piece of a sentence: characters ``start``..``end`` of the text, its tokens
    ``first``..``last`` (exclusive), its mode, and whether it states a requirement."""

    start: int
    end: int
    first: int
    last: int
    mode: str
    requirement: bool


@dataclass
class Context:
    """Per token: its clause, ruled out or not, a plus or not; and the clauses."""

    text: str
    starts: list[int]
    clauses: list[Clause]
    clause_of: list[int]
    negated: list[bool]
    optional: list[bool]

    @classmethod
    def read(cls, text: str, words: Sequence[Token]) -> Context:
        """Read ``text`` (whose tokens are ``words``)."""
        starts = [w.start for w in words]
        clauses = list(_clauses(text, starts))
        clause_of = [0] * len(words)
        negated = [False] * len(words)
        optional = [False] * len(words)
        for c, clause in enumerate(clauses):
            for i in range(clause.first, clause.last):
                clause_of[i] = c
                negated[i] = clause.mode == NEGATED
                optional[i] = clause.mode == OPTIONAL
            if clause.mode != NEGATED:
                _negations(text, words, clause, negated)
        return cls(text, starts, clauses, clause_of, negated, optional)

    def requirement_items(self, covered: Sequence[bool]) -> list[str]:
        """The requirement-like phrases with no token in ``covered`` (per token: part of
        a phrase that was placed), cleaned up, in text order, without repeats."""
        out: dict[str, str] = {}
        for clause in self.clauses:
            if not clause.requirement or clause.mode == NEGATED:
                continue
            for start, end in _items(self.text, clause.start, clause.end):
                first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
                if first == last or any(covered[first:last]):
                    continue
                if any(self.negated[first:last]):
                    continue
                phrase = _clean(self.text[start:end])
                if phrase:
                    out.setdefault(phrase.casefold(), phrase)
        return list(out.values())

    def sentences(self) -> list[str]:
        """Every clause, cleaned up (what a text without requirement cues asks for)."""
        out: dict[str, str] = {}
        for clause in self.clauses:
            if clause.first == clause.last or clause.mode == NEGATED:
                continue
            phrase = _clean(self.text[clause.start : clause.end])
            if phrase:
                out.setdefault(phrase.casefold(), phrase)
        return list(out.values())


def _label_mode(label: str) -> str | None:
    """The mode a heading sets ("Nice to have" -> optional), None for other headings."""
    text = re.sub(r"\s+", " ", fold(label).strip(" :*#-_"))
    if _HEADING_OPTIONAL.match(text):
        return OPTIONAL
    if _HEADING_NEGATED.match(text):
        return NEGATED
    return None


#: A line at least this long that does not end in ":" is wrapped prose: the next line
#: goes on with it (shorter lines are items of a list, one per line).
_WRAPPED = 40


def _blocks(text: str):
    """Logical lines: ``(start, end, bullet)`` for each bullet, heading or paragraph
    (wrapped lines joined), and ``None`` for each blank line."""
    current: list | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.strip()
        if not body:
            if current is not None:
                yield tuple(current)
                current = None
            yield None
            continue
        bullet = _BULLET.match(line)
        lead = bullet.end() if bullet else len(line) - len(line.lstrip())
        end = start + len(line.rstrip())
        heading = body.endswith(":") and len(body.split()) <= 8
        joins = (
            current is not None
            and not bullet
            and not heading
            and current[3] >= _WRAPPED
            and not text[current[0] : current[1]].endswith(":")
        )
        if joins and current is not None:
            current[1], current[3] = end, len(body)
            continue
        if current is not None:
            yield tuple(current)
        current = [start + lead, end, bool(bullet), len(body)]
        if heading:
            yield tuple(current)
            current = None
    if current is not None:
        yield tuple(current)


def _clauses(text: str, starts: list[int]):
    """Every clause of ``text`` with its tokens and mode (see the module notes)."""
    section: str | None = None  # mode of the current heading
    seen_under_heading = False
    for block in _blocks(text):
        if block is None:
            if seen_under_heading:
                section = None
            continue
        content_start, content_end, bullet, _ = block
        content = text[content_start:content_end]
        words = len(content.split())
        if content.endswith(":") and words <= 8:  # a heading line
            section = _label_mode(content) or REQUIRED
            seen_under_heading = False
            continue
        if words <= 4 and _label_mode(content) is not None:  # "Nice to have" alone
            section = _label_mode(content)
            seen_under_heading = False
            continue
        line_mode = section
        label, colon, rest = content.partition(":")
        if colon and rest.strip() and len(label.split()) <= 5:
            labelled = _label_mode(label)
            if labelled is not None:
                line_mode = labelled
                content_start += len(label) + 1
                content = rest
        if section is not None:
            seen_under_heading = True
        yield from _split(text, content_start, content, line_mode, bullet, starts)


def _split(text, offset, content, line_mode, bullet, starts):
    pieces = []
    last = 0
    for m in _CLAUSE_BREAK.finditer(content):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(content)))
    clauses: list[Clause] = []
    base_mode, labelled = line_mode, False
    for a, b in pieces:
        piece = content[a:b].strip()
        if not piece:
            continue
        if piece.endswith(":") and _label_mode(piece) is not None:  # "... Nice to have: X."
            line_mode, labelled = _label_mode(piece), True
            continue
        start = offset + a + (len(content[a:b]) - len(content[a:b].lstrip()))
        end = start + len(piece)
        folded = fold(piece)
        mode = line_mode or REQUIRED
        if mode == REQUIRED and _OPTIONAL_CUES.search(folded):
            mode = OPTIONAL
        requirement = bullet or bool(_REQUIREMENT_CUES.search(folded))
        if mode == OPTIONAL and clauses and _cue_only(folded):  # "X, but that's optional"
            clauses[-1] = replace(clauses[-1], mode=OPTIONAL)
        clauses.append(
            Clause(
                start, end, bisect_left(starts, start), bisect_left(starts, end), mode, requirement
            )
        )
        if labelled and piece[-1] in ".!?":  # an inline label lasts to the end of its sentence
            line_mode, labelled = base_mode, False
    yield from clauses


def _cue_only(folded: str) -> bool:
    """Whether a clause says nothing but that something is a plus ("though it isn't
    essential", "but that's optional")."""
    rest = _OPTIONAL_CUES.sub(" ", folded)
    return not any(_substantial(w) for w in rest.split() if w not in _CUE_FILLER)


_CUE_FILLER = _words("but though although that's thats it's its this is would be just")


def _gap(text: str, words: Sequence[Token], i: int) -> str:
    """The characters between token ``i - 1`` and token ``i``."""
    return text[words[i - 1].end : words[i].start] if i > 0 else ""


def _negations(text: str, words: Sequence[Token], clause: Clause, negated: list[bool]) -> None:
    """Mark the tokens of ``clause`` a negation rules out (see the module notes)."""
    first, last = clause.first, clause.last
    folded = [fold(words[i].text) for i in range(first, last)]
    for k, word in enumerate(folded):
        i = first + k
        nxt = folded[k + 1] if k + 1 < len(folded) else ""
        cue = word in _NEGATE_WORDS or (word, nxt) in _NEGATE_PAIRS
        topic = word == "about" and any(w in _TOPIC_BEFORE_ABOUT for w in folded[max(0, k - 3) : k])
        if topic:  # "articles about project management": the topic's few words only
            for j in range(i + 1, min(last, i + 1 + _TOPIC_WORDS)):
                if "," in _gap(text, words, j) or fold(words[j].text) in _TOPIC_END:
                    break
                negated[j] = True
            continue
        if not cue or nxt in _NOT_NEGATING and word != "more":
            continue
        if word == "no" and text[words[i].end : words[i].end + 1] == "-":
            continue  # "no-code"
        if word == "more" and (not nxt or nxt[0].isdigit()):
            continue  # "more than 3 years"
        skip = 2 if (word, nxt) in _NEGATE_PAIRS else 1
        for j in range(i + skip, last):
            gap = _gap(text, words, j)
            if ":" in gap or re.search(r"\s[-–—]\s", gap):
                break
            if "," in gap and fold(words[j].text) in _FRESH_START:
                break
            negated[j] = True
    piece = fold(text[clause.start : clause.end])
    for m in _NEGATED_AFTER.finditer(piece):
        cue_at = clause.start + m.start()
        j = bisect_left([w.start for w in words[first:last]], cue_at) + first
        for i in range(j - 1, first - 1, -1):
            if fold(words[i].text) in _REQUIRED_WORDS:
                break
            negated[i] = True


def _items(text: str, start: int, end: int):
    """Character spans of the items of a clause, split at commas, "and", "or"..."""
    piece = text[start:end]
    last = 0
    for m in _ITEM_BREAK.finditer(piece):
        yield start + last, start + m.start()
        last = m.end()
    yield start + last, end


def _clean(phrase: str) -> str:
    """An item as listed under ``unmatched``: without "experience with", "is required"...
    ('' when no word of substance is left)."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" .!?:;,'\"*-–—")
    for _ in range(4):
        stripped = _LEADING.sub("", phrase)
        stripped = _TRAILING.sub("", stripped).strip(" .!?:;,'\"*-–—")
        if stripped == phrase:
            break
        phrase = stripped
    words = phrase.split()
    substantial = [w for w in words if _substantial(w)]
    if len(substantial) < 2 and not any(_product_like(w) for w in substantial):
        return ""
    return " ".join(words[:_MAX_ITEM_WORDS])


def _product_like(word: str) -> bool:
    """A word that names a thing on its own: "memoQ", "GA4", "SQL", "Aegisub"."""
    word = word.strip(".,'\"()")
    return (
        any(c.isupper() for c in word[1:])
        or any(c.isdigit() for c in word)
        or (len(word) >= 2 and word.isupper())
    )


def _substantial(word: str) -> bool:
    """A word that says what is wanted: has a letter and is not in :data:`_GENERIC`."""
    return fold(word).strip(".,'\"()") not in _GENERIC and bool(re.search(r"[^\W\d_]", word))
