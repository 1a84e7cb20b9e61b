"""The one list of networks: one line each, in the order every listing of networks follows.

A line names the network's module (networks/<id>.py, whose ``ACCOUNT`` is the schema of a brand
file's ``accounts.<id>``), its adapter class in that module if smm can publish there, and its
sandbox module (sandbox/<id>.py, whose ``APIS`` are the emulated APIs and ``OPTIONS`` their
settings). Everything is named by string and imported only when asked for, so importing this
module costs nothing: content/schema.py takes ``NETWORK_IDS`` from here. docs/add-a-network.md
says how a network joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from smm.errors import UsageError

if TYPE_CHECKING:
    import httpx

    from smm.content.types import Obj
    from smm.networks.base import Network


@dataclass(frozen=True)
class Entry:
    """One network's parts, by import path."""

    id: str
    module: str  # networks/<id>.py: ACCOUNT, and the adapter class if there is one
    adapter: str | None = None  # the adapter class in ``module``; None: smm only lints posts
    sandbox: str | None = None  # sandbox/<id>.py: APIS and OPTIONS


NETWORKS = (
    Entry("telegram", "smm.networks.telegram", "Telegram", "smm.sandbox.telegram"),
    Entry("vk", "smm.networks.vk", "VK", "smm.sandbox.vk"),
    Entry("ok", "smm.networks.ok", "OK", "smm.sandbox.ok"),
    Entry("instagram", "smm.networks.instagram", "Instagram", "smm.sandbox.instagram"),
    Entry("facebook", "smm.networks.facebook", "Facebook", "smm.sandbox.facebook"),
    Entry("x", "smm.networks.x", "X", "smm.sandbox.x"),
    Entry("threads", "smm.networks.threads", "Threads", "smm.sandbox.threads"),
    Entry("mastodon", "smm.networks.mastodon", "Mastodon", "smm.sandbox.mastodon"),
    Entry("bluesky", "smm.networks.bluesky", "Bluesky", "smm.sandbox.bluesky"),
    Entry("linkedin", "smm.networks.linkedin", "LinkedIn", "smm.sandbox.linkedin"),
)

#: Network ids, used in front matter, brand accounts, rule ids and CLI options (docs/design.md#files).
NETWORK_IDS = tuple(entry.id for entry in NETWORKS)
_BY_ID = {entry.id: entry for entry in NETWORKS}


def entry(network: str) -> Entry:
    """The registry line of ``network`` (KeyError if there is none)."""
    return _BY_ID[network]


def account_schema(network: str) -> Obj:
    """The schema of a brand file's ``accounts.<network>``, declared in the network's module."""
    schema: Obj = import_module(entry(network).module).ACCOUNT
    return schema


def adapter_class(network: str) -> type[Network]:
    """The adapter class of ``network``; UsageError where smm cannot publish there."""
    line = _BY_ID.get(network)
    if line is None or line.adapter is None:
        raise UsageError(f"smm cannot publish to {network} yet")
    cls: type[Network] = getattr(import_module(line.module), line.adapter)
    return cls


def adapter(network: str, client: httpx.Client, api_base: str | None = None) -> Network:
    """An adapter instance for ``network`` over ``client`` (``api_base``: the sandbox, if set)."""
    return adapter_class(network)(client, api_base)


def publishers() -> tuple[str, ...]:
    """The networks smm can publish to, in registry order."""
    return tuple(entry.id for entry in NETWORKS if entry.adapter)


def sandboxes() -> dict[str, Any]:
    """Network id -> its sandbox module (APIS, OPTIONS), for the networks that have one."""
    return {entry.id: import_module(entry.sandbox) for entry in NETWORKS if entry.sandbox}
