"""``compare()``: exact hours, marginal hours and shared modules, checked by brute force.

On small random catalogues every figure is recomputed by enumerating every subset of
modules (the brute force of ``test_planner_properties``): a niche's hours to ready is
its own optimum, its marginal hours the joint optimum minus the optimum of the others
(shared modules counted once), and the together hours the joint optimum. The learner
holds every entry skill, so no plan lacks one and the optima are unambiguous.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_planner_properties import brute_force, catalogues

from learnpath.catalogue.loader import load_catalogue
from learnpath.errors import UnknownIdError, UsageError
from learnpath.planning import compare, plan
from learnpath.planning.comparison import MAX_COMPARED

REPO = Path(__file__).resolve().parents[1]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def comparisons(draw):
    cat = draw(catalogues())
    assume(len(cat.niches) >= 2)
    niches = draw(st.permutations(sorted(cat.niches)))[: draw(st.integers(2, len(cat.niches)))]
    taught = sorted(set(cat.skills) - cat.entry_skills)
    extra = draw(st.lists(st.sampled_from(taught), max_size=2, unique=True)) if taught else []
    return cat, sorted(cat.entry_skills) + extra, niches


@SETTINGS
@given(comparisons())
def test_every_hour_is_the_exact_optimum(case):
    cat, have, niches = case
    result = compare(cat, have, niches)
    assert result.optimal and result.missing == ()
    _, together = brute_force(cat, have, niches, [])
    assert math.isclose(result.together_hours, together, abs_tol=1e-9)
    assert [n.id for n in result.niches] == niches
    joint = {m.id for m in plan(cat, have, niches).modules}
    for n in result.niches:
        _, alone = brute_force(cat, have, [n.id], [])
        _, others = brute_force(cat, have, [o for o in niches if o != n.id], [])
        assert math.isclose(n.hours_to_ready, alone, abs_tol=1e-9), n.id
        assert math.isclose(n.marginal_hours, together - others, abs_tol=1e-9), n.id
        assert -1e-9 <= n.marginal_hours <= n.hours_to_ready + 1e-9
        assert set(n.shared_modules) <= joint
        assert 0.0 <= n.fit <= 1.0


@pytest.fixture(scope="module")
def cat():
    return load_catalogue([REPO / "curricula"])


WRITER = ["computer-literacy", "written-english", "long-form-writing", "copywriting"]
THREE = ["ghostwriter", "grant-writer", "ai-assisted-writer"]


def test_three_writing_niches_share_what_they_need(cat):
    result = compare(cat, WRITER, THREE)
    assert result.optimal
    singles = {n: plan(cat, WRITER, [n]) for n in THREE}
    assert result.together_hours == plan(cat, WRITER, THREE).total_hours
    assert result.together_hours < sum(p.total_hours for p in singles.values())
    joint = plan(cat, WRITER, THREE)
    for n in result.niches:
        # shared: the joint plan's modules that lead to this niche and to another
        assert set(n.shared_modules) == {
            m.id for m in joint.modules if n.id in m.serves and len(m.serves) > 1
        }
        assert n.hours_to_ready == singles[n.id].total_hours
        assert n.cost_to_ready == singles[n.id].total_cost
        assert n.marginal_hours < n.hours_to_ready  # each shares modules with the others
        assert n.shared_modules and n.sources
        niche = cat.niches[n.id]
        assert (n.resilience_low, n.resilience, n.resilience_high) == (
            niche.resilience_low,
            niche.resilience,
            niche.resilience_high,
        )
        assert n.automation_risk == niche.automation_risk
    data = result.to_dict()
    assert set(data) >= {"niches", "together_hours", "together_cost"}
    assert set(data["niches"][0]) == {
        "id",
        "name",
        "hours_to_ready",
        "cost_to_ready",
        "marginal_hours",
        "resilience",
        "resilience_low",
        "resilience_high",
        "automation_risk",
        "fit",
        "shared_modules",
        "sources",
    }


@pytest.mark.parametrize(
    "niches, message",
    [
        (["ghostwriter"], "two or three niches (got 1)"),
        (THREE + ["ai-content-editor"], "two or three niches (got 4)"),
        (["ghostwriter", "ghostwriter"], "`ghostwriter` is given twice"),
        ([], "two or three niches (got 0)"),
    ],
)
def test_a_malformed_comparison_is_a_usage_error(cat, niches, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        compare(cat, WRITER, niches)


def test_an_unknown_niche_names_the_nearest(cat):
    with pytest.raises(UnknownIdError) as caught:
        compare(cat, WRITER, ["ghostwriter", "grant-writr"])
    assert caught.value.unknown["grant-writr"][0] == "grant-writer"
    assert "did you mean `grant-writer`" in str(caught.value)
    assert MAX_COMPARED == 3


def test_a_comparison_cut_short_by_the_time_limit_says_so():
    """Set cover over 120 skills: too hard to prove in 0.2 s, so the figures are the best
    plans found and the comparison says it."""
    import random

    from learnpath.model import Catalogue, Module, Niche, Skill

    rng = random.Random(7)
    skills = [Skill(f"s{i:03d}", "s") for i in range(120)]
    modules = [
        Module(
            f"m{i:03d}",
            "m",
            tuple(sorted(rng.sample([s.id for s in skills], 8))),
            rng.randint(5, 40),
        )
        for i in range(400)
    ]
    ids = [s.id for s in skills]
    niches = [Niche("all", "All", tuple(ids), 0.5), Niche("half", "Half", tuple(ids[:60]), 0.4)]
    result = compare(Catalogue.build(skills, modules, niches), [], ["all", "half"], time_limit=0.2)
    assert not result.optimal and result.to_dict()["optimal"] is False
