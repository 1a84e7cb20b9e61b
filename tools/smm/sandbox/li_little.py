"""LinkedIn's parser of "little" text, as the sandbox applies it to a post's ``commentary``.

learn.microsoft.com, community-management "little text format": a backslash escapes a reserved
character (``\\ | { } @ [ ] ( ) < > # * _ ~``); the elements are a hashtag (``#`` and a word of
letters and digits), a mention (``@[Name](urn:li:person:1)`` or ``urn:li:organization:1``,
shown as its name) and the hashtag template (``{hashtag|\\#|word}``, shown as ``#word``). Any
other reserved character, unescaped, ends the post there: LinkedIn answers 201 and shows the
text before it (crossposter v1.1.5, brightbean-studio#121, composio#3185), so the sandbox keeps
the commentary up to that point and a truncated post shows exactly what LinkedIn would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smm.networks.little import HASHTAG_WORD, RESERVED

_MENTION = re.compile(r"@\[([^\]\\\[]*)\]\((urn:li:(?:person|organization):\d+)\)")
_TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^\W_]+)\}")


@dataclass(frozen=True)
class Little:
    """What LinkedIn makes of a commentary: the text readers see, and the little text kept."""

    visible: str
    kept: str  # the commentary up to where it was cut (all of it when nothing was)
    truncated: bool


def parse(little: str) -> Little:
    """Read ``little`` as LinkedIn does (module doc)."""
    out: list[str] = []
    index = 0
    while index < len(little):
        char = little[index]
        match = None
        if char == "\\" and index + 1 < len(little) and little[index + 1] in RESERVED:
            out.append(little[index + 1])
            index += 2
            continue
        if char == "#":
            match = HASHTAG_WORD.match(little, index + 1)
            shown = f"#{match.group()}" if match else ""
        elif char == "@":
            match = _MENTION.match(little, index)
            shown = match.group(1) if match else ""
        elif char == "{":
            match = _TEMPLATE.match(little, index)
            shown = f"#{match.group(1)}" if match else ""
        elif char not in RESERVED:
            out.append(char)
            index += 1
            continue
        if match is None:  # an unescaped reserved character: the post ends here
            return Little("".join(out), little[:index], True)
        out.append(shown)
        index = match.end()
    return Little("".join(out), little, False)
