"""One road to a stored learner's plan: ``learnpath plan``, ``GET /api/v1/me/plan`` and
the ``/plan`` page show the same plan, the one ``learnpath.planning.plan`` gives for the
learner's skills, completions and goals."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from web_support import CURRICULA, PASSWORD, SEEDS, api_token, bearer, login

from learnpath import learner, planning
from learnpath.cli import main
from learnpath.web.auth import hash_password


@pytest.fixture
def dana(app, store):
    """The seeded demo learner with a second goal, a password, and a skill id that a
    curriculum change left behind."""
    store.seed(SEEDS)
    data = store.export_learner("demo-dana")
    data["skills"].append("retired-skill")
    data["goals"].append("data-analyst")
    learner.import_learner(store, data, replace=True)
    app.extensions["learnpath"].accounts.set_password_hash("demo-dana", hash_password(PASSWORD))
    return "demo-dana"


def cli_plan(app, *args: str):
    command = ["--curricula", str(CURRICULA), "--db", app.config["DATABASE_URL"]]
    result = CliRunner().invoke(main, [*command, "--learner", "demo-dana", "plan", *args])
    assert result.exit_code == 0, result.output
    return result


def page_plan(html: str) -> dict:
    """What the ``/plan`` page says of the plan: module ids in order, total hours, targets."""
    table = html.split('<table class="plan', 1)[1].split("</table>", 1)[0]
    return {
        "modules": list(dict.fromkeys(re.findall(r'name="module" value="([^"]+)"', table))),
        "total_hours": re.search(r"<strong>([\d.]+) hours</strong>", html).group(1),
    }


@pytest.mark.parametrize("minimize", ["hours", "cost"])
def test_cli_api_and_page_show_a_stored_learner_the_same_plan(app, client, dana, minimize):
    catalogue = app.extensions["learnpath"].catalogue
    expected = planning.plan(
        catalogue,
        have=["business-writing", "written-english"],
        targets=["ai-content-strategist", "data-analyst"],
        done=["seo-basics"],
        minimize=minimize,
    ).to_dict(catalogue)
    assert expected["modules"] and "seo-basics" not in [m["id"] for m in expected["modules"]]

    cli = cli_plan(app, "--json", "--minimize", minimize)
    assert json.loads(cli.stdout) == expected
    assert "`retired-skill` is no longer in the catalogue" in cli.stderr

    token = api_token(client, dana)
    api = client.get(f"/api/v1/me/plan?minimize={minimize}", headers=bearer(token))
    assert api.status_code == 200 and api.get_json() == expected

    assert login(client, dana).status_code == 302
    page = client.get(f"/plan?minimize={minimize}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page_plan(html) == {
        "modules": [m["id"] for m in expected["modules"]],
        "total_hours": str(expected["total_hours"]),
    }
    assert "no longer in the catalogue (not planned): retired-skill" in html
    assert client.get(f"/plan.json?minimize={minimize}").get_json() == expected


def test_the_cli_plan_renders_as_path_does(app, dana):
    """``learnpath plan`` is ``learnpath path`` over the stored learner, in every format."""
    for fmt in ("table", "markdown", "dot"):
        mine = cli_plan(app, "--format", fmt)
        explicit = CliRunner().invoke(
            main,
            [
                "--curricula",
                str(CURRICULA),
                "path",
                "--have",
                "business-writing,written-english",
                "--done",
                "seo-basics",
                "-t",
                "ai-content-strategist",
                "-t",
                "data-analyst",
                "--format",
                fmt,
            ],
        )
        assert explicit.exit_code == 0, explicit.output
        assert mine.stdout == explicit.stdout and mine.stdout


def test_without_goals_each_route_says_so_its_own_way(app, client, store):
    store.seed(SEEDS)
    store.remove_goals("demo-dana", ["ai-content-strategist"])
    app.extensions["learnpath"].accounts.set_password_hash("demo-dana", hash_password(PASSWORD))
    command = ["--curricula", str(CURRICULA), "--db", app.config["DATABASE_URL"], "plan"]
    cli = CliRunner().invoke(main, command)
    assert cli.exit_code == 1
    assert "demo-dana has no goal in the catalogue" in cli.stderr
    assert "(see `learnpath niches`)" in cli.stderr
    api = client.get("/api/v1/me/plan", headers=bearer(api_token(client, "demo-dana")))
    assert api.status_code == 422 and "no goal" in api.get_json()["error"]["message"]
    login(client, "demo-dana")
    page = client.get("/plan")
    assert page.status_code == 200 and "You have no goal yet" in page.get_data(as_text=True)
    export = client.get("/plan.json")
    assert export.status_code == 422
    assert "you have no goal yet: choose a niche first" in export.get_data(as_text=True)
