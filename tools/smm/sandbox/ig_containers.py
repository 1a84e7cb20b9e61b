"""Instagram's media containers in the sandbox: made, their image fetched and checked, processed.

A container is what ``POST /{ig-user-id}/media`` makes (sandbox/instagram.py routes to it): one
image, or a carousel of 2-10 carousel items. Like Meta, the sandbox fetches ``image_url`` itself
with a real GET and refuses what Meta refuses, with the codes of Meta's error table
(graph_errors.py); a caption over 2,200 characters or with more than 20 @-mentions, and a 401st
container within 24 hours, are refused when the container is made. A container is IN_PROGRESS for
``processing`` seconds, then ``container_end``; unpublished, it expires after 24 hours.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.graph_errors import (
    CAPTION_LIMIT,
    MENTION_LIMIT,
    GraphError,
    caption_too_long,
    too_many_containers,
    too_many_mentions,
)
from smm.sandbox.state import Config, State

if TYPE_CHECKING:
    from smm.sandbox.instagram import InstagramOptions  # which makes Containers: no import cycle

MAX_BYTES = 8 * 1024 * 1024  # "It should be less than 8 MiB" (Meta error-code table)
MIN_RATIO, MAX_RATIO = 0.8, 1.91
EXPIRY = 24 * 3600.0  # "The container was not published within 24 hours and has expired."
CONTAINER_WINDOW = 24 * 3600.0  # "400 containers within a rolling 24 hour period"
# an @-mention as Instagram links it: a username (letters, digits, '.', '_', at most 30) after '@',
# not inside a word or an e-mail address; the same person mentioned twice is one tag
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{1,30})(?![\w@])")


def mentioned(caption: str) -> set[str]:
    """The usernames a caption @-mentions, case-folded."""
    return {name.rstrip(".").casefold() for name in _MENTION.findall(caption) if name.rstrip(".")}


class Containers:
    """The containers of every account, kept in ``state`` under ``ig_containers``."""

    def __init__(self, options: InstagramOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state

    def all(self) -> dict[str, Any]:
        """Every container made, by id (kept in the sandbox's state)."""
        containers: dict[str, Any] = self.state.data.setdefault("ig_containers", {})
        return containers

    def create(self, user: str, req: Request) -> dict[str, str]:
        """POST /{ig-user-id}/media: a checked container's id, or Graph's refusal."""
        p = req.params
        caption = p.get("caption", "")
        if len(caption) > CAPTION_LIMIT:
            raise caption_too_long(len(caption))
        if len(mentioned(caption)) > MENTION_LIMIT:
            raise too_many_mentions()
        if self.created_today(user) >= self.options.containers:
            raise too_many_containers(self.options.containers)
        if p.get("media_type", "").upper() == "CAROUSEL":
            ids = [c.strip() for c in p.get("children", "").split(",") if c.strip()]
            if not 2 <= len(ids) <= 10:
                raise GraphError(
                    100, "(#100) The carousel must have between 2 and 10 children", 2207007
                )
            with self.state.lock:
                for child in ids:
                    found = self.all().get(child)
                    if found is None or found["user"] != user or not found["is_carousel_item"]:
                        raise GraphError(
                            100, f"(#100) Param children contains an invalid id: {child}"
                        )
            return self._store(
                user,
                {
                    "media_type": "CAROUSEL",
                    "children": ids,
                    "caption": caption,
                    "is_carousel_item": False,
                    "images": [],
                    "alt_text": None,
                },
            )
        if p.get("media_type") not in (None, "", "IMAGE"):
            raise GraphError(
                100, f"(#100) The sandbox publishes images only, not media_type {p['media_type']}"
            )
        url = p.get("image_url", "")
        if not url:
            raise GraphError(100, "(#100) The parameter image_url is required")
        info = self._fetch(url)
        item = p.get("is_carousel_item", "").lower() == "true"
        return self._store(
            user,
            {
                "media_type": "IMAGE",
                "image_url": url,
                "images": [info],
                "caption": "" if item else caption,
                "is_carousel_item": item,
                "alt_text": p.get("alt_text"),
                "children": [],
            },
        )

    def _fetch(self, url: str) -> dict[str, Any]:
        """GET ``url`` the way Meta does (a real request) and check the image as Meta would."""
        failed = GraphError(
            9004,
            "Only photo or video can be accepted as media type.",
            2207052,
            user_title="Media download has failed.",
            user_msg="The media could not be fetched from this URI: " + url,
        )
        if not url.startswith(("http://", "https://")):
            raise failed
        try:
            with urllib.request.urlopen(url, timeout=self.options.fetch_timeout) as answer:
                data = answer.read(MAX_BYTES + 1)
                status = answer.status
        except (urllib.error.URLError, OSError, ValueError):
            raise failed from None
        if status != 200:
            raise failed
        if len(data) > MAX_BYTES:
            raise GraphError(
                36000,
                "The image size is too large.",
                2207004,
                user_title="Image size too large",
                user_msg="The image is too large to download. It should be less than 8 MiB.",
            )
        info = inspect_image(data)
        if info is None:
            raise failed
        if info.format != "JPEG":
            raise GraphError(
                36001,
                "The image format is not supported.",
                2207005,
                user_title="Unsupported image format",
                user_msg=f"The image format ({info.format}) is not supported. Supported formats are: JPEG",
            )
        ratio = info.width / info.height
        if not MIN_RATIO - 0.005 <= ratio <= MAX_RATIO + 0.005:
            raise GraphError(
                36003,
                "The aspect ratio is not supported.",
                2207009,
                user_title="Aspect ratio not supported",
                user_msg=f"The submitted image with aspect ratio ('{info.width}/{info.height}') cannot "
                "be published. Please submit an image with a valid aspect ratio.",
            )
        return {**info.as_dict(), "url": url}

    def _store(self, user: str, container: dict[str, Any]) -> dict[str, str]:
        container_id = str(17900000000000000 + self.state.next_id("instagram:container"))
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
            for bad in ("ERROR", "EXPIRED"):
                if bad in children:
                    return "ERROR"
            if "IN_PROGRESS" in children:
                return "IN_PROGRESS"
        if age < self.options.processing:
            return "IN_PROGRESS"
        return self.options.container_end

    def created_today(self, user: str) -> int:
        """Containers ``user`` created in the last 24 hours, carousel items included."""
        since = self.config.now() - CONTAINER_WINDOW
        with self.state.lock:
            return sum(
                1 for c in self.all().values() if c["user"] == user and c["created"] >= since
            )
