"""The rows against an exact HiGHS model of the same query in the same run: every shape
of catalogue (:mod:`shapes`) with 1, 3 and 5 targets, and ranking every niche of the
bundles shape."""

from __future__ import annotations

import statistics
import time

from measure import Row, percentile_90, settle


def bench_shapes(n: int, size: str, count: int, seeds: list[int]) -> list[Row]:
    """Per catalogue shape and number of targets: ``plan()`` for a new learner on every
    query against an exact 0/1 model of the same query built and solved by HiGHS in the
    same run (:func:`shapes.highs_reference`), median and p90, and the share proved (and,
    for comparison, how many of the same queries HiGHS alone proves within the planner's
    default time limit)."""
    from shapes import SHAPES, catalogue, highs_reference, queries

    from learnpath.planning import plan
    from learnpath.planning.solver import DEFAULT_TIME_LIMIT

    rows = []
    for shape, (_, kwargs) in SHAPES.items():
        cats = [catalogue(shape, n, seed) for seed in seeds]
        for cat in cats:  # warm each catalogue's index, and load HiGHS
            plan(cat, sorted(cat.entry_skills), [sorted(cat.niches)[0]])
            highs_reference(cat, queries(cat, 1, 1, seed=99)[0])
        settle()
        for targets in (1, 3, 5):
            mine, theirs, proved, wrong, total, highs_in_limit = [], [], 0, 0, 0, 0
            for k, cat in enumerate(cats):
                for q in queries(cat, count, targets, seed=100 * k + targets):
                    start = time.perf_counter()
                    p = plan(cat, q.have, q.targets, q.done)
                    mine.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    ok, hours = highs_reference(cat, q)
                    theirs.append(time.perf_counter() - start)
                    highs_in_limit += ok and theirs[-1] <= DEFAULT_TIME_LIMIT
                    proved += p.optimal
                    total += 1
                    if p.optimal and ok and abs(p.total_hours - hours) > 1e-6:
                        wrong += 1
            med, p90 = statistics.median(mine), percentile_90(mine)
            ref_med, ref_p90 = statistics.median(theirs), percentile_90(theirs)
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
                    f"(<= 1.5x); proved {proved}/{total} (>= {need:.1%}); wrong {wrong}; "
                    f"HiGHS alone proves {highs_in_limit}/{total} within {DEFAULT_TIME_LIMIT:g} s",
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
