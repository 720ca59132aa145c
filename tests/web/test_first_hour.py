"""The first hour on the site, defect by defect (issue "The first hour"): each test is
what a newcomer tripped over, through the Flask test client."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

from web_support import PASSWORD, SEEDS, login, register, submit


def text(response) -> str:
    return response.get_data(as_text=True)


def visible(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded)."""
    body = html.split("<body>", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_a_bad_email_is_reported_on_the_first_submit_under_the_email_field(client):
    response = submit(
        client,
        "/register",
        "/register",
        {"name": "bo", "email": "not-an-email", "password": "short", "confirm": "short"},
    )
    html = text(response)
    assert response.status_code == 422
    # both problems at once, each under its own field
    email_error = re.search(r'<p class="error" id="email-error">([^<]*)</p>', html)
    assert email_error and "name@example.org" in email_error.group(1)
    assert 'id="password-error"' in html and 'id="name-error"' not in html
    assert 'aria-describedby="email-error"' in html
    # a valid address goes through
    response = submit(
        client,
        "/register",
        "/register",
        {"name": "bo", "email": "bo@example.org", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 302


def test_undo_says_the_module_title_not_its_id(ana, store):
    store.add_goals("ana", ["ai-editor"])
    store.mark_done("ana", ["writing-101"])
    response = submit(ana, "/plan", "/plan/undo", {"module": "writing-101"})
    assert response.status_code == 302
    html = text(ana.get("/plan"))
    assert "“Business writing 101” is no longer marked done." in html
    assert "“writing-101”" not in html


def test_logged_out_pages_say_what_logging_in_opens(client):
    for url, wanted in (
        ("/account", "your account"),
        ("/plan", "your plan"),
        ("/account/export.json", "your data"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
        page = visible(text(client.get(response.headers["Location"])))
        assert f"Please log in to see {wanted}." in page, url
        assert "your plan" not in page or wanted == "your plan"


def test_error_pages_show_ids_as_code_not_backticks(client, ana):
    for url in ("/niches/data-analist", "/catalogue/skills/sqll", "/path?target=nope"):
        html = text(client.get(url))
        assert "`" not in visible(html), url
        assert "<code>" in html.split('class="error-message"', 1)[1].split("</p>", 1)[0], url
    # a flashed core message too
    submit(ana, "/niches", "/goals", {"niche": "data-analist"})
    assert "`" not in visible(text(ana.get("/niches")))


def test_every_resilience_score_is_explained_with_a_link_to_the_method(client):
    for url in ("/niches", "/niches/data-analyst", "/catalogue"):
        html = text(client.get(url))
        assert re.search(r"\b0\.\d\d\b", visible(html)), url  # a score is shown
        assert "% of US occupations are rated more exposed to language models" in html, url
        assert 'href="/method#resilience"' in html, url
    niche = visible(text(client.get("/niches/data-analyst")))
    assert re.search(r"0\.\d\d means \d+ % of US occupations", niche)
    method = client.get("/method")
    assert method.status_code == 200
    page = visible(text(method))
    assert 'id="resilience"' in text(method)
    for cited in ("GPTs are GPTs", "Working with AI", "Mapping Career Causeways"):
        assert cited in page


def test_skills_picked_before_logging_in_are_offered_to_the_account(client, store):
    register(client, "ana")
    store.add_skills("ana", ["written-english"])
    client.post("/logout", data={"csrf_token": _csrf(client, "/")})
    submit(client, "/", "/skills", {"skill": ["sql", "written-english"]})
    login(client, "ana")
    page = text(client.get("/niches"))
    assert "Add the skills you picked before logging in?" in page
    assert "your account does not have yet: SQL." in visible(page)
    assert [i.id for i in store.list_skills("ana")] == ["written-english"]  # not yet
    response = submit(client, "/niches", "/skills/merge", {"choice": "add", "back": "/niches"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/niches")
    assert [i.id for i in store.list_skills("ana")] == ["sql", "written-english"]
    after = text(client.get("/niches"))
    assert "Added 1 skill to yours: SQL." in after and "picked before logging in?" not in after


def test_declining_the_offer_keeps_the_saved_skills(client, store):
    register(client, "ana")
    store.add_skills("ana", ["written-english"])
    client.post("/logout", data={"csrf_token": _csrf(client, "/")})
    submit(client, "/", "/skills", {"skill": ["sql"]})
    login(client, "ana")
    submit(client, "/niches", "/skills/merge", {"choice": "drop"})
    assert [i.id for i in store.list_skills("ana")] == ["written-english"]
    assert "picked before logging in?" not in text(client.get("/niches"))


def test_an_account_without_skills_takes_the_picked_ones_and_says_so(client, store):
    register(client, "ana")
    client.post("/logout", data={"csrf_token": _csrf(client, "/")})
    submit(client, "/", "/skills", {"skill": ["sql"]})
    response = login(client, "ana")
    assert [i.id for i in store.list_skills("ana")] == ["sql"]
    html = text(client.get(response.headers["Location"]))
    assert "The skill you picked before logging in is now saved with your account." in html


def test_demo_learners_say_they_are_shared_and_are_reset_at_each_log_in(client, store):
    store.seed(SEEDS)
    start = visible(text(client.get("/")))
    assert "Demo learners are shared by everyone who visits" in start
    assert "reset to its starting point whenever someone logs in as it" in start
    submit(client, "/", "/demo/demo-dana")
    page = visible(text(client.get("/plan")))
    assert "demo-dana is a shared demo learner." in page
    # a visitor changes the demo learner; the next log-in starts it afresh from the seeds
    submit(client, "/plan", "/plan/done", {"module": "writing-101"})
    store.add_skills("demo-dana", ["sql"])
    assert "writing-101" in [c.module for c in store.state("demo-dana").completions]
    seeded = _seed_state("demo-dana")
    submit(client, "/", "/demo/demo-dana")
    state = store.state("demo-dana")
    assert list(state.skills) == sorted(seeded["skills"])
    assert [c.module for c in state.completions] == [c["module"] for c in seeded["completions"]]
    assert "back at its starting point" in visible(text(client.get("/plan")))


def test_schedule_dates_are_kept_whole(client):
    html = text(client.get("/path?target=data-analyst&hours_per_week=10&start=2026-01-05"))
    table = html.split('<table class="weeks', 1)[1].split("</table>", 1)[0]
    dates = re.findall(r"\d{4}-\d\d-\d\d", table)
    kept = re.findall(r'<span class="date">(\d{4}-\d\d-\d\d)</span>', table)
    assert dates and kept == dates
    css = text(client.get("/static/site.css"))
    assert re.search(r"\.date\s*\{[^}]*white-space:\s*nowrap", css)


def test_an_import_error_is_summed_up_at_the_top_of_the_account_page(ana):
    response = submit(
        ana,
        "/account",
        "/account/import",
        {"file": (io.BytesIO(b"not json"), "export.json")},
        content_type="multipart/form-data",
    )
    html = text(response)
    assert response.status_code == 400
    summary = html.index('class="error-summary"')
    assert summary < html.index('id="pw-heading"')  # before the first section of the page
    assert 'role="alert"' in html[summary - 80 : summary + 80]
    assert '<a href="#file">Export file (JSON): This file is not a learnpath JSON export.' in html


def _csrf(client, page: str) -> str:
    from web_support import csrf_from

    return csrf_from(text(client.get(page)))


def _seed_state(name: str) -> dict:
    import yaml

    data = yaml.safe_load((Path(SEEDS) / "demo.yaml").read_text(encoding="utf-8"))
    learner = next(x for x in data["learners"] if x["name"] == name)
    return {"skills": learner.get("skills", []), "completions": learner.get("completions", [])}
