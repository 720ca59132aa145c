"""`learnpath match` on the postings written for it (tests/benchmarks/match_corpus.yaml):
a handful checked one by one, and the corpus as a whole against the quality goals.
`python tests/benchmarks/bench_match.py --quality` reports the figures in full."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from learnpath.catalogue.loader import load_catalogue

BENCH = Path(__file__).resolve().parent / "benchmarks"
CATALOGUE = load_catalogue()
POSTINGS = {
    p["id"]: p
    for name in ("match_corpus.yaml", "match_heldout.yaml")
    for p in yaml.safe_load((BENCH / name).read_text(encoding="utf-8"))["postings"]
}


def asked(posting_id: str) -> set[str]:
    from learnpath.matching import match_text

    return {s.id for s in match_text(CATALOGUE, POSTINGS[posting_id]["text"]).asked}


@pytest.mark.parametrize(
    "posting_id",
    ["translator-es-en", "ppc-specialist", "data-entry-clerk", "support-agent", "seo-specialist"],
)
def test_a_handful_of_postings_get_exactly_the_advisers_skills(posting_id):
    assert asked(posting_id) == set(POSTINGS[posting_id]["skills"])


def test_a_posting_outside_the_catalogue_asks_for_nothing_but_says_what_it_wants():
    from learnpath.matching import match_text

    found = match_text(CATALOGUE, POSTINGS["forklift-driver"]["text"])
    assert found.skills == ()
    assert "valid counterbalance forklift licence" in found.unmatched


def test_what_a_posting_rules_out_or_calls_a_plus_is_not_asked_for():
    from learnpath.matching import match_text

    found = match_text(CATALOGUE, POSTINGS["blog-writer-saas"]["text"])
    plus = {s.id for s in found.optional}
    assert plus == {"template-website-editing", "web-analytics"}  # "Nice to have: ..."
    assert "project-management-basics" not in {s.id for s in found.skills}  # a topic
    assert "programming-basics" not in asked("technical-writer-api")  # "no Python is required"


def test_the_corpus_meets_the_quality_goals():
    from learnpath.matching import match_text

    tp = fp = fn = 0
    corpus = yaml.safe_load((BENCH / "match_corpus.yaml").read_text(encoding="utf-8"))
    assert len(corpus["postings"]) >= 30
    fields = {p["field"] for p in corpus["postings"]}
    assert fields >= {"writers", "translators", "designers", "marketers", "developers",
                      "data analysts", "data entry", "support", "virtual assistants",
                      "AI services"}  # fmt: skip
    for posting in corpus["postings"]:
        found = {s.id for s in match_text(CATALOGUE, posting["text"]).asked}
        want = set(posting["skills"])
        tp, fp, fn = tp + len(found & want), fp + len(found - want), fn + len(want - found)
    assert tp / (tp + fp) >= 0.9, f"precision {tp / (tp + fp):.3f}"
    assert tp / (tp + fn) >= 0.8, f"recall {tp / (tp + fn):.3f}"


def test_every_label_is_a_skill_of_the_catalogue():
    for posting in POSTINGS.values():
        for sid in posting["skills"] + posting["nice_to_have"]:
            assert sid in CATALOGUE.skills, (posting["id"], sid)
