"""The Threads API (graph.threads.net) as a user access token sees it, under /_graph.threads.net.

The real host serves ``/v1.0/...`` paths that Instagram's Graph API shares, so the sandbox keeps
this host apart under its name, as it keeps t.me under /_t.me (the adapter adds the prefix when
its ``api_base`` is a sandbox). Emulated, with Meta's documented shapes
(developers.facebook.com/docs/threads: posts, overview, troubleshooting, insights,
retrieve-and-discover-posts, retrieve-and-manage-replies, reference/user):

- ``POST /{user}/threads``: a media container (threads_media.py checks it);
- ``GET /{container}?fields=id,status,error_message``: IN_PROGRESS, FINISHED, ERROR, EXPIRED,
  PUBLISHED;
- ``POST /{user}/threads_publish?creation_id=``: ``{"id"}``; 250 posts and 1,000 replies per
  profile in a rolling 24 h, a carousel counting once (overview); past them Graph's code 9
  (the code Instagram's publishing limit uses; Threads' own is unconfirmed);
- ``GET /{user}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config``;
- ``GET /{user}/threads`` (the profile's own posts, not replies) and ``GET /{user}/replies``,
  newest first, with ``since``/``until`` (Unix seconds), ``limit`` (at most 100) and ``after``
  cursors; ``GET /{media}?fields=...``;
- ``GET /{media}/insights?metric=views,likes,replies,reposts,quotes,shares`` (lifetime values);
  posts, listings and insights as read back are in threads_posts.py;
  ``GET /{media}/conversation``: its replies (threads_replies.py);
- ``DELETE /{media}``: ``{"success": true, "deleted_id"}``, 100 a day per user (delete-posts);
  the post stays in /_sandbox/posts with ``deleted: true`` and is 100/33 for every later call;
- auth: ``access_token`` (query or form) or a Bearer header; none is 104, an unknown one 190.
  ``me`` is the token's user (a number made from the token), any other user id is taken as is
  (``threads_users`` restricts them).

Errors are Graph's ``{"error": {...}}`` (graph_errors.py); an injected 429 is Graph's code 4 with
HTTP 400, as Meta answers throttling. The token, ``fields`` and the injected faults are read and
answered as on Instagram's host (graph_requests.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from smm.sandbox import edits
from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError, unsupported
from smm.sandbox.graph_requests import access_token, requested_fields, server_error, throttled
from smm.sandbox.growth import record
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State
from smm.sandbox.threads_media import Containers
from smm.sandbox.threads_posts import MEDIA_FIELDS, METRICS, insights, listing, media
from smm.sandbox.threads_replies import conversation

Reply = tuple[int, Any]
PREFIX = "/_graph.threads.net"
CONTAINER_FIELDS = {"id", "status", "error_message"}
LIMIT_FIELDS = {"quota_usage", "config", "reply_quota_usage", "reply_config"}
WINDOW = 86400.0
DELETES_PER_DAY = 100  # docs/threads/posts/delete-posts: 100 deletes per day per account


@dataclass(frozen=True)
class ThreadsOptions:
    """How strict the Threads sandbox is. None for tokens or users: any non-empty token, any user."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--threads-token",
            "the only Threads access tokens accepted (default: any non-empty token)",
            multiple=True,
            envvar="SMM_SANDBOX_THREADS_TOKENS",
        ),
    )
    users: frozenset[str] | None = None  # Threads user ids that exist
    processing: float = field(  # seconds a new container stays IN_PROGRESS
        default=0.3,
        metadata=flag("--threads-processing", "seconds a container stays IN_PROGRESS", type=float),
    )
    container_end: str = "FINISHED"  # what containers become then: FINISHED, ERROR or EXPIRED
    quota: int = 250  # posts per profile per 24 h (overview)
    reply_quota: int = 1000  # replies per profile per 24 h (retrieve-and-manage-replies)
    fetch_timeout: float = 5.0  # seconds the image_url fetch may take


class ThreadsApi:
    network = "threads"
    probe = PREFIX + "/v1.0/me/threads"
    _PATH = re.compile(r"^" + re.escape(PREFIX) + r"/(v\d+\.\d+)/([0-9A-Za-z_]+)(?:/([a-z_]+))?/?$")

    def __init__(self, options: ThreadsOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.containers = Containers(options, config, state)

    def route(self, path: str) -> tuple[str, str] | None:
        """(edge or "node", node id) for /_graph.threads.net/v<ver>/<node>[/<edge>], else None."""
        match = self._PATH.match(path)
        return (match.group(3) or "node", match.group(2)) if match else None

    def bad_body(self, message: str) -> Reply:
        return GraphError(100, f"(#100) {message}").reply()

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "echo":  # a Graph error quoting the whole request in its text fields
            status, body = GraphError(
                fault.code or 100, req.raw, status=fault.status or 400, user_msg=req.raw
            ).reply()
            body["error"]["fbtrace_id"] = req.raw
            return status, body
        if fault.kind == "429":
            return throttled()
        if fault.kind == "500":
            return server_error()
        code = fault.code or 1
        return GraphError(
            code,
            fault.message or "An unknown error has occurred.",
            fault.subcode,
            status=500 if code in (1, 2) else 400,
        ).reply()

    def set_metrics(self, media_id: str | int, **figures: int) -> None:
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "threads" and post["id"] == str(media_id):
                    record(self.state, post, figures, METRICS)
                    return
        raise KeyError(f"no threads post {media_id}")

    def dispatch(self, method: str, node: str, req: Request) -> Reply:
        try:
            user = self._auth(req)
            node = user if node == "me" else node
            if method == "node" and req.verb == "DELETE":
                return 200, self._delete(user, node)
            if method == "node":
                return 200, self._node(node, req)
            if method == "insights":
                return 200, insights(self, node, req)
            if method == "conversation":  # a post's replies: threads_replies.py
                return 200, conversation(self, node, req)
            if self.options.users is not None and node not in self.options.users:
                raise unsupported(node, "post")
            if method == "threads" and (
                req.headers.get("content-type") or "media_type" in req.params
            ):
                return 200, self.containers.create(node, req)
            if method in ("threads", "replies"):
                return 200, listing(self, node, req, replies=method == "replies")
            if method == "threads_publish":
                return 200, self._publish(node, req)
            if method == "threads_publishing_limit":
                return 200, self._limit(node, req)
            raise GraphError(2500, f"Unknown path components: /{method}")
        except GraphError as exc:
            return exc.reply()

    def _auth(self, req: Request) -> str:
        """The token's user id (what ``me`` stands for), or Graph's refusal."""
        token = access_token(req, self.options.tokens)
        return str(int(hashlib.sha256(token.encode()).hexdigest()[:12], 16))

    # -- publishing --------------------------------------------------------------------------

    def _publish(self, user: str, req: Request) -> dict[str, str]:
        creation = req.params.get("creation_id", "")
        with self.state.lock:
            container = self.containers.all().get(creation)
            if container is None or container["user"] != user or container["is_carousel_item"]:
                raise GraphError(100, "(#100) Param creation_id is not a valid media container id")
            status = self.containers.status(container)
            if status == "PUBLISHED":
                raise GraphError(100, "(#100) The media container has already been published")
            if status != "FINISHED":
                raise GraphError(24, f"(#24) The media container is {status}, not FINISHED")
            reply = bool(container["reply_to"])
            if self._usage(user, reply) >= (
                self.options.reply_quota if reply else self.options.quota
            ):
                raise GraphError(
                    9, "Application request limit reached", user_msg="Publishing limit reached"
                )
            children = [self.containers.all()[c] for c in container["children"]]
            for each in (container, *children):
                each["published"] = True
            media_id = str(18000000000000000 + self.state.next_id("threads:media"))
            now = self.config.now()
            images = container["images"] or [c["images"][0] for c in children]
            self.state.add_post(
                {
                    "network": "threads",
                    "account": user,
                    "id": media_id,
                    "text": container["text"],
                    "media_type": {"TEXT": "TEXT_POST", "CAROUSEL": "CAROUSEL_ALBUM"}.get(
                        container["media_type"], "IMAGE"
                    ),
                    "images": images,
                    "alt_texts": [i.get("alt") for i in images],
                    "topic_tag": container["topic_tag"],
                    "reply_to": container["reply_to"],
                    "container": creation,
                    "children": container["children"],
                    "published_at": now,
                    "timestamp": datetime.fromtimestamp(now, UTC).strftime(
                        "%Y-%m-%dT%H:%M:%S+0000"
                    ),
                    "permalink": f"https://www.threads.net/@sandbox_{user}/post/{media_id}",
                    "insights": {},
                }
            )
        return {"id": media_id}

    def _usage(self, user: str, replies: bool) -> int:
        since = self.config.now() - WINDOW
        return sum(
            1
            for p in self.state.posts("threads")
            if p["account"] == user
            and p["published_at"] >= since
            and bool(p["reply_to"]) == replies
        )

    def _limit(self, user: str, req: Request) -> dict[str, Any]:
        fields = requested_fields(req, LIMIT_FIELDS, "ThreadsPublishingLimit")
        values = {
            "quota_usage": self._usage(user, False),
            "config": {"quota_total": self.options.quota, "quota_duration": int(WINDOW)},
            "reply_quota_usage": self._usage(user, True),
            "reply_config": {
                "quota_total": self.options.reply_quota,
                "quota_duration": int(WINDOW),
            },
        }
        return {"data": [{name: values[name] for name in fields}]}

    # -- reading -----------------------------------------------------------------------------

    def _post(self, media_id: str) -> dict[str, Any] | None:
        return next((p for p in self._live() if p["id"] == media_id), None)

    def _live(self) -> list[dict[str, Any]]:
        return [p for p in self.state.posts("threads") if edits.live(p)]

    def _delete(self, user: str, node: str) -> dict[str, Any]:
        """``DELETE /{threads-media-id}``: a post of the token's user's, at most ``DELETES_PER_DAY`` a
        rolling 24 h (the delete-posts page's limit; the refusal's code and words are the
        sandbox's: Graph's 613)."""
        post = self._post(node)
        if post is None:
            raise unsupported(node, "delete")
        with self.state.lock:
            now = self.config.now()
            stamps = self.state.data.setdefault("threads_deletes", {}).setdefault(user, [])
            stamps[:] = [t for t in stamps if t > now - WINDOW]
            if len(stamps) >= DELETES_PER_DAY:
                raise GraphError(613, "(#613) Calls to this api have exceeded the rate limit.")
            stamps.append(now)
            edits.delete(self.state, "threads", {"id": node})
        return {"success": True, "deleted_id": node}

    def _node(self, node: str, req: Request) -> dict[str, Any]:
        with self.state.lock:
            container = self.containers.all().get(node)
            if container is not None:
                status = self.containers.status(container)
                values = {"id": node, "status": status}
                if status == "ERROR":
                    values["error_message"] = "UNKNOWN"
                fields = requested_fields(req, CONTAINER_FIELDS, "ThreadsMediaContainer")
                return {name: values[name] for name in fields if name in values}
        post = self._post(node)
        if post is None:
            raise unsupported(node)
        return media(self, post, requested_fields(req, MEDIA_FIELDS, "ThreadsMedia"))


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (ThreadsApi,)
OPTIONS = ThreadsOptions
