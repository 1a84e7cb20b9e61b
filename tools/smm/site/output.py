"""The output folder of `smm site`: where a build may write (not into the repository's own
folders), the base URL its canonical addresses start with, the static files it copies, and what
it removes after a build (pages whose post is gone, thumbnails no page shows, emptied folders).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path
from urllib.parse import urlsplit

from smm.errors import UsageError
from smm.site import render
from smm.site.incremental import Manifest, key_of
from smm.site.layout import is_smm_file, is_thumb
from smm.textsafe import one_line, web_address

#: Folders of the repository a site is never built into: what smm reads, its cache, git's own.
REPOSITORY_FOLDERS = ("posts", "brands", "campaigns", "assets", ".smm-cache", ".git", ".github")


def checked_out(root: Path, out: Path) -> Path:
    """``out`` if a build may write there: not the repository, a folder above it, nor one of
    the folders smm or git keep there (a site written into posts/ would be read as posts)."""
    if out == root or root.is_relative_to(out):
        raise UsageError(f"--out {out}: would write over the repository; choose another folder")
    for kept in REPOSITORY_FOLDERS:
        if out.is_relative_to(root / kept):
            raise UsageError(f"--out {out}: inside the repository's {kept}/; choose another folder")
    return out


#: What an address may hold but a query or fragment (RFC 3986's characters, "?" and "#" out): an
#: empty "?" or "#" at the end would still cut every page's path off its canonical address
_URL_TEXT = re.compile(r"[A-Za-z0-9\-._~:/@!$&'()*+,;=%\[\]]+")


def check_base_url(base_url: str) -> None:
    """``--base-url``, when given, must be where pages can be served from: an http(s) address
    without a query or fragment (each page's canonical address is it and the page's path)."""
    if not base_url:
        return
    why = _not_servable(base_url)
    if why:
        raise UsageError(
            f"--base-url {one_line(base_url)!r}: not a web address to serve the site from "
            f"({why}), e.g. https://OWNER.github.io/REPO/"
        )


def _not_servable(url: str) -> str | None:
    """Why ``url`` cannot be the address pages are served from, or None. A user name or
    password would be written into every page's canonical link (and shown to every reader)."""
    if not web_address(url) or not _URL_TEXT.fullmatch(url):
        return "http or https, no ? or #"
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return "no user name or password in it"
    try:
        port = parts.port  # raises on a port past 65535
    except ValueError:
        port = 0
    if port == 0:
        return "a port from 1 to 65535"
    return None


def refuse_links(out: Path, links: set[str]) -> None:
    """A symbolic link in the output folder (committed under a repository's _site/, or left by
    hand) would have the build write its pages, or copy its CSS, wherever it points: one line
    that names it, and nothing written."""
    if links:
        first = sorted(links)[0]
        more = f" (and {len(links) - 1} more)" if len(links) > 1 else ""
        raise UsageError(
            f"--out {out}: {one_line(first)} is a symbolic link{more}; smm writes only into "
            "files and folders of its own there: remove it, or choose another folder"
        )


def copy_static(out: Path, old: Manifest, new: Manifest, smm_key: str) -> int:
    """Copy the CSS and script a build of this smm has not put there yet; how many it copied."""
    copied = 0
    for source in sorted(render.STATIC.iterdir()):
        path = f"static/{source.name}"
        key = key_of(smm_key, path)
        new.pages[path] = {"key": key}
        if not old.fresh(out, path, key):
            (out / "static").mkdir(exist_ok=True)
            shutil.copyfile(source, out / path)
            copied += 1
    return copied


def keep_thumbs(old: Manifest, new: Manifest, remade: list[str]) -> None:
    """The thumbnails of the last build with those made now (``new.thumbs`` so far): an image's
    bytes are part of the key of each page that shows it, so a changed image's pages all made
    theirs again. An image that ``remade`` pages (or pages gone) showed and no page shows now
    loses its thumbnail."""
    made, new.thumbs = new.thumbs, old.thumbs | new.thumbs
    for path in remade:  # an image a page made now has no thumbnail of: unreadable or gone now
        # (its bytes changed, so every page showing it was made now)
        for src in new.images(path):
            if src not in made:
                new.thumbs.pop(src, None)
    changed = (old.pages.keys() - new.pages.keys()) | set(remade)
    dropped = {src for path in changed for src in old.images(path)}
    dropped -= {src for path in remade for src in new.images(path)}
    if dropped:
        shown = {src for path in new.pages for src in new.images(path)}
        for src in dropped - shown:
            new.thumbs.pop(src, None)


def remove_stale(out: Path, old: Manifest, new: Manifest) -> int:
    """Delete the pages of the last build that this one does not have, and the thumbnails no
    page shows now, then the folders they leave empty: only files of the shapes smm writes
    (layout.py), in ``out``. The manifest is read from ``out`` and may be planted: a CNAME or a
    .nojekyll it lists is a person's, and stays."""
    gone = 0
    shown = set(new.thumbs.values())
    unshown = {  # matched only in thumbs/: a site of 10,000 pages lists them all in present()
        t for t in old.present(out) if t.startswith("thumbs/") and t not in shown and is_thumb(t)
    }
    stale = {path for path in set(old.pages) - set(new.pages) if is_smm_file(path)}
    for path in sorted(stale | unshown):
        target = out / path
        if _regular(target) and target.resolve().is_relative_to(out):
            target.unlink()
            gone += path not in unshown
            _remove_empty(out, target.parent)
    return gone


def _regular(path: Path) -> bool:
    """A file itself, not a link to one (a link in ``out`` is refused before: refuse_links)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _remove_empty(out: Path, folder: Path) -> None:
    """Remove ``folder`` and the folders above it (below ``out``) while they are empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove): the folders above are not either
            return
        folder = folder.parent
