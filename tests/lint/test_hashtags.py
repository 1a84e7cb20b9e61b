"""hashtag/form, hashtag/banned, hashtag/required and instagram/hashtags."""

from __future__ import annotations

import textwrap

import pytest

PATH = "zerno/2026/12/01-tags.md"


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def lint_tags(workspace, tags, network="telegram", body="Зимнее меню уже в кофейне.", extra=""):
    front = f"""
        network: {network}
        time: 2026-12-01 10:00
        hashtags: [{", ".join(repr(t) for t in tags)}]
    """
    workspace.post(PATH, textwrap.dedent(front) + textwrap.dedent(extra), body)
    return workspace.findings()


INSTAGRAM_IMAGE = """
        images:
          - src: assets/zerno/square.jpg
            alt: Чашка кофе
"""


# --- hashtag/form ---


@pytest.mark.parametrize("tag", ["кофе", "black_friday", "Зима2026", "2026год", "#кофе", "カフェ"])
def test_well_formed_hashtag_passes(workspace, tag):
    assert lint_tags(workspace, [tag]) == []


@pytest.mark.parametrize("tag", ["black friday", "2026", "кофе!", "new-menu", "a.b", "#", ""])
def test_malformed_hashtag_is_an_error(workspace, tag):
    (finding,) = _of(lint_tags(workspace, [tag]), "hashtag/form")
    assert finding.level == "error"


def test_malformed_hashtag_points_at_its_list_item(workspace):
    workspace.post(
        PATH,
        """
        network: telegram
        time: 2026-12-01 10:00
        hashtags:
          - кофе
          - black friday
    """,
    )
    (finding,) = _of(workspace.findings(), "hashtag/form")
    assert (finding.line, finding.col) == (6, 5)
    assert "'black friday'" in finding.message


def test_hashtag_over_100_characters_is_a_warning(workspace):
    (finding,) = _of(lint_tags(workspace, ["к" * 101]), "hashtag/form")
    assert finding.level == "warning"
    assert lint_tags(workspace, ["к" * 100]) == []


# --- hashtag/banned ---


def test_banned_hashtag_in_the_front_matter_is_an_error_whatever_its_case(workspace):
    workspace.brand("zerno", hashtags={"banned": ["скидки"]})
    (finding,) = _of(lint_tags(workspace, ["кофе", "Скидки"]), "hashtag/banned")
    assert finding.level == "error" and "#скидки" in finding.message


def test_banned_hashtag_written_in_the_body_is_an_error(workspace):
    workspace.brand("zerno", hashtags={"banned": ["скидки"]})
    assert _of(lint_tags(workspace, [], body="Только сегодня #СКИДКИ на всё"), "hashtag/banned")


def test_banned_hashtag_from_the_campaign_is_an_error(workspace):
    workspace.brand("zerno", hashtags={"banned": ["скидки"]})
    workspace.campaign("zerno", "winter", hashtags=["скидки"])
    assert _of(lint_tags(workspace, [], extra="        campaign: winter\n"), "hashtag/banned")


def test_hashtag_that_only_starts_like_a_banned_one_passes(workspace):
    workspace.brand("zerno", hashtags={"banned": ["скидки"]})
    assert lint_tags(workspace, ["скидкиневажны"], body="Слово скидки без решётки можно.") == []


def test_banned_hashtag_is_reported_once_per_network(workspace):
    workspace.brand("zerno", hashtags={"banned": ["скидки"]})
    assert (
        len(_of(lint_tags(workspace, ["скидки"], network="[telegram, vk]"), "hashtag/banned")) == 2
    )


# --- hashtag/required ---


def test_missing_required_hashtag_is_an_error(workspace):
    workspace.brand("zerno", hashtags={"required": ["зерно"]})
    (finding,) = _of(lint_tags(workspace, ["кофе"]), "hashtag/required")
    assert finding.level == "error" and "#зерно" in finding.message


def test_required_hashtag_in_the_front_matter_passes(workspace):
    workspace.brand("zerno", hashtags={"required": ["зерно"]})
    assert lint_tags(workspace, ["Зерно"]) == []


def test_required_hashtag_in_the_body_passes(workspace):
    workspace.brand("zerno", hashtags={"required": ["зерно"]})
    assert lint_tags(workspace, [], body="Приходите в #зерно") == []


def test_required_hashtag_from_the_campaign_passes(workspace):
    workspace.brand("zerno", hashtags={"required": ["зерно"]})
    workspace.campaign("zerno", "winter", hashtags=["зерно"])
    assert lint_tags(workspace, [], extra="        campaign: winter\n") == []


def test_required_hashtag_dropped_by_a_network_override_is_an_error_for_that_network_only(
    workspace,
):
    workspace.brand("zerno", hashtags={"required": ["зерно"]})
    findings = lint_tags(
        workspace,
        ["зерно"],
        network="[telegram, vk]",
        extra="        overrides:\n          vk: {hashtags: [кофе]}\n",
    )
    (finding,) = _of(findings, "hashtag/required")
    assert "VK" in finding.message


# --- instagram/hashtags: error over 30, warning over 5 ---


def _tags(n):
    return [f"тег{i}" for i in range(n)]


def test_instagram_with_5_hashtags_passes(workspace):
    assert lint_tags(workspace, _tags(5), "instagram", extra=INSTAGRAM_IMAGE) == []


def test_instagram_with_6_hashtags_is_a_warning(workspace):
    (finding,) = _of(
        lint_tags(workspace, _tags(6), "instagram", extra=INSTAGRAM_IMAGE), "instagram/hashtags"
    )
    assert finding.level == "warning" and "6 hashtags" in finding.message


def test_instagram_with_30_hashtags_is_only_a_warning(workspace):
    (finding,) = _of(
        lint_tags(workspace, _tags(30), "instagram", extra=INSTAGRAM_IMAGE), "instagram/hashtags"
    )
    assert finding.level == "warning"


def test_instagram_with_31_hashtags_is_an_error(workspace):
    (finding,) = _of(
        lint_tags(workspace, _tags(31), "instagram", extra=INSTAGRAM_IMAGE), "instagram/hashtags"
    )
    assert finding.level == "error" and "31 hashtags" in finding.message


def test_instagram_counts_campaign_hashtags_too(workspace):
    workspace.campaign("zerno", "winter", hashtags=["зима", "зерно"])
    findings = lint_tags(
        workspace, _tags(4), "instagram", extra=INSTAGRAM_IMAGE + "        campaign: winter\n"
    )
    (finding,) = _of(findings, "instagram/hashtags")
    assert "6 hashtags" in finding.message


def test_instagram_counts_hashtags_written_in_the_body_too(workspace):
    findings = lint_tags(
        workspace, _tags(3), "instagram", body="Зима #кофе #какао #чай", extra=INSTAGRAM_IMAGE
    )
    assert _of(findings, "instagram/hashtags")


def test_instagram_counts_a_hashtag_in_the_body_and_the_front_matter_once(workspace):
    findings = lint_tags(
        workspace, _tags(5), "instagram", body="Зима #ТЕГ0 #тег1", extra=INSTAGRAM_IMAGE
    )
    assert findings == []


def test_six_hashtags_on_telegram_pass(workspace):
    assert lint_tags(workspace, _tags(40), "telegram") == []


CODE_AND_LINK = """Как мы варим:

```
#include <coffee.h>
```

Смотрите `#рецепт` и [#скидки сегодня](https://zerno.example/menu)."""


def test_telegram_sees_no_hashtag_in_code_a_pre_block_or_a_link(workspace):
    """TDLib drops a hashtag it finds inside code, pre or a link: Telegram lacks #include,
    #рецепт and #скидки; the plain-text networks get those lines as text, hashtags and all."""
    workspace.brand("zerno", hashtags={"banned": ["скидки"], "required": ["include"]})
    findings = lint_tags(workspace, [], network="[telegram, vk]", body=CODE_AND_LINK)
    assert [f.message for f in _of(findings, "hashtag/required")] == [
        "Telegram text lacks #include, required by brand 'zerno'"
    ]
    assert [f.message for f in _of(findings, "hashtag/banned")] == [
        "#скидки is banned by brand 'zerno' (VK)"
    ]
