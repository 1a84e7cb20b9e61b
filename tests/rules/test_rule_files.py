"""Every number in tools/smm/rules/*.yaml says how sure it is and where it comes from, and a number
a brand's account may state for its own server names a key the brand schema has for that account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm.content.schema import BRAND
from smm.rules import STATUSES, network_rules, supported

RULES = Path(__file__).resolve().parents[2] / "tools/smm/rules"


def numbers(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, node) for each limit mapping ({value: ...}) and each bare number in ``node``."""
    if isinstance(node, dict):
        if "value" in node:
            yield path, node
            return
        for key, value in node.items():
            yield from numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from numbers(value, f"{path}[{index}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


@pytest.mark.parametrize("file", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_number_keeps_its_status_and_its_source(file: Path) -> None:
    for path, node in numbers(yaml.safe_load(file.read_text(encoding="utf-8"))):
        assert isinstance(node, dict), (
            f"{file.name}: {path} is a bare number; write {{value, status, source}}"
        )
        assert node.get("status") in STATUSES[:3], (
            f"{file.name}: {path} has status {node.get('status')!r}"
        )
        assert str(node.get("source") or "").strip(), f"{file.name}: {path} has no source"


@pytest.mark.parametrize("network", supported())
def test_an_account_key_is_a_key_of_that_networks_account(network: str) -> None:
    accounts = BRAND.fields["accounts"].type
    account = accounts.special.get(network, accounts.value)  # type: ignore[attr-defined]
    for name, limit in network_rules(network).limits.items():
        if limit.account_key:
            assert limit.account_key in account.fields, (
                f"{network}: {name} names unknown key {limit.account_key}"
            )


def test_mastodon_names_the_instances_four_numbers() -> None:
    keys = {
        name: limit.account_key
        for name, limit in network_rules("mastodon").limits.items()
        if limit.account_key
    }
    assert keys == {
        "text.limit": "max_characters",
        "text.url_length": "characters_reserved_per_url",
        "images.max_count": "max_media_attachments",
        "images.alt_max": "description_limit",
    }


def test_an_accounts_own_numbers_are_worked_out_once_and_kept_apart_per_account():
    """for_account answers a brand's account from memory the second time (lint asks ten times a
    post), and never gives one account's numbers to another."""
    from smm.rules import network_rules

    rules = network_rules("mastodon")
    big, small = {"max_characters": 5000}, {"max_characters": 300}
    first = rules.for_account(big)
    assert first.limit("text.limit").value == 5000
    assert rules.for_account(big) is first
    assert rules.for_account(small).limit("text.limit").value == 300
    assert rules.for_account(dict(big)) is not first  # an equal but other mapping: worked out anew
    assert rules.for_account(dict(big)).limit("text.limit").value == 5000
    assert rules.for_account({}) is rules and rules.for_account(None) is rules


#: Numbers (and counting units) the product's facts sheet calls unconfirmed: each keeps the word
#: beside it, as its status or in its source, so that it is easy to find and correct.
UNCONFIRMED_IN_FACTS = [
    ("vk", "text.limit"),  # "unconfirmed (commonly cited ~16 384 chars)"
    ("vk", "images.max_count"),  # "10 attachments (third-party code comment; unconfirmed)"
    ("ok", "text.limit"),
    ("ok", "images.max_count"),
    ("ok", "images.max_bytes"),
    ("ok", "images.formats"),
    ("facebook", "text.limit"),  # "63 206 [third-party; unconfirmed officially]"
    ("facebook", "images.max_count"),  # "max unconfirmed; vendors say 10"
    ("linkedin", "text.limit"),  # "3 000 [third-party]; official limit not retrieved (unconfirmed)"
]
#: Networks whose counting unit the facts sheet calls unconfirmed ("code-point length; exact unit
#: unconfirmed"): their text limit says so beside it.
UNIT_UNCONFIRMED = ("vk", "ok", "instagram", "facebook", "linkedin")


@pytest.mark.parametrize(("network", "name"), UNCONFIRMED_IN_FACTS)
def test_what_the_fact_sheet_calls_unconfirmed_says_unconfirmed(network: str, name: str) -> None:
    limit = network_rules(network).limit(name)
    assert limit is not None, f"{network}: {name} is gone"
    assert limit.status == "unconfirmed" or "unconfirmed" in limit.source, (network, name)


@pytest.mark.parametrize("network", UNIT_UNCONFIRMED)
def test_a_text_limit_whose_unit_is_unconfirmed_says_so(network: str) -> None:
    rules = network_rules(network)
    limit = rules.limit("text.limit")
    assert rules.counter == "codepoints" and limit is not None
    assert "unit unconfirmed" in limit.source, network
