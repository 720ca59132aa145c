"""Property tests: valid catalogues round-trip; any single mutation is caught at its line."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.catalogue.loader import check_paths
from learnpath.model import Module, Niche, Skill

text = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85"),
    min_size=1,
    max_size=20,
)
hours = st.integers(min_value=1, max_value=400).map(lambda q: q / 4)


@st.composite
def catalogues(draw):
    """Random valid catalogues, acyclic by construction (modules only require skills
    with a lower number than those they teach)."""
    n_skills = draw(st.integers(2, 8))
    skills = [
        Skill(f"s{i}", draw(text), draw(st.none() | text), tuple(draw(st.lists(text, max_size=2))))
        for i in range(n_skills)
    ]
    modules = []
    for j in range(draw(st.integers(1, 6))):
        top = draw(st.integers(1, n_skills - 1))
        teaches = draw(
            st.lists(st.sampled_from(range(top, n_skills)), min_size=1, max_size=2, unique=True)
        )
        requires = draw(st.lists(st.sampled_from(range(top)), max_size=3, unique=True))
        modules.append(
            Module(
                f"m{j}",
                draw(text),
                tuple(f"s{i}" for i in teaches),
                draw(hours),
                tuple(f"s{i}" for i in requires),
                draw(st.sampled_from([0.0, 19.5, 300.0])),
                provider=draw(st.none() | text),
                format=draw(st.none() | st.sampled_from(["course", "project"])),
            )
        )
    niches = [
        Niche(
            f"n{k}",
            draw(text),
            tuple(
                f"s{i}"
                for i in draw(
                    st.lists(st.sampled_from(range(n_skills)), min_size=1, max_size=3, unique=True)
                )
            ),
            draw(st.integers(0, 100)) / 100,
            industry=draw(st.none() | text),
            rationale=draw(st.none() | text),
            sources=tuple(draw(st.lists(text, max_size=2))),
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    return skills, modules, niches


def to_yaml(skills, modules, niches) -> str:
    """One field a line, so every field's line number is known."""

    def q(value):
        return json.dumps(value, ensure_ascii=False)

    def block(item, fields):
        lines = []
        for i, name in enumerate(fields):
            value = getattr(item, name)
            if value is None or value == ():
                continue
            if isinstance(value, tuple):
                value = "[" + ", ".join(q(v) for v in value) + "]"
            elif isinstance(value, str):
                value = q(value)
            lines.append(("  - " if i == 0 else "    ") + f"{name}: {value}")
        return lines

    out = ["skills:"]
    for s in skills:
        out += block(s, ("id", "name", "description", "tags"))
    out.append("modules:")
    for m in modules:
        out += block(
            m, ("id", "title", "teaches", "requires", "hours", "cost", "provider", "format")
        )
    if niches:
        out.append("niches:")
        for n in niches:
            out += block(
                n, ("id", "name", "requires", "resilience", "industry", "rationale", "sources")
            )
    return "\n".join(out) + "\n"


def write(tmp_path_factory, content: str) -> Path:
    path = tmp_path_factory.mktemp("cat") / "c.yaml"
    path.write_text(content, encoding="utf-8")
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_valid_catalogues_round_trip(tmp_path_factory, generated):
    skills, modules, niches = generated
    report = check_paths([write(tmp_path_factory, to_yaml(skills, modules, niches))], lint=False)
    assert report.errors == []
    cat = report.catalogue
    assert list(cat.skills.values()) == skills
    assert list(cat.modules.values()) == modules
    assert list(cat.niches.values()) == niches


MUTATIONS = {
    # field -> replacement values that must each be an error on that very line
    "hours": ["-1", "0", '"six"', "[1]", "true", "{a: 1}"],
    "resilience": ["1.5", "-0.1", '"high"'],
    "teaches": ["[]", "[zz-unknown]", "{a: b}", "[m0]"],
    "requires": ["[zz-unknown]", "[n0]", "5"],
    "name": ["[x]", "", "{a: b}", "12"],
    "title": ["[x]", '""'],
    "id": ['"Bad Id"', "[x]", "s0", "UPPER"],
    "format": ["book", "3"],
    "cost": ["-5", '"free"'],
    "tags": ["oops", "[[nested]]"],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.data())
def test_single_mutation_is_reported_at_its_line(tmp_path_factory, generated, data):
    lines = to_yaml(*generated).splitlines()
    candidates = [
        (i, key)
        for i, line in enumerate(lines)
        for key in MUTATIONS
        if line.lstrip(" -").startswith(f"{key}: ")
    ]
    index, key = data.draw(st.sampled_from(candidates))
    kind = data.draw(st.sampled_from(["value", "misspell", "duplicate", "syntax"]))
    prefix = lines[index][: lines[index].index(key)]
    if kind == "value":
        replacement = data.draw(st.sampled_from(MUTATIONS[key]))
        if key == "id" and replacement == "s0" and lines[index].endswith('"s0"'):
            replacement = "UPPER"
        lines[index] = f"{prefix}{key}: {replacement}"
    elif kind == "misspell":
        lines[index] = f"{prefix}{key}x: {lines[index].split(': ', 1)[1]}"
    elif kind == "duplicate":
        lines.insert(index + 1, " " * len(prefix) + lines[index].lstrip(" -"))
        index += 1
    else:
        lines[index] = f"{prefix}{key}: [unclosed, {lines[index].split(': ', 1)[1]}"
    report = check_paths([write(tmp_path_factory, "\n".join(lines) + "\n")])
    assert report.errors, f"mutation {kind} of `{key}` at line {index + 1} went unnoticed"
    error_lines = {p.line for p in report.errors}
    if kind == "syntax":  # the parser notices an unclosed bracket where the text ends
        assert min(error_lines) >= index + 1
    else:
        assert index + 1 in error_lines, [str(p) for p in report.problems]


field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-2, max_value=2),
    st.sampled_from(
        [
            "",
            "a",
            "s0",
            "Bad Id",
            "course",
            "book",
            "https://example.org/x",
            "ftp://x",
            "http://",
            "CC-BY-4.0",
        ]
    ),
    st.lists(st.sampled_from(["a", "s0", "", "Bad Id"]), max_size=3),
    st.lists(st.integers(0, 3), max_size=2),
    st.lists(st.floats(allow_nan=False, min_value=-0.5, max_value=1.5), max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["skills", "modules", "niches"]),
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "name",
                "title",
                "teaches",
                "requires",
                "hours",
                "cost",
                "url",
                "format",
                "resilience",
                "resilience_band",
                "automation_risk",
                "tags",
                "sources",
                "description",
                "extra",
            ]
        ),
        field_values,
        max_size=8,
    ),
)
def test_quick_check_agrees_with_marshmallow(section, item):
    """The fast path may only accept what marshmallow accepts, and must accept valid items."""
    from marshmallow import ValidationError

    from learnpath.catalogue.schema import SECTIONS, quick_check

    schema = SECTIONS[section]()
    try:
        schema.load(item)
        accepted = True
    except ValidationError:
        accepted = False
    assert quick_check(schema)(item) == accepted
