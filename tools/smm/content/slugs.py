"""Slugs: the names of brands, campaigns and post files, and the one pattern they all follow.

A slug ends up in CODEOWNERS patterns (where ``*``, ``?``, ``[``, ``!``, ``#``, ``\\``, a space
or a newline would change what the line matches, or start a line of its own), in commit
messages, URLs and one-line findings. So it is what is safe in all of them: lowercase ASCII
letters, digits and ``-``, starting with a letter or digit. Lint enforces it (``file/slug``) on
the layout::

    brands/<slug>.yaml
    campaigns/<brand>/<slug>.yaml
    posts/<brand>/<folder>/.../<slug>.md      e.g. posts/zerno/2026/12/01-winter-menu.md

and ``smm codeowners`` refuses to write a line for a brand whose name breaks it.
"""

from __future__ import annotations

import re

#: The one pattern (use with ``fullmatch``: ``$`` would also match before a final newline).
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
RULE = "file/slug"
_WHAT = "use only a-z, 0-9 and '-', starting with a letter or digit"


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


def layout_problem(path: str) -> str | None:
    """Why the repository path of a brand, campaign or post file breaks the layout, or None."""
    parts = path.split("/")
    top, name = parts[0], parts[-1]
    if top == "brands":
        if len(parts) != 2:
            return "a brand file is brands/<slug>.yaml, not in a subfolder"
        return _name(name, ".yaml", "brand")
    if top == "campaigns":
        if len(parts) != 3:
            return "a campaign file is campaigns/<brand>/<slug>.yaml"
        return _folder(parts[1], "brand") or _name(name, ".yaml", "campaign")
    if top == "posts" and len(parts) >= 3:
        for folder in parts[1:-1]:
            if not is_slug(folder):
                return _folder(folder, "brand" if folder == parts[1] else "post")
        return _name(name, ".md", "post")
    return None


def _folder(folder: str, what: str) -> str | None:
    return (
        None if is_slug(folder) else f"folder name '{folder}' is not a {what} slug: names {_WHAT}"
    )


def _name(name: str, suffix: str, what: str) -> str | None:
    stem = name.removesuffix(suffix)
    if stem != name and is_slug(stem):
        return None
    return f"file name '{name}' is not <{what} slug>{suffix}: names {_WHAT}"
