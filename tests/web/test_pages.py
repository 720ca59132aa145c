"""The site's pages through the Flask test client: what a visitor sees and can do."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from web_support import csrf_from, register, submit

from learnpath import formatting
from learnpath.web import create_app


def text(response) -> str:
    return response.get_data(as_text=True)


def pick(client, skills: list[str]):
    return submit(client, "/", "/skills", {"skill": skills})


# ---------------------------------------------------------------------- start


def test_start_groups_skills_by_field_with_a_label_for_every_box(client):
    html = text(client.get("/"))
    assert "<legend>Writing and content</legend>" in html
    assert "<legend>Data and research</legend>" in html
    boxes = re.findall(r'<input type="checkbox" name="skill" value="([^"]+)" id="([^"]+)"', html)
    assert len(boxes) == 10
    for _, box_id in boxes:
        assert f'<label for="{box_id}">' in html


def test_the_filter_works_without_javascript_and_keeps_hidden_picks(client):
    pick(client, ["written-english"])
    html = text(client.get("/?q=sql"))
    shown = re.findall(r'type="checkbox" name="skill" value="([^"]+)"', html)
    assert shown == ["sql"]
    # the picked skill the filter hides is still sent with the form
    assert '<input type="hidden" name="skill" value="written-english">' in html
    assert "No skill matches" in text(client.get("/?q=zzzz"))


def test_anonymous_picks_rank_the_niches_from_those_skills(client):
    before = text(client.get("/niches"))
    response = pick(client, ["written-english", "business-writing", "prompt-writing"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/niches")
    after = text(client.get("/niches"))
    assert "From your 3 skills" in after
    # AI draft editor: 8 + 6 + 10 = 24 h from nothing (fewest: writing, prompting, editing),
    # only the 10 h editing module once writing and prompting are held
    assert re.search(r"AI draft editor.*?<td class=\"num\"[^>]*>24</td>", before, re.S)
    assert re.search(r"AI draft editor.*?<td class=\"num\"[^>]*>10</td>", after, re.S)
    checked = text(client.get("/"))
    assert 'value="prompt-writing" id="skill-prompt-writing" checked' in checked


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/skills", data={"skill": ["sql"]})
    assert response.status_code == 400
    assert "expired" in text(response)
    assert client.get("/niches").get_data(as_text=True).count("From your") == 0


def test_an_unknown_skill_gets_a_suggestion_not_a_crash(client):
    response = pick(client, ["sqll"])
    assert response.status_code == 422
    assert "unknown skill" in text(response) and "<code>sql</code>" in text(response)


# ---------------------------------------------------------------------- niches


def test_niches_page_draws_the_pareto_front_and_ranks_it_first(client):
    pick(client, ["written-english"])
    html = text(client.get("/niches"))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="group"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="point pareto') >= 2
    assert '<polyline class="front"' in svg
    rows = re.findall(r'<tr( class="pareto")?>\s*<td>(\d+)</td>', html)
    flags = [bool(flag) for flag, _ in rows]
    assert flags == sorted(flags, reverse=True), "Pareto-front niches come first"
    # the niche needing an entry skill no module teaches says so, and is drawn hollow
    assert "blocked" in svg
    row = html[html.index('href="/niches/field-researcher"') :]
    row = row[: row.index("</tr>")]
    assert "Field research" in row and "fieldwork" not in row, "named, not an id"


def test_the_entry_skill_no_module_teaches_is_named_on_the_niche_page(client):
    html = text(client.get("/niches/field-researcher"))
    warning = html[html.index("You also need") :]
    warning = warning[: warning.index("</p>")]
    assert "Field research" in warning and "fieldwork" not in warning


def test_niches_can_be_sorted_by_hours(client):
    html = text(client.get("/niches?sort=hours"))
    names = re.findall(r'<th scope="row"><a href="/niches/([^"]+)"', html)
    # reachable first (data analyst needs no entry skill), then quickest first
    assert names == ["data-analyst", "ai-editor", "field-researcher", "ai-content-strategist"]
    assert text(client.get("/niches?sort=nonsense")).count("<tr") > 1  # falls back, no error


def test_a_niche_shows_why_it_holds_up_its_sources_and_the_plan(client):
    html = text(client.get("/niches/ai-content-strategist"))
    assert "AI-assisted content strategist" in html
    assert "Clients pay for judgement" in html
    assert "Eloundou et al. (2024)" in html
    assert "0.72 of 1" in html
    assert "proved the shortest" in html and "Content strategy in practice" in html


def test_an_unknown_niche_is_404_with_the_closest_ids(client):
    response = client.get("/niches/ai-editr")
    assert response.status_code == 404
    assert "did you mean" in text(response) and "<code>ai-editor</code>" in text(response)


# ---------------------------------------------------------------------- plans


def test_a_plan_lists_modules_with_running_totals_reasons_and_provider_links(client):
    pick(client, ["written-english"])
    html = text(client.get("/path?target=ai-content-strategist"))
    titles = re.findall(r'<th scope="row"[^>]*><a href="/catalogue/modules/([^"]+)"', html)
    assert titles[-1] == "content-strategy-course"
    assert titles.index("writing-101") < titles.index("prompting-foundations")
    assert "prompting-bootcamp" not in titles  # the longer alternative is not chosen
    totals = re.findall(
        r'data-label="Total">([\d.]+)</td>\s*<td class="num" data-label="Cost">\$0</td>'
        r'\s*<td data-label="Why">Teaches',
        html,
    )
    totals = [float(t) for t in totals]
    assert totals == sorted(totals) and totals[-1] == 43
    link = '<a href="https://example.org/prompting" rel="noopener noreferrer">Example Academy'
    assert link in html
    # why in titles and names, never the ids of the chain
    assert "Teaches “Prompt writing”, which the niche “AI-assisted content strategist”" in html
    assert "teaches prompt-writing" not in html and "needed by niche" not in html
    # a module without a url says it is generic; one with a url names its provider
    table = html.split('<table class="plan', 1)[1].split("</table>", 1)[0]
    assert table.count("generic: find or run a local equivalent") == len(titles) - 1
    drawing = html.split('class="path-drawing for-wide"', 1)[1].split("</svg>", 1)[0]
    assert drawing.count("; generic: find or run a local equivalent</title>") == len(titles) - 1
    tooltip = re.search(
        r"<title>Module Prompting foundations \(6 h\), step 3 of 5, to do[^<]*", drawing
    )
    assert tooltip and tooltip.group(0).endswith("; Example Academy: https://example.org/prompting")
    assert "; builds on Business writing 101" in tooltip.group(0)
    assert 'class="path-drawing for-wide"' in html and "Mark done" not in html


def test_the_path_drawing_marks_what_is_held_and_done(client, ana, store):
    store.add_skills("ana", ["written-english"])
    store.add_goals("ana", ["ai-editor"])
    store.mark_done("ana", ["writing-101"])
    html = text(client.get("/plan"))
    start = html.index('class="path-drawing for-wide"')
    svg = html[start : html.index("</svg>", start)]
    assert '<g class="node module done"><title>Module Business writing 101 (8 h), completed' in svg
    assert '<g class="node skill held"><title>Skill Written English, held' in svg
    assert '<g class="node module todo"><title>Module Prompting foundations' in svg
    assert '<g class="node niche target"><title>Target niche AI draft editor' in svg


def test_the_schedule_is_a_week_table_and_an_ics_download(client):
    url = "/path?target=data-analyst&hours_per_week=10&start=2026-01-05"
    html = text(client.get(url))
    weeks = re.findall(
        r'<tr><th scope="row"[^>]*>(\d+)</th><td[^>]*><span class="date">([\d-]+)</span> – '
        r'<span class="date">([\d-]+)</span></td>',
        html,
    )
    assert [w[0] for w in weeks] == ["1", "2", "3"]  # 26 h at 10 h a week
    assert weeks[0][1:] == ("2026-01-05", "2026-01-11")
    assert "Spreadsheets 101 (4); SQL for analysts (6)" in html
    link = re.search(r'href="(/path\.ics\?[^"]+)"', html).group(1).replace("&amp;", "&")
    ics = client.get(link)
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    body = ics.get_data(as_text=True)
    # study sessions at 19:00 every day (10 h a week: 1 h 26 min each), not all-day events
    assert "DTSTART:20260105T190000" in body and "DTEND:20260105T202600" in body
    assert "VALUE=DATE" not in body and body.count("BEGIN:VEVENT") > 3
    assert "attachment" in ics.headers["Content-Disposition"]


def test_the_calendar_takes_days_time_and_an_alarm(client):
    url = "/path?target=data-analyst&hours_per_week=6&start=2026-01-05&days=mon,thu&time=18:30"
    html = text(client.get(url + "&alarm=10"))
    assert "in sessions of 3 h on mon, thu" in html
    link = re.search(r'href="(/path\.ics\?[^"]+)"', html).group(1).replace("&amp;", "&")
    body = client.get(link).get_data(as_text=True)
    assert "DTSTART:20260105T183000" in body and "DTEND:20260105T213000" in body
    assert "DTSTART:20260108T183000" in body and "TRIGGER:-PT10M" in body
    assert "DTSTART:20260106" not in body  # no session on a Tuesday
    for bad, message in [("days=mon,funday", "Unknown day"), ("time=7pm", "Invalid time")]:
        response = client.get(f"/path?target=data-analyst&{bad}")
        assert response.status_code == 422 and message in text(response)
        assert client.get(f"/path.ics?target=data-analyst&{bad}").status_code == 422
    response = client.get("/path?target=data-analyst&hours_per_week=40&days=mon")
    assert response.status_code == 422 and "24 h a day" in text(response)


def test_bad_schedule_input_is_explained(client):
    response = client.get("/path?target=data-analyst&hours_per_week=-3")
    assert response.status_code == 422
    assert "Hours per week must be a number above 0" in text(response)
    response = client.get("/path?target=data-analyst&start=yesterday")
    assert response.status_code == 422 and "2026-01-05" in text(response)
    assert client.get("/path.ics?target=data-analyst&hours_per_week=abc").status_code == 422


def test_a_plan_needs_a_known_target(client):
    assert client.get("/path").status_code == 422
    response = client.get("/path?target=data-analist")
    assert response.status_code == 422 and "<code>data-analyst</code>" in text(response)


def test_exports_are_the_plan_as_json_and_markdown(client):
    pick(client, ["written-english"])
    as_json = client.get("/path.json?target=ai-editor")
    assert as_json.mimetype == "application/json"
    plan = as_json.get_json()
    assert [m["id"] for m in plan["modules"]] == [
        "writing-101",
        "prompting-foundations",
        "editing-ai-drafts",
    ]
    assert plan["total_hours"] == 24 and plan["optimal"] is True
    md = client.get("/path.md?target=ai-editor")
    assert md.mimetype == "text/markdown" and "Editing AI drafts" in md.get_data(as_text=True)


def test_my_plan_needs_a_login(client):
    response = client.get("/plan")
    assert response.status_code == 302 and "/login?next=%2Fplan" in response.headers["Location"]
    assert client.get("/plan.json").status_code == 302
    assert client.post("/plan/done", data={"module": "sql-101"}).status_code in (302, 400)


def test_marking_modules_done_moves_progress_and_undo_moves_it_back(client, ana):
    submit(client, "/", "/skills", {"skill": ["written-english"]})
    html = text(client.get("/plan"))
    assert "You have no goal yet" in html
    submit(client, "/niches/ai-editor", "/goals", {"niche": "ai-editor"})
    html = text(client.get("/plan"))
    assert '<progress max="100" value="0.0"' in html
    assert "0.0% · 0 h done, 24 h left" in html

    response = submit(client, "/plan", "/plan/done", {"module": "writing-101"})
    assert response.status_code == 302
    html = text(client.get("/plan"))
    assert "Marked “Business writing 101” done." in html
    assert "33.3% · 8 h done, 16 h left" in html
    assert re.search(r"✓</span> Business writing 101 \(8 h\)", html)
    assert 'name="module" value="writing-101"' in html  # now as an undo form

    submit(client, "/plan", "/plan/done", {"module": "prompting-foundations"})
    assert "58.3% · 14 h done, 10 h left" in text(client.get("/plan"))

    # prompting-foundations still counts once writing-101 is undone: only editing is left
    submit(client, "/plan", "/plan/undo", {"module": "writing-101"})
    assert "37.5% · 6 h done, 10 h left" in text(client.get("/plan"))


def test_marking_bad_modules_is_refused_politely(client, ana):
    response = submit(client, "/plan", "/plan/done", {"module": "sql-1O1"})
    assert response.status_code == 422 and "<code>sql-101</code>" in text(response)
    assert submit(client, "/plan", "/plan/undo", {"module": "sql-101"}).status_code == 404


def test_my_plan_exports_and_schedule(client, ana, store):
    store.add_goals("ana", ["data-analyst"])
    plan = client.get("/plan.json").get_json()
    assert plan["targets"] == ["data-analyst"] and plan["total_hours"] == 26
    ics = client.get("/plan.ics?hours_per_week=5&start=2026-02-02&days=mon&time=20:00")
    body = ics.get_data(as_text=True)
    # 4 + 10 + 12 h in 5-hour Monday sessions: 1 + 3 + 4 events, the first at 20:00
    assert body.count("BEGIN:VEVENT") == 8 and "DTSTART:20260202T200000" in body
    assert "Data analysis with SQL" in client.get("/plan.md").get_data(as_text=True)


def test_removed_goals_and_stale_completions(client, ana, store):
    store.add_goals("ana", ["data-analyst", "ai-editor"])
    submit(client, "/plan", "/goals/ai-editor/remove")
    html = text(client.get("/plan"))
    assert "AI draft editor" not in html.split("Progress per goal")[1].split("</section>")[0]
    assert submit(client, "/plan", "/goals/ai-editor/remove").status_code == 404
    # a completion of a module the catalogue no longer has is kept and shown as such
    store.import_learner(
        {
            "format": "learnpath-learner",
            "version": 1,
            "learner": {"name": "ana"},
            "skills": [],
            "goals": ["data-analyst"],
            "completions": [{"module": "retired-course", "on": "2026-01-01"}],
        },
        replace=True,
    )
    html = text(client.get("/plan"))
    assert "retired-course" in html and "no longer in the catalogue" in html


# ---------------------------------------------------------------------- catalogue


def test_the_catalogue_is_searchable(client):
    html = text(client.get("/catalogue?q=prompting"))
    assert "Prompting foundations" in html and "Prompting bootcamp" in html
    assert "SQL for analysts" not in html
    assert "0 niches, 2 modules" in html


def test_a_module_shows_requires_teaches_and_the_niches_it_serves(client):
    html = text(client.get("/catalogue/modules/prompting-foundations"))
    requires = html.split("<h2>Requires</h2>")[1].split("<h2>")[0]
    teaches = html.split("<h2>Teaches</h2>")[1].split("<h2>")[0]
    serves = html.split("<h2>Niches it serves</h2>")[1]
    assert "Business writing" in requires and "Prompt writing" in teaches
    assert "AI-assisted content strategist" in serves and "AI draft editor" in serves
    assert "Data analyst" not in serves
    assert client.get("/catalogue/modules/nope").status_code == 404


def test_an_entry_skill_says_it_is_declared(client):
    html = text(client.get("/catalogue/skills/fieldwork"))
    assert "this is an entry skill" in html and "Field researcher" in html
    assert client.get("/catalogue/skills/nope").status_code == 404


# ---------------------------------------------------------------------- the whole site


PAGES = [
    "/",
    "/?q=writing",
    "/niches",
    "/niches/ai-editor",
    "/path?target=ai-editor",
    "/catalogue",
    "/catalogue/modules/sql-101",
    "/catalogue/skills/sql",
    "/login",
    "/register",
    "/api/v1/docs",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_complete_html_with_no_inline_script_or_style(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = text(response)
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html and "<style" not in html
    assert re.findall(r"\son[a-z]+=", html) == []  # no inline event handlers
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/static/site.css").status_code == 200
    assert client.get("/static/site.js").status_code == 200
    # once a visitor has a session, their pages are never stored by shared caches
    pick(client, ["sql"])
    assert client.get("/niches").headers["Cache-Control"] == "private, no-store"
    assert "no-store" not in client.get("/static/site.css").headers.get("Cache-Control", "")


def test_a_request_over_the_size_limit_is_413(client):
    page = text(client.get("/"))
    response = client.post(
        "/skills", data={"csrf_token": csrf_from(page), "skill": ["x" * 100] * 20_000}
    )
    assert response.status_code == 413 and "larger than the limit" in text(response)


def test_health(client):
    body = client.get("/health").get_json()
    assert body["status"] == "ok" and body["catalogue"]["modules"] == 9


def test_the_bundled_catalogue_serves_every_page(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    client = app.test_client()
    cat = app.extensions["learnpath"].catalogue
    niche = sorted(cat.niches)[0]
    for url in ["/", "/niches", f"/niches/{niche}", f"/path?target={niche}", "/catalogue"]:
        assert client.get(url).status_code == 200, url
    ranked = json.loads(client.get("/api/v1/niches?have=").data)
    assert len(ranked) == len(cat.niches)
    app.extensions["learnpath"].store.close()


def test_big_catalogues_show_a_bounded_list_and_keep_the_picks(tmp_path):
    lines = ["skills:"]
    lines += [f"  - {{id: s{i:03d}, name: Skill {i:03d}}}" for i in range(400)]
    lines += ["modules:"]
    lines += [
        f"  - {{id: m{i:03d}, title: Module {i:03d}, teaches: [s{i:03d}], hours: 1}}"
        for i in range(400)
    ]
    lines += ["niches:"]
    lines += [
        f"  - {{id: n{i}, name: Niche {i}, requires: [s{i:03d}], resilience: 0.5}}"
        for i in range(22)
    ]
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.yaml").write_text("\n".join(lines) + "\n")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'big.db'}",
            "CURRICULA": [str(folder)],
            "INSTANCE_PATH": str(tmp_path / "i"),
        }
    )
    client = app.test_client()
    pick(client, ["s399"])
    html = text(client.get("/"))
    boxes = re.findall(r'type="checkbox" name="skill" value="([^"]+)"', html)
    assert len(boxes) == 300 and "s399" in boxes  # the learner's own skills come first
    assert "Showing 300 of 400 skills" in html
    # a visitor without an account keeps their picks in a cookie: bounded, and said so
    response = pick(client, [f"s{i:03d}" for i in range(101)])
    assert response.status_code == 422 and "register (free) to keep more" in text(response)
    assert pick(client, [f"s{i:03d}" for i in range(100)]).status_code == 302
    assert len(client.get_cookie("learnpath_session").value) < 4000
    html = text(client.get("/catalogue"))
    assert "The first 300 of 400: search" in html
    assert "Module 399" in text(client.get("/catalogue?q=399"))
    # plans and goals are bounded too: each target adds work to every plan
    targets = "&".join(f"target=n{i}" for i in range(21))
    assert client.get(f"/path?{targets}").status_code == 422
    register(client, "ana")
    store = app.extensions["learnpath"].store
    store.add_goals("ana", [f"n{i}" for i in range(20)])
    response = submit(client, "/niches/n21", "/goals", {"niche": "n21"})
    assert response.status_code == 422 and "at most 20 goals" in text(response)
    assert submit(client, "/niches/n0", "/goals", {"niche": "n0"}).status_code == 302
    app.extensions["learnpath"].store.close()


def test_a_broken_curriculum_edit_keeps_the_last_good_catalogue(tmp_path):
    import shutil

    from web_support import CURRICULA

    folder = tmp_path / "curricula"
    shutil.copytree(CURRICULA, folder)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
            "CURRICULA": [str(folder)],
            "INSTANCE_PATH": str(tmp_path / "i"),
            "CATALOGUE_CHECK_SECONDS": 0,
        }
    )
    client = app.test_client()

    def total():
        return client.get("/api/v1/path?target=data-analyst").get_json()["total_hours"]

    assert total() == 26
    data = folder / "data.yaml"
    good = data.read_text()
    data.write_text(good.replace("hours: 12", "hours: 20"))  # analysis-201 gets longer
    assert total() == 34
    data.write_text(good.replace("hours: 12", "hours: -1") + "  - id: [broken\n")
    assert total() == 34  # the last good catalogue goes on serving
    health = client.get("/health").get_json()
    assert health["status"] == "degraded"
    assert "data.yaml" in health["catalogue"]["error"]
    data.write_text(good)
    assert total() == 26
    health = client.get("/health").get_json()
    assert health["status"] == "ok" and health["catalogue"]["error"] is None
    app.extensions["learnpath"].store.close()


def test_committing_then_status_chart_hours_and_a_changed_catalogue(client, ana, store):
    from dataclasses import replace

    store.add_goals("ana", ["data-analyst"])
    html = text(client.get("/plan"))
    assert "No commitment yet" in html
    # commit to the schedule shown: 6 h a week on Monday and Thursday evenings
    page = "/plan?hours_per_week=6&start=2026-01-05&days=mon&days=thu&time=18:00"
    response = submit(client, page, "/plan/commit", {
        "hours_per_week": "6", "start": "2026-01-05", "days": ["mon", "thu"], "time": "18:00",
    })  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("#status")
    c = store.commitment("ana")
    assert (c.days, c.time, c.start, c.hours_per_week) == ((0, 3), "18:00", dt.date(2026, 1, 5), 6)
    html = text(client.get("/plan"))
    assert "Committed to 3 modules at 6 h a week" in html
    assert "You committed to 6 h a week on mon, thu at 18:00" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="week-chart"' in html
    assert 'width="360"' in html  # fits a 390 px phone
    # done with the hours it took, from the plan's own form
    first = c.modules[0]
    submit(client, "/plan", "/plan/done", {"module": first.module, "hours": "9"})
    assert store.state("ana").completions[0].hours == 9
    html = text(client.get("/plan"))
    assert f"Marked “{first.title}” done ({formatting.hours(9)})." in html
    assert f"took {formatting.hours(9)}" in html
    speed = round((9 / first.hours + 2) / 3, 2)  # one completion: a third of the way from 1
    assert f"Pace: {speed} (actual over estimated hours, over 1 completion)" in html
    assert 'name="hours"' in html
    bad = submit(client, "/plan", "/plan/done", {"module": c.modules[1].module, "hours": "x"})
    assert bad.status_code == 422 and "must be a number" in text(bad)
    # the catalogue changed under the commitment: a notice with what changed and why
    old = replace(c.modules[1], module="old-course")
    store.set_commitment(
        "ana", replace(c, fingerprint="0" * 64, modules=(c.modules[0], old, *c.modules[2:]))
    )
    html = text(client.get("/plan"))
    assert "The catalogue changed since you committed." in html
    assert f"old-course → {c.modules[1].title}: old-course left the catalogue" in html
    assert "Commit again below to accept the new plan." in html
    submit(client, "/plan", "/plan/commit", {"hours_per_week": "6", "days": ["mon", "thu"]})
    assert "The catalogue changed" not in text(client.get("/plan"))
    bad = submit(client, "/plan", "/plan/commit", {"hours_per_week": "0"})
    assert bad.status_code == 422 and "hours per week" in text(bad).lower()
