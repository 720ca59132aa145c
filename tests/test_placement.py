"""The placement check: its inference rules against a brute-force reading of the
prerequisite structure, its question count, and what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpath.errors import UnknownIdError
from learnpath.model import Catalogue, Module, Skill
from learnpath.placement import MAX_QUESTIONS, ConflictingAnswersError, Placement


@st.composite
def catalogues(draw, max_skills: int = 14):
    """Random acyclic catalogues: skill k is taught by 0-2 modules requiring lower skills."""
    n = draw(st.integers(2, max_skills))
    skills = [Skill(f"s{k:02}", f"Skill {k}") for k in range(n)]
    modules = []
    for k in range(1, n):
        for alt in range(draw(st.integers(0, 2))):
            requires = draw(st.lists(st.integers(0, k - 1), max_size=3, unique=True))
            modules.append(
                Module(f"m{k:02}{alt}", f"M{k}.{alt}", (f"s{k:02}",), 1.0,
                       tuple(f"s{r:02}" for r in sorted(requires)))
            )  # fmt: skip
    return Catalogue.build(skills, modules, [])


def reachable(cat: Catalogue, banned: str | None = None) -> set[str]:
    """Skills learnable from the entry skills without ``banned`` (brute force)."""
    held = {s for s in cat.entry_skills if s != banned}
    grew = True
    while grew:
        grew = False
        for m in cat.modules.values():
            if banned in m.requires or banned in m.teaches:
                continue
            if set(m.requires) <= held and not set(m.teaches) <= held:
                held |= set(m.teaches)
                grew = True
    return held


def needs(cat: Catalogue, skill: str) -> set[str]:
    """The skills ``skill`` needs: those without which it cannot be learned from scratch
    (only for skills that can be learned from scratch at all)."""
    if skill in cat.entry_skills:
        return set()
    return {r for r in cat.skills if r != skill and skill not in reachable(cat, banned=r)}


@settings(max_examples=60, deadline=None)
@given(cat=catalogues(), data=st.data())
def test_a_yes_places_exactly_what_the_skill_needs(cat, data):
    skill = data.draw(st.sampled_from(sorted(reachable(cat))))
    result = Placement.of(cat).result({skill: True})
    assert result.held == {skill} | needs(cat, skill)
    assert result.ruled_out == set()


@settings(max_examples=60, deadline=None)
@given(cat=catalogues(), data=st.data())
def test_a_no_rules_out_exactly_what_needs_the_skill(cat, data):
    skill = data.draw(st.sampled_from(sorted(cat.skills)))
    result = Placement.of(cat).result({skill: False})
    learnable = reachable(cat)
    expected = {skill} | {t for t in learnable if skill in needs(cat, t)}
    assert result.ruled_out & learnable == expected & learnable
    assert result.held == set()


@st.composite
def learners(draw, cat: Catalogue):
    """A knowledge state the structure allows: closed under what each skill needs."""
    picked = draw(st.lists(st.sampled_from(sorted(reachable(cat))), max_size=6))
    state = set()
    for s in picked:
        state |= {s} | needs(cat, s)
    return state


@settings(max_examples=60, deadline=None)
@given(cat=catalogues(max_skills=30), data=st.data())
def test_honest_answers_end_within_twelve_questions_and_place_only_what_is_true(cat, data):
    truth = data.draw(learners(cat))
    check = Placement.of(cat)
    answers: dict[str, bool] = {}
    while (question := check.next_question(answers)) is not None:
        assert question not in answers
        settled = check.result(answers)
        assert question not in settled.held | settled.ruled_out  # never asks the settled
        answers[question] = question in truth
    assert len(answers) <= MAX_QUESTIONS
    result = check.result(answers)
    assert result.held <= truth and not result.ruled_out & truth
    if len(answers) < MAX_QUESTIONS:  # it stopped early: everything is settled
        assert result.open == 0
    for m in result.fringe:
        assert set(m.requires) <= result.held and not set(m.teaches) <= result.held


def _chain(n: int) -> Catalogue:
    skills = [Skill(f"s{k:02}", f"Skill {k}") for k in range(n)]
    modules = [
        Module(f"m{k:02}", f"M{k}", (f"s{k:02}",), 1.0, (f"s{k - 1:02}",)) for k in range(1, n)
    ]
    return Catalogue.build(skills, modules, [])


def test_a_chain_is_bisected():
    cat = _chain(64)
    check = Placement.of(cat)
    truth = {f"s{k:02}" for k in range(23)}  # knows the first 23 of 64
    answers: dict[str, bool] = {}
    while (q := check.next_question(answers)) is not None:
        answers[q] = q in truth
    assert len(answers) <= 7  # log2(64) + 1
    result = check.result(answers)
    assert result.held == truth and result.open == 0
    assert [m.id for m in result.fringe] == ["m23"]


def test_at_most_twelve_questions_even_when_much_is_open():
    cat = Catalogue.build([Skill(f"s{k:03}", f"Skill {k}") for k in range(200)], [], [])
    check = Placement.of(cat)
    answers: dict[str, bool] = {}
    while (q := check.next_question(answers)) is not None:
        answers[q] = True
    assert len(answers) == MAX_QUESTIONS and check.result(answers).open == 200 - 12


def test_a_target_narrows_the_questions_and_the_fringe():
    cat = _chain(10)
    extra = Skill("x", "Unrelated")
    from learnpath.model import Niche

    cat = Catalogue.build(
        [*cat.skills.values(), extra],
        [*cat.modules.values(), Module("mx", "X", ("x",), 1.0)],
        [Niche("n", "N", ("s04",), 0.5)],
    )
    check = Placement.of(cat, "n")
    assert check.pool == {f"s{k:02}" for k in range(5)}
    answers: dict[str, bool] = {}
    while (q := check.next_question(answers)) is not None:
        assert q in check.pool
        answers[q] = False
    assert "mx" not in [m.id for m in check.result(answers).fringe]


def test_known_skills_are_never_asked_and_count_as_held():
    cat = _chain(8)
    check = Placement.of(cat, known=["s03"])
    result = check.result({})
    assert result.held == {"s00", "s01", "s02", "s03"}  # and what it needs
    answers: dict[str, bool] = {}
    while (q := check.next_question(answers)) is not None:
        assert q not in result.held
        answers[q] = True


def test_conflicting_or_unknown_answers_are_refused():
    check = Placement.of(_chain(5))
    with pytest.raises(ConflictingAnswersError, match="contradict each other on `s01`"):
        check.next_question({"s03": True, "s01": False})
    with pytest.raises(UnknownIdError, match="unknown skill `s9`"):
        check.result({"s9": True})
    with pytest.raises(UnknownIdError, match="unknown niche `nope`"):
        Placement.of(_chain(5), "nope")
