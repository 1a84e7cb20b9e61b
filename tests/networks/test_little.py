"""LinkedIn's little text: every text smm sends survives escaping, read back as LinkedIn reads it.

The reader is the sandbox's (sandbox/li_little.py), which cuts a post at an unescaped reserved
character as LinkedIn does; these tests prove that escape() leaves it nothing to cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks.little import RESERVED, escape
from smm.sandbox.li_little import parse

ROOT = Path(__file__).resolve().parents[2]
# text rich in what little reserves, next to letters, digits, spaces and line breaks
HOSTILE = st.text(
    alphabet=st.sampled_from(sorted(RESERVED) + list("aZ09ä_ \n#@.:/-€🙂")) | st.characters(),
    max_size=200,
)


@settings(max_examples=600, deadline=None)
@given(HOSTILE)
def test_every_text_survives_escaping_whole(text: str) -> None:
    read = parse(escape(text))
    assert (read.visible, read.truncated) == (text, False)


@pytest.mark.parametrize(
    "text",
    [
        "Neu (ab heute): Jacken -20 % *nur online*",
        "C# und F#, a_b, ~tilde~, <pfeil>, [link](x), {json}, a|b, \\back\\",
        "#nordlicht #Winter2026 #",
        "Mail: team@nordlicht.example, Handle @nordlicht",
        "https://nordlicht.example/a_(b)?x=1#frag",
    ],
)
def test_reserved_characters_show_as_written(text: str) -> None:
    assert parse(escape(text)).visible == text


def test_hashtags_stay_hashtags_so_they_remain_clickable() -> None:
    assert escape("Winter #nordlicht #wandern2026") == "Winter #nordlicht #wandern2026"
    assert escape("C#, #_x, a#b") == "C\\#, \\#\\_x, a\\#b"


def test_the_reader_cuts_an_unescaped_reserved_character_as_linkedin_does() -> None:
    """What escape() prevents: LinkedIn answers 201 and shows only the text before it."""
    read = parse("Neu (ab heute) im Shop")
    assert (read.visible, read.kept, read.truncated) == ("Neu ", "Neu ", True)
    assert parse("Trailing \\").truncated
    mention = parse("Danke @[Nordlicht](urn:li:organization:123) und {hashtag|\\#|winter}!")
    assert mention == type(mention)("Danke Nordlicht und #winter!", mention.kept, False)


def test_every_example_post_for_linkedin_survives_escaping() -> None:
    """The rendered text of each example post that goes to LinkedIn reads back whole."""
    from smm.preview import preview

    texts = [
        rendered.text
        for path in sorted((ROOT / "posts").rglob("*.md"))
        if "linkedin" in path.read_text(encoding="utf-8")
        for rendered in preview(str(path), "linkedin", ROOT)
    ]
    assert texts, "no example post goes to LinkedIn"
    for text in texts:
        assert parse(escape(text)).visible == text
