"""LinkedIn's versioned REST API (api.linkedin.com/rest) as an organization's token sees it.

Emulated (learn.microsoft.com/linkedin/marketing, community-management): ``POST /rest/posts``
(201, the post's URN in ``x-restli-id``; ``commentary`` parsed as little text, sandbox/li_little.py),
``GET /rest/posts?q=author&author=<urn>&count&start&sortBy`` (newest first, count up to 100),
``POST /rest/images?action=initializeUpload`` (``{"value": {"uploadUrl", "image"}}``), ``PUT`` of
the bytes to the upload URL (201; Pillow must read them), ``GET /rest/images/<urn>``
(WAITING_UPLOAD, PROCESSING for ``linkedin_processing`` seconds, AVAILABLE),
``POST``/``GET /rest/socialActions/<urn>/comments`` (a comment's ``message.text`` is plain text,
not little), ``GET /rest/socialActions/<urn>`` (likesSummary, commentsSummary) and
``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&shares=List(...)``, and
one post by its URN (sandbox/li_social.py ``entity``): ``GET /rest/posts/<urn>``, its partial
update (``POST`` with ``X-RestLi-Method: PARTIAL_UPDATE``, ``{"patch": {"$set": {"commentary"}}}``,
204) and ``DELETE`` (204, idempotent; then 404 for a read or an update).

- Headers: ``Authorization: Bearer``; none or an unknown token is 401 ``INVALID_ACCESS_TOKEN``
  (``{"status": 401, "serviceErrorCode": 65600, "code": ..., "message": "Invalid access token"}``);
  no ``Linkedin-Version`` is 400 ``VERSION_MISSING``, a version that is not one of the 12 months
  up to the sandbox clock's is 426 ``NONEXISTENT_VERSION`` (LinkedIn sunsets a version after a
  year); ``X-Restli-Protocol-Version`` other than 2.0.0 is 400 (stricter than LinkedIn, which
  reads 1.0 parameters differently: the sandbox makes a client that forgets it fail loudly).
- Permissions (``linkedin_scopes``): creating needs w_organization_social, reading posts,
  comments and social actions r_organization_social, share statistics rw_organization_admin;
  without one: 403 ``ACCESS_DENIED`` "Not enough permissions to access: ...".
- Content: one image (``content.media``) or ``multiImage`` of 2 to 20 (multiimage-post-api), each
  an AVAILABLE image of the same owner, else 400/422 with LinkedIn's error shape.
- Rate limits (shared/api-guide/concepts/rate-limits): daily, reset at midnight UTC, no
  rate-limit headers; ``linkedin_posts_per_day`` posts per author per UTC day, then 429
  ``{"status": 429, "message": "Resource level throttle ..."}``.

Routes are chosen by path before the body is read, so fault methods are ``posts`` (create and
find), ``posts.entity`` (read, update, delete), ``images.initializeUpload``, ``images.upload``,
``images.get``, ``comments`` (create and list), ``socialActions.get`` and ``shareStatistics``. Objects: sandbox/li_store.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import unquote

from smm.sandbox import li_social as social
from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.li_little import parse as parse_little
from smm.sandbox.li_social import body_of, entity, error, int_param
from smm.sandbox.li_store import STATISTICS, Store
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any, dict[str, str]]
ALL_SCOPES = frozenset({"w_organization_social", "r_organization_social", "rw_organization_admin"})
THROTTLED = "Resource level throttle MEMBER DAY limit for calls to this resource is reached."


@dataclass(frozen=True)
class LinkedInOptions:
    """What the organization's token may do. None for tokens: any non-empty token."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--linkedin-token",
            "the only LinkedIn access tokens accepted (default: any non-empty token)",
            multiple=True,
            envvar="SMM_SANDBOX_LINKEDIN_TOKENS",
        ),
    )
    scopes: frozenset[str] = field(
        default=ALL_SCOPES,
        metadata=flag(
            "--linkedin-scope",
            "the OAuth scopes every LinkedIn token holds (default: w_organization_social, "
            "r_organization_social, rw_organization_admin)",
            multiple=True,
        ),
    )
    processing: float = field(  # seconds an uploaded image stays PROCESSING
        default=0.0,
        metadata=flag(
            "--linkedin-processing", "seconds an uploaded image takes to process", type=float
        ),
    )
    posts_per_day: int = field(
        default=150,
        metadata=flag(
            "--linkedin-posts-per-day", "posts per author per UTC day", type=int, minimum=1
        ),
    )
    max_image_bytes: int = 8 * 1024 * 1024


class LinkedInApi:
    network = "linkedin"
    probe = "/rest/posts"
    _ROUTES = (
        (re.compile(r"^/rest/posts$"), "posts"),
        (re.compile(r"^/rest/posts/([^/]+)$"), "posts.entity"),
        (re.compile(r"^/rest/images$"), "images.initializeUpload"),
        (re.compile(r"^/rest/images/([^/]+)$"), "images.get"),
        (re.compile(r"^/dms-uploads/sandbox/([^/]+)$"), "images.upload"),
        (re.compile(r"^/rest/socialActions/([^/]+)/comments$"), "comments"),
        (re.compile(r"^/rest/socialActions/([^/]+)$"), "socialActions.get"),
        (re.compile(r"^/rest/organizationalEntityShareStatistics$"), "shareStatistics"),
    )
    _NEEDS: ClassVar[dict[str, str]] = {
        "images.initializeUpload": "w_organization_social",
        "images.upload": "w_organization_social",
        "images.get": "w_organization_social",  # the uploader checks its own image
        "socialActions.get": "r_organization_social",
        "shareStatistics": "rw_organization_admin",
    }

    def __init__(self, options: LinkedInOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.store = Store(config, state)

    def route(self, path: str) -> tuple[str, str] | None:
        """(endpoint, the URN or ticket in the path, decoded, or "") for a path served here."""
        for pattern, name in self._ROUTES:
            if match := pattern.match(path):
                return name, (unquote(match.group(1)) if match.groups() else "")
        return None

    def bad_body(self, message: str) -> Reply:
        return 400, error(400, message), {}

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "429":  # no Retry-After, no rate-limit headers (rate-limits page)
            return 429, error(429, fault.message or THROTTLED), {}
        if fault.kind == "500":
            return 500, error(500, "Internal Server Error"), {}
        if fault.kind == "echo":
            return fault.status or 400, error(fault.status or 400, req.raw), {}
        status = fault.code or 422
        return status, error(status, fault.message or "ERROR :: injected"), {}

    def set_metrics(self, urn: str | int, **figures: int) -> None:
        known = {k: v for k, v in figures.items() if k in STATISTICS}
        self.store.set_figures(str(urn), known)

    # -- dispatch ----------------------------------------------------------------------------

    def dispatch(self, method: str, ident: str, req: Request) -> Reply:
        refused = self._refused(method, req)
        if refused is not None:
            return refused[0], refused[1], {}
        writes = bool(req.body)  # the server passes no verb: a body is a create
        if method == "posts":
            if writes:
                return self._create_post(req)
            return self._find_posts(req)
        if method == "posts.entity":
            return entity(self.store, ident, req)
        if method == "images.initializeUpload":
            return self._initialize(req)
        if method == "images.upload":
            return self._upload(ident, req)
        if method == "images.get":
            if self.store.image(ident) is None:
                return 404, error(404, f"Image {ident} not found"), {}
            body = self.store.image_json(ident, self.options.processing, req.base_url)
            return 200, body, {}
        if method == "comments":
            return (
                social.comment(self.store, ident, req)
                if writes
                else social.comments(self.store, ident, req)
            )
        if method == "socialActions.get":
            return social.social_actions(self.store, ident)
        return social.statistics(self.store, req)

    def _refused(self, method: str, req: Request) -> tuple[int, Any] | None:
        """The header and permission checks every call meets first (module doc)."""
        token = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        known = self.options.tokens
        if not token:
            return 401, error(401, "Empty oauth2 access token", "EMPTY_ACCESS_TOKEN", 65604)
        if known is not None and token not in known:
            return 401, error(401, "Invalid access token", "INVALID_ACCESS_TOKEN", 65600)
        if method == "images.upload":
            return None  # the upload URL is www.linkedin.com's, outside the versioned API
        version = req.headers.get("linkedin-version", "")
        if not version:
            return 400, error(
                400,
                "A version must be present. Please specify a version by adding the "
                "LinkedIn-Version header.",
                "VERSION_MISSING",
            )
        if not self._active(version):
            message = f"Requested version {version} is not active"
            return 426, error(426, message, "NONEXISTENT_VERSION")
        if req.headers.get("x-restli-protocol-version") != "2.0.0":
            return 400, error(400, "X-Restli-Protocol-Version 2.0.0 is required")
        needs = self._NEEDS.get(method)
        if method in ("posts", "comments", "posts.entity"):
            writes = bool(req.body) or req.verb == "DELETE"
            needs = "w_organization_social" if writes else "r_organization_social"
        if needs and needs not in self.options.scopes:
            what = f"{method}.{version}"
            message = f"Not enough permissions to access: {what}"
            return 403, error(403, message, "ACCESS_DENIED", 100)
        return None

    def _active(self, version: str) -> bool:
        """YYYYMM within the 12 months up to the sandbox clock's month."""
        if not re.fullmatch(r"20\d\d(0[1-9]|1[0-2])", version):
            return False
        today = datetime.fromtimestamp(self.config.now(), UTC)
        months = (today.year * 12 + today.month) - (int(version[:4]) * 12 + int(version[4:]))
        return 0 <= months < 12

    # -- images ------------------------------------------------------------------------------

    def _initialize(self, req: Request) -> Reply:
        if req.params.get("action") != "initializeUpload":
            return 400, error(400, "Unsupported action"), {}
        request = body_of(req).get("initializeUploadRequest")
        owner = request.get("owner") if isinstance(request, dict) else None
        if not isinstance(owner, str) or not owner.startswith("urn:li:"):
            return 422, error(422, "ERROR :: /initializeUploadRequest/owner :: is required"), {}
        urn, ticket = self.store.add_image(owner)
        expires = self.store.now_ms() + 24 * 3600 * 1000
        upload_url = f"{req.base_url}/dms-uploads/sandbox/{ticket}"
        value = {"uploadUrlExpiresAt": expires, "uploadUrl": upload_url, "image": urn}
        return 200, {"value": value}, {}

    def _upload(self, ticket: str, req: Request) -> Reply:
        urn = self.store.by_ticket(ticket)
        if urn is None:
            return 404, error(404, "Upload URL not found"), {}
        if len(req.body) > self.options.max_image_bytes:
            return 400, error(400, "Image is larger than the limit"), {}
        info = inspect_image(req.body)
        if info is None:
            return 400, error(400, "Unable to process the uploaded image"), {}
        self.store.uploaded(urn, info.as_dict())
        return 201, "", {}

    # -- posts -------------------------------------------------------------------------------

    def _create_post(self, req: Request) -> Reply:
        body = body_of(req)
        author = body.get("author")
        if not isinstance(author, str) or not re.fullmatch(
            r"urn:li:(organization|person):\d+", author
        ):
            return 422, error(422, "ERROR :: /author :: is not a valid URN"), {}
        for key in ("commentary", "visibility", "distribution", "lifecycleState"):
            if key not in body:
                return 422, error(422, f"ERROR :: /{key} :: field is required but not found"), {}
        images, refused = self._content(author, body.get("content"))
        if refused is not None:
            return refused
        today = datetime.fromtimestamp(self.config.now(), UTC).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        if self.store.posted_today(author, int(today.timestamp() * 1000)) >= (
            self.options.posts_per_day
        ):
            return 429, error(429, THROTTLED), {}
        little = parse_little(str(body["commentary"]))
        urn = self.store.next_post_urn()
        self.state.add_post(
            {
                "network": "linkedin",
                "id": urn,
                "account": author,
                "text": little.visible,
                "commentary": little.kept,
                "truncated": little.truncated,
                "visibility": body["visibility"],
                "lifecycleState": body["lifecycleState"],
                "images": images,
                "created_at": self.store.now_ms(),
            }
        )
        return 201, "", {"x-restli-id": urn, "x-linkedin-id": urn}

    def _content(self, author: str, content: Any) -> tuple[list[dict[str, Any]], Reply | None]:
        """The images a post's ``content`` names, or the refusal."""
        if content is None:
            return [], None
        if not isinstance(content, dict):
            return [], (422, error(422, "ERROR :: /content :: must be a record"), {})
        if "multiImage" in content:
            listed = (content.get("multiImage") or {}).get("images") or []
            if not 2 <= len(listed) <= 20:
                message = "ERROR :: /content/multiImage/images :: needs 2 to 20 images"
                return [], (422, error(422, message), {})
        elif "media" in content:
            listed = [content["media"]]
        else:
            return [], (422, error(422, "ERROR :: /content :: unsupported content"), {})
        images = []
        for item in listed:
            urn = item.get("id") if isinstance(item, dict) else None
            image = self.store.image(str(urn)) if urn else None
            if image is None or image["owner"] != author:
                return [], (400, error(400, f"Image {urn} does not exist or is not owned"), {})
            if self.store.image_status(str(urn), self.options.processing) != "AVAILABLE":
                return [], (400, error(400, f"Image {urn} is not AVAILABLE yet"), {})
            images.append({**image["info"], "urn": urn, "alt": item.get("altText")})
        return images, None

    def _find_posts(self, req: Request) -> Reply:
        if req.params.get("q") != "author" or not req.params.get("author"):
            return 400, error(400, "Invalid finder: use q=author&author=<urn>"), {}
        start, count = (
            int_param(req.params.get("start"), 0),
            min(int_param(req.params.get("count"), 10), 100),
        )
        posts = self.store.posts_of(req.params["author"])
        page = posts[start : start + count]
        paging = {"start": start, "count": count, "total": len(posts), "links": []}
        return 200, {"elements": [self.store.post_json(p) for p in page], "paging": paging}, {}


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (LinkedInApi,)
OPTIONS = LinkedInOptions
