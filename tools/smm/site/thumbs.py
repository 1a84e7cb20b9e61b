"""Thumbnails of a post's images, made at build time and kept by the image's hash.

The same image used by a hundred posts is scaled once; a rebuild scales only images whose bytes
changed (their name is the hash of the bytes), and a build into a new folder copies the ones the
repository's cache (.smm-cache/thumbs/) has. An image that cannot be read gets no thumbnail:
the page shows its alt text, and lint reports the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smm.content.userfile import read_user_file
from smm.lint.cachefile import own_folder
from smm.lint.images import pillow_errors, quiet_pillow

if TYPE_CHECKING:
    from PIL import Image

MAX_IMAGE_BYTES = 40 * 1024 * 1024
WIDTH = 640  # px: twice the widest a network's view shows it, for high-density screens
SALT = b"upright-white"  # thumbnails turned as EXIF says, on white (before: neither)


@dataclass(frozen=True)
class Thumb:
    src: str  # relative to the site's root
    width: int
    height: int


#: The thumbnails' cache, .smm-cache/<CACHE>/: beside the lint cache, survives deleting the site.
CACHE = "thumbs"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def thumbnail(root: Path, out: Path, src: str) -> Thumb | None:
    """The thumbnail of the image ``src`` as out/thumbs/<hash of its bytes>.jpg: there already,
    or copied from the repository's cache (.smm-cache/thumbs/), or made (and cached); None when
    the image cannot be read (lint reports it)."""
    from PIL import Image  # Pillow loads only when a page needs it

    try:
        data = read_user_file(root, src, MAX_IMAGE_BYTES)
    except (OSError, ValueError):
        return None
    # named by the image's bytes and how smm makes a thumbnail (SALT: a changed way is a new name;
    # layout.is_thumb: the shape a rebuild may remove)
    name = f"thumbs/{hashlib.blake2b(data, digest_size=10, salt=SALT).hexdigest()}.jpg"
    target, cached = out / name, _cache(root)
    kept = cached / name.removeprefix("thumbs/") if cached else None
    quiet_pillow()
    # a file lint reports as broken (a PNG's bad chunk: a SyntaxError), or one past Pillow's size
    # for trusted images: no thumbnail
    unusable: tuple[type[Exception], ...] = (
        *pillow_errors(),
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    )
    try:
        return _thumbnail(data, name, target, kept)
    except unusable:
        return None


def _thumbnail(data: bytes, name: str, target: Path, kept: Path | None) -> Thumb:
    """thumbnail's work, Pillow's warning of an image too large to be trusted an error."""
    from PIL import Image

    with warnings.catch_warnings():
        # what a broken file makes Pillow say ("Corrupt EXIF data") is lint's to report, in one
        # line with the file's name, not Pillow's on the terminal
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        if not target.is_file() and kept is not None and _regular(kept):
            _place(target, kept.read_bytes())
        if target.is_file():
            with Image.open(target) as done:
                return Thumb(name, *done.size)
        with Image.open(io.BytesIO(data)) as image:
            # a triangle filter widened to the scale (Pillow's resampling): a preview as sharp to
            # the eye as bicubic's, in a fifth of the time
            image.thumbnail((WIDTH, WIDTH * 2), Image.Resampling.BILINEAR)
            shown = _upright_on_white(image)
            made = io.BytesIO()
            shown.save(made, "JPEG", quality=82, optimize=True)
            _place(target, made.getvalue())
            if kept is not None:
                _place(kept, made.getvalue())
            return Thumb(name, *shown.size)


def _upright_on_white(image: Image.Image) -> Image.Image:
    """The scaled image as the networks show it: turned as its EXIF Orientation says (a phone's
    portrait photo is stored landscape), and its transparent parts white, as a JPEG has none
    (converted straight to RGB they would turn black, and a dark logo with them)."""
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(image) or image
    if upright.mode.startswith("I"):
        upright = _eight_bit(upright)
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return upright.convert("RGB")


def _eight_bit(grey: Image.Image) -> Image.Image:
    """A 16- or 32-bit grey picture (a 16-bit PNG) as 8 bits, its top byte: converted straight
    to RGB, every value above 255 is clipped to white."""
    wide = grey.convert("I")
    top = wide.getextrema()[1]  # one band: (lowest, highest)
    if grey.mode.startswith("I;16") or (not isinstance(top, tuple) and top > 255):
        wide = wide.point(lambda v: v * (1 / 256))
    return wide.convert("L")


def _cache(root: Path) -> Path | None:
    """.smm-cache/thumbs/ as real folders of the repository; None if it cannot be, or either is a
    symbolic link (committed, or planted): the cache is not used then, as lint's is not
    (cachefile.py), and nothing is made or written where the link points."""
    return own_folder(root, CACHE)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _place(target: Path, data: bytes) -> None:
    """Write ``data`` at ``target`` atomically: a temporary file of this worker's made afresh
    (O_EXCL, O_NOFOLLOW: never a link planted under its name), then a rename, which replaces a
    link at ``target`` instead of writing through it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{os.urandom(4).hex()}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
