"""``learnpath status`` and what ``plan --diff`` shows: a learner against their commitment.

The commitment is made by ``learnpath schedule --commit``; the rules (progress, pace,
ready dates) are :mod:`learnpath.learner.commitments`'s. Data on stdout, messages on
stderr.
"""

from __future__ import annotations

import datetime as dt

import click

from learnpath.formatting import count, number

from . import main
from .context import (
    DATE_TYPE,
    AppContext,
    console,
    echo_json,
    err,
    json_option,
    literal,
    open_store,
    pass_app,
    warn_stale,
)

__all__ = ["status", "render_diff"]


@main.command()
@click.option(
    "--on",
    "on",
    type=DATE_TYPE,
    default=None,
    help="Where you stand on this day, YYYY-MM-DD (default: today).",
)
@json_option
@pass_app
def status(app: AppContext, on, as_json: bool) -> None:
    """For each goal: ahead, on track or behind your commitment, and when you will be ready.

    Progress counts the committed modules you completed (at their estimate); the plan
    counts the committed sessions up to today. Within one session's hours either way is
    "on track". The pace is your actual over estimated hours, shrunk towards 1.0 until
    three completions (`learnpath done MODULE --hours H` records them); the ready date
    lays what is left out again at that pace. Without a commitment (`learnpath
    schedule --hours-per-week W --commit`) every goal says "no commitment".

    \b
    Example:
      learnpath status
      learnpath status --on 2026-10-01 --json
    """
    from rich.table import Table

    from learnpath import learner as core

    today = on.date() if on else dt.date.today()
    mine = core.status(app.catalogue, open_store(app), app.learner, today)
    who, rows = mine.view.name, mine.goals
    if as_json:
        echo_json([r.to_dict() for r in rows])
    elif rows:
        table = Table(
            title=f"Status of {literal(who)} on {today.isoformat()}",
            caption=f"pace {number(round(mine.pace, 2))} over "
            f"{count(mine.completions, 'completion')}",
        )
        for name in ("goal", "state", "hours", "days", "ready", "committed"):
            table.add_column(name, justify="right" if name in ("hours", "days") else "left")
        colour = {"ahead": "green", "behind": "red", "on track": "cyan"}
        for r in rows:
            mark = colour.get(r.state)
            state = f"[{mark}]{r.state}[/{mark}]" if mark else r.state
            table.add_row(
                f"{literal(r.name)}\n[dim]{literal(r.goal)}[/dim]",
                state,
                "" if r.hours_ahead is None else f"{r.hours_ahead:+g}",
                "" if r.days_ahead is None else f"{r.days_ahead:+g}",
                r.ready_date.isoformat() if r.ready_date else "",
                r.committed_ready_date.isoformat() if r.committed_ready_date else "",
            )
        console().print(table)
    if not rows:
        err(f"{who} has no goal in the catalogue: add one with `learnpath goals add NICHE`.")
    elif mine.commitment is None:
        err(
            f"{who} has no commitment: make one with "
            "`learnpath schedule --hours-per-week W --commit`."
        )
    warn_stale(mine.view)


def render_diff(app: AppContext, today: dt.date, as_json: bool) -> None:
    """``learnpath plan --diff``: the plan now against the committed one."""
    from rich.table import Table

    from learnpath import learner as core

    diff = core.plan_diff(app.catalogue, open_store(app), app.learner, today)
    if as_json:
        echo_json(diff.to_dict())
    else:
        cat = app.catalogue
        if diff.changed:
            table = Table(title="Changes since you committed")
            for name in ("change", "module", "why"):
                table.add_column(name, overflow="fold")

            def title(mid: str) -> str:
                m = cat.modules.get(mid)
                return f"{literal(m.title)}\n[dim]{literal(mid)}[/dim]" if m else literal(mid)

            for r in diff.replaced:
                table.add_row("replaced", f"{title(r.old)}\n→ {title(r.new)}", literal(r.why))
            for mid in diff.added:
                table.add_row("added", title(mid), literal(diff.why.get(mid, "")))
            for mid in diff.removed:
                table.add_row("removed", title(mid), literal(diff.why.get(mid, "")))
            console().print(table)
        click.echo(diff.summary())
        if diff.catalogue_changed:
            err("The catalogue changed since you committed.")
        if diff.changed:
            err("Accept the new plan with `learnpath schedule --hours-per-week W --commit`.")
