"""The X sandbox's posts and media: create, the user's timeline, lookup with metrics, uploads.

Shapes from docs.x.com (X API v2): ``POST /2/tweets`` answers 201 ``{"data": {"id", "text",
"edit_history_tweet_ids"}}``; ``POST /2/media/upload`` ``{"data": {"id", "media_key",
"size", "expires_after_secs", "image"}}``; ``GET /2/users/:id/tweets`` newest first with
``meta.next_token``; ``DELETE /2/tweets/:id`` ``{"data": {"deleted": true}}`` (the post stays in
``/_sandbox/posts`` with ``deleted: true`` and is gone from every read); ``GET /2/tweets?ids=`` ``{"data": [...], "errors": [...]}`` with a
resource-not-found error per missing id and a Field Authorization Error where
``non_public_metrics`` may not be read (another user's post, or one over 30 days old). Text
comes back as X shows it: ``&``, ``<``, ``>`` escaped, links as t.co links, a t.co link to
the media at the end. Ids are snowflakes of the sandbox's clock, as X's are of its own. Figures
are a test's (``set_metrics``) or grow with the post's age (growth.py).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import UTC, datetime
from typing import Any

from smm.networks.xlength import weighted_length
from smm.sandbox import edits
from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.growth import record, shown
from smm.sandbox.state import Config, State

Reply = tuple[int, Any]
TWEPOCH_MS = 1288834974657  # X's snowflake epoch
MAX_TEXT = 280  # weighted (twitter-text v3)
MAX_MEDIA = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # docs.x.com media best practices: images up to 5 MB
MAX_ALT = 1000
MEDIA_TTL = 86400  # expires_after_secs of an uploaded image
NON_PUBLIC_DAYS = 30
CATEGORIES = ("tweet_image", "tweet_gif", "tweet_video", "amplify_video", "dm_image", "subtitles")
PUBLIC = (
    "retweet_count",
    "reply_count",
    "like_count",
    "quote_count",
    "bookmark_count",
    "impression_count",
)
NON_PUBLIC = ("impression_count", "url_link_clicks", "user_profile_clicks")
FIGURES = PUBLIC + NON_PUBLIC[1:]  # every figure once
_URL = re.compile(r"https?://\S+")
# the tweet.fields that carry figures (names, so a search for them is no managed-block search)
PUBLIC_FIELD, PRIVATE_FIELD = "public_metrics", "non_public_metrics"


class XError(Exception):
    """An answer other than success: status and X's JSON body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("detail", ""))
        self.status, self.body = status, body


def forbidden(detail: str) -> XError:
    return XError(
        403, {"detail": detail, "type": "about:blank", "title": "Forbidden", "status": 403}
    )


def invalid(parameter: str, message: str) -> XError:
    return XError(
        400,
        {
            "errors": [{"parameters": {parameter: []}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    )


def _tco(url: str) -> str:
    return "https://t.co/" + hashlib.sha256(url.encode()).hexdigest()[:10]


class Tweets:
    """Posts and media of the X sandbox, kept in the shared State."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    def _media(self) -> dict[str, Any]:
        media: dict[str, Any] = self.state.data.setdefault("x_media", {})
        return media

    def _snowflake(self) -> str:
        ms = int(self.config.now() * 1000) - TWEPOCH_MS
        return str((ms << 22) | (self.state.next_id("x") & 0x3FFFFF))

    def shown(self, post: dict[str, Any]) -> str:
        """The text as X answers with it."""
        text = html.escape(_URL.sub(lambda m: _tco(m.group(0)), post["text"]), quote=False)
        return f"{text} {_tco('media:' + post['id'])}" if post.get("media_ids") else text

    def upload(self, user: str, req: Request) -> Reply:
        upload = req.files.get("media")
        if upload is None:
            raise invalid("media", "The media field is required.")
        category = req.params.get("media_category", "tweet_image")
        if category not in CATEGORIES:
            raise invalid("media_category", f"{category} is not a valid media_category.")
        info = inspect_image(upload.data)
        if info is None:
            raise invalid("media", "media type unrecognized.")
        if info.bytes > MAX_IMAGE_BYTES:
            raise invalid("media", f"File size exceeds {MAX_IMAGE_BYTES} bytes.")
        media_id = self._snowflake()
        with self.state.lock:
            self._media()[media_id] = {
                "user": user,
                "at": self.config.now(),
                "alt": None,
                "image": info.as_dict(),
            }
            self.state.save()
        image = {"image_type": f"image/{info.format.lower()}", "w": info.width, "h": info.height}
        data = {
            "id": media_id,
            "media_key": f"3_{media_id}",
            "size": info.bytes,
            "expires_after_secs": MEDIA_TTL,
            "image": image,
        }
        return 200, {"data": data}

    def metadata(self, user: str, req: Request) -> Reply:
        media_id = req.params.get("id", "")
        try:
            alt = json.loads(req.params.get("metadata", "{}"))["alt_text"]["text"]
        except (ValueError, KeyError, TypeError):
            raise invalid("metadata", "metadata.alt_text.text is required.") from None
        if not isinstance(alt, str) or len(alt) > MAX_ALT:
            raise invalid("metadata", f"alt_text.text must be at most {MAX_ALT} characters.")
        with self.state.lock:
            media = self._media().get(media_id)
            if media is None or media["user"] != user:
                raise invalid("id", f"Media id {media_id} is invalid.")
            media["alt"] = alt
            self.state.save()
        return 200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": alt}}}}

    def create(self, user: str, req: Request) -> Reply:
        text = req.params.get("text", "")
        media_ids = _json(req.params.get("media"), "media").get("media_ids") or []
        reply_to = _json(req.params.get("reply"), "reply").get("in_reply_to_tweet_id")
        if not text and not media_ids:
            raise invalid("text", "text or media is required.")
        if weighted_length(text) > MAX_TEXT:
            raise forbidden(
                "Your Tweet text is too long. For more information on how X determines text "
                "length see https://github.com/twitter/twitter-text."
            )
        if len(media_ids) > MAX_MEDIA:
            raise invalid("media.media_ids", f"At most {MAX_MEDIA} media ids are allowed.")
        with self.state.lock:
            media = self._media()
            now = self.config.now()
            for media_id in media_ids:
                item = media.get(str(media_id))
                if item is None or item["user"] != user or now - item["at"] > MEDIA_TTL:
                    raise invalid("media.media_ids", "Your media IDs are invalid.")
            mine = [p for p in self._live() if p["account"] == user]
            if any(p["text"] == text for p in mine):
                raise forbidden("You are not allowed to create a Tweet with duplicate content.")
            if reply_to and not any(p["id"] == str(reply_to) for p in self._live()):
                # X's answer (code 385 in v1.1): a 403, nothing stored
                raise forbidden(
                    "You attempted to reply to a Tweet that is deleted or not visible to you."
                )
            post: dict[str, Any] = {
                "network": "x",
                "id": self._snowflake(),
                "account": user,
                "text": text,
                "created_at": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "media_ids": [str(m) for m in media_ids],
                "images": [media[str(m)]["image"] for m in media_ids],
                "alt_texts": [media[str(m)]["alt"] for m in media_ids],
            }
            if reply_to:
                post["reply_to"] = str(reply_to)
            self.state.add_post(post)
        data = {"id": post["id"], "text": self.shown(post), "edit_history_tweet_ids": [post["id"]]}
        return 201, {"data": data}

    def delete(self, user: str, post_id: str) -> Reply:
        """``DELETE /2/tweets/:id``: ``{"data": {"deleted": true}}``; another user's post is 403;
        one deleted already or never there answers ``deleted: false`` (the sandbox's choice:
        docs.x.com says only that the flag tells whether this request deleted it)."""
        post = edits.find(self.state, "x", id=post_id)
        if post is not None and post["account"] != user:
            raise forbidden("You are not allowed to delete a Tweet that is not yours.")
        return 200, {"data": {"deleted": edits.delete(self.state, "x", {"id": post_id})}}

    def _live(self) -> list[dict[str, Any]]:
        return [p for p in self.state.posts("x") if edits.live(p)]

    def timeline(self, user: str, req: Request) -> Reply:
        try:
            limit = int(req.params.get("max_results", "10"))
            offset = int(req.params.get("pagination_token") or "0", 16)
        except ValueError:
            raise invalid("max_results", "max_results must be a number from 5 to 100.") from None
        if not 5 <= limit <= 100:
            raise invalid("max_results", "max_results must be a number from 5 to 100.")
        start = req.params.get("start_time", "")
        posts = [
            p
            for p in reversed(self._live())
            if p["account"] == user and (not start or p["created_at"] >= _iso(start))
        ]
        page = posts[offset : offset + limit]
        if not page:
            return 200, {"meta": {"result_count": 0}}
        fields = _fields(req)
        meta: dict[str, Any] = {
            "result_count": len(page),
            "newest_id": page[0]["id"],
            "oldest_id": page[-1]["id"],
        }
        if offset + limit < len(posts):
            meta["next_token"] = format(offset + limit, "x")
        return 200, {"data": [self._view(p, fields, user) for p in page], "meta": meta}

    def lookup(self, user: str, req: Request) -> Reply:
        ids = [i for i in req.params.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            raise invalid("ids", "ids must hold 1 to 100 post ids.")
        fields, posts = _fields(req), {p["id"]: p for p in self._live()}
        data, errors = [], []
        for post_id in ids:
            post = posts.get(post_id)
            if post is None:
                errors.append(_not_found(post_id))
                continue
            data.append(self._view(post, fields, user))
            if PRIVATE_FIELD in fields and PRIVATE_FIELD not in data[-1]:
                errors.append(_field_forbidden(post_id))
        body: dict[str, Any] = {"data": data} if data else {}
        if errors:
            body["errors"] = errors
        return 200, body

    def _view(self, post: dict[str, Any], fields: set[str], user: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": post["id"],
            "text": self.shown(post),
            "edit_history_tweet_ids": [post["id"]],
        }
        if "created_at" in fields:
            out["created_at"] = post["created_at"]
        born = datetime.fromisoformat(post["created_at"]).timestamp()
        figures = shown(self.config, post, born, FIGURES)
        if PUBLIC_FIELD in fields:
            out[PUBLIC_FIELD] = {name: figures[name] for name in PUBLIC}
        own_and_recent = (
            post["account"] == user and self.config.now() - born < NON_PUBLIC_DAYS * 86400
        )
        if PRIVATE_FIELD in fields and own_and_recent:
            out[PRIVATE_FIELD] = {name: figures[name] for name in NON_PUBLIC}
        return out

    def set_metrics(self, post_id: str | int, **figures: Any) -> None:
        """Set a post's figures (public_metrics and non_public_metrics names; impression_count is
        in both); what is not set stays as it was."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "x" and post["id"] == str(post_id):
                    return record(self.state, post, figures, FIGURES)
        raise KeyError(f"no x post {post_id}")


def _json(value: str | None, name: str) -> dict[str, Any]:
    if not value:
        return {}
    try:
        decoded = json.loads(value)
    except ValueError:
        raise invalid(name, f"{name} must be an object.") from None
    if not isinstance(decoded, dict):
        raise invalid(name, f"{name} must be an object.")
    return decoded


def _fields(req: Request) -> set[str]:
    return {f for f in req.params.get("tweet.fields", "").split(",") if f}


def _iso(value: str) -> str:
    """A start_time as the stored ``created_at`` strings compare."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid("start_time", f"Invalid start_time: {value}.") from None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _not_found(post_id: str) -> dict[str, str]:
    return {
        "value": post_id,
        "detail": f"Could not find tweet with ids: [{post_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": "ids",
        "resource_id": post_id,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def _field_forbidden(post_id: str) -> dict[str, str]:
    return {
        "value": post_id,
        "detail": f"Sorry, you are not authorized to access 'non_public_metrics' on the Tweet "
        f"with ids: {post_id}.",
        "title": "Field Authorization Error",
        "resource_type": "tweet",
        "parameter": "non_public_metrics",
        "resource_id": post_id,
        "section": "data",
        "type": "https://api.twitter.com/2/problems/not-authorized-for-field",
    }
