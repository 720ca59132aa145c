"""The health probes, on the ``pages`` blueprint: ``/health`` (liveness, no database) and
``/health/ready`` (readiness, for the load balancer: the database takes a write, a
catalogue is served, the disk has room), both JSON.
"""

from __future__ import annotations

import datetime as dt
import json

from flask import current_app

from .pages import bp
from .services import services

__all__ = ["health", "ready"]


@bp.route("/health")
def health():
    """Liveness, cheap (no database): up, with the catalogue being served; ``degraded``
    while a curriculum change is refused (the last good catalogue goes on serving)."""
    svc = services()
    cat = svc.catalogue
    body = {
        "status": "degraded" if svc.catalogue_error else "ok",
        "catalogue": {
            "skills": len(cat.skills),
            "modules": len(cat.modules),
            "niches": len(cat.niches),
            "loaded_at": dt.datetime.fromtimestamp(svc.loaded_at, dt.UTC).isoformat(),
            "error": svc.public_catalogue_error(),
        },
    }
    return current_app.response_class(json.dumps(body), mimetype="application/json")


@bp.route("/health/ready")
def ready():
    """Readiness, for the load balancer: 200 when the database takes a write (one row,
    rolled back), a catalogue is served and the database's disk has room; else 503
    with ``Retry-After``. The body names each check, never a server path."""
    ok, checks = services().readiness(current_app.logger)
    body = {"status": "ready" if ok else "unavailable", "checks": checks}
    response = current_app.response_class(
        json.dumps(body), status=200 if ok else 503, mimetype="application/json"
    )
    response.headers["Cache-Control"] = "no-store"
    if not ok:
        response.headers["Retry-After"] = "5"
    return response
