"""Every network in the registry has all its parts: a rules file, an account schema, and where smm
publishes, an adapter that implements the Network protocol, a sandbox module whose APIs answer,
options for it, and a section in docs/networks.md (docs/add-a-network.md lists the parts)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import httpx
import pytest

from smm.content.schema import BRAND, NETWORK_IDS, json_schema
from smm.content.types import Obj
from smm.networks import registry
from smm.networks.base import Network
from smm.rules import network_rules
from smm.sandbox import Sandbox
from smm.sandbox.options import Flag, declared

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tools" / "smm"
NETWORKS_DOC = (ROOT / "docs" / "networks.md").read_text(encoding="utf-8")
PUBLISHERS = [entry for entry in registry.NETWORKS if entry.adapter]


def test_the_registry_is_the_one_list_of_networks_in_its_order() -> None:
    assert (
        NETWORK_IDS
        == registry.NETWORK_IDS
        == (
            "telegram",
            "vk",
            "ok",
            "instagram",
            "facebook",
            "x",
            "threads",
            "mastodon",
            "bluesky",
            "linkedin",
        )
    )
    assert registry.publishers() == (
        "telegram",
        "vk",
        "ok",
        "instagram",
        "facebook",
        "x",
        "threads",
        "mastodon",
        "bluesky",
        "linkedin",
    )
    assert list(declared()) == [
        "telegram",
        "vk",
        "ok",
        "instagram",
        "facebook",
        "x",
        "threads",
        "mastodon",
        "bluesky",
        "linkedin",
    ]


@pytest.mark.parametrize("entry", registry.NETWORKS, ids=lambda e: e.id)
def test_every_network_has_a_rules_file_and_an_account_schema(entry: registry.Entry) -> None:
    assert (PACKAGE / "rules" / f"{entry.id}.yaml").is_file()
    assert network_rules(entry.id).network == entry.id
    account = registry.account_schema(entry.id)
    # every account names the variables of its secrets: token_env, or a network's own
    # (Bluesky's app_password_env, X's four OAuth 1.0a keys)
    assert isinstance(account, Obj) and any(key.endswith("_env") for key in account.fields)
    # the brand schema (lint and the JSON Schema for editors) is the network's own declaration
    brand_accounts = json_schema("brand")["properties"]["accounts"]["properties"]
    assert brand_accounts[entry.id] == account.json()
    name = re.escape(network_rules(entry.id).name)
    assert re.search(rf"^## .*\b{name}\b", NETWORKS_DOC, re.MULTILINE), (
        "no section in docs/networks.md"
    )


def test_an_account_key_is_checked_against_its_own_network() -> None:
    brand = {
        "name": "b",
        "timezone": "UTC",
        "accounts": {"telegram": {"chat": "@b", "owner_id": -1}, "vk": {"owner_id": -1}},
    }
    problems = list(BRAND.check(brand, ()))
    assert [(key, rule) for key, rule, _ in problems] == [
        (("accounts", "telegram", "owner_id"), "schema/unknown-key")
    ]


@pytest.mark.parametrize("entry", PUBLISHERS, ids=lambda e: e.id)
def test_an_adapter_implements_the_network_protocol(entry: registry.Entry) -> None:
    cls = registry.adapter_class(entry.id)
    assert cls.id == entry.id
    for name in ("publish", "reconcile", "metrics"):
        method = getattr(cls, name)
        assert callable(method)
        assert list(inspect.signature(method).parameters) == list(
            inspect.signature(getattr(Network, name)).parameters
        ), name
    with httpx.Client() as client:
        assert registry.adapter(entry.id, client, "http://127.0.0.1:9").api_base.endswith(":9")


@pytest.mark.parametrize("entry", PUBLISHERS, ids=lambda e: e.id)
def test_a_publishing_network_has_a_sandbox_with_options(entry: registry.Entry) -> None:
    module = registry.sandboxes()[entry.id]
    options = module.OPTIONS
    assert dataclasses.is_dataclass(options) and options.__module__ == entry.sandbox
    assert options()  # every option has a default: a bare `smm sandbox` serves every network
    for field in dataclasses.fields(options):
        flag = field.metadata.get("flag")
        assert flag is None or (isinstance(flag, Flag) and flag.name.startswith(f"--{entry.id}-"))
    assert module.APIS and {api.__module__ for api in module.APIS} <= {
        entry.sandbox,
        "smm.sandbox.tme",  # t.me's pages, read with Telegram's options
        "smm.sandbox.mastodon_audience",  # a post's audience (contests, inbox), with its options
        "smm.sandbox.bsky_audience",
    }


def test_every_sandbox_api_answers_its_own_routes_and_no_other() -> None:
    apis = [api for module in registry.sandboxes().values() for api in module.APIS]
    with Sandbox() as sb, httpx.Client() as http:
        for api in apis:
            assert [other.network for other in apis if _routes(other, api.probe)] == [api.network]
            # a fault for this API's network meets the request: the server routed it there
            sb.inject(api.network, "500")
            assert http.get(f"{sb.url}{api.probe}").status_code in (200, 500), api.network
            assert sb._server is not None and sb._server.faults.items == [], api.network
        assert http.get(f"{sb.url}/nowhere").status_code == 404


def _routes(api: type, path: str) -> bool:
    return api.route(api.__new__(api), path) is not None


def test_an_unknown_sandbox_option_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="unknown sandbox option 'vk_per_minute': the options are"):
        Sandbox(vk_per_minute=5)
    assert Sandbox(vk_per_second=100).options["vk"].per_second == 100
