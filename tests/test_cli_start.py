"""The four ways in from the command line: `match`, `path --from-text`, `--role`,
`roles`, `assess`, `skip`/`unskip`, as a user runs them (bundled catalogue, fresh db)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from learnpath.cli import main
from learnpath.config import bundled_curricula

POSTING = """Freelance copywriter for a skincare brand

Must have:
- SEO writing and Google Ads
- Excellent written English

Nice to have: Canva.
No coding needed.
"""


@pytest.fixture
def run(tmp_path, monkeypatch):
    """``run(*args, input=None)``: the CLI on the bundled catalogue and a fresh database."""
    for name in ("LEARNPATH_LEARNER", "LEARNPATH_DATABASE_URL", "LEARNPATH_CURRICULA"):
        monkeypatch.delenv(name, raising=False)
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def invoke(*args, input=None):
        argv = ["--curricula", str(bundled_curricula()), "--db", db]
        return CliRunner().invoke(main, [*argv, *args], input=input)

    return invoke


@pytest.fixture
def posting(tmp_path):
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    return path


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def test_match_gives_the_skills_with_words_rule_and_confidence(run, posting):
    data = json.loads(ok(run("match", str(posting), "--json")).stdout)
    assert set(data) == {"skills", "unmatched"}
    got = {s["id"]: (s["matched"], s["rule"], s["confidence"]) for s in data["skills"]}
    assert got == {
        "seo-writing": ("SEO writing", "skill name", 0.95),
        "written-english": ("written English", "skill name", 0.95),
        "copywriting": ("copywriter", "alias", 0.9),
        "paid-search": ("Google Ads", "technology name", 0.9),
        "template-design": ("Canva", "technology name", 0.36),  # a plus
    }
    assert all(set(s) == {"id", "name", "matched", "rule", "confidence"} for s in data["skills"])
    table = ok(run("match", str(posting))).stdout
    assert "paid-search" in table and "technology name (a" in table


def test_match_reads_stdin_and_says_what_is_already_covered(run):
    result = ok(run("match", "-", "--json", "--role", "writer", input=POSTING))
    assert json.loads(result.stdout)["covered"] == ["written-english"]
    result = ok(run("match", "-", "--have", "seo-writing,copywriting", input=POSTING))
    assert "You already cover 2 of the 4 skills this text asks for." in result.stderr


def test_a_text_asking_for_nothing_in_the_catalogue_exits_0(run):
    text = "Forklift driver: valid forklift licence, steel toe-capped boots. Night shift.\n"
    result = ok(run("match", "-", "--json", input=text))
    data = json.loads(result.stdout)
    assert data["skills"] == [] and data["unmatched"] == [
        "valid forklift licence",
        "steel toe-capped boots",
    ]
    assert "asks for no skill" in ok(run("match", "-", input=text)).stderr


@pytest.mark.parametrize(
    "content, from_file, from_stdin",
    [
        (b"", "the text is empty", "the text is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file", "binary file"),
        (b"caf\xe9", "not UTF-8 text", "not UTF-8 text"),
        (b"a " * 60_000, "is 120,000 bytes; at most 100,000", "is more than 100,000 bytes"),
    ],
)
def test_bad_input_is_a_clear_error_exit_1(run, tmp_path, content, from_file, from_stdin):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("match", str(path))
    assert result.exit_code == 1 and from_file in result.stderr, result.stderr
    result = run("match", "-", input=content)
    assert result.exit_code == 1 and from_stdin in result.stderr, result.stderr
    result = run("path", "--from-text", str(path))
    assert result.exit_code == 1 and from_file in result.stderr and result.stdout == ""


def test_a_missing_file_or_a_folder_is_a_clear_error(run, tmp_path):
    result = run("match", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and "cannot read" in result.stderr
    result = run("match", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.stderr


def test_path_from_text_plans_to_exactly_the_asked_skills(run, posting):
    result = ok(run("path", "--from-text", str(posting), "--role", "writer", "--json"))
    lines = result.stderr.splitlines()
    assert lines[0] == "You already cover 1 of the 4 skills this posting asks for."
    assert "Mentioned as a plus, not planned: template-design" in result.stderr
    plan = json.loads(result.stdout)
    assert plan["targets"] == ["seo-writing", "written-english", "copywriting", "paid-search"]
    role = ok(run("roles", "--json"))
    writer = next(r for r in json.loads(role.stdout) if r["id"] == "writer")
    same = ok(
        run(
            "path",
            "--have",
            ",".join(writer["skills"]),
            *[a for t in plan["targets"] for a in ("--target", t)],
            "--json",
        )
    )
    assert json.loads(same.stdout) == plan


def test_path_needs_a_target_or_a_text(run):
    result = run("path", "--have", "written-english")
    assert result.exit_code == 2 and "--target ID" in result.stderr
    result = run("path", "--from-text", "-", input="Forklift licence required.")
    assert result.exit_code == 1 and "asks for no skill of the catalogue" in result.stderr


def test_role_presets_and_unknown_roles(run):
    listed = ok(run("roles")).stdout
    for role in ("writer", "translator", "designer", "marketer", "developer", "data-analyst",
                 "data-entry-clerk", "support-agent", "virtual-assistant"):  # fmt: skip
        assert role in listed
    explicit = json.loads(ok(run("roles", "--json")).stdout)
    translator = next(r for r in explicit if r["id"] == "translator")["skills"]
    for have in (["--role", "translator"], ["--have", ",".join(translator)]):
        ranked = json.loads(ok(run("niches", *have, "--time-limit", "60", "--json")).stdout)
        seen = [(r["id"], r["hours_to_ready"]) for r in ranked]
        if have[0] == "--role":
            by_role = seen
    assert by_role == seen
    for args in (["niches", "--role", "astronaut"], ["match", "-", "--role", "astronaut"]):
        result = run(*args, input="SQL")
        assert result.exit_code == 1
        assert "unknown role `astronaut`; the roles are: data-analyst," in result.stderr


def test_assess_asks_at_most_12_questions_and_stores_only_when_confirmed(run):
    writer = next(r for r in json.loads(ok(run("roles", "--json")).stdout) if r["id"] == "writer")
    # without a learner: nothing to store, nothing asked after the questions
    dry = ok(run("assess", "--role", "writer", "--target", "grant-writer", "--json",
                 input="y\n" * 12))  # fmt: skip
    asked = json.loads(dry.stdout)["answers"]
    assert 1 <= len(asked) <= 12 and "Nothing stored." in dry.stderr
    # a learner holding the same skills gets the same questions, then is asked to confirm
    ok(run("learner", "add", "ana"))
    ok(run("skills", "add", *writer["skills"]))
    answers = "y\n" * len(asked)
    result = ok(run("assess", "--learner", "ana", "--target", "grant-writer", "--json",
                    input=answers + "n\n"))  # fmt: skip
    data = json.loads(result.stdout)
    assert data["answers"] == asked
    assert result.stderr.count("can you already do this?") == len(asked)
    assert data["new"] and set(data["new"]) <= set(data["held"])
    assert "Nothing stored." in result.stderr
    declared = {s["id"] for s in json.loads(ok(run("skills", "list", "--json")).stdout)}
    assert declared == set(writer["skills"])
    result = ok(run("assess", "--learner", "ana", "--target", "grant-writer",
                    input=answers + "y\n"))  # fmt: skip
    assert "Modules you can start now" in result.stdout
    assert f"Added {len(data['new'])} skills to ana." in result.stderr
    declared = {s["id"] for s in json.loads(ok(run("skills", "list", "--json")).stdout)}
    assert declared == set(writer["skills"]) | set(data["new"])


def test_skip_records_prior_learning_and_replans_unskip_undoes(run):
    ok(run("learner", "add", "ana"))
    ok(run("skills", "add", "computer-literacy", "written-english"))
    ok(run("goals", "add", "grant-writer"))
    before = json.loads(ok(run("plan", "--json")).stdout)
    first = before["modules"][0]
    result = json.loads(ok(run("skip", first["id"], "--json")).stdout)
    assert result["known"] == [first["id"]] and result["already"] == []
    assert first["id"] not in [m["id"] for m in result["plan"]["modules"]]
    assert result["plan"]["total_hours"] <= before["total_hours"] - first["hours"] + 1e-9
    assert json.loads(ok(run("done", "--json")).stdout) == []  # not a completion
    again = ok(run("skip", first["id"]))
    assert "was already marked as known: nothing changed" in again.stderr
    undone = json.loads(ok(run("unskip", first["id"], "--json")).stdout)
    assert undone["unknown"] == [first["id"]] and undone["plan"] == before


def test_skip_of_an_unknown_module_changes_nothing(run):
    ok(run("learner", "add", "ana"))
    exported = ok(run("export", "-")).stdout
    result = run("skip", "prompt-writing-guid")
    assert result.exit_code == 1
    assert "unknown module `prompt-writing-guid` (did you mean `prompt-writing-guide`" in (
        result.stderr
    )
    assert ok(run("export", "-")).stdout == exported


def test_match_with_a_stored_learner_counts_what_they_hold(run):
    ok(run("learner", "add", "ana"))
    ok(run("skills", "add", "seo-writing"))
    ok(run("skip", "--json", "google-ads-search-certification"))  # paid-search, known
    data = json.loads(ok(run("match", "-", "--learner", "ana", "--json", input=POSTING)).stdout)
    assert data["covered"] == ["seo-writing", "paid-search"]


def test_assess_takes_scripted_answers(run):
    data = json.loads(ok(run("assess", "--target", "grant-writer", "--answers", "y,n",
                             "--json")).stdout)  # fmt: skip
    assert [a["yes"] for a in data["answers"]] == [True, False]
    result = run("assess", "--answers", "y,maybe")
    assert result.exit_code == 2 and "--answers takes y or n" in result.stderr
