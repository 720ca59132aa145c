"""The planner's exact answers do not depend on what else ran in the process.

HiGHS keeps one task scheduler per process: a program (a notebook, another library)
that solved any HiGHS model first must not turn the planner's integer program into an
error and its plans into unproved greedy ones. Each case runs in a fresh interpreter,
so the suite's own process is left as it was.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

from planner_support import highs_optimum

from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan

HERE = Path(__file__).resolve().parent


def bundles(seed: int = 0, n_skills: int = 40, n_bundles: int = 60) -> Catalogue:
    """Bundles teaching 3 to 8 skills each and a single course per skill: a niche of
    every skill is a set cover the search alone does not settle, so HiGHS runs."""
    rng = random.Random(seed)
    skills = [Skill(f"s{k}", f"Skill {k}") for k in range(n_skills)]
    mods = []
    for k in range(n_bundles):
        taught = sorted(rng.sample(range(n_skills), rng.randint(3, 8)))
        mods.append(
            Module(
                f"b{k:03d}",
                f"Bundle {k}",
                tuple(f"s{i}" for i in taught),
                rng.randint(4, 40),
                cost=rng.choice([0, 20, 50]),
            )
        )
    for k in range(n_skills):
        mods.append(Module(f"c{k:03d}", f"Course {k}", (f"s{k}",), rng.randint(6, 12)))
    niche = Niche("all", "Every skill", tuple(s.id for s in skills), 0.5)
    return Catalogue.build(skills, mods, [niche])


_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import highspy
first = highspy.Highs()  # another HiGHS user, default options, solving first
first.setOptionValue("output_flag", False)
first.addVar(0.0, 1.0)
first.changeColIntegrality(0, highspy.HighsVarType.kInteger)
first.changeColCost(0, 1.0)
first.run()
assert first.getModelStatus() == highspy.HighsModelStatus.kOptimal
from test_planner_robustness import bundles
from learnpath.planning import plan
p = plan(bundles(int(sys.argv[2])), [], ["all"], minimize=sys.argv[3])
print(json.dumps({"optimal": p.optimal, "hours": p.total_hours, "cost": p.total_cost,
                  "missing": list(p.missing), "bound": p.lower_bound}))
"""


def _plan_after_other_highs_user(seed: int, minimize: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(HERE), str(seed), minimize],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_catalogue_needs_the_integer_program():
    """The search alone gives up on it (so the cases below do reach HiGHS)."""
    from learnpath.planning.index import index_of
    from learnpath.planning.solver import closures_for
    from learnpath.planning.solver.search import search_forced

    cat = bundles(0)
    ix = index_of(cat)
    ctx = closures_for(ix, frozenset(), frozenset())
    forced = ctx.core(frozenset(), list(cat.niches["all"].requires))
    assert search_forced(ix, ctx, frozenset(), forced, "hours", True, 2_000) is None


def test_a_plan_after_another_highs_user_is_still_proved_optimal():
    got = _plan_after_other_highs_user(0, "hours")
    cat = bundles(0)
    missing, hours = highs_optimum(cat, [], ["all"])
    assert got["optimal"] is True
    assert got["missing"] == [] and missing == 0
    assert math.isclose(got["hours"], hours)
    assert got["bound"] <= got["hours"] + 1e-9
    # and the same as in a process where the planner ran first
    assert math.isclose(plan(cat, [], ["all"]).total_hours, hours)


def test_the_cheapest_plan_after_another_highs_user_is_the_optimum():
    got = _plan_after_other_highs_user(2, "cost")
    _, cost = highs_optimum(bundles(2), [], ["all"], minimize="cost")
    assert got["optimal"] is True and math.isclose(got["cost"], cost)


_CUT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from test_planner_robustness import cut_query
print(json.dumps(cut_query()))
"""


def cut_query() -> dict:
    """A query stopped by a small work budget (search and integer program), as data."""
    from learnpath.planning.index import index_of
    from learnpath.planning.solver import solve

    cat = bundles(1, 60, 120)
    ix = index_of(cat)
    goals = list(cat.niches["all"].requires)
    sol = solve(ix, frozenset(), frozenset(), goals, node_budget=100, milp_nodes=1)
    return {
        "modules": sorted(ix.module_ids[m] for m in sol.modules),
        "optimal": sol.optimal,
        "bound": sol.lower_bound,
        "reason": sol.reason,
    }


def test_an_answer_cut_by_its_work_budget_is_the_same_on_every_run():
    first = cut_query()
    assert first["optimal"] is False and first["reason"] == "the work budget ran out"
    hours = sum(bundles(1, 60, 120).modules[m].hours for m in first["modules"])
    assert 0 < first["bound"] < hours  # a real bound, below the plan found
    assert cut_query() == first  # again in this process, with every cache warm
    out = subprocess.run(
        [sys.executable, "-c", _CUT, str(HERE)], check=True, capture_output=True, text=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == first  # and in a fresh one


def test_the_integer_program_keeps_its_plan_through_the_tie_breaks():
    """A real learner and niche where HiGHS's presolve, given the tie-break objective
    with the optimum fixed as a row, once called the model infeasible (an empty plan
    marked optimal): the tie-break run must keep the plan and agree with the search on
    every level it proves (missing skills, hours, then cost; the ids do not fold into
    its run here, so a plan equal in all three may differ from the search's)."""
    import yaml
    from test_seeds import SEEDS, _Loader

    from learnpath.catalogue.loader import load_catalogue
    from learnpath.planning.planner import learner_state
    from learnpath.planning.solver import solve
    from learnpath.planning.solver.region import is_valid

    cat = load_catalogue([HERE.parent / "curricula"])
    learners = yaml.load(SEEDS.read_text(encoding="utf-8"), Loader=_Loader)["learners"]  # noqa: S506
    sam = next(s for s in learners if s["name"] == "sam-developer")
    have, done_ids = sam["skills"], [c["module"] for c in sam["completions"]]
    niche = "growth-experimentation-specialist"
    ix, held, done = learner_state(cat, have, done_ids)
    goals = list(cat.niches[niche].requires)
    a = solve(ix, held, done, goals, method="search")
    b = solve(ix, held, done, goals, method="milp")
    assert a.optimal and b.optimal and b.feasible
    assert a.missing == b.missing
    for measure in ("hours", "cost"):
        w = ix.weights(measure)
        assert math.isclose(sum(w[i] for i in a.modules), sum(w[i] for i in b.modules))
    assert is_valid(ix, held, goals, b.modules, b.missing)
    assert solve(ix, held, done, goals, method="milp").modules == b.modules  # deterministic
    p = plan(cat, have, [niche], done_ids)
    assert p.optimal
    assert math.isclose(p.total_hours, highs_optimum(cat, have, [niche], done_ids)[1])
