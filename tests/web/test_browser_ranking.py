"""A translator's niche list and a comparison in a real browser (Debian's chromium driven
by Playwright) against a real ``learnpath serve`` on the bundled catalogue, on a phone
(390 px) and a laptop (1366 px): pick skills, say what you do now, tick two niches,
compare them, all without JavaScript doing any of it. Every page passes axe-core with no
serious or critical violation; the comparison fits a phone's width. Screenshots go to
``test-artifacts/browser/``."""

from __future__ import annotations

import pytest
from test_browser import ARGS, CHROMIUM, accessibility_problems, sync_api
from web_support import ARTIFACTS, REPO, LiveServer

from learnpath.planning import ORDER

TRANSLATOR = ["second-language-proficiency", "translation-techniques", "cat-tools"]
PAIR = ["localization-specialist", "remote-interpreter"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except sync_api.Error as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium at {CHROMIUM} does not start under Playwright: {exc}")
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("bundled"), curricula=REPO / "curricula")
    yield server
    server.stop()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_translator_compares_two_niches(browser, server, width):
    shots = ARTIFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    # the whole flow with JavaScript off: plain forms and links do everything
    plain = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = plain.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url)
    for skill in ["computer-literacy", "written-english", *TRANSLATOR]:
        page.check(f'input[name="skill"][value="{skill}"]')
    page.locator('form[action="/skills"] button[type="submit"]').first.click()
    page.wait_for_url("**/niches")
    page.fill("#now", "27-3091")
    page.locator("#now").press("Enter")
    page.wait_for_url(lambda url: "now=27-3091" in url)
    assert (
        page.locator(".now-line")
        .inner_text()
        .startswith("Your current work, Interpreters and Translators (27-3091)")
    )
    assert ORDER in page.locator(".order").inner_text()
    first = page.locator("table.ranks tbody th a").all_inner_texts()[:2]
    assert first == [
        "Transcreation and localization quality specialist",
        "Remote and community interpreter",
    ]
    niches_url = page.url
    for niche in PAIR:
        page.check(f'input[name="n"][value="{niche}"]')
    page.locator(".compare-form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/compare?" in url)
    assert page.locator("h1").inner_text() == "Niches side by side"
    assert page.locator("section.compared").count() == 2
    assert "All of them together" in page.locator(".lead").inner_text()
    compare_url = page.url
    cookies = plain.cookies()
    plain.close()
    # the same pages as a visitor sees them (JavaScript on): accessible, fitting the screen
    seen = browser.new_context(viewport={"width": width, "height": 900})
    seen.add_cookies(cookies)
    page = seen.new_page()
    for name, url in (("niches", niches_url), ("compare", compare_url)):
        page.goto(url)
        assert page.locator(".now-line").count() == 1, name
        assert accessibility_problems(page) == [], name
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the comparison is {wide} px wide on a {width} px screen"
    seen.close()
