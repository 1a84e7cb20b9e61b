"""The Mastodon sandbox's objects: accounts (one per token), media attachments and statuses.

Statuses are kept as posts in the sandbox's State (``/_sandbox/posts?network=mastodon``) and shown
as REST::StatusSerializer shows them: ``content`` is HTML as Mastodon's TextFormatter writes it
(paragraphs in ``<p>``, ``<br />`` for a line break, links with the scheme in an invisible span,
hashtags linked to ``/tags/<name>``), never the text that was sent. Ids are snowflake-sized
numbers in strings, as Mastodon's are. Counts are a test's or grow with the status's age
(growth.py).
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime
from typing import Any

from smm.sandbox.growth import record, shown
from smm.sandbox.state import Config, State

ID_BASE = 113_000_000_000_000_000  # Mastodon ids are 64-bit snowflakes, sent as strings
FIGURES = ("favourites_count", "reblogs_count", "replies_count", "quotes_count")
_TOKEN = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'])|(?<![\w/#])#(\w+)")


class Store:
    """Accounts, media and statuses over the sandbox's State (persisted with it)."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    def _table(self, name: str) -> dict[str, Any]:
        """``mastodon_<name>`` of the state (made again after a /_sandbox/reset)."""
        table: dict[str, Any] = self.state.data.setdefault(f"mastodon_{name}", {})
        return table

    # -- accounts ----------------------------------------------------------------------------

    def account(self, token: str) -> dict[str, Any]:
        """The account a token belongs to, made on first sight (the state keeps a digest, not the token)."""
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        with self.state.lock:
            accounts = self._table("accounts")
            if digest not in accounts:
                number = self.state.next_id("mastodon_account")
                accounts[digest] = {"id": str(ID_BASE + number), "username": f"smm{number}"}
                self.state.save()
            return dict(accounts[digest])

    def account_json(self, account: dict[str, Any], base: str) -> dict[str, Any]:
        return {
            "id": account["id"],
            "username": account["username"],
            "acct": account["username"],
            "display_name": account["username"],
            "url": f"{base}/@{account['username']}",
            "statuses_count": len(self.statuses_of(account["id"])),
        }

    # -- media -------------------------------------------------------------------------------

    def add_media(self, account_id: str, image: dict[str, Any], description: str) -> str:
        with self.state.lock:
            media_id = str(ID_BASE + self.state.next_id("mastodon_media"))
            self._table("media")[media_id] = {
                "account": account_id,
                "description": description or None,
                "image": image,
                "uploaded": self.config.now(),
                "status": None,
            }
            self.state.save()
            return media_id

    def media(self, media_id: str) -> dict[str, Any] | None:
        with self.state.lock:
            found = self._table("media").get(media_id)
            return dict(found) if found else None

    def attach(self, media_ids: list[str], status_id: str) -> None:
        """Mark media as a status's: no longer free to attach elsewhere (an edit's new media)."""
        with self.state.lock:
            for media_id in media_ids:
                self._table("media")[media_id]["status"] = status_id

    def media_json(
        self, media_id: str, processing: float, base: str
    ) -> tuple[bool, dict[str, Any]]:
        """(processed, the MediaAttachment entity); ``url`` is null until processed."""
        media = self.media(media_id) or {}
        ready = self.config.now() >= media.get("uploaded", 0) + processing
        image = media.get("image") or {}
        url = f"{base}/system/media_attachments/{media_id}/original.jpg"
        return ready, {
            "id": media_id,
            "type": "image",
            "url": url if ready else None,
            "preview_url": f"{base}/system/media_attachments/{media_id}/small.jpg",
            "description": media.get("description"),
            "meta": {"original": {"width": image.get("width"), "height": image.get("height")}},
        }

    # -- statuses ----------------------------------------------------------------------------

    def idempotent(self, account_id: str, key: str) -> str | None:
        """The status an Idempotency-Key made for this account within the last hour, if any."""
        entry = self._table("idempotency").get(f"{account_id}:{key}")
        return entry[0] if entry and entry[1] > self.config.now() else None

    def add_status(self, post: dict[str, Any], idempotency: str, media_ids: list[str]) -> None:
        with self.state.lock:
            for media_id in media_ids:
                self._table("media")[media_id]["status"] = post["id"]
            if idempotency:  # Redis SETEX 3600 in PostStatusService
                key = f"{post['account']}:{idempotency}"
                self._table("idempotency")[key] = [
                    post["id"],
                    self.config.now() + 3600,
                ]
            self.state.add_post(post)  # saves

    def next_status_id(self) -> str:
        return str(ID_BASE + self.state.next_id("mastodon"))

    def statuses_of(self, account_id: str) -> list[dict[str, Any]]:
        """The account's statuses, newest first."""
        mine = [p for p in self.state.posts("mastodon") if p["account"] == account_id]
        return sorted(mine, key=lambda p: int(p["id"]), reverse=True)

    def status(self, status_id: str) -> dict[str, Any] | None:
        return next((p for p in self.state.posts("mastodon") if p["id"] == status_id), None)

    def set_figures(self, status_id: str, figures: dict[str, int]) -> None:
        with self.state.lock:
            for post in self.state.data["posts"]:
                if post["network"] == "mastodon" and post["id"] == str(status_id):
                    return record(self.state, post, figures, FIGURES)
        raise KeyError(f"no mastodon status {status_id}")

    def figures(self, post: dict[str, Any]) -> dict[str, int]:
        """A status's counts: a test's (``set_figures``), else grown with its age (growth.py)."""
        born = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00")).timestamp()
        return shown(self.config, post, born, FIGURES)

    def status_json(self, post: dict[str, Any], base: str) -> dict[str, Any]:
        """A status as REST::StatusSerializer shows it (the fields a client reads)."""
        return {
            "id": post["id"],
            "created_at": post["created_at"],
            "in_reply_to_id": post.get("reply_to"),
            "sensitive": bool(post["spoiler_text"]),
            "spoiler_text": post["spoiler_text"],
            "visibility": post["visibility"],
            "language": post["language"],
            "uri": f"{base}/users/{post['username']}/statuses/{post['id']}",
            "url": f"{base}/@{post['username']}/{post['id']}",
            **self.figures(post),
            "edited_at": post.get("edited_at"),
            "content": content_html(post["text"], base),
            "account": {
                "id": post["account"],
                "username": post["username"],
                "acct": post["username"],
                "url": f"{base}/@{post['username']}",
            },
            "media_attachments": [
                self.media_json(media_id, 0.0, base)[1] for media_id in post["media_ids"]
            ],
            "tags": [{"name": t, "url": f"{base}/tags/{t}"} for t in _tags(post["text"])],
            "mentions": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }


def now_iso(config: Config) -> str:
    """The sandbox's clock as Mastodon writes created_at: ``2026-12-03T09:00:00.000Z``."""
    moment = datetime.fromtimestamp(config.now(), UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def content_html(text: str, base: str) -> str:
    """Plain text as Mastodon's TextFormatter renders it: linkified, then simple_format."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        f"<p>{_linkify(p, base).replace(chr(10), '<br />')}</p>" for p in paragraphs if p
    )


def _linkify(text: str, base: str) -> str:
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        url, tag = match.group(1), match.group(2)
        if url:
            scheme, rest = url.split("://", 1)
            shown, hidden = rest[:30], rest[30:]
            out.append(
                f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" '
                f'translate="no"><span class="invisible">{scheme}://</span>'
                f'<span class="{"ellipsis" if hidden else ""}">{html.escape(shown)}</span>'
                f'<span class="invisible">{html.escape(hidden)}</span></a>'
            )
        else:
            out.append(
                f'<a href="{base}/tags/{tag.lower()}" class="mention hashtag" rel="tag">'
                f"#<span>{html.escape(tag)}</span></a>"
            )
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _tags(text: str) -> list[str]:
    return [m.group(2).lower() for m in _TOKEN.finditer(text) if m.group(2)]
