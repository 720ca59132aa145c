"""The one error mapping of the web app: HTML for pages, JSON for ``/api/``.

API errors always have the shape ``{"error": {"code", "message", "details"}}``:

=======================================  ======  ==========================================
what                                     status  ``code``
=======================================  ======  ==========================================
malformed JSON or request                400     ``bad_request``
a malformed query (compare one niche)    400     ``bad_request``
no or bad bearer token, wrong password   401     ``unauthorized``
an id in the URL that does not exist     404     ``not_found`` (details: suggestions)
a name already taken                     409     ``conflict``
too many failed log-ins (Retry-After)    429     ``too_many_requests``
database busy or unreachable             503     ``unavailable`` (with Retry-After)
the database's disk is full              507     ``insufficient_storage``
body larger than the limit               413     ``too_large``
invalid fields, unknown ids in the body  422     ``invalid`` / ``unknown_id`` (suggestions)
no plan keeps a budget, hours or a date  422     ``limit_not_met`` (limit, value, least)
=======================================  ======  ==========================================

Nothing a client sends can cause a 500: core errors (:class:`LearnpathError`) are the
client's and map to 4xx; anything else is a bug, logged, and answered with a 500 that
reveals nothing.
"""

from __future__ import annotations

from flask import current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from learnpath.errors import LearnpathError, LimitError, UnknownIdError, UsageError
from learnpath.formatting import number
from learnpath.learner import NoGoalError
from learnpath.safejson import JsonInputError
from learnpath.store import (
    InvalidLearnerDataError,
    LearnerExistsError,
    LearnerNotFoundError,
    SchemaVersionError,
)
from learnpath.store.faults import StoreFaultError, StoreFullError

__all__ = ["init_app", "ApiError", "wants_json", "error_payload"]

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
    507: "insufficient_storage",
}


class ApiError(Exception):
    """Raise in a view to answer ``status`` with a message and details."""

    def __init__(
        self,
        status: int,
        message: str,
        details=None,
        code: str | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details
        self.code = code or _CODES.get(status, "error")
        self.headers = dict(headers or {})


def wants_json() -> bool:
    """Whether this request is the API's (JSON errors) rather than a page's (HTML)."""
    return request.path.startswith("/api/")


def error_payload(status: int, message: str, details=None, code: str | None = None) -> dict:
    return {
        "error": {
            "code": code or _CODES.get(status, "error"),
            "message": message,
            "details": details if details is not None else {},
        }
    }


def _respond(status: int, message: str, details=None, code: str | None = None, headers=None):
    if wants_json():
        response = jsonify(error_payload(status, message, details, code))
        response.status_code = status
    else:
        if status >= 500 and "_login_user" not in g:
            # the page's menu asks who is logged in: with the database down, that would
            # fail again inside this handler; the error page is shown as to a visitor
            g._login_user = current_app.login_manager.anonymous_user()
        html = render_template("error.html", status=status, message=message, details=details or {})
        response = current_app.response_class(html, status=status, mimetype="text/html")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _core_status(exc: LearnpathError) -> tuple[int, str, dict]:
    """Status, code and details of a core error."""
    if isinstance(exc, StoreFullError):
        return 507, "insufficient_storage", {}
    if isinstance(exc, StoreFaultError):
        return 503, "unavailable", {}
    if isinstance(exc, JsonInputError):
        return 400, "bad_request", {"reason": str(exc)}
    if isinstance(exc, UnknownIdError):
        details = {"kind": exc.kind, "unknown": exc.unknown}
        return 422, "unknown_id", details
    if isinstance(exc, LimitError):
        return 422, "limit_not_met", _limit_details(exc)
    if isinstance(exc, UsageError):
        return 400, "bad_request", {}
    if isinstance(exc, LearnerExistsError):
        return 409, "conflict", {}
    if isinstance(exc, LearnerNotFoundError):
        return 404, "not_found", {}
    if isinstance(exc, SchemaVersionError):
        return 503, "unavailable", {}
    if isinstance(exc, InvalidLearnerDataError):
        return 422, "invalid", {}
    return 422, "invalid", {}


def _limit_details(exc: LimitError) -> dict:
    """The limit that fails, its value, the least any plan needs, that plan's totals."""
    return {
        "limit": exc.limit,
        "value": number(exc.value),
        "least": number(exc.least),
        "within_hours": None if exc.within_hours is None else number(exc.within_hours),
        "proved": exc.proved,
        "least_plan": {
            "total_hours": number(exc.plan.total_hours),
            "total_cost": number(exc.plan.total_cost),
        },
    }


def init_app(app) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        headers = dict(exc.headers)
        if exc.status == 401 and wants_json():
            headers["WWW-Authenticate"] = "Bearer"
        return _respond(exc.status, exc.message, exc.details, exc.code, headers)

    @app.errorhandler(LearnpathError)
    def _core_error(exc: LearnpathError):
        status, code, details = _core_status(exc)
        headers = {}
        if isinstance(exc, StoreFaultError):
            # one line, no traceback, no server path to the visitor
            current_app.logger.error("learnpath: %s (%s)", exc, getattr(exc, "detail", ""))
            if exc.retry_after:
                headers["Retry-After"] = str(exc.retry_after)
        elif status >= 500:
            current_app.logger.error("learnpath: %s", exc)
        message = str(exc)
        if isinstance(exc, JsonInputError):
            message = "the request body is not valid JSON"  # why: in the details
        if isinstance(exc, NoGoalError) and not wants_json():
            message = "you have no goal yet: choose a niche first"  # on the niches page
        return _respond(status, message, details, code, headers=headers)

    @app.errorhandler(ValidationError)
    def _validation_error(exc: ValidationError):
        return _respond(422, "the request has invalid fields", {"fields": exc.messages})

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return _respond(
            400,
            "This form has expired or did not come from this site. Go back, reload the "
            "page and send it again.",
            code="csrf",
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        data = getattr(exc, "data", None) or {}
        details = {}
        message = exc.description or exc.name
        if "messages" in data:  # webargs / flask-smorest validation of query or body
            details = {"fields": _flatten(data["messages"])}
            message = "the request has invalid fields"
            if details["fields"] == ["Invalid JSON body."]:
                status, message, details = 400, "the request body is not valid JSON", {}
        elif "message" in data:
            message = data["message"]
        if status == 413:
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request is larger than the limit of {limit} bytes"
        if status == 405:
            headers = {"Allow": ", ".join(exc.valid_methods or [])}
        else:
            headers = dict(data.get("headers") or {})
        return _respond(status, message, details, headers=headers)

    @app.errorhandler(InternalServerError)
    def _internal(exc: InternalServerError):
        return _respond(500, "something went wrong on our side; it has been logged")


def _flatten(messages):
    """webargs nests messages by location (``{"json": {...}}``); keep just the fields."""
    if isinstance(messages, dict) and len(messages) == 1:
        ((location, inner),) = messages.items()
        if location in ("json", "query", "form", "files", "path", "headers", "view_args"):
            return inner
    return messages
