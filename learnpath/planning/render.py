"""Plans as text: Markdown (for notes and client proposals) and Graphviz DOT (to draw)."""

from __future__ import annotations

from ..formatting import hours, money, number
from ..model import Catalogue
from .explain import GENERIC_NOTE, why_text
from .result import Plan, PlannedModule

__all__ = [
    "plan_markdown",
    "plan_dot",
    "summary_line",
    "target_label",
    "target_name",
    "source_line",
]


def target_label(catalogue: Catalogue | None, target: str) -> str:
    """``niche ai-data-analyst`` or ``skill sql``."""
    if catalogue is not None and target in catalogue.niches:
        return f"niche {target}"
    return f"skill {target}"


def summary_line(plan: Plan) -> str:
    """``3 modules, 12.5 h, $40, optimal``.

    Examples
    --------
    >>> summary_line(Plan(("x",), (), 0.0, 0.0, True, 0.0, ()))
    '0 modules, 0 h, $0, optimal'
    >>> summary_line(Plan(("x",), (), 0.0, 0.0, True, 0.0, ("x",)))
    '0 modules, 0 h, $0, optimal; NOT READY: also needs x (taught by no module)'
    >>> summary_line(Plan(("x",), (), 10.0, 30.0, True, 0.0, (), "value", rate=20, max_cost=50))
    '0 modules, 10 h, $30, value $230 at $20/h, optimal; within $50'
    """
    n = len(plan.modules)
    proof = "optimal" if plan.optimal else f"best found, optimum >= {number(plan.lower_bound)}"
    value = ""
    if plan.total_value is not None:
        value = f", value {money(plan.total_value)} at {money(plan.rate or 0)}/h"
    text = (
        f"{n} module{'s' if n != 1 else ''}, {hours(plan.total_hours)}, "
        f"{money(plan.total_cost)}{value}, {proof}"
    )
    kept = [money(plan.max_cost)] if plan.max_cost is not None else []
    if plan.by is not None:
        kept.append(f"ready by {plan.by.isoformat()} at {hours(plan.hours_per_week or 0)}/week")
    elif plan.max_hours is not None:
        kept.append(hours(plan.max_hours))
    if kept:
        text += "; within " + " and ".join(kept)
    if plan.missing:
        text += "; NOT READY: also needs " + ", ".join(plan.missing) + " (taught by no module)"
    return text


def source_line(m: PlannedModule) -> str:
    """Where to take a module: ``Provider: url`` for a real resource, else the generic note.

    Examples
    --------
    >>> source_line(PlannedModule("a", "A", 1, 0, ("x",), (), "teaches x"))
    'generic: find or run a local equivalent'
    >>> source_line(PlannedModule("a", "A", 1, 0, ("x",), (), "", url="https://x.org/a",
    ...                           provider="X"))
    'X: https://x.org/a'
    """
    if m.url is None:
        return GENERIC_NOTE
    return f"{m.provider}: {m.url}" if m.provider else m.url


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def plan_markdown(plan: Plan, catalogue: Catalogue | None = None) -> str:
    """The plan as a Markdown section with one table row per module.

    Examples
    --------
    >>> print(plan_markdown(Plan(("x",), (), 0.0, 0.0, True, 0.0, ())).splitlines()[0])
    # Learning plan: skill x
    """
    title = ", ".join(target_label(catalogue, t) for t in plan.targets)
    lines = [f"# Learning plan: {title}", "", f"**Total:** {summary_line(plan)}", ""]
    if plan.missing:
        lines += [
            "**Missing entry skills** (no module here teaches them; get them first): "
            + ", ".join(f"`{s}`" for s in plan.missing),
            "",
        ]
    lines += ["| # | Module | Hours | Running total | Cost | Why |", "|---|---|---|---|---|---|"]
    running = 0.0
    for k, m in enumerate(plan.modules, start=1):
        running += m.hours
        if m.url:
            name = f"[{_cell(m.title)}]({m.url})" + (f", {_cell(m.provider)}" if m.provider else "")
        else:
            name = f"{_cell(m.title)} (*{GENERIC_NOTE}*)"
        why = why_text(m.why, catalogue) if catalogue is not None else m.why
        lines.append(
            f"| {k} | {name} (`{m.id}`) | {number(m.hours)} | {number(running)} | "
            f"{money(m.cost)} | {_cell(why + _also(m, catalogue))} |"
        )
    if plan.per_target:
        lines += ["", "**What only each target needs** (dropping it saves at least this):", ""]
        for t in plan.per_target:
            lines.append(
                f"- {t.kind} `{t.target}`: +{hours(t.extra_hours)}, +{money(t.extra_cost)}"
            )
    return "\n".join(lines) + "\n"


def _also(m, catalogue: Catalogue | None = None) -> str:
    if len(m.serves) <= 1:
        return ""
    return "; serves " + ", ".join(target_name(catalogue, t) for t in m.serves)


def target_name(catalogue: Catalogue | None, target: str) -> str:
    """A target's name (a niche's or a skill's), or its id without a catalogue."""
    if catalogue is not None:
        if target in catalogue.niches:
            return catalogue.niches[target].name
        if target in catalogue.skills:
            return catalogue.skills[target].name
    return target


def _q(text: str) -> str:
    """A DOT string literal; a real newline becomes a centred line break."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def plan_dot(plan: Plan, catalogue: Catalogue | None = None) -> str:
    """The plan as a Graphviz digraph: modules in order, the skills linking them, targets.

    Examples
    --------
    >>> print(plan_dot(Plan(("x",), (), 0.0, 0.0, True, 0.0, ())).splitlines()[0])
    digraph plan {
    """
    lines = [
        "digraph plan {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    teacher: dict[str, str] = {}
    for k, m in enumerate(plan.modules, start=1):
        label = f"{k}. {m.title}\n{hours(m.hours)}"
        lines.append(f"  {_q('module:' + m.id)} [label={_q(label)}];")
    for s in plan.missing:
        lines.append(
            f"  {_q('missing:' + s)} [label={_q('missing: ' + s)}, shape=note, color=red];"
        )
    for m in plan.modules:
        for r in m.requires:
            if r in teacher:
                src = teacher[r]
            elif r in plan.missing:
                src = "missing:" + r
            else:
                continue  # already held
            lines.append(f"  {_q(src)} -> {_q('module:' + m.id)} [label={_q(r)}];")
        for s in m.teaches:
            teacher.setdefault(s, "module:" + m.id)
    for t in plan.targets:
        niche = catalogue.niches.get(t) if catalogue is not None else None
        skills = tuple(niche.requires) if niche is not None else (t,)
        label = f"niche\n{niche.name}" if niche is not None else f"skill\n{t}"
        lines.append(f"  {_q('target:' + t)} [label={_q(label)}, shape=doubleoctagon];")
        for s in skills:
            source = teacher.get(s) or ("missing:" + s if s in plan.missing else None)
            if source is not None:
                lines.append(f"  {_q(source)} -> {_q('target:' + t)} [label={_q(s)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
