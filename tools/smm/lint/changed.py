"""What a pull request or a commit changed: the files `smm lint --changed-from REF` reports on.

Two git calls: ``git diff --name-status --merge-base REF`` (the working tree against the point
where HEAD left REF, so a branch behind main is not blamed for main's commits; staged and
unstaged edits included) and ``git ls-files --others`` (new files not yet added).

A change is placed where its findings can change: a post is itself; a brand or campaign file is
itself and every post of its brand (their time zone, accounts, window and budget); CODEOWNERS is
itself; a new image is nothing (only changed posts can use it). Anything else smm reads or is —
its settings (smm.toml, pyproject.toml), an image that was changed or deleted, smm's own code in
this repository — can change the findings of any post, so it means "lint everything" (None).
Documentation (``*.md`` outside posts/) and workflows change no finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from smm.codeowners import CODEOWNERS
from smm.errors import GitError, UsageError
from smm.gitrun import git_bytes

_CONTENT = ("posts/", "brands/", "campaigns/")  # what else is in there no check reads


def changed_files(root: Path, ref: str) -> dict[str, str]:
    """Repository-relative path -> git's status letter (A, M, D, ...; ``?`` for untracked) of
    every file changed since the merge base of ``ref`` and HEAD, in the working tree."""
    if ref.startswith("-"):  # git would read it as an option (--output=FILE writes a file)
        raise UsageError(f"--changed-from {ref}: a revision does not start with '-'")
    try:
        commit = git_bytes(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").stdout
        base = commit.decode("ascii").strip()
        diff = git_bytes(
            root, "diff", "--name-status", "-z", "--no-renames", "--relative", "--merge-base", base
        ).stdout
    except GitError:
        raise UsageError(
            f"--changed-from {ref}: not a revision git can compare with "
            "(no such commit here, or none that HEAD shares history with)"
        ) from None
    fields = diff.decode("utf-8", "surrogateescape").split("\0")
    changed = {path: status[:1] for status, path in zip(fields[0::2], fields[1::2]) if path}
    others = git_bytes(root, "ls-files", "-z", "--others", "--exclude-standard").stdout
    for path in others.decode("utf-8", "surrogateescape").split("\0"):
        if path:
            changed[path] = "?"
    return changed


def affected(changed: dict[str, str], posts: Iterable[str]) -> set[str] | None:
    """The posts, brand, campaign and CODEOWNERS files whose findings ``changed`` can change;
    None when a change can change any post's findings."""
    chosen: set[str] = set()
    brands: set[str] = set()
    for path, status in changed.items():
        if path.startswith(_CONTENT):
            if path.endswith(".yaml") and not path.startswith("posts/"):
                chosen.add(path)
                brands.add(path.split("/")[1].removesuffix(".yaml"))
            elif path.endswith(".md"):
                chosen.add(path)
        elif path.startswith("assets/"):
            if status not in ("A", "?"):
                return None  # a changed or deleted image: we do not know here which posts use it
        elif path == CODEOWNERS:
            chosen.add(path)
        elif not (path.endswith(".md") or path.startswith(".github/")):
            return None  # settings, smm's own code: any finding can change
    chosen |= {p for p in posts if p.split("/", 2)[1] in brands}
    return chosen
