"""Helpers of the security and reliability tests (importable, unlike conftest)."""

from __future__ import annotations

import sys
from pathlib import Path

WEB_TESTS = Path(__file__).resolve().parents[1] / "web"
if str(WEB_TESTS) not in sys.path:
    sys.path.insert(0, str(WEB_TESTS))

# re-exported for the security tests: the app factory and its fixtures
from web_support import app, client, make_app, store  # noqa: E402,F401
