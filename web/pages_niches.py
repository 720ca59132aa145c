"""The niches pages, on the ``pages`` blueprint: the ranked list (by fit, trade-offs, hours
or resilience, against the work the visitor does now), a comparison of two or three, one
niche with its plan from the visitor's skills, and the forms that set a learner's current
work and add or remove goals.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from learnpath import learner
from learnpath.errors import UnknownIdError, UsageError

from . import svg
from .common import current_name, not_found
from .pages import NOW_LENGTH, SORTS, _rows, _skill_names, bp, me
from .services import services

__all__ = ["niches", "compare", "set_now", "niche", "add_goal", "remove_goal"]


def _now_arg() -> str | None:
    """The ``now`` of the query string (the work the visitor does now), if given."""
    return request.args.get("now", "").strip()[:NOW_LENGTH] or None


@bp.route("/niches")
def niches():
    sort = request.args.get("sort", "fit")
    if sort not in SORTS:
        sort = "fit"
    mine, now = me(), _now_arg()
    now_error, status = None, 200
    try:
        listing = services().niches(mine, sort, now)
    except UnknownIdError as exc:  # a bad ?now= : the list, and what to type instead
        now_error, status = exc, 422
        listing = services().niches(mine, sort, None)
    ranks = listing.ranks
    chart = svg.niche_chart(ranks, lambda nid: url_for("pages.niche", niche_id=nid), _skill_names)
    html = render_template(
        "niches.html",
        ranks=ranks,
        listing=listing,
        chart=chart,
        sort=sort,
        me=mine,
        goals=set(mine.goals),
        now=now,
        now_error=now_error,
        less=set(listing.now.less_exposed) if listing.now else set(),
    )
    return html, status


@bp.route("/compare")
def compare():
    ids = [n.strip() for item in request.args.getlist("n") for n in item.split(",") if n.strip()]
    mine, now = me(), _now_arg()
    try:
        side = services().compare(mine, ids, now)
    except UsageError as exc:  # not two or three niches: say so, and lead back to the list
        return render_template("compare.html", side=None, error=str(exc), me=mine, now=now), 400
    less = set(side.now.less_exposed) if side.now else set()
    return render_template(
        "compare.html", side=side, error=None, me=mine, now=now, less=less, ids=ids
    )


@bp.route("/account/now", methods=["POST"])
@login_required
def set_now():
    """Store (or, empty, forget) the work the learner does now; a bad code is refused
    with the nearest known ones, and nothing is written."""
    code = request.form.get("now", "").strip()[:NOW_LENGTH]
    try:
        work = learner.set_now(services().catalogue, services().store, current_name(), code)
    except UnknownIdError as exc:
        flash(f"Not saved: {exc}.", "error")
        return redirect(url_for("auth.account") + "#now")
    if work is None:
        flash("Your current work is forgotten.", "info")
    else:
        flash(f"Saved your current work: {work.describe()}.", "success")
    return redirect(url_for("auth.account") + "#now")


@bp.route("/niches/<niche_id>")
def niche(niche_id: str):
    cat = services().catalogue
    if niche_id not in cat.niches:
        not_found("niche", niche_id, cat.niches)
    mine = me()
    n = cat.niches[niche_id]
    plan = services().plan(mine.have, [niche_id], mine.done)
    return render_template(
        "niche.html",
        niche=n,
        plan=plan,
        held=mine.held,
        me=mine,
        is_goal=niche_id in mine.goals,
        rows=_rows(plan),
    )


@bp.route("/goals", methods=["POST"])
@login_required
def add_goal():
    niche_id = request.form.get("niche", "")
    learner.add_goal(services().store, current_name(), niche_id)
    flash(f"{services().catalogue.niches[niche_id].name} is now one of your goals.", "success")
    return redirect(url_for("pages.plan"))


@bp.route("/goals/<niche_id>/remove", methods=["POST"])
@login_required
def remove_goal(niche_id: str):
    result = services().store.remove_goals(current_name(), [niche_id])
    if not result.get(niche_id):
        abort(404)
    flash("Goal removed.", "info")
    return redirect(url_for("pages.plan"))
