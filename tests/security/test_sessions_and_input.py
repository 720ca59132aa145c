"""Sessions and tokens that really end, secrets stored hashed, throttles, no enumeration,
and hostile request bodies answered with readable 4xx.

Already covered elsewhere (not repeated here): password change ending other sessions
and tokens, a copied cookie dying at logout, throttling per name, the page's CSRF
refusal, 413 on one page and one API route (``tests/web/test_auth.py``,
``tests/web/test_api.py``, ``tests/web/test_pages.py``).
"""

from __future__ import annotations

import pytest
from test_access_matrix import MATRIX
from web_support import PASSWORD, api_token, bearer, login, make_app, register, submit

from learnpath.store.accounts import hash_token


def text(response) -> str:
    return response.get_data(as_text=True)


def _tokens(client, name: str, n: int = 2) -> list[str]:
    return [api_token(client, name) for _ in range(n)]


# ---------------------------------------------------------------------- ending sessions


def test_logout_ends_every_session_and_every_api_token(client, store):
    register(client, "ana")
    laptop = client.application.test_client()
    login(laptop, "ana")
    tokens = _tokens(client, "ana")
    register(client.application.test_client(), "bo")
    bo_token = api_token(client, "bo")
    assert all(client.get("/api/v1/me", headers=bearer(t)).status_code == 200 for t in tokens)
    assert submit(client, "/", "/logout").status_code == 302
    assert client.get("/plan").status_code == 302
    assert laptop.get("/plan").status_code == 302  # the other browser too
    for t in tokens:  # and every script
        assert client.get("/api/v1/me", headers=bearer(t)).status_code == 401
    rows = store.db.execute_sql(
        "SELECT count(*) FROM api_token t JOIN learner l ON l.id = t.learner_id WHERE l.name='ana'"
    ).fetchone()[0]
    assert rows == 0
    # nobody else's
    assert client.get("/api/v1/me", headers=bearer(bo_token)).get_json()["name"] == "bo"


def test_deleting_the_account_ends_every_session_and_every_token(client, store):
    register(client, "ana")
    laptop = client.application.test_client()
    login(laptop, "ana")
    tokens = _tokens(client, "ana")
    cookie = laptop.get_cookie("learnpath_session").value
    response = submit(
        client, "/account", "/account/delete", {"confirm_name": "ana", "password": PASSWORD}
    )
    assert response.status_code == 302
    for browser in (client, laptop):
        assert browser.get("/plan").status_code == 302
    for t in tokens:
        assert client.get("/api/v1/me", headers=bearer(t)).status_code == 401
    # re-registering the name does not revive the old session cookie
    register(client.application.test_client(), "ana")
    thief = client.application.test_client()
    thief.set_cookie("learnpath_session", cookie)
    assert thief.get("/plan").status_code == 302
    assert store.db.execute_sql("SELECT count(*) FROM api_token").fetchone()[0] == 0


def test_tokens_and_passwords_are_stored_only_hashed(client, store):
    register(client, "ana")
    tokens = _tokens(client, "ana", 3)
    submit(client, "/account", "/account/tokens", {"label": "page token"})
    dump = "\n".join(store.db.connection().iterdump())
    for t in tokens:
        assert t not in dump and t[3:] not in dump  # not even without its prefix
        assert hash_token(t) in dump
    assert PASSWORD not in dump
    assert dump.count("scrypt:") == 1


# ---------------------------------------------------------------------- throttles, enumeration


def test_failures_from_one_address_are_throttled_across_names(tmp_path):
    app = make_app(tmp_path, LOGIN_FAILURES_PER_ADDRESS=5)
    try:
        register(app.test_client(), "ana")
        guesser = app.test_client()
        for i in range(5):  # a different name each time: the per-name limit never trips
            assert login(guesser, f"name{i}", "guess").status_code == 401
        response = login(guesser, "ana")
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        api = guesser.post("/api/v1/tokens", json={"name": "ana", "password": PASSWORD})
        assert api.status_code == 429 and int(api.headers["Retry-After"]) > 0
        # the same learner from another address is not locked out
        elsewhere = app.test_client()
        elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
        assert login(elsewhere, "ana").status_code == 302
    finally:
        app.extensions["learnpath"].store.close()


def test_unknown_names_and_wrong_passwords_get_the_same_api_answer(client):
    register(client, "ana")
    wrong = client.post("/api/v1/tokens", json={"name": "ana", "password": "guess"})
    unknown = client.post("/api/v1/tokens", json={"name": "nobody", "password": "guess"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    # and on the page, the whole answer is the same once the typed name is set aside
    pages = [login(client.application.test_client(), n, "guess") for n in ("ana", "zed")]
    bodies = [text(r).replace(n, "NAME") for r, n in zip(pages, ("ana", "zed"), strict=True)]
    strip = [b.split('name="csrf_token"')[0] + b.split('name="csrf_token"')[1][90:] for b in bodies]
    assert pages[0].status_code == pages[1].status_code == 401
    assert len(strip[0]) == len(strip[1])


def test_probing_names_through_registration_is_throttled(tmp_path):
    """Open registration has to say a name is taken (the visitor must choose another);
    so each taken name counts against the address, like a failed log-in."""
    app = make_app(tmp_path, LOGIN_FAILURES_PER_ADDRESS=4)
    try:
        register(app.test_client(), "ana")
        prober = app.test_client()
        for _ in range(4):
            response = register(prober, "ana")
            assert response.status_code == 422 and "This name is taken" in text(response)
        response = register(prober, "someone-new")
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        assert app.extensions["learnpath"].accounts.get("someone-new") is None
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = "192.0.2.9"
        assert register(other, "someone-new").status_code == 302
    finally:
        app.extensions["learnpath"].store.close()


# ---------------------------------------------------------------------- hostile bodies

API_WRITES = [r for r in MATRIX if r.rule.startswith("/api/") and r.method in ("POST", "PUT")]


@pytest.fixture
def ana_token(client):
    register(client.application.test_client(), "ana")
    return bearer(api_token(client, "ana"))


def _error(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["message"].strip(), body
    return body["error"]


@pytest.mark.parametrize("row", API_WRITES, ids=lambda r: f"{r.method} {r.rule}")
def test_every_api_write_refuses_hostile_bodies_readably(client, ana_token, row):
    url = row.url
    # larger than the limit: 413, before anything is parsed
    huge = client.open(
        url,
        method=row.method,
        data=b'{"x": "' + b"a" * 1_100_000 + b'"}',
        headers={**ana_token, "Content-Type": "application/json"},
    )
    assert huge.status_code == 413 and _error(huge)["code"] == "too_large"
    # not JSON at all, or cut off half-way
    for raw in (b"{not json", b'{"skills": ["sql"', b"\xff\xfe\x00", b""):
        bad = client.open(
            url,
            method=row.method,
            data=raw,
            headers={**ana_token, "Content-Type": "application/json"},
        )
        assert bad.status_code in (400, 422), (raw, bad.status_code)
        assert _error(bad)["code"] in ("bad_request", "invalid")
    # the right JSON, wrong types everywhere
    for body in ([], "text", 42, None, {"skills": "sql", "niche": [], "module": 7, "name": {}}):
        wrong = client.open(url, method=row.method, json=body, headers=ana_token)
        assert wrong.status_code in (400, 422), (body, wrong.status_code, text(wrong))
        err = _error(wrong)
        assert err["code"] in ("bad_request", "invalid")
        if wrong.status_code == 422:
            assert err["details"].get("fields"), err  # which field, and why


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("PUT", "/api/v1/me/skills", {"skills": ["sqll"]}, 422),
        ("POST", "/api/v1/me/goals", {"niche": "data-analyts"}, 422),
        ("POST", "/api/v1/me/completions", {"module": "sql-1O1"}, 422),
        ("DELETE", "/api/v1/me/goals/data-analyts", None, 404),
        ("DELETE", "/api/v1/me/completions/sql-1O1", None, 404),
        ("GET", "/api/v1/modules/sql-1O1", None, 404),
    ],
)
def test_unknown_ids_are_named_with_suggestions(client, ana_token, method, url, body, status):
    response = client.open(url, method=method, json=body, headers=ana_token)
    assert response.status_code == status
    err = _error(response)
    unknown = err["details"]["unknown"]
    assert list(unknown.values())[0], "a suggestion for the misspelt id"
    assert list(unknown)[0] in err["message"]


def test_page_forms_refuse_hostile_input_readably(client):
    register(client, "ana")
    cases = [
        ("/plan/done", {"module": "nope"}, 422),
        ("/goals", {"niche": "x" * 500}, 422),
        ("/skills", {"skill": ["sql", "\x00"]}, 422),
    ]
    for url, data, status in cases:
        response = submit(client, "/", url, data)
        assert response.status_code == status, (url, response.status_code)
        assert 'class="error' in text(response) or "unknown" in text(response)
    huge = submit(client, "/account", "/account/tokens", {"label": "x" * 1_100_000})
    assert huge.status_code == 413 and "larger than the limit" in text(huge)
