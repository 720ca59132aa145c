"""The JSON API's routes of a learner, on the ``api`` blueprint (:data:`.api.blp`):
``POST /tokens`` trades a name and password for a bearer token, and ``/me/...`` (who you
are, your skills, goals, completions and prior learning, your plan, progress, status,
commitment, plan diff, calendar, export and import) needs ``Authorization: Bearer
<token>`` (:func:`.api.bearer_required`).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, request, url_for
from flask.views import MethodView

from learnpath import learner
from learnpath.errors import UnknownIdError
from learnpath.planning import schedule as make_schedule
from learnpath.planning import to_ical
from learnpath.planning.bounded import PlanLimits

from .api import _BEARER, _errors, _json, _limits, bearer_required, blp
from .api_schemas import PlanOut
from .api_schemas_me import (
    CommitmentIn,
    CommitmentOut,
    CompletionIn,
    CompletionOut,
    DiffOut,
    ExportSchema,
    GoalIn,
    ItemOut,
    KnownIn,
    MeOut,
    PlanQuery,
    ProgressOut,
    ScheduleQuery,
    SkillsIn,
    StatusOut,
    TokenIn,
    TokenOut,
)
from .common import attachment, url_id_not_found
from .credentials import check_login
from .errors import ApiError
from .services import services

__all__ = [
    "Tokens",
    "CurrentToken",
    "MeView",
    "MySkills",
    "MyGoals",
    "MyGoal",
    "MyCompletions",
    "MyCompletion",
    "MyPriorLearning",
    "MyPriorLearningItem",
    "MyPlan",
    "MyProgress",
    "MyStatus",
    "MyCommitment",
    "MyPlanDiff",
    "MySchedule",
    "MyExport",
    "MyImport",
]


def _stored(name: str) -> PlanLimits | None:
    """The learner's stored plan preference, as limits."""
    return PlanLimits.from_preference(services().store.plan_preference(name))


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


def _removed(remove, item_id: str, not_there: str):
    """204 once ``remove(learner, [item_id])`` removed the item; 404 saying ``not_there``
    when it was not the learner's, or naming the closest ids when the catalogue does not
    know it."""
    try:
        removed = remove(g.learner, [item_id])[item_id]
    except UnknownIdError as exc:
        raise url_id_not_found(exc) from exc
    if not removed:
        raise ApiError(404, not_there)
    return current_app.response_class(status=204)


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
        remove = services().store.remove_goals
        return _removed(remove, niche_id, f"`{niche_id}` is not one of your goals")


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
        remove = services().store.mark_undone
        return _removed(remove, module_id, f"you have not completed `{module_id}`")


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

        def remove(who, ids):
            return learner.unmark_known(services().store, who, ids)

        return _removed(remove, module_id, f"you have not marked `{module_id}` as known")


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
