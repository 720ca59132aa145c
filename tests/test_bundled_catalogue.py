"""The bundled catalogue (curricula/): valid, complete, well-shaped, and scored from data."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

from learnpath.catalogue.loader import check_paths

REPO = Path(__file__).resolve().parents[1]
CURRICULA = REPO / "curricula"
SHARED_DATA = REPO.parent / "shared" / "data"
START = ("computer-literacy", "written-english")
FIELDS = ("content-media", "marketing", "software-it", "design", "data-research")
ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@pytest.fixture(scope="module")
def report():
    return check_paths([CURRICULA])


@pytest.fixture(scope="module")
def cat(report):
    assert report.catalogue is not None
    return report.catalogue


def _reachable(cat, held):
    """Skills and modules a learner holding ``held`` can eventually reach."""
    held, done = set(held), set()
    changed = True
    while changed:
        changed = False
        for m in cat.modules.values():
            if m.id not in done and held.issuperset(m.requires):
                done.add(m.id)
                held.update(m.teaches)
                changed = True
    return held, done


def _derive_module():
    """The maintainer script, imported from its path (curricula/tools is not a package)."""
    name = "learnpath_derive_resilience"
    if name not in sys.modules:
        path = CURRICULA / "tools" / "derive_resilience.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it executes
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_checks_with_no_errors_and_no_warnings(report):
    assert [str(p) for p in report.problems] == []
    assert len(report.files) >= 7


def test_size(cat):
    assert len(cat.skills) >= 200
    assert len(cat.modules) >= 300
    assert len(cat.niches) >= 30


def test_every_field_has_niches(cat):
    industries = [n.industry for n in cat.niches.values()]
    for field in FIELDS:
        assert industries.count(field) >= 5, field
    assert set(industries) <= {*FIELDS, "ai-services"}


def test_entry_skills_are_the_two_basics(cat):
    assert cat.entry_skills == frozenset(START)


def test_every_niche_and_module_reachable_from_the_basics(cat):
    held, done = _reachable(cat, START)
    assert set(cat.modules) - done == set()
    for niche in cat.niches.values():
        assert held.issuperset(niche.requires), niche.id


def test_no_unused_skill(cat):
    used = {s for m in cat.modules.values() for s in m.requires}
    used |= {s for n in cat.niches.values() for s in n.requires}
    assert set(cat.skills) - used == set()


def test_no_niche_requires_an_entry_skill(cat):
    for niche in cat.niches.values():
        assert not set(niche.requires) & cat.entry_skills, niche.id


def test_niches_are_documented(cat):
    for niche in cat.niches.values():
        assert niche.industry, niche.id
        assert niche.rationale and len(niche.rationale) > 40, niche.id
        assert niche.sources, niche.id
        assert niche.occupations, niche.id
        assert all(re.fullmatch(r"\d\d-\d\d\d\d", c) for c in niche.occupations), niche.id
        assert 0 <= niche.resilience <= 1, niche.id
        assert niche.resilience_low <= niche.resilience <= niche.resilience_high, niche.id
        assert 0 <= niche.automation_risk <= 1, niche.id


def test_many_skills_have_alternatives_that_differ(cat):
    differing = [
        skill
        for skill, teachers in cat.teachers.items()
        if len({(cat.modules[m].hours, cat.modules[m].cost) for m in teachers}) >= 2
    ]
    assert len(differing) >= 50
    surveys = [m for m in cat.modules.values() if len(m.teaches) >= 3]
    assert len(surveys) >= 10


def test_modules_are_described_and_urls_come_with_a_provider(cat):
    for m in cat.modules.values():
        assert m.description, m.id
        assert 0 < m.hours <= 600, m.id
        if m.url:
            assert m.url.startswith("https://"), m.id
            assert m.provider, m.id
        assert m.format in {"course", "reading", "project", "video", "mentoring", "workshop"}


def test_ids_follow_the_pattern(cat):
    for id_ in [*cat.skills, *cat.modules, *cat.niches]:
        assert ID.match(id_) and len(id_) <= 100, id_


def test_every_file_is_licensed_cc_by(cat):
    files = sorted(CURRICULA.glob("*.yaml"))
    assert files
    for path in files:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))["curriculum"]
        assert meta["license"] == "CC-BY-4.0", path.name
        assert meta["title"] and meta["version"], path.name


def test_every_niche_plans_from_the_basics(cat):
    planning = pytest.importorskip("learnpath.planning")
    for niche in sorted(cat.niches):
        result = planning.plan(cat, START, [niche])
        assert result.modules, niche
        assert result.missing == (), niche


def test_resilience_matches_the_published_figures():
    if not (SHARED_DATA / "ai-exposure").is_dir():
        pytest.skip(f"exposure data not found at {SHARED_DATA} (../shared/data is absent)")
    derive = _derive_module()
    results = derive.derive(CURRICULA, SHARED_DATA)
    assert len(results) >= 30
    wrong = {r.niche: (r.current, r.score) for r in results if not r.ok}
    assert wrong == {}
    assert derive.main(["--check", "--data", str(SHARED_DATA)]) == 0


def test_adjustments_are_bounded_and_cite_a_source(cat):
    derive = _derive_module()
    sources = {n.id: n.sources for n in cat.niches.values()}
    assert derive.check_adjustments(derive.ADJUSTMENTS, sources) == []
    assert len(derive.ADJUSTMENTS) <= 10
    for niche, adjustment in derive.ADJUSTMENTS.items():
        assert abs(adjustment.delta) <= 0.10, niche
        assert adjustment.source in sources[niche], niche
