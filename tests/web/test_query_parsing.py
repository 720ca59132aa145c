"""The API's fast query-string parsing gives exactly what Flask's own parsing gives."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Request
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from learnpath.web.common import LearnpathRequest

_pieces = st.text(alphabet=st.sampled_from("ab,é %+&=2Cc#/"), max_size=12)


def _args(cls, query: str) -> list[tuple[str, list[str]]]:
    env = EnvironBuilder(path="/api/v1/path").get_environ()
    env["QUERY_STRING"] = query
    return list(cls(env).args.lists())


@settings(max_examples=300)
@given(st.lists(st.tuples(_pieces, st.lists(_pieces, max_size=5)), max_size=4))
def test_encoded_queries_parse_as_flask_parses_them(params):
    query = urlencode([(k, ",".join(v)) for k, v in params])
    assert _args(LearnpathRequest, query) == _args(Request, query)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("%2Cc,aF&=+é"), max_size=30))
def test_raw_escapes_parse_as_flask_parses_them(raw):
    """Hand-written query strings, stray and doubled ``%`` included."""
    query = quote(raw, safe="%,&=+")
    assert _args(LearnpathRequest, query) == _args(Request, query)


def test_a_thousand_ids_arrive_whole(client):
    """Every id of a long, escaped list is read: the held skills count, the rest is
    named as unknown."""
    have = ["sql", *(f"no-such-skill-{k}" for k in range(999))]
    query = urlencode({"have": ",".join(have), "target": "data-analysis"})
    response = client.get("/api/v1/path?" + query)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unknown_id"
    assert len(error["details"]["unknown"]) == 999
    plan = client.get("/api/v1/path?" + urlencode({"have": "sql", "target": "data-analysis"}))
    modules = plan.get_json()["modules"]
    assert modules and all("sql" not in m["teaches"] for m in modules)  # sql is held
