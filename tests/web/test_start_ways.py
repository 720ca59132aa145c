"""The ways in on the site and the API: a pasted posting, role presets, the better
picker, the placement check and "I already know this" (bundled catalogue)."""

from __future__ import annotations

import re

import pytest
from web_support import api_token, bearer, csrf_from, make_app, register, submit

from learnpath.config import bundled_curricula

POSTING = "Copywriter wanted. Must have: SEO writing, Google Ads. Nice to have: Canva. No coding."


@pytest.fixture
def bundled(tmp_path):
    app = make_app(tmp_path, CURRICULA=[str(bundled_curricula())])
    yield app
    app.extensions["learnpath"].store.close()


@pytest.fixture
def web(bundled):
    return bundled.test_client()


def text(response) -> str:
    """The page, with ids the error page sets in <code> written back in `backticks`."""
    return re.sub(r"</?code>", "`", response.get_data(as_text=True))


def ticked(html: str, name: str = "skill") -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)" id="[^"]+" checked', html)


# ---------------------------------------------------------------------- start page


def test_a_role_pre_ticks_its_skills_and_an_unknown_role_says_which_exist(web, bundled):
    writer = bundled.extensions["learnpath"].catalogue.roles["writer"]
    html = text(web.get("/?role=writer"))
    assert set(ticked(html)) == set(writer.skills)
    assert "Ticked the typical skills of a freelance writer below" in html
    response = web.get("/?role=astronaut")
    assert response.status_code == 422
    assert "unknown role `astronaut`; the roles are: data-analyst" in text(response)


def test_the_picker_searches_names_aliases_and_descriptions_on_the_server(web):
    html = text(web.get("/?q=writing"))
    assert 'id="skill-written-english"' in html  # "Written English": it "writes"
    html = text(web.get("/?q=Canva"))  # a tool name
    assert re.findall(r'type="checkbox" name="skill" value="([^"]+)"', html) == ["template-design"]
    html = text(web.get("/?q=pay-per-click"))  # an alias
    assert re.findall(r'type="checkbox" name="skill" value="([^"]+)"', html) == ["paid-search"]


def test_the_foundations_come_first_and_saving_needs_no_tabbing_through_every_box(web):
    html = text(web.get("/"))
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends[0] == "Foundations for AI-era freelancers"
    form = html.split('id="skills-form"', 1)[1]
    first_box = form.index('type="checkbox"')
    assert form.index('type="submit"') < first_box  # a save button before any box
    assert form.count("Save my skills</button>") == len(legends)  # and one after each field


def test_the_paste_box_shows_the_asked_skills_ticked_then_plans(web):
    response = submit(web, "/", "/match", {"text": POSTING})
    html = text(response)
    assert response.status_code == 200
    assert set(ticked(html, "target")) == {"seo-writing", "paid-search", "copywriting"}
    assert 'value="template-design" id="target-template-design">' in html  # a plus: unticked
    assert "programming-basics" not in html  # "No coding"
    assert "You already cover <strong>0 of the 3</strong>" in html
    plan = web.get("/path?target=seo-writing&target=paid-search&target=copywriting")
    assert plan.status_code == 200 and "I already know this" in text(plan)


@pytest.mark.parametrize(
    "posting, message",
    [("   ", "the text is empty"), ("\x00\x01\x02\x03 PNG", "binary file")],
)
def test_a_bad_paste_is_refused_readably(web, posting, message):
    response = submit(web, "/", "/match", {"text": posting})
    assert response.status_code == 422 and message in text(response)


def test_a_posting_asking_for_nothing_lists_what_it_asks(web):
    html = text(submit(web, "/", "/match", {"text": "Forklift driver with a valid licence."}))
    assert "asks for no skill in the catalogue" in html and "valid licence" in html


# ---------------------------------------------------------------------- placement check


def _question(html: str) -> str | None:
    found = re.search(r'<input type="hidden" name="skill" value="([^"]+)"', html)
    return found.group(1) if found else None


def test_the_placement_check_asks_one_question_per_page_then_proposes_skills(web):
    url, answers = "/assess?target=grant-writer", 0
    html = text(web.get(url))
    assert "Question 1 of at most 12" in html and "autofocus" in html
    carried = []
    while (skill := _question(html)) is not None:
        answer = "yes" if answers % 2 == 0 else "no"
        query = "&".join(["target=grant-writer", *carried, f"skill={skill}", f"answer={answer}"])
        carried.append(f"{answer}={skill}")
        html = text(web.get(f"/assess?{query}"))
        answers += 1
        assert answers <= 12
    assert "questions answered" in html or "question answered" in html
    placed = ticked(html)
    assert placed, html
    # nothing stored yet: the visitor's skills are still none
    assert ticked(text(web.get("/"))) == []
    response = web.post(
        "/skills", data={"csrf_token": csrf_from(html), "skill": placed}, follow_redirects=False
    )
    assert response.status_code == 302
    assert set(ticked(text(web.get("/")))) == set(placed)


def test_contradicting_or_unknown_answers_are_refused(web):
    response = web.get("/assess?yes=grant-writing&no=written-english")
    assert response.status_code == 422 and "contradict each other" in text(response)
    response = web.get("/assess?yes=nope")
    assert response.status_code == 422 and "unknown skill `nope`" in text(response)
    many = "&".join("no=written-english" for _ in range(13))
    assert web.get(f"/assess?{many}").status_code == 422


# ---------------------------------------------------------------------- I already know this


def test_i_already_know_this_replans_at_once_and_can_be_undone(web, bundled):
    assert register(web, "ana").status_code == 302
    submit(web, "/niches", "/goals", {"niche": "grant-writer"})
    html = text(web.get("/plan"))
    first = re.search(r'name="module" value="([^"]+)"', html.split('<table class="plan">')[1])
    module = first.group(1)
    response = web.post(
        "/known", data={"csrf_token": csrf_from(html), "module": module, "back": "/plan"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/plan"
    store = bundled.extensions["learnpath"].store
    assert store.state("ana").prior_learning == (module,)
    assert store.state("ana").completions == ()
    html = text(web.get("/plan"))
    table = html.split('<table class="plan">')[1].split("</table>")[0]
    assert f'value="{module}"' not in table
    assert "Already known (not planned)" in html
    response = web.post("/known/remove", data={"csrf_token": csrf_from(html), "module": module})
    assert response.status_code == 302 and store.state("ana").prior_learning == ()
    before = store.export_learner("ana")
    response = web.post("/known", data={"csrf_token": csrf_from(html), "module": "no-such"})
    assert response.status_code == 422 and "unknown module `no-such`" in text(response)
    assert store.export_learner("ana") == before


def test_a_visitor_can_say_they_know_a_module_too(web):
    html = text(web.get("/path?target=grant-writer"))
    module = re.search(r'name="module" value="([^"]+)"', html.split('<table class="plan">')[1])
    response = web.post(
        "/known",
        data={
            "csrf_token": csrf_from(html),
            "module": module.group(1),
            "back": "/path?target=grant-writer",
        },
    )
    assert response.headers["Location"] == "/path?target=grant-writer"
    table = text(web.get("/path?target=grant-writer")).split('<table class="plan">')[1]
    assert f'value="{module.group(1)}"' not in table.split("</table>")[0]
    response = web.post(
        "/known", data={"csrf_token": csrf_from(html), "module": "x", "back": "//evil"}
    )
    assert response.status_code == 422


# ---------------------------------------------------------------------- API


def test_the_api_matches_a_posting_with_the_cli_shape(web):
    response = web.post("/api/v1/match", json={"text": POSTING, "have": ["copywriting"]})
    data = response.get_json()
    assert response.status_code == 200 and set(data) == {"skills", "unmatched", "covered"}
    assert data["covered"] == ["copywriting"]
    assert {s["id"] for s in data["skills"]} == {
        "seo-writing",
        "paid-search",
        "copywriting",
        "template-design",
    }
    response = web.post("/api/v1/match", json={"text": "SQL", "have": ["sqll"]})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "unknown_id"
    response = web.post("/api/v1/match", json={"text": "\u0000\u0001\u0002\u0003 x"})
    assert response.status_code == 422 and "binary" in response.get_json()["error"]["message"]


def test_the_api_placement_check_runs_question_by_question(web):
    answers: list[dict] = []
    while True:
        data = web.post("/api/v1/assess", json={"target": "grant-writer", "answers": answers})
        body = data.get_json()
        assert data.status_code == 200, body
        if body["question"] is None:
            break
        answers.append({"skill": body["question"]["id"], "yes": True})
        assert len(answers) <= 12
    assert body["asked"] == len(answers) and body["max_questions"] == 12
    assert set(a["skill"] for a in answers) <= set(body["held"]) and body["fringe"]


def test_the_api_records_and_undoes_prior_learning(web, bundled):
    register(web, "bo")
    auth = bearer(api_token(web, "bo"))
    response = web.post("/api/v1/me/prior-learning", json={"module": "cs50p"}, headers=auth)
    assert response.status_code == 201
    assert [i["id"] for i in response.get_json()] == ["cs50p"]
    again = web.post("/api/v1/me/prior-learning", json={"module": "cs50p"}, headers=auth)
    assert again.status_code == 200
    gone = web.delete("/api/v1/me/prior-learning/cs50p", headers=auth)
    assert gone.status_code == 204
    assert web.delete("/api/v1/me/prior-learning/cs50p", headers=auth).status_code == 404
    response = web.post("/api/v1/me/prior-learning", json={"module": "nope"}, headers=auth)
    assert response.status_code == 422
    assert web.get("/api/v1/me/prior-learning", headers=auth).get_json() == []
