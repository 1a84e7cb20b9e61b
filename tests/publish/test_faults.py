"""Network faults injected in the sandbox, met by a real publisher process over real HTTP.

What each fault becomes follows networks/http.py: 429 and 500 are refusals before anything was
stored (retried, honouring retry_after); a connection dropped after it was made may have been
processed (MaybePostedError), so it is reconciled — found on VK's wall or the Telegram channel's
public page, else `unknown` — never sent blindly again. Each runs for Telegram and VK and for
Mastodon, Bluesky and X, and for Facebook, Threads and LinkedIn (harness SEED, THREE and META).
"""

from __future__ import annotations

import time

import pytest

from .harness import META, POSTS, SCENARIOS, SEED, SENDS, THREE, Publisher, Scenario


@pytest.mark.parametrize(
    "scenario,network,kind",
    [
        pytest.param(s, n, kind, id=f"{kind}-{n}")
        for kind in ("429", "500")
        for s in (SEED, THREE, META)
        for n in s.networks
        if (n, kind) != ("linkedin", "429")  # LinkedIn's 429 is its daily limit: below
    ],
)
def test_a_refusal_before_storing_is_retried_and_published_once(
    pub: Publisher, scenario: Scenario, network: str, kind: str
) -> None:
    pub.sandbox.inject(network, kind, method=SENDS[network][0], retry_after=1)
    started = time.monotonic()
    run = pub.run(pub.clone())
    took = time.monotonic() - started

    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == dict.fromkeys(scenario.due, "published")
    assert all(o["note"] == "" for o in run.outcomes().values())  # sent, not found again
    assert {n: len(pub.posts(n)) for n in pub.networks} == dict.fromkeys(pub.networks, 2)
    pub.assert_no_duplicates()
    if kind == "429":
        assert took >= 1.0, "retry_after=1 was not waited out"
    assert set(pub.origin_states().values()) == {"published"}


@pytest.mark.parametrize("scenario", [META], ids=lambda s: s.name)
def test_linkedins_429_is_its_daily_limit_so_that_post_waits_for_a_later_run(
    pub: Publisher,
) -> None:
    """LinkedIn's limits are per UTC day and its 429 says no more: waiting until midnight is longer
    than a run waits (max_retry_wait), so the post is left for a later run (``retry``) with the
    reason, never sent; the rest go, and the run needs no person."""
    pub.sandbox.inject("linkedin", "429", method="posts")
    run = pub.run(pub.clone())

    assert run.code == 0, run.stdout + run.stderr
    throttled = [o for o in run.outcomes().values() if o["state"] != "published"]
    assert [(o["network"], o["state"]) for o in throttled] == [("linkedin", "retry")]
    assert "HTTP 429" in throttled[0]["error"] and "MEMBER DAY limit" in throttled[0]["error"]
    assert {n: len(pub.posts(n)) for n in pub.networks} == {
        "facebook": 2,
        "threads": 2,
        "linkedin": 1,
    }
    pub.assert_no_duplicates()


@SCENARIOS
def test_drop_after_store_is_reconciled_on_every_network(pub: Publisher) -> None:
    """The network stored the post, then the connection was reset before the answer.

    VK is searched through its API; the Telegram channel (@zerno) through its public page, t.me/s;
    Mastodon through the account's statuses, Bluesky by getRecord of the claim's key, X through
    the user's posts.
    """
    networks, due, posts = pub.networks, pub.scenario.due, pub.scenario.posts
    for network in networks:
        pub.sandbox.inject(network, "drop_after_store", method=SENDS[network][0])
    run = pub.run(pub.clone())

    assert run.code == 0, run.stdout + run.stderr
    assert {n: len(pub.posts(n)) for n in networks} == dict.fromkeys(networks, 2)
    pub.assert_no_duplicates()
    outcomes = run.outcomes()
    for network in networks:
        first = pub.posts(network)[0]  # the one whose answer was dropped
        (key,) = [k for k in due if k[1] == network and outcomes[k]["note"]]
        assert outcomes[key]["state"] == "published" and outcomes[key]["note"] == "reconciled"
        assert outcomes[key]["id"] == first["id"], (outcomes[key], first)
        url = SENDS[network][1]
        assert outcomes[key]["url"] == (url.format(first["id"]) if url else outcomes[key]["url"])
        assert first["text"].split()[0] in posts[key[0]].split("---\n", 2)[2]  # the right post file
    assert run.state_of() == dict.fromkeys(due, "published")
    assert set(pub.origin_states().values()) == {"published"}
    # and the next run does not touch them again
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert {n: len(pub.posts(n)) for n in networks} == dict.fromkeys(networks, 2)


@SCENARIOS
def test_drop_before_store_may_have_been_processed_so_it_is_reconciled_not_resent(
    pub: Publisher,
) -> None:
    """Reset before the network stored anything: the client cannot tell, so it looks, never re-sends."""
    networks, due = pub.networks, pub.scenario.due
    for network in networks:
        pub.sandbox.inject(network, "drop_before_store", method=SENDS[network][0])
    run = pub.run(pub.clone())

    assert run.code == 1, run.stdout + run.stderr
    # exactly the other post of each network is there; the dropped ones were not sent again
    assert {n: len(pub.posts(n)) for n in networks} == dict.fromkeys(networks, 1)
    outcomes = run.outcomes()
    for network in networks:
        unknown = [k for k in due if k[1] == network and outcomes[k]["state"] == "unknown"]
        assert len(unknown) == 1, outcomes
        error = outcomes[unknown[0]]["error"]
        assert "no answer after sending" in error
        # each was searched (VK's wall, the channel's public page, ...) and the post is not there
        assert f"not found on {network}" in error
    assert sorted(pub.origin_states().values()) == ["published"] * len(networks) + [
        "unknown"
    ] * len(networks)


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
