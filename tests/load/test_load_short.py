"""A short, bounded version of ``run_load.py`` for the default suite: a few clients for a
few seconds against real servers. It asserts correctness only (no 5xx, no connection
errors, nothing lost or duplicated), never timings. The 30-second run with 16 clients
is ``python tests/load/run_load.py`` (see README, "Reliability")."""

from __future__ import annotations

import os

import pytest
from run_load import run
from store_support import POSTGRES_ENV

CLIENTS, SECONDS, FILLERS = 4, 3.0, 600


def _check(report: dict) -> None:
    assert report["requests"] > 0 and report["writes"] > 0 and report["plans"] > 0, report
    assert report["5xx"] == 0 and report["other_4xx"] == 0, report
    assert report["connection_errors"] == 0, report
    assert report["lost"] == 0, report
    assert report["duplicated"] == 0, report
    assert report["repeat_not_200"] == 0, report
    assert report["acknowledged_completions"] <= report["stored_completions"], report


def test_short_load_on_sqlite_loses_and_duplicates_nothing():
    _check(
        run("sqlite", clients=CLIENTS, seconds=SECONDS, threads=4, bundled=False, fillers=FILLERS)
    )


def test_short_load_on_postgresql_with_two_workers_loses_and_duplicates_nothing():
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    report = run(
        "postgresql",
        clients=CLIENTS,
        seconds=SECONDS,
        workers=2,
        threads=4,
        postgres_url=url,
        bundled=False,
        fillers=FILLERS,
    )
    assert report["servers"] == 2
    _check(report)
