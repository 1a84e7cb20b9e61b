"""Measuring child processes: wall time, CPU time and peak RSS, repeated and summarised.

Peak RSS comes from ``os.wait4`` on the child, the same per-process figure that
``/usr/bin/time -v`` prints ("Maximum resident set size"); unlike
``getrusage(RUSAGE_CHILDREN)`` it is not a running maximum over every child so far.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SLUG = re.compile(r"\W+")


@dataclass
class Run:
    """One measured process."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    note: str = ""


@dataclass
class Measurement:
    """Repeated runs of one command, summarised."""

    name: str
    runs: list[Run] = field(default_factory=list)
    skipped: str = ""

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def run_measured(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; stdout+stderr go to ``log``; wall, CPU, peak RSS of the child."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        round(seconds, 3),
        round(usage.ru_utime + usage.ru_stime, 3),
        round(usage.ru_maxrss / 1024, 1),
        proc.returncode,
    )


def measure(
    name: str,
    cmd: list[str],
    cwd: Path,
    out: Path,
    repeat: int,
    before: Callable[[int], str] | None = None,
    env: dict[str, str] | None = None,
    ok: Callable[[Run, Path], str] | None = None,
) -> Measurement:
    """Run ``before(i)`` (untimed) then ``cmd`` (timed) ``repeat`` times; ``ok`` may annotate."""
    m = Measurement(name)
    for i in range(repeat):
        note = before(i) if before else ""
        log = out / f"{SLUG.sub('-', name)}-{i}.log"
        run = run_measured(cmd, cwd, log, env)
        run.note = "; ".join(filter(None, [note, ok(run, log) if ok else ""]))
        m.runs.append(run)
        print(
            f"  {name} #{i + 1}: {run.seconds:.3f} s, {run.peak_mb:.0f} MB, rc {run.returncode}"
            + (f" ({run.note})" if run.note else ""),
            flush=True,
        )
    return m
