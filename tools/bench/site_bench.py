"""Benchmark of ``smm site`` against Hugo building the same posts, in the same run.

    python tools/bench/site_bench.py [--posts N] [--out DIR] [--repeat N] [--keep]

Generates the reference corpus (tools/bench/corpus.py, a git repository), then times, each
``--repeat`` times, as separate processes (wall time and peak RSS from ``os.wait4``):

* ``hugo`` building the corpus into a site (tools/bench/hugo_site.py: into tmpfs, the anchor);
* ``smm site`` cold: no site, no lint cache (``.smm-cache/`` and the output removed), into a
  folder on disk and (like Hugo's anchor) into tmpfs;
* ``smm site`` cold with the lint cache warm (only the site and its thumbnail cache removed);
* ``smm site`` after 5 posts' bodies changed on disk: it must write those 5 pages and the pages
  listing them (their months, campaigns and home: at most 16), no other;
* ``smm lint`` alone, cold and (last) after 5 other posts changed: the part of each build that shows
  every post's findings, which no site build can go below (the lint's own targets: 1.0 x and
  0.15 x).

smm's peak memory is its whole process tree's (the pool's workers too: tree_memory.py), the
summed RSS, with the PSS in the notes. Targets (the issue's): cold at most 1.0 x Hugo, the
rebuild at most 0.1 x Hugo, peak memory at most Hugo's. Prints a table (and the load average
before each run) and writes it as JSON to ``--out``/site-bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
from measure import SLUG, Measurement, Run
from tree_memory import run_tree

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-12-01T09:00:00+03:00"
TARGETS = {
    "site cold": 1.0,
    "site cold, tmpfs": 1.0,
    "site cold, lint warm": 1.0,
    "site 5 changed": 0.1,
    "lint cold": 1.0,
    "lint 5 changed": 0.15,
}
DEPENDENT_MAX = 16  # 5 posts, each with its month and campaign pages, and home


def pages_written(run: Run, log: Path) -> str:
    """The build's own summary line; flags a crash."""
    text = log.read_text(encoding="utf-8", errors="replace").strip()
    last = (text.splitlines() or [""])[-1][:160]
    if run.returncode != 0 or "Traceback" in text:
        return f"CRASH: {last}"
    return last.removeprefix("smm site: ")


def only_dependents(run: Run, log: Path) -> str:
    """pages_written, flagging a rebuild that wrote more than the edited posts' pages."""
    note = pages_written(run, log)
    written = re.search(r"(\d+) written", note)
    if written and int(written.group(1)) > DEPENDENT_MAX:
        return f"TOO MANY PAGES: {note}"
    return note


def lint_summary(run: Run, log: Path) -> str:
    """The lint's summary line; flags a crash (exit 1 only says it found errors)."""
    text = log.read_text(encoding="utf-8", errors="replace").strip()
    last = (text.splitlines() or [""])[-1][:160]
    if run.returncode not in (0, 1) or "Traceback" in text:
        return f"CRASH: {last}"
    return last


def measure_tree(
    name: str,
    cmd: list[str],
    cwd: Path,
    out: Path,
    repeat: int,
    before: Callable[[int], str],
    ok: Callable[[Run, Path], str],
) -> Measurement:
    """As measure.measure, with the peak memory of the whole process tree."""
    m = Measurement(name)
    for i in range(repeat):
        note = before(i)
        load = os.getloadavg()[0]
        log = out / f"{SLUG.sub('-', name)}-{i}.log"
        run, pss = run_tree(cmd, cwd, log)
        run.note = "; ".join(
            filter(None, [note, ok(run, log), f"PSS {pss:.0f} MB, load {load:.1f}"])
        )
        m.runs.append(run)
        print(
            f"  {name} #{i + 1}: {run.seconds:.3f} s, {run.peak_mb:.0f} MB, rc {run.returncode}"
            f" ({run.note})",
            flush=True,
        )
    return m


def edit_five(root: Path, seed: int) -> list[str]:
    """Change the bodies of 5 posts on disk; the paths changed."""
    posts = sorted((root / "posts").rglob("*.md"))
    chosen = random.Random(seed).sample(posts, 5)
    for path in chosen:
        path.write_text(path.read_text(encoding="utf-8") + "\nЕщё строка.\n", encoding="utf-8")
    return [p.relative_to(root).as_posix() for p in chosen]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--out", type=Path, default=REPO / "bench-out")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--keep", action="store_true", help="keep the corpus, Hugo's site and ours")
    ns = p.parse_args(argv)
    out = ns.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    root = out / f"site-corpus-{ns.posts}"
    shutil.rmtree(root, ignore_errors=True)
    corpus_mod.generate(root, ns.posts, ns.seed)
    print(f"corpus: {ns.posts} posts in {root}", flush=True)
    print(f"load average before Hugo: {os.getloadavg()[0]:.1f}", flush=True)
    hugo, *_ = hugo_site.bench("hugo", root, out, ns.repeat)
    site = out / "smm-site"

    def smm_site(into: Path) -> list[str]:
        return [sys.executable, "-m", "smm", "site", "--out", str(into), "--now", NOW]

    smm = smm_site(site)
    lint = [sys.executable, "-m", "smm", "lint"]

    def cold(_: int) -> str:
        shutil.rmtree(root / ".smm-cache", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        return ""

    def cold_lint_warm(_: int) -> str:
        shutil.rmtree(root / ".smm-cache" / "thumbs", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        return ""

    # like for like: Hugo's anchor writes into tmpfs; creating 10,000 files on this VM's disk
    # costs about 0.3 ms each in the kernel, whoever writes them
    shm = (
        Path(tempfile.mkdtemp(prefix="smm-bench-site-", dir="/dev/shm"))
        if Path("/dev/shm").is_dir()
        else None
    )
    in_shm = smm_site(shm) if shm else smm

    def cold_shm(i: int) -> str:
        cold(i)
        if shm:
            shutil.rmtree(shm, ignore_errors=True)
        return ""

    found = [
        hugo,
        measure_tree("lint cold", lint, root, out, ns.repeat, cold, lint_summary),
        measure_tree("site cold", smm, root, out, ns.repeat, cold, pages_written),
        measure_tree("site cold, tmpfs", in_shm, root, out, ns.repeat, cold_shm, pages_written),
        measure_tree(
            "site cold, lint warm", smm, root, out, ns.repeat, cold_lint_warm, pages_written
        ),
        measure_tree(
            "site 5 changed",
            smm,
            root,
            out,
            ns.repeat,
            lambda i: f"edited {len(edit_five(root, ns.seed + i))} posts",
            only_dependents,
        ),
        measure_tree(
            "lint 5 changed",
            lint,
            root,
            out,
            ns.repeat,
            lambda i: f"edited {len(edit_five(root, ns.seed + 100 + i))} posts",
            lint_summary,
        ),
    ]
    rows = report(found)
    (out / "site-bench.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if not ns.keep:
        for path in (root, site, *([shm] if shm else [])):
            shutil.rmtree(path, ignore_errors=True)
        hugo_site.remove(out)
    return 0 if all(r.get("pass", True) for r in rows) else 1


def cpu(m: Measurement) -> float:
    """The median CPU seconds (user + system, the pool's workers included): what the load of
    other jobs on a shared machine changes least."""
    return round(statistics.median(r.cpu_seconds for r in m.runs), 2)


def spread(m: Measurement) -> float:
    """The slowest run minus the fastest."""
    return round(max(r.seconds for r in m.runs) - m.best, 3)


def report(found: list[Measurement]) -> list[dict[str, object]]:
    """The table: median, best, peak memory, ratio to Hugo's median and the target."""
    anchor = found[0]
    rows: list[dict[str, object]] = []
    print(
        f"\n{'':22}{'median s':>10}{'best s':>9}{'spread':>8}{'cpu s':>8}{'peak MB':>9}"
        f"{'x hugo':>8}  target"
    )
    for m in found:
        if m.skipped:
            print(f"{m.name:22}skipped: {m.skipped}")
            rows.append({"name": m.name, "skipped": m.skipped})
            continue
        row: dict[str, object] = {
            "name": m.name,
            "median_s": m.median,
            "best_s": m.best,
            "spread_s": spread(m),
            "cpu_s": cpu(m),
            "peak_mb": m.peak_mb,
            "notes": [r.note for r in m.runs],
        }
        target = TARGETS.get(m.name)
        if target is not None and not anchor.skipped:
            ratio = round(m.median / anchor.median, 2)
            fits = (
                ratio <= target
                and m.peak_mb <= anchor.peak_mb
                and not any(r.note.startswith(("CRASH", "TOO MANY")) for r in m.runs)
            )
            row.update(ratio=ratio, target=target, pass_=fits)
            row["pass"] = row.pop("pass_")
        rows.append(row)
        print(
            f"{m.name:22}{m.median:>10.3f}{m.best:>9.3f}{spread(m):>8.3f}{cpu(m):>8.1f}"
            f"{m.peak_mb:>9.0f}"
            f"{row.get('ratio', ''):>8}  {'<= ' + str(target) if target else ''}"
            f" {'PASS' if row.get('pass') else 'FAIL' if 'pass' in row else ''}"
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
