"""Every spelling a secret can take on the wire is masked, for odd secret values: spaces, '+',
'/', '=', '&', '%', quotes, backslashes, control and non-ASCII characters (a value read from the
environment cannot have the last two, networks.base.unsendable, but a derived one or a network's
echo of it can). And the secret-looking parameter names the networks use are masked unregistered.
"""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import quote, quote_plus, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.redaction import MASK, redact, register_secret

ODD = " +/=&%?#\"'\\<>,;:@~.-_é Ж€😀\n\t\x1b"
VALUES = st.text(alphabet=st.sampled_from(ODD) | st.characters(codec="ascii"), max_size=24)


def wire_spellings(secret: str) -> dict[str, str]:
    """How a secret appears in an echoed request, an error body or a repr, by name."""
    once = quote(secret, safe="")
    return {
        "verbatim": secret,
        "percent": once,
        "percent, '/' safe": quote(secret),
        "percent, lower-case hex": re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), once),
        "percent, twice": quote(once, safe=""),
        "form (quote_plus)": quote_plus(secret),
        "form, '/' safe": quote_plus(secret, safe="/"),
        "form body": urlencode({"k": secret})[2:],
        "JSON": json.dumps(secret)[1:-1],
        "JSON, non-ASCII kept": json.dumps(secret, ensure_ascii=False)[1:-1],
        "JSON twice": json.dumps(json.dumps(secret))[3:-3],
        "PHP's \\/": json.dumps(secret)[1:-1].replace("/", "\\/"),
        "repr": repr(secret)[1:-1],
        "ascii()": ascii(secret)[1:-1],
        "HTML references": "".join(f"&#{ord(c)};" for c in secret),
    }


@settings(max_examples=150, deadline=None)
@given(VALUES)
def test_every_wire_spelling_of_an_odd_secret_is_masked(tail: str) -> None:
    # a unique head: no secret another example registered can match inside this one's text
    secret = uuid.uuid4().hex[:10] + tail
    register_secret(secret)
    for name, spelled in wire_spellings(secret).items():
        assert redact(f"echo: {spelled} (code 5)") == f"echo: {MASK} (code 5)", name


def test_the_ok_application_key_in_an_echoed_form_body() -> None:
    key = "OKAPPKEY with space"
    register_secret(key)
    body = f"method=mediatopic.post&{urlencode({'application_key': key})}&format=json"
    assert redact(body) == f"method=mediatopic.post&application_key={MASK}&format=json"


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "a=1&application_key=CBAUNREGISTERED&format=json",
            f"a=1&application_key={MASK}&format=json",
        ),
        ("format=json&sig=0a1b2c3d4e5f&x=1", f"format=json&sig={MASK}&x=1"),
        ("session_key=abc.def&x=1", f"session_key={MASK}&x=1"),
        (
            'OAuth oauth_consumer_key="ck123", oauth_token="1-abc", oauth_signature="s%2Fg%3D"',
            f'OAuth oauth_consumer_key="{MASK}", oauth_token="{MASK}", oauth_signature="{MASK}"',
        ),
        (
            '{"identifier": "zerno.bsky.social", "password": "abcd-efgh"}',
            f'{{"identifier": "zerno.bsky.social", "password": "{MASK}"}}',
        ),
        (
            '{"accessJwt": "eyJ0.x.y", "did": "did:plc:1"}',
            f'{{"accessJwt": "{MASK}", "did": "did:plc:1"}}',
        ),
        ("client_secret=s3cr3t+x", f"client_secret={MASK}"),
    ],
)
def test_parameter_names_the_networks_give_secrets_are_masked_unregistered(
    text: str, want: str
) -> None:
    assert redact(text) == want
