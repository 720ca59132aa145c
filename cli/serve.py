"""``learnpath serve``: the web site and JSON API on a production WSGI server (waitress)."""

from __future__ import annotations

import click

from . import main
from .context import AppContext, pass_app


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port; the address is printed).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Worker threads: requests served at once.",
)
@pass_app
def serve(app: AppContext, host: str, port: int, threads: int) -> None:
    """Serve the web site and the JSON API with waitress.

    Uses the same catalogue (--curricula) and database (--db) as the other commands.
    Settings: LEARNPATH_SECRET_KEY, LEARNPATH_OPEN_REGISTRATION, LEARNPATH_DEMO_LOGIN,
    LEARNPATH_SECURE_COOKIES, LEARNPATH_BEHIND_PROXY (see the README).

    \b
    Example:
      learnpath db seed && learnpath serve
      learnpath serve --port 8080 --threads 16

    A shared deployment: --db postgresql://USER@HOST/NAME and --host 0.0.0.0 behind a
    reverse proxy (see the README).
    """
    from waitress import create_server

    from learnpath.web import create_app

    config = {}
    if app.curricula:
        config["CURRICULA"] = [str(p) for p in app.curricula_paths()]
    if app.database_url:
        config["DATABASE_URL"] = app.database_url
    web = create_app(config)
    # a database with an older schema is refused now, not at the first request
    web.extensions["learnpath"].accounts.get("")
    try:
        server = create_server(
            web,
            host=host,
            port=port,
            threads=threads,
            ident="learnpath",
            # behind a reverse proxy the app's ProxyFix reads X-Forwarded-*; otherwise
            # nobody may claim another address or scheme
            clear_untrusted_proxy_headers=not web.config["BEHIND_PROXY"],
        )
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} "
            "(another server there? try --port)"
        ) from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"learnpath is serving on http://{shown}:{server.effective_port}/", err=False)
    click.echo("Press Ctrl+C to stop.", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
