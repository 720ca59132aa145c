"""The ``learnpath`` command: a thin Click adapter over the learnpath core.

Each sub-module adds one group of commands; :class:`LearnpathGroup` turns every
:class:`learnpath.errors.LearnpathError` into a :class:`click.ClickException`, so
commands just call the core and let its errors through.
"""

from __future__ import annotations

import click

from .context import AppContext, LearnpathGroup, pass_app

__all__ = ["main", "AppContext", "pass_app"]


@click.group(cls=LearnpathGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--curricula",
    "curricula",
    multiple=True,
    type=click.Path(),
    envvar="LEARNPATH_CURRICULA",
    help="Curriculum folder or file (repeatable). Default: the bundled catalogue.",
)
@click.option(
    "--db",
    "database_url",
    envvar="LEARNPATH_DATABASE_URL",
    help="Database URL (sqlite:///file.db, postgresql://...). Default: a SQLite file "
    "in your user data folder.",
)
@click.option(
    "--learner",
    envvar="LEARNPATH_LEARNER",
    help="Whose progress the learner commands use (default: the only learner).",
)
@click.version_option(package_name="learnpath")
@click.pass_context
def main(ctx: click.Context, curricula, database_url, learner) -> None:
    """learnpath: the shortest way from the skills you have to work AI is unlikely to take.

    \b
    Example:
      learnpath niches --have writing,research
      learnpath path --have writing --target ai-content-strategist
    """
    ctx.obj = AppContext(curricula=tuple(curricula), database_url=database_url, learner=learner)


from . import curricula as _curricula  # noqa: E402,F401  (registers its commands)
from . import db as _db  # noqa: E402,F401
from . import learner as _learner  # noqa: E402,F401
from . import planning as _planning  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import transfer as _transfer  # noqa: E402,F401
