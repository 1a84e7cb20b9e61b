"""The LinkedIn sandbox's objects: images (Images API), posts (Posts API) and comments.

Posts and comments are kept as posts in the sandbox's State (``/_sandbox/posts?network=linkedin``):
a post with ``text`` (what readers see, after the little parse of sandbox/li_little.py),
``commentary`` (the little text LinkedIn kept), ``truncated``, ``images`` (each with its ``alt``);
a comment with ``comment: true`` and ``reply_to`` (the post's URN). They are shown as the Posts
API and the Comments API show them (learn.microsoft.com posts-api "Post schema", comments-api).
"""

from __future__ import annotations

from typing import Any

from smm.sandbox.edits import live
from smm.sandbox.growth import record, shown
from smm.sandbox.state import Config, State

SHARE_BASE = 7_270_000_000_000_000_000  # share ids are 64-bit numbers (urn:li:share:72...)
STATISTICS = (
    "impressionCount",
    "uniqueImpressionsCount",
    "likeCount",
    "commentCount",
    "shareCount",
    "clickCount",
)


class Store:
    """Images, posts and comments over the sandbox's State (persisted with it)."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    def now_ms(self) -> int:
        return int(self.config.now() * 1000)

    # -- images ------------------------------------------------------------------------------

    def _images(self) -> dict[str, Any]:
        table: dict[str, Any] = self.state.data.setdefault("linkedin_images", {})
        return table

    def add_image(self, owner: str) -> tuple[str, str]:
        """A new image waiting for its upload: (its URN, the upload ticket)."""
        with self.state.lock:
            number = self.state.next_id("linkedin_image")
            urn, ticket = f"urn:li:image:D4E10AQ{number:09d}", f"t{number:09d}"
            self._images()[urn] = {"owner": owner, "ticket": ticket, "info": None, "at": 0.0}
            self.state.save()
            return urn, ticket

    def image(self, urn: str) -> dict[str, Any] | None:
        with self.state.lock:
            found = self._images().get(urn)
            return dict(found) if found else None

    def by_ticket(self, ticket: str) -> str | None:
        with self.state.lock:
            return next((u for u, i in self._images().items() if i["ticket"] == ticket), None)

    def uploaded(self, urn: str, info: dict[str, Any]) -> None:
        with self.state.lock:
            self._images()[urn].update(info=info, at=self.config.now())
            self.state.save()

    def image_status(self, urn: str, processing: float) -> str:
        """WAITING_UPLOAD, PROCESSING or AVAILABLE (images-api "Image Status")."""
        image = self.image(urn) or {}
        if not image.get("info"):
            return "WAITING_UPLOAD"
        return "AVAILABLE" if self.config.now() >= image["at"] + processing else "PROCESSING"

    def image_json(self, urn: str, processing: float, base: str) -> dict[str, Any]:
        image = self.image(urn) or {}
        status = self.image_status(urn, processing)
        body: dict[str, Any] = {"id": urn, "owner": image.get("owner"), "status": status}
        if status == "AVAILABLE":
            body["downloadUrl"] = f"{base}/dms/image/{urn.rsplit(':', 1)[-1]}"
        return body

    # -- posts -------------------------------------------------------------------------------

    def next_post_urn(self) -> str:
        return f"urn:li:share:{SHARE_BASE + self.state.next_id('linkedin')}"

    def posts_of(self, author: str) -> list[dict[str, Any]]:
        """The author's posts, newest first (comments are not posts)."""
        mine = [
            p
            for p in self.state.posts("linkedin")
            if p["account"] == author and not p.get("comment") and live(p)
        ]
        return sorted(mine, key=lambda p: (p["created_at"], p["id"]), reverse=True)

    def post(self, urn: str) -> dict[str, Any] | None:
        return next(
            (
                p
                for p in self.state.posts("linkedin")
                if p["id"] == urn and not p.get("comment") and live(p)
            ),
            None,
        )

    def posted_today(self, author: str, day_start_ms: int) -> int:
        return sum(1 for p in self.posts_of(author) if p["created_at"] >= day_start_ms)

    def post_json(self, post: dict[str, Any]) -> dict[str, Any]:
        """A post as GET /rest/posts shows it (the fields a client reads)."""
        images = [{"id": i["urn"], "altText": i["alt"]} for i in post["images"]]
        content: dict[str, Any] = {}
        if len(images) == 1:
            content = {"content": {"media": images[0]}}
        elif images:
            content = {"content": {"multiImage": {"images": images}}}
        return {
            "id": post["id"],
            "author": post["account"],
            "commentary": post["commentary"],
            "visibility": post["visibility"],
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": []},
            "lifecycleState": post["lifecycleState"],
            "lifecycleStateInfo": {"isEditedByAuthor": bool(post.get("edited"))},
            "isReshareDisabledByAuthor": False,
            "createdAt": post["created_at"],
            "publishedAt": post["created_at"],
            "lastModifiedAt": post.get("modified_at", post["created_at"]),
            **content,
        }

    def set_figures(self, urn: str, figures: dict[str, int]) -> None:
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "linkedin" and post["id"] == urn:
                    record(self.state, post, figures, STATISTICS)
                    return
        raise KeyError(f"no linkedin post {urn}")

    def statistics(self, post: dict[str, Any]) -> dict[str, Any]:
        """totalShareStatistics of organizationalEntityShareStatistics."""
        figures: dict[str, Any] = shown(self.config, post, post["created_at"] / 1000, STATISTICS)
        figures["commentCount"] += len(self.comments_on(post["id"]))
        interactions = sum(
            figures[k] for k in ("likeCount", "commentCount", "shareCount", "clickCount")
        )
        impressions = figures["impressionCount"]
        figures["engagement"] = interactions / impressions if impressions else 0.0
        return figures

    # -- comments ----------------------------------------------------------------------------

    def comments_on(self, urn: str) -> list[dict[str, Any]]:
        """The comments under a post, oldest first."""
        found = [
            p for p in self.state.posts("linkedin") if p.get("comment") and p.get("reply_to") == urn
        ]
        return sorted(found, key=lambda p: p["created_at"])

    def add_comment(self, actor: str, on: str, text: str) -> dict[str, Any]:
        with self.state.lock:
            number = str(SHARE_BASE + self.state.next_id("linkedin_comment"))
            comment = {
                "network": "linkedin",
                "comment": True,
                "id": f"urn:li:comment:({on},{number})",
                "comment_id": number,
                "account": actor,
                "reply_to": on,
                "text": text,
                "created_at": self.now_ms(),
            }
            self.state.add_post(comment)  # saves
            return comment

    def comment_json(self, comment: dict[str, Any]) -> dict[str, Any]:
        """A comment as the Comments API shows it."""
        stamp = {"actor": comment["account"], "time": comment["created_at"]}
        return {
            "id": comment["comment_id"],
            "commentUrn": comment["id"],
            "$URN": comment["id"],
            "actor": comment["account"],
            "object": comment["reply_to"],
            "message": {"text": comment["text"], "attributes": []},
            "created": stamp,
            "lastModified": stamp,
        }
