"""Abuse of a real ``learnpath serve`` (waitress over 127.0.0.1), each finding of issue 18
sent as the attacker sent it: redirects, download names, guessing, hostile input,
look-alike names, tokens, sign-up floods, idle connections, spoofed proxy headers.

Clients send from their own loopback addresses (127.0.0.2, 127.0.0.3...), so each test
is a different visitor to the throttles. Every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from urllib.parse import quote

import pytest
from serving import PASSWORD, Browser, Client, Server, create_learners, write_catalogue
from store_support import POSTGRES_ENV

#: The shared server's throttles, small enough to trip in a test.
FREE_PER_NAME, FREE_PER_ADDRESS, BASE_DELAY, REGISTRATIONS = 3, 12, 1.5, 3
ENV = {
    "LEARNPATH_LOGIN_FAILURES_PER_NAME": str(FREE_PER_NAME),
    "LEARNPATH_LOGIN_FAILURES_PER_ADDRESS": str(FREE_PER_ADDRESS),
    "LEARNPATH_THROTTLE_BASE_SECONDS": str(BASE_DELAY),
    "LEARNPATH_REGISTRATIONS_PER_ADDRESS": str(REGISTRATIONS),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("abuse")
    curricula = write_catalogue(tmp / "curricula")
    url = f"sqlite:///{tmp / 'abuse.db'}"
    create_learners(url, curricula, ["ana", "bo"])
    server = Server(tmp, url, curricula, env=ENV)
    yield server
    server.stop()


def _token_answer(client: Client, name: str, password: str):
    return client.request("POST", "/api/v1/tokens", {"name": name, "password": password})


# ---------------------------------------------------------------------- 1. open redirect


def test_next_never_leaves_the_site_nor_breaks_the_headers(site):
    browser = Browser(site.url, source="127.0.0.11")
    hostile = [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/\n/evil.example",
        "/plan\r\nSet-Cookie: x=1",
        "https://evil.example/",
        "/\t\t/evil.example",
    ]
    for target in hostile:
        status, headers, _ = browser.submit(
            "/login", "/login", {"name": "ana", "password": PASSWORD, "next": target}
        )
        assert status == 302, (target, status)
        assert headers["Location"] == "/niches", (target, headers["Location"])
        assert not any("x=1" in c for c in headers.get_all("Set-Cookie") or [])
    # an encoded tab is a character of a path of this site, not a way out of it
    status, headers, _ = browser.submit(
        "/login", "/login", {"name": "ana", "password": PASSWORD, "next": "/%09/evil.example"}
    )
    assert headers["Location"] == "/%09/evil.example"
    # a path of the site is kept
    status, headers, _ = browser.submit(
        "/login", "/login", {"name": "ana", "password": PASSWORD, "next": "/plan?x=1#p"}
    )
    assert status == 302 and headers["Location"] == "/plan?x=1#p"


# ---------------------------------------------------------------------- 2. download names


def test_the_privacy_download_of_a_non_latin_name(site):
    browser = Browser(site.url, source="127.0.0.12")
    status, _, _ = browser.register("Ирина")
    assert status == 302
    status, headers, body = browser.get("/account/export.json")
    assert status == 200, body[:300]
    disposition = headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('learnpath-Ирина.json', safe='')}" in disposition
    assert disposition.isascii()  # headers travel as Latin-1: the name is encoded
    assert json.loads(body)["learner"]["name"] == "Ирина"


# ---------------------------------------------------------------------- 3. guessing


def test_guessing_delays_the_guesser_and_never_locks_the_learner_out(site):
    attacker = Client(site.url, source="127.0.0.13")
    answers = [_token_answer(attacker, "bo", "guess")[0] for _ in range(FREE_PER_NAME + 5)]
    # the free guesses are checked, then the guesser waits (refused tries count for nothing)
    assert answers[:FREE_PER_NAME] == [401] * FREE_PER_NAME
    assert set(answers[FREE_PER_NAME:]) == {429}
    first_wait = int(attacker.headers["Retry-After"])
    assert first_wait >= 1
    # case and width do not make a new name for the throttle
    assert _token_answer(attacker, "ＢＯ", "guess")[0] == 429
    # the learner, from an address that has not been failing, logs in at once
    learner = Client(site.url, source="127.0.0.14")
    status, body = _token_answer(learner, "bo", PASSWORD)
    assert status == 201, body
    # the guesser, even with the right password, waits; after the wait, each miss
    # doubles the next wait
    assert _token_answer(attacker, "bo", PASSWORD)[0] == 429
    time.sleep(BASE_DELAY + 0.2)
    assert _token_answer(attacker, "bo", "guess")[0] == 401
    assert _token_answer(attacker, "bo", "guess")[0] == 429
    assert float(attacker.headers["Retry-After"]) >= 2 * BASE_DELAY


def test_two_postgresql_workers_share_one_throttle(tmp_path):
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: the two-worker throttle needs PostgreSQL")
    from store_support import PostgresServer

    pg = PostgresServer(url)
    db_url = pg.database(0)
    curricula = write_catalogue(tmp_path / "curricula")
    create_learners(db_url, curricula, ["ana"])
    servers = [Server(tmp_path, db_url, curricula, env=ENV, name=f"worker{i}") for i in range(2)]
    try:
        attacker = Client([s.url for s in servers], source="127.0.0.15")  # round-robin
        answers = [_token_answer(attacker, "ana", "guess")[0] for _ in range(4 * FREE_PER_NAME)]
        # the free guesses in all, not per worker
        assert answers.count(401) == FREE_PER_NAME, answers
        assert answers[FREE_PER_NAME:] == [429] * (3 * FREE_PER_NAME)
        # a restart forgets nothing: the counts are in the database
        servers[0].stop()
        servers[0].start()
        attacker.close()
        attacker = Client([s.url for s in servers], source="127.0.0.15")
        time.sleep(BASE_DELAY)  # the wait is over: one guess, and the next waits twice as long
        again = [_token_answer(attacker, "ana", "guess")[0] for _ in range(2)]
        assert again == [401, 429], again  # a forgotten count would give two free guesses
        assert int(attacker.headers["Retry-After"]) >= 1
        # and the learner, elsewhere, is let in by either worker
        for s in servers:
            assert _token_answer(Client(s.url, source="127.0.0.16"), "ana", PASSWORD)[0] == 201
    finally:
        for s in servers:
            s.stop()
        pg.drop_all()


# ---------------------------------------------------------------------- 4. hostile input


def _raw(site, method: str, path: str, body: bytes, headers: dict | None = None):
    """Send ``body`` as it is (JSON or not): ``(status, text)``."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", site.port, timeout=30, source_address=("127.0.0.17", 0)
    )
    try:
        head = {"Content-Type": "application/json", "Accept": "application/json"}
        conn.request(method, path, body=body, headers={**head, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


DEEP = b"[" * 20_000 + b"]" * 20_000
DEEP_OBJECT = b'{"a":' * 20_000 + b"1" + b"}" * 20_000
HUGE_INT = b'{"name": "ana", "password": "x", "expires_in_days": ' + b"9" * 5000 + b"}"


def test_hostile_json_and_numbers_get_a_readable_4xx(site):
    token = Client(site.url, source="127.0.0.18")
    token.log_in("ana")
    auth = {"Authorization": f"Bearer {token.token}"}
    routes = [
        ("POST", "/api/v1/tokens", {}),
        ("PUT", "/api/v1/me/skills", auth),
        ("POST", "/api/v1/me/goals", auth),
        ("POST", "/api/v1/me/completions", auth),
        ("POST", "/api/v1/me/import", auth),
    ]
    for method, path, headers in routes:
        for body in (DEEP, DEEP_OBJECT, HUGE_INT, b'{"skills": [1e999]}', b'{"x": NaN}'):
            status, text = _raw(site, method, path, body, headers)
            assert 400 <= status < 500, (path, body[:20], status, text[:200])
            assert json.loads(text)["error"]["message"], text[:200]
    # the import page too
    browser = Browser(site.url, source="127.0.0.19")
    browser.submit("/login", "/login", {"name": "ana", "password": PASSWORD, "next": ""})
    for content in (DEEP, HUGE_INT):
        status, _, html = browser.submit(
            "/account", "/account/import", {}, files={"file": ("x.json", content)}
        )
        assert status == 400 and "not a learnpath JSON export" in html, status
    # a weekly figure too small to divide by, on every schedule
    tiny = "hours_per_week=5e-324"
    for path in (f"/path?target=data-analyst&{tiny}", f"/path.ics?target=data-analyst&{tiny}"):
        status, _, html = browser.get(path)
        assert status == 422, (path, status)
    status, answer = token.request("GET", f"/api/v1/me/schedule.ics?{tiny}")
    assert status in (400, 422), (status, answer)
    # an id out of any integer's range in a URL
    status, _, _ = browser.submit("/account", "/account/tokens/" + "9" * 40 + "/revoke", {})
    assert status == 404
    assert "Traceback" not in site.errors()


# ---------------------------------------------------------------------- 9. look-alike names


def test_look_alike_and_hostile_names_cannot_register(site):
    first = Browser(site.url, source="127.0.0.20")
    assert first.register("alice")[0] == 302
    for i, name in enumerate(
        ["Alice", "\u0430lice", "\uff41lice", "al\u200bice", "ali\u0085ce", "ali\u202ece"]
    ):
        browser = Browser(site.url, source=f"127.0.1.{i + 1}")
        status, _, html = browser.register(name)
        assert status == 422, (name, status)
        assert "taken" in html or "invalid learner name" in html, name
    # logging in with another case of the name finds the one account
    client = Client(site.url, source="127.0.0.21")
    assert _token_answer(client, "ALICE", PASSWORD)[0] == 201


# ---------------------------------------------------------------------- 10. smaller


def test_token_answers_are_not_stored_and_tokens_may_expire(site):
    client = Client(site.url, source="127.0.0.22")
    status, body = client.request(
        "POST", "/api/v1/tokens", {"name": "ana", "password": PASSWORD, "expires_in_days": 7}
    )
    assert status == 201 and "no-store" in client.headers["Cache-Control"]
    assert body["expires"] and body["expires"] > time.strftime("%Y-%m-%d")
    assert (
        client.request(
            "POST", "/api/v1/tokens", {"name": "ana", "password": PASSWORD, "expires_in_days": 0}
        )[0]
        == 422
    )
    browser = Browser(site.url, source="127.0.0.22")
    browser.submit("/login", "/login", {"name": "ana", "password": PASSWORD, "next": ""})
    status, _, html = browser.submit(
        "/account", "/account/tokens", {"label": "cron", "expires_in_days": "30"}
    )
    assert status == 201 and "Expires" in html


def test_registration_is_rate_limited_per_address(site):
    flood = [Browser(site.url, source="127.0.0.23") for _ in range(REGISTRATIONS + 2)]
    answers = [b.register(f"flood-{i}")[0] for i, b in enumerate(flood)]
    assert answers[:REGISTRATIONS] == [302] * REGISTRATIONS
    assert answers[REGISTRATIONS] == 429
    # someone else signs up at once
    assert Browser(site.url, source="127.0.0.24").register("newcomer")[0] == 302


def test_idle_connections_do_not_lock_other_clients_out(site):
    idle = []
    try:
        for _ in range(150):  # past waitress's own default limit of 100
            sock = socket.create_connection(("127.0.0.1", site.port), timeout=5)
            idle.append(sock)
        status, body = Client(site.url, timeout=10).request("GET", "/health")
        assert status == 200 and body["status"] in ("ok", "degraded")
    finally:
        for sock in idle:
            sock.close()


def test_forwarded_for_is_believed_only_from_the_proxy(tmp_path):
    curricula = write_catalogue(tmp_path / "curricula")
    url = f"sqlite:///{tmp_path / 'proxy.db'}"
    create_learners(url, curricula, ["ana"])
    server = Server(tmp_path, url, curricula, env={**ENV, "LEARNPATH_BEHIND_PROXY": "1"})
    try:
        # a client reaching the worker directly claims a new address at every guess
        direct = Client(server.url, source="127.0.0.25")
        answers = []
        for i in range(FREE_PER_NAME + 2):
            spoof = {"X-Forwarded-For": f"198.51.100.{i}"}
            answers.append(
                direct.request("POST", "/api/v1/tokens", {"name": "ana", "password": "x"}, spoof)[0]
            )
        assert answers[FREE_PER_NAME:] == [429, 429], answers  # counted as 127.0.0.25
        # the proxy's own header is believed: that client is someone else
        proxy = Client(server.url)
        forwarded = {"X-Forwarded-For": "198.51.100.200"}
        status, _ = proxy.request(
            "POST", "/api/v1/tokens", {"name": "ana", "password": PASSWORD}, forwarded
        )
        assert status == 201
    finally:
        server.stop()


def test_many_threads_of_guesses_check_no_more_than_the_free_ones(site):
    results = []
    barrier = threading.Barrier(8)

    def guess():
        client = Client(site.url, source="127.0.0.26")
        barrier.wait(timeout=20)
        results.append(_token_answer(client, "ana", "guess")[0])

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results.count(401) == FREE_PER_NAME and results.count(429) == 8 - FREE_PER_NAME
