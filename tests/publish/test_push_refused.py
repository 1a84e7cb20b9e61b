"""Origin takes the claims, then refuses every push (a hook, branch protection turned on, a token
that lost its write access) while the senders are still sending.

The run stops sending at once: what is in flight is answered and kept; what has not started is
not sent. Every post is in the report, sent (with its link) or not sent; the results are
committed in the clone; the run exits 1 with one line saying why. Nothing is sent twice, and a
run from the same clone once origin takes pushes again records what went out and sends the rest.
"""

from __future__ import annotations

from .harness import DUE, Publisher, git, published, refuse_pushes
from .test_changes import published_once, request_changes

MENU = "posts/zerno/2026/12/01-winter-menu.md"
CAKE = "posts/zerno/2026/12/01-carrot-cake.md"


def test_a_refused_push_stops_sending_and_reports_every_post(pub: Publisher) -> None:
    hook = refuse_pushes(pub.origin, accepted=1)
    # Telegram answers at once, so its result's push is refused while VK's first post is still
    # on its way (2 s): VK's second post must then never be sent.
    pub.sandbox.inject("vk", "slow", method="wall.post", delay=2.0)
    clone = pub.clone()
    run = pub.run(clone)

    assert run.code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "refused" in errors[0], run.stderr
    assert "protected branch: pushes to main are turned off" in errors[0]  # the remote's reason
    outcomes = run.outcomes()
    assert sorted(outcomes) == DUE  # every post is in the report
    sent = {k for k, o in outcomes.items() if o["state"] == "published"}
    unsent = {k for k, o in outcomes.items() if o["state"] == "retry"}
    assert sent | unsent == set(DUE), outcomes
    assert (MENU, "vk") in sent and (CAKE, "vk") in unsent  # the one in flight was answered
    for key in unsent:
        assert "not sent" in outcomes[key]["error"], outcomes[key]
    on_network = {n: {str(p["id"]) for p in pub.posts(n)} for n in ("telegram", "vk")}
    assert {(n, outcomes[k]["id"]) for k in sent for n in [k[1]]} == {
        (n, i) for n, ids in on_network.items() for i in ids
    }  # what went out is exactly what the report says went out

    # the clone holds every answer, committed (not on origin: it refuses)
    assert git(clone, "status", "--porcelain") == ""
    for (path, network), outcome in outcomes.items():
        entry = published(clone / path)[network]
        assert entry["state"] == outcome["state"]
        assert entry.get("id", "") == outcome["id"]
    assert set(pub.origin_states().values()) == {"claimed"}

    # origin takes pushes again: a run from the same clone records them and sends the rest, once
    hook.unlink()
    again = pub.run(clone)
    assert again.code == 0, again.stdout + again.stderr
    assert again.state_of() == dict.fromkeys(unsent, "published")
    pub.assert_no_duplicates()
    assert {n: len(pub.posts(n)) for n in ("telegram", "vk")} == {"telegram": 2, "vk": 2}
    assert set(pub.origin_states().values()) == {"published"}


def test_a_refused_claim_push_sends_nothing_and_reports_every_post_due(pub: Publisher) -> None:
    """Claims must be on origin before anything is sent: refused, every due post is reported as
    still due, nothing reaches a network, and the next run (pushes taken again) sends each once."""
    hook = refuse_pushes(pub.origin)
    clone = pub.clone()
    run = pub.run(clone)

    assert run.code == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert [line for line in run.stderr.splitlines() if line.strip()] == [
        f"smm: stopped sending: {run.data['stopped']}"
    ]
    assert "refused" in run.data["stopped"]
    assert run.state_of() == dict.fromkeys(DUE, "due")
    assert all(o["error"].startswith("not sent: ") for o in run.outcomes().values())
    assert pub.posts() == []
    assert set(pub.origin_states().values()) == {None}

    hook.unlink()
    again = pub.run(clone)
    assert again.code == 0 and again.state_of() == dict.fromkeys(DUE, "published"), again.stdout
    pub.assert_no_duplicates()
    assert len(pub.posts()) == len(DUE)


def test_a_refused_push_of_an_edit_claim_reports_what_the_run_did(pub: Publisher) -> None:
    """Edits and retractions are claimed (pushed) before they are sent: refused, none is sent,
    and the run still reports, with why it stopped, instead of dying with one line."""
    ids = published_once(pub)
    request_changes(pub)
    refuse_pushes(pub.origin)
    before = [(p["id"], p["text"]) for p in pub.posts()]
    run = pub.run(pub.clone())

    assert run.code == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert run.data is not None and "protected branch" in run.data["stopped"]
    assert [line for line in run.stderr.splitlines() if line.strip()] == [
        f"smm: stopped sending: {run.data['stopped']}"
    ]
    assert [(p["id"], p["text"]) for p in pub.posts()] == before  # nothing edited or deleted
    assert all(str(p["id"]) in {i for n in ids.values() for i in n.values()} for p in pub.posts())
