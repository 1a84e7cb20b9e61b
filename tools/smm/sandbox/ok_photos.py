"""OK's photo upload in the sandbox: photosV2.getUploadUrl, then the upload host.

photosV2.getUploadUrl hands out a one-time URL on the upload host (``/upload/ok/<ticket>``) and a
photo id for each photo; the host takes ``pic1`` ... ``picN`` as multipart parts and answers a
token per photo id, which mediatopic.post names in a photo item (sandbox/ok.py). The answer's
shape comes from third-party clients (unconfirmed).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.ok_errors import ApiError, error_json
from smm.sandbox.state import State

Reply = tuple[int, Any]
MAX_UPLOAD = 10  # photos per photosV2.getUploadUrl / per topic: unconfirmed


class Photos:
    """Uploads (``ok_uploads``) and the photo tokens they gave (``ok_photos``), kept in ``state``.

    ``gid`` reads a request's group, refusing one the token may not post in, as the API does.
    """

    def __init__(self, state: State, gid: Callable[[Request], str]) -> None:
        self.state, self.gid = state, gid

    def upload_url(self, req: Request) -> dict[str, Any]:
        """photosV2.getUploadUrl: a one-time upload URL and a photo id for each of ``count`` photos."""
        gid = self.gid(req)
        count = req.params.get("count", "1")
        if not count.isdigit() or not 1 <= int(count) <= MAX_UPLOAD:
            raise ApiError(100, f"count must be 1..{MAX_UPLOAD}")
        ticket = secrets.token_hex(12)
        photo_ids = [secrets.token_urlsafe(18) for _ in range(int(count))]
        expires = int(time.time() * 1000) + 24 * 3600 * 1000
        with self.state.lock:
            uploads = self.state.data.setdefault("ok_uploads", {})
            uploads[ticket] = {"gid": gid, "photo_ids": photo_ids, "expires_ms": expires}
            self.state.save()
        return {
            "upload_url": f"{req.base_url}/upload/ok/{ticket}",
            "photo_ids": photo_ids,
            "expires_ms": expires,
        }

    def upload(self, ticket: str, req: Request) -> Reply:
        """The upload host: the ticket in the URL is its authority (no token, no sig, no rate window)."""
        slot = self.state.data.get("ok_uploads", {}).get(ticket)
        if slot is None:
            return 200, error_json(100, "upload url is invalid or expired")
        files = [req.files.get(f"pic{n}") for n in range(1, len(slot["photo_ids"]) + 1)]
        if not any(files):
            return 200, error_json(505, "no pic1..picN file parts in the upload")
        photos: dict[str, Any] = {}
        with self.state.lock:
            tokens = self.state.data.setdefault("ok_photos", {})
            for photo_id, upload in zip(slot["photo_ids"], files):
                if upload is None:
                    continue
                info = inspect_image(upload.data)
                if info is None or info.format not in ("JPEG", "PNG", "GIF"):
                    return 200, error_json(503, f"{upload.filename} is not an image")
                token = secrets.token_urlsafe(24)
                tokens[token] = {
                    "gid": slot["gid"],
                    "photo_id": photo_id,
                    "image": {**info.as_dict(), "filename": upload.filename},
                }
                photos[photo_id] = {"token": token}
            self.state.save()
        return 200, {"photos": photos}
