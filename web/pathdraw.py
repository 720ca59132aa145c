"""A plan drawn as rows of cards, from the skills you have to your goal, in SVG.

The drawing is a layered graph read top to bottom: the skills you hold (and the entry
skills you lack) first, then the modules, each in the row after every module it builds
on, and the targets last. A row with more cards than fit the width wraps, so the
drawing always fits its box; it is laid out three times (wide, medium and narrow
screens), and the page's stylesheet shows the one that fits. Every card shows its
complete title on up to two lines (the full text is also its ``<title>`` tooltip), its
step in the plan and its hours; done, to do, held and missing look different at a
glance (fill, border, tick or step number), and the page shows the legend.

No ``style`` attributes: the site's Content-Security-Policy forbids inline styles, so
presentation comes from classes that ``static/site.css`` styles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from learnpath.formatting import hours
from learnpath.planning.render import source_line

from .svgtext import esc, wrap_lines

__all__ = ["path_drawing", "LAYOUTS", "PathGraph", "path_graph"]

#: (name, drawing width, cards per row, skills per row, links drawn): each is shown at the
#: screen widths site.css says. In one column, links would only run behind the cards: the
#: order from the top says it all (every card is below what it builds on).
LAYOUTS = (
    ("wide", 1100, 4, 5, True),
    ("medium", 720, 2, 3, True),
    ("narrow", 360, 1, 2, False),
)

_FONT = 12.0
_LINE = 15.0
_PAD = 10.0
_GAP_X = 18.0
_GAP_Y = 34.0  # between layers: room for the links
_SUBGAP = 14.0  # between the wrapped rows of one layer


@dataclass
class Node:
    key: tuple[str, str]  # ("m", module id) | ("s", skill id) | ("n", niche id) | ("t", skill)
    kind: str  # module | skill | niche | target
    state: str  # todo | done | held | missing | target
    label: str
    meta: str  # the small last line: "Step 3 · 12 h", "✓ done · 8 h", "✓ you have it"
    tooltip: str
    source: str = ""  # where to take a module to do: its provider and link, or "generic"
    layer: int = 0
    order: float = 0.0


@dataclass
class PathGraph:
    """What the drawing shows, before any layout: cards, and links (source, target, the
    name of the skill that passes along it)."""

    nodes: dict[tuple[str, str], Node] = field(default_factory=dict)
    edges: list[tuple[tuple[str, str], tuple[str, str], str]] = field(default_factory=list)
    planned: int = 0
    done: int = 0


def path_graph(plan, catalogue, held: Iterable[str] = (), done: Iterable[str] = ()) -> PathGraph:
    """The cards and links of ``plan``: its modules, the completed modules that led to
    them, the skills they start from, and the targets."""
    held = set(held)
    cat_modules, skills = catalogue.modules, catalogue.skills
    graph = PathGraph(planned=len(plan.modules))

    def skill_name(sid: str) -> str:
        return skills[sid].name if sid in skills else sid

    # completed modules that led here: those teaching a skill the path needs, and so on back
    needed = set(plan.target_skills) | {s for m in plan.modules for s in m.requires}
    pending = [m for m in done if m in cat_modules]
    done_used: list[str] = []
    changed = True
    while changed:
        changed = False
        for mid in list(pending):
            module = cat_modules[mid]
            if set(module.teaches) & needed:
                done_used.append(mid)
                needed |= set(module.requires)
                pending.remove(mid)
                changed = True
    provider: dict[str, tuple[str, str]] = {}
    for mid in done_used:
        m = cat_modules[mid]
        graph.nodes[("m", mid)] = Node(
            ("m", mid),
            "module",
            "done",
            m.title,
            f"✓ done · {hours(m.hours)}",
            f"Module {m.title} ({hours(m.hours)}), completed",
        )
        for s in m.teaches:
            provider.setdefault(s, ("m", mid))
    graph.done = len(done_used)
    for k, m in enumerate(plan.modules, start=1):
        graph.nodes[("m", m.id)] = Node(
            ("m", m.id),
            "module",
            "todo",
            m.title,
            f"Step {k} · {hours(m.hours)}" + (" · generic" if m.url is None else ""),
            f"Module {m.title} ({hours(m.hours)}), step {k} of {len(plan.modules)}, to do",
            source_line(m),
        )
        for s in m.teaches:
            provider.setdefault(s, ("m", m.id))
    missing = set(plan.missing)

    def source(sid: str) -> tuple[str, str] | None:
        if sid in provider:
            return provider[sid]
        if sid in held or sid in missing:
            key = ("s", sid)
            if key not in graph.nodes:
                name = skill_name(sid)
                if sid in missing:
                    node = Node(
                        key,
                        "skill",
                        "missing",
                        name,
                        "! get it elsewhere",
                        f"Skill {name}, an entry skill you need to get elsewhere",
                    )
                else:
                    node = Node(key, "skill", "held", name, "✓ you have it", f"Skill {name}, held")
                graph.nodes[key] = node
            return key
        return None

    for mid in [*done_used, *(m.id for m in plan.modules)]:
        for r in cat_modules[mid].requires:
            src = source(r)
            if src is not None and src != ("m", mid):
                graph.edges.append((src, ("m", mid), skill_name(r)))
    for t in plan.targets:
        if t in catalogue.niches:
            niche = catalogue.niches[t]
            key = ("n", t)
            graph.nodes[key] = Node(
                key, "niche", "target", niche.name, "Your target", f"Target niche {niche.name}"
            )
            wanted: Iterable[str] = niche.requires
        else:
            key = ("t", t)
            name = skill_name(t)
            graph.nodes[key] = Node(
                key, "target", "target", name, "Your target", f"Target skill {name}"
            )
            wanted = (t,)
        for s in wanted:
            src = source(s)
            if src is not None:
                graph.edges.append((src, key, skill_name(s)))
    _layer(graph)
    return graph


def _layer(graph: PathGraph) -> None:
    """Rows: skills first, each module after what it builds on, targets last; inside a
    row, cards ordered by where their sources sit (one barycentre sweep), then by plan."""
    into: dict[tuple[str, str], list[tuple[str, str]]] = {k: [] for k in graph.nodes}
    for a, b, _ in graph.edges:
        into[b].append(a)
    layer: dict[tuple[str, str], int] = {}

    def depth(key: tuple[str, str]) -> int:
        if key not in layer:
            layer[key] = 0  # guards a cycle, which a valid catalogue never has
            node = graph.nodes[key]
            if node.kind == "skill":
                layer[key] = 0
            else:
                layer[key] = 1 + max((depth(a) for a in into[key]), default=0)
        return layer[key]

    for key in graph.nodes:
        depth(key)
    last = max((layer[k] for k, n in graph.nodes.items() if n.kind == "module"), default=0) + 1
    for key, node in graph.nodes.items():
        node.layer = last if node.kind in ("niche", "target") else layer[key]
    plan_rank = {key: k for k, key in enumerate(graph.nodes)}
    position: dict[tuple[str, str], float] = {}
    for row in range(last + 1):
        keys = [k for k, n in graph.nodes.items() if n.layer == row]

        def centre(key: tuple[str, str]) -> tuple[float, int]:
            seen = [position[a] for a in into[key] if a in position]
            return (sum(seen) / len(seen) if seen else -1.0, plan_rank[key])

        for k, key in enumerate(sorted(keys, key=centre)):
            position[key] = k / max(1, len(keys) - 1)
            graph.nodes[key].order = k


def path_drawing(plan, catalogue, held: Iterable[str] = (), done: Iterable[str] = ()) -> str:
    """The plan as SVG markup, in every layout of :data:`LAYOUTS` (one is shown per
    screen width); an empty string when there is nothing to draw.

    ``held`` are the learner's skills, ``done`` their completed modules: what the plan
    builds on is drawn marked (``held``, ``done``).
    """
    graph = path_graph(plan, catalogue, held, done)
    if not graph.nodes:
        return ""
    return "\n".join(_draw(graph, *layout) for layout in LAYOUTS)


def _draw(
    graph: PathGraph, name: str, width: float, cols: int, skill_cols: int, links: bool
) -> str:
    rows = max(n.layer for n in graph.nodes.values()) + 1
    place: dict[tuple[str, str], tuple[float, float, float, float, list[str]]] = {}
    # with links, cards sit near what they link to; without, in the plan's order
    rank = {k: n.order for k, n in graph.nodes.items()}
    if not links:
        rank = {k: float(i) for i, k in enumerate(graph.nodes)}
    y = _PAD
    for row in range(rows):
        keys = sorted((k for k, n in graph.nodes.items() if n.layer == row), key=rank.__getitem__)
        per_row = skill_cols if row == 0 else cols
        card_w = (width - 2 * _PAD - (per_row - 1) * _GAP_X) / per_row
        text_w = card_w - 16
        for start in range(0, len(keys), per_row):
            chunk = keys[start : start + per_row]
            lines = {
                k: wrap_lines(
                    graph.nodes[k].label, text_w, _FONT, 2, bold=graph.nodes[k].state == "target"
                )
                for k in chunk
            }
            height = 12 + _LINE * (max(len(v) for v in lines.values()) + 1)
            offset = (width - len(chunk) * card_w - (len(chunk) - 1) * _GAP_X) / 2
            for k, key in enumerate(chunk):
                x = offset + k * (card_w + _GAP_X)
                place[key] = (x, y, card_w, height, lines[key])
            y += height + _SUBGAP
        y += _GAP_Y - _SUBGAP
    height = y - _GAP_Y + _PAD
    ident = f"path-{name}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="path-drawing for-{name}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">Your path as a graph of skills and modules</title>',
        f'<desc id="{ident}-desc">{graph.planned} modules to take and {graph.done} completed, '
        f"in {rows} rows from the skills you have to your target: each module comes after "
        "the modules it builds on. Completed modules and skills you have are marked with a "
        "tick, modules to take with their step number.</desc>",
        f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path '
        'class="arrow-head" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ]
    for a, b, skill in graph.edges if links else ():  # behind the cards
        ax, ay, aw, ah, _ = place[a]
        bx, by, bw, _, _ = place[b]
        sx, sy = ax + aw / 2, ay + ah
        tx, ty = bx + bw / 2, by
        bend = max(12.0, min(40.0, (ty - sy) / 2))
        state = graph.nodes[a].state
        cls = "edge done" if state in ("done", "held") else "edge"
        parts.append(
            f'<path class="{cls}" d="M {sx:.1f} {sy:.1f} C {sx:.1f} {sy + bend:.1f} '
            f'{tx:.1f} {ty - bend:.1f} {tx:.1f} {ty:.1f}" marker-end="url(#{ident}-arrow)">'
            f"<title>{esc('needs ' + skill)}</title></path>"
        )
    builds_on: dict[tuple[str, str], list[str]] = {}
    for a, b, _ in graph.edges:
        if graph.nodes[a].kind == "module" and a not in builds_on.setdefault(b, []):
            builds_on[b].append(a)
    for key, node in graph.nodes.items():
        x, y0, card_w, h, lines = place[key]
        tooltip = node.tooltip
        if builds_on.get(key):
            tooltip += "; builds on " + ", ".join(graph.nodes[a].label for a in builds_on[key])
        if node.source:
            tooltip += "; " + node.source
        rx = 14 if node.kind == "skill" else 4
        texts = "".join(
            f'<text x="{x + 8:.1f}" y="{y0 + 6 + _LINE * (k + 1) - 3:.1f}" class="label">'
            f"{esc(line)}</text>"
            for k, line in enumerate(lines)
        )
        texts += (
            f'<text x="{x + 8:.1f}" y="{y0 + 6 + _LINE * (len(lines) + 1) - 3:.1f}" '
            f'class="meta">{esc(node.meta)}</text>'
        )
        parts.append(
            f'<g class="node {node.kind} {node.state}"><title>{esc(tooltip)}</title>'
            f'<rect x="{x:.1f}" y="{y0:.1f}" width="{card_w:.1f}" height="{h:.1f}" rx="{rx}"/>'
            f"{texts}</g>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
