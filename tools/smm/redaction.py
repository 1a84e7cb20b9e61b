"""Secrets out of every text smm shows or commits.

A secret is registered the moment it is read (networks.base.Account does so for every value it
takes from the environment; an adapter registers what it derives, like OK's session secret).
``redact`` then replaces it wherever text leaves smm: every error's text (errors.SmmError), the
outcomes and readings that every output and commit of publish and metrics is made from, and
httpx's log. A network that quotes the request back in an error (VK's request_params, a proxy's
error page) may carry a secret in any spelling a request has, so each one is matched as
verbatim, percent-encoded (either case, once or twice; a non-ASCII character as its UTF-8 bytes;
a space as ``+``, as form bodies and ``quote_plus`` write it), JSON-escaped (``\\uXXXX``, ``\\n``
and the other short escapes, PHP's ``\\/``, doubled backslashes), as Python's repr writes it
(``\\xe9``) and as an HTML character reference, in any mix. No network takes HTTP basic auth, so
no secret is ever sent base64-encoded (X's OAuth signature is base64, but of a digest).

Independently of the registry, values of parameters named like secrets (``access_token=…``,
``"client_secret": "…"``, VK's ``{"key": "access_token", "value": "…"}``), bearer tokens and
Telegram bot tokens in a URL path are replaced, so a secret smm never read is hidden too, and so
is the character a codec error quotes (``can't encode character '\\xe9'``): it may be one of a
secret's.
"""

from __future__ import annotations

import re
import threading

MASK = "***"
#: Shorter secrets are matched only as whole words: masking every "abc" would garble the output.
SHORT = 8
#: Names the networks give secrets (or values made from them) in a query, form, JSON body or
#: header: OK's application_key, sig and session_key, X's OAuth 1.0a header parameters, Bluesky's
#: createSession password and the JWTs it answers with, OAuth 2's tokens and client secret.
_SECRET_NAMES = (
    r"(?:access_token|refresh_token|client_secret|session_secret_key|application_secret_key"
    r"|application_key|secret_key|session_key|sig|oauth_token|oauth_token_secret"
    r"|oauth_consumer_key|oauth_signature|password|app_password|accessJwt|refreshJwt)"
)
_PATTERNS = (
    # Telegram's token shape (digits:secret) in a URL path
    (re.compile(r"/bot[0-9]+:[A-Za-z0-9_-]+"), "/bot" + MASK),
    # name=value in a query string or form body, the '=' possibly percent-encoded; name="value"
    # in an OAuth header
    (re.compile(rf"(?i)(\b{_SECRET_NAMES}(?:=|%3D)(?:\"|%22)?)[^&\s\"'<>,]+"), r"\1" + MASK),
    # "name": "value" in JSON or a Python repr
    (re.compile(rf"(?i)([\"']{_SECRET_NAMES}[\"']\s*:\s*[\"'])[^\"']*"), r"\1" + MASK),
    # VK's request_params: {"key": "access_token", "value": "..."}
    (
        re.compile(
            rf"(?i)([\"']key[\"']\s*:\s*[\"']{_SECRET_NAMES}[\"']\s*,\s*[\"']value[\"']\s*:\s*[\"'])[^\"']*"
        ),
        r"\1" + MASK,
    ),
    # an Authorization header's bearer token (long enough not to be an ordinary word)
    (re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{16,}"), r"\1" + MASK),
    # the character or byte a UnicodeEncodeError / UnicodeDecodeError quotes
    (
        re.compile(
            r"(codec can't (?:en|de)code (?:characters?|bytes?) )('(?:[^'\\]|\\.)*'|0x[0-9a-fA-F]+)"
        ),
        r"\1" + MASK,
    ),
)

#: JSON's and Python's one-letter escapes of control characters
_SHORT_ESCAPES = {"\n": "n", "\r": "r", "\t": "t", "\b": "b", "\f": "f"}

_lock = threading.Lock()
_secrets: dict[str, re.Pattern[str]] = {}


def register_secret(secret: str) -> None:
    """Hide ``secret`` (in every spelling, see the module doc) from every later ``redact``."""
    if not secret or secret in _secrets:
        return
    pattern = "".join(_spellings(char) for char in secret)
    if len(secret) < SHORT:
        pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
    compiled = re.compile(pattern)
    with _lock:
        _secrets[secret] = compiled


def redact(text: str) -> str:
    """``text`` with every registered secret, and every value that looks like one, masked."""
    if not text:
        return text
    with _lock:
        patterns = sorted(_secrets.items(), key=lambda item: len(item[0]), reverse=True)
    for _, pattern in patterns:
        text = pattern.sub(MASK, text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _spellings(char: str) -> str:
    """A regex for one character of a secret in any of the spellings the module doc lists."""
    options: list[str] = []
    code = ord(char)
    # percent-encoded, once or twice: a character beyond ASCII as its UTF-8 bytes
    options.append("".join(f"%(?:25)?{_any_case(f'{b:02X}')}" for b in char.encode("utf-8")))
    if code <= 0xFFFF:  # JSON's \u002F (a backslash doubled by a second encoding too)
        options.append(rf"\\+u{_any_case(f'{code:04X}')}")
    else:  # JSON's surrogate pair, Python's \U0001F600
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        options.append(rf"\\+u{_any_case(f'{high:04X}')}\\+u{_any_case(f'{low:04X}')}")
        options.append(rf"\\+U{_any_case(f'{code:08X}')}")
    if code <= 0xFF:  # Python's repr writes \xe9, \x1b
        options.append(rf"\\+x{_any_case(f'{code:02X}')}")
    options += [f"&#0*{code};", f"&#[xX]0*{_any_case(f'{code:X}')};"]  # HTML references
    if char == " ":
        options.append(r"\+")  # a form body's (quote_plus's) space
    if char in _SHORT_ESCAPES:
        options.append(rf"\\+{_SHORT_ESCAPES[char]}")  # JSON's \n
    elif code < 0x80 and not char.isalnum():
        options.append(rf"\\+{re.escape(char)}")  # PHP's json_encode writes / as \/
    # verbatim last: the first alternative that fits wins, and '&' would leave '#38;' of '&#38;'
    options.append(re.escape(char))
    return f"(?:{'|'.join(options)})"


def _any_case(hex_digits: str) -> str:
    return "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in hex_digits)
