"""The plan pages, on the ``pages`` blueprint: a plan to any targets (``/path``) and the
learner's own (``/plan``), with the drawing, the week table and schedule, the commitment's
status and what changed; the choice of what the plan minimizes; the JSON, Markdown and
iCalendar exports; and the forms that mark a module done or not and commit to a schedule.
"""

from __future__ import annotations

import datetime as dt
import math

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from learnpath import formatting, learner
from learnpath.errors import LearnpathError, LimitError, UsageError
from learnpath.learner import LearnerView, NoGoalError
from learnpath.planning import schedule as make_schedule
from learnpath.planning import to_ical
from learnpath.planning.bounded import PlanLimits
from learnpath.planning.render import plan_markdown
from learnpath.planning.scheduling import ALL_DAYS as ALL_WEEK
from learnpath.planning.scheduling import DAY_NAMES

from . import svg
from .common import attachment, current_name
from .pages import DEFAULT_HOURS_PER_WEEK, MAX_TARGETS, _rows, bp, me
from .services import services

__all__ = [
    "week_table",
    "CHOICE_FIELDS",
    "path",
    "plan",
    "plan_choice",
    "path_json",
    "path_md",
    "path_ics",
    "plan_json",
    "plan_md",
    "plan_ics",
    "mark_done",
    "commit_plan",
    "mark_undone",
]


def _schedule_args() -> tuple[float, dt.date, str | None]:
    """Hours per week and start date from the query string (defaults when absent)."""
    error = None
    hpw = DEFAULT_HOURS_PER_WEEK
    start = dt.date.today()
    raw_h = request.args.get("hours_per_week", "").strip()
    raw_s = request.args.get("start", "").strip()
    if raw_h:
        try:
            hpw = float(raw_h)
            if not (0 < hpw <= 168) or not math.isfinite(hpw):
                raise ValueError
        except ValueError:
            error = "Hours per week must be a number above 0 and at most 168."
            hpw = DEFAULT_HOURS_PER_WEEK
    if raw_s:
        try:
            start = dt.date.fromisoformat(raw_s)
        except ValueError:
            error = "The start date must look like 2026-01-05."
    return hpw, start, error


def _session_args() -> tuple[tuple[int, ...], dt.time, int | None, str | None]:
    """Study days, session time and alarm from the query string (``days=mon,wed``,
    ``time=19:00``, ``alarm=15``); every day, 19:00 and no alarm when absent."""
    from learnpath.planning import parse_days, parse_time
    from learnpath.planning.scheduling import ALL_DAYS, DEFAULT_TIME

    error = None
    days, at, alarm = ALL_DAYS, DEFAULT_TIME, None
    raw_days = ",".join(request.args.getlist("days"))
    try:
        days = parse_days(raw_days or None)
    except LearnpathError as exc:
        error = str(exc).capitalize() + "."
    try:
        at = parse_time(request.args.get("time"))
    except LearnpathError as exc:
        error = str(exc).capitalize() + "."
    raw_alarm = request.args.get("alarm", "").strip()
    if raw_alarm:
        try:
            alarm = int(raw_alarm)
            if not 0 <= alarm <= 10_080:
                raise ValueError
        except ValueError:
            error = "The alarm must be a whole number of minutes, 0 to 10080."
            alarm = None
    return days, at, alarm, error


def week_table(sched) -> list[dict]:
    """One row per study week: its dates, and the hours each module takes in it."""
    hpw = sched.hours_per_week
    total = sum(e.module.hours for e in sched.entries)
    weeks = max(1, math.ceil(total / hpw - 1e-9)) if total else 0
    rows = []
    spans, acc = [], 0.0
    for e in sched.entries:
        spans.append((acc, acc + e.module.hours, e.module))
        acc += e.module.hours
    for w in range(weeks):
        lo, hi = w * hpw, (w + 1) * hpw
        items = []
        for a, b, m in spans:
            overlap = min(b, hi) - max(a, lo)
            if overlap > 1e-9:
                items.append((m, round(overlap, 2)))
        first = sched.start + dt.timedelta(days=7 * w)
        rows.append(
            {
                "n": w + 1,
                "first": first,
                "last": first + dt.timedelta(days=6),
                "modules": items,
                "hours": round(sum(h for _, h in items), 2),
            }
        )
    return rows


def _targets() -> list[str]:
    targets = [t for item in request.args.getlist("target") for t in item.split(",") if t.strip()]
    if not targets:
        raise LearnpathError("choose at least one target: a niche or a skill")
    if len(targets) > MAX_TARGETS:
        raise LearnpathError(f"a plan has at most {MAX_TARGETS} targets")
    return [t.strip() for t in targets]


#: The fields of the plan page's "what matters most" control (and of its query string).
CHOICE_FIELDS = ("minimize", "rate", "max_cost")


def _choice(source, default: PlanLimits | None = None) -> PlanLimits:
    """The plan's measure, rate and budget from ``source`` (the query string or the
    form: empty fields are not given), the rest from ``default``."""
    given: dict = {}
    for key in CHOICE_FIELDS:
        raw = source.get(key, "").strip()
        if not raw:
            continue
        if key == "minimize":
            given[key] = raw
            continue
        try:
            given[key] = float(raw)
        except ValueError:
            what = "your rate" if key == "rate" else "the budget"
            raise UsageError(f"{what} must be a number of US dollars, like 40") from None
    return PlanLimits.given(given, default)


def _choice_args(limits: PlanLimits) -> dict:
    """The query string of a choice (for the export links and the schedule form)."""
    args = {"minimize": limits.minimize}
    for key in ("rate", "max_cost"):
        value = getattr(limits, key)
        if value is not None:
            args[key] = str(formatting.number(value))
    return args


def _stored_choice(name: str | None) -> PlanLimits | None:
    """The choice the learner ``name`` saved (None for a visitor, or none saved)."""
    if name is None:
        return None
    return PlanLimits.from_preference(services().store.plan_preference(name))


def _plan_page(
    plan,
    mine: LearnerView,
    tracking: bool,
    export_args: dict,
    progress=None,
    choice: PlanLimits | None = None,
    limit_error: str | None = None,
):
    hpw, start, sched_error = _schedule_args()
    days, at, alarm, session_error = _session_args()
    sched_error = sched_error or session_error
    try:
        sched = make_schedule(plan, hpw, start, days)
    except LearnpathError as exc:  # more than 24 h a day on the days chosen
        sched_error = str(exc).capitalize() + "."
        days = ALL_WEEK
        sched = make_schedule(plan, hpw, start, days)
    cat = services().catalogue
    completed = []
    promise = {}
    if tracking:
        completed = services().store.list_completions(mine.name)
        promise = _promise(mine.name)
    html = render_template(
        "plan.html",
        plan=plan,
        rows=_rows(plan),
        me=mine,
        tracking=tracking,
        progress=progress or [],
        completed=completed,
        drawing=svg.path_drawing(plan, cat, mine.held, mine.done),
        sched=sched,
        weeks=week_table(sched),
        hours_per_week=hpw,
        start=start,
        sched_error=sched_error,
        export_args=export_args,
        labels={t: _label(t) for t in plan.targets},
        days=days,
        day_names=DAY_NAMES,
        session_time=at.strftime("%H:%M"),
        alarm=alarm,
        ics_args={
            "hours_per_week": hpw,
            "start": start.isoformat(),
            "days": ",".join(DAY_NAMES[d] for d in days),
            "time": at.strftime("%H:%M"),
            **({"alarm": alarm} if alarm is not None else {}),
            **export_args,
        },
        **promise,
        choice=choice or PlanLimits(),
        limit_error=limit_error,
    )
    return html, 422 if sched_error or limit_error else 200


def _promise(name: str) -> dict:
    """What the plan page shows of a learner's commitment: status per goal, the weekly
    chart, and what changed when the catalogue changed under it."""
    today = dt.date.today()
    status = services().learner_status(name, today)
    c = status.commitment
    if c is None:
        return {"status": None}
    state = services().store.state(name)
    diff = None
    if c.fingerprint != learner.fingerprint(services().catalogue):
        try:
            diff = services().learner_diff(name, today)
        except LearnpathError:
            diff = None
    weeks = learner.weekly_hours(state, today)
    return {
        "status": status,
        "commitment": c,
        "week_chart": svg.week_chart(weeks),
        "weekly": weeks,
        "diff": diff,
    }


def _label(target: str) -> str:
    cat = services().catalogue
    if target in cat.niches:
        return cat.niches[target].name
    if target in cat.skills:
        return cat.skills[target].name
    return target


@bp.route("/path")
def path():
    mine = me()
    targets, choice = _targets(), _choice(request.args)
    args = {"target": targets, **_choice_args(choice)}
    try:
        plan = services().plan(mine.have, targets, mine.done, choice)
    except LimitError as exc:  # the page says so, and shows the plan needing the least
        return _plan_page(exc.plan, mine, False, args, choice=choice, limit_error=str(exc))
    return _plan_page(plan, mine, tracking=False, export_args=args, choice=choice)


@bp.route("/plan")
@login_required
def plan():
    name = current_name()
    choice = _choice(request.args, _stored_choice(name))
    args = _choice_args(choice)
    try:
        mine = services().learner_plan(name, choice)
    except NoGoalError as exc:  # not an error here: the page says how to choose one
        return render_template("plan_empty.html", me=exc.view)
    except LimitError as exc:
        view = services().learner_view(name)
        progress = services().goal_progress(view)
        return _plan_page(exc.plan, view, True, args, progress, choice=choice, limit_error=str(exc))
    progress = services().goal_progress(mine.view)
    return _plan_page(
        mine.plan, mine.view, tracking=True, export_args=args, progress=progress, choice=choice
    )


@bp.route("/plan/choice", methods=["POST"])
@login_required
def plan_choice():
    """Remember what the learner's plan minimizes, their rate and budget."""
    name = current_name()
    try:
        choice = _choice(request.form)
    except UsageError as exc:
        flash(f"Not saved: {exc}.", "error")
        return redirect(url_for("pages.plan") + "#choice")
    learner.set_plan_preference(services().store, name, choice)
    flash(f"Your plan is now {_choice_words(choice)}.", "success")
    return redirect(url_for("pages.plan") + "#choice")


def _choice_words(choice: PlanLimits) -> str:
    """``the best value at $40/h, within $300``: a choice in words."""
    words = {"hours": "the fastest", "cost": "the cheapest"}.get(choice.minimize)
    if words is None:
        words = f"the best value at {formatting.money(choice.rate or 0)}/h"
    if choice.max_cost is not None:
        words += f", within {formatting.money(choice.max_cost)}"
    return words


def _export(kind: str, fmt: str):
    if kind == "plan":  # the logged-in learner's own plan
        name = current_name()
        mine = services().learner_plan(name, _choice(request.args, _stored_choice(name)))
        plan, targets, who = mine.plan, mine.view.goals, mine.view.name
    else:
        visitor, targets = me(), _targets()
        plan = services().plan(visitor.have, targets, visitor.done, _choice(request.args))
        who = visitor.name
    stem = "learnpath-" + "-".join(targets)[:80]
    if fmt == "json":
        response = jsonify(plan.to_dict(services().catalogue))
    elif fmt == "md":
        response = current_app.response_class(
            plan_markdown(plan, services().catalogue), mimetype="text/markdown"
        )
    else:
        hpw, start, error = _schedule_args()
        days, at, alarm, session_error = _session_args()
        if error or session_error:
            raise LearnpathError(error or session_error)
        sched = make_schedule(plan, hpw, start, days)
        response = current_app.response_class(
            to_ical(sched, learner=who or "me", catalogue=services().catalogue, at=at, alarm=alarm),
            mimetype="text/calendar",
        )
    response.headers["Content-Disposition"] = attachment(f"{stem}.{fmt}")
    return response


@bp.route("/path.json")
def path_json():
    return _export("path", "json")


@bp.route("/path.md")
def path_md():
    return _export("path", "md")


@bp.route("/path.ics")
def path_ics():
    return _export("path", "ics")


@bp.route("/plan.json")
@login_required
def plan_json():
    return _export("plan", "json")


@bp.route("/plan.md")
@login_required
def plan_md():
    return _export("plan", "md")


@bp.route("/plan.ics")
@login_required
def plan_ics():
    return _export("plan", "ics")


@bp.route("/plan/done", methods=["POST"])
@login_required
def mark_done():
    module = request.form.get("module", "")
    raw = request.form.get("hours", "").strip()
    spent = None
    if raw:
        try:
            spent = float(raw)
        except ValueError:
            raise LearnpathError("the hours it took must be a number, like 4.5") from None
    new = services().store.mark_done(current_name(), [module], hours=spent)
    title = services().catalogue.modules[module].title
    took = f" ({formatting.hours(spent)})" if spent is not None else ""
    if new.get(module):
        flash(f"Marked “{title}” done{took}.", "success")
    elif spent is not None:
        flash(f"“{title}” was already done: recorded {formatting.hours(spent)}.", "info")
    else:
        flash(f"“{title}” was already done.", "info")
    return redirect(url_for("pages.plan") + "#progress")


@bp.route("/plan/commit", methods=["POST"])
@login_required
def commit_plan():
    """Keep the schedule shown (hours per week, start, days, time) as the commitment."""
    from learnpath.planning import parse_days, parse_time

    form = request.form
    try:
        hpw = float(form.get("hours_per_week", ""))
        if not (0 < hpw <= 168) or not math.isfinite(hpw):
            raise ValueError
    except ValueError:
        raise LearnpathError("hours per week must be a number above 0 and at most 168") from None
    try:
        start = dt.date.fromisoformat(form.get("start", "").strip() or dt.date.today().isoformat())
    except ValueError:
        raise LearnpathError("the start date must look like 2026-01-05") from None
    days = parse_days(",".join(form.getlist("days")) or None)
    at = parse_time(form.get("time"))
    name = current_name()
    mine = services().learner_plan(name, _choice(request.args, _stored_choice(name)))
    sched = make_schedule(mine.plan, hpw, start, days)
    promise = learner.commit(services().catalogue, services().store, mine, sched, at=at)
    flash(
        f"Committed to {len(promise.modules)} modules at {formatting.hours(hpw)} a week: "
        f"ready by {promise.ready_date.isoformat()}.",
        "success",
    )
    return redirect(url_for("pages.plan") + "#status")


@bp.route("/plan/undo", methods=["POST"])
@login_required
def mark_undone():
    module = request.form.get("module", "")
    removed = services().store.mark_undone(current_name(), [module])
    if not removed.get(module):
        abort(404)
    module_ = services().catalogue.modules.get(module)
    flash(f"“{module_.title if module_ else module}” is no longer marked done.", "info")
    return redirect(url_for("pages.plan") + "#progress")
