"""Recorded answers of twitter-text 3.1.0 (JS, the reference) and the one check of smm's X count
against them, for the tests of emoji sequences and of VS16 pairs (tests/networks/data/)."""

from __future__ import annotations

import json
from pathlib import Path

from smm.networks.counters import UPPER_BOUNDS
from smm.networks.xlength import parse, weighted_length

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> list[list]:
    """The cases of data/<name>: [text, weightedLength, valid, validRangeEnd], as node gave them."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))["cases"]


def miscounted(cases: list[list]) -> list[tuple[str, int, int]]:
    """The cases smm counts otherwise than the reference (text, its weight, smm's); on every case
    the fast paths must give the exact count and the upper bound must not fall below it."""
    wrong = []
    for text, weight, valid, valid_end in cases:
        got = parse(text)
        if (got.weightedLength, got.valid, got.validRangeEnd) != (weight, valid, valid_end):
            wrong.append((text, weight, got.weightedLength))
        assert weighted_length(text) == got.weightedLength
        assert UPPER_BOUNDS["twitter"](text) >= got.weightedLength
    return wrong
