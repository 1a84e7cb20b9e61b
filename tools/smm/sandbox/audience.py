"""The audience of the sandbox's posts: comments, likes and reposts that tests (or a demo) add.

Control API (sandbox/server.py):

    POST /_sandbox/comments {"network", "post", "author", "text", "date"?, "reply_to"?, "author_id"?}
    POST /_sandbox/likes    {"network", "post", "author", "date"?, "author_id"?}
    POST /_sandbox/reposts  {"network", "post", "author", "date"?, "author_id"?}
    POST /_sandbox/mentions {"network", "post", "author", "text", "date"?, "author_id"?}

``post`` is the id smm recorded (VK's post id, Instagram's media id, Mastodon's status id,
Bluesky's at:// uri); ``author`` a public handle, from which a stable id is made on each network
(``author_id`` sets it, e.g. the brand's own account answering); ``date`` an ISO 8601 instant or
epoch seconds (default: the sandbox's clock); ``reply_to`` the comment being answered. Comments are
kept where each network's own emulation lists them (VK and Instagram comments, Mastodon statuses,
Bluesky post records in the post list), so a brand's answer through the real API threads under
them; likes and reposts are kept in the state's ``audience`` list. A mention (Mastodon, Bluesky)
is a status or post under no post that names the author of ``post`` (the brand's account): the
notifications endpoints list it (mastodon_audience.py, bsky_audience.py). The read endpoints are in
vk_audience.py, mastodon_audience.py and bsky_audience.py.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

from smm.networks.bsky_record import COLLECTION, tid
from smm.sandbox.bsky_auth import did_for
from smm.sandbox.bsky_repo import record_cid
from smm.sandbox.mastodon_store import ID_BASE
from smm.sandbox.state import Config, State

ACTIVITY = {"comments": "comment", "likes": "like", "reposts": "repost", "mentions": "mention"}
NETWORKS = ("vk", "instagram", "facebook", "threads", "mastodon", "bluesky")


def person_id(network: str, handle: str) -> str:
    """A stable public id for a handle on a network (VK user ids are positive numbers)."""
    number = 1 + zlib.crc32(f"{network}:{handle}".encode()) % 10**8
    if network == "mastodon":
        return str(ID_BASE + 900_000_000 + number)
    if network == "bluesky":
        return did_for(handle)
    return str(number)


def add_activity(state: State, config: Config, what: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Store one comment, like or repost (``what``: comments | likes | reposts); ValueError,
    KeyError or TypeError for a spec the sandbox cannot use."""
    kind = ACTIVITY[what]
    network, post, handle = str(spec["network"]), str(spec["post"]), str(spec["author"])
    if network not in NETWORKS:
        raise ValueError(f"the {network} sandbox keeps no audience ({', '.join(NETWORKS)} do)")
    author = str(spec.get("author_id") or person_id(network, handle))
    when = _epoch(spec.get("date"), config)
    with state.lock:
        target = _find(state, network, post)
        if kind in ("comment", "mention"):
            text = str(spec["text"])
            reply_to = str(spec["reply_to"]) if spec.get("reply_to") else None
            made = _COMMENT[network](state, target, author, handle, text, when, reply_to)
            if kind == "mention":
                made = _mention(network, made, target)
            state.add_post(made)
            return {"id": made["id"]}
        item = {"network": network, "post": target["id"], "kind": kind, "author_id": author}
        item.update(handle=handle, date=when, id=str(state.next_id(f"audience:{network}")))
        state.data.setdefault("audience", []).append(item)
        state.save()
        return {"id": item["id"]}


def _mention(network: str, made: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """A comment made into a post under nothing that names ``target``'s author."""
    if network == "mastodon":
        return {**made, "reply_to": None, "mentions": [target["account"]]}
    if network == "bluesky":
        record = {k: v for k, v in made["record"].items() if k != "reply"}
        mention = f"@{target['account']} "
        record["text"] = mention + record["text"]
        end = len(mention.encode()) - 1
        feature = {"$type": "app.bsky.richtext.facet#mention", "did": target["did"]}
        record["facets"] = [{"index": {"byteStart": 0, "byteEnd": end}, "features": [feature]}]
        return {
            **made,
            "record": record,
            "text": record["text"],
            "cid": record_cid(record),
            "reply_to": None,
            "reply_root": None,
            "mentions": [target["did"]],
        }
    raise ValueError(f"the {network} sandbox keeps no mentions (mastodon and bluesky do)")


def reactions(state: State, network: str, post: str, kind: str) -> list[dict[str, Any]]:
    """The likes or reposts of a stored post, oldest first."""
    with state.lock:
        return [
            dict(a)
            for a in state.data.get("audience", [])
            if a["network"] == network and a["post"] == post and a["kind"] == kind
        ]


def _find(state: State, network: str, post: str) -> dict[str, Any]:
    for item in state.data["posts"]:
        if item["network"] == network and item["id"] == post and not item.get("comment"):
            found: dict[str, Any] = item
            return found
    raise ValueError(f"no {network} post {post} in the sandbox")


def _epoch(value: Any, config: Config) -> float:
    if value is None:
        return config.now()
    if isinstance(value, int | float):
        return float(value)
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _iso(when: float, millis: bool = True) -> str:
    moment = datetime.fromtimestamp(when, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{moment.microsecond // 1000:03d}Z" if millis else "+0000"
    )


def _vk(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    owner = post["owner_id"]
    return {
        "network": "vk",
        "comment": True,
        "account": str(owner),
        "owner_id": owner,
        "id": str(state.next_id(f"vk:post:{owner}")),
        "reply_to": post["id"],
        "reply_to_comment": int(to) if to else None,
        "text": text,
        "images": [],
        "guid": "",
        "from_id": int(author),
        "date": int(when),
    }


def _instagram(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    return {
        "network": "instagram",
        "comment": True,
        "account": author,
        "id": str(17800000000000000 + state.next_id("instagram:comment")),
        "reply_to": post["id"],
        "parent": to,
        "text": text,
        "images": [],
        "username": handle,
        "published_at": when,
        "timestamp": _iso(when, millis=False),
    }


def _facebook(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    return {
        "network": "facebook",
        "comment": True,
        "reply_to": post["id"],
        "parent": str(to) if to else None,
        "account": post["account"],  # the Page the comment is on; ``from`` is who wrote it
        "id": f"{post['id'].split('_')[-1]}_{state.next_id('facebook:comment')}",
        "text": text,
        "from": {"id": author, "name": handle},
        "published_at": when,
        "created_time": _iso(when, millis=False),
    }


def _threads(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    media_id = str(18000000000000000 + state.next_id("threads:media"))
    return {
        "network": "threads",
        "account": author,
        "username": handle,
        "id": media_id,
        "text": text,
        "media_type": "TEXT_POST",
        "images": [],
        "alt_texts": [],
        "topic_tag": None,
        "reply_to": str(to or post["id"]),
        "container": None,
        "children": [],
        "published_at": when,
        "timestamp": _iso(when, millis=False),
        "permalink": f"https://www.threads.net/@{handle}/post/{media_id}",
        "insights": {},
    }


def _mastodon(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    return {
        "network": "mastodon",
        "id": str(ID_BASE + state.next_id("mastodon")),
        "account": author,
        "username": handle,
        "text": text,
        "spoiler_text": "",
        "visibility": "public",
        "language": None,
        "media_ids": [],
        "images": [],
        "idempotency_key": None,
        "created_at": _iso(when),
        "reply_to": str(to or post["id"]),
    }


def _bluesky(
    state: State, post: dict[str, Any], author: str, handle: str, text: str, when: float, to: Any
) -> dict[str, Any]:
    parent = _find_any(state, str(to)) if to else post
    record = {
        "$type": COLLECTION,
        "text": text,
        "createdAt": _iso(when),
        "reply": {
            "root": {"uri": post["id"], "cid": post["cid"]},
            "parent": {"uri": parent["id"], "cid": parent["cid"]},
        },
    }
    rkey = tid(int(when * 1_000_000), state.next_id("bluesky:audience"))
    return {
        "network": "bluesky",
        "id": f"at://{author}/{COLLECTION}/{rkey}",
        "rkey": rkey,
        "account": handle,
        "did": author,
        "cid": record_cid(record),
        "text": text,
        "images": [],
        "createdAt": record["createdAt"],
        "indexedAt": record["createdAt"],
        "record": record,
        "reply_to": parent["id"],
        "reply_root": post["id"],
        "reply_valid": True,
    }


def _find_any(state: State, uri: str) -> dict[str, Any]:
    for item in state.data["posts"]:
        if item["network"] == "bluesky" and item["id"] == uri:
            found: dict[str, Any] = item
            return found
    raise ValueError(f"no bluesky post {uri} in the sandbox")


_COMMENT = {
    "vk": _vk,
    "instagram": _instagram,
    "facebook": _facebook,
    "threads": _threads,
    "mastodon": _mastodon,
    "bluesky": _bluesky,
}
