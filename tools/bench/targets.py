"""Every figure of the performance targets (docs/performance.md) against Hugo, in one run.

    python tools/bench/targets.py [--posts N] [--repeat N] [--same-as REF] [--agency] [--out DIR]

One run, on one machine, so every ratio compares figures taken minutes apart under the same load
(the machine's load average is printed before and after):

* Hugo building the 10,000-post corpus into tmpfs: the anchor (tools/bench/hugo_site.py);
* ``smm lint`` cold, with no cache, warm, after 5 changed posts, and its peak memory
  (tools/bench/lint_bench.py), then ``smm lint --changed-from HEAD`` over those 5 in a checkout
  with no cache (a pull request's lint in CI);
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
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
import lint_bench
from measure import Measurement, measure

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


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def child_env() -> dict[str, str]:
    """This environment without what would make the children unlike an installed smm's runs."""
    drop = ("SMM_CACHE", "SMM_NOW", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in drop}


def changed_from(smm: str, root: Path, out: Path, ns: argparse.Namespace) -> Measurement:
    """``smm lint --changed-from HEAD`` with no cache, the 5 edited posts uncommitted."""
    cmd = [smm, "lint", "--now", ns.now, "--format", "json", "--changed-from", "HEAD"]
    return measure(
        "lint --changed-from, no cache",
        cmd,
        root,
        out,
        ns.repeat,
        lambda _: shutil.rmtree(root / ".smm-cache", ignore_errors=True) or "",
        child_env(),
        lint_bench.lint_check,
    )


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


def agency(smm: str, out: Path, ns: argparse.Namespace, small: Measurement) -> dict:
    """100 brands and 10 x N posts: lint cold, warm, one brand's planning, the site build."""
    posts = ns.posts * 10
    root = out / f"agency-{posts}"
    shutil.rmtree(root, ignore_errors=True)
    corpus_mod.generate(root, posts, ns.seed, brands=100)
    print(f"agency corpus: 100 brands, {posts} posts in {root}", flush=True)
    env, lint = child_env(), [smm, "lint", "--now", ns.now, "--format", "json"]
    drop = lambda _: shutil.rmtree(root / ".smm-cache", ignore_errors=True) or ""  # noqa: E731
    repeat = min(ns.repeat, 3)  # a cold run of 100,000 posts takes a while
    rows = [measure("agency lint cold", lint, root, out, repeat, drop, env)]
    rows.append(measure("agency lint warm", lint, root, out, repeat, None, env))
    plan = [smm, "publish", "--dry-run", "--brand", "b7", "--now", ns.now]
    rows.append(measure("agency publish --dry-run b7", plan, root, out, repeat, None, env))
    helptext = subprocess.run([smm, "--help"], capture_output=True, text=True).stdout
    if " site " in helptext:
        rows.append(measure("agency site", [smm, "site"], root, out, 1, None, env))
    else:
        rows.append(Measurement("agency site", skipped="no `smm site` in this smm"))
    growth = rows[0].median / small.median if small.runs and rows[0].runs else float("nan")
    if not ns.keep:
        shutil.rmtree(root, ignore_errors=True)
    return {"rows": rows, "growth": round(growth, 2)}


def startup(smm: str, out: Path, ns: argparse.Namespace) -> dict:
    """publish_bench's start-up rows (it builds its own corpus and times Hugo on it)."""
    import publish_bench

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # its children inherit this environment
    return publish_bench.bench_startup(smm, out, ns.posts, ns.seed, ns.repeat, ns.hugo)


def report(rows: list[tuple[str, float | None, float | None, float | None, str]]) -> bool:
    """Print figure, median, spread, ratio to Hugo and target; True when every target is met."""
    head = f"{'figure':<36}{'median':>9}{'spread':>16}{'x Hugo':>8}{'target':>9}  result"
    print("\n" + head + "\n" + "-" * len(head))
    ok = True
    for name, median, ratio, target, spread in rows:
        verdict = "" if target is None or ratio is None else "PASS" if ratio <= target else "FAIL"
        ok &= verdict != "FAIL"
        cells = f"{median:>9.3f}" if median is not None else f"{'-':>9}"
        cells += f"{spread:>16}" + (f"{ratio:>8.2f}" if ratio is not None else f"{'-':>8}")
        cells += f"{'<= ' + str(target) if target is not None else '':>9}"
        print(f"{name:<36}{cells}  {verdict}")
    return ok


def spread(m: Measurement) -> str:
    return f"{min(r.seconds for r in m.runs):.2f}-{max(r.seconds for r in m.runs):.2f} s"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=5, help="runs per measurement (5)")
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
    if not smm:
        print("no smm command (pip install -e .)", file=sys.stderr)
        return 2
    print(f"load average before: {load_average()}", flush=True)
    made = lint_bench.make_corpus(out, ns.posts, ns.seed)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # lint_bench's children inherit os.environ
    subprocess.run([smm, "--version"], capture_output=True, check=False)  # compile once, untimed
    hugo, *_ = hugo_site.bench(ns.hugo, made.root, out, ns.repeat)
    if not hugo.runs:
        print(f"hugo: {hugo.skipped}", file=sys.stderr)
        return 2
    lint = {m.name: m for m in lint_bench.bench_lint(smm, made.root, out, ns, made.posts)}
    lint["lint --changed-from, no cache"] = changed_from(smm, made.root, out, ns)
    rows: list[tuple[str, float | None, float | None, float | None, str]] = [
        ("hugo build (tmpfs): the anchor", hugo.median, 1.0, None, spread(hugo))
    ]
    for name, m in lint.items():
        rows.append((name, m.median, m.median / hugo.median, TARGETS.get(name), spread(m)))
    memory = max(m.peak_mb for m in lint.values())
    rows.append(("lint peak memory (MB)", memory, memory / hugo.peak_mb, MEMORY_TARGET, ""))
    findings = same_findings(ns.same_as, made.root, made.posts, ns) if ns.same_as else {}
    if not ns.no_startup:
        for row in startup(smm, out, ns)["rows"]:
            target = (
                STARTUP_TARGET
                if "CI" in row["measurement"] and "first" in row["measurement"]
                else None
            )
            rows.append(
                ("publish " + row["measurement"], row["median_s"], row.get("x_hugo"), target, "")
            )
    extra = agency(smm, out, ns, lint["lint cold"]) if ns.agency else None
    if extra:
        for m in extra["rows"]:
            rows.append(
                (
                    m.name,
                    m.median if m.runs else None,
                    m.median / hugo.median if m.runs else None,
                    None,
                    spread(m) if m.runs else m.skipped,
                )
            )
        rows.append(
            (f"growth {ns.posts} -> {ns.posts * 10} posts (x)", extra["growth"], None, None, "")
        )
    ok = report(rows)
    if extra:
        grew = extra["growth"] <= GROWTH_TARGET
        ok &= grew
        print(
            f"lint cold grows {extra['growth']} x for 10 x the posts (target <= {GROWTH_TARGET}): {'PASS' if grew else 'FAIL'}"
        )
    for name, f in findings.items():
        ok &= f["equal"]
        print(
            f"findings on the {name}: {f['findings']}, byte-equal to {ns.same_as}: {'PASS' if f['equal'] else 'FAIL'}"
        )
    print(f"load average after: {load_average()}")
    (out / "targets.json").write_text(
        json.dumps({"rows": rows, "findings": findings}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    if not ns.keep:
        shutil.rmtree(made.root, ignore_errors=True)
        hugo_site.remove(out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
