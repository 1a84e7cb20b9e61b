"""The jinja2 environment, compiled once per process, and writing one page.

Every link a page makes is relative to the page itself (``rel``), so the site works opened from
the file system and served from any sub-path (a GitHub Pages project site) alike; ``--base-url``
only names the canonical address of each page.
"""

from __future__ import annotations

import os
import posixpath
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2

from smm.report.formats import week_label
from smm.report.numbers import fmt_int, fmt_money, fmt_percent

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def money(value: Decimal | None, currency: str | None) -> str:
    """An amount as the report prints it, with its currency; "—" for none."""
    return f"{fmt_money(value)} {currency or ''}".strip() if value is not None else fmt_money(None)


def group(n: object) -> str:
    """A whole number with its thousands apart ("16 000"); anything else as it prints."""
    return f"{n:,}".replace(",", " ") if isinstance(n, int) else str(n)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # compiled once per process: no stat of the template per page
    )
    env.filters["group"] = group
    env.globals.update(fmt_int=fmt_int, money=money, fmt_percent=fmt_percent, week_label=week_label)
    return env


def page(template: str, path: str, base_url: str, **context: Any) -> str:
    """The HTML of the page at ``path`` (relative to the site's root)."""
    here = posixpath.dirname(path) or "."

    def rel(target: str) -> str:
        return _relpath(target, here)

    canonical = base_url.rstrip("/") + "/" + path if base_url else None
    return (
        environment()
        .get_template(template)
        .render(rel=rel, path=path, canonical=canonical, **context)
    )


@lru_cache(maxsize=1 << 15)  # each folder's pages link to the same places: all the thumbnails
def _relpath(target: str, here: str) -> str:
    """posixpath.relpath(target, here) for the site's own paths (no "", "." or ".." parts, as
    every page, thumbnail and asset path is), without its normalising; others go to it."""
    parts, base = target.split("/"), [] if here == "." else here.split("/")
    if "" in parts or "." in parts or ".." in parts or "" in base or ".." in base or "." in base:
        return posixpath.relpath(target, here)
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def write(out: Path, path: str, text: str) -> bool:
    """Write the page atomically (a reader never sees half a page) unless the file has these
    bytes already (its date stays, and so does a browser's or a CDN's copy); True if written.
    Plain os calls: a cold build writes ten thousand pages, and pathlib's objects added 0.1 ms to
    each (the file system's own time is the rest: 0.05 ms a page on tmpfs, up to 0.8 on a busy
    disk)."""
    target = os.path.join(out, path)
    data = text.encode("utf-8")
    try:
        if os.stat(target).st_size == len(data):
            with open(target, "rb") as f:
                if f.read() == data:
                    return False
    except OSError:
        pass
    partial = target + ".part"
    try:
        fd = os.open(partial, WRITE, 0o666)
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(partial), exist_ok=True)
        fd = os.open(partial, WRITE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    os.replace(partial, target)
    return True
