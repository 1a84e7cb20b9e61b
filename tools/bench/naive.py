"""The naive baseline of docs/design.md#targets: python-frontmatter + Python-Markdown over every post.

Run as its own process (``python tools/bench/naive.py CORPUS``) so that interpreter
start-up and imports are counted, as they are for ``smm lint``.  For each post it
loads the front matter, renders the body to HTML, strips the tags and counts the
characters left: roughly the least work any linter that reads every post must do.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import frontmatter
import markdown

TAG = re.compile(r"<[^>]+>")


def visible_length(path: Path) -> int:
    """Characters of the rendered body of one post, tags stripped."""
    post = frontmatter.load(path)
    return len(TAG.sub("", markdown.markdown(post.content)))


def main(root: Path) -> int:
    """Walk ``root/posts`` and print how many posts and visible characters it found."""
    posts = total = 0
    for path in sorted((root / "posts").rglob("*.md")):
        total += visible_length(path)
        posts += 1
    print(f"{posts} posts, {total} visible characters")
    return 0 if posts else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
