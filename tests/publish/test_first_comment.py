"""`smm publish` of posts with a first comment (docs/publishing.md#first-comments): real git (a
bare origin), a real publisher process, the sandboxes over HTTP. The post goes out once, its
comment once, under it (VK: wall.createComment; Mastodon, Bluesky, X: a self-reply); a SIGKILL at
any step, then a rerun on the same clone or a fresh one, resumes at the comment and never sends
the post again; a comment that fails leaves the post published, with the comment's own result."""

from __future__ import annotations

import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from smm.publish.failpoints import COMMENT_POINTS, POINTS

from .harness import SEED, THREE, Publisher, Run, Scenario, published, refuse_pushes

COMMENT = "Меню целиком — по ссылке: https://zerno.example/menu"
FIRST = {
    path: text.replace(
        "kind: organic", f"kind: organic\nfirst_comment: '{COMMENT} ({n})'", 1
    ).replace(
        "network: [telegram, vk]",
        "network: [telegram, vk]\noverrides: {telegram: {first_comment: null}}",
    )
    for n, (path, text) in enumerate(SEED.posts.items(), 1)
}
WITH_COMMENT = replace(SEED, name="vk-first-comment", posts=FIRST)
SELF_REPLY = replace(
    THREE,
    name="self-reply-first-comment",
    posts={
        path: text.replace("kind: organic", f"kind: organic\nfirst_comment: '{COMMENT} ({n})'", 1)
        for n, (path, text) in enumerate(THREE.posts.items(), 1)
    },
)
COMMENTING = pytest.mark.parametrize("scenario", [WITH_COMMENT], ids=lambda s: s.name)


def comments_under(pub: Publisher, network: str) -> dict[str, list[dict[str, Any]]]:
    """post id -> what answers it on ``network``, each checked to be ours and not twice."""
    posts = pub.posts(network)
    ids = {p["id"] for p in posts if not p.get("reply_to")}
    under: dict[str, list[dict[str, Any]]] = {}
    for item in posts:
        if item.get("reply_to"):
            assert item["reply_to"] in ids, f"{network}: a comment under no post of ours: {item}"
            under.setdefault(item["reply_to"], []).append(item)
    for post_id, items in under.items():
        assert len(items) == 1, f"{network}: {len(items)} comments under {post_id}: {items}"
    return under


def check_once(pub: Publisher, clone: Path, scenario: Scenario) -> None:
    """Every post once; each published post's comment once, under it, recorded in its entry."""
    for network in scenario.networks:
        tops = [p for p in pub.posts(network) if not p.get("reply_to")]
        assert len(tops) == len({p["text"] for p in tops}) == len(scenario.posts), network
        under = comments_under(pub, network)
        for path in scenario.posts:
            entry = published(clone / path)[network]
            if network == "telegram":
                assert "comment" not in entry  # overrides.telegram.first_comment: null
                continue
            assert entry["state"] == "published", entry
            comment = entry["comment"]
            assert comment["state"] == "published", (network, comment)
            assert [c["id"] for c in under[entry["id"]]] == [comment["id"]]
            assert under[entry["id"]][0]["text"].startswith(COMMENT)


@COMMENTING
def test_the_post_goes_out_then_its_first_comment_under_it(pub: Publisher) -> None:
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 0, result.stdout + result.stderr
    check_once(pub, clone, WITH_COMMENT)
    vk = [p for p in pub.posts("vk") if p.get("comment")]
    assert len(vk) == 2 and all(c["from_id"] == -1 for c in vk)  # as the community
    for path in WITH_COMMENT.posts:
        outcome = result.outcomes()[(path, "vk")]
        assert outcome["comment"]["state"] == "published" and not outcome["parts"]
        assert "parts" not in published(clone / path)["vk"]  # a single post keeps none


@pytest.mark.parametrize("scenario", [SELF_REPLY], ids=lambda s: s.name)
def test_on_mastodon_bluesky_and_x_the_first_comment_is_a_self_reply(pub: Publisher) -> None:
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 0, result.stdout + result.stderr
    check_once(pub, clone, SELF_REPLY)


@COMMENTING
def test_a_refused_push_before_the_comments_claim_leaves_it_for_the_next_run(
    pub: Publisher,
) -> None:
    """The comment is claimed (pushed) before it is sent: with origin refusing pushes after the
    claims, the VK posts go out, their comments do not, each entry stays claimed listing the live
    post; the next run from the clone sends each comment once, the posts never again."""
    hook = refuse_pushes(pub.origin, accepted=1)
    clone = pub.clone()
    first = pub.run(clone)
    assert first.code == 1 and "Traceback" not in first.stderr, first.stdout + first.stderr
    assert [p for p in pub.posts("vk") if p.get("comment")] == []
    vk_posts = [p for p in pub.posts("vk") if not p.get("comment")]
    for path in WITH_COMMENT.posts:
        entry = published(clone / path)["vk"]
        if entry["state"] == "claimed":  # its post went out before the run stopped
            assert [p["state"] for p in entry["parts"]] == ["published"]
            assert entry["parts"][0]["id"] in {p["id"] for p in vk_posts}
        else:  # stopped before it started
            assert entry["state"] == "retry" and "not sent" in entry["error"], entry

    hook.unlink()
    second = pub.run(clone)
    assert second.code == 0, second.stdout + second.stderr
    check_once(pub, clone, WITH_COMMENT)


#: every step of the run, the comment's claim (written, committed, pushed) and its send
KILLS = [
    *POINTS,
    *(f"after-part-claim-{step}@1" for step in ("write", "commit", "push")),
    *(f"{point}@1" for point in COMMENT_POINTS),
]


@COMMENTING
@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", KILLS)
def test_killed_at_each_step_the_rerun_sends_the_post_once_and_its_comment_once(
    pub: Publisher, point: str, where: str
) -> None:
    clone = pub.clone()
    killed = pub.run(clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle(quiet=0.3)
    again = clone if where == "same-clone" else pub.clone()
    result = pub.run(again)
    assert result.data is not None, result.stdout + result.stderr
    under = comments_under(pub, "vk")  # never two under one post, whatever the rerun decided
    walls = {p["text"]: p for p in pub.posts("vk") if not p.get("comment")}
    assert len(walls) == len([p for p in pub.posts("vk") if not p.get("comment")])  # none twice
    for path in WITH_COMMENT.posts:
        entry = published(again / path)["vk"]
        if entry["state"] == "unknown":  # claimed, never sent: not found, so a person decides
            assert "not found on vk" in entry["error"] and "comment" not in entry
            assert len(walls) < len(WITH_COMMENT.posts)
            continue
        assert entry["state"] == "published", entry  # never left claimed
        comment = entry["comment"]
        if comment["state"] == "unknown":  # its claim pushed, never sent: not sent blindly
            assert "not found on vk" in comment["error"] and entry["id"] not in under
            continue
        assert comment["state"] == "published", comment
        assert [c["id"] for c in under[entry["id"]]] == [comment["id"]]
    if all(published(again / p)["vk"]["state"] == "published" for p in WITH_COMMENT.posts):
        assert all(
            published(again / p)["vk"]["comment"]["state"] in ("published", "unknown")
            for p in WITH_COMMENT.posts
        )
    third = pub.run(pub.clone())
    assert third.data is not None and third.data["outcomes"] == []


@COMMENTING
@pytest.mark.parametrize("kind", ["429", "500", "drop_after_store"])
def test_a_fault_on_the_comment_is_waited_out_or_reconciled(pub: Publisher, kind: str) -> None:
    pub.sandbox.inject("vk", kind, method="wall.createComment", retry_after=1)
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 0, result.stdout + result.stderr
    assert pub.sandbox._server is not None and pub.sandbox._server.faults.items == []  # it hit
    check_once(pub, clone, WITH_COMMENT)


@COMMENTING
def test_a_connection_dropped_before_the_comment_was_stored_is_unknown_not_resent(
    pub: Publisher,
) -> None:
    pub.sandbox.inject("vk", "drop_before_store", method="wall.createComment")
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 1, result.stdout + result.stderr
    states = sorted(published(clone / p)["vk"]["comment"]["state"] for p in WITH_COMMENT.posts)
    assert states == ["published", "unknown"]  # the one the fault hit was looked for, not resent
    assert len(comments_under(pub, "vk")) == 1


@COMMENTING
def test_a_failed_comment_leaves_the_post_published_with_the_comments_own_result(
    pub: Publisher,
) -> None:
    # error 15 (access denied: comments closed) twice: each post's comment is refused
    pub.sandbox.inject("vk", "error", method="wall.createComment", code=15, count=2)
    clone = pub.clone()
    result: Run = pub.run(clone)
    assert result.code == 1, result.stdout + result.stderr  # a person should look
    assert not [p for p in pub.posts("vk") if p.get("comment")]
    for path in WITH_COMMENT.posts:
        entry = published(clone / path)["vk"]
        assert entry["state"] == "published" and entry["id"]
        assert entry["comment"]["state"] == "failed"
        assert entry["comment"]["error"].startswith("first comment: ")
        assert result.outcomes()[(path, "vk")]["state"] == "published"
    table = pub.run(pub.clone(), "--dry-run")
    assert table.data is not None and table.data["outcomes"] == []  # never sent again
