"""The small typed interface every network module implements.

A network module (networks/<id>.py) renders nothing itself (compose.render does, from the
network's rule file); it sends a rendered post, finds a post it may have sent before
(reconcile), and reads metrics back. HTTP goes through the one ``httpx.Client`` passed in; the
base URL comes from ``api_base`` so the same code talks to the real API or to `smm sandbox`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from smm.errors import CredentialsError
from smm.redaction import register_secret

if TYPE_CHECKING:  # annotations only: a network module's ACCOUNT is read on every `smm lint`
    import httpx

    from smm.networks.compose import Rendered
    from smm.networks.http import RateLimiter

#: The figures smm keeps, whatever each network calls them. Engagements (for the report) are
#: likes + comments + shares + reactions + saves; a network leaves out what it does not report.
METRIC_KEYS = ("views", "reach", "likes", "comments", "shares", "reactions", "saves", "clicks")
#: Above this a figure is not a count a network gave (a hand edit, a typo): 10^15.
MAX_FIGURE = 10**15


def figure(value: object) -> int | None:
    """A figure of a ``metrics:`` entry as a whole number, or None when it is not one smm wrote:
    not a number (text, a list, a bool, a YAML value smm refuses), negative, NaN, infinite or
    above MAX_FIGURE. Everything that reads the block (report, site, lint) goes through here."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not 0 <= value <= MAX_FIGURE:  # NaN fails both comparisons; infinity the second
        return None
    return int(value)


def figures(entry: object) -> dict[str, int]:
    """The figures of one network's ``metrics:`` entry that smm can count (METRIC_KEYS only)."""
    if not isinstance(entry, Mapping):
        return {}
    found = {key: figure(entry.get(key)) for key in METRIC_KEYS if key in entry}
    return {key: value for key, value in found.items() if value is not None}


@dataclass(frozen=True)
class Account:
    """A brand's account on one network, with its secrets read from the environment."""

    network: str
    settings: Mapping[str, Any]  # the brand file's accounts.<network> mapping
    secrets: Mapping[str, str] = field(repr=False, default_factory=dict)  # e.g. {"token": ...}
    language: str | None = None  # the brand's (BCP 47), for a network whose posts carry one

    def __post_init__(self) -> None:
        for value in self.secrets.values():  # hidden from every output from the moment it is held
            register_secret(value)
        for key, value in self.secrets.items():
            why = unsendable(value)
            if why:  # refused before any request is built: none could leave with it
                name = self.settings.get(f"{key}_env") or f"the {key} secret"
                raise CredentialsError(f"{self.network}: {refusal(str(name), why)}")

    @classmethod
    def from_env(
        cls,
        network: str,
        settings: Mapping[str, Any],
        env: Mapping[str, str],
        stand_in: str | None = None,
        language: str | None = None,
    ) -> Account:
        """Each ``<name>_env`` key of the brand's account names an environment variable whose
        value becomes ``secrets[<name>]``; ``stand_in`` fills what is unset (sandbox runs only)."""
        secrets: dict[str, str] = {}
        for key, name in settings.items():
            if key.endswith("_env") and isinstance(name, str):
                value = env.get(name) or stand_in
                if value:
                    secrets[key[:-4]] = value
        if "token" not in secrets and stand_in:
            secrets["token"] = stand_in
        return cls(network, settings, secrets, language)

    @staticmethod
    def missing(settings: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
        """Names of the environment variables the account names that are not set."""
        return [
            name
            for key, name in settings.items()
            if key.endswith("_env") and isinstance(name, str) and not env.get(name)
        ]

    @staticmethod
    def unusable(settings: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
        """The environment variables the account names that are set to a value no request can
        carry, each as its name and why (never the value or any character of it)."""
        found = []
        for key, name in settings.items():
            if key.endswith("_env") and isinstance(name, str):
                why = unsendable(env.get(name) or "")
                if why:
                    found.append(f"{name} (its value has {why}, which no request can carry)")
        return found


def unsendable(value: str) -> str | None:
    """Why a secret cannot go into a request as it is (None when it can), in words that quote no
    character of it. A header value is ASCII without control characters (http.client refuses the
    rest after the connection is open, so the failure would look like a request that may have
    left); a space or line break at either end is a pasting mistake, never part of a token."""
    if value != value.strip():
        return "a space or line break at either end"
    if not value.isascii():
        return "a character that is not ASCII"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return "a control character"
    return None


def refusal(name: str, why: str) -> str:
    """The one line that refuses a secret's value: its variable's name and why, never the value."""
    return f"{name} is set to a value with {why}, which no request can carry: set it to the token"


@dataclass(frozen=True)
class Published:
    """What a network answered for a stored post."""

    id: str
    url: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outgoing:
    """One post on its way to one network."""

    rendered: Rendered
    account: Account
    root: Path  # repository root: image paths are relative to it
    marker: str  # a token unique to (post, network), used to find the post again (reconcile)
    claimed_at: datetime | None = (
        None  # when the claim was made: the post cannot be older (reconcile)
    )
    # a thread's parts already published, in order (empty for a single post or a first part): the
    # adapter sends this one as a reply to the last of them (Bluesky: in the thread of the first)
    thread: tuple[Published, ...] = ()


class HttpAdapter:
    """What every adapter shares: the one client, the base URL (real API or sandbox), the pacing.

    ``limiter`` is a class attribute, so every instance in a process shares the network's pace.
    """

    id: str
    real_api: str
    limiter: RateLimiter

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.client = client
        self.api_base = (api_base or self.real_api).rstrip("/")
        if limiter is not None:
            self.limiter = limiter
        self.notes: list[str] = []


class Network(Protocol):
    """What publish, recover and metrics use of an adapter (registry.adapter returns one).

    A network that cannot do something for an account (no way to search a private Telegram
    channel, no figures from its API) raises UnsupportedError; an account whose settings in the
    brand file are missing or unusable raises ConfigError; a token missing from the environment
    raises CredentialsError (smm.errors has the tree).
    """

    id: str
    #: what the last metrics() call wants a person to know (figures rounded, some left out)
    notes: list[str]

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
    ) -> None: ...

    def publish(self, outgoing: Outgoing) -> Published:
        """Send the post; raises RetryableError, MaybePostedError or NetworkError."""
        ...

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The post if the network already has it (found by marker or text), else None.

        Raises UnsupportedError where the network offers no way to look (a private Telegram
        channel), UnconfirmedError where it shows something that cannot be told apart (two
        posts with the same text since the claim).
        """
        ...

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Figures of published posts by id, with keys from METRIC_KEYS (only those the API gives);
        a figure the network shows rounded comes with ``<key>_shown`` and ``<key>_rounded: True``.

        Batched where the API allows it; raises UnsupportedError, with a message saying what the
        API cannot give, where it gives nothing.
        """
        ...


@runtime_checkable
class Commenting(Protocol):
    """What an adapter adds where a first comment is a comment, not a self-reply (rules file:
    ``comments.limit``; docs/publishing.md#first-comments). Self-reply networks need nothing: the
    comment is ``publish`` with ``Outgoing.thread`` = the post's parts."""

    def publish_comment(self, outgoing: Outgoing, on: Published) -> Published:
        """Post outgoing.rendered.text as a comment under the post ``on`` (the brand's own
        comment); RetryableError / MaybePostedError as publish."""
        ...

    def reconcile_comment(self, outgoing: Outgoing, on: Published) -> Published | None:
        """The comment if it is already under ``on`` (by the marker/text since the claim),
        None when surely absent; UnconfirmedError / UnsupportedError as reconcile."""
        ...


@runtime_checkable
class Editing(Protocol):
    """What an adapter adds where the network can change a live post's text (rules file:
    ``edit.supported``; docs/publishing.md#edits-and-retractions). The live post's ``Published``
    is rebuilt from its published: entry (id, url and the extra the network keeps)."""

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        """Replace the live post's text (and its attachments where the network's edit replaces
        them, e.g. VK wall.edit) with outgoing.rendered; same id. RetryableError when certainly
        not applied, MaybePostedError when it may have been, UnsupportedError where the network
        or tier cannot edit."""
        ...

    def live_text(self, account: Account, live: Published) -> str | None:
        """The live post's current text as the network stores it (compare with what smm sends:
        the network may normalise), or None when the post is gone."""
        ...


@runtime_checkable
class Retracting(Protocol):
    """What an adapter adds where the network can delete a live post (rules file:
    ``retract.supported``)."""

    def retract(self, account: Account, live: Published) -> None:
        """Delete the live post. A post already gone counts as done (no error): retracting is
        idempotent, so a retry after a crash is safe."""
        ...
