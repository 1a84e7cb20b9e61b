"""What smm history reports: a post's changes, the pull requests that approved them, and where
it was published; as JSON or as text (text.py)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from smm.history.text import render_text


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
    edits: int = 0  # edits smm sent to the live post (``edits:``, publish/changes.py)
    retracted: str | None = None  # when smm deleted it from the network (``retracted.at``)
    # each edit: {at, reason, commit, sent}, oldest first; and why it was retracted
    edit_log: list[dict[str, str]] = field(default_factory=list)
    retracted_reason: str | None = None


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
        return render_text(self)
