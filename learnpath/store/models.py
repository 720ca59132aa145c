"""The tables of learner state, as Peewee models.

The database holds only learner state, keyed by the catalogue's stable ids (``skill_id``,
``niche_id``, ``module_id`` are plain strings, never foreign keys into catalogue
content): a curriculum can change without touching the database, and a row whose id
has left the catalogue is kept and reported, never deleted.

The models are deliberately not bound to a database: every query is bound to the
database of the :class:`~learnpath.store.progress.ProgressStore` that runs it
(``query.bind(db)``), so several databases can be used at once in one process and from
several threads. The schema itself is created and changed only by
:mod:`learnpath.store.migrations`; these classes describe its latest version.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BigIntegerField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

__all__ = [
    "ID_LENGTH",
    "NAME_LENGTH",
    "WORK_LENGTH",
    "StoreModel",
    "Learner",
    "DeclaredSkill",
    "Goal",
    "Completion",
    "Throttle",
    "PriorLearning",
    "Commitment",
    "CommitmentModule",
    "MODELS",
    "utcnow",
]

#: Longest catalogue id (see the curriculum format).
ID_LENGTH = 100
#: Longest learner name (see :mod:`learnpath.store.names`), and its folded key.
NAME_LENGTH = 100
KEY_LENGTH = 200
#: Longest stored current-work code (an ESCO occupation URI is about 75 characters).
WORK_LENGTH = 200


def utcnow() -> dt.datetime:
    """The current UTC time as a naive datetime, to the second (how the store keeps times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class StoreModel(Model):
    """Base of the learner-state models (unbound: queries are bound per store)."""

    class Meta:
        database = None
        legacy_table_names = False


class Learner(StoreModel):
    """Someone whose learning state is kept: unique name, optional email and account data.

    ``password_hash`` and ``session_version`` are for web accounts: the hash is ``None``
    for a CLI-only learner, and bumping ``session_version`` invalidates every session.
    ``name_key`` is the folded name (:func:`learnpath.store.names.name_key`), unique, so
    look-alike names cannot be registered twice; it is ``None`` only for a learner whose
    name folded onto an older learner's when the keys were introduced (schema version 5).
    ``current_work`` is the occupation they do now (a SOC 2018 code, an ESCO occupation
    URI or a niche id), or ``None``. ``plan_preference`` is what their plan minimizes,
    their rate and budget as JSON ``{"minimize", "rate", "max_cost"}`` (set on the
    site; :meth:`~learnpath.store.ProgressStore.plan_preference`), or ``None``.
    """

    id = AutoField()
    name = CharField(max_length=NAME_LENGTH, unique=True)
    name_key = CharField(max_length=KEY_LENGTH, null=True, unique=True)
    email = CharField(max_length=254, null=True)
    about = TextField(null=True)
    password_hash = CharField(max_length=255, null=True)
    session_version = IntegerField(default=0)
    created = DateTimeField(default=utcnow)
    current_work = CharField(max_length=WORK_LENGTH, null=True)
    plan_preference = TextField(null=True)

    class Meta:
        table_name = "learner"


class DeclaredSkill(StoreModel):
    """A skill a learner says they already hold (a catalogue skill id)."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="skills")
    skill_id = CharField(max_length=ID_LENGTH)
    added = DateTimeField(default=utcnow)

    class Meta:
        table_name = "declared_skill"
        indexes = ((("learner", "skill_id"), True),)


class Goal(StoreModel):
    """A niche a learner aims for (a catalogue niche id); kept in the order added."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="goals")
    niche_id = CharField(max_length=ID_LENGTH)
    added = DateTimeField(default=utcnow)

    class Meta:
        table_name = "goal"
        indexes = ((("learner", "niche_id"), True),)


class Completion(StoreModel):
    """One completed module of one learner (at most one row per learner and module).

    ``actual_hours`` is the effort the learner reports (``None``: as estimated).
    """

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="completions")
    module_id = CharField(max_length=ID_LENGTH)
    completed_on = DateField()
    note = TextField(null=True)
    recorded = DateTimeField(default=utcnow)
    actual_hours = DoubleField(null=True)

    class Meta:
        table_name = "completion"
        indexes = ((("learner", "module_id"), True),)


class Throttle(StoreModel):
    """One counter of the throttle (:mod:`learnpath.store.throttle`), shared by every
    server process: ``key`` is a keyed hash of what is counted (never a name or an
    address in clear); times are milliseconds since the epoch."""

    key = CharField(max_length=64, primary_key=True)
    hits = IntegerField(default=0)
    last_ms = BigIntegerField()
    blocked_until_ms = BigIntegerField(default=0)

    class Meta:
        table_name = "throttle"


class PriorLearning(StoreModel):
    """A module a learner already knows ("I already know this"): its skills count as held,
    but it is not a completion (no date, no hours done). At most one row per module."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="prior_learning")
    module_id = CharField(max_length=ID_LENGTH)
    recorded = DateTimeField(default=utcnow)

    class Meta:
        table_name = "prior_learning"
        indexes = ((("learner", "module_id"), True),)


class Commitment(StoreModel):
    """The schedule a learner committed to (at most one per learner): ``hours_per_week``
    on the weekdays ``days`` (``"mon,wed,sat"``, as written) at ``session_time`` (``"19:00"``) from
    ``start_date``; the catalogue's ``fingerprint`` and the ``targets`` (comma-separated
    niche ids) and ``minimize`` of the plan at the time."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", unique=True, backref="commitment")
    hours_per_week = DoubleField()
    days = CharField(max_length=40)
    session_time = CharField(max_length=5)
    start_date = DateField()
    fingerprint = CharField(max_length=64)
    targets = TextField()
    minimize = CharField(max_length=20)
    created = DateTimeField(default=utcnow)

    class Meta:
        table_name = "commitment"


class CommitmentModule(StoreModel):
    """One module of a commitment, as it was when committed: its place, estimate, cost,
    the skills it teaches and the goals it serves (comma-separated), and its dates."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="committed_modules")
    commitment = ForeignKeyField(Commitment, on_delete="CASCADE", backref="modules")
    position = IntegerField()
    module_id = CharField(max_length=ID_LENGTH)
    title = TextField()
    hours = DoubleField()
    cost = DoubleField()
    teaches = TextField()
    goals = TextField()
    planned_start = DateField()
    planned_end = DateField()

    class Meta:
        table_name = "commitment_module"
        indexes = ((("commitment", "position"), True),)


#: Every model, parents first.
MODELS = (
    Learner,
    DeclaredSkill,
    Goal,
    Completion,
    PriorLearning,
    Commitment,
    CommitmentModule,
    Throttle,
)
