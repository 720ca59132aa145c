"""From text to skills: what `learnpath match` finds, rules out, marks as a plus and
refuses; properties over random texts (Hypothesis)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpath.matching import ASKED, TextError, check_text, decode_text, match_text
from learnpath.matching.source import MAX_TEXT_BYTES
from learnpath.matching.text import phrase_key
from learnpath.model import Catalogue, Skill

# made-up skill names, so no filler word can name one by accident
SKILLS = [
    Skill("zorbling", "Zorbling", aliases=("zorb craft",), tools=("Zorbmaster 3000",)),
    Skill("quantaxe", "Quantaxe analysis", aliases=("quantaxing",)),
    Skill("plimmet", "Plimmet design", tools=("PlimTool",)),
    Skill("vextor", "Vextor writing"),
    Skill("technical-vextor", "Technical vextor"),
    Skill("vextor-basics", "Vextor basics", aliases=("vextor",)),
]
CATALOGUE = Catalogue.build(SKILLS, [], [])
NAMES = {
    "zorbling": ["Zorbling", "zorb craft", "Zorbmaster 3000"],
    "quantaxe": ["Quantaxe analysis", "quantaxing"],
    "plimmet": ["Plimmet design", "PlimTool"],
}
FILLER = [
    "team",
    "client",
    "weekly",
    "remote",
    "project",
    "office",
    "monday",
    "budget",
    "shared",
    "growing",
    "friendly",
    "london",
    "hours",
    "contract",
    "startup",
    "product",
    "customers",
    "studio",
    "agency",
    "great",
]


def ids(text: str) -> list[str]:
    return [s.id for s in match_text(CATALOGUE, text).skills]


def asked(text: str) -> set[str]:
    return {s.id for s in match_text(CATALOGUE, text).asked}


def test_names_aliases_and_tools_are_found_with_their_rule_and_words():
    found = match_text(CATALOGUE, "We need Zorbmaster 3000 and quantaxing, plus Plimmet design.")
    got = {s.id: (s.matched, s.rule, s.confidence) for s in found.skills}
    assert got == {
        "zorbling": ("Zorbmaster 3000", "technology name", 0.9),
        "quantaxe": ("quantaxing", "alias", 0.9),
        "plimmet": ("Plimmet design", "skill name", 0.95),
    }
    assert found.to_dict()["skills"][0].keys() == {"id", "name", "matched", "rule", "confidence"}


def test_word_endings_case_and_punctuation_do_not_matter():
    assert ids("ZORB-CRAFTS wanted!") == ["zorbling"]
    assert ids("writing vextors for our clients") == ["vextor"]  # object first


def test_a_phrase_inside_a_longer_one_is_not_counted_twice():
    assert ids("Technical vextor is the job.") == ["technical-vextor"]
    assert ids("Technical vextor, and some vextor too.") == ["technical-vextor", "vextor-basics"]


def test_no_phrase_runs_across_a_comma_or_a_sentence():
    assert ids("Our technical, vextor-minded team") == ["vextor-basics"]
    assert ids("It is technical. Vextor basics matter.") == ["vextor-basics"]


@pytest.mark.parametrize(
    "text",
    [
        "No zorbling needed.",
        "We do not need zorbling, just quantaxing.",
        "Zorbling is not required; quantaxing is.",
        "You will never do zorbling. Quantaxing required.",
        "Not required:\n- Zorbling\n\nRequired:\n- Quantaxing",
        "Without zorbling: quantaxing only.",
        "Quantaxing rather than zorbling.",
    ],
)
def test_what_a_text_rules_out_is_not_asked_for(text):
    found = ids(text)
    assert "zorbling" not in found
    assert ("quantaxe" in found) == ("quantax" in text.lower())


@pytest.mark.parametrize(
    "text",
    [
        "Quantaxing required. Nice to have: zorbling.",
        "Quantaxing required. Zorbling is a plus.",
        "Quantaxing required. Zorbling would be helpful, though it isn't essential.",
        "Must have:\n- Quantaxing\n\nBonus points:\n- Zorbling",
    ],
)
def test_what_a_text_calls_a_plus_scores_under_the_threshold(text):
    found = match_text(CATALOGUE, text)
    assert {s.id for s in found.asked} == {"quantaxe"}
    (plus,) = found.optional
    assert plus.id == "zorbling" and plus.optional and plus.confidence < ASKED


def test_no_only_not_just_and_no_code_are_no_negations():
    assert asked("Not only zorbling but also quantaxing.") == {"zorbling", "quantaxe"}


def test_a_skill_named_also_as_required_is_required():
    found = match_text(CATALOGUE, "Nice to have: zorbling.\nMust have: zorbling and quantaxing.")
    assert {s.id for s in found.asked} == {"zorbling", "quantaxe"}


def test_a_text_asking_for_nothing_in_the_catalogue_lists_what_it_asks():
    found = match_text(CATALOGUE, "Forklift driver: a valid forklift licence and steel boots.")
    assert found.skills == ()
    assert found.unmatched == ("valid forklift licence", "steel boots")
    found = match_text(CATALOGUE, "Walk my dog twice a day")
    assert found.skills == () and found.unmatched == ("Walk my dog twice a day",)


def test_covered_counts_only_skills_asked_for():
    found = match_text(CATALOGUE, "Zorbling and quantaxing required. Plimmet design is a plus.")
    assert found.covered(["quantaxe", "plimmet"]) == ("quantaxe",)
    assert found.to_dict(["quantaxe"])["covered"] == ["quantaxe"]
    assert "covered" not in found.to_dict()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the text is empty"),
        (b"   \n\t ", "the text is empty"),
        (b"!!! ??? ...", "has no words"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes: a binary file?"),
        (b"caf\xe9 au lait", "not UTF-8 text (byte 4"),
        (b"\x01\x02\x03\x04 text \x05\x06\x07", "full of control characters"),
        (b"a" * (MAX_TEXT_BYTES + 1), "at most 100,000 (100 KB"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(TextError, match=message.replace("?", r"\?").replace("(", r"\(")):
        decode_text(data)


def test_the_largest_text_is_read_and_a_bom_is_ignored():
    assert decode_text(b"\xef\xbb\xbfzorbling") == "zorbling"
    text = ("zorbling " * (MAX_TEXT_BYTES // 9))[:MAX_TEXT_BYTES]
    assert check_text(text) is text
    with pytest.raises(TextError, match="at most"):
        match_text(CATALOGUE, "é" * (MAX_TEXT_BYTES // 2 + 1))  # two bytes each


# ---------------------------------------------------------------- properties

filler = st.lists(st.sampled_from(FILLER), min_size=0, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    before=filler,
    after=filler,
    skill=st.sampled_from(sorted(NAMES)),
    pick=st.integers(0, 10),
    ending=st.sampled_from([".", "!", ",", ";", "", " ."]),
)
def test_a_name_alias_or_tool_in_any_text_is_found(before, after, skill, pick, ending):
    phrase = NAMES[skill][pick % len(NAMES[skill])]
    text = f"{before} {phrase}{ending} {after}".strip()
    assert asked(text) == {skill}


@settings(max_examples=150, deadline=None)
@given(
    before=filler,
    skill=st.sampled_from(sorted(NAMES)),
    pick=st.integers(0, 10),
    cue=st.sampled_from(["No {}.", "We do not need {}.", "{} is not required.", "without {}"]),
)
def test_a_negated_mention_is_not_found(before, skill, pick, cue):
    phrase = NAMES[skill][pick % len(NAMES[skill])]
    text = f"{before}. {cue.format(phrase)}".strip(". ")
    assert asked(text) == set()


sentences = st.lists(
    st.tuples(st.sampled_from(sorted(NAMES)), st.integers(0, 10), filler),
    min_size=1,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(parts=sentences, seed=st.integers(0, 2**16))
def test_the_answer_does_not_depend_on_the_order_of_the_sentences(parts, seed):
    lines = [f"{words} {NAMES[s][k % len(NAMES[s])]} {words}." for s, k, words in parts]
    shuffled = lines[:]
    random.Random(seed).shuffle(shuffled)
    one, two = match_text(CATALOGUE, " ".join(lines)), match_text(CATALOGUE, " ".join(shuffled))
    assert [s.to_dict() for s in one.skills] == [s.to_dict() for s in two.skills]
    assert one == match_text(CATALOGUE, " ".join(lines))  # deterministic


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_matched_or_refused_never_crashes(text):
    try:
        found = match_text(CATALOGUE, text)
    except TextError:
        return
    assert all(0 < s.confidence < 1 for s in found.skills)
    assert len(found.unmatched) <= 30
    assert found.skills or found.unmatched or not text.strip()


@settings(max_examples=200, deadline=None)
@given(word=st.from_regex(r"[A-Za-z]{1,14}", fullmatch=True))
def test_stems_ignore_case_and_spelling_variants(word):
    assert phrase_key(word) == phrase_key(word.upper()) == phrase_key(word.lower())
    if word.lower().endswith("isation"):
        assert phrase_key(word) == phrase_key(word[:-6] + "zation")


def test_the_phrase_index_on_disk_is_used_and_a_damaged_one_rebuilt(tmp_path, monkeypatch):
    from learnpath.matching import index as phrase_index

    monkeypatch.setenv("LEARNPATH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LEARNPATH_CACHE", raising=False)
    fresh = Catalogue.build(SKILLS, [], [])  # a new object: not in the in-memory cache
    built = phrase_index.index_of(fresh)
    (path,) = tmp_path.glob("phrases-*.pickle")
    assert phrase_index.index_of(Catalogue.build(SKILLS, [], [])) == built  # read back
    path.write_bytes(path.read_bytes()[:-10] + b"garbage!!!")
    again = Catalogue.build(SKILLS, [], [])
    assert phrase_index.index_of(again) == built  # checksum failed: rebuilt
    assert [s.id for s in match_text(again, "Zorbmaster 3000").skills] == ["zorbling"]
    renamed = Catalogue.build([*SKILLS[:-1], Skill("vextor-basics", "Vextor basics")], [], [])
    phrase_index.index_of(renamed)
    assert len(list(tmp_path.glob("phrases-*.pickle"))) == 2  # another catalogue, another file
