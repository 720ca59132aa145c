"""Which targets each module of a plan serves, against the definition read literally.

A module serves a target when the target's chain of providers reaches it: from the
chosen module providing each of the target's skills, through the providers of each
reached module's requirements (a skill's provider is its chosen teacher earliest in the
catalogue's topological order). A target is blocked by the missing entry skills it
needs itself or that a module serving it needs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from planner_support import catalogues

from learnpath.planning import plan
from learnpath.planning.explain import explain, providers
from learnpath.planning.index import index_of
from learnpath.planning.planner import resolve_targets


def reference(ix, chosen, held, missing, targets):
    prov = providers(ix, chosen, held)
    reached, blocked = {}, {}
    for t in targets:
        seen, lacks = set(), {s for s in t.skills if s in missing}
        todo = [prov[s] for s in t.skills if s in prov]
        while todo:
            i = todo.pop()
            if i not in seen:
                seen.add(i)
                todo += [prov[r] for r in ix.requires[i] if r in prov]
                lacks |= {r for r in ix.requires[i] if r not in prov and r in missing}
        reached[t.id] = seen
        if lacks:
            blocked[t.id] = tuple(sorted(lacks))
    serves = {i: tuple(t.id for t in targets if i in reached[t.id]) for i in chosen}
    return serves, blocked


@settings(max_examples=300, deadline=None)
@given(catalogues(max_modules=9, max_skills=7), st.data())
def test_each_module_serves_the_targets_its_providers_lead_to(cat, data):
    ix = index_of(cat)
    names = sorted(cat.niches) + sorted(cat.skills)
    ids = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    have = data.draw(st.lists(st.sampled_from(sorted(cat.skills)), max_size=3, unique=True))
    p = plan(cat, have, ids)  # entry skills not held are missing: some targets blocked
    targets = resolve_targets(cat, ids)
    chosen = frozenset(ix.position[m.id] for m in p.modules)
    held = frozenset(have)
    ex = explain(ix, chosen, held, frozenset(p.missing), targets)
    serves, blocked = reference(ix, chosen, held, frozenset(p.missing), targets)
    assert ex.serves == serves
    assert ex.blocked == blocked
    assert tuple(t for t in p.targets if t in blocked) == p.unreachable


@settings(max_examples=300, deadline=None)
@given(catalogues(max_modules=12, max_skills=8), st.data())
def test_every_module_of_a_catalogue_serves_what_its_providers_lead_to(cat, data):
    """All the catalogue's modules chosen at once: more chains cross than in a best plan."""
    ix = index_of(cat)
    entry = sorted(s for s in cat.skills if not ix.teachers.get(s))
    held = frozenset(data.draw(st.lists(st.sampled_from(entry), unique=True)) if entry else [])
    missing = frozenset(entry) - held
    names = sorted(cat.niches) + sorted(cat.skills)
    ids = data.draw(st.lists(st.sampled_from(names), min_size=2, max_size=4, unique=True))
    targets = resolve_targets(cat, ids)
    chosen = frozenset(range(len(ix.module_ids)))
    ex = explain(ix, chosen, held, missing, targets)
    assert (ex.serves, ex.blocked) == reference(ix, chosen, held, missing, targets)
