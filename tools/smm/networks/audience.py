"""What a network tells smm about its audience: a contest's entrants and the comments to answer.

Two read-only calls, on the adapters that can make them (VK, Instagram, Facebook, Threads, Mastodon, Bluesky):
``entrants`` (who commented, reposted or liked a post: `smm draw`, docs/contests.md) and
``feedback`` (the comments and mentions under the brand's posts: `smm inbox`). Only public
handles and ids are kept: nothing else about a person is read or written.

``LISTS`` says which entry kinds each network can list, and ``NO_LIST`` why the others cannot;
lint (contest/entry-unlisted) and the commands read the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Set

    from smm.networks.base import Account, Published

ENTRY_KINDS = ("comment", "repost", "like")

#: network -> the entry kinds its API lists one by one (docs/contests.md#what-each-network-gives)
LISTS: dict[str, tuple[str, ...]] = {
    "vk": ("comment", "repost", "like"),  # wall.getComments, wall.getReposts, likes.getList
    "instagram": ("comment",),  # /{media}/comments; likes and shares are only counts
    "facebook": ("comment",),  # /{post-id}/comments?filter=stream
    "threads": ("comment",),  # /{media-id}/conversation
    "mastodon": ("comment", "repost", "like"),  # context, reblogged_by, favourited_by
    "bluesky": ("comment", "repost", "like"),  # getPostThread, getRepostedBy, getLikes
}

#: network -> why it lists no entrants (or fewer kinds), in a sentence for lint and the commands
NO_LIST: dict[str, str] = {
    "telegram": "a channel post's comments live in a linked discussion group the bot may not "
    "read, and reactions and forwards are only counts",
    "instagram": "the Graph API gives likes and shares only as counts, never who",
    "x": "reading replies, likes and reposts needs a paid API tier smm does not assume",
    "facebook": "Graph's /{post-id}/reactions withholds who reacted unless they authorized the "
    "app, and shares are only a count",
    "threads": "the Threads API gives likes, reposts and quotes only as counts, never who",
    "linkedin": "the API gives a post's comments (GET /rest/socialActions/{urn}/comments, "
    "r_organization_social), but smm does not read them yet",
    "ok": "smm does not read OK discussions (comments) or likes yet",
}

#: network -> what its inbox cannot see (smm inbox prints it as a note)
NO_INBOX: dict[str, str] = {
    "telegram": NO_LIST["telegram"],
    "x": "reading mentions and replies needs a paid API tier smm does not assume",
    "linkedin": NO_LIST["linkedin"],
    "ok": "smm does not read OK discussions (comments) yet",
}


def why_unlisted(network: str, entry: str) -> str | None:
    """None if ``network`` lists entries of kind ``entry``, else why not."""
    if entry in LISTS.get(network, ()):
        return None
    return NO_LIST.get(network, f"smm cannot list {entry}s on {network}")


@dataclass(frozen=True)
class Entrant:
    """One person who entered: their public id and handle on the network, and when (None where the
    network does not say: likes and reposts on most)."""

    id: str
    handle: str
    at: datetime | None = None


@dataclass(frozen=True)
class Feedback:
    """A comment or mention under (or about) a brand's post; ``answered`` if a brand account
    replied to it."""

    network: str
    id: str
    handle: str
    text: str
    at: datetime
    url: str
    post_url: str
    answered: bool = False
    kind: str = "comment"  # comment | mention


@runtime_checkable
class Audience(Protocol):
    """The adapters that can read their audience (VK, Instagram, Facebook, Threads, Mastodon,
    Bluesky)."""

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """Everyone who entered by ``entry`` (comment | repost | like) under the post ``live``,
        the brand's own account left out, each once, as the network lists them; UnsupportedError
        for an entry kind the network cannot list."""
        ...

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under the post ``live`` by anyone but the brand, each marked answered if
        the brand replied to it."""
        ...


@runtime_checkable
class Mentions(Protocol):
    """The adapters that can read the brand's mentions anywhere (Mastodon, Bluesky)."""

    def mentions(self, account: Account, since: datetime | None, known: Set[str]) -> list[Feedback]:
        """Posts that mention or answer the brand's account (kind ``mention``), newest first back
        to ``since``, each marked answered if the brand replied to it; ids in ``known`` (the
        comments already found under posts) left out."""
        ...
