"""Benchmark of ``smm publish`` against the targets in docs/design.md#targets.

    python tools/bench/publish_bench.py [--out DIR] [--repeat N] [--only throughput|startup] [--keep]

(a) throughput: 100 due posts on Telegram and VK, sent to the sandbox with 100 ms of latency and
    the networks' real rate limits (Telegram 20 messages a minute per chat, VK 3 API requests a
    second per token). Two spreads of the same 100 posts:
      spread    5 brands x 20 posts, each post to Telegram and VK (200 publications): no chat
                goes over 20 a minute, so VK's 3 requests/s set the bound;
      minute    4 brands x 25 posts, each post to Telegram and VK: every chat has 5 posts more
                than a minute allows, so Telegram's window sets the bound (about 60 s).
    And one spread each for Mastodon, Bluesky, X, Facebook, Threads and LinkedIn (``mastodon``,
    ``bluesky``, ``x``, ``facebook``, ``threads``, ``linkedin``): 100 posts on that network, its
    limit in a shortened window of the sandbox, smm's own pace, or a real day that ends during
    the run (tools/bench/rate_bounds.py says which numbers and why).
    Every 4th post has one image (Telegram: sendPhoto; VK: getWallUploadServer, the upload,
    saveWallPhoto, wall.post). The bound: per account, the earliest its last answer can arrive
    when its calls go one after another (each takes the latency; an account's posts go out in
    order) and every window of the limit holds at most its count; accounts run in parallel, so
    the bound is the maximum over accounts. Target: wall time of `smm publish` <= 1.2 x bound.
(b) start-up: in the 10,000-post reference corpus (tools/bench/corpus.py, with token variables
    added to its brands, a bare origin, a fresh clone per run), the time from starting
    `smm publish` to the sandbox receiving its first request, with the lint cache cold (none) and
    warm (restored into the fresh clone, as actions/cache does), against Hugo's build of the
    same posts (tools/bench/hugo_site.py). Target: <= 0.3 x Hugo. `smm publish --dry-run` (the
    due scan alone, no git writes) is timed too, to show what the start-up is made of.

The sandbox runs in this process (smm.sandbox.Sandbox) and stamps each request's arrival with
the same clock that timed the child's start. Prints a table; writes bench-out/publish-bench.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
import hugo_site
import rate_bounds
from PIL import Image

import history as history_mod
from smm.sandbox import Sandbox
from smm.sandbox import server as sandbox_server
from smm.sandbox.files import FileServer

REPO = Path(__file__).resolve().parents[2]
LATENCY = 0.1
TG_PER_MINUTE, VK_PER_SECOND = 20, 3
THROUGHPUT_TARGET, STARTUP_TARGET = 1.2, 0.3
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


# --- the sandbox, with arrival times --------------------------------------------------------------


class Arrivals:
    """perf_counter() at the arrival of every API request (control calls excluded)."""

    def __init__(self) -> None:
        self.times: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.times.clear()

    def first(self) -> float | None:
        with self.lock:
            return min((t for t, _ in self.times), default=None)

    def last(self) -> float | None:
        with self.lock:
            return max((t for t, _ in self.times), default=None)


ARRIVALS = Arrivals()
_dispatch = sandbox_server._Handler._dispatch


def _stamped(self: Any) -> None:
    if not self.path.startswith("/_sandbox/"):
        with ARRIVALS.lock:
            ARRIVALS.times.append((time.perf_counter(), self.path.split("?")[0]))
    _dispatch(self)


sandbox_server._Handler._dispatch = _stamped


def smm_command() -> str:
    beside = Path(sys.executable).parent / "smm"
    found = str(beside) if beside.exists() else shutil.which("smm")
    if not found:
        sys.exit("no smm command: pip install -e . first")
    return found


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def publish_env(tokens: dict[str, str], api_base: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_", "GITHUB_"))}
    return {**env, **GIT_ENV, **tokens, "SMM_API_BASE": api_base}


@dataclass
class Timed:
    seconds: float
    first_request: float | None
    last_request: float | None
    returncode: int
    requests: int
    counts: dict[str, int] = field(default_factory=dict)
    note: str = ""


def run_publish(
    smm: str, cwd: Path, env: dict[str, str], now: str, log: Path, extra: tuple[str, ...] = ()
) -> Timed:
    """`smm publish --due --format json` in ``cwd``; wall time and the first request's arrival."""
    ARRIVALS.clear()
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [smm, "publish", "--due", "--now", now, "--format", "json", *extra],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
        )
        _, err = proc.communicate()
        seconds = time.perf_counter() - start
    first, last = ARRIVALS.first(), ARRIVALS.last()
    counts: dict[str, int] = {}
    note = ""
    try:
        counts = json.loads(log.read_text(encoding="utf-8"))["counts"]
    except (ValueError, KeyError):
        note = (
            "output is not JSON: "
            + (err.decode(errors="replace").strip().splitlines() or [""])[-1][:160]
        )
    return Timed(
        round(seconds, 3),
        round(first - start, 3) if first is not None else None,
        round(last - start, 3) if last is not None else None,
        proc.returncode,
        len(ARRIVALS.times),
        counts,
        note,
    )


# --- (a) throughput -------------------------------------------------------------------------------

SCENARIOS = {"spread": (5, 20), "minute": (4, 25)}  # brands x posts per brand, 100 posts each
NOW_A = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def calls_of(post_has_image: bool, network: str) -> list[bool]:
    """The HTTP calls one post makes on ``network``, in order; True where the rate limit counts it."""
    if network == "telegram":
        return [True]  # sendMessage or sendPhoto
    if post_has_image:
        return [
            True,
            False,
            True,
            True,
        ]  # getWallUploadServer, upload (not an API method), saveWallPhoto, wall.post
    return [True]  # wall.post


def account_bound(calls: list[bool], per: int, period: float, latency: float) -> float:
    """Earliest time the last answer arrives: calls one after another, each taking ``latency``,
    and no ``period``-long window holding more than ``per`` counted calls."""
    t, counted = 0.0, []
    for limited in calls:
        if limited and len(counted) >= per:
            t = max(t, counted[-per] + period)
        if limited:
            counted.append(t)
        t += latency
    return t


def pure_rate_bound(n: int, per: int, period: float, latency: float) -> float:
    """The rate limit alone (unlimited parallelism within the account): the last call's window."""
    return (n - 1) // per * period + latency if n else 0.0


def jpeg(path: Path, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1080, 1080), ((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256)).save(
        path, "JPEG", quality=80
    )


def make_throughput_repo(
    base: Path, brands: int, per_brand: int, spread: rate_bounds.Spread | None = None
) -> tuple[Path, dict[str, str], list[dict]]:
    """A content repository with ``brands`` brands (UTC, a Telegram chat and a VK wall each, or
    the ``spread``'s one account) and ``per_brand`` posts each, all due at NOW_A, pushed to a bare
    origin; returns the clone."""
    shutil.rmtree(base, ignore_errors=True)
    seed = base / "seed"
    tokens: dict[str, str] = {}
    posts: list[dict] = []
    for b in range(1, brands + 1):
        slug = f"brand{b}"
        tg, vk = f"BENCH_{slug.upper()}_TELEGRAM_TOKEN", f"BENCH_{slug.upper()}_VK_TOKEN"
        accounts = (
            f'  telegram: {{chat: "@bench_{slug}", token_env: {tg}}}\n'
            f"  vk: {{owner_id: -{b}, token_env: {vk}}}\n"
        )
        if spread is None:
            tokens[tg], tokens[vk] = f"{100000 + b}:benchTelegramToken{b}", f"vk1.a.benchVkToken{b}"
        else:
            accounts, secrets = spread.account(b, slug)
            tokens |= secrets
        (seed / "brands").mkdir(parents=True, exist_ok=True)
        (seed / "brands" / f"{slug}.yaml").write_text(
            f"name: Brand {b}\ntimezone: UTC\ncurrency: EUR\njurisdiction: DE\nlate_after: 2h\naccounts:\n"
            + accounts,
            encoding="utf-8",
        )
        networks = f"[{spread.network}]" if spread else "[telegram, vk]"
        for i in range(per_brand):
            when = NOW_A - timedelta(minutes=60) + timedelta(minutes=i * 50 // per_brand, seconds=b)
            image = i % 4 == 3
            head = [f"network: {networks}", f"time: {when:%Y-%m-%d %H:%M}", "kind: organic"]
            if image:
                src = f"assets/{slug}/photo-{i:03d}.jpg"
                jpeg(seed / src, b * 100 + i)
                head += ["images:", f"  - src: {src}", "    alt: A cup of coffee on a wooden table"]
            path = f"posts/{slug}/{when:%Y/%m/%d}-post-{i:03d}.md"
            (seed / path).parent.mkdir(parents=True, exist_ok=True)
            (seed / path).write_text(
                "---\n" + "\n".join(head) + "\n---\n"
                f"Post {i + 1} of brand {b}: fresh roast, new pastry and a table by the window.\n",
                encoding="utf-8",
            )
            posts.append({"brand": slug, "path": path, "image": image})
    (seed / ".gitignore").write_text(".smm-cache/\n.smm/\n", encoding="utf-8")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", f"{len(posts)} posts")
    git(base, "clone", "-q", "--bare", str(seed), "origin.git")
    git(base, "clone", "-q", str(base / "origin.git"), "work")
    return base / "work", tokens, posts


def bench_throughput(smm: str, out: Path, name: str, repeat: int) -> dict:
    if name in rate_bounds.SPREADS:
        return bench_spread(smm, out, rate_bounds.SPREADS[name], repeat)
    brands, per_brand = SCENARIOS[name]
    accounts: dict[tuple[str, str], list[bool]] = {}
    runs = []
    for r in range(repeat):
        work, tokens, posts = make_throughput_repo(out / f"publish-{name}", brands, per_brand)
        if r == 0:
            for post in posts:
                for network in ("telegram", "vk"):
                    accounts.setdefault((network, post["brand"]), []).extend(
                        calls_of(post["image"], network)
                    )
        # the due scan reads the lint cache; a first `--dry-run` fills it, as a CI cache restore would
        subprocess.run(
            [smm, "publish", "--dry-run", "--now", NOW_A.isoformat()],
            cwd=work,
            env=publish_env(tokens, ""),
            capture_output=True,
            check=False,
        )
        with Sandbox(
            latency=LATENCY, telegram_per_minute=TG_PER_MINUTE, vk_per_second=VK_PER_SECOND
        ) as box:
            env = publish_env(tokens, box.url)
            t = run_publish(smm, work, env, NOW_A.isoformat(), out / f"publish-{name}-{r}.log")
            stored = len(box.posts())
        pushed = (
            int(
                git(
                    out / f"publish-{name}",
                    "--git-dir",
                    "origin.git",
                    "rev-list",
                    "--count",
                    "main",
                )
            )
            - 1
        )
        t.note = "; ".join(filter(None, [t.note, f"{stored} stored, {pushed} commits pushed"]))
        runs.append(t)
        print(
            f"  throughput {name} #{r + 1}: {t.seconds:.2f} s (first request at {t.first_request} s, last at "
            f"{t.last_request} s), rc {t.returncode}, {t.requests} requests, "
            f"{t.counts} ({t.note})",
            flush=True,
        )
    per_account = {
        f"{n}:{b}": round(
            account_bound(
                c,
                TG_PER_MINUTE if n == "telegram" else VK_PER_SECOND,
                60.0 if n == "telegram" else 1.0,
                LATENCY,
            ),
            3,
        )
        for (n, b), c in accounts.items()
    }
    pure = {
        f"{n}:{b}": round(
            pure_rate_bound(
                sum(c),
                TG_PER_MINUTE if n == "telegram" else VK_PER_SECOND,
                60.0 if n == "telegram" else 1.0,
                LATENCY,
            ),
            3,
        )
        for (n, b), c in accounts.items()
    }
    bound = max(per_account.values())
    expected_requests = sum(len(c) for c in accounts.values())
    median = statistics.median(t.seconds for t in runs)
    ok = all(
        t.returncode == 0
        and t.counts.get("published") == len(posts) * 2
        and t.requests == expected_requests
        for t in runs
    )
    return {
        "measurement": f"throughput {name}",
        "brands": brands,
        "posts": len(posts),
        "publications": len(posts) * 2,
        "latency_s": LATENCY,
        "expected_requests": expected_requests,
        "bound_s": bound,
        "bound_rate_only_s": max(pure.values()),
        "bound_per_account_s": per_account,
        "median_s": median,
        "min_s": min(t.seconds for t in runs),
        "ratio": round(median / bound, 3),
        "target": THROUGHPUT_TARGET,
        "all_published": ok,
        "pass": ok and median / bound <= THROUGHPUT_TARGET,
        "runs": [t.__dict__ for t in runs],
    }


def bench_spread(smm: str, out: Path, spread: rate_bounds.Spread, repeat: int) -> dict:
    """A one-network spread (rate_bounds.py): as bench_throughput, its bound simulated from the
    limits the sandbox is given, the epoch's phase taken at the run's first request."""
    runs, bounds, stored = [], [], []
    for r in range(repeat):
        work, tokens, posts = make_throughput_repo(
            out / f"publish-{spread.name}", spread.brands, spread.per_brand, spread
        )
        calls: dict[str, list[dict[str, int]]] = {}
        for post in posts:
            calls.setdefault(post["brand"], list(spread.first)).extend(spread.calls(post["image"]))
        subprocess.run(
            [smm, "publish", "--dry-run", "--now", NOW_A.isoformat()],
            cwd=work,
            env=publish_env(tokens, ""),
            capture_output=True,
            check=False,
        )
        offset = 0.0  # the sandbox's clock against the wall clock
        if spread.day_lead is not None:  # start it day_lead seconds before midnight UTC
            wall = time.time()
            offset = (wall // rate_bounds.DAY + 1) * rate_bounds.DAY - spread.day_lead - wall
        with contextlib.ExitStack() as stack:
            box = stack.enter_context(
                Sandbox(latency=LATENCY, clock_offset=offset, **spread.sandbox)
            )
            env = publish_env(tokens, box.url)
            if spread.public_files:  # what raw.githubusercontent.com would serve: the clone
                env["SMM_PUBLIC_BASE_URL"] = stack.enter_context(FileServer(work)).url
            t = run_publish(
                smm, work, env, NOW_A.isoformat(), out / f"publish-{spread.name}-{r}.log"
            )
            stored.append(len(box.posts(spread.network)))
        first = ARRIVALS.first()
        # the sandbox's clock at the first request: where the epoch-aligned windows stood
        epoch = time.time() - (time.perf_counter() - first) + offset if first is not None else 0.0
        per_account = {
            brand: round(rate_bounds.simulate(c, spread.windows(epoch), LATENCY), 3)
            for brand, c in calls.items()
        }
        bounds.append(max(per_account.values()))
        t.note = "; ".join(filter(None, [t.note, f"{stored[-1]} stored, bound {bounds[-1]:.2f} s"]))
        runs.append(t)
        print(
            f"  throughput {spread.name} #{r + 1}: {t.seconds:.2f} s (first request at "
            f"{t.first_request} s, last at {t.last_request} s), rc {t.returncode}, "
            f"{t.requests} requests, {t.counts} ({t.note})",
            flush=True,
        )
    expected_requests = sum(len(c) for c in calls.values())
    ratios = [t.seconds / b for t, b in zip(runs, bounds, strict=True)]
    ok = all(
        t.returncode == 0 and t.counts.get("published") == len(posts) == n
        for t, n in zip(runs, stored, strict=True)
    )
    ratio = statistics.median(ratios)
    return {
        "measurement": f"throughput {spread.name}",
        "brands": spread.brands,
        "posts": len(posts),
        "publications": len(posts),
        "latency_s": LATENCY,
        "sandbox": spread.sandbox,
        "expected_requests": expected_requests,
        "bound_s": statistics.median(bounds),
        "bound_rate_only_s": statistics.median(bounds),
        "bound_per_run_s": bounds,
        "median_s": statistics.median(t.seconds for t in runs),
        "min_s": min(t.seconds for t in runs),
        "ratio": round(ratio, 3),
        "target": THROUGHPUT_TARGET,
        "all_published": ok,
        "pass": ok and ratio <= THROUGHPUT_TARGET,
        "runs": [t.__dict__ for t in runs],
    }


# --- (b) start-up in the reference corpus ---------------------------------------------------------


def make_startup_repo(
    out: Path, posts: int, seed: int, published: int = 0
) -> tuple[Path, Path, dict[str, str]]:
    """The reference corpus, its brands given token variables for Telegram and VK, and the claim
    and result commits of its ``published`` earliest posts (history.py), as a bare origin."""
    root = out / f"publish-corpus-{posts}"
    shutil.rmtree(root, ignore_errors=True)
    start = time.perf_counter()
    made = corpus_mod.generate(root, posts, seed)
    tokens = {}
    for brand in (root / "brands").glob("*.yaml"):
        text, slug = brand.read_text(encoding="utf-8"), brand.stem.upper()
        tokens[f"BENCH_{slug}_TELEGRAM_TOKEN"] = f"{hash(slug) % 10**6}:benchTelegram{slug}"
        tokens[f"BENCH_{slug}_VK_TOKEN"] = f"vk1.a.benchVk{slug}"
        text = re.sub(
            r"(  telegram: \{chat: \"[^\"]+\")\}",
            rf"\1, token_env: BENCH_{slug}_TELEGRAM_TOKEN}}",
            text,
        )
        text = re.sub(
            r"(  vk: \{owner_id: -?\d+)\}", rf"\1, token_env: BENCH_{slug}_VK_TOKEN}}", text
        )
        brand.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "brands: the token variables of Telegram and VK")
    if published:
        made_commits = history_mod.add_history(root, published, {**os.environ, **GIT_ENV})
        print(
            f"history: {made_commits // 2} posts published before, {made_commits} claim and result commits",
            flush=True,
        )
    origin = out / f"publish-corpus-{posts}-origin.git"
    shutil.rmtree(origin, ignore_errors=True)
    # packed, as a hosted remote's objects are: a bare clone of a local folder hardlinks the
    # corpus's 10,000 loose objects, and every push would then wait for the origin's `gc --auto`
    # (receive-pack runs it before it answers; GitHub's servers never make a pusher wait so)
    git(out, "clone", "-q", "--bare", "--no-local", str(root), str(origin))
    print(
        f"corpus: {len(made.posts)} posts, bare origin {origin} ({time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    return root, origin, tokens


def fresh_origin(pristine: Path, out: Path) -> Path:
    """A copy of the pristine bare origin for one run (each run pushes its claims and results)."""
    dest = out / "publish-corpus-run-origin.git"
    shutil.rmtree(dest, ignore_errors=True)
    git(out, "clone", "-q", "--bare", "--local", str(pristine), str(dest))
    return dest


def fresh_clone(origin: Path, dest: Path, cache: Path | None) -> Path:
    """What actions/checkout and then actions/cache leave: a new clone (new mtimes), the cache copied in."""
    shutil.rmtree(dest, ignore_errors=True)
    git(origin.parent, "clone", "-q", str(origin), str(dest))
    if cache is not None:
        shutil.copytree(cache, dest / ".smm-cache")
    return dest


def same_checkout(origin: Path, dest: Path) -> Path:
    """The checkout of the previous run, its cache in place, brought back to the pristine commit."""
    git(dest, "remote", "set-url", "origin", str(origin))
    git(dest, "fetch", "-q", "origin")
    git(
        dest, "reset", "-q", "--hard", "origin/main"
    )  # a benchmark clone of our own, not the project
    return dest


MODES = {
    "cold": "fresh clone, no cache",
    "warm, CI": "fresh clone, the cache of the previous commit restored into it (actions/cache)",
    "warm, local": "the same checkout again, its cache in place",
}


def bench_startup(
    smm: str, out: Path, posts: int, seed: int, repeat: int, hugo: str, published: int = 0
) -> dict:
    root, pristine, tokens = make_startup_repo(out, posts, seed, published)
    when, path = history_mod.first_sent(root)
    now = (when + timedelta(minutes=1)).astimezone(UTC).isoformat()
    print(f"first Telegram/VK post: {path} at {when.isoformat()}; --now {now}", flush=True)
    hugo_m, *_ = hugo_site.bench(hugo, root, out, repeat)
    hugo_median = hugo_m.median if hugo_m.runs else None
    work, local = out / "publish-corpus-work", out / "publish-corpus-local"
    # the warm cache: what a run on the same commit left (a dry run fills it and changes nothing)
    fresh_clone(pristine, local, None)
    subprocess.run(
        [smm, "publish", "--dry-run", "--now", now],
        cwd=local,
        env=publish_env(tokens, ""),
        capture_output=True,
        check=False,
    )
    warm = out / "publish-corpus-cache"
    shutil.rmtree(warm, ignore_errors=True)
    shutil.copytree(local / ".smm-cache", warm)
    rows = []
    with Sandbox(
        latency=LATENCY, telegram_per_minute=TG_PER_MINUTE, vk_per_second=VK_PER_SECOND
    ) as box:
        env = publish_env(tokens, box.url)
        for mode in MODES:
            for kind, extra in (("first request", ()), ("dry run", ("--dry-run",))):
                runs = []
                for r in range(repeat):
                    origin = fresh_origin(pristine, out)
                    if mode == "warm, local":
                        cwd = same_checkout(origin, local)
                    else:
                        cwd = fresh_clone(origin, work, warm if mode == "warm, CI" else None)
                    slug = re.sub(r"\W+", "-", f"{mode} {kind}")
                    log = out / f"publish-startup-{slug}-{r}.log"
                    t = run_publish(smm, cwd, env, now, log, extra)
                    runs.append(t)
                    shown = t.first_request if kind == "first request" else t.seconds
                    print(
                        f"  start-up {mode} {kind} #{r + 1}: {shown} s (whole run {t.seconds:.2f} s, rc {t.returncode}, "
                        f"{t.counts}{', ' + t.note if t.note else ''})",
                        flush=True,
                    )
                values = [t.first_request if kind == "first request" else t.seconds for t in runs]
                missing = any(v is None for v in values)
                median = None if missing else statistics.median(values)
                row = {
                    "measurement": f"{mode}: {kind}",
                    "mode": MODES[mode],
                    "median_s": median,
                    "min_s": None if missing else min(values),
                    "whole_run_median_s": statistics.median(t.seconds for t in runs),
                    "runs": [t.__dict__ for t in runs],
                }
                if hugo_median and median is not None:
                    row["x_hugo"] = round(median / hugo_median, 3)
                    if kind == "first request":
                        row |= {"target": STARTUP_TARGET, "pass": row["x_hugo"] <= STARTUP_TARGET}
                rows.append(row)
    for folder in (work, local, out / "publish-corpus-run-origin.git"):
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "posts": posts,
        "seed": seed,
        "published_before": published,
        "now": now,
        "first_post": path,
        "hugo_median_s": hugo_median,
        "hugo_runs": [r.__dict__ for r in hugo_m.runs],
        "hugo_skipped": hugo_m.skipped,
        "rows": rows,
        "root": str(root),
        "origin": str(pristine),
    }


# --- report ---------------------------------------------------------------------------------------


def print_report(report: dict) -> None:
    lines = []
    for t in report.get("throughput", []):
        lines.append(
            f"{t['measurement']:<34}{t['median_s']:>9.2f}{t['bound_s']:>9.2f}{t['ratio']:>8.2f}"
            f"{'<= ' + str(t['target']):>9}  {'PASS' if t['pass'] else 'FAIL'}"
            f"  ({t['publications']} publications, {t['expected_requests']} requests, rate-only bound "
            f"{t['bound_rate_only_s']:.2f} s)"
        )
    s = report.get("startup")
    if s:
        hugo = s["hugo_median_s"]
        lines.append(
            f"{'hugo build (anchor, tmpfs)':<34}{hugo if hugo is not None else float('nan'):>9.3f}"
        )
        for row in s["rows"]:
            median = row["median_s"]
            lines.append(
                f"{row['measurement']:<34}{median if median is not None else float('nan'):>9.3f}"
                f"{hugo if hugo is not None else float('nan'):>9.3f}{row.get('x_hugo', float('nan')):>8.2f}"
                f"{('<= ' + str(row['target'])) if 'target' in row else '':>9}"
                f"  {({True: 'PASS', False: 'FAIL'}).get(row.get('pass'), '')}"
                f"  (whole run {row['whole_run_median_s']:.2f} s)"
            )
    head = f"{'measurement':<34}{'median s':>9}{'vs s':>9}{'ratio':>8}{'target':>9}  result"
    print("\n" + head + "\n" + "-" * len(head) + "\n" + "\n".join(lines))
    print("  (vs: the rate-limit bound for throughput, Hugo's full build for start-up)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=REPO / "bench-out")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (3)")
    p.add_argument("--only", choices=("throughput", "startup"))
    p.add_argument(
        "--scenario",
        choices=(*SCENARIOS, *rate_bounds.SPREADS),
        action="append",
        help="throughput spreads (default: all)",
    )
    p.add_argument("--posts", type=int, default=10_000, help="posts in the start-up corpus (10000)")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument(
        "--history",
        type=int,
        default=0,
        metavar="N",
        help="start-up corpus: its N earliest Telegram/VK posts published before, 2N smm commits (0)",
    )
    p.add_argument("--hugo", default="hugo")
    p.add_argument("--keep", action="store_true", help="keep the repositories under --out")
    ns = p.parse_args(argv)
    out = ns.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    smm = smm_command()
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "latency_s": LATENCY,
        "limits": {"telegram_per_minute": TG_PER_MINUTE, "vk_per_second": VK_PER_SECOND},
    }
    if ns.only in (None, "throughput"):
        report["throughput"] = [
            bench_throughput(smm, out, name, ns.repeat)
            for name in ns.scenario or (*SCENARIOS, *rate_bounds.SPREADS)
        ]
    if ns.only in (None, "startup"):
        report["startup"] = bench_startup(
            smm, out, ns.posts, ns.seed, ns.repeat, ns.hugo, ns.history
        )
    print_report(report)
    path = out / "publish-bench.json"
    path.write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    print(f"\nJSON: {path}")
    if not ns.keep:
        for name in (*SCENARIOS, *rate_bounds.SPREADS):
            shutil.rmtree(out / f"publish-{name}", ignore_errors=True)
        for name in (
            f"publish-corpus-{ns.posts}",
            f"publish-corpus-{ns.posts}-origin.git",
            "publish-corpus-cache",
            "hugo-site",
        ):
            shutil.rmtree(out / name, ignore_errors=True)
        hugo_site.remove(out)
    passed = [t["pass"] for t in report.get("throughput", [])]
    passed += [r["pass"] for r in report.get("startup", {}).get("rows", []) if "pass" in r]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
