"""A publishing history for a benchmark corpus: the claim and result commits smm would have made.

    add_history(root, published=3000)

The ``published`` earliest posts that go to Telegram or VK, and every post before the next one,
get a claim commit each (the ``published:`` block with ``claimed`` entries, the message run.py
writes) and a result commit (``published`` entries with ids and links, on every network of the
post), on top of the corpus's main, written with ``git fast-import`` so thousands of commits take
seconds. Then the start-up benchmark measures `smm publish` in a repository that has been
publishing for a while, as a real one has, and the first post still due is the same kind of post
as without a history: the earliest unpublished Telegram/VK post.
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from smm.content.managed import replace_block

_TIME = re.compile(r"^time: (\d{4}-\d\d-\d\d \d\d:\d\d)$", re.M)
_NETS = re.compile(r"^network: \[?([^\]\n]*)\]?$", re.M)
SENT = ("telegram", "vk")


def unpublished(root: Path) -> list[tuple[datetime, str, list[str]]]:
    """Posts without a ``published:`` block, earliest first: (instant, path, networks)."""
    zones = {
        p.stem: ZoneInfo(
            re.search(r"^timezone: (\S+)$", p.read_text(encoding="utf-8"), re.M).group(1)
        )
        for p in (root / "brands").glob("*.yaml")
    }
    found = []
    for path in (root / "posts").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "\npublished:" not in text:
            rel = path.relative_to(root)
            when = datetime.strptime(_TIME.search(text).group(1), "%Y-%m-%d %H:%M").replace(
                tzinfo=zones[rel.parts[1]]
            )
            found.append(
                (when, rel.as_posix(), [n.strip() for n in _NETS.search(text).group(1).split(",")])
            )
    return sorted(found)


def first_sent(root: Path) -> tuple[datetime, str]:
    """The earliest unpublished post that goes to Telegram or VK."""
    when, path, _ = next(p for p in unpublished(root) if set(p[2]) & set(SENT))
    return when, path


def _blob(text: str) -> bytes:
    data = text.encode("utf-8")
    return b"data %d\n%s\n" % (len(data), data)


def add_history(root: Path, published: int, env: dict[str, str]) -> int:
    """Commit a claim and a result for each of the ``published`` earliest posts; returns commits made."""
    posts = unpublished(root)
    sent = [i for i, p in enumerate(posts) if set(p[2]) & set(SENT)]
    posts = posts[: sent[published]] if published < len(sent) else posts
    stream = [b"feature done\n"]
    stamp = 1_790_000_000
    for n, (when, path, networks) in enumerate(posts):
        text = (root / path).read_text(encoding="utf-8")
        at = when.isoformat(timespec="seconds")
        run = f"bench-{n}"
        claimed = {
            net: {"state": "claimed", "at": at, "run": run, "marker": f"smm-bench{n:08d}{net[:2]}"}
            for net in networks
        }
        done = {
            net: {
                "state": "published",
                "id": str(n + 1),
                "url": f"https://example.invalid/{net}/{n + 1}",
                "at": at,
                "run": run,
            }
            for net in networks
        }
        claim_text, result_text = (
            replace_block(text, "published", claimed),
            replace_block(text, "published", done),
        )
        lines = "\n".join(f"publish: {path} -> {net}" for net in networks)
        for message, body in (
            (f"smm: claim 1 post(s) for publishing [skip ci]\n\n{lines}", claim_text),
            (f"smm: {len(networks)} results [skip ci]", result_text),
        ):
            stamp += 60
            msg = message.encode("utf-8")
            stream += [
                b"commit refs/heads/main\n",
                b"committer smm <smm@example.invalid> %d +0000\n" % stamp,
                b"data %d\n%s\n" % (len(msg), msg),
            ]
            if stamp == 1_790_000_060:
                stream.append(b"from refs/heads/main^0\n")
            stream += [f"M 100644 inline {path}\n".encode(), _blob(body)]
        (root / path).write_text(result_text, encoding="utf-8")
    stream.append(b"done\n")
    subprocess.run(
        ["git", "fast-import", "--quiet", "--force"],
        cwd=root,
        input=b"".join(stream),
        env=env,
        check=True,
    )
    subprocess.run(["git", "reset", "--quiet", "--hard", "main"], cwd=root, env=env, check=True)
    return 2 * len(posts)
