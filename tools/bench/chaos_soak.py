"""Chaos soak of `smm publish`: many due posts, four networks, faults and SIGKILLs, until done.

    python tools/bench/chaos_soak.py [--posts 1000] [--brands 25] [--seed 1] [--out DIR] [--keep]

A content repository of ``--posts`` posts (each to one or two of Telegram, VK, Odnoklassniki and
Instagram, over ``--brands`` brands so no account waits long for its rate limit), spread over the
100 minutes before NOW, is pushed to a bare origin. Then `smm publish` runs again and again
against the sandbox (real processes, real git, real HTTP), its ``--now`` stepping through those
100 minutes in ``--steps`` runs (so each run finds new posts due) and then staying at NOW until
nothing is left to do. Before each run random faults are queued on every
network (429 with Retry-After, 500, a connection dropped before or after the post is stored, a
slow answer); a run is killed with SIGKILL (its whole process group, git included) at a random
moment or at a random failpoint, or left alone; it runs on the persistent clone or on a fresh
clone (with the lint cache copied in, as actions/cache does). The first runs kill the persistent
clone at each failpoint in turn, so every crash state is met on the same clone at least once.

Then it checks: no post twice on any network (the sandbox's posts against each post's marker
word), no (post, network) left without a result or ``unknown``, every post on a network recorded
as published (with its id) or unknown, no run that refused (a person would have had to clean
up), and a last run on a fresh clone and on the persistent one with nothing to do. It prints the
``unknown`` rate per network and writes soak.json; exit 0 when every check holds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from smm.content.managed import read_block
from smm.publish.failpoints import POINTS
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

NETWORKS = ("telegram", "vk", "ok", "instagram")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FAULTS = ("429", "500", "drop_before_store", "drop_after_store", "slow")
FINAL = ("published", "unknown", "failed")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "soak",
    "GIT_AUTHOR_EMAIL": "soak@example.invalid",
    "GIT_COMMITTER_NAME": "soak",
    "GIT_COMMITTER_EMAIL": "soak@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C",
}
WORD = re.compile(r"soakpost(\d{5})")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@dataclass
class Content:
    origin: Path
    seed: Path
    env: dict[str, str]
    due: dict[tuple[str, str], int]  # (post path, network) -> the post's number (its marker word)


def make_content(out: Path, posts: int, brands: int, rng: random.Random) -> Content:
    """Brands with an account on each network, ``posts`` due posts over them, pushed to a bare origin."""
    seed, origin = out / "seed", out / "origin.git"
    env = {"SOAK_OK_APP_KEY": "CBASOAKAPPKEY", "SOAK_OK_SECRET": "sandbox-token"}
    for b in range(1, brands + 1):
        slug = f"b{b:02d}"
        for net in NETWORKS:
            env[f"SOAK_{slug.upper()}_{net.upper()}"] = f"{100000 + b}:soakToken{slug}{net}"
        (seed / "brands").mkdir(parents=True, exist_ok=True)
        (seed / "brands" / f"{slug}.yaml").write_text(
            f"name: Soak brand {b}\ntimezone: UTC\ncurrency: EUR\njurisdiction: DE\nlate_after: 3h\naccounts:\n"
            f'  telegram: {{chat: "@soak_{slug}", token_env: SOAK_{slug.upper()}_TELEGRAM}}\n'
            f"  vk: {{owner_id: -{b}, token_env: SOAK_{slug.upper()}_VK}}\n"
            f'  ok: {{group_id: "70000000000{b:03d}", token_env: SOAK_{slug.upper()}_OK, '
            f"app_key_env: SOAK_OK_APP_KEY, secret_env: SOAK_OK_SECRET}}\n"
            f'  instagram: {{user_id: "178414000000{b:05d}", token_env: SOAK_{slug.upper()}_INSTAGRAM}}\n'
            "ad_marking: {advertiser: {name: Soak GmbH}}\n",
            encoding="utf-8",
        )
    for k in range(4):
        image = seed / f"assets/soak/cup-{k}.jpg"
        image.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1080, 1080), (60 * k, 120, 200 - 40 * k)).save(image, "JPEG", quality=70)
    due: dict[tuple[str, str], int] = {}
    for n in range(posts):
        slug = f"b{n % brands + 1:02d}"
        networks = rng.sample(NETWORKS, rng.choice((1, 1, 2)))
        when = NOW - timedelta(minutes=100) + timedelta(seconds=n * 5940 // max(posts, 1))
        head = [
            f"network: [{', '.join(networks)}]",
            f"time: {when:%Y-%m-%d %H:%M}",
            "kind: organic",
        ]
        if "instagram" in networks:
            head += [
                "images:",
                f"  - src: assets/soak/cup-{n % 4}.jpg",
                "    alt: A cup of coffee on a wooden table",
            ]
        path = f"posts/{slug}/2026/12/{n:05d}.md"
        (seed / path).parent.mkdir(parents=True, exist_ok=True)
        (seed / path).write_text(
            "---\n" + "\n".join(head) + "\n---\n"
            f"Post soakpost{n:05d} of the soak: fresh roast, new pastry and a table by the window.\n",
            encoding="utf-8",
        )
        due.update({(path, net): n for net in networks})
    (seed / ".gitignore").write_text(".smm-cache/\n.smm/\n", encoding="utf-8")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", f"{posts} posts for the soak")
    git(out, "clone", "-q", "--bare", str(seed), str(origin))
    return Content(origin, seed, env, due)


@dataclass
class Run:
    where: str
    chaos: str
    code: int
    seconds: float
    line: str = ""


@dataclass
class Soak:
    out: Path
    content: Content
    sandbox: Sandbox
    rng: random.Random
    files_url: str  # where Instagram fetches images from
    kill_rate: (
        float  # the share of runs killed: a third at a failpoint, the rest at a random moment
    )
    runs: list[Run] = field(default_factory=list)
    faults: dict[str, dict[str, int]] = field(default_factory=dict)  # network -> kind -> queued

    def clone(self, name: str) -> Path:
        path = self.out / name
        shutil.rmtree(path, ignore_errors=True)
        git(self.out, "clone", "-q", str(self.content.origin), str(path))
        cache = self.out / "runner" / ".smm-cache"
        if name != "runner" and cache.is_dir():
            shutil.copytree(cache, path / ".smm-cache")  # what actions/cache restores
        return path

    def publish(
        self,
        clone: Path,
        now: datetime = NOW,
        failpoint: str | None = None,
        kill_after: float | None = None,
    ) -> tuple[int, str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_", "GITHUB_"))}
        env |= GIT_ENV | self.content.env | {"SMM_PUBLIC_BASE_URL": self.files_url}
        if failpoint:
            env["SMM_FAILPOINT"] = failpoint
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "smm",
                "publish",
                "--api-base",
                self.sandbox.url,
                "--now",
                now.isoformat(),
                "--format",
                "json",
            ],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the runner is gone: smm and its git with it
            stdout, stderr = proc.communicate()
        return proc.returncode, stdout, stderr

    def chaos(self) -> None:
        """Queue random faults on every network for the next run."""
        for network in NETWORKS:
            for _ in range(self.rng.randint(0, 4)):
                kind = self.rng.choice(FAULTS)
                self.sandbox.inject(network, kind, retry_after=1, delay=self.rng.uniform(0.2, 2.0))
                tally = self.faults.setdefault(network, {})
                tally[kind] = tally.get(kind, 0) + 1

    def once(self, n: int, now: datetime, calm: bool = False) -> Run:
        """One run; the first ones kill the persistent clone at each failpoint in turn. A
        ``calm`` one (after the chaos's steps) has no fault and no kill: a post the networks
        refused for now (``retry``) is sent by such a run, as by the next scheduled one."""
        scripted = n <= len(POINTS)
        same = scripted or self.rng.random() < 0.5
        clone = (
            self.out / "runner"
            if same and (self.out / "runner").is_dir()
            else self.clone("runner" if same else "fresh")
        )
        if not calm:
            self.chaos()
        roll = 1.0 if scripted else self.rng.random()
        failpoint = (
            POINTS[n - 1]
            if scripted
            else self.rng.choice(POINTS)
            if roll < self.kill_rate / 3
            else None
        )
        unkilled = sorted(r.seconds for r in self.runs if r.chaos == "no kill")
        window = (
            1.2 * unkilled[len(unkilled) // 2] if unkilled else 3.0
        )  # about as long as a run takes
        kill_after = (
            self.rng.uniform(0.2, window) if self.kill_rate / 3 <= roll < self.kill_rate else None
        )
        if calm:
            failpoint, kill_after = None, None
        chaos = (
            f"failpoint {failpoint}"
            if failpoint
            else f"SIGKILL after {kill_after:.2f} s"
            if kill_after
            else "no kill"
        )
        started = time.monotonic()
        code, stdout, stderr = self.publish(clone, now, failpoint, kill_after)
        self.sandbox._server.faults.clear()  # type: ignore[union-attr]  # faults a killed run left
        line = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        if code in (0, 1) and not stdout.strip().startswith("{"):
            code, line = 3, f"no JSON: {line}"  # a crash (a traceback exits 1 too)
        run = Run(
            "same clone" if same else "fresh clone",
            chaos,
            code,
            round(time.monotonic() - started, 2),
            line,
        )
        if code not in (0, 1, -signal.SIGKILL) and same:
            shutil.rmtree(
                clone
            )  # stuck: a person would have to clean it up; counted, then replaced
        print(
            f"  run {n:3d}: {run.where:<11} {run.chaos:<32} exit {run.code:>3}  {run.seconds:6.2f} s"
            f"{'  ' + run.line if run.code not in (0, 1, -signal.SIGKILL) else ''}",
            flush=True,
        )
        self.runs.append(run)
        return run


def states(clone: Path, due: dict[tuple[str, str], int]) -> dict[tuple[str, str], dict]:
    """(post, network) -> its published: entry in ``clone`` ({} when it has none)."""
    blocks: dict[str, dict] = {}
    for path, _ in due:
        if path not in blocks:
            blocks[path] = read_block((clone / path).read_text(encoding="utf-8"), "published")
    return {(path, network): blocks[path].get(network) or {} for path, network in due}


def verify(soak: Soak) -> dict:
    """The invariants, checked on origin and the sandbox; the figures for the note."""
    content, observer = soak.content, soak.out / "observer"
    shutil.rmtree(observer, ignore_errors=True)
    git(soak.out, "clone", "-q", str(content.origin), str(observer))
    final = states(observer, content.due)
    by_number = {(n, key[1]): key for key, n in content.due.items()}
    problems: list[str] = []
    on_network: dict[tuple[str, str], list[str]] = {}
    for post in soak.sandbox.posts():
        match = WORD.search(post.get("text") or "")
        key = by_number.get((int(match[1]), post["network"])) if match else None
        if key is None:
            problems.append(
                f"{post['network']}: a post the soak never scheduled: {post.get('text', '')[:60]!r}"
            )
            continue
        on_network.setdefault(key, []).append(str(post["id"]))
    duplicates = {key: ids for key, ids in on_network.items() if len(ids) > 1}
    problems += [f"{k[1]}: {k[0]} posted {len(v)} times" for k, v in duplicates.items()]
    open_ = {key: e.get("state") for key, e in final.items() if e.get("state") not in FINAL}
    problems += [f"{k[1]}: {k[0]} left {s or 'without an entry'}" for k, s in open_.items()]
    for key, ids in on_network.items():
        entry = final[key]
        if entry.get("state") == "published" and str(entry.get("id")) not in ids:
            problems.append(
                f"{key[1]}: {key[0]} recorded with id {entry.get('id')}, the network has {ids}"
            )
        elif entry.get("state") not in ("published", "unknown"):
            problems.append(
                f"{key[1]}: {key[0]} is on the network but recorded {entry.get('state')}"
            )
    problems += [
        f"{k[1]}: {k[0]} recorded published, the network has no such post"
        for k, e in final.items()
        if e.get("state") == "published" and k not in on_network
    ]
    refused = [r for r in soak.runs if r.code not in (0, 1, -signal.SIGKILL)]
    problems += [
        f"run refused or crashed ({r.where}, {r.chaos}): exit {r.code} {r.line}" for r in refused
    ]
    per_network = {}
    for network in NETWORKS:
        keys = [k for k in content.due if k[1] == network]
        counts = {s: sum(1 for k in keys if final[k].get("state") == s) for s in FINAL}
        unknown_sent = sum(
            1 for k in keys if final[k].get("state") == "unknown" and k in on_network
        )
        per_network[network] = {
            "publications": len(keys),
            **counts,
            "unknown_on_network": unknown_sent,
            "unknown_rate": round(counts["unknown"] / len(keys), 4) if keys else 0.0,
        }
    return {
        "problems": problems,
        "duplicates": len(duplicates),
        "left_open": len(open_),
        "refused_runs": len(refused),
        "networks": per_network,
    }


def soak(
    out: Path, posts: int, brands: int, seed: int, max_runs: int, steps: int, kill_rate: float
) -> dict:
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    content = make_content(out, posts, brands, rng)
    started = time.monotonic()
    with (
        Sandbox(
            state_dir=out / "sandbox",
            latency=0.003,
            telegram_window=2.0,
            instagram_processing=0.02,
            instagram_quota=100_000,
        ) as box,
        FileServer(content.seed) as files,
    ):
        run = Soak(out, content, box, rng, files.url, kill_rate)
        for n in range(1, max_runs + 1):
            run.once(n, NOW - timedelta(minutes=100) * max(0, steps - n) / steps, calm=n > steps)
            observed = states(_pull(run), content.due)
            if n >= steps and all(e.get("state") in (*FINAL, "missed") for e in observed.values()):
                break
        last = {}
        for where, clone in (("fresh clone", run.clone("fresh")), ("same clone", out / "runner")):
            code, stdout, stderr = run.publish(clone)
            data = json.loads(stdout) if stdout.strip() else {}
            last[where] = {
                "exit": code,
                "outcomes": len(data.get("outcomes", [])),
                "stderr": stderr.strip()[-300:],
            }
        result = verify(run)
    result["problems"] += [
        f"the last run on the {w} had work left or failed: {v}"
        for w, v in last.items()
        if v["exit"] != 0 or v["outcomes"]
    ]
    kills = sum(1 for r in run.runs if r.code == -signal.SIGKILL)
    result |= {
        "posts": posts,
        "publications": len(content.due),
        "brands": brands,
        "seed": seed,
        "steps": steps,
        "kill_rate": kill_rate,
        "runs": len(run.runs),
        "killed": kills,
        "seconds": round(time.monotonic() - started, 1),
        "faults_queued": run.faults,
        "last_runs": last,
        "ok": not result["problems"],
        "run_log": [asdict(r) for r in run.runs],
    }
    return result


def _pull(run: Soak) -> Path:
    observer = run.out / "observer"
    if not observer.is_dir():
        git(run.out, "clone", "-q", str(run.content.origin), str(observer))
    else:
        git(observer, "fetch", "-q", "origin")
        git(observer, "reset", "-q", "--hard", "origin/main")  # the soak's own observer clone
    return observer


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=1000)
    p.add_argument(
        "--brands", type=int, default=25, help="brands, each with one account per network (25)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, default=30, help="runs over which the posts come due (30)")
    p.add_argument(
        "--kill-rate", type=float, default=0.4, help="share of runs killed with SIGKILL (0.4)"
    )
    p.add_argument("--max-runs", type=int, default=400)
    p.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[2] / "bench-out" / "soak"
    )
    p.add_argument("--keep", action="store_true", help="keep the repositories under --out")
    ns = p.parse_args(argv)
    out = ns.out.resolve()
    result = soak(out, ns.posts, ns.brands, ns.seed, ns.max_runs, ns.steps, ns.kill_rate)
    print(
        f"\n{result['posts']} posts, {result['publications']} publications, {result['runs']} runs "
        f"({result['killed']} killed with SIGKILL), {result['seconds']} s"
    )
    print(
        f"{'network':<10}{'sent':>6}{'published':>11}{'failed':>8}{'unknown':>9}{'(on network)':>14}{'unknown rate':>14}"
    )
    for network, f in result["networks"].items():
        print(
            f"{network:<10}{f['publications']:>6}{f['published']:>11}{f['failed']:>8}{f['unknown']:>9}"
            f"{f['unknown_on_network']:>14}{f['unknown_rate']:>13.1%}"
        )
    print(
        "faults queued (a killed run leaves some unused): "
        + "; ".join(
            f"{network} " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            for network, kinds in result["faults_queued"].items()
        )
    )
    print(
        f"duplicates {result['duplicates']}, left without a result {result['left_open']}, "
        f"refused runs {result['refused_runs']}"
    )
    for problem in result["problems"][:20]:
        print("PROBLEM:", problem)
    report = out.parent / f"{out.name}.json"
    report.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"JSON: {report}")
    if not ns.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
