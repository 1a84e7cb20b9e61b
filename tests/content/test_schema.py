"""Schema problems: all of a file's problems in one pass, each at its own path:line:col."""

from __future__ import annotations

import json

from smm.content.schema import BRAND, CAMPAIGN, NETWORK_IDS, POST, json_schema, write_json_schemas
from smm.content.types import Obj

POST_PATH = "posts/zerno/2026/12/01-a.md"


def _places(findings):
    return sorted((f.path, f.line, f.col, f.rule) for f in findings)


def test_every_problem_of_a_post_is_reported_in_one_pass(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        """
        network: [telegram, vkk]
        tiem: 2026-12-01 10:00
        campaign: wintr
        kind: 5
        hashtags: кофе
        images:
          - src: assets/zerno/square.jpg
            alt: Чашка
          - alt: Вторая
            src: 7
        overrides:
          instagramm: {text: hi}
    """,
    )
    findings = workspace.findings()
    assert _places(findings) == [
        (POST_PATH, 2, 1, "schema/required"),  # no time: reported at the document
        (POST_PATH, 2, 21, "schema/network"),  # vkk
        (POST_PATH, 3, 1, "schema/unknown-key"),  # tiem
        (POST_PATH, 4, 1, "schema/campaign"),  # wintr
        (POST_PATH, 5, 1, "schema/type"),  # kind: 5
        (POST_PATH, 6, 1, "schema/type"),  # hashtags: text, not a list
        (POST_PATH, 11, 5, "schema/type"),  # images[1].src
        (POST_PATH, 13, 3, "schema/network"),  # overrides.instagramm
    ]
    by_rule = {(f.line, f.rule): f.message for f in findings}
    assert by_rule[(2, "schema/required")] == "missing required key 'time'"
    assert "(did you mean 'vk'?)" in by_rule[(2, "schema/network")]
    assert by_rule[(3, "schema/unknown-key")] == "unknown key 'tiem' (did you mean 'time'?)"
    assert (
        by_rule[(4, "schema/campaign")]
        == "no campaign 'wintr' in campaigns/zerno/ (did you mean 'winter'?)"
    )
    assert by_rule[(5, "schema/type")] == "'kind' must be text, not a whole number"
    assert by_rule[(6, "schema/type")] == "'hashtags' must be a list, not text"
    assert by_rule[(11, "schema/type")] == "'images.1.src' must be text, not a whole number"
    assert "(did you mean 'instagram'?)" in by_rule[(13, "schema/network")]
    assert all(f.level == "error" for f in findings)


def test_unknown_key_without_a_close_match_has_no_hint(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\nzzzzzz: 1")
    (finding,) = workspace.findings()
    assert (finding.line, finding.rule, finding.message) == (
        4,
        "schema/unknown-key",
        "unknown key 'zzzzzz'",
    )


def test_a_single_unknown_network_is_pointed_at(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegramm\ntime: 2026-12-01 10:00")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (2, 1, "schema/network")
    assert "did you mean 'telegram'?" in finding.message


def test_nested_problems_positions(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        """
        network: telegram
        time: 2026-12-01 10:00
        images:
          - src: assets/zerno/square.jpg
            alt: Чашка
          - src: assets/zerno/square.jpg
            atl: Чашка
        budget: {amount: -5, currency: RUB, kind: boots}
        published:
          telegram: {id: 1, urll: x}
    """,
    )
    assert _places(workspace.findings()) == [
        (POST_PATH, 8, 5, "schema/unknown-key"),  # images[1].atl
        (POST_PATH, 9, 10, "schema/value"),  # budget.amount < 0
        (POST_PATH, 9, 37, "schema/value"),  # budget.kind
        (POST_PATH, 11, 21, "schema/unknown-key"),  # published.telegram.urll
    ]


def test_an_empty_value_means_not_set(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign:\nhashtags:\nbudget:",
    )
    assert workspace.findings() == []


def test_a_required_key_with_an_empty_value_is_missing(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network:\ntime: 2026-12-01 10:00")
    assert [(f.line, f.rule, f.message) for f in workspace.findings()] == [
        (2, "schema/required", "missing required key 'network'")
    ]


def test_a_post_in_a_folder_without_a_brand_file(workspace):
    workspace.post("acme/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    (finding,) = workspace.findings()
    assert (finding.path, finding.line, finding.col, finding.rule) == (
        "posts/acme/2026/12/01-a.md",
        1,
        1,
        "schema/brand",
    )
    assert "brands/acme.yaml" in finding.message


def test_a_post_directly_under_posts_has_no_brand(workspace):
    workspace.write(
        "posts/loose.md",
        "---\nnetwork: telegram\ntime: 2026-12-01 10:00\n---\nText of a loose post.",
    )
    assert [f.rule for f in workspace.findings()] == ["schema/brand"]


def test_a_campaign_of_another_brand_is_unknown(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter-sale"
    )
    (finding,) = workspace.findings()
    assert (finding.line, finding.rule) == (4, "schema/campaign")
    assert "campaigns/zerno/" in finding.message


def test_a_bad_time_is_a_schema_problem(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: next monday")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (3, 1, "schema/time")


def test_an_empty_network_list_is_no_network(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: []\ntime: 2026-12-01 10:00")
    assert [(f.line, f.rule, f.message) for f in workspace.findings()] == [
        (2, "schema/network", "no network given")
    ]


def test_bad_budget_shapes_are_one_finding_each(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\nbudget: lots"
    )
    workspace.post(
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\nbudget: {amount: x, currency: RUB}",
        "Другой текст, чтобы не было дубликата.",
    )
    workspace.post(
        "zerno/2026/12/03-a.md",
        "network: telegram\ntime: 2026-12-03 10:00\nbudget: 10 rub",
        "Третий текст, чтобы не было дубликата.",
    )
    assert [(f.path[-7:], f.line, f.col, f.rule) for f in workspace.findings()] == [
        ("01-a.md", 4, 1, "schema/value"),
        ("02-a.md", 4, 10, "schema/type"),
        ("03-a.md", 4, 1, "schema/value"),
    ]


def test_patterns_of_the_schema_are_checked(workspace):
    """The JSON Schema says `pattern`; the linter must agree (a duration, a currency, HH:MM)."""
    workspace.brand(
        "zerno",
        currency="rub",
        late_after="2 hours",
        frequency={"telegram": {"min_gap": "often"}},
        quiet_hours={"start": "late", "end": "08:00"},
    )
    findings = [f for f in workspace.findings() if f.path == "brands/zerno.yaml"]
    assert sorted(f.message.split(":")[0] for f in findings) == [
        "'currency'",
        "'frequency.telegram.min_gap'",
        "'late_after'",
        "'quiet_hours.start'",
    ]
    assert {f.rule for f in findings} == {"schema/value"}


def test_quiet_hours_that_are_no_time_of_day_are_reported_not_a_crash(workspace):
    workspace.brand("zerno", quiet_hours={"start": "25:00", "end": "08:00"})
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    (finding,) = workspace.findings()
    assert (finding.path, finding.rule) == ("brands/zerno.yaml", "schema/value")
    assert "'25:00' is not a time of day" in finding.message


def test_brand_and_campaign_files_are_checked_with_positions(workspace):
    workspace.write(
        "brands/zerno.yaml",
        "name: Зерно\ntimezone: Europe/Moscow\naccounts:\n  telegram: {chat: '@z'}\n"
        "  vkontakte: {owner_id: -1}\nfrequency:\n  telegram: {per_day: 0, min_gap: often}\n"
        "quiet_hours: {start: '23:00'}\n",
    )
    workspace.write(
        "campaigns/zerno/winter.yaml",
        "name: Зима\nstart: 2026-12-01\nend: 2027-02-28\n"
        "budget: 10000 RUB\nnetworks: [telegram, vkk]\ngoal: {reach: 1}\n",
    )
    places = _places(workspace.findings())
    assert places == [
        ("brands/zerno.yaml", 5, 3, "schema/network"),  # accounts.vkontakte
        ("brands/zerno.yaml", 7, 14, "schema/value"),  # per_day: 0
        ("brands/zerno.yaml", 7, 26, "schema/value"),  # min_gap: often
        ("brands/zerno.yaml", 8, 1, "schema/required"),  # quiet_hours without end: at its key
        ("campaigns/zerno/winter.yaml", 5, 22, "schema/network"),  # vkk
        ("campaigns/zerno/winter.yaml", 6, 1, "schema/unknown-key"),  # goal -> goals
    ]


def test_json_schema_agrees_with_the_checker(tmp_path):
    post = json_schema("post")
    assert post["$schema"].startswith("https://json-schema.org/")
    assert post["required"] == ["network", "time"]
    assert set(post["properties"]) == set(POST.fields)
    assert post["additionalProperties"] is False
    assert post["properties"]["network"]["anyOf"][0]["enum"] == list(NETWORK_IDS)
    for name, obj in (("campaign", CAMPAIGN), ("brand", BRAND)):
        schema = json_schema(name)
        assert set(schema["properties"]) == set(obj.fields)
        assert schema["required"] == [k for k, f in obj.fields.items() if f.required]
    paths = write_json_schemas(tmp_path / "schemas")
    assert sorted(p.name for p in paths) == [
        "brand.schema.json",
        "campaign.schema.json",
        "post.schema.json",
    ]
    assert json.loads((tmp_path / "schemas" / "post.schema.json").read_text()) == post


def test_obj_check_yields_key_paths():
    schema = Obj({})
    assert list(schema.check({"a": 1}, ("x",))) == [
        (("x", "a"), "schema/unknown-key", "unknown key 'a'")
    ]
    assert list(schema.check([1], ("x",))) == [
        (("x",), "schema/type", "'x' must be a mapping, not a list")
    ]


def test_a_value_found_fine_once_is_still_checked_by_its_type_and_class():
    # a scalar with no problem is remembered by (type, class, value): the same value under
    # another type, or an equal value of another class (True == 1), is checked anew, and a value
    # with a problem is reported every time it comes back
    from smm.content.types import Field, Num, OneOf, Str

    number_or_text = Obj({"x": Field(OneOf([Num(), Str()])), "kind": Field(Str(enum=("ad",)))})
    only_text = Obj({"x": Field(Str())})
    assert list(number_or_text.check({"x": 1, "kind": "ad"}, ())) == []
    assert [rule for _, rule, _ in number_or_text.check({"x": True}, ())] == ["schema/type"]
    assert [rule for _, rule, _ in only_text.check({"x": 1}, ())] == ["schema/type"]
    for _ in range(2):
        assert [key for key, _, _ in number_or_text.check({"kind": "organic"}, ())] == [("kind",)]
