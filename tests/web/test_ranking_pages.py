"""The personal niche list, the comparison page and API, and the current work, on the
bundled catalogue (bands, automation risks, sources): what a visitor and a learner see."""

from __future__ import annotations

import html
import json
import re

import pytest
from web_support import REPO, api_token, bearer, register, submit

from learnpath import learner
from learnpath.catalogue.loader import load_catalogue
from learnpath.exposure import FIGURES, SCALE, occupation_exposure
from learnpath.learner import LearnerView
from learnpath.planning import ORDER, rank_niches
from learnpath.web import create_app

TRANSLATOR = [
    "computer-literacy",
    "written-english",
    "second-language-proficiency",
    "translation-techniques",
]
PAIR = ["localization-specialist", "remote-interpreter"]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue([REPO / "curricula"])


@pytest.fixture
def web(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
            "CURRICULA": [str(REPO / "curricula")],
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DEMO_LOGIN": False,
            "OPEN_REGISTRATION": True,
            "PASSWORD_METHOD": "scrypt:1024:8:1",
        }
    )
    yield app.test_client()
    app.extensions["learnpath"].store.close()


def text(response) -> str:
    """The page's visible words, tags stripped and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def pick_skills(client, skills):
    assert submit(client, "/", "/skills", {"skill": skills}).status_code == 302


def test_the_niche_list_starts_from_the_visitor_and_says_how(web, cat):
    pick_skills(web, TRANSLATOR)
    page = web.get("/niches")
    assert page.status_code == 200
    words = text(page)
    assert ORDER in words and SCALE in words and FIGURES in words
    ranks = rank_niches(cat, TRANSLATOR)
    names = [r.name for r in ranks]
    # the rows come in the personal order, each with its fit, band and automation risk
    shown = [m for m in re.findall(r'<th scope="row"><a href="/niches/([^"]+)"', page.text)]
    assert shown == [r.id for r in ranks] and names[0] in words
    first = ranks[0]
    assert f"{first.fit:.2f}" in words
    assert f"({first.resilience_low:.2f}–{first.resilience_high:.2f})" in words
    # the rows are a form: tick two or three niches and compare them, without JavaScript
    assert (
        'action="/compare"' in page.text and 'name="n" value="localization-specialist"' in page.text
    )


def test_the_list_opens_with_the_current_work_and_a_bad_code_names_the_nearest(web, cat):
    pick_skills(web, TRANSLATOR)
    words = text(web.get("/niches?now=27-3091.00"))
    work = learner.current_work(cat, "27-3091", [r.id for r in rank_niches(cat, TRANSLATOR)])
    assert work.sentence(cat) in words
    assert "less exposed" in words
    bad = web.get("/niches?now=27-3093")
    assert bad.status_code == 422
    assert "Not shown" in text(bad) and "<code>27-3092</code>" in bad.text
    assert "Your current work" not in text(bad)


def test_compare_page_shows_the_exact_figures_side_by_side(web, cat):
    pick_skills(web, TRANSLATOR)
    page = web.get("/compare?n=localization-specialist&n=remote-interpreter&now=27-3091")
    assert page.status_code == 200
    words = text(page)
    core = learner.compare(cat, LearnerView(None, tuple(TRANSLATOR)), PAIR, now="27-3091")
    c = core.comparison
    assert f"All of them together: {c.together_hours:g} h" in words
    for n in c.niches:
        assert n.name in words
        assert f"Marginal hours {n.marginal_hours:g} h" in words
        assert f"Hours to ready {n.hours_to_ready:g} h" in words
        assert f"({n.resilience_low:.2f}–{n.resilience_high:.2f})" in words
    assert core.now.sentence(cat) in words and SCALE in words


@pytest.mark.parametrize(
    "query, message",
    [
        ("n=localization-specialist", "compare two or three niches (got 1)"),
        ("n=ghostwriter&n=ghostwriter", "ghostwriter is given twice"),
        ("n=a&n=b&n=c&n=d", "compare two or three niches (got 4)"),
        ("", "compare two or three niches (got 0)"),
    ],
)
def test_a_malformed_comparison_is_a_400_that_leads_back(web, query, message):
    page = web.get(f"/compare?{query}")
    assert page.status_code == 400
    assert message in text(page) and 'href="/niches"' in page.text


def test_an_unknown_niche_to_compare_names_the_nearest(web):
    page = web.get("/compare?n=ghostwriter&n=grant-writr")
    assert page.status_code == 422 and "grant-writer" in text(page)


def test_a_learner_stores_their_current_work_on_the_account_page(web, cat):
    assert register(web, "ines").status_code == 302
    pick_skills(web, TRANSLATOR)
    bad = submit(web, "/account", "/account/now", {"now": "27-3093"}, follow_redirects=True)
    assert "Not saved" in text(bad) and "27-3092" in text(bad)
    store = web.application.extensions["learnpath"].store
    assert store.state("ines").now is None  # nothing written for a bad code
    saved = submit(web, "/account", "/account/now", {"now": "27-3091.00"}, follow_redirects=True)
    assert "Saved your current work: Interpreters and Translators (27-3091)" in text(saved)
    assert store.state("ines").now == "27-3091"
    assert 'value="27-3091"' in web.get("/account").text
    assert text(web.get("/niches")).count("Your current work, Interpreters and Translators") == 1
    export = json.loads(web.get("/account/export.json").get_data(as_text=True))
    assert export["now"] == "27-3091"
    forgot = submit(web, "/account", "/account/now", {"now": ""}, follow_redirects=True)
    assert "forgotten" in text(forgot) and store.state("ines").now is None


def test_api_compare_is_the_cli_json_and_malformed_is_a_400(web, cat):
    have = ",".join(TRANSLATOR)
    got = web.get(f"/api/v1/compare?n={PAIR[0]}&n={PAIR[1]}&have={have}")
    assert got.status_code == 200
    expected = learner.compare(cat, LearnerView(None, tuple(TRANSLATOR)), PAIR).to_dict()
    assert got.get_json() == json.loads(json.dumps(expected))
    for query in (f"n={PAIR[0]}", f"n={PAIR[0]}&n={PAIR[0]}", "n=a,b,c,d"):
        bad = web.get(f"/api/v1/compare?{query}")
        assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_request"
    unknown = web.get(f"/api/v1/compare?n={PAIR[0]}&n=remote-interpretr")
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["details"]["unknown"]["remote-interpretr"][0] == PAIR[1]
    bad_now = web.get(f"/api/v1/compare?n={PAIR[0]}&n={PAIR[1]}&now=27-3093")
    assert bad_now.status_code == 422


def test_api_niches_carry_fit_band_risk_and_less_exposed(web, cat):
    rows = web.get("/api/v1/niches?have=" + ",".join(TRANSLATOR) + "&now=27-3091").get_json()
    assert [r["id"] for r in rows] == [r.id for r in rank_niches(cat, TRANSLATOR)]
    work = occupation_exposure("27-3091")
    for row in rows:
        niche = cat.niches[row["id"]]
        assert (row["resilience_low"], row["resilience_high"], row["automation_risk"]) == (
            niche.resilience_low,
            niche.resilience_high,
            niche.automation_risk,
        )
        assert 0 <= row["fit"] <= 1
        assert row["less_exposed"] == (niche.resilience_low > work.resilience_high)
    plain = web.get("/api/v1/niches/ghostwriter").get_json()
    assert plain["resilience_low"] == cat.niches["ghostwriter"].resilience_low


def test_api_me_and_export_carry_the_current_work(web, cat):
    assert register(web, "omar").status_code == 302
    submit(web, "/account", "/account/now", {"now": "13-1111"})
    token = api_token(web, "omar")
    assert web.get("/api/v1/me", headers=bearer(token)).get_json()["now"] == "13-1111"
    export = web.get("/api/v1/me/export", headers=bearer(token)).get_json()
    assert export["version"] == 4 and export["now"] == "13-1111"
