"""Our own SVG drawings: niches on resilience against hours, and a plan as a layered graph.

Both return markup to embed in a page. They carry no ``style`` attributes (the site's
Content-Security-Policy forbids inline styles): presentation comes from classes that
``static/site.css`` styles. Every drawing has a ``<title>`` and ``<desc>``, and the page
next to it shows the same facts as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

import networkx as nx

from learnpath.formatting import hours, number

__all__ = ["niche_chart", "path_drawing"]


def _e(text) -> str:
    return escape(str(text), quote=True)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = max(span, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def niche_chart(ranks, url_for_niche=lambda nid: f"/niches/{nid}", width: int = 720) -> str:
    """Resilience (up) against hours to ready (right), the Pareto front marked and joined.

    ``ranks`` are :class:`learnpath.planning.NicheRank`. A niche needing entry skills no
    module teaches is drawn hollow: its hours assume the learner gets those elsewhere.
    """
    ranks = list(ranks)
    height = 420
    left, right, top, bottom = 64, 24, 24, 56
    pw, ph = width - left - right, height - top - bottom
    max_hours = max([r.hours_to_ready for r in ranks] + [1.0])
    step = _nice_step(max_hours)
    x_max = step * math.ceil(max_hours / step)

    def x(h: float) -> float:
        return left + pw * (h / x_max)

    def y(res: float) -> float:
        return top + ph * (1.0 - res)

    front = sorted((r for r in ranks if r.pareto), key=lambda r: (r.hours_to_ready, r.resilience))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        'role="group" aria-labelledby="chart-title" aria-describedby="chart-desc" width="100%">',
        '<title id="chart-title">Niches: resilience to AI against hours to ready</title>',
        f'<desc id="chart-desc">{len(ranks)} niches. {len(front)} are on the Pareto front '
        "(no other niche is both more resilient and quicker): "
        + _e(", ".join(f"{r.name} ({hours(r.hours_to_ready)}, {r.resilience:.2f})" for r in front))
        + ".</desc>",
        f'<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/>',
    ]
    tick = 0.0
    while tick <= x_max + 1e-9:
        px = x(tick)
        parts.append(f'<line class="grid" x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + ph}"/>')
        parts.append(
            f'<text class="tick" x="{px:.1f}" y="{top + ph + 18}" text-anchor="middle">'
            f"{number(tick)}</text>"
        )
        tick += step
    for k in range(6):
        res = k / 5
        py = y(res)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{py:.1f}" x2="{left + pw}" y2="{py:.1f}"/>'
        )
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{py + 4:.1f}" text-anchor="end">{res:.1f}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{left + pw / 2:.1f}" y="{height - 12}" '
        'text-anchor="middle">hours to ready</text>'
    )
    parts.append(
        f'<text class="axis-label" x="16" y="{top + ph / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + ph / 2:.1f})">resilience to AI</text>'
    )
    line = [r for r in front if not r.missing]  # hours of blocked niches are not comparable
    if len(line) > 1:  # the front as a staircase: more resilience costs more hours
        points = []
        for a, b in zip(line, line[1:], strict=False):
            points.append(f"{x(a.hours_to_ready):.1f},{y(a.resilience):.1f}")
            points.append(f"{x(b.hours_to_ready):.1f},{y(a.resilience):.1f}")
        points.append(f"{x(line[-1].hours_to_ready):.1f},{y(line[-1].resilience):.1f}")
        parts.append(f'<polyline class="front" points="{" ".join(points)}"/>')
    labels: list[tuple[float, float, str]] = []
    for r in sorted(ranks, key=lambda r: r.pareto):
        cls = "point pareto" if r.pareto else "point"
        if r.missing:
            cls += " blocked"
        label = (
            f"{r.name}: resilience {r.resilience:.2f}, {hours(r.hours_to_ready)} to ready"
            + (f", needs {', '.join(r.missing)} first" if r.missing else "")
            + (" (Pareto front)" if r.pareto else "")
        )
        cx, cy = x(r.hours_to_ready), y(r.resilience)
        parts.append(
            f'<a href="{_e(url_for_niche(r.id))}" aria-label="{_e(label)}">'
            f'<circle class="{cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="{7 if r.pareto else 5}">'
            f"<title>{_e(label)}</title></circle></a>"
        )
        if r.pareto:
            labels.append((cx, cy, _short(r.name, 30)))
    placed: list[tuple[float, float, float, float]] = []
    for cx, cy, name in labels:  # first spot (right, left; above, below) free of others
        w, h = 7.0 * len(name), 14.0
        spots = [(cx + 10, cy - 8, "start"), (cx + 10, cy + 18, "start")]
        spots += [(cx - 10, cy - 8, "end"), (cx - 10, cy + 18, "end")]
        if cx > left + pw * 0.6:
            spots = spots[2:] + spots[:2]
        best = spots[0]
        for sx, sy, anchor in spots:
            box = (sx if anchor == "start" else sx - w, sy - h + 3, w, h)
            inside = left <= box[0] and box[0] + w <= left + pw and top <= box[1]
            if inside and not any(_overlap(box, other) for other in placed):
                best = (sx, sy, anchor)
                break
        sx, sy, anchor = best
        placed.append((sx if anchor == "start" else sx - w, sy - h + 3, w, h))
        parts.append(
            f'<text class="point-label" x="{sx:.1f}" y="{sy:.1f}" text-anchor="{anchor}">'
            f"{_e(name)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def path_drawing(
    plan,
    catalogue,
    held: Iterable[str] = (),
    done: Iterable[str] = (),
    node_width: int = 170,
) -> str:
    """The plan as a layered graph: skills and modules left to right, targets last.

    Skills the learner holds and completed modules that lead to a target are drawn
    marked (class ``held`` / ``done``). Layers are networkx's topological generations,
    laid out with ``multipartite_layout``.
    """
    held = set(held)
    done = [m for m in done if m in catalogue.modules]
    g = nx.DiGraph()
    planned = [m.id for m in plan.modules]
    needed = set(plan.target_skills) | {s for m in plan.modules for s in m.requires}

    def add_module(mid: str, state: str) -> None:
        module = catalogue.modules[mid]
        g.add_node(("m", mid), label=module.title, state=state, hours=module.hours)
        for s in module.requires:
            g.add_node(("s", s), label=_skill_name(catalogue, s))
            g.add_edge(("s", s), ("m", mid))
        for s in module.teaches:
            g.add_node(("s", s), label=_skill_name(catalogue, s))
            g.add_edge(("m", mid), ("s", s))

    for mid in planned:
        add_module(mid, "todo")
    # completed modules that led here: those teaching a skill the path needs, and so on back
    taught_by_done: set[str] = set()
    pending = list(done)
    changed = True
    while changed:
        changed = False
        for mid in list(pending):
            module = catalogue.modules[mid]
            if set(module.teaches) & needed:
                add_module(mid, "done")
                taught_by_done |= set(module.teaches)
                needed |= set(module.requires)
                pending.remove(mid)
                changed = True
    for t in plan.targets:
        if t in catalogue.niches:
            node = ("n", t)
            g.add_node(node, label=catalogue.niches[t].name)
            for s in catalogue.niches[t].requires:
                g.add_node(("s", s), label=_skill_name(catalogue, s))
                g.add_edge(("s", s), node)
        else:
            g.add_node(("s", t), label=_skill_name(catalogue, t))
    missing = set(plan.missing)
    for node in g.nodes:
        if node[0] == "s":
            sid = node[1]
            if sid in missing:
                g.nodes[node]["state"] = "missing"
            elif sid in held or sid in taught_by_done:
                g.nodes[node]["state"] = "held"
            else:
                g.nodes[node]["state"] = "todo"
        elif node[0] == "n":
            g.nodes[node]["state"] = "target"
    if not g.nodes:
        return ""
    for layer, nodes in enumerate(nx.topological_generations(g)):
        for node in nodes:
            g.nodes[node]["layer"] = layer
    layers = 1 + max(d["layer"] for _, d in g.nodes(data=True))
    per_layer: dict[int, int] = {}
    for _, d in g.nodes(data=True):
        per_layer[d["layer"]] = per_layer.get(d["layer"], 0) + 1
    tallest = max(per_layer.values())
    pos = nx.multipartite_layout(g, subset_key="layer", align="vertical")
    gap_x, row_h, node_h, pad = node_width + 50, 54, 38, 16
    width = pad * 2 + layers * gap_x - 50
    height = pad * 2 + tallest * row_h
    xs = [p[0] for p in pos.values()]
    x0, x1 = min(xs), max(xs)
    # the first layer in multipartite_layout's order; each next one by the mean position
    # of what leads into it (one barycentre sweep: far fewer crossing edges)
    rank: dict = {}
    for layer in range(layers):
        same = [n for n, d in g.nodes(data=True) if d["layer"] == layer]

        def key(n):
            preds = [
                rank[p] - (per_layer[g.nodes[p]["layer"]] - 1) / 2
                for p in g.predecessors(n)
                if p in rank
            ]
            centre = sum(preds) / len(preds) if preds else float("inf")
            return (centre, -pos[n][1], n)

        for k, n in enumerate(sorted(same, key=key)):
            rank[n] = k

    def place(node) -> tuple[float, float]:
        fx = 0.0 if x1 == x0 else (pos[node][0] - x0) / (x1 - x0)
        count = per_layer[g.nodes[node]["layer"]]
        cx = pad + node_width / 2 + fx * (width - 2 * pad - node_width)
        cy = height / 2 + (rank[node] - (count - 1) / 2) * row_h
        return cx, cy

    centre = {node: place(node) for node in g.nodes}
    n_done = sum(1 for _, d in g.nodes(data=True) if d.get("state") == "done")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="path-drawing" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="path-title path-desc">',
        '<title id="path-title">Your path as a graph of skills and modules</title>',
        f'<desc id="path-desc">{len(planned)} modules to take and {n_done} completed, in '
        f"{layers} layers from the skills they need to the skills they teach and the "
        "targets. Completed modules and held skills are marked with a tick.</desc>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="arrow-head" '
        'd="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ]
    for a, b in g.edges:
        ax, ay = centre[a]
        bx, by = centre[b]
        sx, ex = ax + node_width / 2, bx - node_width / 2
        mid = (sx + ex) / 2
        cls = "edge done" if g.nodes[a].get("state") == "done" else "edge"
        parts.append(
            f'<path class="{cls}" d="M {sx:.1f} {ay:.1f} C {mid:.1f} {ay:.1f} {mid:.1f} '
            f'{by:.1f} {ex:.1f} {by:.1f}" marker-end="url(#arrow)"/>'
        )
    for node, d in g.nodes(data=True):
        cx, cy = centre[node]
        kind = {"m": "module", "s": "skill", "n": "niche"}[node[0]]
        state = d.get("state", "todo")
        label = d["label"]
        full = {
            "module": f"Module {label} ({hours(d.get('hours', 0))})",
            "skill": f"Skill {label}",
            "niche": f"Target niche {label}",
        }[kind]
        full += {
            "done": ", completed",
            "held": ", held",
            "missing": ", an entry skill you need to get elsewhere",
        }.get(state, "")
        mark = "✓ " if state in ("done", "held") else ""
        x, y = cx - node_width / 2, cy - node_h / 2
        rx = 18 if kind == "skill" else 4
        parts.append(
            f'<g class="node {kind} {state}"><title>{_e(full)}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{node_width}" height="{node_h}" rx="{rx}"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle">'
            f"{_e(mark + _short(label, 24))}</text></g>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _skill_name(catalogue, sid: str) -> str:
    skill = catalogue.skills.get(sid)
    return skill.name if skill else sid
