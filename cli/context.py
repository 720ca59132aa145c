"""What every command shares: lazy access to the catalogue, and one error mapping."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import click

from learnpath.errors import LearnpathError

__all__ = ["AppContext", "LearnpathGroup", "pass_app", "split_ids"]


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
            raise click.ClickException(str(exc)) from exc

    def group(self, *args, **kwargs):
        kwargs.setdefault("cls", LearnpathGroup)
        return super().group(*args, **kwargs)


def split_ids(values: tuple[str, ...] | str | None) -> list[str]:
    """``("a,b", "c")`` -> ``["a", "b", "c"]``: ids given comma-separated or repeated."""
    if not values:
        return []
    if isinstance(values, str):
        values = (values,)
    return [v.strip() for item in values for v in item.split(",") if v.strip()]
