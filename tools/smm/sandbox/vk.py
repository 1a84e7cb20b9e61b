"""VK API v5.199 as a community-posting user token sees it: /method/<name>, {"response"|"error"}.

Emulated: photos.getWallUploadServer -> POST <upload_url> (multipart field ``photo``) ->
photos.saveWallPhoto, wall.post (from_group, attachments, guid dedupe), wall.get, wall.getById
(with the views/likes/reposts/comments counters: a test's through ``set_metrics``, else grown
with the post's age, sandbox/growth.py),
stats.getPostReach (communities only, at most 30 post_ids, the stats_wallpost_stat fields); token
checks (error 5), the 3-requests-a-second limit per token (error 6), the wall's 50 posts a day
(error 214 "Access to adding post denied: you can only add 50 posts a day", counted per wall over
the last 24 hours of the sandbox's clock, which follows a run's --now), API errors with HTTP 200
and ``request_params`` like the real API. Upload errors use the upload host's own shape.
A post's comments (wall.createComment, wall.getComments) are in vk_comments.py.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smm.sandbox import edits
from smm.sandbox.forms import Request
from smm.sandbox.growth import record, shown
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State, Window
from smm.sandbox.vk_audience import WallAudience
from smm.sandbox.vk_comments import WallComments
from smm.sandbox.vk_errors import ERRORS, ApiError, Reply, error_reply, int_param
from smm.sandbox.vk_photos import WallPhotos

VERSION_MIN = 5.0
MESSAGE_LIMIT = 16384  # commonly cited; wall.post's schema has no maxLength (docs/networks.md#vk)
DAY = 24 * 3600  # the wall's daily post limit counts a rolling day of the sandbox's clock


@dataclass(frozen=True)
class VkOptions:
    """How strict the VK sandbox is. None for tokens or owners: accept any."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--vk-token",
            "the only VK access tokens accepted (default: any non-empty token)",
            multiple=True,
            envvar="SMM_SANDBOX_VK_TOKENS",
        ),
    )
    owners: frozenset[int] | None = field(
        default=None,
        metadata=flag(
            "--vk-owner",
            "the only walls the token may post on, -<group id> (default: any)",
            type=int,
            multiple=True,
        ),
    )
    per_second: int = field(  # API requests per second per user token
        default=3,
        metadata=flag("--vk-per-second", "API requests per second per token", type=int, minimum=1),
    )
    window: float = 1.0  # seconds the per-second count spans
    # wall.post per wall per rolling day: VK answers the 51st with error 214 "Access to adding post
    # denied: you can only add 50 posts a day" (reported in vknet/vk#597; the window is unconfirmed)
    wall_posts_per_day: int = 50


class VkApi:
    network = "vk"
    probe = "/method/wall.get"  # a path this API answers (tests/networks/test_registry.py)
    _METHOD = re.compile(r"^/method/([A-Za-z.]+)$")
    _UPLOAD = re.compile(r"^/upload/vk/([0-9a-f]+)$")

    def route(self, path: str) -> tuple[str, str] | None:
        """(method, ticket) for /method/<name> and the upload URL /upload/vk/<ticket>, else None."""
        if match := self._METHOD.match(path):
            return match.group(1), ""
        if match := self._UPLOAD.match(path):
            return "upload", match.group(1)
        return None

    def dispatch(self, method: str, ticket: str, req: Request) -> Reply:
        return self.photos.upload(ticket, req) if method == "upload" else self.handle(req)

    def bad_body(self, message: str) -> Reply:
        return 400, {"error": message}

    def __init__(self, options: VkOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.window = Window(options.per_second, options.window)
        self.photos = WallPhotos(config, state, self._owner)
        self.comments = WallComments(config, state, self._owner)  # first comments (vk_comments.py)
        self.audience = WallAudience(state, self._owner)
        self.methods: dict[str, Callable[[Request, int], Any]] = {
            "photos.getWallUploadServer": self.photos.upload_server,
            "photos.saveWallPhoto": self.photos.save,
            "wall.post": self._post,
            "wall.get": self._get,
            "wall.getById": self._get_by_id,
            "wall.edit": self._edit,
            "wall.delete": self._delete,
            "stats.getPostReach": self._post_reach,
            "wall.createComment": self.comments.create,
            "wall.getComments": self.comments.list,
            "likes.getList": self.audience.likes,  # contests and the inbox (vk_audience.py)
            "wall.getReposts": self.audience.reposts,
        }

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "echo":  # the error object, every parameter (the token too) quoted back
            status = fault.status or 200
            code = fault.code or {200: 100, 429: 6}.get(status, 10)
            params = [{"key": "method", "value": req.method}, {"key": "oauth", "value": "1"}]
            params += [{"key": k, "value": v} for k, v in req.params.items()]
            return status, {
                "error": {
                    "error_code": code,
                    "error_msg": f"{ERRORS.get(code, 'Error')}: {req.raw}",
                    "request_params": params,
                }
            }
        if fault.kind == "429":
            return error_reply(req, 6, ERRORS[6])
        if fault.kind == "500":  # the front end's own page, not an API error object
            return 500, "<html><body><h1>500 Internal Server Error</h1></body></html>"
        code = fault.code or 1
        return error_reply(req, code, fault.message or ERRORS.get(code, "Error"))

    def handle(self, req: Request) -> Reply:
        try:
            user_id = self._auth(req)
            if req.method not in self.methods:
                raise ApiError(3)
            if self.window.hit(req.params.get("access_token") or req.headers.get("authorization")):
                raise ApiError(6)
            return 200, {"response": self.methods[req.method](req, user_id)}
        except ApiError as exc:
            return error_reply(req, exc.code, exc.message)

    def _auth(self, req: Request) -> int:
        token = req.params.get("access_token", "")
        bearer = req.headers.get("authorization", "")
        if not token and bearer.lower().startswith("bearer "):
            token = bearer[7:].strip()
        if not token:
            raise ApiError(5, "no access_token passed.")
        if self.options.tokens is not None and token not in self.options.tokens:
            raise ApiError(5, "invalid access_token (4).")
        version = req.params.get("v", "")
        try:
            if float(version) < VERSION_MIN:
                raise ApiError(8, "this API version is deprecated")
        except ValueError:
            raise ApiError(8, "v (version) is required") from None
        return 1 + zlib.crc32(token.encode()) % 10**8

    def _owner(self, owner_id: int) -> None:
        known = self.options.owners
        if known is not None and owner_id not in known:
            raise ApiError(214)  # the token's user may not post on that wall (or it does not exist)

    def _post(self, req: Request, user_id: int) -> dict[str, Any]:
        owner = int_param(req, "owner_id", required=False) or user_id
        self._owner(owner)
        message, guid = req.params.get("message", ""), req.params.get("guid", "")
        names = [a.strip() for a in req.params.get("attachments", "").split(",") if a.strip()]
        if not message.strip() and not names:
            raise ApiError(100, "message is empty or invalid")
        if len(message) > MESSAGE_LIMIT:
            raise ApiError(100, "message is too long")
        if len(names) > 10:
            raise ApiError(100, "too many attachments")
        photos = []
        for name in names:
            ref = name.removeprefix("photo").rsplit("_", 2)
            known = (
                self.state.data["vk_photos"].get("_".join(ref[:2]))
                if name.startswith("photo")
                else None
            )
            if known is None and not name.startswith(("http://", "https://")):
                raise ApiError(100, f"attachments is invalid: {name}")
            if known is not None:
                photos.append(known)
        now = int(self.config.now())
        with self.state.lock:
            if guid:  # VK's dedupe: the same guid on the same wall gives back the first post
                for post in self.state.data["posts"]:
                    if (
                        post["network"] == "vk"
                        and not post.get("comment")
                        and post["owner_id"] == owner
                        and post.get("guid") == guid
                    ):
                        return {"post_id": int(post["id"])}
            today = sum(
                1
                for p in self.state.data["posts"]
                if p["network"] == "vk"
                and not p.get("comment")
                and p["owner_id"] == owner
                and p["date"] > now - DAY
            )
            if today >= self.options.wall_posts_per_day:
                raise ApiError(
                    214, f"you can only add {self.options.wall_posts_per_day} posts a day"
                )
            post_id = self.state.next_id(f"vk:post:{owner}")
            from_group = req.params.get("from_group") == "1" and owner < 0
            self.state.add_post(
                {
                    "network": "vk",
                    "account": str(owner),
                    "owner_id": owner,
                    "id": str(post_id),
                    "text": message,
                    "attachments": names,
                    "images": [p["image"] for p in photos],
                    "guid": guid,
                    "from_id": owner if from_group else user_id,
                    "created_by": user_id,
                    "date": now,
                    "photo_objects": [p["object"] for p in photos],
                    "mark_as_ads": req.params.get("mark_as_ads") == "1",
                }
            )
        return {"post_id": post_id}

    def _post_keys(self, req: Request, user_id: int) -> dict[str, Any]:
        """The wall post named by owner_id and post_id, as sandbox/edits.py finds it."""
        owner = int_param(req, "owner_id", required=False) or user_id
        self._owner(owner)
        return {"owner_id": owner, "id": req.params.get("post_id", "").strip(), "comment": None}

    def _edit(self, req: Request, user_id: int) -> dict[str, Any]:
        """wall.edit: the message and the attachments replace the post's (an attachment left out
        is removed); same post_id. A post that is not there (or deleted) is error 100."""
        keys = self._post_keys(req, user_id)
        message = req.params.get("message", "")
        names = [a.strip() for a in req.params.get("attachments", "").split(",") if a.strip()]
        if not message.strip() and not names:
            raise ApiError(100, "message is empty or invalid")
        if len(message) > MESSAGE_LIMIT:
            raise ApiError(100, "message is too long")
        photos = [self.state.data["vk_photos"].get(n.removeprefix("photo")) for n in names]
        edited = edits.edit(
            self.state,
            self.config,
            "vk",
            keys,
            message,
            attachments=names,
            images=[p["image"] for p in photos if p],
            photo_objects=[p["object"] for p in photos if p],
        )
        if edited is None:
            raise ApiError(100, "post_id is invalid: no such post on the wall")
        return {"post_id": int(edited["id"])}

    def _delete(self, req: Request, user_id: int) -> int:
        """wall.delete: 1; a post already deleted (or never there) is error 100, as any bad id."""
        if not edits.delete(self.state, "vk", self._post_keys(req, user_id)):
            raise ApiError(100, "post_id is invalid: no such post on the wall")
        return 1

    def _item(self, post: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": int(post["id"]),
            "owner_id": post["owner_id"],
            "from_id": post["from_id"],
            "created_by": post["created_by"],
            "date": post["date"],
            "text": post["text"],
            "post_type": "post",
            "attachments": [{"type": "photo", "photo": p} for p in post["photo_objects"]],
            **{
                name: {"count": count}
                for name, count in shown(self.config, post, post["date"], COUNTERS).items()
            },
        }

    def set_metrics(self, post_id: str | int, owner_id: int | None = None, **figures: int) -> None:
        """Set a post's figures: counters (views, likes, reposts, comments) and any
        stats.getPostReach field (reach_total, links, ...); what is not set stays as it was."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if (
                    post["network"] == "vk"
                    and post["id"] == str(post_id)
                    and owner_id in (None, post["owner_id"])
                ):
                    return record(self.state, post, figures, COUNTERS + REACH_FIELDS)
        raise KeyError(
            f"no vk post {post_id}" + (f" on wall {owner_id}" if owner_id is not None else "")
        )

    def _wall(self) -> list[dict[str, Any]]:
        """The walls' posts, without the comments under them (vk_comments.py)."""
        return [p for p in self.state.posts("vk") if not p.get("comment") and edits.live(p)]

    def _get(self, req: Request, user_id: int) -> dict[str, Any]:
        owner = int_param(req, "owner_id", required=False) or user_id
        count = min(int_param(req, "count", required=False) or 20, 100)
        offset = int_param(req, "offset", required=False) or 0
        wall = [p for p in reversed(self._wall()) if p["owner_id"] == owner]
        return {"count": len(wall), "items": [self._item(p) for p in wall[offset : offset + count]]}

    def _get_by_id(self, req: Request, user_id: int) -> dict[str, Any]:
        wanted = [p.strip() for p in req.params.get("posts", "").split(",") if p.strip()]
        if not wanted:
            raise ApiError(100, "posts is undefined")
        by_key = {f"{p['owner_id']}_{p['id']}": p for p in self._wall()}
        return {"items": [self._item(by_key[w]) for w in wanted if w in by_key]}

    def _post_reach(self, req: Request, user_id: int) -> list[dict[str, Any]]:
        """stats.getPostReach: a community's own figures per post, for its admins only."""
        owner = int_param(req, "owner_id")
        assert owner is not None
        if owner >= 0:
            raise ApiError(100, "owner_id must be a community (negative)")
        if self.options.owners is not None and owner not in self.options.owners:
            raise ApiError(15, "access to the community statistics denied")
        ids = [p.strip() for p in req.params.get("post_ids", "").split(",") if p.strip()]
        if not ids:
            raise ApiError(100, "post_ids is undefined")
        if len(ids) > 30:
            raise ApiError(100, "post_ids: at most 30 posts")
        wall = {p["id"]: p for p in self._wall() if p["owner_id"] == owner}
        out = []
        for post_id in ids:
            if post_id not in wall:
                raise ApiError(100, f"post_ids: post {post_id} not found")
            post = wall[post_id]
            out.append(
                {"post_id": int(post_id), **shown(self.config, post, post["date"], REACH_FIELDS)}
            )
        return out


# wall.getById counters, and the stats_wallpost_stat fields of stats.getPostReach (vk-api-schema)
COUNTERS = ("comments", "likes", "reposts", "views")
REACH_FIELDS = (
    "hide",
    "join_group",
    "links",
    "reach_ads",
    "reach_subscribers",
    "reach_total",
    "reach_viral",
    "report",
    "to_group",
    "unsubscribe",
)


#: What the sandbox serves for this network (networks/registry.py): the VK API and its upload URL; and their options.
APIS = (VkApi,)
OPTIONS = VkOptions
