"""smm at another git revision against this checkout, run alternately on one corpus: ``smm lint``
warm, after 5 changed posts and cold.

    python tools/bench/lint_ab.py --base REF [--posts N] [--rounds N] [--out DIR]

On a shared machine the load drifts from minute to minute, so two sets of figures taken apart say
little about a change of a few percent; runs that alternate (base, this checkout, base, ...) on
the same corpus share the drift. The base is ``git archive REF tools/smm`` put first on
PYTHONPATH; both run as ``python -m smm`` without PYTHONDONTWRITEBYTECODE, as an installed smm
runs. Before each 5-changed run, 5 posts not edited before are edited as tools/bench/lint_bench.py
does (one X post over its limit). Prints the median and the fastest run of each.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lint_bench
from targets import child_env

REPO = Path(__file__).resolve().parents[2]
MODES = ("warm", "5 changed", "cold")


def _lint(code: Path, root: Path) -> float:
    """Seconds of one ``smm lint`` of ``root`` by the smm under ``code``."""
    env = {**child_env(), "PYTHONPATH": str(code)}
    cmd = [sys.executable, "-m", "smm", "lint", "--now", lint_bench.NOW]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=root, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def compare(
    base: Path, root: Path, posts: list[Path], rounds: int, seed: int
) -> dict[tuple[str, str], list[float]]:
    """Seconds of each mode, for "base" and "this", alternating. The two share .smm-cache/,
    whose key holds smm's code, so each run of the one is preceded by the runs that make its
    cache and answer again."""
    rng, edited = random.Random(seed), set[Path]()
    times: dict[tuple[str, str], list[float]] = {}
    codes = {"base": base, "this": REPO / "tools"}
    for mode in MODES:
        for i in range(rounds):
            for who, code in codes.items():
                if mode == "cold":
                    shutil.rmtree(root / ".smm-cache", ignore_errors=True)
                else:  # this smm's cache, then its answer
                    _lint(code, root)
                    _lint(code, root)
                if mode == "5 changed":
                    lint_bench.edit_posts(posts, rng, edited, i)
                times.setdefault((mode, who), []).append(_lint(code, root))
    return times


def base_code(ref: str, into: Path) -> Path:
    """smm's package at git revision ``ref`` (``git archive`` of tools/smm) under ``into``: the
    folder to put first on PYTHONPATH."""
    archive = subprocess.run(
        ["git", "archive", ref, "tools/smm"], cwd=REPO, capture_output=True, check=True
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "tools"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="the git revision to compare with")
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--out", type=Path, default=None, help="where the corpus goes (default: temp)")
    ns = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = ns.out or Path(tmp)
        base = base_code(ns.base, out / "base")
        made = lint_bench.make_corpus(out, ns.posts, ns.seed)
        times = compare(base, made.root, made.posts, ns.rounds, ns.seed)
    print(f"{'mode':<12}{'smm':<8}{'median s':>10}{'fastest s':>11}")
    for (mode, who), runs in times.items():
        print(f"{mode:<12}{who:<8}{statistics.median(runs):>10.3f}{min(runs):>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
