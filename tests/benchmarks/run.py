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
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_exact import bench_rank_bundles, bench_shapes  # noqa: E402
from bench_planner import (  # noqa: E402
    bench_budget,
    bench_compare,
    bench_new_learner,
    bench_path,
    bench_rank,
    bench_status,
)
from bench_system import bench_cli_startup, bench_load, bench_memory, bench_web  # noqa: E402
from measure import Row, settle  # noqa: E402
from synthetic import write_catalogue  # noqa: E402


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
