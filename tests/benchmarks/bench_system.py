"""The rows of the system around the planner: loading a catalogue (cold and warm), the
memory it takes, the CLI's start-up and the web server's throughput."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import Row, median_time


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
