"""What an image file really is: inside the repository, a real image, its size and EXIF GPS.

Pillow reads only the header here (format, width, height); the pixels are never decoded, so a
decompression bomb costs nothing and is reported by its declared pixel count.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from smm.rules import general

_GPS_IFD = 0x8825


@dataclass(frozen=True)
class ImageInfo:
    src: str
    problem: tuple[str, str] | None = None  # (rule, message) when the file is unusable
    format: str = ""
    width: int = 0
    height: int = 0
    size: int = 0
    gps: bool = False


def _has_gps(raw: bytes | None) -> bool:
    """GPS tags in EXIF bytes the header parse already read (getexif() would decode a PNG)."""
    if not raw:
        return False
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(raw)
        return bool(exif.get_ifd(_GPS_IFD))
    except (SyntaxError, ValueError, OSError, KeyError, TypeError):
        return False


def resolve_inside(root: Path, src: str) -> tuple[Path | None, str | None]:
    """The file for ``src`` if it lies inside ``root`` (after symlinks); else why not."""
    if os.path.isabs(src) or src.startswith("~"):
        return None, f"'{src}' is an absolute path; write it from the repository root, e.g. assets/<brand>/file.jpg"
    if ".." in Path(src).parts:
        return None, f"'{src}' leaves the repository ('..' is not allowed)"
    path = root / src
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):
        return None, f"'{src}' cannot be resolved (symlink loop?)"
    if not real.is_relative_to(root.resolve()):
        return None, f"'{src}' is a symlink to {real}, outside the repository"
    return path, None


def inspect(root: Path, src: str) -> ImageInfo:
    path, why = resolve_inside(root, src)
    if path is None:
        return ImageInfo(src, ("image/outside-repo", why or ""))
    try:
        size = path.stat().st_size
    except OSError:
        return ImageInfo(src, ("image/missing", f"'{src}' does not exist"))
    if not path.is_file():
        return ImageInfo(src, ("image/missing", f"'{src}' is not a file"))
    from PIL import Image, UnidentifiedImageError  # Pillow only when an image is checked

    max_pixels = general()["images"]["max_pixels"]["value"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as img:
                width, height = img.size
                fmt = img.format or ""
                if width * height > max_pixels:
                    return ImageInfo(src, ("image/bomb", f"'{src}' declares {width}x{height} = {width * height:,} pixels, "
                                           f"over the {max_pixels:,} a decoder should accept (decompression bomb)"))
                gps = _has_gps(img.info.get("exif"))
    except Image.DecompressionBombError:
        return ImageInfo(src, ("image/bomb", f"'{src}' is a decompression bomb (too many pixels)"))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ImageInfo(src, ("image/format", f"'{src}' is not an image Pillow can read"))
    return ImageInfo(src, None, fmt, width, height, size, gps)
