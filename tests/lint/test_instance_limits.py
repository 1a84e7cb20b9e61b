"""A Mastodon instance's own limits, stated on the brand's account, are what lint checks against
(max_characters, characters_reserved_per_url, max_media_attachments, description_limit, as GET
/api/v2/instance names them); without them the defaults hold (500, 23, 4, 1500). Lint never asks
the instance."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RU_BRAND
from smm.networks.counters import UPPER_BOUNDS, mastodon

PATH = "zerno/2026/12/01-instance.md"


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def with_instance(workspace, **numbers):
    """Brand zerno whose mastodon account states ``numbers`` for its instance."""
    accounts = {
        **RU_BRAND["accounts"],
        "mastodon": {"handle": "@zerno@big.example", "instance": "https://big.example", **numbers},
    }
    workspace.brand("zerno", accounts=accounts)


def post(workspace, body, images=0, alt="Чашка кофе на столе"):
    lines = ["network: mastodon", "time: 2026-12-01 10:00"]
    if images:
        workspace.image("assets/zerno/square.jpg")
        lines.append("images:")
        lines += [f"  - {{src: assets/zerno/square.jpg, alt: '{alt}'}}" for _ in range(images)]
    workspace.post(PATH, "\n".join(lines), body)
    return workspace.findings()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lint never calls a network: any socket it opened would fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("lint opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_without_the_instances_numbers_the_default_500_holds(workspace):
    assert post(workspace, "a" * 500) == []
    (finding,) = _of(post(workspace, "a" * 501), "mastodon/length")
    assert finding.level == "error" and "the limit is 500 (over by 1)" in finding.message


def test_an_instance_of_11000_characters_takes_a_long_post_and_refuses_a_longer_one(workspace):
    with_instance(workspace, max_characters=11000)
    assert post(workspace, "ж" * 11000) == []
    (finding,) = _of(post(workspace, "ж" * 11001), "mastodon/length")
    assert finding.level == "error"
    assert "the limit is 11,000 (over by 1)" in finding.message
    assert (
        "accounts.mastodon.max_characters of the brand" in finding.message
    )  # where the number comes from


def test_a_smaller_instance_limit_is_enforced_too(workspace):
    with_instance(workspace, max_characters=300)
    (finding,) = _of(post(workspace, "a" * 301), "mastodon/length")
    assert "the limit is 300" in finding.message


def test_each_url_counts_what_the_instance_reserves_for_it(workspace):
    body = "a" * 450 + " https://zerno.ru/menu"  # 451 + a link
    assert post(workspace, body) == []  # 451 + 23 = 474 by default
    with_instance(workspace, characters_reserved_per_url=60)
    (finding,) = _of(post(workspace, body), "mastodon/length")
    assert "is 511 characters" in finding.message  # 451 + 60


def test_media_attachments_per_post_follow_the_instance(workspace):
    assert _of(post(workspace, "Фото", images=5), "mastodon/image-count")  # 4 by default
    with_instance(workspace, max_media_attachments=6)
    assert _of(post(workspace, "Фото", images=6), "mastodon/image-count") == []
    (finding,) = _of(post(workspace, "Фото", images=7), "mastodon/image-count")
    assert finding.level == "error" and "at most 6 images" in finding.message


def test_alt_text_length_follows_the_instances_description_limit(workspace):
    (finding,) = _of(post(workspace, "Фото", images=1, alt="а" * 1501), "mastodon/alt-length")
    assert finding.level == "error" and "1,501 characters; at most 1,500" in finding.message
    assert _of(post(workspace, "Фото", images=1, alt="а" * 1500), "mastodon/alt-length") == []
    with_instance(workspace, description_limit=3000)
    assert _of(post(workspace, "Фото", images=1, alt="а" * 3000), "mastodon/alt-length") == []


def test_instance_numbers_belong_to_the_mastodon_account_only(workspace):
    accounts = {
        **RU_BRAND["accounts"],
        "telegram": {"chat": "@zerno", "max_characters": 9000},
        "mastodon": {"handle": "@z@m.social", "max_characters": "11000", "description_limit": -1},
    }
    workspace.brand("zerno", accounts=accounts)
    findings = [f for f in workspace.findings() if f.path.startswith("brands/")]
    assert sorted((f.rule, f.message) for f in findings) == [
        ("schema/type", "'accounts.mastodon.max_characters' must be a whole number, not text"),
        ("schema/unknown-key", "unknown key 'max_characters'"),  # on telegram it means nothing
        ("schema/value", "'accounts.mastodon.description_limit' must be at least 0"),
    ]
    assert _of(
        post(workspace, "a" * 501), "mastodon/length"
    )  # a wrong number is not used: the default holds


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "ж",
                " ",
                "https://x.com/a",
                "http://пример.рф/длинный/путь",
                "👍🏽",
                "\n",
                "@u@m.social",
                "://",
            ]
        ),
        max_size=30,
    ).map("".join),
    st.sampled_from([0, 1, 23, 60, 500]),
)
def test_the_cheap_bound_stays_above_the_count_whatever_the_instance_reserves_per_url(
    text, url_length
):
    assert UPPER_BOUNDS["mastodon"](text, url_length=url_length) >= mastodon(
        text, url_length=url_length
    )
