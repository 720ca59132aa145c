"""Accounts: registration, sessions that really end, passwords, tokens, my data."""

from __future__ import annotations

import io
import json

from web_support import PASSWORD, SEEDS, api_token, bearer, login, register, submit

from learnpath.web import create_app


def text(response) -> str:
    return response.get_data(as_text=True)


def test_registering_logs_in_and_keeps_the_skills_picked_before(client, store):
    submit(client, "/", "/skills", {"skill": ["sql", "written-english"]})
    response = register(client, "ana")
    assert response.status_code == 302
    assert "Welcome, ana!" in text(client.get("/"))
    assert [s.id for s in store.list_skills("ana")] == ["sql", "written-english"]
    html = text(client.get("/plan"))
    assert "You have no goal yet" in html
    row = store.db.execute_sql("SELECT password_hash FROM learner WHERE name = 'ana'").fetchone()
    assert row[0].startswith("scrypt:") and PASSWORD not in row[0]


def test_registration_explains_what_is_wrong(client):
    register(client, "ana")
    client.post("/logout")  # no token: refused, the session stays
    other = client.application.test_client()
    response = register(other, "ana")
    assert response.status_code == 422 and "This name is taken" in text(response)
    response = submit(
        other, "/register", "/register", {"name": "bo", "password": "short", "confirm": "short"}
    )
    assert response.status_code == 422 and "at least 8" in text(response)
    response = submit(
        other,
        "/register",
        "/register",
        {"name": "bo", "password": PASSWORD, "confirm": PASSWORD + "!"},
    )
    assert "The passwords differ." in text(response)
    assert 'aria-invalid="true"' in text(response)


def test_registration_can_be_closed(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
            "CURRICULA": [str(SEEDS.parent / "curricula")],
            "INSTANCE_PATH": str(tmp_path),
            "OPEN_REGISTRATION": False,
        }
    )
    client = app.test_client()
    assert client.get("/register").status_code == 404
    assert "Register" not in text(client.get("/login"))
    app.extensions["learnpath"].store.close()


def test_a_wrong_password_and_an_unknown_name_look_the_same(client):
    register(client, "ana")
    other = client.application.test_client()
    wrong = login(other, "ana", "not the password")
    unknown = login(other, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong learner name or password." in text(wrong)
    assert text(wrong).replace("ana", "nobody").count("Wrong") == text(unknown).count("Wrong")
    assert login(other, "ana").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(client):
    register(client, "ana")
    other = client.application.test_client()
    response = login(other, "ana", next_="/plan")
    assert response.headers["Location"] == "/plan"
    third = client.application.test_client()
    response = login(third, "ana", next_="//evil.example/phish")
    assert response.headers["Location"] == "/niches"


def test_logout_ends_every_session_of_the_learner(client):
    register(client, "ana")
    laptop = client.application.test_client()
    login(laptop, "ana")
    assert laptop.get("/plan").status_code == 200
    response = submit(client, "/", "/logout")
    assert response.status_code == 302
    assert client.get("/plan").status_code == 302
    assert laptop.get("/plan").status_code == 302  # the other browser is logged out too
    assert "Log in" in text(client.get("/"))


def test_a_copied_session_cookie_stops_working_after_logout(client):
    register(client, "ana")
    cookie = client.get_cookie("learnpath_session").value
    submit(client, "/", "/logout")
    thief = client.application.test_client()
    thief.set_cookie("learnpath_session", cookie)
    assert thief.get("/plan").status_code == 302


def test_changing_the_password_ends_other_sessions_and_tokens(client):
    register(client, "ana")
    token = api_token(client, "ana")
    laptop = client.application.test_client()
    login(laptop, "ana")
    new = "a brand new passphrase"
    response = submit(
        client,
        "/account",
        "/account/password",
        {"current": PASSWORD, "new": new, "confirm": new},
    )
    assert response.status_code == 302
    assert "Password changed" in text(client.get("/account"))
    assert client.get("/plan").status_code == 200  # this session goes on
    assert laptop.get("/plan").status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert login(laptop, "ana", PASSWORD).status_code == 401
    assert login(laptop, "ana", new).status_code == 302


def test_a_wrong_current_password_changes_nothing(client):
    register(client, "ana")
    response = submit(
        client,
        "/account",
        "/account/password",
        {"current": "guess", "new": "another passphrase", "confirm": "another passphrase"},
    )
    assert response.status_code == 401 and "not your current password" in text(response)
    assert login(client.application.test_client(), "ana").status_code == 302


def test_api_tokens_are_created_shown_once_listed_and_revoked(client):
    register(client, "ana")
    response = submit(client, "/account", "/account/tokens", {"label": "my script"})
    assert response.status_code == 201
    html = text(response)
    token = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert token.startswith("lp_")
    assert client.get("/api/v1/me", headers=bearer(token)).get_json()["name"] == "ana"
    listing = text(client.get("/account"))
    assert "my script" in listing and token not in listing  # never shown again
    token_id = listing.split('action="/account/tokens/')[1].split("/")[0]
    response = submit(client, "/account", f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 302 and "Token revoked." in text(client.get("/account"))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_nobody_can_revoke_someone_elses_token(client):
    register(client, "ana")
    submit(client, "/account", "/account/tokens", {"label": "ana's"})
    token_id = text(client.get("/account")).split('action="/account/tokens/')[1].split("/")[0]
    bo = client.application.test_client()
    register(bo, "bo")
    assert submit(bo, "/account", f"/account/tokens/{token_id}/revoke").status_code == 404
    assert "ana&#39;s" in text(client.get("/account"))


def test_my_data_exports_and_imports(client, store):
    register(client, "ana")
    store.add_skills("ana", ["sql"])
    store.add_goals("ana", ["data-analyst"])
    store.mark_done("ana", ["analysis-201"])
    response = client.get("/account/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    exported = json.loads(response.data)
    assert exported["learner"]["name"] == "ana" and exported["skills"] == ["sql"]
    assert "password" not in response.get_data(as_text=True)

    exported["skills"] = ["written-english"]
    exported["learner"]["name"] = "someone-else"  # imported as me, whoever it came from
    page = text(client.get("/account"))
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/account/import",
        data={"csrf_token": token, "file": (io.BytesIO(json.dumps(exported).encode()), "me.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert [s.id for s in store.list_skills("ana")] == ["written-english"]
    assert store.get_learner("ana").completions == 1
    assert [s.name for s in store.list_learners()] == ["ana"]


def test_importing_a_file_that_is_not_an_export_is_explained(client):
    register(client, "ana")
    page = text(client.get("/account"))
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    for payload, status in [(b"\xff\xfe not json", 400), (b'{"format": "x"}', 422)]:
        response = client.post(
            "/account/import",
            data={"csrf_token": token, "file": (io.BytesIO(payload), "x.json")},
            content_type="multipart/form-data",
        )
        assert response.status_code == status
        assert 'class="error"' in text(response)


def test_deleting_my_account_removes_only_my_data(client, store):
    register(client, "ana")
    store.mark_done("ana", ["sql-101"])
    bo = client.application.test_client()
    register(bo, "bo")
    store.mark_done("bo", ["sql-101"])
    response = submit(client, "/account", "/account/delete", {"confirm_name": "bo"})
    assert response.status_code == 422 and "not your learner name" in text(response)
    response = submit(
        client, "/account", "/account/delete", {"confirm_name": "ana", "password": "nope"}
    )
    assert response.status_code == 422 and "Wrong password." in text(response)
    response = submit(
        client, "/account", "/account/delete", {"confirm_name": "ana", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "all your progress are deleted" in text(client.get("/"))
    assert [s.name for s in store.list_learners()] == ["bo"]
    assert store.get_learner("bo").completions == 1
    assert client.get("/plan").status_code == 302
    assert login(client, "ana").status_code == 401


def test_session_cookie_flags(client, tmp_path):
    response = register(client, "ana")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}",
            "CURRICULA": [str(SEEDS.parent / "curricula")],
            "INSTANCE_PATH": str(tmp_path / "i"),
            "SECURE_COOKIES": True,
        }
    )
    response = app.test_client().get("/", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["learnpath"].store.close()


def test_the_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("LEARNPATH_SECRET_KEY", raising=False)
    settings = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}",
        "CURRICULA": [str(SEEDS.parent / "curricula")],
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    first = create_app(settings)
    second = create_app(settings)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 32
    with first.app_context():  # and real deployments hash at werkzeug's full scrypt cost
        from learnpath.web.auth import hash_password

        assert hash_password("a passphrase").startswith("scrypt:32768:8:1$")
    monkeypatch.setenv("LEARNPATH_SECRET_KEY", "k" * 40)
    assert create_app(settings).secret_key == "k" * 40
    for app in (first, second):
        app.extensions["learnpath"].store.close()


def test_demo_learners_log_in_with_one_click(client, store):
    store.seed(SEEDS)
    html = text(client.get("/"))
    assert "Log in as demo-dana" in html
    response = submit(client, "/", "/demo/demo-dana")
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan")
    html = text(client.get("/plan"))
    assert "AI-assisted content strategist" in html and "SEO basics" in html
    # a learner with a password is never a one-click demo
    assert submit(client, "/", "/demo/ana").status_code == 404


def test_demo_login_can_be_turned_off(app, store):
    store.seed(SEEDS)
    app.config["DEMO_LOGIN"] = False
    client = app.test_client()
    assert "Log in as demo-dana" not in text(client.get("/"))
    assert submit(client, "/", "/demo/demo-dana").status_code == 404


def test_the_account_page_needs_a_login(client):
    for url in ["/account", "/account/export.json"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_repeated_failed_logins_are_throttled_with_retry_after(client):
    register(client, "ana")
    register(client.application.test_client(), "bo")
    guesser = client.application.test_client()
    for _ in range(10):
        assert login(guesser, "ana", "guess").status_code == 401
    response = login(guesser, "ana")  # even the right password waits now
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed log-ins" in text(response)
    api = client.post("/api/v1/tokens", json={"name": "ana", "password": PASSWORD})
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in api.headers
    # another learner is not locked out by guesses at ana's account
    assert login(client.application.test_client(), "bo").status_code == 302


def test_a_successful_login_clears_the_failures(client):
    register(client, "ana")
    other = client.application.test_client()
    for _ in range(9):
        login(other, "ana", "guess")
    assert login(other, "ana").status_code == 302
    third = client.application.test_client()
    for _ in range(9):
        assert login(third, "ana", "guess").status_code == 401
