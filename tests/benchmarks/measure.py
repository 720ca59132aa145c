"""What every benchmark row shares: the row, a quiet collector, medians, and the plain
floors the planner's rows are measured against."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


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


def percentile_90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


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
