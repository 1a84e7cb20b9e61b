"""What an image file really is: inside the repository, a regular file, an image that decodes,
its size and EXIF GPS.

The header is read first (format, width, height), so a decompression bomb is reported by its
declared pixel count before a single pixel is decoded; then the pixels are decoded once, so a
truncated or corrupt file is caught here and not by the network. A JPEG is decoded at 1/8 scale
(every byte is still read and entropy-decoded, the full-size pixels are never built). A file
larger than MAX_IMAGE_BYTES is not decoded: every network refuses it by its size alone.
"""

from __future__ import annotations

import os
import struct
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from smm.content.userfile import MAX_IMAGE_BYTES, MISSING, OUTSIDE, FileRefused, open_user_file
from smm.lint.cachecodec import InfoRow
from smm.rules import general

_GPS_IFD = 0x8825
_ORIENTATION = 0x0112  # EXIF tag: how the stored picture is turned to be shown


@dataclass(frozen=True)
class ImageInfo:
    src: str
    problem: tuple[str, str] | None = None  # (rule, message) when the file is unusable
    format: str = ""
    width: int = 0
    height: int = 0
    size: int = 0
    gps: bool = False

    def row(self, digest: str) -> InfoRow:
        """What the cache keeps of this inspection of the bytes whose digest is ``digest``."""
        rule, message = self.problem or (None, None)
        return digest, rule, message, self.format, self.width, self.height, self.size, self.gps


def _exif(raw: bytes | None) -> tuple[bool, bool]:
    """From EXIF bytes the header parse already read (getexif() would decode a PNG): whether
    they hold GPS tags, and whether the picture is shown turned a quarter (Orientation 5 to 8:
    a phone's portrait photo stored landscape, which every network shows upright)."""
    if not raw:
        return False, False
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(raw)
        turned = exif.get(_ORIENTATION) in (5, 6, 7, 8)
        return bool(exif.get_ifd(_GPS_IFD)), turned
    except pillow_errors():  # EXIF cut short: a struct.error
        return False, False


@cache
def quiet_pillow() -> None:
    """Keep Pillow's log off the terminal: its plug-ins log what they find wrong in a file (a
    TIFF's "More samples per pixel than can be decoded") at ERROR, which Python prints when no
    handler is set, a line naming no file. The reader's finding says it, with the path and a
    rule; called before every reading of an image's pixels."""
    import logging

    logging.getLogger("PIL").addHandler(logging.NullHandler())


def pillow_errors() -> tuple[type[Exception], ...]:
    """What Pillow's readers raise on a broken file, besides OSError (their own fuzzing's list):
    for every reader of an image's pixels (lint, the site's thumbnails), so a file one of them
    reports as broken never stops the other."""
    from PIL import UnidentifiedImageError

    return (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        KeyError,
        TypeError,
        ZeroDivisionError,
        struct.error,
    )


def path_problem(src: str) -> str | None:
    """Why ``src`` cannot name a file of the repository, judged by its text alone; None if it can."""
    if os.path.isabs(src) or src.startswith("~"):
        return f"'{src}' is an absolute path; write it from the repository root, e.g. assets/<brand>/file.jpg"
    if ".." in Path(src).parts:
        return f"'{src}' leaves the repository ('..' is not allowed)"
    return None


def inspect(root: Path, src: str) -> ImageInfo:
    why = path_problem(src)
    if why is not None:
        return ImageInfo(src, ("image/outside-repo", why))
    try:
        with open_user_file(root, src) as (fh, size):
            return _read(src, fh, size)
    except FileRefused as exc:
        rule = {MISSING: "image/missing", OUTSIDE: "image/outside-repo"}.get(
            exc.kind, "image/unreadable"
        )
        return ImageInfo(src, (rule, f"'{src}' {exc}"))


def _read(src: str, fh: BinaryIO, size: int) -> ImageInfo:
    """Header, bomb check, then (up to MAX_IMAGE_BYTES) a full decode of the open image file."""
    from PIL import Image  # Pillow only when an image is checked

    max_pixels = general()["images"]["max_pixels"]["value"]
    unreadable = pillow_errors()
    quiet_pillow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            img = Image.open(fh)
        except Image.DecompressionBombError:
            return ImageInfo(
                src, ("image/bomb", f"'{src}' is a decompression bomb (too many pixels)")
            )
        except unreadable:
            return ImageInfo(src, ("image/format", f"'{src}' is not an image Pillow can read"))
        with img:
            width, height = img.size
            fmt = img.format or ""
            if width * height > max_pixels:
                return ImageInfo(
                    src,
                    (
                        "image/bomb",
                        f"'{src}' declares {width}x{height} = {width * height:,} pixels, "
                        f"over the {max_pixels:,} a decoder should accept (decompression bomb)",
                    ),
                )
            gps, turned = _exif(img.info.get("exif"))
            if size <= MAX_IMAGE_BYTES:
                try:
                    if fmt == "JPEG":
                        img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
                    img.load()
                except unreadable as exc:
                    return ImageInfo(
                        src,
                        (
                            "image/format",
                            f"'{src}' is a {fmt} image that does not decode, "
                            f"cut short or corrupt ({exc})",
                        ),
                    )
    if turned:  # as it is shown: the networks' ratios are of the upright picture
        width, height = height, width
    return ImageInfo(src, None, fmt, width, height, size, gps)
