"""The catalogue as a networkx graph: for finding cycles, ancestry and drawing.

Nodes are skill, module and niche ids (ids are unique across kinds) with a ``kind``
attribute; edges run ``skill -> module`` (the module requires the skill),
``module -> skill`` (the module teaches it) and ``skill -> niche`` (the niche needs it).
So an edge always points from what comes first to what it enables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import networkx as nx

from ..model import Catalogue

__all__ = ["to_networkx", "niche_subgraph", "find_cycles", "to_dot", "to_node_link_json"]


def to_networkx(catalogue: Catalogue) -> nx.DiGraph:
    """Compile ``catalogue`` into a :class:`networkx.DiGraph`.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...                       [Module("m", "M", teaches=("b",), requires=("a",), hours=2)], [])
    >>> sorted(to_networkx(cat).edges)
    [('a', 'm'), ('m', 'b')]
    """
    graph = nx.DiGraph()
    for skill in catalogue.skills.values():
        graph.add_node(skill.id, kind="skill", label=skill.name)
    for module in catalogue.modules.values():
        graph.add_node(
            module.id, kind="module", label=module.title, hours=module.hours, cost=module.cost
        )
        graph.add_edges_from((s, module.id) for s in module.requires)
        graph.add_edges_from((module.id, s) for s in module.teaches)
    for niche in catalogue.niches.values():
        graph.add_node(niche.id, kind="niche", label=niche.name, resilience=niche.resilience)
        graph.add_edges_from((s, niche.id) for s in niche.requires)
    return graph


def niche_subgraph(graph: nx.DiGraph, niche_id: str) -> nx.DiGraph:
    """The part of ``graph`` that ``niche_id`` depends on (the niche and its ancestors)."""
    nodes = nx.ancestors(graph, niche_id) | {niche_id}
    return graph.subgraph(nodes).copy()


def find_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle (as a list of node ids) for every strongly connected tangle in ``graph``.

    Each cycle starts at its smallest id, and the list is sorted, so reports are stable.
    """
    cycles = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if not graph.has_edge(node, node):
                continue
        sub = graph.subgraph(component)
        start = min(component)
        edges = nx.find_cycle(sub, source=start)
        cycle = [u for u, _ in edges]
        pivot = cycle.index(min(cycle))
        cycles.append(cycle[pivot:] + cycle[:pivot])
    return sorted(cycles)


_DOT_STYLE = {
    "skill": 'shape=ellipse, style=filled, fillcolor="#e8f1fb"',
    "module": 'shape=box, style="rounded,filled", fillcolor="#fdf3e1"',
    "niche": 'shape=doubleoctagon, style=filled, fillcolor="#e3f5e1"',
}


def _quote(text: str) -> str:
    """A DOT string; a real line break becomes DOT's centred line break ``\\n``.

    Examples
    --------
    >>> print(_quote('Say "hi"\\n2 h'))
    "Say \\"hi\\"\\n2 h"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def to_dot(graph: nx.DiGraph, name: str = "learnpath", highlight: Iterable[str] = ()) -> str:
    """Graphviz DOT text for ``graph`` (no pydot or pygraphviz needed).

    Nodes in ``highlight`` get a thick border (e.g. completed modules).
    """
    marked = set(highlight)
    lines = [f"digraph {_quote(name)} {{", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for node, data in sorted(graph.nodes(data=True)):
        kind = data.get("kind", "skill")
        label = data.get("label", node)
        if kind == "module" and "hours" in data:
            label = f"{label}\n{data['hours']:g} h"
        extra = ", penwidth=3" if node in marked else ""
        lines.append(f"  {_quote(node)} [label={_quote(label)}, {_DOT_STYLE[kind]}{extra}];")
    for u, v in sorted(graph.edges):
        lines.append(f"  {_quote(u)} -> {_quote(v)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_node_link_json(graph: nx.DiGraph) -> str:
    """networkx node-link JSON of ``graph`` (``{"nodes": [...], "edges": [...]}``)."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(data["edges"], key=lambda e: (e["source"], e["target"]))
    return json.dumps(data, indent=2, sort_keys=True)
