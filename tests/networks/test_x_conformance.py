"""twitter-text's own conformance suite through smm's X counting (smm.networks.xlength).

The suite is conformance/validate.yml of github.com/twitter/twitter-text at commit
30e2430d90cff3b46393ea54caf511441983c260 (git blob 15191d0bbff1f624d6e55926c53959c9153b23ff),
"Copyright 2011 Twitter, Inc.", under the Apache License 2.0 (conformance/LICENSE beside it).
It is not copied into this repository: it is read from ``shared/twitter-text/validate.yml``
beside the repository (or above a worktree of it), or from $SMM_TWITTER_TEXT_SUITE, and must be
that exact blob. Sections, as twitter-text's own tests run them:

* WeightedTweetsCounterTest: config v2 (no emoji discount); WeightedTweetsWithDiscountedEmojiCounterTest
  and UnicodeDirectionalMarkerCounterTest: v3, what X uses. Every field of the parse must match.
* tweets: valid or not under the 140-character v1 config (the valid and invalid tweets).

Not run: usernames, lists, hashtags, urls and urls_without_protocol validate a whole string as
one entity (isValidUsername, isValidUrl), which smm neither does nor needs for counting.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from twitter_text.config import config

from smm.networks.counters import UPPER_BOUNDS
from smm.networks.xlength import parse, weighted_length

BLOB = "15191d0bbff1f624d6e55926c53959c9153b23ff"
WHERE = Path("shared/twitter-text/validate.yml")
MISSING = ("twitter-text's validate.yml is not at shared/twitter-text/validate.yml beside the repository "
           "nor at $SMM_TWITTER_TEXT_SUITE; it is conformance/validate.yml of twitter/twitter-text at 30e2430d")
CONFIGS = {
    "WeightedTweetsCounterTest": config["version2"],
    "WeightedTweetsWithDiscountedEmojiCounterTest": config["version3"],
    "UnicodeDirectionalMarkerCounterTest": config["version3"],
}


def _candidates() -> list[Path]:
    if os.environ.get("SMM_TWITTER_TEXT_SUITE"):
        return [Path(os.environ["SMM_TWITTER_TEXT_SUITE"])]
    return [folder / WHERE for folder in Path(__file__).resolve().parents]


@lru_cache(maxsize=None)
def _suite() -> dict | None:
    for path in _candidates():
        if path.is_file():
            data = path.read_bytes()
            assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == BLOB, f"{path} is not blob {BLOB}"
            return yaml.safe_load(data.decode("utf-8"))["tests"]
    return None


def _cases(*sections: str) -> list:
    suite = _suite()
    if suite is None:
        return [pytest.param(None, None, id="suite-missing")]
    return [pytest.param(section, case, id=f"{section}: {case['description']}")
            for section in sections for case in suite[section]]


@pytest.mark.parametrize(("section", "case"), _cases(*CONFIGS))
def test_counter_cases_parse_as_twitter_text_says(section, case):
    if case is None:
        pytest.fail(MISSING)
    assert parse(case["text"], CONFIGS[section]).asdict() == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(*CONFIGS))
def test_the_bound_lint_uses_is_never_below_any_case(section, case):
    if case is None:
        pytest.fail(MISSING)
    assert UPPER_BOUNDS["twitter"](case["text"]) >= weighted_length(case["text"])


@pytest.mark.parametrize(("section", "case"), _cases("tweets"))
def test_valid_and_invalid_tweets_under_the_140_character_config(section, case):
    if case is None:
        pytest.fail(MISSING)
    assert parse(case["text"], config["version1"]).valid is case["expected"]
