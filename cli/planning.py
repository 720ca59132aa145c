"""``learnpath path`` and ``schedule``: the planner's commands (``niches`` and
``compare`` are in :mod:`.ranking`).

Each command calls one core function of :mod:`learnpath.planning` or of
:mod:`learnpath.learner` (a stored learner's schedule) and renders the result: data on
stdout (a table, JSON, Markdown, DOT or iCalendar), messages on stderr.
:func:`render_plan` is how ``path`` and ``plan`` both show a plan; the options and
helpers here are shared with :mod:`.ranking`.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from learnpath.formatting import count, hours, money, number

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
from .limits import limit_options, plan_limits

__all__ = ["output_format", "render_plan"]

_have = click.option(
    "--have",
    multiple=True,
    metavar="S1,S2",
    help="Skills you already have (comma-separated or repeated).",
)
_done = click.option(
    "--done",
    multiple=True,
    metavar="M1,M2",
    help="Modules you have completed: their skills count, they are not planned again.",
)
_target = click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    required=True,
    metavar="ID",
    help="A niche id or a skill id to reach (repeatable).",
)
_role = click.option(
    "--role",
    metavar="NAME",
    default=None,
    help="Count a role preset's typical skills as yours (see `learnpath roles`).",
)
_time_limit = click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds the exact solver may use before returning its best plan so far.",
)
_json = click.option("--json", "as_json", is_flag=True, help="Short for --format json.")


def output_format(fmt: str | None, as_json: bool) -> str:
    """The format asked for by ``--format`` and ``--json`` (default: table)."""
    if as_json and fmt not in (None, "json"):
        raise click.UsageError("--json cannot be combined with --format " + fmt)
    return "json" if as_json else (fmt or "table")


def _few(ids, shown: int = 3) -> str:
    """``a, b, c, +4 more``: a long list kept readable in a table cell."""
    ids = list(ids)
    more = f", +{len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def _make_plan(app: AppContext, have, targets, done, minimize, time_limit):
    """The plan of ``minimize`` (a measure or :class:`PlanLimits`)."""
    from learnpath.planning.bounded import plan_within

    return plan_within(
        app.catalogue,
        split_ids(have),
        split_ids(targets),
        split_ids(done),
        minimize,
        time_limit=time_limit,
    )


def _plan_messages(plan, catalogue) -> None:
    """Everything a person must know about a plan that is not the plan itself."""
    if plan.already_held or plan.missing:
        from learnpath.planning.render import target_label
    for t in plan.already_held:
        err(f"You already have every skill {target_label(catalogue, t)} needs.")
    if plan.missing:
        which = ", ".join(target_label(catalogue, t) for t in plan.unreachable)
        err(
            f"Cannot reach {which} with this catalogue alone: no module teaches "
            f"{', '.join(plan.missing)}. If you have "
            f"{'it' if len(plan.missing) == 1 else 'them'}, add --have "
            f"{','.join(plan.missing)}; the plan assumes you get "
            f"{'it' if len(plan.missing) == 1 else 'them'} elsewhere first."
        )
    if not plan.optimal:
        err(
            "The solver hit its time limit: this is the best plan found; no plan "
            + (
                f"takes less than {hours(plan.lower_bound)}"
                if plan.minimize == "hours"
                else f"costs less than {money(plan.lower_bound)}"
                if plan.minimize == "cost"
                else f"is worth less than {money(plan.lower_bound)} (hours x rate + fees)"
            )
            + " (use --time-limit for more time)."
        )


def _module_cell(m) -> str:
    """Title, id, and where to take it (provider and link, or that it is generic)."""
    from learnpath.planning.render import source_line

    source = literal(source_line(m))
    return f"{literal(m.title)}\n[dim]{literal(m.id)}[/dim]\n[italic]{source}[/italic]"


def _why_cell(m, catalogue) -> str:
    """The reason in titles and names, long chains shortened to their first and last step."""
    from learnpath.planning.explain import why_text
    from learnpath.planning.render import target_name

    why = why_text(m.why, catalogue, compact=True)
    if m.needs_missing:
        why += f" (first get: {', '.join(m.needs_missing)})"
    if len(m.serves) > 1:
        why += "; serves " + ", ".join(target_name(catalogue, t) for t in m.serves)
    return literal(why)


def _plan_table(plan, catalogue) -> None:
    from rich.table import Table

    from learnpath.planning.render import summary_line, target_label

    title = "Plan for " + ", ".join(target_label(catalogue, t) for t in plan.targets)
    table = Table(title=title, show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("module", overflow="fold", ratio=3)
    table.add_column("hours", justify="right")
    table.add_column("total", justify="right")
    costs = plan.minimize != "hours" or plan.max_cost is not None
    if costs:  # what the plan was chosen by
        table.add_column("cost", justify="right")
    table.add_column("why", overflow="fold", ratio=4)
    running = 0.0
    for k, m in enumerate(plan.modules, start=1):
        running += m.hours
        cells = [str(k), _module_cell(m), str(number(m.hours)), str(number(running))]
        if costs:
            cells.append(money(m.cost))
        table.add_row(*cells, _why_cell(m, catalogue))
    out = console()
    out.print(table)
    out.print(summary_line(plan), markup=False, highlight=False)
    for t in plan.per_target:
        out.print(
            f"{target_label(catalogue, t.target)} adds {hours(t.extra_hours)} "
            f"({money(t.extra_cost)}): the modules only it needs",
            markup=False,
        )


def render_plan(plan, catalogue, fmt: str) -> None:
    """Show ``plan`` as ``fmt`` (table, json, markdown or dot) on stdout, and on stderr
    what a person must know about it (targets already met, missing entry skills...)."""
    if fmt == "json":
        click.echo(json.dumps(plan.to_dict(catalogue), indent=2))
    elif fmt == "markdown":
        from learnpath.planning.render import plan_markdown

        click.echo(plan_markdown(plan, catalogue), nl=False)
    elif fmt == "dot":
        from learnpath.planning.render import plan_dot

        click.echo(plan_dot(plan, catalogue), nl=False)
    else:
        _plan_table(plan, catalogue)
    _plan_messages(plan, catalogue)


@main.command()
@_have
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="ID",
    help="A niche id or a skill id to reach (repeatable; needed unless --from-text).",
)
@click.option(
    "--from-text",
    "from_text",
    metavar="FILE|-",
    default=None,
    help="Plan to exactly the skills a job posting, brief or CV asks for (see `match`).",
)
@_done
@_role
@click.option(
    "--learner",
    "learner_name",
    metavar="NAME",
    default=None,
    help="Start from stored learner NAME's skills and completions.",
)
@limit_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown", "dot"]),
    default=None,
    help="table (default), json, markdown (for notes or a proposal), dot (to draw).",
)
@_json
@_time_limit
@pass_app
def path(
    app: AppContext,
    have,
    targets,
    from_text,
    done,
    role,
    learner_name,
    fmt,
    as_json,
    time_limit: float,
    **limits,
) -> None:
    """The shortest path of modules from the skills you have to one or more targets.

    Targets are niche ids (all the skills the niche needs) or skill ids; --from-text
    FILE plans to exactly the skills a posting asks for, and first says how many of them
    you already cover. Every module comes with the reason it is there; prerequisites
    come first.

    \b
    Example:
      learnpath path --have computer-literacy,written-english --target ai-assisted-bi-analyst
      learnpath path --have prompt-writing -t ai-content-editor -t ghostwriter --minimize cost
      learnpath path -t ai-assisted-bi-analyst --max-cost 100
      learnpath path -t ai-assisted-bi-analyst --minimize value --rate 40
      learnpath path -t ai-assisted-bi-analyst --by 2030-06-30 --hours-per-week 6
      learnpath path -t ai-response-evaluator --done prompt-writing-guide --json
      learnpath path --target prompt-writing --format dot | dot -Tsvg > plan.svg
      echo "Need SQL and Power BI dashboards" | learnpath path --from-text - --role data-analyst
    """
    fmt = output_format(fmt, as_json)
    minimize = plan_limits(limits)
    if not targets and from_text is None:
        raise click.UsageError("give --target ID (repeatable) or --from-text FILE")
    if from_text is None and not (role or learner_name):
        result = _make_plan(app, have, targets, done, minimize, time_limit)
        render_plan(result, app.catalogue, fmt)
        return
    from .start import held_from, read_text

    skills, learner_done, _ = held_from(app, have, role, learner_name)
    done_ids = list(dict.fromkeys([*learner_done, *split_ids(done)]))
    if from_text is None:
        result = _make_plan(app, skills, targets, done_ids, minimize, time_limit)
        render_plan(result, app.catalogue, fmt)
        return
    from learnpath import learner as core

    text = read_text(from_text)
    found = core.plan_from_text(
        app.catalogue,
        text,
        skills,
        done_ids,
        minimize,
        extra_targets=split_ids(targets),
        time_limit=time_limit,
    )
    summary = found.summary()
    err(summary[0].upper() + summary[1:] + ".")
    plus = found.match.optional
    if plus:
        err(
            "Mentioned as a plus, not planned: "
            + ", ".join(s.id for s in plus)
            + " (add them with --target)."
        )
    render_plan(found.plan, app.catalogue, fmt)


@main.command()
@_have
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="ID",
    help="A niche id or a skill id to reach (repeatable). Without it (and without "
    "--have and --done): the stored learner's own plan.",
)
@_done
@limit_options(pace=False)
@click.option(
    "--hours-per-week",
    type=click.FloatRange(min=0, min_open=True),
    required=True,
    help="Study hours per week, spread over the whole week.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First study day, YYYY-MM-DD (default: today).",
)
@click.option(
    "--days",
    default=None,
    metavar="mon,wed,sat",
    help="Weekdays you study, one session each (default: every day).",
)
@click.option(
    "--time",
    "at",
    default=None,
    metavar="HH:MM",
    help="When a session starts, for the calendar (default: 19:00).",
)
@click.option(
    "--commit",
    is_flag=True,
    help="Keep this schedule as your commitment (`status` and `plan --diff` use it).",
)
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Also write an iCalendar file (one event per study session); - writes it to stdout.",
)
@click.option(
    "--alarm",
    type=click.IntRange(min=0, max=10_080),
    default=None,
    metavar="MINUTES",
    help="With --ics: a reminder this many minutes before each session.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None)
@_json
@_time_limit
@pass_app
def schedule(
    app: AppContext,
    hours_per_week: float,
    start,
    days,
    at,
    commit: bool,
    ics,
    alarm,
    fmt,
    as_json,
    **plan_opts,
) -> None:
    """Dates for every module of the plan, at a steady number of hours per week.

    Study happens in one session on each of --days (every day by default), of
    hours-per-week / days hours each. With --ics, the sessions are also written as an
    iCalendar file (from --time, 19:00 by default) whose event ids stay the same, so
    importing a newer schedule updates the events instead of doubling them.

    Without --target, --have and --done it schedules the stored learner's own plan:
    their declared skills and completions towards their goals (what it minimizes, their
    rate and budget default to those they chose on the site, as for `learnpath plan`).
    --commit keeps that schedule as their commitment: `learnpath status` measures them
    against it and `learnpath plan --diff` says what changed since (commit again to
    accept a new plan).

    \b
    Example:
      learnpath schedule --have spreadsheet-basics -t ai-assisted-bi-analyst --hours-per-week 6
      learnpath schedule -t prompt-writing --hours-per-week 4 --start 2026-01-05 --ics plan.ics
      learnpath --learner maya schedule --hours-per-week 6 --days mon,wed,sat --commit
      learnpath schedule --hours-per-week 6 --days mon,thu --time 18:30 --alarm 15 --ics me.ics
    """
    from rich.table import Table

    from learnpath.planning import parse_days, parse_time, to_ical
    from learnpath.planning import schedule as make_schedule
    from learnpath.planning.scheduling import format_days

    fmt = output_format(fmt, as_json)
    catalogue = app.catalogue
    who = app.learner
    study_days, session_time = parse_days(days), parse_time(at)
    if alarm is not None and ics is None:
        raise click.UsageError("--alarm goes with --ics")
    if commit and (plan_opts["targets"] or plan_opts["have"] or plan_opts["done"]):
        raise click.UsageError("--commit keeps your own plan: leave out --target, --have, --done")
    mine = None
    first_day: date | None = start.date() if start is not None else None
    plan_opts["hours_per_week"] = hours_per_week  # for --by
    own = not (plan_opts["targets"] or plan_opts["have"] or plan_opts["done"])
    stored = None
    if own:  # the learner's own plan: what they chose on the site is the default
        from learnpath import learner as core

        stored = core.plan_limits(open_store(app), app.learner)
    plan_opts["minimize"] = plan_limits(plan_opts, first_day, stored)
    if plan_opts["targets"]:
        result = _make_plan(app, **plan_opts)
    elif plan_opts["have"] or plan_opts["done"]:
        raise click.UsageError(
            "--have and --done need --target (without them, the learner's own plan is scheduled)"
        )
    else:
        from learnpath import learner as core

        mine = core.plan(
            catalogue,
            open_store(app),
            app.learner,
            plan_opts["minimize"],
            time_limit=plan_opts["time_limit"],
        )
        warn_stale(mine.view)
        result, who = mine.plan, mine.view.name
    sched = make_schedule(result, hours_per_week, first_day, study_days)
    data = b""
    if ics is not None:  # before committing: a calendar that cannot be made commits nothing
        data = to_ical(
            sched, learner=who or "me", catalogue=catalogue, at=session_time, alarm=alarm
        )
    if commit and mine is not None:
        from learnpath.learner import commit as keep

        promise = keep(catalogue, open_store(app), mine, sched, at=session_time)
        err(
            f"Committed {who} to {count(len(promise.modules), 'module')} at "
            f"{number(hours_per_week)} h/week: ready by {promise.ready_date.isoformat()}."
        )
    if ics is not None:
        if ics == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            _plan_messages(result, catalogue)
            return
        try:
            with open(ics, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise click.ClickException(f"cannot write {ics}: {exc.strerror or exc}") from exc
        err(f"Wrote the study sessions of {count(len(sched.entries), 'module')} to {ics}.")
    if fmt == "json":
        click.echo(json.dumps(sched.to_dict(catalogue), indent=2))
    else:
        table = Table(
            title=f"Schedule at {number(hours_per_week)} h/week"
            + (f" on {format_days(sched.days)}" if len(sched.days) < 7 else ""),
            caption=f"{hours(result.total_hours)}, from {sched.start} to {sched.end}",
        )
        for name in ("#", "module", "hours", "start", "end", "why"):
            table.add_column(
                name,
                justify="right" if name in ("#", "hours") else "left",
                overflow="fold",
                no_wrap=name in ("start", "end"),
            )
        for k, e in enumerate(sched.entries, start=1):
            table.add_row(
                str(k),
                _module_cell(e.module),
                str(number(e.module.hours)),
                e.start.isoformat(),
                e.end.isoformat(),
                _why_cell(e.module, catalogue),
            )
        console().print(table)
    _plan_messages(result, catalogue)
