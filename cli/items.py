"""The commands for a learner's items: the skills they hold, the goals they aim for,
the modules they completed.

``learnpath skills``, ``goals``, ``done`` and ``undone``. Each command opens the store
of ``--db``, makes one call to :class:`learnpath.store.ProgressStore` and renders the
result: data on stdout, messages on stderr, for the learner ``--learner`` names (else
the current learner, else the only one; see :mod:`learnpath.cli.learner`).
"""

from __future__ import annotations

import click

from learnpath.formatting import number

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
    split_ids,
)

__all__ = ["skills", "goals", "done", "undone"]


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
        table.add_row(literal(item.id), literal(name))
    console().print(table)


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
@click.option(
    "--on", "on", type=DATE_TYPE, default=None, help="Completion date YYYY-MM-DD (today)."
)
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
    table = Table(title=f"Completed by {literal(who)}")
    for name in ("on", "module", "hours", "took", "note"):
        table.add_column(name, justify="right" if name in ("hours", "took") else "left")
    for c in items:
        title = (
            f"{literal(c.title)}\n[dim]{literal(c.module)}[/dim]"
            if c.in_catalogue
            else f"{literal(c.module)}\n[dim](no longer in the catalogue)[/dim]"
        )
        estimate = str(number(c.hours)) if c.hours is not None else ""
        took = str(number(c.actual_hours)) if c.actual_hours is not None else ""
        table.add_row(c.on.isoformat(), title, estimate, took, literal(c.note or ""))
    console().print(table)


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
