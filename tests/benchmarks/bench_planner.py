"""The planner's rows on the synthetic catalogue: a path query, a new learner's first
query, within a budget, the fit-order ranking, a comparison, the status of many goals."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from measure import Row, closure_floor, edge_pass_floor, median_time


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
