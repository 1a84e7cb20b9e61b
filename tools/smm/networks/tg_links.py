"""How Telegram checks and normalises the URL of a text link, ported from TDLib.

``checked_link`` is LinkManager::get_checked_link (td/telegram/LinkManager.cpp, check_link_impl)
over tdutils' parse_url and HttpUrl::get_url (tdutils/td/utils/HttpUrl.cpp): the scheme and host
lower-cased, ``/`` added as the path when there is none, bytes up to 0x20 in the rest
percent-encoded, trailing whitespace dropped; a link without a scheme becomes http://; tg:, ton:
and tonsite: links are kept in their short form. A link it cannot read (no host, a host without
a dot, a bad port or percent sign) is the empty string, and parse_html then drops the entity.
``link_user_id`` is LinkManager::get_link_user_id: ``tg://user?id=<n>`` mentions a user.

Behaviour re-implemented from TDLib (tdlib/td, Copyright Aliaksei Levin and Arseny Smirnov
2014-2026), which is distributed under the Boost Software License 1.0; its text is in
tests/sandbox/data/LICENSE_1_0.txt.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

_SPACE = b" \t\r\n\0\v"
_URL_PART = b"._-!$,~*'();&+="  # besides letters and digits: what RFC 3986 allows (check_url_part)
MAX_USER_ID = (1 << 40) - 1


@dataclass
class _HttpUrl:
    https: bool
    userinfo: bytes
    host: bytes
    is_ipv6: bool
    specified_port: int
    query: bytes

    def url(self) -> bytes:
        port = b":%d" % self.specified_port if self.specified_port > 0 else b""
        userinfo = self.userinfo + b"@" if self.userinfo else b""
        return (
            (b"https://" if self.https else b"http://") + userinfo + self.host + port + self.query
        )


def _till(data: bytes, stops: bytes, start: int = 0) -> int:
    """ConstParser::read_till_nofail: the first position of any of ``stops``, else the end."""
    return min(
        (p for p in (data.find(bytes([c]), start) for c in stops) if p >= 0), default=len(data)
    )


def _canonical_int(value: bytes) -> int | None:
    """to_integer_safe: the number if ``value`` is exactly its decimal spelling, else None."""
    text = value.decode("ascii", "replace")
    try:
        number = int(text, 10)
    except ValueError:
        return None
    return number if str(number) == text else None


def _url_part_ok(part: bytes, allow_colon: bool) -> bool:
    i = 0
    while i < len(part):
        c = part[i]
        if (
            (chr(c).isascii() and chr(c).isalnum())
            or c in _URL_PART
            or (allow_colon and c == ord(":"))
            or c >= 0x80
        ):
            i += 1
        elif (
            c == ord("%")
            and all(chr(h) in "0123456789abcdefABCDEF" for h in part[i + 1 : i + 3])
            and len(part[i + 1 : i + 3]) == 2
        ):
            i += 3
        else:
            return False
    return True


def _parse_url(url: bytes) -> _HttpUrl | None:
    """parse_url: [http(s)://][userinfo@]host[:port][/query], or None where TDLib errs."""
    end = _till(url, b":/?#@[]")
    https, pos = False, 0
    if url.startswith(b"://", end):
        scheme = url[:end].lower()
        if scheme not in (b"http", b"https"):
            return None
        https, pos = scheme == b"https", end + 3
    stop = _till(url, b"/?#", pos)
    authority, rest = url[pos:stop], url[stop:]
    port, userinfo_host = 0, authority
    colon = len(authority) - 1
    while colon > 0 and authority[colon] not in b":]@":
        colon -= 1
    if colon > 0 and authority[colon] == ord(":"):
        digits = authority[colon + 1 :]
        while len(digits) > 1 and digits[:1] == b"0":
            digits = digits[1:]
        number = _canonical_int(digits)
        port = number if number else -1
        userinfo_host = authority[:colon]
    if not 0 <= port <= 65535:
        return None
    userinfo, _, host = userinfo_host.rpartition(b"@")
    is_ipv6 = host[:1] == b"[" and host[-1:] == b"]"
    if is_ipv6:
        try:
            socket.inet_pton(socket.AF_INET6, host[1:-1].decode("ascii"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
    if not host or host == b".":
        return None
    rest = rest.rstrip(_SPACE) or b"/"
    query = (b"" if rest[:1] == b"/" else b"/") + b"".join(
        b"%%%02X" % c if c <= 0x20 else bytes([c]) for c in rest
    )
    host = host.lower()
    if is_ipv6:
        if any(c not in b":0123456789abcdef." for c in host[1:-1]):
            return None
    elif not (_url_part_ok(host, False) and _url_part_ok(userinfo, True)):
        return None
    return _HttpUrl(https, userinfo, host, is_ipv6, port, query)


def checked_link(link: str) -> str:
    """The URL Telegram keeps for a text link, or "" if it is not a valid link."""
    data = link.encode("utf-8", "surrogatepass")
    scheme = next(
        (s for s in (b"tg", b"ton", b"tonsite") if data[: len(s) + 1].lower() == s + b":"), None
    )
    if scheme:
        data = data[len(scheme) + 1 :]
        data = data[2:] if data.startswith(b"//") else data
    url = _parse_url(data)
    if url is None:
        return ""
    if scheme:
        if (
            data[:7].lower() == b"http://"
            or url.https
            or url.userinfo
            or url.specified_port
            or url.is_ipv6
        ):
            return ""
        query = url.query[1:] if url.query[1:2] == b"?" else url.query
        allowed = b"-_." if scheme == b"tonsite" else b"-_"
        if any(not (chr(c).isascii() and chr(c).isalnum()) and c not in allowed for c in url.host):
            return ""
        return (scheme + b"://" + url.host + query).decode("utf-8", "surrogatepass")
    if b"." not in url.host and not url.is_ipv6:
        return ""
    return url.url().decode("utf-8", "surrogatepass")


def link_user_id(url: str) -> int:
    """The user a ``tg://user?id=<n>`` link mentions, or 0."""
    rest = url.encode("utf-8", "surrogatepass").lower()
    if not rest.startswith(b"tg:"):
        return 0
    rest = rest[3:]
    rest = rest[2:] if rest.startswith(b"//") else rest
    if not rest.startswith(b"user") or (len(rest) > 4 and rest[4:5] not in (b"/", b"?", b"#")):
        return 0
    rest = rest[4:]
    rest = rest[1:] if rest.startswith(b"/") else rest
    if not rest.startswith(b"?"):
        return 0
    for parameter in rest[1:].partition(b"#")[0].split(b"&"):
        key, _, value = parameter.partition(b"=")
        if key == b"id":
            number = _canonical_int(value)
            return number if number is not None and 0 < number <= MAX_USER_ID else 0
    return 0
