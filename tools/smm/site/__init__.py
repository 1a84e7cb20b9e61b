"""`smm site`: the content plan and the campaigns' history as a static site (docs/site.md).

build.py drives a build: gather.py reads the repository once (plan, report, lint, states),
posts.py and pages.py turn it into each page's context, render.py lays them out with the jinja2
templates under templates/ and the CSS under static/, charts.py draws the SVG charts, thumbs.py
makes the images' thumbnails, tghtml.py keeps only Telegram's markup of a post,
incremental.py decides which pages must be written again, and output.py looks after the output
folder (where a build may write, what it removes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.site.build import BuildResult, site

__all__ = ["BuildResult", "site"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from smm.site import build

        return getattr(build, name)
    raise AttributeError(f"module 'smm.site' has no attribute {name!r}")
