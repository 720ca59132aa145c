"""Load: concurrent clients mixing plan queries and completion writes against real
``learnpath serve`` processes on 127.0.0.1; nothing may be lost or duplicated.

    python tests/load/run_load.py                        # SQLite, then PostgreSQL if set
    python tests/load/run_load.py --backend sqlite --clients 16 --seconds 30
    python tests/load/run_load.py --backend postgresql --workers 2 \\
        --postgres-url postgresql://postgres@127.0.0.1:5432/test

SQLite: one server process with a pool of threads. PostgreSQL: ``--workers`` server
processes on different ports (one throwaway database, created and dropped here), and
each client spreads its requests over them round-robin, as a reverse proxy would.

Each client is one learner with an API token. Half its requests are plan queries
(anonymous ``GET /api/v1/path`` over the bundled catalogue with varied skills, or its
own ``GET /api/v1/me/plan``), half are completion writes (``POST
/api/v1/me/completions``: mostly new modules, one in ten a module it already
completed, which must answer 200 and change nothing). At the end the database is read
back: every write answered 201/200 must be there exactly once.

Reports requests, throughput, p50/p99 latency (all, plans, writes), 5xx, connection
errors, lost and duplicated completions; exits 1 if any 5xx, loss or duplicate.
Bounded: the run stops at ``--seconds``, every request has a timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: serving.py, store_support.py

from serving import (  # noqa: E402
    Client,
    Server,
    completions_in,
    create_learners,
    filler_modules,
    write_catalogue,
)

REPO = HERE.parents[1]
FILLERS = 3000


def _catalogue(folder: Path, bundled: bool, fillers: int = FILLERS) -> Path:
    write_catalogue(folder, fillers=fillers)
    if bundled:  # plans over the real catalogue (its ids do not clash with the test one)
        for f in (REPO / "curricula").glob("*.yaml"):
            shutil.copy(f, folder / f"bundled-{f.name}")
        for f in folder.glob("*.yaml"):
            if f.name in ("data.yaml", "writing.yaml"):
                f.unlink()
    return folder


def _targets(folder: Path) -> tuple[list[str], list[str]]:
    """The catalogue's niches, and skill sets to start plans from (its entry skills)."""
    from learnpath.catalogue.loader import load_catalogue

    cat = load_catalogue([folder], cache=False)
    entry = sorted(s for s in cat.entry_skills if not s.startswith("fill-"))
    haves = [",".join(entry[:1]), ",".join(entry[:2]), ",".join(entry[1:3])]
    return sorted(cat.niches), [h for h in haves if h]


def _give_goals(db_url: str, curricula: Path, names: list[str], niches: list[str]) -> None:
    """Each learner declares the entry skills and aims at two niches (so ``/me/plan``
    has something to plan)."""
    from learnpath.catalogue.loader import load_catalogue
    from learnpath.store import ProgressStore

    cat = load_catalogue([curricula], cache=False)
    with ProgressStore(db_url, cat) as store:
        for i, name in enumerate(names):
            entry = sorted(s for s in cat.entry_skills if not s.startswith("fill-"))
            store.add_skills(name, entry[:2])
            store.add_goals(name, [niches[i % len(niches)], niches[(3 * i + 1) % len(niches)]])


class Tally:
    """What the clients saw (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"plan": [], "write": []}
        self.status: dict[int, int] = {}
        self.errors = 0
        self.acked: dict[str, set[str]] = {}
        self.created_twice = 0
        self.repeat_not_200 = 0

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[status] = self.status.get(status, 0) + 1


def _client(urls, name, niches, haves, deadline, tally: Tally, seed, modules: list[str]):
    rng = random.Random(seed)
    todo = modules[:]
    rng.shuffle(todo)
    client = Client(urls, timeout=30)
    mine: set[str] = set()
    try:
        client.log_in(name)
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                if rng.random() < 0.5:
                    if rng.random() < 0.6:
                        have, target = rng.choice(haves), rng.choice(niches)
                        path = f"/api/v1/path?have={have}&target={target}"
                        headers = {"Authorization": ""}  # anonymous: no token needed
                        status, _ = client.request("GET", path, headers=headers)
                    else:
                        status, _ = client.request("GET", "/api/v1/me/plan")
                    tally.add("plan", status, time.monotonic() - began)
                    continue
                # one in ten a repeat (and only repeats once its own modules run out)
                repeat = bool(mine) and (rng.random() < 0.1 or not todo)
                if not mine and not todo:
                    break
                module = rng.choice(sorted(mine)) if repeat else todo.pop()
                status, _ = client.request("POST", "/api/v1/me/completions", {"module": module})
                tally.add("write", status, time.monotonic() - began)
                if status == 201:
                    with tally.lock:
                        if module in mine:
                            tally.created_twice += 1
                    mine.add(module)
                elif status == 200:
                    mine.add(module)
                    if not repeat:
                        with tally.lock:  # a first write must create
                            tally.created_twice += 1
                if repeat and status != 200:
                    with tally.lock:
                        tally.repeat_not_200 += 1
            except (OSError, ValueError) as exc:  # connection trouble: counted, not retried
                with tally.lock:
                    tally.errors += 1
                    if tally.errors < 5:
                        print(f"client {name}: {exc!r}", file=sys.stderr)
    finally:
        client.close()
        with tally.lock:
            tally.acked[name] = mine


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(
    backend: str = "sqlite",
    clients: int = 16,
    seconds: float = 30.0,
    workers: int = 2,
    threads: int = 8,
    postgres_url: str | None = None,
    bundled: bool = True,
    fillers: int = FILLERS,
) -> dict:
    """One load run; the report as a dict (see the module notes)."""
    tmp = Path(tempfile.mkdtemp(prefix="learnpath-load-"))
    admin = None
    dbname = None
    try:
        curricula = _catalogue(tmp / "curricula", bundled, fillers)
        niches, haves = _targets(curricula)
        if backend == "sqlite":
            db_url = f"sqlite:///{tmp / 'load.db'}"
            n_servers = 1
        else:
            import psycopg2

            base = urlparse(postgres_url)
            dbname = f"learnpath_load_{secrets.token_hex(4)}"
            admin = psycopg2.connect(
                dbname=base.path.lstrip("/") or "postgres",
                user=base.username or "postgres",
                password=base.password,
                host=base.hostname or "127.0.0.1",
                port=base.port or 5432,
            )
            admin.autocommit = True
            with admin.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{dbname}"')
            db_url = base._replace(path=f"/{dbname}", query="").geturl()
            n_servers = workers
        names = [f"load{i:02d}" for i in range(clients)]
        create_learners(db_url, curricula, names)
        _give_goals(db_url, curricula, names, niches)
        env = {"LEARNPATH_SECRET_KEY": secrets.token_hex(32)}  # one key for all workers
        servers = [
            Server(tmp, db_url, curricula, threads=threads, env=env, name=f"worker{i}")
            for i in range(n_servers)
        ]
        urls = [s.url for s in servers]
        modules = filler_modules(fillers)
        tally = Tally()
        began = time.monotonic()
        deadline = began + seconds
        pool = [
            threading.Thread(
                target=_client,
                args=(urls, n, niches, haves, deadline, tally, i, modules[i::clients]),
                daemon=True,
            )
            for i, n in enumerate(names)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join(timeout=seconds + 60)
        elapsed = time.monotonic() - began
        for s in servers:
            s.stop()
        server_errors = "".join(s.errors() for s in servers)
        stored = completions_in(db_url)
        lost = sum(len(tally.acked.get(n, set()) - set(stored.get(n, []))) for n in names)
        duplicated = sum(len(r) - len(set(r)) for r in stored.values()) + tally.created_twice
        all_lat = tally.latency["plan"] + tally.latency["write"]
        five = sum(v for k, v in tally.status.items() if k >= 500)
        other = sum(v for k, v in tally.status.items() if k not in (200, 201) and k < 500)
        report = {
            "backend": backend,
            "servers": n_servers,
            "threads_per_server": threads,
            "clients": clients,
            "seconds": round(elapsed, 1),
            "requests": len(all_lat),
            "throughput_rps": round(len(all_lat) / elapsed, 1),
            "plans": len(tally.latency["plan"]),
            "writes": len(tally.latency["write"]),
            "p50_ms": round(_pct(all_lat, 0.50) * 1000, 1),
            "p99_ms": round(_pct(all_lat, 0.99) * 1000, 1),
            "plan_p50_ms": round(_pct(tally.latency["plan"], 0.50) * 1000, 1),
            "plan_p99_ms": round(_pct(tally.latency["plan"], 0.99) * 1000, 1),
            "write_p50_ms": round(_pct(tally.latency["write"], 0.50) * 1000, 1),
            "write_p99_ms": round(_pct(tally.latency["write"], 0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(all_lat) * 1000, 1) if all_lat else 0.0,
            "status": {str(k): v for k, v in sorted(tally.status.items())},
            "5xx": five,
            "other_4xx": other,
            "connection_errors": tally.errors,
            "acknowledged_completions": sum(len(a) for a in tally.acked.values()),
            "stored_completions": sum(len(r) for r in stored.values()),
            "lost": lost,
            "duplicated": duplicated,
            "repeat_not_200": tally.repeat_not_200,
        }
        if five and "Traceback" in server_errors:
            report["server_log_tail"] = server_errors[-2000:]
        return report
    finally:
        if admin is not None:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _ok(report: dict) -> bool:
    return (
        report["5xx"] == 0
        and report["lost"] == 0
        and report["duplicated"] == 0
        and report["connection_errors"] == 0
        and report["repeat_not_200"] == 0
        and report["other_4xx"] == 0
        and report["requests"] > 0
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LEARNPATH_TEST_POSTGRES_URL"),
        help="a PostgreSQL server (a throwaway database is made there); "
        "default: $LEARNPATH_TEST_POSTGRES_URL",
    )
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256 and 0 < args.seconds <= 600):
        parser.error("--clients must be 1..256 and --seconds 0..600")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and not args.postgres_url:
        if args.backend == "postgresql":
            parser.error("--postgres-url (or LEARNPATH_TEST_POSTGRES_URL) is needed")
        print("no PostgreSQL URL: only SQLite", file=sys.stderr)
        backends = ["sqlite"]
    reports = []
    for backend in backends:
        print(
            f"{backend}: {args.clients} clients for {args.seconds:g} s ...",
            file=sys.stderr,
            flush=True,
        )
        report = run(
            backend,
            args.clients,
            args.seconds,
            args.workers,
            args.threads,
            args.postgres_url,
        )
        reports.append(report)
        if not args.json:
            print(
                f"{backend:10} servers={report['servers']} clients={report['clients']} "
                f"requests={report['requests']} ({report['plans']} plans, "
                f"{report['writes']} writes) throughput={report['throughput_rps']}/s "
                f"p50={report['p50_ms']} ms p99={report['p99_ms']} ms "
                f"(plans p99 {report['plan_p99_ms']} ms, writes p99 "
                f"{report['write_p99_ms']} ms) 5xx={report['5xx']} "
                f"errors={report['connection_errors']} lost={report['lost']} "
                f"duplicated={report['duplicated']}"
            )
    if args.json:
        print(json.dumps(reports, indent=2))
    return 0 if all(_ok(r) for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
