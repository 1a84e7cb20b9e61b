"""The text form of a post's history (``smm history --format text``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm.tables import text_table
from smm.textsafe import one_line

if TYPE_CHECKING:
    from smm.history.model import Change, History


def render_text(h: History) -> str:
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
        # a retracted post's ``at`` is when it went out, not when it was deleted (said below)
        parts += [f"published {p.at}" if p.retracted else p.at] if p.at else []
        parts += [p.url] if p.url else []
        parts += [f"edited {p.edits}x"] if p.edits else []
        parts += [f"retracted {p.retracted}"] if p.retracted else []
        if p.id:
            parts.append(f"id {p.id}")
        parts.append(
            f"recorded in {p.recorded_in[:7]}" if p.recorded_in else "no smm commit recorded it"
        )
        out.append("  " + "  ".join(parts))
        for e in p.edit_log:
            commit = f" (text of {e['commit'][:7]})" if e.get("commit") else ""
            out.append(f"    edited {e.get('at', '?')}: {e.get('reason') or 'no reason'}{commit}")
        if p.retracted:
            out.append(f"    retracted {p.retracted}: {p.retracted_reason or 'no reason'}")
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
