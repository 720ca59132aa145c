"""Privacy: deleting an account removes that learner's data and nothing else; the
download gives a learner everything stored about them; the server's logs never hold a
password, a token or a session cookie.

The database side is read table by table from the live schema, so a table or column
added later is covered without touching these tests.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from serving import PASSWORD, Server, write_catalogue
from web_support import CURRICULA, api_token, bearer, csrf_from, register, submit

from learnpath.web import create_app

LEARNERS = ["ana", "bo", "cy", "di"]
#: Secrets and internal bookkeeping: never exported (the rest of a row always is).
SECRET_COLUMNS = {"password_hash", "token_hash"}
INTERNAL_COLUMNS = {"id", "learner_id", "session_version"}


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "CURRICULA": [str(CURRICULA)],
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PASSWORD_METHOD": "scrypt:1024:8:1",
        }
    )
    yield app
    app.extensions["learnpath"].store.close()


def _populate(app) -> dict:
    """Four learners with skills, goals, completions (with notes) and API tokens."""
    store = app.extensions["learnpath"].store
    browsers = {}
    for i, name in enumerate(LEARNERS):
        browser = app.test_client()
        assert register(browser, name).status_code == 302
        store.add_skills(name, [["sql", "written-english", "seo", "editing"][i]])
        store.add_goals(name, [["data-analyst", "ai-editor", "field-researcher", "ai-editor"][i]])
        store.mark_done(name, ["sql-101"], note=f"private note of {name}")
        store.mark_done(name, [["writing-101", "spreadsheets-101", "seo-basics", "sql-101"][i]])
        store.mark_done(name, ["analysis-201"], hours=7.25 + i)
        submit(browser, "/plan", "/plan/commit", {"hours_per_week": "5", "days": ["mon"]})
        assert store.commitment(name) is not None
        api_token(browser, name)
        submit(browser, "/account", "/account/tokens", {"label": f"{name}'s laptop"})
        browsers[name] = browser
    return browsers


def _tables(db) -> dict[str, list[str]]:
    return {t: [c.name for c in db.get_columns(t)] for t in db.get_tables()}


def _rows(db, table: str, columns: list[str]) -> list[tuple]:
    cols = ", ".join(f'"{c}"' for c in columns)
    return sorted(db.execute_sql(f'SELECT {cols} FROM "{table}"').fetchall(), key=lambda r: repr(r))


def _owned_by(db, table, columns, learner_id) -> tuple[list, list]:
    """(rows of that learner, everyone else's rows) of one table."""
    rows = _rows(db, table, columns)
    key = "learner_id" if "learner_id" in columns else "id" if table == "learner" else None
    if key is None:
        return [], rows
    k = columns.index(key)
    return [r for r in rows if r[k] == learner_id], [r for r in rows if r[k] != learner_id]


def test_deleting_an_account_removes_that_learners_data_and_nothing_else(app):
    browsers = _populate(app)
    db = app.extensions["learnpath"].store.db
    ana_id = app.extensions["learnpath"].accounts.get("ana").id
    with db.connection_context():
        tables = _tables(db)
        before = {t: _owned_by(db, t, cols, ana_id) for t, cols in tables.items()}
    assert sum(len(mine) for mine, _ in before.values()) >= 7  # ana has rows in 5 tables
    response = submit(
        browsers["ana"],
        "/account",
        "/account/delete",
        {"confirm_name": "ana", "password": PASSWORD},
    )
    assert response.status_code == 302
    with db.connection_context():
        assert _tables(db) == tables
        for table, cols in tables.items():
            mine, others = _owned_by(db, table, cols, ana_id)
            assert mine == [], f"{table} still holds ana's rows"
            assert others == before[table][1], f"{table}: someone else's rows changed"
    for name in LEARNERS[1:]:  # everyone else still logged in, with all their data
        assert browsers[name].get("/plan").status_code == 200


def _normal(value) -> str:
    """A stored value as the export writes it (ISO dates and times)."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return re.sub(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$", r"\1T\2", text)


def test_the_download_holds_everything_stored_about_the_learner(app):
    browsers = _populate(app)
    store = app.extensions["learnpath"].store
    store.db.execute_sql(
        "UPDATE learner SET email = 'ana@example.org', about = 'About ana' WHERE name = 'ana'"
    )
    response = browsers["ana"].get("/account/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    download = response.get_data(as_text=True)
    exported = json.loads(download)
    ana_id = app.extensions["learnpath"].accounts.get("ana").id
    db = store.db
    checked = 0
    with db.connection_context():
        for table, cols in _tables(db).items():
            mine, _ = _owned_by(db, table, cols, ana_id)
            for row in mine:
                for col, value in zip(cols, row, strict=True):
                    if value is None or col in INTERNAL_COLUMNS:
                        continue
                    if col in SECRET_COLUMNS:
                        assert str(value) not in download, f"{table}.{col} exported"
                        continue
                    checked += 1
                    assert _normal(value) in download, f"{table}.{col} = {value!r} not exported"
    assert checked >= 15
    for other in LEARNERS[1:]:
        assert f"private note of {other}" not in download and f"{other}'s laptop" not in download
    # and the file imports back as it is (the account section is informative)
    page = browsers["ana"].get("/account").get_data(as_text=True)
    import io

    reimport = browsers["ana"].post(
        "/account/import",
        data={
            "csrf_token": csrf_from(page),
            "file": (io.BytesIO(json.dumps(exported).encode()), "me.json"),
        },
        content_type="multipart/form-data",
    )
    assert reimport.status_code == 302
    assert store.export_learner("ana")["completions"] == exported["completions"]
    # and with the command line, into another database
    from click.testing import CliRunner

    from learnpath.cli import main

    (Path(str(app.instance_path)) / "ana.json").write_text(download)
    other_db = f"sqlite:///{Path(str(app.instance_path)) / 'elsewhere.db'}"
    args = ["--curricula", str(CURRICULA), "--db", other_db, "import"]
    result = CliRunner().invoke(main, [*args, str(Path(str(app.instance_path)) / "ana.json")])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------- logs


class _Browser:
    """urllib with cookies, like a browser without JavaScript."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path, form=None, json_body=None, headers=None, method=None):
        data = None
        head = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
        if json_body is not None:
            data = json.dumps(json_body).encode()
            head["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, headers=head, method=method)
        try:
            with self.opener.open(request, timeout=10) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def submit(self, page, action, fields):
        _, html = self.open(page)
        return self.open(action, form={"csrf_token": csrf_from(html), **fields})

    def cookies(self) -> list[str]:
        return [c.value for c in self.jar]


def test_the_server_logs_hold_no_password_token_or_cookie(tmp_path):
    curricula = write_catalogue(tmp_path / "curricula")
    db_file = tmp_path / "logs.db"
    server = Server(
        tmp_path,
        f"sqlite:///{db_file}",
        curricula,
        env={"LEARNPATH_CATALOGUE_CHECK_SECONDS": "0"},
    )
    secrets: list[str] = [PASSWORD, "wrong-" + PASSWORD, "brand new passphrase"]
    try:
        web = _Browser(server.url)
        status, _ = web.submit(
            "register", "/register", {"name": "ana", "password": PASSWORD, "confirm": PASSWORD}
        )
        assert status == 200  # followed the redirect
        secrets += web.cookies()
        status, body = web.open("/api/v1/tokens", json_body={"name": "ana", "password": PASSWORD})
        token = json.loads(body)["token"]
        secrets += [token, token[3:]]
        assert web.open("/api/v1/me", headers=bearer(token))[0] == 200
        web.open("/api/v1/me/completions", json_body={"module": "sql-101"}, headers=bearer(token))
        other = _Browser(server.url)
        other.submit("login", "/login", {"name": "ana", "password": "wrong-" + PASSWORD})
        other.open("/api/v1/tokens", json_body={"name": "ana", "password": "wrong-" + PASSWORD})
        web.open("/plan/done", form={"module": "sql-101", "csrf_token": "forged"})  # 400
        web.submit(
            "account",
            "/account/password",
            {"current": PASSWORD, "new": "brand new passphrase", "confirm": "brand new passphrase"},
        )
        secrets += web.cookies()
        # faults get logged: a broken curriculum, and a table gone under a request (500)
        (curricula / "data.yaml").write_text("skills: [broken\n")
        web.open("/health")
        status, body = web.open("/api/v1/tokens", json_body={"name": "ana", "password": "x" * 9})
        token2 = json.loads(
            web.open(
                "/api/v1/tokens", json_body={"name": "ana", "password": "brand new passphrase"}
            )[1]
        )["token"]
        secrets += [token2]
        with sqlite3.connect(db_file) as conn:
            conn.execute("DROP TABLE goal")
        assert web.open("/api/v1/me/goals", headers=bearer(token2))[0] == 500
        hashes = [
            r[0] for r in sqlite3.connect(db_file).execute("SELECT token_hash FROM api_token")
        ]
        secrets += hashes
        secrets += [
            r[0] for r in sqlite3.connect(db_file).execute("SELECT password_hash FROM learner")
        ]
    finally:
        server.stop()
    log = server.log.read_text(errors="replace")
    assert "curriculum change refused" in log and "Traceback" in log  # it did log
    for secret in secrets:
        assert secret and secret not in log, f"the log holds a secret ({secret[:6]}...)"
