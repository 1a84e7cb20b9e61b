"""The story of one post, read from git: who wrote it, who approved it, when and where it went
out, what changed after, and whatever reached main without a pull request.

How a commit reached main (its *arrival*) is read from main's first-parent chain:

* a commit on a branch arrived with the merge on that chain that first contains it; a merge
  whose message is ``Merge pull request #N from owner/branch`` (GitHub's merge button) is PR #N;
* a commit on the chain itself whose subject ends ``(#N)`` is a squash merge of PR #N;
* anything else on the chain — and anything that arrived by a merge without a PR number — was
  pushed to main without a pull request. That is allowed for smm's own commits (subject
  ``smm: ...``) only, and only when they change nothing but the ``published:``/``metrics:``
  blocks; this module checks that by comparing the post with those blocks cut out, so an smm
  commit that changed a person's bytes is flagged as loudly as any other direct push
  (docs/publishing.md).

Reviewers are whatever the merge message records as ``Reviewed-by:`` / ``Approved-by:``
trailers; GitHub's own merge messages carry none, so for those the PR is named and the review
lives on GitHub. Rebase-merging leaves no trace of the pull request in git: its commits read as
direct pushes, so a repository that uses smm history should merge or squash.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from smm.content import yamlpos
from smm.content.loader import split_front_matter
from smm.content.managed import MANAGED_KEYS, _block_span
from smm.content.repo import find_root
from smm.errors import GitError, UsageError
from smm.tables import text_table
from smm.textsafe import one_line

_PR_MERGE = re.compile(r"^Merge pull request #(\d+) from (\S+)")
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_TRAILER = re.compile(r"^(Reviewed-by|Approved-by)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Change:
    """One commit that touched the post."""

    sha: str
    author: str
    email: str
    date: str  # author date, ISO 8601
    subject: str
    path: str  # the post's path in this commit (it may have been renamed since)
    change: str  # added | edited | managed (published:/metrics: only) | renamed | deleted
    via: str  # pr | squash | smm | direct
    pr: int | None = None
    arrival: str = (
        ""  # the commit on main's first-parent chain that brought it (itself, or a merge)
    )
    published: list[str] = field(default_factory=list)  # networks this commit recorded as published
    flag: str | None = None

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass
class Approval:
    """A pull request that brought changes of the post to main."""

    pr: int
    style: str  # merge | squash
    sha: str  # the merge (or squash) commit
    merged_by: str
    merged_at: str
    branch: str | None
    reviewers: list[dict[str, str]]  # {"role": "Reviewed-by"|"Approved-by", "who": ...}


@dataclass
class Publication:
    network: str
    state: str
    at: str | None
    url: str | None
    id: str | None
    recorded_in: str | None  # the commit that recorded the published state


@dataclass
class History:
    path: str
    branch: str
    changes: list[Change]  # oldest first, in the order they reached main
    approvals: list[Approval]
    published: list[Publication]
    edits_since_publishing: list[
        str
    ]  # shas of changes beyond managed blocks after the first publish

    @property
    def flags(self) -> list[Change]:
        return [c for c in self.changes if c.flag]

    @property
    def exit_code(self) -> int:
        return 1 if self.flags else 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["flags"] = [{"sha": c.sha, "message": c.flag} for c in self.flags]
        return data

    def json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1)

    def text(self) -> str:
        return _text(self)


# --- git ---------------------------------------------------------------------------------------


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    result = subprocess.run(
        ["git", "-c", "core.quotePath=false", *args],
        check=False,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git {args[0]}: {detail[-1] if detail else 'failed'}")
    return result


def _show(root: Path, sha: str, top_path: str) -> str | None:
    found = _git(root, "show", f"{sha}:{top_path}", check=False)
    return found.stdout if found.returncode == 0 else None


# --- the post's text without the blocks smm writes -------------------------------------------


def without_managed(text: str) -> str:
    """``text`` with its top-level published:/metrics: blocks cut out (the bytes a person owns)."""
    parts = split_front_matter(text)
    if parts is None:
        return text
    front = parts[0]
    start = text.index("\n") + 1
    for key in MANAGED_KEYS:
        span = _block_span(front, key)
        if span is not None:
            front = front[: span[0]] + front[span[1] :]
    return text[:start] + front + text[start + len(parts[0]) :]


def published_block(text: str | None) -> dict[str, dict[str, Any]]:
    parts = split_front_matter(text) if text else None
    if parts is None:
        return {}
    try:
        data = yamlpos.load(parts[0]).data
    except yamlpos.YamlProblem:
        return {}
    block = data.get("published") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return {}
    return {str(k): v for k, v in block.items() if isinstance(v, dict)}


def _is_published(entry: dict[str, Any] | None) -> bool:
    if not entry:
        return False
    state = entry.get("state")
    return state == "published" or (state is None and bool(entry.get("url") or entry.get("id")))


# --- the story ---------------------------------------------------------------------------------


def history(path: str, root: Path | None = None, branch: str = "main") -> History:
    """The history of the post at ``path`` as it reached ``branch`` (or origin/<branch>)."""
    root = find_root(root)
    inside = _git(root, "rev-parse", "--show-prefix", check=False)
    if inside.returncode != 0:
        raise GitError(f"{root}: not a git repository; smm history reads a post's story from git")
    prefix = inside.stdout.strip()
    rel = _relative(path, root)
    ref = _resolve(root, branch)
    log = _git(
        root,
        "log",
        "--follow",
        "--topo-order",
        "-M",
        "--name-status",
        "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s",
        ref,
        "--",
        rel,
    )
    entries = _parse_log(log.stdout, prefix + rel)
    if not entries:
        if not (root / rel).is_file():
            raise UsageError(f"{path}: no such post on {branch}")
        raise UsageError(
            f"{rel}: not on {branch} yet (not committed, or its pull request is not merged)"
        )
    chain = _git(root, "rev-list", "--first-parent", ref).stdout.split()[::-1]  # oldest first
    position = {sha: i for i, sha in enumerate(chain)}
    arrivals: dict[str, int] = {}

    def arrival(sha: str) -> int:
        if sha in position:
            return position[sha]
        if sha not in arrivals:
            # the first commit of the chain that contains ``sha`` (containment only grows along it)
            lo = bisect.bisect_left(
                range(len(chain)),
                True,
                key=lambda i: (
                    _git(root, "merge-base", "--is-ancestor", sha, chain[i], check=False).returncode
                    == 0
                ),
            )
            arrivals[sha] = lo
        return arrivals[sha]

    messages: dict[str, str] = {}

    def message(sha: str) -> str:
        if sha not in messages:
            messages[sha] = _git(root, "log", "-1", "--format=%B", sha).stdout
        return messages[sha]

    changes: list[tuple[int, int, Change]] = []
    approvals: dict[str, Approval] = {}
    first_publish: int | None = None
    for order, (sha, parents, author, email, date, subject, status, old, new) in enumerate(
        reversed(entries)
    ):
        where = arrival(sha)
        head = chain[where]
        before = _show(root, parents[0], old) if parents and old else None
        after = _show(root, sha, new) if status != "D" else None
        change = _kind(status, before, after)
        newly = [
            n
            for n, e in published_block(after).items()
            if _is_published(e) and not _is_published(published_block(before).get(n))
        ]
        item = Change(
            sha,
            author,
            email,
            date,
            subject,
            _strip(new, prefix),
            change,
            "direct",
            arrival=head,
            published=newly,
        )
        head_message = message(head)
        merged = _PR_MERGE.match(head_message) if head != sha or len(parents) > 1 else None
        squashed = (
            _SQUASH.search(head_message.split("\n", 1)[0])
            if head == sha and len(parents) <= 1
            else None
        )
        if merged or squashed:
            item.via = "pr" if merged else "squash"
            item.pr = int((merged or squashed).group(1))  # type: ignore[union-attr]
            if head not in approvals:
                info = (
                    _git(root, "log", "-1", "--format=%cn%x00%cI", head).stdout.strip().split("\0")
                )
                approvals[head] = Approval(
                    item.pr,
                    "merge" if merged else "squash",
                    head,
                    info[0],
                    info[1],
                    merged.group(2) if merged else None,
                    [
                        {"role": _role(m.group(1)), "who": m.group(2)}
                        for m in _TRAILER.finditer(head_message)
                    ],
                )
        elif subject.startswith("smm:") and head == sha and change == "managed":
            item.via = "smm"
        else:
            item.flag = _flag(item, head, head_message, branch)
        if newly and first_publish is None:
            first_publish = where
        changes.append((where, order, item))
    changes.sort(key=lambda t: (t[0], t[1]))
    current = entries[0]
    text_now = _show(root, ref, current[8]) if current[6] != "D" else None
    recorded = {}
    for _, _, item in changes:
        for network in item.published:
            recorded.setdefault(network, item.sha)
    published = [
        Publication(
            network,
            str(e.get("state") or "published"),
            _str(e.get("at")),
            _str(e.get("url")),
            _str(e.get("id")),
            recorded.get(network),
        )
        for network, e in published_block(text_now).items()
    ]
    edits: list[str] = []
    if first_publish is not None:
        edits = [
            c.sha
            for where, _, c in changes
            if where > first_publish and c.change not in ("managed",)
        ]
    return History(
        rel, branch, [c for _, _, c in changes], list(approvals.values()), published, edits
    )


def _relative(path: str, root: Path) -> str:
    full = Path(os.path.abspath(path))
    try:
        rel = full.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{path}: outside the repository {root}") from None
    if not (rel.startswith("posts/") and rel.endswith(".md")) or full.is_dir():
        raise UsageError(f"{path}: not a post (a .md file under posts/)")
    return rel


def _resolve(root: Path, branch: str) -> str:
    for ref in (branch, f"origin/{branch}"):
        if (
            _git(
                root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False
            ).returncode
            == 0
        ):
            return ref
    raise GitError(f"no branch '{branch}' (nor origin/{branch}): smm history reads what reached it")


def _parse_log(
    out: str, top_path: str
) -> list[tuple[str, list[str], str, str, str, str, str, str | None, str]]:
    """(sha, parents, author, email, date, subject, status, old path, new path), newest first;
    paths relative to the top of the git repository (``top_path`` is the post's path now)."""
    entries = []
    for chunk in out.split("\x01")[1:]:
        head, _, rest = chunk.partition("\n")
        sha, parents, author, email, date, subject = head.split("\0")
        status, old, new = "", None, ""
        for line in rest.splitlines():
            fields = line.split("\t")
            if len(fields) >= 2 and fields[0]:
                status = fields[0][0]
                old, new = (
                    (fields[1], fields[2])
                    if status in "RC" and len(fields) > 2
                    else (fields[1], fields[1])
                )
                break
        if not status:  # a merge commit that changed the post (a resolved conflict)
            new = old = entries[-1][7] or entries[-1][8] if entries else top_path
        entries.append(
            (
                sha,
                parents.split(),
                author,
                email,
                date,
                subject,
                status or "M",
                None if status == "A" else old,
                new,
            )
        )
    return entries


def _kind(status: str, before: str | None, after: str | None) -> str:
    if status == "D" or after is None:
        return "deleted"
    if before is None:
        return "added"
    if before == after:
        return "renamed"
    if without_managed(before) == without_managed(after):
        return "managed"
    return "edited"


def _flag(item: Change, head: str, head_message: str, branch: str) -> str:
    if head != item.sha:
        first = head_message.split("\n", 1)[0]
        return (
            f"{item.short} reached {branch} by a merge without a pull request ({head[:7]} '{first}'); "
            f"nobody approved it"
        )
    if item.subject.startswith("smm:"):
        return (
            f"{item.short} is an smm commit pushed to {branch} without a pull request, but it changes the post "
            f"beyond its published:/metrics: blocks"
        )
    what = {
        "added": "adds the post",
        "deleted": "deletes the post",
        "renamed": "renames the post",
        "managed": "changes its published:/metrics: blocks by hand",
    }.get(item.change, "changes the post")
    return (
        f"{item.short} was pushed to {branch} without a pull request and {what}; nobody approved it"
    )


def _role(name: str) -> str:
    return "Reviewed-by" if name.lower().startswith("reviewed") else "Approved-by"


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


# --- text --------------------------------------------------------------------------------------


def _text(h: History) -> str:
    out = [f"{h.path} on {h.branch}", ""]
    authors: dict[tuple[str, str], int] = {}
    for c in h.changes:
        if c.via != "smm":
            authors[(c.author, c.email)] = authors.get((c.author, c.email), 0) + 1
    out.append(
        "written by: "
        + (
            ", ".join(
                f"{name} <{email}> ({n} commit{'s' if n != 1 else ''})"
                for (name, email), n in authors.items()
            )
            or "nobody but smm"
        )
    )
    out.append(
        "approved:" + ("" if h.approvals else " no pull request brought this post to " + h.branch)
    )
    for a in h.approvals:
        how = (
            f"merged from {a.branch}"
            if a.style == "merge" and a.branch
            else ("squash-merged" if a.style == "squash" else "merged")
        )
        reviewers = (
            "; ".join(f"{r['role'].split('-')[0].lower()} by {r['who']}" for r in a.reviewers)
            or "reviewers not recorded in the merge message"
        )
        out.append(
            f"  PR #{a.pr}, {how} by {a.merged_by} at {a.merged_at} in {a.sha[:7]}; {reviewers}"
        )
    out.append("published:" + ("" if h.published else " not yet"))
    width = max((len(p.network) for p in h.published), default=0)
    for p in h.published:
        parts = [p.network.ljust(width), p.state]
        parts += [x for x in (p.at, p.url) if x]
        if p.id:
            parts.append(f"id {p.id}")
        parts.append(
            f"recorded in {p.recorded_in[:7]}" if p.recorded_in else "no smm commit recorded it"
        )
        out.append("  " + "  ".join(parts))
    if any(p.state == "published" for p in h.published) or h.edits_since_publishing:
        out.append(f"edits since publishing: {len(h.edits_since_publishing) or 'none'}")
        by_sha = {c.sha: c for c in h.changes}
        for sha in h.edits_since_publishing:
            c = by_sha[sha]
            out.append(f"  {c.date}  {c.short}  {c.author}  {c.subject}")
    out += ["", "commits (in the order they reached " + h.branch + "):"]
    rows = [
        (c.date, c.short, c.author, c.change, _via(c), c.subject + ("  !!" if c.flag else ""))
        for c in h.changes
    ]
    out += text_table(rows, indent="  ")
    if h.flags:
        out += [
            "",
            f"!! {len(h.flags)} change{'s' if len(h.flags) != 1 else ''} reached {h.branch} without a pull request:",
        ]
        out += [f"!! {c.flag}" for c in h.flags]
    return "\n".join(map(one_line, out)) + "\n"  # a subject, name or path cannot add a line


def _via(c: Change) -> str:
    if c.via in ("pr", "squash"):
        return f"PR #{c.pr}"
    return "smm" if c.via == "smm" else "direct"
