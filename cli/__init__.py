"""The ``learnpath`` command: a thin Click adapter over the learnpath core.

Each sub-module adds one group of commands; :class:`LearnpathGroup` turns every
:class:`learnpath.errors.LearnpathError` into a :class:`click.ClickException`, so
commands just call the core and let its errors through.
"""

from __future__ import annotations

import click

from .context import AppContext, LearnpathGroup, pass_app

__all__ = ["main", "AppContext", "pass_app", "load_commands", "COMMAND_MODULES"]


@click.group(cls=LearnpathGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--curricula",
    "curricula",
    multiple=True,
    type=click.Path(),
    help="Curriculum folder or file (repeatable). Default: $LEARNPATH_CURRICULA, else the "
    "bundled catalogue.",
)
@click.option(
    "--db",
    "database_url",
    help="Database URL (sqlite:///file.db, postgresql://...). Default: "
    "$LEARNPATH_DATABASE_URL, else a SQLite file in your user data folder.",
)
@click.option(
    "--learner",
    help="Whose progress the learner commands use. Default: $LEARNPATH_LEARNER, else the "
    "current learner (`learnpath learner use`), else the only learner.",
)
@click.version_option(package_name="learnpath")
@click.pass_context
def main(ctx: click.Context, curricula, database_url, learner) -> None:
    """learnpath: the shortest way from the skills you have to work AI is unlikely to take.

    \b
    Example:
      learnpath niches --have computer-literacy,written-english
      learnpath path --have computer-literacy,written-english --target ai-content-strategist
    """
    from learnpath.config import default_learner

    ctx.obj = AppContext(
        curricula=tuple(curricula), database_url=database_url, learner=learner or default_learner()
    )


# Each sub-module registers its commands on ``main`` when imported; it is imported
# only when one of its commands runs (or when help lists them all), so
# `learnpath path` loads the planner and nothing of the learner database.
# tests/test_cli_planning.py checks this table against what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "curricula": ("curricula",),
    "db": ("db",),
    "learner": ("learner",),
    "skills": ("items",),
    "goals": ("items",),
    "done": ("items",),
    "undone": ("items",),
    "plan": ("learner", "planning", "commitments"),  # as `path` does; --diff
    "progress": ("learner",),
    "status": ("commitments",),
    "path": ("planning",),
    "niches": ("ranking",),
    "compare": ("ranking",),
    "schedule": ("planning",),
    "serve": ("serve",),
    "export": ("transfer",),
    "import": ("transfer",),
    "match": ("start",),
    "roles": ("start",),
    "assess": ("start",),
    "skip": ("start", "planning"),  # re-plans as `plan` does
    "unskip": ("start", "planning"),
}


def load_commands(*names: str) -> None:
    """Import the modules defining the commands ``names`` (all commands if none given)."""
    import importlib

    wanted = names or tuple(COMMAND_MODULES)
    for module in dict.fromkeys(m for n in wanted for m in COMMAND_MODULES.get(n, ())):
        importlib.import_module(f"{__name__}.{module}")
