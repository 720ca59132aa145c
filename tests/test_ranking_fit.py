"""Fit and the personal order (``rank_niches(sort="fit")``), checked from their definitions.

``fit_fronts`` against peeling the niches no one beats, one front at a time (brute
force); fit against the plans themselves; the order against the dominance it promises.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_planner_properties import catalogues

from learnpath.model import Catalogue, Module, Niche, Skill
from learnpath.planning import plan, rank_niches
from learnpath.planning.fit import ORDER, fit_fronts, fit_share

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def beats(a, b) -> bool:
    """``a`` beats ``b``: at least as close and its band reaching ``b``'s, and closer or
    wholly above (the definition in learnpath.planning.fit)."""
    _, close_a, low_a, high_a = a
    _, close_b, low_b, high_b = b
    return close_a >= close_b and high_a >= low_b and (close_a > close_b or low_a > high_b)


def peeled(items) -> dict[str, int]:
    """Fronts by peeling: front 1 is beaten by none, front 2 by none of the rest..."""
    left, out, k = list(items), {}, 0
    while left:
        k += 1
        top = [b for b in left if not any(beats(a, b) for a in left if a is not b)]
        assert top, "dominance must have no cycle"
        out.update((b[0], k) for b in top)
        left = [b for b in left if b[0] not in out]
    return out


@st.composite
def scored(draw):
    n = draw(st.integers(0, 25))
    items = []
    for k in range(n):
        low = draw(st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3]))
        high = low + draw(st.sampled_from([0.0, 0.05, 0.1, 0.2]))
        closeness = (-draw(st.integers(0, 2)), draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])))
        items.append((f"n{k}", closeness, low, high))
    return items


@SETTINGS
@given(scored())
def test_fronts_are_the_peeled_fronts(items):
    assert fit_fronts(items) == peeled(items)


@SETTINGS
@given(catalogues(), st.data())
def test_fit_is_the_share_of_the_hours_from_scratch_already_saved(cat, data):
    have = data.draw(st.lists(st.sampled_from(sorted(cat.skills)), max_size=3, unique=True))
    entry = sorted(cat.entry_skills)
    for r in rank_niches(cat, have):
        mine = plan(cat, have, [r.id]).total_hours
        scratch = plan(cat, entry, [r.id]).total_hours
        assert 0.0 <= r.fit <= 1.0
        assert math.isclose(r.fit, fit_share(mine, scratch), abs_tol=1e-9)
        if mine == 0:
            assert r.fit == 1.0


@SETTINGS
@given(catalogues(), st.data())
def test_no_niche_comes_after_a_niche_it_beats(cat, data):
    have = data.draw(st.lists(st.sampled_from(sorted(cat.skills)), max_size=3, unique=True))
    ranks = rank_niches(cat, have)
    assert ranks == rank_niches(cat, have, sort="fit")
    items = [(r.id, (-len(r.missing), r.fit > 0, r.fit), r.resilience, r.resilience) for r in ranks]
    for i, later in enumerate(items):
        for earlier in items[:i]:
            assert not beats(later, earlier), f"{later[0]} beats {earlier[0]} but comes after"


def test_overlapping_bands_never_decide_the_order():
    """Two niches the learner is equally close to, whose bands overlap: the higher
    score does not put one first (hours, then ids do); a band wholly above does."""
    skills = [Skill("a", "A"), Skill("b", "B")]
    modules = [Module("ma", "A", ("a",), 10), Module("mb", "B", ("b",), 10)]
    higher = Niche("x-higher", "Higher", ("a",), 0.30, resilience_low=0.1, resilience_high=0.4)
    lower = Niche("a-lower", "Lower", ("b",), 0.20, resilience_low=0.1, resilience_high=0.25)
    cat = Catalogue.build(skills, modules, [higher, lower])
    assert [r.id for r in rank_niches(cat, [])] == ["a-lower", "x-higher"]
    above = Catalogue.build(skills, modules, [higher._replace(resilience_low=0.26), lower])
    assert [r.id for r in rank_niches(above, [])] == ["x-higher", "a-lower"]
    # a closer niche comes first unless beaten: here neither beats the other
    assert [(r.id, r.fit) for r in rank_niches(above, ["b"])] == [
        ("a-lower", 1.0),
        ("x-higher", 0.0),
    ]


def test_a_ready_niche_has_fit_one_and_json_carries_band_and_risk():
    skills = [Skill("a", "A"), Skill("b", "B")]
    modules = [Module("ma", "A", ("a",), 10), Module("mb", "B", ("b",), 30, ("a",))]
    niche = Niche("n", "N", ("b",), 0.3, resilience_low=0.2, resilience_high=0.35)
    cat = Catalogue.build(skills, modules, [niche._replace(automation_risk=0.6)])
    row = rank_niches(cat, ["a"])[0].to_dict()
    assert row["fit"] == 0.25  # 10 of the 40 hours from scratch are saved
    assert (row["resilience_low"], row["resilience_high"], row["automation_risk"]) == (
        0.2,
        0.35,
        0.6,
    )
    assert rank_niches(cat, ["b"])[0].to_dict()["fit"] == 1.0


def test_the_order_is_one_sentence():
    assert ORDER.count(". ") == 0 and ORDER.endswith(".")
    assert "fit" in ORDER and "band" in ORDER
