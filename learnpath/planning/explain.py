"""Why each chosen module is in a plan, and which targets it serves.

Inside a chosen set of modules every needed skill gets one *provider*: the chosen
module teaching it that comes earliest in the catalogue's topological order (then by
id). Following providers backwards from each target gives the modules that target
needs; a breadth-first walk from all targets gives each module its shortest chain:
"teaches sql, needed by dashboard-design, needed by niche ai-data-analyst".
"""

from __future__ import annotations

from collections.abc import Iterable

from ._record import Record
from .index import PlanningIndex

__all__ = ["Target", "Explanation", "explain", "why_text", "why_steps", "GENERIC_NOTE"]


class Target(Record):
    """A target as the user named it: a niche (several skills) or one skill."""

    __slots__ = ("id", "kind", "skills")

    def __init__(self, id: str, kind: str, skills: tuple[str, ...]):  # noqa: A002
        self.id, self.kind, self.skills = id, kind, skills  # kind: "niche" | "skill"

    @property
    def label(self) -> str:
        return f"niche {self.id}" if self.kind == "niche" else f"target {self.id}"


class Explanation(Record):
    """Per chosen module: its reason, the targets it serves, missing skills it needs.

    ``blocked`` maps each target to the missing entry skills it needs.
    """

    __slots__ = ("why", "serves", "needs_missing", "blocked")

    def __init__(
        self,
        why: dict[int, str],
        serves: dict[int, tuple[str, ...]],
        needs_missing: dict[int, tuple[str, ...]],
        blocked: dict[str, tuple[str, ...]],
    ):
        self.why, self.serves = why, serves
        self.needs_missing, self.blocked = needs_missing, blocked


def providers(ix: PlanningIndex, chosen: Iterable[int], held: Iterable[str]) -> dict[str, int]:
    """Skill -> the chosen module that provides it (skills held are never provided)."""
    if not isinstance(held, (set, frozenset)):
        held = set(held)
    return _providers(ix, sorted(chosen, key=ix.topo_rank.__getitem__), held)


def _providers(ix: PlanningIndex, by_rank: list[int], held) -> dict[str, int]:
    """:func:`providers` of modules already in topological order."""
    out: dict[str, int] = {}
    teaches = ix.teaches
    for i in by_rank:
        for s in teaches[i]:
            if s not in out and s not in held:
                out[s] = i
    return out


def _serving(ix, by_rank, prov, missing, targets, blocked) -> dict[int, tuple[str, ...]]:
    """Per chosen module, the targets whose chains of providers reach it; ``blocked``
    gets each target's missing entry skills. One pass, consumers first: a module's
    provider always comes earlier in the topological order, so when a module is
    reached its targets are all known."""
    requires = ix.requires
    reach = dict.fromkeys(by_rank, 0)  # module -> bit k set when target k reaches it
    lacks = [{s for s in t.skills if s in missing} for t in targets]
    for k, t in enumerate(targets):
        for s in t.skills:
            j = prov.get(s)
            if j is not None:
                reach[j] |= 1 << k
    for i in reversed(by_rank):
        bits = reach[i]
        if not bits:
            continue
        for r in requires[i]:
            j = prov.get(r)
            if j is not None:
                reach[j] |= bits
            elif r in missing:
                for k in range(len(targets)):
                    if bits >> k & 1:
                        lacks[k].add(r)
    for k, t in enumerate(targets):
        if lacks[k]:
            blocked[t.id] = tuple(sorted(lacks[k]))
    names: dict[int, tuple[str, ...]] = {}  # per set of targets, their ids in order
    out = {}
    for i, bits in reach.items():
        got = names.get(bits)
        if got is None:
            got = names[bits] = tuple(t.id for k, t in enumerate(targets) if bits >> k & 1)
        out[i] = got
    return out


def explain(
    ix: PlanningIndex,
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
    by_rank = sorted(chosen, key=ix.topo_rank.__getitem__)  # ranks are all different
    prov = _providers(ix, by_rank, held)
    requires = ix.requires
    if missing:
        needs_missing = {i: tuple(sorted({r for r in requires[i] if r in missing})) for i in chosen}
    else:
        needs_missing = dict.fromkeys(chosen, ())
    serves: dict[int, tuple[str, ...]]
    blocked: dict[str, tuple[str, ...]] = {}
    if len(targets) > 1:  # one target: the walk below does it
        serves = _serving(ix, by_rank, prov, missing, targets, blocked)
    # breadth-first from the targets: the first consumer that reaches a module wins
    parent: dict[int, tuple[str, int | Target]] = {}
    queue: list[int] = []  # read in order while it grows: breadth-first
    for t in targets:
        for s in t.skills:
            first = prov.get(s)
            if first is not None and first not in parent:
                parent[first] = (s, t)
                queue.append(first)
    for i in queue:
        for r in requires[i]:
            j = prov.get(r)
            if j is not None and j not in parent:
                parent[j] = (r, i)
                queue.append(j)
    if len(targets) <= 1:  # what a single target reaches is what the walk reached
        serves = dict.fromkeys(chosen, ())
        for t in targets:
            serves.update(dict.fromkeys(parent, (t.id,)))
            if missing:
                lacks = {s for s in t.skills if s in missing}
                lacks.update(r for i in parent for r in requires[i] if r in missing)
                if lacks:
                    blocked[t.id] = tuple(sorted(lacks))

    # each chain is its parent's chain with one more step: build them in BFS order
    why: dict[int, str] = {}
    ids = ix.module_ids
    tails: dict[int, str] = {}  # module -> "needed by <it>, needed by ... <target>"
    for i, (skill, consumer) in parent.items():  # insertion order is breadth-first
        if type(consumer) is int:  # its chain is built: it came first
            tail = tails[i] = f"needed by {ids[consumer]}, {tails[consumer]}"
            why[i] = f"teaches {skill}, {tail}"
        elif consumer.kind == "niche":  # type: ignore[union-attr]
            tail = tails[i] = f"needed by niche {consumer.id}"  # type: ignore[union-attr]
            why[i] = f"teaches {skill}, {tail}"
        else:
            tails[i] = f"which teaches your target {consumer.id}"  # type: ignore[union-attr]
            why[i] = f"teaches {skill} (your target)"
    if len(why) < len(chosen):
        for i in chosen:
            if i not in why:
                why[i] = _chain(ix, i, parent)
    return Explanation(
        why=why,
        serves=serves,
        needs_missing=needs_missing,
        blocked=blocked,
    )


def _chain(ix: PlanningIndex, i: int, parent: dict[int, tuple[str, int | Target]]) -> str:
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


# ---------------------------------------------------------------------- in plain words

#: What a plan says of a module without a url: no real course is behind it.
GENERIC_NOTE = "generic: find or run a local equivalent"


def why_steps(why: str, catalogue) -> list[tuple[str, tuple[str, ...]]]:
    """The chain of a ``why`` (ids) as steps of names: ``("teaches", names)`` first, then
    ``("module", (title,))``, ``("niche", (name,))`` or ``("target", (name,))`` per step;
    a first step of ``("target-skill", names)`` when the taught skill is the target.

    Ids contain no comma or space, so the chain reads back without ambiguity; an id the
    catalogue does not know is kept as it is.
    """
    skills, modules, niches = catalogue.skills, catalogue.modules, catalogue.niches

    def skill(sid: str) -> str:
        s = skills.get(sid)
        return s.name if s is not None else sid

    text = why[len("teaches ") :] if why.startswith("teaches ") else why
    taught: list[str] = []
    steps: list[tuple[str, tuple[str, ...]]] = []
    first = "teaches"
    for part in text.split(", "):
        if part.startswith("needed by niche "):
            nid = part[len("needed by niche ") :]
            steps.append(("niche", (niches[nid].name if nid in niches else nid,)))
        elif part.startswith("needed by "):
            mid = part[len("needed by ") :]
            steps.append(("module", (modules[mid].title if mid in modules else mid,)))
        elif part.startswith("which teaches your target "):
            steps.append(("target", (skill(part[len("which teaches your target ") :]),)))
        elif not steps:
            if part.endswith(" (your target)"):
                part, first = part[: -len(" (your target)")], "target-skill"
            taught.append(skill(part))
    return [(first, tuple(taught)), *steps]


def why_text(why: str, catalogue, compact: bool = False) -> str:
    """The ``why`` chain as a sentence of titles and names, never ids.

    ``compact`` keeps the first and the last step of a long chain and counts the ones
    between (for a table cell).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> cat = Catalogue.build([Skill("sql", "SQL"), Skill("bi", "Dashboards")], [
    ...     Module("sql-101", "SQL basics", ("sql",), 4),
    ...     Module("dash", "Dashboard design", ("bi",), 6, ("sql",))],
    ...     [Niche("analyst", "Data analyst", ("bi",), 0.5)])
    >>> why_text("teaches sql, needed by dash, needed by niche analyst", cat)
    'Teaches “SQL”, which “Dashboard design” needs, which the niche “Data analyst” needs'
    >>> why_text("teaches sql (your target)", cat)
    'Teaches “SQL”, your target'
    >>> long = "teaches sql, " + "needed by dash, " * 3 + "needed by niche analyst"
    >>> why_text(long, cat, compact=True)
    'Teaches “SQL”, ... 3 steps ..., which the niche “Data analyst” needs'
    """
    (kind, taught), *chain = why_steps(why, catalogue)
    words = ["Teaches " + ", ".join(f"“{n}”" for n in taught)]
    if kind == "target-skill":
        words[0] += ", your target"
    for step, (name,) in chain:
        if step == "module":
            words.append(f"which “{name}” needs")
        elif step == "niche":
            words.append(f"which the niche “{name}” needs")
        else:
            words.append(f"which teaches your target “{name}”")
    if compact and len(words) > 3:
        words = [words[0], f"... {len(words) - 2} steps ...", words[-1]]
    return ", ".join(words)
