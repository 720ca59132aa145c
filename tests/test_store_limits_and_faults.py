"""Limits hold under concurrency, imports are bounded, faults become errors one can act on,
and the throttle's counts are shared by every store on one database."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from store_support import FILLER_MODULES, demo_catalogue

from learnpath.model import Catalogue, Niche, Skill
from learnpath.store import ProgressStore
from learnpath.store.accounts import AccountStore
from learnpath.store.errors import LimitError
from learnpath.store.faults import StoreBusyError
from learnpath.store.limits import MAX_GOALS, MAX_TOKENS, MAX_UNKNOWN_IDS
from learnpath.store.throttle import Rule, Throttle

NICHES = [f"niche-{i:02d}" for i in range(40)]
CATALOGUE = Catalogue.build([Skill("sql", "SQL")], [], [Niche(n, n, ("sql",), 0.5) for n in NICHES])


def _in_parallel(n: int, work) -> list:
    barrier = threading.Barrier(n)
    out: list = []

    def run(i):
        barrier.wait(timeout=30)
        try:
            out.append(work(i))
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            out.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return out


def test_forty_goals_added_at_once_stop_at_the_limit(database_url):
    with ProgressStore(database_url, CATALOGUE) as store:
        store.add_learner("ana")
        results = _in_parallel(len(NICHES), lambda i: store.add_goals("ana", [NICHES[i]]))
        refused = [r for r in results if isinstance(r, LimitError)]
        assert len(store.list_goals("ana")) == MAX_GOALS
        assert len(refused) == len(NICHES) - MAX_GOALS
        assert all(isinstance(r, dict | LimitError) for r in results), results


def test_tokens_created_at_once_stop_at_the_limit(database_url):
    with ProgressStore(database_url, CATALOGUE) as store:
        accounts = AccountStore(store)
        accounts.create("ana", "scrypt:x")
        for _ in range(MAX_TOKENS - 5):
            accounts.create_token("ana", "t")
        results = _in_parallel(12, lambda i: accounts.create_token("ana", "t"))
        assert len(accounts.list_tokens("ana")) == MAX_TOKENS
        assert sum(isinstance(r, LimitError) for r in results) == 7


def _export(goals, skills=(), modules=()):
    return {
        "format": "learnpath-learner",
        "version": 1,
        "learner": {"name": "ana"},
        "skills": list(skills),
        "goals": list(goals),
        "completions": [{"module": m} for m in modules],
    }


def test_imports_are_bounded(database_url):
    with ProgressStore(database_url, demo_catalogue()) as store:
        with pytest.raises(Exception, match=f"at most {MAX_GOALS} goals"):
            store.import_learner(_export([f"g-{i}" for i in range(52)]))
        with pytest.raises(LimitError, match="ids this catalogue does not have"):
            store.import_learner(_export([], skills=[f"s-{i}" for i in range(MAX_UNKNOWN_IDS + 1)]))
        with pytest.raises(Exception, match="at most 1000 skills"):
            store.import_learner(_export([], skills=[f"s-{i}" for i in range(20_000)]))
        assert store.list_learners() == []
        # a few stale ids are fine (a catalogue that changed since the export)
        store.import_learner(_export(["data-analyst"], skills=["sql", "gone-skill"]))
        assert store.state("ana").skills == ("gone-skill", "sql")


def test_a_held_sqlite_lock_is_busy_after_the_short_timeout_not_30_seconds(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with ProgressStore(url, demo_catalogue()) as store:
        store.add_learner("ana")
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with ProgressStore(url, demo_catalogue(), busy_timeout=0.2, write_slots=2) as store:
            with pytest.raises(StoreBusyError):
                store.mark_done("ana", [FILLER_MODULES[0]])
            # reads go on: WAL readers need no lock
            assert store.state("ana").completions == ()
            assert AccountStore(store).get("ana").name == "ana"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_throttle_counts_are_shared_by_two_stores_on_one_database(database_url):
    rule = Rule("login", free=3, base=60.0, cap=600.0)
    one = ProgressStore(database_url)
    two = ProgressStore(database_url)
    try:
        throttles = [Throttle(one, b"k"), Throttle(two, b"k")]
        allowed = [throttles[i % 2].attempt([(rule, "ana|192.0.2.1")]).allowed for i in range(8)]
        assert allowed == [True, True, True] + [False] * 5  # 3 in all, not 3 per store
        refused = throttles[1].attempt([(rule, "ana|192.0.2.1")])
        assert 55 <= refused.retry_after <= 60
        # another address is not held up, and nothing is stored in clear
        assert throttles[0].attempt([(rule, "ana|192.0.2.9")]).allowed
        keys = [k for (k,) in one.db.execute_sql("SELECT key FROM throttle").fetchall()]
        assert keys and not any("ana" in k or "192" in k for k in keys)
    finally:
        one.close()
        two.close()


def test_throttle_is_exact_under_concurrent_attempts(database_url):
    rule = Rule("login", free=5, base=60.0)
    with ProgressStore(database_url) as store:
        throttle = Throttle(store, b"k")
        results = _in_parallel(16, lambda i: throttle.attempt([(rule, "ana|x")]).allowed)
        assert sum(results) == 5


def test_the_guessing_bound_the_readme_states():
    """README, "Reliability": 22 guesses at a name from one address in the first hour,
    then 4 an hour, with the default rule (10 free, 1 s doubling to 15 minutes)."""
    rule = Rule("login", free=10, base=1.0, cap=900.0, forget=3600.0)
    assert rule.most_per(3600) == 22
    assert 3600 // rule.delay(100) == 4
