"""Fuzz smm with generated post, brand and campaign files: 0 tracebacks and 0 hangs is the bar.

    python tools/fuzz/fuzz_content.py [--files N] [--seed S] [--jobs J] [--timeout SEC]
                                      [--cli-every K] [--out DIR] [--memory-mb MB]
    python tools/fuzz/fuzz_content.py --seed S --case I      # replay one case, in the foreground

Each case (tools/fuzz/generate.py: structure-aware, deterministic by seed and index) is committed
into a small real repository and run through lint, preview, plan, report, review and site
in-process (tools/fuzz/harness.py; the site's pages checked by tools/fuzz/sitecheck.py); every
``--cli-every``-th case also through the real `python -m smm` processes. Workers are separate
processes with a memory limit; a command that runs longer than ``--timeout`` is a hang (the
worker dumps where it was, then is replaced). Failing cases are written to
``DIR/failures/<signature>/``, at most five per signature, and ``DIR/summary.json`` lists the
distinct signatures (exception type and innermost smm frame). Exit 1 when anything failed.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import multiprocessing
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection, wait
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(
    1, str(Path(__file__).resolve().parents[1])
)  # this checkout's smm before any installed one
import contextlib

from generate import case as make_case
from harness import Failure, Workspace, signature_of_text

EXAMPLES_PER_SIGNATURE = 5


def _worker(
    conn: Connection, seed: int, timeout: float, cli_every: int, memory_mb: int, dump: str
) -> None:
    """Run the cases the parent sends (their indexes) until it sends None, or until a
    MemoryError leaves it unfit (it says so, and the parent starts another)."""
    _limit_memory(memory_mb)
    with tempfile.TemporaryDirectory(prefix="smm-fuzz-") as tmp, open(dump, "w") as dump_file:
        workspace = Workspace(Path(tmp))
        faulthandler.enable(
            file=dump_file
        )  # a crash in C code (a segfault) leaves its stack there too

        def started(command: str) -> None:
            # where the command is after `timeout` seconds: the signature of a hang
            faulthandler.cancel_dump_traceback_later()
            dump_file.seek(0)
            dump_file.truncate()
            faulthandler.dump_traceback_later(timeout, file=dump_file)
            conn.send(("started", command))

        def where() -> str:
            return signature_of_text(Path(dump).read_text(errors="replace"))

        while (index := conn.recv()) is not None:
            failures = workspace.run(
                make_case(seed, index),
                started,
                cli=cli_every > 0 and index % cli_every == 0,
                timeout=timeout,
                where=where,
            )
            faulthandler.cancel_dump_traceback_later()
            conn.send(("done", index, [f.__dict__ for f in failures], workspace.broken))
            if workspace.broken:
                return


class Pool:
    """Worker processes, each with one case in flight and a deadline for its current command."""

    def __init__(
        self, jobs: int, seed: int, timeout: float, cli_every: int, memory_mb: int, tmp: Path
    ) -> None:
        self.args, self.tmp = (seed, timeout, cli_every, memory_mb), tmp
        self.timeout = timeout
        self.ctx = multiprocessing.get_context("fork")
        self.workers: dict[Connection, dict] = {}
        self.started = 0
        for _ in range(jobs):
            self._start()

    def _start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.started += 1
        dump = str(self.tmp / f"dump-{self.started}.txt")
        proc = self.ctx.Process(target=_worker, args=(child, *self.args, dump), daemon=True)
        proc.start()
        child.close()
        self.workers[parent] = {
            "proc": proc,
            "index": None,
            "command": None,
            "began": None,  # when its current command started (the worker says so)
            "deadline": None,
            "dump": dump,
        }

    def idle(self) -> list[Connection]:
        return [c for c, w in self.workers.items() if w["index"] is None]

    def send(self, conn: Connection, index: int) -> None:
        self.workers[conn].update(
            index=index,
            command="setup",
            began=None,
            deadline=time.monotonic() + 60 + 2 * self.timeout,
        )
        conn.send(index)

    def results(self) -> list[tuple[int, list[dict]]]:
        """Cases that finished (or hung, or killed their worker) since the last call."""
        busy = {c: w for c, w in self.workers.items() if w["index"] is not None}
        if not busy:
            return []
        nearest = min(w["deadline"] for w in busy.values())
        done: list[tuple[int, list[dict]]] = []
        for conn in wait(list(busy), timeout=max(0.0, nearest - time.monotonic())):
            w = busy[conn]
            try:
                message = conn.recv()
            except (EOFError, OSError):
                w["proc"].join(2)
                dump = (
                    Path(w["dump"]).read_text(errors="replace") if os.path.exists(w["dump"]) else ""
                )
                exit_code, where = w["proc"].exitcode, signature_of_text(dump)
                if w["began"] is not None and time.monotonic() - w["began"] > self.timeout:
                    # past its limit the command is a hang, however the worker then ended:
                    # faulthandler's watchdog dumps the stack of a thread that is still running,
                    # which CPython documents as unsafe, and now and then it crashes the worker
                    failure = Failure(
                        w["command"],
                        "hang",
                        f"hang in {w['command']}: {where}",
                        f"over {self.timeout} s, then the worker ended (exit {exit_code}); "
                        f"where it was:\n{dump[-3000:]}",
                    )
                else:
                    died = f"worker died (exit {exit_code}) in {w['command']}: {where}"
                    failure = Failure(w["command"], "traceback", died, dump[-3000:])
                done.append((w["index"], [failure.__dict__]))
                self._replace(conn)
                continue
            if message[0] == "started":
                began = time.monotonic()
                w.update(command=message[1], began=began, deadline=began + self.timeout + 2)
            else:
                done.append((message[1], message[2]))
                w.update(index=None, command=None, began=None, deadline=None)
                if message[3]:  # a MemoryError: that worker is done
                    self._replace(conn)
        for conn, w in list(busy.items()):
            if conn in self.workers and w["index"] is not None and time.monotonic() > w["deadline"]:
                dump = (
                    Path(w["dump"]).read_text(errors="replace") if os.path.exists(w["dump"]) else ""
                )
                done.append(
                    (
                        w["index"],
                        [
                            Failure(
                                w["command"],
                                "hang",
                                f"hang in {w['command']}: {signature_of_text(dump)}",
                                f"over {self.timeout} s; where it was:\n{dump[-3000:]}",
                            ).__dict__
                        ],
                    )
                )
                self._replace(conn)
        return done

    def _replace(self, conn: Connection) -> None:
        w = self.workers.pop(conn)
        if w["proc"].is_alive():
            w["proc"].kill()
        w["proc"].join()
        conn.close()
        self._start()

    def close(self) -> None:
        for conn, w in self.workers.items():
            with contextlib.suppress(OSError):
                conn.send(None)
            w["proc"].join(timeout=10)
            if w["proc"].is_alive():
                w["proc"].kill()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80]


def run(
    files: int,
    seed: int,
    jobs: int,
    timeout: float,
    cli_every: int,
    memory_mb: int,
    out: Path,
    start: int = 0,
) -> dict:
    """Fuzz cases ``start`` .. ``start + files - 1``; write failing cases and the summary into
    ``out``; return the summary."""
    shutil.rmtree(out / "failures", ignore_errors=True)
    started_at = time.monotonic()
    signatures: dict[str, dict] = {}
    kinds: Counter[str] = Counter()
    failed_cases = 0
    with tempfile.TemporaryDirectory(prefix="smm-fuzz-dumps-") as tmp:
        pool = Pool(jobs, seed, timeout, cli_every, memory_mb, Path(tmp))
        pending, finished = list(range(start, start + files)), 0
        try:
            while finished < files:
                for conn in pool.idle():
                    if pending:
                        pool.send(conn, pending.pop(0))
                for index, failures in pool.results():
                    finished += 1
                    case = make_case(seed, index)
                    kinds[case.kind] += 1
                    failed_cases += bool(failures)
                    for f in failures:
                        _record(signatures, f, case, out)
                    if finished % 500 == 0:
                        print(
                            f"fuzz: {finished}/{files} files, {len(signatures)} signatures, "
                            f"{time.monotonic() - started_at:.0f} s",
                            file=sys.stderr,
                        )
        finally:
            pool.close()
    seconds = time.monotonic() - started_at
    counts = Counter()
    for s in signatures.values():
        counts[s["kind"]] += s["count"]
    summary = {
        "files": files,
        "seed": seed,
        "start": start,
        "jobs": jobs,
        "timeout_s": timeout,
        "cli_every": cli_every,
        "kinds": dict(kinds),
        "seconds": round(seconds, 1),
        "files_per_second": round(files / seconds, 1),
        "cases_failed": failed_cases,
        "tracebacks": counts["traceback"],
        "hangs": counts["hang"],
        "bad_output": counts["bad-output"],
        "signatures": sorted(
            ({k: v for k, v in s.items() if k != "last"} for s in signatures.values()),
            key=lambda s: (-s["files"], s["signature"]),
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


def _record(signatures: dict[str, dict], f: dict, case, out: Path) -> None:
    entry = signatures.setdefault(
        f["signature"],
        {
            "signature": f["signature"],
            "kind": f["kind"],
            "count": 0,
            "files": 0,
            "commands": [],
            "cases": [],
            "example": f["detail"][-2000:],
        },
    )
    entry["count"] += 1  # (file, command) pairs
    if f["command"] not in entry["commands"]:
        entry["commands"].append(f["command"])
    if entry.setdefault("last", None) == case.index:
        return  # the same file through another command: one example is enough
    entry["last"], entry["files"] = case.index, entry["files"] + 1
    if len(entry["cases"]) < EXAMPLES_PER_SIGNATURE:
        entry["cases"].append(case.index)
        folder = out / "failures" / _slug(f["signature"])
        folder.mkdir(parents=True, exist_ok=True)
        suffix = {"post": ".md", "image": Path(case.path).suffix}.get(case.kind, ".yaml")
        (folder / f"case-{case.index}{suffix}").write_bytes(case.data)
        (folder / f"case-{case.index}.txt").write_text(
            f"path: {case.path!r}\ncommand: {f['command']}\nkind: {f['kind']}\n\n{f['detail']}\n",
            encoding="utf-8",
        )


def _limit_memory(memory_mb: int) -> None:
    """An address-space limit: an alias bomb ends in MemoryError, not in the machine's swap."""
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def replay(seed: int, index: int, memory_mb: int) -> int:
    """Run one case in the foreground and print what each command did."""
    _limit_memory(memory_mb)
    faulthandler.enable()  # a segfault prints where it happened
    case = make_case(seed, index)
    print(f"case {index} ({case.kind}) at {case.path!r}, {len(case.data):,} bytes")
    with tempfile.TemporaryDirectory(prefix="smm-fuzz-") as tmp:
        workspace = Workspace(Path(tmp))
        workspace.site(case)  # the base's site first: the case's is a rebuild, as in a worker
        failures = workspace.found + workspace.run(
            case, lambda command: print(f"  {command} ..."), cli=True
        )
    for f in failures:
        print(f"\n{f.kind}: {f.signature} ({f.command})\n{f.detail}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="generated files (cases)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="index of the first case")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a command may take before it is a hang"
    )
    parser.add_argument(
        "--cli-every",
        type=int,
        default=50,
        help="also run the real CLI on every K-th case (0: never)",
    )
    parser.add_argument(
        "--memory-mb", type=int, default=1536, help="address-space limit of each worker"
    )
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    parser.add_argument(
        "--case", type=int, default=None, help="replay this one case in the foreground"
    )
    args = parser.parse_args(argv)
    if args.case is not None:
        return replay(args.seed, args.case, args.memory_mb)
    summary = run(
        args.files,
        args.seed,
        args.jobs,
        args.timeout,
        args.cli_every,
        args.memory_mb,
        args.out,
        args.start,
    )
    print(
        f"fuzz: {summary['files']} files (seed {summary['seed']}) in {summary['seconds']} s: "
        f"{summary['tracebacks']} tracebacks, {summary['hangs']} hangs, {summary['bad_output']} bad outputs, "
        f"{len(summary['signatures'])} distinct signatures; {args.out / 'summary.json'}"
    )
    for s in summary["signatures"]:
        print(
            f"  {s['files']:6d} files  {s['kind']:10s} {s['signature']}  [{', '.join(s['commands'])}] e.g. case {s['cases'][0]}"
        )
    return 1 if summary["signatures"] else 0


if __name__ == "__main__":
    sys.exit(main())
