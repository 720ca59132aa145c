"""``learnpath niches`` and ``compare``: every niche ranked for a learner or a visitor,
and two or three niches side by side.

Each command calls one core function of :mod:`learnpath.learner` (the niche list in
the personal order, a comparison) and renders it: a table or JSON on stdout, messages
on stderr. Their help ends with what the figures mean (:class:`ExplainedCommand`).
"""

from __future__ import annotations

import json
from dataclasses import replace

import click

from learnpath.formatting import hours, money, number

from . import main
from .context import (
    AppContext,
    console,
    err,
    literal,
    open_store,
    pass_app,
    split_ids,
    warn_stale,
)
from .planning import _done, _few, _have, _json, _role, _time_limit, output_format

__all__ = ["ExplainedCommand"]


class ExplainedCommand(click.Command):
    """A command whose help ends with what its figures mean: the personal order, the
    resilience scale and where the figures come from (imported only to show help)."""

    def format_help_text(self, ctx: click.Context, formatter) -> None:
        super().format_help_text(ctx, formatter)
        from learnpath.exposure import FIGURES, SCALE
        from learnpath.planning.fit import ORDER

        with formatter.indentation():
            for text in (f"Default order (--sort fit): {ORDER}", SCALE, FIGURES):
                formatter.write_paragraph()
                formatter.write_text(text)


_learner = click.option(
    "--learner",
    "who",
    default=None,
    metavar="NAME",
    help="Start from stored learner NAME's skills, completions and current work.",
)
_now = click.option(
    "--now",
    default=None,
    metavar="CODE",
    help="The work you do now: a SOC 2018 code (27-3091), an ESCO occupation URI or a niche "
    "id. Default: the learner's stored one (learnpath learner now CODE).",
)


def _who(app: AppContext, who, have, done, role=None):
    """The learner view: a visitor with ``have``/``done`` and a role's skills, or the
    stored learner ``who`` (with their current work) plus those."""
    from learnpath import learner as core
    from learnpath.roles import role_skills

    skills = split_ids(have) + (list(role_skills(app.catalogue, role)) if role else [])
    if who is None:
        return core.LearnerView(None, tuple(dict.fromkeys(skills)), tuple(split_ids(done)))
    mine = core.view(app.catalogue, open_store(app), who)
    warn_stale(mine)
    if not skills and not done:
        return mine
    return replace(
        mine,
        have=tuple(dict.fromkeys([*mine.have, *skills])),
        done=tuple(dict.fromkeys([*mine.done, *split_ids(done)])),
    )


def _work_notes(listing, catalogue, to_stderr: bool) -> None:
    """The one line about the current work (stdout above a table; stderr next to JSON)."""
    if listing.stale_now is not None:
        err(
            f"Note: your current work `{listing.stale_now}` is no longer known: kept, "
            "but left out (set another with `learnpath learner now CODE`)."
        )
    if listing.now is not None:
        line = listing.now.sentence(catalogue)
        if to_stderr:
            err(line)
        else:
            click.echo(line)


def _band(r) -> str:
    """``0.26 (0.21-0.31)``: a score with its band, as every view shows it."""
    if r.resilience_low is None or r.resilience_high is None:
        return f"{r.resilience:.2f}"
    return f"{r.resilience:.2f} ({r.resilience_low:.2f}-{r.resilience_high:.2f})"


def _risk(value) -> str:
    return "" if value is None else f"{value:.2f}"


@main.command(cls=ExplainedCommand)
@_have
@_done
@_role
@_learner
@_now
@click.option(
    "--sort",
    type=click.Choice(["fit", "pareto", "hours", "resilience"]),
    default="fit",
    show_default=True,
    help="fit: closest to you first (see below); pareto: best trade-offs of resilience "
    "and hours; hours: quickest; resilience: safest score first.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None)
@_json
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds the exact solver may use in all (niches without choices need none).",
)
@pass_app
def niches(
    app: AppContext, have, done, role, who, now, sort, fmt, as_json, time_limit: float
) -> None:
    """Every niche with the exact hours you need to be ready for it, closest to you first.

    Fit is the share of a niche's hours from scratch (from the entry skills alone) that
    your skills and completed modules already save: 1 means ready. Resilience comes with
    its band; niches whose bands overlap are not better or worse on resilience alone.
    Automation risk is a separate measure, never averaged into resilience. Niches
    needing entry skills no module teaches list them. With --now (or a learner's stored
    current work) the list opens with the exposure of that work and the niches less
    exposed beyond doubt.

    \b
    Example:
      learnpath niches --have computer-literacy,written-english,business-writing
      learnpath niches --have translation-techniques --now 27-3091
      learnpath niches --learner ines-translator --json
      learnpath niches --have spreadsheet-basics --sort hours --json
      learnpath niches --role translator
    """
    from rich.table import Table

    from learnpath import learner as core
    from learnpath.planning.fit import ORDER

    fmt = output_format(fmt, as_json)
    mine = _who(app, who, have, done, role)
    listing = core.niches(app.catalogue, mine, sort, now, time_limit=time_limit)
    _work_notes(listing, app.catalogue, to_stderr=fmt == "json")
    if fmt == "json":
        click.echo(json.dumps(listing.rows(), indent=2))
        return
    if sort == "fit":
        click.echo(ORDER)
    table = Table(
        title=f"Niches, sorted by {sort}",
        caption="fit: share of the hours from scratch you already save; resilience "
        "(band): niches whose bands overlap are not better or worse on resilience alone; "
        "* = on the Pareto front of resilience and hours",
    )
    table.add_column("", no_wrap=True)
    table.add_column("niche (id for --target)", overflow="fold", ratio=3)
    table.add_column("fit", justify="right")
    table.add_column("resilience (band)", justify="right")
    table.add_column("automation risk", justify="right")
    table.add_column("hours", justify="right")
    table.add_column("modules", justify="right")
    table.add_column("missing", overflow="fold", ratio=2)
    less = set(listing.now.less_exposed) if listing.now is not None else set()
    for r in listing.ranks:
        table.add_row(
            "*" if r.pareto else "",
            f"[bold]{literal(r.id)}[/bold]\n{literal(r.name)}"
            + ("\n[dim]less exposed than your work[/dim]" if r.id in less else ""),
            f"{r.fit:.2f}",
            _band(r),
            _risk(r.automation_risk),
            str(number(r.hours_to_ready)) + ("" if r.optimal else " (best found)"),
            str(r.modules),
            literal(_few(r.missing)),
        )
    console().print(table)
    if not listing.ranks:
        err("The catalogue has no niches.")


@main.command(cls=ExplainedCommand)
@click.argument("niche_ids", nargs=-1, metavar="NICHE NICHE [NICHE]")
@_have
@_done
@_role
@_learner
@_now
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None)
@_json
@_time_limit
@pass_app
def compare(
    app: AppContext, niche_ids, have, done, role, who, now, fmt, as_json, time_limit
) -> None:
    """Two or three niches side by side, from your skills: exact hours and cost to ready,
    what each adds to the others, fit, resilience with its band, automation risk.

    Marginal hours are what a niche adds when planned together with the others: the
    optimal plan for all of them minus the optimal plan without it (a module they share
    counts once). Every figure comes from exact plans, proved optimal unless the time
    limit says otherwise.

    \b
    Example:
      learnpath compare ghostwriter grant-writer --have long-form-writing,copywriting
      learnpath compare localization-specialist remote-interpreter --now 27-3091
      learnpath compare ai-content-editor ghostwriter grant-writer --learner jane-writer --json
    """
    from rich.table import Table

    from learnpath import learner as core

    fmt = output_format(fmt, as_json)
    mine = _who(app, who, have, done, role)
    side = core.compare(app.catalogue, mine, niche_ids, now, time_limit=time_limit)
    result = side.comparison
    _work_notes(side, app.catalogue, to_stderr=fmt == "json")
    if fmt == "json":
        click.echo(json.dumps(side.to_dict(), indent=2, ensure_ascii=False))
    else:
        table = Table(title="Side by side", show_lines=True)
        table.add_column("")
        for n in result.niches:
            table.add_column(
                f"[bold]{literal(n.name)}[/bold]\n[dim]{literal(n.id)}[/dim]",
                overflow="fold",
            )
        less = set(side.now.less_exposed) if side.now is not None else None
        rows = [
            ("hours to ready", [hours(n.hours_to_ready) for n in result.niches]),
            ("cost to ready", [money(n.cost_to_ready) for n in result.niches]),
            ("marginal hours", [hours(n.marginal_hours) for n in result.niches]),
            ("fit", [f"{n.fit:.2f}" for n in result.niches]),
            ("resilience (band)", [_band(n) for n in result.niches]),
            ("automation risk", [_risk(n.automation_risk) or "unknown" for n in result.niches]),
            ("shared modules", [_few(n.shared_modules, 4) or "none" for n in result.niches]),
            ("sources", ["; ".join(n.sources) or "none" for n in result.niches]),
        ]
        if less is not None:
            rows.insert(
                6,
                ("less exposed than now", ["yes" if n.id in less else "no" for n in result.niches]),
            )
        for label, cells in rows:
            table.add_row(label, *(literal(c) for c in cells))
        out = console()
        out.print(table)
        out.print(
            f"Together: {hours(result.together_hours)} ({money(result.together_cost)}), "
            "shared modules counted once.",
            markup=False,
        )
    if result.missing:
        err(
            f"The plans need {', '.join(result.missing)}, which no module here teaches: "
            "get it elsewhere first (the hours assume you do)."
        )
    if not result.optimal:
        err(
            "The solver hit its time limit on at least one plan: these are the best plans "
            "found, not proved optimal (use --time-limit for more time)."
        )
