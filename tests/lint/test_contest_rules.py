"""Contest posts: contest/missing, contest/kind, contest/ends, contest/entry-unlisted (a network
that cannot list who entered that way, named with why), and the schema's checks of the block."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

Z = "zerno/2026/12/08-giveaway.md"
BEFORE = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def contest(
    network: str = "[vk, mastodon, bluesky]", block: str = "", kind: str = "contest"
) -> str:
    return f"network: {network}\ntime: 2026-12-08 09:00\nkind: {kind}\n{block}"


BLOCK = 'contest: {ends: "2026-12-12 18:00", winners: 3, entry: %s, rules: "https://zerno.example/rules"}'


def found(workspace, prefix: str = "contest/"):
    return [
        (f.line, f.col, f.level, f.rule, f.message)
        for f in workspace.findings(now=BEFORE)
        if f.rule.startswith(prefix)
    ]


def test_a_contest_with_a_listable_entry_has_no_finding(workspace):
    workspace.post(Z, contest(block=BLOCK % "comment"))
    assert found(workspace) == [] and found(workspace, "schema/") == []


def test_a_contest_post_without_its_block_is_an_error_at_its_kind(workspace):
    workspace.post(Z, contest())
    ((line, col, level, rule, message),) = found(workspace)
    assert (line, col, level, rule) == (4, 1, "error", "contest/missing")
    assert "contest: {ends, winners, entry, rules}" in message


def test_a_contest_block_on_another_kind_is_a_warning(workspace):
    workspace.post(Z, contest(block=BLOCK % "comment", kind="organic"))
    assert [(r[2], r[3]) for r in found(workspace)] == [("warning", "contest/kind")]


@pytest.mark.parametrize(
    ("network", "entry", "why"),
    [
        ("[vk, telegram]", "comment", "linked discussion group the bot may not read"),
        ("[instagram, vk]", "like", "likes and shares only as counts"),
        ("x", "repost", "paid API tier"),
    ],
)
def test_a_network_that_cannot_list_the_entry_is_an_error_saying_why(
    workspace, network, entry, why
):
    workspace.post(Z, contest(network, BLOCK % entry))
    ((line, _col, level, rule, message),) = found(workspace)
    assert (line, level, rule) == (5, "error", "contest/entry-unlisted")
    assert why in message and f"by {entry} on" in message


def test_a_contest_that_ends_before_it_starts_or_cannot_be_read(workspace):
    workspace.post(
        Z, contest(block=(BLOCK % "like").replace("2026-12-12 18:00", "2026-12-08 08:00"))
    )
    assert [r[3] for r in found(workspace)] == ["contest/ends"]
    workspace.post(Z, contest(block=(BLOCK % "like").replace("2026-12-12 18:00", "soon")))
    ((_, _, _, rule, message),) = found(workspace)
    assert rule == "contest/ends" and "'soon' is not an ISO 8601 time" in message


def test_the_schema_checks_the_blocks_fields(workspace):
    bad = 'contest: {ends: "2026-12-12 18:00", winners: 0, entry: share}'
    workspace.post(Z, contest(block=bad))
    messages = [r[4] for r in found(workspace, "schema/")]
    assert any("'contest.winners' must be at least 1" in m for m in messages), messages
    assert "'share' is not one of comment, repost, like" in messages
    assert any("rules" in m for m in messages), messages


def test_contest_networks_names_the_networks_drawn_so_the_others_are_not_checked(workspace):
    block = (BLOCK % "comment").replace("}", ", networks: [vk]}")
    workspace.post(Z, contest("[vk, ok, telegram]", block))
    assert found(workspace) == []
    workspace.post(Z, contest("[vk, ok, telegram]", block.replace("[vk]", "[vk, ok]")))
    assert [(r[3], "on ok" in r[4]) for r in found(workspace)] == [("contest/entry-unlisted", True)]
