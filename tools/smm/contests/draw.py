"""`smm draw POST`: collect a contest's entrants, commit them, draw the winners, announce them.

1. After ``contest.ends``, each network the post went out on (``published:``) is asked who
   entered (networks/audience.py): public id and handle only, each person once per network, the
   brand's own account left out, and an entry the network dates after ``ends`` left out.
2. contests/<post>/entrants.json is written canonically and committed ("smm: contest entrants
   for <path>", author and committer dates pinned to ``ends``) and pushed, before any winner is
   known. Once committed it is never collected again: a second run draws from the same file.
3. The seed and the winners follow from that commit (contests/lots.py); winners.json records
   them, committed and pushed as "smm: contest winners for <path>".
4. The announcement is written as a normal post file (kind announcement) beside the contest
   post, not committed: a person reviews it in a pull request like any other post.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from smm.content.loader import load_post
from smm.content.model import Post, publish_state
from smm.content.repo import find_root, open_repo
from smm.contests.lots import ALGORITHM, canonical, fixed_by, pick, seed_of
from smm.contests.spec import ENTRANTS, WINNERS, Contest, contest_of, folder
from smm.errors import ConfigError, UnsupportedError, UsageError
from smm.networks.audience import Audience, Entrant, why_unlisted
from smm.networks.base import Account, Published
from smm.networks.http import client as http_client
from smm.networks.http import with_retries
from smm.publish.ledger import Ledger
from smm.settings import Settings


@dataclass
class DrawReport:
    post: str
    folder: str
    entrants: int = 0
    per_network: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    collected: bool = False  # False: entrants.json was committed by an earlier run
    entrants_commit: str = ""
    seed: str = ""
    winners: list[dict[str, Any]] = field(default_factory=list)
    announcement: str | None = None

    def text(self) -> str:
        how = "collected and committed" if self.collected else "as committed before"
        counts = ", ".join(f"{n} {c}" for n, c in sorted(self.per_network.items())) or "none"
        lines = [
            f"{self.post}: {self.entrants} entrants ({counts}), {how} in {self.entrants_commit[:12]}",
            f"seed {self.seed}",
            "winners: "
            + (", ".join(f"{w['handle']} ({w['network']})" for w in self.winners) or "none"),
        ]
        lines += [f"note: {n}" for n in self.notes]
        if self.announcement:
            lines.append(f"announcement: {self.announcement} (review it in a pull request)")
        lines.append(f"check: smm draw --verify {self.post}")
        return "\n".join(lines)


def draw(
    root: Path | None, path: str, now: datetime, settings: Settings, network: str | None = None
) -> DrawReport:
    root = find_root(root)
    post, brand_tz, accounts = _contest_post(root, path)
    contest = contest_of(post, brand_tz)
    if now < contest.ends:
        raise UsageError(f"{path}: the contest ends {contest.ends.isoformat()}; draw after that")
    where = folder(post.path)
    ledger = Ledger(root, branch=settings.branch, push=settings.push)
    ledger.check_ready()
    report = DrawReport(post.path, where)
    if fixed_by(root, where) is None:
        people = _collect(post, contest, accounts, settings, network, report)
        data = {
            "post": post.path,
            "entry": contest.entry,
            "ends": contest.ends.isoformat(),
            "networks": sorted({p["network"] for p in people} | set(report.per_network)),
            "entrants": people,
        }
        stamp = contest.ends.isoformat()
        _commit(
            ledger,
            f"{where}/{ENTRANTS}",
            canonical(data),
            f"smm: contest entrants for {post.path}",
            stamp,
        )
        report.collected = True
    fixed = fixed_by(root, where)
    assert fixed is not None
    report.entrants_commit, blob = fixed
    entrants = _read(root / where / ENTRANTS)["entrants"]
    report.entrants = len(entrants)
    for e in entrants:
        report.per_network.setdefault(e["network"], 0)
        report.per_network[e["network"]] += 1
    report.seed = seed_of(report.entrants_commit, blob)
    winners_file = root / where / WINNERS
    if winners_file.is_file():
        report.winners = _read(winners_file)["winners"]
        report.notes.append(f"{WINNERS} was committed before; nothing drawn again")
        return report
    report.winners = pick(report.seed, entrants, contest.winners)
    result = {
        "post": post.path,
        "algorithm": ALGORITHM,
        "entrants_commit": report.entrants_commit,
        "entrants_blob": blob,
        "seed": report.seed,
        "count": contest.winners,
        "winners": report.winners,
    }
    _commit(
        ledger,
        f"{where}/{WINNERS}",
        canonical(result),
        f"smm: contest winners for {post.path}",
        None,
    )
    from smm.contests.announce import write_announcement

    report.announcement = write_announcement(root, post, brand_tz, report.winners, now)
    return report


def _contest_post(root: Path, path: str) -> tuple[Post, Any, dict[str, dict[str, Any]]]:
    given = Path(path) if Path(path).is_absolute() else root / path  # relative: to the repository
    try:
        rel = given.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path}: not a post of this repository ({root})") from None
    repo = open_repo(root)
    post, problems = load_post(root, rel, repo.brands)
    if post is None:
        raise UsageError(problems[0].text() if problems else f"{rel}: cannot read the post")
    brand = repo.brands.get(post.brand)
    if brand is None:
        raise ConfigError(f"no usable brand file brands/{post.brand}.yaml", post.path)
    return post, brand.tz, brand.accounts


def _collect(
    post: Post,
    contest: Contest,
    accounts: dict[str, dict[str, Any]],
    settings: Settings,
    only: str | None,
    report: DrawReport,
) -> list[dict[str, str]]:
    """Every entrant of every network the post is live on, sorted by (network, id)."""
    from smm.networks.registry import adapter

    people: dict[tuple[str, str], dict[str, str]] = {}
    live = {
        n: e
        for n, e in post.published.items()
        if publish_state(e) == "published" and e.get("id") and n in contest.networks
    }
    if only is not None and only not in live:
        raise UsageError(f"{post.path}: not published on {only}")
    with http_client() as client:
        for network in sorted(live if only is None else [only]):
            why = why_unlisted(network, contest.entry)
            if why is not None:
                report.notes.append(f"{network}: no entrants listed: {why}")
                continue
            net = adapter(network, client, settings.api_base)
            assert isinstance(net, Audience)
            account = settings.account(network, accounts.get(network, {}))
            on = Published(str(live[network]["id"]), str(live[network].get("url", "")))
            try:
                got = _entrants(net, account, on, contest.entry, settings)
            except UnsupportedError as exc:
                report.notes.append(exc.one_line())
                continue
            late = [e for e in got if e.at is not None and e.at > contest.ends]
            if late:
                report.notes.append(f"{network}: {len(late)} entered after the end, left out")
            undated = contest.entry != "comment" and any(e.at is None for e in got)
            if undated:
                report.notes.append(
                    f"{network}: gives no time for a {contest.entry}: everyone listed at the draw counts"
                )
            report.per_network[network] = 0
            for e in got:
                if e not in late:
                    people[(network, e.id)] = {"network": network, "id": e.id, "handle": e.handle}
    missing = [n for n in contest.networks if n not in live]
    if missing and only is None:
        report.notes.append(f"not published on {', '.join(missing)}: no entrants from there")
    return [people[k] for k in sorted(people)]


def _entrants(
    net: Audience, account: Account, on: Published, entry: str, settings: Settings
) -> list[Entrant]:
    return with_retries(
        lambda: net.entrants(account, on, entry),
        attempts=settings.retry_attempts,
        max_wait=settings.max_retry_wait,
    )


def _commit(ledger: Ledger, rel: str, text: str, message: str, stamp: str | None) -> None:
    """Write, commit (dates pinned to ``stamp``, so the commit id has nothing left to vary) and
    push; a refused push is refreshed and committed again on top of origin."""
    file = ledger.root / rel
    file.parent.mkdir(parents=True, exist_ok=True)

    def write() -> bool:
        file.write_text(text, encoding="utf-8")
        ledger.git("add", "--", rel)
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp} if stamp else None
        ledger.git("commit", "--quiet", "--no-verify", "-m", message, env=env)
        return True

    write()
    ledger.push_or_refresh(write)


def _read(file: Path) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data
