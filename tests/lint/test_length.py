"""<network>/length and <network>/empty: each network's limit, counted the way that network counts."""

from __future__ import annotations

import pytest

FRONT = """
    network: {network}
    time: 2026-12-01 10:00
"""
WITH_IMAGE = (
    FRONT
    + """
    images:
      - src: assets/zerno/square.jpg
        alt: Чашка кофе
"""
)
PATH = "zerno/2026/12/01-length.md"


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def lint_body(workspace, network, body, front=FRONT):
    workspace.post(PATH, front.format(network=network), body)
    return workspace.findings()


# --- Telegram: 4096 for a message, 1024 for a caption, in code points of the text Telegram keeps ---


def test_telegram_message_of_4096_characters_passes(workspace):
    assert lint_body(workspace, "telegram", "a" * 4096) == []


def test_telegram_message_over_4096_is_an_error(workspace):
    (finding,) = _of(lint_body(workspace, "telegram", "a" * 4097), "telegram/length")
    assert finding.level == "error"
    assert (
        "4,097" in finding.message and "4,096" in finding.message and "over by 1" in finding.message
    )


def test_telegram_length_finding_points_at_the_body(workspace):
    (finding,) = _of(lint_body(workspace, "telegram", "a" * 5000), "telegram/length")
    assert (finding.line, finding.col) == (5, 1)  # '---', network, time, '---', then the body


def test_telegram_caption_of_1024_with_an_image_passes(workspace):
    assert lint_body(workspace, "telegram", "a" * 1024, WITH_IMAGE) == []


def test_telegram_caption_over_1024_with_an_image_is_an_error(workspace):
    (finding,) = _of(lint_body(workspace, "telegram", "a" * 1025, WITH_IMAGE), "telegram/length")
    assert finding.level == "error"
    assert "caption" in finding.message and "1,024" in finding.message


def test_telegram_1025_characters_without_an_image_is_a_message_not_a_caption(workspace):
    assert lint_body(workspace, "telegram", "a" * 1025) == []


def test_telegram_counts_code_points_so_an_emoji_counts_one(workspace):
    # 990 letters and 30 emoji: 1020 code points, a caption Telegram takes (1050 UTF-16 units)
    assert lint_body(workspace, "telegram", "a" * 990 + "😀" * 30, WITH_IMAGE) == []
    assert lint_body(workspace, "telegram", "😀" * 1024, WITH_IMAGE) == []
    (finding,) = _of(lint_body(workspace, "telegram", "😀" * 1025, WITH_IMAGE), "telegram/length")
    assert "1,025 characters" in finding.message and "over by 1" in finding.message


def test_telegram_trims_the_text_before_counting_it(workspace):
    # spaces and newlines at the ends do not count; a code block's leading spaces do
    assert lint_body(workspace, "telegram", "a" * 1024 + "  ", WITH_IMAGE) == []
    code_block = (
        "      " + "a" * 1023
    )  # indented by four: a code block whose text starts with two spaces
    (finding,) = _of(lint_body(workspace, "telegram", code_block, WITH_IMAGE), "telegram/length")
    assert "1,025 characters" in finding.message


def test_telegram_html_as_sent_is_at_most_32768_bytes(workspace):
    # one visible letter, but the link's URL counts in the HTML, which the Bot API measures first
    sent = '<a href="https://zerno.example/">a</a>'  # how smm sends a one-letter link
    fits = "[a](https://zerno.example/" + "x" * (32768 - len(sent)) + ")"
    assert lint_body(workspace, "telegram", fits) == []
    (finding,) = _of(
        lint_body(workspace, "telegram", fits.replace("x", "xx", 1)), "telegram/length"
    )
    assert finding.level == "error"
    assert (
        "as sent (with its markup and link URLs) is 32,769 UTF-8 bytes; the limit is 32,768"
        in finding.message
    )


def test_telegram_text_of_only_zero_width_characters_is_empty(workspace):
    (finding,) = _of(lint_body(workspace, "telegram", "\u200b\u200b"), "telegram/empty")
    assert finding.level == "error"


def test_telegram_cyrillic_counts_one_unit_per_letter(workspace):
    assert lint_body(workspace, "telegram", "ж" * 1024, WITH_IMAGE) == []
    assert _of(lint_body(workspace, "telegram", "ж" * 1025, WITH_IMAGE), "telegram/length")


def test_telegram_bold_markup_does_not_count(workspace):
    # 1024 visible letters wrapped in ** ** and _ _: 1028+ characters of source, 1024 after parsing
    body = "**" + "a" * 500 + "** _" + "b" * 521 + "_"
    assert len(body) > 1024
    assert lint_body(workspace, "telegram", body, WITH_IMAGE) == []


def test_telegram_link_url_hidden_in_a_link_does_not_count(workspace):
    url = "https://zerno.example/" + "x" * 2000
    body = "a" * 1000 + f" [menu]({url})"  # 1000 + 1 + 4 visible units
    assert lint_body(workspace, "telegram", body, WITH_IMAGE) == []


def test_telegram_link_text_does_count(workspace):
    body = "a" * 1000 + " [" + "m" * 30 + "](https://zerno.example/)"
    assert _of(lint_body(workspace, "telegram", body, WITH_IMAGE), "telegram/length")


def test_telegram_escaped_characters_count_once(workspace):
    # '<' and '&' are sent as &lt; and &amp; but the reader sees one character each
    assert lint_body(workspace, "telegram", "<&" * 512, WITH_IMAGE) == []
    assert _of(lint_body(workspace, "telegram", "<&" * 512 + "!", WITH_IMAGE), "telegram/length")


def test_telegram_hashtags_appended_by_the_renderer_count(workspace):
    front = WITH_IMAGE + "    hashtags: [кофе]\n"
    # 1018 + '\n\n' + '#кофе' = 1025
    assert _of(lint_body(workspace, "telegram", "a" * 1018, front), "telegram/length")
    assert lint_body(workspace, "telegram", "a" * 1017, front) == []


def test_telegram_override_text_is_counted_and_reported_at_the_override(workspace):
    front = (
        FRONT
        + """
    overrides:
      telegram:
        text: "{text}"
    """
    )
    findings = lint_body(workspace, "telegram", "short", front.replace("{text}", "a" * 4097))
    (finding,) = _of(findings, "telegram/length")
    assert finding.line == 7  # '---', network, time, blank, overrides, telegram, text
    assert lint_body(workspace, "telegram", "a" * 5000, front.replace("{text}", "short")) == []


# --- plain-text networks counted in code points ---


@pytest.mark.parametrize(
    "network, limit, level", [("vk", 16384, "warning"), ("ok", 16000, "warning")]
)
def test_plain_text_network_over_its_limit_is_reported(workspace, network, limit, level):
    (finding,) = _of(lint_body(workspace, network, "ж" * (limit + 1)), f"{network}/length")
    assert finding.level == level  # the number is unconfirmed, so it never blocks
    assert "unconfirmed" in finding.message


@pytest.mark.parametrize("network, limit", [("vk", 16384), ("ok", 16000)])
def test_plain_text_network_at_its_limit_passes(workspace, network, limit):
    assert lint_body(workspace, network, "ж" * limit) == []


def test_vk_counts_code_points_so_an_emoji_counts_one(workspace):
    assert lint_body(workspace, "vk", "😀" * 16384) == []


INSTAGRAM = (
    FRONT
    + """
    images:
      - src: assets/zerno/square.jpg
        alt: Чашка кофе
"""
)


def test_instagram_caption_of_2200_passes(workspace):
    assert lint_body(workspace, "instagram", "ж" * 2200, INSTAGRAM) == []


def test_instagram_caption_over_2200_is_an_error(workspace):
    (finding,) = _of(lint_body(workspace, "instagram", "ж" * 2201, INSTAGRAM), "instagram/length")
    assert finding.level == "error" and "2,201" in finding.message


# --- X: weighted length ---


def test_x_280_latin_characters_pass(workspace):
    assert lint_body(workspace, "x", "a" * 280) == []


def test_x_281_latin_characters_are_an_error(workspace):
    (finding,) = _of(lint_body(workspace, "x", "a" * 281), "x/length")
    assert finding.level == "error" and "weighted" in finding.message


def test_x_counts_cjk_and_emoji_double(workspace):
    assert lint_body(workspace, "x", "咖" * 140) == []
    assert _of(lint_body(workspace, "x", "咖" * 141), "x/length")
    assert _of(lint_body(workspace, "x", "😀" * 141), "x/length")


def test_x_counts_a_url_as_23(workspace):
    url = "https://zerno.ru/" + "x" * 300  # twitter-text only sees URLs with a real TLD
    assert lint_body(workspace, "x", "a" * 250 + " " + url) == []  # 250 + 1 + 23 = 274


def test_x_counts_a_bare_domain_as_a_url_of_23(workspace):
    body = "a.ru " * 13  # 65 characters, but 13 links of 23 + 12 spaces = 311 weighted
    (finding,) = _of(lint_body(workspace, "x", body), "x/length")
    assert "311 weighted" in finding.message


def test_x_links_with_a_unicode_host_are_23_each_so_twelve_are_over(workspace):
    body = " ".join(
        ["http://☃.net/"] * 12
    )  # 155 characters, 12 links of 23 + 11 spaces = 287 weighted
    (finding,) = _of(lint_body(workspace, "x", body), "x/length")
    assert "287 weighted" in finding.message


def test_x_counts_after_nfc_so_a_presentation_form_weighs_its_three_letters(workspace):
    (finding,) = _of(
        lint_body(workspace, "x", "\ufb2c" * 94), "x/length"
    )  # each is three Hebrew letters
    assert "282 weighted" in finding.message


def test_x_a_bare_registered_sign_weighs_one_as_twitter_text_counts_it(workspace):
    assert lint_body(workspace, "x", "a" * 279 + "®") == []


# --- Mastodon: graphemes, URLs 23, @user@domain as @user ---


def test_mastodon_500_graphemes_pass_and_501_fail(workspace):
    assert lint_body(workspace, "mastodon", "👍🏽" * 500) == []
    (finding,) = _of(lint_body(workspace, "mastodon", "a" * 501), "mastodon/length")
    assert finding.level == "error"


def test_mastodon_counts_a_url_as_23_and_a_remote_mention_as_local(workspace):
    body = "a" * 400 + " https://zerno.ru/" + "x" * 200 + " @barista@very.long.instance.example"
    # 400 + 1 + 23 + 1 + len('@barista') = 433
    assert lint_body(workspace, "mastodon", body) == []


def test_mastodon_counts_the_full_stop_after_a_link_and_a_link_it_would_not_make_in_full(workspace):
    assert lint_body(workspace, "mastodon", "a" * 476 + " https://zerno.ru/menu") == []  # 500
    (stop,) = _of(
        lint_body(workspace, "mastodon", "a" * 476 + " https://zerno.ru/menu."), "mastodon/length"
    )
    assert "is 501 characters" in stop.message and "over by 1" in stop.message
    # .example is no top-level domain of twitter-text's lists: Mastodon makes no link of it
    (text,) = _of(
        lint_body(workspace, "mastodon", "a" * 476 + " https://zerno.example/menu"),
        "mastodon/length",
    )
    assert "is 503 characters" in text.message


# --- Bluesky: 300 graphemes and 3000 UTF-8 bytes ---

BLUESKY = FRONT


def test_bluesky_300_graphemes_pass(workspace):
    assert lint_body(workspace, "bluesky", "ж" * 300) == []


def test_bluesky_301_graphemes_are_an_error(workspace):
    (finding,) = _of(lint_body(workspace, "bluesky", "a" * 301), "bluesky/length")
    assert "301 graphemes" in finding.message


def test_bluesky_family_emoji_are_one_grapheme_each_but_many_bytes(workspace):
    family = "👨‍👩‍👧‍👦"  # 7 code points, 25 UTF-8 bytes, one grapheme
    assert lint_body(workspace, "bluesky", family * 120) == []  # 120 graphemes, 3000 bytes
    (finding,) = _of(lint_body(workspace, "bluesky", family * 121), "bluesky/length")
    assert "3,025 UTF-8 bytes" in finding.message


# --- <network>/empty ---


@pytest.mark.parametrize("network", ["telegram", "vk", "ok", "x", "mastodon", "bluesky"])
def test_post_with_no_text_and_no_image_is_empty(workspace, network):
    (finding,) = _of(lint_body(workspace, network, "\n"), f"{network}/empty")
    assert finding.level == "error"


def test_post_of_only_markup_is_empty(workspace):
    assert _of(lint_body(workspace, "telegram", "<br>\n\n<!-- черновик -->\n"), "telegram/empty")


def test_post_with_only_an_image_is_not_empty(workspace):
    assert lint_body(workspace, "telegram", "", WITH_IMAGE) == []


def test_post_with_only_hashtags_is_not_empty(workspace):
    assert lint_body(workspace, "telegram", "", FRONT + "    hashtags: [кофе]\n") == []


def test_empty_override_text_is_reported_at_the_override(workspace):
    front = (
        FRONT
        + """
    overrides:
      vk:
        text: " "
    """
    )
    (finding,) = _of(lint_body(workspace, "vk", "Текст", front), "vk/empty")
    assert finding.line == 7
