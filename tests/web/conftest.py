"""Fixtures of the web tests: the Flask app on a fresh SQLite database (the
Flask-tutorial ``app``, ``client`` and ``runner``), a logged-in client, and a real
``learnpath serve`` process."""

from __future__ import annotations

import pytest
from web_support import CURRICULA, SEEDS, LiveServer, register

from learnpath.web import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
            "CURRICULA": [str(CURRICULA)],
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SEEDS": str(SEEDS),
            "DEMO_LOGIN": True,
            "OPEN_REGISTRATION": True,
            # still scrypt, at a cost tests can afford (the default is N=2**15)
            "PASSWORD_METHOD": "scrypt:1024:8:1",
        }
    )
    yield app
    app.extensions["learnpath"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def store(app):
    return app.extensions["learnpath"].store


@pytest.fixture
def ana(client):
    """A client logged in as the registered learner ``ana``."""
    response = register(client, "ana")
    assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One ``learnpath serve`` process for a test module (its tests use distinct learners)."""
    server = LiveServer(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()
