"""Every page of the site, on a phone (390x844) and a laptop (1366x768), in a real browser
(Debian's chromium driven by Playwright) against a real ``learnpath serve`` over the
bundled catalogue and the demo learners.

The pages are listed from the app's own URL map, so a page added later is checked
without touching this file (a URL parameter this file has no value for fails loudly:
add one to ``PARAMS``). Each page is visited logged out and logged in (a learner with
skills, a goal and a completion), and must:

- not scroll sideways (``document.documentElement.scrollWidth <= innerWidth``);
- keep its primary action, and every control, inside the width of the screen;
- pass axe-core with no violation at all.

The drawings are checked too: the path drawing fits its box with text of a readable
size and no card over another, also for a path of 40 modules; the niche chart's labels
overlap nothing. Screenshots of both sizes go to ``test-artifacts/pages/`` when a check
fails (and always with ``LEARNPATH_TEST_SCREENSHOTS=1``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from web_support import ARTIFACTS, PASSWORD, LiveServer, make_app

from learnpath.catalogue.loader import load_catalogue
from learnpath.config import bundled_curricula

CHROMIUM = os.environ.get("LEARNPATH_TEST_CHROMIUM", "/usr/bin/chromium")
ALWAYS_SHOOT = os.environ.get("LEARNPATH_TEST_SCREENSHOTS", "") == "1"
SHOTS = ARTIFACTS / "pages"
PROBES = Path(__file__).resolve().parent / "probes"  # what the browser measures
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

#: A value for each URL parameter of the site's pages (from the bundled catalogue).
PARAMS = {
    "niche_id": "ai-content-strategist",
    "skill_id": "business-writing",
    "module_id": "business-writing-selfstudy",
}
#: The query a page needs to show its real content (without it: its error page, checked too).
QUERIES = {
    "/path": "target=ai-content-strategist&target=grant-writer",
    "/catalogue": "q=writing",  # the template of the whole list, with fewer rows for axe
}
#: Pages that are not pages (data, downloads, machine endpoints): never opened here.
NOT_PAGES = ("/static/", "/health", "/api/v1/openapi.json")
DEMOS = [
    "jane-writer",
    "alex-designer",
    "maria-marketer",
    "sam-developer",
    "dana-data-entry",
    "tomas-transcriber",
    "ana-support",
    "ines-translator",
    "vera-assistant",
    "omar-analyst",
]
#: Error pages and pages in an error state, checked like the others.
EXTRA = [
    ("/niches/no-such-niche", "404 page"),
    ("/path?target=nope", "422 page"),
    ("/path", "a plan without a target"),
    (
        "/path?target=ai-content-strategist&minimize=value&rate=40&max_cost=100",
        "a plan for the best value within a budget",
    ),
    ("/path?target=ai-content-strategist&max_cost=1", "422: no plan within the budget"),
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


def page_urls(tmp: Path) -> list[str]:
    """Every HTML page the app serves with GET, its parameters filled in."""
    app = make_app(tmp, CURRICULA=[str(bundled_curricula())])
    urls = []
    try:
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES):
                continue
            data = rule.rule.endswith((".json", ".md", ".ics")) or rule.rule.startswith("/api/")
            if data and rule.rule != "/api/v1/docs":
                continue
            missing = [a for a in rule.arguments if a not in PARAMS]
            assert not missing, f"{rule.rule}: add a value for {missing} to PARAMS"
            with app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **{a: PARAMS[a] for a in rule.arguments})
            query = QUERIES.get(rule.rule)
            urls.append(f"{url}?{query}" if query else url)
    finally:
        app.extensions["learnpath"].store.close()
    return sorted(set(urls))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """``learnpath serve`` over the bundled catalogue, with the demo learners seeded."""
    tmp = tmp_path_factory.mktemp("pages")
    db = f"sqlite:///{tmp / 'server.db'}"
    seeded = subprocess.run(
        [sys.executable, "-m", "learnpath", "--db", db, "db", "seed"],
        capture_output=True,
        text=True,
    )
    assert seeded.returncode == 0, seeded.stderr
    server = LiveServer(tmp, {"LEARNPATH_DEMO_LOGIN": "1"}, curricula=bundled_curricula())
    assert server.db_url == db
    yield server
    server.stop()


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
def learner_state(browser, site, tmp_path_factory) -> dict:
    """The cookies of a learner with two skills, a goal and a completed module."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "register")
    page.get_by_label("Learner name").fill("maya")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(site.url)
    page.get_by_label("Written English").check()
    page.get_by_label("Computer literacy").check()
    page.get_by_role("button", name="Save my skills and rank the niches").click()
    page.goto(site.url + "niches/ai-content-strategist")
    page.get_by_role("button", name="Make it my goal").click()
    page.wait_for_url(site.url + "plan")
    page.locator("table.plan button", has_text="Mark done").first.click()
    page.wait_for_load_state()
    # a commitment: the plan page then shows the status and the weekly chart
    page.get_by_role("button", name="Commit to this schedule").click()
    page.wait_for_load_state()
    assert page.locator("svg.week-chart").count() == 1
    state = context.storage_state()
    context.close()
    return state


# ---------------------------------------------------------------------- what each page must do

_LAYOUT = (PROBES / "layout.js").read_text(encoding="utf-8")


#: The <main> of each page as a visitor saw it, by size: the same <main> logged in needs
#: no second axe run (the header of a logged-in page is checked on the others).
_MAIN_SEEN: dict[tuple[str, str], str] = {}
_MAIN_HTML = (
    'document.querySelector(\'main\').innerHTML.replace(/name="csrf_token" value="[^"]*"/g, \'\')'
)


def problems_of(page, run_axe: bool = True) -> list[str]:
    """What is wrong with the page as it is shown now (empty: nothing)."""
    found = []
    layout = page.evaluate(_LAYOUT)
    if layout["scrollWidth"] > layout["innerWidth"]:
        found.append(f"scrolls sideways: {layout['scrollWidth']} > {layout['innerWidth']} px")
    primary = layout["primary"]
    if primary is None:
        found.append("no primary action and no heading")
    elif primary["left"] < 0 or primary["right"] > layout["innerWidth"] + 1:
        found.append(f"primary action off the screen: {primary}")
    for control in layout["outside"][:5]:
        found.append(f"control off the screen: {control}")
    if not run_axe:
        return found
    results = axe.Axe().run(page)
    for v in results.response["violations"]:
        nodes = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        found.append(f"axe {v['id']} ({v['impact']}): {v['help']} at {nodes}")
    return found


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def _name(url: str, who: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in url.strip("/"))[:60] or "start"
    return f"{who}-{slug}"


def check_pages(browser, site, urls, who: str, state=None) -> dict[str, list[str]]:
    """Every page of ``urls`` at both sizes: what is wrong, by page and size. A page that
    fails at either size is photographed at both."""
    failures: dict[str, list[str]] = {}
    failed: set[str] = set()
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport, storage_state=state)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
        seen = set()
        for url in urls:
            page.goto(site.url + url.lstrip("/"))
            landed = page.url
            if landed in seen:  # a redirect to a page already checked
                continue
            seen.add(landed)
            main = page.evaluate(_MAIN_HTML)
            same = _MAIN_SEEN.get((landed, size)) == main
            if who == "visitor":
                _MAIN_SEEN[(landed, size)] = main
            found = problems_of(page, run_axe=not same) + [f"script error: {e}" for e in errors]
            errors.clear()
            if found or ALWAYS_SHOOT:
                shoot(page, _name(url, who), size)
            if found:
                failures[f"{who} {url} ({size}, landed on {landed})"] = found
                failed.add(url)
        context.close()
    for size, viewport in SIZES.items():  # the other size of each page that failed
        context = browser.new_context(viewport=viewport, storage_state=state)
        page = context.new_page()
        for url in sorted(failed):
            page.goto(site.url + url.lstrip("/"))
            shoot(page, _name(url, who), size)
        context.close()
    return failures


def test_every_page_fits_a_phone_and_a_laptop_logged_out(browser, site, tmp_path):
    urls = page_urls(tmp_path)
    assert {"/", "/niches", "/plan", "/catalogue", "/account", "/register", "/login"} <= set(
        u.split("?")[0] for u in urls
    )
    failures = check_pages(browser, site, [*urls, *(u for u, _ in EXTRA)], "visitor")
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_every_page_fits_a_phone_and_a_laptop_logged_in(browser, site, learner_state, tmp_path):
    urls = page_urls(tmp_path)
    failures = check_pages(browser, site, [*urls, *(u for u, _ in EXTRA)], "maya", learner_state)
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_a_demo_learners_plan_fits(browser, site):
    failures = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(site.url)
        page.get_by_role("button", name="Log in as jane-writer").click()
        page.wait_for_url(site.url + "plan")
        found = problems_of(page, run_axe=False)  # the plan page's axe run is maya's
        # the first "Mark done" is on the screen (it sat at x = 457 on a 390 px phone)
        button = page.locator("table.plan button", has_text="Mark done").first.bounding_box()
        if button["x"] + button["width"] > viewport["width"]:
            found.append(f"the first Mark done is off the screen: {button}")
        if found or ALWAYS_SHOOT:
            shoot(page, "demo-plan", size)
        if found:
            failures[size] = found
        context.close()
    assert failures == {}


# ---------------------------------------------------------------------- drawings

_DRAWING = (PROBES / "drawing.js").read_text(encoding="utf-8")


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"] - 0.5
                and b["left"] < a["right"] - 0.5
                and a["top"] < b["bottom"] - 0.5
                and b["top"] < a["bottom"] - 0.5
            ):
                pairs.append((a.get("title") or a.get("text"), b.get("title") or b.get("text")))
    return pairs


def forty_module_targets() -> list[str]:
    from learnpath.planning import plan

    catalogue = load_catalogue([bundled_curricula()])
    ranked = sorted(catalogue.niches, key=lambda n: -len(plan(catalogue, [], [n]).modules))
    targets: list[str] = []
    for niche in ranked:
        targets.append(niche)
        if len(plan(catalogue, [], targets).modules) >= 40:
            return targets
    raise AssertionError("the bundled catalogue has no 40-module plan")


@pytest.mark.parametrize("size", SIZES)
def test_the_path_drawing_fits_its_box_and_stays_readable(browser, site, size):
    targets = forty_module_targets()
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(site.url + "path?" + "&".join(f"target={t}" for t in targets))
    drawing = page.evaluate(_DRAWING, "svg.path-drawing")
    shoot(page, f"path-40-modules-{len(targets)}-targets", size)
    page.locator(".drawing-box").screenshot(path=str(SHOTS / f"path-drawing-40-{size}.png"))
    context.close()
    modules = [r for r in drawing["rects"] if r["title"].startswith("Module ")]
    assert len(modules) >= 40
    assert drawing["boxScroll"] <= drawing["boxWidth"] + 1, drawing["layout"]  # no scrolling
    assert drawing["right"] <= SIZES[size]["width"]
    assert drawing["fontPx"] >= 10, f"text {drawing['fontPx']:.1f} px high: too small to read"
    assert _overlapping(drawing["rects"]) == []
    assert [r["title"] for r in drawing["rects"] if r["spill"]] == []


def test_the_niche_chart_labels_overlap_nothing(browser, site):
    # from scratch, and as each demo learner; both sizes of each chart
    for who in (None, *DEMOS):
        context = browser.new_context(viewport=SIZES["laptop"])
        page = context.new_page()
        if who is not None:
            page.goto(site.url)
            page.get_by_role("button", name=f"Log in as {who}").click()
            page.wait_for_url(site.url + "plan")
        page.goto(site.url + "niches")
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            chart = page.evaluate(_DRAWING, "svg.chart")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".chart-box").screenshot(path=str(SHOTS / f"chart-{who}-{size}.png"))
            assert chart["labels"], "the Pareto front is labelled"
            assert _overlapping(chart["labels"]) == [], (who, size)
            for label in chart["labels"]:
                assert chart["left"] <= label["left"] and label["right"] <= chart["right"], label
            assert chart["right"] <= viewport["width"]
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_an_import_error_shows_at_the_top(browser, site, learner_state, tmp_path, size):
    bad = tmp_path / "export.json"
    bad.write_text("this is not json", encoding="utf-8")
    context = browser.new_context(viewport=SIZES[size], storage_state=learner_state)
    page = context.new_page()
    page.goto(site.url + "account")
    page.get_by_label("Export file (JSON)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    box = summary.bounding_box()
    if ALWAYS_SHOOT or box is None or box["y"] + box["height"] > SIZES[size]["height"]:
        shoot(page, "import-error", size)
    assert summary.get_by_role("link").inner_text().endswith("not a learnpath JSON export.")
    assert box["y"] + box["height"] <= SIZES[size]["height"], "the error is below the fold"
    context.close()


def test_schedule_dates_never_wrap_on_a_phone(browser, site):
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(site.url + "path?target=ai-content-strategist&hours_per_week=3")
    lines = page.evaluate(
        "[...document.querySelectorAll('table.weeks .date')].map((d) => d.getClientRects().length)"
    )
    context.close()
    assert len(lines) > 20 and set(lines) == {1}
