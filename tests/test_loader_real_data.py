"""The real prerequisite graphs in ../shared/data load as their NOTICE describes."""

from __future__ import annotations

import re

from learnpath.catalogue.loader import check_paths


def test_metacademy_2015_validates(prerequisite_graphs):
    report = check_paths([prerequisite_graphs / "metacademy-2015.yaml"])
    assert report.errors == []
    cat = report.catalogue
    assert (len(cat.skills), len(cat.modules), len(cat.niches)) == (487, 487, 16)
    prerequisite_links = sum(len(m.requires) for m in cat.modules.values())
    assert prerequisite_links == 1208


def test_ossu_validates(prerequisite_graphs):
    report = check_paths([prerequisite_graphs / "ossu-cs.yaml"])
    assert report.errors == []
    cat = report.catalogue
    assert (len(cat.skills), len(cat.modules), len(cat.niches)) == (92, 63, 4)
    assert len(cat.entry_skills) == 29


def test_metacademy_content_has_exactly_its_21_unknown_references(prerequisite_graphs):
    path = prerequisite_graphs / "metacademy-content.yaml"
    report = check_paths([path])
    errors = report.errors
    assert len(errors) == 21
    assert report.warnings == []
    lines = path.read_text(encoding="utf-8").splitlines()
    for error in errors:
        match = re.match(
            r"unknown skill `([^`]+)` in `requires` of module `([^`]+)`", error.message
        )
        assert match, error.message
        ref, module = match.groups()
        # the error points at the list item that names the missing skill ...
        assert lines[error.line - 1].strip() in (f"- {ref}", f"- '{ref}'", f'- "{ref}"')
        # ... inside the module it belongs to (the nearest `- id:` above it)
        owner = next(ln for ln in reversed(lines[: error.line]) if ln.startswith("- id: "))
        assert owner == f"- id: {module}"
        assert ref not in report.catalogue.skills
