"""Bare URLs ending in a bracket, fenced code and lists nested by 2 or 3 spaces
(networks/markdown_fast.py split_urls, networks/markdown_blocks.py, markdown_text.py's walk)."""

from __future__ import annotations

import pytest

from smm.content.thread import split_thread
from smm.networks import markdown_fast, xlength
from smm.networks.markdown_text import BodyText, reference_render, render_body
from smm.site.tghtml import safe_markup


def _utm(url: str) -> str:
    return url + "?utm_source=vk"


def _both(body: str) -> BodyText:
    """The render of ``body``, the same through the fast path (when it takes it) and without."""
    fast = render_body(body, _utm)
    assert fast == reference_render(body, _utm), repr(body)
    return fast


# --- a bare URL's closing bracket ---


@pytest.mark.parametrize(
    ("body", "visible"),
    [
        (
            "see https://en.wikipedia.org/wiki/Annapurna_(mountain).",
            "see https://en.wikipedia.org/wiki/Annapurna_(mountain)?utm_source=vk.",
        ),
        ("(see https://x.example/a)", "(see https://x.example/a?utm_source=vk)"),
        ("(https://x.example/(a))", "(https://x.example/(a)?utm_source=vk)"),
        ("https://x.example/a_(b)_c!", "https://x.example/a_(b)_c?utm_source=vk!"),
        ("[https://x.example/[b]]", "[https://x.example/[b]?utm_source=vk]"),
        ("https://x.example/a]", "https://x.example/a?utm_source=vk]"),
        ("*https://x.example/(a)*", "https://x.example/(a)?utm_source=vk"),
        ("> https://x.example/(a), ok", "https://x.example/(a)?utm_source=vk, ok"),
    ],
)
def test_a_bare_url_keeps_a_closing_bracket_it_opened(body: str, visible: str) -> None:
    assert _both(body).visible == visible


def test_split_urls_cuts_only_unbalanced_brackets_and_sentence_punctuation() -> None:
    assert markdown_fast.split_urls("a https://x.example/(b)).") == (
        "a ",
        "https://x.example/(b)",
        ").",
    )
    assert markdown_fast.split_urls("https://x and https://x.") == ("https://x and https://x.",)


def test_x_counts_a_url_with_parentheses_as_one_link() -> None:
    """twitter-text (xlength.py) takes the balanced ')' and the UTM after it into the URL."""
    body = render_body("see https://en.wikipedia.org/wiki/Annapurna_(mountain).", _utm)
    assert xlength.weighted_length(body.visible) == len("see ") + 23 + len(".")


def test_a_markdown_link_with_parentheses_in_its_url_keeps_them() -> None:
    body = "[Annapurna](https://en.wikipedia.org/wiki/Annapurna_(mountain)) rises."
    assert markdown_fast.paragraphs(body) is None  # outside the fast path's subset
    rendered = _both(body)
    url = "https://en.wikipedia.org/wiki/Annapurna_(mountain)?utm_source=vk"
    assert rendered.telegram_html == f'<a href="{url}">Annapurna</a> rises.'
    assert rendered.visible == f"Annapurna ({url}) rises."


# --- fenced code ---

CODE = "x = *a*  # not em\n\n    indented #include <stdio.h>\nsee https://x.example/(a)\n---"


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_a_fenced_block_is_pre_on_telegram_and_its_lines_elsewhere(fence: str) -> None:
    body = f"Code:\n\n{fence}python\n{CODE}\n{fence}\n\nAfter."
    rendered = _both(body)
    escaped = CODE.replace("<", "&lt;").replace(">", "&gt;")
    assert rendered.telegram_html == (
        f'Code:\n\n<pre><code class="language-python">{escaped}</code></pre>\n\nAfter.'
    )
    assert rendered.visible == f"Code:\n\n{CODE}\n\nAfter."  # no Markdown, no UTM inside


def test_a_fence_without_a_language_is_pre_alone_and_may_follow_a_line_directly() -> None:
    rendered = _both("Run:\n~~~\nls -la\n~~~\ndone")
    assert rendered.telegram_html == "Run:\n\n<pre>ls -la</pre>\n\ndone"
    assert rendered.visible == "Run:\n\nls -la\n\ndone"


def test_an_unclosed_fence_runs_to_the_end_and_an_indented_one_loses_its_indent() -> None:
    assert _both("```\na\n# b").visible == "a\n# b"
    assert _both("  ```\n  a\n    b\n  ```").telegram_html == "<pre>a\n  b</pre>"


def test_backticks_with_a_backtick_after_them_are_no_fence() -> None:
    assert "<pre>" not in _both("```a``` b\n\n---\n\nc").telegram_html
    assert len(split_thread("```a``` b\n\n---\n\nc")) == 2


def test_a_rule_inside_a_fence_splits_no_thread_and_makes_no_heading() -> None:
    body = "Before\n\n```\nfront: matter\n---\n```\n\n---\n\nSecond part"
    parts = split_thread(body)
    assert [part.text for part in parts] == [
        "Before\n\n```\nfront: matter\n---\n```",
        "Second part",
    ]
    first = _both(parts[0].text)
    assert first.telegram_html == "Before\n\n<pre>front: matter\n---</pre>"
    assert "`" not in first.visible and "———" not in first.visible


def test_the_fast_path_refuses_a_tilde_fence() -> None:
    assert markdown_fast.paragraphs("a\n~~~\nb\n~~~") is None
    assert markdown_fast.paragraphs("a ~~~ b") is not None


def test_the_site_keeps_pre_and_code_of_a_fenced_block() -> None:
    rendered = render_body("```python\nprint('<hi>')\n```")
    assert safe_markup(rendered.telegram_html) == "<pre><code>print('&lt;hi&gt;')</code></pre>"


# --- nested lists ---

FOUR = "- a\n    - b\n        - c\n- d"


def test_a_list_nested_by_four_spaces_renders_as_before() -> None:
    rendered = _both(FOUR)
    assert rendered.visible == "• a\n   • b\n      • c\n• d"
    assert rendered.telegram_html == rendered.visible


@pytest.mark.parametrize(
    "body",
    ["- a\n  - b\n    - c\n- d", "- a\n   - b\n      - c\n- d", "* a\n  + b\n    - c\n* d"],
)
def test_a_list_nested_by_two_or_three_spaces_renders_as_four_do(body: str) -> None:
    assert _both(body).visible == "• a\n   • b\n      • c\n• d"


def test_items_under_a_numbered_item_nest_at_its_text() -> None:
    body = "1. First\n   - nested a\n   - nested b\n2. Second\n   1. two.a\n3. Third"
    assert _both(body).visible == (
        "1. First\n   • nested a\n   • nested b\n2. Second\n   1. two.a\n3. Third"
    )


def test_a_fence_inside_an_item_stays_code() -> None:
    rendered = _both("- step\n  ```sh\n  ls -la\n  ```\n- next")
    assert rendered.telegram_html == (
        '• step\n<pre><code class="language-sh">ls -la</code></pre>\n• next'
    )
    assert rendered.visible == "• step\nls -la\n• next"


def test_lines_that_only_look_like_items_are_left_alone() -> None:
    assert _both("text\n  - not a list").visible == "text\n  - not a list"
    assert _both("```\n- a\n  - b\n```").visible == "- a\n  - b"
    code_in_item = "- a\n\n        code"  # 8 spaces: code inside the item, as before
    assert _both(code_in_item).telegram_html == "• a\n<pre>code</pre>"


# --- inside a blockquote ---


def test_a_fence_in_a_quote_is_pre_in_the_quote_and_its_lines_elsewhere() -> None:
    rendered = _both("Как заказать:\n\n> ```\n> /order *латте*\n> ```\n\nГотово.")
    assert rendered.telegram_html == (
        "Как заказать:\n\n<blockquote><pre>/order *латте*</pre></blockquote>\n\nГотово."
    )
    assert rendered.visible == "Как заказать:\n\n/order *латте*\n\nГотово."


def test_a_list_in_a_quote_nests_by_two_spaces_as_outside() -> None:
    rendered = _both("> - a\n>   - b\n>     - c\n> - d")
    assert rendered.visible == "• a\n   • b\n      • c\n• d"
    assert rendered.telegram_html == f"<blockquote>{rendered.visible}</blockquote>"


def test_quotes_in_quotes_and_quotes_in_code() -> None:
    nested = _both("> > ```py\n> > x = 1\n> > ```")
    assert nested.telegram_html == (
        '<blockquote><blockquote><pre><code class="language-py">x = 1</code></pre>'
        "</blockquote></blockquote>"
    )
    in_code = _both("```\n> not a quote\n> - nor a list\n```")
    assert in_code.visible == "> not a quote\n> - nor a list"
