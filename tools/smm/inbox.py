"""`smm inbox`: the comments under the brands' published posts that nobody from the brand has
answered yet, per network, oldest first, with links: the day's moderation list (docs/inbox.md).

Every post's ``published:`` entries on a network whose adapter reads its audience (VK
wall.getComments, Instagram /{media}/comments, Mastodon statuses/:id/context, Bluesky
getPostThread, Facebook /{post-id}/comments, Threads /{media-id}/conversation: networks/audience.py)
are asked for their comments; a comment counts as answered when a reply from the brand's own
account is under it. Then each brand's mentions anywhere are read once per network that gives
them (Mastodon and Bluesky notifications, kind ``mention``), leaving out what was already found
under a post. Networks that give none are named in a note (``NO_INBOX``). With ``--since``, only posts that went out at most ``LOOK_BACK`` before it are
asked (one read per post and network each run). Read-only: nothing is committed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from smm.clock import instant
from smm.content.loader import load_post
from smm.content.model import publish_state
from smm.content.repo import find_root, open_repo, post_paths, require_brand
from smm.errors import SmmError, UsageError
from smm.networks.audience import LISTS, NO_INBOX, Audience, Feedback, Mentions
from smm.networks.base import Published
from smm.networks.http import client as http_client
from smm.settings import Settings
from smm.tables import code, markdown_table, text_table

FORMATS = ("text", "json", "markdown")
#: with --since, posts that went out this long before it are still asked; older ones are not
LOOK_BACK = timedelta(days=30)


@dataclass
class Inbox:
    items: list[tuple[str, Feedback]] = field(default_factory=list)  # (post path, comment)
    notes: dict[str, str] = field(default_factory=dict)  # network -> why it shows nothing

    def text(self) -> str:
        rows = [["when (UTC)", "network", "who", "comment", "link", "post"]]
        rows += [
            [f.at.strftime("%Y-%m-%d %H:%M"), f.network, f.handle, _short(f.text), f.url, path]
            for path, f in self.items
        ]
        head = f"smm inbox: {len(self.items)} unanswered"
        return "\n".join([head, *(text_table(rows) if self.items else []), *self._notes()])

    def markdown(self) -> str:
        rows = [
            [
                f.at.strftime("%Y-%m-%d %H:%M"),
                f.network,
                f.handle,
                _short(f.text),
                f.url,
                code(path),
            ]
            for path, f in self.items
        ]
        lines = [f"### Inbox: {len(self.items)} unanswered", ""]
        if rows:
            lines += markdown_table(
                ["when (UTC)", "network", "who", "comment", "link", "post"], rows
            )
        return "\n".join([*lines, "", *self._notes()]) + "\n"

    def json(self) -> str:
        items = [{"post": path, **asdict(f), "at": f.at.isoformat()} for path, f in self.items]
        return json.dumps({"items": items, "notes": self.notes}, ensure_ascii=False, indent=2)

    def _notes(self) -> list[str]:
        return [f"note: {n}: {why}" for n, why in sorted(self.notes.items())]


def inbox(
    root: Path | None, settings: Settings, since: datetime | None = None, brand: str | None = None
) -> Inbox:
    from smm.networks.registry import adapter

    root = find_root(root)
    require_brand(root, brand)
    repo = open_repo(root, brand)
    out = Inbox()
    seen: set[str] = set()  # every comment's id found under a post: a mention of it is no news
    with http_client() as client:
        for path in post_paths(root, brand):
            post, _ = load_post(root, path, repo.brands)
            if post is None or post.brand not in repo.brands:
                continue
            accounts = repo.brands[post.brand].accounts
            for network, entry in sorted(post.published.items()):
                if publish_state(entry) != "published" or not entry.get("id"):
                    continue
                went_out = instant(entry.get("at"))
                if since is not None and went_out is not None and went_out < since - LOOK_BACK:
                    continue  # an old post: not asked every run (docs/inbox.md)
                if network not in LISTS:
                    out.notes[network] = NO_INBOX.get(network, "smm reads no comments there")
                    continue
                net = adapter(network, client, settings.api_base)
                assert isinstance(net, Audience)
                account = settings.account(network, accounts.get(network, {}))
                live = Published(str(entry["id"]), str(entry.get("url", "")))
                try:
                    got = net.feedback(account, live)
                except SmmError as exc:  # a missing token, a refusal: this post's list, not the run
                    out.notes[f"{network} {path}"] = exc.one_line()
                    continue
                seen.update(f.id for f in got)
                out.items += [
                    (path, f) for f in got if not f.answered and (since is None or f.at >= since)
                ]
        for name in sorted(repo.brands):
            if brand is None or name == brand:
                _mentions(out, client, settings, name, repo.brands[name].accounts, since, seen)
    out.items.sort(key=lambda item: (item[1].at, item[1].network, item[1].id))
    return out


def _mentions(
    out: Inbox,
    client: httpx.Client,
    settings: Settings,
    brand: str,
    accounts: dict[str, Any],
    since: datetime | None,
    seen: set[str],
) -> None:
    """The brand's unanswered mentions on each network that lists them (path ``""``)."""
    from smm.networks.registry import adapter

    for network in sorted(accounts):
        net = adapter(network, client, settings.api_base)
        if not isinstance(net, Mentions):
            continue
        try:
            got = net.mentions(settings.account(network, accounts[network]), since, seen)
        except SmmError as exc:
            out.notes[f"{network} mentions of {brand}"] = exc.one_line()
            continue
        out.items += [("", f) for f in got if not f.answered]


def since_instant(text: str, now: datetime | None = None) -> datetime:
    """--since: an ISO 8601 instant, or an age (``1d``, ``12h``, ``30m``) before ``now`` (the
    command's --now; else SMM_NOW, then the clock)."""
    from smm import clock
    from smm.content.model import parse_duration

    age = parse_duration(text, timedelta(0))
    if age:
        return (now or clock.now()) - age
    try:
        return clock.parse_instant(text)
    except UsageError:
        raise UsageError(
            f"--since: {text!r} is neither an ISO 8601 time nor an age like 1d"
        ) from None


def _short(text: str, most: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"
