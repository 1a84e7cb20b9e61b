"""The OK REST API as a group admin's user token sees it: signed calls, JSON answers or error JSON.

Routes: ``/api/<group>/<method>`` (e.g. /api/mediatopic/post) and ``/fb.do`` with a ``method``
parameter, the two URL forms of apiok.ru/en/dev/methods; ``/upload/ok/<ticket>`` is the upload
URL photosV2.getUploadUrl hands out. The shared server looks faults up by the method it gets from
the path, so a fault for a named method (``method="mediatopic.post"``) meets /api/ calls; a call
to /fb.do is seen as method ``fb.do`` (a fault with no method meets it too).

Checked like the real API (codes and messages: OK's REST error table as third parties mirror it;
the exact message texts are unconfirmed): application_key (101), access_token (102), the
signature over every parameter but sig/access_token/session_key with md5(access_token +
application secret) (104, "No signature specified" / "Invalid signature"), unknown methods (3),
the group (10, when the sandbox is told its groups), attachment JSON and its media items (100),
the text limit (601, with the rules file's unconfirmed 16 000). Calls per second per token over
``ok_per_second`` are refused with FLOOD_BLOCKED (8): the real limit and the code OK uses for it
are unconfirmed. Errors are HTTP 200 with {"error_code", "error_msg", "error_data"}.

Emulated methods: photosV2.getUploadUrl -> POST <upload_url> (multipart pic1..picN) -> tokens;
mediatopic.post (answers the new topic id as a bare JSON string); mediatopic.getTopics (newest
first); mediatopic.getByIds (like/discussion/reshare summaries and views_count: a test's through
``set_metrics``, else grown with the topic's age, sandbox/growth.py); mediatopic.deleteTopic
(``gid``, ``topic_id``: the topic stays in /_sandbox/posts with ``deleted: true`` and leaves
getTopics and getByIds; 300 NOT_FOUND once gone). Shapes beyond the official docs come from
third-party clients.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smm.errors import UsageError
from smm.sandbox import edits
from smm.sandbox.forms import Request
from smm.sandbox.growth import record, shown
from smm.sandbox.ok_errors import ApiError, error_json
from smm.sandbox.ok_photos import MAX_UPLOAD, Photos
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State, Window

Reply = tuple[int, Any]
TEXT_LIMIT = 16000  # rules/ok.yaml text.limit: unconfirmed
TOPIC_BASE = 155_000_000_000_000  # topic ids are long decimal numbers, answered as strings
METRICS = ("likes", "comments", "reshares", "views")


def _app_secrets(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--ok-app KEY=SECRET`` flags -> {key: secret}."""
    apps = {}
    for pair in pairs:
        key, sep, secret = pair.partition("=")
        if not sep or not key or not secret:
            raise UsageError(f"--ok-app: '{pair}' is not KEY=SECRET")
        apps[key] = secret
    return apps


@dataclass(frozen=True)
class OkOptions:
    """How strict the OK sandbox is. None for tokens or groups: accept any."""

    tokens: frozenset[str] | None = None  # access tokens
    groups: frozenset[str] | None = None  # group ids (gid) the tokens may post in
    # application_key -> application secret key, which the sandbox needs to check signatures;
    # None: any application key, with default_secret as its secret (what --sandbox sends)
    app_secrets: dict[str, str] | None = field(
        default=None,
        metadata=flag(
            "--ok-app",
            "an Odnoklassniki application key and its secret, for signature checks "
            "(default: any key, with the secret 'sandbox-token')",
            multiple=True,
            metavar="KEY=SECRET",
            parse=_app_secrets,
        ),
    )
    default_secret: str = "sandbox-token"
    per_second: int = 3  # API calls per second per token: OK's real limit is unconfirmed
    window: float = 1.0


class OkApi:
    network = "ok"
    probe = "/api/mediatopic/getTopics"  # a path this API answers (tests/networks/test_registry.py)
    # OK's method groups are names (mediatopic, photosV2); /api/v1/... and /api/v2/... are Mastodon's
    _API = re.compile(r"^/api/(?!v\d+/)([A-Za-z0-9]+)/([A-Za-z0-9]+)$")
    _UPLOAD = re.compile(r"^/upload/ok/([0-9a-f]+)$")

    def __init__(self, options: OkOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.tokens = frozenset(options.tokens) if options.tokens is not None else None
        self.groups = (
            frozenset(str(g) for g in options.groups) if options.groups is not None else None
        )
        self.window = Window(options.per_second, options.window)
        self.photos = Photos(state, self._gid)
        self.methods: dict[str, Callable[[Request], Any]] = {
            "photosV2.getUploadUrl": self.photos.upload_url,
            "mediatopic.post": self._post,
            "mediatopic.getTopics": self._get_topics,
            "mediatopic.getByIds": self._get_by_ids,
            "mediatopic.deleteTopic": self._delete_topic,
        }

    def route(self, path: str) -> tuple[str, str] | None:
        """(method, ticket) for /api/<group>/<method>, /fb.do and the upload URL, else None."""
        if match := self._API.match(path):
            return f"{match.group(1)}.{match.group(2)}", ""
        if path == "/fb.do":
            return "fb.do", ""
        if match := self._UPLOAD.match(path):
            return "upload", match.group(1)
        return None

    def dispatch(self, method: str, ticket: str, req: Request) -> Reply:
        if method == "upload":
            return self.photos.upload(ticket, req)
        if method == "fb.do":
            req.method = req.params.get("method", "")
        return self.handle(req)

    def bad_body(self, message: str) -> Reply:
        return 400, error_json(4, message)

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if (
            fault.kind == "echo"
        ):  # the error JSON with the request quoted in error_msg and error_data
            status = fault.status or 200
            code = fault.code or {200: 100, 429: 8}.get(status, 1)
            return status, {**error_json(code, req.raw), "error_data": req.raw}
        if (
            fault.kind == "429"
        ):  # OK answers refusals for too many calls as an API error, not HTTP 429
            return 200, error_json(8)
        if fault.kind == "500":  # the front end's own page, not an API error object
            return 500, "<html><body><h1>500 Internal Server Error</h1></body></html>"
        code = fault.code or 1
        return 200, error_json(code, fault.message or "")

    # --- API calls ------------------------------------------------------------------------

    def handle(self, req: Request) -> Reply:
        try:
            token = self._auth(req)
            if req.method not in self.methods:
                raise ApiError(3)
            if self.window.hit(token):
                raise ApiError(8)
            return 200, self.methods[req.method](req)
        except ApiError as exc:
            return 200, error_json(exc.code, exc.detail)

    def _auth(self, req: Request) -> str:
        params = req.params
        app_key = params.get("application_key", "")
        if not app_key:
            raise ApiError(101, "No application key")
        known = self.options.app_secrets
        if known is not None and app_key not in known:
            raise ApiError(101, "Application key is invalid")
        app_secret = known[app_key] if known is not None else self.options.default_secret
        token = params.get("access_token") or params.get("session_key") or ""
        if not token or (self.tokens is not None and token not in self.tokens):
            raise ApiError(102, "Session expired" if token else "No session key")
        sig = params.get("sig", "")
        if not sig:
            raise ApiError(104, "No signature specified")
        if sig.lower() != _signature(params, token, app_secret):
            raise ApiError(104, "Invalid signature")
        if params.get("format", "json").lower() != "json":
            raise ApiError(100, "format: the sandbox answers JSON only")
        return token

    def _gid(self, req: Request) -> str:
        gid = req.params.get("gid", "")
        if not gid.isdigit():
            raise ApiError(
                100, "gid is missing or invalid" if gid else "Missing required parameter gid"
            )
        if self.groups is not None and gid not in self.groups:
            raise ApiError(10, f"no GROUP_CONTENT permission for group {gid}")
        return gid

    def _post(self, req: Request) -> str:
        if req.params.get("type", "") not in (
            "GROUP_THEME",
            "GROUP_THEME_PROMO",
            "GROUP_SUGGESTED",
        ):
            raise ApiError(100, "type must be GROUP_THEME with gid")
        gid = self._gid(req)
        try:
            attachment = json.loads(req.params.get("attachment", ""))
        except ValueError:
            raise ApiError(100, "attachment is not valid JSON") from None
        media = attachment.get("media") if isinstance(attachment, dict) else None
        if not isinstance(media, list) or not media:
            raise ApiError(100, "attachment.media must be a non-empty list")
        texts, images, photo_ids, links = [], [], [], []
        known = self.state.data.get("ok_photos", {})
        for item in media:
            kind = item.get("type") if isinstance(item, dict) else None
            if kind == "text":
                if not isinstance(item.get("text"), str) or not item["text"].strip():
                    raise ApiError(100, "a text item needs text")
                texts.append(item["text"])
            elif kind == "link":
                if not isinstance(item.get("url"), str) or not item["url"].startswith(
                    ("http://", "https://")
                ):
                    raise ApiError(100, "a link item needs an http(s) url")
                links.append(item["url"])
            elif kind == "photo":
                refs = item.get("list")
                if not isinstance(refs, list) or not refs:
                    raise ApiError(100, 'a photo item needs a list of {"id": token}')
                for ref in refs:
                    photo = known.get(ref.get("id")) if isinstance(ref, dict) else None
                    if photo is None or photo["gid"] != gid:
                        raise ApiError(
                            100, "photo token is invalid or was uploaded for another group"
                        )
                    images.append(photo["image"])
                    photo_ids.append(photo["photo_id"])
            else:
                raise ApiError(100, f"unsupported media type {kind!r}")
        if not texts:
            raise ApiError(100, "attachment has no text item")
        text = "\n".join(texts)
        if len(text) > TEXT_LIMIT:
            raise ApiError(601, "text is too long")
        if len(images) > MAX_UPLOAD:
            raise ApiError(100, "too many photos")
        with self.state.lock:
            topic_id = str(TOPIC_BASE + self.state.next_id(f"ok:topic:{gid}"))
            self.state.add_post(
                {
                    "network": "ok",
                    "account": gid,
                    "gid": gid,
                    "id": topic_id,
                    "text": text,
                    "media": media,
                    "images": images,
                    "photo_ids": photo_ids,
                    "links": links,
                    "type": req.params["type"],
                    "on_behalf_of_group": str(attachment.get("onBehalfOfGroup", "")).lower()
                    == "true",
                    # the creation time on OK's clock: the sandbox's, which follows a run's --now
                    "created_ms": int(self.config.now() * 1000),
                }
            )
        # the answer is the bare JSON string "<id>"; the shared server sends a str payload as it
        # is (with a text/html type), so the JSON quoting is done here
        return json.dumps(topic_id)

    def _topic(self, post: dict[str, Any]) -> dict[str, Any]:
        media: list[dict[str, Any]] = [{"type": "text", "text": post["text"]}]
        if post["photo_ids"]:
            media.append({"type": "photo", "photo_refs": [f"photo:{p}" for p in post["photo_ids"]]})
        media += [{"type": "link", "url": url} for url in post["links"]]
        author = f"group:{post['gid']}" if post["on_behalf_of_group"] else "user:1"
        figures = shown(self.config, post, post["created_ms"] / 1000, METRICS)
        return {
            "id": post["id"],
            "created_ms": post["created_ms"],
            "author_ref": author,
            "owner_ref": f"group:{post['gid']}",
            "media": media,
            "like_summary": {"count": figures["likes"]},
            "discussion_summary": {"comments_count": figures["comments"]},
            "reshare_summary": {"count": figures["reshares"]},
            "views_count": figures["views"],
        }

    def _get_topics(self, req: Request) -> dict[str, Any]:
        gid = self._gid(req)
        count = req.params.get("count", "20")
        count_n = min(int(count), 100) if count.isdigit() else 20
        topics = [p for p in reversed(self._live()) if p["gid"] == gid]
        return {
            "media_topics": [self._topic(p) for p in topics[:count_n]],
            "has_more": len(topics) > count_n,
        }

    def _get_by_ids(self, req: Request) -> dict[str, Any]:
        wanted = [t.strip() for t in req.params.get("topic_ids", "").split(",") if t.strip()]
        if not wanted:
            raise ApiError(100, "Missing required parameter topic_ids")
        if len(wanted) > 1 and not req.params.get("media_limit", "").isdigit():
            raise ApiError(100, "media_limit is required for several topics")
        by_id = {p["id"]: p for p in self._live()}
        return {"media_topics": [self._topic(by_id[t]) for t in wanted if t in by_id]}

    def _delete_topic(self, req: Request) -> dict[str, Any]:
        """mediatopic.deleteTopic (gid, topic_id): the topic gone from the group, or 300 NOT_FOUND
        for one that is not there (deleted already, or never). The answer's shape is
        third-party code's (``success``); apiok.ru's page for the method was not found."""
        gid, topic_id = self._gid(req), req.params.get("topic_id", "")
        if not topic_id:
            raise ApiError(100, "Missing required parameter topic_id")
        if not edits.delete(self.state, "ok", {"id": topic_id, "gid": gid}):
            raise ApiError(300, f"topic {topic_id} not found")
        return {"success": True}

    def _live(self) -> list[dict[str, Any]]:
        return [p for p in self.state.posts("ok") if edits.live(p)]

    def set_metrics(self, topic_id: str | int, **figures: int) -> None:
        """Set a topic's figures (likes, comments, reshares, views); what is not set stays as it was."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "ok" and post["id"] == str(topic_id):
                    return record(self.state, post, figures, METRICS)
        raise KeyError(f"no ok topic {topic_id}")


def _signature(params: dict[str, str], token: str, app_secret: str) -> str:
    session_secret = hashlib.md5((token + app_secret).encode("utf-8")).hexdigest().lower()
    joined = "".join(
        f"{k}={params[k]}"
        for k in sorted(params)
        if k not in ("sig", "access_token", "session_key")
    )
    return hashlib.md5((joined + session_secret).encode("utf-8")).hexdigest().lower()


#: What the sandbox serves for this network (networks/registry.py): the OK API and its upload URL; and their options.
APIS = (OkApi,)
OPTIONS = OkOptions
