"""Rules that need every post: campaign budgets, duplicate texts, posting frequency.

They see every post of the repository even when only some paths are linted.
"""

from __future__ import annotations

CAMPAIGN = "campaigns/zerno/winter.yaml"


def _post(workspace, rel, front, body=None):
    return workspace.post(
        rel, front, body or f"Отдельный текст для {rel}, чтобы не было дубликатов."
    )


def _rules(findings):
    return sorted((f.path, f.line, f.col, f.level, f.rule) for f in findings)


# --- campaign budget ------------------------------------------------------------------------------


def test_posts_over_the_campaign_budget_are_reported_at_its_budget_line(workspace):
    _post(
        workspace,
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 6000 RUB",
    )
    _post(
        workspace,
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter\n"
        "budget: {amount: 4500.50, currency: RUB, kind: boost}",
    )
    findings = workspace.findings()
    assert _rules(findings) == [
        (CAMPAIGN, 4, 1, "error", "campaign/budget")
    ]  # budget: is line 4 of the file
    assert (
        findings[0].message
        == "its 2 posts budget 10 500.5 RUB, over the campaign's 10 000 by 500.5"
    )


def test_posts_exactly_at_the_campaign_budget_are_fine(workspace):
    _post(
        workspace,
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 6000 RUB",
    )
    _post(
        workspace,
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter\nbudget: 4000",
    )
    assert workspace.findings() == []


def test_posts_without_the_campaign_do_not_count(workspace):
    _post(
        workspace,
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 6000 RUB",
    )
    _post(
        workspace,
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\nbudget: 6000 RUB",
    )
    # the other brand's campaign has its own budget (1000 EUR)
    _post(
        workspace,
        "nordlicht/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter-sale\nbudget: 900 EUR",
    )
    assert workspace.findings() == []


def test_a_budget_in_another_currency_is_its_own_error_not_part_of_the_sum(workspace):
    _post(
        workspace,
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 9000 RUB",
    )
    _post(
        workspace,
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter\nbudget: 9000 EUR",
    )
    assert _rules(workspace.findings()) == [
        ("posts/zerno/2026/12/02-a.md", 5, 1, "error", "budget/currency")
    ]


def test_a_campaign_without_a_budget_has_no_limit(workspace):
    workspace.campaign("zerno", "winter", budget=None)
    _post(
        workspace,
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 99999 RUB",
    )
    assert workspace.findings() == []


# --- duplicates -------------------------------------------------------------------------------------

TEXT = "Новое зимнее меню: глинтвейн без алкоголя и пряный раф."


def test_the_same_text_twice_in_one_brand_is_reported_on_the_later_post(workspace):
    workspace.post("zerno/2026/12/02-b.md", "network: telegram\ntime: 2026-12-02 10:00", TEXT)
    workspace.post("zerno/2026/12/01-a.md", "network: vk\ntime: 2026-12-01 10:00", TEXT)
    findings = workspace.findings()
    assert _rules(findings) == [("posts/zerno/2026/12/02-b.md", 3, 1, "error", "duplicate/text")]
    assert (
        findings[0].message
        == "the same text as posts/zerno/2026/12/01-a.md; brand 'zerno' would post it twice"
    )


def test_the_later_post_is_found_by_time_not_by_file_name(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-05 10:00", TEXT)
    workspace.post("zerno/2026/12/02-b.md", "network: telegram\ntime: 2026-12-02 10:00", TEXT)
    assert [f.path for f in workspace.findings()] == ["posts/zerno/2026/12/01-a.md"]


def test_case_spacing_and_line_breaks_do_not_make_a_text_new(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", TEXT)
    workspace.post(
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00",
        "  " + TEXT.upper().replace(" ", "\n\n") + "\n",
    )
    assert [f.rule for f in workspace.findings()] == ["duplicate/text"]


def test_three_copies_are_two_findings_against_the_first(workspace):
    for day in (1, 2, 3):
        workspace.post(
            f"zerno/2026/12/0{day}-a.md", f"network: telegram\ntime: 2026-12-0{day} 10:00", TEXT
        )
    findings = workspace.findings()
    assert [f.path for f in findings] == [
        "posts/zerno/2026/12/02-a.md",
        "posts/zerno/2026/12/03-a.md",
    ]
    assert all("posts/zerno/2026/12/01-a.md" in f.message for f in findings)


def test_the_same_text_for_two_brands_is_fine(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", TEXT)
    workspace.post("nordlicht/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", TEXT)
    assert workspace.findings() == []


def test_short_texts_are_not_duplicates(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", "Скоро!")
    workspace.post("zerno/2026/12/02-a.md", "network: telegram\ntime: 2026-12-02 10:00", "Скоро!")
    assert workspace.findings() == []


def test_a_different_word_is_a_different_text(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", TEXT)
    workspace.post(
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 10:00",
        TEXT.replace("раф", "латте"),
    )
    assert workspace.findings() == []


# --- frequency --------------------------------------------------------------------------------------


def test_more_posts_per_local_day_than_the_brand_allows(workspace):
    workspace.brand("zerno", frequency={"telegram": {"per_day": 2}})
    for hour in (10, 13, 18):
        _post(
            workspace,
            f"zerno/2026/12/01-{hour}.md",
            f"network: telegram\ntime: 2026-12-01 {hour}:00",
        )
    findings = workspace.findings()
    assert _rules(findings) == [
        ("posts/zerno/2026/12/01-18.md", 3, 1, "warning", "frequency/per-day")
    ]
    assert findings[0].message == "more than 2 telegram posts on 2026-12-01 for brand 'zerno'"
    result = workspace.lint()
    assert (result.errors, result.warnings) == (0, 1)


def test_days_are_the_brands_local_days(workspace):
    workspace.brand("zerno", frequency={"telegram": {"per_day": 1}})
    # 22:30 UTC on Nov 30 is 01:30 on Dec 1 in Moscow: the same local day as the 10:00 post
    _post(workspace, "zerno/2026/11/30-a.md", "network: telegram\ntime: 2026-11-30T22:30:00Z")
    _post(workspace, "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    assert [f.rule for f in workspace.findings()] == ["frequency/per-day"]


def test_per_day_limits_are_per_network(workspace):
    workspace.brand("zerno", frequency={"telegram": {"per_day": 1}})
    _post(workspace, "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    _post(workspace, "zerno/2026/12/01-b.md", "network: vk\ntime: 2026-12-01 11:00")
    _post(workspace, "zerno/2026/12/02-a.md", "network: [vk, telegram]\ntime: 2026-12-02 10:00")
    _post(workspace, "zerno/2026/12/02-b.md", "network: vk\ntime: 2026-12-02 11:00")
    assert workspace.findings() == []


def test_posts_closer_than_the_minimum_gap(workspace):
    workspace.brand("zerno", frequency={"telegram": {"min_gap": "2h"}})
    _post(workspace, "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    _post(workspace, "zerno/2026/12/01-b.md", "network: telegram\ntime: 2026-12-01 11:59")
    _post(
        workspace, "zerno/2026/12/01-c.md", "network: telegram\ntime: 2026-12-01 13:59"
    )  # 2h after b: fine
    findings = workspace.findings()
    assert _rules(findings) == [
        ("posts/zerno/2026/12/01-b.md", 3, 1, "warning", "frequency/min-gap")
    ]
    assert (
        findings[0].message
        == "telegram posts less than 2h apart: this one and posts/zerno/2026/12/01-a.md"
    )


def test_frequency_of_one_brand_does_not_limit_another(workspace):
    workspace.brand("zerno", frequency={"telegram": {"per_day": 1, "min_gap": "1d"}})
    _post(workspace, "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    _post(workspace, "nordlicht/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    assert workspace.findings() == []


def test_two_posts_at_the_same_time_warn_on_the_same_one_every_run(workspace):
    workspace.brand("zerno", frequency={"telegram": {"per_day": 1, "min_gap": "1h"}})
    _post(workspace, "zerno/2026/12/01-b.md", "network: telegram\ntime: 2026-12-01 10:00")
    _post(workspace, "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    assert {f.path for f in workspace.findings()} == {"posts/zerno/2026/12/01-b.md"}


# --- only some paths --------------------------------------------------------------------------------


def _budget_and_duplicate(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 6000 RUB\ntiem: oops",
        TEXT,
    )
    workspace.post(
        "zerno/2026/12/02-b.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter\nbudget: 5000 RUB",
        TEXT,
    )
    workspace.post(
        "zerno/2026/12/03-c.md",
        "network: telegram\ntime: 2026-12-03 10:00",
        "Совсем другой текст про кофе.",
    )


def test_linting_one_post_still_sees_the_others(workspace):
    _budget_and_duplicate(workspace)
    findings = workspace.findings("posts/zerno/2026/12/02-b.md")
    assert _rules(findings) == [
        (CAMPAIGN, 4, 1, "error", "campaign/budget"),  # 6000 of an unlisted post + 5000 of this one
        ("posts/zerno/2026/12/02-b.md", 3, 1, "error", "duplicate/text"),  # of the unlisted 01-a
    ]
    # 01-a's own problem (tiem) belongs to 01-a, which was not asked for
    assert all(f.path != "posts/zerno/2026/12/01-a.md" for f in findings)


def test_linting_an_unrelated_post_shows_neither(workspace):
    _budget_and_duplicate(workspace)
    assert workspace.findings("posts/zerno/2026/12/03-c.md") == []


def test_linting_a_folder_selects_the_posts_under_it(workspace):
    _budget_and_duplicate(workspace)
    _post(
        workspace, "nordlicht/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\nbad: 1"
    )
    paths = {f.path for f in workspace.findings("posts/zerno")}
    assert paths == {CAMPAIGN, "posts/zerno/2026/12/01-a.md", "posts/zerno/2026/12/02-b.md"}
    assert {f.path for f in workspace.findings("posts/nordlicht")} == {
        "posts/nordlicht/2026/12/01-a.md"
    }


def test_linting_the_campaign_file_shows_its_budget(workspace):
    _budget_and_duplicate(workspace)
    assert [f.rule for f in workspace.findings(CAMPAIGN)] == ["campaign/budget"]


def test_the_whole_repository_has_everything(workspace):
    _budget_and_duplicate(workspace)
    result = workspace.lint()
    assert sorted(f.rule for f in result.findings) == [
        "campaign/budget",
        "duplicate/text",
        "schema/unknown-key",
    ]
    assert (result.posts, result.errors) == (3, 3)
