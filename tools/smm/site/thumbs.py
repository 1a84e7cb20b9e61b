"""Thumbnails of a post's images, made at build time and kept by the image's hash.

The same image used by a hundred posts is scaled once; a rebuild scales only images whose bytes
changed (their name is the hash of the bytes). An image that cannot be read gets no thumbnail:
the page shows its alt text, and lint reports the file.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from smm.content.userfile import read_user_file

MAX_IMAGE_BYTES = 40 * 1024 * 1024
WIDTH = 640  # px: twice the widest a network's view shows it, for high-density screens


@dataclass(frozen=True)
class Thumb:
    src: str  # relative to the site's root
    width: int
    height: int


def thumbnail(root: Path, out: Path, src: str) -> Thumb | None:
    """The thumbnail of the image ``src`` under out/thumbs/<hash of its bytes>.jpg, made unless it
    is there already; None when the image cannot be read (lint reports it)."""
    from PIL import Image, UnidentifiedImageError  # Pillow loads only when a page needs it

    try:
        data = read_user_file(root, src, MAX_IMAGE_BYTES)
    except (OSError, ValueError):
        return None
    name = f"thumbs/{hashlib.blake2b(data, digest_size=10).hexdigest()}.jpg"
    target = out / name
    try:
        if target.is_file():
            with Image.open(target) as done:
                return Thumb(name, *done.size)
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((WIDTH, WIDTH * 2))
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            image.convert("RGB").save(partial, "JPEG", quality=82, optimize=True)
            partial.replace(target)
            return Thumb(name, *image.size)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
