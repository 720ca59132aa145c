"""Faults against a real ``learnpath serve`` (waitress, 127.0.0.1): a curriculum broken
while it runs, and ``kill -9`` in the middle of a burst of writes.

Every loop here is bounded in count and in time.
"""

from __future__ import annotations

import http.client
import threading
import time

from serving import Client, Server, completions_in, create_learners, filler_modules, write_catalogue

#: Crash cycles per database backend, writer threads, and acknowledged writes to wait
#: for before each kill (the kill lands while the writers are still going).
CRASHES = 2
WRITERS = 4
ACKED_BEFORE_KILL = 30
FILLERS = 200


def test_a_broken_curriculum_keeps_the_last_good_catalogue_on_a_real_server(tmp_path):
    curricula = write_catalogue(tmp_path / "curricula")
    server = Server(
        tmp_path,
        f"sqlite:///{tmp_path / 'faults.db'}",
        curricula,
        env={"LEARNPATH_CATALOGUE_CHECK_SECONDS": "0"},
    )
    client = Client(server.url)
    try:

        def total() -> float:
            status, body = client.request("GET", "/api/v1/path?target=data-analyst")
            assert status == 200, body
            return body["total_hours"]

        assert total() == 26
        data = curricula / "data.yaml"
        good = data.read_text()
        data.write_text(good.replace("hours: 12", "hours: -1") + "  - id: [broken\n")
        for _ in range(3):  # request after request, the last good catalogue answers
            assert total() == 26
        status, health = client.request("GET", "/health")
        assert status == 200 and health["status"] == "degraded"
        assert "data.yaml" in health["catalogue"]["error"]
        assert str(tmp_path) not in str(health)  # no server path for anonymous visitors
        assert "curriculum change refused" in server.errors()
        assert client.request("GET", "/niches")[0] == 200  # pages too
        data.write_text(good.replace("hours: 12", "hours: 20"))  # fixed (and changed)
        assert total() == 34
        status, health = client.request("GET", "/health")
        assert health["status"] == "ok" and health["catalogue"]["error"] is None
    finally:
        client.close()
        server.stop()


def _burst(url: str, names: list[str], modules: list[str], acked: dict, stop: threading.Event):
    """One writer per learner: POST completions one after another until the server
    dies or ``stop``; ``acked[name]`` gets every module answered 2xx."""

    def write(name: str):
        client = Client(url, timeout=10)
        try:
            client.log_in(name)
            for module in modules:
                if stop.is_set():
                    return
                try:
                    status, _ = client.request("POST", "/api/v1/me/completions", {"module": module})
                except (OSError, http.client.HTTPException):
                    return  # the server is gone: this write was never acknowledged
                if 200 <= status < 300:
                    acked[name].add(module)
                else:
                    raise AssertionError(f"{name} {module}: {status}")
        finally:
            client.close()

    return [threading.Thread(target=write, args=(n,), daemon=True) for n in names]


def test_kill_9_mid_burst_loses_no_acknowledged_write(database_backend, database_url, tmp_path):
    curricula = write_catalogue(tmp_path / "curricula", fillers=FILLERS)
    names = [f"crash{i}" for i in range(WRITERS)]
    create_learners(database_url, curricula, names)
    if database_backend == "sqlite":  # the servers run SQLite in WAL mode
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    acked: dict[str, set[str]] = {n: set() for n in names}
    modules = filler_modules(FILLERS)
    survived = 0
    for cycle in range(CRASHES):
        server = Server(tmp_path, database_url, curricula, threads=4, name=f"crash{cycle}")
        stop = threading.Event()
        # each cycle writes modules the previous ones did not reach
        todo = modules[cycle * (FILLERS // CRASHES) : (cycle + 1) * (FILLERS // CRASHES)]
        threads = _burst(server.url, names, todo, acked, stop)
        start = sum(len(a) for a in acked.values())
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while (
            sum(len(a) for a in acked.values()) < start + ACKED_BEFORE_KILL
            and time.monotonic() < deadline
            and any(t.is_alive() for t in threads)
        ):
            time.sleep(0.01)
        writing = any(t.is_alive() for t in threads)
        server.kill()  # SIGKILL, with requests in flight
        stop.set()
        for t in threads:
            t.join(timeout=30)
        assert writing, "the burst ended before the kill: raise FILLERS"
        survived += 1
    # back up once more: everything acknowledged is there, once
    server = Server(tmp_path, database_url, curricula, threads=4, name="after")
    try:
        stored = completions_in(database_url)
        for name in names:
            rows = stored.get(name, [])
            assert len(rows) == len(set(rows)), f"{name}: a completion stored twice"
            lost = acked[name] - set(rows)
            assert not lost, f"{name}: acknowledged but lost after kill -9: {sorted(lost)}"
        assert sum(len(a) for a in acked.values()) >= CRASHES * ACKED_BEFORE_KILL
        # and the restarted server serves them, and takes new writes
        client = Client(server.url)
        client.log_in(names[0])
        status, listed = client.request("GET", "/api/v1/me/completions")
        assert status == 200 and {c["module"] for c in listed} >= acked[names[0]]
        assert client.request("POST", "/api/v1/me/completions", {"module": "sql-101"})[0] == 201
        client.close()
    finally:
        server.stop()
    assert survived == CRASHES
