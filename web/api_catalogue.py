"""The JSON API's anonymous routes, on the ``api`` blueprint (:data:`.api.blp`): the
catalogue (``/skills``, ``/modules``, ``/niches``, ``/compare``), plans (``/path``, answered
from the day's cache when the query repeats) and the ways in (``POST /match``, ``/roles``,
``POST /assess``). None needs a token.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from flask import current_app, request
from flask.views import MethodView

from learnpath import learner
from learnpath.errors import UnknownIdError, closest
from learnpath.learner import LearnerView
from learnpath.placement import MAX_QUESTIONS

from .api import _errors, _json, _limits, blp
from .api_schemas import PlanOut
from .api_schemas_catalogue import (
    AssessIn,
    AssessOut,
    CompareOut,
    CompareQuery,
    MatchIn,
    MatchOut,
    ModuleOut,
    NicheItemOut,
    NicheOut,
    NichesQuery,
    PathQuery,
    RoleOut,
    SearchQuery,
    SkillOut,
)
from .common import not_found
from .services import services

__all__ = [
    "Skills",
    "SkillDetail",
    "Modules",
    "ModuleDetail",
    "Niches",
    "NicheDetail",
    "Compare",
    "Path",
    "Match",
    "Roles",
    "Assess",
]


def _skill_dict(sid: str) -> dict:
    idx = services().index
    cat = idx.catalogue
    s = cat.skills[sid]
    return {
        "id": s.id,
        "name": s.name,
        "description": s.description,
        "tags": list(s.tags),
        "field": idx.field_of[sid],
        "entry": sid not in cat.teachers,
        "taught_by": list(cat.teachers.get(sid, ())),
        "required_by": list(cat.required_by.get(sid, ())),
    }


def _module_dict(mid: str) -> dict:
    idx = services().index
    m = idx.catalogue.modules[mid]
    return {
        "id": m.id,
        "title": m.title,
        "teaches": list(m.teaches),
        "requires": list(m.requires),
        "hours": m.hours,
        "cost": m.cost or 0,
        "provider": m.provider,
        "url": m.url,
        "format": m.format,
        "description": m.description,
        "niches": idx.niches_served_by(mid),
    }


def _niche_dict(nid: str) -> dict:
    n = services().catalogue.niches[nid]
    return {
        "id": n.id,
        "name": n.name,
        "industry": n.industry,
        "requires": list(n.requires),
        "resilience": n.resilience,
        "resilience_low": n.resilience_low,
        "resilience_high": n.resilience_high,
        "automation_risk": n.automation_risk,
        "rationale": n.rationale,
        "description": n.description,
        "sources": list(n.sources),
        "occupations": list(n.occupations),
    }


def _search(items, q: str, text):
    words = q.lower().split()
    return [i for i in items if all(w in text(i).lower() for w in words)]


# ---------------------------------------------------------------------- catalogue


@blp.route("/skills")
class Skills(MethodView):
    @blp.arguments(SearchQuery(), location="query")
    @blp.response(200, SkillOut(many=True))
    def get(self, args):
        """Every skill of the catalogue (``?q=`` to search)."""
        cat = services().catalogue
        found = _search(
            cat.skills.values(),
            args["q"],
            lambda s: f"{s.id} {s.name} {s.description or ''} {' '.join(s.tags)}",
        )
        return _json([_skill_dict(s.id) for s in sorted(found, key=lambda s: s.id)])


@blp.route("/skills/<skill_id>")
class SkillDetail(MethodView):
    @blp.response(200, SkillOut)
    @_errors(404)
    def get(self, skill_id):
        """One skill: which modules teach it and which require it."""
        cat = services().catalogue
        if skill_id not in cat.skills:
            not_found("skill", skill_id, cat.skills)
        return _json(_skill_dict(skill_id))


@blp.route("/modules")
class Modules(MethodView):
    @blp.arguments(SearchQuery(), location="query")
    @blp.response(200, ModuleOut(many=True))
    def get(self, args):
        """Every module (``?q=`` to search titles, providers, what they teach)."""
        cat = services().catalogue
        found = _search(
            cat.modules.values(),
            args["q"],
            lambda m: (
                f"{m.id} {m.title} {m.description or ''} {m.provider or ''} " + " ".join(m.teaches)
            ),
        )
        return _json([_module_dict(m.id) for m in sorted(found, key=lambda m: m.id)])


@blp.route("/modules/<module_id>")
class ModuleDetail(MethodView):
    @blp.response(200, ModuleOut)
    @_errors(404)
    def get(self, module_id):
        """One module: what it requires and teaches, and the niches it serves."""
        cat = services().catalogue
        if module_id not in cat.modules:
            not_found("module", module_id, cat.modules)
        return _json(_module_dict(module_id))


@blp.route("/niches")
class Niches(MethodView):
    @blp.arguments(NichesQuery(), location="query")
    @blp.response(200, NicheItemOut(many=True))
    @_errors(422)
    def get(self, args):
        """The niches; with ``?have=a,b`` (or ``done``, ``now``) ranked for those skills.

        Ranked items add the fields of ``learnpath niches --json`` (fit, hours and cost
        to ready, missing entry skills, Pareto front...) to the niche's own, in the
        order ``sort`` asks for. The default, ``fit``: first the niches that no other
        niche beats on both fit (the share of the niche's hours from scratch that your
        skills already save) and resilience (a band wholly above its own), best fit
        first, then those beaten only by niches already listed, and so on. With
        ``now`` (the work you do now) each item says whether it is ``less_exposed``.
        """
        cat = services().catalogue
        if args["have"] is None and not args["done"] and args["now"] is None:
            return _json([_niche_dict(n) for n in sorted(cat.niches)])
        visitor = LearnerView(None, tuple(args["have"] or ()), tuple(args["done"]))
        listing = services().niches(visitor, args["sort"], args["now"])
        return _json([{**_niche_dict(row["id"]), **row} for row in listing.rows()])


@blp.route("/niches/<niche_id>")
class NicheDetail(MethodView):
    @blp.response(200, NicheOut)
    @_errors(404)
    def get(self, niche_id):
        """One niche: the skills it requires, resilience, rationale and sources."""
        cat = services().catalogue
        if niche_id not in cat.niches:
            not_found("niche", niche_id, cat.niches)
        return _json(_niche_dict(niche_id))


@blp.route("/compare")
class Compare(MethodView):
    @blp.arguments(CompareQuery(), location="query")
    @blp.response(200, CompareOut)
    @_errors(400, 422)
    def get(self, args):
        """Two or three niches side by side: ``learnpath compare --json``.

        Per niche: exact hours and cost to ready, marginal hours (the joint optimum
        minus the joint optimum without it, shared modules counted once), fit,
        resilience with its band, automation risk, shared modules and sources; and
        the joint plan's hours and cost. One niche, more than three, or one given
        twice: 400. An unknown niche or ``now`` code: 422, naming the nearest.
        """
        visitor = LearnerView(None, tuple(args["have"]), tuple(args["done"]))
        return _json(services().compare(visitor, args["n"], args["now"]).to_dict())


def _same_query_same_answer(view):
    """Answer a GET whose query string, byte for byte, was answered today from the body
    sent then (:meth:`~web.services.Services.answered`), before parsing it: only a
    successful answer is kept, and a catalogue reload forgets them all. Outermost of a
    view's decorators, so a repeated query skips the parsing and checks below it."""

    @wraps(view)
    def answered(self, *args, **kwargs):
        key = (request.path, request.query_string, dt.date.today())
        body = services().answered(key)
        if body is not None:
            return current_app.response_class(body, mimetype="application/json")
        response = view(self, *args, **kwargs)
        if response.status_code == 200:
            services().keep_answer(key, response.get_data())
        return response

    return answered


@blp.route("/path")
class Path(MethodView):
    @_same_query_same_answer
    @blp.arguments(PathQuery(), location="query")
    @blp.response(200, PlanOut)
    @_errors(422)
    def get(self, args):
        """The best plan from ``have`` to the ``target``s: ``learnpath path --json``.

        ``minimize`` (hours, cost, or value: hours x ``rate`` + fees), within ``max_cost``,
        ``max_hours`` and ``by`` at ``hours_per_week``. No plan within them: 422
        ``limit_not_met``, naming the limit and the least any plan needs.
        """
        limits = _limits(args)
        body = services().plan_json(args["have"], args["target"], args["done"], limits)
        return current_app.response_class(body, mimetype="application/json")


# ---------------------------------------------------------------------- ways in


@blp.route("/match")
class Match(MethodView):
    @blp.arguments(MatchIn())
    @blp.response(200, MatchOut)
    @_errors(413, 422)
    def post(self, args):
        """The catalogue skills a job posting, brief or CV asks for: ``learnpath match --json``.

        Each skill comes with the words that named it, the rule and a confidence (under
        0.5: mentioned only as a plus); ``unmatched`` lists the requirement-like phrases no
        skill was found for. With ``have``, ``covered`` lists the asked-for skills among
        them. A text asking for nothing in the catalogue gives an empty ``skills`` list.
        """
        found = services().match(args["text"])
        have = args["have"]
        if have is not None:
            cat = services().catalogue
            bad = {s: closest(s, cat.skills) for s in have if s not in cat.skills}
            if bad:
                raise UnknownIdError("skill", bad)
        return _json(found.to_dict(None if have is None else have))


@blp.route("/roles")
class Roles(MethodView):
    @blp.response(200, RoleOut(many=True))
    def get(self):
        """The role presets: the typical skills of a writer, a translator, a developer..."""
        cat = services().catalogue
        return _json(
            [
                {"id": r.id, "name": r.name, "description": r.description, "skills": list(r.skills)}
                for r in sorted(cat.roles.values(), key=lambda r: r.id)
            ]
        )


@blp.route("/assess")
class Assess(MethodView):
    @blp.arguments(AssessIn())
    @blp.response(200, AssessOut)
    @_errors(422)
    def post(self, args):
        """The placement check, one call per question: send the answers so far, get the
        next question (``null`` once over: at most 12) and where they place you.

        A yes also places the skills the skill needs; a no rules out the skills that need
        it. Nothing is stored: save the ``held`` skills with ``PUT /me/skills``.
        """
        cat = services().catalogue
        check = learner.placement(cat, have=args["have"], target=args["target"])
        answers: dict[str, bool] = {}
        for a in args["answers"]:
            answers[a["skill"]] = a["yes"]
        question = check.next_question(answers)
        result = check.result(answers)
        q = cat.skills[question] if question else None
        return _json(
            {
                "question": None
                if q is None
                else {"id": q.id, "name": q.name, "description": q.description},
                "asked": len(answers),
                "max_questions": MAX_QUESTIONS,
                "held": sorted(result.held),
                "ruled_out": sorted(result.ruled_out),
                "open": result.open,
                "fringe": []
                if q is not None
                else [
                    {"id": m.id, "title": m.title, "hours": m.hours, "teaches": list(m.teaches)}
                    for m in result.fringe
                ],
            }
        )
