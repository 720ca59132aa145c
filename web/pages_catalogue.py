"""The curriculum browser, on the ``pages`` blueprint: the catalogue searched by words
(skills, modules, niches), one skill (who teaches and requires it, the niches needing it),
one module (the niches it serves), and the page on how the scores are derived.
"""

from __future__ import annotations

from flask import render_template, request

from .common import not_found
from .pages import SHOW_LIMIT, bp
from .services import services

__all__ = ["catalogue", "skill", "module", "method"]


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
