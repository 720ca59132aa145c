"""The request and response bodies of the JSON API, as marshmallow schemas.

flask-smorest validates requests with them and documents both sides in the OpenAPI
document at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask_smorest import Api
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from learnpath.planning.bounded import MAX_AMOUNT, MAX_HOURS_PER_WEEK
from learnpath.store.accounts import MAX_TOKEN_DAYS


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


class SearchQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "words that must all appear (id, name, description...)"},
    )


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


class PathQuery(LimitsQuery):
    class Meta:
        unknown = EXCLUDE

    hours_per_week = _pace
    have = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)
    target = IdList(
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": "niche or skill ids to reach (at most 20)"},
    )
    done = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)


_now = fields.String(
    load_default=None,
    validate=validate.Length(min=1, max=200),
    metadata={
        "description": "the work you do now: a SOC 2018 code (27-3091), an ESCO occupation "
        "URI or a niche id; unknown codes are a 422 naming the nearest known ones"
    },
)


class NichesQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    have = IdList(load_default=None, validate=validate.Length(max=2000), metadata=_ids_doc)
    done = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)
    sort = fields.String(
        load_default="fit",
        validate=validate.OneOf(["fit", "pareto", "hours", "resilience"]),
        metadata={"description": "fit (default): the personal order; see the operation"},
    )
    now = _now


class CompareQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    n = IdList(
        required=True,
        metadata={"description": "two or three different niche ids (else 400)"},
    )
    have = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)
    done = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)
    now = _now


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


class SkillOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    field = fields.String(metadata={"description": "the curriculum (field of work) it is from"})
    entry = fields.Boolean(metadata={"description": "taught by no module: declare it"})
    taught_by = fields.List(fields.String())
    required_by = fields.List(fields.String())


class ModuleOut(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    teaches = fields.List(fields.String(), required=True)
    requires = fields.List(fields.String(), required=True)
    hours = fields.Float(required=True)
    cost = fields.Float(required=True)
    provider = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    format = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    niches = fields.List(fields.String(), metadata={"description": "niches it leads to"})


class NicheOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    industry = fields.String(allow_none=True)
    requires = fields.List(fields.String(), required=True)
    resilience = fields.Float(
        required=True,
        metadata={"description": "0.45: 45 % of US occupations are rated more exposed"},
    )
    resilience_low = fields.Float(
        allow_none=True, metadata={"description": "the band: the lowest a single rating gives"}
    )
    resilience_high = fields.Float(
        allow_none=True, metadata={"description": "the band: the highest a single rating gives"}
    )
    automation_risk = fields.Float(
        allow_none=True,
        metadata={"description": "routine-automation risk percentile (Nesta), not in resilience"},
    )
    rationale = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    sources = fields.List(fields.String())
    occupations = fields.List(fields.String())


class NicheItemOut(NicheOut):
    """A niche; when ranked (``?have=``), with how far it is from those skills."""

    hours_to_ready = fields.Float(metadata={"description": "exact hours of the best plan"})
    cost_to_ready = fields.Float()
    missing = fields.List(fields.String(), metadata={"description": "entry skills to get"})
    optimal = fields.Boolean(metadata={"description": "hours proved minimal"})
    pareto = fields.Boolean(metadata={"description": "no niche is more resilient and quicker"})
    front = fields.Integer(metadata={"description": "Pareto front number (1 = best)"})
    modules = fields.Integer(metadata={"description": "modules in the plan"})
    fit = fields.Float(
        metadata={"description": "share of the hours from scratch your skills already save"}
    )
    less_exposed = fields.Boolean(
        metadata={"description": "with `now`: its whole band lies above your work's"}
    )


class ComparedOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    hours_to_ready = fields.Float(required=True, metadata={"description": "exact"})
    cost_to_ready = fields.Float(required=True)
    marginal_hours = fields.Float(
        required=True,
        metadata={"description": "the joint optimum minus the joint optimum without it"},
    )
    resilience = fields.Float(required=True)
    resilience_low = fields.Float(required=True, allow_none=True)
    resilience_high = fields.Float(required=True, allow_none=True)
    automation_risk = fields.Float(required=True, allow_none=True)
    fit = fields.Float(required=True)
    shared_modules = fields.List(fields.String(), required=True)
    sources = fields.List(fields.String(), required=True)


class CurrentWorkOut(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    resilience = fields.Float(required=True)
    resilience_low = fields.Float(required=True)
    resilience_high = fields.Float(required=True)
    automation_risk = fields.Float(required=True, allow_none=True)
    occupations = fields.List(fields.String(), required=True)
    sources = fields.List(fields.String(), required=True)
    less_exposed = fields.List(fields.String(), required=True)


class CompareOut(Schema):
    """The JSON of ``learnpath compare --json``."""

    niches = fields.List(fields.Nested(ComparedOut), required=True)
    together_hours = fields.Float(required=True, metadata={"description": "the joint optimum"})
    together_cost = fields.Float(required=True)
    optimal = fields.Boolean(required=True, metadata={"description": "every plan proved"})
    missing = fields.List(fields.String(), required=True)
    now = fields.Nested(CurrentWorkOut, metadata={"description": "with `now`"})


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


# ---------------------------------------------------------------------- ways in

#: Longest text ``POST /match`` reads (the core's limit, in characters here; bytes there).
MATCH_TEXT_MAX = 100_000


class MatchIn(Schema):
    text = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MATCH_TEXT_MAX),
        metadata={"description": "a job posting, client brief or CV as plain text (<= 100 KB)"},
    )
    have = IdList(
        load_default=None,
        validate=validate.Length(max=2000),
        metadata={"description": "skills already held: their ids come back under covered"},
    )


class MatchedSkillOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    matched = fields.String(required=True, metadata={"description": "the words, as written"})
    rule = fields.String(
        required=True,
        validate=validate.OneOf(["skill name", "alias", "technology name", "phrase"]),
    )
    confidence = fields.Float(
        required=True, metadata={"description": "0..1; under 0.5: mentioned only as a plus"}
    )


class MatchOut(Schema):
    """The JSON of ``learnpath match --json``."""

    skills = fields.List(fields.Nested(MatchedSkillOut), required=True)
    unmatched = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "requirement-like phrases no catalogue skill was found for"},
    )
    covered = fields.List(
        fields.String(), metadata={"description": "asked-for skills among have (when given)"}
    )


class RoleOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    skills = fields.List(fields.String(), required=True)


class AnswerIn(Schema):
    skill = fields.String(required=True, validate=validate.Length(min=1, max=100))
    yes = fields.Boolean(required=True)


class AssessIn(Schema):
    target = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "a niche: ask only about its skills (default: every skill)"},
    )
    have = IdList(load_default=list, validate=validate.Length(max=2000), metadata=_ids_doc)
    answers = fields.List(
        fields.Nested(AnswerIn),
        required=True,
        validate=validate.Length(max=12),
        metadata={"description": "the answers so far, in order (at most 12; [] to start)"},
    )


class QuestionOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)


class FringeModuleOut(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    hours = fields.Float(required=True)
    teaches = fields.List(fields.String(), required=True)


class AssessOut(Schema):
    """The next question (null when the check is over) and where the answers place you."""

    question = fields.Nested(QuestionOut, allow_none=True, required=True)
    asked = fields.Integer(required=True)
    max_questions = fields.Integer(required=True)
    held = fields.List(fields.String(), required=True)
    ruled_out = fields.List(fields.String(), required=True)
    open = fields.Integer(required=True)
    fringe = fields.List(
        fields.Nested(FringeModuleOut),
        required=True,
        metadata={"description": "modules that can be started now (once the check is over)"},
    )


class KnownIn(Schema):
    module = fields.String(required=True, validate=validate.Length(min=1, max=100))
