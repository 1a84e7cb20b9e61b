"""Every figure of the performance targets (docs/performance.md) against Hugo, in one run.

    python tools/bench/targets.py [--posts N] [--repeat N] [--same-as REF] [--agency] [--out DIR]

On a shared machine the load changes from minute to minute, so the lint figures are taken in
rounds: each round builds the Hugo site of the 10,000-post corpus into tmpfs (the anchor,
tools/bench/hugo_site.py) and then runs every lint figure right after it; a figure's ratio is the
median over rounds of its run divided by that round's Hugo build. The load average is printed
before and after. Each round:

* ``smm lint`` cold (no .smm-cache/), with no cache at all (SMM_CACHE=0), warm (nothing changed),
  after 5 changed posts (one breaks X's limit and must be reported: tools/bench/lint_bench.py),
  then ``smm lint --changed-from HEAD`` with no cache (a pull request's lint in CI's fresh clone);
* the peak memory of every lint run against Hugo's;
* ``smm publish``'s start-up in a fresh clone with the cache restored
  (tools/bench/publish_bench.py's start-up, which times Hugo on its own copy of the corpus);
* ``--same-as REF``: the findings of smm at git revision REF and of this checkout, on the
  repository's example posts and on the corpus with a few hundred posts broken in every way the
  checks know and written in Markdown outside the fast path's subset; they must be byte-equal;
* ``--agency``: a repository of 100 brands and 10 x N posts: lint cold and warm, one brand's
  publish planning (``smm publish --dry-run --brand b7``), the site build when ``smm site``
  exists, and the growth of a cold lint from N to 10 x N posts (target: at most 10 x).

The child processes run without PYTHONDONTWRITEBYTECODE, as an installed smm does: with it set,
every run compiles smm's modules from source again (0.2 s, most of a warm run).
Exit 1 when a target is missed or the findings differ.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
import lint_bench
from measure import Run, run_measured

REPO = Path(__file__).resolve().parents[2]
TARGETS = {"lint cold": 1.0, "lint warm": 0.1, "lint 5 changed": 0.15}
MEMORY_TARGET, STARTUP_TARGET, GROWTH_TARGET = 0.25, 0.3, 10.0
BREAKAGES = (
    ("network: [", "network: [telegramm, "),  # an unknown network
    ("\n---\n", "\ntiem: 2027-01-01\n---\n"),  # an unknown key
    (
        "\n---\n",
        "\nhashtags: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v]\n---\n",
    ),
    ("\n---\n", "\n---\n# Заголовок\n\n- пункт _один_\n- пункт `два`\n\n> цитата\n\n"),
    ("\n---\n", "\n---\n" + "Очень длинная строка для X и всех. " * 40 + "\n"),
    ("src: assets/", "src: assets/missing-"),
    ("time: 2027", "time: 2026"),
    (
        "\n---\n",
        "\n---\nКупите! Скидка **50%** на всё, реклама [тут](https://x.example/a_b) &amp; ещё\n",
    ),
)


class Row(NamedTuple):
    """One line of the report."""

    name: str
    median: float | None
    spread: str  # the fastest and slowest run
    ratio: float | None  # median of each run's ratio to the Hugo build of its round
    ratio_spread: str
    target: float | None


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def child_env() -> dict[str, str]:
    """This environment without what would make the children unlike an installed smm's runs."""
    drop = ("SMM_CACHE", "SMM_NOW", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in drop}


class Figures:
    """Runs of each figure, and each run's ratio to the Hugo build of the same round."""

    def __init__(self) -> None:
        self.runs: dict[str, list[Run]] = {}
        self.ratios: dict[str, list[float]] = {}

    def add(self, name: str, run: Run, hugo: Run | None) -> None:
        self.runs.setdefault(name, []).append(run)
        if hugo is not None:
            self.ratios.setdefault(name, []).append(run.seconds / hugo.seconds)
        print(
            f"  {name}: {run.seconds:.3f} s, {run.peak_mb:.0f} MB, rc {run.returncode} {run.note}"
        )

    def row(self, name: str, target: float | None) -> Row:
        runs = self.runs[name]
        times = [r.seconds for r in runs]
        ratios = self.ratios.get(name)
        return Row(
            name,
            statistics.median(times),
            f"{min(times):.2f}-{max(times):.2f} s",
            statistics.median(ratios) if ratios else None,
            f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "",
            target,
        )


def rounds(smm: str, root: Path, posts: list[Path], out: Path, ns: argparse.Namespace) -> Figures:
    """``ns.repeat`` rounds of: Hugo's build, then each lint figure right after it, so that each
    ratio compares two runs seconds apart (the machine's load changes from minute to minute)."""
    hugo = shutil.which(ns.hugo)
    site, shm = out / "hugo-site", Path("/dev/shm")
    dest = Path(tempfile.mkdtemp(prefix="smm-bench-hugo-", dir=shm if shm.is_dir() else out))
    print(f"hugo site: {hugo_site.make_site(root, site)} posts", flush=True)
    figures, env = Figures(), child_env()
    lint = [smm, "lint", "--now", ns.now, "--format", "json"]
    rng, edited = random.Random(ns.seed), set[Path]()
    cache = root / ".smm-cache"
    for i in range(ns.repeat):
        anchor = None
        if hugo:
            hugo_site.clean(site, dest)
            anchor = run_measured(hugo_site.build_command(hugo, site, dest), out, out / "hugo.log")
            figures.add("hugo build (tmpfs): the anchor", anchor, anchor)
        shutil.rmtree(cache, ignore_errors=True)
        figures.add("lint cold", _lint(lint, root, out, env), anchor)
        figures.add("lint no cache", _lint(lint, root, out, {**env, "SMM_CACHE": "0"}), anchor)
        figures.add("lint warm", _lint(lint, root, out, env), anchor)
        sentinel = lint_bench.edit_posts(posts, rng, edited, i).relative_to(root).as_posix()
        figures.add("lint 5 changed", _lint(lint, root, out, env, sentinel), anchor)
        shutil.rmtree(cache, ignore_errors=True)  # a pull request's CI: a fresh clone, no cache
        changed = [*lint, "--changed-from", "HEAD"]
        figures.add(
            "lint --changed-from, no cache", _lint(changed, root, out, env, sentinel), anchor
        )
    hugo_site.clean(site, dest)
    shutil.rmtree(dest, ignore_errors=True)
    return figures


def _lint(cmd: list[str], root: Path, out: Path, env: dict[str, str], sentinel: str = "") -> Run:
    """One measured lint; its note says how many findings, and whether ``sentinel`` was among them."""
    log = out / "lint.log"
    run = run_measured(cmd, root, log, env)
    run.note = lint_bench.lint_check(run, log)
    if sentinel and sentinel not in log.read_text(encoding="utf-8", errors="replace"):
        run.note += f"; MISSED {sentinel}"
    return run


def break_posts(posts: list[Path], seed: int, count: int = 400) -> None:
    """Break ``count`` posts, each in one of the BREAKAGES, in turn."""
    rng = random.Random(seed)
    for n, path in enumerate(rng.sample(posts, min(count, len(posts)))):
        old, new = BREAKAGES[n % len(BREAKAGES)]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings_of(code: Path | None, root: Path, now: str) -> bytes:
    """``smm lint --format json`` output on ``root``, cold, by the smm under ``code`` (this one
    when None)."""
    env = {**child_env(), "SMM_CACHE": "0"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    cmd = [sys.executable, "-m", "smm", "lint", "--now", now, "--format", "json"]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, check=False).stdout


def same_findings(ref: str, corpus_root: Path, posts: list[Path], ns: argparse.Namespace) -> dict:
    """Byte-compare the findings of smm at ``ref`` and of this checkout."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", ref, "tools/smm"], cwd=REPO, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        old = Path(tmp) / "tools"
        break_posts(posts, ns.seed)
        result = {}
        for name, root, now in (
            ("examples", REPO, "2027-03-01T09:00:00Z"),  # after their dates: time/past too
            ("corpus", corpus_root, ns.now),
        ):
            before, after = findings_of(old, root, now), findings_of(None, root, now)
            count = len(json.loads(after or b"[]"))
            result[name] = {"findings": count, "equal": before == after and count > 0}
            print(f"  findings {name}: {count}, byte-equal to {ref}: {before == after}", flush=True)
    return result


def agency(smm: str, out: Path, ns: argparse.Namespace) -> list[Row]:
    """100 brands and 10 x N posts: lint cold, warm, one brand's planning, the site build."""
    posts = ns.posts * 10
    root = out / f"agency-{posts}"
    shutil.rmtree(root, ignore_errors=True)
    corpus_mod.generate(root, posts, ns.seed, brands=100)
    print(f"agency corpus: 100 brands, {posts} posts in {root}", flush=True)
    env, lint = child_env(), [smm, "lint", "--now", ns.now, "--format", "json"]
    figures, repeat = Figures(), min(ns.repeat, 3)  # a cold run of 100,000 posts takes a while
    plan = [smm, "publish", "--dry-run", "--brand", "b7", "--now", ns.now]
    helptext = subprocess.run([smm, "--help"], capture_output=True, text=True).stdout
    for _ in range(repeat):
        shutil.rmtree(root / ".smm-cache", ignore_errors=True)
        figures.add("agency: lint cold", _lint(lint, root, out, env), None)
        figures.add("agency: lint warm", _lint(lint, root, out, env), None)
        figures.add(
            "agency: publish --dry-run --brand b7",
            run_measured(plan, root, out / "plan.log", env),
            None,
        )
        if " site " in helptext:
            figures.add(
                "agency: smm site", run_measured([smm, "site"], root, out / "site.log", env), None
            )
    if not ns.keep:
        shutil.rmtree(root, ignore_errors=True)
    rows = [figures.row(name, None) for name in figures.runs]
    if " site " not in helptext:
        print("agency: no `smm site` in this smm: the site build is not measured")
    return rows


def startup(smm: str, out: Path, ns: argparse.Namespace) -> list[Row]:
    """publish_bench's start-up rows (it builds its own corpus and times Hugo on it)."""
    import publish_bench

    found = publish_bench.bench_startup(smm, out, ns.posts, ns.seed, ns.repeat, ns.hugo)
    rows = []
    for row in found["rows"]:
        name = "publish " + row["measurement"]
        target = STARTUP_TARGET if name == "publish warm, CI: first request" else None
        key = "first_request" if "first request" in name else "seconds"
        times = [r[key] for r in row["runs"] if r[key] is not None]
        spread = f"{min(times):.2f}-{max(times):.2f} s" if times else ""
        rows.append(Row(name, row["median_s"], spread, row.get("x_hugo"), "", target))
    return rows


def report(rows: list[Row]) -> bool:
    """Print each figure's median, spread, ratio to Hugo and target; True when all are met."""
    head = (
        f"{'figure':<38}{'median':>8}{'spread':>14}{'x Hugo':>8}{'spread':>12}{'target':>9}  result"
    )
    print("\n" + head + "\n" + "-" * len(head))
    ok = True
    for r in rows:
        verdict = (
            "" if r.target is None or r.ratio is None else "PASS" if r.ratio <= r.target else "FAIL"
        )
        ok &= verdict != "FAIL"
        median = f"{r.median:>8.3f}" if r.median is not None else f"{'-':>8}"
        ratio = f"{r.ratio:>8.3f}" if r.ratio is not None else f"{'':>8}"
        target = f"<= {r.target}" if r.target is not None else ""
        print(
            f"{r.name:<38}{median}{r.spread:>14}{ratio}{r.ratio_spread:>12}{target:>9}  {verdict}"
        )
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=5, help="rounds (5)")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--now", default=lint_bench.NOW)
    p.add_argument("--out", type=Path, default=REPO / "bench-out")
    p.add_argument("--hugo", default="hugo")
    p.add_argument("--smm", help="smm executable (default: beside this Python, else PATH)")
    p.add_argument("--same-as", metavar="REF", help="compare findings with smm at git REF")
    p.add_argument("--agency", action="store_true", help="also 100 brands and 10 x --posts")
    p.add_argument("--no-startup", action="store_true", help="leave out publish's start-up")
    p.add_argument("--keep", action="store_true", help="keep the corpora")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    ns = parse_args(argv)
    out = ns.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    smm = lint_bench.smm_command(ns.smm)
    if not smm or not shutil.which(ns.hugo):
        print("needs smm (pip install -e .) and hugo (apt-get install hugo)", file=sys.stderr)
        return 2
    print(f"load average before: {load_average()}", flush=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the children inherit os.environ
    subprocess.run([smm, "--version"], capture_output=True, check=False)  # compile once, untimed
    made = lint_bench.make_corpus(out, ns.posts, ns.seed)
    figures = rounds(smm, made.root, made.posts, out, ns)
    rows = [figures.row(name, TARGETS.get(name)) for name in figures.runs]
    hugo_mb = max(r.peak_mb for r in figures.runs["hugo build (tmpfs): the anchor"])
    lint_mb = max(
        r.peak_mb for name, runs in figures.runs.items() if name.startswith("lint") for r in runs
    )
    rows.append(
        Row(
            "lint peak memory (MB)",
            lint_mb,
            "",
            lint_mb / hugo_mb,
            f"Hugo {hugo_mb:.0f} MB",
            MEMORY_TARGET,
        )
    )
    missed = [
        r.note
        for runs in figures.runs.values()
        for r in runs
        if "MISSED" in r.note or "CRASH" in r.note
    ]
    findings = same_findings(ns.same_as, made.root, made.posts, ns) if ns.same_as else {}
    if not ns.no_startup:
        rows += startup(smm, out, ns)
    if ns.agency:
        big = agency(smm, out, ns)
        rows += big
        growth = big[0].median / figures.row("lint cold", None).median
        rows.append(
            Row(f"growth {ns.posts} -> {ns.posts * 10} posts, cold", growth, "", None, "", None)
        )
    ok = report(rows) and not missed
    if ns.agency:
        grew = growth <= GROWTH_TARGET
        ok &= grew
        print(
            f"lint cold grows {growth:.2f} x for 10 x the posts (target <= {GROWTH_TARGET:g}): {'PASS' if grew else 'FAIL'}"
        )
    for name, f in findings.items():
        ok &= f["equal"]
        print(
            f"findings on the {name}: {f['findings']}, byte-equal to {ns.same_as}: {'PASS' if f['equal'] else 'FAIL'}"
        )
    for note in missed:
        print(f"FAIL: {note}")
    print(f"load average after: {load_average()}")
    document = {"rows": [r._asdict() for r in rows], "findings": findings, "posts": ns.posts}
    (out / "targets.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if not ns.keep:
        shutil.rmtree(made.root, ignore_errors=True)
        hugo_site.remove(out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
