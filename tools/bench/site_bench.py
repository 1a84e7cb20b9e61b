"""Benchmark of ``smm site`` against Hugo building the same posts, in the same run.

    python tools/bench/site_bench.py [--posts N] [--out DIR] [--repeat N] [--keep]

Generates the reference corpus (tools/bench/corpus.py, a git repository), then times, each
``--repeat`` times, as separate processes (wall time and peak RSS from ``os.wait4``):

* ``hugo`` building the corpus into a site (tools/bench/hugo_site.py: into tmpfs, the anchor);
* ``smm site`` cold: no site, no lint cache (``.smm-cache/`` and the output removed);
* ``smm site`` after 5 posts' bodies changed on disk (the rebuild must rewrite those 5 pages).

Targets (the issue's): cold at most 1.0 x Hugo, the rebuild at most 0.1 x Hugo, peak memory at
most Hugo's. Prints a table and writes it as JSON to ``--out``/site-bench.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
from measure import Measurement, Run, measure

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-12-01T09:00:00+03:00"
TARGETS = {"site cold": 1.0, "site 5 changed": 0.1}


def pages_written(run: Run, log: Path) -> str:
    """The build's own summary line; flags a crash."""
    text = log.read_text(encoding="utf-8", errors="replace").strip()
    last = (text.splitlines() or [""])[-1][:160]
    if run.returncode != 0 or "Traceback" in text:
        return f"CRASH: {last}"
    return last.removeprefix("smm site: ")


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
    hugo, *_ = hugo_site.bench("hugo", root, out, ns.repeat)
    site = out / "smm-site"
    smm = [sys.executable, "-m", "smm", "site", "--out", str(site), "--now", NOW]

    def cold(_: int) -> str:
        shutil.rmtree(root / ".smm-cache", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        return ""

    found = [hugo, measure("site cold", smm, root, out, ns.repeat, cold, ok=pages_written)]
    found.append(
        measure(
            "site 5 changed",
            smm,
            root,
            out,
            ns.repeat,
            lambda i: f"edited {len(edit_five(root, ns.seed + i))} posts",
            ok=pages_written,
        )
    )
    rows = report(found)
    (out / "site-bench.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if not ns.keep:
        for path in (root, site):
            shutil.rmtree(path, ignore_errors=True)
        hugo_site.remove(out)
    return 0 if all(r.get("pass", True) for r in rows) else 1


def report(found: list[Measurement]) -> list[dict[str, object]]:
    """The table: median, best, peak memory, ratio to Hugo's median and the target."""
    anchor = found[0]
    rows: list[dict[str, object]] = []
    print(f"\n{'':16}{'median s':>10}{'best s':>9}{'peak MB':>9}{'x hugo':>8}  target")
    for m in found:
        if m.skipped:
            print(f"{m.name:16}skipped: {m.skipped}")
            rows.append({"name": m.name, "skipped": m.skipped})
            continue
        row: dict[str, object] = {
            "name": m.name,
            "median_s": m.median,
            "best_s": m.best,
            "peak_mb": m.peak_mb,
            "notes": [r.note for r in m.runs],
        }
        target = TARGETS.get(m.name)
        if target is not None and not anchor.skipped:
            ratio = round(m.median / anchor.median, 2)
            fits = ratio <= target and (m.name != "site cold" or m.peak_mb <= anchor.peak_mb)
            row.update(ratio=ratio, target=target, pass_=fits)
            row["pass"] = row.pop("pass_")
        rows.append(row)
        print(
            f"{m.name:16}{m.median:>10.3f}{m.best:>9.3f}{m.peak_mb:>9.0f}"
            f"{row.get('ratio', ''):>8}  {'<= ' + str(target) if target else ''}"
            f" {'PASS' if row.get('pass') else 'FAIL' if 'pass' in row else ''}"
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
