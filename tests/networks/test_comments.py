"""First comments through the comment APIs (Instagram, VK) over real HTTP against the sandbox:
the comment lands under its post, as the brand, listed with ``reply_to`` and ``comment: true``;
the walls and profiles list no comment as a post; reconcile_comment finds ours by author and
text, and nothing where there is none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import test_instagram as ig_case
import test_vk as vk_case

from smm.errors import NetworkError
from smm.networks.base import Commenting, Outgoing
from smm.networks.instagram import Instagram
from smm.networks.vk import VK

COMMENT = "Alle Details: https://nordlicht.example/care"


def as_comment(base: Outgoing, text: str = COMMENT) -> Outgoing:
    rendered = replace(base.rendered, text=text, visible=text, images=[])
    return replace(base, rendered=rendered, marker=base.marker + "-2")


def test_both_adapters_offer_the_comment_methods() -> None:
    assert issubclass(VK, Commenting) and issubclass(Instagram, Commenting)


def test_vk_comment_goes_under_the_post_as_the_community_once(tmp_path: Path) -> None:
    owner = vk_case.OWNER
    with vk_case.live(tmp_path) as on:
        sb, vk = on.sb, on.adapter
        post = vk.publish(vk_case.outgoing("Winterpflege für die Fjell"))
        wanted = as_comment(vk_case.outgoing("x"))
        assert vk.reconcile_comment(wanted, post) is None  # surely absent: nothing under it yet
        sent = vk.publish_comment(wanted, post)
        assert sent.url == f"https://vk.com/wall{owner}_{post.id}?reply={sent.id}"
        again = vk.publish_comment(wanted, post)  # the same guid: VK gives back the first
        assert again.id == sent.id
        [comment] = [p for p in sb.posts("vk") if p.get("comment")]
        assert comment["reply_to"] == post.id and comment["from_id"] == owner
        assert comment["text"] == COMMENT
        found = vk.reconcile_comment(wanted, post)
        assert found is not None and found.id == sent.id
        assert vk.reconcile(vk_case.outgoing("Winterpflege für die Fjell")) is not None
        wall = on.client.post(
            f"{sb.url}/method/wall.get",
            data={"owner_id": owner, "access_token": vk_case.TOKEN, "v": "5.199"},
        ).json()["response"]
        assert [item["id"] for item in wall["items"]] == [int(post.id)]  # no comment as a post
        other = replace(post, id=str(int(post.id) + 100))
        with pytest.raises(NetworkError, match="post_id is invalid"):
            vk.publish_comment(wanted, other)


def test_instagram_comment_goes_under_the_media_and_is_found_again(tmp_path: Path) -> None:
    with ig_case.live(tmp_path) as on:
        sb, ig = on.sb, on.adapter
        base = ig_case.outgoing("Fjell care", [ig_case.SQUARE], on.base)
        media = ig.publish(base)
        wanted = as_comment(base)
        assert ig.reconcile_comment(wanted, media) is None
        sent = ig.publish_comment(wanted, media)
        assert sent.url == media.url  # a comment has no permalink of its own
        [comment] = [p for p in sb.posts("instagram") if p.get("comment")]
        assert (comment["reply_to"], comment["id"], comment["text"]) == (media.id, sent.id, COMMENT)
        found = ig.reconcile_comment(wanted, media)
        assert found is not None and found.id == sent.id
        assert ig.reconcile_comment(as_comment(base, "another text"), media) is None
        mine = ig.reconcile(base)  # the profile lists the media, never the comment as a post
        assert mine is not None and mine.id == media.id
