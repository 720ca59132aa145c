"""Four ways in: ``learnpath match`` (a posting's skills), ``roles`` (presets),
``assess`` (a short placement check) and ``skip``/``unskip`` ("I already know this").

Each command parses its input, makes one call to :mod:`learnpath.learner` and renders
the result: data on stdout, messages (and the placement check's questions) on stderr.
:func:`read_text` and :func:`held_from` are shared with ``learnpath path --from-text``.
"""

from __future__ import annotations

import sys

import click

from learnpath.formatting import hours, number

from . import main
from .context import (
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

__all__ = ["match", "roles", "assess", "skip", "unskip", "read_text", "held_from", "text_options"]


def read_text(source: str) -> str:
    """The text of file ``source`` (``-``: standard input), checked: UTF-8, at most
    100 KB, not binary (a :class:`learnpath.matching.TextError` otherwise)."""
    import os

    from learnpath.matching import MAX_TEXT_BYTES, TextError, decode_text

    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
            size = f"more than {MAX_TEXT_BYTES:,}"
        else:
            if os.path.isdir(source):
                raise click.ClickException(
                    f"{source} is a folder: give a text file, or - for stdin"
                )
            size = f"{os.path.getsize(source):,}"
            with open(source, "rb") as fh:
                data = fh.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise click.ClickException(f"cannot read {source}: {exc.strerror or exc}") from exc
    if len(data) > MAX_TEXT_BYTES:
        raise TextError(
            f"{'the input' if source == '-' else source} is {size} bytes; at most "
            f"{MAX_TEXT_BYTES:,} (100 KB, about 15,000 words) are read: keep the part that "
            "describes the work"
        )
    return decode_text(data)


_learner = click.option(
    "--learner",
    "learner_name",
    metavar="NAME",
    default=None,
    help="Count the skills stored learner NAME holds (declared, completed, already known).",
)
_role = click.option(
    "--role",
    metavar="NAME",
    default=None,
    help="Count the typical skills of a role preset as yours (see `learnpath roles`).",
)
_have = click.option(
    "--have",
    multiple=True,
    metavar="S1,S2",
    help="Skills you already have (comma-separated or repeated).",
)


def text_options(fn):
    """``--have``, ``--role`` and ``--learner``: whose skills a posting is compared with."""
    return _have(_role(_learner(fn)))


def held_from(app: AppContext, have, role, learner_name) -> tuple[list[str], list[str], bool]:
    """The skills (``have``), the completed modules (``done``) and whether any was given,
    from ``--have``, ``--role`` and ``--learner`` (only this one loads the store)."""
    from learnpath.roles import role_skills

    skills = split_ids(have)
    done: list[str] = []
    if role:
        skills += list(role_skills(app.catalogue, role))
    if learner_name:
        from learnpath import learner as core

        mine = core.view(app.catalogue, open_store(app), learner_name)
        skills += list(mine.have)
        done = list(mine.done)
    given = bool(have or role or learner_name)
    return list(dict.fromkeys(skills)), done, given


# ---------------------------------------------------------------------- match


@main.command()
@click.argument("source", metavar="FILE|-")
@text_options
@json_option
@pass_app
def match(app: AppContext, source: str, have, role, learner_name, as_json: bool) -> None:
    """The catalogue skills a job posting, client brief or CV asks for.

    FILE is plain UTF-8 text (at most 100 KB; - reads standard input). Each skill comes
    with the words that named it, the rule (skill name, alias, technology name, phrase)
    and a confidence; skills mentioned only as a plus score under 0.5. Requirement-like
    phrases no skill could be found for are listed as not placed. With --have, --role or
    --learner, the skills already held are marked (JSON: "covered").

    \b
    Example:
      learnpath match posting.txt
      learnpath match posting.txt --role writer --json
      echo "Copywriter: SEO writing, Google Ads; nice to have: Canva" | learnpath match -
    """
    from learnpath.matching import match_text  # not learnpath.learner: no store to load

    text = read_text(source)
    found = match_text(app.catalogue, text)
    skills, done, given = held_from(app, have, role, learner_name)
    held = _held(app.catalogue, skills, done) if given else None
    if as_json:
        echo_json(found.to_dict(held))
        return
    from rich.table import Table

    out = console()
    if found.skills:
        table = Table(title="Skills the text asks for")
        for name, justify in [
            ("skill", "left"),
            ("matched", "left"),
            ("rule", "left"),
            ("confidence", "right"),
        ]:
            table.add_column(name, justify=justify, overflow="fold")
        if held is not None:
            table.add_column("you")
        for s in found.skills:
            row = [
                f"{literal(s.name)}\n[dim]{literal(s.id)}[/dim]",
                literal(" ".join(s.matched.split())),
                s.rule + (" (a plus)" if s.optional else ""),
                f"{s.confidence:.2f}",
            ]
            if held is not None:
                row.append("have" if s.id in held else "")
            table.add_row(*row)
        out.print(table)
    else:
        err("The text asks for no skill in the catalogue.")
    if found.unmatched:
        out.print("Not placed (no catalogue skill found):", markup=False)
        for phrase in found.unmatched:
            out.print(f"  - {phrase}", markup=False)
    if held is not None and found.asked:
        n = len(found.asked)
        err(
            f"You already cover {len(found.covered(held))} of the {n} skill"
            f"{'s' * (n != 1)} this text asks for."
        )
    if found.asked:
        ids = ",".join(s.id for s in found.asked)
        err(f"Plan to them: learnpath path --from-text {source} (or --target {ids})")


def _held(catalogue, skills, done) -> frozenset[str]:
    held = set(skills)
    for m in done:
        held.update(catalogue.modules[m].teaches)
    return frozenset(held)


# ---------------------------------------------------------------------- roles


@main.command()
@json_option
@pass_app
def roles(app: AppContext, as_json: bool) -> None:
    """The role presets: typical skills of a writer, a translator, a developer...

    Give one to --role (`path`, `niches`, `match`, `assess`) to count its skills as
    yours; edit the list with --have as you like.

    \b
    Example:
      learnpath roles
      learnpath niches --role writer
    """
    cat = app.catalogue
    items = sorted(cat.roles.values(), key=lambda r: r.id)
    if as_json:
        echo_json(
            [
                {"id": r.id, "name": r.name, "description": r.description, "skills": list(r.skills)}
                for r in items
            ]
        )
        return
    if not items:
        err("The catalogue has no role presets.")
        return
    from rich.table import Table

    table = Table(title="Role presets (for --role)")
    table.add_column("role", overflow="fold")
    table.add_column("skills", overflow="fold")
    for r in items:
        table.add_row(
            f"[bold]{literal(r.id)}[/bold]\n{literal(r.name)}",
            literal(", ".join(cat.skills[s].name for s in r.skills)),
        )
    console().print(table)


# ---------------------------------------------------------------------- assess


@main.command()
@click.option(
    "--target", "-t", metavar="NICHE", default=None, help="Ask only about this niche's skills."
)
@_role
@_learner
@click.option(
    "--answers",
    metavar="Y,N,...",
    default=None,
    help="Answer the questions in this order without asking (for scripts); the check "
    "ends when they run out.",
)
@json_option
@pass_app
def assess(app: AppContext, target, role, learner_name, answers, as_json: bool) -> None:
    """A short placement check: at most 12 yes/no questions, then your skills.

    Each question is the one that settles the most skills whichever way you answer: a
    yes also places the skills it needs, a no rules out the skills that need it. At the
    end: the skills inferred and the modules you can start now. Nothing is stored unless
    you confirm (with --learner, the skills are added to that learner's).

    \b
    Example:
      learnpath assess --target grant-writer --answers y,y,n,y,n,n
      learnpath assess --role writer --answers y,n,y --json
      yes n | head -12 | learnpath assess --target grant-writer
    """
    from learnpath import learner as core

    scripted = _answers(answers)
    cat = app.catalogue
    start = list(core.role_skills(cat, role)) if role else []
    store = open_store(app) if learner_name else None
    check = core.placement(cat, store, learner_name, target, start)
    given: dict[str, bool] = {}
    while (skill := check.next_question(given)) is not None:
        if scripted is not None and len(given) >= len(scripted):
            break
        s = cat.skills[skill]
        err(f"\nQuestion {len(given) + 1} (of at most 12): can you already do this?")
        err(f"  {s.name}" + (f": {s.description}" if s.description else ""))
        if scripted is not None:
            given[skill] = scripted[len(given)]
            err(f"  Your answer: {'y' if given[skill] else 'n'}")
        else:
            given[skill] = click.confirm("  Your answer", default=None, err=True)
    answers = given
    result = check.result(answers)
    new = sorted(result.held - check.known)
    if as_json:
        echo_json(
            {
                "answers": [{"skill": k, "yes": v} for k, v in answers.items()],
                "held": sorted(result.held),
                "new": new,
                "ruled_out": sorted(result.ruled_out),
                "open": result.open,
                "fringe": [
                    {"id": m.id, "title": m.title, "hours": number(m.hours)} for m in result.fringe
                ],
            }
        )
    else:
        _show_placement(cat, result, new)
    if store is not None and new:
        if click.confirm(
            f"Add these {len(new)} skills to {learner_name}'s?", default=False, err=True
        ):
            core.declare_skills(store, learner_name, new)
            err(f"Added {len(new)} skills to {learner_name}.")
        else:
            err("Nothing stored.")
    elif new:
        have = ",".join(sorted(result.held))
        err(f"Nothing stored. To plan from here: learnpath path --have {have} --target ...")


def _answers(text: str | None) -> list[bool] | None:
    """``"y,n,yes"`` -> ``[True, False, True]`` (None when not given)."""
    if text is None:
        return None
    out = []
    for word in (w.strip().lower() for w in text.split(",") if w.strip()):
        if word not in ("y", "yes", "n", "no"):
            raise click.UsageError(f"--answers takes y or n, comma-separated; got {word!r}")
        out.append(word.startswith("y"))
    return out


def _show_placement(cat, result, new) -> None:
    from rich.table import Table

    out = console()
    out.print(
        f"Skills you hold ({len(result.held)}; new from this check: {len(new)}):", markup=False
    )
    for sid in sorted(result.held, key=lambda s: cat.skills[s].name.lower()):
        out.print(f"  - {cat.skills[sid].name} ({sid})", markup=False)
    if result.open:
        out.print(
            f"{result.open} skills stay open (not asked): they are not counted as yours.",
            markup=False,
        )
    if result.fringe:
        table = Table(title="Modules you can start now")
        table.add_column("module", overflow="fold")
        table.add_column("hours", justify="right")
        table.add_column("teaches", overflow="fold")
        for m in result.fringe:
            table.add_row(
                f"{literal(m.title)}\n[dim]{literal(m.id)}[/dim]",
                str(number(m.hours)),
                literal(", ".join(m.teaches)),
            )
        out.print(table)


# ---------------------------------------------------------------------- skip, unskip


def _replan(app: AppContext, store, as_json: bool, changes: dict) -> None:
    from learnpath import learner as core
    from learnpath.learner import NoGoalError

    from .planning import render_plan

    try:
        mine = core.plan(app.catalogue, store, app.learner)
    except NoGoalError:
        if as_json:
            echo_json({**changes, "plan": None})
        else:
            err("No goal yet, so nothing to re-plan: `learnpath goals add NICHE`.")
        return
    if as_json:
        echo_json({**changes, "plan": mine.plan.to_dict(app.catalogue)})
        return
    err(f"Re-planned: {hours(mine.plan.total_hours)} left.")
    render_plan(mine.plan, app.catalogue, "table")


@main.command()
@click.argument("ids", nargs=-1, required=True, metavar="MODULE...")
@json_option
@pass_app
def skip(app: AppContext, ids, as_json: bool) -> None:
    """ "I already know this": count what MODULE teaches as yours, and re-plan.

    The module is recorded as prior learning, apart from completions (no date, no hours
    done); `learnpath unskip MODULE` undoes it. An unknown module changes nothing.

    \b
    Example:
      learnpath skip business-writing-selfstudy
      learnpath --learner maya skip ai-for-everyone --json
    """
    from learnpath import learner as core

    store = open_store(app)
    who = store.resolve(app.learner)
    result = core.mark_known(store, who, split_ids(ids))
    changes = {
        "known": [i for i, new in result.items() if new],
        "already": [i for i, new in result.items() if not new],
    }
    if not as_json:
        for mid in changes["known"]:
            m = app.catalogue.modules[mid]
            err(f"{who} already knows {m.title} ({mid}): {', '.join(m.teaches)} counted as held.")
        for mid in changes["already"]:
            err(f"{mid} was already marked as known: nothing changed.")
    _replan(app, store, as_json, changes)


@main.command()
@click.argument("ids", nargs=-1, required=True, metavar="MODULE...")
@json_option
@pass_app
def unskip(app: AppContext, ids, as_json: bool) -> None:
    """Undo `learnpath skip MODULE`, and re-plan.

    \b
    Example:
      learnpath unskip business-writing-selfstudy
    """
    from learnpath import learner as core

    store = open_store(app)
    who = store.resolve(app.learner)
    result = core.unmark_known(store, who, split_ids(ids))
    changes = {
        "unknown": [i for i, was in result.items() if was],
        "absent": [i for i, was in result.items() if not was],
    }
    if not as_json:
        for mid in changes["unknown"]:
            err(f"{mid} is no longer marked as known for {who}.")
        for mid in changes["absent"]:
            err(f"{mid} was not marked as known: nothing changed.")
    _replan(app, store, as_json, changes)
