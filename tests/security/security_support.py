"""Helpers of the security and reliability tests (importable, unlike conftest)."""

from __future__ import annotations

import sys
from pathlib import Path

WEB_TESTS = Path(__file__).resolve().parents[1] / "web"
if str(WEB_TESTS) not in sys.path:
    sys.path.insert(0, str(WEB_TESTS))

from web_support import CURRICULA, SEEDS  # noqa: E402

from learnpath.web import create_app  # noqa: E402


def make_app(tmp_path: Path, **overrides):
    """The web tests' app (test catalogue, fresh SQLite file, cheap scrypt)."""
    config = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
        "CURRICULA": [str(CURRICULA)],
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SEEDS": str(SEEDS),
        "DEMO_LOGIN": True,
        "OPEN_REGISTRATION": True,
        "PASSWORD_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    return create_app(config)
