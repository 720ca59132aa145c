"""Several threads and several processes record progress for one learner at the same time."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

from store_support import FILLER_MODULES, demo_catalogue, mark_done_worker

from learnpath.store import ProgressStore

CATALOGUE = demo_catalogue()


def _completed(url: str) -> list[str]:
    with ProgressStore(url, CATALOGUE) as store:
        return sorted(c.module for c in store.state("ana").completions)


def test_threads_marking_modules_done_at_once(database_url):
    with ProgressStore(database_url, CATALOGUE) as store:
        store.add_learner("ana")
        n_threads = 8
        shares = [list(FILLER_MODULES[i::n_threads]) for i in range(n_threads)]
        # every thread also marks one module that all the others mark too
        shares = [share + ["seo-101"] for share in shares]
        barrier = threading.Barrier(n_threads)
        outcomes: list[dict[str, bool]] = []
        errors: list[BaseException] = []

        def work(modules):
            try:
                barrier.wait(timeout=30)
                outcome = {}
                for module in modules:
                    outcome.update(store.mark_done("ana", [module]))
                outcomes.append(outcome)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(share,)) for share in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
    assert _completed(database_url) == sorted([*FILLER_MODULES, "seo-101"])
    # the shared module was new for exactly one thread
    assert Counter(o["seo-101"] for o in outcomes) == {True: 1, False: n_threads - 1}


def test_processes_marking_modules_done_at_once(database_url):
    with ProgressStore(database_url, CATALOGUE) as store:
        store.add_learner("ana")
    n_procs = 4
    shares = [[*FILLER_MODULES[i::n_procs], "seo-101", "sql-101"] for i in range(n_procs)]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(n_procs)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=mark_done_worker, args=(database_url, "ana", share, barrier, results))
        for share in shares
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert _completed(database_url) == sorted([*FILLER_MODULES, "seo-101", "sql-101"])
    for shared in ("seo-101", "sql-101"):
        assert Counter(o[shared] for o in outcomes) == {True: 1, False: n_procs - 1}
    for o in outcomes:
        assert all(o[m] for m in o if m.startswith("extra-"))
