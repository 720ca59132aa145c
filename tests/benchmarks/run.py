"""learnpath's performance targets, each measured as a ratio to a floor of the same run.

    python tests/benchmarks/run.py            # full sizes (1k, 10k, 100k modules)
    python tests/benchmarks/run.py --quick    # 1k and 10k only, a few minutes
    python tests/benchmarks/run.py --json     # machine-readable rows
    python tests/benchmarks/run.py --quick --only budget   # only the rows naming "budget"

Each row: target, measured value, floor, ratio, goal, PASS/FAIL. Times are medians
over repeated runs; the machine is shared and noisy, so only ratios are compared.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_catalogue  # noqa: E402


@dataclass
class Row:
    target: str
    size: str
    value: float
    floor: float
    unit: str
    ratio: float
    goal: str
    ok: bool
    note: str = ""


def settle() -> None:
    """Collect, then move every object alive (the catalogues built so far and their
    indexes) out of the cycle collector's generations, as ``learnpath serve`` does after
    loading: a full collection during a timed call then scans only what that call made,
    not every catalogue the benchmark holds (those scans took 8-430 ms each, landing on
    whichever query, the planner's or HiGHS's, happened to be running)."""
    gc.collect()
    gc.freeze()


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ----------------------------------------------------------------- floors


def closure_floor(modules: dict, teachers: dict, held: set, goals: list) -> int:
    """Plain-Python traversal of a query's prerequisite closure over dicts."""
    seen_skills, seen_modules = set(held), set()
    stack = [g for g in goals if g not in held]
    while stack:
        s = stack.pop()
        if s in seen_skills:
            continue
        seen_skills.add(s)
        for m in teachers.get(s, ()):
            if m not in seen_modules:
                seen_modules.add(m)
                stack.extend(modules[m])
    return len(seen_modules)


def edge_pass_floor(catalogue) -> int:
    """One plain pass over every edge of the catalogue."""
    count = 0
    for m in catalogue.modules.values():
        for _ in m.requires:
            count += 1
        for _ in m.teaches:
            count += 1
    for n in catalogue.niches.values():
        for _ in n.requires:
            count += 1
    return count


# ---------------------------------------------------------------- targets


def bench_path(catalogue, size: str, queries: int, seed: int = 1) -> list[Row]:
    from learnpath.planning import plan

    rng = random.Random(seed)
    entry = sorted(catalogue.entry_skills)  # a learner declares the basics
    niches = sorted(catalogue.niches)
    cases = [(entry, rng.choice(niches)) for _ in range(queries)]
    requires = {m.id: m.requires for m in catalogue.modules.values()}
    teachers = catalogue.teachers
    plan(catalogue, have=cases[0][0], targets=[cases[0][1]])  # warm the per-catalogue index
    plan_times, floor_times, proved = [], [], 0
    for have, niche in cases:
        goals = list(catalogue.niches[niche].requires)
        floor_times.append(
            median_time(lambda h=have, g=goals: closure_floor(requires, teachers, set(h), g), 5)
        )
        start = time.perf_counter()
        result = plan(catalogue, have=have, targets=[niche])
        plan_times.append(time.perf_counter() - start)
        proved += result.optimal
    value, floor = statistics.median(plan_times), statistics.median(floor_times)
    share = proved / len(cases)
    return [
        Row(
            "path query (median)",
            size,
            value * 1e3,
            floor * 1e3,
            "ms",
            value / floor,
            "<= 10x",
            value / floor <= 10,
            f"{len(cases)} queries",
        ),
        Row(
            "path query proved optimal", size, share * 100, 99, "%", share, ">= 99%", share >= 0.99
        ),
    ]


def bench_budget(catalogue, size: str, queries: int, seed: int = 3) -> list[Row]:
    """``plan(max_cost=...)`` against the unconstrained plan of the same query, timed in
    the same run. The budget is halfway between the cheapest and the fastest plan's
    cost, so it binds: the fastest plan breaks it, and some plan keeps it. Queries whose
    fastest plan is also the cheapest (no budget could bind) are skipped."""
    from learnpath.planning import plan

    rng = random.Random(seed)
    entry = sorted(catalogue.entry_skills)
    niches = sorted(catalogue.niches)
    plan(catalogue, have=entry, targets=[niches[0]])  # warm the per-catalogue index
    ratios, values, floors, proved, tried = [], [], [], 0, 0
    while len(ratios) < queries and tried < 20 * queries:
        tried += 1
        niche = rng.choice(niches)
        fastest = plan(catalogue, entry, [niche])
        cheapest = plan(catalogue, entry, [niche], minimize="cost")
        if not (fastest.optimal and cheapest.optimal):
            continue
        if fastest.total_cost <= cheapest.total_cost:
            continue
        budget = (fastest.total_cost + cheapest.total_cost) / 2
        floor = median_time(lambda n=niche: plan(catalogue, entry, [n]), 3)
        value = median_time(lambda n=niche, b=budget: plan(catalogue, entry, [n], max_cost=b), 3)
        within = plan(catalogue, entry, [niche], max_cost=budget)
        assert within.total_cost <= budget + 1e-6, (niche, budget, within.total_cost)
        proved += within.optimal
        values.append(value)
        floors.append(floor)
        ratios.append(value / floor)
    ratio = statistics.median(ratios)
    share = proved / len(ratios)
    return [
        Row(
            "path within a budget (median)",
            size,
            statistics.median(values) * 1e3,
            statistics.median(floors) * 1e3,
            "ms",
            ratio,
            "<= 3x",
            ratio <= 3,
            f"{len(ratios)} queries; floor: the same query without the budget",
        ),
        Row(
            "path within a budget proved",
            size,
            share * 100,
            99,
            "%",
            share,
            ">= 99%",
            share >= 0.99,
        ),
    ]


def bench_rank(catalogue, size: str) -> Row:
    """The default ranking (the personal order, with every niche's fit)."""
    from learnpath.planning import rank_niches

    have = sorted(catalogue.entry_skills)
    rank_niches(catalogue, have=have)  # warm the per-catalogue index (and the fit baseline)
    value = median_time(lambda: rank_niches(catalogue, have=have, sort="fit"), 9)
    floor = median_time(lambda: edge_pass_floor(catalogue), 9)
    return Row(
        "rank all niches (fit order)",
        size,
        value * 1e3,
        floor * 1e3,
        "ms",
        value / floor,
        "<= 20x",
        value / floor <= 20,
        f"{len(catalogue.niches)} niches",
    )


def bench_compare(catalogue, size: str, cases: int = 15, seed: int = 2) -> Row:
    """``compare`` of three niches against the three single plans it must at least make
    (median of the ratios over random triples, each timed as a median)."""
    from learnpath.planning import compare, plan

    rng = random.Random(seed)
    have = sorted(catalogue.entry_skills)
    niches = sorted(catalogue.niches)
    compare(catalogue, have, rng.sample(niches, 3))  # warm the index and the fit baseline
    values, floors, ratios = [], [], []
    for _ in range(cases):
        three = rng.sample(niches, 3)
        value = median_time(lambda t=three: compare(catalogue, have, t), 5)
        floor = median_time(lambda t=three: [plan(catalogue, have, [n]) for n in t], 5)
        values.append(value)
        floors.append(floor)
        ratios.append(value / floor)
    ratio = statistics.median(ratios)
    return Row(
        "compare three niches (median)",
        size,
        statistics.median(values) * 1e3,
        statistics.median(floors) * 1e3,
        "ms",
        ratio,
        "<= 3x",
        ratio <= 3,
        f"{cases} triples; floor: the three single plan()s",
    )


def bench_status(catalogue, size: str, goals: int = 20) -> Row:
    """``learnpath status`` in-process for a learner with 20 goals, a commitment to the
    plan for all of them and a few completions, against the one read of the learner's
    state it must make (``ProgressStore.state``), on a SQLite file."""
    import datetime as dt

    from learnpath import learner
    from learnpath.planning import schedule
    from learnpath.store import ProgressStore

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(f"sqlite:///{Path(tmp) / 'status.db'}", catalogue)
        store.add_learner("ana")
        store.add_skills("ana", sorted(catalogue.entry_skills)[:50])
        store.add_goals("ana", rng.sample(sorted(catalogue.niches), goals))
        mine = learner.plan(catalogue, store, "ana")
        start = dt.date(2026, 9, 7)
        sched = schedule(mine.plan, 8, start, (0, 2, 5))
        promise = learner.commit(catalogue, store, mine, sched, at=dt.time(19, 0))
        for k, m in enumerate(promise.modules[:5]):
            store.mark_done("ana", [m.module], on=m.end, hours=m.hours * (1 + 0.2 * k))
        today = promise.modules[5].end if len(promise.modules) > 5 else start
        learner.status(catalogue, store, "ana", today)  # warm the connection
        value = median_time(lambda: learner.status(catalogue, store, "ana", today), 31)
        floor = median_time(lambda: store.state("ana"), 31)
        store.close()
    ms = value * 1e3
    return Row(
        "status of 20 goals",
        size,
        ms,
        floor * 1e3,
        "ms",
        value / floor,
        "<= 3x",
        value / floor <= 3,
        f"{ms:.1f} ms in-process (goal: under 50 ms; {'met' if ms < 50 else 'NOT met'}); "
        f"{len(promise.modules)} committed modules; floor: the learner's state read",
    )


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def bench_shapes(n: int, size: str, count: int, seeds: list[int]) -> list[Row]:
    """Per catalogue shape and number of targets: ``plan()`` for a new learner on every
    query against an exact 0/1 model of the same query built and solved by HiGHS in the
    same run (:func:`shapes.highs_reference`), median and p90, and the share proved."""
    from shapes import SHAPES, catalogue, highs_reference, queries

    from learnpath.planning import plan

    rows = []
    for shape, (_, kwargs) in SHAPES.items():
        cats = [catalogue(shape, n, seed) for seed in seeds]
        for cat in cats:  # warm each catalogue's index, and load HiGHS
            plan(cat, sorted(cat.entry_skills), [sorted(cat.niches)[0]])
            highs_reference(cat, queries(cat, 1, 1, seed=99)[0])
        settle()
        for targets in (1, 3, 5):
            mine, theirs, proved, wrong, total = [], [], 0, 0, 0
            for k, cat in enumerate(cats):
                for q in queries(cat, count, targets, seed=100 * k + targets):
                    start = time.perf_counter()
                    p = plan(cat, q.have, q.targets, q.done)
                    mine.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    ok, hours = highs_reference(cat, q)
                    theirs.append(time.perf_counter() - start)
                    proved += p.optimal
                    total += 1
                    if p.optimal and ok and abs(p.total_hours - hours) > 1e-6:
                        wrong += 1
            med, p90 = statistics.median(mine), _p90(mine)
            ref_med, ref_p90 = statistics.median(theirs), _p90(theirs)
            share = proved / total
            need = 1.0 if kwargs["choice"] <= 0.30 else 0.995
            ok = med / ref_med <= 1.0 and p90 / ref_p90 <= 1.5 and share >= need and not wrong
            rows.append(
                Row(
                    f"plan vs HiGHS, {shape}, {targets} target{'s' * (targets > 1)}",
                    size,
                    med * 1e3,
                    ref_med * 1e3,
                    "ms",
                    med / ref_med,
                    "<= 1.0x",
                    ok,
                    f"p90 {p90 * 1e3:.3g}/{ref_p90 * 1e3:.3g} ms = {p90 / ref_p90:.2f}x "
                    f"(<= 1.5x); proved {proved}/{total} (>= {need:.1%}); wrong {wrong}",
                )
            )
    return rows


def bench_new_learner(catalogue, size: str, queries_: int = 60, seed: int = 3) -> list[Row]:
    """A new learner's first query against the closure walk of that query; and, at
    100k, learners with completed modules against entry-only learners."""
    from shapes import queries

    from learnpath.planning import plan

    requires = {m.id: m.requires for m in catalogue.modules.values()}
    teachers = catalogue.teachers
    entry = sorted(catalogue.entry_skills)
    plan(catalogue, entry, [sorted(catalogue.niches)[0]])  # warm the index
    ratios, values, floors = [], [], []
    with_done, entry_only = [], []
    for q in queries(catalogue, queries_, 1, seed=seed):
        goals = list(catalogue.niches[q.targets[0]].requires)
        held = set(q.have)
        floor = median_time(lambda h=held, g=goals: closure_floor(requires, teachers, h, g), 5)
        start = time.perf_counter()
        plan(catalogue, q.have, q.targets, q.done)
        value = time.perf_counter() - start
        values.append(value)
        floors.append(floor)
        ratios.append(value / floor)
        if q.done:  # the same target for a learner with one module done
            start = time.perf_counter()
            plan(catalogue, entry, q.targets, q.done[:1])
            with_done.append(time.perf_counter() - start)
            start = time.perf_counter()
            plan(catalogue, entry, q.targets)
            entry_only.append(time.perf_counter() - start)
    ratio = statistics.median(ratios)
    rows = [
        Row(
            "path query, a new learner each (median)",
            size,
            statistics.median(values) * 1e3,
            statistics.median(floors) * 1e3,
            "ms",
            ratio,
            "<= 10x",
            ratio <= 10,
            f"{queries_} learners: entry skills, a share of the way, a third with modules done",
        )
    ]
    if size == "100k" and with_done:
        a, b = statistics.median(with_done), statistics.median(entry_only)
        rows.append(
            Row(
                "first query, 1 module done vs none",
                size,
                a * 1e3,
                b * 1e3,
                "ms",
                a / b,
                "<= 2x",
                a / b <= 2,
                f"{len(with_done)} pairs; floor: an entry-only learner's query",
            )
        )
    return rows


#: the ranking's seconds on the bundles shape: a safety net only, never reached there, so
#: each niche stops at its work budgets (the default 5 s for all 200 niches, and a web
#: server's 2 s, cut this shape's ranking short: past them niches get a plan unproved)
RANK_SAFETY_NET = 600.0


def bench_rank_bundles(n: int, size: str) -> Row:
    """Rank every niche on the bundles shape against one HiGHS model per niche, with the
    seconds as a safety net only (:data:`RANK_SAFETY_NET`)."""
    from shapes import Query, catalogue, highs_reference

    from learnpath.planning import rank_niches

    cat = catalogue("bundles 75%", n, 0)
    have = sorted(cat.entry_skills)
    highs_reference(cat, Query(have, [], [sorted(cat.niches)[0]]))  # load HiGHS
    settle()
    start = time.perf_counter()
    ranks = rank_niches(cat, have, sort="hours", with_fit=False, time_limit=RANK_SAFETY_NET)
    value = time.perf_counter() - start
    floor, wrong = 0.0, 0
    by_id = {r.id: r for r in ranks}
    for nid in sorted(cat.niches):
        start = time.perf_counter()
        _, hours = highs_reference(cat, Query(have, [], [nid]))
        floor += time.perf_counter() - start
        wrong += by_id[nid].optimal and abs(by_id[nid].hours_to_ready - hours) > 1e-6
    proved = sum(r.optimal for r in ranks)
    return Row(
        "rank all niches, bundles 75%",
        size,
        value,
        floor,
        "s",
        value / floor,
        "<= 1.0x",
        value / floor <= 1.0 and proved == len(ranks) and not wrong,
        f"proved {proved}/{len(ranks)}, wrong {wrong}; floor: one HiGHS model per niche; "
        f"time limit {RANK_SAFETY_NET:g} s, a safety net only",
    )


def bench_load(folder: Path, size: str) -> list[Row]:
    import yaml

    from learnpath.catalogue.loader import load_catalogue

    files = sorted(folder.glob("*.yaml"))

    def floor_load():
        for f in files:
            with open(f, encoding="utf-8") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)

    floor = median_time(floor_load, 3)
    cold = median_time(lambda: load_catalogue([folder], cache=False), 3)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["LEARNPATH_CACHE_DIR"] = cache
        load_catalogue([folder], cache=True)
        warm = median_time(lambda: load_catalogue([folder], cache=True), 5)
        del os.environ["LEARNPATH_CACHE_DIR"]
    return [
        Row(
            "catalogue load, cold",
            size,
            cold,
            floor,
            "s",
            cold / floor,
            "<= 1.0x",
            cold / floor <= 1.0,
            "floor: yaml.load(CSafeLoader)",
        ),
        Row(
            "catalogue load, warm",
            size,
            warm,
            floor,
            "s",
            warm / floor,
            "<= 0.05x",
            warm / floor <= 0.05,
            "compiled cache",
        ),
    ]


_RSS_SCRIPT = """
import gc, sys, yaml
from pathlib import Path
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
folder = Path(sys.argv[1])
if sys.argv[2] == "dicts":
    files = sorted(folder.glob("*.yaml"))
    import learnpath.catalogue.loader  # same imports on both sides
    gc.collect(); before = rss()
    data = [yaml.load(open(f), Loader=yaml.CSafeLoader) for f in files]
else:
    from learnpath.catalogue.loader import load_catalogue
    import learnpath.planning
    gc.collect(); before = rss()
    data = load_catalogue([folder], cache=False)
gc.collect()
print(rss() - before)
"""


def bench_memory(folder: Path, size: str) -> Row:
    def added(kind: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", _RSS_SCRIPT, str(folder), kind],
            check=True,
            capture_output=True,
            text=True,
        )
        return int(out.stdout.strip())

    floor = statistics.median(added("dicts") for _ in range(3))
    value = statistics.median(added("catalogue") for _ in range(3))
    return Row(
        "memory added by loading",
        size,
        value / 2**20,
        floor / 2**20,
        "MiB",
        value / floor,
        "<= 1.5x",
        value / floor <= 1.5,
        "floor: plain dicts",
    )


def _compile_bytecode() -> None:
    """Compile learnpath's modules, as ``pip install`` does: a checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` would otherwise recompile every module at each start,
    which no installed copy does (nor the floor's ``yaml``)."""
    import compileall
    from importlib.util import find_spec

    for package in ("learnpath", "learnpath.cli", "learnpath.web"):
        for folder in find_spec(package).submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def bench_cli_startup(repeat: int = 15) -> Row:
    from learnpath.catalogue.loader import load_catalogue

    _compile_bytecode()
    catalogue = load_catalogue()  # warms the compiled cache for the bundled catalogue
    niche = sorted(catalogue.niches)[0]
    learnpath_cmd = [
        str(Path(sys.executable).parent / "learnpath"),
        "path",
        "--have",
        "computer-literacy,written-english",
        "--target",
        niche,
        "--json",
    ]
    floor_cmd = [sys.executable, "-c", "import yaml"]

    def run(cmd):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    run(learnpath_cmd), run(floor_cmd)
    values, floors = [], []
    for _ in range(repeat):  # interleaved, so drift hits both alike
        values.append(run(learnpath_cmd))
        floors.append(run(floor_cmd))
    value, floor = statistics.median(values), statistics.median(floors)
    return Row(
        "CLI start-up (path --json)",
        "bundled",
        value * 1e3,
        floor * 1e3,
        "ms",
        value / floor,
        "<= 3x",
        value / floor <= 3,
        "floor: python -c 'import yaml'; bytecode compiled",
    )


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%f %%f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _serve(curricula: Path | None, tmp: Path):
    """Start ``learnpath serve`` on a free loopback port; return (process, base URL)."""
    import re

    env = dict(
        os.environ,
        LEARNPATH_DATABASE_URL=f"sqlite:///{tmp / 'bench.db'}",
        LEARNPATH_CACHE_DIR=str(tmp / "cache"),
    )
    if curricula is not None:
        env["LEARNPATH_CURRICULA"] = str(curricula)
    cmd = [str(Path(sys.executable).parent / "learnpath"), "serve", "--port", "0"]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"(http://[0-9.]+:[0-9]+)/", line or "")
        if match:
            return proc, match.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("learnpath serve did not start")


def _wrk(base: str, paths: list[str], seconds: int, tmp: Path) -> dict:
    script = tmp / "mix.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), base],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT"))
    requests, errors, duration_us, p50, p99 = line.split()[1:]
    return {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "errors": int(errors),
        "p50": float(p50) / 1e3,
        "p99": float(p99) / 1e3,
    }


def bench_web(catalogue, curricula: Path | None, size: str, seconds: int = 10) -> list[Row]:
    """``GET /api/v1/path`` under ``learnpath serve`` against a trivial endpoint of the app."""
    import shutil
    from urllib.parse import urlencode
    from urllib.request import urlopen

    if shutil.which("wrk") is None:
        return [
            Row(
                "web /api/v1/path",
                size,
                0,
                0,
                "rps",
                0,
                ">= 0.5x",
                False,
                "wrk is not installed (apt-get install wrk)",
            )
        ]
    rng = random.Random(7)
    entry = sorted(catalogue.entry_skills)
    skills = sorted(catalogue.skills)
    niches = sorted(catalogue.niches)
    paths = []
    for _ in range(150):
        have = sorted(set(entry) | set(rng.sample(skills, rng.randint(0, 3))))
        query = urlencode({"have": ",".join(have), "target": rng.choice(niches)})
        paths.append(f"/api/v1/path?{query}")
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = _serve(curricula, Path(tmp))
        try:
            for p in paths:  # every query answered once before timing (and checked)
                with urlopen(base + p, timeout=60) as response:
                    assert response.status == 200
            trivial = _wrk(base, ["/health"], seconds, Path(tmp))
            mix = _wrk(base, paths, seconds, Path(tmp))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    ratio = mix["rps"] / trivial["rps"]
    tail = mix["p99"] / mix["p50"]
    report = False  # a goal on the large catalogue too
    return [
        Row(
            "web /api/v1/path throughput",
            size,
            mix["rps"],
            trivial["rps"],
            "rps",
            ratio,
            "report" if report else ">= 0.5x",
            mix["errors"] == 0 and (report or ratio >= 0.5),
            f"{len(paths)} queries, {mix['errors']} errors; floor: /health",
        ),
        Row(
            "web /api/v1/path p99 / p50",
            size,
            mix["p99"],
            mix["p50"],
            "ms",
            tail,
            "report" if report else "<= 4x",
            report or tail <= 4,
        ),
    ]


def _print(rows: list[Row], as_json: bool) -> None:
    if as_json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(
            f"learnpath benchmarks on {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(
            f"{'target':42} {'size':>7} {'value':>10} {'floor':>10} "
            f"{'ratio':>7} {'goal':>9}  result"
        )
        for r in rows:
            print(
                f"{r.target:42} {r.size:>7} {r.value:>8.3g}{r.unit:>2} {r.floor:>8.3g}{r.unit:>2} "
                f"{r.ratio:>6.2f}x {r.goal:>9}  {'PASS' if r.ok else 'FAIL'}  {r.note}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k modules only")
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    parser.add_argument(
        "--only", metavar="SUBSTRING", default="", help="only the rows whose target names it"
    )
    args = parser.parse_args()
    only = args.only.lower()

    def wanted(*targets: str) -> bool:
        return any(only in t.lower() for t in targets)

    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    rows: list[Row] = []
    from learnpath.catalogue.loader import load_catalogue
    from learnpath.planning.index import index_of

    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            label = f"{n // 1000}k"
            folder = Path(tmp) / label
            write_catalogue(n, folder)
            gc.collect()
            catalogue = load_catalogue([folder], cache=False)
            index_of(catalogue)
            settle()
            if n >= 10_000 and wanted("path query (median)", "path query proved optimal"):
                rows += bench_path(catalogue, label, queries=100 if n < 100_000 else 30)
            if n >= 10_000 and wanted(
                "path query, a new learner each (median)", "first query, 1 module done vs none"
            ):
                rows += bench_new_learner(catalogue, label, 60 if n < 100_000 else 20)
            if n == 10_000:
                if wanted("path within a budget (median)", "path within a budget proved"):
                    rows += bench_budget(catalogue, label, queries=60)
                if wanted("rank all niches (fit order)"):
                    rows.append(bench_rank(catalogue, label))
                if wanted("compare three niches (median)"):
                    rows.append(bench_compare(catalogue, label))
                if wanted("status of 20 goals"):
                    rows.append(bench_status(catalogue, label))
                if wanted("catalogue load, cold", "catalogue load, warm"):
                    rows += bench_load(folder, label)
                if wanted("web /api/v1/path throughput", "web /api/v1/path p99 / p50"):
                    rows += bench_web(catalogue, folder, label)
            if n == max(sizes) and wanted("memory added by loading"):
                rows.append(bench_memory(folder, label))
            del catalogue
            if n == 10_000:
                gc.collect()
                count, seeds = (6, [0]) if args.quick else (10, [0, 1])
                if wanted("plan vs HiGHS"):
                    rows += bench_shapes(n, label, count, seeds)
                if wanted("rank all niches, bundles 75%"):
                    rows.append(bench_rank_bundles(n, label))
    from learnpath.catalogue.loader import load_catalogue as load

    if wanted("web /api/v1/path throughput", "web /api/v1/path p99 / p50"):
        rows += bench_web(load(), None, "bundled")
    if wanted("CLI start-up (path --json)"):
        rows.append(bench_cli_startup())
    _print(rows, args.json)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
