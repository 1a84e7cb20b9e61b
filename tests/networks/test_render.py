"""smm.networks.render: Telegram HTML, plain text, hashtags, UTM, ad marking order, overrides."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.content.model import Post
from smm.networks import render
from smm.preview import preview

PATH = "zerno/2026/12/01-render.md"
UTM = "utm_medium=social&utm_campaign=winter"


def rendered(workspace, network, body, front=""):
    """Write a zerno post for ``network`` and render it the way lint and preview do."""
    head = f"network: {network}\ntime: 2026-12-01 10:00\n" + textwrap.dedent(front)
    workspace.post(PATH, head, body)
    (result,) = preview(str(workspace.root / "posts" / PATH), network, root=workspace.root)
    return result


# --- Telegram HTML ---

TELEGRAM_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}


class TelegramHTML(HTMLParser):
    """Parses a payload the way Telegram's HTML mode does: tags, entities, text."""

    def __init__(self, payload: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.feed(payload)
        self.close()
        if self.open:
            self.problems.append(f"unclosed {self.open}")

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.open.append(tag)
        if tag == "a":
            wrong = [name for name, _ in attrs] != ["href"]
        elif tag == "code":  # <pre><code class="language-x">: a fenced block's language
            wrong = bool(attrs) and not (
                len(attrs) == 1 and attrs[0][0] == "class" and "language-" in (attrs[0][1] or "")
            )
        else:
            wrong = bool(attrs)
        if wrong:
            self.problems.append(f"attributes {attrs} on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append("declaration")

    def unknown_decl(self, data):
        self.problems.append("declaration")

    def handle_pi(self, data):
        self.problems.append("processing instruction")


# bits of Markdown, HTML and Unicode that a writer types, in any order
FRAGMENTS = [
    "**",
    "*",
    "_",
    "__",
    "`",
    "```\n",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "[меню](https://zerno.example/a?b=1&c=2)",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&copy;",
    "&#128512;",
    "<b>",
    "</b>",
    "<u>x</u>",
    "<script>x</script>",
    "<div>",
    "<br>",
    "<!-- c -->",
    "# ",
    "## ",
    "#кофе ",
    "#зерно",
    "- ",
    "* ",
    "1. ",
    "> ",
    "    ",
    "\n",
    "\n\n",
    "---",
    "|",
    "\\",
    "https://zerno.example/x",
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "é",
    "кофе",
    " ",
    "\t",
    '"',
    "'",
    "![alt](a.png)",
    '<a href="https://x.example">y</a>',
    "\r\n",
]
markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map(
    "".join
)


def _post(body: str, network: str) -> Post:
    # render() reads body, overrides, hashtags, images, link, kind; meta (key positions) is lint's business
    return Post(
        path="posts/p.md",
        brand="zerno",
        meta=None,
        body=body,
        body_line=5,  # type: ignore[arg-type]
        networks=[network],
        time_text=None,
        hashtags=["кофе"],
    )


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_telegram_html_uses_only_tags_telegram_accepts(body):
    # what Telegram keeps of it, and that the limit counts it, is held against TDLib's own parser
    # in tests/networks/test_telegram_text.py
    result = render(_post(body, "telegram"), "telegram", None, None)
    parsed = TelegramHTML(result.text)
    assert parsed.problems == [], result.text
    assert set(parsed.tags) <= TELEGRAM_TAGS, result.text
    # every '&' starts one of the entities Telegram knows; '<' only starts a tag (the parser saw no stray ones)
    assert re.findall(r"&(?!(?:lt|gt|amp|quot);|#\d+;|#x[0-9a-fA-F]+;)", result.text) == [], (
        result.text
    )


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_plain_text_networks_get_no_markup_smm_made(body):
    for network in ("vk", "ok", "instagram"):
        result = render(_post(body, network), network, None, None)
        assert result.text == result.visible
        for tag in (
            "<b>",
            "<i>",
            "<code>",
            "<pre>",
            "<blockquote>",
            "<a href",
            "<strong>",
            "<em>",
            "<p>",
            "<li>",
            "<h1>",
        ):
            # a tag can reach the text only if the writer typed it as text (escaped, or inside code)
            assert (
                tag not in result.text
                or tag in body
                or "&" in body
                or "`" in body
                or "    " in body
                or "\t" in body
            )


@settings(max_examples=200, deadline=None)
@given(markdownish, st.lists(st.sampled_from(["кофе", "Кофе", "#зерно", "coffee-time", "x"])))
def test_a_renders_hashtags_are_those_of_its_visible_text(body, tags):
    # render works them out from its parts as it joins them (compose.py); they must be what a
    # reader finds in the text, in order, for every network and every part of a thread: on
    # Telegram outside code, pre blocks and links' text, where TDLib makes no hashtag
    from smm.networks.compose import hashtags_in

    for network in ("telegram", "vk", "x", "mastodon", "instagram"):
        post = _post(body, network)
        post.hashtags = tags
        result = render(post, network, None, None)
        for message in [result, *result.parts]:
            expected = (
                _telegram_hashtags(message.text)
                if network == "telegram"
                else hashtags_in(message.visible)
            )
            assert message.hashtags == expected, (network, message.text)


def _telegram_hashtags(markup: str) -> list[str]:
    """What TDLib does, on its own parser's (the sandbox's port) text and entities: hashtags found
    in the whole text, those that overlap code, a pre block or a link dropped."""
    from smm.networks.compose import HASHTAG_IN_TEXT
    from smm.sandbox.tg_html import parse_html

    text, entities = parse_html(markup)
    units = [0]  # the UTF-16 offset of each character, as TDLib's entities count
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    closed = [
        (e["offset"], e["offset"] + e["length"])
        for e in entities
        if e["type"] in ("Code", "Pre", "PreCode", "TextUrl")
    ]
    return [
        found.group(1)
        for found in HASHTAG_IN_TEXT.finditer(text)
        if all(units[found.end()] <= start or end <= units[found.start()] for start, end in closed)
    ]


def test_a_telegram_hashtag_that_runs_into_code_or_a_link_is_none(workspace):
    # TDLib finds "#tagx" and drops it (it overlaps the code); a link's text before a '#' keeps
    # the '#' from starting one
    result = rendered(workspace, "telegram", "#раф`x` и [сайт](https://zerno.example/)#зерно #кофе")
    assert result.hashtags == ["кофе"]
    assert _telegram_hashtags(result.text) == ["кофе"]


def test_telegram_inline_markup_becomes_telegram_tags(workspace):
    result = rendered(
        workspace, "telegram", "**Жирный**, _курсив_, `код <b>`, [сайт](https://zerno.example/)"
    )
    assert result.text == (
        "<b>Жирный</b>, <i>курсив</i>, <code>код &lt;b&gt;</code>, "
        '<a href="https://zerno.example/">сайт</a>'
    )
    assert result.visible == "Жирный, курсив, код <b>, сайт"


def test_telegram_escapes_what_would_be_markup(workspace):
    result = rendered(workspace, "telegram", "Цена < 300 ₽ & скидка > 10%")
    assert result.text == "Цена &lt; 300 ₽ &amp; скидка &gt; 10%"
    assert result.visible == "Цена < 300 ₽ & скидка > 10%"


def test_raw_html_of_the_writer_is_shown_as_its_text_only(workspace):
    result = rendered(
        workspace, "telegram", 'Привет <span style="color:red">мир</span>\n\n<div>блок</div>'
    )
    assert "span" not in result.text and "div" not in result.text
    assert result.visible == "Привет мир\n\nблок"


def test_headings_and_lists_are_flattened_for_telegram(workspace):
    body = (
        "# Зимнее меню\n\n- раф\n- латте\n    - на овсяном\n\n1. закажите\n2. заберите\n\n> Вкусно!"
    )
    result = rendered(workspace, "telegram", body)
    assert result.text == (
        "<b>Зимнее меню</b>\n\n• раф\n• латте\n   • на овсяном\n\n1. закажите\n2. заберите\n\n"
        "<blockquote>Вкусно!</blockquote>"
    )
    assert not re.search(r"<(?:h\d|ul|ol|li|p|br)\b", result.text)


def test_headings_and_lists_are_flattened_for_plain_text(workspace):
    body = "## Зимнее меню\n\n* раф\n* латте\n\n> Вкусно!\n\n```\nкод  с пробелами\n```"
    result = rendered(workspace, "vk", body)
    assert result.text == "Зимнее меню\n\n• раф\n• латте\n\nВкусно!\n\nкод  с пробелами"


def test_a_line_starting_with_hashtags_is_text_not_a_heading(workspace):
    result = rendered(workspace, "telegram", "Горячий раф.\n\n#кофе #зима")
    assert result.text == "Горячий раф.\n\n#кофе #зима"
    assert result.hashtags == ["кофе", "зима"]


def test_plain_text_shows_a_links_url_after_its_text(workspace):
    result = rendered(workspace, "vk", "**Меню** на [сайте](https://zerno.example/menu), _ждём_!")
    assert result.text == "Меню на сайте (https://zerno.example/menu), ждём!"


def test_plain_text_for_ok_and_instagram_has_no_tags(workspace):
    body = "**Меню** на [сайте](https://zerno.example/menu)\n\n- раф"
    for network in ("ok", "instagram"):
        result = rendered(
            workspace, network, body, "images: [{src: assets/zerno/square.jpg, alt: Кофе}]\n"
        )
        assert "<" not in result.text and "**" not in result.text
        assert result.text.startswith("Меню на сайте (https://zerno.example/menu)\n\n• раф")


def test_telegram_length_counts_link_text_not_url(workspace):
    result = rendered(workspace, "telegram", "[меню](https://zerno.example/very/long/menu/url)")
    assert (result.visible, result.length) == ("меню", 4)


# --- hashtags ---


def test_hashtags_are_appended_on_their_own_paragraph(workspace):
    result = rendered(workspace, "vk", "Горячий раф.", "hashtags: [кофе, зима]\n")
    assert result.text == "Горячий раф.\n\n#кофе #зима"


def test_hashtag_already_in_the_text_is_not_appended_again_whatever_its_case(workspace):
    result = rendered(workspace, "vk", "Горячий #Кофе и #ЗИМА", "hashtags: [кофе, зима, раф]\n")
    assert result.text == "Горячий #Кофе и #ЗИМА\n\n#раф"


def test_duplicate_hashtags_are_appended_once(workspace):
    result = rendered(workspace, "telegram", "Раф.", "hashtags: [кофе, Кофе, '#кофе', раф]\n")
    assert result.text == "Раф.\n\n#кофе #раф"


def test_campaign_hashtags_are_appended_after_the_posts_without_duplicates(workspace):
    workspace.campaign("zerno", "winter", hashtags=["зима", "кофе"])
    result = rendered(workspace, "vk", "Раф.", "campaign: winter\nhashtags: [кофе]\n")
    assert result.text.endswith("\n\n#кофе #зима")
    assert result.hashtags == ["кофе", "зима"]


def test_word_with_a_hash_inside_is_not_a_hashtag(workspace):
    result = rendered(
        workspace, "vk", "Заказ C#7 и https://zerno.example/#кофе", "hashtags: [кофе]\n"
    )
    assert result.text.endswith("\n\n#кофе")


# --- UTM of the campaign ---


def test_campaign_utm_is_added_to_inline_links(workspace):
    result = rendered(
        workspace, "telegram", "[Меню](https://zerno.example/menu)", "campaign: winter\n"
    )
    assert (
        f'href="https://zerno.example/menu?utm_source=telegram&amp;{UTM.replace("&", "&amp;")}"'
        in result.text
    )


def test_campaign_utm_is_added_to_bare_urls_per_network(workspace):
    body = "Меню: https://zerno.example/menu."
    assert (
        rendered(workspace, "vk", body, "campaign: winter\n").text
        == f"Меню: https://zerno.example/menu?utm_source=vk&{UTM}."
    )
    assert (
        rendered(workspace, "ok", body, "campaign: winter\n").text
        == f"Меню: https://zerno.example/menu?utm_source=ok&{UTM}."
    )


def test_campaign_utm_goes_after_a_bare_url_s_own_closing_parenthesis(workspace):
    body = "See https://en.wikipedia.org/wiki/Annapurna_(mountain). Or (https://zerno.example/a)."
    assert rendered(workspace, "vk", body, "campaign: winter\n").text == (
        f"See https://en.wikipedia.org/wiki/Annapurna_(mountain)?utm_source=vk&{UTM}. "
        f"Or (https://zerno.example/a?utm_source=vk&{UTM})."
    )


def test_a_fenced_block_goes_to_telegram_as_pre_with_its_language(workspace):
    body = "Config:\n\n```yaml\nkey: https://zerno.example/x\n---\n```"
    result = rendered(workspace, "telegram", body, "campaign: winter\n")
    assert result.text == (
        'Config:\n\n<pre><code class="language-yaml">key: https://zerno.example/x\n---</code></pre>'
    )
    assert not result.parts  # the '---' in the fence splits no thread


def test_campaign_utm_is_added_to_the_link_field(workspace):
    result = rendered(
        workspace, "vk", "Раф.", "campaign: winter\nlink: https://zerno.example/raf?size=l\n"
    )
    expected = f"https://zerno.example/raf?size=l&utm_source=vk&{UTM}"
    assert result.link == expected
    assert result.text == f"Раф.\n\n{expected}"


def test_campaign_utm_goes_before_the_fragment(workspace):
    result = rendered(
        workspace, "vk", "Раф.", "campaign: winter\nlink: https://zerno.example/menu#raf\n"
    )
    assert result.link == f"https://zerno.example/menu?utm_source=vk&{UTM}#raf"


def test_link_that_has_utm_parameters_is_left_alone(workspace):
    url = "https://zerno.example/menu?utm_source=newsletter"
    result = rendered(workspace, "vk", f"[Меню]({url}) и {url}", f"campaign: winter\nlink: {url}\n")
    assert result.link == url
    assert result.text == f"Меню ({url}) и {url}"  # the link is in the body, so it is not appended


def test_non_http_links_get_no_utm(workspace):
    result = rendered(
        workspace, "telegram", "[Почта](mailto:hi@zerno.example)", "campaign: winter\n"
    )
    assert 'href="mailto:hi@zerno.example"' in result.text


def test_no_campaign_means_no_utm(workspace):
    result = rendered(
        workspace, "vk", "https://zerno.example/menu", "link: https://zerno.example/menu\n"
    )
    assert "utm_" not in result.text and result.link == "https://zerno.example/menu"


def test_campaign_without_utm_adds_none(workspace):
    workspace.campaign("zerno", "winter", utm={})
    result = rendered(workspace, "vk", "https://zerno.example/menu", "campaign: winter\n")
    assert result.text == "https://zerno.example/menu"


def test_instagram_keeps_the_link_out_of_the_caption(workspace):
    front = "campaign: winter\nlink: https://zerno.example/raf\nimages: [{src: assets/zerno/square.jpg, alt: Кофе}]\n"
    result = rendered(workspace, "instagram", "Раф.", front)
    assert result.text == "Раф."  # links in captions are not clickable
    assert result.link == f"https://zerno.example/raf?utm_source=instagram&{UTM}"


# --- order: marking, body, link, signature, hashtags ---


def test_parts_come_in_the_order_readers_expect(workspace):
    workspace.brand("zerno", signature="— Кофейня «Зерно» & друзья")
    front = "kind: ad\nadvertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\nlink: https://zerno.example/\nhashtags: [кофе]\n"
    result = rendered(workspace, "telegram", "Раф.", front)
    assert result.text == (
        "Реклама. ООО «Зерно», ИНН 7701234560. erid: 2VtzqvAbC\n\nРаф.\n\nhttps://zerno.example/\n\n"
        "— Кофейня «Зерно» &amp; друзья\n\n#кофе"
    )


# --- overrides per network ---

OVERRIDES = """\
hashtags: [кофе]
overrides:
  vk: {text: "**Для VK** свой текст", hashtags: [вк, кофе]}
  ok: {hashtags: []}
"""


def test_override_text_and_hashtags_apply_to_their_network(workspace):
    workspace.post(
        PATH, "network: [telegram, vk, ok]\ntime: 2026-12-01 10:00\n" + OVERRIDES, "Общий текст."
    )
    (tg, vk, ok) = preview(str(workspace.root / "posts" / PATH), root=workspace.root)
    assert tg.text == "Общий текст.\n\n#кофе"
    assert vk.text == "Для VK свой текст\n\n#вк #кофе"
    assert ok.text == "Общий текст."


def test_override_link_applies_to_its_network(workspace):
    front = "link: https://zerno.example/a\noverrides:\n  vk: {link: https://vk.example/b}\n"
    workspace.post(PATH, "network: [telegram, vk]\ntime: 2026-12-01 10:00\n" + front, "Раф.")
    (tg, vk) = preview(str(workspace.root / "posts" / PATH), root=workspace.root)
    assert (tg.link, vk.link) == ("https://zerno.example/a", "https://vk.example/b")
