"""The files a build writes in the output folder, by the shapes of their paths: all that a
rebuild may ever delete there. The manifest that lists the last build's files is read from the
output folder (restored from a CI cache, or planted), so what it lists is checked against these
shapes: a CNAME, a .nojekyll or a page of a person's own placed in --out stays."""

from __future__ import annotations

import os
import re

#: thumbs.thumbnail's names: 10 bytes of a digest of the image, in hex.
_THUMB = re.compile(r"thumbs/[0-9a-f]{20}\.jpg")
#: Where the listing pages are (pages.brand_page, month_page, campaign_page): <top>/<brand>/<x>.
_LISTINGS = ("calendar", "campaigns")
#: Parts of a path that lead elsewhere than a file of its own.
_NOT_A_NAME = ("", ".", "..")


def is_thumb(path: str) -> bool:
    """Whether ``path`` (relative to the site's root) is a thumbnail's, as thumbs.py names it."""
    return _THUMB.fullmatch(path) is not None


def is_smm_file(path: str) -> bool:
    """Whether ``path`` (relative to the site's root, "/" between folders) is of a shape a build
    writes: home (index.html), a brand's page or month (calendar/<brand>/<x>.html), a campaign's
    (campaigns/<brand>/<slug>.html), a post's (posts/<brand>/.../<x>.html: pages.page_of), a
    static file (static/<name>: render.STATIC's) or a thumbnail (thumbs/<digest>.jpg)."""
    parts = path.split("/")  # and os.sep where it is not "/" (Windows: "a\\..\\b" leads up)
    if any(p in _NOT_A_NAME or os.sep in p or "\0" in p for p in parts):
        return False
    top, depth = parts[0], len(parts)
    if depth == 1:
        return path == "index.html"
    if top == "static":  # smm ships no hidden file; a person's .htaccess is theirs
        return depth == 2 and not parts[1].startswith(".")
    if top == "thumbs":
        return is_thumb(path)
    if top in _LISTINGS:
        return depth == 3 and path.endswith(".html")
    return top == "posts" and depth >= 3 and path.endswith(".html")
