"""The learnpath web site and JSON API: a thin Flask adapter over the core.

``create_app()`` builds the app from ``LEARNPATH_*`` environment variables (see
:mod:`learnpath.web.config`) and an optional mapping of overrides::

    flask --app learnpath.web run          # development
    learnpath serve --port 8000            # production (waitress)

Blueprints: ``pages`` (the site), ``auth`` (accounts), the JSON API under ``/api/v1``;
they share :mod:`.common`, :mod:`.credentials` and :mod:`.services` (the catalogue, the
store, the plan cache) and never import one another; :mod:`learnpath.web.errors` maps
every error to HTML or JSON in one place. The routes of the pages (``pages_*.py``) and of
the API (``api_catalogue.py``, ``api_me.py``) register on ``pages.bp`` and ``api.blp``
when ``create_app()`` imports them, before it registers the blueprints.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask, g, request

from .common import csrf
from .config import DEFAULTS, ensure_secret_key, from_environment

__all__ = ["create_app", "csrf"]

#: Every response gets these; pages add nothing inline, so the policy needs no exceptions.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app.

    Parameters
    ----------
    config : mapping, optional
        Settings that win over the environment: ``DATABASE_URL``, ``CURRICULA`` (list of
        paths), ``SECRET_KEY``, ``INSTANCE_PATH``, ``OPEN_REGISTRATION``, ``DEMO_LOGIN``,
        ``SECURE_COOKIES``, ``MAX_CONTENT_LENGTH`` and any Flask setting.
    """
    settings = dict(DEFAULTS)
    settings.update(from_environment())
    settings.update(config or {})
    instance = settings.get("INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=os.path.abspath(instance) if instance else None)
    app.config.update(settings)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = ensure_secret_key(app.instance_path)
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SECURE_COOKIES"])
    from .common import LearnpathRequest, SafeJSONProvider

    app.json = SafeJSONProvider(app)
    app.request_class = LearnpathRequest
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from .services import Services

    app.extensions["learnpath"] = Services.from_config(app.config)

    csrf.init_app(app)
    # importing api_* and pages_* registers their routes on api.blp and pages.bp
    from . import (  # noqa: F401
        api,
        api_catalogue,
        api_me,
        auth,
        errors,
        pages,
        pages_catalogue,
        pages_health,
        pages_niches,
        pages_plan,
        pages_start,
        pages_ways_in,
    )

    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    api.init_app(app)
    errors.init_app(app)  # after the API: its handlers replace flask-smorest's

    @app.before_request
    def _fresh_catalogue():
        app.extensions["learnpath"].maybe_reload(app.logger)

    @app.after_request
    def _security_headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint != "static" and (
            getattr(g, "private", False) or request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        ):
            h.setdefault("Cache-Control", "private, no-store")
        return response

    return app
