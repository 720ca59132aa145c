"""The start page's ways in and the placement check in a real browser, on a phone
(390 px) and a laptop (1366 px), against a real ``learnpath serve`` on the bundled
catalogue: the paste box to a plan, the live filter ("writing" finds Written English,
as the server does), the placement check answered with the keyboard alone. No page
scrolls sideways, every one passes axe-core (no serious or critical violation), and
screenshots go to ``test-artifacts/browser/``."""

from __future__ import annotations

import pytest
from test_browser import accessibility_problems, browser  # noqa: F401 - the fixture
from web_support import ARTIFACTS, LiveServer

from learnpath.config import bundled_curricula
from learnpath.matching.search import terms

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
POSTING = (
    "Freelance copywriter for a skincare brand.\n\nMust have:\n- SEO writing\n- Google Ads\n"
    "- Excellent written English\n\nNice to have: Canva.\nNo coding needed.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("start"), curricula=bundled_curricula())
    yield server
    server.stop()


def _check(page, name: str) -> None:
    shots = ARTIFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.screenshot(path=str(shots / f"{name}-top.png"))  # what is seen first
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width} > {viewport} px)"
    assert accessibility_problems(page) == [], name


@pytest.mark.parametrize("size", sorted(SIZES))
def test_paste_a_posting_confirm_the_skills_and_plan(browser, server, size):  # noqa: F811
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url)
    _check(page, f"start-{size}")
    page.get_by_label("The posting, client brief or your CV").fill(POSTING)
    page.get_by_role("button", name="Find the skills it asks for").click()
    page.wait_for_url("**/match")
    assert page.get_by_label("SEO writing").is_checked()
    assert page.get_by_label("Paid search advertising").is_checked()
    assert not page.get_by_label("Template-based design").is_checked()  # a plus
    assert page.get_by_text("Programming basics").count() == 0  # "No coding needed"
    _check(page, f"match-{size}")
    page.get_by_label("Paid search advertising").uncheck()
    page.get_by_role("button", name="Plan to the ticked skills").click()
    page.wait_for_url("**/path?**")
    assert "target=paid-search" not in page.url and "target=seo-writing" in page.url
    assert page.get_by_role("button", name="I already know this").count() > 0
    assert errors == []
    context.close()


def test_the_live_filter_finds_what_the_server_finds(browser, server):  # noqa: F811
    context = browser.new_context(viewport=SIZES["laptop"])
    page = context.new_page()
    page.goto(server.url)
    page.get_by_label("Filter the skills").fill("writing")
    assert page.get_by_label("Written English").is_visible()
    assert page.get_by_label("SQL basics").is_hidden()
    page.get_by_label("Filter the skills").fill("canva")
    assert page.get_by_label("Template-based design").is_visible()
    for word in ("writing", "Localisation", "analysing", "programming", "C++", "copy-editing"):
        assert page.evaluate("(w) => window.learnpathTerms(w)", word) == terms(word), word
    page.get_by_label("Filter the skills").fill("")
    page.goto(server.url + "?role=translator")
    assert page.get_by_label("Computer-assisted translation tools").is_checked()
    _check(page, "start-role-laptop")
    context.close()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_placement_check_one_question_per_screen_by_keyboard(browser, server, size):  # noqa: F811
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(server.url + "assess?target=grant-writer")
    _check(page, f"assess-{size}")
    asked = 0
    while page.get_by_role("button", name="Yes, I can").count():
        assert page.get_by_text(f"Question {asked + 1} of at most 12").is_visible()
        with page.expect_navigation():
            page.keyboard.press("Enter")  # the yes button has the focus
        asked += 1
        assert asked <= 12
    assert page.get_by_role("button", name="Save these skills as mine").is_visible()
    _check(page, f"assess-result-{size}")
    page.get_by_role("button", name="Save these skills as mine").click()
    page.wait_for_url("**/niches")
    context.close()


def test_the_save_bar_counts_the_ticked_boxes(browser, server):  # noqa: F811
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(server.url + "?role=writer")
    count = page.locator("[data-ticked]")
    before = int(count.inner_text().split()[0])
    page.get_by_label("Data cleaning").check()
    assert count.inner_text() == f"{before + 1} ticked"
    context.close()
