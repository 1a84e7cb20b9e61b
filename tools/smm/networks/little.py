"""LinkedIn's "little" text format: how a post's commentary is escaped so it shows as written.

The Posts API reads ``commentary`` as little text (learn.microsoft.com, community-management
"little text format"): ``\\ | { } @ [ ] ( ) < > # * _ ~`` are reserved, and LinkedIn cuts the post
silently at the first reserved character that neither is escaped with a backslash nor starts a
little element (reports: apoorvdarshan/crossposter v1.1.5, brightbeanxyz/brightbean-studio#121,
ComposioHQ/composio#3185). ``escape`` backslash-escapes every reserved character except the ``#``
that opens a hashtag (``#`` at the start of a word, then letters and digits: a HashtagElement),
so hashtags stay clickable and every other character is shown as text. The sandbox parses little
text as LinkedIn does (sandbox/li_little.py); tests/networks/test_little.py proves that every
text survives the round trip.
"""

from __future__ import annotations

import re

#: The characters little text reserves (the little-text-format page's list).
RESERVED = frozenset("\\|{}@[]()<>#*_~")
#: A hashtag's word: letters and digits, none of them reserved (``_`` is).
HASHTAG_WORD = re.compile(r"[^\W_]+")


def escape(text: str) -> str:
    """``text`` as little text that LinkedIn shows exactly as ``text`` (module doc)."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char == "#" and _opens_hashtag(text, index):
            out.append(char)
        elif char in RESERVED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def unescape(little: str) -> str:
    """The text a commentary that ``escape`` wrote stands for: each backslash-escaped reserved
    character as itself (``unescape(escape(t)) == t``)."""
    return re.sub(r"\\([\\|{}@\[\]()<>#*_~])", r"\1", little)


def _opens_hashtag(text: str, index: int) -> bool:
    """A ``#`` at the start of a word followed by letters or digits: a HashtagElement."""
    before = text[index - 1] if index else " "
    starts_word = not (before.isalnum() or before == "_")
    return starts_word and HASHTAG_WORD.match(text, index + 1) is not None
