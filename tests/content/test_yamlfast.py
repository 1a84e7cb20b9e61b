"""The fast front-matter path (content/yamlfast.py) gives exactly what libyaml's path gives.

Differential: every document is loaded by yamlpos.load (the fast path when it takes the text)
and by yamlpos.reference_load (libyaml alone), and the values (with their types), every key's and
item's position, the refusals and the errors must be equal. The documents are the repository's
front matter, brand and campaign files, the benchmark corpus's, and thousands generated from
lines chosen to hit every edge of the subset: YAML 1.1's booleans and numbers, quoting, flow
collections, indentation, comments, and what the subset leaves to libyaml.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.content import yamlfast, yamlpos
from smm.content.loader import split_front_matter

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "bench"))
import corpus  # noqa: E402  (tools/bench is not a package)


def _typed(value: Any) -> Any:
    """A value with the type of every part spelled out: True, 1 and 1.0 are equal in Python."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, yamlpos.Rejected):
        return ("rejected", value.text)
    return (type(value).__name__, repr(value))


def _outcome(load: Any, text: str) -> Any:
    try:
        located = load(text, 1)
    except yamlpos.YamlProblem as exc:
        return ("error", exc.message, exc.line, exc.col)
    return (_typed(located.data), located.marks, located.refusals, located.line_offset)


def _same(text: str) -> bool:
    """Assert both paths agree on ``text``; True when the fast path took it."""
    assert _outcome(yamlpos.load, text) == _outcome(yamlpos.reference_load, text), repr(text)
    return yamlfast.parse(text) is not None


KEYS = ["network", "time", "a-b", "_x", "k1", "yes", "No", "on", "OFF", "null", "y", "n", "True",
        "1", "ключ", "a b", "<<", "~", "e1", "inf", "x.y"]  # fmt: skip
SCALARS = [
    "кофе", "Sale now", "organic", "telegram", "2027-03-04 13:53", "2027-03-04", "13:53",
    "https://x.example/a_b?c=1&d=2#frag", "1900 RUB", "yes", "Yes", "YES", "no", "on", "Off",
    "true", "FALSE", "y", "n", "~", "null", "Null", "NULL", "", "0", "-0", "+1", "12", "-12",
    "007", "0o17", "0x1F", "0b101", "1_000", "1:30", "-1:30:00", "1.5", ".5", "1.", "-1.5e+3",
    "1e5", "1.0e5", ".inf", "-.Inf", ".nan", "9223372036854775807", "9223372036854775808",
    "99999999999999999999999", "0x" + "f" * 90, "1_0_", "0b", "a: b", "a:b", "a #b", "a#b",
    "trailing:", '"quoted"', '"with #hash, comma"', "'it''s'", "'single'", '"esc\\"aped"',
    '"\\n"', "'unclosed", '"unclosed', '""', "''", "|", ">", "|-", "&anchor x", "*alias",
    "!!str 12", "!!int x", "%x", "@x", "`x`", "-x", "- x", "?x", ":x", ",x", "[a, b]", "[]",
    "[ ]", "[a, ]", "[a,,b]", "[a b, 'c d', \"e\"]", "[1, 0x10, yes, ~, 1.5]", "[a: b]",
    "[a, [b]]", "[a, {b: c}]", "[😀, b, 🍋кофе]", "{}", "{a: 1}", "{a: 1, a: 2}",
    '{name: ООО Ромашка, inn: "1032908421", erid: "4c9f"}', "{a: yes, b: [c]}", "{a:b}",
    "{a: , b: c}", "{1: x}", "{a: 'x''y'}", "[a] x", "[a] # c", '"a" # c', '"a"x', "x # c",
    "😀 emoji", "a\tb", "nbsp\u00a0x", "\u2028", "\ufeff", "\x85", "<<", "=", "a  b",
]  # fmt: skip
INDENTS = ["", "", "", "  ", "    ", " ", "   ", "      "]


def _line(rng: random.Random) -> str:
    """One line of a document: a key with a value (or none), a list item, a comment, a blank."""
    indent = rng.choice(INDENTS)
    kind = rng.random()
    if kind < 0.55:
        value = "" if rng.random() < 0.2 else " " + rng.choice(SCALARS)
        return f"{indent}{rng.choice(KEYS)}:{value}"
    if kind < 0.8:
        item = (
            rng.choice(SCALARS)
            if rng.random() < 0.6
            else f"{rng.choice(KEYS)}: {rng.choice(SCALARS)}"
        )
        return f"{indent}-{rng.choice([' ', '  ', ''])}{item}"
    if kind < 0.9:
        return f"{indent}# comment: [x"
    return rng.choice(["", "  ", "-", "key:  ", "key:\t1", "---", "..."])


def _document(rng: random.Random, lines: int) -> str:
    return "\n".join(_line(rng) for _ in range(rng.randint(1, lines))) + rng.choice(["\n", ""])


@pytest.mark.parametrize("size", [3, 8, 20])
def test_generated_documents_load_alike_both_ways(size: int) -> None:
    rng = random.Random(f"yamlfast-{size}")
    taken = sum(_same(_document(rng, size)) for _ in range(3000))
    assert taken > 20  # the fast path is exercised, not always refused


def _subset(rng: random.Random) -> str:
    """Front matter built from the subset's own shapes: the fast path must take them all."""
    words = ["кофе", "Sale now", "organic", "2027-03-04 13:53", "https://x.example/a?b=1#c",
             "1900 RUB", "yes", "off", "~", "12", "0x1F", "1_000", "1.5", "1:30", "😀 a"]  # fmt: skip
    flow = ["[a, b]", "[]", "[кофе, 'it''s', \"x, y\", 1, yes]", '{a: 1, b: "c"}', "{}"]
    out = []
    for index in range(rng.randint(1, 8)):
        key = f"k{index}"
        shape = rng.randrange(5)
        if shape == 0:
            out.append(f"{key}: {rng.choice(words + flow)}")
        elif shape == 1:
            out.append(f"{key}:")
            dash = rng.choice(["  - ", "- ", "    - "])
            for _ in range(rng.randint(1, 3)):
                out.append(f"{dash}src: {rng.choice(words)}")
                out.append(" " * len(dash) + f"alt: {rng.choice(words)}")
        elif shape == 2:
            out.append(f"{key}:")
            out += [f"  - {rng.choice(words + flow)}" for _ in range(rng.randint(1, 3))]
        elif shape == 3:
            out.append(f"{key}:")
            out.append(f"  inner: {rng.choice(words)}")
            out.append("  deeper:")
            out.append(f"    leaf: {rng.choice(words + flow)}  ")
        else:
            out.append(rng.choice(["# a comment", "", f"{key}:  # nothing yet"]))
    if not out[0] or out[0].startswith("#"):
        out.insert(0, "first: x")
    return "\n".join(out) + "\n"


def test_documents_inside_the_subset_take_the_fast_path_and_load_alike() -> None:
    rng = random.Random("subset")
    for _ in range(2000):
        assert _same(_subset(rng))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.builds(_line, st.randoms(use_true_random=False)), min_size=1, max_size=12))
def test_any_mix_of_lines_loads_alike(lines: list[str]) -> None:
    _same("\n".join(lines))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a key given twice: libyaml's path refuses it
        "a: &x 1\nb: *x\n",
        "n: 99999999999999999999999\n",
        "f: .nan\n",
        "images:\n- src: a\n  alt: b\n- src: c\nlink: x\n",  # a list at its key's indent
        "a:\n  b:\n    c:\n      d: [x, y]\n",
        "a: b\n  c: d\n",  # a continued scalar, and an invalid one
        "a: b\n c: d\n",
        "- a\n- b\n",
        "just text\n",
        "",
        "# only a comment\n",
        "a: [😀, b]\nc: {d: 😀, e: f}\n",
    ],
)
def test_edges_load_alike(text: str) -> None:
    _same(text)


def test_the_repository_s_and_the_corpus_s_front_matter_loads_alike() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "brands").glob("*.yaml"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((REPO / "campaigns").rglob("*.yaml"))]  # fmt: skip
    posts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "posts").rglob("*.md"))]
    rng = random.Random(5)
    campaigns = corpus._campaigns(rng)
    when = datetime(2027, 3, 4, 13, 53)
    posts += [
        corpus._front_matter(rng, rng.choice(campaigns), when, f"post-{index}")[0] + "Text\n"
        for index in range(600)
    ]
    texts += [split[0] for post in posts if (split := split_front_matter(post))]
    taken = sum(_same(text) for text in texts)
    assert taken >= len(texts) * 0.9  # most real front matter takes the fast path


def test_unusual_characters_are_all_but_yaml_s_printable_ones_less_tab_cr_and_bom() -> None:
    """yamlfast's _UNUSUAL lists its characters (fast to compile); it must be exactly the
    complement of the printable set it stands for, over every code point."""
    import re

    printable = re.compile(
        "[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    every = "".join(map(chr, range(0x110000)))
    assert yamlfast._UNUSUAL.sub("", every) == "".join(printable.findall(every))
    assert printable.sub("", every) == "".join(yamlfast._UNUSUAL.findall(every))


def test_a_value_that_recurs_gives_each_document_its_own_list_and_its_own_positions() -> None:
    # one-line lists and resolved scalars are worked out once and kept by their text
    first = yamlfast.parse("network: [telegram, vk]\nbudget: 1900\n")
    second = yamlfast.parse("kind: ad\n\n  # a comment\nnetwork:   [telegram, vk]\nbudget: 1900\n")
    assert first is not None and second is not None
    (one, one_marks), (two, two_marks) = first, second
    assert one["network"] == two["network"] == ["telegram", "vk"]
    assert one["network"] is not two["network"]
    one["network"].append("ok")  # a caller's change to one post's list reaches no other
    assert yamlfast.parse("network: [telegram, vk]\n") == (
        {"network": ["telegram", "vk"]},
        {(): (1, 1), ("network",): (1, 1), ("network", 0): (1, 11), ("network", 1): (1, 21)},
    )
    assert two_marks[("network", 1)] == (4, 23) and one_marks[("network", 1)] == (1, 21)
    assert one["budget"] == two["budget"] == 1900


def test_a_refused_number_is_refused_each_time_it_recurs() -> None:
    for _ in range(2):
        assert yamlfast.parse("budget: 99999999999999999999\n") is None
        assert yamlfast.parse("deal: {fee: 99999999999999999999}\n") is None
