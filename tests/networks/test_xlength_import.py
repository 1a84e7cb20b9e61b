"""twitter-text-parser is imported without pkg_resources (networks/xlength.py _import_port): the
same emoji list and patterns, in half the time, and no pkg_resources left behind."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys, time
{imports}
from twitter_text.regexp.emoji import emoji, emoji_list
from twitter_text.regexp.extract_url import extract_url
print(len(emoji_list), hash(emoji.pattern), hash(extract_url.pattern), 'pkg_resources' in sys.modules)
"""


def _run(imports: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "0", "PATH": ""},
    )
    return done.stdout.split()


def test_the_port_reads_the_same_emoji_list_without_pkg_resources() -> None:
    ours = _run("from smm.networks.xlength import weighted_length; weighted_length('a.co 👍🏽')")
    theirs = _run("import pkg_resources")
    assert ours[:3] == theirs[:3]
    assert int(ours[0]) > 3000  # the list was read, not left empty
    assert (ours[3], theirs[3]) == ("False", "True")


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("Привет, мир", []),  # no dot: no link to look for
        ("zerno.ru 🍋", ["twitter_text.regexp.extract_url"]),  # no emoji sequence
        ("zerno.ru 👍🏽", ["twitter_text.regexp.extract_url", "twitter_text.regexp.emoji"]),
    ],
)
def test_only_the_patterns_a_text_needs_are_built(text, loaded):
    probe = (
        "import sys; from smm.networks.xlength import weighted_length; "
        f"weighted_length({text!r}); "
        "print([m for m in ('twitter_text.regexp.extract_url', 'twitter_text.regexp.emoji', "
        "'twitter_text.parse_tweet') if m in sys.modules], 'twitter_text' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split("] ")[0] + "]" == str(loaded)
    assert done.stdout.split()[-1] == "False"  # the package's __init__ never ran
