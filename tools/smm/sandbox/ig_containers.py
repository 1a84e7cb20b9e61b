"""Instagram's media containers in the sandbox: made, their image fetched and checked, processed.

A container is what ``POST /{ig-user-id}/media`` makes (sandbox/instagram.py routes to it): one
image, or a carousel of 2-10 carousel items. Like Meta, the sandbox fetches ``image_url`` itself
with a real GET and refuses what Meta refuses, with the codes of Meta's error table
(graph_errors.py); a caption over 2,200 characters or with more than 20 @-mentions, and a 401st
container within 24 hours, are refused when the container is made. A container is IN_PROGRESS for
``processing`` seconds, then ``container_end``; unpublished, it expires after 24 hours (the store,
its clock and the fetch are the ones Threads' containers share: sandbox/meta_containers.py).
"""

from __future__ import annotations

import re
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
from smm.sandbox.meta_containers import ContainerStore

if TYPE_CHECKING:
    from smm.sandbox.instagram import InstagramOptions  # which makes Containers: no import cycle

MAX_BYTES = 8 * 1024 * 1024  # "It should be less than 8 MiB" (Meta error-code table)
MIN_RATIO, MAX_RATIO = 0.8, 1.91
CONTAINER_WINDOW = 24 * 3600.0  # "400 containers within a rolling 24 hour period"
# an @-mention as Instagram links it: a username (letters, digits, '.', '_', at most 30) after '@',
# not inside a word or an e-mail address; the same person mentioned twice is one tag
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{1,30})(?![\w@])")


def mentioned(caption: str) -> set[str]:
    """The usernames a caption @-mentions, case-folded."""
    return {name.rstrip(".").casefold() for name in _MENTION.findall(caption) if name.rstrip(".")}


class Containers(ContainerStore):
    """The containers of every account, kept in ``state`` under ``ig_containers``."""

    options: InstagramOptions
    key, counter, first_id = "ig_containers", "instagram:container", 17900000000000000

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
            wrong_count = GraphError(
                100, "(#100) The carousel must have between 2 and 10 children", 2207007
            )
            ids = self.carousel_items(user, p.get("children", ""), 2, 10, wrong_count)
            return self.store(
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
        return self.store(
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
        data = self.download(url, MAX_BYTES, failed)
        if len(data) >= MAX_BYTES:
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

    def created_today(self, user: str) -> int:
        """Containers ``user`` created in the last 24 hours, carousel items included."""
        since = self.config.now() - CONTAINER_WINDOW
        with self.state.lock:
            return sum(
                1 for c in self.all().values() if c["user"] == user and c["created"] >= since
            )
