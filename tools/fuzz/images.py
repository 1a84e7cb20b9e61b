"""Generated image files for the fuzzer: a picture the base repository's posts show, replaced by
one that is broken the ways a file is broken in a repository (cut short, bytes written over,
slipped in or lost, a header that declares a decompression bomb, EXIF that is not EXIF, a file
that is not an image at all). The images are read by lint's inspector, `smm preview` and the
site's thumbnails. ``image_case(r)`` is a pure function of the generator's state.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from functools import cache

#: The base post's picture (tools/fuzz/harness.py), whatever the bytes put there are.
TARGET = "assets/zerno/a.png"
NOT_IMAGES = (
    b"",
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    b"<!doctype html><script>alert(1)</script>",
    b"GIF89a",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"II*\x00",
)


@cache
def seeds() -> tuple[bytes, ...]:
    """Small well-formed pictures of the formats and modes the networks and Pillow meet."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned a quarter
    made = []
    for mode, fmt, extra in (
        ("RGB", "PNG", {}),
        ("RGBA", "PNG", {}),
        ("I;16", "PNG", {}),
        ("P", "GIF", {}),
        ("RGB", "JPEG", {"exif": exif.tobytes()}),
        ("CMYK", "JPEG", {}),
        ("RGB", "WEBP", {}),
        ("RGB", "TIFF", {}),
        ("L", "BMP", {}),
    ):
        buf = io.BytesIO()
        Image.new(mode, (24, 16), 120).save(buf, fmt, **extra)
        made.append(buf.getvalue())
    return tuple(made)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _bomb(r: random.Random) -> bytes:
    """A PNG whose header declares far more pixels than it holds (its CRC right, so it opens)."""
    side = r.choice((20000, 65535, 1 << 30, 0))
    header = struct.pack(">IIBBBBB", side, r.choice((side, 1)), 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def _mutated(r: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(r.choice((1, 1, 2, 4, 16))):
        at = r.randrange(len(out) + 1)
        roll = r.random()
        if roll < 0.5 and at < len(out):
            out[at] = r.randrange(256)  # a byte written over
        elif roll < 0.7:
            del out[at : at + r.randint(1, 64)]  # bytes lost
        elif roll < 0.9:
            out[at:at] = bytes(r.randrange(256) for _ in range(r.randint(1, 24)))  # slipped in
        else:
            del out[at:]  # cut short
    return bytes(out)


def image_case(r: random.Random) -> tuple[str, bytes]:
    """Where a broken picture goes (the one the base post shows) and its bytes."""
    target = TARGET
    roll = r.random()
    if roll < 0.1:
        return target, r.choice(NOT_IMAGES)
    if roll < 0.2:
        return target, _bomb(r)
    if roll < 0.3:  # a PNG with an eXIf chunk of garbage before its pixels
        png = seeds()[0]
        junk = bytes(r.randrange(256) for _ in range(r.randint(0, 40)))
        at = png.index(b"IDAT") - 4
        return target, png[:at] + _png_chunk(b"eXIf", b"MM\x00*" + junk) + png[at:]
    return target, _mutated(r, r.choice(seeds()))
