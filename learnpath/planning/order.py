"""Put a chosen set of modules in an order a person would follow.

Prerequisites come first (every module's requirements are held or taught by an
earlier module). Among the modules that are ready, the one serving the target with
the fewest hours still to go comes first, so the nearest target is finished soonest;
ties go to the module with the earliest id. The result is deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ..errors import LearnpathError
from .index import CatalogueIndex

__all__ = ["order_modules"]


def order_modules(
    ix: CatalogueIndex,
    chosen: Iterable[int],
    held: Iterable[str],
    serves: Mapping[int, tuple[str, ...]] | None = None,
) -> list[int]:
    """Order ``chosen`` (module numbers) so every requirement is met before it is needed.

    Parameters
    ----------
    ix : CatalogueIndex
    chosen : iterable of int
        A valid set of module numbers (requirements not held are taught inside it).
    held : iterable of str
        Skills held before the first module (including missing skills assumed declared).
    serves : mapping, optional
        Module number -> ids of the targets it leads to.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in "abc"], [
    ...     Module("z-basics", "Z", ("a",), 1), Module("a-next", "A", ("b",), 1, ("a",)),
    ...     Module("m-side", "M", ("c",), 5)], [])
    >>> ix = index_of(cat)
    >>> [ix.module_ids[i] for i in order_modules(ix, range(3), ())]
    ['m-side', 'z-basics', 'a-next']
    >>> serves = {0: ("t1",), 1: ("t1",), 2: ("t2",)}
    >>> [ix.module_ids[i] for i in order_modules(ix, range(3), (), serves)]
    ['z-basics', 'a-next', 'm-side']
    """
    chosen = sorted(set(chosen))
    serves = serves or {}
    have = set(held)
    remaining: dict[str, float] = {}
    for i in chosen:
        for t in serves.get(i, ()):
            remaining[t] = remaining.get(t, 0.0) + ix.hours[i]
    waiting: dict[str, list[int]] = {}
    unmet: dict[int, set[str]] = {}
    for i in chosen:
        need = {r for r in ix.requires[i] if r not in have}
        unmet[i] = need
        for r in need:
            waiting.setdefault(r, []).append(i)
    ready = {i for i in chosen if not unmet[i]}
    out: list[int] = []
    while ready:

        def urgency(i: int) -> tuple[float, str]:
            near = min((remaining[t] for t in serves.get(i, ())), default=math.inf)
            return (near, ix.module_ids[i])

        i = min(ready, key=urgency)
        ready.discard(i)
        out.append(i)
        for t in serves.get(i, ()):
            remaining[t] -= ix.hours[i]
        for s in ix.teaches[i]:
            if s in have:
                continue
            have.add(s)
            for j in waiting.pop(s, ()):
                unmet[j].discard(s)
                if not unmet[j]:
                    ready.add(j)
    if len(out) != len(chosen):
        placed = set(out)
        stuck = sorted(ix.module_ids[i] for i in chosen if i not in placed)
        raise LearnpathError(f"cannot order modules whose requirements are unmet: {stuck}")
    return out
