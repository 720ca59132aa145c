"""The JSON API under ``/api/v1`` (flask-smorest), described at ``/api/v1/openapi.json``.

Anonymous: the catalogue (``/skills``, ``/modules``, ``/niches``, ``/roles``), plans
(``/path``, the very JSON of ``learnpath path --json``), the skills a posting asks for
(``POST /match``) and the placement check (``POST /assess``). Learners: ``POST /tokens``
trades a name and password for a bearer token; ``/me/...`` then needs ``Authorization:
Bearer <token>``. The API never accepts the site's session cookie, so no cross-site form can
write through it, and it needs no CSRF token.

This module holds the blueprint ``blp``, the helpers its routes share and the wiring
(:func:`init_app`, the ``/docs`` page); the anonymous routes are in :mod:`.api_catalogue`,
the learner's (tokens, ``/me/...``) in :mod:`.api_me`, both registering on ``blp`` when
:func:`learnpath.web.create_app` imports them.
"""

from __future__ import annotations

from functools import wraps
from http import HTTPStatus

from flask import Blueprint as FlaskBlueprint
from flask import current_app, g, jsonify, render_template, request
from flask_smorest import Blueprint

from learnpath.planning.bounded import PlanLimits

from .api_schemas import LearnpathApi
from .common import SafeParser, csrf
from .errors import ApiError
from .services import services

__all__ = ["init_app", "blp", "docs_bp"]


# ---------------------------------------------------------------------- helpers

blp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Skills, modules, niches and exact plans; a learner's own progress.",
)
blp.ARGUMENTS_PARSER = SafeParser()  # JSON bodies within depth and number limits
_BEARER = [{"bearerAuth": []}]


def _json(data, status: int = 200):
    response = jsonify(data)
    response.status_code = status
    return response


def _errors(*codes: int):
    """Document error responses (their body is ``ErrorSchema``)."""

    def decorate(fn):
        for code in reversed(codes):
            fn = blp.alt_response(code, response=HTTPStatus(code).name)(fn)
        return fn

    return decorate


def bearer_required(fn):
    """The learner of the ``Authorization: Bearer`` token, in ``g.learner``; else 401."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "send an API token: Authorization: Bearer <token>")
        account = services().accounts.learner_for_token(token.strip())
        if account is None:
            raise ApiError(401, "this API token is not valid (revoked, or never was)")
        g.learner = account.name
        g.private = True
        return fn(*args, **kwargs)

    return wrapper


_LIMIT_ARGS = ("minimize", "rate", "max_cost", "max_hours", "by", "hours_per_week")


def _limits(args: dict, start=None, default=None) -> PlanLimits:
    """The measure and limits of a query (:class:`~web.api_schemas.LimitsQuery`)."""
    given = {k: args.get(k) for k in _LIMIT_ARGS}
    return PlanLimits.given({**given, "start": start}, default)


# ---------------------------------------------------------------------- wiring

docs_bp = FlaskBlueprint("apidocs", __name__, url_prefix="/api/v1")


@docs_bp.route("/docs")
def docs():
    """A readable page of the OpenAPI document, rendered on the server (no CDN, no JS)."""
    spec = current_app.extensions["learnpath_api"].spec.to_dict()
    return render_template("apidocs.html", spec=spec, operations=_operations(spec))


def _operations(spec: dict) -> list[dict]:
    out = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [
                        p for p in op.get("parameters", []) if isinstance(p, dict) and "name" in p
                    ],
                    "body": _schema_name(
                        op.get("requestBody", {})
                        .get("content", {})
                        .get("application/json", {})
                        .get("schema")
                    ),
                    "responses": {
                        code: r.get("description", "") if isinstance(r, dict) else ""
                        for code, r in op.get("responses", {}).items()
                    },
                    "auth": bool(op.get("security")),
                }
            )
    return out


def _schema_name(schema) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


def init_app(app) -> None:
    api = LearnpathApi(app)
    app.extensions["learnpath_api"] = api
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "a token from POST /tokens"},
    )
    api.register_blueprint(blp)
    csrf.exempt(blp)
    app.register_blueprint(docs_bp)
