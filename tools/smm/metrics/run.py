"""`smm metrics`: read the figures of published posts back and commit them into ``metrics:``.

1. Like publish, only a clean main runs, brought level with origin first.
2. Every (post, network) with ``published.<net>: {state: published, id: ...}`` whose cadence slot
   is due (cadence.py) is read, one batch per account through the adapter's ``metrics()``; each
   network on a thread of its own, so a slow or failing one holds up no other.
3. The figures go into the post's ``metrics.<net>`` entry only (every other byte stays), all in
   ONE commit "smm: metrics for N posts [skip ci]", pushed; when origin moved meanwhile, the
   figures are written again on top of it (a newer reading another run made is kept).

A figure a network shows rounded (Telegram's public page: "1.2K") is kept as shown and marked
(``kept_figures``). An account that cannot give figures (a private Telegram channel) is noted
once; a rate limit that outlasts the retries leaves its posts for the next run; only errors a
person must fix (a missing or refused token, a wrong account) make the run exit 1.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from smm import clock
from smm.content.managed import read_blocks, replace_block, write_post
from smm.content.model import Brand
from smm.content.repo import find_root, open_repo, require_brand
from smm.errors import NetworkError, RetryableError, SmmError, UnsupportedError
from smm.lint.engine import collect
from smm.metrics import cadence
from smm.metrics.summary import (
    COMMIT_SUBJECT,
    ROUNDING_NOTES,
    MetricsReport,
    Reading,
    describe,
)
from smm.networks.base import METRIC_KEYS, Account, figure
from smm.networks.http import client as http_client
from smm.networks.http import with_retries
from smm.publish.ledger import Ledger
from smm.settings import Settings

#: A post whose own time is this much older than the cadence's end is not even opened: published
#: that late after its time is not a thing publish does (late_after), so it cannot be due.
SCAN_MARGIN = timedelta(days=30)

Progress = Callable[[Reading], None]


@dataclass
class Due:
    """One (post, network) whose figures this run reads."""

    path: str
    network: str
    brand: Brand
    id: str
    published_at: datetime
    slot: timedelta
    figures: dict[str, Any] = field(default_factory=dict)


def metrics(
    root: Path | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
    progress: Progress = lambda reading: None,
) -> MetricsReport:
    """Read every due post's figures and commit them; see the module doc for the steps."""
    settings = settings or Settings()
    root = find_root(root)
    require_brand(root, settings.brand)
    now = now or datetime.now(UTC)
    ledger = Ledger(root, branch=settings.branch, push=settings.push)
    ledger.check_ready()
    due = select(root, now, settings.brand)
    report = MetricsReport()
    groups: dict[tuple[str, str], list[Due]] = {}
    for item in due:
        account = item.brand.accounts.get(item.network, {})
        groups.setdefault(
            (item.network, repr(sorted(account.items(), key=lambda kv: kv[0]))), []
        ).append(item)
    by_network: dict[str, list[list[Due]]] = {}
    for (network, _), items in groups.items():
        by_network.setdefault(network, []).append(items)
    lock = threading.Lock()

    def read_network(network: str, batches: list[list[Due]], client: httpx.Client) -> None:
        for items in batches:
            readings, note = _read_batch(network, items, client, settings, now)
            with lock:
                if note:
                    report.note(network, note)
                for reading in readings:
                    report.readings.append(reading)
                    progress(reading)

    with http_client() as client:
        threads = [
            threading.Thread(target=read_network, args=(network, batches, client), daemon=True)
            for network, batches in sorted(by_network.items())
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    report.readings.sort(key=lambda r: (r.path, r.network))
    got = {(r.path, r.network): r for r in report.readings if r.state == "read"}
    if got:
        stamp = now.isoformat(timespec="seconds")

        def write() -> bool:
            paths = _write(ledger.root, got, now)
            posts = len({path for path, _ in got})
            lines = [
                f"{r.network}: {r.path} ({r.slot}) {describe(r.figures)}" for r in got.values()
            ]
            return ledger.commit(
                paths,
                f"{COMMIT_SUBJECT}{posts} posts [skip ci]\n\nread at {stamp}\n" + "\n".join(lines),
            )

        if write():
            report.committed = True
            ledger.push_or_refresh(write)
            report.commit = ledger.head()
    return report


def select(root: Path, now: datetime, brand: str | None = None) -> list[Due]:
    """Every (post, network) whose reading is due at ``now``, from the lint cache's facts."""
    repo = open_repo(root, brand)  # one brand's run reads that brand's files only
    out: list[Due] = []
    for path, entry in collect(repo, brand=brand).entries.items():
        facts = entry.post_facts
        if facts is None:
            continue
        if brand is not None and facts.brand != brand:
            continue
        if not any(state == "published" for _, state in facts.states):
            continue
        if (
            facts.when is not None
            and now.timestamp() - facts.when
            > (cadence.OFFSETS[-1] + cadence.FINAL_WINDOW + SCAN_MARGIN).total_seconds()
        ):
            continue
        post_brand = repo.brands.get(facts.brand)
        if post_brand is None:
            continue
        published, measured = _blocks((root / path).read_text(encoding="utf-8"))
        for network, entry_ in sorted(published.items()):
            if (
                entry_.get("state", "published") != "published"
                or entry_.get("id") in (None, "")
                or "retracted" in entry_  # deleted from the network: no figures to read
            ):
                continue
            at = clock.instant(entry_.get("at"))
            if at is None:
                continue
            slot = cadence.due_slot(at, clock.instant((measured.get(network) or {}).get("at")), now)
            if slot is not None:
                out.append(Due(path, network, post_brand, str(entry_["id"]), at, slot))
    return out


def _read_batch(
    network: str, items: list[Due], client: httpx.Client, settings: Settings, now: datetime
) -> tuple[list[Reading], str]:
    """Read one account's due posts; (readings, a note about what the network cannot give)."""
    from smm.networks.registry import adapter

    def each(state: str, error: str = "") -> list[Reading]:
        return [Reading.of(item, state, error=error) for item in items]

    try:
        net = adapter(network, client, settings.api_base)
        account = _account(items[0].brand, network, settings)
        figures = with_retries(
            lambda: net.metrics(account, [item.id for item in items]),
            attempts=settings.retry_attempts,
            max_wait=settings.max_retry_wait,
        )
    except UnsupportedError as exc:  # before NetworkError: a fact about the account, not a failure
        return each("unavailable"), exc.one_line()
    except RetryableError as exc:  # rate limit or outage that outlasted the retries: next run
        return each("later", exc.one_line()), ""
    except NetworkError as exc:  # refused token, wrong account, bad request: a person looks
        return each("failed", exc.one_line()), ""
    except SmmError as exc:  # a missing token (CredentialsError), a network smm does not know
        return each("failed", exc.one_line()), ""
    except Exception as exc:
        return each("failed", f"internal error: {type(exc).__name__}: {exc}"), ""
    note = "; ".join(net.notes)
    readings = []
    odd: list[str] = []  # posts whose figures the network gave included some that are no count
    for item in items:
        got = figures.get(item.id)
        if got is None:
            readings.append(
                Reading.of(
                    item,
                    "missing",
                    error=f"{network} did not return post {item.id} "
                    "(deleted, or not on this account?)",
                )
            )
            continue
        item.figures, refused = kept_figures(got)
        readings.append(Reading.of(item, "read", at=now))
        if refused:  # said, not written: the rest of the post's figures are kept
            odd.append(f"post {item.id}: " + ", ".join(refused))
    if odd:
        refusal = f"{network} gave figures that are not counts, not kept ({'; '.join(odd)})"
        note = "; ".join(filter(None, [note, refusal]))
    return readings, note


def _write(root: Path, got: Mapping[tuple[str, str], Reading], now: datetime) -> list[str]:
    """Set each post's ``metrics.<net>`` entries; a newer reading already there is kept."""
    by_path: dict[str, list[Reading]] = {}
    for (path, _), reading in got.items():
        by_path.setdefault(path, []).append(reading)
    written = []
    for path, readings in sorted(by_path.items()):
        file = root / path
        if not file.exists():
            continue  # removed on origin meanwhile
        text = file.read_text(encoding="utf-8")
        _, current = _blocks(text)
        block = {network: dict(entry) for network, entry in current.items()}
        for reading in readings:
            previous = block.get(reading.network) or {}
            there = clock.instant(previous.get("at"))
            if there is not None and there >= now:
                continue  # another run read it at the same time or later
            entry: dict[str, Any] = dict(previous) if previous else {"at": None}
            entry["at"] = reading.at
            for key in reading.figures:  # a figure read anew drops what was noted about the old one
                for note in ROUNDING_NOTES:
                    entry.pop(f"{key}{note}", None)
            entry.update(reading.figures)  # keys keep their place; new ones come last
            block[reading.network] = entry
        new = replace_block(text, "metrics", block)
        if new != text:
            write_post(file, new)
            written.append(path)
    return written


def _blocks(text: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ``published:`` and ``metrics:`` entries of a post, by network ({} when it does not parse)."""
    try:
        blocks = read_blocks(text)
    except ValueError:
        return {}, {}
    return blocks["published"], blocks["metrics"]


def kept_figures(got: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The figures of METRIC_KEYS an adapter returned, each with what it says about rounding,
    and the keys of those refused: a figure smm writes is a whole count from 0 to MAX_FIGURE
    (networks.base.figure), so a network's -1 for "hidden", a NaN or a text never reaches a
    post file, where every reader would then refuse it.

    A network that shows a figure rounded (Telegram's page: "1.2K") returns the shown value,
    ``<key>_shown`` (the text as shown) and ``<key>_rounded: true``; both are kept, so nobody
    mistakes 1200 for an exact count.
    """
    out: dict[str, Any] = {}
    refused = []
    for key in METRIC_KEYS:
        if key not in got or got[key] is None:
            continue
        value = figure(got[key])
        if value is None:
            refused.append(key)
            continue
        out[key] = value
        if got.get(f"{key}_rounded") is True and isinstance(got.get(f"{key}_shown"), str):
            out[f"{key}_shown"], out[f"{key}_rounded"] = got[f"{key}_shown"], True
    return out, refused


def _account(brand: Brand, network: str, settings: Settings) -> Account:
    """The brand's account with the secrets its ``*_env`` keys name, read from the environment."""
    return settings.account(network, brand.accounts.get(network, {}))
