"""The ways in that start from something other than a list of skills, on the ``pages``
blueprint: a pasted job posting (the skills it asks for, to confirm), the placement check
(one question per page) and "I already know this" for a module (and its undo).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for

from learnpath import learner
from learnpath.errors import LearnpathError, UnknownIdError, closest

from .common import current_name
from .pages import ANONYMOUS_KNOWN, MAX_TARGETS, _back, bp, me
from .services import services

__all__ = [
    "MATCH_TARGETS",
    "match",
    "assess",
    "learner_placement_limit",
    "mark_known",
    "unmark_known",
]


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
