"""``learnpath serve``: the web site and JSON API on a production WSGI server (waitress)."""

from __future__ import annotations

import contextlib

import click

from . import main
from .context import AppContext, pass_app

#: Open connections one server keeps at once (waitress's own default is 100, which a
#: hundred idle clients use up); more wait to be accepted.
DEFAULT_CONNECTION_LIMIT = 1000


def _raise_file_limit(wanted: int) -> None:
    """Let the process open ``wanted`` files (sockets) if the hard limit allows."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _settle(catalogue) -> None:
    """Build the catalogue's planning index now, then move everything alive out of the
    cycle collector's generations (:func:`gc.freeze`): the catalogue lives as long as the
    server, and a full collection then scans only what requests made (on a 10k-module
    catalogue each scan of it took tens to hundreds of milliseconds, on some request)."""
    import gc

    from learnpath.planning.index import index_of

    index_of(catalogue)
    gc.collect()
    gc.freeze()


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
@click.option(
    "--connection-limit",
    type=click.IntRange(1, 10_000),
    default=DEFAULT_CONNECTION_LIMIT,
    show_default=True,
    help="Most open connections at once (idle ones included); put a reverse proxy in "
    "front for slow or many clients.",
)
@pass_app
def serve(app: AppContext, host: str, port: int, threads: int, connection_limit: int) -> None:
    """Serve the web site and the JSON API with waitress.

    Uses the same catalogue (--curricula) and database (--db) as the other commands.
    Settings: LEARNPATH_SECRET_KEY, LEARNPATH_OPEN_REGISTRATION, LEARNPATH_DEMO_LOGIN,
    LEARNPATH_SECURE_COOKIES, LEARNPATH_BEHIND_PROXY, LEARNPATH_TRUSTED_PROXY (see the
    README). A quarter of the threads (at least one) is kept for reads: writes waiting
    for the database never take them all.

    \b
    Example:
      learnpath db seed && learnpath serve
      learnpath serve --port 8080 --threads 16

    A shared deployment: --db postgresql://USER@HOST/NAME and --host 0.0.0.0 behind a
    reverse proxy (see the README).
    """
    from waitress import create_server

    from learnpath.web import create_app

    config: dict = {"WRITE_SLOTS": max(1, threads - max(1, threads // 4))}
    if app.curricula:
        config["CURRICULA"] = [str(p) for p in app.curricula_paths()]
    if app.database_url:
        config["DATABASE_URL"] = app.database_url
    web = create_app(config)
    # a database with an older schema is refused now, not at the first request
    web.extensions["learnpath"].accounts.get("")
    _settle(web.extensions["learnpath"].catalogue)
    proxy = {}
    if web.config["BEHIND_PROXY"]:
        # X-Forwarded-* are believed only from the proxy's own address: a client that
        # reaches this port directly cannot claim another address (and dodge a throttle)
        proxy = {
            "trusted_proxy": web.config.get("TRUSTED_PROXY") or "127.0.0.1",
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host",
        }
    _raise_file_limit(connection_limit + 64)
    try:
        server = create_server(
            web,
            host=host,
            port=port,
            threads=threads,
            ident="learnpath",
            connection_limit=connection_limit,
            asyncore_use_poll=True,  # select() stops at 1024 descriptors
            clear_untrusted_proxy_headers=True,
            **proxy,
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
