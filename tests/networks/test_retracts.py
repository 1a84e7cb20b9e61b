"""Retractions on the networks that delete but cannot edit (X, Bluesky, Threads, Instagram, OK)
over real HTTP against the sandbox: the post is deleted once (``deleted: true`` in
``/_sandbox/posts``, same id), gone from the network's reads, a second retract is done (a retry
after a crash), a lost answer is MaybePostedError and a refusal is not taken for done."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import test_bluesky as bsky_case
import test_instagram as ig_case
import test_ok as ok_case
import test_threads as th_case
import test_x as x_case

from smm.errors import MaybePostedError, NetworkError
from smm.networks.base import Published


def test_x_retract_deletes_the_post_once_and_again_is_done() -> None:
    with x_case.live() as on:
        sb, x = on.sb, on.adapter
        base = x_case.outgoing("Winterdrinks ab Montag")
        live = x.publish(base)
        account = base.account
        x.retract(account, live)
        x.retract(account, live)  # deleted already: X answers deleted: false, which is done
        [post] = sb.posts("x")
        assert (post["id"], post["deleted"]) == (live.id, True)
        assert x.metrics(account, [live.id]) == {}  # gone from the lookup
        assert x.reconcile(replace(base, claimed_at=None)) is None  # and from the timeline
        again = x.publish(base)  # the same text is no duplicate of a deleted post
        assert again.id != live.id


def test_x_retract_lost_answer_may_have_deleted_and_another_users_post_is_refused() -> None:
    with x_case.live() as on:
        sb, x = on.sb, on.adapter
        base = x_case.outgoing("Glühwein-Abend")
        live = x.publish(base)
        sb.inject("x", "drop_after_store", method="tweets.delete")
        with pytest.raises(MaybePostedError):
            x.retract(base.account, live)
        assert sb.posts("x")[0]["deleted"] is True
        keys = {**x_case.KEYS, "access_token": x_case.OTHER_TOKEN}
        theirs = x.publish(x_case.outgoing("Their post", keys=keys))
        with pytest.raises(NetworkError, match="403"):
            x.retract(base.account, Published(theirs.id, ""))
        assert "deleted" not in sb.posts("x")[1]


def test_bluesky_retract_deletes_the_record_once_and_again_is_done() -> None:
    with bsky_case.live() as on:
        sb, bsky = on.sb, on.adapter
        base = bsky_case.outgoing()
        live = bsky.publish(base)
        bsky.retract(base.account, live)
        bsky.retract(base.account, live)  # deleteRecord: "or ensure it doesn't exist"
        [post] = sb.posts("bluesky")
        assert (post["id"], post["deleted"]) == (live.id, True)
        assert bsky.reconcile(base) is None  # getRecord: RecordNotFound
        assert bsky.metrics(base.account, [live.id]) == {}  # getPosts leaves it out
        sb.inject("bluesky", "500", method="com.atproto.repo.deleteRecord")
        with pytest.raises(NetworkError):
            bsky.retract(base.account, live)  # the PDS's 500 is not taken for done


def test_threads_retract_deletes_the_media_once_within_the_daily_limit(tmp_path: Path) -> None:
    with th_case.live(tmp_path) as on:
        sb, th = on.sb, on.adapter
        base = th_case.outgoing("Der erste Schnee ist da. #Wintercamping")
        live = th.publish(base)
        th.retract(base.account, live)
        th.retract(base.account, live)  # 100/33 for a post already gone: done
        [post] = sb.posts("threads")
        assert (post["id"], post["deleted"]) == (live.id, True)
        assert th.reconcile(base) is None  # not in the profile's threads
        other = th.publish(th_case.outgoing("Zweiter Post"))
        sb.inject("threads", "error", method="node", code=10, message="(#10) threads_delete")
        with pytest.raises(NetworkError, match="threads_delete"):
            th.retract(base.account, other)  # a missing permission is not taken for done
        sb.inject("threads", "drop_after_store", method="node")
        with pytest.raises(MaybePostedError):
            th.retract(base.account, other)
        assert sb.posts("threads")[1]["deleted"] is True


def test_instagram_retract_deletes_the_media_once_and_keeps_its_quota_place(
    tmp_path: Path,
) -> None:
    with ig_case.live(tmp_path) as on:
        sb, ig = on.sb, on.adapter
        base = ig_case.outgoing("Wintermenü", [ig_case.SQUARE], on.base)
        live = ig.publish(base)
        ig.retract(base.account, live)
        ig.retract(base.account, live)  # 100/33: gone already, done
        [post] = sb.posts("instagram")
        assert (post["id"], post["deleted"]) == (live.id, True)
        assert ig.reconcile(base) is None  # the profile lists it no more
        limit = on.client.get(
            f"{sb.url}/v24.0/{ig_case.USER}/content_publishing_limit",
            params={"fields": "quota_usage", "access_token": ig_case.TOKEN},
        ).json()
        assert limit["data"][0]["quota_usage"] == 1  # published all the same
        sb.inject("instagram", "500", method="node")
        with pytest.raises(NetworkError):
            ig.retract(base.account, live)  # Meta's 5xx is not taken for done


def test_ok_retract_deletes_the_topic_once_and_not_found_is_done(tmp_path: Path) -> None:
    with ok_case.live(tmp_path) as on:
        sb, ok = on.sb, on.adapter
        base = ok_case.outgoing("Зимнее меню")
        live = ok.publish(base)
        ok.retract(base.account, live)
        ok.retract(base.account, live)  # 300 NOT_FOUND: gone already, done
        [post] = sb.posts("ok")
        assert (post["id"], post["deleted"]) == (live.id, True)
        assert ok.reconcile(base) is None and ok.metrics(base.account, [live.id]) == {}
        other = ok.publish(ok_case.outgoing("Глинтвейн"))
        sb.inject("ok", "error", method="mediatopic.deleteTopic", code=10, message="PERMISSION")
        with pytest.raises(NetworkError, match="PERMISSION"):
            ok.retract(base.account, other)
        assert "deleted" not in sb.posts("ok")[1]
