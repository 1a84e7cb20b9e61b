"""Copies of this project for the tests that need its own files (code, workflows, the example
content): a test must never depend on the state of the checkout it runs in.

The README's quick start publishes from the checkout itself: it leaves claim and result commits
on HEAD, `published:` and `metrics:` blocks in an example post, the sandbox's state in `.smm/`
and a lint cache in `.smm-cache/`. So neither the checkout's HEAD nor its files as they stand are
the project as shipped. A copy holds the files a commit of the work tree would hold (tracked and
new ones that .gitignore does not exclude, so never `.smm/` or `.smm-cache/`), each post with the
blocks that only smm writes taken out again (the example posts ship without them; a writer's
edits, committed or not, are kept). Code under test is the work tree's, as a developer expects.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from smm.content.managed import MANAGED_KEYS, replace_block

PROJECT = Path(__file__).resolve().parents[1]
#: What an unpacked archive (no .git) holds besides the project: environments and caches.
_NOT_PROJECT = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".smm",
    ".smm-cache",
    ".hypothesis",
}


def project_files() -> list[str]:
    """Paths (relative, '/'-separated) of the project's files as a commit of the work tree would
    hold them: tracked files plus new files that .gitignore does not exclude."""
    if (PROJECT / ".git").exists():
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        names = sorted({n for n in out.split("\0") if n})
    else:
        names = sorted(
            str(p.relative_to(PROJECT)).replace(os.sep, "/")
            for p in PROJECT.rglob("*")
            if p.is_file() and not _NOT_PROJECT & set(p.relative_to(PROJECT).parts)
        )
    return [n for n in names if (PROJECT / n).is_file()]


def as_shipped(text: str) -> str:
    """A post's text without the blocks smm writes (``published:``, ``metrics:``); every other
    byte kept, so a post smm never touched comes back unchanged."""
    for key in MANAGED_KEYS:
        try:
            text = replace_block(text, key, {})
        except ValueError:  # no front matter: not a post smm could have written to
            return text
    return text


def copy_project(dest: Path, *prefixes: str) -> Path:
    """Copy the project's files (only those under ``prefixes``, if given) into ``dest``, as
    shipped (see the module's docstring)."""
    for name in project_files():
        if prefixes and not any(
            name == p or name.startswith(p.rstrip("/") + "/") for p in prefixes
        ):
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, target)
        if name.startswith("posts/") and name.endswith(".md"):
            data = target.read_bytes()
            with contextlib.suppress(UnicodeDecodeError):  # not text: smm wrote nothing into it
                target.write_bytes(as_shipped(data.decode("utf-8")).encode("utf-8"))
    return dest
