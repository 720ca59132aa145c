"""``learnpath export`` and ``learnpath import``: a learner's whole state as JSON.

The versioned format (see :mod:`learnpath.store.formats`) moves a learner between
databases, SQLite or PostgreSQL, and keeps ids the catalogue no longer has.
"""

from __future__ import annotations

import json
import sys

import click

from . import main
from .context import AppContext, echo_json, err, json_option, open_store, pass_app


@main.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@pass_app
def export_command(app: AppContext, file) -> None:
    """Write the learner's whole state as JSON (to FILE, or to stdout).

    Skills, goals and completions (with dates and notes), in a versioned format that
    `learnpath import` reads into any database, SQLite or PostgreSQL.

    \b
    Example:
      learnpath --learner maya export maya.json
      learnpath export > backup.json
    """
    store = open_store(app, with_catalogue=False)
    who = store.resolve(app.learner)
    text = json.dumps(store.export_learner(who), indent=2, ensure_ascii=False) + "\n"
    if file in (None, "-"):
        click.echo(text, nl=False)
        return
    try:
        with open(file, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:  # a missing folder, no permission, a full disk
        raise click.ClickException(f"cannot write {file}: {exc.strerror or exc}") from exc
    err(f"Wrote the state of {who} to {file}.")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, exists=False))
@click.option("--replace", is_flag=True, help="Overwrite the state of an existing learner.")
@json_option
@pass_app
def import_command(app: AppContext, file, replace: bool, as_json: bool) -> None:
    """Restore a learner from a file written by `learnpath export` (- reads stdin).

    Refuses to overwrite a learner that already exists unless --replace. Ids that the
    current catalogue does not have are kept (and shown as such). Any database works,
    SQLite or PostgreSQL (--db postgresql://HOST/NAME).

    \b
    Example:
      learnpath --db sqlite:///laptop.db import maya.json
      learnpath import maya.json --replace
    """
    try:
        if file == "-":
            raw = sys.stdin.read()
        else:
            with open(file, encoding="utf-8") as fh:
                raw = fh.read()
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{file} is not JSON: {exc}") from exc
    from learnpath.learner import import_learner

    store = open_store(app, with_catalogue=False, create=True)
    name = import_learner(store, data, replace=replace)
    if as_json:
        echo_json({"imported": name, "replaced": replace})
    err(f"Imported learner {name}.")
