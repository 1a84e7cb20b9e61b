"""What a pull request changes, read from git: the changed files against a base, and the base's
own copies of brands, campaigns and the changed posts (for "before" figures and published state)."""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass
from pathlib import Path

from smm.errors import GitError
from smm.gitrun import git_bytes

#: Where posts and the files that shape them live.
POSTS, CAMPAIGNS, BRANDS = "posts/", "campaigns/", "brands/"
#: git's status letters as a review names them.
STATUS = {"A": "added", "M": "modified", "R": "renamed", "D": "deleted"}


def git(root: Path, *args: str) -> str:
    """git's output decoded as written (no newline translation: paths may hold a CR)."""
    return git_bytes(root, *args).stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Change:
    """One changed file: status A (added), M (modified), R (renamed), D (deleted)."""

    status: str
    path: str  # the path at HEAD (for D: the path that was deleted)
    old_path: str | None = None  # for R: the path at the base

    @property
    def is_post(self) -> bool:
        return self.path.startswith(POSTS) and self.path.endswith(".md")


def merge_base(root: Path, base: str) -> str:
    """The commit the change started from (what ``git diff BASE...HEAD`` compares with)."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitError:
        raise GitError(
            f"--base: '{base}' is not a commit in this repository (fetch it first, e.g. "
            f"git fetch origin {base.removeprefix('origin/')})"
        ) from None
    try:
        return git(root, "merge-base", base, "HEAD").strip()
    except GitError:
        raise GitError(f"--base: '{base}' and HEAD have no common history") from None


def changes(root: Path, base: str) -> list[Change]:
    """Files under posts/, campaigns/ and brands/ that ``base...HEAD`` adds, edits, renames or deletes.

    Renames are detected (-M, git's default 50 % similarity); a copy counts as an addition and a
    type change as an edit. Paths come NUL-separated, so no quoting of non-ASCII names.
    """
    out = git(
        root,
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--no-ext-diff",
        f"{base}...HEAD",
        "--",
        POSTS,
        CAMPAIGNS,
        BRANDS,
    )
    fields = out.split("\0")
    found: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            found.append(Change("R", new, old) if status == "R" else Change("A", new))
        else:
            path = fields[i + 1]
            i += 2
            found.append(Change({"T": "M"}.get(status, status), path))
    return sorted(found, key=lambda c: (c.path, c.status))


def uncommitted(root: Path) -> list[str]:
    """Tracked or new files under posts/, campaigns/, brands/ that differ from HEAD."""
    out = git(root, "status", "--porcelain", "-z", "--", POSTS, CAMPAIGNS, BRANDS)
    return sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3})


def export_base(root: Path, commit: str, dest: Path, posts: list[str]) -> None:
    """Write ``commit``'s brands/, campaigns/ and the given post paths into ``dest``."""
    listed = git(
        root, "ls-tree", "-r", "-z", "--name-only", commit, "--", BRANDS, CAMPAIGNS, *posts
    )
    paths = [p for p in listed.split("\0") if p]
    (dest / "brands").mkdir(parents=True, exist_ok=True)  # find_root() looks for it
    if not paths:
        return
    data = git_bytes(root, "archive", "--format=tar", commit, "--", *paths).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter=_inside_only)
        else:  # Python before 3.11.4 (Debian 12's 3.11.2) has no extraction filters
            _extract_files_only(tar, dest)


def _extract_files_only(tar: tarfile.TarFile, dest: Path) -> None:
    """Write the regular files of ``tar`` under ``dest``, and nothing else: no link, device or
    path that leaves ``dest`` (what ``_inside_only`` leaves out, and symlinks besides: the base's
    post a link stood for then reads as missing)."""
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if not member.isfile() or not parts or Path(member.name).is_absolute() or ".." in parts:
            continue
        source = tar.extractfile(member)
        if source is None:
            continue
        target = dest.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read())


def _inside_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's "data" filter, except that a symlink out of the tree is left out instead of
    stopping the export: the base's post it stood for then reads as missing."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None
