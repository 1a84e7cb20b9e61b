"""Odnoklassniki (OK REST API) adapter: a rendered post goes to a group as one mediatopic.

docs/networks.md#odnoklassniki. Photos go first (photosV2.getUploadUrl(gid, count) -> one multipart POST of
``pic1`` … ``picN`` to the upload URL -> one token per photo), then one mediatopic.post with
``type=GROUP_THEME``, the group's ``gid`` and an ``attachment`` JSON whose ``media`` holds a text
item, the photo tokens and a link item for the post's own link.

Every request is signed (apiok.ru/en/dev/methods, "Calculating request signature"):

    session secret = md5(access_token + application_secret_key), lower-case hex
    sig = md5(every parameter but sig/access_token/session_key as key=value, sorted by key,
              joined with nothing, + session secret), lower-case hex

Requests go to ``<api>/api/<group>/<method>`` (e.g. /api/mediatopic/post), the second of the two
URL forms the OK docs give for every method (the first is ``fb.do?method=<name>``); the method is
in the path, so it is not a parameter and is not signed. Parameters, the token included, travel
in POST bodies, never in URLs. Nothing secret is ever shown: the token and the application
secret are registered as they are read (Account) and the session secret derived from them here,
so an error that quotes any of them is masked where it becomes text (smm.redaction). A request's
``sig`` is left visible: it is a one-way hash over that one request's parameters, which signs
nothing else and is worthless without the token.

Unconfirmed, from third-party clients only (marked where used): the upload answer's shape, the
photo media item ``{"type": "photo", "list": [{"id": <token>}]}``, the topic URL, the error JSON
and codes, mediatopic.getTopics and the metric field names of mediatopic.getByIds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

from smm.content.types import Field, Obj
from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
)
from smm.networks.accounts import ENV_NAME, NUMERIC_ID, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, send, status_error
from smm.networks.ok_errors import api_error
from smm.redaction import register_secret

if TYPE_CHECKING:
    import httpx

REAL_API = "https://api.ok.ru"

#: accounts.ok in a brand file: the group and the variables of the token, application key and secret.
ACCOUNT = Obj(
    {
        "group_id": Field(NUMERIC_ID, description="Odnoklassniki: group id"),
        "token_env": TOKEN_ENV,
        "app_key_env": Field(ENV_NAME),
        "secret_env": Field(ENV_NAME),
    }
)

MAX_PHOTOS = 10  # rules/ok.yaml images.max_count: unconfirmed, the OK docs give no number
NOT_FOUND = 300  # OK's error table: the object is not there
RECONCILE_DEPTH = 50  # topics mediatopic.getTopics is asked for; its maximum count is unconfirmed
GET_BY_IDS_BATCH = (
    100  # topic_ids per mediatopic.getByIds call: unconfirmed (third-party code uses 100)
)
UNSIGNED = frozenset({"sig", "access_token", "session_key"})

# metric field of mediatopic.getByIds -> (sub-field, smm's metric name); field names unconfirmed
# (third-party clients read like_summary.count, discussion_summary.comments_count,
# reshare_summary.count and views_count)
FIELDS = "media_topic.id,media_topic.like_summary,media_topic.discussion_summary,media_topic.reshare_summary,media_topic.views_count"
SUMMARIES = (
    ("like_summary", "count", "likes"),
    ("discussion_summary", "comments_count", "comments"),
    ("reshare_summary", "count", "shares"),
)


def topic_url(gid: str, topic_id: str) -> str:
    """The group topic's page; the URL shape is unconfirmed (third-party clients build it so)."""
    return f"https://ok.ru/group/{gid}/topic/{topic_id}"


def signature(params: Mapping[str, str], access_token: str, app_secret: str) -> str:
    """The ``sig`` of a request in session (apiok.ru/en/dev/methods), over every other parameter."""
    session_secret = hashlib.md5((access_token + app_secret).encode("utf-8")).hexdigest().lower()
    joined = "".join(f"{key}={params[key]}" for key in sorted(params) if key not in UNSIGNED)
    return hashlib.md5((joined + session_secret).encode("utf-8")).hexdigest().lower()


class OK(HttpAdapter):
    """Posts to a group as the group; ``Account.settings['group_id']`` is the group's id (gid).

    Secrets: ``token`` (the user's access_token, an admin of the group with GROUP_CONTENT and
    PHOTO_CONTENT), ``app_key`` (the application's public key) and ``secret`` (its secret key).
    """

    id = "ok"
    real_api = REAL_API
    # OK publishes no numeric rate limit (users.getCallsLeft reports per-method quotas at run time):
    # 3 calls a second per token is a guess, unconfirmed; the upload URL is not paced
    limiter = RateLimiter(calls=3, period=1.0)

    def publish(self, outgoing: Outgoing) -> Published:
        """Upload the photos, then mediatopic.post; raises RetryableError, MaybePostedError or NetworkError."""
        gid, keys = _gid(outgoing.account), _keys(outgoing.account)
        rendered = outgoing.rendered
        if len(rendered.images) > MAX_PHOTOS:
            raise NetworkError(
                self.id,
                f"{len(rendered.images)} images: smm sends at most {MAX_PHOTOS} "
                "photos to OK (its limit is unconfirmed)",
            )
        media: list[dict[str, Any]] = [{"type": "text", "text": rendered.text}]
        if rendered.images:
            tokens = self._upload_photos(outgoing, gid, keys)
            media.append(
                {"type": "photo", "list": [{"id": token} for token in tokens]}
            )  # shape unconfirmed
        if rendered.link:
            media.append({"type": "link", "url": rendered.link})
        attachment = {"media": media, "onBehalfOfGroup": "true"}
        answer = self._call(
            keys,
            "mediatopic.post",
            {
                "type": "GROUP_THEME",
                "gid": gid,
                "attachment": json.dumps(attachment, ensure_ascii=False),
            },
            writes=True,
        )
        # "the response contains the id of the created mediatopic": with format=json a bare string
        topic_id = (
            str(answer) if isinstance(answer, (str, int)) and not isinstance(answer, bool) else ""
        )
        if not topic_id.isdigit():
            raise MaybePostedError(self.id, "mediatopic.post answered without a topic id")
        return Published(
            id=topic_id, url=topic_url(gid, topic_id), extra={"photos": len(rendered.images)}
        )

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The topic if it is among the group's newest topics with the same text and photo count, else None.

        OK keeps no client-side key of ours on a topic (no guid), so the rendered text, which a
        retry would repeat byte for byte, is what we can recognise; the newest match wins. The
        method (mediatopic.getTopics) and its answer fields (media_topics[].media[].text,
        photo_refs) are unconfirmed: they come from third-party clients.
        """
        gid, keys = _gid(outgoing.account), _keys(outgoing.account)
        answer = self._call(
            keys, "mediatopic.getTopics", {"gid": gid, "count": RECONCILE_DEPTH}, writes=False
        )
        want_text, want_photos = _norm(outgoing.rendered.text), len(outgoing.rendered.images)
        topics = answer.get("media_topics") if isinstance(answer, dict) else None
        for topic in topics or []:
            media = [m for m in topic.get("media") or [] if isinstance(m, dict)]
            text = "\n".join(m.get("text", "") for m in media if m.get("type") == "text")
            photos = sum(len(m.get("photo_refs") or []) for m in media if m.get("type") == "photo")
            if _norm(text) == want_text and photos == want_photos and topic.get("id") is not None:
                return Published(
                    id=str(topic["id"]),
                    url=topic_url(gid, str(topic["id"])),
                    extra={"reconciled": True},
                )
        return None

    def retract(self, account: Account, live: Published) -> None:
        """mediatopic.deleteTopic (gid, topic_id: third-party clients'; apiok.ru's page for it was
        not found); 300 NOT_FOUND, a topic gone already, is done. OK has no confirmed topic edit."""
        params = {"gid": _gid(account), "topic_id": live.id}
        try:
            self._call(_keys(account), "mediatopic.deleteTopic", params, writes=True)
        except NetworkError as exc:
            if exc.code != NOT_FOUND:
                raise

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, float]]:
        """Likes, comments, reshares (as shares) and views of topics, from mediatopic.getByIds.

        Up to 100 topics a call (unconfirmed). Field names are unconfirmed (see FIELDS); a figure
        the answer leaves out is left out, and a topic missing from the answer is missing here.
        """
        keys = _keys(account)
        wanted = [str(i) for i in ids]
        out: dict[str, dict[str, float]] = {}
        for start in range(0, len(wanted), GET_BY_IDS_BATCH):
            chunk = wanted[start : start + GET_BY_IDS_BATCH]
            # media_limit is required when asking for several topics, 1..3 (official docs)
            answer = self._call(
                keys,
                "mediatopic.getByIds",
                {"topic_ids": ",".join(chunk), "media_limit": 1, "fields": FIELDS},
                writes=False,
            )
            topics = answer.get("media_topics") if isinstance(answer, dict) else None
            for topic in topics or []:
                if not isinstance(topic, dict) or str(topic.get("id")) not in chunk:
                    continue
                figures: dict[str, float] = {}
                for field, sub, key in SUMMARIES:
                    value = (
                        (topic.get(field) or {}).get(sub)
                        if isinstance(topic.get(field), dict)
                        else None
                    )
                    if _number(value):
                        figures[key] = value
                if _number(topic.get("views_count")):
                    figures["views"] = topic["views_count"]
                out[str(topic["id"])] = figures
        return out

    def _upload_photos(self, outgoing: Outgoing, gid: str, keys: _Keys) -> list[str]:
        """One token per image, in order, uploaded for the group.

        Safe to repeat: an upload that is never named in a mediatopic.post shows nowhere (the
        tokens are only used by the post), so a failed or retried upload at worst leaves an unused
        upload behind; nothing appears in the group before mediatopic.post.
        """
        files = {}
        for n, image in enumerate(outgoing.rendered.images, start=1):
            path = outgoing.root / image.src
            try:
                files[f"pic{n}"] = (
                    path.name,
                    read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES),
                )
            except OSError as exc:
                raise NetworkError(
                    self.id, f"cannot read image {image.src}: {exc.strerror}"
                ) from None
        server = self._call(
            keys, "photosV2.getUploadUrl", {"gid": gid, "count": len(files)}, writes=False
        )
        try:
            upload_url, photo_ids = str(server["upload_url"]), [str(p) for p in server["photo_ids"]]
        except (KeyError, TypeError):
            raise RetryableError(
                self.id, "photosV2.getUploadUrl answered without upload_url and photo_ids"
            ) from None
        if len(photo_ids) != len(files):
            raise NetworkError(
                self.id,
                f"photosV2.getUploadUrl gave {len(photo_ids)} photo ids for {len(files)} images",
            )
        # the upload URL is a signed address on an upload host, not an API method: no pacing, no sig
        response = send(self.client, self.id, "POST", upload_url, writes=False, files=files)
        uploaded = self._answer(response, "upload", writes=False)
        # {"photos": {"<photo id>": {"token": "..."}}}: shape from third-party clients, unconfirmed
        try:  # anything else (no dict, no photos, a photo without a token) is a TypeError/KeyError
            photos = uploaded["photos"]
            return [str(photos[photo_id]["token"]) for photo_id in photo_ids]
        except (KeyError, TypeError):
            raise NetworkError(
                self.id, "the upload server did not give a token for every photo"
            ) from None

    def _call(self, keys: _Keys, method: str, params: dict[str, Any], *, writes: bool) -> Any:
        self.limiter.wait((self.api_base, keys.token))
        data = {
            **{k: str(v) for k, v in params.items()},
            "application_key": keys.app_key,
            "format": "json",
        }
        data["sig"] = signature(data, keys.token, keys.secret)
        data["access_token"] = keys.token
        group, name = method.split(".", 1)
        response = send(
            self.client,
            self.id,
            "POST",
            f"{self.api_base}/api/{group}/{name}",
            writes=writes,
            data=data,
        )
        return self._answer(response, method, writes=writes)

    def _answer(self, response: httpx.Response, method: str, *, writes: bool) -> Any:
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
            if writes:
                raise MaybePostedError(self.id, f"{method}: an answer that is not JSON") from None
            raise RetryableError(self.id, f"{method}: an answer that is not JSON") from None
        if isinstance(body, dict) and "error_code" in body:
            raise api_error(method, body, writes)
        return body


class _Keys:
    """The secrets of an OK account; the session secret that signs every call is derived here, so
    it is registered for redaction here (Account registers the ones read from the environment)."""

    def __init__(self, token: str, app_key: str, secret: str) -> None:
        self.token, self.app_key, self.secret = token, app_key, secret
        register_secret(hashlib.md5((token + secret).encode("utf-8")).hexdigest())


def _gid(account: Account) -> str:
    gid = str(account.settings.get("group_id") or "").strip()
    if not gid.isdigit():
        raise ConfigError("ok: the brand's ok account needs a numeric 'group_id' (the group's id)")
    return gid


def _keys(account: Account) -> _Keys:
    values = {}
    for key, what in (
        ("token", "access token"),
        ("app_key", "application key"),
        ("secret", "application secret key"),
    ):
        value = account.secrets.get(key)
        if not value:
            name = account.settings.get(f"{key}_env", f"the {key}_env variable")
            raise CredentialsError(f"ok: no {what}: set {name} in the environment")
        values[key] = value
    return _Keys(values["token"], values["app_key"], values["secret"])


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
