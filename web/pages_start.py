"""The start page: the skill picker (search, role presets, the demo learners), saving the
skills picked (in the session for a visitor, stored for a learner) and, after logging in,
adding the skills picked before to the account's, on the ``pages`` blueprint.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_required

from learnpath import learner
from learnpath.errors import LearnpathError, UnknownIdError, closest
from learnpath.matching import search
from learnpath.roles import find_role

from .common import current_name, demo_learners
from .pages import ANONYMOUS_SKILLS, SHOW_LIMIT, _back, bp, me
from .services import services

__all__ = ["start", "learner_text_limit", "save_skills", "merge_skills"]


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
