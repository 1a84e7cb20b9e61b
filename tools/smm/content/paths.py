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
    """Every ``.md`` under posts/ (posts/<brand>/ if given; ``.MD`` and ``.markdown`` too) -> its (size, mtime_ns), keyed by
    sorted relative POSIX path.

    A ``.md`` that cannot be stat-ed (a dangling symlink, a symlink loop) is listed too, with no
    stamp: a post the writer sees in the folder is reported as unreadable, never silently skipped.
    ``stamps=False`` lists the names alone (each None), without a stat call per file. Folders
    below posts/ that are symlinks are not entered.
    """
    found: dict[str, tuple[int, int] | None] = {}
    if brand is not None and not is_name(brand):
        return found
    top = "posts" if brand is None else f"posts/{brand}"
    if os.scandir in os.supports_fd and os.stat in os.supports_dir_fd:
        _walk_fd(str(root), top, found, stamps)
    else:
        _walk_paths(str(root), top, found, stamps)
    return dict(sorted(found.items()))


_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _walk_fd(base: str, top: str, found: dict[str, tuple[int, int] | None], stamps: bool) -> None:
    """The walk with each folder open while its files are stat-ed by name (fstatat): the kernel
    resolves one name per file instead of the whole path again (a sixth of the walk's time)."""
    stack = [(top, 0)]  # posts/ itself may be a symlink (followed, as before); folders below not
    while stack:
        folder, flags = stack.pop()
        try:
            fd = os.open(os.path.join(base, folder), _DIR | flags)
        except OSError:
            continue
        try:
            with os.scandir(fd) as entries:
                for entry in entries:
                    name = entry.name
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((f"{folder}/{name}", _NOFOLLOW))
                    elif name.endswith(".md") or _post_like(name):
                        found[f"{folder}/{name}"] = _stamp(entry) if stamps else None
        except OSError:
            continue
        finally:
            os.close(fd)


def _walk_paths(
    base: str, top: str, found: dict[str, tuple[int, int] | None], stamps: bool
) -> None:
    """The same walk by whole paths, where folders cannot be listed by descriptor (Windows)."""
    stack, cut = [os.path.join(base, top)], len(base) + 1
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(".md") or _post_like(entry.name):
                key = entry.path[cut:].replace(os.sep, "/")
                found[key] = _stamp(entry) if stamps else None


def _post_like(name: str) -> bool:
    """A name written as a post's but for its suffix's case or length (``.MD``, ``.markdown``):
    listed as a post, so lint's ``file/slug`` says to rename it, where a walk of ``.md`` alone
    would leave it out of everything without a word."""
    return name.lower().endswith((".md", ".markdown"))


def _stamp(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    try:
        st = entry.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def is_name(brand: str) -> bool:
    """A brand given on the command line names one folder, never a path (``..``, ``a/b``)."""
    return bool(brand) and "/" not in brand and os.sep not in brand and not brand.startswith(".")


def yaml_files(folder: Path, root: Path) -> list[str]:
    """Every ``*.yaml`` below ``folder`` but folders: a FIFO or a dangling symlink is listed, so the
    reader reports it instead of the brand silently missing; so is a ``.yml`` or ``.YAML``, which
    lint's ``file/slug`` tells to rename (it is not read)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in folder.rglob("*")
        if p.name.lower().endswith((".yaml", ".yml")) and not p.is_dir()
    )
