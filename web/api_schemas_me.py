"""The JSON API's schemas of a learner's own data: API tokens, ``/me`` and its skills,
goals, completions and prior learning, the learner's plan, schedule, commitment, status and
plan diff, and the export they can download and import again, as marshmallow schemas built
on the shared pieces of :mod:`.api_schemas`.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from learnpath.store.accounts import MAX_TOKEN_DAYS

from .api_schemas import LimitsQuery, _pace


class PlanQuery(LimitsQuery):
    """A learner's own plan: what is not given comes from the preference they chose on
    the site's plan page (what to minimize, their rate, their budget)."""

    class Meta:
        unknown = EXCLUDE

    hours_per_week = _pace
    _rate_needed = False


class ScheduleQuery(LimitsQuery):
    class Meta:
        unknown = EXCLUDE

    _rate_needed = False

    hours_per_week = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=168, min_inclusive=False),
        metadata={
            "exclusiveMinimum": True,
            "description": "study hours a week: above 0, at most 168 (a schedule that would "
            "end after the year 9999 is refused with 422)",
        },
    )
    start = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD (default today)"})
    days = fields.String(
        load_default=None,
        validate=validate.Length(max=80),
        metadata={
            "description": "weekdays studied, one session each: mon,wed,sat (default every day)"
        },
    )
    time = fields.String(
        load_default=None,
        validate=validate.Length(max=5),
        metadata={"description": "when each session starts, HH:MM (default 19:00)"},
    )
    alarm = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=10_080),
        metadata={"description": "a reminder this many minutes before each session"},
    )


class CommitmentIn(Schema):
    hours_per_week = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=168, min_inclusive=False),
        metadata={"description": "study hours a week: above 0, at most 168"},
    )
    start = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD (default today)"})
    days = fields.String(
        load_default=None,
        validate=validate.Length(max=80),
        metadata={"description": "weekdays studied: mon,wed,sat (default every day)"},
    )
    time = fields.String(
        load_default=None,
        validate=validate.Length(max=5),
        metadata={"description": "when each session starts, HH:MM (default 19:00)"},
    )
    minimize = fields.String(
        load_default=None,
        validate=validate.OneOf(["hours", "cost"]),
        metadata={"description": "default: your saved choice, else hours"},
    )


class CommittedModuleOut(Schema):
    module = fields.String(required=True)
    title = fields.String(required=True)
    hours = fields.Float(required=True)
    cost = fields.Float(required=True)
    teaches = fields.List(fields.String())
    goals = fields.List(fields.String())
    start = fields.String(required=True)
    end = fields.String(required=True)


class CommitmentOut(Schema):
    hours_per_week = fields.Float(required=True)
    days = fields.List(fields.String(), required=True)
    time = fields.String(required=True)
    start = fields.String(required=True)
    fingerprint = fields.String(required=True)
    minimize = fields.String(required=True)
    targets = fields.List(fields.String(), required=True)
    created = fields.String(allow_none=True)
    modules = fields.List(fields.Nested(CommittedModuleOut), required=True)


class StatusOut(Schema):
    goal = fields.String(required=True)
    state = fields.String(
        required=True, metadata={"description": "ahead, on track, behind or no commitment"}
    )
    hours_ahead = fields.Float(allow_none=True, metadata={"description": "negative: behind"})
    days_ahead = fields.Float(allow_none=True)
    pace = fields.Float(allow_none=True, metadata={"description": "actual / estimated hours"})
    ready_date = fields.String(allow_none=True)
    committed_ready_date = fields.String(allow_none=True)


class ReplacedOut(Schema):
    old = fields.String(required=True)
    new = fields.String(required=True)
    why = fields.String(required=True)


class DiffOut(Schema):
    added = fields.List(fields.String(), required=True)
    removed = fields.List(fields.String(), required=True)
    replaced = fields.List(fields.Nested(ReplacedOut), required=True)
    hours_change = fields.Float(required=True)
    cost_change = fields.Float(required=True)
    ready_date_change = fields.Integer(required=True, metadata={"description": "days"})
    why = fields.Dict(keys=fields.String(), values=fields.String())
    ready_date = fields.String(allow_none=True)
    committed_ready_date = fields.String(allow_none=True)
    catalogue_changed = fields.Boolean()


class TokenIn(Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "your learner name"},
    )
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    label = fields.String(
        load_default="api",
        validate=validate.Length(min=1, max=100),
        metadata={"description": "a name for the token, to recognise it in lists"},
    )
    expires_in_days = fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_TOKEN_DAYS),
        metadata={"description": "the token stops working after this many days (default: never)"},
    )


class TokenOut(Schema):
    token = fields.String(required=True, metadata={"description": "shown only this once"})
    label = fields.String(required=True)
    expires = fields.String(
        allow_none=True, metadata={"description": "when it stops working (UTC), or null"}
    )


class MeOut(Schema):
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    about = fields.String(allow_none=True)
    created = fields.String(required=True)
    skills = fields.Integer(required=True)
    goals = fields.Integer(required=True)
    completions = fields.Integer(required=True)
    now = fields.String(allow_none=True, metadata={"description": "the work they do now"})


class ItemOut(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    in_catalogue = fields.Boolean(required=True)


class SkillsIn(Schema):
    skills = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        required=True,
        validate=validate.Length(max=1000),
    )


class GoalIn(Schema):
    niche = fields.String(required=True, validate=validate.Length(min=1, max=100))


class CompletionIn(Schema):
    module = fields.String(required=True, validate=validate.Length(min=1, max=100))
    on = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD (default today)"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10_000))
    hours = fields.Float(
        load_default=None,
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=10_000, min_inclusive=False),
        metadata={"description": "the hours it actually took (default: the estimate)"},
    )


class CompletionOut(Schema):
    module = fields.String(required=True)
    on = fields.String(required=True)
    note = fields.String(allow_none=True)
    in_catalogue = fields.Boolean(required=True)
    title = fields.String(allow_none=True)
    hours = fields.Float(allow_none=True, metadata={"description": "the catalogue's estimate"})
    actual_hours = fields.Float(
        allow_none=True, metadata={"description": "the hours reported (null: as estimated)"}
    )


class ProgressOut(Schema):
    goal = fields.String(required=True)
    hours_done = fields.Float(required=True)
    hours_left = fields.Float(required=True)
    percent = fields.Float(required=True)
    ready = fields.Boolean(required=True)


class ExportLearner(Schema):
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    about = fields.String(allow_none=True)
    created = fields.String(allow_none=True)


class ExportCompletion(Schema):
    module = fields.String(required=True)
    on = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    hours = fields.Float(allow_none=True, metadata={"description": "since version 4"})


class ExportSchema(Schema):
    """A learner export (the same file as ``learnpath export``)."""

    class Meta:
        unknown = EXCLUDE

    format = fields.String(required=True, metadata={"example": "learnpath-learner"})
    version = fields.Integer(required=True, metadata={"example": 2})
    learner = fields.Nested(ExportLearner, required=True)
    skills = fields.List(fields.String())
    goals = fields.List(fields.String())
    completions = fields.List(fields.Nested(ExportCompletion))
    now = fields.String(allow_none=True, metadata={"description": "since version 3: current work"})
    commitment = fields.Nested(
        CommitmentOut, allow_none=True, metadata={"description": "since version 4"}
    )


class KnownIn(Schema):
    module = fields.String(required=True, validate=validate.Length(min=1, max=100))
