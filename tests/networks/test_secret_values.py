"""A secret read from the environment that no request can carry (non-ASCII, a control character,
a space or line break at either end) is refused before any request, naming its variable and
never quoting the value: publish blocks the post as it does for an unset secret, every other
reader (reconcile, metrics) gets a CredentialsError."""

from __future__ import annotations

import pytest

from smm.errors import CredentialsError
from smm.networks.base import Account, unsendable
from smm.redaction import MASK, redact
from smm.settings import Settings

NAME = "SMM_NORDLICHT_MASTODON_TOKEN"
FIELDS = {"instance": "https://mastodon.example", "token_env": NAME}
BAD = {
    "non-ASCII": "ma+st/od=on é Ж",
    "newline inside": "mastodonToken\nX-Injected: 1",
    "carriage return": "mastodonToken\rmore",
    "escape": "mastodon\x1b[31mToken",
    "DEL": "mastodonToken\x7f",
    "tab inside": "mastodon\tToken",
    "trailing newline": "mastodonTokenFromAFile\n",
    "leading space": " mastodonToken",
    "trailing space": "mastodonToken ",
    "NUL": "mastodon\x00Token",
}
GOOD = ("ma+st/od=on", "vk1.a.Xq+7/Zerno_kQ2dL9==", "OKAPPKEY with space", "7312:AAH-x_y")


def _quotes_nothing_of(text: str, value: str) -> bool:
    """No character of ``value`` that is not plain ASCII text, nor any 3 in a row of it."""
    odd = [c for c in value if not (c.isascii() and c.isprintable())]
    runs = {value[i : i + 3] for i in range(len(value) - 2)} - {"mas", "ast", "sto", "tod", "odo"}
    return not any(c in text or repr(c)[1:-1] in text for c in odd) and not any(
        r in text for r in runs if r.strip() and not r.isalpha()
    )


@pytest.mark.parametrize("value", list(BAD.values()), ids=list(BAD))
def test_a_value_no_request_can_carry_is_refused_naming_the_variable(value: str) -> None:
    assert unsendable(value)
    with pytest.raises(CredentialsError) as caught:
        Account.from_env("mastodon", FIELDS, {NAME: value})
    message = str(caught.value)
    assert NAME in message and "\n" not in message
    assert _quotes_nothing_of(message, value), message


@pytest.mark.parametrize("value", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize("stand_in", [None, "sandbox-token"], ids=["real", "sandbox"])
def test_publish_blocks_the_post_as_for_a_missing_secret(value: str, stand_in: str | None) -> None:
    """missing_secrets is what publish blocks a post on; a sandbox's stand-in token fills only an
    unset variable, so a bad value blocks a sandbox run too."""
    settings = Settings(env={NAME: value}, default_secret=stand_in)
    [entry] = settings.missing_secrets(FIELDS)
    assert entry.startswith(NAME + " (") and "\n" not in entry
    assert _quotes_nothing_of(entry, value), entry


@pytest.mark.parametrize("value", GOOD)
def test_a_token_a_header_can_carry_is_kept(value: str) -> None:
    assert unsendable(value) is None
    assert Account.from_env("mastodon", FIELDS, {NAME: value}).secrets == {"token": value}
    assert Settings(env={NAME: value}).missing_secrets(FIELDS) == []


def test_every_secret_of_an_account_is_checked_from_smm_secrets_too() -> None:
    fields = {"token_env": "SMM_T", "app_key_env": "SMM_K", "secret_env": "SMM_S"}
    settings = Settings(
        env={
            "SMM_SECRETS": '{"SMM_K": "appkey\\u00e9", "SMM_T": "tokenSMMSecrets1", "SMM_S": "secretSMMSecrets1"}'
        }
    )
    assert [e.split()[0] for e in settings.missing_secrets(fields)] == ["SMM_K"]
    with pytest.raises(CredentialsError, match="SMM_K"):
        settings.account("ok", fields)


def test_the_character_a_codec_error_quotes_is_masked() -> None:
    """What a publish run wrote when http.client met 'é' in a token: one character of the secret,
    in an internal error that is redacted like every other (smm.redaction)."""
    try:
        "Bearer ma+st/od=on é Ж".encode("ascii")
    except UnicodeEncodeError as exc:
        text = f"internal error: {type(exc).__name__}: {exc}"
    assert "\\xe9" in text and "\\xe9" not in redact(text) and MASK in redact(text)
    try:
        b"tok\xffen".decode("utf-8")
    except UnicodeDecodeError as exc:
        assert "0xff" in str(exc) and "0xff" not in redact(str(exc))
