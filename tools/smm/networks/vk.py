"""VK API (v5.199) adapter: a rendered post goes to a community wall with wall.post.

docs/networks.md#vk. Photos go first, in three steps (photos.getWallUploadServer -> POST the file as
multipart field ``photo`` -> photos.saveWallPhoto), then one wall.post with ``from_group=1``, the
``photo<owner>_<id>`` attachments, and our marker as ``guid`` (VK's own dedupe key for repeated
wall.post calls). Parameters, the token included, travel in POST bodies, never in URLs.
Metrics (wall.getById's counters, stats.getPostReach) are read in vk_metrics.py.

A post's first comment (docs/publishing.md#first-comments) is wall.createComment on that post,
``from_group=<group id>`` (the community's id, not 1, in this method), with its own marker as
``guid``; it is found again in wall.getComments by its
author (the community) and text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Obj
from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
)
from smm.networks.accounts import NUMERIC_ID, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, send, status_error

if TYPE_CHECKING:
    import httpx

    from smm.networks.audience import Entrant, Feedback

REAL_API = "https://api.vk.com"

#: accounts.vk in a brand file: the community wall and the user token's variable.
ACCOUNT = Obj(
    {
        "owner_id": Field(NUMERIC_ID, description="VK: negative community id"),
        "token_env": TOKEN_ENV,
    }
)

VERSION = "5.199"
MAX_ATTACHMENTS = 10
RECONCILE_DEPTH = 100  # wall.get's maximum count: the newest 100 posts are searched

# error_code -> seconds to wait; nothing was stored (vk-api-schema errors.json)
RETRY_AFTER = {
    6: 1.0,  # Too many requests per second
    9: 60.0,  # Flood control (too many similar actions)
    29: 3600.0,
}  # Rate limit reached (the method's daily quota)
# the API failed on its side; for wall.post it may have stored the post all the same
SERVER_SIDE = {1, 10}  # Unknown error, Internal server error


def post_url(owner_id: int | str, post_id: int | str) -> str:
    return f"https://vk.com/wall{owner_id}_{post_id}"


class VK(HttpAdapter):
    """Posts to a community wall as the community; ``Account.settings['owner_id']`` is -<group id>."""

    id = "vk"
    real_api = REAL_API
    # a user token may make 3 API requests a second (docs/networks.md#vk); upload POSTs go elsewhere
    limiter = RateLimiter(calls=3, period=1.0)

    def publish(self, outgoing: Outgoing) -> Published:
        """Upload the photos, then wall.post; raises RetryableError, MaybePostedError or NetworkError."""
        owner_id, token = _owner(outgoing.account), _token(outgoing.account)
        images = outgoing.rendered.images
        if len(images) > MAX_ATTACHMENTS:
            raise NetworkError(
                self.id, f"{len(images)} images: a post holds at most {MAX_ATTACHMENTS} attachments"
            )
        attachments = self._upload_photos(outgoing, owner_id, token) if images else []
        params: dict[str, Any] = {
            "owner_id": owner_id,
            "from_group": 1,
            "message": outgoing.rendered.text,
            "guid": outgoing.marker,
        }
        if attachments:
            params["attachments"] = ",".join(attachments)
        answer = self._call(token, "wall.post", params, writes=True)
        try:
            post_id = int(answer["post_id"])
        except (KeyError, TypeError, ValueError):
            raise MaybePostedError(self.id, "wall.post answered without a post_id") from None
        return Published(
            id=str(post_id), url=post_url(owner_id, post_id), extra={"attachments": attachments}
        )

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The post if it is among the wall's newest 100 with the same text and photo count, else None.

        wall.get does not return ``guid``, so the rendered text (which a retry would repeat
        byte for byte) is the marker we can see; the newest match wins.
        """
        owner_id, token = _owner(outgoing.account), _token(outgoing.account)
        answer = self._call(
            token, "wall.get", {"owner_id": owner_id, "count": RECONCILE_DEPTH}, writes=False
        )
        want_text, want_photos = _norm(outgoing.rendered.text), len(outgoing.rendered.images)
        for item in answer.get("items", []):
            photos = [a for a in item.get("attachments", []) if a.get("type") == "photo"]
            if _norm(item.get("text", "")) == want_text and len(photos) == want_photos:
                return Published(
                    id=str(item["id"]),
                    url=post_url(owner_id, item["id"]),
                    extra={"reconciled": True},
                )
        return None

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        """wall.edit with the message and every attachment again: VK replaces both, so the
        post's photos are uploaded again (an attachment left out would be removed)."""
        owner_id, token = _owner(outgoing.account), _token(outgoing.account)
        images = outgoing.rendered.images
        attachments = self._upload_photos(outgoing, owner_id, token) if images else []
        params: dict[str, Any] = {
            "owner_id": owner_id,
            "post_id": live.id,
            "message": outgoing.rendered.text,
        }
        if attachments:
            params["attachments"] = ",".join(attachments)
        self._call(token, "wall.edit", params, writes=True)
        return Published(
            live.id, live.url or post_url(owner_id, live.id), {"attachments": attachments}
        )

    def live_text(self, account: Account, live: Published) -> str | None:
        """The wall post's text (wall.getById), None when it is gone."""
        owner_id, token = _owner(account), _token(account)
        answer = self._call(token, "wall.getById", {"posts": f"{owner_id}_{live.id}"}, writes=False)
        items = answer.get("items", []) if isinstance(answer, dict) else answer
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            return None
        return str(items[0].get("text") or "")

    def retract(self, account: Account, live: Published) -> None:
        """wall.delete; a post already gone counts as deleted (VK answers error 100 for it)."""
        owner_id, token = _owner(account), _token(account)
        try:
            self._call(
                token, "wall.delete", {"owner_id": owner_id, "post_id": live.id}, writes=True
            )
        except NetworkError as exc:
            if isinstance(exc, RetryableError) or self.live_text(account, live) is not None:
                raise

    def publish_comment(self, outgoing: Outgoing, on: Published) -> Published:
        """The first comment under the wall post ``on``, as the community: wall.createComment."""
        owner_id, token = _owner(outgoing.account), _token(outgoing.account)
        params = {
            "owner_id": owner_id,
            "post_id": on.id,
            "from_group": -owner_id if owner_id < 0 else 0,
            "message": outgoing.rendered.text,
            "guid": outgoing.marker,
        }
        answer = self._call(token, "wall.createComment", params, writes=True)
        try:
            comment_id = int(answer["comment_id"])
        except (KeyError, TypeError, ValueError):
            raise MaybePostedError(
                self.id, "wall.createComment answered without a comment_id"
            ) from None
        return Published(id=str(comment_id), url=f"{post_url(owner_id, on.id)}?reply={comment_id}")

    def reconcile_comment(self, outgoing: Outgoing, on: Published) -> Published | None:
        """The community's comment under ``on`` with the rendered text (wall.getComments, oldest
        first: ours is the first), else None."""
        owner_id, token = _owner(outgoing.account), _token(outgoing.account)
        params = {"owner_id": owner_id, "post_id": on.id, "count": RECONCILE_DEPTH, "sort": "asc"}
        answer = self._call(token, "wall.getComments", params, writes=False)
        want = _norm(outgoing.rendered.text)
        for item in answer.get("items", []):
            if item.get("from_id") == owner_id and _norm(item.get("text", "")) == want:
                url = f"{post_url(owner_id, on.id)}?reply={item['id']}"
                return Published(id=str(item["id"]), url=url, extra={"reconciled": True})
        return None

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in vk_audience.py)."""
        from smm.networks import vk_audience

        return vk_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (networks/audience.py; read in vk_audience.py)."""
        from smm.networks import vk_audience

        return vk_audience.feedback(self, account, live)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, float]]:
        """Views, likes, reposts (as shares) and comments from wall.getById; reach and link clicks
        from stats.getPostReach where the token may read them (vk_metrics.py)."""
        from smm.networks.vk_metrics import read

        return read(self, account, ids)

    def _upload_photos(self, outgoing: Outgoing, owner_id: int, token: str) -> list[str]:
        """The ``photo<owner>_<id>`` attachments of the post's images, uploaded to the community.

        Every step here is safe to repeat: a retried upload or save at worst leaves an unused
        photo in the community's hidden wall album; nothing appears on the wall before wall.post.
        """
        if owner_id >= 0:
            raise NetworkError(
                self.id, "photos for a user wall are not supported: owner_id must be -<group id>"
            )
        group_id = -owner_id
        server = self._call(
            token, "photos.getWallUploadServer", {"group_id": group_id}, writes=False
        )
        attachments = []
        for image in outgoing.rendered.images:
            path = outgoing.root / image.src
            try:
                content = read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES)
            except OSError as exc:
                raise NetworkError(
                    self.id, f"cannot read image {image.src}: {exc.strerror}"
                ) from None
            # the upload URL is a signed address on an upload host, not an API method: no pacing
            response = send(
                self.client,
                self.id,
                "POST",
                server["upload_url"],
                writes=False,
                files={"photo": (path.name, content)},
            )
            uploaded = self._answer(response, "upload", writes=False, raw=True)
            if not uploaded.get("photo") or uploaded.get("photo") == "[]":
                raise NetworkError(
                    self.id,
                    f"the upload server did not accept {image.src}: "
                    f"{uploaded.get('error') or 'no photo in its answer'}",
                )
            saved = self._call(
                token,
                "photos.saveWallPhoto",
                {
                    "group_id": group_id,
                    "photo": uploaded["photo"],
                    "server": uploaded["server"],
                    "hash": uploaded["hash"],
                },
                writes=False,
            )
            attachments.append(f"photo{saved[0]['owner_id']}_{saved[0]['id']}")
        return attachments

    def _call(self, token: str, method: str, params: dict[str, Any], *, writes: bool) -> Any:
        self.limiter.wait((self.api_base, token))
        data = {**{k: str(v) for k, v in params.items()}, "access_token": token, "v": VERSION}
        response = send(
            self.client,
            self.id,
            "POST",
            f"{self.api_base}/method/{method}",
            writes=writes,
            data=data,
        )
        return self._answer(response, method, writes=writes)

    def _answer(
        self, response: httpx.Response, method: str, *, writes: bool, raw: bool = False
    ) -> Any:
        if response.status_code != 200:
            raise status_error(
                self.id,
                response.status_code,
                f"{method}: HTTP {response.status_code}",
                response.status_code,
                writes=writes,
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if writes:
                raise MaybePostedError(self.id, f"{method}: an answer that is not VK JSON")
            raise RetryableError(self.id, f"{method}: an answer that is not VK JSON")
        if "error" in body and isinstance(body["error"], dict):
            raise _error(method, body["error"], writes)
        if raw:
            return body
        if "response" not in body:
            raise NetworkError(self.id, f"{method}: an answer without 'response'")
        return body["response"]


def _error(method: str, error: dict[str, Any], writes: bool) -> NetworkError:
    """VK's error object onto the error tree (its request_params never reach the message; the
    token an error_msg may quote is masked when the error becomes text, smm.redaction)."""
    code = error.get("error_code")
    message = f"{method}: {error.get('error_msg') or 'error'}"
    if code in RETRY_AFTER:
        return RetryableError("vk", message, code, retry_after=RETRY_AFTER[code])
    if code in SERVER_SIDE:
        return (
            MaybePostedError("vk", message, code) if writes else RetryableError("vk", message, code)
        )
    # 5 auth failed, 14 captcha (needs a person), 15/200/203 access denied, 100 bad parameter,
    # 214 posting denied (also the wall's 50 posts a day), 219/224 advertisement limits: sending
    # again would fail the same way
    return NetworkError("vk", message, code)


def _owner(account: Account) -> int:
    try:
        return int(account.settings["owner_id"])
    except (KeyError, TypeError, ValueError):
        raise ConfigError(
            "vk: the brand's vk account needs an integer 'owner_id' (-<group id>)"
        ) from None


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"vk: no access token: set {name} in the environment")
    return token


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
