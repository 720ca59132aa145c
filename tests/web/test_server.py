"""``learnpath serve``: a real waitress process answering real HTTP on the loopback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from web_support import LiveServer


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def send(url: str, method: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_prints_its_address_and_serves_pages_and_the_api(live_server):
    assert live_server.url.startswith("http://127.0.0.1:")
    status, headers, body = get(live_server.url)
    assert status == 200 and b"Which skills do you have today?" in body
    assert headers["Server"] == "learnpath"  # waitress, not the development server
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    status, headers, body = get(live_server.url + "static/site.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    status, _, body = get(live_server.url + "api/v1/path?have=written-english&target=data-analyst")
    plan = json.loads(body)
    assert status == 200 and plan["total_hours"] == 26 and plan["optimal"] is True


def test_a_script_goes_from_skills_to_progress_through_the_api(live_server):
    base = live_server.url + "api/v1"
    # accounts are made on the site; the API then trades the password for a token
    from learnpath.store import ProgressStore
    from learnpath.store.accounts import AccountStore
    from learnpath.web.auth import hash_password

    with ProgressStore(live_server.db_url) as store:
        AccountStore(store).create("script-user", hash_password("a long password"))
    status, body = send(
        base + "/tokens", "POST", {"name": "script-user", "password": "a long password"}
    )
    assert status == 201
    auth = {"Authorization": "Bearer " + json.loads(body)["token"]}
    assert send(base + "/me/skills", "PUT", {"skills": ["written-english"]}, auth)[0] == 200
    assert send(base + "/me/goals", "POST", {"niche": "data-analyst"}, auth)[0] == 201
    assert send(base + "/me/completions", "POST", {"module": "spreadsheets-101"}, auth)[0] == 201
    _, _, body = get(base + "/me/progress", auth)
    assert json.loads(body) == [
        {"goal": "data-analyst", "hours_done": 4, "hours_left": 22, "percent": 15.4, "ready": False}
    ]
    status, body = send(base + "/me/plan", "GET", None, {"Authorization": "Bearer nope"})
    assert status == 401 and json.loads(body)["error"]["code"] == "unauthorized"


def test_concurrent_requests_are_all_answered(live_server):
    urls = [
        live_server.url + f"api/v1/path?have=written-english&target={t}"
        for t in ["data-analyst", "ai-editor", "ai-content-strategist", "field-researcher"] * 10
    ]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(get, urls))
    assert [r[0] for r in results] == [200] * len(urls)


def test_the_session_key_survives_a_restart(tmp_path):
    first = LiveServer(tmp_path)
    try:
        key = (tmp_path / "instance" / "secret_key").read_text()
    finally:
        first.stop()
    second = LiveServer(tmp_path)
    try:
        assert (tmp_path / "instance" / "secret_key").read_text() == key
        assert get(second.url + "health")[0] == 200
    finally:
        second.stop()


def test_behind_a_proxy_the_forwarded_scheme_and_host_are_used(live_server, tmp_path):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "learn.example.org"}
    # not configured as behind a proxy: the headers are ignored
    _, _, body = get(live_server.url + "api/v1/docs", forwarded)
    assert b"curl 'http://127.0.0.1:" in body and b"learn.example.org" not in body
    proxied = LiveServer(tmp_path, {"LEARNPATH_BEHIND_PROXY": "1", "LEARNPATH_SECURE_COOKIES": "1"})
    try:
        status, headers, body = get(proxied.url + "api/v1/docs", forwarded)
        assert b"curl 'https://learn.example.org/api/v1/path" in body
        _, headers, _ = get(proxied.url, forwarded)
        assert "Secure" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    finally:
        proxied.stop()


def test_serve_explains_a_busy_port_and_an_old_database(tmp_path):
    import socket

    from click.testing import CliRunner
    from web_support import CURRICULA

    from learnpath.cli import main
    from learnpath.store.database import open_database
    from learnpath.store.migrations import upgrade

    args = ["--curricula", str(CURRICULA), "--db", f"sqlite:///{tmp_path / 'a.db'}", "serve"]
    env = {"LEARNPATH_INSTANCE_PATH": str(tmp_path / "instance")}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, [*args, "--port", str(port)], env=env)
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output

    old = open_database(f"sqlite:///{tmp_path / 'old.db'}")
    with old.connection_context():
        upgrade(old, target=1)
    args[3] = f"sqlite:///{tmp_path / 'old.db'}"
    result = CliRunner().invoke(main, [*args, "--port", "0"], env=env)
    assert result.exit_code == 1 and "learnpath db upgrade" in result.output
