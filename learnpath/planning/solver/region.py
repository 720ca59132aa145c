"""The part of a catalogue that can matter for a query, and what every plan contains.

:func:`forced_core` collects the modules no plan can avoid (sole teachers of needed
skills); :func:`region` is the backward reachability from skills still open over the
AND/OR graph (skill <- its teachers <- their requirements ...), where the exact
search runs. A :class:`Solution` is a set of module numbers with the entry skills it
assumes declared.
"""

from __future__ import annotations

from .._record import Record
from ..index import PlanningIndex

__all__ = [
    "Region",
    "Solution",
    "region",
    "closure",
    "forced_core",
    "is_valid",
]


class Region(Record):
    """The part of the catalogue that can matter for reaching ``goals``.

    Attributes
    ----------
    goals : tuple of str
        Goal skills not held yet (sorted).
    modules : tuple of int
        Candidate module numbers, ascending.
    skills : dict
        Every unheld skill reached -> its candidate teachers (empty for a missing entry skill).
    """

    __slots__ = ("goals", "modules", "skills")

    def __init__(
        self, goals: tuple[str, ...], modules: tuple[int, ...], skills: dict[str, tuple[int, ...]]
    ):
        self.goals, self.modules, self.skills = goals, modules, skills

    @property
    def forced(self) -> bool:
        """True when no skill has a choice of teacher: the closure is the only plan."""
        return all(len(t) <= 1 for t in self.skills.values())

    @property
    def entries(self) -> tuple[str, ...]:
        """Unheld skills no available module teaches (they can only be declared)."""
        return tuple(sorted(s for s, t in self.skills.items() if not t))


class Solution(Record):
    """Chosen module numbers, entry skills assumed declared, and what was proved.

    ``feasible`` is False when no plan within the limits was found (then ``optimal``
    says whether none exists is proved, and there are no modules). ``reason`` says, for
    a plan not proved optimal, why not (``""`` when proved or not known): the work
    budget or the time limit ran out, or the integer program failed to run.
    """

    __slots__ = ("modules", "missing", "optimal", "lower_bound", "feasible", "reason")

    def __init__(
        self,
        modules: frozenset[int],
        missing: frozenset[str],
        optimal: bool,
        lower_bound: float,
        feasible: bool = True,
        reason: str = "",
    ):
        self.modules, self.missing = modules, missing
        self.optimal, self.lower_bound, self.feasible = optimal, lower_bound, feasible
        self.reason = reason


def region(
    ix: PlanningIndex,
    held: frozenset[str] | set[str],
    done: frozenset[int],
    goals,
    also: frozenset[str] | set[str] = frozenset(),
) -> Region:
    """Backward reachability from ``goals`` (skill ids) over modules not in ``done``;
    skills in ``held`` or ``also`` count as held.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "abc"], [
    ...     Module("m1", "M1", ("b",), 1, ("a",)), Module("m2", "M2", ("c",), 1, ("b",))], [])
    >>> r = region(index_of(cat), frozenset(), frozenset(), ["c"])
    >>> r.modules, r.entries, r.forced
    ((0, 1), ('a',), True)
    """
    open_goals = sorted({g for g in goals if g not in held and g not in also})
    skills: dict[str, tuple[int, ...]] = {}
    seen_mods: set[int] = set()
    stack = list(open_goals)
    teachers, requires = ix.teachers, ix.requires
    while stack:
        s = stack.pop()
        if s in skills:
            continue
        ts = teachers.get(s, ())
        if done:
            ts = tuple(t for t in ts if t not in done)
        skills[s] = ts
        for t in ts:
            if t not in seen_mods:
                seen_mods.add(t)
                for r in requires[t]:
                    if r not in skills and r not in held and r not in also:
                        stack.append(r)
    return Region(tuple(open_goals), tuple(sorted(seen_mods)), skills)


def closure(reg: Region) -> frozenset[int]:
    """Every candidate module of a forced region (they are all needed)."""
    return frozenset(reg.modules)


def forced_core(ix: PlanningIndex, held, done: frozenset[int], goals):
    """What every plan contains: modules that are the only teacher of a needed skill.

    Starting from the goals, a needed skill that only one module teaches forces that
    module (and its requirements become needed); a needed skill nobody teaches is a
    missing entry skill. Skills with several teachers are left open.

    Returns
    -------
    tuple
        ``(core modules, missing entry skills, skills held or taught by the core,
        open skills with a choice of teacher)``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "abcd"], [
    ...     Module("m1", "M1", ("b",), 1, ("a",)), Module("m2", "M2", ("c",), 1, ("b",)),
    ...     Module("m3", "M3", ("c",), 1), Module("m4", "M4", ("d",), 1, ("c",))], [])
    >>> core, missing, covered, open_ = forced_core(index_of(cat), set(), frozenset(), ["d"])
    >>> sorted(core), sorted(missing), open_
    ([3], [], ['c'])
    """
    covered = set(held)
    core: set[int] = set()
    missing: set[str] = set()
    choices: list[str] = []
    stack = [g for g in goals if g not in covered]
    teachers, requires, teaches = ix.teachers, ix.requires, ix.teaches
    while stack:
        s = stack.pop()
        if s in covered or s in missing:
            continue
        ts = [t for t in teachers.get(s, ()) if t not in done]
        if not ts:
            missing.add(s)
        elif len(ts) == 1:
            t = ts[0]
            core.add(t)
            covered.update(teaches[t])
            stack.extend(r for r in requires[t] if r not in covered)
        else:
            choices.append(s)
    open_ = sorted({s for s in choices if s not in covered})
    return core, missing, covered, open_


def is_valid(ix: PlanningIndex, held, goals, chosen, declared=()) -> bool:
    """Whether ``chosen`` (module numbers) reaches ``goals`` with ``declared`` extra skills."""
    have = set(held).union(declared)
    for i in chosen:
        have.update(ix.teaches[i])
    if any(g not in have for g in goals):
        return False
    return all(r in have for i in chosen for r in ix.requires[i])
