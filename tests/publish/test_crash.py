"""A publisher killed at any step, then run again: never a second post, every due post accounted for.

SMM_FAILPOINT makes the process SIGKILL itself between two steps (no cleanup, like a cancelled
runner); the tests below also kill it from outside while a request is in flight. The next run is
either on the same clone (a re-run of the job) or on a fresh clone of origin (CI's case: a new
runner sees only what was pushed).

Each runs for the seed networks (Telegram and VK), for Mastodon, Bluesky and X and for Facebook,
Threads and LinkedIn (harness SEED, THREE and META): one brand with the three, so a run covers
all three at once.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from smm.publish.failpoints import POINTS as FAILPOINTS

from .harness import SCENARIOS, SENDS, Publisher, Run, git, published

NOTHING_PUSHED = (
    "before-claim",
    "after-claim-write",
    "after-claim-commit",
)  # origin never saw a claim


def assert_accounted_for(pub: Publisher, clone: Path, run: Run) -> None:
    """Every due (post, network) ends published or unknown, in git and in the summary; no doubles."""
    pub.assert_no_duplicates()
    posts, networks = pub.scenario.posts, pub.networks
    final = pub.origin_states()
    assert set(final.values()) <= {"published", "unknown"}, final
    outcomes = run.outcomes()
    for key, state in final.items():
        if state == "unknown":
            # a person must look: this run's summary says so, with the reason, and it exits 1
            assert outcomes[key]["state"] == "unknown", (key, outcomes.get(key))
            assert outcomes[key]["error"], outcomes[key]
            assert run.code == 1, run.stdout
    if "unknown" not in final.values():
        assert run.code == 0, run.stdout + run.stderr
    # what the sandbox holds is exactly what git says was published, plus what a person must check
    for network in networks:
        on_network = {p["id"] for p in pub.posts(network)}
        recorded = {
            published(clone / path)[network].get("id")
            for path in posts
            if published(clone / path)[network]["state"] == "published"
        }
        assert recorded <= on_network
        unknown = sum(1 for path in posts if published(clone / path)[network]["state"] == "unknown")
        assert len(on_network - recorded) <= unknown, (network, on_network, recorded)
        # each can be searched (VK's wall, the public channel's page, the Mastodon account's
        # statuses, the Bluesky record at the claim's key, the X user's posts): every post that
        # exists is recorded
        assert on_network == recorded, (
            network,
            on_network,
            recorded,
            [o["error"] for o in run.outcomes().values()],
        )
    # and a later run has nothing left to do
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == [], again.stdout


@SCENARIOS
@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", FAILPOINTS)
def test_sigkill_at_each_step_then_a_normal_run(pub: Publisher, point: str, where: str) -> None:
    networks, posts = pub.networks, pub.scenario.posts
    none_sent, all_sent = dict.fromkeys(networks, 0), dict.fromkeys(networks, len(posts))
    clone = pub.clone()
    killed = pub.run(clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    if point in ("after-answer", "after-result-write", "before-result-push"):
        pub.settle()  # a request that left before the kill still lands; count it too
    sent_before = {n: len(pub.posts(n)) for n in networks}
    pushed_before = pub.origin_states()

    if point in NOTHING_PUSHED:
        assert set(pushed_before.values()) == {None} and sent_before == none_sent
    if point in ("after-claim-push", "before-request"):
        # the claims were pushed before any network was called, and nothing was sent
        assert set(pushed_before.values()) == {"claimed"}, pushed_before
        assert sent_before == none_sent
    if point in ("after-answer", "after-result-write", "before-result-push"):
        assert sum(sent_before.values()) >= 1
        assert set(pushed_before.values()) == {"claimed"}, pushed_before
    if point in ("after-claim-write", "after-result-write") and where == "same-clone":
        assert git(
            clone, "status", "--porcelain", "--untracked-files=no"
        )  # the kill left the clone dirty

    again = clone if where == "same-clone" else pub.clone()
    run = pub.run(again)
    assert run.data is not None, run.stdout + run.stderr  # no refusal: nobody had to clean up first
    assert_accounted_for(pub, again, run)
    final = pub.origin_states()
    assert git(again, "status", "--porcelain", "--untracked-files=no") == ""

    if point in NOTHING_PUSHED:  # nothing was sent under those claims: the rerun is a first run
        assert set(final.values()) == {"published"} and run.code == 0
        assert {n: len(pub.posts(n)) for n in networks} == all_sent
        return
    if point in ("after-claim-push", "before-request"):
        # a claim without a result is never sent again: reconciled (nothing found) or unknown
        assert set(final.values()) == {"unknown"} and run.code == 1
        assert {n: len(pub.posts(n)) for n in networks} == none_sent
        for _key, outcome in run.outcomes().items():
            assert "claimed it and left no result" in outcome["error"]
    if point == "after-answer" or (
        point in ("after-result-write", "before-result-push") and where == "fresh-clone"
    ):
        # what reached a network is found again (VK's wall, the channel's public page, ...), with its id
        for path in posts:
            for network in networks:
                if final[(path, network)] == "published":
                    assert run.outcomes()[(path, network)]["note"] == "reconciled"
                    assert (
                        run.outcomes()[(path, network)]["id"]
                        == published(again / path)[network]["id"]
                    )
        assert sum(1 for state in final.values() if state == "published") == sum(
            sent_before.values()
        )
    if point in ("after-result-write", "before-result-push") and where == "same-clone":
        # the results the killed run wrote (and, for before-result-push, committed) but did not
        # push are not lost: the next run commits and pushes them first, Telegram's ids included
        local_results = [
            k for k, s in final.items() if s == "published" and k not in run.outcomes()
        ]
        assert 1 <= len(local_results) <= sum(sent_before.values()), (final, run.outcomes())
        ids = {n: {p["id"] for p in pub.posts(n)} for n in networks}
        for path, network in local_results:
            assert published(again / path)[network]["id"] in ids[network]
    # a claimed post is never sent by a later run
    assert {n: len(pub.posts(n)) for n in networks} == sent_before


@SCENARIOS
@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
def test_killed_while_the_requests_are_in_flight(pub: Publisher, where: str) -> None:
    """Every network stored a post and is still answering when the runner dies (SIGKILL).

    Every first request is slow, so the publisher is only waiting when it dies (a kill while it
    writes a result is the after-result-write failpoint above).
    """
    networks = pub.networks
    for network in networks:
        pub.sandbox.inject(network, "slow", method=SENDS[network][0], delay=5.0)
    clone = pub.clone()
    proc = pub.start(clone)
    killed = pub.kill_when(proc, lambda: all(len(pub.posts(n)) >= 1 for n in networks))
    assert killed.code == -signal.SIGKILL
    time.sleep(0.2)
    stored = {n: pub.posts(n) for n in networks}
    assert {n: len(p) for n, p in stored.items()} == dict.fromkeys(networks, 1)
    first = {
        n: next(path for path in pub.scenario.posts if _opening(pub, path) in stored[n][0]["text"])
        for n in networks
    }
    for network in networks:
        assert pub.origin_states()[(first[network], network)] == "claimed"

    again = clone if where == "same-clone" else pub.clone()
    run = pub.run(again)
    assert run.data is not None, run.stdout + run.stderr
    assert_accounted_for(pub, again, run)
    assert {n: len(pub.posts(n)) for n in networks} == dict.fromkeys(networks, 1)  # none twice
    # each network is searched: each post is found, recorded as published with its id and URL,
    # not posted again
    for network in networks:
        found = run.outcomes()[(first[network], network)]
        assert found["state"] == "published" and found["note"] == "reconciled", found
        assert found["id"] == stored[network][0]["id"], (found, stored[network][0])
        url = SENDS[network][1]
        assert found["url"] == (url.format(found["id"]) if url else found["url"]) != ""
        assert found["url"] == published(again / first[network])[network]["url"]
        assert pub.origin_states()[(first[network], network)] == "published"


def _opening(pub: Publisher, path: str) -> str:
    return " ".join(pub.scenario.posts[path].split("---\n", 2)[2].split()[:2])


def test_killed_before_the_network_stored_it_which_stores_it_anyway(
    pub: Publisher, tmp_path: Path
) -> None:
    """The runner dies while the request is still on its way in; the network stores it after."""
    from .harness import TG_TOKEN, VK_TOKEN, sandbox_at_now

    with sandbox_at_now(
        tmp_path / "slow-sandbox", latency=0.5, telegram_tokens=[TG_TOKEN], vk_tokens=[VK_TOKEN]
    ) as slow:
        pub.sandbox = slow
        clone = pub.clone()
        proc = pub.start(clone)
        # the claims are on origin; a moment later the requests have left; nothing is stored yet
        seen: list[float] = []

        def requests_left() -> bool:
            if not seen and set(pub.origin_states().values()) == {"claimed"}:
                seen.append(time.monotonic())
            return bool(seen) and time.monotonic() - seen[0] > 0.15

        pub.kill_when(proc, requests_left)
        assert slow.posts() == []
        deadline = time.monotonic() + 5
        while len(slow.posts()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert {p["network"] for p in slow.posts()} == {"telegram", "vk"}
        run = pub.run(pub.clone())
        assert run.data is not None, run.stdout + run.stderr
        pub.assert_no_duplicates()
        assert len(slow.posts("vk")) == 1 and len(slow.posts("telegram")) == 1
        outcomes = run.outcomes()
        vk_found = [
            o for o in outcomes.values() if o["network"] == "vk" and o["state"] == "published"
        ]
        assert (
            len(vk_found) == 1
            and vk_found[0]["note"] == "reconciled"
            and vk_found[0]["id"] == slow.posts("vk")[0]["id"]
        )
        tg_found = [
            o for o in outcomes.values() if o["network"] == "telegram" and o["state"] == "published"
        ]
        assert len(tg_found) == 1 and tg_found[0]["note"] == "reconciled"
        assert tg_found[0]["id"] == slow.posts("telegram")[0]["id"]
        assert run.code == 1  # the posts that never left are not found: unknown, for a person
