"""VK's wall photo upload in the sandbox: the upload URL, the upload host, photos.saveWallPhoto.

photos.getWallUploadServer hands out a one-time URL on the upload host (``/upload/vk/<ticket>``),
which takes the image as the multipart field ``photo`` and answers ``server``, ``photo`` and
``hash`` in its own shape (errors too: ``{"error": "ERR_UPLOAD_..."}``); photos.saveWallPhoto
turns that answer into a photo of the group that wall.post can attach (sandbox/vk.py).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import zlib
from collections.abc import Callable
from typing import Any

from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.state import Config, State
from smm.sandbox.vk_errors import ApiError, Reply, int_param


class WallPhotos:
    """Uploads and saved photos, kept in ``state`` (``vk_uploads``, ``vk_photos``).

    ``owner`` refuses a wall the token may not post on (error 214), as the API does.
    """

    def __init__(self, config: Config, state: State, owner: Callable[[int], None]) -> None:
        self.config, self.state, self.owner = config, state, owner

    def upload_server(self, req: Request, user_id: int) -> dict[str, Any]:
        """photos.getWallUploadServer: a one-time upload URL for the group's wall."""
        group_id = int_param(req, "group_id")
        assert group_id is not None
        if group_id <= 0:
            raise ApiError(100, "group_id must be positive")
        self.owner(-group_id)
        ticket = secrets.token_hex(12)
        with self.state.lock:
            self.state.data["vk_uploads"][ticket] = {
                "group_id": group_id,
                "user_id": user_id,
                "files": {},
            }
            self.state.save()
        return {
            "album_id": -14,
            "upload_url": f"{req.base_url}/upload/vk/{ticket}",
            "user_id": user_id,
        }

    def upload(self, ticket: str, req: Request) -> Reply:
        """The upload host: not an API method, so no token, no rate window, its own error shape."""
        slot = self.state.data["vk_uploads"].get(ticket)
        if slot is None:
            return 200, {"error": "ERR_UPLOAD_BAD_URL: upload url is invalid or expired"}
        server = 800000 + zlib.crc32(ticket.encode()) % 100000
        upload = req.files.get("photo")
        if upload is None:  # the real host answers this way to a wrong field name
            return 200, {"server": server, "photo": "[]", "hash": _hash("[]", server)}
        info = inspect_image(upload.data)
        if info is None or info.format not in ("JPEG", "PNG", "GIF"):
            return 200, {"error": "ERR_UPLOAD_FILE_NOT_IMAGE: file is not an image"}
        if info.width + info.height > 14000 or max(info.width, info.height) > 20 * min(
            info.width, info.height
        ):
            return 200, {"error": "ERR_UPLOAD_BAD_IMAGE_SIZE: photo dimensions are invalid"}
        key = secrets.token_hex(8)
        with self.state.lock:
            slot["files"][key] = {**info.as_dict(), "filename": upload.filename}
            self.state.save()
        photo = json.dumps([{"photo": f"{ticket}:{key}", "sizes": [], "kid": key}])
        return 200, {"server": server, "photo": photo, "hash": _hash(photo, server)}

    def save(self, req: Request, user_id: int) -> list[dict[str, Any]]:
        """photos.saveWallPhoto: the uploaded photo, checked against its hash, as a wall photo."""
        group_id = int_param(req, "group_id")
        photo, server = req.params.get("photo", ""), req.params.get("server", "")
        if req.params.get("hash", "") != _hash(photo, int(server) if server.isdigit() else -1):
            raise ApiError(121)
        try:
            ticket, key = json.loads(photo)[0]["photo"].split(":")
            slot = self.state.data["vk_uploads"][ticket]
            info = slot["files"][key]
        except (ValueError, LookupError, TypeError, AttributeError):
            raise ApiError(100, "photos_list is invalid") from None
        if slot["group_id"] != group_id:
            raise ApiError(100, "photo was uploaded to another group")
        owner = -slot["group_id"]
        photo_id = self.state.next_id(f"vk:photo:{owner}")
        obj = {
            "album_id": -14,
            "date": int(self.config.now()),
            "id": photo_id,
            "owner_id": owner,
            "user_id": 100,
            "access_key": hashlib.sha1(f"{owner}_{photo_id}".encode()).hexdigest()[:18],
            "sizes": [
                {
                    "type": "w",
                    "width": info["width"],
                    "height": info["height"],
                    "url": f"{req.base_url}/photos/vk/{owner}_{photo_id}.jpg",
                }
            ],
            "text": req.params.get("caption", ""),
            "has_tags": False,
        }
        with self.state.lock:
            self.state.data["vk_photos"][f"{owner}_{photo_id}"] = {"object": obj, "image": info}
            self.state.save()
        return [obj]


def _hash(photo: str, server: int) -> str:
    return hashlib.sha256(f"sandbox:{server}:{photo}".encode()).hexdigest()[:32]
