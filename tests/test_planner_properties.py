"""Property tests: on random small catalogues every plan is valid and truly optimal.

Catalogues are acyclic by construction (a module only requires skills numbered below
every skill it teaches), have alternatives (several teachers per skill), multi-skill
modules and entry skills. The optimum is found by brute force over every subset of
modules: fewest missing entry skills first, then least hours (or cost).
"""

from __future__ import annotations

import math
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan, rank_niches

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def catalogues(draw, max_modules: int = 9):
    n_skills = draw(st.integers(2, 7))
    skills = [Skill(f"s{k}", f"Skill {k}") for k in range(n_skills)]
    modules = []
    for k in range(draw(st.integers(1, max_modules))):
        lowest = draw(st.integers(1, n_skills - 1))
        teaches = draw(
            st.lists(st.integers(lowest, n_skills - 1), min_size=1, max_size=3, unique=True)
        )
        requires = draw(st.lists(st.integers(0, lowest - 1), max_size=2, unique=True))
        modules.append(
            Module(
                f"m{k}",
                f"Module {k}",
                teaches=tuple(f"s{t}" for t in sorted(teaches)),
                requires=tuple(f"s{r}" for r in sorted(requires)),
                hours=draw(st.integers(1, 12)),
                cost=draw(st.sampled_from([0, 0, 10, 25, 40])),
            )
        )
    niches = [
        Niche(
            f"n{k}",
            f"Niche {k}",
            tuple(
                sorted(
                    set(
                        draw(
                            st.lists(
                                st.sampled_from([s.id for s in skills]), min_size=1, max_size=3
                            )
                        )
                    )
                )
            ),
            resilience=draw(st.sampled_from([0.2, 0.5, 0.8])),
        )
        for k in range(draw(st.integers(1, 3)))
    ]
    return Catalogue.build(skills, modules, niches)


@st.composite
def problems(draw):
    cat = draw(catalogues())
    skill_ids = sorted(cat.skills)
    targets = draw(
        st.lists(
            st.sampled_from(skill_ids + sorted(cat.niches)), min_size=1, max_size=3, unique=True
        )
    )
    have = draw(st.lists(st.sampled_from(skill_ids), max_size=2, unique=True))
    done = draw(st.lists(st.sampled_from(sorted(cat.modules)), max_size=2, unique=True))
    return cat, have, targets, done


def goal_skills(cat, targets):
    return {s for t in targets for s in (cat.niches[t].requires if t in cat.niches else (t,))}


def held_skills(cat, have, done):
    return set(have) | {s for m in done for s in cat.modules[m].teaches}


def brute_force(cat, have, targets, done, measure="hours"):
    """(missing entry skills, total) of the best subset of modules, by enumeration."""
    held = held_skills(cat, have, done)
    goals = goal_skills(cat, targets)
    candidates = [m for m in sorted(cat.modules) if m not in done]
    teachable = {s for m in candidates for s in cat.modules[m].teaches}
    best = None
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            mods = [cat.modules[m] for m in subset]
            have_now = held | {s for m in mods for s in m.teaches}
            wanted = goals | {r for m in mods for r in m.requires}
            lacking = wanted - have_now
            if lacking & teachable:
                continue  # needs a skill some other module would teach: not closed
            key = (len(lacking), math.fsum(getattr(m, measure) for m in mods))
            if best is None or key < best:
                best = key
    return best


def assert_valid(cat, have, targets, done, result):
    held = held_skills(cat, have, done) | set(result.missing)
    ids = [m.id for m in result.modules]
    assert len(ids) == len(set(ids)), "a module is planned twice"
    assert not set(ids) & set(done), "a completed module is planned again"
    for pm in result.modules:
        module = cat.modules[pm.id]
        assert set(module.requires) <= held, f"{pm.id} starts before its prerequisites"
        held |= set(module.teaches)
    assert goal_skills(cat, targets) <= held, "a target is not covered"
    assert set(result.missing) <= cat.entry_skills, "missing lists a skill a module teaches"
    assert math.isclose(result.total_hours, sum(cat.modules[i].hours for i in ids))
    assert all(pm.why.startswith("teaches ") for pm in result.modules)


@SETTINGS
@given(problems())
def test_plan_is_valid_and_minimal_in_hours(problem):
    cat, have, targets, done = problem
    result = plan(cat, have, targets, done)
    assert_valid(cat, have, targets, done, result)
    assert result.optimal
    missing, hours = brute_force(cat, have, targets, done)
    assert len(result.missing) == missing
    assert math.isclose(result.total_hours, hours, abs_tol=1e-9)
    assert result.lower_bound <= result.total_hours + 1e-6


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_plan_is_minimal_in_cost_when_asked(problem):
    cat, have, targets, done = problem
    result = plan(cat, have, targets, done, minimize="cost")
    assert_valid(cat, have, targets, done, result)
    missing, cost = brute_force(cat, have, targets, done, measure="cost")
    assert (len(result.missing), result.total_cost) == (missing, cost)


@SETTINGS
@given(problems(), st.data())
def test_one_more_skill_never_makes_the_plan_longer(problem, data):
    cat, have, targets, done = problem
    extra = data.draw(st.sampled_from(sorted(cat.skills)))
    before = plan(cat, have, targets, done)
    after = plan(cat, sorted(set(have) | {extra}), targets, done)
    assert (len(after.missing), after.total_hours) <= (
        len(before.missing),
        before.total_hours + 1e-9,
    )


@SETTINGS
@given(problems())
def test_two_targets_together_cost_no_more_than_apart(problem):
    cat, have, targets, done = problem
    if len(targets) < 2:
        targets = [*targets, sorted(cat.skills)[-1]]
    a, b = targets[0], targets[1]
    pa, pb, pab = (plan(cat, have, t, done) for t in ([a], [b], [a, b]))
    apart_missing = set(pa.missing) | set(pb.missing)
    assert (len(pab.missing), pab.total_hours) <= (
        len(apart_missing),
        pa.total_hours + pb.total_hours + 1e-9,
    )
    for extra in pab.per_target:  # what each target adds on top of the other
        assert -1e-9 <= extra.extra_hours <= pab.total_hours + 1e-9


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.data())
def test_niche_ranking_hours_equal_each_niche_plan(cat, data):
    have = data.draw(st.lists(st.sampled_from(sorted(cat.skills)), max_size=2, unique=True))
    ranks = rank_niches(cat, have, sort="pareto")
    assert sorted(r.id for r in ranks) == sorted(cat.niches)
    for r in ranks:
        p = plan(cat, have, [r.id])
        assert math.isclose(r.hours_to_ready, p.total_hours, abs_tol=1e-9)
        assert r.missing == p.missing
    front = [r for r in ranks if r.pareto]
    assert ranks[: len(front)] == front, "the Pareto front comes first"
    for r in front:
        for o in ranks:
            beats = (
                o.resilience >= r.resilience
                and (len(o.missing), o.hours_to_ready) <= (len(r.missing), r.hours_to_ready)
                and (o.resilience, -len(o.missing), -o.hours_to_ready)
                != (r.resilience, -len(r.missing), -r.hours_to_ready)
            )
            assert not beats, f"{o.id} beats {r.id}, which is marked as on the front"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from(["hours", "cost"]), st.booleans())
def test_branch_and_bound_and_integer_program_choose_the_same_plan(problem, minimize, ties):
    """The two exact methods agree exactly, tie-breaks included."""
    from learnpath.planning.index import index_of
    from learnpath.planning.solver import solve

    cat, have, targets, done = problem
    ix = index_of(cat)
    held = frozenset(held_skills(cat, have, done))
    done_set = frozenset(ix.position[m] for m in done)
    goals = sorted(goal_skills(cat, targets))
    a = solve(ix, held, done_set, goals, minimize, tie_break=ties, method="search")
    b = solve(ix, held, done_set, goals, minimize, tie_break=ties, method="milp")
    assert a.optimal and b.optimal
    assert a.missing == b.missing
    w = ix.weights(minimize)
    assert math.isclose(sum(w[i] for i in a.modules), sum(w[i] for i in b.modules))
    if ties:
        assert a.modules == b.modules
