"""The two files the store reads and writes: learner exports (JSON) and seed files (YAML).

Learner export, format version 4 (``learnpath export``)::

    {
      "format": "learnpath-learner",
      "version": 4,
      "learner": {"name": "maya-writer", "email": null, "about": null,
                  "created": "2026-09-01T08:30:00"},
      "skills": ["computer-literacy", "written-english"],
      "goals": ["ai-content-strategist"],
      "completions": [{"module": "prompting-foundations", "on": "2026-09-14", "note": null,
                       "hours": 9.5}],
      "prior_learning": ["spreadsheets-101"],
      "now": "27-3043",
      "commitment": {"hours_per_week": 6, "days": ["mon", "wed", "sat"], "time": "19:00",
                     "start": "2026-09-01", "fingerprint": "3f9a...", "minimize": "hours",
                     "targets": ["ai-content-strategist"], "created": "2026-09-01T08:31:00",
                     "modules": [{"module": "prompting-foundations",
                                  "title": "Prompting foundations", "hours": 8, "cost": 0,
                                  "teaches": ["prompting"], "goals": ["ai-content-strategist"],
                                  "start": "2026-09-02", "end": "2026-09-09"}]}
    }

``created`` is UTC. ``prior_learning`` (since version 2) lists the modules the learner
said they already know; ``now`` (since version 3) is the occupation the learner does
now: a SOC 2018 code, an ESCO occupation URI or a niche id, or null. Version 4 adds
each completion's ``hours`` (the effort the learner reported; null: as estimated) and
``commitment``, the schedule the learner committed to (null when none), with its
modules as they were when committed. Older files, which have none of these, still
import. Ids are kept even when the current catalogue no longer has
them. Account secrets (password hash, sessions) are never exported.

Seed file, version 1 (``learnpath db seed``)::

    version: 1
    learners:
      - name: maya-writer
        email: maya@example.org        # optional
        about: Content writer ...      # optional
        skills: [computer-literacy, written-english]
        goals: [ai-content-strategist]
        now: 27-3043                   # optional: the occupation they do now
        completions:
          - module: prompting-foundations
            on: 2026-09-14             # optional (default: the day of seeding)
            note: text                 # optional
            hours: 5                   # optional: the hours it took (default: the estimate)
        prior_learning: [spreadsheets-101]   # optional: modules already known
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .errors import InvalidLearnerDataError
from .limits import MAX_COMPLETIONS, MAX_GOALS, MAX_SKILLS
from .names import check_name
from .records import CommitmentRecord, CommittedModule, CompletionRecord, LearnerState

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "SEED_VERSION",
    "ID_PATTERN",
    "check_name",
    "check_email",
    "check_now",
    "check_hours",
    "check_commitment",
    "dump_export",
    "dump_commitment",
    "parse_export",
    "parse_seed",
    "read_seed_files",
]

EXPORT_FORMAT = "learnpath-learner"
EXPORT_VERSION = 4
SEED_VERSION = 1
MAX_SEED_BYTES = 2_000_000

#: Catalogue ids (see the curriculum format).
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")

_id = validate.And(validate.Length(min=1, max=100), validate.Regexp(ID_PATTERN))


def check_email(email: str | None) -> str | None:
    """Return ``email`` (or ``None``) if it looks like an address, else raise."""
    if email is None or email == "":
        return None
    if len(email) > 254 or not _EMAIL_PATTERN.match(email):
        raise InvalidLearnerDataError(f"invalid email address {email!r}")
    return email


#: Longest current-work code (see :data:`learnpath.store.models.WORK_LENGTH`).
NOW_LENGTH = 200
_NOW_PATTERN = re.compile(r"^[^\s\x00-\x1f\x7f]+$")


def check_now(code: str | None) -> str | None:
    """Return ``code`` stripped (``None`` for none) if it can be a current-work code: a
    SOC code, an ESCO URI or a niche id, at most 200 characters without spaces.

    Examples
    --------
    >>> check_now(" 27-3042 "), check_now(""), check_now(None)
    ('27-3042', None, None)
    """
    if code is None:
        return None
    if not isinstance(code, str):
        raise InvalidLearnerDataError("the current work must be a code (text)")
    code = code.strip()
    if not code:
        return None
    if len(code) > NOW_LENGTH or not _NOW_PATTERN.match(code):
        raise InvalidLearnerDataError(
            f"invalid current work {code[:40]!r}: a SOC 2018 code, an ESCO occupation URI "
            f"or a niche id (at most {NOW_LENGTH} characters, no spaces)"
        )
    return code


#: Most hours one completion may report.
MAX_HOURS = 10_000.0
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_hours(value: float | None) -> float | None:
    """Return ``value`` as a float (``None`` for none) if it can be a module's actual
    hours: above 0 and at most 10000.

    Examples
    --------
    >>> check_hours(2), check_hours(None)
    (2.0, None)
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidLearnerDataError("hours must be a number")
    if not math.isfinite(value) or not 0 < value <= MAX_HOURS:
        raise InvalidLearnerDataError(f"hours must be above 0 and at most {MAX_HOURS:.0f}")
    return float(value)


def check_commitment(c: CommitmentRecord) -> CommitmentRecord:
    """Return ``c`` if it can be stored: a positive weekly budget of at most 168 hours,
    one to seven distinct weekdays, an ``HH:MM`` time, catalogue ids, at most
    10000 modules whose dates do not run backwards.

    Raises
    ------
    InvalidLearnerDataError
        Naming what is wrong.
    """

    def bad(why: str) -> InvalidLearnerDataError:
        return InvalidLearnerDataError(f"invalid commitment: {why}")

    if not (math.isfinite(c.hours_per_week) and 0 < c.hours_per_week <= 168):
        raise bad("hours per week must be above 0 and at most 168")
    if not c.days or len(set(c.days)) != len(c.days) or any(d not in range(7) for d in c.days):
        raise bad("days must be distinct weekdays")
    if not _TIME.match(c.time):
        raise bad("the time must look like 19:00")
    if len(c.fingerprint) > 64 or c.minimize not in ("hours", "cost", "value"):
        raise bad("unknown catalogue fingerprint or measure")
    if len(c.targets) > MAX_GOALS or not all(ID_PATTERN.match(t) for t in c.targets):
        raise bad(f"at most {MAX_GOALS} target ids")
    if len(c.modules) > MAX_COMPLETIONS:
        raise bad(f"at most {MAX_COMPLETIONS} modules")
    for m in c.modules:
        ids = (m.module, *m.teaches, *m.goals)
        if not all(len(i) <= 100 and ID_PATTERN.match(i) for i in ids):
            raise bad(f"invalid id in module {m.module[:100]!r}")
        numbers_ok = all(math.isfinite(x) and x >= 0 for x in (m.hours, m.cost))
        if not numbers_ok or m.end < m.start or len(m.title) > 10_000:
            raise bad(f"module {m.module!r} has negative figures or dates that run backwards")
    return c


class _CompletionSchema(Schema):
    module = fields.String(required=True, validate=_id)
    on = fields.Date(load_default=None)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10_000))
    hours = fields.Float(
        load_default=None,
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=MAX_HOURS, min_inclusive=False),
    )


class _CommittedModuleSchema(Schema):
    module = fields.String(required=True, validate=_id)
    title = fields.String(required=True, validate=validate.Length(max=10_000))
    hours = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=0))
    cost = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=0))
    teaches = fields.List(fields.String(validate=_id), load_default=list)
    goals = fields.List(fields.String(validate=_id), load_default=list)
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class _CommitmentSchema(Schema):
    hours_per_week = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=168, min_inclusive=False),
    )
    days = fields.List(
        fields.String(validate=validate.OneOf(_DAYS)),
        required=True,
        validate=validate.Length(min=1, max=7),
    )
    time = fields.String(required=True, validate=validate.Regexp(_TIME))
    start = fields.Date(required=True)
    fingerprint = fields.String(required=True, validate=validate.Length(max=64))
    minimize = fields.String(
        load_default="hours", validate=validate.OneOf(["hours", "cost", "value"])
    )
    targets = fields.List(
        fields.String(validate=_id), required=True, validate=validate.Length(max=MAX_GOALS)
    )
    created = fields.NaiveDateTime(load_default=None, allow_none=True, timezone=dt.UTC)
    modules = fields.List(
        fields.Nested(_CommittedModuleSchema),
        load_default=list,
        validate=validate.Length(max=MAX_COMPLETIONS),
    )


def _at_most(limit: int, what: str) -> validate.Length:
    return validate.Length(max=limit, error=f"at most {limit} {what}")


class _StateFields(Schema):
    skills = fields.List(
        fields.String(validate=_id),
        load_default=list,
        validate=_at_most(MAX_SKILLS, "skills"),
    )
    goals = fields.List(
        fields.String(validate=_id), load_default=list, validate=_at_most(MAX_GOALS, "goals")
    )
    completions = fields.List(
        fields.Nested(_CompletionSchema),
        load_default=list,
        validate=_at_most(MAX_COMPLETIONS, "completions"),
    )
    prior_learning = fields.List(
        fields.String(validate=_id),
        load_default=list,
        validate=_at_most(MAX_COMPLETIONS, "modules already known"),
    )
    now = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.And(
            validate.Length(min=1, max=NOW_LENGTH),
            validate.Regexp(_NOW_PATTERN, error="a code without spaces"),
        ),
    )

    @validates_schema
    def _no_duplicates(self, data, **kwargs):
        for key in ("skills", "goals", "prior_learning"):
            dup = _duplicates(data.get(key, ()))
            if dup:
                raise ValidationError(f"listed twice: {', '.join(dup)}", key)
        dup = _duplicates(c["module"] for c in data.get("completions", ()))
        if dup:
            raise ValidationError(f"module completed twice: {', '.join(dup)}", "completions")


class _SeedLearner(_StateFields):
    name = fields.String(required=True)
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=254))
    about = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10_000))


class _SeedFile(Schema):
    version = fields.Integer(required=True, validate=validate.Equal(SEED_VERSION))
    learners = fields.List(fields.Nested(_SeedLearner), required=True)


class _ExportLearner(Schema):
    name = fields.String(required=True)
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=254))
    about = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10_000))
    created = fields.NaiveDateTime(load_default=None, allow_none=True, timezone=dt.UTC)


class _ExportFile(_StateFields):
    commitment = fields.Nested(_CommitmentSchema, load_default=None, allow_none=True)
    format = fields.String(required=True, validate=validate.Equal(EXPORT_FORMAT))
    version = fields.Integer(required=True, validate=validate.Range(min=1, max=EXPORT_VERSION))
    learner = fields.Nested(_ExportLearner, required=True)


def _duplicates(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for item in items:
        if item in seen and item not in dup:
            dup.append(item)
        seen.add(item)
    return dup


def _flatten(messages, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            where = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, where))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix}: {m}" if prefix else m for m in messages]
    if isinstance(messages, list):
        return [line for m in messages for line in _flatten(m, prefix)]
    return [f"{prefix}: {messages}"]


def _invalid(what: str, exc: ValidationError) -> InvalidLearnerDataError:
    lines = _flatten(exc.messages)
    return InvalidLearnerDataError(f"{what} is not valid:\n  " + "\n  ".join(lines))


def _commitment(data: dict | None) -> CommitmentRecord | None:
    if data is None:
        return None
    record = CommitmentRecord(
        hours_per_week=float(data["hours_per_week"]),
        days=tuple(sorted({_DAYS.index(d) for d in data["days"]})),
        time=data["time"],
        start=data["start"],
        fingerprint=data["fingerprint"],
        targets=tuple(data["targets"]),
        minimize=data["minimize"],
        created=data["created"],
        modules=tuple(
            CommittedModule(
                m["module"],
                m["title"],
                float(m["hours"]),
                float(m["cost"]),
                tuple(m["teaches"]),
                tuple(m["goals"]),
                m["start"],
                m["end"],
            )
            for m in data["modules"]
        ),
    )
    return check_commitment(record)


def dump_commitment(c: CommitmentRecord | None) -> dict | None:
    """The JSON-ready form of a commitment (the ``commitment`` of an export), or None."""
    if c is None:
        return None
    return {
        "hours_per_week": c.hours_per_week,
        "days": [_DAYS[d] for d in c.days],
        "time": c.time,
        "start": c.start.isoformat(),
        "fingerprint": c.fingerprint,
        "minimize": c.minimize,
        "targets": list(c.targets),
        "created": c.created.isoformat() if c.created else None,
        "modules": [
            {
                "module": m.module,
                "title": m.title,
                "hours": m.hours,
                "cost": m.cost,
                "teaches": list(m.teaches),
                "goals": list(m.goals),
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
            }
            for m in c.modules
        ],
    }


def _state(name: str, data: dict, created: dt.datetime | None, today: dt.date) -> LearnerState:
    completions = sorted(
        (
            CompletionRecord(c["module"], c["on"] or today, c["note"], c.get("hours"))
            for c in data["completions"]
        ),
        key=lambda c: (c.on, c.module),
    )
    return LearnerState(
        name=check_name(name),
        email=check_email(data.get("email")),
        about=data.get("about"),
        created=created,
        skills=tuple(sorted(data["skills"])),
        goals=tuple(data["goals"]),
        completions=tuple(completions),
        prior_learning=tuple(sorted(data.get("prior_learning") or ())),
        now=data.get("now"),
        commitment=_commitment(data.get("commitment")),
    )


def dump_export(state: LearnerState) -> dict:
    """The JSON-ready export of ``state`` (see the module notes for the format)."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "learner": {
            "name": state.name,
            "email": state.email,
            "about": state.about,
            "created": state.created.isoformat() if state.created else None,
        },
        "skills": list(state.skills),
        "goals": list(state.goals),
        "completions": [
            {"module": c.module, "on": c.on.isoformat(), "note": c.note, "hours": c.hours}
            for c in state.completions
        ],
        "prior_learning": list(state.prior_learning),
        "now": state.now,
        "commitment": dump_commitment(state.commitment),
    }


def parse_export(data: object, source: str = "the learner export") -> LearnerState:
    """Read an export written by :func:`dump_export` (any supported format version).

    Raises
    ------
    InvalidLearnerDataError
        With every problem found, each prefixed by where it is (``completions.0.on``).
    """
    if not isinstance(data, dict):
        raise InvalidLearnerDataError(f"{source} is not a JSON object")
    # the web's "Export my data" adds an informative `account` section (when items were
    # recorded, API token names): not learner state, so not imported
    data = {k: v for k, v in data.items() if k != "account"}
    version = data.get("version")
    newer = isinstance(version, int) and version > EXPORT_VERSION
    if data.get("format") == EXPORT_FORMAT and newer:
        raise InvalidLearnerDataError(
            f"{source} has format version {version}, newer than this "
            f"learnpath reads ({EXPORT_VERSION}): upgrade learnpath"
        )
    try:
        loaded = _ExportFile().load(data)
    except ValidationError as exc:
        raise _invalid(source, exc) from exc
    learner = loaded["learner"]
    merged = {**loaded, "email": learner["email"], "about": learner["about"]}
    return _state(learner["name"], merged, learner["created"], dt.date.today())


def parse_seed(data: object, source: str = "the seed file") -> list[LearnerState]:
    """Read the learners of one seed document (see the module notes for the format)."""
    if not isinstance(data, dict):
        raise InvalidLearnerDataError(f"{source} is not a mapping with `version` and `learners`")
    try:
        loaded = _SeedFile().load(data)
    except ValidationError as exc:
        raise _invalid(source, exc) from exc
    today = dt.date.today()
    states = [_state(item["name"], item, None, today) for item in loaded["learners"]]
    dup = _duplicates(s.name for s in states)
    if dup:
        raise InvalidLearnerDataError(f"{source} lists learner(s) twice: {', '.join(dup)}")
    return states


class _SeedLoader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans: ``on:``, ``yes``, ``no`` stay strings.

    (Under YAML 1.1 rules the key ``on`` of a completion would load as ``True``.)
    """


_BOOL = "tag:yaml.org,2002:bool"
_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SeedLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_seed_files(path: Path) -> list[tuple[Path, list[LearnerState]]]:
    """Parse a seed file, or every ``*.yaml``/``*.yml`` file of a folder (sorted by name)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise InvalidLearnerDataError(f"no seed file or folder at {path}")
    out = []
    for file in files:
        if file.stat().st_size > MAX_SEED_BYTES:
            raise InvalidLearnerDataError(f"{file} is larger than {MAX_SEED_BYTES} bytes")
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_SeedLoader)  # noqa: S506
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise InvalidLearnerDataError(f"{file} is not valid YAML: {exc}") from exc
        out.append((file, parse_seed(data, str(file))))
    return out
