"""A Mastodon status's images: each uploaded as a media attachment and processed before use.

``POST /api/v2/media`` (multipart ``file``, the alt text as ``description``) answers 200 when the
attachment is ready and 202 while it is still processing; then ``GET /api/v1/media/:id`` is polled
(206 while processing) until it has a ``url``, from ``poll_first`` seconds doubling up to
``poll_max``, for at most ``poll_timeout`` (the adapter's, networks/mastodon.py). Uploads are paced
by the adapter's ``media_limiter`` (30 per 30 minutes per account). Safe to repeat: an unused
attachment is never shown, and the instance removes it after a day.
docs.joinmastodon.org/methods/media.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from smm.errors import NetworkError

if TYPE_CHECKING:
    from smm.networks.base import Account, Outgoing
    from smm.networks.mastodon import Mastodon


def upload(adapter: Mastodon, outgoing: Outgoing, index: int) -> str:
    """The post's image ``index`` as a media attachment, ready to attach; its id."""
    from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
    from smm.networks.mastodon import _json, _token

    account, image = outgoing.account, outgoing.rendered.images[index]
    try:
        content = read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES)
    except OSError as exc:
        raise NetworkError(adapter.id, f"cannot read image {image.src}: {exc.strerror}") from None
    form = {"description": image.alt} if image.alt else {}
    adapter.media_limiter.wait((adapter._base(account), _token(account)))
    answer = adapter._call(
        account,
        "POST",
        "/api/v2/media",
        writes=False,  # an attachment is not a post: a lost answer costs an unused upload
        data=form,
        files={"file": (image.src.rsplit("/", 1)[-1], content)},
    )
    media = _json(answer)
    if not isinstance(media, dict) or not media.get("id"):
        raise NetworkError(adapter.id, f"POST /api/v2/media: no media id for {image.src}")
    media_id = str(media["id"])
    if answer.status_code == 202 or not media.get("url"):
        wait_processed(adapter, account, media_id, image.src)
    return media_id


def wait_processed(adapter: Mastodon, account: Account, media_id: str, src: str) -> None:
    """Poll GET /api/v1/media/:id (206 while processing) until it has a url, bounded."""
    from smm.networks.mastodon import _json

    wait, deadline = adapter.poll_first, time.monotonic() + adapter.poll_timeout
    while True:
        adapter._sleep(wait)
        answer = adapter._call(account, "GET", f"/api/v1/media/{media_id}", writes=False)
        media = _json(answer)
        if answer.status_code == 200 and isinstance(media, dict) and media.get("url"):
            return
        if time.monotonic() + wait > deadline:
            raise NetworkError(
                adapter.id,
                f"{src}: media {media_id} still processing after {adapter.poll_timeout:.0f} s; "
                "nothing was published",
            )
        wait = min(wait * 2, adapter.poll_max)
