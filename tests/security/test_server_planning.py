"""Planning cost stays bounded on a real ``learnpath serve`` over the bundled catalogue:
a time budget per plan, a planning budget per address, the goal limit under 40 parallel
additions (SQLite and PostgreSQL), and imports bounded in goals, skills and unknown ids.
"""

from __future__ import annotations

import random
import threading

import pytest
from serving import Client, Server, create_learners

from learnpath.catalogue.loader import load_catalogue
from learnpath.config import bundled_curricula
from learnpath.learner import MAX_GOALS

BUNDLED = bundled_curricula()
ENV = {
    "LEARNPATH_PLAN_SECONDS": "0.3",
    "LEARNPATH_PLAN_BUDGET_SECONDS": "1.5",
    "LEARNPATH_PLAN_BUDGET_RATE": "0.01",
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue([BUNDLED])


@pytest.fixture
def server(database_url, tmp_path):
    create_learners(database_url, BUNDLED, ["ana"])
    srv = Server(tmp_path, database_url, BUNDLED, env=ENV)
    yield srv
    srv.stop()


def _path(niches, have) -> str:
    query = "&".join(f"target={n}" for n in niches)
    return f"/api/v1/path?{query}&have={','.join(have)}"


def test_anonymous_plans_are_bounded_in_time_and_per_address(server, catalogue, database_backend):
    if database_backend != "sqlite":
        pytest.skip("planning does not touch the database: once is enough")
    rng = random.Random(18)
    niches, skills = sorted(catalogue.niches), sorted(catalogue.skills)
    client = Client(server.url, source="127.0.0.31", timeout=60)
    # 20 targets: the plan within the time budget, with what each target adds (read off
    # the plan: its modules serving no other target, so they add up to at most the plan)
    status, body = client.request("GET", _path(rng.sample(niches, 20), rng.sample(skills, 10)))
    assert status == 200 and body["modules"], body
    shares = body["per_target"]
    assert len(shares) == 20 and all(t["extra_hours"] >= 0 for t in shares), shares
    assert sum(t["extra_hours"] for t in shares) <= body["total_hours"] + 1e-6
    # random `have`s defeat the cache: the address's planning budget runs out (however
    # fast the plans are: each costs its time, so at most a few hundred fit in 1.5 s)
    answers = []
    for _ in range(400):
        status, _ = client.request("GET", _path(rng.sample(niches, 20), rng.sample(skills, 10)))
        answers.append(status)
        if status == 429:
            break
    assert answers[-1] == 429 and set(answers[:-1]) == {200}, answers
    assert int(client.headers["Retry-After"]) >= 1
    # matching a posting draws on the same allowance
    assert client.request("POST", "/api/v1/match", {"text": "An SEO writer."})[0] == 429
    # another address plans as before, and answers already made cost nothing
    other = Client(server.url, source="127.0.0.32", timeout=60)
    assert other.request("GET", _path(niches[:1], skills[:3]))[0] == 200
    assert client.request("GET", _path(niches[:1], skills[:3]))[0] == 200
    assert client.request("GET", "/health")[0] == 200


def test_forty_parallel_goal_additions_store_the_limit(server, catalogue):
    niches = sorted(catalogue.niches)[:40]
    token = Client(server.url).log_in("ana")
    statuses: list[int] = []
    barrier = threading.Barrier(len(niches))

    def add(niche):
        client = Client(server.url, timeout=60)
        client.token = token
        barrier.wait(timeout=30)
        statuses.append(client.request("POST", "/api/v1/me/goals", {"niche": niche})[0])

    threads = [threading.Thread(target=add, args=(n,)) for n in niches]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    client = Client(server.url)
    client.token = token
    status, goals = client.request("GET", "/api/v1/me/goals")
    assert status == 200 and len(goals) == MAX_GOALS
    assert statuses.count(201) == MAX_GOALS and statuses.count(422) == 40 - MAX_GOALS, statuses


def _export(**parts) -> dict:
    return {
        "format": "learnpath-learner",
        "version": 1,
        "learner": {"name": "ana"},
        "skills": parts.get("skills", []),
        "goals": parts.get("goals", []),
        "completions": parts.get("completions", []),
    }


def test_imports_cannot_pass_the_limits(server, catalogue, database_backend):
    if database_backend != "sqlite":
        pytest.skip("the limits are checked before the database: once is enough")
    client = Client(server.url, timeout=60)
    client.log_in("ana")
    niches = sorted(catalogue.niches)
    for body in (
        _export(goals=niches[:52]),  # more goals than a learner may have
        _export(skills=[f"unknown-{i}" for i in range(20_000)]),
        _export(goals=[f"nowhere-{i}" for i in range(5_000)]),
        _export(skills=[f"unknown-{i}" for i in range(150)]),  # few, but none known
    ):
        status, answer = client.request("POST", "/api/v1/me/import", body)
        assert status == 422, (status, answer)
        assert answer["error"]["message"]
    status, me = client.request("GET", "/api/v1/me")
    assert status == 200 and me["goals"] == 0 and me["skills"] == 0
    # within the limits it imports, and the plan of 20 goals is made
    status, _ = client.request("POST", "/api/v1/me/import", _export(goals=niches[:MAX_GOALS]))
    assert status == 200
    status, plan = client.request("GET", "/api/v1/me/plan")
    assert status == 200 and len(plan["targets"]) == MAX_GOALS
