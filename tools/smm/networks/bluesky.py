"""Bluesky adapter: a rendered post becomes an app.bsky.feed.post record in the account's repo.

docs/networks.md#bluesky. One session per account and process (networks/bsky_xrpc.py); images
go up first with ``com.atproto.repo.uploadBlob`` (the raw file, never changed: lint refuses one
over the size limit), then one ``com.atproto.repo.putRecord`` writes the record
(networks/bsky_record.py builds it) under a record key fixed by the claim, with ``swapRecord:
null``: "create, never overwrite". A thread's part carries ``reply`` (root: the first part,
parent: the part before, each a strong ref {uri, cid}). So a retry cannot make a second post: the PDS answers the
same record again as a no-op (same key, same bytes: ``createdAt`` is the claim's time, blobs are
named by their content), and any other record at that key as 400 ``InvalidSwap``, which is ours
(the key is ours alone), found with ``com.atproto.repo.getRecord``. Reconcile is that getRecord.

A retraction is ``com.atproto.repo.deleteRecord`` ("Delete a repository record, or ensure it
doesn't exist": idempotent). Bluesky has no edit: a putRecord over a post would change its cid
under every reply's and like's strong ref, and the app shows no edited post (bluesky-social
social-app#673), so this adapter offers none (rules/bluesky.yaml ``edit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, ListOf, Obj, Str
from smm.errors import ConfigError, NetworkError, UnsupportedError, UsageError
from smm.networks.accounts import ENV_NAME, HANDLE, INSTANCE
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet
    from datetime import datetime

    import httpx

    from smm.content.model import Image
    from smm.networks.audience import Entrant, Feedback
    from smm.networks.bsky_xrpc import Xrpc

REAL_API = "https://bsky.social"

#: accounts.bluesky in a brand file: the handle, its PDS and the app password's variable.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "instance": INSTANCE,
        "app_password_env": Field(
            ENV_NAME,
            description="name of the environment variable with the account's app password "
            "(Settings > Privacy and security > App passwords; never the account password)",
        ),
        "langs": Field(
            ListOf(Str(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")),
            description="Bluesky: the languages the posts are written in (BCP-47, at most 3), "
            "sent as each post's langs (default: the brand's language)",
        ),
    }
)

GET_POSTS_BATCH = 25  # app.bsky.feed.getPosts takes at most 25 uris (lexicon)
MAX_LANGS = 3  # app.bsky.feed.post langs maxLength
# postView counter -> smm's metric (METRIC_KEYS); a quote is a repost with words: both are shares
COUNTERS = (
    ("likeCount", "likes"),
    ("replyCount", "comments"),
    ("repostCount", "shares"),
    ("quoteCount", "shares"),
    ("bookmarkCount", "saves"),
)
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def post_url(handle: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{rkey}"


class Bluesky(HttpAdapter):
    """Posts as the account ``Account.settings['handle']`` on its PDS (``instance``)."""

    id = "bluesky"
    real_api = REAL_API
    # the PDS's global limit: 3000 requests per 5 minutes per client (docs/networks.md#bluesky)
    limiter = RateLimiter(calls=3000, period=300.0)

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(client, api_base, limiter=limiter)
        self.sandbox_base = api_base  # set: every account's PDS is this one (the sandbox)

    def publish(self, outgoing: Outgoing) -> Published:
        """Upload the images, then put the record under the claim's key (module doc)."""
        from smm.networks import bsky_record as rec
        from smm.networks.bsky_xrpc import XrpcError

        xrpc = self._xrpc(outgoing.account)
        rkey, created = self._key(outgoing), rec.created_at(self._claimed(outgoing))
        session = xrpc.session()
        rendered = outgoing.rendered
        embed: dict[str, Any] | None = None
        if rendered.images:
            embed = rec.image_embed([self._upload(xrpc, outgoing, i) for i in rendered.images])
        elif rendered.link:
            embed = rec.link_card(rendered.link, rendered.title)
        dids = self._resolve(xrpc, rec.mentioned_handles(rendered.text))
        reply = None
        if outgoing.thread:  # a thread's part: in the thread of the first, answering the last
            first, last = outgoing.thread[0], outgoing.thread[-1]
            reply = {"root": self._ref(xrpc, first), "parent": self._ref(xrpc, last)}
        record = rec.post_record(
            rendered.text,
            created,
            langs=_langs(outgoing.account),
            facet_list=rec.facets(rendered.text, dids),
            embed=embed,
            reply=reply,
        )
        body = {
            "repo": session.did,
            "collection": rec.COLLECTION,
            "rkey": rkey,
            "record": record,
            "swapRecord": None,  # create only: a record already at this key is never replaced
        }
        self.limiter.wait(xrpc.key)
        try:
            answer = xrpc.call("POST", "com.atproto.repo.putRecord", writes=True, json=body)
        except XrpcError as exc:
            if exc.code != "InvalidSwap":
                raise
            found = self._get(xrpc, rkey)  # a record at our key: an earlier attempt's
            if found is None:
                raise
            return found
        return self._published(xrpc, str(answer.get("uri", "")), rkey, answer.get("cid"))

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The record at the claim's key if the repo has it (getRecord), else None."""
        xrpc = self._xrpc(outgoing.account)
        if outgoing.claimed_at is None:
            raise UnsupportedError(self.id, "no claim time, so no record key to look up")
        return self._get(xrpc, self._key(outgoing))

    def retract(self, account: Account, live: Published) -> None:
        """``com.atproto.repo.deleteRecord`` of the post's record; a record gone already is done
        (the PDS answers the same)."""
        from smm.networks.bsky_record import COLLECTION

        xrpc = self._xrpc(account)
        body = {
            "repo": xrpc.session().did,
            "collection": COLLECTION,
            "rkey": live.id.rsplit("/", 1)[-1],
        }
        self.limiter.wait(xrpc.key)
        xrpc.call("POST", "com.atproto.repo.deleteRecord", writes=True, json=body)

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in bsky_audience.py)."""
        from smm.networks import bsky_audience

        return bsky_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (networks/audience.py; read in bsky_audience.py)."""
        from smm.networks import bsky_audience

        return bsky_audience.feedback(self, account, live)

    def mentions(
        self, account: Account, since: datetime | None, known: AbstractSet[str]
    ) -> list[Feedback]:
        """The brand's mentions anywhere, ``known`` ids left out (read in bsky_audience.py)."""
        from smm.networks import bsky_audience

        return bsky_audience.mentions(self, account, since, known)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Likes, replies (comments), reposts and quotes (shares), bookmarks (saves) from
        app.bsky.feed.getPosts, 25 posts a call; a deleted post is missing from the result."""
        self.notes = []
        xrpc = self._xrpc(account)
        out: dict[str, dict[str, Any]] = {}
        wanted = [str(i) for i in ids]
        for start in range(0, len(wanted), GET_POSTS_BATCH):
            chunk = wanted[start : start + GET_POSTS_BATCH]
            self.limiter.wait(xrpc.key)
            answer = xrpc.call("GET", "app.bsky.feed.getPosts", params=[("uris", u) for u in chunk])
            for post in answer.get("posts", []) if isinstance(answer, dict) else []:
                if not isinstance(post, dict) or post.get("uri") not in chunk:
                    continue
                figures: dict[str, Any] = {}
                for field, key in COUNTERS:
                    value = post.get(field)
                    if isinstance(value, int) and not isinstance(value, bool):
                        figures[key] = figures.get(key, 0) + value
                out[str(post["uri"])] = figures
        return out

    def _xrpc(self, account: Account) -> Xrpc:
        from smm.networks.bsky_xrpc import Xrpc

        handle = account.settings.get("handle")
        if not isinstance(handle, str) or not handle.strip().lstrip("@"):
            raise ConfigError("bluesky: the brand's bluesky account needs a 'handle'")
        base = self.sandbox_base or account.settings.get("instance") or REAL_API
        return Xrpc(self.client, str(base), account)

    def _claimed(self, outgoing: Outgoing) -> datetime:
        if outgoing.claimed_at is None:
            raise UsageError(
                "bluesky: a post goes out under a claim: its record key is the claim's"
            )
        return outgoing.claimed_at

    def _key(self, outgoing: Outgoing) -> str:
        from smm.networks.bsky_record import claim_tid

        return claim_tid(self._claimed(outgoing), outgoing.marker)

    def _upload(self, xrpc: Xrpc, outgoing: Outgoing, image: Image) -> dict[str, Any]:
        """uploadBlob of one image file as it is, with its alt text and size for the embed."""
        from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file

        try:
            data = read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES)
        except OSError as exc:
            raise NetworkError(self.id, f"cannot read image {image.src}: {exc.strerror}") from None
        kind, width, height = _image_facts(data, image.src)
        self.limiter.wait(xrpc.key)
        # an upload stores nothing anyone sees: a blob no record uses is deleted by the PDS
        answer = xrpc.call("POST", "com.atproto.repo.uploadBlob", content=data, content_type=kind)
        return {"blob": answer["blob"], "alt": image.alt or "", "width": width, "height": height}

    def _resolve(self, xrpc: Xrpc, handles: list[str]) -> dict[str, str]:
        """Handle -> DID for each mentioned handle that resolves; the others stay plain text."""
        from smm.networks.bsky_xrpc import XrpcError

        dids = {}
        for handle in handles:
            self.limiter.wait(xrpc.key)
            try:
                answer = xrpc.call(
                    "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
                )
            except XrpcError:
                continue  # 400 "Unable to resolve handle": no such account
            if isinstance(answer, dict) and isinstance(answer.get("did"), str):
                dids[handle] = answer["did"]
        return dids

    def _get(self, xrpc: Xrpc, rkey: str) -> Published | None:
        """The post at ``rkey`` in the account's repo, or None (400 ``RecordNotFound``)."""
        from smm.networks.bsky_record import COLLECTION
        from smm.networks.bsky_xrpc import XrpcError

        session = xrpc.session()
        params = {"repo": session.did, "collection": COLLECTION, "rkey": rkey}
        self.limiter.wait(xrpc.key)
        try:
            answer = xrpc.call("GET", "com.atproto.repo.getRecord", params=params)
        except XrpcError as exc:
            if exc.code == "RecordNotFound":
                return None
            raise
        published = self._published(xrpc, str(answer.get("uri", "")), rkey, answer.get("cid"))
        return Published(published.id, published.url, {**published.extra, "reconciled": True})

    def _ref(self, xrpc: Xrpc, post: Published) -> dict[str, str]:
        """A strong ref ({uri, cid}) to a post of this account: the cid kept in its published:
        entry, else read back with getRecord (an entry written before smm kept it)."""
        cid = post.extra.get("cid")
        if isinstance(cid, str) and cid:
            return {"uri": post.id, "cid": cid}
        rkey = post.id.rsplit("/", 1)[-1]
        found = self._get(xrpc, rkey)
        if found is None or not isinstance(found.extra.get("cid"), str):
            raise NetworkError(self.id, f"the post {post.id} this part answers is not found")
        return {"uri": found.id, "cid": str(found.extra["cid"])}

    def _published(self, xrpc: Xrpc, uri: str, rkey: str, cid: Any) -> Published:
        if not uri.startswith("at://"):
            uri = f"at://{xrpc.session().did}/app.bsky.feed.post/{rkey}"
        return Published(uri, post_url(xrpc.handle, rkey), {"cid": cid} if cid else {})


def _langs(account: Account) -> list[str]:
    """The record's ``langs``: the account's, else the brand's language."""
    langs = account.settings.get("langs") or ([account.language] if account.language else [])
    return [str(lang) for lang in langs][:MAX_LANGS] if isinstance(langs, list) else []


def _image_facts(data: bytes, src: str) -> tuple[str, int, int]:
    """MIME type, width and height of an image file (Pillow reads the header only)."""
    import io

    from PIL import Image

    from smm.lint.images import pillow_errors

    refused: tuple[type[Exception], ...] = (*pillow_errors(), Image.DecompressionBombError)
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind, width, height = MIME_TYPES.get(img.format or ""), img.width, img.height
    except refused as exc:  # a bomb's header or a broken file: one line, never a traceback
        raise NetworkError("bluesky", f"{src} is not an image Pillow can read: {exc}") from None
    if kind is None:
        raise NetworkError("bluesky", f"{src}: Bluesky takes JPEG, PNG, WEBP or GIF images")
    return kind, width, height
