"""The answer of the last full lint, given again while nothing it was computed from has changed.

A full ``smm lint`` (no PATHS, no --changed-from, the cache on) ends by writing
.smm-cache/lint-answer.json: its findings, how many posts there were, and one digest of what they
were computed from: smm's code and rule files, the command line's --select and --ignore, the bytes
of every brand and campaign file, of the settings and of CODEOWNERS, and the (size, mtime) of every
post and of every image the posts name. It also keeps the span of clock times over which the
rules that read the clock (time/past, deal/overdue) would say the same (lint/cross.py,
``clock_span``).

The next full run computes the digest (a walk of posts/, a few small reads; no YAML parsed, no post
opened) and, when it and the clock agree, returns the stored findings without loading the
repository: a warm lint is the walk and the start-up. Anything else (a stamp changed, a fresh
checkout, a clock outside the span, a file touched within two ticks of the file system's clock
before the answer was begun) goes the normal way, which still checks only what changed (lint/cache.py) and writes a new
answer. Like every cache file it is untrusted JSON: anything not exactly its shape is no answer.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from smm import __version__
from smm.content.paths import post_paths, yaml_files
from smm.content.userfile import read_user_file
from smm.findings import Finding
from smm.lint.cachefile import read_json, write_json
from smm.lint.fingerprint import rules_fingerprint
from smm.lint.result import LintResult

if TYPE_CHECKING:
    from smm.lint.prewalk import Prewalk

_FILE = "lint-answer-v1.json"
#: The settings files and CODEOWNERS, by bytes (CODEOWNERS: smm/codeowners.py's path)
_OTHER_FILES = ("smm.toml", "pyproject.toml", ".github/CODEOWNERS")
#: A file whose mtime is this close to the start of the run that made the answer (or later) may
#: have changed again within the same tick of the file system's clock, its stamp the same: such
#: an answer is not trusted. Two ticks of a file system that keeps sub-second times (ext4, XFS,
#: APFS: at most 10 ms), else two of the coarsest one (FAT: 2 s)
RACY_FINE_NS, RACY_COARSE_NS = 50_000_000, 4_000_000_000
_MAX_CONFIG_BYTES = 1 << 20
_LEVELS = frozenset({"error", "warning", "note"})

Stamps = dict[str, tuple[int, int] | None]


@dataclass(frozen=True)
class Snapshot:
    """What a full lint is about to read, taken before it reads it."""

    started: int  # time.time_ns() before any file was looked at
    settled: str  # digest of the code, the options and the small files read whole
    posts: Stamps

    @cached_property
    def posts_digest(self) -> str:
        """The digest of ``posts``, made once: a run that lints compares it with the stored
        answer's, then stores it (the text of 10,000 stamps takes 6 ms each time)."""
        # the names, then every size and mtime as 8-byte integers (a stamp that could not be
        # taken: -1, -1): half the time of digesting the dict's text
        h = hashlib.blake2b("\0".join(self.posts).encode("utf-8", "surrogatepass"))
        given = self.posts.values()
        stamps: Iterable[tuple[int, int]] = (
            [stamp or (-1, -1) for stamp in given] if None in given else cast(Any, given)
        )
        h.update(array("q", chain.from_iterable(stamps)).tobytes())
        return h.hexdigest()


def snapshot(
    root: Path,
    select: Any,
    ignore: Any,
    clocked: bool,
    stamps: bool = True,
    earlier: Prewalk | None = None,
) -> Snapshot:
    """The digest of everything but the images, and the posts' stamps (walked here unless
    ``earlier``; ``stamps=False``: the names alone, for a run that reads every post and stamps
    each as it opens it: ``stamped`` then gives the snapshot those stamps). ``earlier``: a walk of
    posts/ begun before (lint/prewalk.py), whose start the snapshot's clock starts from, and
    whose stamps it takes last, once everything else is read (the fork may still be walking)."""
    started = time.time_ns() if earlier is None else earlier.started
    h = hashlib.blake2b(digest_size=16)
    code = rules_fingerprint(root)
    h.update(f"{__version__}|{code}|{clocked}|{select!r}|{ignore!r}".encode())
    for path in [*yaml_files(root / "brands", root), *yaml_files(root / "campaigns", root)]:
        h.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0" + _bytes(root, path))
    for path in _OTHER_FILES:
        h.update(b"\0" + path.encode() + b"\0" + _bytes(root, path))
    walked = None if earlier is None else earlier.stamps(root)
    if walked is None:
        walked = post_paths(root, stamps=stamps)
    return Snapshot(started, h.hexdigest(), walked)


def stamped(snap: Snapshot, stamps: Stamps) -> Snapshot:
    """``snap`` with each post's stamp as its reading found it, where the walk took none."""
    if None not in snap.posts.values():
        return snap
    posts = {path: known or stamps.get(path) for path, known in snap.posts.items()}
    return dataclasses.replace(snap, posts=posts)


def _bytes(root: Path, path: str) -> bytes:
    try:
        return read_user_file(root, path, _MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return b"\0missing"
    except OSError as exc:
        return f"\0unreadable {exc.errno}".encode()


def _digest(snap: Snapshot, images: Stamps) -> str:
    h = hashlib.blake2b(snap.settled.encode(), digest_size=16)
    h.update(snap.posts_digest.encode())
    # image_stamps gives its stamps in sorted order, so the text is the same
    h.update(str(images).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def image_stamps(root: Path, sources: list[str]) -> Stamps:
    found: Stamps = {}
    for src in sources:
        try:
            st = os.stat(root / src)
            found[src] = (st.st_size, st.st_mtime_ns)
        except (OSError, ValueError):
            found[src] = None
    return found


def _micros(now: datetime | None) -> int | None:
    return None if now is None else round(now.timestamp() * 1_000_000)


def replay(root: Path, snap: Snapshot, now: datetime | None) -> LintResult | None:
    """The stored answer when it still holds for the inputs in ``snap``, else None (then the
    caller lints)."""
    doc = read_json(root, _FILE)
    try:
        stored = _checked(doc)
    except (TypeError, ValueError, KeyError):
        return None
    if stored is None:
        return None
    images, span, started, digest, posts, findings = stored
    clock = _micros(now)
    if (clock is None) != (span is None):
        return None
    if span is not None and clock is not None and not span[0] < clock <= span[1]:
        return None
    stamps = image_stamps(root, images)
    times = [s[1] for s in (*snap.posts.values(), *stamps.values()) if s]
    fine = any(t % 1_000_000_000 for t in times[:50])  # sub-second times: a fine clock
    racy = started - (RACY_FINE_NS if fine else RACY_COARSE_NS)
    if max(times, default=0) >= racy or _digest(snap, stamps) != digest:
        return None
    rows = [_row(row) for row in findings]  # checked only for an answer that holds
    if any(row is None for row in rows):
        return None
    return LintResult([Finding.of(row) for row in rows if row is not None], posts, 0)


def keep(
    root: Path,
    snap: Snapshot,
    images: Stamps,
    span: tuple[int, int] | None,
    result: LintResult,
) -> None:
    """Store ``result`` as the answer for the inputs in ``snap`` and ``images`` (stamped when the
    run read them) and the clock span ``span`` (None when the run had no clock)."""
    write_json(
        root,
        _FILE,
        {
            "started": snap.started,
            "digest": _digest(snap, images),
            "images": sorted(images),
            "span": list(span) if span is not None else None,
            "posts": result.posts,
            "findings": [list(f.astuple()) for f in result.findings],
        },
    )


def _checked(
    doc: Any,
) -> tuple[list[str], tuple[int, int] | None, int, str, int, list[Any]] | None:
    """The answer's parts if ``doc`` has the shape ``keep`` writes, else None; the findings'
    rows are checked by ``replay`` once the answer holds (a run after a change never reads them)."""
    if not isinstance(doc, dict) or set(doc) != {
        "started",
        "digest",
        "images",
        "span",
        "posts",
        "findings",
    }:
        return None
    images, span, started = doc["images"], doc["span"], doc["started"]
    digest, posts, rows = doc["digest"], doc["posts"], doc["findings"]
    if not (
        isinstance(images, list)
        and all(isinstance(src, str) for src in images)
        and _is_int(started)
        and isinstance(digest, str)
        and _is_int(posts)
        and isinstance(rows, list)
        and (
            span is None or (isinstance(span, list) and len(span) == 2 and all(map(_is_int, span)))
        )
    ):
        return None
    return images, None if span is None else (span[0], span[1]), started, digest, posts, rows


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _row(row: Any) -> tuple[str, int, int, str, str, str] | None:
    if not (isinstance(row, list) and len(row) == 6):
        return None
    path, line, col, level, rule, message = row
    if not (
        isinstance(path, str)
        and _is_int(line)
        and _is_int(col)
        and level in _LEVELS
        and isinstance(rule, str)
        and isinstance(message, str)
    ):
        return None
    return path, line, col, level, rule, message
