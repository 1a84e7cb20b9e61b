"""Network id -> adapter class, imported only when a run sends to that network."""

from __future__ import annotations

from importlib import import_module

import httpx

from smm.errors import UsageError
from smm.networks.base import Network

_ADAPTERS = {
    "telegram": "smm.networks.telegram:Telegram",
    "vk": "smm.networks.vk:VK",
    "ok": "smm.networks.ok:OK",
    "instagram": "smm.networks.instagram:Instagram",
}


def adapter(network: str, client: httpx.Client, api_base: str | None = None) -> Network:
    """An adapter instance for ``network`` over ``client`` (``api_base``: the sandbox, if set)."""
    try:
        module, name = _ADAPTERS[network].split(":")
    except KeyError:
        raise UsageError(f"smm cannot publish to {network} yet") from None
    network_class: type[Network] = getattr(import_module(module), name)
    return network_class(client, api_base)


def publishers() -> tuple[str, ...]:
    return tuple(_ADAPTERS)
