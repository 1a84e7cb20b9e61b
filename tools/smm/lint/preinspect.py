"""Images inspected on the idle core while a cold lint starts.

A cold lint of 10,000 posts spends its first 0.1 s in one process (imports, the walk of posts/,
the brands and campaigns) while the machine's other core waits for the forks that check posts.
Each of those processes then inspects every image its posts name (Pillow decodes each one: about
0.7 ms an image, 70 ms for the benchmark's 100, in each process). So a process forked at the
start inspects the repository's assets/ meanwhile and hands over what it found when the checks
begin: the checking processes inherit it, as they would a warm cache's inspections.

What it hands over is keyed by the digest of the bytes it inspected, exactly like the cache's
(lint/checker.py ``image``): an image changed since, or one it did not reach, is inspected by
the check as before. It is stopped when the checks begin, done or not; it writes no file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from functools import partial
from pathlib import Path

# imported here, in the process that forks, not in the fork: the checks need every one of them
# anyway, and the fork then inspects from its first millisecond (importing them took it 40 ms)
from smm.lint.cache import image_digest
from smm.lint.cachecodec import InfoRow, Infos
from smm.lint.images import inspect
from smm.sharedwork import fork_piped

#: What lint inspects ahead: images under assets/, by the extensions networks take.
_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
_MOST = 5000  # images ahead at most: a larger library is inspected as posts name its files


class Preinspection:
    """A forked process inspecting assets/ until ``take`` stops it."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe
        self.taken = False

    @classmethod
    def start(cls, root: Path) -> Preinspection | None:
        """Fork the process (None where processes do not fork, or there is no assets/)."""
        if not (root / "assets").is_dir():
            return None
        from PIL import Image

        Image.preinit()  # the plug-ins of the usual formats (lint/checker.py before_fork)
        forked = fork_piped(partial(_inspect_all, root), child_writes=True)
        return None if forked is None else cls(*forked)

    def take(self, finish: bool = False) -> Infos:
        """What was inspected so far, the process stopped (``finish``: every image, once it is
        done with them); nothing more once taken."""
        if self.taken:
            return {}
        self.taken = True
        if not finish:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with open(self.pipe, "rb") as pipe:
            data = pipe.read()  # to the end: the process has ended, its end of the pipe closed
        os.waitpid(self.pid, 0)
        found: Infos = {}
        for line in data.split(b"\n"):
            row = _row(line)
            if row is not None:
                found[row[0]] = row[1]
        return found


def _inspect_all(root: Path, out: int) -> None:
    for src in _candidates(root):
        digest = image_digest(root, src)
        if digest is None:
            continue
        row = inspect(root, src).row(digest)
        line = json.dumps([src, *row]) + "\n"  # ASCII: a name that is not UTF-8 survives
        os.write(out, line.encode())  # one write a row: the reader sees whole lines only


def _candidates(root: Path) -> list[str]:
    """The image files under assets/ (not through symlinked folders), in order."""
    found = []
    for folder, subfolders, files in os.walk(root / "assets"):
        subfolders.sort()
        relative = Path(folder).relative_to(root).as_posix()
        found += [
            f"{relative}/{name}" for name in sorted(files) if name.lower().endswith(_EXTENSIONS)
        ]
        if len(found) >= _MOST:
            break
    return found[:_MOST]


def _row(line: bytes) -> tuple[str, InfoRow] | None:
    """One row the process wrote, or None for a line cut short when it was stopped."""
    try:
        src, digest, rule, message, fmt, width, height, size, gps = json.loads(line)
    except ValueError:
        return None
    return src, (digest, rule, message, fmt, width, height, size, gps)
