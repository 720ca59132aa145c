"""Put a chosen set of modules in an order a person would follow.

Prerequisites come first (every module's requirements are held or taught by an
earlier module). Among the modules that are ready, the one serving the target with
the fewest hours still to go comes first, so the nearest target is finished soonest;
ties go to the module with the earliest id. The result is deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping

from ..errors import LearnpathError
from .index import PlanningIndex

__all__ = ["order_modules"]


def order_modules(
    ix: PlanningIndex,
    chosen: Iterable[int],
    held: Iterable[str],
    serves: Mapping[int, tuple[str, ...]] | None = None,
    missing: Iterable[str] = (),
) -> list[int]:
    """Order ``chosen`` (module numbers) so every requirement is met before it is needed.

    Parameters
    ----------
    ix : PlanningIndex
    chosen : iterable of int
        A valid set of module numbers (requirements not held are taught inside it).
    held : iterable of str
        Skills held before the first module (including missing skills assumed declared).
    serves : mapping, optional
        Module number -> ids of the targets it leads to.
    missing : iterable of str
        Missing entry skills assumed declared (held too, kept apart so a large ``held``
        set is never copied).

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
    chosen = sorted(chosen if isinstance(chosen, (set, frozenset)) else set(chosen))
    serves = serves or {}
    if not isinstance(held, (set, frozenset)):
        held = set(held)
    have = set(missing)  # skills held from the start are looked up in ``held``
    if len(set(map(serves.get, chosen)) - {(), None}) <= 1:
        return _one_target(ix, chosen, held, have, serves)
    return _many_targets(ix, chosen, held, have, serves)


def _many_targets(ix, chosen, held, have, serves) -> list[int]:
    """:func:`order_modules` with several targets: one heap of ready modules per target
    (module numbers, which follow id order) and one for modules serving none; the next
    module is the smallest in the heap of the target with the fewest hours to go."""
    hours, teaches = ix.hours, ix.teaches
    number: dict[str, int] = {}  # target id -> its heap
    served: dict[int, tuple[int, ...]] = {}  # module -> its targets' heaps
    remaining: list[float] = []
    for i in chosen:
        heaps_of = []
        for t in serves.get(i, ()):
            k = number.get(t)
            if k is None:
                k = number[t] = len(remaining)
                remaining.append(0.0)
            remaining[k] += hours[i]
            heaps_of.append(k)
        served[i] = tuple(heaps_of)
    none = len(remaining)  # the heap of modules serving no target: always last
    remaining.append(math.inf)
    for i, ks in served.items():
        if not ks:
            served[i] = (none,)
    heaps: list[list[int]] = [[] for _ in remaining]
    waiting, unmet, ready = _waiting(ix, chosen, held, have)
    for i in ready:
        for k in served[i]:
            heaps[k].append(i)
    for heap in heaps:
        heapq.heapify(heap)
    placed = bytearray(len(ix.module_ids))
    pop, push, met = heapq.heappop, heapq.heappush, waiting.pop
    out: list[int] = []
    while True:
        best_k, best_left, best_i = -1, math.inf, -1
        for k, heap in enumerate(heaps):
            while heap and placed[heap[0]]:
                pop(heap)
            if heap:
                left = remaining[k]
                if best_k < 0 or left < best_left or (left == best_left and heap[0] < best_i):
                    best_k, best_left, best_i = k, left, heap[0]
        if best_k < 0:
            break
        i = best_i
        placed[i] = 1
        out.append(i)
        h = hours[i]
        for k in served[i]:
            remaining[k] -= h
        for s in teaches[i]:  # a skill is waited for until its first teacher is placed
            for j in met(s, ()):
                n = unmet[j] - 1
                unmet[j] = n
                if not n:
                    for k in served[j]:
                        push(heaps[k], j)
    if len(out) != len(chosen):
        stuck = sorted(ix.module_ids[i] for i in chosen if not placed[i])
        raise LearnpathError(f"cannot order modules whose requirements are unmet: {stuck}")
    return out


def _waiting(ix, chosen, held, have) -> tuple[dict[str, list[int]], dict[int, int], list[int]]:
    """Per skill not held, the chosen modules waiting for it; per waiting module, how
    many requirements it waits for (a repeated one counts, and is met, twice); and the
    modules ready from the start, in the order of ``chosen``."""
    requires = ix.requires
    waiting: dict[str, list[int]] = {}
    unmet: dict[int, int] = {}
    ready = []
    for i in chosen:
        n = 0
        for r in requires[i]:
            if r not in held and r not in have:
                n += 1
                w = waiting.get(r)
                if w is None:
                    waiting[r] = [i]
                else:
                    w.append(i)
        if n:
            unmet[i] = n
        else:
            ready.append(i)
    return waiting, unmet, ready


def _one_target(ix, chosen, held, have, serves) -> list[int]:
    """:func:`order_modules` when every module serves the same targets or none: ready
    modules serving them first, each group by id (module numbers follow id order)."""
    later = len(ix.module_ids)  # added to the key of a module serving no target
    teaches = ix.teaches
    waiting, unmet, ready = _waiting(ix, chosen, held, have)
    heap = [i if serves.get(i) else i + later for i in ready]
    heapq.heapify(heap)
    out: list[int] = []
    pop, push, met = heapq.heappop, heapq.heappush, waiting.pop
    while heap:
        i = pop(heap)
        if i >= later:
            i -= later
        out.append(i)
        for s in teaches[i]:  # a skill is waited for until its first teacher is placed
            for j in met(s, ()):
                n = unmet[j] - 1
                unmet[j] = n
                if not n:
                    push(heap, j if serves.get(j) else j + later)
    if len(out) != len(chosen):
        placed = set(out)
        stuck = sorted(ix.module_ids[i] for i in chosen if i not in placed)
        raise LearnpathError(f"cannot order modules whose requirements are unmet: {stuck}")
    return out
