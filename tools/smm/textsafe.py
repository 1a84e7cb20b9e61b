"""Text for a person's terminal: control characters are shown, never obeyed.

File names, YAML keys and values, network answers and commit messages reach human-readable
output. A newline in one would forge a line (a fake finding, a fake table row), ESC would
recolour or rewrite the terminal, NUL, BEL, DEL and the C1 controls do what the terminal makes
of them, U+2028/U+2029 break lines in editors and browsers, and the bidi embedding, override and
isolate controls reorder what is shown ("Trojan Source"). Every text renderer passes what it did
not write itself through ``one_line`` (a field inside a line) or ``block`` (a text of several
lines, such as a post's body); JSON output needs neither, since json.dumps escapes them.

A URL read from a file becomes a link only when it is a web address (``web_address``): a
``javascript:`` or ``data:`` URL in a post's ``published:`` block would run in the reader's
browser when clicked.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BIDI = "\u202a-\u202e\u2066-\u2069"
#: Every C0 control, DEL, every C1 control, the Unicode line and paragraph separators, bidi controls.
_IN_A_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
#: The same, less tab and newline, which a block keeps.
_IN_A_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def one_line(text: str) -> str:
    """``text`` as one line: every control character (newlines too) written as an escape."""
    if (
        text.isprintable()
    ):  # no control, separator or format character at all: the common case, fast
        return text
    return _IN_A_LINE.sub(_shown, text)


def block(text: str) -> str:
    """``text`` with its lines and tabs kept (CRLF read as a line end) and every other control
    character written as an escape."""
    return _IN_A_BLOCK.sub(_shown, text.replace("\r\n", "\n"))


def web_address(text: object) -> bool:
    """Whether ``text`` is an absolute http(s) URL with a host, and nothing a browser would
    read otherwise (spaces, control characters, a backslash)."""
    if not isinstance(text, str) or not text.isprintable() or any(c in text for c in " \\"):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a bracketed host that is not an IPv6 address
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def listed(names: list[str], most: int = 5) -> str:
    """``names`` for a note, in order: at most ``most``, then how many more (a note names the
    files it is about, so that none is left out unsaid, and stays one line)."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
