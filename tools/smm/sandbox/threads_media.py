"""Threads media containers in the sandbox: made and checked, processed, published.

``POST /{threads-user-id}/threads`` makes a container (sandbox/threads.py routes to it), checked as
Meta documents (developers.facebook.com/docs/threads/posts, .../create-posts/text-attachments,
.../retrieve-and-manage-replies): ``media_type`` TEXT, IMAGE or CAROUSEL (``CAROUSEL`` "is not
available" for a single post, only with 2-20 ``children``); text of at most 500 characters, an
emoji counting as its UTF-8 bytes; at most 5 distinct links (``THREADS_API__LINK_LIMIT_EXCEEDED``);
``topic_tag`` of 1-50 characters without '.' or '&'; ``alt_text`` of at most 1,000 characters
(third-party reading); ``reply_to_id`` an existing post. Like Meta, the sandbox fetches
``image_url`` itself with a real GET: JPEG or PNG, at most 8 MB, an aspect ratio of at most 10:1.
A container is IN_PROGRESS for ``processing`` seconds, then ``container_end``; unpublished, it
expires after 24 hours (the troubleshooting page's EXPIRED); the store, its clock and the fetch are
the ones Instagram's containers share (sandbox/meta_containers.py). Error wordings Meta does not
publish are the sandbox's own (unconfirmed), in Graph's shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.networks import counters
from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.graph_errors import GraphError
from smm.sandbox.meta_containers import ContainerStore

if TYPE_CHECKING:
    from smm.sandbox.threads import ThreadsOptions  # which makes Containers: no import cycle

TEXT_LIMIT = 500
LINK_LIMIT = 5
ALT_LIMIT = 1000
TAG_LIMIT = 50
CAROUSEL_MIN, CAROUSEL_MAX = 2, 20
MAX_BYTES = 8 * 1024 * 1024
MAX_RATIO = 10.0
FORMATS = ("JPEG", "PNG")


def threads_length(text: str) -> int:
    """Characters as Threads counts them: an emoji as the number of its UTF-8 bytes (the count
    lint uses too, networks/counters.py ``threads``, so lint never passes what this refuses)."""
    return counters.threads(text)


class Containers(ContainerStore):
    """The containers of every account, kept in ``state`` under ``threads_containers``."""

    options: ThreadsOptions
    key, counter, first_id = "threads_containers", "threads:container", 17890000000000000

    def create(self, user: str, req: Request) -> dict[str, str]:
        """POST /{threads-user-id}/threads: a checked container's id, or Graph's refusal."""
        p = req.params
        kind = p.get("media_type", "").upper()
        item = p.get("is_carousel_item", "").lower() == "true"
        text = p.get("text", "")
        if kind not in ("TEXT", "IMAGE", "CAROUSEL"):
            raise GraphError(
                100, f"(#100) The sandbox takes media_type TEXT, IMAGE or CAROUSEL, not {kind!r}"
            )
        if threads_length(text) > TEXT_LIMIT:
            raise GraphError(100, "(#100) Param text must be at most 500 characters long")
        if len(counters.links(text)) > LINK_LIMIT:
            raise GraphError(
                100,
                "(#100) THREADS_API__LINK_LIMIT_EXCEEDED",
                user_msg=f"A post can have at most {LINK_LIMIT} links.",
            )
        tag = p.get("topic_tag")
        if tag is not None and not (1 <= len(tag) <= TAG_LIMIT and not set(tag) & {".", "&"}):
            raise GraphError(
                100, "(#100) Param topic_tag must be 1-50 characters without '.' or '&'"
            )
        if len(p.get("alt_text", "")) > ALT_LIMIT:
            raise GraphError(100, "(#100) Param alt_text must be at most 1000 characters long")
        reply_to = p.get("reply_to_id") or None
        if reply_to and not any(post["id"] == reply_to for post in self.state.posts("threads")):
            raise GraphError(100, f"(#100) Param reply_to_id is not a valid media id: {reply_to}")
        container: dict[str, Any] = {
            "media_type": kind,
            "text": "" if item else text,
            "topic_tag": tag,
            "reply_to": reply_to,
            "is_carousel_item": item,
            "images": [],
            "alt_texts": [],
            "children": [],
        }
        if kind == "TEXT" and not text:
            raise GraphError(100, "(#100) The parameter text is required for media_type TEXT")
        if kind == "IMAGE":
            url = p.get("image_url", "")
            if not url:
                raise GraphError(100, "(#100) The parameter image_url is required")
            container["images"] = [{**self._fetch(url), "alt": p.get("alt_text")}]
        if kind == "CAROUSEL":
            wrong_count = GraphError(
                100, "(#100) A carousel must have at least 2 and up to 20 children"
            )
            container["children"] = self.carousel_items(
                user, p.get("children", ""), CAROUSEL_MIN, CAROUSEL_MAX, wrong_count
            )
        return self.store(user, container)

    def _fetch(self, url: str) -> dict[str, Any]:
        """GET ``url`` the way Meta does (a real request) and check the image as Threads would."""
        failed = GraphError(
            100,
            "(#100) Media download has failed. The media URI doesn't meet our requirements.",
            user_msg="The media could not be fetched from this URI: " + url,
        )
        data = self.download(url, MAX_BYTES, failed)
        info = inspect_image(data)
        if info is None:
            raise failed
        if len(data) > MAX_BYTES:
            raise GraphError(100, "(#100) The image is larger than 8 MB")
        if info.format not in FORMATS:
            raise GraphError(
                100, f"(#100) The image format ({info.format}) is not supported: JPEG or PNG"
            )
        if max(info.width / info.height, info.height / info.width) > MAX_RATIO:
            raise GraphError(100, "(#100) The image's aspect ratio is over 10:1")
        return {**info.as_dict(), "url": url}
