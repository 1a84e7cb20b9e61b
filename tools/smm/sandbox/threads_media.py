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
expires after 24 hours (the troubleshooting page's EXPIRED). Error wordings Meta does not publish
are the sandbox's own (unconfirmed), in Graph's shape.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.graph_errors import GraphError
from smm.sandbox.state import Config, State

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
EXPIRY = 24 * 3600.0
_URL = re.compile(r"https?://[^\s]+")


def threads_length(text: str) -> int:
    """Characters as Threads counts them: an emoji as the number of its UTF-8 bytes."""
    return sum(len(ch.encode("utf-8")) if _emoji(ch) else 1 for ch in text)


def _emoji(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code in (0x200D, 0xFE0F)


class Containers:
    """The containers of every account, kept in ``state`` under ``threads_containers``."""

    def __init__(self, options: ThreadsOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state

    def all(self) -> dict[str, Any]:
        containers: dict[str, Any] = self.state.data.setdefault("threads_containers", {})
        return containers

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
        if len(set(_URL.findall(text))) > LINK_LIMIT:
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
            container["children"] = self._children(user, p.get("children", ""))
        return self._store(user, container)

    def _children(self, user: str, given: str) -> list[str]:
        ids = [c.strip() for c in given.split(",") if c.strip()]
        if not CAROUSEL_MIN <= len(ids) <= CAROUSEL_MAX:
            raise GraphError(100, "(#100) A carousel must have at least 2 and up to 20 children")
        with self.state.lock:
            for child in ids:
                found = self.all().get(child)
                if found is None or found["user"] != user or not found["is_carousel_item"]:
                    raise GraphError(100, f"(#100) Param children contains an invalid id: {child}")
        return ids

    def _fetch(self, url: str) -> dict[str, Any]:
        """GET ``url`` the way Meta does (a real request) and check the image as Threads would."""
        failed = GraphError(
            100,
            "(#100) Media download has failed. The media URI doesn't meet our requirements.",
            user_msg="The media could not be fetched from this URI: " + url,
        )
        if not url.startswith(("http://", "https://")):
            raise failed
        try:
            with urllib.request.urlopen(url, timeout=self.options.fetch_timeout) as answer:
                data, status = answer.read(MAX_BYTES + 1), answer.status
        except (urllib.error.URLError, OSError, ValueError):
            raise failed from None
        info = inspect_image(data) if status == 200 else None
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

    def _store(self, user: str, container: dict[str, Any]) -> dict[str, str]:
        container_id = str(17890000000000000 + self.state.next_id("threads:container"))
        with self.state.lock:
            self.all()[container_id] = {
                **container,
                "id": container_id,
                "user": user,
                "created": self.config.now(),
                "published": None,
            }
            self.state.save()
        return {"id": container_id}

    def status(self, container: dict[str, Any]) -> str:
        """IN_PROGRESS, FINISHED, ERROR, EXPIRED or PUBLISHED, by the sandbox's clock."""
        if container.get("published"):
            return "PUBLISHED"
        age = self.config.now() - container["created"]
        if age > EXPIRY:
            return "EXPIRED"
        if container["media_type"] == "CAROUSEL":
            children = [self.status(self.all()[c]) for c in container["children"]]
            if "ERROR" in children or "EXPIRED" in children:
                return "ERROR"
            if "IN_PROGRESS" in children:
                return "IN_PROGRESS"
        if age < self.options.processing:
            return "IN_PROGRESS"
        return self.options.container_end
