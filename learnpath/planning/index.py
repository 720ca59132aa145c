"""A compact query index over one catalogue, built once and reused by every query.

The planner's hot paths read plain tuples and dicts instead of the catalogue's
dataclasses: modules are numbered in id order, so a set of modules can be a Python
``int`` used as a bitset, and "which modules teach this skill" is one dict lookup.
The index is cached per catalogue object (a catalogue never changes once loaded).
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import LearnpathError
from ._record import Record

if TYPE_CHECKING:
    from ..model import Catalogue

__all__ = ["PlanningIndex", "IndexMemo", "index_of"]


class IndexMemo(Protocol):
    """What :meth:`PlanningIndex.memo` keeps: a class built from the index alone."""

    def __init__(self, ix: PlanningIndex) -> None: ...


M = TypeVar("M", bound=IndexMemo)


class PlanningIndex(Record):
    """Plain-data view of a catalogue for the planner.

    Attributes
    ----------
    module_ids : tuple of str
        Every module id, sorted; a module's position here is its number.
    position : dict
        Module id -> number.
    hours, cost : tuple of float
        Per module number.
    teaches, requires : tuple of tuple of str
        Skill ids per module number.
    teachers : dict
        Skill id -> module numbers that teach it (ascending, i.e. by id).
    niche_skills : dict
        Niche id -> the skill ids it requires.
    taught : frozenset of str
        Skills some module teaches (the others are entry skills).
    topo_rank : tuple of int
        Per module number, its place in a deterministic topological order
        (every module comes after the modules teaching what it requires).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> cat = Catalogue.build(
    ...     [Skill("a", "A"), Skill("b", "B")],
    ...     [Module("m2", "M2", ("b",), 2, ("a",)), Module("m1", "M1", ("a",), 1)],
    ...     [],
    ... )
    >>> ix = index_of(cat)
    >>> ix.module_ids, ix.teachers["b"], ix.topo_rank
    (('m1', 'm2'), (1,), (0, 1))
    """

    __slots__ = (
        "module_ids",
        "position",
        "hours",
        "cost",
        "teaches",
        "requires",
        "teachers",
        "niche_skills",
        "topo_rank",
        "taught",
        "_memos",
    )

    def __init__(
        self,
        module_ids: tuple[str, ...],
        position: dict[str, int],
        hours: tuple[float, ...],
        cost: tuple[float, ...],
        teaches: tuple[tuple[str, ...], ...],
        requires: tuple[tuple[str, ...], ...],
        teachers: dict[str, tuple[int, ...]],
        niche_skills: dict[str, tuple[str, ...]],
        topo_rank: tuple[int, ...],
        taught: frozenset[str] = frozenset(),
    ):
        self.module_ids, self.position, self.hours, self.cost = module_ids, position, hours, cost
        self.teaches, self.requires, self.teachers = teaches, requires, teachers
        self.niche_skills, self.topo_rank, self.taught = niche_skills, topo_rank, taught
        self._memos: dict[type, object] = {}

    def _values(self) -> tuple:
        return tuple(getattr(self, n) for n in self.__slots__ if n != "_memos")

    def memo(self, kind: type[M]) -> M:
        """The index's one ``kind`` memo, built as ``kind(self)`` on first use.

        Query-independent results are kept with the index by the module that computes
        them, each in a class of its own with named, typed attributes (the solver's
        integer weights, its learner contexts, the planner's recent learners), so the
        index knows nothing of what is kept above it.

        Examples
        --------
        >>> from learnpath.model import Catalogue, Module, Skill
        >>> class Counts:
        ...     def __init__(self, ix):
        ...         self.modules = len(ix.module_ids)
        >>> ix = index_of(Catalogue.build([Skill("a", "A")], [Module("m", "M", ("a",), 1)], []))
        >>> ix.memo(Counts).modules, ix.memo(Counts) is ix.memo(Counts)
        (1, True)
        """
        got = self._memos.get(kind)
        if got is None:
            got = self._memos[kind] = kind(self)
        return got  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"<PlanningIndex of {len(self.module_ids)} modules>"

    @classmethod
    def build(cls, catalogue: Catalogue) -> PlanningIndex:
        """Compile ``catalogue`` (raises :class:`LearnpathError` on a module cycle)."""
        ids = tuple(sorted(catalogue.modules))
        position = {mid: i for i, mid in enumerate(ids)}
        mods = [catalogue.modules[mid] for mid in ids]
        teachers: dict[str, list[int]] = {}
        for i, m in enumerate(mods):
            for s in m.teaches:
                teachers.setdefault(s, []).append(i)
        requires = tuple(tuple(m.requires) for m in mods)
        return cls(
            module_ids=ids,
            position=position,
            hours=tuple(float(m.hours) for m in mods),
            cost=tuple(float(m.cost or 0.0) for m in mods),
            teaches=tuple(tuple(m.teaches) for m in mods),
            requires=requires,
            teachers={s: tuple(v) for s, v in teachers.items()},
            niche_skills={nid: tuple(n.requires) for nid, n in catalogue.niches.items()},
            topo_rank=_topological_ranks(ids, requires, teachers),
            taught=frozenset(teachers),
        )

    def weights(self, measure: str) -> tuple[float, ...]:
        """``hours`` or ``cost`` per module number."""
        return self.hours if measure == "hours" else self.cost


def _topological_ranks(
    ids: tuple[str, ...], requires: tuple[tuple[str, ...], ...], teachers: dict[str, list[int]]
) -> tuple[int, ...]:
    """Kahn's algorithm, smallest id first among the ready modules."""
    n = len(ids)
    successors: list[set[int]] = [set() for _ in range(n)]
    indegree = [0] * n
    for i in range(n):
        before = {t for r in requires[i] for t in teachers.get(r, ()) if t != i}
        for t in before:
            successors[t].add(i)
        indegree[i] = len(before)
    ready = [i for i in range(n) if indegree[i] == 0]
    heapq.heapify(ready)
    rank = [-1] * n
    k = 0
    while ready:
        i = heapq.heappop(ready)
        rank[i] = k
        k += 1
        for j in successors[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                heapq.heappush(ready, j)
    if k < n:
        stuck = sorted(ids[i] for i in range(n) if rank[i] < 0)
        shown = ", ".join(stuck[:10]) + (" ..." if len(stuck) > 10 else "")
        raise LearnpathError(f"the catalogue has a prerequisite cycle among: {shown}")
    return tuple(rank)


_CACHE: dict[int, tuple[Callable[[], Catalogue | None], PlanningIndex]] = {}


def _forget(key: int, _ref: object) -> None:
    _CACHE.pop(key, None)


def index_of(catalogue: Catalogue) -> PlanningIndex:
    """The (cached) index of ``catalogue``; built on first use, dropped with it."""
    key = id(catalogue)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is catalogue:
        return hit[1]
    index = PlanningIndex.build(catalogue)
    try:
        ref: Callable[[], Catalogue | None] = weakref.ref(catalogue, partial(_forget, key))
    except TypeError:  # not weak-referenceable: keep only the latest one
        _CACHE.clear()
        ref = lambda: catalogue  # noqa: E731
    _CACHE[key] = (ref, index)
    return index
