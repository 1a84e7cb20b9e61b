"""Peak memory of a process and all its descendants together (a build's worker pool included).

``os.wait4`` gives one process's peak RSS: a pool's workers are not in it. This runs the
command and samples, every ``interval`` seconds, each process of its tree from /proc (children
from /proc/<pid>/task/<tid>/children, memory from /proc/<pid>/smaps_rollup): the peak of the
sum of RSS (pages shared by forked workers counted once per process: an upper bound) and of
PSS (shared pages split among their users: what the tree really holds). A child is counted once it has
kept its name for SETTLE seconds, so that one caught between its fork and its exec (a
git call), which still shows its parent's memory, is not counted twice. A sample can miss a peak
shorter than the interval; the root's own wait4 peak is a floor for both.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from measure import Run


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of ``pid`` in kB; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def _name(pid: int) -> str:
    """The program ``pid`` runs now ("" once it is gone)."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


#: How long a child keeps its name before its memory counts (see ``sample``).
SETTLE = 0.05


def run_tree(cmd: list[str], cwd: Path, log: Path, interval: float = 0.02) -> tuple[Run, float]:
    """Run ``cmd``; its Run with ``peak_mb`` the peak summed RSS of its tree, and the peak PSS."""
    peaks = [0, 0]
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            since: dict[int, tuple[str, float]] = {}  # each process: its name, seen since when
            while not done.wait(interval):
                at = time.perf_counter()
                now = {p: _name(p) for p in _tree(proc.pid)}
                since = {
                    p: s if (s := since.get(p)) and s[0] == n else (n, at) for p, n in now.items()
                }
                # a child seen for the first time, or under a new name, may be between its fork
                # and its exec (a git call): it shows its parent's memory (with vfork its very
                # pages), which would count twice; a process that lives (a pool's worker) is
                # counted once it has kept its name for SETTLE seconds: two samples a few
                # milliseconds apart can both fall between a fork and its exec on a loaded machine
                lasting = [p for p in now if p == proc.pid or at - since[p][1] >= SETTLE]
                sizes = [_memory_kb(p) for p in lasting]
                peaks[0] = max(peaks[0], sum(r for r, _ in sizes))
                peaks[1] = max(peaks[1], sum(p for _, p in sizes))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    own = usage.ru_maxrss
    run = Run(
        round(seconds, 3),
        round(usage.ru_utime + usage.ru_stime, 3),
        round(max(own, peaks[0]) / 1024, 1),
        os.waitstatus_to_exitcode(status),
    )
    return run, round(max(own, peaks[1]) / 1024, 1)
