"""Python-Markdown loads only for a body the fast path does not take (networks/markdown_text.py):
its placeholders are written out in smm, equal to Python-Markdown's own, and its '#' heading
keeps CommonMark's rule when it does load."""

from __future__ import annotations

import subprocess
import sys

import markdown.util

from smm.networks import markdown_text


def test_the_placeholders_written_out_are_python_markdown_s():
    assert markdown_text.AMP_SUBSTITUTE == markdown.util.AMP_SUBSTITUTE
    assert markdown_text.HTML_PLACEHOLDER_RE.pattern == markdown.util.HTML_PLACEHOLDER_RE.pattern
    assert markdown_text.HTML_PLACEHOLDER_RE.flags == markdown.util.HTML_PLACEHOLDER_RE.flags


def _loads_python_markdown(body: str) -> tuple[str, bool]:
    probe = (
        "import sys; from smm.networks.markdown_text import render_body; "
        f"print(repr(render_body({body!r}).visible), 'markdown' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    text, loaded = done.stdout.rsplit(" ", 1)
    return text, loaded.strip() == "True"


def test_a_plain_body_loads_no_python_markdown():
    text, loaded = _loads_python_markdown(
        "Зимнее меню **уже здесь**.\n\nЗаходите: https://zerno.example"
    )
    assert not loaded and "уже здесь" in text


def test_a_body_past_the_fast_path_loads_it_and_keeps_commonmark_s_heading_rule():
    text, loaded = _loads_python_markdown(
        "> цитата\n\n#кофе #зима\n\n# Заголовок\n\n<b>x</b> &amp;"
    )
    assert loaded
    assert "#кофе #зима" in text  # a hashtag line stays text
    assert "Заголовок" in text and "# Заголовок" not in text


def test_an_email_autolink_is_its_address_not_character_references():
    """Python-Markdown writes an e-mail autolink's address as character references (against
    harvesters): sent as such, Telegram showed "&#104;&#105;..." and the link was lost. It is
    the address as text: Telegram links an address by itself, and the other networks show it
    once; an address linked to itself reads the same on the fast path."""
    slow = markdown_text.render_body("Пишите: <hi@zerno.example>, ответим.")
    fast = markdown_text.render_body(
        "Пишите: [hi@zerno.example](mailto:hi@zerno.example), ответим."
    )
    for body in (slow, fast):
        assert body.telegram_html == "Пишите: hi@zerno.example, ответим."
        assert body.visible == "Пишите: hi@zerno.example, ответим."
    other = markdown_text.render_body("[Почта](mailto:hi@zerno.example)")  # a word linked: kept
    assert other.telegram_html == '<a href="mailto:hi@zerno.example">Почта</a>'
    assert other.visible == "Почта (mailto:hi@zerno.example)"
