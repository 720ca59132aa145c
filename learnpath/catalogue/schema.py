"""The curriculum format, version 1, as marshmallow schemas (and JSON Schema made from them).

These schemas are the single definition of the file format: the loader validates with
them, :func:`json_schema` turns them into a JSON Schema for editors, and the web API
reuses them for its documentation.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..model import MODULE_FORMATS

__all__ = [
    "ID_PATTERN",
    "ID_MAX_LENGTH",
    "MONTH_PATTERN",
    "ESCO_SKILL_PATTERN",
    "CurriculumFileSchema",
    "SkillSchema",
    "ModuleSchema",
    "NicheSchema",
    "RoleSchema",
    "ALIAS_MAX_LENGTH",
    "band_problem",
    "json_schema",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
ID_MAX_LENGTH = 100
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
ALIAS_MAX_LENGTH = 100
ESCO_SKILL_PATTERN = (
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


class Number(fields.Float):
    """A float that must be written as a number (``"6"`` and ``true`` are refused)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Text(fields.String):
    """A non-empty string."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("validate", validate.Length(min=1, error="must not be empty"))
        super().__init__(**kwargs)


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads like a field class
    """A stable id: lowercase letters, digits, ``_``, ``.`` and ``-``, at most 100 chars."""
    return fields.String(
        validate=[
            validate.Length(max=ID_MAX_LENGTH, error="is longer than {max} characters"),
            validate.Regexp(ID_PATTERN, error="malformed id"),
        ],
        **kwargs,
    )


class Ref(fields.String):
    """A reference to an id. Not pattern-checked here: a malformed reference can never
    resolve, and the cross-check reports it with the nearest existing id instead."""


def IdList(**kwargs: Any) -> fields.List:  # noqa: N802
    return fields.List(Ref(validate=validate.Length(min=1, error="must not be empty")), **kwargs)


class _Strict(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class CurriculumMetaSchema(_Strict):
    """The optional ``curriculum:`` block: what this file is and who wrote it."""

    title = Text(metadata={"description": "Title of this curriculum file."})
    version = Text(metadata={"description": 'Version of the content, quoted: "2026.11".'})
    license = Text(metadata={"description": "SPDX licence id, e.g. CC-BY-4.0."})
    authors = fields.List(Text(), metadata={"description": "Who wrote it."})


_alias_length = validate.Length(
    min=1, max=ALIAS_MAX_LENGTH, error="must be 1 to {max} characters long"
)


class SkillSchema(_Strict):
    """Something a learner can hold."""

    id = Id(required=True, metadata={"description": "Unique id across the whole catalogue."})
    name = Text(required=True, metadata={"description": "Human-readable name."})
    description = Text(metadata={"description": "What holding this skill means."})
    tags = fields.List(Text(), metadata={"description": "Free-form tags, e.g. [ai-tools]."})
    esco = fields.List(
        fields.String(
            validate=validate.Regexp(
                ESCO_SKILL_PATTERN,
                error="must be an ESCO skill URI: http://data.europa.eu/esco/skill/<uuid>",
            )
        ),
        metadata={"description": "ESCO skill URIs this skill matches (optional)."},
    )
    aliases = fields.List(
        Text(validate=_alias_length),
        metadata={
            "description": "Other names of this skill, as a posting or CV would write them "
            '(e.g. "pay-per-click" for paid search); no two skills share one.'
        },
    )
    tools = fields.List(
        Text(validate=_alias_length),
        metadata={
            "description": "Technology (product) names this skill really covers "
            '(e.g. "Google Ads", "memoQ"); no two skills share one.'
        },
    )


class ModuleSchema(_Strict):
    """A course, reading, project... that grants skills once completed."""

    id = Id(required=True, metadata={"description": "Unique id across the whole catalogue."})
    title = Text(required=True, metadata={"description": "Title shown to learners."})
    teaches = IdList(
        required=True,
        validate=validate.Length(min=1, error="must list at least one skill"),
        metadata={"description": "Skill ids granted on completion (one or more)."},
    )
    requires = IdList(metadata={"description": "Skill ids ALL needed before starting."})
    hours = Number(
        required=True,
        validate=validate.Range(min=0, min_inclusive=False, error="must be greater than 0"),
        metadata={"description": "Expected hours of work, > 0."},
    )
    cost = Number(
        validate=validate.Range(min=0, error="must be 0 or more"),
        metadata={"description": "Price in USD, >= 0 (0 = free)."},
    )
    description = Text(metadata={"description": "What the module covers."})
    provider = Text(metadata={"description": "Who offers it."})
    url = fields.Url(
        schemes={"http", "https"},
        metadata={"description": "Where to find it (http or https)."},
    )
    format = fields.String(
        validate=validate.OneOf(MODULE_FORMATS, error="must be one of: {choices}"),
        metadata={"description": "Kind of module."},
    )
    checked = fields.String(
        validate=validate.Regexp(
            MONTH_PATTERN, error="must be a month written YYYY-MM, for example 2026-12"
        ),
        metadata={
            "description": "Month (YYYY-MM) the url's page was last confirmed; required with url."
        },
    )

    #: JSON Schema ``dependencies``: a real resource is dated, and only a real one
    json_dependencies = {"url": ["checked"], "checked": ["url"]}


class NicheSchema(_Strict):
    """A target role and how exposed it is to automation."""

    id = Id(required=True, metadata={"description": "Unique id across the whole catalogue."})
    name = Text(required=True, metadata={"description": "Name of the role."})
    industry = Text(metadata={"description": "Field, e.g. content-media."})
    description = Text(metadata={"description": "What the work is."})
    requires = IdList(
        required=True,
        validate=validate.Length(min=1, error="must list at least one skill"),
        metadata={"description": "Skill ids a client would expect (one or more)."},
    )
    resilience = Number(
        required=True,
        validate=validate.Range(min=0, max=1, error="must be between 0 and 1"),
        metadata={"description": "0..1; higher = less exposed to automation."},
    )
    resilience_band = fields.List(
        Number(validate=validate.Range(min=0, max=1, error="must be between 0 and 1")),
        validate=validate.Length(min=2, max=2, error="must be two numbers: [low, high]"),
        metadata={
            "description": "[low, high], 0 <= low <= resilience <= high <= 1: the scores "
            "the single rating series give (written by the derivation)."
        },
    )
    automation_risk = Number(
        validate=validate.Range(min=0, max=1, error="must be between 0 and 1"),
        metadata={
            "description": "0..1; automation-risk percentile (Nesta, pre-LLM), a separate measure "
            "never averaged into resilience (written by the derivation)."
        },
    )
    rationale = Text(metadata={"description": "Why the niche holds up as AI spreads."})
    sources = fields.List(Text(), metadata={"description": "Citations for the score."})
    occupations = fields.List(Text(), metadata={"description": "SOC / ISCO / ESCO codes."})


class RoleSchema(_Strict):
    """A preset of the skills typical of a kind of freelancer ("I am a writer")."""

    id = Id(required=True, metadata={"description": "Unique id across the whole catalogue."})
    name = Text(required=True, metadata={"description": 'Shown to learners: "Freelance writer".'})
    description = Text(metadata={"description": "Who this preset is for."})
    skills = IdList(
        required=True,
        validate=validate.Length(min=1, error="must list at least one skill"),
        metadata={"description": "Skill ids such a freelancer typically holds (one or more)."},
    )


def band_problem(niche: dict) -> str | None:
    """What is wrong with a (well-typed) niche's ``resilience_band``, or None.

    Examples
    --------
    >>> band_problem({"id": "n", "resilience": 0.3, "resilience_band": [0.2, 0.4]}) is None
    True
    >>> print(band_problem({"id": "n", "resilience": 0.5, "resilience_band": [0.2, 0.4]}))
    niche `n`: `resilience_band` [0.2, 0.4] must contain `resilience` 0.5
    (low <= resilience <= high); raise high to at least 0.5 or correct `resilience`
    """
    band = niche.get("resilience_band")
    if band is None:
        return None
    low, high = band
    score = niche["resilience"]
    if low <= score <= high:
        return None
    where = f"niche `{niche['id']}`: `resilience_band` [{low}, {high}]"
    if low > high:
        return f"{where} must be [low, high] with low <= high; write [{high}, {low}]"
    fix = f"lower low to at most {score}" if score < low else f"raise high to at least {score}"
    return (
        f"{where} must contain `resilience` {score} (low <= resilience <= high); "
        f"{fix} or correct `resilience`"
    )


class CurriculumFileSchema(_Strict):
    """One curriculum file: optional metadata, then skills, modules, niches and roles."""

    curriculum = fields.Nested(CurriculumMetaSchema)
    skills = fields.List(fields.Nested(SkillSchema))
    modules = fields.List(fields.Nested(ModuleSchema))
    niches = fields.List(fields.Nested(NicheSchema))
    roles = fields.List(fields.Nested(RoleSchema))


SECTIONS = {
    "skills": SkillSchema,
    "modules": ModuleSchema,
    "niches": NicheSchema,
    "roles": RoleSchema,
}


def validate_item(schema: Schema, data: Any) -> dict:
    """Errors of one item as marshmallow reports them (empty when valid).

    Items that :func:`quick_check` accepts skip marshmallow's machinery: with tens of
    thousands of items it is most of the loading time, and valid items are the rule.
    """
    if quick_check(schema)(data):
        return {}
    try:
        schema.load(data)
    except ValidationError as exc:
        return (
            exc.normalized_messages()
            if isinstance(exc.messages, dict)
            else {"_schema": exc.messages}
        )
    return {}


_QUICK: dict[type, Any] = {}


def quick_check(schema: Schema):
    """A fast yes/no test compiled from ``schema``'s own fields and validators.

    It says ``True`` only for an item marshmallow would accept as it is (plain types,
    no unknown or missing field, every validator passing); anything else gets ``False``
    and goes through marshmallow, which then explains what is wrong.
    """
    key = type(schema)
    if key not in _QUICK:
        _QUICK[key] = _compile_object(schema)
    return _QUICK[key]


def _compile_object(schema: Schema):
    checks = {name: _compile_field(f) for name, f in schema.fields.items()}
    required = frozenset(name for name, f in schema.fields.items() if f.required)

    def check(item: Any) -> bool:
        if type(item) is not dict or not required.issubset(item):
            return False
        for key, value in item.items():
            test = checks.get(key)
            if test is None or not test(value):
                return False
        return True

    return check


def _passes(validators) -> Any:
    def run(value: Any) -> bool:
        try:
            for validator in validators:
                validator(value)
        except ValidationError:
            return False
        return True

    return run


def _compile_field(field: fields.Field):
    validators = _passes(field.validators) if field.validators else None
    if isinstance(field, fields.List):
        inner = _compile_field(field.inner)

        def check_list(value: Any) -> bool:
            if type(value) is not list or not all(map(inner, value)):
                return False
            return validators is None or validators(value)

        return check_list
    if isinstance(field, fields.Nested):
        return _compile_object(field.schema)
    if isinstance(field, Number):
        kind: Any = (int, float)
    elif isinstance(field, fields.String):
        kind = (str,)
    else:  # pragma: no cover - a field type this does not know: always ask marshmallow
        return lambda value: False

    def check_value(value: Any) -> bool:
        if type(value) not in kind:  # exact types: bool (an int) is no number here
            return False
        return validators is None or validators(value)

    return check_value


# ---------------------------------------------------------------- JSON Schema


def _field_schema(field: fields.Field) -> dict[str, Any]:
    out: dict[str, Any]
    if isinstance(field, fields.Nested):
        nested = field.schema
        out = _object_schema(nested)
    elif isinstance(field, fields.List):
        out = {"type": "array", "items": _field_schema(field.inner)}
    elif isinstance(field, fields.Url):
        out = {"type": "string", "format": "uri", "pattern": "^https?://"}
    elif isinstance(field, fields.Float):
        out = {"type": "number"}
    elif isinstance(field, Ref):
        out = {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}
    elif isinstance(field, fields.String):
        out = {"type": "string"}
    else:  # pragma: no cover - every field of the format is handled above
        raise TypeError(f"no JSON Schema for {type(field).__name__}")
    for validator in field.validators:
        if isinstance(validator, validate.Length):
            key = "Items" if out["type"] == "array" else "Length"
            if validator.min is not None:
                out[f"min{key}"] = validator.min
            if validator.max is not None:
                out[f"max{key}"] = validator.max
        elif isinstance(validator, validate.Regexp):
            out["pattern"] = validator.regex.pattern
        elif isinstance(validator, validate.OneOf):
            out["enum"] = list(validator.choices)
        elif isinstance(validator, validate.Range):
            if validator.min is not None:
                key = "minimum" if validator.min_inclusive else "exclusiveMinimum"
                out[key] = validator.min
            if validator.max is not None:
                key = "maximum" if validator.max_inclusive else "exclusiveMaximum"
                out[key] = validator.max
    description = field.metadata.get("description")
    if description:
        out["description"] = description
    return out


def _object_schema(schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False}
    if schema.__doc__:
        out["description"] = schema.__doc__.strip().splitlines()[0]
    out["properties"] = {name: _field_schema(f) for name, f in schema.fields.items()}
    required = [name for name, f in schema.fields.items() if f.required]
    if required:
        out["required"] = required
    dependencies = getattr(schema, "json_dependencies", None)
    if dependencies:
        out["dependencies"] = dependencies
    return out


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft-07) of a curriculum file, generated from the schemas above.

    Examples
    --------
    >>> s = json_schema()
    >>> s["properties"]["modules"]["items"]["required"]
    ['id', 'title', 'teaches', 'hours']
    """
    out = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "learnpath curriculum file (format version 1)",
    }
    out.update(_object_schema(CurriculumFileSchema()))
    return out
