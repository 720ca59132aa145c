"""What a learner sees from the planner core: choices, order, reasons, errors, limits."""

from __future__ import annotations

import random
import sys

import pytest

from learnpath.errors import LearnpathError, UnknownIdError
from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan, rank_niches


def skills(*ids):
    return [Skill(s, s.replace("-", " ").title()) for s in ids]


@pytest.fixture
def analytics():
    """Two niches sharing SQL; a cheap-but-slow and a fast-but-paid SQL course."""
    return Catalogue.build(
        skills("excel", "sql", "python", "dashboards", "stats", "storytelling", "licence"),
        [
            Module("sql-bootcamp", "SQL bootcamp", ("sql",), 8, ("excel",), cost=200),
            Module("sql-free", "SQL for free", ("sql",), 12, ("excel",)),
            Module("python-101", "Python 101", ("python",), 20),
            Module("dashboard-design", "Dashboard design", ("dashboards",), 6, ("sql",)),
            Module("stats-basics", "Statistics", ("stats",), 10),
            Module("data-stories", "Data stories", ("storytelling",), 4, ("dashboards", "stats")),
            Module("audit", "Audit practice", ("stats",), 3, ("licence",)),
        ],
        [
            Niche("ai-data-analyst", "AI data analyst", ("dashboards", "storytelling"), 0.7),
            Niche("bi-developer", "BI developer", ("dashboards", "python"), 0.6),
            Niche("auditor", "Auditor", ("stats", "licence"), 0.9),
        ],
    )


def ids(p):
    return [m.id for m in p.modules]


def test_fastest_route_and_why_chain(analytics):
    p = plan(analytics, ["excel"], ["ai-data-analyst"])
    assert ids(p) == ["sql-bootcamp", "dashboard-design", "stats-basics", "data-stories"]
    assert p.total_hours == 28 and p.total_cost == 200 and p.optimal
    assert p.lower_bound == pytest.approx(28)
    why = {m.id: m.why for m in p.modules}
    assert why["sql-bootcamp"] == (
        "teaches sql, needed by dashboard-design, needed by niche ai-data-analyst"
    )
    assert why["data-stories"] == "teaches storytelling, needed by niche ai-data-analyst"
    assert p.missing == () and p.unreachable == ()


def test_minimize_cost_picks_the_free_course(analytics):
    p = plan(analytics, ["excel"], ["ai-data-analyst"], minimize="cost")
    assert "sql-free" in ids(p) and "sql-bootcamp" not in ids(p)
    assert p.total_cost == 0 and p.total_hours == 32 and p.minimize == "cost"


def test_completed_modules_count_and_are_not_planned(analytics):
    p = plan(analytics, ["excel"], ["ai-data-analyst"], done=["sql-free", "stats-basics"])
    assert ids(p) == ["dashboard-design", "data-stories"]
    assert p.total_hours == 10


def test_ties_go_to_the_other_measure_then_to_the_earliest_id():
    cat = Catalogue.build(
        skills("x"),
        [
            Module("b-course", "B", ("x",), 5, cost=0),
            Module("a-course", "A", ("x",), 5, cost=10),
            Module("c-course", "C", ("x",), 5, cost=0),
        ],
        [],
    )
    assert ids(plan(cat, [], ["x"])) == ["b-course"]  # same hours: cheaper; then by id
    cat2 = Catalogue.build(
        skills("x", "y"),
        [Module(m, m, ("x",), 5) for m in ("zeta", "alpha", "mid")]
        + [Module("next", "N", ("y",), 1, ("x",))],
        [],
    )
    for _ in range(3):  # deterministic
        assert ids(plan(cat2, [], ["y"])) == ["alpha", "next"]


def test_order_finishes_the_nearest_target_first(analytics):
    p = plan(analytics, ["excel", "sql"], ["bi-developer", "ai-data-analyst"])
    order = ids(p)
    # dashboards are shared; the analyst niche then needs 14 h more, BI 20 h: analyst first
    assert order.index("data-stories") < order.index("python-101")
    extra = {t.target: t.extra_hours for t in p.per_target}
    assert extra == {"bi-developer": 20, "ai-data-analyst": 14}
    assert p.total_hours == 40  # the shared dashboard module is counted once


def test_module_serving_two_targets_names_both(analytics):
    p = plan(analytics, ["excel", "sql"], ["bi-developer", "ai-data-analyst"])
    dash = next(m for m in p.modules if m.id == "dashboard-design")
    assert set(dash.serves) == {"bi-developer", "ai-data-analyst"}


def test_missing_entry_skill_is_reported_and_the_rest_still_planned(analytics):
    p = plan(analytics, [], ["auditor", "ai-data-analyst"])
    assert p.missing == ("excel", "licence")
    assert set(p.unreachable) == {"auditor", "ai-data-analyst"}
    assert "dashboard-design" in ids(p)  # the rest of the route is still there
    sql = next(m for m in p.modules if m.id.startswith("sql"))
    assert sql.needs_missing == ("excel",)


def test_fewest_missing_entry_skills_beat_fewer_hours(analytics):
    # stats: "audit" is 3 h but needs the licence nobody teaches; "stats-basics" is 10 h
    p = plan(analytics, [], ["stats"])
    assert ids(p) == ["stats-basics"] and p.missing == ()
    assert ids(plan(analytics, ["licence"], ["stats"])) == ["audit"]


def test_targets_already_held_give_an_empty_plan(analytics):
    p = plan(analytics, ["dashboards", "storytelling"], ["ai-data-analyst"])
    assert p.modules == () and p.total_hours == 0 and p.already_held == ("ai-data-analyst",)


@pytest.mark.parametrize(
    "kwargs, kind, bad, near",
    [
        ({"have": ["exel"], "targets": ["sql"]}, "skill", "exel", "excel"),
        ({"have": [], "targets": ["ai-data-analist"]}, "target", "ai-data-analist", None),
        ({"have": [], "targets": ["sql"], "done": ["sql-bootcmp"]}, "module", "sql-bootcmp", None),
    ],
)
def test_unknown_ids_name_the_closest_existing_ones(analytics, kwargs, kind, bad, near):
    with pytest.raises(UnknownIdError) as info:
        plan(analytics, **kwargs)
    assert info.value.kind == kind and bad in info.value.unknown
    expected = near or {"target": "ai-data-analyst", "module": "sql-bootcamp"}[kind]
    assert expected in info.value.unknown[bad]
    assert f"`{expected}`" in str(info.value)


def test_a_module_is_not_a_target_and_no_target_is_an_error(analytics):
    with pytest.raises(LearnpathError, match="is a module"):
        plan(analytics, [], ["sql-free"])
    with pytest.raises(LearnpathError, match="at least one target"):
        plan(analytics, [], [])
    with pytest.raises(LearnpathError, match="minimize"):
        plan(analytics, [], ["sql"], minimize="fun")


def test_time_limit_returns_the_best_plan_with_a_lower_bound():
    rng = random.Random(7)
    sk = [Skill(f"s{i:03d}", "s") for i in range(120)]
    mods = [
        Module(
            f"m{i:03d}", "m", tuple(sorted(rng.sample([s.id for s in sk], 8))), rng.randint(5, 40)
        )
        for i in range(400)
    ]
    cat = Catalogue.build(sk, mods, [Niche("all", "All", tuple(s.id for s in sk), 0.5)])
    p = plan(cat, [], ["all"], time_limit=1.0)
    assert not p.optimal
    assert 0 < p.lower_bound < p.total_hours
    covered = {s for m in p.modules for s in m.teaches}
    assert covered >= {s.id for s in sk}


def test_single_teacher_plans_do_not_load_the_solver(analytics):
    sys.modules.pop("learnpath.planning.solver._highs", None)
    plan(analytics, ["excel", "sql"], ["bi-developer"])  # every skill has one teacher here
    assert "learnpath.planning.solver._highs" not in sys.modules


def test_rank_niches_orders_by_pareto_then_alternatives(analytics):
    ranks = rank_niches(analytics, ["excel"], sort="pareto")
    by_id = {r.id: r for r in ranks}
    assert by_id["ai-data-analyst"].hours_to_ready == 28
    assert by_id["bi-developer"].hours_to_ready == 34
    assert by_id["auditor"].hours_to_ready == 3 and by_id["auditor"].missing == ("licence",)
    # the auditor is the most resilient (its licence is missing), the analyst quicker than
    # BI and more resilient: both on the front, most resilient first; BI is beaten
    assert [r.id for r in ranks] == ["auditor", "ai-data-analyst", "bi-developer"]
    assert [(r.pareto, r.front) for r in ranks] == [(True, 1), (True, 1), (False, 2)]
    quickest = rank_niches(analytics, ["excel"], sort="hours")
    assert [r.id for r in quickest] == ["ai-data-analyst", "bi-developer", "auditor"]
    assert rank_niches(analytics, ["excel"], sort="resilience")[0].id == "auditor"
    with pytest.raises(LearnpathError, match="sort"):
        rank_niches(analytics, [], sort="vibes")


def test_a_server_keeps_a_bounded_number_of_learner_contexts():
    """Each learner's skills get a context of memos; a long-running server serving many
    learners must not keep them all (the shared context survives a clean-out)."""
    from itertools import combinations

    from learnpath.planning.index import index_of
    from learnpath.planning.solver import closures_for, context_limit
    from learnpath.planning.solver.contexts import LearnerContexts

    skills = [Skill(f"s{k:02}", f"Skill {k}") for k in range(13)]  # s00 is an entry skill
    modules = [
        Module(f"m{k:02}", f"Module {k}", (f"s{k:02}",), 1, (f"s{k - 1:02}",)) for k in range(1, 13)
    ]
    cat = Catalogue.build(skills, modules, [Niche("top", "Top", ("s12",), 0.5)])
    ix = index_of(cat)
    limit = context_limit(ix)
    learners = [c for size in (3, 4) for c in combinations([s.id for s in skills[1:]], size)]
    assert len(learners) > limit
    for held in learners:
        closures_for(ix, frozenset(held), frozenset())
        assert len(ix.memo(LearnerContexts)) <= limit + 2
    assert (frozenset(), frozenset()) in ix.memo(LearnerContexts)  # the shared context
    assert plan(cat, ["s00", "s10"], ["top"]).total_hours == 2  # still right afterwards
