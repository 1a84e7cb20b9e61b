"""What Telegram counts: the text TDLib keeps of smm's HTML, in code points (counters.telegram_text).

The oracle is the sandbox's port of the server's own code (sandbox/tg_html.py: TDLib's parse_html,
checked against TDLib's cases in tests/sandbox/data; sandbox/tg_text.py: fix_formatted_text), so
these tests hold smm's counting and rendering to what the Bot API server does with the text.
"""

from __future__ import annotations

import html
import re
import string
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smm.content.loader import load_post
from smm.content.model import Image, Post
from smm.content.repo import open_repo, post_paths
from smm.networks import render
from smm.networks.counters import telegram_blank, telegram_text
from smm.sandbox.tg_html import bot_api_entity, parse_html
from smm.sandbox.tg_text import fix_formatted_text, is_empty

ROOT = Path(__file__).resolve().parents[2]


def kept_by_telegram(markup: str) -> tuple[str, list[dict]]:
    """The text and Bot API entities Telegram keeps of a caption sent as ``markup`` in HTML mode."""
    text, entities = fix_formatted_text(*parse_html(markup), allow_empty=True)
    return text, [bot_api_entity(e) for e in entities]


def telegram(body: str, images: int = 0):
    post = Post(
        path="posts/p.md",
        brand="zerno",
        meta=None,
        body=body,
        body_line=5,  # type: ignore[arg-type]
        networks=["telegram"],
        time_text=None,
        images=[Image(f"assets/zerno/{n}.jpg", "alt", ()) for n in range(images)],
    )
    return render(post, "telegram", None, None)


# --- code points, not UTF-16 units --------------------------------------------------------


def test_emoji_count_one_each_so_990_letters_and_30_emoji_are_a_1020_character_caption():
    result = telegram("a" * 990 + "😀" * 30, images=1)
    assert (result.length, result.unit, result.limit.value) == (
        1020,
        "characters",
        1024,
    )  # 1050 UTF-16 units
    assert not result.over_limit()
    assert result.length == len(kept_by_telegram(result.text)[0])


@pytest.mark.parametrize(
    "text, points", [("😀", 1), ("🇷🇺", 2), ("👍🏽", 2), ("👨‍👩‍👧‍👦", 7), ("e\u0301", 2), ("ж", 1)]
)
def test_each_code_point_counts_one(text, points):
    assert telegram(f"**{text}**").length == points


# --- what TDLib does to the text before it counts ---------------------------------------------


@pytest.mark.parametrize(
    "markup, kept",
    [
        ("  \n <b>a</b> \n\n ", "a"),  # both ends trimmed: spaces and newlines
        ("a\tb\x01c\x0bd\x1fe", "a b c d e"),  # control characters but '\n' become spaces
        ("a\r\nb", "a\nb"),  # '\r' goes
        (
            "a\u2028b\u2029c\u202ad\u202ee",
            "abcde",
        ),  # line and paragraph separators, bidi embeddings and overrides go
        ("a\u030ab\u0333c\u033fd", "abcd"),  # three combining marks go
        (
            "\u200e\u200f\u200ea",
            "\u200c\u200c\u200ea",
        ),  # a run of LRM/RLM marks: all but the last become ZWNJ
        ("<pre>   code</pre>", "   code"),  # leading spaces inside the first entity stay
        ("  <pre>  code</pre>", "  code"),  # ...up to where it begins
        ("  <b></b>x", "x"),  # an empty tag is no entity
        ("  <b>\r</b>x", "x"),  # nor is one whose text is removed
        ("<b>x  </b>  ", "x"),  # trailing ones go even inside an entity
        ("&lt;b&gt; &amp;amp;", "<b> &amp;"),
    ],
)
def test_telegram_text_is_what_tdlib_keeps(markup, kept):
    assert telegram_text(markup) == kept
    assert kept_by_telegram(markup)[0] == kept


@pytest.mark.parametrize(
    "text, blank",
    [
        ("", True),
        (" \n", True),
        ("\u200b", True),
        ("\u00a0\u2003\ufeff", True),
        ("\u2800\u3000", True),
        ("\U000e0041", True),
        (".", False),
        ("\u200bx", False),
    ],
)
def test_a_text_of_only_blank_characters_is_no_text(text, blank):
    assert telegram_blank(text) is blank
    assert is_empty(text) is blank


# --- the property: smm's count is Telegram's, for any Markdown ------------------------------------

WORDS = [
    "кофе",
    "Zerno",
    "😀",
    "🇷🇺",
    "👨‍👩‍👧",
    "e\u0301",
    "咖啡",
    "2026",
    "#зима",
    "@zerno",
    "a&b",
    "1 < 2 > 0",
    '"q"',
    "&amp;",
    "&lt",
    "&#57311;",
    "&copy;",
    "<b>",
    "</i>",
    "<a>",
    "\\",
]
ODD = [
    "\t",
    "\r",
    "\r\n",
    "\x01",
    "\x1f",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\u200e\u200f",
    "\u00a0",
    "\u030a",
    "\u0333",
    "\ufeff",
    "\u2800",
]
MARKUP = [
    "**",
    "*",
    "_",
    "__",
    "`",
    "```\n",
    "~~",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "# ",
    "    ",
    "  ",
    "---\n",
    "<br>",
    "<b>x</b>",
    "<div>",
    "</div>",
    "![img](a.png)",
]
hosts = st.from_regex(r"[a-z][a-z0-9-]{0,12}\.(ru|example|рф)", fullmatch=True)
paths = st.text(alphabet=string.ascii_letters + string.digits + "-._~/%!$'()*+,;=:@ёж", max_size=30)
queries = st.lists(
    st.tuples(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.text(alphabet=string.ascii_letters + string.digits + "-._~%ж", max_size=12),
    ),
    max_size=3,
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
urls = st.builds(
    lambda scheme, host, path, query: (
        f"{scheme}://{host}/{path.lstrip('/')}" + (f"?{query}" if query else "")
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    hosts,
    paths,
    queries,
)
words = st.one_of(st.sampled_from(WORDS), st.text(max_size=3))
links = st.builds(
    lambda text, url: f"[{text}]({url})", st.sampled_from(["меню", "a", "😀", "**b**", "`c`"]), urls
)
markdown = st.lists(
    st.one_of(words, st.sampled_from(ODD), st.sampled_from(MARKUP), links, urls), max_size=30
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(markdown, st.integers(0, 1))
@example("    code with leading spaces\n\ntext", 0)
@example("\u200b", 0)
@example("a\r\n\u2028b", 1)
def test_smm_counts_exactly_the_code_points_telegram_keeps(body, images):
    result = telegram(body, images)
    kept, _ = kept_by_telegram(result.text)  # raises if Telegram could not parse smm's HTML
    assert result.visible == kept
    assert result.length == len(kept)


# --- smm's links arrive as smm wrote them --------------------------------------------------------


def same_link(sent: str, kept: str) -> bool:
    """The same address, as Telegram normalises it: scheme and host in lower case, '/' for no path,
    spaces and control characters percent-encoded as a browser would."""
    a = urlsplit(
        re.sub(r"[\x00-\x20]", lambda c: f"%{ord(c.group()):02X}", sent.rstrip(" \t\r\n\v\0"))
    )
    b = urlsplit(kept)
    return (a.scheme.lower(), a.netloc.lower(), a.path or "/", a.query, a.fragment) == (
        b.scheme,
        b.netloc,
        b.path,
        b.query,
        b.fragment,
    )


def assert_survives(result) -> None:
    """Telegram keeps smm's text (the property above) and every link smm made, to the same address."""
    kept, entities = kept_by_telegram(result.text)
    assert kept == result.visible
    sent = [html.unescape(href) for href in re.findall(r'<a href="([^"]*)">', result.text)]
    targets = [e["url"] for e in entities if e["type"] == "text_link"]
    assert len(targets) == len(sent) and all(map(same_link, sent, targets)), (sent, targets)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(["кофе", "😀", "**", "_", "\n\n", "- ", "> "]), links),
        max_size=12,
    ).map(" ".join)
)
@example("[меню](https://Zerno.Example?utm_source=telegram&utm_medium=social)")
@example(
    "[`menu.pdf`](https://zerno.example/menu.pdf)"
)  # code filling a link: Telegram would drop the link
def test_every_link_smm_renders_arrives_with_its_address(body):
    assert_survives(telegram(body))


def test_every_example_post_arrives_as_smm_rendered_it():
    repo = open_repo(ROOT)
    checked = 0
    for path in post_paths(ROOT):
        post, problems = load_post(ROOT, path, repo.brands)
        assert post is not None, problems
        result = render(
            post, "telegram", repo.brands.get(post.brand), repo.campaign(post.brand, post.campaign)
        )
        assert_survives(result)
        checked += 1
    assert checked >= 30
