"""Secrets out of every text smm shows or commits.

A secret is registered the moment it is read (networks.base.Account does so for every value it
takes from the environment; an adapter registers what it derives, like OK's session secret).
``redact`` then replaces it wherever text leaves smm: every error's text (errors.SmmError), the
outcomes and readings that every output and commit of publish and metrics is made from, and
httpx's log. A network that quotes the request back in an error (VK's request_params, a proxy's
error page) may carry a secret in any spelling a request has, so each one is matched as
verbatim, percent-encoded (either case, once or twice), JSON-escaped (``\\uXXXX``, PHP's
``\\/``, doubled backslashes) and as an HTML character reference, in any mix.

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
_SECRET_NAMES = r"(?:access_token|refresh_token|client_secret|session_secret_key|application_secret_key|secret_key)"
_PATTERNS = (
    # Telegram's token shape (digits:secret) in a URL path
    (re.compile(r"/bot[0-9]+:[A-Za-z0-9_-]+"), "/bot" + MASK),
    # name=value in a query string or form body, the '=' possibly percent-encoded
    (re.compile(rf"(?i)(\b{_SECRET_NAMES}(?:=|%3D))[^&\s\"'<>]+"), r"\1" + MASK),
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
    options = [re.escape(char)]
    code = ord(char)
    if code < 0x80:
        hex_ = _any_case(f"{code:02X}")
        options += [
            f"%(?:25)?{hex_}",  # percent-encoded, once or twice
            rf"\\+u00{hex_}",  # JSON's \u002F (a backslash doubled by a second encoding too)
            f"&#0*{code};",
            f"&#[xX]0*{hex_};",
        ]  # HTML character references
        if not char.isalnum():
            options.append(rf"\\+{re.escape(char)}")  # PHP's json_encode writes / as \/
    else:
        options.append(rf"\\+u{_any_case(f'{code:04X}')}")
    return f"(?:{'|'.join(options)})"


def _any_case(hex_digits: str) -> str:
    return "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in hex_digits)
