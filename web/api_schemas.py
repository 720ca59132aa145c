"""The request and response bodies of the JSON API, as marshmallow schemas: the pieces
every resource shares. flask-smorest validates requests with them and documents both sides
in the OpenAPI document at ``/api/v1/openapi.json``. Here: the error body and the ``Api``
that uses it, lists of ids, the measure and limits a plan keeps (``LimitsQuery``) and the
plan itself (``PlanOut``); the bodies of the catalogue, plans and ways in are in
:mod:`.api_schemas_catalogue`, the learner's (tokens, ``/me/...``) in :mod:`.api_schemas_me`.
"""

from __future__ import annotations

from flask_smorest import Api
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from learnpath.planning.bounded import MAX_AMOUNT, MAX_HOURS_PER_WEEK


class ErrorBody(Schema):
    code = fields.String(required=True, metadata={"description": "machine-readable code"})
    message = fields.String(required=True, metadata={"description": "what went wrong"})
    details = fields.Dict(
        required=True,
        metadata={"description": "suggestions for unknown ids, invalid fields..."},
    )


class ErrorSchema(Schema):
    """``{"error": {"code", "message", "details"}}``: every error of the API."""

    error = fields.Nested(ErrorBody, required=True)


class LearnpathApi(Api):
    ERROR_SCHEMA = ErrorSchema


_ID_MAX = 100  # characters in one id


class IdList(fields.List):
    """Ids given comma-separated (``have=a,b``) and/or repeated (``have=a&have=b``)."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=validate.Length(min=1, max=_ID_MAX)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise self.make_error("invalid")
        ids = [v for item in value for v in map(str.strip, str(item).split(",")) if v]
        # checked in one pass (a learner may send a thousand skills): only an id too
        # long for the item field goes through it, for the same message
        if not ids or max(map(len, ids)) <= _ID_MAX:
            return ids
        errors = {}
        for i, v in enumerate(ids):
            if len(v) > _ID_MAX:
                try:
                    self.inner.deserialize(v)
                except ValidationError as error:
                    errors[i] = error.messages
        raise ValidationError(errors)


_ids_doc = {"description": "ids, comma-separated or repeated"}


def _amount(what: str) -> fields.Float:
    return fields.Float(
        load_default=None,
        validate=validate.Range(min=0, max=MAX_AMOUNT),
        metadata={"description": f"{what}: a number from 0 to {MAX_AMOUNT:g}"},
    )


class LimitsQuery(Schema):
    """What the plan minimizes and the limits it keeps (as ``learnpath path`` takes them).

    No plan within the limits: 422 with code ``limit_not_met``, the message naming the
    limit and the least that would work, and ``details`` giving ``limit``, ``value`` and
    ``least`` (the least cost or hours any plan needs) and the totals of that plan.
    """

    class Meta:
        unknown = EXCLUDE

    minimize = fields.String(
        load_default=None,
        validate=validate.OneOf(["hours", "cost", "value"]),
        metadata={
            "description": "hours (default), cost, or value: hours x rate + fees (needs rate)"
        },
    )
    rate = _amount("what an hour of your time is worth, USD (needed by minimize=value)")
    max_cost = _amount("only plans whose fees total at most this, USD")
    max_hours = _amount("only plans of at most this many hours")
    by = fields.Date(
        load_default=None,
        metadata={"description": "only plans finished by this date (YYYY-MM-DD) at hours_per_week"},
    )

    @validates_schema
    def _needed(self, data, **kwargs):
        if data.get("minimize") == "value" and data.get("rate") is None and self._rate_needed:
            raise ValidationError("minimize=value needs rate (USD per hour)", "rate")
        if data.get("by") is not None and data.get("hours_per_week") is None:
            raise ValidationError("by needs hours_per_week", "hours_per_week")

    #: False where a stored preference may give the rate (a learner's own plan)
    _rate_needed = True


_pace = fields.Float(
    load_default=None,
    validate=validate.Range(min=0, max=MAX_HOURS_PER_WEEK, min_inclusive=False),
    metadata={"exclusiveMinimum": True, "description": "study hours a week, for by"},
)


class PlannedModuleOut(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    hours = fields.Float(required=True)
    cost = fields.Float(required=True)
    teaches = fields.List(fields.String(), required=True)
    requires = fields.List(fields.String(), required=True)
    why = fields.String(
        required=True,
        metadata={"description": "the chain of ids from this module to a target"},
    )
    why_text = fields.String(
        required=True,
        metadata={"description": "the same chain as a sentence of titles and names"},
    )
    serves = fields.List(fields.String())
    needs_missing = fields.List(fields.String())
    url = fields.String(allow_none=True)
    provider = fields.String(allow_none=True)
    generic = fields.Boolean(
        required=True,
        metadata={
            "description": "no real resource is named (no url): find or run a local equivalent"
        },
    )


class TargetCostOut(Schema):
    """What one target adds: the plan's modules that serve it and no other target."""

    target = fields.String(required=True)
    kind = fields.String(required=True)
    extra_hours = fields.Float(
        required=True, metadata={"description": "hours of the modules only this target needs"}
    )
    extra_cost = fields.Float(
        required=True, metadata={"description": "cost of the modules only this target needs"}
    )
    missing = fields.List(fields.String())


class LimitsOut(Schema):
    max_cost = fields.Float(allow_none=True)
    max_hours = fields.Float(
        allow_none=True, metadata={"description": "the hours limit kept (a date's included)"}
    )
    by = fields.Date(allow_none=True)
    hours_per_week = fields.Float(allow_none=True)


class PlanOut(Schema):
    """The JSON of ``learnpath path --json``."""

    targets = fields.List(fields.String(), required=True)
    total_hours = fields.Float(required=True)
    total_cost = fields.Float(required=True)
    optimal = fields.Boolean(required=True)
    lower_bound = fields.Float(required=True)
    minimize = fields.String(required=True)
    rate = fields.Float(allow_none=True)
    total_value = fields.Float(allow_none=True)
    limits = fields.Nested(LimitsOut)
    modules = fields.List(fields.Nested(PlannedModuleOut), required=True)
    missing = fields.List(fields.String(), required=True)
    unreachable_targets = fields.List(fields.String())
    already_held = fields.List(fields.String())
    per_target = fields.List(fields.Nested(TargetCostOut))
