"""LinkedIn's Images API: one image of a post uploaded and processed, ready to name in the post.

``POST /rest/images?action=initializeUpload`` (owner: the organization) answers an upload URL and
an image URN; the bytes go to that URL by ``PUT``; ``GET /rest/images/<urn>`` is polled until
AVAILABLE (PROCESSING_FAILED: refused), from ``poll_first`` seconds doubling up to ``poll_max``,
for at most ``poll_timeout`` (the adapter's, networks/linkedin.py). Every step is safe to repeat:
an image no post names is never shown.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from smm.errors import NetworkError

if TYPE_CHECKING:
    from smm.networks.base import Account, Outgoing
    from smm.networks.linkedin import LinkedIn


def upload(adapter: LinkedIn, outgoing: Outgoing, index: int, author: str) -> str:
    """The post's image ``index`` through the Images API, AVAILABLE; its URN."""
    from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
    from smm.networks.linkedin import _json

    account, image = outgoing.account, outgoing.rendered.images[index]
    try:
        content = read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES)
    except OSError as exc:
        raise NetworkError(adapter.id, f"cannot read image {image.src}: {exc.strerror}") from None
    init = _json(
        adapter._call(
            account,
            "POST",
            "/rest/images?action=initializeUpload",
            writes=False,  # an image is not a post: a lost answer costs an unused upload
            json={"initializeUploadRequest": {"owner": author}},
        )
    )
    value = init.get("value") if isinstance(init, dict) else None
    if not isinstance(value, dict) or not value.get("uploadUrl") or not value.get("image"):
        raise NetworkError(adapter.id, f"initializeUpload: no upload URL for {image.src}")
    adapter._call(account, "PUT", str(value["uploadUrl"]), writes=False, content=content)
    urn = str(value["image"])
    wait_available(adapter, account, urn, image.src)
    return urn


def wait_available(adapter: LinkedIn, account: Account, urn: str, src: str) -> None:
    """Poll GET /rest/images/<urn> until AVAILABLE, bounded."""
    from smm.networks.linkedin import _json, _urn

    wait, deadline = 0.0, time.monotonic() + adapter.poll_timeout
    while True:
        if wait:
            adapter._sleep(wait)
        found = _json(adapter._call(account, "GET", f"/rest/images/{_urn(urn)}", writes=False))
        status = found.get("status") if isinstance(found, dict) else None
        if status == "AVAILABLE":
            return
        if status == "PROCESSING_FAILED":
            raise NetworkError(adapter.id, f"{src}: LinkedIn could not process image {urn}")
        if time.monotonic() + wait > deadline:
            raise NetworkError(
                adapter.id,
                f"{src}: image {urn} still {status} after {adapter.poll_timeout:.0f} s; "
                "nothing was published",
            )
        wait = min(max(wait * 2, adapter.poll_first), adapter.poll_max)
