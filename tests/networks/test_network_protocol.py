"""Every adapter is a `Network` (networks/base.py), as the registry promises, and tells a person
what went wrong in the error tree's words: a brand file's unusable account is a ConfigError (no
network was asked), never a NetworkError."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.content.model import Image
from smm.errors import ConfigError, NetworkError
from smm.networks.base import Account, Outgoing
from smm.networks.compose import Rendered
from smm.networks.registry import NETWORKS, adapter, publishers
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "assets/zerno/winter-drinks-1280x720.jpg"
SECRETS = {"token": "sandbox-token", "app_key": "sandbox-app", "secret": "sandbox-token"}

#: per network, accounts a brand file may hold that smm cannot use
MISCONFIGURED: dict[str, list[tuple[dict[str, Any], str]]] = {
    "telegram": [({}, "'chat'"), ({"chat": ""}, "'chat'")],
    "vk": [({}, "'owner_id'"), ({"owner_id": "the group"}, "'owner_id'")],
    "ok": [({}, "'group_id'"), ({"group_id": "-12"}, "'group_id'")],
    "instagram": [
        ({"public_base_url": "http://127.0.0.1:9/"}, "'user_id'"),
        ({"user_id": "", "public_base_url": "http://127.0.0.1:9/"}, "'user_id'"),
    ],
    "mastodon": [
        ({"visibility": "everyone"}, "'visibility'"),
        ({"max_media_attachments": "four"}, "'max_media_attachments'"),
    ],
    "bluesky": [({}, "'handle'"), ({"handle": "@"}, "'handle'")],
    "x": [({}, "'user_id'"), ({"user_id": "@nordlicht"}, "'user_id'")],
    "facebook": [({}, "'page_id'"), ({"page_id": "nordlicht outdoor"}, "'page_id'")],
    "threads": [({"user_id": "@nordlicht", "public_base_url": "http://127.0.0.1:9/"}, "'user_id'")],
    "linkedin": [({}, "'page_id'"), ({"page_id": "urn:li:organization:1"}, "'page_id'")],
}


def _outgoing(network: str, settings: dict[str, Any]) -> Outgoing:
    rendered = Rendered(
        network=network,
        text="Зимнее меню",
        visible="Зимнее меню",
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(IMAGE, None, ())],
        hashtags=[],
        link=None,
        marking=None,
    )
    account = Account(network, settings, SECRETS)
    return Outgoing(rendered, account, ROOT, f"posts/zerno/2026/12/01-menu.md#{network}")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("state")) as sb:
        yield sb


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def test_every_network_has_a_misconfiguration_case():
    assert set(MISCONFIGURED) == set(publishers())


@pytest.mark.parametrize(
    ("network", "settings", "names"),
    [(n, s, k) for n, cases in MISCONFIGURED.items() for s, k in cases],
)
def test_an_unusable_account_is_a_config_error_and_nothing_is_sent(
    network: str,
    settings: dict[str, Any],
    names: str,
    sandbox: Sandbox,
    client: httpx.Client,
) -> None:
    net = adapter(network, client, sandbox.url)
    with pytest.raises(ConfigError, match=names) as info:
        net.publish(_outgoing(network, settings))
    assert not isinstance(info.value, NetworkError)
    assert str(info.value).startswith(f"{network}: the brand's {network} account")
    assert sandbox.posts() == []


def test_the_adapters_are_networks_to_mypy(tmp_path: Path) -> None:
    """registry.adapter() returns a Network: each adapter class must really be one, checked
    statically (publish, reconcile, metrics, notes, the constructor's keyword ``limiter``)."""
    lines = [line for line in NETWORKS if line.adapter]
    imports = "\n".join(f"from {line.module} import {line.adapter}" for line in lines)
    names = ", ".join(str(line.adapter) for line in lines)
    check = tmp_path / "adapters_are_networks.py"
    check.write_text(
        "import httpx\n"
        "from smm.networks.base import Network\n"
        "from smm.networks.http import RateLimiter\n"
        f"{imports}\n\n"
        f"ADAPTERS: list[type[Network]] = [{names}]\n\n\n"
        "def build(client: httpx.Client) -> list[Network]:\n"
        "    return [cls(client, None, limiter=RateLimiter(1, 1.0)) for cls in ADAPTERS]\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(check),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
