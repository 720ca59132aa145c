"""The compiled-catalogue cache: used when files are unchanged, never trusted otherwise."""

from __future__ import annotations

import pytest

from learnpath.catalogue import cache
from learnpath.catalogue.loader import load_catalogue
from learnpath.catalogue.problems import CurriculumError

TEXT = """
skills:
  - {id: a, name: A}
  - {id: b, name: B}
modules:
  - {id: m, title: M, teaches: [b], requires: [a], hours: 3}
"""


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEARNPATH_CACHE_DIR", str(folder))
    monkeypatch.delenv("LEARNPATH_CACHE", raising=False)
    return folder


def entries(folder):
    return sorted(folder.glob("*.pickle"))


def test_second_load_comes_from_the_cache(write_yaml, cache_folder):
    path = write_yaml(TEXT)
    first = load_catalogue([path])
    (entry,) = entries(cache_folder)
    second = load_catalogue([path])
    assert second == first
    assert second.modules["m"].location == first.modules["m"].location
    assert entries(cache_folder) == [entry]


def test_changed_file_is_reloaded(write_yaml, cache_folder):
    path = write_yaml(TEXT)
    load_catalogue([path])
    path.write_text(TEXT.replace("hours: 3", "hours: 5"))
    assert load_catalogue([path]).modules["m"].hours == 5
    assert len(entries(cache_folder)) == 2


def test_changed_file_with_an_error_is_not_hidden_by_the_cache(write_yaml, cache_folder):
    path = write_yaml(TEXT)
    load_catalogue([path])
    path.write_text(TEXT.replace("hours: 3", "hours: -3"))
    with pytest.raises(CurriculumError):
        load_catalogue([path])


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_corrupt_cache_is_rebuilt(write_yaml, cache_folder, damage):
    path = write_yaml(TEXT)
    expected = load_catalogue([path])
    (entry,) = entries(cache_folder)
    blob = entry.read_bytes()
    entry.write_bytes(
        {
            "truncate": blob[: len(blob) // 2],
            "flip": blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
            "garbage": b"not a cache file",
            "empty": b"",
        }[damage]
    )
    assert load_catalogue([path]) == expected
    assert entry.read_bytes() == blob  # rebuilt in place


def test_cache_can_be_turned_off(write_yaml, cache_folder, monkeypatch):
    monkeypatch.setenv("LEARNPATH_CACHE", "0")
    load_catalogue([write_yaml(TEXT)])
    assert not cache_folder.exists()


def test_unwritable_cache_folder_is_not_an_error(write_yaml, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LEARNPATH_CACHE_DIR", str(blocker / "sub"))
    assert "m" in load_catalogue([write_yaml(TEXT)]).modules


def test_read_cached_refuses_foreign_pickles(cache_folder):
    import hashlib
    import pickle

    cache_folder.mkdir()
    payload = pickle.dumps({"not": "a catalogue"})
    (cache_folder / "k.pickle").write_bytes(
        b"LPCAT1\n" + hashlib.sha256(payload).digest() + payload
    )
    assert cache.read_cached("k") is None


def test_cached_entities_are_the_same_classes_and_places(write_yaml, cache_folder):
    from learnpath.model import Location, Module

    path = write_yaml(TEXT)
    load_catalogue([path])
    module = load_catalogue([path]).modules["m"]  # from the cache
    assert type(module) is Module and type(module.location) is Location
    assert (module.requires, module.teaches, module.hours) == (("a",), ("b",), 3)
    assert str(module.location).endswith(":5:5")  # the module item, line 5


def test_entities_compare_without_their_location():
    from learnpath.model import Location, Skill

    here, there = Location("a.yaml", 3, 5), Location("b.yaml", 9, 5)
    assert Skill("sql", "SQL", location=here) == Skill("sql", "SQL", location=there)
    assert len({Skill("sql", "SQL", location=here), Skill("sql", "SQL", location=there)}) == 1
    assert Skill("sql", "SQL", location=here) != Skill("sql", "SQL v2", location=here)
