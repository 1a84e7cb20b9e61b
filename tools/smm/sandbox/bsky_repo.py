"""Bluesky sandbox: the account repos, as a PDS keeps them: blobs, post records, their checks.

Sources (bluesky-social/atproto): uploadBlob stores the raw body and answers a blob ref
``{$type: blob, ref: {$link: <CIDv1 raw sha-256>}, mimeType, size}``; a body over the PDS's
upload limit is 413 ``PayloadTooLarge`` "request entity too large" (xrpc-server util.ts).
Records are checked against app.bsky.feed.post (text at most 300 graphemes and 3000 bytes, langs
at most 3, images at most 4 with alt, blobs this repo uploaded: 400 ``BlobNotFound``, a ref whose
type or size differs from the stored blob: ``InvalidMimeType`` / ``InvalidSize``); a failed check
is 400 ``InvalidRequest`` "Invalid app.bsky.feed.post record: ..." (repo/prepare.ts). The record
key of a post is a TID. createRecord at a key that holds a record fails inside the repo's tree
("There is already a value at key"), which the PDS answers as a bare 500 ``InternalServerError``;
putRecord with ``swapRecord: null`` (create only) answers the same record again as a no-op and a
different one as 400 ``InvalidSwap`` "Record was at <cid>" (putRecord.ts). Record CIDs here hash
canonical JSON, not DAG-CBOR: same shape, different bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from smm.networks.bluesky import MIME_TYPES
from smm.networks.bsky_record import COLLECTION, TID_PATTERN, tid
from smm.networks.counters import graphemes
from smm.sandbox import edits, growth
from smm.sandbox.bsky_auth import Reply, error
from smm.sandbox.forms import inspect_image
from smm.sandbox.state import Config, State

TEXT_GRAPHEMES, TEXT_BYTES = 300, 3000  # lexicon app.bsky.feed.post text
MAX_IMAGES, MAX_LANGS = 4, 3
# a post's figures (a test's through set_metrics, else grown: growth.py) -> the postView counts
FIGURES = {
    "likes": "likeCount",
    "reposts": "repostCount",
    "replies": "replyCount",
    "quotes": "quoteCount",
    "bookmarks": "bookmarkCount",
}


def cid(codec: int, data: bytes) -> str:
    """A CIDv1 (sha-256) in base32: codec 0x55 raw for blobs, 0x71 dag-cbor for records."""
    raw = bytes([1, codec, 0x12, 0x20]) + hashlib.sha256(data).digest()
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


def record_cid(record: Any) -> str:
    return cid(0x71, json.dumps(record, sort_keys=True, ensure_ascii=False).encode())


class Repos:
    """Every account's blobs and post records, kept in the sandbox State."""

    def __init__(self, state: State, blob_limit: int, config: Config) -> None:
        self.state, self.blob_limit, self.config, self.now = state, blob_limit, config, config.now

    def upload(self, did: str, data: bytes, content_type: str) -> Reply:
        if len(data) > self.blob_limit:
            return error(413, "PayloadTooLarge", "request entity too large")
        info = inspect_image(data)
        mime = MIME_TYPES.get(info.format, content_type) if info else content_type
        ref = cid(0x55, data)
        with self.state.lock:
            blobs = self.state.data.setdefault("bluesky_blobs", {})
            blobs[f"{did} {ref}"] = {
                "mimeType": mime,
                "size": len(data),
                "width": info.width if info else None,
                "height": info.height if info else None,
            }
            self.state.save()
        return 200, {
            "blob": {"$type": "blob", "ref": {"$link": ref}, "mimeType": mime, "size": len(data)}
        }

    def write(self, did: str, handle: str, body: dict[str, Any], put: bool) -> Reply:
        """createRecord (``put`` False) or putRecord of an app.bsky.feed.post."""
        if body.get("repo") not in (did, handle):
            return error(401, "AuthenticationRequired", "Authentication Required")
        if body.get("collection") != COLLECTION:
            return error(400, "InvalidRequest", "the sandbox keeps app.bsky.feed.post records only")
        rkey = body.get("rkey") if put or body.get("rkey") else tid(int(self.now() * 1e6), 0)
        if not isinstance(rkey, str) or not TID_PATTERN.match(rkey):
            return error(400, "InvalidRequest", f"Invalid record key for {COLLECTION}: {rkey}")
        record = body.get("record")
        problem = self._invalid(did, record)
        if problem and problem.startswith("Could not find blob"):
            return error(400, "BlobNotFound", problem)
        if problem:
            return error(400, "InvalidRequest", f"Invalid {COLLECTION} record: {problem}")
        assert isinstance(record, dict)
        uri, new_cid = f"at://{did}/{COLLECTION}/{rkey}", record_cid(record)
        with self.state.lock:
            current = self.find(uri)
            if current is not None and not put:
                return error(500, "InternalServerError", "Internal Server Error")
            swap = body.get("swapRecord", "absent")
            if current is not None and current["cid"] == new_cid:
                return 200, {"uri": uri, "cid": new_cid, "validationStatus": "valid"}  # no-op
            held = current["cid"] if current else None
            if swap != "absent" and swap != held:
                return error(400, "InvalidSwap", f"Record was at {held or 'null'}")
            if current is not None:
                self.state.data["posts"].remove(current)
            self.state.add_post(self._post(did, handle, rkey, uri, new_cid, record))
        rev = tid(int(self.now() * 1e6), 1)
        commit = {"cid": record_cid({"rev": rev, "data": new_cid}), "rev": rev}
        return 200, {"uri": uri, "cid": new_cid, "commit": commit, "validationStatus": "valid"}

    def get(self, repo: str, rkey: str, did: str) -> Reply:
        uri = f"at://{did}/{COLLECTION}/{rkey}"
        post = self.find(uri)
        if post is None:
            return error(
                400, "RecordNotFound", f"Could not locate record: at://{repo}/{COLLECTION}/{rkey}"
            )
        return 200, {"uri": uri, "cid": post["cid"], "value": post["record"]}

    def views(self, uris: list[str]) -> list[dict[str, Any]]:
        """app.bsky.feed.defs#postView of each stored post among ``uris``, in their order."""
        out = []
        for uri in uris:
            post = self.find(uri)
            if post is None:
                continue
            view = {
                "uri": uri,
                "cid": post["cid"],
                "author": {"did": post["did"], "handle": post["account"]},
                "record": post["record"],
                "indexedAt": post["indexedAt"],
            }
            born = datetime.fromisoformat(post["indexedAt"]).timestamp()
            figures = growth.shown(self.config, post, born, FIGURES)
            view.update({field: figures[name] for name, field in FIGURES.items()})
            out.append(view)
        return out

    def set_figures(self, post_id: str, figures: dict[str, Any]) -> None:
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "bluesky" and post_id in (post["id"], post["rkey"]):
                    return growth.record(self.state, post, figures, FIGURES)
        raise KeyError(f"no bluesky post {post_id}")

    def delete(self, did: str, handle: str, body: dict[str, Any]) -> Reply:
        """deleteRecord: the record gone (``deleted: true`` in /_sandbox/posts), or already so."""
        if body.get("repo") not in (did, handle):
            return error(401, "AuthenticationRequired", "Authentication Required")
        if body.get("collection") != COLLECTION or not isinstance(body.get("rkey"), str):
            return error(400, "InvalidRequest", "Input must have the properties collection, rkey")
        uri = f"at://{did}/{COLLECTION}/{body['rkey']}"
        edits.delete(self.state, "bluesky", {"id": uri})
        rev = tid(int(self.now() * 1e6), 2)
        return 200, {"commit": {"cid": record_cid({"rev": rev, "deleted": uri}), "rev": rev}}

    def find(self, uri: str) -> dict[str, Any] | None:
        """The live post at ``uri`` (a deleted record is not found)."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "bluesky" and post["id"] == uri and edits.live(post):
                    found: dict[str, Any] = post
                    return found
        return None

    def _post(
        self, did: str, handle: str, rkey: str, uri: str, cid_: str, record: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(record["text"]).encode()
        embed = record.get("embed") or {}
        images = [
            {"alt": i.get("alt"), **i.get("image", {}), "aspectRatio": i.get("aspectRatio")}
            for i in embed.get("images", [])
        ]
        reply = (record.get("reply") or {}).get("parent") or {}
        post: dict[str, Any] = {
            "network": "bluesky",
            "id": uri,
            "rkey": rkey,
            "account": handle,
            "did": did,
            "cid": cid_,
            "text": record["text"],
            "langs": record.get("langs", []),
            "facets": record.get("facets", []),
            # what each facet covers, decoded from its byte offsets: a wrong offset shows here
            "facet_texts": [
                text[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8", "replace")
                for f in record.get("facets", [])
            ],
            "embed": embed,
            "images": images,
            "link": (embed.get("external") or {}).get("uri"),
            "createdAt": record.get("createdAt"),
            "indexedAt": datetime.fromtimestamp(self.now(), UTC).isoformat(),
            "record": record,
        }
        if reply.get("uri"):
            post["reply_to"] = reply["uri"]
            post["reply_root"] = ((record.get("reply") or {}).get("root") or {}).get("uri")
            # the PDS stores a reply whatever it answers (it checks the record's shape only); the
            # AppView then shows a broken thread: the listing says so, for tests to see
            post["reply_valid"] = all(
                self._holds(ref) for ref in (record["reply"]["root"], record["reply"]["parent"])
            )
        return post

    def _invalid(self, did: str, record: Any) -> str | None:
        """What makes ``record`` an invalid post (lex-schema's wording), or None."""
        if not isinstance(record, dict) or record.get("$type") != COLLECTION:
            return f"Record/$type must be {COLLECTION}"
        text = record.get("text")
        if not isinstance(text, str):
            return 'Record must have the property "text"'
        if graphemes(text) > TEXT_GRAPHEMES:
            return f"grapheme too big (maximum {TEXT_GRAPHEMES}, got {graphemes(text)}) at $.text"
        if len(text.encode()) > TEXT_BYTES:
            return f"string too big (maximum {TEXT_BYTES}, got {len(text.encode())}) at $.text"
        if not isinstance(record.get("createdAt"), str):
            return 'Record must have the property "createdAt"'
        if len(record.get("langs", [])) > MAX_LANGS:
            return f"array too big (maximum {MAX_LANGS}) at $.langs"
        for n, facet in enumerate(record.get("facets", [])):
            index = facet.get("index", {}) if isinstance(facet, dict) else {}
            if not all(
                isinstance(index.get(k), int) and index[k] >= 0 for k in ("byteStart", "byteEnd")
            ):
                return f"Record/facets/{n}/index must have byteStart and byteEnd >= 0"
        if "reply" in record:
            problem = _invalid_reply(record["reply"])
            if problem:
                return problem
        embed = record.get("embed")
        if isinstance(embed, dict) and embed.get("$type") == "app.bsky.embed.images":
            return self._invalid_images(did, embed.get("images"))
        if isinstance(embed, dict) and embed.get("$type") == "app.bsky.embed.external":
            external = embed.get("external") or {}
            if not all(isinstance(external.get(k), str) for k in ("uri", "title", "description")):
                return (
                    'Record/embed/external must have the properties "uri", "title", "description"'
                )
        return None

    def _holds(self, ref: dict[str, Any]) -> bool:
        """Whether ``ref`` names a stored post, by uri and the cid it has now."""
        found = self.find(str(ref.get("uri")))
        return found is not None and found.get("cid") == ref.get("cid")

    def _invalid_images(self, did: str, images: Any) -> str | None:
        if not isinstance(images, list) or len(images) > MAX_IMAGES:
            return f"array too big (maximum {MAX_IMAGES}) at $.embed.images"
        blobs = self.state.data.get("bluesky_blobs", {})
        for n, image in enumerate(images):
            if not isinstance(image, dict) or not isinstance(image.get("alt"), str):
                return f'Record/embed/images/{n} must have the property "alt"'
            ref = image.get("image") or {}
            link = (ref.get("ref") or {}).get("$link")
            stored = blobs.get(f"{did} {link}")
            if stored is None:
                return f"Could not find blob: {link}"
            if ref.get("mimeType") != stored["mimeType"] or ref.get("size") != stored["size"]:
                return f"Referenced blob does not match stored blob {link}"
        return None


def _invalid_reply(reply: Any) -> str | None:
    """What makes a post's ``reply`` invalid (app.bsky.feed.post#replyRef: root and parent, each a
    com.atproto.repo.strongRef {uri, cid}), in lex-schema's wording, or None."""
    if not isinstance(reply, dict):
        return "Record/reply must be an object"
    for side in ("root", "parent"):
        ref = reply.get(side)
        if not isinstance(ref, dict):
            return f'Record/reply must have the property "{side}"'
        for key in ("uri", "cid"):
            if not isinstance(ref.get(key), str):
                return f'Record/reply/{side} must have the property "{key}"'
        if not ref["uri"].startswith("at://"):
            return f"Record/reply/{side}/uri must be a valid at-uri"
    return None
