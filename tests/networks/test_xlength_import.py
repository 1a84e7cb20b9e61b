"""X's count imports only the port's modules a text needs, without the package's ``__init__``
(networks/xlength.py ``_port``), and never its emoji module, which builds a pattern of every emoji
and needs pkg_resources: networks/x_emoji.py reads twitter-text's own emoji list."""

from __future__ import annotations

import subprocess
import sys

import pytest

PORT_MODULES = (
    "twitter_text.regexp.extract_url",
    "twitter_text.regexp.emoji",
    "twitter_text.parse_tweet",
    "pkg_resources",
)


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("Привет, мир", []),  # no dot: no link to look for
        ("zerno.ru 🍋", ["twitter_text.regexp.extract_url"]),  # no emoji sequence
        ("zerno.ru 👍🏽", ["twitter_text.regexp.extract_url"]),  # an emoji sequence
        ("Привет 👩‍💻 🇷🇺", []),
    ],
)
def test_only_the_patterns_a_text_needs_are_built(text, loaded):
    probe = (
        "import sys; from smm.networks.xlength import weighted_length; "
        f"print(weighted_length({text!r})); "
        f"print([m for m in {PORT_MODULES!r} if m in sys.modules], 'twitter_text' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    count, modules = done.stdout.split("\n", 1)
    assert modules.split("] ")[0] + "]" == str(loaded)
    assert modules.split()[-1] == "False"  # the package's __init__ never ran
    from twitter_text import parse_tweet

    assert int(count) == parse_tweet(text).weightedLength
