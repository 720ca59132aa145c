"""Hostile or broken files end in a clear, located error: no hang, no crash, no code run."""

from __future__ import annotations

import pytest

from learnpath.catalogue.loader import check_paths

ALIAS_BOMB = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
skills: *i
"""


def errors(path, **kwargs):
    return [(p.line, p.message) for p in check_paths([path], **kwargs).errors]


def test_alias_bomb_is_refused_at_once(write_yaml):
    ((line, message),) = errors(write_yaml(ALIAS_BOMB))
    assert line == 2 and "aliases (`*name`) are not allowed" in message


def test_python_object_tags_are_refused(write_yaml, tmp_path):
    marker = tmp_path / "pwned"
    path = write_yaml(
        f"skills:\n  - id: x\n    name: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    found = errors(path)
    assert not marker.exists()
    assert found[0][0] == 3
    assert (
        "YAML tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed" in found[0][1]
    )


def test_custom_tags_are_refused(write_yaml):
    ((line, message),) = errors(write_yaml("skills:\n  - !include other.yaml\n"))
    assert line == 2 and "YAML tag `!include` is not allowed" in message


def test_nesting_limit(write_yaml):
    deep = "skills:\n  - id: x\n    name: X\n    tags: " + "[" * 40 + "]" * 40 + "\n"
    found = errors(write_yaml(deep))
    assert any("nesting deeper than 32 levels" in m and line == 4 for line, m in found)


def test_very_deep_nesting_does_not_crash(write_yaml):
    found = errors(write_yaml("skills: " + "[" * 100_000 + "]" * 100_000 + "\n"))
    assert found and "nesting" in found[0][1].lower()


def test_size_limit(write_yaml):
    path = write_yaml("skills: []\n" + "# padding\n" * 200)
    ((line, message),) = errors(path, max_file_size=1000)
    assert line == 1 and "over the limit of 1,000" in message


def test_non_utf8_is_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("skills:\n  - id: cafe\n    name: Caf\xe9\n".encode("latin-1"))
    ((line, message),) = errors(path)
    assert line == 3 and "not valid UTF-8 (byte 0xe9)" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- just\n- a list\n", "must be a mapping"),
        ("just text\n", "must be a mapping"),
        ("skills: {id: a}\n", "`skills` must be a list of mappings"),
        ("skills:\n  - plain-string\n", "each skill must be a mapping of fields"),
        ("skills: []\n---\nskills: []\n", "YAML syntax"),
        ("? [a, b]\n: c\n", "keys must be plain words"),
    ],
)
def test_wrong_shapes(write_yaml, text, expected):
    found = errors(write_yaml(text))
    assert len(found) == 1 and expected in found[0][1], found


def test_merge_keys_are_refused(write_yaml):
    text = "skills:\n  - <<: {name: A}\n    id: b\n"
    messages = [m for _, m in errors(write_yaml(text))]
    assert any("`<<` merges" in m for m in messages)


def test_empty_file_is_an_empty_catalogue(write_yaml):
    report = check_paths([write_yaml("")])
    assert report.ok and len(report.catalogue) == 0
