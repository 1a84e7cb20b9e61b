"""Instagram Graph API content publishing as a Facebook-Login app sees it: /v<ver>/<node>[/<edge>].

Emulated: POST /{ig-user-id}/media (single image with caption and alt_text; carousel items with
is_carousel_item=true; media_type=CAROUSEL with 2-10 children), GET /{container-id}?fields=
status_code (IN_PROGRESS for ``instagram_processing`` seconds, then FINISHED, or ERROR/EXPIRED),
POST /{ig-user-id}/media_publish?creation_id=, GET /{ig-user-id}/content_publishing_limit,
GET /{ig-user-id}/media (newest first), GET /{media-id}?fields=... (permalink, like_count ...)
GET /{media-id}/insights and DELETE /{media-id} (``{"success": true}``; the post stays in
/_sandbox/posts with ``deleted: true``, every later call on it is 100/33). Errors have Graph's shape {"error": {"message", "type", "code",
"error_subcode", "fbtrace_id"}}.

Like Meta, the sandbox fetches ``image_url`` itself with a real GET (in tests a loopback
FileServer over the repository) and refuses what Meta refuses, with the codes of Meta's error
table (graph_errors.py): not reachable or not an image (9004/2207052), over 8 MiB (36000/2207004),
not JPEG (36001/2207005), an aspect ratio outside 4:5..1.91:1 (36003/2207009), a caption over
2,200 characters (36004/2207010) or with more than 20 @-mentions (100/2207040), and a 401st
container within 24 hours (documented limit, guessed error). Publishing counts against
``content_publishing_limit`` (9/2207042). A new post's insights are an empty data set for its
first ``instagram_insights_delay`` seconds, as Meta's may be for up to 48 h. Every window counts
in the sandbox's clock (``Config.now``), which follows a run's ``--now``.

Comments under published media (POST/GET /{ig-media-id}/comments) are in ig_comments.py.
Containers (made, fetched, checked, processed) are in ig_containers.py; published media as
read back (fields, insights) in ig_media.py; Meta's error table in graph_errors.py; the token,
``fields`` and injected faults read and answered as on Threads' host in graph_requests.py.

The server passes no HTTP verb to an API, so ``/{ig-user-id}/media`` is a create when the request
has a body or creation parameters, else a listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smm.sandbox import edits
from smm.sandbox.facebook import is_page_path
from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import (
    DOCUMENTED,
    SUBCODES,
    GraphError,
    documented,
    unsupported,
)
from smm.sandbox.graph_requests import access_token, requested_fields, server_error, throttled
from smm.sandbox.growth import record, shown
from smm.sandbox.ig_comments import MediaComments
from smm.sandbox.ig_containers import Containers
from smm.sandbox.ig_containers import mentioned as mentioned  # where tests and callers find it
from smm.sandbox.ig_media import (
    MEDIA_FIELDS,
    METRICS,
    insight_names,
    insights,
    media_fields,
    shortcode,
)
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any]
CONTAINER_FIELDS = {"id", "status_code", "status", "copyright_check_status"}


@dataclass(frozen=True)
class InstagramOptions:
    """How strict the Graph API sandbox is. None for tokens or users: any non-empty token, any user."""

    tokens: frozenset[str] | None = None  # access tokens
    users: frozenset[str] | None = None  # IG user ids that exist
    processing: float = 0.3  # seconds a new container stays IN_PROGRESS
    container_end: str = "FINISHED"  # what containers become then: FINISHED, ERROR or EXPIRED
    quota: int = 50  # posts per window per account (media_publish reference: 50 in 24 h)
    quota_window: float = 86400.0
    # containers an account may create per window (ig-user/media reference: "An Instagram account
    # can only create 400 containers within a rolling 24 hour period")
    containers: int = 400
    # seconds a new post's insights stay an empty data set (Meta: "may lag up to 48 h"; the sandbox
    # takes the first 2 hours, so a 1-hour metrics reading meets it and the 24-hour one does not)
    insights_delay: float = 7200.0
    fetch_timeout: float = 5.0  # seconds the image_url fetch may take


class InstagramApi:
    network = "instagram"
    probe = "/v21.0/1/media"  # a path this API answers (tests/networks/test_registry.py)
    _PATH = re.compile(r"^/(v\d+\.\d+)/([0-9A-Za-z_]+)(?:/([a-z_]+))?/?$")

    def __init__(self, options: InstagramOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.containers = Containers(options, config, state)
        self.comments = MediaComments(config, state)

    def route(self, path: str) -> tuple[str, str] | None:
        """(edge or "node", "<version>/<node id>") for /v<ver>/<node>[/<edge>], else None."""
        match = self._PATH.match(path)
        if not match or is_page_path(match.group(2), match.group(3)):
            return None  # none, or a Facebook Page's path on the same Graph host (facebook.py)
        return match.group(3) or "node", f"{match.group(1)}/{match.group(2)}"

    def bad_body(self, message: str) -> Reply:
        return GraphError(100, f"(#100) {message}").reply()

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "echo":  # a Graph error with the request quoted in every text field
            status = fault.status or 400
            code = fault.code or {400: 100, 429: 4}.get(status, 1)
            status, body = GraphError(
                code,
                req.raw,
                SUBCODES.get(code),
                status=status,
                user_title=req.raw,
                user_msg=req.raw,
            ).reply()
            body["error"]["fbtrace_id"] = req.raw
            return status, body
        if fault.kind == "429":  # Graph answers rate limits with HTTP 400 and code 4/17/32/613
            return throttled()
        if fault.kind == "500":
            return server_error()
        code = fault.code or 1
        subcode = fault.subcode if fault.subcode is not None else SUBCODES.get(code)
        if (code, subcode) in DOCUMENTED and not fault.message:
            return documented(code, subcode, creation_id=req.params.get("creation_id", "?")).reply()
        return GraphError(
            code,
            fault.message or "An unknown error has occurred.",
            subcode,
            status=500 if code in (1, 2) else 400,
        ).reply()

    def dispatch(self, method: str, where: str, req: Request) -> Reply:
        version, node = where.split("/", 1)
        try:
            self._auth(req)
            if method == "node" and req.verb == "DELETE":
                return 200, self._delete(node)
            if method == "node":
                return 200, self._node(node, req)
            if method == "insights":
                return 200, self._insights(version, node, req)
            if method == "comments":
                return 200, self._comments(node, req)
            self._user(node)
            if method == "media":
                creating = bool(req.headers.get("content-type")) or any(
                    k in req.params
                    for k in ("image_url", "media_type", "children", "is_carousel_item")
                )
                return 200, self.containers.create(node, req) if creating else self._list(node, req)
            if method == "media_publish":
                return 200, self._publish(node, req)
            if method == "content_publishing_limit":
                return 200, self._limit(node, req)
            raise GraphError(2500, f"Unknown path components: /{method}")
        except GraphError as exc:
            return exc.reply()

    # -- checks ------------------------------------------------------------------------------

    def _auth(self, req: Request) -> None:
        access_token(req, self.options.tokens, ("bearer ", "oauth "))

    def _user(self, user: str) -> None:
        known = self.options.users
        if known is not None and user not in {str(u) for u in known}:
            raise unsupported(user, "post")

    # -- publishing --------------------------------------------------------------------------

    def _publish(self, user: str, req: Request) -> dict[str, str]:
        creation = req.params.get("creation_id", "")
        with self.state.lock:
            container = self.containers.all().get(creation)
            if container is None or container["user"] != user:
                raise GraphError(100, "(#100) Param creation_id is not a valid media container id")
            if container["is_carousel_item"]:
                raise GraphError(
                    100, "(#100) A carousel item cannot be published on its own"
                )  # wording unconfirmed
            status = self.containers.status(container)
            if status != "FINISHED":
                raise GraphError(
                    9007,
                    "Media ID is not available",
                    2207027,
                    user_title="Media not ready",
                    user_msg="The media is not ready for publishing, please wait for a moment",
                )
            if self._usage(user) >= self.options.quota:
                raise documented(9, 2207042)
            media_id = str(18000000000000000 + self.state.next_id("instagram:media"))
            children = [self.containers.all()[c] for c in container["children"]]
            images = container["images"] if not children else [c["images"][0] for c in children]
            alts = (
                [container.get("alt_text")]
                if not children
                else [c.get("alt_text") for c in children]
            )
            now = self.config.now()
            container["published"] = media_id
            for child in children:
                child["published"] = media_id
            self.state.add_post(
                {
                    "network": "instagram",
                    "account": user,
                    "id": media_id,
                    "text": container["caption"],
                    "media_type": "CAROUSEL_ALBUM" if children else "IMAGE",
                    "images": images,
                    "alt_texts": alts,
                    "container": creation,
                    "children": [c["id"] for c in children],
                    "published_at": now,
                    "timestamp": datetime.fromtimestamp(now, UTC).strftime(
                        "%Y-%m-%dT%H:%M:%S+0000"
                    ),
                    "permalink": f"https://www.instagram.com/p/{shortcode(int(media_id))}/",
                }
            )
        return {"id": media_id}

    def _usage(self, user: str) -> int:
        since = self.config.now() - self.options.quota_window
        return sum(  # a deleted post was published all the same: it keeps its place in the quota
            1
            for p in self.state.posts("instagram")
            if not p.get("comment") and p["account"] == user and p["published_at"] >= since
        )

    def _limit(self, user: str, req: Request) -> dict[str, Any]:
        fields = requested_fields(
            req, {"quota_usage", "config"}, "IGUserContentPublishingLimit", "quota_usage"
        )
        entry: dict[str, Any] = {}
        if "quota_usage" in fields:
            entry["quota_usage"] = self._usage(user)
        if "config" in fields:
            entry["config"] = {
                "quota_total": self.options.quota,
                "quota_duration": int(self.options.quota_window),
            }
        return {"data": [entry]}

    # -- reading -----------------------------------------------------------------------------

    def _profile(self) -> list[dict[str, Any]]:
        """The published media still there, without the comments under them (ig_comments.py)."""
        return [p for p in self.state.posts("instagram") if not p.get("comment") and edits.live(p)]

    def _delete(self, node: str) -> dict[str, Any]:
        """``DELETE /{ig-media-id}``: ``{"success": true}``; then 100/33 like any unknown id."""
        if self._media(node) is None:
            raise unsupported(node, "delete")
        edits.delete(self.state, "instagram", {"id": node, "comment": None})
        return {"success": True}

    def _media(self, media_id: str) -> dict[str, Any] | None:
        for post in self._profile():
            if post["id"] == media_id:
                return post
        return None

    def _node(self, node: str, req: Request) -> dict[str, Any]:
        with self.state.lock:
            container = self.containers.all().get(node)
            if container is not None:
                fields = requested_fields(req, CONTAINER_FIELDS, "ShadowIGMediaBuilder")
                status = self.containers.status(container)
                values = {
                    "id": node,
                    "status_code": status,
                    "status": "Error: sandbox processing failed"
                    if status == "ERROR"
                    else status.title(),
                }
                return {name: values[name] for name in fields if name in values}
        post = self._media(node)
        if post is None:
            raise unsupported(node)
        return media_fields(
            post, requested_fields(req, MEDIA_FIELDS, "IGMedia"), self._figures(post)
        )

    def _comments(self, node: str, req: Request) -> dict[str, Any]:
        """POST (a body or a message) creates the account's comment, else the listing."""
        media = self._media(node)
        if media is None:
            raise unsupported(node, "post" if req.params.get("message") else "get")
        if bool(req.headers.get("content-type")) or "message" in req.params:
            return self.comments.create(media, req)
        return self.comments.list(media, req.params.get("fields") or "id")

    def _list(self, user: str, req: Request) -> dict[str, Any]:
        fields = requested_fields(req, MEDIA_FIELDS, "IGMedia")
        try:
            limit = max(1, min(int(req.params.get("limit") or 25), 100))
        except ValueError:
            raise GraphError(100, "(#100) Param limit must be a number") from None
        posts = [p for p in reversed(self._profile()) if p["account"] == user][:limit]
        data = [media_fields(p, fields, self._figures(p)) for p in posts]
        out: dict[str, Any] = {"data": data}
        if posts:
            out["paging"] = {"cursors": {"before": posts[0]["id"], "after": posts[-1]["id"]}}
        return out

    def _insights(self, version: str, node: str, req: Request) -> dict[str, Any]:
        post = self._media(node)
        if post is None:
            raise unsupported(node)
        names = insight_names(version, req)
        if self.config.now() - post["published_at"] < self.options.insights_delay:
            return {
                "data": []
            }  # a new post's insights: an empty data set, not zeros, for up to 48 h
        return insights(node, names, self._figures(post))

    def _figures(self, post: dict[str, Any]) -> dict[str, int]:
        return shown(self.config, post, post["published_at"], sorted(METRICS))

    def set_metrics(self, media_id: str | int, **figures: int) -> None:
        """Set a post's insights (reach, views, saved, shares, ...; likes and comments are also its
        like_count and comments_count); what is not set stays as it was."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "instagram" and post["id"] == str(media_id):
                    return record(self.state, post, figures, sorted(METRICS))
        raise KeyError(f"no instagram media {media_id}")


#: What the sandbox serves for this network (networks/registry.py): the Graph API of Instagram; and their options.
APIS = (InstagramApi,)
OPTIONS = InstagramOptions
