"""A manual run that starts while another run is still sending (the concurrency group does not cover it).

The late run cannot tell a claim that is being worked on from one left by a crash, so it only
reconciles: nothing is sent twice, and whatever it could not verify it reports as unknown. The
run that actually sent must still have the last word in git: a result beats an `unknown`.
"""

from __future__ import annotations

import time

from .harness import DUE, NETWORKS, POSTS, Publisher


def _wait_for_claims(pub: Publisher) -> None:
    deadline = time.monotonic() + 20
    while set(pub.origin_states().values()) != {"claimed"}:
        assert time.monotonic() < deadline, "the first run never pushed its claims"
        time.sleep(0.01)


def test_a_late_run_reports_unknown_and_the_sending_run_keeps_its_results(pub: Publisher) -> None:
    pub.sandbox.inject("telegram", "slow", method="sendMessage", delay=1.0)
    sender = pub.start(pub.clone())
    _wait_for_claims(pub)
    late = pub.run(pub.clone())
    first = pub.finish(sender)

    assert first.code == 0 and first.state_of() == dict.fromkeys(DUE, "published"), (
        first.stdout + first.stderr
    )
    assert late.data is not None and "Traceback" not in late.stderr
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": len(POSTS), "vk": len(POSTS)}
    pub.assert_no_duplicates()
    assert "published" not in {
        o["state"] for o in late.outcomes().values() if o["note"] != "reconciled"
    }
    assert set(pub.origin_states().values()) == {"published"}


def test_a_late_result_push_never_writes_unknown_over_a_recorded_result(pub: Publisher) -> None:
    """The late run's push is refused after the sender recorded Telegram; re-applied, it keeps that."""
    # the sender: Telegram answers after 0.8 s, VK stores at once and answers after 1 s
    pub.sandbox.inject("telegram", "slow", method="sendMessage", delay=0.8)
    pub.sandbox.inject("vk", "slow", method="wall.post", delay=1.0)
    sender = pub.start(pub.clone())
    _wait_for_claims(pub)
    # the late run records Telegram at once (what the channel's page shows so far), but its look at
    # the VK wall is slow (and sees only the first post), so its last push, with an `unknown` for
    # VK, comes after the sender pushed every result, and is refused
    pub.sandbox.inject("vk", "slow", method="wall.get", delay=2.0)
    late = pub.run(pub.clone())
    first = pub.finish(sender)

    assert first.code == 0, first.stdout + first.stderr
    assert late.data is not None and late.code == 1
    # the late run found on the channel's page at most what was sent already; the rest is unknown
    late_tg = [late.outcomes()[(p, "telegram")] for p in POSTS]
    assert {o["state"] for o in late_tg} <= {"published", "unknown"}
    assert all(o["note"] == "reconciled" for o in late_tg if o["state"] == "published")
    pub.assert_no_duplicates()
    final = pub.origin_states()
    assert final == dict.fromkeys(DUE, "published"), final
    tg_ids = {p["id"] for p in pub.posts("telegram")}
    for path in POSTS:
        assert first.outcomes()[(path, "telegram")]["id"] in tg_ids
        if (
            late.outcomes()[(path, "telegram")]["state"] == "published"
        ):  # found by both: the same message
            assert (
                late.outcomes()[(path, "telegram")]["id"]
                == first.outcomes()[(path, "telegram")]["id"]
            )
