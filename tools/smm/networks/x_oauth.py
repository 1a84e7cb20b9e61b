"""OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X's user-context auth wants it.

docs/decisions.md says why smm signs X requests with OAuth 1.0a and not an OAuth 2.0 user token.
The signature covers the method, the base URL and every parameter of the query and of a
form-urlencoded body, with the ``oauth_*`` protocol parameters (RFC 5849 3.4.1.3); a JSON or
multipart body is not signed (X: "Creating a signature"; RFC 5849 3.4.1.3.1 lists only
``application/x-www-form-urlencoded`` bodies). The sandbox verifies with the same functions:
tests/networks/test_x_oauth.py pins them to the worked examples of X's documentation and RFC 5849.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

#: The protocol parameters a signed request carries, oauth_signature aside (RFC 5849 3.1).
PROTOCOL = (
    "oauth_consumer_key",
    "oauth_nonce",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_token",
    "oauth_version",
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HEADER_PARAM = re.compile(r'\s*([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"\s*(?:,|$)')


def percent_encode(value: str) -> str:
    """RFC 5849 3.6: UTF-8, then every byte but ALPHA, DIGIT, ``-``, ``.``, ``_``, ``~`` as %XX."""
    return quote(value.encode("utf-8"), safe="-._~")


def base_url(url: str) -> str:
    """RFC 5849 3.4.1.2: scheme and host in lower case, the default port dropped, no query."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path or '/'}"


def normalized_parameters(params: Iterable[tuple[str, str]]) -> str:
    """RFC 5849 3.4.1.3.2: each name and value encoded, sorted by name then value, joined."""
    pairs = sorted((percent_encode(k), percent_encode(v)) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def base_string(method: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """RFC 5849 3.4.1: METHOD&enc(base URL)&enc(normalized parameters)."""
    return "&".join(
        (
            method.upper(),
            percent_encode(base_url(url)),
            percent_encode(normalized_parameters(params)),
        )
    )


def signature(
    method: str,
    url: str,
    params: Iterable[tuple[str, str]],
    consumer_secret: str,
    token_secret: str,
) -> str:
    """RFC 5849 3.4.2: base64 of HMAC-SHA1 over the base string, keyed ``enc(cs)&enc(ts)``."""
    key = f"{percent_encode(consumer_secret)}&{percent_encode(token_secret)}"
    text = base_string(method, url, params)
    digest = hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization(
    method: str,
    url: str,
    params: Iterable[tuple[str, str]],
    *,
    consumer_key: str,
    consumer_secret: str,
    token: str,
    token_secret: str,
    nonce: str | None = None,
    timestamp: int | None = None,
) -> str:
    """The ``Authorization: OAuth ...`` header of a request to ``url`` (its query is signed)
    with ``params`` from a form-urlencoded body (none for JSON or multipart); a fresh nonce and
    the clock's timestamp unless given (tests pin them)."""
    protocol = {
        "oauth_consumer_key": consumer_key,
        "oauth_nonce": nonce or secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(timestamp if timestamp is not None else int(time.time())),
        "oauth_token": token,
        "oauth_version": "1.0",
    }
    signed = [*query_parameters(url), *params, *protocol.items()]
    protocol["oauth_signature"] = signature(method, url, signed, consumer_secret, token_secret)
    return "OAuth " + ", ".join(
        f'{percent_encode(k)}="{percent_encode(v)}"' for k, v in protocol.items()
    )


def query_parameters(url: str) -> list[tuple[str, str]]:
    """The query's name/value pairs, decoded (``+`` is a space only in form bodies, not here)."""
    query = urlsplit(url).query
    return [_decoded_pair(part) for part in query.split("&") if part] if query else []


def parse_authorization(header: str) -> dict[str, str] | None:
    """The parameters of an ``OAuth ...`` Authorization header (RFC 5849 3.5.1), ``realm``
    left out; None when it is not one."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    out: dict[str, str] = {}
    for name, value in _HEADER_PARAM.findall(rest):
        if name != "realm":
            out[unquote(name)] = unquote(value)
    return out


def verify(
    method: str,
    url: str,
    params: Iterable[tuple[str, str]],
    header: Mapping[str, str],
    consumer_secret: str,
    token_secret: str,
) -> bool:
    """Whether ``header`` (parsed) signs this request with these secrets."""
    given = header.get("oauth_signature", "")
    signed = [*params, *((k, v) for k, v in header.items() if k != "oauth_signature")]
    expected = signature(method, url, signed, consumer_secret, token_secret)
    return hmac.compare_digest(given.encode(), expected.encode())


def _decoded_pair(part: str) -> tuple[str, str]:
    name, _, value = part.partition("=")
    return unquote(name), unquote(value)
