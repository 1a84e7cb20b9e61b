"""smm.redaction and the places text leaves smm through it: every error's text, the outcomes of a
publish run (all its outputs and its commits), the readings and notes of a metrics run, httpx's log.

The registry is process-wide, so each test registers secrets of its own that no other test uses.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from smm.errors import MaybePostedError, NetworkError
from smm.metrics.summary import MetricsReport, Reading
from smm.networks.base import Account
from smm.networks.http import client as http_client
from smm.publish.summary import Outcome, PublishReport
from smm.redaction import MASK, redact, register_secret
from smm.sandbox import Sandbox

SECRET = "EAAGredaction+Test/Token0123456789=="


def spellings(secret: str) -> dict[str, str]:
    """The spellings of ``secret`` an echoed request can carry, by name."""

    def each(encode: object) -> str:
        return "".join(encode(c) if not c.isalnum() else c for c in secret)  # type: ignore[operator]

    return {
        "verbatim": secret,
        "percent": quote(secret, safe=""),
        "percent, lower-case hex": re.sub(
            "%[0-9A-F]{2}", lambda m: m.group().lower(), quote(secret, safe="")
        ),
        "percent, twice": quote(quote(secret, safe=""), safe=""),
        "percent, every character": "".join(f"%{ord(c):02X}" for c in secret),
        "JSON \\u escapes": each(lambda c: f"\\u{ord(c):04x}"),
        "PHP's \\/": secret.replace("/", "\\/"),
        "PHP's \\/ escaped again": secret.replace("/", "\\\\/"),
        "HTML references": each(lambda c: f"&#{ord(c)};"),
        "HTML hex references": each(lambda c: f"&#x{ord(c):x};"),
        "mixed": quote(secret[:12], safe="") + secret[12:].replace("/", "\\u002F"),
    }


@pytest.mark.parametrize("spelling", list(spellings(SECRET)))
def test_a_registered_secret_is_masked_in_every_spelling(spelling: str) -> None:
    register_secret(SECRET)
    text = f"wall.post: error: POST /method/wall.post access-token-was {spellings(SECRET)[spelling]} (code 5)"
    assert (
        redact(text) == f"wall.post: error: POST /method/wall.post access-token-was {MASK} (code 5)"
    )


@pytest.mark.parametrize(
    "text, want",
    [
        ("POST /bot123456:AAH-x_y/sendMessage", f"POST /bot{MASK}/sendMessage"),
        (
            "GET /v24.0/1?fields=id&access_token=EAAGunregistered%2Bx&x=1",
            f"GET /v24.0/1?fields=id&access_token={MASK}&x=1",
        ),
        ("access_token%3Dabc123", f"access_token%3D{MASK}"),
        (
            '{"client_secret": "s3cr3t", "v": "5.199"}',
            f'{{"client_secret": "{MASK}", "v": "5.199"}}',
        ),
        ("{'session_secret_key': 'abc'}", f"{{'session_secret_key': '{MASK}'}}"),
        (
            '[{"key":"access_token","value":"vk1.a.unregistered"},{"key":"v","value":"5.199"}]',
            f'[{{"key":"access_token","value":"{MASK}"}},{{"key":"v","value":"5.199"}}]',
        ),
        ("Authorization: Bearer vk1.a.unregisteredBearerToken", f"Authorization: Bearer {MASK}"),
    ],
)
def test_values_that_look_like_secrets_are_masked_unregistered(text: str, want: str) -> None:
    assert redact(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "wall.post: Access denied: no access to call this method (code 15)",
        "media_publish: The bearer of this message (subcode 2207042)",
        "Зимнее меню уже в кофейнях: латте с корицей и пряный раф",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_a_short_secret_is_masked_only_as_a_whole_word() -> None:
    register_secret("q7Zk")
    assert redact("key q7Zk, again %71%37Zk") == f"key {MASK}, again {MASK}"
    assert redact("aq7Zkb stays") == "aq7Zkb stays"


def test_an_account_registers_every_secret_it_holds() -> None:
    token, secret = "tkn1AccountHeld+Token/abc==", "AccountHeldAppSecret0123456789"
    Account("ok", {"token_env": "A", "secret_env": "B"}, {"token": token, "secret": secret})
    assert redact(f"{quote(token, safe='')} {secret}") == f"{MASK} {MASK}"


def test_every_error_is_redacted_when_it_becomes_text() -> None:
    token = "vk1.a.ErrorText+Token/xyz=="
    Account("vk", {"token_env": "X"}, {"token": token})
    error = MaybePostedError(
        "vk", f"wall.post: echo owner_id=-1&access_token={quote(token, safe='')}", code=token
    )
    for text in (str(error), error.one_line(), repr(error.one_line())):
        assert token not in text and quote(token, safe="") not in text and MASK in text
    assert isinstance(error, NetworkError)


def test_every_output_and_entry_of_a_publish_run_is_redacted() -> None:
    """Outcomes carry text that is not an SmmError too: internal errors."""
    token = "7312345678:AAHOutcomeTokenNeverShown_x1"
    Account("telegram", {"token_env": "T"}, {"token": token})
    leaky = Outcome(
        "posts/zerno/x.md",
        "telegram",
        "unknown",
        id=f"id-{token}",
        url=f"https://t.me/{token}",
        error=f"internal error: KeyError: '{json.dumps({'token': token})}'",
        note=f"retried with {quote(token, safe='')}",
    )
    report = PublishReport([leaky])
    outputs = [
        report.json(),
        report.table(),
        report.markdown(),
        json.dumps(leaky.entry("run", "smm-1")),
    ]
    for text in outputs:
        assert token not in text and quote(token, safe="") not in text and "AAHOutcome" not in text
    assert leaky.error == f'internal error: KeyError: \'{{"token": "{MASK}"}}\''


def test_every_output_of_a_metrics_run_is_redacted() -> None:
    token = "EAAGReadingTokenNeverShown+abc/def=="
    Account("instagram", {"token_env": "I"}, {"token": token})
    report = MetricsReport(
        [
            Reading(
                "posts/zerno/x.md",
                "instagram",
                "failed",
                id="1",
                error=f"internal error: ValueError: {token}",
            )
        ]
    )
    report.note("vk", f"vk: no reach ({token.replace('/', chr(92) + '/')})")
    for text in (report.json(), report.table(), report.markdown()):
        assert "ReadingTokenNeverShown" not in text and MASK in text


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path) as sb:
        yield sb


def test_httpx_logs_no_secret_from_a_query_string(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    token = "EAAGQueryStringToken+logged/never=="
    Account("instagram", {"token_env": "I"}, {"token": token})
    caplog.set_level(logging.DEBUG)
    with http_client() as client:  # every client smm makes comes from networks/http.py
        client.get(f"{sandbox.url}/v24.0/1789", params={"fields": "id", "access_token": token})
    assert "/v24.0/1789?fields=id&access_token=" in caplog.text
    assert "QueryStringToken" not in caplog.text
