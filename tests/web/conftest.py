"""Fixtures of the web tests: the Flask app on a fresh SQLite database (the
Flask-tutorial ``app``, ``client`` and ``runner``), a logged-in client, and a real
``learnpath serve`` process."""

from __future__ import annotations

import pytest
from web_support import LiveServer, app, client, register, runner, store

# the shared Flask-tutorial fixtures (defined in web_support, used by the security tests too)
__all__ = ["app", "client", "runner", "store"]


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
