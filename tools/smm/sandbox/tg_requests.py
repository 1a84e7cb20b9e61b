"""What the Bot API sandbox refuses, and how: errors, link preview options, uploaded photos.

The Bot API answers a refusal as ``{"ok": false, "error_code", "description"}`` (with
``parameters.retry_after`` for 429); a TDLib error is worded as Client::fail_query_with_error
words it (``bad_request``). Link preview options are read as Client::get_link_preview_options
reads them; a photo is checked for size, decoding and dimensions (sandbox/telegram.py uses them).
"""

from __future__ import annotations

import json
from typing import Any

from smm.sandbox.forms import Upload, inspect_image

Reply = tuple[int, Any]
PHOTO_BYTES = 10 * 1024 * 1024


class BadRequest(Exception):
    """A refusal: the Bot API answers it with ``error(code, description, parameters)``."""

    def __init__(
        self, description: str, code: int = 400, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.description, self.code, self.parameters = description, code, parameters


def error(code: int, description: str, parameters: dict[str, Any] | None = None) -> Reply:
    """The Bot API's error answer: {"ok": false, "error_code", "description", "parameters"}."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


def too_many(retry_after: int) -> Reply:
    """429 with the seconds to wait, as the Bot API answers a chat over its message rate."""
    return error(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


def bad_request(message: str) -> str:
    """A TDLib or server error as the Bot API words it (Client::fail_query_with_error): "Bad Request: "
    and the message with its first letter lower-cased, unless it is an UPPER_CASE code."""
    if len(message) >= 2 and (message[1] == "_" or "A" <= message[1] <= "Z"):
        return f"Bad Request: {message}"
    return f"Bad Request: {message[:1].lower()}{message[1:]}"


def is_utf8(text: str) -> bool:
    """Whether the text can be UTF-8 (a JSON body can carry a lone surrogate, which cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which a JSON body can carry
        return False
    return True


def preview_options(raw: str | None) -> dict[str, Any] | None:
    """Client::get_link_preview_options: a JSON object whose known fields have their types; other
    keys are ignored, as the server ignores them."""
    if not raw:
        return None
    try:
        value = json.loads(
            raw, object_pairs_hook=lambda pairs: dict(reversed(pairs))
        )  # the first key wins
    except ValueError:
        raise BadRequest("Bad Request: can't parse link preview options JSON object") from None
    if not isinstance(value, dict):
        raise BadRequest("Bad Request: object expected as link preview options")
    for key in (
        "is_disabled",
        "url",
        "prefer_small_media",
        "prefer_large_media",
        "show_above_text",
    ):
        if key not in value:
            continue
        field = value[key]
        if key != "url" and not isinstance(field, bool):
            raise BadRequest(f'Bad Request: field "{key}" must be of type Boolean')
        # get_optional_string_field takes a number as its spelling, and nothing else but a string
        if key == "url" and (isinstance(field, bool) or not isinstance(field, (str, int, float))):
            raise BadRequest('Bad Request: field "url" must be of type String')
    return value


def photo(upload: Upload) -> dict[str, Any]:
    """An uploaded photo checked as the Bot API checks it: size, that it decodes, dimensions."""
    if len(upload.data) > PHOTO_BYTES:
        raise BadRequest("Request Entity Too Large", code=413)
    info = inspect_image(upload.data)
    if info is None:
        raise BadRequest("Bad Request: IMAGE_PROCESS_FAILED")
    if info.width + info.height > 10000 or max(info.width, info.height) > 20 * min(
        info.width, info.height
    ):
        raise BadRequest("Bad Request: PHOTO_INVALID_DIMENSIONS")
    return {**info.as_dict(), "filename": upload.filename}
