"""The learner commands: who you are, your plan and your progress.

``learnpath learner``, ``plan`` and ``progress`` (``skills``, ``goals``, ``done`` and
``undone`` are in :mod:`learnpath.cli.items`). Each command opens the store of ``--db``
(default: a SQLite file in the user data folder), makes one call to
:class:`learnpath.store.ProgressStore` (storage) or to :mod:`learnpath.learner` (plans
and progress), and renders the result: data on stdout, messages on stderr. The learner
is the one ``--learner`` / ``LEARNPATH_LEARNER`` names, else the current learner of the
database (set by ``learner add`` and ``learner use``, kept in the user config), else the
only one.
"""

from __future__ import annotations

import click

from learnpath.formatting import count, hours, number

from . import main
from .context import (
    DATE_TYPE,
    AppContext,
    console,
    database_url,
    echo_json,
    err,
    json_option,
    literal,
    open_store,
    pass_app,
    warn_stale,
)
from .limits import limit_options, plan_limits

__all__ = [
    "learner",
    "learner_now",
    "learner_use",
    "plan_command",
    "progress",
]


# ---------------------------------------------------------------------- learner


@main.group()
def learner() -> None:
    """Add, choose, list and remove learners (the people whose progress is kept).

    The learner you add (or choose with `learner use`) becomes the current one: the
    other commands use it until you choose another. The choice is kept per database in
    the user config file (LEARNPATH_CONFIG, else config.toml in your user config
    folder); --learner NAME or LEARNPATH_LEARNER overrides it for one command.

    \b
    Example:
      learnpath learner add noor --email noor@example.org
      learnpath learner list
      learnpath learner use maya
      learnpath --learner noor skills add written-english
    """


def _make_current(app: AppContext, name: str | None) -> None:
    from learnpath.config import set_current_learner

    set_current_learner(database_url(app), name)


@learner.command("add")
@click.argument("name")
@click.option("--email", default=None, help="An email address (optional).")
@click.option("--about", default=None, help="A line about the learner (optional).")
@json_option
@pass_app
def learner_add(app: AppContext, name: str, email, about, as_json: bool) -> None:
    """Create a learner called NAME, with no skills, goals or completions yet.

    NAME becomes the current learner: the commands that follow use it.

    \b
    Example:
      learnpath learner add noor --email noor@example.org
    """
    store = open_store(app, with_catalogue=False, create=True)
    summary = store.add_learner(name, email=email, about=about)
    _make_current(app, name)
    if as_json:
        echo_json(summary.to_dict())
    else:
        err(
            f"Added learner {name}, now the current learner "
            "(switch with `learnpath learner use NAME`). Next: learnpath skills add SKILL..."
        )


@learner.command("use")
@click.argument("name")
@pass_app
def learner_use(app: AppContext, name: str) -> None:
    """Make NAME the current learner: the commands that follow use it.

    Kept per database in the user config; --learner NAME still overrides it.

    \b
    Example:
      learnpath learner use jane-writer
    """
    store = open_store(app, with_catalogue=False)
    store.get_learner(name)  # says so when there is no such learner
    _make_current(app, name)
    err(f"{name} is now the current learner.")


@learner.command("list")
@json_option
@pass_app
def learner_list(app: AppContext, as_json: bool) -> None:
    """Every learner, with how many skills, goals and completions they have.

    The current learner is marked with *.

    \b
    Example:
      learnpath learner list --json
    """
    from rich.table import Table

    store = open_store(app, with_catalogue=False)
    learners = store.list_learners()
    current = app.learner
    if as_json:
        echo_json([{**s.to_dict(), "current": s.name == current} for s in learners])
        return
    if not learners:
        err("No learners yet: add one with `learnpath learner add NAME`.")
        return
    table = Table(title="Learners", caption="* = the current learner" if current else None)
    for name, justify in [
        ("", "left"),
        ("name", "left"),
        ("email", "left"),
        ("skills", "right"),
        ("goals", "right"),
        ("done", "right"),
        ("since", "left"),
    ]:
        table.add_column(name, justify=justify)
    for s in learners:
        table.add_row(
            "*" if s.name == current else "",
            literal(s.name),
            literal(s.email or ""),
            str(s.skills),
            str(s.goals),
            str(s.completions),
            s.created.date().isoformat(),
        )
    console().print(table)


@learner.command("remove")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def learner_remove(app: AppContext, name: str, yes: bool) -> None:
    """Delete learner NAME and all their skills, goals and completions.

    Asks first unless --yes; `learnpath export` keeps a copy you can import back.

    \b
    Example:
      learnpath learner remove maya --yes
    """
    store = open_store(app, with_catalogue=False)
    summary = store.get_learner(name)
    if not yes:
        click.confirm(
            f"Remove learner {name} with {count(summary.skills, 'skill')}, "
            f"{count(summary.goals, 'goal')} "
            f"and {count(summary.completions, 'completion')}?",
            abort=True,
            err=True,
        )
    store.remove_learner(name)
    from learnpath.config import current_learner

    if current_learner(database_url(app)) == name:
        _make_current(app, None)
    err(f"Removed learner {name}.")


@learner.command("now")
@click.argument("code", required=False, metavar="[CODE]")
@click.option("--clear", is_flag=True, help="Forget the current work.")
@json_option
@pass_app
def learner_now(app: AppContext, code, clear: bool, as_json: bool) -> None:
    """The work the learner does now: a SOC 2018 code, an ESCO occupation URI or a niche id.

    With CODE it is checked and stored (an unknown code names the nearest known ones and
    nothing is written); without, the stored one is shown with its exposure. `learnpath
    niches` and `learnpath compare` then open with the exposure of that work. Find SOC
    codes at https://www.onetonline.org (27-3091.00 works as well as 27-3091).

    \b
    Example:
      learnpath learner now 27-3091
      learnpath --learner ines-translator learner now --json
      learnpath learner now --clear
    """
    from learnpath import learner as core

    if clear and code:
        raise click.UsageError("give a CODE or --clear, not both")
    store = open_store(app)
    who = store.resolve(app.learner)
    if clear:
        core.set_now(app.catalogue, store, who, None)
        err(f"Forgot the current work of {who}.")
        return
    if code:
        work = core.set_now(app.catalogue, store, who, code)
        err(f"Stored the current work of {who}.")
    else:
        stored = core.view(app.catalogue, store, who).now
        if stored is None:
            err(f"{who} has not said what they do now: `learnpath learner now CODE`.")
            return
        work = core.current_work(app.catalogue, stored)
    if as_json:
        echo_json(work.to_dict() if work is not None else None)
    else:
        click.echo(work.describe() if work is not None else "")


# ---------------------------------------------------------------------- plan, progress


@main.command("plan")
@limit_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown", "dot"]),
    default=None,
    help="table (default), json, markdown, dot: as for `learnpath path`.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Compare the plan now with the one you committed to (`schedule --commit`).",
)
@click.option(
    "--on",
    "on",
    type=DATE_TYPE,
    default=None,
    help="With --diff: the day the new plan would start, YYYY-MM-DD (default: today).",
)
@json_option
@pass_app
def plan_command(app: AppContext, fmt, diff: bool, on, as_json: bool, **limits) -> None:
    """Re-plan: the shortest path from your skills and completions to your goals.

    The same output as `learnpath path --have <your skills> --done <your completions>
    --target <your goals>`; modules you completed are never planned again. What the
    plan minimizes, your rate and budget default to those you chose on the site's plan
    page (options given here win).

    With --diff: what changed against your commitment (modules added, removed or
    replaced, and why; the change in hours, cost and ready date).

    \b
    Example:
      learnpath --learner maya plan
      learnpath plan --json
      learnpath plan --minimize value --rate 40 --max-cost 300
      learnpath schedule --hours-per-week 6 --commit
      learnpath plan --diff
    """
    from learnpath import learner as core

    from .planning import output_format, render_plan

    if diff or on is not None:
        import datetime as dt

        from .commitments import render_diff

        if not diff or fmt not in (None, "json"):
            raise click.UsageError("--on goes with --diff, and --diff shows a table or --json")
        render_diff(app, on.date() if on else dt.date.today(), as_json or fmt == "json")
        return
    fmt = output_format(fmt, as_json)
    store = open_store(app)
    stored = core.plan_limits(store, app.learner)
    mine = core.plan(app.catalogue, store, app.learner, plan_limits(limits, default=stored))
    warn_stale(mine.view)
    render_plan(mine.plan, app.catalogue, fmt)


@main.command()
@json_option
@pass_app
def progress(app: AppContext, as_json: bool) -> None:
    """For each goal: hours done, hours left on the current best plan, and a progress bar.

    Hours done count the completed modules that teach something the goal needs.

    \b
    Example:
      learnpath progress
      learnpath progress --json
    """
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    from learnpath import learner as core

    mine = core.progress(app.catalogue, open_store(app), app.learner)
    who, rows = mine.view.name, mine.goals
    if as_json:
        echo_json([r.to_dict() for r in rows])
    else:
        table = Table(title=f"Progress of {literal(who)}")
        table.add_column("goal", ratio=2)
        table.add_column("progress", width=14)
        table.add_column("%", justify="right")
        table.add_column("hours done", justify="right")
        table.add_column("status", ratio=1)
        for r in rows:
            if r.ready:
                status = "[green]ready[/green]"
            elif r.missing:
                status = f"{hours(r.hours_left)} to go; needs " + literal(", ".join(r.missing))
            else:
                status = f"{hours(r.hours_left)} to go"
            table.add_row(
                f"{literal(r.name)}\n[dim]{literal(r.goal)}[/dim]",
                ProgressBar(total=100, completed=r.percent, width=14),
                f"{r.percent:.0f}%",
                f"{number(r.hours_done)} of {number(r.hours_done + r.hours_left)}",
                status,
            )
        if rows:
            console().print(table)
    if not rows:
        err(f"{who} has no goal in the catalogue: add one with `learnpath goals add NICHE`.")
    warn_stale(mine.view)
