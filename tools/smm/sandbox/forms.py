"""Requests as the networks read them: query string, urlencoded, JSON or multipart bodies; and
uploaded images checked the way the networks check them (Pillow decodes what the client sent).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class Request:
    """One API call: the method name from the path, every parameter as a string, the files."""

    method: str
    params: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    base_url: str = ""  # scheme://host:port the client used, for URLs the sandbox hands out
    query: str = ""  # the URL's query as sent: OAuth 1.0a (X) signs it apart from a JSON body
    raw: str = ""  # the whole request as text (see ``whole``), for the "echo" fault
    # every value of each form field, in order: ``params`` keeps the last of a repeated field
    # (``media_ids[]=1&media_ids[]=2``, as Rails reads arrays)
    lists: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""  # the body as sent: a raw upload (Bluesky's uploadBlob), XRPC's JSON
    verb: str = ""  # the HTTP method (GET, POST, PUT, DELETE): one path, several endpoints


class BadBody(ValueError):
    """The body cannot be read as its Content-Type says."""


def parse(
    method: str,
    query: str,
    content_type: str,
    body: bytes,
    headers: Mapping[str, str],
    base_url: str,
) -> Request:
    pairs = parse_qsl(query, keep_blank_values=True)
    req = Request(
        method=method,
        params=dict(pairs),
        headers=headers,
        base_url=base_url,
        body=body,
        query=query,
    )
    _collect(req, pairs)
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return req
    if kind == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        req.params.update(pairs)
        _collect(req, pairs)
    elif kind == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise BadBody(f"can't parse JSON body: {exc}") from None
        if not isinstance(decoded, dict):
            raise BadBody("the JSON body must be an object")
        # Bot API JSON bodies carry typed values; the methods read them back as strings/JSON
        req.params.update(
            {k: v if isinstance(v, str) else json.dumps(v) for k, v in decoded.items()}
        )
    elif kind == "multipart/form-data":
        _multipart(req, content_type, body)
    return req


def whole(
    verb: str,
    target: str,
    headers: Mapping[str, str] | Message[str, str],
    body: bytes,
    params: Mapping[str, str],
) -> str:
    """The whole request as an API that quotes it in an error would: request line, headers, body,
    then the parameters it read, plain and as PHP's json_encode writes them (``/`` as ``\\/``,
    non-ASCII as ``\\uXXXX``), so a secret appears verbatim, percent-encoded and JSON-escaped.

    A body that is not UTF-8 (an uploaded photo) is named by its size: its text fields are in the
    parameters, and no network puts a secret into a file part.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = f"[{len(body)} bytes of binary body]"
    head = "\n".join(f"{name}: {value}" for name, value in headers.items())
    plain = "&".join(f"{key}={value}" for key, value in params.items())
    quoted = json.dumps(dict(params)).replace("/", "\\/")
    return f"{verb} {target} HTTP/1.1\n{head}\n\n{text}\nread: {plain}\njson: {quoted}"


def _collect(req: Request, pairs: list[tuple[str, str]]) -> None:
    for key, value in pairs:
        req.lists.setdefault(key, []).append(value)


def _multipart(req: Request, content_type: str, body: bytes) -> None:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BadBody("multipart body without parts")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        decoded = part.get_payload(decode=True)  # bytes; None for a part that is multipart itself
        payload = decoded if isinstance(decoded, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            req.files[str(name)] = Upload(filename=filename, data=payload)
        else:
            charset = part.get_content_charset() or "utf-8"
            req.params[str(name)] = payload.decode(charset, "replace")
            _collect(req, [(str(name), req.params[str(name)])])


@dataclass
class ImageInfo:
    format: str
    width: int
    height: int
    bytes: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


def inspect_image(data: bytes) -> ImageInfo | None:
    """Format and size of an image, or None when Pillow cannot decode it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
            width, height, fmt = img.width, img.height, img.format or "?"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    return ImageInfo(fmt, width, height, len(data), hashlib.sha256(data).hexdigest())
