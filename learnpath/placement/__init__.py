"""A short placement check: a few yes/no questions to the skills a learner already holds.

Knowledge-space style, on the catalogue's prerequisite structure: a skill *needs*
another when every module teaching it requires that one (directly, or through what
those requirements need in turn). A "yes" to a skill therefore also places every skill
it needs, and a "no" rules out every skill that needs it. Each question asks about the
skill whose answer settles the most skills whichever way it goes (the larger of the
two smaller halves), so at most :data:`MAX_QUESTIONS` questions go a long way; what
stays open is left out (not assumed held). :meth:`Placement.result` ends with the
skills inferred and the *fringe*: the modules the learner can start now.

Examples
--------
>>> from learnpath.model import Catalogue, Module, Skill
>>> cat = Catalogue.build(
...     [Skill(s, s.upper()) for s in ("a", "b", "c", "d")],
...     [Module("mb", "B", ("b",), 1, ("a",)), Module("mc", "C", ("c",), 1, ("b",)),
...      Module("md", "D", ("d",), 1, ("c",))], [])
>>> p = Placement.of(cat)
>>> p.next_question({})
'b'
>>> p.next_question({"b": True})
'c'
>>> result = p.result({"b": True, "c": False})
>>> sorted(result.held), sorted(result.ruled_out), [m.id for m in result.fringe]
(['a', 'b'], ['c', 'd'], ['mc'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import LearnpathError, UnknownIdError, closest
from ..model import Catalogue, Module

__all__ = ["MAX_QUESTIONS", "Placement", "PlacementResult", "ConflictingAnswersError"]

#: Most questions one placement check asks.
MAX_QUESTIONS = 12


class ConflictingAnswersError(LearnpathError):
    """A "yes" to a skill and a "no" to a skill it needs (or the other way round)."""


@dataclass(frozen=True)
class PlacementResult:
    """Where the answers place the learner: skills held (asked or implied), skills ruled
    out, how many remain open, and the modules they can start now (by title)."""

    held: frozenset[str]
    ruled_out: frozenset[str]
    open: int
    fringe: tuple[Module, ...]


class Placement:
    """The prerequisite structure of a catalogue (optionally narrowed to one niche's
    skills), ready to pick questions and infer skills; build with :meth:`of`."""

    def __init__(self, catalogue: Catalogue, pool: Iterable[str], known: Iterable[str] = ()):
        self.catalogue = catalogue
        ids = sorted(catalogue.skills)
        self._bit = {s: 1 << i for i, s in enumerate(ids)}
        self._ids = ids
        self._needs = _needs(catalogue, self._bit)
        self._needed_by = _transpose(self._needs, len(ids))
        self.pool = frozenset(s for s in pool if s in catalogue.skills)
        self._pool_mask = self._mask(self.pool)
        self.known = frozenset(s for s in known if s in catalogue.skills)
        # what a question can settle at most, whatever else is known: to skip most
        # candidates without counting (see next_question)
        self._bound = {
            s: min(
                (self._needs[self._bit[s]] & self._pool_mask).bit_count(),
                (self._needed_by[self._bit[s]] & self._pool_mask).bit_count(),
            )
            + 1
            for s in self.pool
        }
        self._order = sorted(self.pool, key=lambda s: (-self._bound[s], s))

    @classmethod
    def of(
        cls, catalogue: Catalogue, target: str | None = None, known: Iterable[str] = ()
    ) -> Placement:
        """The placement check of ``catalogue``: over every skill, or over the skills
        niche ``target`` needs (directly or as prerequisites); ``known`` skills (the
        learner's already) are held from the start, with what they need, and never asked.

        Raises
        ------
        UnknownIdError
            When ``target`` is not a niche of the catalogue.
        """
        if target is None:
            pool: Iterable[str] = catalogue.skills
        elif target in catalogue.niches:
            pool = catalogue.needed_skills(catalogue.niches[target].requires)
        else:
            raise UnknownIdError("niche", {target: closest(target, catalogue.niches)})
        return cls(catalogue, pool, known)

    def _mask(self, skills: Iterable[str]) -> int:
        out = 0
        for s in skills:
            out |= self._bit[s]
        return out

    def _skills(self, mask: int) -> frozenset[str]:
        out = []
        while mask:
            low = mask & -mask
            out.append(self._ids[low.bit_length() - 1])
            mask ^= low
        return frozenset(out)

    def _settled(self, answers: Mapping[str, bool]) -> tuple[int, int]:
        """Masks of the skills held and ruled out by ``answers`` (and ``known``)."""
        bad = {s: closest(s, self.catalogue.skills) for s in answers if s not in self._bit}
        if bad:
            raise UnknownIdError("skill", bad)
        held = 0
        for skill in self.known:  # what the learner holds, and what that needs
            held |= self._bit[skill] | self._needs[self._bit[skill]]
        out = 0
        for skill, yes in answers.items():
            bit = self._bit[skill]
            if yes:
                held |= bit | self._needs[bit]
            else:
                out |= bit | self._needed_by[bit]
        clash = held & out
        if clash:
            both = sorted(self._skills(clash))
            raise ConflictingAnswersError(
                f"these answers contradict each other on {', '.join(f'`{s}`' for s in both)}: "
                "a yes to a skill means yes to every skill it needs; start the check again"
            )
        return held, out

    def next_question(self, answers: Mapping[str, bool]) -> str | None:
        """The skill to ask about next, or None when the check is over (every skill of
        the pool settled, or :data:`MAX_QUESTIONS` asked).

        Raises
        ------
        UnknownIdError, ConflictingAnswersError
            For answers about unknown skills, or answers that contradict each other.
        """
        held, out = self._settled(answers)
        if len(answers) >= MAX_QUESTIONS:
            return None
        open_ = self._pool_mask & ~(held | out)
        best, best_key = None, (0, 0)
        for skill in self._order:
            if self._bound[skill] < best_key[0]:
                break  # no later candidate can settle more
            bit = self._bit[skill]
            if not open_ & bit:
                continue
            yes = (self._needs[bit] & open_).bit_count() + 1
            no = (self._needed_by[bit] & open_).bit_count() + 1
            key = (min(yes, no), yes + no)
            if key > best_key:
                best, best_key = skill, key
        return best

    def result(self, answers: Mapping[str, bool]) -> PlacementResult:
        """The skills the answers place the learner at, and the modules they can start."""
        held, out = self._settled(answers)
        held_ids = self._skills(held)
        modules = self.catalogue.modules
        relevant = (
            {m for s in self.pool for m in self.catalogue.teachers.get(s, ())}
            if self.pool != frozenset(self.catalogue.skills)
            else set(modules)
        )
        fringe = sorted(
            (
                modules[m]
                for m in relevant
                if set(modules[m].requires) <= held_ids and not set(modules[m].teaches) <= held_ids
            ),
            key=lambda m: (m.title.lower(), m.id),
        )
        open_count = (self._pool_mask & ~(held | out)).bit_count()
        return PlacementResult(held_ids, self._skills(out), open_count, tuple(fringe))


def _needs(catalogue: Catalogue, bit: Mapping[str, int]) -> dict[int, int]:
    """skill bit -> mask of the skills it needs on every route (see the module notes)."""
    needs: dict[int, int] = {}
    for skill in _skill_order(catalogue):
        teachers = catalogue.teachers.get(skill, ())
        acc = -1 if teachers else 0
        for mid in teachers:
            module_needs = 0
            for r in catalogue.modules[mid].requires:
                if r in bit:
                    module_needs |= bit[r] | needs.get(bit[r], 0)
            acc &= module_needs
        needs[bit[skill]] = acc & ~bit[skill]
    return needs


def _transpose(needs: Mapping[int, int], n: int) -> dict[int, int]:
    """skill bit -> mask of the skills that need it."""
    out = {1 << i: 0 for i in range(n)}
    for bit, mask in needs.items():
        while mask:
            low = mask & -mask
            out[low] |= bit
            mask ^= low
    return out


def _skill_order(catalogue: Catalogue) -> list[str]:
    """The skills with every prerequisite before what needs it (the catalogue is acyclic)."""
    waiting = {
        mid: sum(1 for r in m.requires if r in catalogue.skills)
        for mid, m in catalogue.modules.items()
    }
    teachers_left = {
        s: sum(1 for m in catalogue.teachers.get(s, ()) if waiting[m]) for s in catalogue.skills
    }
    ready = sorted((s for s, n in teachers_left.items() if n == 0), reverse=True)
    order: list[str] = []
    while ready:
        skill = ready.pop()
        order.append(skill)
        for mid in catalogue.required_by.get(skill, ()):
            waiting[mid] -= 1
            if waiting[mid] == 0:
                for taught in catalogue.modules[mid].teaches:
                    if taught in teachers_left:
                        teachers_left[taught] -= 1
                        if teachers_left[taught] == 0:
                            ready.append(taught)
    return order
