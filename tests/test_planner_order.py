"""The order of a plan's modules, against a plain statement of its rule.

The rule (:mod:`learnpath.planning.order`): a module comes only once each of its
requirements is held or taught by an earlier module; among the modules that are
ready, the one serving the target with the fewest hours still to go comes first
(modules serving no target last), ties to the earliest id.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from planner_support import catalogues

from learnpath.planning import plan
from learnpath.planning.index import index_of
from learnpath.planning.order import order_modules


def reference_order(ix, chosen, held, serves) -> list[int]:
    """The rule read literally: at each step every ready module is weighed again."""
    left = set(chosen)
    have = set(held)
    out = []
    while left:
        ready = [i for i in left if all(r in have for r in ix.requires[i])]
        assert ready, "a valid plan always has a ready module"

        def key(i):
            to_go = [
                sum(ix.hours[j] for j in left if t in serves.get(j, ())) for t in serves.get(i, ())
            ]
            return (min(to_go, default=math.inf), ix.module_ids[i])

        i = min(ready, key=key)
        out.append(i)
        left.remove(i)
        have.update(ix.teaches[i])
    return out


@st.composite
def orderings(draw):
    """A valid chosen set (all the catalogue's modules, whose requirements are taught
    inside or held), and each module's targets drawn at random among three."""
    cat = draw(catalogues(max_modules=9, max_skills=7))
    ix = index_of(cat)
    taught = set().union(*(set(t) for t in ix.teaches))
    held = {s for s in cat.skills if s not in taught}  # the entry skills
    chosen = list(range(len(ix.module_ids)))
    serves = {
        i: tuple(draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), max_size=3, unique=True)))
        for i in chosen
    }
    return ix, chosen, held, serves


@settings(max_examples=300, deadline=None)
@given(orderings())
def test_the_order_follows_its_rule(case):
    ix, chosen, held, serves = case
    assert order_modules(ix, chosen, held, serves) == reference_order(ix, chosen, held, serves)


@settings(max_examples=150, deadline=None)
@given(catalogues(max_modules=9, max_skills=7), st.data())
def test_a_plan_for_several_targets_is_in_that_order(cat, data):
    niches = sorted(cat.niches)
    targets = data.draw(st.lists(st.sampled_from(niches), min_size=1, max_size=3, unique=True))
    p = plan(cat, [], targets)
    ix = index_of(cat)
    chosen = [ix.position[m.id] for m in p.modules]
    held = set(p.missing) | {s for s in cat.skills if not ix.teachers.get(s)}
    serves = {ix.position[m.id]: m.serves for m in p.modules}
    expected = [ix.module_ids[i] for i in reference_order(ix, chosen, held, serves)]
    assert [m.id for m in p.modules] == expected
