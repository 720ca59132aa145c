"""``learnpath db``: schema upgrades and demo learners for the learner database."""

from __future__ import annotations

import json

import click

from learnpath.formatting import count

from . import main
from .context import AppContext, open_store, pass_app

__all__: list[str] = []


@main.group()
def db() -> None:
    """The learner database (--db or LEARNPATH_DATABASE_URL; default: a SQLite file).

    A shared deployment uses PostgreSQL: --db postgresql://USER@HOST:5432/NAME.

    \b
    Example:
      learnpath db upgrade
      learnpath --db sqlite:///team.db db seed
    """


@db.command("upgrade")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def db_upgrade(app: AppContext, as_json: bool) -> None:
    """Bring the database schema up to date, keeping every row (back it up first).

    An empty database gets the schema on first use; an older one needs this command.
    Learners whose names differ only in case, width or look-alike spacing (created
    before names were compared folded) are listed: they stay separate accounts.

    \b
    Example:
      learnpath db upgrade
    """
    from learnpath.store import LATEST_VERSION

    store = open_store(app, with_catalogue=False, create=True)
    applied = store.upgrade()
    alike = store.look_alikes()
    if as_json:
        click.echo(json.dumps({"version": LATEST_VERSION, "applied": applied, "look_alike": alike}))
        return
    for group in alike:
        click.echo(
            "warning: these learners' names are one name once folded (case, width, "
            f"spacing): {', '.join(group)}; they stay separate accounts, and no new one "
            "like them can be made",
            err=True,
        )
    if applied:
        steps = ", ".join(str(v) for v in applied)
        click.echo(
            f"Upgraded the database to schema version {LATEST_VERSION} (applied {steps}).",
            err=True,
        )
    else:
        click.echo(f"The database is up to date (schema version {LATEST_VERSION}).", err=True)


@db.command("seed")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def db_seed(app: AppContext, path, as_json: bool) -> None:
    """Add the demo learners of PATH (a seed file or folder; default: the bundled seeds).

    Learners that already exist are left as they are, so seeding twice changes nothing.

    \b
    Example:
      learnpath db seed
      learnpath db seed my-learners.yaml --json
    """
    from learnpath.config import bundled_seeds

    report = open_store(app, create=True).seed(path or bundled_seeds())
    if as_json:
        click.echo(json.dumps(dict(report)))
        return
    if report["added"]:
        click.echo(
            f"Added {count(len(report['added']), 'learner')}: {', '.join(report['added'])}.",
            err=True,
        )
    if report["skipped"]:
        click.echo(
            f"Already there, left as they are: {', '.join(report['skipped'])}.",
            err=True,
        )
    if not report["added"] and not report["skipped"]:
        click.echo("The seeds list no learner.", err=True)


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def db_backup(app: AppContext, file: str, force: bool, as_json: bool) -> None:
    """Copy the database to FILE, consistently, while servers keep running.

    SQLite: an online backup (every change committed before it started, none after);
    restore by pointing --db at the copy (or copying it over the original while no
    server runs). PostgreSQL: runs pg_dump (custom format; restore with pg_restore),
    or, when pg_dump is not installed, prints how to and exits 1.

    \b
    Example:
      learnpath db backup learnpath-backup.db
      learnpath --db sqlite:///learnpath-backup.db learner list   # look inside the copy
    """
    from learnpath.config import default_database_url
    from learnpath.store.backup import backup

    result = backup(app.database_url or default_database_url(), file, overwrite=force)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "kind": result.kind,
                    "file": str(result.path),
                    "bytes": result.size,
                    "learners": result.learners,
                    "completions": result.completions,
                }
            )
        )
        return
    counts = ""
    if result.learners is not None:
        n_l, n_c = count(result.learners, "learner"), count(result.completions, "completion")
        counts = f" ({n_l}, {n_c})"
    click.echo(f"Backed up the {result.kind} database to {result.path}{counts}.", err=True)
