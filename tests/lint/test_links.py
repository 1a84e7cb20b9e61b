"""link/dropped: Telegram makes a link only of a web address or its own tg:/ton: links (TDLib
td/telegram/MessageEntity.cpp drops a text URL LinkManager::get_checked_link refuses, as the
sandbox does: networks/tg_links.py), so a javascript: or path link reaches readers as its text
alone, and a mailto: one as a link to a web site. A warning at the link."""

from __future__ import annotations

import pytest

from smm.lint.checks_text import telegram_link

PATH = "zerno/2026/12/01-links.md"
TELEGRAM = "network: [telegram, vk]\ntime: 2026-12-01 10:00\n"


def dropped(workspace, body: str, front: str = TELEGRAM):
    workspace.post(PATH, front, body)
    return [f for f in workspace.findings() if f.rule == "link/dropped"]


@pytest.mark.parametrize(
    ("href", "made"),
    [
        ("https://zerno.example/menu", None),
        ("http://zerno.example", None),
        ("HTTPS://ZERNO.EXAMPLE/", None),
        ("zerno.example/menu", None),  # a bare host: Telegram reads it as http
        ("zerno.example:8080/menu", None),  # a host and its port, not a scheme
        ("tg://resolve?domain=zerno_coffee", None),
        ("tg://user?id=123456789", None),  # a mention of a user
        ("", None),  # no address: the text is the link
        ("mailto:hello@zerno.example", "http://mailto:hello@zerno.example/"),
        ("javascript:alert(1)", ""),
        ("/menu", ""),
        ("ftp://zerno.example/file", ""),
        ("https://", ""),
        ("tel:+74950000000", ""),
        ("localhost/menu", ""),  # a host without a dot
    ],
)
def test_what_telegram_makes_of_a_link(href, made):
    assert telegram_link(href) == made


def test_a_mailto_link_is_a_warning_at_its_line(workspace):
    body = "Зимнее меню.\n\nПишите нам: [почта](mailto:hello@zerno.example), ждём.\n"
    (finding,) = dropped(workspace, body)
    assert finding.level == "warning"
    assert (finding.line, finding.col) == (7, 21)  # at the address, on the body's third line
    assert finding.message == (
        "Telegram does not link to 'mailto:hello@zerno.example': it links to "
        "'http://mailto:hello@zerno.example/' instead, a web address"
    )


def test_web_links_and_posts_not_for_telegram_are_fine(workspace):
    assert (
        dropped(workspace, "Меню: [на сайте](https://zerno.example/menu), и [тут](zerno.example).")
        == []
    )
    vk_only = "network: vk\ntime: 2026-12-01 10:00\n"
    assert dropped(workspace, "[почта](mailto:hello@zerno.example)", vk_only) == []


def test_an_override_text_is_where_the_link_is(workspace):
    front = TELEGRAM + 'overrides:\n  telegram:\n    text: "[скрипт](javascript:alert(1)) тут"\n'
    (finding,) = dropped(workspace, "Обычный текст без ссылок, для VK.", front)
    assert finding.line == 6 and finding.message == (
        "Telegram does not link to 'javascript:alert(1)': only web addresses and tg: links are"
        " links there, so its text shows alone"
    )


@pytest.mark.parametrize(
    ("body", "col"),
    [
        ("Сайт [меню](https://zerno.example/menu) и [ещё](/menu)", 49),  # not inside the first URL
        ("См. docs: [docs](docs)", 18),  # not the word before it
        ("Ссылка [тут][1].\n\n[1]: javascript:void(0)", 6),  # a reference's definition
    ],
)
def test_a_dropped_link_is_reported_at_its_own_address(workspace, body, col):
    (finding,) = dropped(workspace, body)
    line = body[: body.index(finding.message.split("'")[1])].count("\n")
    assert (finding.line, finding.col) == (5 + line, col)


def test_an_email_autolink_is_no_finding(workspace):
    assert dropped(workspace, "Пишите: <hi@zerno.example>, ответим.") == []


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "ftp://x.example/",
        "https://",
        "zerno.example/menu",  # no scheme: networks send it as it is
        "https://zerno.example/a b",
        "data:text/html,<b>hi</b>",
        "mailto:hello@zerno.example",
    ],
)
def test_a_front_matter_link_that_is_no_web_address_is_an_error_at_its_line(workspace, link):
    """The networks put `link:` into the text or a link card as it is (docs/files.md)."""
    front = f"network: [telegram, vk]\ntime: 2026-12-01 10:00\ntitle: Меню\nlink: '{link}'\n"
    workspace.post(PATH, front)
    found = [f for f in workspace.findings() if f.rule == "schema/value"]
    assert [(f.line, f.level) for f in found] == [(5, "error")], found
    assert "http(s) web address" in found[0].message


def test_an_override_link_is_checked_too_and_a_web_address_is_fine(workspace):
    front = (
        "network: [telegram, vk]\ntime: 2026-12-01 10:00\nlink: https://zerno.example/menu\n"
        "overrides:\n  vk:\n    link: 'javascript:alert(1)'\n"
    )
    workspace.post(PATH, front)
    found = [f for f in workspace.findings() if f.rule == "schema/value"]
    assert [f.line for f in found] == [7], found
