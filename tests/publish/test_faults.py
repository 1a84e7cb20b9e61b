"""Network faults injected in the sandbox, met by a real publisher process over real HTTP.

What each fault becomes follows networks/http.py: 429 and 500 are refusals before anything was
stored (retried, honouring retry_after); a connection dropped after it was made may have been
processed (MaybePostedError), so it is reconciled — found on VK's wall or the Telegram channel's
public page, else `unknown` — never sent blindly again.
"""

from __future__ import annotations

import time

import pytest

from .harness import DUE, NETWORKS, POSTS, Publisher


@pytest.mark.parametrize(
    "kind,method",
    [("429", "sendMessage"), ("429", "wall.post"), ("500", "sendMessage"), ("500", "wall.post")],
)
def test_a_refusal_before_storing_is_retried_and_published_once(
    pub: Publisher, kind: str, method: str
) -> None:
    network = "telegram" if method == "sendMessage" else "vk"
    pub.sandbox.inject(network, kind, method=method, retry_after=1)
    started = time.monotonic()
    run = pub.run(pub.clone())
    took = time.monotonic() - started

    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == dict.fromkeys(DUE, "published")
    assert all(o["note"] == "" for o in run.outcomes().values())  # sent, not found again
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}
    pub.assert_no_duplicates()
    if kind == "429":
        assert took >= 1.0, "retry_after=1 was not waited out"
    assert set(pub.origin_states().values()) == {"published"}


def test_drop_after_store_is_reconciled_on_vk_and_on_a_public_telegram_channel(
    pub: Publisher,
) -> None:
    """The network stored the post, then the connection was reset before the answer.

    VK is searched through its API; the Telegram channel (@zerno) through its public page, t.me/s.
    """
    pub.sandbox.inject("vk", "drop_after_store", method="wall.post")
    pub.sandbox.inject("telegram", "drop_after_store", method="sendMessage")
    run = pub.run(pub.clone())

    assert run.code == 0, run.stdout + run.stderr
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}
    pub.assert_no_duplicates()
    outcomes = run.outcomes()
    for network, url in (("vk", "https://vk.com/wall-1_{}"), ("telegram", "https://t.me/zerno/{}")):
        first = pub.posts(network)[0]  # the one whose answer was dropped
        (key,) = [k for k in DUE if k[1] == network and outcomes[k]["note"]]
        assert outcomes[key]["state"] == "published" and outcomes[key]["note"] == "reconciled"
        assert outcomes[key]["id"] == first["id"] and outcomes[key]["url"] == url.format(
            first["id"]
        )
        assert first["text"].split()[0] in POSTS[key[0]].split("---\n", 2)[2]  # the right post file
    assert run.state_of() == dict.fromkeys(DUE, "published")
    assert set(pub.origin_states().values()) == {"published"}
    # and the next run does not touch them again
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}


def test_drop_before_store_may_have_been_processed_so_it_is_reconciled_not_resent(
    pub: Publisher,
) -> None:
    """Reset before the network stored anything: the client cannot tell, so it looks, never re-sends."""
    pub.sandbox.inject("vk", "drop_before_store", method="wall.post")
    pub.sandbox.inject("telegram", "drop_before_store", method="sendMessage")
    run = pub.run(pub.clone())

    assert run.code == 1, run.stdout + run.stderr
    # exactly the other post of each network is there; the dropped ones were not sent again
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 1, "vk": 1}
    outcomes = run.outcomes()
    for network in NETWORKS:
        unknown = [k for k in DUE if k[1] == network and outcomes[k]["state"] == "unknown"]
        assert len(unknown) == 1, outcomes
        error = outcomes[unknown[0]]["error"]
        assert "no answer after sending" in error
        # both were searched (VK's wall, the channel's public page) and the post is not there
        assert f"not found on {network}" in error
    assert sorted(pub.origin_states().values()) == ["published", "published", "unknown", "unknown"]


def test_one_network_failing_does_not_stop_the_other(pub: Publisher) -> None:
    """A refusal that sending again cannot fix (VK 214: posting denied) fails VK only."""
    pub.sandbox.inject("vk", "error", method="wall.post", code=214, count=2)
    run = pub.run(pub.clone())

    assert run.code == 1
    states = run.state_of()
    assert {states[(p, "telegram")] for p in POSTS} == {"published"}
    assert {states[(p, "vk")] for p in POSTS} == {"failed"}
    assert all("Access to adding post denied" in run.outcomes()[(p, "vk")]["error"] for p in POSTS)
    assert len(pub.posts("telegram")) == 2 and pub.posts("vk") == []
    origin = pub.origin_states()
    assert {origin[(p, "vk")] for p in POSTS} == {"failed"}
