"""Every route of the app x every method it allows x {anonymous, learner A, learner B}.

``MATRIX`` below is the table of expected statuses. Each row runs in a fresh world:
learner A (``owner<n>``) holds skills, a goal, a completion with a private note and an
API token; learner B (``other<n>``) has their own. A row's request names A's objects
(A's goal, A's completion, A's token id), so B's requests are attempts on A's data:
they must answer 404 (never 403, which would confirm the object exists), and after
every request by B or an anonymous visitor, A's stored data must be exactly as before
and no body B receives may contain anything of A's.

Pages are visited with a browser session (cookie, CSRF token in forms); the API with
``Authorization: Bearer``. A route added to the app without a row here fails
:func:`test_every_route_and_method_has_a_row`.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass, field

import pytest
from web_support import PASSWORD, SEEDS, csrf_from, make_app

from learnpath.store.accounts import AccountStore
from learnpath.web.auth import hash_password

ROLES = ("anon", "A", "B")
AUTO = {"HEAD", "OPTIONS"}  # added by Flask to every rule: checked for all rules below


@dataclass(frozen=True)
class Row:
    """One (rule, method): how to call it and the status each role gets."""

    rule: str
    method: str
    url: str  # formatted with the world: {a_token_id}, {me}...
    expect: tuple[int, int, int]  # anon, A, B
    form: dict | None = None  # a page form (the CSRF token is added)
    json: object = None
    upload: bool = False  # multipart: A's export as a file


A_GOAL, A_DONE, A_KNOWN = "data-analyst", "sql-101", "spreadsheets-101"
EXPORT = "EXPORT"  # placeholder: the acting learner's own export

MATRIX = [
    # ------------------------------------------------------------------ pages
    Row("/static/<path:filename>", "GET", "/static/site.css", (200, 200, 200)),
    Row("/", "GET", "/", (200, 200, 200)),
    Row("/skills", "POST", "/skills", (302, 302, 302), form={"skill": ["sql"]}),
    # adds only the skills kept in the caller's own session: B never reaches A's skills
    Row("/skills/merge", "POST", "/skills/merge", (302, 302, 302), form={"choice": "add"}),
    Row("/method", "GET", "/method", (200, 200, 200)),
    Row("/niches", "GET", "/niches", (200, 200, 200)),
    Row("/niches/<niche_id>", "GET", "/niches/data-analyst", (200, 200, 200)),
    Row("/compare", "GET", "/compare?n=data-analyst&n=field-researcher", (200, 200, 200)),
    Row("/goals", "POST", "/goals", (302, 302, 302), form={"niche": "field-researcher"}),
    # A's goal: B has no such goal -> 404
    Row("/goals/<niche_id>/remove", "POST", f"/goals/{A_GOAL}/remove", (302, 302, 404), form={}),
    Row("/path", "GET", "/path?target=data-analyst", (200, 200, 200)),
    Row("/plan", "GET", "/plan", (302, 200, 200)),
    Row("/path.json", "GET", "/path.json?target=data-analyst", (200, 200, 200)),
    Row("/path.md", "GET", "/path.md?target=data-analyst", (200, 200, 200)),
    Row("/path.ics", "GET", "/path.ics?target=data-analyst", (200, 200, 200)),
    Row("/plan.json", "GET", "/plan.json", (302, 200, 200)),
    Row("/plan.md", "GET", "/plan.md", (302, 200, 200)),
    Row("/plan.ics", "GET", "/plan.ics", (302, 200, 200)),
    Row("/plan/done", "POST", "/plan/done", (302, 302, 302), form={"module": "spreadsheets-101"}),
    # A's completion: B has not done it -> 404
    Row("/plan/undo", "POST", "/plan/undo", (302, 302, 404), form={"module": A_DONE}),
    Row(
        "/plan/commit",
        "POST",
        "/plan/commit",
        (302, 302, 302),
        form={"hours_per_week": "5", "days": ["mon", "thu"]},
    ),
    Row("/plan/choice", "POST", "/plan/choice", (302, 302, 302), form={"minimize": "cost"}),
    Row("/match", "POST", "/match", (200, 200, 200), form={"text": "Analyst: SQL, spreadsheets"}),
    Row("/assess", "GET", "/assess?answer=yes&skill=sql", (200, 200, 200)),
    Row("/known", "POST", "/known", (302, 302, 302), form={"module": "sql-101", "back": "/plan"}),
    # A's module already known: B has not marked it -> 404, and A's stays
    Row("/known/remove", "POST", "/known/remove", (404, 302, 404), form={"module": A_KNOWN}),
    Row("/catalogue", "GET", "/catalogue?q=data", (200, 200, 200)),
    Row("/catalogue/skills/<skill_id>", "GET", "/catalogue/skills/sql", (200, 200, 200)),
    Row("/catalogue/modules/<module_id>", "GET", "/catalogue/modules/sql-101", (200, 200, 200)),
    Row("/health", "GET", "/health", (200, 200, 200)),
    Row("/health/ready", "GET", "/health/ready", (200, 200, 200)),
    Row("/register", "GET", "/register", (200, 200, 200)),
    Row(
        "/register",
        "POST",
        "/register",
        (302, 302, 302),
        form={"name": "{new}", "password": PASSWORD, "confirm": PASSWORD},
    ),
    Row("/login", "GET", "/login", (200, 200, 200)),
    # a wrong password for A's name, from anyone: the same 401
    Row("/login", "POST", "/login", (401, 401, 401), form={"name": "{a}", "password": "guess!"}),
    Row("/demo/<name>", "POST", "/demo/demo-dana", (302, 302, 302), form={}),
    Row("/logout", "POST", "/logout", (302, 302, 302), form={}),
    Row("/account", "GET", "/account", (302, 200, 200)),
    Row(
        "/account/password",
        "POST",
        "/account/password",
        (302, 302, 302),
        form={"current": PASSWORD, "new": "another long one", "confirm": "another long one"},
    ),
    Row("/account/tokens", "POST", "/account/tokens", (302, 201, 201), form={"label": "x"}),
    # A's token: B has no such token -> 404
    Row(
        "/account/tokens/<int(max=2147483647):token_id>/revoke",
        "POST",
        "/account/tokens/{a_token_id}/revoke",
        (302, 302, 404),
        form={},
    ),
    Row("/account/export.json", "GET", "/account/export.json", (302, 200, 200)),
    # each learner stores their own current work; A's is never touched by B
    Row("/account/now", "POST", "/account/now", (302, 302, 302), form={"now": "15-2051"}),
    Row("/account/import", "POST", "/account/import", (302, 302, 302), form={}, upload=True),
    # B naming A's account is refused as a form error; A's own request deletes A
    Row(
        "/account/delete",
        "POST",
        "/account/delete",
        (302, 302, 422),
        form={"confirm_name": "{a}", "password": PASSWORD},
    ),
    # ------------------------------------------------------------------ API
    Row("/api/v1/openapi.json", "GET", "/api/v1/openapi.json", (200, 200, 200)),
    Row("/api/v1/docs", "GET", "/api/v1/docs", (200, 200, 200)),
    Row("/api/v1/skills", "GET", "/api/v1/skills?q=data", (200, 200, 200)),
    Row("/api/v1/skills/<skill_id>", "GET", "/api/v1/skills/sql", (200, 200, 200)),
    Row("/api/v1/modules", "GET", "/api/v1/modules", (200, 200, 200)),
    Row("/api/v1/modules/<module_id>", "GET", "/api/v1/modules/sql-101", (200, 200, 200)),
    Row("/api/v1/niches", "GET", "/api/v1/niches?have=sql", (200, 200, 200)),
    Row("/api/v1/niches/<niche_id>", "GET", "/api/v1/niches/data-analyst", (200, 200, 200)),
    Row(
        "/api/v1/compare",
        "GET",
        "/api/v1/compare?n=data-analyst&n=field-researcher&have=sql",
        (200, 200, 200),
    ),
    Row("/api/v1/path", "GET", "/api/v1/path?have=sql&target=data-analyst", (200, 200, 200)),
    Row("/api/v1/match", "POST", "/api/v1/match", (200, 200, 200), json={"text": "SQL analyst"}),
    Row("/api/v1/roles", "GET", "/api/v1/roles", (200, 200, 200)),
    Row("/api/v1/assess", "POST", "/api/v1/assess", (200, 200, 200), json={"answers": []}),
    Row("/api/v1/me/prior-learning", "GET", "/api/v1/me/prior-learning", (401, 200, 200)),
    Row(
        "/api/v1/me/prior-learning",
        "POST",
        "/api/v1/me/prior-learning",
        (401, 201, 201),
        json={"module": "analysis-201"},
    ),
    Row(
        "/api/v1/me/prior-learning/<module_id>",
        "DELETE",
        f"/api/v1/me/prior-learning/{A_KNOWN}",
        (401, 204, 404),
    ),
    Row(
        "/api/v1/tokens",
        "POST",
        "/api/v1/tokens",
        (401, 201, 201),
        json={"name": "{me}", "password": PASSWORD},
    ),
    Row("/api/v1/tokens/current", "DELETE", "/api/v1/tokens/current", (401, 204, 204)),
    Row("/api/v1/me", "GET", "/api/v1/me", (401, 200, 200)),
    Row("/api/v1/me/skills", "GET", "/api/v1/me/skills", (401, 200, 200)),
    Row("/api/v1/me/skills", "PUT", "/api/v1/me/skills", (401, 200, 200), json={"skills": ["sql"]}),
    Row("/api/v1/me/goals", "GET", "/api/v1/me/goals", (401, 200, 200)),
    Row(
        "/api/v1/me/goals",
        "POST",
        "/api/v1/me/goals",
        (401, 201, 201),
        json={"niche": "field-researcher"},
    ),
    Row("/api/v1/me/goals/<niche_id>", "DELETE", f"/api/v1/me/goals/{A_GOAL}", (401, 204, 404)),
    Row("/api/v1/me/completions", "GET", "/api/v1/me/completions", (401, 200, 200)),
    Row(
        "/api/v1/me/completions",
        "POST",
        "/api/v1/me/completions",
        (401, 201, 201),
        json={"module": "spreadsheets-101"},
    ),
    Row(
        "/api/v1/me/completions/<module_id>",
        "DELETE",
        f"/api/v1/me/completions/{A_DONE}",
        (401, 204, 404),
    ),
    Row("/api/v1/me/plan", "GET", "/api/v1/me/plan", (401, 200, 200)),
    Row("/api/v1/me/progress", "GET", "/api/v1/me/progress", (401, 200, 200)),
    Row(
        "/api/v1/me/schedule.ics",
        "GET",
        "/api/v1/me/schedule.ics?hours_per_week=5",
        (401, 200, 200),
    ),
    Row("/api/v1/me/status", "GET", "/api/v1/me/status", (401, 200, 200)),
    Row("/api/v1/me/commitment", "GET", "/api/v1/me/commitment", (401, 200, 404)),
    Row(
        "/api/v1/me/commitment",
        "POST",
        "/api/v1/me/commitment",
        (401, 201, 201),
        json={"hours_per_week": 4, "days": "sat"},
    ),
    Row("/api/v1/me/commitment", "DELETE", "/api/v1/me/commitment", (401, 204, 404)),
    Row("/api/v1/me/plan/diff", "GET", "/api/v1/me/plan/diff", (401, 200, 422)),
    Row("/api/v1/me/export", "GET", "/api/v1/me/export", (401, 200, 200)),
    Row("/api/v1/me/import", "POST", "/api/v1/me/import", (401, 200, 200), json=EXPORT),
]


def _routes(app) -> set[tuple[str, str]]:
    return {
        (rule.rule, method) for rule in app.url_map.iter_rules() for method in rule.methods - AUTO
    }


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    app = make_app(
        tmp_path_factory.mktemp("matrix"),
        LOGIN_FAILURES_PER_ADDRESS=10_000,  # every test request comes from 127.0.0.1
    )
    app.extensions["learnpath"].store.seed(SEEDS)
    yield app
    app.extensions["learnpath"].store.close()


_numbers = itertools.count()


@dataclass
class World:
    app: object
    a: str
    b: str
    a_token: str
    b_token: str
    a_token_id: int
    browsers: dict = field(default_factory=dict)

    @property
    def store(self):
        return self.app.extensions["learnpath"].store

    @property
    def accounts(self):
        return self.app.extensions["learnpath"].accounts

    def snapshot(self, name: str) -> dict:
        """Everything stored about ``name``: state, account row, tokens."""
        account = self.accounts.get(name)
        if account is None:
            return {"gone": True}
        return {
            "export": self.store.export_learner(name),
            "account": account,
            "tokens": [t.to_dict() for t in self.accounts.list_tokens(name)],
        }

    def secrets_of_a(self) -> list[str]:
        return [self.a, f"note of {self.a}", self.a_token]


def _commit(app, name: str) -> None:
    """Give learner ``name`` a commitment (their plan at 5 h a week on Mondays)."""
    import datetime as dt

    from learnpath import learner
    from learnpath.planning import schedule

    services = app.extensions["learnpath"]
    mine = learner.plan(services.catalogue, services.store, name)
    sched = schedule(mine.plan, 5, dt.date(2026, 9, 7), (0,))
    learner.commit(services.catalogue, services.store, mine, sched, at=dt.time(19, 0))


def make_world(app) -> World:
    n = next(_numbers)
    a, b = f"owner{n}", f"other{n}"
    store = app.extensions["learnpath"].store
    accounts = AccountStore(store)
    with app.app_context():
        digest = hash_password(PASSWORD)
    for name in (a, b):
        accounts.create(name, digest)
    store.add_skills(a, ["sql", "written-english"])
    store.add_goals(a, [A_GOAL])
    store.mark_done(a, [A_DONE], note=f"note of {a}")
    store.add_prior_learning(a, [A_KNOWN])
    store.mark_done(a, ["analysis-201"], hours=9.5)
    _commit(app, a)
    store.add_skills(b, ["written-english"])
    store.add_goals(b, ["ai-editor"])
    store.mark_done(b, ["writing-101"], note=f"note of {b}")
    a_token = accounts.create_token(a, "a's script")
    b_token = accounts.create_token(b, "b's script")
    world = World(app, a, b, a_token, b_token, accounts.list_tokens(a)[0].id)
    world.browsers = {"anon": app.test_client()}
    for role, name in (("A", a), ("B", b)):
        browser = app.test_client()
        page = browser.get("/login").get_data(as_text=True)
        response = browser.post(
            "/login", data={"csrf_token": csrf_from(page), "name": name, "password": PASSWORD}
        )
        assert response.status_code == 302, f"{name} could not log in"
        world.browsers[role] = browser
    return world


def _fill(value, world: World, role: str):
    me = {"anon": f"nobody{world.a}", "A": world.a, "B": world.b}[role]
    if isinstance(value, str):
        return value.format(
            a=world.a, me=me, new=f"new-{role}-{world.a}", a_token_id=world.a_token_id
        )
    if isinstance(value, list):
        return [_fill(v, world, role) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world, role) for k, v in value.items()}
    return value


def call(row: Row, world: World, role: str):
    """Send the row's request as ``role``; the response."""
    url = _fill(row.url, world, role)
    if row.rule.startswith("/api/"):
        client = world.app.test_client()  # no cookie: the API knows only bearer tokens
        headers = {}
        if role != "anon":
            headers["Authorization"] = f"Bearer {world.a_token if role == 'A' else world.b_token}"
        body = row.json
        if body == EXPORT:
            own = world.a if role == "A" else world.b if role == "B" else world.a
            body = world.store.export_learner(own)
        return client.open(url, method=row.method, json=_fill(body, world, role), headers=headers)
    browser = world.browsers[role]
    if row.form is None:
        return browser.open(url, method=row.method)
    page = browser.get("/").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), **_fill(row.form, world, role)}
    if row.upload:
        own = world.a if role == "A" else world.b
        export = world.store.export_learner(own if role != "anon" else world.b)
        data["file"] = (io.BytesIO(json.dumps(export).encode()), "me.json")
        return browser.post(url, data=data, content_type="multipart/form-data")
    return browser.open(url, method=row.method, data=data)


def check_headers(response, what: str) -> None:
    """The security headers every response carries, pages, API and errors alike."""
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, what
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert h.get("X-Content-Type-Options") == "nosniff", what
    assert h.get("Referrer-Policy") == "same-origin", what


def test_every_route_and_method_has_a_row(shared_app):
    table = {(r.rule, r.method) for r in MATRIX}
    routes = _routes(shared_app)
    assert routes - table == set(), "routes without a row in MATRIX: add them"
    assert table - routes == set(), "rows for routes the app no longer has"
    assert len(MATRIX) == len(table), "one row per (rule, method)"


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.method} {r.rule}")
def test_access(shared_app, row: Row):
    for role, expected in zip(ROLES, row.expect, strict=True):
        world = make_world(shared_app)  # each role acts on a fresh world
        before = world.snapshot(world.a)
        response = call(row, world, role)
        what = f"{role} {row.method} {row.url}"
        assert response.status_code == expected, (
            f"{what}: {response.status_code}, expected {expected}: "
            f"{response.get_data(as_text=True)[:300]}"
        )
        check_headers(response, what)
        if expected == 302 and role == "anon" and "/login" in response.headers["Location"]:
            assert response.headers["Location"].startswith("/login?next=")
        if role != "A":
            assert world.snapshot(world.a) == before, f"{what} changed A's data"
            body = response.get_data(as_text=True)
            sent = json.dumps(_fill([row.url, row.form, row.json], world, role))
            for secret in world.secrets_of_a():
                if secret in sent:  # a form echoes what the visitor typed: not a leak
                    continue
                assert secret not in body, f"{what} shows A's {secret!r}"
        if role != "anon" and row.rule in ("/api/v1/me", "/api/v1/me/export"):
            body = response.get_json()
            own = body.get("name") or body["learner"]["name"]
            assert own == (world.a if role == "A" else world.b), what


def test_head_and_options_on_every_route(shared_app):
    """Flask's automatic methods: HEAD answers as GET would (no body), OPTIONS lists
    exactly the rule's methods, for everybody."""
    client = shared_app.test_client()
    gets = {r.rule: r for r in MATRIX if r.method == "GET"}
    world = make_world(shared_app)  # HEAD and OPTIONS change nothing: one world for all
    for rule in shared_app.url_map.iter_rules():
        row = gets.get(rule.rule) or next(r for r in MATRIX if r.rule == rule.rule)
        url = _fill(row.url, world, "anon")
        response = client.options(url)
        assert response.status_code == 200, url
        assert set(response.headers["Allow"].split(", ")) == set(rule.methods), url
        check_headers(response, f"OPTIONS {url}")
        if "GET" in rule.methods:
            head = client.head(url)
            assert head.status_code == row.expect[0] and head.data == b"", url


def test_a_bare_session_cookie_writes_nothing_through_the_api(shared_app):
    """Every API write, sent by a logged-in browser without a bearer token: 401 and no
    change (a cross-site page could make a browser send the cookie, never the token)."""
    writes = [
        r for r in MATRIX if r.rule.startswith("/api/") and r.method != "GET" and r.expect[0] >= 300
    ]  # anonymous queries by POST (/match, /assess) write nothing: their rows check that
    assert len(writes) >= 7
    for row in writes:
        world = make_world(shared_app)
        browser = world.browsers["A"]
        assert browser.get("/plan").status_code == 200  # the session is live
        before = world.snapshot(world.a)
        body = row.json
        if body == EXPORT:
            body = world.store.export_learner(world.a)
        response = browser.open(
            _fill(row.url, world, "A"), method=row.method, json=_fill(body, world, "A")
        )
        if row.rule == "/api/v1/tokens":  # trades a password, never the cookie
            assert response.status_code == 201
            continue
        assert response.status_code == 401, row
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert world.snapshot(world.a) == before, row


def test_every_state_changing_page_route_refuses_a_missing_or_foreign_csrf_token(shared_app):
    """Every page POST route, logged in, without a CSRF token or with one from another
    session: 400 ``csrf`` and nothing changes."""
    posts = [r for r in MATRIX if not r.rule.startswith("/api/") and r.method == "POST"]
    assert {r.rule for r in posts} >= {"/skills", "/plan/done", "/account/delete", "/logout"}
    for row in posts:
        for token in (None, "foreign"):
            world = make_world(shared_app)
            browser = world.browsers["A"]
            before = world.snapshot(world.a)
            data = _fill(row.form or {}, world, "A")
            if token == "foreign":  # a valid token, of B's session
                data["csrf_token"] = csrf_from(world.browsers["B"].get("/").get_data(as_text=True))
            response = browser.post(_fill(row.url, world, "A"), data=data)
            assert response.status_code == 400, (row.rule, token, response.status_code)
            assert "did not come from this site" in response.get_data(as_text=True)
            assert world.snapshot(world.a) == before, row.rule
            assert browser.get("/plan").status_code == 200  # still logged in


def test_every_form_on_every_page_carries_a_csrf_token(shared_app):
    """Forms found by rendering every GET page as learner A: each POST form has a token."""
    import re

    world = make_world(shared_app)
    browser = world.browsers["A"]
    pages = [r for r in MATRIX if r.method == "GET" and not r.rule.startswith("/api/v1/me")]
    seen = 0
    for row in pages:
        html = browser.get(_fill(row.url, world, "A")).get_data(as_text=True)
        for form in re.findall(r"<form\b.*?</form>", html, flags=re.S | re.I):
            if re.search(r'method="post"', form, flags=re.I):
                seen += 1
                assert 'name="csrf_token"' in form, (row.url, form[:200])
    assert seen >= 10
