"""What a publish run did: one Outcome per (post, network), as a table, JSON or a job summary.

Every output of a run (progress line, table, JSON, job summary) and everything it commits (the
``published:`` entry, the commit message) is made from Outcomes, so an Outcome's text is
redacted as it is made: an error quoting a secret, from a network or an internal error, stops here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC
from typing import Any

from smm import clock
from smm.networks.base import Published
from smm.publish.due import Job
from smm.redaction import redact
from smm.tables import Markdown, code, markdown_table, md_link, md_text, text_table
from smm.textsafe import one_line

#: Outcomes that need a person: the run exits non-zero when any is present.
NEEDS_A_PERSON = ("failed", "unknown", "missed", "blocked", "conflict")


@dataclass
class Outcome:
    path: str
    network: str
    state: str  # due (dry run) | published | retry | failed | unknown | missed | blocked | unsupported | conflict
    id: str = ""
    url: str = ""
    error: str = ""
    at: str = ""
    note: str = ""
    # a thread's parts: each part's entry (state, id, url, at, ...), in order; empty for one post
    parts: list[dict[str, Any]] = field(default_factory=list)
    # the first comment's entry (state, id, url, at, error); None: the post asks for none here
    comment: dict[str, Any] | None = None
    # every message of a post the network keeps as several (a Telegram album), to delete them all
    message_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # the texts a network or an exception may have written; path, network, state and at are ours
        self.id, self.url, self.error, self.note = map(
            redact, (self.id, self.url, self.error, self.note)
        )
        self.parts = [
            {key: redact(value) if isinstance(value, str) else value for key, value in part.items()}
            for part in self.parts
        ]
        if self.comment is not None:
            self.comment = {
                key: redact(value) if isinstance(value, str) else value
                for key, value in self.comment.items()
            }

    @classmethod
    def of(
        cls,
        job: Job,
        state: str,
        published: Published | None = None,
        error: str = "",
        note: str = "",
        parts: list[dict[str, Any]] | None = None,
        comment: dict[str, Any] | None = None,
    ) -> Outcome:
        at = clock.current().astimezone(job.brand.tz if job.brand else UTC)
        return cls(
            job.path,
            job.network,
            state,
            published.id if published else "",
            published.url if published else "",
            error,
            at.isoformat(timespec="seconds"),
            note,
            parts or [],
            comment,
            _message_ids(published),
        )

    @classmethod
    def dry_run(cls, job: Job) -> Outcome:
        """What a dry run shows for a job: ``due`` (it would be sent) or why it would not."""
        state = "due" if job.action == "publish" else job.action
        parts = (
            job.rendered.parts if job.rendered and job.action in ("publish", "reconcile") else []
        )
        return cls(
            job.path,
            job.network,
            state,
            error=job.reason,
            at=job.when.astimezone(job.brand.tz).isoformat(timespec="minutes")
            if job.when and job.brand
            else "",
            parts=[{"state": state} for _ in parts],
        )

    def thread(self) -> str:
        """What a thread's line ends with, e.g. "(3 parts)": one line per thread, not per part;
        and the first comment's state, with its error where it did not go out."""
        out = f" ({len(self.parts)} parts)" if self.parts else ""
        if self.comment is not None:
            state = self.comment.get("state", "")
            error = f": {self.comment['error']}" if self.comment.get("error") else ""
            out += f" (first comment {state}{error})"
        return out

    def needs_a_person(self) -> bool:
        """Whether this outcome, or its first comment, is one a person must look at."""
        comment = (self.comment or {}).get("state")
        return self.state in NEEDS_A_PERSON or comment in NEEDS_A_PERSON

    def where(self) -> str:
        """Where it went, or why not: the last column of the table and the progress line."""
        return (
            (self.url or self.error or self.at)
            + self.thread()
            + (f" ({self.note})" if self.note else "")
        )

    def line(self) -> str:
        """The progress line a run prints as each outcome arrives, one line whatever it holds."""
        return f"{self.state:<11} {one_line(self.network):<9} {one_line(self.path)}  {one_line(self.url or self.error)}{self.thread()}"

    def entry(self, run_id: str, marker: str, sent: str = "", source: str = "") -> dict[str, Any]:
        """The published: entry this outcome writes into the post.

        A published entry carries ``sent`` and ``source`` (content/digests.py), so lint can tell
        when the text of a live post has been edited since.
        """
        out: dict[str, Any] = {"state": self.state}
        if self.id:
            out["id"] = self.id
        if self.url:
            out["url"] = self.url
        out["at"] = self.at
        if self.state == "published" and sent:
            out["sent"] = sent
            if source:
                out["source"] = source
        out["run"] = run_id
        if self.state != "published":
            out["marker"] = marker
        if self.error:
            out["error"] = self.error
        if self.parts:
            out["parts"] = self.parts
        if self.comment is not None:
            out["comment"] = self.comment
        if self.message_ids:
            out["message_ids"] = self.message_ids
        return out


def _message_ids(published: Published | None) -> list[int]:
    """The message ids a network answered for a post that is several messages (else none)."""
    ids = published.extra.get("message_ids") if published else None
    return [int(i) for i in ids] if isinstance(ids, list) and len(ids) > 1 else []


#: What a run calls with each outcome as it arrives (the progress lines).
Progress = Callable[[Outcome], None]


@dataclass
class PublishReport:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    #: Why the run stopped sending before every due post was sent: origin refused a push.
    stopped: str = ""

    @property
    def exit_code(self) -> int:
        needs_a_person = self.stopped or any(o.needs_a_person() for o in self.outcomes)
        return 1 if needs_a_person else 0

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
        return counts

    def json(self) -> str:
        return json.dumps(
            {
                "dry_run": self.dry_run,
                "stopped": self.stopped,
                "counts": self.counts(),
                "outcomes": [asdict(o) for o in self.outcomes],
            },
            ensure_ascii=False,
            indent=1,
        )

    def table(self) -> str:
        """A plain table for the terminal: what went where, then the totals."""
        if not self.outcomes:
            return "nothing is due"
        rows = [("state", "network", "post", "where / why")]
        rows += [(o.state, o.network, o.path, o.where()) for o in self.outcomes]
        lines = text_table(rows)
        totals = ", ".join(f"{n} {state}" for state, n in sorted(self.counts().items()))
        return (
            "\n".join(lines)
            + f"\n\n{totals}"
            + (" (dry run: nothing was sent or committed)" if self.dry_run else "")
            + (f"\n{self.stopped_line()}" if self.stopped else "")
        )

    def stopped_line(self) -> str:
        """Why the run stopped sending, in one line: what a person reads first."""
        return f"stopped sending: {self.stopped}"

    def markdown(self) -> str:
        """The GitHub job summary."""
        lines = ["### smm publish" + (" (dry run)" if self.dry_run else ""), ""]
        if not self.outcomes:
            return "\n".join([*lines, "Nothing was due."]) + "\n"
        rows: list[list[str]] = []
        for o in self.outcomes:
            note = o.thread() + (f" ({o.note})" if o.note else "")
            where = (
                Markdown(md_link(o.id or "link", o.url) + md_text(note))
                if o.url
                else (o.error or o.at) + note
            )
            rows.append([o.state, o.network, code(o.path), where])
        lines += markdown_table(["state", "network", "post", "where / why"], rows)
        lines += ["", ", ".join(f"**{n}** {state}" for state, n in sorted(self.counts().items()))]
        if self.stopped:
            lines += ["", f"**{md_text(self.stopped_line())}**"]
        return "\n".join(lines) + "\n"
