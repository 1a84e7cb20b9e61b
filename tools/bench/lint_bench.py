"""Benchmark of ``smm lint`` against the targets in docs/design.md#targets, anchored on Hugo.

    python tools/bench/lint_bench.py [--posts N] [--out DIR] [--keep] [--scale-check]

Generates the reference corpus (tools/bench/corpus.py) as a git repository, then times,
each ``--repeat`` times, as separate processes (wall time, CPU time and peak RSS from
``os.wait4``, i.e. per child, the number ``/usr/bin/time -v`` reports):

* ``hugo`` building the same posts into a site (tools/bench/hugo_site.py), cold;
* the naive python-frontmatter + Python-Markdown loop (tools/bench/naive.py);
* ``smm lint --now NOW --format json``: cold (``.smm-cache/`` removed), with no cache
  at all (``SMM_CACHE=0``, plus ``--no-cache`` when ``smm lint --help`` offers it), warm (nothing changed)
  and after 5 posts' bodies were edited on disk (one edit breaks X's length limit, and
  the run must report that file, so a stale cache cannot pass for a fast one).

Prints a table with the ratios to Hugo's build and the targets, and writes it as JSON to
``--out`` (default bench-out/, git-ignored). ``--scale-check`` also lints a corpus of
10 x N posts cold and checks the linearity bound of docs/design.md#targets (10 x the posts in <= 10 x the time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
from measure import Measurement, Run, measure, run_measured

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-12-01T09:00:00+03:00"
TARGETS = {"lint cold": 1.0, "lint no cache": 1.0, "lint warm": 0.1, "lint 5 changed": 0.15}
MEMORY_TARGET = 0.25
LONG_LINE = "Очень длинная строка, которая не влезет в пост для X. " * 6


def lint_check(run: Run, log: Path) -> str:
    """Findings count from ``--format json`` output; flag a crash (exit code other than 0/1)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    last = (text.strip().splitlines() or [""])[-1][:120]
    if run.returncode not in (0, 1) or "Traceback (most recent call last)" in text:
        return f"CRASH: {last}"
    try:
        data = json.loads(text)
    except ValueError:
        return f"CRASH: output is not JSON: {last}"
    found = data if isinstance(data, list) else data.get("findings", [])
    return f"{len(found)} findings"


def edit_posts(posts: list[Path], rng: random.Random, edited: set[Path], round_: int) -> Path:
    """Append a line to the body of 5 posts not edited before; the first (an X post) too long."""
    fresh = [p for p in posts if p not in edited]
    x_post = next(p for p in fresh if "x" in p.read_text(encoding="utf-8").split("\n", 2)[1])
    chosen = [x_post, *rng.sample([p for p in fresh if p != x_post], 4)]
    for k, path in enumerate(chosen):
        line = LONG_LINE if k == 0 else f"Обновлено {round_}-{k}: {rng.getrandbits(40):x} ✨"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        edited.add(path)
    return x_post


def smm_command(explicit: str | None) -> str | None:
    """The ``smm`` executable: --smm, else the one beside this Python, else on PATH."""
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "smm"
    return str(beside) if beside.exists() else shutil.which("smm")


def bench_lint(
    smm: str, root: Path, out: Path, ns: argparse.Namespace, posts: list[Path]
) -> list[Measurement]:
    """Cold, no-cache, warm and 5-changed runs of ``smm lint`` over the corpus at ``root``."""
    cmd = [smm, "lint", "--now", ns.now, "--format", "json"]
    env = {k: v for k, v in os.environ.items() if k not in ("SMM_CACHE", "SMM_NOW")}
    helptext = subprocess.run([smm, "lint", "--help"], capture_output=True, text=True).stdout
    cache = root / ".smm-cache"

    def drop_cache(_: int) -> str:
        shutil.rmtree(cache, ignore_errors=True)
        return ""

    found = [measure("lint cold", cmd, root, out, ns.repeat, drop_cache, env, lint_check)]
    # the cache switched off altogether (neither read nor written), not merely empty
    flag = ["--no-cache"] if "--no-cache" in helptext else []
    found.append(
        measure(
            "lint no cache",
            cmd + flag,
            root,
            out,
            ns.repeat,
            drop_cache,
            {**env, "SMM_CACHE": "0"},
            lint_check,
        )
    )
    run_measured(cmd, root, out / "lint-warmup.log", env)  # leave a cache for the warm runs
    found.append(measure("lint warm", cmd, root, out, ns.repeat, None, env, lint_check))
    rng, edited, sentinel = random.Random(ns.seed), set(), {}

    def change(i: int) -> str:
        sentinel["path"] = edit_posts(posts, rng, edited, i).relative_to(root).as_posix()
        return ""

    def seen(run: Run, log: Path) -> str:
        hit = sentinel["path"] in log.read_text(encoding="utf-8", errors="replace")
        return lint_check(run, log) + ("" if hit else f"; MISSED edited {sentinel['path']}")

    found.append(measure("lint 5 changed", cmd, root, out, ns.repeat, change, env, seen))
    return found


def table(results: list[Measurement], hugo: Measurement | None) -> list[dict]:
    """Rows of the report (also the JSON), with ratios to Hugo's median time and peak memory."""
    rows = []
    for m in results:
        row: dict = {"measurement": m.name, "skipped": m.skipped}
        if m.runs:
            row |= {
                "median_s": m.median,
                "min_s": m.best,
                "peak_mb": m.peak_mb,
                "cpu_s": statistics.median(r.cpu_seconds for r in m.runs),
                "runs": [asdict(r) for r in m.runs],
            }
            if hugo and hugo.runs:
                row |= {
                    "x_hugo_time": round(m.median / hugo.median, 3),
                    "x_hugo_mem": round(m.peak_mb / hugo.peak_mb, 3),
                }
                if m.name in TARGETS:
                    row |= {
                        "target_time": TARGETS[m.name],
                        "target_mem": MEMORY_TARGET,
                        "pass": row["x_hugo_time"] <= TARGETS[m.name]
                        and row["x_hugo_mem"] <= MEMORY_TARGET
                        and not any("MISSED" in r.note or "CRASH" in r.note for r in m.runs),
                    }
        rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    """The human-readable report."""
    head = (
        f"{'measurement':<18}{'median s':>9}{'min s':>8}{'cpu s':>7}{'peak MB':>8}{'x Hugo t':>9}"
        f"{'target':>8}{'x Hugo mem':>11}{'target':>8}  result"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        if r["skipped"]:
            print(f"{r['measurement']:<18}  skipped: {r['skipped']}")
            continue
        verdict = {True: "PASS", False: "FAIL"}.get(r.get("pass"), "")
        print(
            f"{r['measurement']:<18}{r['median_s']:>9.3f}{r['min_s']:>8.3f}{r['cpu_s']:>7.2f}"
            f"{r['peak_mb']:>8.0f}"
            f"{r.get('x_hugo_time', float('nan')):>9.2f}{r.get('target_time', ''):>8}"
            f"{r.get('x_hugo_mem', float('nan')):>11.2f}{r.get('target_mem', ''):>8}  {verdict}"
        )


def make_corpus(out: Path, posts: int, seed: int) -> corpus_mod.Corpus:
    """A fresh corpus under ``out``; prints how long generating it took."""
    root = out / f"corpus-{posts}"
    shutil.rmtree(root, ignore_errors=True)
    start = time.perf_counter()
    made = corpus_mod.generate(root, posts, seed)
    print(
        f"corpus: {posts} posts in {root} ({time.perf_counter() - start:.1f} s, "
        f"commit {made.commit[:12]})",
        flush=True,
    )
    return made


def scale_check(ns: argparse.Namespace, smm: str | None, out: Path, small: Measurement) -> dict:
    """Cold lint at 10 x N; the ratio of medians must stay <= 10 (docs/design.md#targets)."""
    if not smm or not small.runs:
        return {"skipped": "smm lint not available"}
    big = make_corpus(out, ns.posts * 10, ns.seed)
    cmd = [smm, "lint", "--now", ns.now, "--format", "json"]
    m = measure(
        "lint cold 10x",
        cmd,
        big.root,
        out,
        ns.repeat,
        lambda _: shutil.rmtree(big.root / ".smm-cache", ignore_errors=True) or "",
        None,
        lint_check,
    )
    ratio = round(m.median / small.median, 2)
    print(
        f"\nscale: {ns.posts} -> {ns.posts * 10} posts: {small.median:.3f} s -> "
        f"{m.median:.3f} s = {ratio} x (target <= 10) {'PASS' if ratio <= 10 else 'FAIL'}"
    )
    if not ns.keep:
        shutil.rmtree(big.root, ignore_errors=True)
    return {
        "posts": ns.posts * 10,
        "median_s": m.median,
        "min_s": m.best,
        "peak_mb": m.peak_mb,
        "ratio": ratio,
        "target": 10,
        "pass": ratio <= 10,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000, help="posts in the corpus (10000)")
    p.add_argument("--out", type=Path, default=REPO / "bench-out", help="results and corpus")
    p.add_argument("--keep", action="store_true", help="keep the corpus and Hugo site")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (3)")
    p.add_argument("--now", default=NOW, help=f"pinned clock for smm lint ({NOW})")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--smm", help="smm executable (default: beside this Python, else PATH)")
    p.add_argument("--hugo", default="hugo")
    p.add_argument("--scale-check", action="store_true", help="also lint 10 x --posts cold")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a target is missed, 0 otherwise."""
    ns = parse_args(argv)
    out = ns.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    made = make_corpus(out, ns.posts, ns.seed)
    hugo, *hugo_info = hugo_site.bench(ns.hugo, made.root, out, ns.repeat)
    results = [
        hugo,
        *hugo_info,
        measure(
            "naive baseline",
            [sys.executable, str(Path(__file__).with_name("naive.py")), str(made.root)],
            made.root,
            out,
            ns.repeat,
        ),
    ]
    smm = smm_command(ns.smm)
    if smm and Path(smm).exists():
        results += bench_lint(smm, made.root, out, ns, made.posts)
    else:
        smm = None
        results.append(Measurement("smm lint", skipped="no smm command (pip install -e .)"))
    rows = table(results, hugo)
    print_table(rows)
    report = {
        "posts": ns.posts,
        "seed": ns.seed,
        "now": ns.now,
        "commit": made.commit,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": rows,
    }
    if ns.scale_check:
        cold = next((m for m in results if m.name == "lint cold"), Measurement("none"))
        report["scale"] = scale_check(ns, smm, out, cold)
    path = out / f"lint-bench-{ns.posts}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {path}")
    if not ns.keep:
        shutil.rmtree(made.root, ignore_errors=True)
        hugo_site.remove(out)
    passed = [r["pass"] for r in rows if "pass" in r] + [report.get("scale", {}).get("pass", True)]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
