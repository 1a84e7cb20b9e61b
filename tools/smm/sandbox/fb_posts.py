"""A Facebook Page's photos, posts and comments as the Graph API stores and reads them back.

sandbox/facebook.py routes to ``PagePosts``: unpublished photos (``POST /{page-id}/photos``),
feed posts with their ``attached_media`` (``POST /{page-id}/feed``), listings newest first with
``since`` and cursor paging (``/feed``, ``/published_posts``; comments: fb_comments.py), a post's
fields (reactions, comments and shares as summaries) and its insights. Refusals keep Graph's codes
and words where Meta documents them: 324 "Requires upload file" / "Missing or invalid image file",
100 "Missing message or attachment", 506 "Duplicate status message" (the Page's latest post has
the same text), 3001/1504028 no metric, 100 "The value must be a valid insights metric" (a
deprecated one, e.g. post_impressions). The wording for a bad ``attached_media`` is the
sandbox's (unconfirmed).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from smm.sandbox import edits
from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.graph_errors import GraphError, unsupported
from smm.sandbox.growth import SET, record, shown
from smm.sandbox.state import Config, State

PHOTO_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "TIFF"}  # rules/facebook.yaml images.formats
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # rules/facebook.yaml images.max_bytes
#: the figures set_metrics takes (growth.py grows the same ones)
FIGURES = ("views", "reach", "clicks", "reactions", "shares", "comments")
#: post insights that Graph v24.0 still answers; name -> the figure set_metrics fills it from
INSIGHTS = {
    "post_media_view": "views",
    "post_total_media_view_unique": "reach",
    "post_clicks": "clicks",
    "post_reactions_by_type_total": "reactions",
}
POST_FIELDS = {
    "id",
    "message",
    "created_time",
    "permalink_url",
    "from",
    "shares",
    "reactions",
    "comments",
    "status_type",
    "is_published",
}
_ATTACHED = re.compile(r"^attached_media\[(\d+)\]$")


class PagePosts:
    """Photos in ``state.data['fb_photos']``; posts and comments in the sandbox's posts."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    # -- writing -----------------------------------------------------------------------------

    def photo(self, page: str, req: Request) -> dict[str, Any]:
        upload = req.files.get("source")
        if upload is None and not req.params.get("url"):
            raise GraphError(324, "(#324) Requires upload file")
        info = inspect_image(upload.data) if upload else None
        if info is None or info.format not in PHOTO_FORMATS or info.bytes > MAX_PHOTO_BYTES:
            raise GraphError(324, "(#324) Missing or invalid image file")
        with self.state.lock:
            photo_id = str(100000000000000 + self.state.next_id("facebook:photo"))
            photos = self.state.data.setdefault("fb_photos", {})
            photos[photo_id] = {"page": page, **info.as_dict(), "attached_to": None}
            if req.params.get("published", "true").lower() != "false":  # a photo post of its own
                post = self._store(page, req.params.get("caption", ""), None, [photo_id])
                return {"id": photo_id, "post_id": post["id"]}
            self.state.save()
        return {"id": photo_id}

    def feed(self, page: str, req: Request) -> dict[str, Any]:
        message, link = req.params.get("message", ""), req.params.get("link") or None
        slots = sorted(
            (int(m.group(1)), value)
            for name, value in req.params.items()
            if (m := _ATTACHED.match(name))
        )
        with self.state.lock:
            photos = self.state.data.setdefault("fb_photos", {})
            media = []
            for index, value in slots:
                try:
                    fbid = str(json.loads(value)["media_fbid"])
                except (ValueError, KeyError, TypeError):
                    fbid = ""
                photo = photos.get(fbid)
                if photo is None or photo["page"] != page or photo["attached_to"]:
                    raise GraphError(
                        100, f"(#100) param attached_media[{index}] must be a valid media id"
                    )
                media.append(fbid)
            if not message and not link and not media:
                raise GraphError(100, "(#100) Missing message or attachment")
            latest = self.listing(page, comments_of=None)
            if message and latest and latest[0]["text"] == message:
                raise GraphError(506, "(#506) Duplicate status message")
            post = self._store(page, message, link, media)
        return {"id": post["id"]}

    def edit(self, post_id: str, req: Request) -> dict[str, Any]:
        """``POST /{post-id}`` with ``message``: the text replaced, photos and link kept."""
        message = req.params.get("message")
        if message is None:
            raise GraphError(100, "(#100) Missing message or attachment")
        if edits.edit(self.state, self.config, "facebook", _post_keys(post_id), message) is None:
            raise unsupported(post_id, "post")
        return {"success": True}

    def delete(self, post_id: str) -> dict[str, Any]:
        """``DELETE /{post-id}``: gone from every listing and read; a second one is 100/33."""
        if not edits.delete(self.state, "facebook", _post_keys(post_id)):
            raise unsupported(post_id, "delete")
        return {"success": True}

    def _store(self, page: str, message: str, link: str | None, media: list[str]) -> dict[str, Any]:
        photos = self.state.data["fb_photos"]
        number = self.state.next_id("facebook:post")
        post_id, now = f"{page}_{number}", self.config.now()
        for fbid in media:
            photos[fbid]["attached_to"] = post_id
        post: dict[str, Any] = {
            "network": "facebook",
            "account": page,
            "id": post_id,
            "text": message,
            "link": link,
            "images": [
                {"id": f, **{k: v for k, v in photos[f].items() if k != "page"}} for f in media
            ],
            "published_at": now,
            "created_time": graph_time(now),
            "permalink_url": f"https://www.facebook.com/{page}/posts/{number}",
            "status_type": "added_photos"
            if media
            else ("shared_story" if link else "mobile_status_update"),
            "figures": {},
        }
        self.state.add_post(post)
        return post

    # -- reading -----------------------------------------------------------------------------

    def find(self, post_id: str) -> dict[str, Any]:
        for post in self.state.posts("facebook"):
            if post["id"] == post_id and not post.get("comment") and edits.live(post):
                return post
        raise unsupported(post_id)

    def listing(self, page: str, comments_of: str | None) -> list[dict[str, Any]]:
        """A Page's posts, or a post's comments, newest first."""
        items = [
            p
            for p in self.state.posts("facebook")
            if (p.get("reply_to") == comments_of if comments_of else not p.get("comment"))
            and p["account"] == page
            and edits.live(p)
        ]
        return list(reversed(items))

    def page_of(self, items: list[dict[str, Any]], req: Request, node_type: str) -> dict[str, Any]:
        """``data`` as Graph pages it: ``since``/``until`` (Unix time), ``limit``, ``after``."""
        fields = requested(req, POST_FIELDS, node_type)
        try:
            since = float(req.params.get("since") or 0)
            until = float(req.params.get("until") or 1e12)
            limit = max(1, min(int(req.params.get("limit") or 25), 100))
        except ValueError:
            raise GraphError(100, "(#100) since, until and limit must be numbers") from None
        items = [i for i in items if since <= i["published_at"] <= until]
        if req.params.get("order") == "chronological":
            items.reverse()
        after = req.params.get("after")
        if after:
            ids = [i["id"] for i in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        shown = items[:limit]
        out: dict[str, Any] = {"data": [self.fields(i, fields) for i in shown]}
        if shown:
            out["paging"] = {"cursors": {"before": shown[0]["id"], "after": shown[-1]["id"]}}
            if len(items) > limit:
                out["paging"]["next"] = f"{req.base_url}/?after={shown[-1]['id']}"
        return out

    def figures(self, post: dict[str, Any]) -> dict[str, int]:
        """The post's figures: a test's (set_metrics), else grown with its age (growth.py)."""
        born = datetime.strptime(post["created_time"], "%Y-%m-%dT%H:%M:%S%z").timestamp()
        return shown(self.config, post, born, FIGURES)

    def fields(self, item: dict[str, Any], names: list[str]) -> dict[str, Any]:
        figures = self.figures(item) if item.get("network") == "facebook" else {}
        comments = (item.get(SET) or {}).get("comments")
        if comments is None:
            comments = len(self.listing(item["account"], comments_of=item["id"]))
        values: dict[str, Any] = {
            "id": item["id"],
            "message": item["text"],
            "created_time": item["created_time"],
            "permalink_url": item.get("permalink_url"),
            "from": item.get("from")
            or {"id": item["account"], "name": f"Sandbox Page {item['account']}"},
            "status_type": item.get("status_type"),
            "is_published": True,
            "reactions": {
                "data": [],
                "summary": {"total_count": figures.get("reactions", 0), "viewer_reaction": "NONE"},
            },
            "comments": {
                "data": [],
                "summary": {"order": "ranked", "total_count": comments, "can_comment": True},
            },
        }
        if figures.get("shares"):  # Graph leaves ``shares`` out until someone shares the post
            values["shares"] = {"count": figures["shares"]}
        return {n: values[n] for n in names if values.get(n) is not None}

    def insights(self, post: dict[str, Any], req: Request) -> dict[str, Any]:
        names = [m.strip() for m in req.params.get("metric", "").split(",") if m.strip()]
        if not names:
            raise GraphError(
                3001,
                "Invalid query",
                1504028,
                user_title="No Metric Specified",
                user_msg="No metric was specified to be fetched. Please specify one or more "
                "metrics to be fetched and try again.",
            )
        for name in names:
            if name not in INSIGHTS:  # deprecated ones too: post_impressions, post_engaged_users
                raise GraphError(100, "(#100) The value must be a valid insights metric")
        figures = self.figures(post)
        return {
            "data": [
                {
                    "name": name,
                    "period": "lifetime",
                    "values": [{"value": figures.get(INSIGHTS[name], 0)}],
                    "title": name.replace("_", " ").title(),
                    "id": f"{post['id']}/insights/{name}/lifetime",
                }
                for name in names
            ]
        }

    def set_figures(self, post_id: str, figures: dict[str, Any]) -> None:
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "facebook" and post["id"] == str(post_id):
                    record(self.state, post, figures, FIGURES)
                    return
        raise KeyError(f"no facebook post {post_id}")


def _post_keys(post_id: str) -> dict[str, Any]:
    return {"id": post_id, "comment": None}  # a post, not a comment with the same id shape


def requested(req: Request, allowed: set[str], node_type: str) -> list[str]:
    """The ``fields`` asked for (``reactions.summary(total_count).limit(0)`` is ``reactions``)."""
    names = []
    for raw in (req.params.get("fields") or "id").split(","):
        name = re.split(r"[.{(]", raw.strip(), maxsplit=1)[0]
        if not name:
            continue
        if name not in allowed:
            raise GraphError(
                100, f"(#100) Tried accessing nonexisting field ({name}) on node type ({node_type})"
            )
        names.append(name)
    return names


def graph_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
