"""Skills' ``aliases:`` and ``tools:``, and the ``roles:`` section: loaded, and each
authoring mistake located with a fix."""

from __future__ import annotations

from learnpath.catalogue.loader import check_paths
from learnpath.catalogue.schema import json_schema

BASE = """
skills:
  - id: paid-search
    name: Paid search advertising
    aliases: [pay-per-click, PPC]
    tools: [Google Ads, Microsoft Advertising]
  - id: web-analytics
    name: Web analytics
    tools: [GA4]
  - id: copyediting
    name: Copyediting
modules:
  - id: ads-101
    title: Ads 101
    teaches: [paid-search, web-analytics, copyediting]
    hours: 5
niches:
  - id: marketer
    name: Marketer
    requires: [paid-search, web-analytics, copyediting]
    resilience: 0.4
"""

ROLES = """
roles:
  - id: marketer-role
    name: Freelance marketer
    description: Runs campaigns for small businesses.
    skills: [paid-search, web-analytics]
"""


def report_of(write_yaml, text, name="course.yaml"):
    return check_paths([write_yaml(text, name)])


def lines(report):
    return [(p.line, p.severity, p.message) for p in report.problems]


def test_aliases_tools_and_roles_load(write_yaml):
    report = report_of(write_yaml, BASE + ROLES)
    assert lines(report) == []
    cat = report.catalogue
    assert cat.skills["paid-search"].aliases == ("pay-per-click", "PPC")
    assert cat.skills["paid-search"].tools == ("Google Ads", "Microsoft Advertising")
    role = cat.roles["marketer-role"]
    assert (role.name, role.skills) == ("Freelance marketer", ("paid-search", "web-analytics"))
    assert role.location.line == 23 and cat.kind_of("marketer-role") == "role"


def test_a_file_may_hold_only_roles(write_yaml, tmp_path):
    write_yaml(BASE, "skills.yaml")
    write_yaml("curriculum:\n  title: Roles\n" + ROLES, "roles.yaml")
    report = check_paths([tmp_path])
    assert report.ok and list(report.catalogue.roles) == ["marketer-role"]


def test_alias_shared_by_two_skills_is_located_with_both_places(write_yaml):
    text = BASE.replace("    tools: [GA4]", "    tools: [GA4]\n    aliases: [ppc]")
    report = report_of(write_yaml, text)
    (error,) = report.errors
    assert error.line == 9
    assert "alias `ppc` of skill `web-analytics` is also in the `aliases` of skill" in error.message
    assert "`paid-search` (" in error.message and ":2)" in error.message
    assert "remove it from the other" in error.message


def test_alias_equal_to_another_skills_name_even_spelt_otherwise(write_yaml):
    # "copy-editing" is two words, "copyediting" one: not the same name
    text = BASE.replace("aliases: [pay-per-click, PPC]", "aliases: [pay-per-click, copy-editing]")
    assert report_of(write_yaml, text).ok
    text = BASE.replace("aliases: [pay-per-click, PPC]", "aliases: [pay-per-click, Copyediting.]")
    (error,) = report_of(write_yaml, text).errors
    assert (error.line, error.column) == (4, 30)
    assert "alias `Copyediting.` of skill `paid-search` is the name of skill `copyediting`" in (
        error.message
    )
    assert "remove the alias" in error.message


def test_tool_shared_with_an_alias_and_tool_without_words(write_yaml):
    text = BASE.replace("tools: [GA4]", "tools: [GA4, google ads, '!!']")
    report = report_of(write_yaml, text)
    messages = [p.message for p in report.errors]
    shared = "tool `google ads` of skill `web-analytics` is also in the `tools`"
    assert any(shared in m for m in messages)
    assert any("tool `!!` of skill `web-analytics` has no word" in m for m in messages)
    assert all(p.line == 8 for p in report.errors)


def test_alias_repeating_the_name_or_itself_is_a_warning(write_yaml):
    text = BASE.replace(
        "aliases: [pay-per-click, PPC]", "aliases: [PPC, ppc, paid search advertising]"
    )
    report = report_of(write_yaml, text)
    assert report.ok
    assert [p.message for p in report.warnings] == [
        "alias `ppc` of skill `paid-search` is listed twice for this skill; remove one",
        "alias `paid search advertising` of skill `paid-search` repeats the skill's name; "
        "remove it",
    ]


def test_bad_alias_values_are_field_errors(write_yaml):
    text = BASE.replace("aliases: [pay-per-click, PPC]", "aliases: PPC").replace(
        "tools: [GA4]", f"tools: ['{'x' * 101}', '']"
    )
    messages = [p.message for p in report_of(write_yaml, text).errors]
    assert (
        "skill `paid-search`: `aliases` must be a list, got the text 'PPC'; write [PPC]" in messages
    )
    assert "skill `web-analytics`: `tools` item: must be 1 to 100 characters long" in messages
    assert len(messages) == 3


def test_role_mistakes_are_located(write_yaml):
    text = BASE + ROLES.replace("    name: Freelance marketer\n", "    nmae: Freelance marketer\n")
    assert [(p.line, p.message) for p in report_of(write_yaml, text).errors] == [
        (23, "role `marketer-role`: missing required field `name`"),
        (24, "unknown field `nmae` in role `marketer-role`; did you mean `name`?"),
    ]
    text = BASE + ROLES.replace("[paid-search, web-analytics]", "[paid-serch, ads-101]")
    report = report_of(write_yaml, text)
    assert [(p.line, p.message) for p in report.errors] == [
        (
            26,
            "unknown skill `paid-serch` in `skills` of role `marketer-role`; "
            "did you mean `paid-search`?",
        ),
        (
            26,
            "`skills` of role `marketer-role` names module `ads-101`, but only skills can be "
            "listed here; use the skill(s) it teaches: `paid-search`, `web-analytics`, "
            "`copyediting`",
        ),
    ]


def test_role_id_clashing_with_a_niche_is_a_duplicate(write_yaml):
    text = BASE + ROLES.replace("id: marketer-role", "id: marketer")
    (error,) = report_of(write_yaml, text).errors
    assert error.message.startswith("duplicate id `marketer`: already defined as a niche at")


def test_json_schema_describes_aliases_tools_and_roles():
    schema = json_schema()
    skill = schema["properties"]["skills"]["items"]["properties"]
    assert skill["aliases"]["items"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
    }
    assert "tools" in skill
    role = schema["properties"]["roles"]["items"]
    assert role["required"] == ["id", "name", "skills"]
    assert role["additionalProperties"] is False
