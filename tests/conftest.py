"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def _private_catalogue_cache(tmp_path_factory):
    """Keep the compiled-catalogue cache of the tests out of the user's cache folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LEARNPATH_CACHE_DIR", str(tmp_path_factory.mktemp("catalogue-cache")))
    yield
    mp.undo()


def pytest_configure(config):
    """Keep the current learner the CLI remembers out of the user's own config file."""
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="learnpath-test-config-")
    os.environ["LEARNPATH_CONFIG"] = str(Path(folder) / "config.toml")


def pytest_runtest_setup(item):
    """Every test starts with no remembered current learner (a hook, not a fixture, so
    Hypothesis tests are not given a function-scoped fixture)."""
    import os

    Path(os.environ["LEARNPATH_CONFIG"]).unlink(missing_ok=True)


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the checkout (public data sets); skips when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public data sets not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA


@pytest.fixture
def prerequisite_graphs(shared_data: Path) -> Path:
    folder = shared_data / "prerequisite-graphs"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return folder


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write dedented YAML text to a file under a fresh folder and return its path."""

    def write(text: str, name: str = "course.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


# --- learner store (issue 5): every store test runs on SQLite, and on PostgreSQL when
# LEARNPATH_TEST_POSTGRES_URL names a server (throwaway databases, dropped at the end).

from store_support import POSTGRES_SKIP_REASON, PostgresServer  # noqa: E402
from web_support import make_app  # noqa: E402


@pytest.fixture(scope="session")
def _postgres_server():
    server = PostgresServer.from_environment()
    yield server
    if server is not None:
        server.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_backend(request, _postgres_server) -> str:
    """``"sqlite"`` or ``"postgresql"`` (skipped unless LEARNPATH_TEST_POSTGRES_URL is set)."""
    if request.param == "postgresql" and _postgres_server is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    return request.param


@pytest.fixture
def make_database_url(database_backend, _postgres_server, tmp_path):
    """Call it for the URL of another fresh, empty database of the current backend."""
    counter = iter(range(1_000))

    def make() -> str:
        index = next(counter)
        if database_backend == "sqlite":
            return f"sqlite:///{tmp_path / f'learnpath-{index}.db'}"
        return _postgres_server.database(index)

    return make


@pytest.fixture
def database_url(make_database_url) -> str:
    """The URL of a fresh, empty database: SQLite (a temporary file), then PostgreSQL."""
    return make_database_url()


# --- the web app (Flask's tutorial fixtures): the test catalogue on a fresh SQLite file


@pytest.fixture
def app(tmp_path):
    """The web app over ``tests/web/curricula`` and a fresh SQLite database."""
    app = make_app(tmp_path)
    yield app
    app.extensions["learnpath"].store.close()


@pytest.fixture
def client(app):
    """A test client of :func:`app`."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner of :func:`app`."""
    return app.test_cli_runner()


@pytest.fixture
def store(app):
    """The app's progress store."""
    return app.extensions["learnpath"].store
