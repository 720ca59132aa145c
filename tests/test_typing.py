"""The core type-checks (mypy with ``check_untyped_defs``, configured in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_the_core_type_checks(tmp_path):
    api = pytest.importorskip("mypy.api", reason="mypy is part of the test extras")
    out, err, status = api.run(
        [
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(REPO / "learnpath"),
        ]
    )
    assert status == 0, out + err


def test_the_core_says_it_is_typed():
    assert (REPO / "learnpath" / "py.typed").is_file()
