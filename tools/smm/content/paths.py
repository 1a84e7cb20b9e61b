"""Where the repository is and which files are its posts and settings: a walk of the folders and
nothing else (no YAML, no post opened), so a warm lint can ask it before loading anything."""

from __future__ import annotations

import os
from pathlib import Path

from smm.errors import RepositoryError


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds posts/ or brands/."""
    try:
        here = (start or Path.cwd()).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop among the folders
        raise RepositoryError(f"{start}: cannot be resolved ({exc})") from None
    for folder in (here, *here.parents):
        if (folder / "posts").is_dir() or (folder / "brands").is_dir():
            return folder
    raise RepositoryError(
        f"{here}: not inside an smm repository (no posts/ or brands/ folder above it)"
    )


def post_paths(
    root: Path, brand: str | None = None, stamps: bool = True
) -> dict[str, tuple[int, int] | None]:
    """Every ``.md`` under posts/ (posts/<brand>/ if given) -> its (size, mtime_ns), keyed by
    sorted relative POSIX path.

    A ``.md`` that cannot be stat-ed (a dangling symlink, a symlink loop) is listed too, with no
    stamp: a post the writer sees in the folder is reported as unreadable, never silently skipped.
    ``stamps=False`` lists the names alone (each None), without a stat call per file.
    """
    found: dict[str, tuple[int, int] | None] = {}
    base = str(root)
    if brand is not None and not is_name(brand):
        return found
    stack = [os.path.join(base, "posts", *([brand] if brand is not None else []))]
    cut = len(base) + 1
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif not stamps and entry.name.endswith(".md"):
                found[entry.path[cut:].replace(os.sep, "/")] = None
            elif entry.name.endswith(".md"):
                try:
                    st = entry.stat()
                    found[entry.path[cut:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    found[entry.path[cut:].replace(os.sep, "/")] = None
    return dict(sorted(found.items()))


def is_name(brand: str) -> bool:
    """A brand given on the command line names one folder, never a path (``..``, ``a/b``)."""
    return bool(brand) and "/" not in brand and os.sep not in brand and not brand.startswith(".")


def yaml_files(folder: Path, root: Path) -> list[str]:
    """Every ``*.yaml`` below ``folder`` but folders: a FIFO or a dangling symlink is listed, so the
    reader reports it instead of the brand silently missing."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.yaml") if not p.is_dir())
