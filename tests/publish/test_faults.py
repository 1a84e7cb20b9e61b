"""Network faults injected in the sandbox, met by a real publisher process over real HTTP.

What each fault becomes follows networks/http.py: 429 and 500 are refusals before anything was
stored (retried, honouring retry_after); a connection dropped after it was made may have been
processed (MaybePostedError), so it is reconciled — found on VK, `unknown` on Telegram — never sent
blindly again.
"""

from __future__ import annotations

import time

import pytest

from .harness import DUE, NETWORKS, POSTS, Publisher


@pytest.mark.parametrize("kind,method", [("429", "sendMessage"), ("429", "wall.post"),
                                         ("500", "sendMessage"), ("500", "wall.post")])
def test_a_refusal_before_storing_is_retried_and_published_once(pub: Publisher, kind: str, method: str) -> None:
    network = "telegram" if method == "sendMessage" else "vk"
    pub.sandbox.inject(network, kind, method=method, retry_after=1)
    started = time.monotonic()
    run = pub.run(pub.clone())
    took = time.monotonic() - started

    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == {key: "published" for key in DUE}
    assert all(o["note"] == "" for o in run.outcomes().values())  # sent, not found again
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}
    pub.assert_no_duplicates()
    if kind == "429":
        assert took >= 1.0, "retry_after=1 was not waited out"
    assert set(pub.origin_states().values()) == {"published"}


def test_drop_after_store_is_reconciled_on_vk_and_unknown_on_telegram(pub: Publisher) -> None:
    """The network stored the post, then the connection was reset before the answer."""
    pub.sandbox.inject("vk", "drop_after_store", method="wall.post")
    pub.sandbox.inject("telegram", "drop_after_store", method="sendMessage")
    run = pub.run(pub.clone())

    assert run.code == 1, run.stdout + run.stderr  # a person must check Telegram
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}
    pub.assert_no_duplicates()
    outcomes = run.outcomes()
    vk_first = pub.posts("vk")[0]
    tg_first = pub.posts("telegram")[0]
    (vk_key,) = [k for k in DUE if k[1] == "vk" and outcomes[k]["id"] == vk_first["id"] and outcomes[k]["note"]]
    assert outcomes[vk_key]["state"] == "published" and outcomes[vk_key]["note"] == "reconciled"
    tg_unknown = [k for k in DUE if k[1] == "telegram" and outcomes[k]["state"] == "unknown"]
    assert len(tg_unknown) == 1
    assert tg_first["text"].split()[0] in POSTS[tg_unknown[0][0]].split("---\n", 2)[2]
    assert "no answer after sending" in outcomes[tg_unknown[0]]["error"]
    assert "by hand" in outcomes[tg_unknown[0]]["error"]
    # the other post of each network went out normally
    assert sorted(s for k, s in run.state_of().items()) == ["published", "published", "published", "unknown"]
    states = pub.origin_states()
    assert states[vk_key] == "published" and states[tg_unknown[0]] == "unknown"
    # and the next run does not touch them again
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}


def test_drop_before_store_may_have_been_processed_so_it_is_reconciled_not_resent(pub: Publisher) -> None:
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
        # VK was searched and the post is not there; Telegram cannot be searched
        assert ("not found on vk" in error) if network == "vk" else ("cannot list a channel" in error)
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
