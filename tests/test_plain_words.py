"""Every plan output says why a module is there in titles and names (``why_text``), and
says which modules are generic (no real course named): the JSON of the CLI, the API and
the page, the CLI table, Markdown, the page and every calendar."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from web_support import CURRICULA, api_token, bearer, register

from learnpath.catalogue.loader import load_catalogue
from learnpath.cli import main
from learnpath.config import bundled_curricula
from learnpath.planning import plan
from learnpath.planning.explain import GENERIC_NOTE, why_text

ID = re.compile(r"\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b")  # a hyphenated id, as none reads in prose


@pytest.fixture(scope="module")
def bundled():
    return load_catalogue([bundled_curricula()])


def test_why_text_names_every_step_of_every_bundled_plan_and_no_id(bundled):
    have = ["computer-literacy", "written-english"]
    checked = 0
    for niche_id in sorted(bundled.niches)[:25]:
        for m in plan(bundled, have=have, targets=[niche_id]).modules:
            text = why_text(m.why, bundled)
            ids = set(ID.findall(m.why)) & (
                set(bundled.modules) | set(bundled.niches) | set(bundled.skills)
            )
            assert ids, m.why
            names = " ".join(
                (bundled.modules[i].title if i in bundled.modules else "")
                + (bundled.niches[i].name if i in bundled.niches else "")
                + (bundled.skills[i].name if i in bundled.skills else "")
                for i in ids
            ).lower()
            leaked = [i for i in ids if i in text and i not in names]  # "AI red-teaming" is prose
            assert leaked == [], (m.why, text)
            assert text.startswith("Teaches “") and "needed by" not in text
            assert text.endswith(f"the niche “{bundled.niches[niche_id].name}” needs"), text
            checked += 1
    assert checked > 100


def test_a_long_chain_keeps_its_first_and_last_step_in_the_compact_form(bundled):
    longest = max(
        (m for n in sorted(bundled.niches)[:10] for m in plan(bundled, [], [n]).modules),
        key=lambda m: m.why.count(", "),
    )
    steps = longest.why.count(", ") + 1
    assert steps >= 5
    full, short = why_text(longest.why, bundled), why_text(longest.why, bundled, compact=True)
    assert full.split(", which")[0] == short.split(", ...")[0]
    assert full.rsplit(", which", 1)[1] == short.rsplit(", which", 1)[1]
    assert f"... {steps - 2} steps ..." in short and len(short) < len(full)


# ---------------------------------------------------------------------- the CLI


def cli(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "160"}).invoke(
        main, ["--curricula", str(CURRICULA), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_modules_in_words(modules: list[dict]) -> None:
    assert modules
    for m in modules:
        assert m["why_text"].startswith("Teaches “"), m
        assert m["generic"] is (m["url"] is None), m
    assert {m["generic"] for m in modules} == {True, False}  # the test plan has both


PATH = ("--have", "written-english", "--target", "ai-content-strategist")


def test_cli_json_markdown_table_and_calendar(tmp_path):
    assert_modules_in_words(json.loads(cli("path", *PATH, "--json"))["modules"])
    assert_modules_in_words(
        json.loads(cli("schedule", *PATH, "--hours-per-week", "5", "--json"))["modules"]
    )
    table = cli("path", *PATH)
    assert "Teaches “Prompt writing”, which the niche “AI-assisted content strategist”" in table
    assert GENERIC_NOTE in table and "Example Academy: https://example.org/prompting" in table
    markdown = cli("path", *PATH, "--format", "markdown")
    assert f"(*{GENERIC_NOTE}*)" in markdown
    assert "[Prompting foundations](https://example.org/prompting), Example Academy" in markdown
    assert "Teaches “Prompt writing”" in markdown and "needed by" not in markdown
    ics = tmp_path / "plan.ics"
    cli("schedule", *PATH, "--hours-per-week", "5", "--ics", str(ics))
    assert_calendar_in_words(ics.read_bytes())


def assert_calendar_in_words(data: bytes) -> None:
    events = Calendar.from_ical(data).walk("VEVENT")
    assert events
    for event in events:
        description = str(event["description"])
        assert "Why: Teaches “" in description and "needed by" not in description
        if "url" in event:
            assert str(event["url"]) in description
        else:
            assert GENERIC_NOTE in description


def test_cli_plan_of_a_stored_learner(tmp_path):
    db = ["--db", f"sqlite:///{tmp_path / 'lp.db'}"]
    cli(*db, "learner", "add", "ana")
    cli(*db, "skills", "add", "written-english")
    cli(*db, "goals", "add", "ai-content-strategist")
    assert_modules_in_words(json.loads(cli(*db, "plan", "--json"))["modules"])


# ---------------------------------------------------------------------- the site and the API


def test_api_page_and_exports(client):
    query = "have=written-english&target=ai-content-strategist"
    assert_modules_in_words(client.get(f"/api/v1/path?{query}").get_json()["modules"])
    register(client, "ana")
    auth = bearer(api_token(client, "ana"))
    client.put("/api/v1/me/skills", json={"skills": ["written-english"]}, headers=auth)
    client.post("/api/v1/me/goals", json={"niche": "ai-content-strategist"}, headers=auth)
    assert_modules_in_words(client.get("/api/v1/me/plan", headers=auth).get_json()["modules"])
    assert_calendar_in_words(
        client.get("/api/v1/me/schedule.ics?hours_per_week=5", headers=auth).data
    )

    page = "/path?target=ai-content-strategist"
    assert_modules_in_words(client.get(page.replace("/path", "/path.json")).get_json()["modules"])
    assert_calendar_in_words(client.get(page.replace("/path", "/path.ics")).data)
    markdown = client.get(page.replace("/path", "/path.md")).get_data(as_text=True)
    assert "Teaches “" in markdown and GENERIC_NOTE in markdown
    assert_modules_in_words(client.get("/plan.json").get_json()["modules"])
    assert_calendar_in_words(client.get("/plan.ics").data)
    for url in ("/plan.md", "/plan"):
        body = client.get(url).get_data(as_text=True)
        assert "Teaches “" in body and "needed by" not in body, url
