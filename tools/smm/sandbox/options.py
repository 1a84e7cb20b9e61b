"""Each emulated network's settings, declared in its sandbox module, and how they are given.

A sandbox module (sandbox/<id>.py) declares ``OPTIONS``, a dataclass of its settings with their
defaults; a field whose metadata is ``flag(...)`` is also a flag of `smm sandbox`, generated from
it (the CLI holds no per-network flag). ``Sandbox(...)`` and ``serve(...)`` take every field as the flat
keyword ``<network>_<field>`` (``vk_per_second=100``): tests and scripts read as the flags do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import click

from smm.networks.registry import sandboxes


@dataclass(frozen=True)
class Flag:
    """How an option appears in `smm sandbox`."""

    name: str  # "--telegram-token"
    help: str
    type: type = str  # str, int or float
    minimum: int | None = None  # the lowest value accepted
    multiple: bool = False  # given again for each value; the option holds the set (None: not given)
    envvar: str | None = None
    metavar: str | None = None
    #: the flag's values -> the option's value (``--ok-app KEY=SECRET`` -> {key: secret}); raises
    #: smm.errors.UsageError for a value it cannot read
    parse: Callable[[Any], Any] | None = None


def flag(name: str, help: str, **how: Any) -> dict[str, Flag]:
    """The metadata that makes an options field an `smm sandbox` flag:
    ``tokens: frozenset[str] | None = field(default=None, metadata=flag("--vk-token", "...", multiple=True))``."""
    return {"flag": Flag(name, help, **how)}


def declared() -> dict[str, type[Any]]:
    """Network id -> its sandbox options class, in registry order."""
    return {network: module.OPTIONS for network, module in sandboxes().items()}


def network_options(given: Mapping[str, Any]) -> dict[str, Any]:
    """Network id -> its options, from flat keywords ``<network>_<field>``; TypeError for a
    keyword no network declares. A collection becomes a frozenset (None stays: "accept any")."""
    classes = declared()
    names = {
        f"{network}_{f.name}": (network, f.name)
        for network, cls in classes.items()
        for f in fields(cls)
    }
    per_network: dict[str, dict[str, Any]] = {network: {} for network in classes}
    for keyword, value in given.items():
        if keyword not in names:
            raise TypeError(
                f"unknown sandbox option {keyword!r}: the options are {', '.join(sorted(names))}"
            )
        network, name = names[keyword]
        per_network[network][name] = _settled(value)
    return {network: cls(**per_network[network]) for network, cls in classes.items()}


def _settled(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
        return frozenset(value)
    return value


def click_options() -> list[click.Option]:
    """The `smm sandbox` flags of every network's options, named ``<network>_<field>``."""
    out = []
    for network, cls in declared().items():
        for f in fields(cls):
            flag = f.metadata.get("flag")
            if flag is None:
                continue
            kind: Any = click.IntRange(min=flag.minimum) if flag.minimum is not None else flag.type
            out.append(
                click.Option(
                    [flag.name, f"{network}_{f.name}"],
                    type=kind,
                    multiple=flag.multiple,
                    envvar=flag.envvar,
                    metavar=flag.metavar,
                    help=flag.help,
                    default=None if flag.multiple else f.default,
                    show_default=not flag.multiple and f.default is not None,
                )
            )
    return out


def from_click(values: Mapping[str, Any]) -> dict[str, Any]:
    """The flat keywords for ``serve`` from the flags' values: a flag not given is left out."""
    flags = {
        f"{network}_{f.name}": f.metadata["flag"]
        for network, cls in declared().items()
        for f in fields(cls)
        if "flag" in f.metadata
    }
    out = {}
    for keyword, value in values.items():
        flag = flags[keyword]
        if flag.multiple and not value:
            continue
        out[keyword] = flag.parse(value) if flag.parse else value
    return out
