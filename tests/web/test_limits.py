"""Budgets, hours limits, dates and the value of an hour on the web: ``/api/v1/path``,
a learner's ``/me/plan`` and ``/me/schedule.ics``, the plan pages' "what matters most"
control (remembered per learner), and one real ``learnpath serve``. The catalogue is
one where speed costs money; every plan is checked against the exact answer."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from limits_support import TRADE_OFFS, best
from web_support import LiveServer, api_token, bearer, make_app, register, submit


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, CURRICULA=[str(TRADE_OFFS)])
    yield app
    app.extensions["learnpath"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


def totals(data: dict) -> tuple:
    return (data["total_hours"], data["total_cost"])


# ---------------------------------------------------------------------- the API


@pytest.mark.parametrize(
    ("query", "limits"),
    [
        ("", {}),
        ("&max_cost=100", {"max_cost": 100}),
        ("&max_hours=12&minimize=cost", {"max_hours": 12, "minimize": "cost"}),
        ("&minimize=value&rate=20", {"minimize": "value", "rate": 20}),
        ("&minimize=value&rate=40&max_cost=50", {"minimize": "value", "rate": 40, "max_cost": 50}),
    ],
)
def test_path_keeps_the_limits_with_the_exact_best_plan(client, query, limits):
    response = client.get("/api/v1/path?target=analyst" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert totals(data) == best(**limits)
    assert data["limits"]["max_cost"] == limits.get("max_cost")
    assert data["limits"]["max_hours"] == limits.get("max_hours")
    if limits.get("minimize") == "value":
        assert data["total_value"] == data["total_hours"] * limits["rate"] + data["total_cost"]


@pytest.mark.parametrize(
    ("query", "limit", "value", "least", "message"),
    [
        (
            "max_cost=25",
            "max_cost",
            25,
            30,
            "no plan within $25: the cheapest plan costs $30 (16 h)",
        ),  # noqa: E501
        ("max_hours=5", "max_hours", 5, 7, "no plan within 5 h: the fastest plan needs 7 h ($290)"),  # noqa: E501
        (
            "max_cost=100&max_hours=8",
            "max_cost",
            100,
            290,
            "no plan within $100 and 8 h: the cheapest plan within 8 h costs $290 (7 h)",
        ),
    ],
)
def test_no_plan_within_the_limits_is_a_422_naming_the_limit_and_the_least(
    client, query, limit, value, least, message
):
    response = client.get(f"/api/v1/path?target=analyst&{query}")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == ("limit_not_met", message)
    assert (error["details"]["limit"], error["details"]["value"]) == (limit, value)
    assert error["details"]["least"] == least and error["details"]["proved"] is True


def test_a_date_too_soon_is_worded_with_dates(client):
    response = client.get("/api/v1/path?target=analyst&by=2000-01-01&hours_per_week=7")
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert message.startswith("not ready by 2000-01-01 at 7 h/week: the fastest plan needs 7 h")


@pytest.mark.parametrize(
    "query",
    [
        "max_cost=-1",
        "max_cost=NaN",
        "max_hours=inf",
        "max_cost=1e300",
        "rate=abc&minimize=value",
        "minimize=value",
        "minimize=speed",
        "by=2027-01-01",
        "by=soon&hours_per_week=5",
        "by=2027-01-01&hours_per_week=0",
    ],
)
def test_bad_limits_are_4xx_with_a_readable_error(client, query):
    response = client.get(f"/api/v1/path?target=analyst&{query}")
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"] and error["code"] in ("invalid", "bad_request")


def test_the_openapi_document_describes_the_limits(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/v1/path"]["get"]["parameters"]}
    assert {"minimize", "rate", "max_cost", "max_hours", "by", "hours_per_week"} <= names
    mine = {p["name"] for p in spec["paths"]["/api/v1/me/plan"]["get"]["parameters"]}
    assert {"minimize", "rate", "max_cost", "max_hours", "by"} <= mine
    assert "422" in spec["paths"]["/api/v1/path"]["get"]["responses"]


def test_the_learners_plan_takes_limits_and_their_saved_choice(client):
    register(client, "ana")
    auth = bearer(api_token(client, "ana"))
    assert client.post("/api/v1/me/goals", json={"niche": "analyst"}, headers=auth).status_code
    plain = client.get("/api/v1/me/plan", headers=auth).get_json()
    assert totals(plain) == best()
    within = client.get("/api/v1/me/plan?max_cost=100", headers=auth).get_json()
    assert totals(within) == best(max_cost=100)
    refused = client.get("/api/v1/me/plan?max_cost=25", headers=auth)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"]["least"] == 30
    no_rate = client.get("/api/v1/me/plan?minimize=value", headers=auth)
    assert no_rate.status_code == 400 and "rate" in no_rate.get_json()["error"]["message"]
    # saved on the site: the API's default, and a given value wins
    saved = submit(client, "/plan", "/plan/choice", {"minimize": "value", "rate": "5"})
    assert saved.status_code == 302
    preferred = client.get("/api/v1/me/plan", headers=auth).get_json()
    assert totals(preferred) == best("value", rate=5)
    assert (preferred["minimize"], preferred["rate"]) == ("value", 5)
    faster = client.get("/api/v1/me/plan?rate=20", headers=auth).get_json()
    assert totals(faster) == best("value", rate=20)
    ics = client.get("/api/v1/me/schedule.ics?hours_per_week=7&start=2027-01-01", headers=auth)
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.data
    late = client.get(
        "/api/v1/me/schedule.ics?hours_per_week=7&start=2027-01-01&by=2027-01-05", headers=auth
    )
    assert late.status_code == 422
    assert "not ready by 2027-01-05 at 7 h/week" in late.get_json()["error"]["message"]


# ---------------------------------------------------------------------- the pages


def test_a_visitors_plan_page_shows_costs_and_keeps_the_choice_in_the_query(client):
    page = client.get("/path?target=analyst").get_data(as_text=True)
    assert 'data-label="Cost">$200<' in page and 'data-label="Cost">$90<' in page
    assert "<strong>7 hours</strong> and $290" in page
    assert 'name="minimize" value="hours" checked' in page
    assert 'method="get"' in page and 'name="csrf_token"' not in page.split('id="choice"')[1][:2000]
    within = client.get("/path?target=analyst&minimize=hours&max_cost=100&rate=")
    html = within.get_data(as_text=True)
    assert within.status_code == 200
    assert "<strong>10 hours</strong> and $100" in html and "within $100" in html
    assert 'id="max_cost" name="max_cost"' in html and 'value="100"' in html
    assert "max_cost=100" in html  # the export links keep it
    value = client.get("/path?target=analyst&minimize=value&rate=5").get_data(as_text=True)
    hours, cost = best("value", rate=5)
    assert f"<strong>{hours} hours</strong> and ${cost}" in value
    assert f"worth ${hours * 5 + cost} at $5/h" in value


def test_no_plan_within_the_budget_says_so_on_the_page(client):
    response = client.get("/path?target=analyst&max_cost=25")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "no plan within $25: the cheapest plan costs $30 (16 h)" in html
    assert 'id="max_cost"' in html  # the control is there to change it


def test_bad_choices_are_a_clear_400(client):
    response = client.get("/path?target=analyst&minimize=value")
    assert response.status_code == 400
    assert "best value needs your rate" in response.get_data(as_text=True)
    response = client.get("/path?target=analyst&max_cost=lots")
    assert response.status_code == 400
    assert "the budget must be a number" in response.get_data(as_text=True)


def test_a_learners_choice_is_remembered(client, app):
    register(client, "ana")
    app.extensions["learnpath"].store.add_goals("ana", ["analyst"])
    cheapest = {"minimize": "cost", "max_cost": "", "rate": ""}
    saved = submit(client, "/plan", "/plan/choice", cheapest)
    assert saved.status_code == 302
    assert app.extensions["learnpath"].store.plan_preference("ana") == {
        "minimize": "cost",
        "rate": None,
        "max_cost": None,
    }
    page = client.get("/plan").get_data(as_text=True)
    assert "Your plan is now the cheapest." in page
    assert "<strong>16 hours</strong> and $30" in page
    assert 'name="minimize" value="cost" checked' in page
    submit(client, "/plan", "/plan/choice", {"minimize": "value", "rate": "20", "max_cost": "100"})
    page = client.get("/plan").get_data(as_text=True)
    hours, cost = best("value", rate=20, max_cost=100)
    assert f"<strong>{hours} hours</strong> and ${cost}" in page
    refused = submit(client, "/plan", "/plan/choice", {"minimize": "value", "rate": ""})
    assert refused.status_code == 302
    assert "Not saved: best value needs your rate" in client.get("/plan").get_data(as_text=True)
    assert app.extensions["learnpath"].store.plan_preference("ana")["rate"] == 20


# ---------------------------------------------------------------------- a real server


def test_a_real_server_answers_a_budget_and_refuses_one_too_small(tmp_path):
    server = LiveServer(tmp_path, curricula=TRADE_OFFS)
    try:
        with urllib.request.urlopen(server.url + "api/v1/path?target=analyst&max_cost=100") as r:
            data = json.loads(r.read())
        assert totals(data) == best(max_cost=100)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + "api/v1/path?target=analyst&max_cost=25")
        assert refused.value.code == 422
        error = json.loads(refused.value.read())["error"]
        assert error["message"] == "no plan within $25: the cheapest plan costs $30 (16 h)"
        with pytest.raises(urllib.error.HTTPError) as bad:
            urllib.request.urlopen(server.url + "api/v1/path?target=analyst&max_cost=-3")
        assert bad.value.code in (400, 422)
    finally:
        server.stop()
