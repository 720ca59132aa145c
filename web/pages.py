"""The site's pages: skills, niches, a niche, a comparison, a plan, my plan, the
curriculum browser.

Anonymous visitors keep the skills they pick in their session; logged-in learners get
their stored skills, goals and completions. Every page works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required
from markupsafe import Markup

from learnpath import formatting, learner
from learnpath.errors import LearnpathError, LimitError, UnknownIdError, UsageError, closest
from learnpath.exposure import FIGURES, SCALE
from learnpath.learner import LearnerView, NoGoalError
from learnpath.matching import search
from learnpath.planning import ORDER, to_ical
from learnpath.planning import schedule as make_schedule
from learnpath.planning.bounded import PlanLimits
from learnpath.planning.explain import GENERIC_NOTE, why_text
from learnpath.planning.render import plan_markdown
from learnpath.planning.scheduling import ALL_DAYS as ALL_WEEK
from learnpath.planning.scheduling import DAY_NAMES
from learnpath.roles import find_role

from . import svg
from .common import attachment, current_name, demo_learners, not_found
from .services import services

__all__ = ["bp", "me"]

bp = Blueprint("pages", __name__)

DEFAULT_HOURS_PER_WEEK = 6.0
#: Most items a list page shows at once (the search narrows the rest down).
SHOW_LIMIT = 300
#: Most targets of one plan (as many as a learner may have goals: each adds a solve).
MAX_TARGETS = learner.MAX_GOALS
#: Skills an anonymous visitor can keep (in the session cookie, which browsers cap at 4 KB).
ANONYMOUS_SKILLS = 100
SORTS = {
    "fit": "closest to you",
    "pareto": "best trade-offs",
    "hours": "quickest",
    "resilience": "most resilient",
}
#: Longest current-work code taken from a query string or a form.
NOW_LENGTH = 200


#: Modules an anonymous visitor can mark "I already know this" (kept in the session cookie).
ANONYMOUS_KNOWN = 30


def me() -> LearnerView:
    """The visitor as the planner sees them: the logged-in learner's stored state, or the
    skills an anonymous visitor picked and the modules they said they know (kept in their
    session)."""
    name = current_name()
    if name is None:
        return LearnerView.visitor(
            services().catalogue, session.get("skills", []), session.get("known", [])
        )
    return services().learner_view(name)


# templates write figures as the CLI does: {{ x | number }}, {{ x | hours }}, {{ x | money }}
bp.add_app_template_filter(formatting.number)
bp.add_app_template_filter(formatting.hours)
bp.add_app_template_filter(formatting.money)


@bp.app_template_filter("why_text")
def _why_text(why: str) -> str:
    """A planned module's ``why`` (ids) in titles and names: ``{{ m.why | why_text }}``."""
    return why_text(why, services().catalogue)


@bp.app_template_filter("skill_names")
def _skill_names(ids) -> str:
    """Skill ids as their names, joined: ``{{ plan.missing | skill_names }}``."""
    skills = services().catalogue.skills
    return ", ".join(skills[s].name if s in skills else s for s in ids)


@bp.app_template_filter("module_title")
def _module_title(mid: str) -> str:
    """A module id as its title (the id itself once it left the catalogue)."""
    module = services().catalogue.modules.get(mid)
    return module.title if module is not None else mid


@bp.app_template_filter("code_spans")
def _code_spans(text) -> Markup:
    """Plain text with `backticked` words as ``<code>`` (core messages quote ids so)."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: show the text as it is
        return Markup.escape(str(text))
    return Markup("").join(
        Markup("<code>{}</code>").format(p) if k % 2 else Markup.escape(p)
        for k, p in enumerate(parts)
    )


@bp.app_context_processor
def _globals():
    pending = session.get("pending_skills") if current_name() else None
    cat = services().catalogue
    return {
        "catalogue": cat,
        "sorts": SORTS,
        "generic_note": GENERIC_NOTE,
        "pending_skills": [cat.skills[s].name for s in pending or () if s in cat.skills],
        "order_sentence": ORDER,
        "scale_sentence": SCALE,
        "figures_sentence": FIGURES,
    }


# ---------------------------------------------------------------------- start: skills


@bp.route("/")
def start():
    idx = services().index
    cat = idx.catalogue
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "").strip()[:100]
    mine = me()
    ticked = set(mine.declared)
    role_name = None
    if role:
        preset = find_role(cat, role)  # unknown role: 422 with the roles there are
        ticked |= set(preset.skills)
        role_name = preset.name
    shown = None
    if q:
        wanted = search.terms(q)
        shown = [sid for sid, s in cat.skills.items() if search.found(wanted, search.haystack(s))]
    total = len(cat.skills) if shown is None else len(shown)
    if total > SHOW_LIMIT:  # a national taxonomy has thousands: ask for a filter instead
        pool = sorted(shown if shown is not None else cat.skills)
        held = [s for s in pool if s in ticked]
        shown = (held + [s for s in pool if s not in set(held)])[:SHOW_LIMIT]
    groups = _foundations_first(idx.skills_by_field(shown))
    hidden = sorted(ticked - set(shown)) if shown is not None else []
    return render_template(
        "start.html",
        groups=groups,
        q=q,
        role=role,
        role_name=role_name,
        roles=sorted(cat.roles.values(), key=lambda r: r.name.lower()),
        have=ticked,
        from_known=sorted(set(mine.have) - set(mine.declared)),
        hidden=hidden,
        haystack={s.id: search.haystack(s) for _, skills in groups for s in skills},
        demos=demo_learners() if mine.name is None else [],
        shown_count=sum(len(s) for _, s in groups),
        total=total,
        max_text=learner_text_limit(),
    )


def learner_text_limit() -> int:
    """Longest posting the paste box takes, in characters (the core checks bytes)."""
    from learnpath.matching import MAX_TEXT_BYTES

    return MAX_TEXT_BYTES


def _foundations_first(groups: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """The picker's fields with the one holding the most entry skills (the foundations
    every other builds on) first, the others in catalogue order."""
    entry = services().catalogue.entry_skills
    if not groups:
        return groups
    counts = [sum(1 for s in skills if s.id in entry) for _, skills in groups]
    first = max(range(len(groups)), key=lambda i: (counts[i], -i))
    if counts[first] == 0:
        return groups
    return [groups[first], *(g for i, g in enumerate(groups) if i != first)]


@bp.route("/skills", methods=["POST"])
def save_skills():
    cat = services().catalogue
    picked = list(dict.fromkeys(request.form.getlist("skill")))
    bad = {s: closest(s, cat.skills) for s in picked if s not in cat.skills}
    if bad:
        raise UnknownIdError("skill", bad)
    name = current_name()
    if name is None:
        if len(picked) > ANONYMOUS_SKILLS:  # they live in a cookie, which browsers cap
            raise LearnpathError(
                f"without an account you can keep up to {ANONYMOUS_SKILLS} skills: "
                "register (free) to keep more"
            )
        session["skills"] = sorted(picked)
    else:
        learner.replace_skills(services().store, name, picked)
    flash(f"Saved {len(picked)} skill{'s' if len(picked) != 1 else ''}.", "success")
    return redirect(url_for("pages.niches"))


@bp.route("/skills/merge", methods=["POST"])
@login_required
def merge_skills():
    """Add (or leave out) the skills picked before logging in that the account lacks."""
    pending = session.pop("pending_skills", [])
    if request.form.get("choice") == "add" and pending:
        cat = services().catalogue
        known = [s for s in pending if s in cat.skills]
        services().store.add_skills(current_name(), known)
        flash(
            f"Added {len(known)} skill{'s' if len(known) != 1 else ''} to yours: "
            + ", ".join(cat.skills[s].name for s in known)
            + ".",
            "success",
        )
    else:
        flash("Kept your saved skills as they were.", "info")
    return redirect(_back())


def _back(default: str | None = None) -> str:
    """The page the form was sent from (a path of this site), else ``default`` (the
    niches when not given)."""
    target = request.form.get("back", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default or url_for("pages.niches")


# ---------------------------------------------------------------------- niches


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


# ---------------------------------------------------------------------- plans


def _rows(plan) -> list[dict]:
    rows, total = [], 0.0
    for k, m in enumerate(plan.modules, start=1):
        total += m.hours
        rows.append({"n": k, "m": m, "total": total})
    return rows


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


# ---------------------------------------------------------------------- ways in


#: Most skills a posting's plan is made for at once (a plan's target limit).
MATCH_TARGETS = MAX_TARGETS


@bp.route("/match", methods=["POST"])
def match():
    """The skills a pasted posting asks for, as boxes to confirm before planning."""
    text = request.form.get("text", "")
    found = services().match(text)
    mine = me()
    asked = [s for s in found.asked][:MATCH_TARGETS]
    return render_template(
        "match.html",
        found=found,
        ticked={s.id for s in asked},
        held=mine.held,
        covered=found.covered(mine.held),
        limit=MATCH_TARGETS,
        words=len(text.split()),
    )


@bp.route("/assess")
def assess():
    """The placement check, one question per page; the answers travel in the address
    (nothing is stored until the learner saves the skills at the end)."""
    cat = services().catalogue
    target = request.args.get("target", "").strip() or None
    yes = [s for s in request.args.getlist("yes") if s]
    no = [s for s in request.args.getlist("no") if s]
    answer, skill = request.args.get("answer"), request.args.get("skill", "")
    if answer in ("yes", "no") and skill:
        (yes if answer == "yes" else no).append(skill)
    if len(yes) + len(no) > learner_placement_limit():
        raise LearnpathError("a placement check has at most 12 answers: start it again")
    mine = me()
    check = learner.placement(cat, have=mine.held, target=target)
    answers = {**dict.fromkeys(yes, True), **dict.fromkeys(no, False)}
    question = check.next_question(answers)
    result = check.result(answers) if question is None else None
    return render_template(
        "assess.html",
        target=target,
        niche=cat.niches.get(target) if target else None,
        niches=sorted(cat.niches.values(), key=lambda n: n.name.lower()),
        yes=yes,
        no=no,
        asked=len(answers),
        question=cat.skills[question] if question else None,
        result=result,
        new=sorted(result.held - check.known, key=lambda s: cat.skills[s].name.lower())
        if result
        else [],
        declared=mine.declared,
        limit=learner_placement_limit(),
    )


def learner_placement_limit() -> int:
    from learnpath.placement import MAX_QUESTIONS

    return MAX_QUESTIONS


@bp.route("/known", methods=["POST"])
def mark_known():
    """ "I already know this": the module's skills count as held; the plan re-plans."""
    cat = services().catalogue
    module = request.form.get("module", "")
    if module not in cat.modules:
        raise UnknownIdError("module", {module: closest(module, cat.modules)})
    title = cat.modules[module].title
    name = current_name()
    if name is None:
        known = list(dict.fromkeys([*session.get("known", []), module]))
        if len(known) > ANONYMOUS_KNOWN:
            raise LearnpathError(
                f"without an account you can mark up to {ANONYMOUS_KNOWN} modules as known: "
                "register (free) to keep more"
            )
        session["known"] = known
    else:
        learner.mark_known(services().store, name, [module])
    flash(
        f"You already know “{title}”: its skills count as yours, and the plan is redone.", "success"
    )
    return redirect(_back(url_for("pages.plan") if name else url_for("pages.start")))


@bp.route("/known/remove", methods=["POST"])
def unmark_known():
    """Undo "I already know this"."""
    module = request.form.get("module", "")
    name = current_name()
    if name is None:
        known = session.get("known", [])
        if module not in known:
            abort(404)
        session["known"] = [m for m in known if m != module]
    elif not learner.unmark_known(services().store, name, [module]).get(module):
        abort(404)
    flash(f"“{module}” is no longer marked as known.", "info")
    return redirect(_back(url_for("pages.plan") if name else url_for("pages.start")))


# ---------------------------------------------------------------------- catalogue


def _matches(words, *texts) -> bool:
    hay = " ".join(t for t in texts if t).lower()
    return all(w in hay for w in words)


@bp.route("/catalogue")
def catalogue():
    cat = services().catalogue
    q = request.args.get("q", "").strip()[:100]
    words = q.lower().split()
    skills = [
        s
        for s in cat.skills.values()
        if _matches(words, s.id, s.name, s.description, " ".join(s.tags))
    ]
    modules = [
        m
        for m in cat.modules.values()
        if _matches(words, m.id, m.title, m.description, m.provider, " ".join(m.teaches))
    ]
    niches = [
        n
        for n in cat.niches.values()
        if _matches(words, n.id, n.name, n.description, n.rationale, n.industry)
    ]
    return render_template(
        "catalogue.html",
        q=q,
        skills=sorted(skills, key=lambda s: s.name.lower()),
        modules=sorted(modules, key=lambda m: m.title.lower()),
        niches=sorted(niches, key=lambda n: n.name.lower()),
        limit=SHOW_LIMIT,
    )


@bp.route("/catalogue/skills/<skill_id>")
def skill(skill_id: str):
    idx = services().index
    cat = idx.catalogue
    if skill_id not in cat.skills:
        not_found("skill", skill_id, cat.skills)
    return render_template(
        "skill.html",
        skill=cat.skills[skill_id],
        field=idx.field_of[skill_id],
        taught_by=[cat.modules[m] for m in cat.teachers.get(skill_id, ())],
        required_by=[cat.modules[m] for m in cat.required_by.get(skill_id, ())],
        niches=[cat.niches[n] for n in idx.niches_needing(skill_id)],
    )


@bp.route("/catalogue/modules/<module_id>")
def module(module_id: str):
    idx = services().index
    cat = idx.catalogue
    if module_id not in cat.modules:
        not_found("module", module_id, cat.modules)
    return render_template(
        "module.html",
        module=cat.modules[module_id],
        niches=[cat.niches[n] for n in idx.niches_served_by(module_id)],
    )


@bp.route("/method")
def method():
    """How the resilience scores and the automation risk are derived."""
    return render_template("method.html")


# ---------------------------------------------------------------------- health


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
