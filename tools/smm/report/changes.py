"""Edits and retractions of live posts in the report: per post and network, in every format.

publish/changes.py records them in the post's ``published:`` entry: ``edits: [{at, sent, reason,
commit}]`` and ``retracted: {at, reason}``. The report lists each (post, network) that has either:
how many edits, the last one's date and reason, and the retraction's date and reason.

A retracted post still counts in the campaign's figures (campaigns.py): it was live and seen, its
budget was spent, and its metrics are those read before it was deleted (smm metrics reads no
more once it is retracted). Leaving it out would make the spend look lower and the rates better
than they were; the report says how many pairs that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm.content.managed import read_block_alone
from smm.tables import markdown_table, text_table

if TYPE_CHECKING:
    from smm.report.campaigns import CampaignReport

#: the columns of a change, in text, Markdown and CSV (CSV: these keys after the figures')
CHANGE_KEYS = (
    "network",
    "edits",
    "last_edit_at",
    "last_edit_reason",
    "retracted_at",
    "retracted_reason",
)
HEADER = ["post", "network", "edits", "last edit", "reason", "retracted", "reason"]


@dataclass(frozen=True)
class LiveChange:
    """What happened to one live post after it was published."""

    path: str
    network: str
    edits: int = 0
    last_edit_at: str | None = None
    last_edit_reason: str | None = None
    retracted_at: str | None = None
    retracted_reason: str | None = None

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None


def changes_in(text: str, path: str) -> list[LiveChange]:
    """The edits and retraction each network's ``published:`` entry of the post records."""
    if "edits:" not in text and "retracted:" not in text:
        return []  # almost every post: no need to parse the block
    try:
        block = read_block_alone(text, "published")
    except ValueError:
        return []  # lint reports a broken block; the report has nothing to show for it
    out = []
    for network, entry in block.items():
        listed = entry.get("edits")
        edits = [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []
        gone = entry.get("retracted")
        if not edits and not isinstance(gone, dict):
            continue
        last: dict[str, Any] = edits[-1] if edits else {}
        out.append(
            LiveChange(
                path,
                str(network),
                len(edits),
                _text(last.get("at")),
                _text(last.get("reason")),
                _text(gone.get("at")) if isinstance(gone, dict) else None,
                _text(gone.get("reason")) if isinstance(gone, dict) else None,
            )
        )
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _day(at: str | None) -> str:
    """The date part of a recorded time (the time is in the JSON and CSV)."""
    return at[:10] if at else "—"


def _cells(c: LiveChange) -> list[str]:
    return [
        c.path,
        c.network,
        str(c.edits),
        _day(c.last_edit_at),
        c.last_edit_reason or "—",
        _day(c.retracted_at) if c.retracted else "—",
        (c.retracted_reason or "—") if c.retracted else "—",
    ]


def text_lines(r: CampaignReport) -> list[str]:
    """The campaign's edits and retractions as a text table (nothing when there are none)."""
    if not r.changes:
        return []
    rows = [[*HEADER[:-1], "retraction reason"], *map(_cells, r.changes)]
    return ["", "edits and retractions of live posts:", *text_table(rows, right=[2])]


def markdown_lines(r: CampaignReport) -> list[str]:
    """The same as a Markdown table, a retracted post marked **retracted**."""
    if not r.changes:
        return []
    rows = []
    for c in r.changes:
        cells: list[Any] = _cells(c)
        if c.retracted:
            cells[5] = f"retracted {cells[5]}"
        rows.append(cells)
    header = [*HEADER[:-1], "retraction reason"]
    return ["", "**Edits and retractions of live posts**", "", *markdown_table(header, rows)]


def data(r: CampaignReport) -> list[dict[str, Any]]:
    """For JSON: one object per (post, network), the full recorded times."""
    return [
        {
            "path": c.path,
            "network": c.network,
            "edits": c.edits,
            "last_edit": {"at": c.last_edit_at, "reason": c.last_edit_reason} if c.edits else None,
            "retracted": {"at": c.retracted_at, "reason": c.retracted_reason}
            if c.retracted
            else None,
        }
        for c in r.changes
    ]


def csv_cells(c: LiveChange) -> list[str]:
    """The CHANGE_KEYS cells of a change's CSV row (scope "post", the post's path its key)."""
    values = {
        "network": c.network,
        "edits": str(c.edits),
        "last_edit_at": c.last_edit_at or "",
        "last_edit_reason": c.last_edit_reason or "",
        "retracted_at": c.retracted_at or "",
        "retracted_reason": c.retracted_reason or "",
    }
    return [values[k] for k in CHANGE_KEYS]


def note(r: CampaignReport) -> str | None:
    """What the totals hold of retracted posts, when the campaign has any."""
    gone = sum(1 for c in r.changes if c.retracted)
    if not gone:
        return None
    return (
        f"{gone} retracted post-network pair(s) still count in spend and in the figures read "
        "before their retraction: they were live and seen, and their budget is spent"
    )
