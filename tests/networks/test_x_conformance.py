"""twitter-text's own conformance suite through smm's X counting (smm.networks.xlength).

The suite is the committed tests/networks/data/karloscarweber-twitter-text_validate.yml (origin,
how it was copied and the Apache-2.0 notice in the README beside it), read as this exact blob.
Sections, as twitter-text's own tests run them:

* WeightedTweetsCounterTest: config v2 (no emoji discount); WeightedTweetsWithDiscountedEmojiCounterTest
  and UnicodeDirectionalMarkerCounterTest: v3, what X uses. Every field of the parse must match.
* tweets: valid or not under the 140-character v1 config (the valid and invalid tweets).

Not run: usernames, lists, hashtags, urls and urls_without_protocol validate a whole string as
one entity (isValidUsername, isValidUrl), which smm neither does nor needs for counting. The file
has no ``lengths`` section.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from twitter_text.config import config

from smm.networks.counters import UPPER_BOUNDS
from smm.networks.xlength import parse, weighted_length

SUITE_FILE = Path(__file__).parent / "data" / "karloscarweber-twitter-text_validate.yml"
BLOB = "3f4126390ec47bae36576aef9f60e90ef55f054e"  # git blob of the committed file
CONFIGS = {
    "WeightedTweetsCounterTest": config["version2"],
    "WeightedTweetsWithDiscountedEmojiCounterTest": config["version3"],
    "UnicodeDirectionalMarkerCounterTest": config["version3"],
}
SUITE = yaml.safe_load(SUITE_FILE.read_text(encoding="utf-8"))["tests"]


def _cases(*sections: str) -> list:
    return [
        pytest.param(section, case, id=f"{section}: {case['description']}")
        for section in sections
        for case in SUITE[section]
    ]


def test_the_suite_is_the_committed_blob_with_every_section_it_should_have():
    data = SUITE_FILE.read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == BLOB
    assert {name: len(SUITE[name]) for name in (*CONFIGS, "tweets")} == {
        "WeightedTweetsCounterTest": 20,
        "WeightedTweetsWithDiscountedEmojiCounterTest": 22,
        "UnicodeDirectionalMarkerCounterTest": 2,
        "tweets": 8,
    }


@pytest.mark.parametrize(("section", "case"), _cases(*CONFIGS))
def test_counter_cases_parse_as_twitter_text_says(section, case):
    assert parse(case["text"], CONFIGS[section]).asdict() == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(*CONFIGS))
def test_the_bound_lint_uses_is_never_below_any_case(section, case):
    assert UPPER_BOUNDS["twitter"](case["text"]) >= weighted_length(case["text"])


@pytest.mark.parametrize(("section", "case"), _cases("tweets"))
def test_valid_and_invalid_tweets_under_the_140_character_config(section, case):
    assert parse(case["text"], config["version1"]).valid is case["expected"]
