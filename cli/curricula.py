"""``learnpath curricula ...``: check, describe and draw curriculum files."""

from __future__ import annotations

import json
import sys

import click

from . import main
from .context import AppContext, pass_app


@main.group()
def curricula() -> None:
    """Work with curriculum files: check them, get their JSON Schema, draw them.

    \b
    Example:
      learnpath curricula check
      learnpath curricula graph --niche grant-writer --format json > grant-writer.json
    """


def _progress_callback(console):
    """A rich progress bar on a terminal for big catalogues; nothing when piped."""
    if not console.is_terminal:
        return None, None
    from rich.progress import Progress

    bar = Progress(console=console, transient=True)
    task = bar.add_task("Reading curricula", total=None)

    def update(done: int, total: int, name: str) -> None:
        bar.update(task, completed=done, total=total, description=f"Reading {name}")

    return bar, update


@curricula.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Refuse files larger than this many bytes.",
)
@pass_app
def check(app: AppContext, paths: tuple[str, ...], as_json: bool, max_file_size: int) -> None:
    """Validate curriculum files and report every problem with its file and line.

    PATHS are folders or YAML files (default: the --curricula paths, else the bundled
    catalogue). Exit status 0 when there are no errors (warnings allowed), 1 otherwise.

    \b
    Example:
      learnpath curricula check my-curricula/
      learnpath curricula check course.yaml --json
    """
    from rich.console import Console

    from learnpath.catalogue.loader import check_paths
    from learnpath.config import curricula_paths

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    targets = curricula_paths(list(paths)) if paths else app.curricula_paths()
    bar, update = _progress_callback(err)
    if bar is not None:
        bar.start()
    try:
        report = check_paths(targets, max_file_size=max_file_size, progress=update)
    finally:
        if bar is not None:
            bar.stop()
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in report.problems], indent=2))
    else:
        for problem in report.problems:
            style = "red" if problem.is_error else "yellow"
            err.print(f"{problem}", style=style, markup=False)
    err.print(report.summary(), style="bold" if report.ok else "bold red", markup=False)
    sys.exit(0 if report.ok else 1)


@curricula.command()
def schema() -> None:
    """Print the JSON Schema (draft-07) of the curriculum format, for editors.

    \b
    Example:
      learnpath curricula schema > learnpath.schema.json
    """
    from learnpath.catalogue.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@curricula.command()
@click.option("--niche", "niche_id", help="Only the part this niche depends on.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "json"]),
    default="dot",
    show_default=True,
    help="Graphviz DOT or networkx node-link JSON.",
)
@pass_app
def graph(app: AppContext, niche_id: str | None, fmt: str) -> None:
    """Print the catalogue's graph of skills, modules and niches.

    \b
    Example:
      learnpath curricula graph --niche ai-content-strategist | dot -Tsvg > niche.svg
    """
    from learnpath.catalogue.graph import niche_subgraph, to_dot, to_networkx, to_node_link_json
    from learnpath.errors import UnknownIdError, closest

    catalogue = app.catalogue
    g = to_networkx(catalogue)
    if niche_id is not None:
        if niche_id not in catalogue.niches:
            raise UnknownIdError("niche", {niche_id: closest(niche_id, catalogue.niches)})
        g = niche_subgraph(g, niche_id)
    click.echo(to_dot(g, name=niche_id or "learnpath") if fmt == "dot" else to_node_link_json(g))
