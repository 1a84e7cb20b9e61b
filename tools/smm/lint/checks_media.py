"""Checks of a post's images: the file itself once, then each target network's limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm.content.model import Image
from smm.content.yamlpos import Key
from smm.findings import Level
from smm.lint.context import PostContext
from smm.lint.images import ImageInfo
from smm.rules import Limit, NetworkRules


def check_images(ctx: PostContext) -> None:
    seen: dict[str, ImageInfo] = {}
    for image in _all_images(ctx):
        if image.src in seen:
            continue
        info = seen[image.src] = ctx.image(image.src)
        if info.problem:
            ctx.add(image.key, *info.problem)
        elif info.gps:
            ctx.add(
                image.key,
                "image/gps",
                f"'{image.src}' carries GPS coordinates in its EXIF data; "
                "strip them unless the location is meant to be public",
                "warning",
            )
    for network, rendered in ctx.renders.items():
        rules = ctx.rules(network)
        images = rendered.images
        key = (
            ("overrides", network, "images")
            if "images" in ctx.post.overrides.get(network, {})
            else ("images",)
        )
        _count(ctx, rules, key, len(images))
        alt_max = rules.limit("images.alt_max")
        for image in images:
            if not (image.alt or "").strip() and rules.alt in ("supported", "required"):
                level: Level = "error" if rules.alt == "required" else "warning"
                ctx.add(
                    image.key,
                    "image/alt",
                    f"'{image.src}' has no alt text ({rules.name} shows it to people "
                    "who cannot see the image); add alt: ...",
                    level,
                )
            elif alt_max and len(image.alt or "") > alt_max.value:
                ctx.add(
                    image.key,
                    f"{network}/alt-length",
                    f"{rules.name}: the alt text of '{image.src}' is "
                    f"{len(image.alt or ''):,} characters; at most {alt_max.value:,}{alt_max.note()}",
                    alt_max.level,
                )
            checked = seen.get(image.src)
            if checked and not checked.problem:
                _file_limits(ctx, rules, image, checked)


def _all_images(ctx: PostContext) -> list[Image]:
    images = list(ctx.post.images)
    for override in ctx.post.overrides.values():
        images.extend(override.get("images") or [])
    return images


def _count(ctx: PostContext, rules: NetworkRules, key: Key, count: int) -> None:
    network = rules.network
    low, high = rules.limit("images.min_count"), rules.limit("images.max_count")
    if low and count < low.value:
        ctx.add(
            key,
            f"{network}/image-count",
            f"{rules.name} needs at least {low.value} image(s); the post has {count}{low.note()}",
            low.level,
        )
    if high and count > high.value:
        ctx.add(
            key,
            f"{network}/image-count",
            f"{rules.name} takes at most {high.value} images; the post has {count}{high.note()}",
            high.level,
        )


def _ratio(info: ImageInfo) -> float:
    return max(info.width, info.height) / max(1, min(info.width, info.height))


def _aspect(info: ImageInfo) -> float:
    return info.width / max(1, info.height)


# (limit in the network's rule file, rule id suffix, fails(info, value), message); the value is
# the rule file's: a list of formats or a number
FileLimit = tuple[str, str, Callable[[ImageInfo, Any], bool], str]
_FILE_LIMITS: list[FileLimit] = [
    ("images.formats", "image-format", lambda i, v: i.format not in v, "is {fmt}; it takes {v}"),
    (
        "images.max_bytes",
        "image-size",
        lambda i, v: i.size > v,
        "is {mb:.1f} MB; at most {v:,} bytes",
    ),
    (
        "images.max_sum_wh",
        "image-dimensions",
        lambda i, v: i.width + i.height > v,
        "is {w}x{h}; width + height must be at most {v}",
    ),
    (
        "images.max_pixels",
        "image-dimensions",
        lambda i, v: i.width * i.height > v,
        "is {w}x{h}, {px:,} pixels; at most {v:,}",
    ),
    (
        "images.min_width",
        "image-dimensions",
        lambda i, v: i.width < v,
        "is {w} px wide; at least {v}",
    ),
    (
        "images.max_width",
        "image-dimensions",
        lambda i, v: i.width > v,
        "is {w} px wide; it is scaled down above {v}",
    ),
    (
        "images.max_ratio",
        "image-ratio",
        lambda i, v: _ratio(i) > v,
        "has a side ratio of {ratio:.1f}; at most {v}",
    ),
    (
        "images.min_aspect",
        "image-ratio",
        lambda i, v: _aspect(i) < v - 1e-3,
        "has aspect {aspect:.2f} (w/h); at least {v} (4:5)",
    ),
    (
        "images.max_aspect",
        "image-ratio",
        lambda i, v: _aspect(i) > v + 1e-3,
        "has aspect {aspect:.2f} (w/h); at most {v}",
    ),
]


def _file_limits(ctx: PostContext, rules: NetworkRules, image: Image, info: ImageInfo) -> None:
    for rule, text, level in _file_problems(rules, info):
        ctx.add(image.key, rule, f"{rules.name}: '{image.src}' {text}", level)


#: (id of the rules, image) -> (the rules, what they find in it): a few hundred images are used
#: by thousands of posts, each on two or three networks; the rules are kept so the id stays theirs
_FOUND: dict[tuple[int, ImageInfo], tuple[NetworkRules, list[tuple[str, str, Level]]]] = {}


def _file_problems(rules: NetworkRules, info: ImageInfo) -> list[tuple[str, str, Level]]:
    """(rule id, message after the image's name, level) of each file limit ``info`` breaks."""
    known = _FOUND.get((id(rules), info))
    if known is not None and known[0] is rules:
        return known[1]
    facts = {
        "fmt": info.format,
        "mb": info.size / 1048576,
        "w": info.width,
        "h": info.height,
        "px": info.width * info.height,
        "ratio": _ratio(info),
        "aspect": _aspect(info),
    }
    found: list[tuple[str, str, Level]] = []
    for limit_name, rule, fails, message in _FILE_LIMITS:
        limit: Limit | None = rules.limit(limit_name)
        if limit and fails(info, limit.value):
            text = message.format(v=limit.value, **facts)
            found.append((f"{rules.network}/{rule}", f"{text}{limit.note()}", limit.level))
    if len(_FOUND) >= 4096:  # bounded however many images and account-specific rules there are
        _FOUND.clear()
    _FOUND[(id(rules), info)] = (rules, found)
    return found
