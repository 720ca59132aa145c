"""The site's pages: skills, niches, a niche, a comparison, a plan, my plan, the
curriculum browser.

Anonymous visitors keep the skills they pick in their session; logged-in learners get
their stored skills, goals and completions. Every page works without JavaScript.

This module holds the blueprint ``bp``, its settings, who the visitor is (:func:`me`), the
template filters and globals, and the helpers the pages share; the pages themselves are in
:mod:`.pages_start` (the skills), :mod:`.pages_niches` (niches, a niche, a comparison, goals),
:mod:`.pages_plan` (a plan, my plan, exports, progress), :mod:`.pages_ways_in` (a posting,
the placement check, "I already know this"), :mod:`.pages_catalogue` (the curriculum
browser) and :mod:`.pages_health` (the probes), each registering on ``bp`` when
:func:`learnpath.web.create_app` imports it.
"""

from __future__ import annotations

from flask import Blueprint, request, session, url_for
from markupsafe import Markup

from learnpath import formatting, learner
from learnpath.exposure import FIGURES, SCALE
from learnpath.learner import LearnerView
from learnpath.planning import ORDER
from learnpath.planning.explain import GENERIC_NOTE, why_text

from .common import current_name
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


# ---------------------------------------------------------------------- shared by the pages


def _back(default: str | None = None) -> str:
    """The page the form was sent from (a path of this site), else ``default`` (the
    niches when not given)."""
    target = request.form.get("back", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default or url_for("pages.niches")


def _rows(plan) -> list[dict]:
    rows, total = [], 0.0
    for k, m in enumerate(plan.modules, start=1):
        total += m.hours
        rows.append({"n": k, "m": m, "total": total})
    return rows
