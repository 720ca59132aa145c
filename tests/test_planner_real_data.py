"""The planner on real prerequisite graphs (read from ../shared/data, never copied here).

- Metacademy (2015): one module per concept, so the plan for a concept must be exactly
  Metacademy's own precomputed prerequisite closure of it, in a valid order.
- OSSU computer science: every section's plan needs exactly the entry skills (taught
  by no course) that the section depends on, checked against networkx ancestry.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from learnpath.catalogue.loader import load_catalogue
from learnpath.planning import plan, rank_niches


@pytest.fixture(scope="module")
def graphs_dir():
    folder = Path(__file__).parents[1].parent / "shared" / "data" / "prerequisite-graphs"
    if not folder.is_dir():
        pytest.skip(f"public prerequisite graphs not found at {folder} (../shared/data absent)")
    return folder


@pytest.fixture(scope="module")
def metacademy(graphs_dir):
    return load_catalogue([graphs_dir / "metacademy-2015.yaml"])


@pytest.fixture(scope="module")
def ossu(graphs_dir):
    return load_catalogue([graphs_dir / "ossu-cs.yaml"])


def assert_valid_order(catalogue, have, result):
    held = set(have) | set(result.missing)
    for m in result.modules:
        module = catalogue.modules[m.id]
        assert set(module.requires) <= held, f"{m.id} is planned before its prerequisites"
        held.update(module.teaches)
    return held


def test_metacademy_plan_for_every_concept_is_its_prerequisite_closure(metacademy, graphs_dir):
    source = json.loads((graphs_dir / "metacademy-2015.source.json").read_text("utf-8"))
    closure = source["target_closure"]
    concepts = [c["tag"] for c in source["concepts"]]
    assert len(concepts) == len(metacademy.skills) == 487
    started = time.perf_counter()
    for concept in concepts:
        result = plan(metacademy, [], [concept])
        taught = {s for m in result.modules for s in metacademy.modules[m.id].teaches}
        assert taught - {concept} == set(closure[concept]), concept
        assert len(result.modules) == len(closure[concept]) + 1
        assert result.optimal and result.missing == ()
        assert concept in assert_valid_order(metacademy, [], result)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{len(concepts)} plans took {elapsed:.1f} s"


def test_metacademy_declared_skills_shorten_the_plan(metacademy):
    full = plan(metacademy, [], ["subject.machinelearning"])
    known = [m.teaches[0] for m in full.modules[:10]]
    shorter = plan(metacademy, known, ["subject.machinelearning"])
    assert not {m.id for m in shorter.modules} & {m.id for m in full.modules[:10]}
    assert shorter.total_hours == pytest.approx(
        full.total_hours - sum(m.hours for m in full.modules[:10])
    )
    assert_valid_order(metacademy, known, shorter)


def test_ossu_each_section_needs_exactly_its_untaught_entry_skills(ossu):
    from learnpath.catalogue.graph import to_networkx

    graph = to_networkx(ossu)
    entry = ossu.entry_skills
    assert len(entry) == 29
    for niche_id in ossu.niches:
        expected = sorted(entry & set(_ancestors(graph, niche_id)))
        result = plan(ossu, [], [niche_id])
        assert list(result.missing) == expected, niche_id
        assert result.unreachable == ((niche_id,) if expected else ())
        held = assert_valid_order(ossu, [], result)
        assert set(ossu.niches[niche_id].requires) <= held
        # declaring the missing entry skills makes the same section reachable
        ready = plan(ossu, expected, [niche_id])
        assert ready.missing == () and ready.total_hours == pytest.approx(result.total_hours)


def test_ossu_ranking_matches_each_section_plan(ossu):
    ranks = rank_niches(ossu, [])
    assert len(ranks) == len(ossu.niches)
    for r in ranks:
        p = plan(ossu, [], [r.id])
        assert r.hours_to_ready == pytest.approx(p.total_hours)
        assert r.missing == p.missing


def _ancestors(graph, node):
    import networkx as nx

    return nx.ancestors(graph, node)
