"""Schema migrations: automatic on an empty database, explicit on an old one, data kept."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from store_support import demo_catalogue

from learnpath.store import LATEST_VERSION, ProgressStore, SchemaVersionError, current_version
from learnpath.store.database import open_database
from learnpath.store.migrations import MIGRATIONS, is_empty, upgrade
from learnpath.store.names import name_key


def _sql(db, text: str, params=()) -> None:
    db.execute_sql(text.replace("?", db.param), params)


def test_versions_are_consecutive():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2


def test_an_empty_database_gets_the_schema_on_first_use(database_url):
    with ProgressStore(database_url) as store:
        assert store.list_learners() == []
        assert current_version(store.db) == LATEST_VERSION
        assert store.upgrade() == []


def test_upgrading_a_version_1_database_keeps_its_data(database_url):
    db = open_database(database_url)
    with db.connection_context():
        assert is_empty(db)
        assert upgrade(db, target=1) == [1]
        assert current_version(db) == 1
        created = dt.datetime(2026, 1, 2, 3, 4, 5)
        _sql(
            db,
            "INSERT INTO learner (name, email, password_hash, created) VALUES (?, ?, ?, ?)",
            ("ana", "ana@example.org", "pbkdf2:secret", created),
        )
        (lid,) = db.execute_sql("SELECT id FROM learner").fetchone()
        _sql(
            db,
            "INSERT INTO declared_skill (learner_id, skill_id, added) VALUES (?, ?, ?)",
            (lid, "writing", created),
        )
        _sql(
            db,
            "INSERT INTO goal (learner_id, niche_id, added) VALUES (?, ?, ?)",
            (lid, "data-analyst", created),
        )
        _sql(
            db,
            "INSERT INTO completion (learner_id, module_id, completed_on, note, recorded) "
            "VALUES (?, ?, ?, ?, ?)",
            (lid, "sql-101", dt.date(2026, 2, 3), "kept", created),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()

    # an old schema is not upgraded behind the user's back
    with ProgressStore(database_url, demo_catalogue()) as store:
        with pytest.raises(SchemaVersionError, match="learnpath db upgrade"):
            store.list_learners()
        assert store.upgrade() == list(range(2, LATEST_VERSION + 1))
        state = store.state("ana")
        assert (state.email, state.created, state.skills, state.goals) == (
            "ana@example.org",
            created,
            ("writing",),
            ("data-analyst",),
        )
        [c] = state.completions
        assert (c.module, c.on, c.note) == ("sql-101", dt.date(2026, 2, 3), "kept")
        row = store.db.execute_sql(
            "SELECT password_hash, session_version, about, current_work FROM learner"
        ).fetchone()
        assert tuple(row) == ("pbkdf2:secret", 0, None, None)
        assert store.set_now("ana", "27-3043") and store.state("ana").now == "27-3043"
        # the upgraded database works as a new one: cascades still delete children only
        store.add_learner("bo")
        store.mark_done("bo", ["sql-101"])
        store.remove_learner("bo")
        assert len(store.state("ana").completions) == 1


def test_a_newer_database_is_refused(database_url):
    with ProgressStore(database_url) as store:
        store.list_learners()
        _sql(
            store.db,
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
            (LATEST_VERSION + 1, "from the future", dt.datetime(2030, 1, 1)),
        )
    with ProgressStore(database_url) as store:
        with pytest.raises(SchemaVersionError, match="newer"):
            store.list_learners()
        with pytest.raises(SchemaVersionError, match="newer"):
            store.upgrade()


def test_upgrade_refuses_unknown_targets(database_url):
    db = open_database(database_url)
    with pytest.raises(SchemaVersionError):
        upgrade(db, target=LATEST_VERSION + 1)


def _version_of(description: str) -> int:
    return next(m.version for m in MIGRATIONS if m.description == description)


def test_adding_prior_learning_keeps_every_row(database_url):
    """The migration that adds ``prior_learning`` (modules a learner already knows) keeps
    learners, tokens, skills, goals and completions of the version before it."""
    before = _version_of("prior_learning") - 1
    db = open_database(database_url)
    with db.connection_context():
        upgrade(db, target=before)
        created = dt.datetime(2026, 1, 2, 3, 4, 5)
        _sql(
            db,
            "INSERT INTO learner (name, email, password_hash, created, session_version) "
            "VALUES (?, ?, ?, ?, ?)",
            ("ana", None, "pbkdf2:secret", created, 3),
        )
        (lid,) = db.execute_sql("SELECT id FROM learner").fetchone()
        _sql(
            db,
            "INSERT INTO declared_skill (learner_id, skill_id, added) VALUES (?, ?, ?)",
            (lid, "writing", created),
        )
        _sql(
            db,
            "INSERT INTO completion (learner_id, module_id, completed_on, note, recorded) "
            "VALUES (?, ?, ?, ?, ?)",
            (lid, "sql-101", dt.date(2026, 2, 3), "kept", created),
        )
        _sql(
            db,
            "INSERT INTO api_token (learner_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
            (lid, "laptop", "ab" * 32, created),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()
    with ProgressStore(database_url, demo_catalogue()) as store:
        assert store.upgrade() == list(range(before + 1, LATEST_VERSION + 1))
        state = store.state("ana")
        assert (state.skills, [c.module for c in state.completions]) == (("writing",), ["sql-101"])
        assert state.prior_learning == ()
        assert store.db.execute_sql("SELECT COUNT(*) FROM api_token").fetchone()[0] == 1
        assert store.add_prior_learning("ana", ["seo-101"]) == {"seo-101": True}
        assert store.state("ana").prior_learning == ("seo-101",)
        store.remove_learner("ana")  # cascades to the new table too
        assert store.db.execute_sql("SELECT COUNT(*) FROM prior_learning").fetchone()[0] == 0


def test_adding_the_current_work_keeps_every_row(database_url):
    """The migration that adds ``learner.current_work`` keeps learners, their tokens and
    their progress; the new column starts empty."""
    before = _version_of("learner.current_work") - 1
    db = open_database(database_url)
    with db.connection_context():
        assert upgrade(db, target=before) == list(range(1, before + 1))
        created = dt.datetime(2026, 3, 4, 5, 6, 7)
        _sql(
            db,
            "INSERT INTO learner "
            "(name, name_key, email, password_hash, session_version, about, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ("ana", name_key("ana"), None, "pbkdf2:secret", 3, "translator", created),
        )
        (lid,) = db.execute_sql("SELECT id FROM learner").fetchone()
        _sql(
            db,
            "INSERT INTO api_token (learner_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
            (lid, "cli", "f" * 64, created),
        )
        _sql(
            db,
            "INSERT INTO goal (learner_id, niche_id, added) VALUES (?, ?, ?)",
            (lid, "data-analyst", created),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()
    with ProgressStore(database_url, demo_catalogue()) as store:
        assert store.upgrade() == list(range(before + 1, LATEST_VERSION + 1))
        state = store.state("ana")
        assert (state.about, state.goals, state.now) == ("translator", ("data-analyst",), None)
        tokens = store.db.execute_sql("SELECT name FROM api_token").fetchall()
        assert [tuple(t) for t in tokens] == [("cli",)]
        row = store.db.execute_sql("SELECT session_version FROM learner").fetchone()
        assert tuple(row) == (3,)
        assert store.set_now("ana", "27-3091")
        store.remove_learner("ana")  # the current work goes with the learner
        assert store.list_learners() == []


def test_adding_the_plan_preference_keeps_every_row(database_url):
    """The migration that adds ``learner.plan_preference`` keeps learners, their current
    work, tokens, skills, goals and completions; the new column starts empty, and a
    preference written after it reads back as given."""
    before = _version_of("learner.plan_preference") - 1
    db = open_database(database_url)
    with db.connection_context():
        assert upgrade(db, target=before) == list(range(1, before + 1))
        created = dt.datetime(2026, 5, 6, 7, 8, 9)
        _sql(
            db,
            "INSERT INTO learner (name, name_key, email, password_hash, session_version, "
            "about, created, current_work) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "ana",
                name_key("ana"),
                "ana@example.org",
                "pbkdf2:x",
                2,
                "writer",
                created,
                "27-3043",
            ),
        )
        (lid,) = db.execute_sql("SELECT id FROM learner").fetchone()
        for table, column, value in (
            ("declared_skill", "skill_id", "writing"),
            ("goal", "niche_id", "data-analyst"),
        ):
            _sql(
                db,
                f"INSERT INTO {table} (learner_id, {column}, added) VALUES (?, ?, ?)",
                (lid, value, created),
            )
        _sql(
            db,
            "INSERT INTO completion (learner_id, module_id, completed_on, note, recorded) "
            "VALUES (?, ?, ?, ?, ?)",
            (lid, "sql-101", dt.date(2026, 5, 1), "kept", created),
        )
        _sql(
            db,
            "INSERT INTO api_token (learner_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
            (lid, "cli", "e" * 64, created),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()
    with ProgressStore(database_url, demo_catalogue()) as store:
        assert store.upgrade() == list(range(before + 1, LATEST_VERSION + 1))
        state = store.state("ana")
        assert (state.email, state.about, state.now) == ("ana@example.org", "writer", "27-3043")
        assert (state.skills, state.goals) == (("writing",), ("data-analyst",))
        assert [(c.module, c.note) for c in state.completions] == [("sql-101", "kept")]
        assert store.db.execute_sql("SELECT COUNT(*) FROM api_token").fetchone()[0] == 1
        assert store.plan_preference("ana") is None
        chosen = {"minimize": "value", "rate": 40.0, "max_cost": 300.0}
        assert store.set_plan_preference("ana", chosen) is True
        assert store.set_plan_preference("ana", chosen) is False  # unchanged
        assert store.plan_preference("ana") == chosen
        assert "plan_preference" not in json.dumps(store.export_learner("ana"))  # not exported
        store.remove_learner("ana")
        assert store.list_learners() == []


@pytest.mark.parametrize(
    "preference",
    [
        {"minimize": "speed"},
        {"minimize": "value", "rate": -1},
        {"rate": float("nan")},
        {"max_cost": "lots"},
        {"colour": "blue"},
        ["value"],
    ],
)
def test_a_plan_preference_of_the_wrong_shape_is_refused(database_url, preference):
    from learnpath.store import InvalidLearnerDataError

    with ProgressStore(database_url) as store:
        store.add_learner("ana")
        with pytest.raises(InvalidLearnerDataError, match="plan preference"):
            store.set_plan_preference("ana", preference)
        assert store.plan_preference("ana") is None


def _commitment(**changes):
    from learnpath.store import CommitmentRecord, CommittedModule

    fields = {
        "hours_per_week": 6.0,
        "days": (0, 2, 5),
        "time": "19:00",
        "start": dt.date(2026, 9, 7),
        "fingerprint": "ab" * 32,
        "targets": ("data-analyst",),
        "modules": (
            CommittedModule(
                "sql-101",
                "SQL",
                10.0,
                0.0,
                ("sql",),
                ("data-analyst",),
                dt.date(2026, 9, 7),
                dt.date(2026, 9, 16),
            ),
            CommittedModule(
                "analytics-201",
                "Analytics",
                8.0,
                25.5,
                ("analytics",),
                ("data-analyst",),
                dt.date(2026, 9, 19),
                dt.date(2026, 9, 26),
            ),
        ),
        "created": dt.datetime(2026, 9, 6, 10, 0, 0),
    }
    fields.update(changes)
    return CommitmentRecord(**fields)


def test_adding_commitments_keeps_every_row(database_url):
    """The migration that adds commitments and actual hours keeps learners, tokens,
    goals, completions and prior learning; existing completions read as "as estimated"."""
    before = _version_of("commitment, commitment_module, completion.actual_hours") - 1
    db = open_database(database_url)
    with db.connection_context():
        assert upgrade(db, target=before) == list(range(1, before + 1))
        created = dt.datetime(2026, 3, 4, 5, 6, 7)
        _sql(
            db,
            "INSERT INTO learner (name, name_key, password_hash, session_version, created, "
            "current_work) VALUES (?, ?, ?, ?, ?, ?)",
            ("ana", name_key("ana"), "pbkdf2:secret", 2, created, "27-3043"),
        )
        (lid,) = db.execute_sql("SELECT id FROM learner").fetchone()
        for sql, params in [
            ("INSERT INTO goal (learner_id, niche_id, added) VALUES (?, ?, ?)", ("data-analyst",)),
            (
                "INSERT INTO prior_learning (learner_id, module_id, recorded) VALUES (?, ?, ?)",
                ("seo-101",),
            ),
            (
                "INSERT INTO api_token (learner_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
                ("cli", "e" * 64),
            ),
        ]:
            _sql(db, sql, (lid, *params, created))
        _sql(
            db,
            "INSERT INTO completion (learner_id, module_id, completed_on, note, recorded) "
            "VALUES (?, ?, ?, ?, ?)",
            (lid, "sql-101", dt.date(2026, 2, 3), "kept", created),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()
    with ProgressStore(database_url, demo_catalogue()) as store:
        assert store.upgrade() == list(range(before + 1, LATEST_VERSION + 1))
        state = store.state("ana")
        assert (state.goals, state.prior_learning, state.now) == (
            ("data-analyst",),
            ("seo-101",),
            "27-3043",
        )
        [c] = state.completions
        assert (c.module, c.on, c.note, c.hours) == ("sql-101", dt.date(2026, 2, 3), "kept", None)
        assert state.commitment is None
        assert store.db.execute_sql("SELECT COUNT(*) FROM api_token").fetchone()[0] == 1
        # the new tables work, and go with the learner
        store.set_commitment("ana", _commitment())
        assert store.commitment("ana") == _commitment()
        store.mark_done("ana", ["analytics-201"], hours=11.5)
        assert store.state("ana").completions[-1].hours == 11.5
        store.remove_learner("ana")
        for table in ("commitment", "commitment_module", "completion"):
            assert store.db.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
