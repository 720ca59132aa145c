"""The JSON API's schemas of what anyone may ask without a token: the catalogue
(``/skills``, ``/modules``, ``/niches``, ``/compare``), plans (``/path``) and the ways in
(``POST /match``, ``/roles``, ``POST /assess``), as marshmallow schemas built on the shared
pieces of :mod:`.api_schemas`.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from .api_schemas import IdList, LimitsQuery, _ids_doc, _pace


class SearchQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "words that must all appear (id, name, description...)"},
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
