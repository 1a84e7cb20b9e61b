#!/usr/bin/env python3
"""Generate the example images in assets/ (deterministic, Pillow only).

    python tools/make_example_images.py            # writes assets/zerno/*, assets/nordlicht/*
    python tools/make_example_images.py --check    # exits 1 if a file on disk differs

Every image is drawn from code: gradients, simple shapes and the brand's name, so the
example repository carries no third-party photos and no EXIF/GPS metadata. The same
Pillow version and the same font produce byte-identical files; a random generator with
a fixed seed per image places snowflakes, beans and stars.

Sizes follow what the networks accept (see docs/networks.md):
  1080x1080, 1080x1350  Instagram square and 4:5 (JPEG, width 320-1440, ratio 0.8-1.91)
  1280x720, 1200x630    Telegram / VK / OK link-style images
  one PNG (the Zerno logo) for Telegram/VK/OK only: Instagram takes JPEG.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parent.parent
JPEG_QUALITY = 85
MAX_BYTES = 400 * 1024

FONT_CANDIDATES = {
    "bold": ["DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
    "regular": ["DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
    "serif": ["DejaVuSerif-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"],
}


def font(style: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_CANDIDATES[style]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow >= 10.1; Latin only


# --------------------------------------------------------------------------- primitives


def gradient(size: tuple[int, int], top: str, bottom: str, angle: float = 0) -> Image.Image:
    """A smooth two-colour gradient; angle in degrees (0 = top to bottom)."""
    w, h = size
    side = int(math.hypot(w, h)) + 2
    ramp = Image.linear_gradient("L").resize((side, side), Image.Resampling.BICUBIC)
    if angle:
        ramp = ramp.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False)
    left, upper = (side - w) // 2, (side - h) // 2
    ramp = ramp.crop((left, upper, left + w, upper + h))
    return ImageOps.colorize(ramp, top, bottom).convert("RGB")


def glow(
    img: Image.Image, xy: tuple[int, int], radius: int, colour: tuple[int, int, int], alpha: int
) -> None:
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    x, y = xy
    d.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*colour, alpha))
    layer = layer.filter(ImageFilter.GaussianBlur(radius // 2))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def overlay(img: Image.Image, draw_fn, blur: int = 0) -> None:
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def text_center(d: ImageDraw.ImageDraw, cx: int, y: int, text: str, fnt, fill, shadow=None) -> int:
    box = d.textbbox((0, 0), text, font=fnt)
    w, h = box[2] - box[0], box[3] - box[1]
    x = cx - w // 2 - box[0]
    if shadow:
        d.text((x + 3, y + 3), text, font=fnt, fill=shadow)
    d.text((x, y - box[1]), text, font=fnt, fill=fill)
    return h


def fit_font(d: ImageDraw.ImageDraw, text: str, style: str, size: int, max_width: int):
    while size > 12:
        fnt = font(style, size)
        box = d.textbbox((0, 0), text, font=fnt)
        if box[2] - box[0] <= max_width:
            return fnt
        size -= 4
    return font(style, size)


def cup(
    d: ImageDraw.ImageDraw, cx: int, cy: int, s: int, body: str, coffee: str, saucer: str
) -> None:
    """A coffee cup seen slightly from above, centred at (cx, cy), scale s (cup width)."""
    d.ellipse((cx - s * 0.85, cy + s * 0.42, cx + s * 0.85, cy + s * 0.72), fill=saucer)
    d.pieslice((cx - s / 2, cy - s * 0.15, cx + s / 2, cy + s * 0.75), 0, 180, fill=body)
    d.rectangle((cx - s / 2, cy - s * 0.02, cx + s / 2, cy + s * 0.30), fill=body)
    w = max(6, s // 14)
    d.ellipse((cx + s * 0.38, cy + s * 0.02, cx + s * 0.72, cy + s * 0.34), outline=body, width=w)
    d.ellipse((cx - s / 2, cy - s * 0.14, cx + s / 2, cy + s * 0.10), fill=body)
    d.ellipse((cx - s * 0.44, cy - s * 0.10, cx + s * 0.44, cy + s * 0.07), fill=coffee)
    # latte art: a small heart of foam
    r = s * 0.07
    d.ellipse((cx - 2 * r, cy - s * 0.06, cx, cy - s * 0.06 + 2 * r), fill="#f3e3c8")
    d.ellipse((cx, cy - s * 0.06, cx + 2 * r, cy - s * 0.06 + 2 * r), fill="#f3e3c8")
    d.polygon(
        [
            (cx - 2 * r, cy - s * 0.06 + r * 1.2),
            (cx + 2 * r, cy - s * 0.06 + r * 1.2),
            (cx, cy - s * 0.06 + r * 3.2),
        ],
        fill="#f3e3c8",
    )


def steam(d: ImageDraw.ImageDraw, cx: int, top: int, s: int, colour=(255, 255, 255, 120)) -> None:
    for k in (-1, 0, 1):
        pts = []
        for i in range(40):
            t = i / 39
            pts.append(
                (cx + k * s * 0.18 + math.sin(t * math.pi * 2 + k) * s * 0.06, top - t * s * 0.55)
            )
        d.line(pts, fill=colour, width=max(4, s // 30), joint="curve")


def bean(
    d: ImageDraw.ImageDraw, x: float, y: float, r: float, angle: float, fill: str, line: str
) -> None:
    pts = [
        (
            x + math.cos(a) * r * 0.62 * math.cos(angle) - math.sin(a) * r * math.sin(angle),
            y + math.cos(a) * r * 0.62 * math.sin(angle) + math.sin(a) * r * math.cos(angle),
        )
        for a in [i * math.pi / 18 for i in range(36)]
    ]
    d.polygon(pts, fill=fill)
    crease = [
        (
            x
            + math.sin(t * 3) * r * 0.12 * math.cos(angle)
            - (t / 1.4) * r * 0.85 * math.sin(angle),
            y
            + math.sin(t * 3) * r * 0.12 * math.sin(angle)
            + (t / 1.4) * r * 0.85 * math.cos(angle),
        )
        for t in [(-1.4 + i * 0.14) for i in range(21)]
    ]
    d.line(crease, fill=line, width=max(2, int(r / 7)))


def snowflake(d: ImageDraw.ImageDraw, x: float, y: float, r: float, colour) -> None:
    w = max(2, int(r / 6))
    for k in range(6):
        a = k * math.pi / 3
        ex, ey = x + math.cos(a) * r, y + math.sin(a) * r
        d.line((x, y, ex, ey), fill=colour, width=w)
        for f in (0.55,):
            bx, by = x + math.cos(a) * r * f, y + math.sin(a) * r * f
            for da in (-0.6, 0.6):
                d.line(
                    (bx, by, bx + math.cos(a + da) * r * 0.35, by + math.sin(a + da) * r * 0.35),
                    fill=colour,
                    width=w,
                )


def heart(d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, fill) -> None:
    pts = []
    for i in range(120):
        t = i / 120 * 2 * math.pi
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * s / 32, cy - y * s / 32))
    d.polygon(pts, fill=fill)


def mountains(
    d: ImageDraw.ImageDraw,
    w: int,
    h: int,
    base: float,
    rng: random.Random,
    fill,
    peaks: int,
    height: float,
    snow=None,
) -> None:
    xs = sorted(rng.uniform(0, w) for _ in range(peaks))
    pts = [(-10, h)]
    prev = -10
    for x in xs:
        top = base - rng.uniform(0.45, 1.0) * height
        valley = base - rng.uniform(0.0, 0.3) * height
        pts.append(((prev + x) / 2, valley))
        pts.append((x, top))
        if snow:
            sw = (base - top) * 0.22
            d.polygon(
                [
                    (x, top),
                    (x - sw * 0.9, top + sw),
                    (x - sw * 0.2, top + sw * 0.75),
                    (x + sw * 0.3, top + sw * 1.05),
                    (x + sw * 0.8, top + sw * 0.9),
                ],
                fill=snow,
            )
        prev = x
    pts += [(w + 10, base - rng.uniform(0, 0.3) * height), (w + 10, h)]
    d.polygon(pts, fill=fill)


def aurora(img: Image.Image, rng: random.Random, colours) -> None:
    w, h = img.size

    def draw(d):
        for n, c in enumerate(colours):
            y0 = h * (0.18 + 0.09 * n)
            amp = h * rng.uniform(0.04, 0.08)
            ph = rng.uniform(0, 6.28)
            for x in range(0, w, 6):
                y = y0 + math.sin(x / w * 5 + ph) * amp
                d.line((x, y, x, y + h * rng.uniform(0.10, 0.22)), fill=c, width=6)

    overlay(img, draw, blur=int(h * 0.03))


def stars(d: ImageDraw.ImageDraw, w: int, h: int, n: int, rng: random.Random, ymax: float) -> None:
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(0, h * ymax)
        r = rng.choice((1, 1, 2, 2, 3))
        d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(120, 255)))


def badge(d: ImageDraw.ImageDraw, box, fill, text, fnt, text_fill) -> None:
    d.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=fill)
    cx = (box[0] + box[2]) // 2
    tb = d.textbbox((0, 0), text, font=fnt)
    y = (box[1] + box[3]) // 2 - (tb[3] - tb[1]) // 2 - tb[1]
    d.text((cx - (tb[2] - tb[0]) // 2 - tb[0], y), text, font=fnt, fill=text_fill)


# --------------------------------------------------------------------------- Zerno (coffee)

ZERNO = "Кофейня «Зерно»"
ESPRESSO, CREAM, CARAMEL = "#2b1a12", "#f5e9d7", "#c8894a"


def zerno_base(size, top="#3b2418", bottom="#120a07", angle=0):
    return gradient(size, top, bottom, angle)


def zerno_footer(img: Image.Image, fill=CREAM) -> None:
    d = ImageDraw.Draw(img)
    w, h = img.size
    f = font("serif", int(min(w, h) * 0.045))
    text_center(d, w // 2, int(h * 0.92), ZERNO, f, fill)


def zerno_beans(
    img: Image.Image, rng: random.Random, n: int, area=(0, 1, 0, 1), size=(18, 34)
) -> None:
    w, h = img.size

    def draw(d):
        for _ in range(n):
            x = rng.uniform(area[0], area[1]) * w
            y = rng.uniform(area[2], area[3]) * h
            r = rng.uniform(*size) * w / 1080
            bean(d, x, y, r, rng.uniform(0, math.pi), (92, 52, 30, 235), (40, 22, 14, 255))

    overlay(img, draw)


def zerno_headline(
    img: Image.Image, title: str, sub: str | None, y: float, colour=CREAM, accent=CARAMEL
) -> None:
    d = ImageDraw.Draw(img)
    w, h = img.size
    f = fit_font(d, title, "bold", int(min(w, h) * 0.085), int(w * 0.86))
    th = text_center(d, w // 2, int(h * y), title, f, colour, shadow=(0, 0, 0))
    if sub:
        f2 = fit_font(d, sub, "regular", int(min(w, h) * 0.045), int(w * 0.84))
        text_center(d, w // 2, int(h * y) + th + int(h * 0.03), sub, f2, accent)


def z_winter_menu(size, rng):
    img = zerno_base(size, "#4a2c1d", "#140b07")
    w, h = size
    glow(img, (w // 2, int(h * 0.55)), int(w * 0.33), (255, 190, 120), 90)
    overlay(
        img,
        lambda d: [
            snowflake(
                d,
                rng.uniform(0, w),
                rng.uniform(0, h * 0.4),
                rng.uniform(10, 26),
                (255, 255, 255, rng.randint(90, 200)),
            )
            for _ in range(26)
        ],
    )
    overlay(img, lambda d: steam(d, w // 2, int(h * 0.47), int(w * 0.42)), blur=3)
    d = ImageDraw.Draw(img)
    cup(d, w // 2, int(h * 0.58), int(w * 0.42), "#f4efe6", "#6b3d22", "#d9cfc0")
    zerno_beans(img, rng, 9, (0.05, 0.95, 0.80, 0.88))
    zerno_headline(img, "Зимнее меню", "латте с корицей · пряный раф · облепиха", 0.10)
    zerno_footer(img)
    return img


def z_latte(size, rng):
    img = zerno_base(size, "#c8894a", "#3a2116", angle=20)
    w, h = size
    glow(img, (int(w * 0.3), int(h * 0.25)), int(w * 0.3), (255, 235, 200), 110)
    overlay(
        img,
        lambda d: [
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 245, 230, 60))
            for x, y, r in [
                (rng.uniform(0, w), rng.uniform(0, h), rng.uniform(8, 30)) for _ in range(30)
            ]
        ],
        blur=4,
    )
    overlay(img, lambda d: steam(d, w // 2, int(h * 0.48), int(w * 0.5)), blur=3)
    d = ImageDraw.Draw(img)
    d.rectangle((0, int(h * 0.72), w, h), fill="#5a3826")
    for i in range(0, w, 90):
        d.line((i, int(h * 0.72), i + 40, h), fill="#4b2e1f", width=3)
    cup(d, w // 2, int(h * 0.58), int(w * 0.5), "#fbf7f0", "#8a5530", "#e7dccb")
    # cinnamon sticks
    for k, dx in enumerate((-0.36, -0.30)):
        d.rounded_rectangle(
            (
                int(w * (0.5 + dx)),
                int(h * (0.84 + k * 0.015)),
                int(w * (0.5 + dx + 0.22)),
                int(h * (0.855 + k * 0.015)),
            ),
            radius=8,
            fill="#8b4a22",
            outline="#5c2e14",
            width=3,
        )
    zerno_headline(img, "Латте с корицей", "тёплый, как плед", 0.08, accent="#3a2116")
    zerno_footer(img)
    return img


def z_drinks(size, rng):
    img = zerno_base(size, "#2c1a12", "#5b3422", angle=90)
    w, h = size
    glow(img, (int(w * 0.72), int(h * 0.55)), int(h * 0.42), (255, 170, 90), 110)
    overlay(
        img,
        lambda d: [
            snowflake(
                d,
                rng.uniform(0, w),
                rng.uniform(0, h),
                rng.uniform(8, 20),
                (255, 255, 255, rng.randint(60, 160)),
            )
            for _ in range(30)
        ],
    )
    d = ImageDraw.Draw(img)
    cup(d, int(w * 0.62), int(h * 0.56), int(h * 0.40), "#e9c9a0", "#7a4526", "#c9a77f")
    cup(d, int(w * 0.83), int(h * 0.62), int(h * 0.30), "#f6f1ea", "#9a5c32", "#d9cfc0")
    f = font("bold", int(h * 0.10))
    d.text((int(w * 0.06), int(h * 0.22)), "Пряный раф", font=f, fill=CREAM)
    d.text(
        (int(w * 0.06), int(h * 0.36)),
        "и имбирный латте",
        font=font("regular", int(h * 0.06)),
        fill=CARAMEL,
    )
    badge(
        d,
        (int(w * 0.06), int(h * 0.55), int(w * 0.40), int(h * 0.66)),
        CARAMEL,
        "до 28 февраля",
        font("bold", int(h * 0.045)),
        ESPRESSO,
    )
    d.text((int(w * 0.06), int(h * 0.86)), ZERNO, font=font("serif", int(h * 0.05)), fill=CREAM)
    return img


def z_contest(size, rng):
    img = gradient(size, "#7b1e1e", "#2b0d0d", angle=35)
    w, h = size
    overlay(
        img,
        lambda d: [
            d.ellipse((x - r, y - r, x + r, y + r), fill=c)
            for x, y, r, c in [
                (
                    rng.uniform(0, w),
                    rng.uniform(0, h),
                    rng.uniform(3, 9),
                    rng.choice([(255, 215, 120, 200), (255, 255, 255, 170), (240, 160, 90, 200)]),
                )
                for _ in range(140)
            ]
        ],
    )
    d = ImageDraw.Draw(img)
    # gift certificate card
    cx, cy = int(w * 0.72), int(h * 0.52)
    d.rounded_rectangle(
        (cx - 230, cy - 140, cx + 230, cy + 140), radius=26, fill=CREAM, outline=CARAMEL, width=8
    )
    d.rectangle((cx - 18, cy - 140, cx + 18, cy + 140), fill="#b23a3a")
    d.text((cx - 200, cy - 110), "СЕРТИФИКАТ", font=font("bold", 40), fill=ESPRESSO)
    d.text((cx - 200, cy + 40), "3 000 ₽", font=font("bold", 64), fill="#b23a3a")
    d.text((int(w * 0.06), int(h * 0.20)), "Розыгрыш", font=font("bold", int(h * 0.12)), fill=CREAM)
    d.text(
        (int(w * 0.06), int(h * 0.38)),
        "3 сертификата",
        font=font("regular", int(h * 0.07)),
        fill="#ffd68a",
    )
    d.text(
        (int(w * 0.06), int(h * 0.50)),
        "в «Зерно»",
        font=font("regular", int(h * 0.07)),
        fill="#ffd68a",
    )
    d.text((int(w * 0.06), int(h * 0.84)), ZERNO, font=font("serif", int(h * 0.05)), fill=CREAM)
    return img


def z_partners(size, rng):
    img = gradient(size, "#f3e6d2", "#d8b995", angle=-30)
    w, h = size
    d = ImageDraw.Draw(img)
    # two circles joined: coffee + croissant/book
    for cx, col in ((int(w * 0.33), "#3b2418"), (int(w * 0.67), "#8a5a2b")):
        d.ellipse((cx - 170, int(h * 0.45) - 170, cx + 170, int(h * 0.45) + 170), fill=col)
    cup(d, int(w * 0.33), int(h * 0.42), 170, "#f4efe6", "#6b3d22", "#d9cfc0")
    # croissant: stacked arcs
    cx, cy = int(w * 0.67), int(h * 0.47)
    for i, rr in enumerate((120, 95, 70)):
        d.pieslice(
            (cx - rr - 20, cy - rr + i * 8, cx + rr + 20, cy + rr + i * 8),
            200,
            340,
            fill=("#e9a94f", "#d48d36", "#c07a28")[i],
        )
    heart(d, w // 2, int(h * 0.45), 70, "#b23a3a")
    text_center(d, w // 2, int(h * 0.78), "Друзья «Зерна»", font("bold", int(h * 0.08)), ESPRESSO)
    return img


def z_carousel(n):
    titles = [
        ("Новый год", "в «Зерне»"),
        ("Пряничный латте", "имбирь · мёд · корица"),
        ("Подарочные наборы", "зерно + кружка"),
    ]
    palettes = [("#0f3d2e", "#06150f"), ("#7a3b1d", "#2a120a"), ("#8c1c24", "#2a070a")]

    def make(size, rng):
        top, bottom = palettes[n]
        img = gradient(size, top, bottom, angle=15 * n)
        w, h = size
        glow(img, (w // 2, int(h * 0.55)), int(w * 0.36), (255, 200, 120), 70)
        overlay(
            img,
            lambda d: [
                snowflake(
                    d,
                    rng.uniform(0, w),
                    rng.uniform(0, h),
                    rng.uniform(8, 22),
                    (255, 255, 255, rng.randint(70, 170)),
                )
                for _ in range(34)
            ],
        )
        d = ImageDraw.Draw(img)
        if n == 0:  # a fir tree of triangles with lights
            for i, (tw, ty) in enumerate(((360, 0.30), (300, 0.42), (240, 0.54))):
                y = int(h * ty)
                d.polygon(
                    [
                        (w // 2, y - 150 + i * 10),
                        (w // 2 - tw // 2 - 60, y + 150),
                        (w // 2 + tw // 2 + 60, y + 150),
                    ],
                    fill=("#1f6b45", "#1a5c3b", "#154d31")[i],
                )
            d.rectangle((w // 2 - 30, int(h * 0.68), w // 2 + 30, int(h * 0.74)), fill="#5a3826")
            for _ in range(24):
                x, y = rng.uniform(w * 0.3, w * 0.7), rng.uniform(h * 0.25, h * 0.66)
                if abs(x - w / 2) < (y - h * 0.2) * 0.55:
                    d.ellipse(
                        (x - 9, y - 9, x + 9, y + 9),
                        fill=rng.choice(["#ffd166", "#ef476f", "#f8f9fa"]),
                    )
        elif n == 1:  # gingerbread latte: cup + gingerbread star
            cup(d, w // 2, int(h * 0.52), int(w * 0.44), "#f4efe6", "#8a5530", "#d9cfc0")
            pts = [
                (int(w * 0.80) + math.cos(a) * r, int(h * 0.72) + math.sin(a) * r)
                for i, a in enumerate([k * math.pi / 5 - math.pi / 2 for k in range(10)])
                for r in [(90 if i % 2 == 0 else 40)]
            ]
            d.polygon(pts, fill="#b0682c", outline="#fbe3c0", width=5)
        else:  # gift box
            bx, by = w // 2, int(h * 0.55)
            d.rectangle((bx - 220, by - 120, bx + 220, by + 180), fill="#f4efe6")
            d.rectangle((bx - 240, by - 170, bx + 240, by - 110), fill="#e9e1d3")
            d.rectangle((bx - 25, by - 170, bx + 25, by + 180), fill="#c8894a")
            d.ellipse((bx - 110, by - 250, bx - 5, by - 165), outline="#c8894a", width=22)
            d.ellipse((bx + 5, by - 250, bx + 110, by - 165), outline="#c8894a", width=22)
            for k in range(5):
                bean(d, bx - 160 + k * 80, by + 60, 26, 0.6 + k * 0.3, "#5c341e", "#2b160c")
        zerno_headline(img, *titles[n], 0.07)
        d = ImageDraw.Draw(img)
        badge(
            d,
            (w - 190, h - 120, w - 50, h - 60),
            (255, 255, 255),
            f"{n + 1} / 3",
            font("bold", 32),
            ESPRESSO,
        )
        zerno_footer(img)
        return img

    return make


def z_sea_buckthorn(size, rng):
    img = gradient(size, "#ffb347", "#8a3b12", angle=0)
    w, h = size
    glow(img, (w // 2, int(h * 0.45)), int(w * 0.4), (255, 240, 200), 100)
    d = ImageDraw.Draw(img)
    # glass mug
    mx, my = w // 2, int(h * 0.55)
    d.rounded_rectangle(
        (mx - 200, my - 220, mx + 200, my + 220),
        radius=40,
        fill=(255, 140, 40),
        outline="#fff3e0",
        width=10,
    )
    d.ellipse((mx + 170, my - 120, mx + 330, my + 80), outline="#fff3e0", width=22)
    for _ in range(18):
        x, y = rng.uniform(mx - 160, mx + 160), rng.uniform(my - 150, my + 190)
        r = rng.uniform(12, 20)
        d.ellipse((x - r, y - r, x + r, y + r), fill="#ffd23f", outline="#e07a00", width=3)
    # mint leaves
    for dx, ang in ((-60, -0.5), (40, 0.4)):
        bean(d, mx + dx, my - 230, 55, ang, "#3a9d5d", "#1f6b3a")
    zerno_headline(
        img, "Облепиховый чай", "с мёдом и мятой", 0.06, colour="#fffaf0", accent="#3b1a08"
    )
    zerno_footer(img, fill="#fffaf0")
    return img


def z_valentine(size, rng):
    img = gradient(size, "#f7c6c7", "#b2384a", angle=-20)
    w, h = size
    overlay(
        img,
        lambda d: [
            heart(
                d,
                rng.uniform(0, w),
                rng.uniform(0, h),
                rng.uniform(30, 80),
                (255, 255, 255, rng.randint(50, 120)),
            )
            for _ in range(22)
        ],
    )
    d = ImageDraw.Draw(img)
    cup(d, int(w * 0.38), int(h * 0.58), int(w * 0.34), "#fbf7f0", "#7a4526", "#f0d9d9")
    cup(d, int(w * 0.64), int(h * 0.60), int(w * 0.30), "#fbf7f0", "#8a5530", "#f0d9d9")
    heart(d, w // 2, int(h * 0.36), 130, "#c8102e")
    zerno_headline(
        img, "Кофе на двоих", "14 февраля в «Зерне»", 0.07, colour="#fffaf0", accent="#5a0f1c"
    )
    zerno_footer(img, fill="#fffaf0")
    return img


def z_logo(size, rng):
    img = Image.new("RGB", size, CREAM)
    w, h = size
    d = ImageDraw.Draw(img)
    d.ellipse((int(w * 0.12), int(h * 0.08), int(w * 0.88), int(h * 0.84)), fill=ESPRESSO)
    d.ellipse(
        (int(w * 0.15), int(h * 0.11), int(w * 0.85), int(h * 0.81)), outline=CARAMEL, width=6
    )
    bean(d, w / 2, h * 0.40, w * 0.20, 0.5, "#c8894a", ESPRESSO)
    text_center(d, w // 2, int(h * 0.60), "ЗЕРНО", font("serif", int(h * 0.10)), CREAM)
    text_center(
        d, w // 2, int(h * 0.88), "кофейня · с 2014 года", font("regular", int(h * 0.05)), ESPRESSO
    )
    return img


# --------------------------------------------------------------------------- Nordlicht (outdoor)

NORD = "NORDLICHT OUTDOOR"
NIGHT, ICE, GLACIER, SIGNAL = "#0b1a2e", "#e8f1f8", "#7fb8d8", "#ff6b35"


def nord_brand(img: Image.Image, colour=ICE) -> None:
    d = ImageDraw.Draw(img)
    w, h = img.size
    f = font("bold", int(min(w, h) * 0.040))
    box = d.textbbox((0, 0), NORD, font=f)
    x, y = int(w * 0.06), int(h * 0.93) - (box[3] - box[1])
    d.polygon([(x, y + 36), (x + 22, y), (x + 44, y + 36)], fill=SIGNAL)
    d.text((x + 60, y - box[1]), NORD, font=f, fill=colour)


def night_scene(
    size,
    rng,
    seed_colours=((80, 255, 170, 90), (60, 200, 255, 70), (170, 120, 255, 60)),
    peaks=6,
    snow=True,
):
    img = gradient(size, "#050b18", "#17324f")
    w, h = size
    overlay(img, lambda d: stars(d, w, h, 220, rng, 0.65))
    aurora(img, rng, seed_colours)
    d = ImageDraw.Draw(img)
    mountains(d, w, h, h * 0.82, rng, "#1c2f45", peaks, h * 0.38, snow="#dfe9f2" if snow else None)
    mountains(d, w, h, h * 0.95, rng, "#0d1826", peaks + 2, h * 0.22)
    return img


def n_advent(size, rng):
    img = night_scene(size, rng)
    w, h = size
    d = ImageDraw.Draw(img)
    # 24 little doors
    f = font("bold", 26)
    for i in range(24):
        col, row = i % 6, i // 6
        x0, y0 = int(w * 0.12) + col * 135, int(h * 0.34) + row * 95
        d.rounded_rectangle(
            (x0, y0, x0 + 110, y0 + 76),
            radius=12,
            fill=(232, 241, 248) if i != 0 else SIGNAL,
            outline=GLACIER,
            width=3,
        )
        text_center(d, x0 + 55, y0 + 24, str(i + 1), f, NIGHT if i else ICE)
    text_center(
        d, w // 2, int(h * 0.08), "Advent Calendar", font("bold", 78), ICE, shadow=(0, 0, 0)
    )
    text_center(
        d,
        w // 2,
        int(h * 0.19),
        "24 days · 24 deals · 1 Dec – 24 Dec",
        font("regular", 38),
        GLACIER,
    )
    nord_brand(img)
    return img


def n_aurora(size, rng):
    img = night_scene(size, rng, peaks=5)
    w, h = size
    d = ImageDraw.Draw(img)
    # tent with a warm light
    tx, ty = int(w * 0.70), int(h * 0.86)
    glow(img, (tx, ty - 40), 160, (255, 170, 80), 120)
    d = ImageDraw.Draw(img)
    d.polygon([(tx - 120, ty), (tx, ty - 130), (tx + 120, ty)], fill=SIGNAL)
    d.polygon([(tx - 25, ty), (tx, ty - 80), (tx + 25, ty)], fill="#ffd9a0")
    d.text(
        (int(w * 0.06), int(h * 0.07)), "Schichten statt Frieren", font=font("bold", 64), fill=ICE
    )
    d.text(
        (int(w * 0.06), int(h * 0.17)),
        "Layering guide · Zwiebelprinzip",
        font=font("regular", 36),
        fill=GLACIER,
    )
    nord_brand(img)
    return img


def n_carousel(n):
    titles = [
        ("Fjell Jacket", "3-layer shell · 20k/20k"),
        ("Built for -20 °C", "PrimaLoft insulation"),
        ("Repairable", "spare parts for 10 years"),
    ]
    jacket_colours = [SIGNAL, "#2f6f8f", "#d9c45b"]

    def make(size, rng):
        img = gradient(
            size,
            ("#dfeaf3", "#1d3b58", "#f2efe6")[n],
            ("#8fb3cf", "#07101d", "#c9c2ae")[n],
            angle=10,
        )
        w, h = size
        if n == 1:
            overlay(img, lambda d: stars(d, w, h, 160, rng, 0.5))
        d = ImageDraw.Draw(img)
        mountains(
            d,
            w,
            h,
            h * 0.90,
            rng,
            ("#b5c9d9", "#14263b", "#b3ab94")[n],
            5,
            h * 0.30,
            snow="#ffffff" if n != 2 else None,
        )
        # a stylised jacket
        cx, cy, s = w // 2, int(h * 0.52), int(w * 0.30)
        c = jacket_colours[n]
        d.polygon(
            [
                (cx - s, cy - s * 0.7),
                (cx - s * 0.45, cy - s * 0.95),
                (cx, cy - s * 0.8),
                (cx + s * 0.45, cy - s * 0.95),
                (cx + s, cy - s * 0.7),
                (cx + s * 1.15, cy + s * 0.6),
                (cx + s * 0.80, cy + s * 0.65),
                (cx + s * 0.70, cy - s * 0.1),
                (cx + s * 0.70, cy + s),
                (cx - s * 0.70, cy + s),
                (cx - s * 0.70, cy - s * 0.1),
                (cx - s * 0.80, cy + s * 0.65),
                (cx - s * 1.15, cy + s * 0.6),
            ],
            fill=c,
            outline="#10202f",
        )
        d.polygon(
            [
                (cx - s * 0.45, cy - s * 0.95),
                (cx, cy - s * 1.25),
                (cx + s * 0.45, cy - s * 0.95),
                (cx, cy - s * 0.8),
            ],
            fill="#10202f",
        )
        d.line((cx, cy - s * 0.8, cx, cy + s), fill="#10202f", width=8)
        for side in (-1, 1):
            d.line(
                (cx + side * s * 0.25, cy + s * 0.1, cx + side * s * 0.55, cy + s * 0.1),
                fill="#10202f",
                width=6,
            )
        if n == 2:
            d.ellipse(
                (cx + s * 0.2, cy + s * 0.4, cx + s * 0.5, cy + s * 0.7),
                fill="#ffffff",
                outline="#10202f",
                width=5,
            )
            d.line(
                (cx + s * 0.25, cy + s * 0.55, cx + s * 0.45, cy + s * 0.55),
                fill="#10202f",
                width=5,
            )
        tcol = (NIGHT, ICE, NIGHT)[n]
        text_center(d, w // 2, int(h * 0.06), titles[n][0], font("bold", 84), tcol)
        text_center(
            d,
            w // 2,
            int(h * 0.15),
            titles[n][1],
            font("regular", 40),
            (SIGNAL, GLACIER, "#7a4a1c")[n],
        )
        badge(
            d,
            (w - 190, h - 120, w - 50, h - 60),
            NIGHT if n != 1 else ICE,
            f"{n + 1} / 3",
            font("bold", 32),
            ICE if n != 1 else NIGHT,
        )
        nord_brand(img, colour=(NIGHT, ICE, NIGHT)[n])
        return img

    return make


def n_sale(size, rng):
    img = night_scene(size, rng, seed_colours=((80, 255, 170, 90), (255, 107, 53, 60)), peaks=7)
    w, h = size
    d = ImageDraw.Draw(img)
    d.rectangle((0, int(h * 0.10), int(w * 0.58), int(h * 0.62)), fill=(11, 26, 46))
    d.text((int(w * 0.05), int(h * 0.14)), "WINTER SALE", font=font("bold", 84), fill=ICE)
    d.text((int(w * 0.05), int(h * 0.31)), "up to −30 %", font=font("bold", 72), fill=SIGNAL)
    d.text(
        (int(w * 0.05), int(h * 0.48)),
        "5 Jan – 28 Feb 2027",
        font=font("regular", 34),
        fill=GLACIER,
    )
    nord_brand(img)
    return img


# --------------------------------------------------------------------------- the list

IMAGES = [
    # path, size, draw function
    ("assets/zerno/winter-menu-1080.jpg", (1080, 1080), z_winter_menu),
    ("assets/zerno/latte-cinnamon-1080x1350.jpg", (1080, 1350), z_latte),
    ("assets/zerno/winter-drinks-1280x720.jpg", (1280, 720), z_drinks),
    ("assets/zerno/contest-certificates-1200x630.jpg", (1200, 630), z_contest),
    ("assets/zerno/partners-1200x630.jpg", (1200, 630), z_partners),
    ("assets/zerno/new-year-carousel-1.jpg", (1080, 1080), z_carousel(0)),
    ("assets/zerno/new-year-carousel-2.jpg", (1080, 1080), z_carousel(1)),
    ("assets/zerno/new-year-carousel-3.jpg", (1080, 1080), z_carousel(2)),
    ("assets/zerno/sea-buckthorn-tea-1080x1350.jpg", (1080, 1350), z_sea_buckthorn),
    ("assets/zerno/valentine-1080.jpg", (1080, 1080), z_valentine),
    ("assets/zerno/logo.png", (800, 800), z_logo),
    ("assets/nordlicht/advent-calendar-1080.jpg", (1080, 1080), n_advent),
    ("assets/nordlicht/aurora-camp-1280x720.jpg", (1280, 720), n_aurora),
    ("assets/nordlicht/fjell-jacket-1.jpg", (1080, 1350), n_carousel(0)),
    ("assets/nordlicht/fjell-jacket-2.jpg", (1080, 1350), n_carousel(1)),
    ("assets/nordlicht/fjell-jacket-3.jpg", (1080, 1350), n_carousel(2)),
    ("assets/nordlicht/winter-sale-1200x630.jpg", (1200, 630), n_sale),
]


def render(path: str, size: tuple[int, int], fn) -> bytes:
    rng = random.Random(path)  # str seeds are hashed deterministically (sha512), not by hash()
    img = fn(size, rng).convert("RGB")
    assert img.size == size, (path, img.size)
    buf = io.BytesIO()
    if path.endswith(".png"):
        img.save(buf, "PNG", optimize=True)
    else:
        img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    data = buf.getvalue()
    if len(data) > MAX_BYTES:
        raise SystemExit(f"{path}: {len(data)} bytes, over the {MAX_BYTES} limit")
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if a file differs")
    ap.add_argument(
        "--root", type=Path, default=ROOT, help="repository root (default: this checkout)"
    )
    args = ap.parse_args(argv)
    differ = 0
    for rel, size, fn in IMAGES:
        data = render(rel, size, fn)
        out = args.root / rel
        same = out.exists() and out.read_bytes() == data
        if args.check:
            if not same:
                differ += 1
                print(f"differs: {rel}")
            continue
        if not same:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        print(
            f"{rel}  {size[0]}x{size[1]}  {len(data) // 1024} KB{'' if not same else '  (unchanged)'}"
        )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
