"""The winners' announcement: a normal post file for review, next to the contest post.

posts/<brand>/<YYYY>/<MM>/<DD>-<contest slug>-winners.md, dated the day after the draw at 12:00
in the brand's time, on the networks the contest ran on, ``kind: announcement``, the contest's
campaign. Its text names the winners by their public handles and says how to check the draw; a
person edits it and opens a pull request like for any other post. An existing file is kept.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from smm.content.model import Post

#: how a handle is written on each network (VK's idN links itself as [idN|...] only in VK markup)
_AT = {"mastodon", "bluesky", "instagram", "x", "threads", "telegram"}


def shown(winner: dict[str, Any]) -> str:
    handle = str(winner["handle"])
    return f"@{handle}" if winner["network"] in _AT else handle


def write_announcement(
    root: Path, post: Post, tz: ZoneInfo, winners: list[dict[str, Any]], now: datetime
) -> str:
    """Write the announcement file (unless it exists); its path, relative to ``root``."""
    day = (now.astimezone(tz) + timedelta(days=1)).date()
    slug = Path(post.path).stem.split("-", 1)[-1]
    rel = f"posts/{post.brand}/{day:%Y/%m/%d}-{slug}-winners.md"
    file = root / rel
    if file.exists():
        return rel
    networks = sorted({str(w["network"]) for w in winners}) or post.networks
    front: dict[str, Any] = {
        "network": networks,
        "time": datetime.combine(day, time(12, 0)).strftime("%Y-%m-%d %H:%M"),
        "kind": "announcement",
        "title": f"Winners: {post.title or slug}",
    }
    if post.campaign:
        front["campaign"] = post.campaign
    names = "\n".join(f"- {shown(w)} ({w['network']})" for w in winners) or "- (no entrants)"
    body = (
        f"The winners of our contest:\n\n{names}\n\nCongratulations, and thank you all for "
        f"taking part! The draw can be checked by anyone: the entrants and the seed are in "
        f"the repository, `smm draw --verify {post.path}`.\n"
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None)
    file.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    return rel
