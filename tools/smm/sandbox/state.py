"""What the sandbox remembers (posts, photos, id counters), its common settings, faults and rate
windows.

The state is one JSON file, rewritten atomically (temp file + fsync + rename) after every change,
so a sandbox killed at any moment restarts with what it had acknowledged: the same guarantee a
real network gives, which the publisher's reconcile path relies on.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: 429/500/error: the network's own refusal; echo: its error answer quoting the whole request (a
#: hostile or careless API, for redaction tests); slow/drop_*: the answer late or never.
FAULT_KINDS = ("429", "500", "error", "echo", "slow", "drop_after_store", "drop_before_store")


@dataclass
class Config:
    """What every emulated network shares; each network's own settings are its sandbox module's
    ``OPTIONS`` (sandbox/options.py)."""

    latency: float = 0.0  # seconds added to every API answer
    # seconds the sandbox's clock runs ahead of the real one (see now()): Telegram's message dates
    # (and so the times on the t.me pages), VK's wall dates and daily limit, Instagram's 24-hour
    # windows and insights delay agree with a run pinned with --now, as they would with the real clock
    clock_offset: float = 0.0
    # True: a post no test set figures for answers 0 for every figure; False: figures that grow
    # with the post's age (sandbox/growth.py)
    flat_metrics: bool = False

    def now(self) -> float:
        """The sandbox's clock (seconds since the epoch): the real one plus ``clock_offset``."""
        return time.time() + self.clock_offset


class State:
    """Posts and the objects behind them; persisted to ``<state_dir>/sandbox.json`` if given."""

    def __init__(self, state_dir: Path | None) -> None:
        self.path = Path(state_dir) / "sandbox.json" if state_dir else None
        self.lock = threading.RLock()
        self.data: dict[str, Any] = {"posts": [], "counters": {}, "vk_uploads": {}, "vk_photos": {}}
        if self.path and self.path.exists():
            self.data.update(json.loads(self.path.read_text(encoding="utf-8")))

    def next_id(self, key: str) -> int:
        with self.lock:
            value: int = self.data["counters"].get(key, 0) + 1
            self.data["counters"][key] = value
            return value

    def add_post(self, post: dict[str, Any]) -> None:
        with self.lock:
            self.data["posts"].append(post)
            self.save()

    def posts(self, network: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(p) for p in self.data["posts"] if network in (None, p["network"])]

    def reset(self) -> None:
        with self.lock:
            self.data = {"posts": [], "counters": {}, "vk_uploads": {}, "vk_photos": {}}
            self.save()

    def save(self) -> None:
        if self.path is None:
            return
        with self.lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".sandbox-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(self.data, out, ensure_ascii=False, indent=1)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise


@dataclass
class Fault:
    network: str
    kind: str
    method: str | None = None  # None: any method of the network
    count: int = 1
    retry_after: int = 1
    delay: float = 1.0
    code: int | None = None  # for kinds "error" and "echo": the network's own error code
    message: str | None = None
    subcode: int | None = (
        None  # for kind "error": Graph's error_subcode (None: the code's usual one)
    )
    status: int | None = (
        None  # for kind "echo": the HTTP status (None: the network's usual one for errors)
    )
    after: int = 0  # matching requests let through first (1: a thread's second part is hit)


@dataclass
class Faults:
    """Faults waiting for their request, taken first-in first-out."""

    networks: frozenset[str]  # the emulated APIs' names (``network`` of each), e.g. "t.me"
    items: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fault: Fault) -> None:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; one of {', '.join(FAULT_KINDS)}")
        if fault.network not in self.networks:
            raise ValueError(f"unknown network {fault.network!r}")
        with self.lock:
            self.items.append(fault)

    def take(self, network: str, method: str) -> Fault | None:
        with self.lock:
            for fault in self.items:
                if fault.network == network and fault.method in (None, method):
                    if fault.after > 0:  # not yet: this request passes this fault
                        fault.after -= 1
                        continue
                    fault.count -= 1
                    if fault.count <= 0:
                        self.items.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class Window:
    """A sliding-window rate limit: ``calls`` per ``period`` seconds per key."""

    def __init__(self, calls: int, period: float) -> None:
        self.calls, self.period = calls, period
        self._hits: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: object) -> float:
        """Count a request; 0 if it fits, else the seconds until it would have."""
        with self._lock:
            now = time.monotonic()
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.period:
                hits.popleft()
            if len(hits) >= self.calls:
                return hits[0] + self.period - now
            hits.append(now)
            return 0.0
