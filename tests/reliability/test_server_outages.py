"""Database outages against a real ``learnpath serve``: a held SQLite write lock, a full
disk, a PostgreSQL database that goes away, and PostgreSQL connections cut mid-burst.

What must hold: no 500, ever; a write that cannot be done answers 503 with
``Retry-After`` (507 for a full disk) and one log line; ``/health`` (liveness) keeps
answering at once; ``/health/ready`` says 503 while the database cannot take a write;
nothing acknowledged is lost, nothing stored twice. Every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
from serving import (
    PASSWORD,
    Browser,
    Client,
    Server,
    completions_in,
    create_learners,
    filler_modules,
    write_catalogue,
)
from store_support import POSTGRES_ENV, PostgresServer

BUSY = 1.0  # the servers' busy timeout (LEARNPATH_DB_BUSY_TIMEOUT), seconds


def _health_latencies(url: str, stop: threading.Event, out: list[float], errors: list):
    client = Client(url, timeout=30, source="127.0.0.41")
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, _ = client.request("GET", "/health")
            if status != 200:
                errors.append(status)
        except OSError as exc:
            errors.append(repr(exc))
        out.append(time.monotonic() - started)
        time.sleep(0.02)
    client.close()


def test_a_held_sqlite_lock_answers_503_and_never_stalls_health(tmp_path):
    curricula = write_catalogue(tmp_path / "curricula", fillers=60)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    names = [f"w{i}" for i in range(8)]
    create_learners(url, curricula, names)
    server = Server(
        tmp_path, url, curricula, threads=4, env={"LEARNPATH_DB_BUSY_TIMEOUT": str(BUSY)}
    )
    writers = [Client(server.url, timeout=30) for _ in names]
    for client, name in zip(writers, names, strict=True):
        client.log_in(name)
    holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None, timeout=5)
    latencies: list[float] = []
    health_errors: list = []
    outcomes: list[tuple[int, str | None]] = []
    stop = threading.Event()

    def write(client: Client, modules: list[str]):
        for module in modules:
            if stop.is_set():
                return
            status, _ = client.request("POST", "/api/v1/me/completions", {"module": module})
            outcomes.append((status, client.headers.get("Retry-After")))

    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        monitor = threading.Thread(
            target=_health_latencies, args=(server.url, stop, latencies, health_errors)
        )
        monitor.start()
        threads = [
            threading.Thread(target=write, args=(c, filler_modules(60)[i::8]))
            for i, c in enumerate(writers)
        ]
        for t in threads:
            t.start()
        reader = Client(server.url, timeout=30, source="127.0.0.42")
        learner = Client(server.url, timeout=30)
        learner.token = writers[0].token
        read_times = []
        deadline = time.monotonic() + 4 * BUSY
        while time.monotonic() < deadline:  # anonymous and learner reads go on
            started = time.monotonic()
            assert reader.request("GET", "/api/v1/path?target=data-analyst")[0] == 200
            assert learner.request("GET", "/api/v1/me/completions")[0] == 200
            read_times.append(time.monotonic() - started)
            time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        monitor.join(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try:
        assert outcomes, "no write was tried"
        assert {s for s, _ in outcomes} == {503}, sorted({s for s, _ in outcomes})
        assert all(r and int(r) >= 1 for _, r in outcomes)
        assert not health_errors, health_errors
        # /health never waited behind the writers (waiting would cost the busy timeout)
        print(
            f"held lock: /health max {max(latencies) * 1000:.0f} ms over {len(latencies)}, "
            f"reads max {max(read_times) * 1000:.0f} ms, writes {len(outcomes)} x 503"
        )
        assert max(latencies) < BUSY / 2, max(latencies)
        assert max(read_times) < BUSY / 2, max(read_times)
        # the lock is gone: writing works again, and one log line per refusal, no traceback
        status, _ = writers[0].request("POST", "/api/v1/me/completions", {"module": "sql-101"})
        assert status == 201
        log = server.errors()
        assert "Traceback" not in log and "database is busy" in log
    finally:
        server.stop()


def _mount_small_disk(folder, megabytes: int) -> None:
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk needs a small filesystem: mounting one needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {result.stderr.strip()}")


def _fill(folder) -> None:
    """Fill the filesystem of ``folder`` to the last byte."""
    with open(folder / "filler", "wb") as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
                fh.flush()
        except OSError:
            pass
    try:
        with open(folder / "filler-small", "wb") as fh:
            while True:
                fh.write(b"\0" * 512)
                fh.flush()
    except OSError:
        pass


def test_a_full_disk_answers_507_and_readiness_says_so(tmp_path):
    disk = tmp_path / "disk"
    _mount_small_disk(disk, 8)
    server = None
    try:
        curricula = write_catalogue(tmp_path / "curricula", fillers=200)
        url = f"sqlite:///{disk / 'full.db'}"
        create_learners(url, curricula, ["ana"])
        server = Server(tmp_path, url, curricula, env={"LEARNPATH_MIN_FREE_DISK_MB": "1"})
        client = Client(server.url)
        client.log_in("ana")
        assert client.request("GET", "/health/ready")[0] == 200
        acked = set()
        _fill(disk)
        answers = []
        for module in filler_modules(200):
            status, body = client.request(
                "POST", "/api/v1/me/completions", {"module": module, "note": "n" * 8000}
            )
            answers.append(status)
            if 200 <= status < 300:
                acked.add(module)
            else:
                assert status == 507, (status, body)
                assert "disk is full" in body["error"]["message"]
                break
        assert answers[-1] == 507, f"the disk never filled: {len(answers)} writes"
        status, body = client.request("GET", "/health/ready")
        assert status == 503 and body["checks"]["disk"] == "low", body
        assert client.request("GET", "/health")[0] == 200  # alive: reads still served
        status, _ = client.request("POST", "/api/v1/tokens", {"name": "ana", "password": "x" * 9})
        assert status in (401, 507)  # never a 500
        full = answers.count(507) + (status == 507)
        log = server.errors()
        assert "Traceback" not in log
        assert log.count("disk is full") == full  # one line for each, no more
        # room again: nothing acknowledged was lost, and writing goes on
        for filler in disk.glob("filler*"):
            filler.unlink()
        assert client.request("GET", "/health/ready")[0] == 200
        assert client.request("POST", "/api/v1/me/completions", {"module": "sql-101"})[0] == 201
        stored = completions_in(url)["ana"]
        assert acked <= set(stored) and len(stored) == len(set(stored))
    finally:
        if server is not None:
            server.stop()
        subprocess.run(["umount", str(disk)], capture_output=True)


def _postgres(tmp_path):
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: this outage needs PostgreSQL")
    pg = PostgresServer(url)
    return pg, pg.database(0)


def _admin(pg: PostgresServer, sql: str, params=()) -> None:
    import psycopg2

    conn = psycopg2.connect(pg.url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
    finally:
        conn.close()


def _cut_connections(pg: PostgresServer, name: str) -> None:
    _admin(
        pg,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (name,),
    )


def test_a_postgresql_database_gone_is_503_and_not_ready(tmp_path):
    pg, db_url = _postgres(tmp_path)
    name = db_url.rsplit("/", 1)[1]
    curricula = write_catalogue(tmp_path / "curricula")
    create_learners(db_url, curricula, ["ana"])
    server = Server(tmp_path, db_url, curricula)
    try:
        client = Client(server.url)
        client.log_in("ana")
        browser = Browser(server.url)
        assert browser.submit("/login", "/login", {"name": "ana", "password": PASSWORD})[0] == 302
        assert client.request("GET", "/health/ready")[0] == 200
        _admin(pg, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        _cut_connections(pg, name)
        try:
            status, body = client.request("GET", "/health/ready")
            assert status == 503 and body["checks"]["database"] == "unavailable", body
            assert int(client.headers["Retry-After"]) >= 1
            assert client.request("GET", "/health")[0] == 200  # alive, not ready
            status, body = client.request("POST", "/api/v1/me/completions", {"module": "sql-101"})
            assert status == 503 and int(client.headers["Retry-After"]) >= 1, (status, body)
            assert pg.url not in str(body) and name not in str(body)
            status, headers, html = browser.get("/plan")  # a page, logged in
            assert status == 503 and int(headers["Retry-After"]) >= 1, status
            assert "cannot be reached" in html
        finally:
            _admin(pg, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        assert client.request("GET", "/health/ready")[0] == 200
        status, _ = client.request("POST", "/api/v1/me/completions", {"module": "sql-101"})
        assert status in (200, 201)
        assert "Traceback" not in server.errors()
    finally:
        server.stop()
        pg.drop_all()


def test_postgresql_connections_cut_mid_burst_lose_nothing(tmp_path):
    pg, db_url = _postgres(tmp_path)
    name = db_url.rsplit("/", 1)[1]
    curricula = write_catalogue(tmp_path / "curricula", fillers=200)
    names = [f"cut{i}" for i in range(4)]
    create_learners(db_url, curricula, names)
    servers = [Server(tmp_path, db_url, curricula, name=f"pg{i}") for i in range(2)]
    acked: dict[str, set[str]] = {n: set() for n in names}
    refused: list[tuple[int, str | None]] = []
    modules = filler_modules(200)

    def write(learner: str, share: list[str]):
        client = Client([s.url for s in servers], timeout=30)
        client.log_in(learner)
        for module in share:
            for _ in range(20):  # a 503 says: send it again
                status, _ = client.request("POST", "/api/v1/me/completions", {"module": module})
                if status in (200, 201):
                    acked[learner].add(module)
                    break
                refused.append((status, client.headers.get("Retry-After")))
                time.sleep(0.05)
        client.close()

    try:
        threads = [
            threading.Thread(target=write, args=(n, modules[i::4][:30]))
            for i, n in enumerate(names)
        ]
        for t in threads:
            t.start()
        for _ in range(4):  # as a restart does: every connection of the database dies
            time.sleep(0.3)
            _cut_connections(pg, name)
        for t in threads:
            t.join(timeout=120)
        assert all(not t.is_alive() for t in threads)
        assert all(s == 503 and r and int(r) >= 1 for s, r in refused), refused
        stored = completions_in(db_url)
        for learner in names:
            rows = stored.get(learner, [])
            assert len(rows) == len(set(rows)), f"{learner}: stored twice"
            assert acked[learner] == set(rows) and len(rows) == 30, learner
        for s in servers:
            assert "Traceback" not in s.errors()
        print(f"connections cut 4 times: {len(refused)} answers of 503, none of 500")
    finally:
        for s in servers:
            s.stop()
        pg.drop_all()
