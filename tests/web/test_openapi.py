"""The served OpenAPI document is valid, complete, and true: every documented operation
answers with a documented status and a body that matches the documented schema."""

from __future__ import annotations

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from web_support import api_token, bearer, register

PREFIX = "/api/v1"

#: A valid request for every operation: path parameters, query string, JSON body.
VALID = {
    ("get", "/skills"): {"query": "q=data"},
    ("get", "/skills/{skill_id}"): {"path": {"skill_id": "sql"}},
    ("get", "/modules"): {"query": "q=sql"},
    ("get", "/modules/{module_id}"): {"path": {"module_id": "sql-101"}},
    ("get", "/niches"): {"query": "have=written-english,sql&sort=hours&now=27-3042"},
    ("get", "/niches/{niche_id}"): {"path": {"niche_id": "data-analyst"}},
    ("get", "/compare"): {"query": "n=data-analyst&n=ai-editor&have=sql&now=15-2051"},
    ("get", "/path"): {"query": "have=written-english&target=ai-content-strategist"},
    ("post", "/tokens"): {"json": {"name": "ana", "password": "correct horse battery"}},
    ("get", "/me"): {},
    ("get", "/me/skills"): {},
    ("put", "/me/skills"): {"json": {"skills": ["written-english", "sql"]}},
    ("get", "/me/goals"): {},
    ("post", "/me/goals"): {"json": {"niche": "data-analyst"}},
    ("get", "/me/completions"): {},
    ("post", "/me/completions"): {"json": {"module": "analysis-201", "note": "done"}},
    ("get", "/me/plan"): {"query": "minimize=cost"},
    ("get", "/me/progress"): {},
    ("get", "/me/schedule.ics"): {
        "query": "hours_per_week=6&start=2026-01-05&days=mon,thu&time=18:00&alarm=10"
    },
    ("post", "/me/commitment"): {"json": {"hours_per_week": 6, "days": "mon,thu"}},
    ("get", "/me/commitment"): {},
    ("get", "/me/status"): {},
    ("get", "/me/plan/diff"): {},
    ("delete", "/me/commitment"): {},
    ("get", "/me/export"): {},
    ("post", "/me/import"): {
        "json": {
            "format": "learnpath-learner",
            "version": 1,
            "learner": {"name": "ana"},
            "skills": ["written-english", "sql"],
            "goals": ["data-analyst"],
            "completions": [{"module": "analysis-201", "on": "2026-01-02"}],
        }
    },
    ("post", "/match"): {"json": {"text": "Analyst: SQL and spreadsheets", "have": ["sql"]}},
    ("get", "/roles"): {},
    ("post", "/assess"): {"json": {"answers": [{"skill": "sql", "yes": True}]}},
    ("get", "/me/prior-learning"): {},
    ("post", "/me/prior-learning"): {"json": {"module": "writing-101"}},
    ("delete", "/me/prior-learning/{module_id}"): {"path": {"module_id": "writing-101"}},
    ("delete", "/me/completions/{module_id}"): {"path": {"module_id": "analysis-201"}},
    ("delete", "/me/goals/{niche_id}"): {"path": {"niche_id": "data-analyst"}},
    ("delete", "/tokens/current"): {},
}

#: A request each operation must refuse with a documented 4xx.
INVALID = {
    ("get", "/skills"): {"query": "q=" + "x" * 200},
    ("get", "/skills/{skill_id}"): {"path": {"skill_id": "sqll"}},
    ("get", "/modules"): {"query": "q=" + "x" * 200},
    ("get", "/modules/{module_id}"): {"path": {"module_id": "nope"}},
    ("get", "/niches"): {"query": "sort=sideways"},
    ("get", "/niches/{niche_id}"): {"path": {"niche_id": "nope"}},
    ("get", "/compare"): {"query": "n=data-analyst"},
    ("get", "/path"): {"query": "have=sql"},
    ("post", "/tokens"): {"json": {"name": "ana", "password": "wrong"}},
    ("put", "/me/skills"): {"json": {"skills": ["not-a-skill"]}},
    ("post", "/me/goals"): {"json": {"niche": 42}},
    ("post", "/me/completions"): {"json": {"module": "sql-101", "on": "tomorrow"}},
    ("get", "/me/plan"): {"query": "minimize=effort"},
    ("get", "/me/schedule.ics"): {"query": "hours_per_week=-1"},
    ("post", "/me/commitment"): {"json": {"hours_per_week": 0}},
    ("get", "/me/commitment"): {},
    ("get", "/me/plan/diff"): {},
    ("delete", "/me/commitment"): {},
    ("post", "/me/import"): {"json": {"format": "learnpath-learner"}},
    ("delete", "/me/completions/{module_id}"): {"path": {"module_id": "sql-101"}},
    ("delete", "/me/goals/{niche_id}"): {"path": {"niche_id": "ai-editor"}},
    ("post", "/match"): {"json": {"text": "PNG\u0000\u0000\u0001\u0002\u0003\u0004 binary"}},
    ("post", "/assess"): {"json": {"target": "not-a-niche"}},
    ("post", "/me/prior-learning"): {"json": {"module": "not-a-module"}},
    ("delete", "/me/prior-learning/{module_id}"): {"path": {"module_id": "sql-101"}},
}


@pytest.fixture
def spec(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "delete", "patch"):
                yield method, path.removeprefix(PREFIX), op


def resolve(node, spec):
    """The schema with every ``$ref`` replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, spec)
        return {k: resolve(v, spec) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, spec) for v in node]
    return node


def check(response, op, spec, what: str) -> None:
    """The status is documented and a JSON body matches its documented schema."""
    documented = op["responses"]
    status = str(response.status_code)
    assert status in documented or (response.status_code >= 400 and "default" in documented), (
        f"{what}: {status} is not documented ({sorted(documented)})"
    )
    doc = resolve(documented.get(status) or documented["default"], spec)
    content = doc.get("content", {})
    if response.status_code == 204:
        assert response.data == b"", what
        return
    assert content, f"{what}: {status} documents no body"
    if response.mimetype == "application/json":
        schema = content["application/json"]["schema"]
        OAS30Validator(schema).validate(response.get_json())
    else:
        assert response.mimetype in content, f"{what}: {response.mimetype} not documented"


def call(client, method, path, request, headers):
    url = PREFIX + path.format(**request.get("path", {}))
    if request.get("query"):
        url += "?" + request["query"]
    return client.open(url, method=method.upper(), json=request.get("json"), headers=headers)


def test_the_document_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_api_route_is_documented(app, spec):
    documented = {
        (m.upper(), p) for p, item in spec["paths"].items() for m in item if m != "parameters"
    }
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX) or rule.endpoint.startswith(("api-docs", "apidocs")):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in documented, f"{method} {path} is not documented"
    assert len(documented) == len(VALID)


def test_every_documented_operation_answers_as_documented(client, spec):
    register(client.application.test_client(), "ana")
    auth = bearer(api_token(client, "ana"))
    ops = {(m, p): op for m, p, op in operations(spec)}
    assert set(ops) == set(VALID), "a test request for every operation"
    for key, request in VALID.items():  # in order: writes before the deletes that undo them
        method, path = key
        op = ops[key]
        headers = auth if op.get("security") else {}
        response = call(client, method, path, request, headers)
        assert response.status_code < 300, (key, response.get_data(as_text=True))
        check(response, op, spec, f"{method.upper()} {path}")


def test_every_refusal_is_documented(client, spec):
    register(client.application.test_client(), "ana")
    auth = bearer(api_token(client, "ana"))
    ops = {(m, p): op for m, p, op in operations(spec)}
    for key, op in ops.items():
        method, path = key
        if op.get("security"):  # no token: 401, documented
            request = VALID[key]
            response = call(client, method, path, request, {})
            assert response.status_code == 401
            check(response, op, spec, f"{method.upper()} {path} without a token")
        if key in INVALID:
            headers = auth if op.get("security") else {}
            response = call(client, method, path, INVALID[key], headers)
            assert 400 <= response.status_code < 500, key
            check(response, op, spec, f"{method.upper()} {path} with bad input")


def test_the_docs_page_lists_every_operation_without_external_assets(client, spec):
    html = client.get(f"{PREFIX}/docs").get_data(as_text=True)
    for method, path, _ in operations(spec):
        assert f"<code>{method.upper()} {PREFIX}{path}</code>" in html
    assert "http://" not in html.replace("http://localhost/", "")
    assert "https://" not in html


def test_documented_ranges_are_the_enforced_ones(spec):
    """The document says what the API refuses: hours a week above 0 (exclusive), token
    expiry 1 to 3650 days, non-empty ids, at most 20 targets."""
    schedule = {
        p["name"]: p for p in spec["paths"][f"{PREFIX}/me/schedule.ics"]["get"]["parameters"]
    }
    hours = schedule["hours_per_week"]["schema"]
    assert hours["minimum"] == 0 and hours["exclusiveMinimum"] is True and hours["maximum"] == 168
    token = spec["components"]["schemas"]["TokenIn"]["properties"]
    assert (token["expires_in_days"]["minimum"], token["expires_in_days"]["maximum"]) == (1, 3650)
    assert token["name"]["minLength"] == 1 and token["password"]["minLength"] == 1
    assert spec["components"]["schemas"]["GoalIn"]["properties"]["niche"]["minLength"] == 1
    path = {p["name"]: p for p in spec["paths"][f"{PREFIX}/path"]["get"]["parameters"]}
    assert path["target"]["schema"]["maxItems"] == 20
