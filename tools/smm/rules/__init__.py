"""Stage data: per-network limits and rule packs, one YAML file per network, each number sourced.

A limit is ``{value, status, source}``; ``status`` is official, third-party or unconfirmed
(docs/networks.md). A limit that is not official is enforced as a warning unless its file
says ``level: error``, so a guess never blocks a post that the network would take.

Some limits belong to the server rather than the network: a Mastodon instance sets its own
``max_characters`` and the rest. Such a limit names, as ``account_key``, the key under which a
brand's account may state its server's number (mirroring the API's name); ``for_account`` puts
that number in place of the default, with status ``instance``. Lint never asks the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from smm.content.schema import NETWORK_IDS
from smm.content.yamlpos import load_data
from smm.findings import Level

_HERE = Path(__file__).parent


#: How sure a number is: the network documents it, someone else says so, nobody confirms it, or
#: the brand states it for its own server (an instance's configuration).
STATUSES = ("official", "third-party", "unconfirmed", "instance")


@dataclass(frozen=True)
class Limit:
    value: Any
    status: str
    source: str
    level: Level
    account_key: str | None = None  # the brand account's key that may state the server's own number

    def note(self) -> str:
        """What a message adds so that a reader knows how sure the number is."""
        return "" if self.status == "official" else f" ({self.status}: {self.source})"


def _limit(raw: Any) -> Limit | None:
    if not isinstance(raw, dict):
        return None
    status = raw.get("status", "unconfirmed")
    level: Level = (
        "error"
        if raw.get("level", "error" if status == "official" else "warning") == "error"
        else "warning"
    )
    return Limit(raw["value"], status, raw.get("source", ""), level, raw.get("account_key"))


@dataclass(frozen=True)
class Capability:
    """What the network's API allows after publishing (``edit:`` / ``retract:`` of a rules file):
    whether smm can do it, how sure that is, where it is said, and what a person should know."""

    supported: bool
    status: str
    source: str
    note: str = ""


def _capability(raw: Any) -> Capability | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("supported"), bool):
        return None
    return Capability(
        raw["supported"],
        str(raw.get("status", "")),
        str(raw.get("source", "")),
        str(raw.get("note") or ""),
    )


@dataclass(frozen=True)
class NetworkRules:
    network: str
    name: str
    text_format: str
    counter: str
    link_in_text: bool
    alt: str
    limits: dict[str, Limit]
    # edits and retractions of a live post (docs/publishing.md#edits-and-retractions); None where
    # the file does not say
    edit: Capability | None = None
    retract: Capability | None = None

    def limit(self, name: str) -> Limit | None:
        return self.limits.get(name)

    @property
    def comments(self) -> str | None:
        """How a first comment goes out (docs/publishing.md#first-comments): ``"comment"`` where the
        file sets ``comments.limit`` (a comment API), ``"reply"`` on a network that takes threads
        (a self-reply, counted as a post), None where smm cannot post one (Telegram, OK)."""
        if "comments.limit" in self.limits:
            return "comment"
        return "reply" if self.threads else None

    @property
    def threads(self) -> bool:
        """Whether the network takes a thread: its file names how a part replies (``threads.reply``)."""
        return "threads.reply" in self.limits

    @cached_property
    def _stateable(self) -> tuple[tuple[str, Limit, str], ...]:
        """The limits an account may state its own number for, with the account's key for it
        (lint asks for every post and network)."""
        return tuple(
            (name, limit, limit.account_key)
            for name, limit in self.limits.items()
            if limit.account_key
        )

    @cached_property
    def _accounts(self) -> dict[int, tuple[Mapping[str, Any], NetworkRules]]:
        """``for_account``'s answers by the account's identity: a brand's account is one mapping
        for the whole run, and lint asks for it about ten times a post."""
        return {}

    def for_account(self, account: Mapping[str, Any] | None) -> NetworkRules:
        """These rules with the numbers ``account`` (a brand's ``accounts.<network>``) states for its
        own server in place of the defaults: an error when over them, as the server refuses it."""
        if not isinstance(account, Mapping):
            return self
        known = self._accounts.get(id(account))
        if known is not None and known[0] is account:  # held here, so its id is not reused
            return known[1]
        if len(self._accounts) >= 256:  # many repositories in one process (tests): forget the old
            self._accounts.clear()
        answer = self._for_account(account)
        self._accounts[id(account)] = (account, answer)
        return answer

    def _for_account(self, account: Mapping[str, Any]) -> NetworkRules:
        stated = {}
        for name, limit, key in self._stateable:
            value = account.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                stated[name] = Limit(
                    value,
                    "instance",
                    f"accounts.{self.network}.{limit.account_key} of the brand",
                    "error",
                    limit.account_key,
                )
        return replace(self, limits={**self.limits, **stated}) if stated else self


@cache
def network_rules(network: str) -> NetworkRules:
    raw = load_data((_HERE / f"{network}.yaml").read_text(encoding="utf-8"))
    text, images, hashtags = (
        raw.get("text", {}),
        raw.get("images", {}),
        raw.get("hashtags", {}) or {},
    )
    limits = {}
    # posting: the access tier's caps (X: posts a month); threads: how a thread's part replies
    # and at most how many parts; comments: a first comment's limit, where it is a comment
    sections = ("mentions", "links", "posting", "threads", "comments")
    for prefix, section in (
        ("text", text),
        ("images", images),
        ("hashtags", hashtags),
        *((name, raw.get(name, {}) or {}) for name in sections),
    ):
        for key, value in section.items():
            limit = _limit(value)
            if limit:
                limits[f"{prefix}.{key}"] = limit
    return NetworkRules(
        raw["network"],
        raw["name"],
        text["format"],
        text["counter"],
        bool(text.get("link_in_text", True)),
        images.get("alt", "unsupported"),
        limits,
        _capability(raw.get("edit")),
        _capability(raw.get("retract")),
    )


@cache
def general() -> dict[str, Any]:
    raw = load_data((_HERE / "general.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise TypeError("rules/general.yaml is not a mapping")  # shipped data: a packaging fault
    return raw


@cache
def supported() -> tuple[str, ...]:
    """Network ids that have a rule file (the others are known ids without rules yet)."""
    return tuple(n for n in NETWORK_IDS if (_HERE / f"{n}.yaml").exists())
