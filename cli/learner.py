"""The learner commands: who you are, what you hold, what you aim for, what you did.

``learnpath learner``, ``skills``, ``goals``, ``done``, ``undone``, ``plan`` and
``progress``. Each command opens the store of ``--db`` (default: a SQLite file in the
user data folder), makes one call to :class:`learnpath.store.ProgressStore` (storage)
or to :mod:`learnpath.learner` (plans and progress), and renders the result: data on
stdout, messages on stderr. The learner is the one ``--learner`` /
``LEARNPATH_LEARNER`` names, else the current learner of the database (set by
``learner add`` and ``learner use``, kept in the user config), else the only one.
"""

from __future__ import annotations

import sys

import click

from learnpath.formatting import count, hours, number

from . import main
from .context import (
    AppContext,
    database_url,
    echo_json,
    err,
    json_option,
    open_store,
    pass_app,
    split_ids,
    warn_stale,
)
from .limits import limit_options, plan_limits

__all__ = [
    "learner",
    "learner_now",
    "learner_use",
    "skills",
    "goals",
    "done",
    "undone",
    "plan_command",
    "progress",
]

_date = click.DateTime(formats=["%Y-%m-%d"])


def _console():
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def _esc(text) -> str:
    from rich.markup import escape

    return escape("" if text is None else str(text))


def _report(result: dict[str, bool], did: str, didnt: str, who: str) -> None:
    """One line for what changed and one for what was already so (stderr)."""
    changed = [i for i, new in result.items() if new]
    same = [i for i, new in result.items() if not new]
    if changed:
        err(f"{did.capitalize()} for {who}: {', '.join(changed)}.")
    if same:
        err(f"{didnt.capitalize()} for {who}, nothing changed: {', '.join(same)}.")


def _changes_json(result: dict[str, bool], yes: str, no: str) -> dict:
    return {
        yes: [i for i, new in result.items() if new],
        no: [i for i, new in result.items() if not new],
    }


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
            _esc(s.name),
            _esc(s.email or ""),
            str(s.skills),
            str(s.goals),
            str(s.completions),
            s.created.date().isoformat(),
        )
    _console().print(table)


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


# ---------------------------------------------------------------------- skills and goals


def _item_table(title: str, items, empty: str) -> None:
    from rich.table import Table

    if not items:
        err(empty)
        return
    table = Table(title=title)
    table.add_column("id")
    table.add_column("name")
    for item in items:
        name = item.name if item.in_catalogue else "(no longer in the catalogue)"
        table.add_row(_esc(item.id), _esc(name))
    _console().print(table)


@main.group()
def skills() -> None:
    """The skills the learner already holds (declared, not learnt here).

    \b
    Example:
      learnpath skills add written-english,computer-literacy
      learnpath skills list --json
    """


@skills.command("add")
@click.argument("ids", nargs=-1, required=True, metavar="SKILL...")
@json_option
@pass_app
def skills_add(app: AppContext, ids, as_json: bool) -> None:
    """Declare skills you hold (ids, space- or comma-separated).

    \b
    Example:
      learnpath skills add written-english computer-literacy
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    result = store.add_skills(who, split_ids(ids))
    if as_json:
        echo_json(_changes_json(result, "added", "already"))
    _report(result, "declared", "already declared", who)


@skills.command("remove")
@click.argument("ids", nargs=-1, required=True, metavar="SKILL...")
@json_option
@pass_app
def skills_remove(app: AppContext, ids, as_json: bool) -> None:
    """Withdraw declared skills.

    \b
    Example:
      learnpath skills remove computer-literacy
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    result = store.remove_skills(who, split_ids(ids))
    if as_json:
        echo_json(_changes_json(result, "removed", "absent"))
    _report(result, "removed", "not declared", who)


@skills.command("list")
@json_option
@pass_app
def skills_list(app: AppContext, as_json: bool) -> None:
    """The skills the learner declared.

    \b
    Example:
      learnpath --learner maya skills list
    """
    store = open_store(app)
    items = store.list_skills(store.resolve(app.learner))
    if as_json:
        echo_json([i.to_dict() for i in items])
    else:
        _item_table("Declared skills", items, "No skills declared: `learnpath skills add SKILL`.")


@main.group()
def goals() -> None:
    """The niches the learner aims for; plans and progress are towards them.

    \b
    Example:
      learnpath goals add ai-content-strategist
      learnpath goals list
    """


@goals.command("add")
@click.argument("ids", nargs=-1, required=True, metavar="NICHE...")
@json_option
@pass_app
def goals_add(app: AppContext, ids, as_json: bool) -> None:
    """Aim for niches (ids from `learnpath niches`).

    \b
    Example:
      learnpath goals add ai-content-strategist
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    result = store.add_goals(who, split_ids(ids))
    if as_json:
        echo_json(_changes_json(result, "added", "already"))
    _report(result, "added goal(s)", "already a goal", who)


@goals.command("remove")
@click.argument("ids", nargs=-1, required=True, metavar="NICHE...")
@json_option
@pass_app
def goals_remove(app: AppContext, ids, as_json: bool) -> None:
    """Stop aiming for niches.

    \b
    Example:
      learnpath goals remove ai-content-strategist
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    result = store.remove_goals(who, split_ids(ids))
    if as_json:
        echo_json(_changes_json(result, "removed", "absent"))
    _report(result, "removed goal(s)", "not a goal", who)


@goals.command("list")
@json_option
@pass_app
def goals_list(app: AppContext, as_json: bool) -> None:
    """The learner's goals, in the order they were added.

    \b
    Example:
      learnpath goals list --json
    """
    store = open_store(app)
    items = store.list_goals(store.resolve(app.learner))
    if as_json:
        echo_json([i.to_dict() for i in items])
    else:
        _item_table("Goals", items, "No goals yet: `learnpath goals add NICHE`.")


# ---------------------------------------------------------------------- completions


@main.command()
@click.argument("ids", nargs=-1, metavar="[MODULE]...")
@click.option("--on", "on", type=_date, default=None, help="Completion date YYYY-MM-DD (today).")
@click.option("--note", default=None, help="A note kept with the completion.")
@click.option(
    "--hours",
    "spent",
    type=click.FloatRange(min=0, max=10_000, min_open=True),
    default=None,
    help="The hours it actually took (default: the estimate); sets your pace.",
)
@json_option
@pass_app
def done(app: AppContext, ids, on, note, spent, as_json: bool) -> None:
    """Mark modules completed; without MODULE, list the completions.

    Marking a module that is already done changes nothing (its first date and note
    stay), except that --hours replaces the hours recorded for it. Completions of
    modules the catalogue no longer has are kept and shown.

    \b
    Example:
      learnpath done prompt-writing-guide --on 2026-09-14 --hours 5 --note "with the team"
      learnpath done --json
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    if not ids:
        if on is not None or note is not None or spent is not None:
            raise click.UsageError("--on, --note and --hours need at least one MODULE")
        _list_completions(store, who, as_json)
        return
    if spent is not None and len(split_ids(ids)) > 1:
        raise click.UsageError("--hours is the effort of one module: give one MODULE")
    result = store.mark_done(
        who, split_ids(ids), on=on.date() if on else None, note=note, hours=spent
    )
    if as_json:
        echo_json(_changes_json(result, "done", "already"))
    dates = {c.module: c.on for c in store.state(who).completions}
    new = [i for i, was_new in result.items() if was_new]
    if new:
        err(f"Marked done for {who}: {', '.join(new)}.")
    for i, was_new in result.items():
        if not was_new and spent is not None:
            err(f"{i} was already done on {dates[i].isoformat()}: recorded {number(spent)} h.")
        elif not was_new:
            err(f"{i} was already done on {dates[i].isoformat()}: nothing changed.")


def _list_completions(store, who: str, as_json: bool) -> None:
    from rich.table import Table

    items = store.list_completions(who)
    if as_json:
        echo_json([c.to_dict() for c in items])
        return
    if not items:
        err(f"{who} has not completed any module yet: `learnpath done MODULE`.")
        return
    table = Table(title=f"Completed by {_esc(who)}")
    for name in ("on", "module", "hours", "took", "note"):
        table.add_column(name, justify="right" if name in ("hours", "took") else "left")
    for c in items:
        title = (
            f"{_esc(c.title)}\n[dim]{_esc(c.module)}[/dim]"
            if c.in_catalogue
            else f"{_esc(c.module)}\n[dim](no longer in the catalogue)[/dim]"
        )
        estimate = str(number(c.hours)) if c.hours is not None else ""
        took = str(number(c.actual_hours)) if c.actual_hours is not None else ""
        table.add_row(c.on.isoformat(), title, estimate, took, _esc(c.note or ""))
    _console().print(table)


@main.command()
@click.argument("ids", nargs=-1, required=True, metavar="MODULE...")
@json_option
@pass_app
def undone(app: AppContext, ids, as_json: bool) -> None:
    """Forget completions (a module marked done by mistake).

    \b
    Example:
      learnpath undone prompt-writing-guide
    """
    store = open_store(app)
    who = store.resolve(app.learner)
    result = store.mark_undone(who, split_ids(ids))
    if as_json:
        echo_json(_changes_json(result, "undone", "absent"))
    _report(result, "marked not done", "was not done", who)


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
    type=_date,
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
        table = Table(title=f"Progress of {_esc(who)}")
        table.add_column("goal", ratio=2)
        table.add_column("progress", width=14)
        table.add_column("%", justify="right")
        table.add_column("hours done", justify="right")
        table.add_column("status", ratio=1)
        for r in rows:
            if r.ready:
                status = "[green]ready[/green]"
            elif r.missing:
                status = f"{hours(r.hours_left)} to go; needs " + _esc(", ".join(r.missing))
            else:
                status = f"{hours(r.hours_left)} to go"
            table.add_row(
                f"{_esc(r.name)}\n[dim]{_esc(r.goal)}[/dim]",
                ProgressBar(total=100, completed=r.percent, width=14),
                f"{r.percent:.0f}%",
                f"{number(r.hours_done)} of {number(r.hours_done + r.hours_left)}",
                status,
            )
        if rows:
            _console().print(table)
    if not rows:
        err(f"{who} has no goal in the catalogue: add one with `learnpath goals add NICHE`.")
    warn_stale(mine.view)
