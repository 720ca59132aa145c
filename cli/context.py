"""What every command shares: the catalogue and the store, loaded on first use; one
error mapping; the few helpers every command writes its output with."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field

import click

from learnpath.errors import LearnpathError

__all__ = [
    "AppContext",
    "LearnpathGroup",
    "pass_app",
    "open_store",
    "split_ids",
    "json_option",
    "echo_json",
    "err",
    "warn_stale",
]


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
    """A group whose commands report core errors as clean one-line CLI errors (exit 1).

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


def open_store(app: AppContext, with_catalogue: bool = True):
    """The :class:`~learnpath.store.ProgressStore` of ``--db``, closed when the command ends.

    ``with_catalogue`` loads the catalogue (``--curricula``) to check ids against;
    commands that only move learner data (export, import, learner list) skip it.
    """
    from learnpath.config import default_database_url
    from learnpath.store import ProgressStore

    catalogue = app.catalogue if with_catalogue else None
    store = ProgressStore(app.database_url or default_database_url(), catalogue)
    click.get_current_context().call_on_close(store.close)
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
