"""The JSON API under ``/api/v1`` (flask-smorest), described at ``/api/v1/openapi.json``.

Anonymous: the catalogue (``/skills``, ``/modules``, ``/niches``, ``/roles``), plans
(``/path``, the very JSON of ``learnpath path --json``), the skills a posting asks for
(``POST /match``) and the placement check (``POST /assess``). Learners: ``POST /tokens``
trades a name and password for a bearer token; ``/me/...`` then needs ``Authorization:
Bearer <token>``. The API never accepts the site's session cookie, so no cross-site form can
write through it, and it needs no CSRF token.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from http import HTTPStatus

from flask import Blueprint as FlaskBlueprint
from flask import current_app, g, jsonify, render_template, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from learnpath import learner
from learnpath.errors import UnknownIdError, closest
from learnpath.learner import LearnerView
from learnpath.placement import MAX_QUESTIONS
from learnpath.planning import schedule as make_schedule
from learnpath.planning import to_ical
from learnpath.planning.bounded import PlanLimits

from .api_schemas import (
    AssessIn,
    AssessOut,
    CommitmentIn,
    CommitmentOut,
    CompareOut,
    CompareQuery,
    CompletionIn,
    CompletionOut,
    DiffOut,
    ExportSchema,
    GoalIn,
    ItemOut,
    KnownIn,
    LearnpathApi,
    MatchIn,
    MatchOut,
    MeOut,
    ModuleOut,
    NicheItemOut,
    NicheOut,
    NichesQuery,
    PathQuery,
    PlanOut,
    PlanQuery,
    ProgressOut,
    RoleOut,
    ScheduleQuery,
    SearchQuery,
    SkillOut,
    SkillsIn,
    StatusOut,
    TokenIn,
    TokenOut,
)
from .common import SafeParser, attachment, csrf, not_found, url_id_not_found
from .credentials import check_login
from .errors import ApiError
from .services import services

__all__ = ["init_app", "blp", "docs_bp"]


# ---------------------------------------------------------------------- helpers

blp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Skills, modules, niches and exact plans; a learner's own progress.",
)
blp.ARGUMENTS_PARSER = SafeParser()  # JSON bodies within depth and number limits
_BEARER = [{"bearerAuth": []}]


def _json(data, status: int = 200):
    response = jsonify(data)
    response.status_code = status
    return response


def _errors(*codes: int):
    """Document error responses (their body is ``ErrorSchema``)."""

    def decorate(fn):
        for code in reversed(codes):
            fn = blp.alt_response(code, response=HTTPStatus(code).name)(fn)
        return fn

    return decorate


def bearer_required(fn):
    """The learner of the ``Authorization: Bearer`` token, in ``g.learner``; else 401."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "send an API token: Authorization: Bearer <token>")
        account = services().accounts.learner_for_token(token.strip())
        if account is None:
            raise ApiError(401, "this API token is not valid (revoked, or never was)")
        g.learner = account.name
        g.private = True
        return fn(*args, **kwargs)

    return wrapper


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


_LIMIT_ARGS = ("minimize", "rate", "max_cost", "max_hours", "by", "hours_per_week")


def _limits(args: dict, start=None, default=None) -> PlanLimits:
    """The measure and limits of a query (:class:`~web.api_schemas.LimitsQuery`)."""
    given = {k: args.get(k) for k in _LIMIT_ARGS}
    return PlanLimits.given({**given, "start": start}, default)


def _stored(name: str) -> PlanLimits | None:
    """The learner's stored plan preference, as limits."""
    return PlanLimits.from_preference(services().store.plan_preference(name))


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


# ---------------------------------------------------------------------- tokens


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenIn())
    @blp.response(201, TokenOut)
    @_errors(401, 429)
    def post(self, args):
        """Trade your learner name and password for an API token (shown once).

        After repeated failures for one name or from one address: 429 with Retry-After.
        """
        account = check_login(args["name"], args["password"])
        if account is None:
            raise ApiError(401, "wrong learner name or password")
        accounts = services().accounts
        token = accounts.create_token(account.name, args["label"], args["expires_in_days"])
        expires = accounts.token_expiry(token)
        response = _json({"token": token, "label": args["label"], "expires": expires}, 201)
        response.headers["Cache-Control"] = "no-store"  # it carries the secret
        return response


@blp.route("/tokens/current")
class CurrentToken(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(204)
    @_errors(401)
    @bearer_required
    def delete(self):
        """Revoke the token this request is sent with."""
        token = request.headers["Authorization"].partition(" ")[2].strip()
        services().accounts.revoke_token_value(token)
        return current_app.response_class(status=204)


# ---------------------------------------------------------------------- me


@blp.route("/me")
class MeView(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, MeOut)
    @_errors(401)
    @bearer_required
    def get(self):
        """Who the token belongs to, with counts of skills, goals and completions."""
        return _json(services().store.get_learner(g.learner).to_dict())


@blp.route("/me/skills")
class MySkills(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, ItemOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """The skills you declared (ids the catalogue dropped are flagged)."""
        return _json([i.to_dict() for i in services().store.list_skills(g.learner)])

    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(SkillsIn())
    @blp.response(200, ItemOut(many=True))
    def put(self, args):
        """Replace your declared skills with these."""
        skills = learner.replace_skills(services().store, g.learner, args["skills"])
        return _json([i.to_dict() for i in skills])


@blp.route("/me/goals")
class MyGoals(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, ItemOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """Your goals (niche ids), in the order you added them."""
        return _json([i.to_dict() for i in services().store.list_goals(g.learner)])

    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(GoalIn())
    @blp.response(201, ItemOut(many=True))
    @blp.alt_response(200, schema=ItemOut(many=True), description="Already a goal.", success=True)
    def post(self, args):
        """Add a niche to your goals (201 when new, 200 when it already was one)."""
        store = services().store
        new = learner.add_goal(store, g.learner, args["niche"])
        return _json([i.to_dict() for i in store.list_goals(g.learner)], 201 if new else 200)


@blp.route("/me/goals/<niche_id>")
class MyGoal(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(204)
    @_errors(401, 404)
    @bearer_required
    def delete(self, niche_id):
        """Drop a goal."""
        try:
            removed = services().store.remove_goals(g.learner, [niche_id])[niche_id]
        except UnknownIdError as exc:
            raise url_id_not_found(exc) from exc
        if not removed:
            raise ApiError(404, f"`{niche_id}` is not one of your goals")
        return current_app.response_class(status=204)


@blp.route("/me/completions")
class MyCompletions(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, CompletionOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """Your completed modules by date (modules the catalogue dropped are kept, flagged)."""
        return _json([c.to_dict() for c in services().store.list_completions(g.learner)])

    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(CompletionIn())
    @blp.response(201, CompletionOut)
    @blp.alt_response(
        200, schema=CompletionOut, description="Already completed: unchanged.", success=True
    )
    def post(self, args):
        """Mark a module done, with the hours it took (``hours``, default the estimate):
        201 when new, 200 when it already was (``hours`` then replaces those recorded)."""
        store = services().store
        module = args["module"]
        new = store.mark_done(
            g.learner, [module], on=args["on"], note=args["note"], hours=args["hours"]
        )[module]
        info = next(c for c in store.list_completions(g.learner) if c.module == module)
        response = _json(info.to_dict(), 201 if new else 200)
        if new:
            response.headers["Location"] = url_for("api.MyCompletions")
        return response


@blp.route("/me/completions/<module_id>")
class MyCompletion(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(204)
    @_errors(401, 404)
    @bearer_required
    def delete(self, module_id):
        """Mark a module not done."""
        try:
            removed = services().store.mark_undone(g.learner, [module_id])[module_id]
        except UnknownIdError as exc:
            raise url_id_not_found(exc) from exc
        if not removed:
            raise ApiError(404, f"you have not completed `{module_id}`")
        return current_app.response_class(status=204)


@blp.route("/me/prior-learning")
class MyPriorLearning(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, ItemOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """The modules you said you already know ("I already know this"), by id."""
        return _json([i.to_dict() for i in services().store.list_prior_learning(g.learner)])

    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(KnownIn())
    @blp.response(201, ItemOut(many=True))
    @blp.alt_response(200, schema=ItemOut(many=True), description="Already known.", success=True)
    def post(self, args):
        """ "I already know this": what the module teaches counts as yours from now on (it
        is not a completion); ``GET /me/plan`` re-plans without it. 201 when new, 200 when
        it already was known."""
        store = services().store
        new = learner.mark_known(store, g.learner, [args["module"]])[args["module"]]
        return _json(
            [i.to_dict() for i in store.list_prior_learning(g.learner)], 201 if new else 200
        )


@blp.route("/me/prior-learning/<module_id>")
class MyPriorLearningItem(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(204)
    @_errors(401, 404)
    @bearer_required
    def delete(self, module_id):
        """Undo "I already know this" for a module."""
        try:
            removed = learner.unmark_known(services().store, g.learner, [module_id])[module_id]
        except UnknownIdError as exc:
            raise url_id_not_found(exc) from exc
        if not removed:
            raise ApiError(404, f"you have not marked `{module_id}` as known")
        return current_app.response_class(status=204)


@blp.route("/me/plan")
class MyPlan(MethodView):
    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(PlanQuery(), location="query")
    @blp.response(200, PlanOut)
    @_errors(422)
    def get(self, args):
        """The optimal plan from your skills and completions to your goals.

        Takes the limits of ``/path``; what is not given comes from the preference you
        chose on the site's plan page. No plan within them: 422 ``limit_not_met``.
        """
        limits = _limits(args, default=_stored(g.learner))
        mine = services().learner_plan(g.learner, limits)
        return _json(mine.plan.to_dict(services().catalogue))


@blp.route("/me/progress")
class MyProgress(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, ProgressOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """For each goal: hours done, hours left, percent, ready."""
        return _json([p.to_dict() for p in services().learner_progress(g.learner).goals])


@blp.route("/me/status")
class MyStatus(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, StatusOut(many=True))
    @_errors(401)
    @bearer_required
    def get(self):
        """For each goal: ahead, on track or behind your commitment (by hours and days),
        your pace, and the ready date at that pace against the committed one."""
        rows = services().learner_status(g.learner, dt.date.today()).goals
        return _json([r.to_dict() for r in rows])


@blp.route("/me/commitment")
class MyCommitment(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, CommitmentOut)
    @_errors(401, 404)
    @bearer_required
    def get(self):
        """The schedule you committed to, with its modules as they were then."""
        from learnpath.store.formats import dump_commitment

        c = services().store.commitment(g.learner)
        if c is None:
            raise ApiError(404, "you have no commitment: POST /api/v1/me/commitment makes one")
        return _json(dump_commitment(c))

    @blp.doc(security=_BEARER)
    @_errors(401, 422)
    @bearer_required
    @blp.arguments(CommitmentIn())
    @blp.response(201, CommitmentOut)
    def post(self, args):
        """Commit to your plan at ``hours_per_week`` on ``days`` from ``start`` (what
        ``learnpath schedule --commit`` does); replaces an earlier commitment. The plan is
        the one ``/me/plan`` gives: by your saved choice unless ``minimize`` is given."""
        from learnpath.planning import parse_days, parse_time
        from learnpath.store.formats import dump_commitment

        days, at = parse_days(args["days"]), parse_time(args["time"])
        start = args["start"] or dt.date.today()
        chosen = _stored(g.learner)  # what /me/plan plans by, unless minimize is given
        mine = services().learner_plan(g.learner, args["minimize"] or chosen or "hours")
        sched = make_schedule(mine.plan, args["hours_per_week"], start, days)
        c = learner.commit(services().catalogue, services().store, mine, sched, at=at)
        return _json(dump_commitment(c), 201)

    @blp.doc(security=_BEARER)
    @blp.response(204)
    @_errors(401, 404)
    @bearer_required
    def delete(self):
        """Forget your commitment."""
        if not services().store.clear_commitment(g.learner):
            raise ApiError(404, "you have no commitment")
        return current_app.response_class(status=204)


@blp.route("/me/plan/diff")
class MyPlanDiff(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, DiffOut)
    @_errors(401, 422)
    @bearer_required
    def get(self):
        """Your plan now against the committed one: modules added, removed or replaced
        and why, the change in hours, cost and ready date (422 without a commitment)."""
        return _json(services().learner_diff(g.learner, dt.date.today()).to_dict())


@blp.route("/me/schedule.ics")
class MySchedule(MethodView):
    @blp.doc(
        security=_BEARER,
        responses={
            "200": {
                "description": "An iCalendar file: one event per module per study session.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        },
    )
    @_errors(401, 422)
    @bearer_required
    @blp.arguments(ScheduleQuery(), location="query")
    def get(self, args):
        """Your plan on the calendar at ``hours_per_week`` from ``start``: a session on
        each of ``days`` at ``time``, with an optional ``alarm`` (minutes before); with the
        limits of ``/me/plan`` (``by``: finished by that date at this pace)."""
        from learnpath.planning import parse_days, parse_time

        days, at = parse_days(args["days"]), parse_time(args["time"])
        start = args["start"] or dt.date.today()
        limits = _limits(args, start, default=_stored(g.learner))
        plan = services().learner_plan(g.learner, limits).plan
        sched = make_schedule(plan, args["hours_per_week"], start, days)
        return current_app.response_class(
            to_ical(
                sched,
                learner=g.learner,
                catalogue=services().catalogue,
                at=at,
                alarm=args["alarm"],
            ),
            mimetype="text/calendar",
            headers={"Content-Disposition": attachment("learnpath.ics")},
        )


@blp.route("/me/export")
class MyExport(MethodView):
    @blp.doc(security=_BEARER)
    @blp.response(200, ExportSchema)
    @_errors(401)
    @bearer_required
    def get(self):
        """Everything stored about you, as the JSON ``learnpath export`` writes."""
        return _json(services().store.export_learner(g.learner))


@blp.route("/me/import")
class MyImport(MethodView):
    @blp.doc(security=_BEARER)
    @_errors(401)
    @bearer_required
    @blp.arguments(ExportSchema())
    @blp.response(200, MeOut)
    def post(self, _args):
        """Replace your skills, goals and completions with those of an export."""
        learner.import_learner(services().store, request.get_json(), name=g.learner)
        return _json(services().store.get_learner(g.learner).to_dict())


# ---------------------------------------------------------------------- wiring

docs_bp = FlaskBlueprint("apidocs", __name__, url_prefix="/api/v1")


@docs_bp.route("/docs")
def docs():
    """A readable page of the OpenAPI document, rendered on the server (no CDN, no JS)."""
    spec = current_app.extensions["learnpath_api"].spec.to_dict()
    return render_template("apidocs.html", spec=spec, operations=_operations(spec))


def _operations(spec: dict) -> list[dict]:
    out = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [
                        p for p in op.get("parameters", []) if isinstance(p, dict) and "name" in p
                    ],
                    "body": _schema_name(
                        op.get("requestBody", {})
                        .get("content", {})
                        .get("application/json", {})
                        .get("schema")
                    ),
                    "responses": {
                        code: r.get("description", "") if isinstance(r, dict) else ""
                        for code, r in op.get("responses", {}).items()
                    },
                    "auth": bool(op.get("security")),
                }
            )
    return out


def _schema_name(schema) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


def init_app(app) -> None:
    api = LearnpathApi(app)
    app.extensions["learnpath_api"] = api
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "a token from POST /tokens"},
    )
    api.register_blueprint(blp)
    csrf.exempt(blp)
    app.register_blueprint(docs_bp)
