"""The plan as iCalendar (RFC 5545), for a calendar app to subscribe to.

One VEVENT per (post, network):

* ``UID``: a hash of the post's path and the network, ``@smm``. It does not include the time, so
  moving a post moves its event in a subscribed calendar instead of deleting it and adding another
  (renaming the file does make a new event).
* ``DTSTART`` in UTC (``...Z``); the app shows it in its own zone. No ``DTEND``: an instant.
* ``DTSTAMP``: the run's clock (``--now``), in UTC.
* ``SUMMARY``: ``<network>: <title or first words>``; ``DESCRIPTION``: network, state, kind,
  campaign, budget share, path, then the first lines of the text that network gets; ``URL``: the
  published post, once there is one. ``TRANSP:TRANSPARENT``: a post does not make anyone busy.

Text values escape backslash, semicolon, comma and newlines (§3.3.11); lines end in CRLF and are
folded at 75 octets without splitting a UTF-8 character (§3.1). TEXT holds no control character
but HTAB (§3.3.11, §3.1 CONTROL), so any other one from a file name, title or text (ESC, NUL,
DEL, C1) is written as its escape (``\x1b``, textsafe.block): shown, never obeyed. ``URL`` is
written only for a web address (textsafe.web_address): a published: entry is a file anyone can
edit, and a line break in it would add properties of its own. The UID is hex.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from smm.plan.model import Plan, Slot
from smm.report.numbers import fmt_money
from smm.textsafe import block, web_address

PRODID = "-//smm//smm plan//EN"
LIMIT = 75  # octets per line, CRLF not counted


def escape(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): line ends as ``\\n``, other control characters shown."""
    value = block(value.replace("\r\n", "\n").replace("\r", "\n"))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (§3.1): CRLF and a space before each continuation,
    never inside a UTF-8 character."""
    if len(line) <= LIMIT and line.isascii():
        return line + "\r\n"
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return line + "\r\n"
    parts, start, room = [], 0, LIMIT
    while start < len(data):
        end = min(start + room, len(data))
        while (
            end < len(data) and data[end] & 0xC0 == 0x80
        ):  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, room = end, LIMIT - 1  # a continuation line starts with a space
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


def uid(path: str, network: str) -> str:
    return hashlib.blake2b(f"{path}\0{network}".encode(), digest_size=10).hexdigest() + "@smm"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(s: Slot) -> str:
    lines = [f"Network: {s.network}", f"State: {s.state}", f"Kind: {s.kind}"]
    if s.campaign:
        lines.append(f"Campaign: {s.campaign}")
    if s.share is not None:
        lines.append(f"Budget: {fmt_money(s.share)} {s.currency or ''}".rstrip())
    lines.append(f"Post: {s.path}")
    if s.url:
        lines.append(f"URL: {s.url}")
    if s.text:
        lines += ["", s.text]
    return "\n".join(lines)


def event(s: Slot, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(s.path, s.network)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(s.when)}",
        f"SUMMARY:{escape(f'{s.network}: {s.title}')}",
        f"DESCRIPTION:{escape(_description(s))}",
    ]
    if s.url and web_address(s.url):
        lines.append(f"URL:{s.url}")  # a URI value: not TEXT, not escaped, so checked
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def to_ics(result: Plan) -> str:
    stamp = _utc(result.now)
    names = [bp.name for bp in result.brands]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape('smm plan: ' + ', '.join(names) if names else 'smm plan')}",
    ]
    if len(result.brands) == 1:
        lines.append(f"X-WR-TIMEZONE:{result.brands[0].tz.key}")
    for bp in result.brands:
        for s in bp.slots:
            lines += event(s, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
