"""Learner names: look-alikes are one name, hostile characters are refused, and schema
version 5 folds existing names without merging anyone."""

from __future__ import annotations

import pytest
from store_support import demo_catalogue

from learnpath.store import InvalidLearnerDataError, LearnerExistsError, ProgressStore
from learnpath.store.accounts import AccountStore
from learnpath.store.database import open_database
from learnpath.store.migrations import LATEST_VERSION, upgrade
from learnpath.store.names import check_name, name_key

LOOK_ALIKES = ["Alice", "ALICE", "\uff41lice", "alice ", "ali\u200bce", "\u0430lice"]


@pytest.mark.parametrize(
    "name",
    [
        "ali\u200bce",  # zero-width space
        "ali\u200dce",  # zero-width joiner
        "al\u00adice",  # soft hyphen
        "a\u0085b",  # C1 control (NEL)
        "a\u009bb",  # C1 control (CSI)
        "a\x1bb",
        "a\u202eb",  # right-to-left override
        "a\ufe0fb",  # variation selector
        "a\u3164b",  # Hangul filler
        "a\u00a0b",  # no-break space
        "\u0430lice",  # Cyrillic a among Latin letters
        "p\u0430ypal",
        "\u03bflga",  # Greek omicron among Latin letters
        "a,b",
        " ana",
        "x" * 101,
    ],
)
def test_hostile_names_are_refused_with_the_reason(name):
    with pytest.raises(InvalidLearnerDataError, match="invalid learner name"):
        check_name(name)


ONE_SCRIPT = ["maya-writer", "Ирина", "José", "山田たろう", "Zoë O'Neil", "김민준"]


@pytest.mark.parametrize("name", ONE_SCRIPT)
def test_names_of_one_script_are_fine(name):
    assert check_name(name) == name


def test_look_alike_names_are_one_account(database_url):
    with ProgressStore(database_url, demo_catalogue()) as store:
        accounts = AccountStore(store)
        accounts.create("alice", "scrypt:x")
        for name in ["Alice", "ALICE", "\uff41lice", "ALIce"]:
            with pytest.raises(LearnerExistsError, match="already exists as `alice`"):
                accounts.create(name, "scrypt:y")
            with pytest.raises(LearnerExistsError):
                store.add_learner(name)
        for name in LOOK_ALIKES[4:]:  # invisible or mixed: refused outright
            with pytest.raises(InvalidLearnerDataError):
                accounts.create(name, "scrypt:y")
        # the display name is what was typed; any folding of it finds the account
        assert [s.name for s in store.list_learners()] == ["alice"]
        assert accounts.get("ＡＬＩＣＥ").name == "alice"
        assert store.find_name("ALICE") == "alice" and store.find_name("bob") is None


def test_version_5_folds_existing_names_and_merges_nobody(database_url):
    db = open_database(database_url)
    with db.connection_context():
        upgrade(db, target=4)
        param = db.param
        for name in ("alice", "Alice", "\uff41lice", "bo", "BO"):
            db.execute_sql(
                f"INSERT INTO learner (name, created, session_version) "
                f"VALUES ({param}, '2026-01-01 00:00:00', 0)",
                (name,),
            )
        (lid,) = db.execute_sql("SELECT id FROM learner WHERE name = 'Alice'").fetchone()
        db.execute_sql(
            f"INSERT INTO declared_skill (learner_id, skill_id, added) "
            f"VALUES ({param}, 'sql', '2026-01-01 00:00:00')",
            (lid,),
        )
        db.execute_sql(
            f"INSERT INTO api_token (learner_id, name, token_hash, created) "
            f"VALUES ({param}, 'cli', 'ab', '2026-01-01 00:00:00')",
            (lid,),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()

    with ProgressStore(database_url, demo_catalogue()) as store:
        assert store.upgrade() == list(range(5, LATEST_VERSION + 1))
        names = [s.name for s in store.list_learners()]
        assert sorted(names) == sorted(["alice", "Alice", "\uff41lice", "bo", "BO"])
        assert store.look_alikes() == [["alice", "Alice", "\uff41lice"], ["bo", "BO"]]
        assert store.state("Alice").skills == ("sql",)  # each keeps their own data
        keys = dict(store.db.execute_sql("SELECT name, name_key FROM learner").fetchall())
        assert keys["alice"] == "alice" and keys["Alice"] is None and keys["bo"] == "bo"
        # and no new look-alike gets in
        with pytest.raises(LearnerExistsError):
            store.add_learner("ALICE")
        (expires,) = store.db.execute_sql("SELECT expires FROM api_token").fetchone()
        assert expires is None
        assert store.db.execute_sql("SELECT COUNT(*) FROM throttle").fetchone()[0] == 0


def test_name_keys_fold_width_case_and_spacing():
    assert name_key("Ｍaya  Writer") == name_key("maya writer") == "maya writer"
    assert name_key("Straße") == name_key("STRASSE")


def test_db_upgrade_lists_look_alike_names(tmp_path):
    from click.testing import CliRunner

    from learnpath.cli import main

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    with db.connection_context():
        upgrade(db, target=4)
        for name in ("maya", "Maya", "bo"):
            db.execute_sql(
                "INSERT INTO learner (name, created, session_version) "
                "VALUES (?, '2026-01-01 00:00:00', 0)",
                (name,),
            )
    db.close()
    result = CliRunner().invoke(main, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "maya, Maya" in result.stderr and "separate accounts" in result.stderr
    assert "applied 5" in result.stderr
    with ProgressStore(url) as store:
        assert sorted(s.name for s in store.list_learners()) == ["Maya", "bo", "maya"]
