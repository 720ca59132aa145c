"""The JSON API: anonymous queries, tokens, a learner's own data, errors that explain."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from web_support import CURRICULA, PASSWORD, api_token, bearer, register

from learnpath.cli import main as cli


@pytest.fixture
def token(client):
    register(client.application.test_client(), "ana")
    return api_token(client, "ana")


@pytest.fixture
def auth(token):
    return bearer(token)


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def cli_json(*args: str):
    result = CliRunner().invoke(cli, ["--curricula", str(CURRICULA), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------------- anonymous


@pytest.mark.parametrize(
    ("query", "args"),
    [
        (
            "have=written-english&target=ai-content-strategist",
            ["--have", "written-english", "--target", "ai-content-strategist"],
        ),
        (
            "have=written-english,business-writing&target=ai-editor&target=data-analyst"
            "&minimize=cost",
            [
                "--have",
                "written-english,business-writing",
                "-t",
                "ai-editor",
                "-t",
                "data-analyst",
                "--minimize",
                "cost",
            ],
        ),
        (
            "have=written-english&have=sql&target=data-analyst&done=spreadsheets-101",
            ["--have", "written-english,sql", "-t", "data-analyst", "--done", "spreadsheets-101"],
        ),
        ("target=field-researcher", ["-t", "field-researcher"]),
    ],
)
def test_path_is_exactly_the_json_of_the_cli(client, query, args):
    response = client.get(f"/api/v1/path?{query}")
    assert response.status_code == 200
    assert response.get_json() == cli_json("path", *args, "--json")


def test_niches_ranked_match_the_cli_and_carry_the_niche_facts(client):
    ranked = client.get("/api/v1/niches?have=written-english,sql").get_json()
    expected = cli_json("niches", "--have", "written-english,sql", "--json")
    assert [r["id"] for r in ranked] == [r["id"] for r in expected]
    for got, want in zip(ranked, expected, strict=True):
        assert {k: got[k] for k in want} == want
        assert "rationale" in got and "requires" in got


def test_niches_without_skills_list_the_catalogue(client):
    niches = client.get("/api/v1/niches").get_json()
    assert [n["id"] for n in niches] == sorted(n["id"] for n in niches)
    assert "hours_to_ready" not in niches[0]
    one = client.get("/api/v1/niches/ai-content-strategist").get_json()
    assert one["resilience"] == 0.72 and one["sources"][0].startswith("Eloundou")


def test_catalogue_endpoints_search_and_describe(client):
    skills = client.get("/api/v1/skills?q=writing").get_json()  # ids, names and tags
    assert {s["id"] for s in skills} == {
        "business-writing",
        "prompt-writing",
        "editing",
        "content-strategy",
    }
    skills = client.get("/api/v1/skills?q=business+writing").get_json()
    assert [s["id"] for s in skills] == ["business-writing"]
    fieldwork = client.get("/api/v1/skills/fieldwork").get_json()
    assert fieldwork["entry"] is True and fieldwork["field"] == "Data and research"
    modules = client.get("/api/v1/modules?q=prompting").get_json()
    assert [m["id"] for m in modules] == ["prompting-bootcamp", "prompting-foundations"]
    module = client.get("/api/v1/modules/sql-101").get_json()
    assert module["requires"] == ["spreadsheet-basics"]
    assert module["niches"] == ["data-analyst", "field-researcher"]


@pytest.mark.parametrize(
    ("url", "kind", "suggestion"),
    [
        ("/api/v1/niches/ai-editr", "niche", "ai-editor"),
        ("/api/v1/modules/sql-11", "module", "sql-101"),
        ("/api/v1/skills/sqll", "skill", "sql"),
    ],
)
def test_unknown_ids_in_the_url_are_404_with_suggestions(client, url, kind, suggestion):
    response = client.get(url)
    assert response.status_code == 404
    err = error_of(response)
    assert err["code"] == "not_found" and err["details"]["kind"] == kind
    assert suggestion in next(iter(err["details"]["unknown"].values()))


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("have=writen-english&target=ai-editor", 422, "unknown_id"),
        ("target=ai-editr", 422, "unknown_id"),
        ("target=sql-101", 422, "invalid"),  # a module is not a target
        ("", 422, "invalid"),
        ("target=ai-editor&minimize=fastest", 422, "invalid"),
        ("target=" + "x" * 101, 422, "invalid"),
        ("target=" + ",".join(["ai-editor"] * 21), 422, "invalid"),  # at most 20 targets
        ("target=,", 422, "invalid"),
    ],
)
def test_bad_path_queries_are_explained(client, query, status, code):
    response = client.get(f"/api/v1/path?{query}")
    assert response.status_code == status
    err = error_of(response)
    assert err["code"] == code and err["message"]


def test_a_long_have_list_is_checked_item_by_item(client):
    have = ["computer-literacy", "written-english", "x" * 101, "y" * 5]
    err = error_of(client.get("/api/v1/path?target=ai-editor&have=" + ",".join(have)))
    assert err["details"]["fields"] == {"have": {"2": ["Length must be between 1 and 100."]}}
    many = ",".join(["computer-literacy"] * 2001)  # at most 2,000 ids
    assert error_of(client.get(f"/api/v1/path?target=ai-editor&have={many}"))["code"] == "invalid"


def test_a_repeated_path_query_gets_the_same_answer_and_errors_stay_errors(client):
    query = "/api/v1/path?have=sql,written-english&target=data-analyst"
    first = client.get(query)
    again = client.get(query)  # answered from the body kept for this query string
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and again.mimetype == "application/json"
    reordered = client.get("/api/v1/path?target=data-analyst&have=written-english&have=sql")
    assert reordered.get_json() == first.get_json()  # another spelling: the same plan
    other = client.get("/api/v1/path?have=sql,written-english&target=field-researcher")
    assert other.get_json()["targets"] == ["field-researcher"]  # another query: its own
    bad = "/api/v1/path?have=writen-english&target=ai-editor"
    for _ in range(2):  # a failed query is never kept as an answer
        response = client.get(bad)
        assert response.status_code == 422 and error_of(response)["code"] == "unknown_id"


def test_an_unknown_skill_gets_the_closest_ids(client):
    err = error_of(client.get("/api/v1/path?have=writen-english&target=ai-editor"))
    assert err["details"] == {"kind": "skill", "unknown": {"writen-english": ["written-english"]}}


def test_unknown_routes_and_methods(client):
    assert error_of(client.get("/api/v1/nothing-here"))["code"] == "not_found"
    response = client.post("/api/v1/niches")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert error_of(response)["code"] == "method_not_allowed"


# ---------------------------------------------------------------------- tokens


def test_tokens_are_traded_for_a_password_and_revoked(client):
    register(client.application.test_client(), "ana")
    response = client.post("/api/v1/tokens", json={"name": "ana", "password": "wrong"})
    assert response.status_code == 401 and error_of(response)["code"] == "unauthorized"
    response = client.post("/api/v1/tokens", json={"name": "nobody", "password": PASSWORD})
    assert response.status_code == 401
    response = client.post(
        "/api/v1/tokens", json={"name": "ana", "password": PASSWORD, "label": "cron"}
    )
    assert response.status_code == 201 and response.get_json()["label"] == "cron"
    token = response.get_json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).get_json()["name"] == "ana"
    assert client.delete("/api/v1/tokens/current", headers=bearer(token)).status_code == 204
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "body",
    [{"name": "ana"}, {"password": "x"}, {"name": 3, "password": []}, ["ana", "pw"]],
)
def test_token_requests_with_bad_bodies_are_422(client, body):
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 422 and error_of(response)["code"] == "invalid"


def test_malformed_json_is_400(client):
    response = client.post(
        "/api/v1/tokens", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["message"] == "the request body is not valid JSON"


def test_a_body_over_the_limit_is_413(client):
    response = client.post("/api/v1/tokens", json={"name": "a", "password": "x" * 2_000_000})
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/me",
        "/api/v1/me/skills",
        "/api/v1/me/goals",
        "/api/v1/me/completions",
        "/api/v1/me/plan",
        "/api/v1/me/progress",
        "/api/v1/me/schedule.ics?hours_per_week=5",
        "/api/v1/me/export",
    ],
)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer lp_not-a-token"}, {"Authorization": "Basic YW5hOnB3"}],
)
def test_me_needs_a_valid_token(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 401 and error_of(response)["code"] == "unauthorized"


def test_a_logged_in_browser_session_does_not_open_the_api(client):
    register(client, "ana")
    assert client.get("/plan").status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    assert client.post("/api/v1/me/goals", json={"niche": "ai-editor"}).status_code == 401


# ---------------------------------------------------------------------- me


def test_skills_are_replaced_and_unknown_ones_write_nothing(client, auth):
    response = client.put(
        "/api/v1/me/skills", json={"skills": ["sql", "written-english"]}, headers=auth
    )
    assert response.status_code == 200
    assert [s["id"] for s in response.get_json()] == ["sql", "written-english"]
    response = client.put("/api/v1/me/skills", json={"skills": ["sql", "sqll"]}, headers=auth)
    assert response.status_code == 422
    assert error_of(response)["details"]["unknown"] == {"sqll": ["sql"]}
    listed = client.get("/api/v1/me/skills", headers=auth).get_json()
    assert [s["id"] for s in listed] == ["sql", "written-english"]
    client.put("/api/v1/me/skills", json={"skills": ["editing"]}, headers=auth)
    assert [s["id"] for s in client.get("/api/v1/me/skills", headers=auth).get_json()] == [
        "editing"
    ]
    assert client.put("/api/v1/me/skills", json={"skills": []}, headers=auth).get_json() == []
    response = client.put("/api/v1/me/skills", json={"skills": "sql"}, headers=auth)
    assert response.status_code == 422


def test_goals_are_added_once_and_removed(client, auth):
    response = client.post("/api/v1/me/goals", json={"niche": "ai-editor"}, headers=auth)
    assert response.status_code == 201
    response = client.post("/api/v1/me/goals", json={"niche": "ai-editor"}, headers=auth)
    assert response.status_code == 200
    client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=auth)
    goals = client.get("/api/v1/me/goals", headers=auth).get_json()
    assert [g["id"] for g in goals] == ["ai-editor", "data-analyst"]
    assert goals[0] == {"id": "ai-editor", "name": "AI draft editor", "in_catalogue": True}
    response = client.post("/api/v1/me/goals", json={"niche": "ai-editr"}, headers=auth)
    assert response.status_code == 422
    assert client.delete("/api/v1/me/goals/ai-editor", headers=auth).status_code == 204
    assert client.delete("/api/v1/me/goals/ai-editor", headers=auth).status_code == 404
    assert client.delete("/api/v1/me/goals/no-such-niche", headers=auth).status_code == 404


def test_completions_are_idempotent_and_undone(client, auth):
    body = {"module": "sql-101", "on": "2026-03-04", "note": "evening course"}
    first = client.post("/api/v1/me/completions", json=body, headers=auth)
    assert first.status_code == 201
    assert first.get_json() == {
        "module": "sql-101",
        "on": "2026-03-04",
        "note": "evening course",
        "in_catalogue": True,
        "title": "SQL for analysts",
        "hours": 10,
        "actual_hours": None,
    }
    again = client.post(
        "/api/v1/me/completions", json={"module": "sql-101", "on": "2026-05-05"}, headers=auth
    )
    assert again.status_code == 200 and again.get_json()["on"] == "2026-03-04"  # unchanged
    listed = client.get("/api/v1/me/completions", headers=auth).get_json()
    assert [c["module"] for c in listed] == ["sql-101"]
    assert client.delete("/api/v1/me/completions/sql-101", headers=auth).status_code == 204
    assert client.delete("/api/v1/me/completions/sql-101", headers=auth).status_code == 404
    for bad in [
        {"module": "sql-11"},
        {"module": "sql-101", "on": "soon"},
        {"on": "2026-01-01"},
        {"module": "sql-101", "hours": 0},
        {"module": "sql-101", "hours": "lots"},
    ]:
        response = client.post("/api/v1/me/completions", json=bad, headers=auth)
        assert response.status_code == 422, bad


def test_commitment_status_diff_and_calendar_sessions(client, auth):
    client.put("/api/v1/me/skills", json={"skills": ["written-english"]}, headers=auth)
    client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=auth)
    [row] = client.get("/api/v1/me/status", headers=auth).get_json()
    assert row["state"] == "no commitment" and row["ready_date"] is None
    assert client.get("/api/v1/me/commitment", headers=auth).status_code == 404
    diff = client.get("/api/v1/me/plan/diff", headers=auth)
    assert diff.status_code == 422 and "no commitment" in error_of(diff)["message"]
    today = dt.date.today()
    made = client.post(
        "/api/v1/me/commitment",
        json={"hours_per_week": 6, "days": "mon,wed,sat", "time": "07:30", "start": str(today)},
        headers=auth,
    )
    assert made.status_code == 201, made.get_json()
    c = made.get_json()
    assert (c["days"], c["time"], c["start"]) == (["mon", "wed", "sat"], "07:30", str(today))
    assert sum(m["hours"] for m in c["modules"]) == 26
    assert client.get("/api/v1/me/commitment", headers=auth).get_json() == c
    # done with the hours it took: the pace moves off 1.0, shrunk (one completion of three)
    first = c["modules"][0]
    done = client.post(
        "/api/v1/me/completions",
        json={"module": first["module"], "hours": first["hours"] * 2},
        headers=auth,
    )
    assert done.status_code == 201 and done.get_json()["actual_hours"] == first["hours"] * 2
    [row] = client.get("/api/v1/me/status", headers=auth).get_json()
    assert row["pace"] == round(4 / 3, 2) and row["state"] in ("ahead", "on track")
    assert row["committed_ready_date"] == max(m["end"] for m in c["modules"])
    assert set(row) == {
        "goal", "state", "hours_ahead", "days_ahead", "pace", "ready_date", "committed_ready_date"
    }  # fmt: skip
    diff = client.get("/api/v1/me/plan/diff", headers=auth).get_json()
    assert (diff["added"], diff["removed"], diff["replaced"]) == ([], [], [])
    assert diff["catalogue_changed"] is False
    ics = client.get(
        "/api/v1/me/schedule.ics?hours_per_week=6&start=2026-01-05&days=mon,thu&time=18:00&alarm=5",
        headers=auth,
    ).get_data(as_text=True)
    assert "DTSTART:20260105T180000" in ics and "DTEND:20260105T210000" in ics
    assert "TRIGGER:-PT5M" in ics
    for bad in ["days=funday", "time=25:00", "alarm=-1"]:
        response = client.get(f"/api/v1/me/schedule.ics?hours_per_week=6&{bad}", headers=auth)
        assert response.status_code == 422, bad
    bad = client.post(
        "/api/v1/me/commitment", json={"hours_per_week": 6, "days": "someday"}, headers=auth
    )
    assert bad.status_code == 422
    exported = client.get("/api/v1/me/export", headers=auth).get_json()
    assert exported["version"] == 4 and exported["commitment"]["time"] == "07:30"
    assert client.post("/api/v1/me/import", json=exported, headers=auth).status_code == 200
    assert client.get("/api/v1/me/commitment", headers=auth).get_json() == c
    assert client.delete("/api/v1/me/commitment", headers=auth).status_code == 204
    assert client.delete("/api/v1/me/commitment", headers=auth).status_code == 404


def test_plan_progress_and_schedule_follow_completions(client, auth):
    response = client.get("/api/v1/me/plan", headers=auth)
    assert response.status_code == 422 and "no goal" in error_of(response)["message"]
    client.put("/api/v1/me/skills", json={"skills": ["written-english"]}, headers=auth)
    client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=auth)
    plan = client.get("/api/v1/me/plan", headers=auth).get_json()
    assert plan == cli_json("path", "--have", "written-english", "-t", "data-analyst", "--json")
    assert client.get("/api/v1/me/progress", headers=auth).get_json() == [
        {"goal": "data-analyst", "hours_done": 0, "hours_left": 26, "percent": 0.0, "ready": False}
    ]
    client.post("/api/v1/me/completions", json={"module": "spreadsheets-101"}, headers=auth)
    progress = client.get("/api/v1/me/progress", headers=auth).get_json()[0]
    assert (progress["hours_done"], progress["hours_left"]) == (4, 22)
    ics = client.get(
        "/api/v1/me/schedule.ics?hours_per_week=11&start=2026-01-05&days=mon", headers=auth
    )
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    # 22 h left in 11-hour Monday sessions: two sessions (one module of 6 h, one of 16 h)
    assert ics.get_data(as_text=True).count("BEGIN:VEVENT") == 3
    for query in ["", "hours_per_week=0", "hours_per_week=5&start=someday"]:
        response = client.get(f"/api/v1/me/schedule.ics?{query}", headers=auth)
        assert response.status_code == 422, query


def test_export_and_import_round_trip(client, auth):
    client.put("/api/v1/me/skills", json={"skills": ["sql"]}, headers=auth)
    client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=auth)
    client.post("/api/v1/me/completions", json={"module": "analysis-201"}, headers=auth)
    exported = client.get("/api/v1/me/export", headers=auth).get_json()
    assert exported["format"] == "learnpath-learner" and exported["skills"] == ["sql"]
    client.put("/api/v1/me/skills", json={"skills": ["editing"]}, headers=auth)
    response = client.post("/api/v1/me/import", json=exported, headers=auth)
    assert response.status_code == 200 and response.get_json()["completions"] == 1
    assert client.get("/api/v1/me/export", headers=auth).get_json() == exported
    response = client.post("/api/v1/me/import", json={"format": "nope"}, headers=auth)
    assert response.status_code == 422


def test_one_learner_never_sees_or_changes_anothers_data(client, auth):
    client.post("/api/v1/me/completions", json={"module": "sql-101"}, headers=auth)
    client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=auth)
    register(client.application.test_client(), "bo")
    bo = bearer(api_token(client, "bo"))
    assert client.get("/api/v1/me", headers=bo).get_json()["name"] == "bo"
    assert client.get("/api/v1/me/completions", headers=bo).get_json() == []
    assert client.get("/api/v1/me/goals", headers=bo).get_json() == []
    assert client.delete("/api/v1/me/completions/sql-101", headers=bo).status_code == 404
    assert client.delete("/api/v1/me/goals/data-analyst", headers=bo).status_code == 404
    assert client.get("/api/v1/me/export", headers=bo).get_json()["completions"] == []
    # ana's data is intact
    assert len(client.get("/api/v1/me/completions", headers=auth).get_json()) == 1
    assert len(client.get("/api/v1/me/goals", headers=auth).get_json()) == 1


def test_a_learners_flow_on_each_database(make_database_url, tmp_path):
    """The same flow on SQLite and, when a server is configured, PostgreSQL."""
    from learnpath.web import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": make_database_url(),
            "CURRICULA": [str(CURRICULA)],
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PASSWORD_METHOD": "scrypt:1024:8:1",
        }
    )
    try:
        client = app.test_client()
        register(client, "ana")
        register(app.test_client(), "bo")
        ana, bo = bearer(api_token(client, "ana")), bearer(api_token(client, "bo"))
        client.put("/api/v1/me/skills", json={"skills": ["written-english"]}, headers=ana)
        client.post("/api/v1/me/goals", json={"niche": "data-analyst"}, headers=ana)
        body = {"module": "sql-101"}
        assert client.post("/api/v1/me/completions", json=body, headers=ana).status_code == 201
        assert client.post("/api/v1/me/completions", json=body, headers=ana).status_code == 200
        progress = client.get("/api/v1/me/progress", headers=ana).get_json()
        assert progress[0]["hours_done"] == 10
        assert client.delete("/api/v1/me/completions/sql-101", headers=bo).status_code == 404
        assert client.delete("/api/v1/tokens/current", headers=ana).status_code == 204
        assert client.get("/api/v1/me", headers=ana).status_code == 401
        assert client.get("/api/v1/me", headers=bo).get_json()["completions"] == 0
    finally:
        app.extensions["learnpath"].store.close()


def test_a_server_fault_is_a_500_that_reveals_nothing(app, client, auth, store):
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    register(client, "bo")
    store.db.execute_sql("DROP TABLE api_token")  # the database breaks under the server
    response = client.get("/api/v1/me", headers=auth)
    assert response.status_code == 500
    err = error_of(response)
    assert err["code"] == "internal_error"
    assert "api_token" not in err["message"] and "Traceback" not in response.get_data(as_text=True)
    page = client.get("/account")  # a page answers in HTML
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "Something went wrong" in page.get_data(as_text=True)
    assert client.get("/health").status_code == 200  # what does not need the table still works
