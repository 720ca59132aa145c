"""One freelancer's whole flow in a real browser (Debian's chromium driven by Playwright)
against a real ``learnpath serve``: register, pick skills, see ranked niches, open a plan,
mark two modules done, watch progress move, download the schedule, make an API token,
log out, and find the plan closed. Every page visited passes an axe-core check with no
serious or critical violation. Screenshots go to ``test-artifacts/browser/``."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from web_support import ARTIFACTS, PASSWORD, LiveServer

CHROMIUM = os.environ.get("LEARNPATH_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
)
axe = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="axe-playwright-python is not installed (pip install -e '.[test]')",
)
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(
        f"no chromium at {CHROMIUM} (apt-get install chromium, or set LEARNPATH_TEST_CHROMIUM)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except sync_api.Error as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium at {CHROMIUM} does not start under Playwright: {exc}")
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path)
    yield server
    server.stop()


def accessibility_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    results = axe.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_freelancer_goes_from_skills_to_tracked_progress(browser, server, tmp_path):
    shots = ARTIFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    checked: dict[str, list[str]] = {}

    def audit(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        checked[name] = accessibility_problems(page)

    # register
    page.goto(server.url + "register")
    page.get_by_label("Learner name").fill("maya")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(server.url)
    assert page.get_by_text("Welcome, maya!").is_visible()

    # the first Tab on a page reaches the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"

    # pick skills: the live filter (progressive enhancement) narrows the list as you type
    page.get_by_label("Filter the skills").fill("sql")
    assert page.get_by_label("Written English").is_hidden()
    page.get_by_label("Filter the skills").fill("")
    page.get_by_label("Written English").check()
    # the keyboard works too: Space ticks a box
    page.get_by_label("Business writing").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Business writing").is_checked()
    audit("1-skills")
    page.get_by_role("button", name="Save my skills and rank the niches").click()

    # ranked niches, with the chart
    page.wait_for_url(re.compile(r".*/niches$"))
    assert page.get_by_text("From your 2 skills").is_visible()
    assert page.locator("svg.chart:visible circle.pareto").count() >= 2
    rows = page.locator("table.ranks tbody tr")
    assert rows.count() == 4
    audit("2-niches")

    # a niche, made a goal: the plan opens
    page.get_by_role("link", name="Data analyst", exact=True).first.click()
    assert page.get_by_role("heading", name="Data analyst").is_visible()
    page.get_by_role("button", name="Make it my goal").click()
    page.wait_for_url(re.compile(r".*/plan$"))
    progress = page.locator(".progress-text").first
    assert progress.inner_text().startswith("0.0% · 0 h done, 26 h left")
    assert page.locator("svg.path-drawing:visible g.node.module").count() == 3
    audit("3-plan")

    # mark two modules done: progress moves each time
    page.get_by_role("button", name="Mark done: Spreadsheets 101").click()
    page.wait_for_url(re.compile(r".*/plan#progress$"))
    assert page.locator(".progress-text").first.inner_text().startswith("15.4% · 4 h done")
    page.get_by_role("button", name="Mark done: SQL for analysts").click()
    page.wait_for_load_state()
    assert page.locator(".progress-text").first.inner_text().startswith("53.8% · 14 h done")
    assert page.locator("progress").first.get_attribute("value") == "53.8"
    assert page.locator("svg.path-drawing:visible g.node.done").count() == 2
    audit("4-progress")

    # the schedule downloads as a calendar with the one module left
    page.get_by_label("Hours per week").fill("4")
    page.get_by_role("button", name="Update the schedule").click()
    page.wait_for_load_state()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the schedule (.ics)").click()
    calendar = tmp_path / info.value.suggested_filename
    info.value.save_as(calendar)
    text = calendar.read_text()
    # 12 h at 4 h a week, every day: 21 sessions of 34 minutes from 19:00
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == 21
    assert "Data analysis with SQL (session 1 of 21)" in text and "T190000" in text
    shutil.copy(calendar, shots / "schedule.ics")

    # the account page: a token for scripts, shown once
    page.get_by_role("link", name="maya").click()
    page.get_by_label("Token name").fill("laptop script")
    page.get_by_role("button", name="Create a token").click()
    assert page.get_by_label("Token", exact=True).input_value().startswith("lp_")
    audit("5-account")

    # log out: the plan is closed to this browser
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(server.url)
    page.goto(server.url + "plan")
    assert "/login" in page.url
    assert page.get_by_text("Please log in to see your plan.").is_visible()
    audit("6-logged-out")

    context.close()
    assert errors == [], f"the browser reported errors: {errors}"
    problems = {name: found for name, found in checked.items() if found}
    assert problems == {}, f"accessibility violations: {problems}"
