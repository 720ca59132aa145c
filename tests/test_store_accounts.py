"""Web accounts in the store: hashed API tokens owned by one learner, session versions."""

from __future__ import annotations

import datetime as dt

import pytest
from store_support import demo_catalogue

from learnpath.store import LATEST_VERSION, ProgressStore, SchemaVersionError, current_version
from learnpath.store.accounts import AccountStore, hash_token
from learnpath.store.database import open_database
from learnpath.store.migrations import upgrade


@pytest.fixture
def accounts(database_url):
    store = ProgressStore(database_url, demo_catalogue())
    yield AccountStore(store)
    store.close()


def test_tokens_are_stored_hashed_and_belong_to_one_learner(accounts):
    accounts.create("ana", "scrypt:ana")
    accounts.create("bo", "scrypt:bo")
    token = accounts.create_token("ana", "laptop")
    assert token.startswith("lp_") and len(token) > 40
    rows = accounts.db.execute_sql("SELECT token_hash FROM api_token").fetchall()
    assert [r[0] for r in rows] == [hash_token(token)]  # the secret itself is nowhere
    assert accounts.learner_for_token(token).name == "ana"
    assert accounts.learner_for_token(token + "x") is None
    assert accounts.learner_for_token("") is None

    [info] = accounts.list_tokens("ana")
    assert info.name == "laptop" and accounts.list_tokens("bo") == []
    assert accounts.revoke_token("bo", info.id) is False  # not bo's token
    assert accounts.learner_for_token(token).name == "ana"
    assert accounts.revoke_token("ana", info.id) is True
    assert accounts.learner_for_token(token) is None


def test_a_password_change_ends_sessions_and_tokens(accounts):
    before = accounts.create("ana", "scrypt:old")
    token = accounts.create_token("ana", "script")
    after = accounts.set_password_hash("ana", "scrypt:new")
    assert after.session_version == before.session_version + 1
    assert after.password_hash == "scrypt:new"
    assert accounts.learner_for_token(token) is None
    assert accounts.end_sessions("ana").session_version == after.session_version + 1


def test_deleting_an_account_leaves_everyone_else(accounts):
    store = accounts.store
    for name in ("ana", "bo"):
        accounts.create(name, f"scrypt:{name}")
        store.add_skills(name, ["writing"])
        store.mark_done(name, ["sql-101"])
    ana_token = accounts.create_token("ana", "a")
    bo_token = accounts.create_token("bo", "b")
    accounts.delete("ana")
    assert accounts.get("ana") is None
    assert accounts.learner_for_token(ana_token) is None
    assert accounts.learner_for_token(bo_token).name == "bo"
    assert [c.module for c in store.list_completions("bo")] == ["sql-101"]
    # and a learner removed by the CLI takes their tokens along (ON DELETE CASCADE)
    store.remove_learner("bo")
    assert accounts.db.execute_sql("SELECT COUNT(*) FROM api_token").fetchone()[0] == 0


def test_a_version_3_database_upgrades_to_api_tokens(database_url):
    db = open_database(database_url)
    with db.connection_context():
        assert upgrade(db, target=3) == [1, 2, 3]
        db.execute_sql(
            "INSERT INTO learner (name, password_hash, session_version, created) "
            f"VALUES ({db.param}, {db.param}, {db.param}, {db.param})",
            ("ana", "scrypt:kept", 2, dt.datetime(2026, 1, 2)),
        )
    db.close_all() if hasattr(db, "close_all") else db.close()

    with ProgressStore(database_url, demo_catalogue()) as store:
        with pytest.raises(SchemaVersionError, match="learnpath db upgrade"):
            store.list_learners()
        assert 4 in store.upgrade()
        assert current_version(store.db) == LATEST_VERSION
        accounts = AccountStore(store)
        account = accounts.get("ana")
        assert (account.password_hash, account.session_version) == ("scrypt:kept", 2)
        token = accounts.create_token("ana", "after upgrade")
        assert accounts.learner_for_token(token).name == "ana"
