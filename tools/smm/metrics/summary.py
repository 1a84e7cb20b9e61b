"""What a metrics run did: one Reading per (post, network) it was due for, plus notes per network.

Every output of a run (table, JSON, job summary) is made from Readings and notes, so their text
is redacted as it is made: an error or note quoting a secret stops here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.metrics.cadence import label
from smm.redaction import redact
from smm.tables import code, markdown_table, text_table
from smm.textsafe import one_line

#: How a metrics commit's subject begins (the site finds the readings over time by it; kept here,
#: not in run.py, so that the site does not load the HTTP client to know it)
COMMIT_SUBJECT = "smm: metrics for "

if TYPE_CHECKING:
    from smm.metrics.run import Due

#: read: figures written; unavailable: the network's API gives none (see notes); later: a rate
#: limit or outage outlasted the retries, the next run tries again; missing: the network did not
#: return the post; failed: a person must act (token, account, configuration).
NEEDS_A_PERSON = ("failed",)
#: What may sit beside a figure ``<key>``: ``<key>_shown`` (as the network showed it) and
#: ``<key>_rounded`` (true: the network rounds it, the figure is not an exact count).
ROUNDING_NOTES = ("_shown", "_rounded")


@dataclass
class Reading:
    path: str
    network: str
    state: str
    id: str = ""
    slot: str = ""
    at: str = ""
    figures: dict[str, Any] = field(
        default_factory=dict
    )  # METRIC_KEYS, and ROUNDING_NOTES beside them
    error: str = ""

    def __post_init__(self) -> None:
        self.id, self.error = redact(self.id), redact(self.error)

    @classmethod
    def of(cls, due: Due, state: str, error: str = "", at: datetime | None = None) -> Reading:
        stamp = at.astimezone(due.brand.tz).isoformat(timespec="seconds") if at else ""
        return cls(
            due.path,
            due.network,
            state,
            due.id,
            label(due.slot),
            stamp,
            dict(due.figures) if state == "read" else {},
            error,
        )


@dataclass
class MetricsReport:
    readings: list[Reading] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # network -> its notes, each once
    committed: bool = False
    commit: str = ""

    def note(self, network: str, text: str) -> None:
        """Add what a batch of the network's says (its accounts' batches often say the same)."""
        text = redact(text)
        there = self.notes.get(network)
        if text and (there is None or text not in there):
            self.notes[network] = f"{there}; {text}" if there else text

    @property
    def exit_code(self) -> int:
        return 1 if any(r.state in NEEDS_A_PERSON for r in self.readings) else 0

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for reading in self.readings:
            counts[reading.state] = counts.get(reading.state, 0) + 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "posts": len({r.path for r in self.readings if r.state == "read"}),
            "commit": self.commit or None,
            "notes": self.notes,
            "readings": [asdict(r) for r in self.readings],
        }

    def json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1)

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        rows: list[tuple[str, str, str, str, str]] = []
        unavailable: dict[str, int] = {}
        for r in self.readings:
            if r.state == "unavailable":  # one row per network: the note says why
                unavailable[r.network] = unavailable.get(r.network, 0) + 1
                continue
            what = describe(r.figures) if r.state == "read" else r.error
            rows.append((r.state, r.network, r.slot, r.path, what))  # the tables escape each cell
        for network, n in sorted(unavailable.items()):
            rows.append(
                (
                    "unavailable",
                    network,
                    "",
                    f"{n} post(s)",
                    "the API gives no figures: see the note",
                )
            )
        return rows

    def table(self) -> str:
        if not self.readings:
            return "no figures are due"
        lines = text_table([("state", "network", "slot", "post", "figures / why"), *self._rows()])
        totals = ", ".join(f"{n} {state}" for state, n in sorted(self.counts().items()))
        lines += ["", totals]
        lines += [f"note: {one_line(text)}" for _, text in sorted(self.notes.items())]
        return "\n".join(lines)

    def markdown(self) -> str:
        """The GitHub job summary."""
        lines = ["### smm metrics", ""]
        if not self.readings:
            return "\n".join([*lines, "No figures were due."]) + "\n"
        lines += markdown_table(
            ["state", "network", "slot", "post", "figures / why"],
            [
                [state, network, slot, code(path), what]
                for state, network, slot, path, what in self._rows()
            ],
        )
        lines += ["", ", ".join(f"**{n}** {state}" for state, n in sorted(self.counts().items()))]
        lines += [
            f"- {one_line(network)}: {one_line(text)}"
            for network, text in sorted(self.notes.items())
        ]
        return "\n".join(lines) + "\n"


def describe(figures: dict[str, Any]) -> str:
    """``views 1.2K (rounded), likes 3``: each figure as the network gave it."""
    parts = []
    for key, value in figures.items():
        if key.endswith(ROUNDING_NOTES):
            continue
        if figures.get(f"{key}_rounded") is True:
            parts.append(f"{key} {figures.get(f'{key}_shown', _num(value))} (rounded)")
        else:
            parts.append(f"{key} {_num(value)}")
    return ", ".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
