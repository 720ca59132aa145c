"""The branch and bound on the benchmark's layered catalogues, checked by HiGHS.

The synthetic catalogues of ``tests/benchmarks/synthetic.py`` have what small random
ones rarely do: long forced chains, alternatives whose own prerequisites have
alternatives, survey modules teaching three skills at once, and niches of up to 15
skills falling into several independent groups. On a 1,000-module catalogue, for
three learners, the Python search and the integer program must choose the same plan
for every niche (tie-breaks included), and the ranking must give each niche the hours
of its own plan.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from learnpath.catalogue.loader import load_catalogue
from learnpath.planning import plan, rank_niches
from learnpath.planning.index import index_of
from learnpath.planning.planner import learner_state
from learnpath.planning.solver import solve

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from synthetic import write_catalogue  # noqa: E402


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic-1k")
    write_catalogue(1_000, folder, seed=3)
    return load_catalogue([folder], cache=False)


def learners(cat):
    """Entry skills only; plus a few taught skills; plus a few completed modules."""
    entry = sorted(cat.entry_skills)
    taught = sorted(s for s in cat.skills if s not in cat.entry_skills)
    return [
        (entry, []),
        (entry + taught[::97], []),
        (entry, sorted(cat.modules)[::53]),
    ]


@pytest.mark.parametrize("who", range(3))
def test_search_and_integer_program_agree_on_every_niche(catalogue, who):
    have, done = learners(catalogue)[who]
    ix = index_of(catalogue)
    _, held, done_set = learner_state(catalogue, have, done)
    with_choices = 0
    for nid in sorted(catalogue.niches)[::4]:  # 50 niches a learner, a few seconds
        goals = sorted(catalogue.niches[nid].requires)
        a = solve(ix, held, done_set, goals, method="search", node_budget=10**6)
        b = solve(ix, held, done_set, goals, method="milp")
        assert a.optimal and b.optimal, nid
        assert (a.modules, a.missing) == (b.modules, b.missing), nid
        with_choices += a.modules != solve(ix, held, done_set, goals, method="greedy").modules
    assert with_choices > 0  # the catalogue really has choices that greed gets wrong


def test_ranking_gives_each_niche_the_hours_of_its_plan(catalogue):
    have, done = learners(catalogue)[1]
    ranks = rank_niches(catalogue, have, done, sort="pareto")
    assert len(ranks) == len(catalogue.niches) and all(r.optimal for r in ranks)
    for r in ranks[::10]:
        p = plan(catalogue, have, [r.id], done)
        assert math.isclose(r.hours_to_ready, p.total_hours), r.id
        assert r.missing == p.missing and r.modules == len(p.modules)
