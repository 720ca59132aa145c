"""Why each chosen module is in a plan, and which targets it serves.

Inside a chosen set of modules every needed skill gets one *provider*: the chosen
module teaching it that comes earliest in the catalogue's topological order (then by
id). Following providers backwards from each target gives the modules that target
needs; a breadth-first walk from all targets gives each module its shortest chain:
"teaches sql, needed by dashboard-design, needed by niche ai-data-analyst".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from .index import CatalogueIndex

__all__ = ["Target", "Explanation", "explain"]


@dataclass(frozen=True, slots=True)
class Target:
    """A target as the user named it: a niche (several skills) or one skill."""

    id: str
    kind: str  # "niche" | "skill"
    skills: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"niche {self.id}" if self.kind == "niche" else f"target {self.id}"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Per chosen module: its reason, the targets it serves, missing skills it needs.

    ``blocked`` maps each target to the missing entry skills it needs.
    """

    why: dict[int, str]
    serves: dict[int, tuple[str, ...]]
    needs_missing: dict[int, tuple[str, ...]]
    blocked: dict[str, tuple[str, ...]]


def providers(ix: CatalogueIndex, chosen: Iterable[int], held: Iterable[str]) -> dict[str, int]:
    """Skill -> the chosen module that provides it (skills held are never provided)."""
    held = set(held)
    out: dict[str, int] = {}
    for i in sorted(chosen, key=lambda m: (ix.topo_rank[m], m)):
        for s in ix.teaches[i]:
            if s not in held and s not in out:
                out[s] = i
    return out


def explain(
    ix: CatalogueIndex,
    chosen: frozenset[int],
    held: frozenset[str],
    missing: frozenset[str],
    targets: list[Target],
) -> Explanation:
    """Reasons and target membership for every module of ``chosen``.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> cat = Catalogue.build([Skill(s, s) for s in ("sql", "dash")], [
    ...     Module("sql-101", "SQL", ("sql",), 4),
    ...     Module("dashboard-design", "Dashboards", ("dash",), 6, ("sql",))], [])
    >>> ix = index_of(cat)
    >>> ex = explain(ix, frozenset({0, 1}), frozenset(), frozenset(),
    ...              [Target("analyst", "niche", ("dash",))])
    >>> ex.why[ix.position["sql-101"]]
    'teaches sql, needed by dashboard-design, needed by niche analyst'
    """
    prov = providers(ix, chosen, held)
    serves: dict[int, list[str]] = {i: [] for i in chosen}
    needs_missing = {i: tuple(sorted({r for r in ix.requires[i] if r in missing})) for i in chosen}
    blocked: dict[str, tuple[str, ...]] = {}
    for t in targets:
        seen: set[int] = set()
        lacks: set[str] = {s for s in t.skills if s in missing}
        stack = [prov[s] for s in t.skills if s in prov]
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            serves[i].append(t.id)
            for r in ix.requires[i]:
                if r in missing:
                    lacks.add(r)
                elif r in prov:
                    stack.append(prov[r])
        if lacks:
            blocked[t.id] = tuple(sorted(lacks))

    # breadth-first from the targets: the first consumer that reaches a module wins
    parent: dict[int, tuple[str, object]] = {}
    queue: deque[int] = deque()
    for t in targets:
        for s in t.skills:
            i = prov.get(s)
            if i is not None and i not in parent:
                parent[i] = (s, t)
                queue.append(i)
    while queue:
        i = queue.popleft()
        for r in ix.requires[i]:
            j = prov.get(r)
            if j is not None and j not in parent:
                parent[j] = (r, i)
                queue.append(j)

    why: dict[int, str] = {}
    for i in chosen:
        why[i] = _chain(ix, i, parent)
    return Explanation(
        why=why,
        serves={i: tuple(v) for i, v in serves.items()},
        needs_missing=needs_missing,
        blocked=blocked,
    )


def _chain(ix: CatalogueIndex, i: int, parent: dict[int, tuple[str, object]]) -> str:
    if i not in parent:  # only when a module is chosen for nothing (never in a best plan)
        return "teaches " + ", ".join(ix.teaches[i])
    skill, consumer = parent[i]
    parts = [f"teaches {skill}"]
    guard = 0
    while isinstance(consumer, int) and guard <= len(parent):
        parts.append(f"needed by {ix.module_ids[consumer]}")
        consumer = parent[consumer][1]
        guard += 1
    if isinstance(consumer, Target):
        if consumer.kind == "niche":
            parts.append(f"needed by niche {consumer.id}")
        elif len(parts) == 1:
            parts[0] += " (your target)"
        else:
            parts.append(f"which teaches your target {consumer.id}")
    return ", ".join(parts)
