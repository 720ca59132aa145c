"""The JSON API fuzzed from its own OpenAPI document (schemathesis, in process over WSGI).

For every documented operation, schemathesis generates valid and invalid requests
(wrong types, missing fields, odd strings, unknown ids) from the document served at
``/api/v1/openapi.json``; learner endpoints get a fresh bearer token per example. Every
answer must be a documented status (never a 5xx), with the documented content type and
a body matching the documented schema. Bounded: :data:`EXAMPLES` per operation, no
deadline-based shrinking loops, a few seconds in all.
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from schemathesis import GenerationMode, checks
from web_support import PASSWORD, make_app

from learnpath.store.accounts import AccountStore
from learnpath.web.auth import hash_password

#: Examples per operation and mode (23 operations, valid and invalid requests): enough
#: to find type and boundary mistakes, small enough for every CI run
#: (``LEARNPATH_FUZZ_EXAMPLES=200 pytest tests/security`` digs deeper).
EXAMPLES = min(1000, int(os.environ.get("LEARNPATH_FUZZ_EXAMPLES", "10")))

LEARNER = "fuzz-ana"
COUNT = {"positive": 0, "negative": 0}


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("fuzz"), LOGIN_FAILURES_PER_ADDRESS=10_000)
    store = app.extensions["learnpath"].store
    with app.app_context():
        AccountStore(store).create(LEARNER, hash_password(PASSWORD))
    store.add_skills(LEARNER, ["written-english"])
    store.add_goals(LEARNER, ["data-analyst"])
    store.mark_done(LEARNER, ["sql-101"])
    yield app
    store.close()


def _forget_tokens_made_by_the_api(accounts, keep: str) -> None:
    """``POST /tokens`` examples that log in make tokens too: revoke them, so that no run
    (``LEARNPATH_FUZZ_EXAMPLES=200`` included) fills the learner's token limit."""
    from learnpath.store.accounts import hash_token

    keep_hash = hash_token(keep)
    db = accounts.db
    db.execute_sql(f"DELETE FROM api_token WHERE token_hash <> {db.param}", (keep_hash,))


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]

SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(fuzz_app, mode):
    """Valid requests (positive) and schema-violating ones (negative) for every operation."""
    accounts = AccountStore(fuzz_app.extensions["learnpath"].store)
    ops = operations(fuzz_app)
    shared = accounts.create_token(LEARNER, "fuzz")
    assert len(ops) >= 22
    for op in ops:
        revokes = op.label == "DELETE /api/v1/tokens/current"

        @SETTINGS
        @hypothesis.given(case=op.as_strategy(generation_mode=mode))
        def run(case):
            # one token for all, except where the request itself revokes it
            token = accounts.create_token(LEARNER, "fuzz") if revokes else shared  # noqa: B023
            COUNT[mode.value] += 1
            try:
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
            finally:
                if token is not shared:  # a request that did not revoke it leaves it behind
                    accounts.revoke_token_value(token)
                _forget_tokens_made_by_the_api(accounts, shared)

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            # nothing in this operation's parameters can violate the schema (e.g. a
            # free-form id in the path): its negative case is the 404 of the positive run
            assert mode is GenerationMode.NEGATIVE, op.label
            continue
        except Exception as exc:
            raise AssertionError(f"{op.label} ({mode.value}): {exc}") from exc
    print(f"api fuzz ({mode.value}):", COUNT[mode.value], "examples over", len(ops), "operations")
    assert COUNT[mode.value] >= 3 * len(ops)
