"""The posts git already knows byte for byte, so a fresh checkout need not read them again.

A fresh clone (every CI run: actions/checkout, then the cache restored) gives every post a new
mtime, so the cache's (size, mtime) stamps all miss and each post would be read and hashed to be
recognised. But git's index holds each file's blob id, which is a hash of its bytes, and
``git diff-files`` names every file whose working copy may differ from the index. The lint cache
keys a post by the same blob id (``blob_id``), so for every other post the index answers
without a read: two git calls in place of 10,000 reads.

Only what the index vouches for byte for byte is used: a regular file (not a symlink), merged
(stage 0), that git compares with the index (not marked assume-unchanged or skip-worktree), in
a repository where nothing converts a file between the index and the working tree:
no ``core.autocrlf`` or ``core.eol``, and no attributes file at all (a tracked .gitattributes,
info/attributes, core.attributesFile or the user's or system's one), since attributes are what
set line-ending conversion and clean filters. Anything else, and any failure of git (not a
repository, no git), is read as before.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from smm.errors import GitError
from smm.gitrun import git_bytes

_REGULAR = (b"100644", b"100755")
_ATTRIBUTES = ":(glob)**/.gitattributes"
#: Where git reads attributes besides .gitattributes files (gitattributes(5), "FILES")
_USER_ATTRIBUTES = ("git/attributes",)  # under $XDG_CONFIG_HOME, else ~/.config
_SYSTEM_ATTRIBUTES = ("/etc/gitattributes", "/usr/local/etc/gitattributes")


def blob_id(data: bytes) -> str:
    """git's id of a blob holding ``data`` (SHA-1): what ``git hash-object`` prints."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def clean_blobs(root: Path, clean: bool = False) -> dict[str, str]:
    """Path under posts/ (relative to ``root``) -> blob id, for every post whose working copy
    git's index vouches for; {} when git cannot tell. ``clean``: the caller has just seen
    ``git status`` report no change to a tracked file (publish's checks), so no file differs from
    the index and ``git diff-files`` (20 ms in a fresh clone) need not say which."""
    try:
        # -v: each entry's tag, "H" for a file git compares with the index; "h" (assume
        # unchanged) and "S" (skip-worktree) mark files whose edits git does not look at
        listed = git_bytes(root, "ls-files", "-s", "-v", "-z", "--", "posts", _ATTRIBUTES).stdout
        dirty = (
            b""
            if clean
            else git_bytes(
                root, "diff-files", "--name-only", "--relative", "-z", "--", "posts"
            ).stdout
        )
        if _converts(root):
            return {}
    except (GitError, OSError):
        return {}
    changed = set(dirty.split(b"\0"))
    found: dict[str, str] = {}
    for record in listed.split(b"\0"):
        meta, _, path = record.partition(b"\t")
        if path.endswith(b".gitattributes"):
            return {}
        if path in changed:
            continue
        tag, mode, blob, stage = [*meta.split(b" "), b"", b"", b"", b""][:4]
        if tag == b"H" and mode in _REGULAR and stage == b"0" and len(blob) == 40:
            try:
                found[path.decode("utf-8")] = blob.decode("ascii")
            except UnicodeDecodeError:
                continue  # a name smm's walk would give otherwise: read as before
    return found


def _converts(root: Path) -> bool:
    """Whether anything may convert a file between git's index and the working tree."""
    config = git_bytes(
        root, "config", "-z", "--get-regexp", r"^core\.(autocrlf|eol|attributesfile)$", check=False
    ).stdout
    for item in config.split(b"\0"):
        key, _, value = item.partition(b"\n")
        if key == b"core.attributesfile" or (key and value.lower() not in (b"false", b"lf")):
            return True
    info = git_bytes(root, "rev-parse", "--git-path", "info/attributes").stdout.strip()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    places = [
        root / os.fsdecode(info),
        *(xdg / p for p in _USER_ATTRIBUTES),
        *map(Path, _SYSTEM_ATTRIBUTES),
    ]
    return any(place.exists() for place in places)
