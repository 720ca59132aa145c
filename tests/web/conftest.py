"""Fixtures of the web tests: a logged-in client and a real ``learnpath serve`` process
(``app``, ``client``, ``runner`` and ``store`` live in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest
from web_support import LiveServer, register


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
