"""What every command shares: the catalogue and the store, loaded on first use; one
error mapping; the few helpers every command writes its output with."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field

import click

from learnpath.errors import LearnpathError, UsageError

__all__ = [
    "AppContext",
    "LearnpathGroup",
    "pass_app",
    "open_store",
    "database_url",
    "split_ids",
    "json_option",
    "echo_json",
    "err",
    "warn_stale",
    "console",
    "literal",
    "DATE_TYPE",
]


#: the type of a date option: YYYY-MM-DD
DATE_TYPE = click.DateTime(formats=["%Y-%m-%d"])


def console():
    """A rich console on stdout for a command's tables (no highlighting, no wrapping);
    rich is imported here, on first use, not at start-up."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def literal(text) -> str:
    """``text`` shown literally by rich (titles may contain [brackets]); ``None``: empty.

    >>> print(literal("[draft] notes"))
    \\[draft] notes
    """
    from rich.markup import escape

    return escape("" if text is None else str(text))


@dataclass
class AppContext:
    """Global options, and the catalogue loaded on first use."""

    curricula: tuple[str, ...] = ()
    database_url: str | None = None
    learner: str | None = None
    _catalogue: object = field(default=None, repr=False)

    def curricula_paths(self):
        from learnpath.config import curricula_paths

        # Click splits a multiple envvar on whitespace; honour os.pathsep as documented.
        paths = [p for item in self.curricula for p in item.split(os.pathsep) if p]
        return curricula_paths(paths)

    @property
    def catalogue(self):
        """The validated catalogue (raises CurriculumError when it has errors)."""
        if self._catalogue is None:
            from learnpath.catalogue.loader import load_catalogue

            self._catalogue = load_catalogue(self.curricula_paths())
        return self._catalogue


pass_app = click.make_pass_decorator(AppContext)


class LearnpathGroup(click.Group):
    """A group whose commands report core errors as clean one-line CLI errors (exit 1;
    a :class:`~learnpath.errors.UsageError` is a usage error, exit 2).

    The top-level group loads its sub-commands lazily (see
    :data:`learnpath.cli.COMMAND_MODULES`): a command's module is imported when the
    command is looked up, and all of them when the commands are listed.
    """

    def _lazy(self) -> dict | None:
        from learnpath import cli

        return cli.COMMAND_MODULES if self is getattr(cli, "main", None) else None

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = self._lazy()
        if lazy is not None:
            from learnpath.cli import load_commands

            load_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str):
        lazy = self._lazy()
        if lazy is not None and cmd_name not in self.commands:
            from learnpath.cli import load_commands

            load_commands(cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from exc
        except LearnpathError as exc:
            raise click.ClickException(_message(exc)) from exc

    def group(self, *args, **kwargs):
        kwargs.setdefault("cls", LearnpathGroup)
        return super().group(*args, **kwargs)


def _message(exc: LearnpathError) -> str:
    """What the CLI says for a core error: its message, but for a learner without goals
    the notes on their stale ids first, and what to run next."""
    # only a command that imported learnpath.learner can raise its errors
    learner = sys.modules.get("learnpath.learner")
    if learner is not None and isinstance(exc, learner.NoGoalError):
        warn_stale(exc.view)
        return (
            f"{exc.view.name} has no goal in the catalogue: add one with "
            "`learnpath goals add NICHE` (see `learnpath niches`)"
        )
    return str(exc)


def database_url(app: AppContext) -> str:
    """The database of ``--db``, else ``$LEARNPATH_DATABASE_URL``, else the default file."""
    from learnpath.config import default_database_url

    return app.database_url or default_database_url()


def open_store(app: AppContext, with_catalogue: bool = True, create: bool = False):
    """The :class:`~learnpath.store.ProgressStore` of ``--db``, closed when the command ends.

    ``with_catalogue`` loads the catalogue (``--curricula``) to check ids against;
    commands that only move learner data (export, import, learner list) skip it. Only
    the commands that write a first learner (``create``: learner add, import, db seed,
    db upgrade) make a SQLite file that is not there: any other command says so, so a
    mistyped ``--db`` never leaves an empty database behind.

    Without ``--learner`` (or ``LEARNPATH_LEARNER``), ``app.learner`` becomes the current
    learner the user config remembers for this database, when that learner exists
    (not for ``create``: those commands name their learner or need none).
    """
    from learnpath.config import current_learner
    from learnpath.store import LearnerNotFoundError, ProgressStore
    from learnpath.store.database import sqlite_file

    url = database_url(app)
    file = sqlite_file(url)
    if not create and file is not None and not file.exists():
        raise LearnpathError(
            f"no database at {file}: check --db (or LEARNPATH_DATABASE_URL); "
            "`learnpath learner add NAME` or `learnpath db seed` creates it"
        )
    catalogue = app.catalogue if with_catalogue else None
    store = ProgressStore(url, catalogue)
    click.get_current_context().call_on_close(store.close)
    if app.learner is None and not create:
        remembered = current_learner(url)
        if remembered is not None:
            try:
                store.get_learner(remembered)
            except LearnerNotFoundError:  # removed, or renamed by an import: forget it
                pass
            else:
                app.learner = remembered
    return store


json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


def echo_json(data) -> None:
    """``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def err(message: str) -> None:
    """A message for the person at the terminal (stderr)."""
    click.echo(message, err=True)


def warn_stale(view) -> None:
    """Say which of the learner's stored ids (a :class:`learnpath.learner.LearnerView`)
    the catalogue no longer has: they are kept, but not planned."""
    labels = {
        "skills": "skill",
        "goals": "goal",
        "completions": "completed module",
        "prior_learning": "module you already know",
    }
    for key, ids in view.stale.items():
        for id_ in ids:
            err(
                f"Note: {labels[key]} `{id_}` is no longer in the catalogue: "
                "kept, but left out of planning."
            )


def split_ids(values: tuple[str, ...] | str | None) -> list[str]:
    """``("a,b", "c")`` -> ``["a", "b", "c"]``: ids given comma-separated or repeated."""
    if not values:
        return []
    if isinstance(values, str):
        values = (values,)
    return [v.strip() for item in values for v in item.split(",") if v.strip()]
