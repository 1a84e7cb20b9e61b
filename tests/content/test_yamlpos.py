"""yamlpos: one parse gives the values and the 1-based line:col of every key and list item."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.content import yamlpos

DOC = textwrap.dedent("""\
    network: [telegram, vk]
    time: 2026-12-01 10:00
    images:
      - src: assets/zerno/a.jpg
        alt: first
      - alt: second
        src: assets/zerno/b.jpg
    overrides:
      instagram:
        hashtags: [one, two]
""")


def test_top_level_keys_have_their_line_and_column():
    located = yamlpos.load(DOC)
    assert located.at("network") == (1, 1)
    assert located.at("time") == (2, 1)
    assert located.at("overrides") == (8, 1)


def test_nested_keys_and_list_items_have_their_own_positions():
    located = yamlpos.load(DOC)
    assert located.at("images", 0) == (4, 5)
    assert located.at("images", 0, "src") == (4, 5)
    assert located.at("images", 1, "alt") == (6, 5)
    assert located.at("images", 1, "src") == (7, 5)  # images[1].src: its own line, not the item's
    assert located.at("overrides", "instagram", "hashtags") == (10, 5)
    assert located.at("overrides", "instagram", "hashtags", 1) == (10, 21)


def test_flow_sequence_items_point_at_the_item():
    located = yamlpos.load(DOC)
    assert located.at("network", 0) == (1, 11)
    assert located.at("network", 1) == (1, 21)


def test_unknown_key_falls_back_to_the_longest_known_prefix():
    located = yamlpos.load(DOC)
    assert located.at("images", 1, "width") == located.at("images", 1)
    assert located.at("images", 7) == located.at("images")
    assert located.at("nothing", "here") == (1, 1)
    assert located.at() == (1, 1)


def test_line_offset_shifts_lines_but_not_columns():
    # front matter starts on line 2 of a post (line 1 is '---')
    located = yamlpos.load(DOC, line_offset=1)
    assert located.at("images", 1, "src") == (8, 5)
    assert located.at("nothing") == (2, 1)


def test_timestamps_stay_text_so_the_brand_zone_decides():
    data = yamlpos.load(
        "time: 2026-12-01 10:00\nday: 2026-12-01\nat: 2026-12-01T10:00:00+03:00\n"
    ).data
    assert data == {
        "time": "2026-12-01 10:00",
        "day": "2026-12-01",
        "at": "2026-12-01T10:00:00+03:00",
    }


def test_other_scalars_are_still_typed():
    data = yamlpos.load("n: 12\nf: 1.5\nb: true\nz: null\n").data
    assert data == {"n": 12, "f": 1.5, "b": True, "z": None}


def test_keys_that_are_not_text_are_located_too():
    # YAML 1.1 makes `on:` true and `null:` None; a front matter with them must still point at them
    # (no `1:` here: 1 and True are the same dict key in Python)
    located = yamlpos.load(
        "network: telegram\n3: one\non: two\nnull: three\n2.5: four\n'7': five\n"
    )
    assert located.data == {
        "network": "telegram",
        3: "one",
        True: "two",
        None: "three",
        2.5: "four",
        "7": "five",
    }
    assert located.at(3) == (2, 1)
    assert located.at(True) == (3, 1)
    assert located.at(None) == (4, 1)
    assert located.at(2.5) == (5, 1)
    assert located.at("7") == (6, 1)


@pytest.mark.parametrize(
    "text, line, col",
    [
        ("network: [telegram\ntime: x\n", 2, 5),  # unclosed flow sequence: found at the next ':'
        ("a: 1\n  b: 2\n", 2, 4),  # a mapping value where none may be
        ("a: 'open\n", 2, 1),
        ("a: 1\n\tb: 2\n", 2, 1),  # a tab as indentation
    ],
)
def test_invalid_yaml_raises_with_a_position(text, line, col):
    with pytest.raises(yamlpos.YamlProblem) as info:
        yamlpos.load(text)
    assert (info.value.line, info.value.col) == (line, col)
    assert info.value.message.startswith("invalid YAML: ")


def test_two_documents_are_not_one_front_matter():
    with pytest.raises(yamlpos.YamlProblem):
        yamlpos.load("a: 1\n---\nb: 2\n")


def test_empty_text_is_no_data():
    located = yamlpos.load("")
    assert located.data is None
    assert located.at("x") == (1, 1)


_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгд_", min_size=1, max_size=8).filter(
    lambda s: (
        s not in ("y", "n") and s.lower() not in ("yes", "no", "on", "off", "true", "false", "null")
    )
)
_scalars = st.one_of(
    st.integers(-1000, 1000), st.text(alphabet="abc xyz:-#'\"", max_size=12), st.booleans()
)
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_names, inner, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


def _key_paths(value, key=()):
    if isinstance(value, dict):
        for name, item in value.items():
            yield (*key, name)
            yield from _key_paths(item, (*key, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*key, index)
            yield from _key_paths(item, (*key, index))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_names, _trees, min_size=1, max_size=5), st.booleans())
def test_every_key_of_any_document_is_located_at_its_own_text(data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=10_000)
    located = yamlpos.load(text)
    assert located.data == data
    lines = text.split("\n")
    for path in _key_paths(data):
        assert path in located.marks, path
        line, col = located.at(*path)
        if isinstance(path[-1], str):
            # the mark of a key is where the key's own text starts
            assert lines[line - 1][col - 1 :].lstrip("'\"").startswith(path[-1]), (path, text)


# --- hostile YAML: refused, reported once, never expanded or raised ---------------------------


def _refused(text: str, line_offset: int = 0) -> list[tuple[int, int, str]]:
    return [(r.line, r.col, r.rule) for r in yamlpos.load(text, line_offset).refusals]


def test_nine_levels_of_nine_aliases_are_refused_without_expanding():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    located = yamlpos.load("\n".join(lines) + "\n")
    assert len(located.marks) < 200  # expanded, the keys and items alone would be 9**10
    assert located.data["a0"] == ["x"] * 9
    assert all(isinstance(item, yamlpos.Rejected) for item in located.data["a9"])
    (refusal,) = located.refusals  # one finding for the file, at the first alias
    assert (refusal.line, refusal.col, refusal.rule) == (2, 10, "schema/alias")
    assert refusal.message.startswith("YAML alias '*a0' refused (80 more in this file)")


def test_an_alias_of_its_own_collection_is_not_a_cycle():
    located = yamlpos.load("title: &a [*a]\nother: &b {x: *b}\n", line_offset=1)
    assert isinstance(located.data["title"][0], yamlpos.Rejected)
    assert isinstance(located.data["other"]["x"], yamlpos.Rejected)
    assert _refused("title: &a [*a]\nother: &b {x: *b}\n", 1) == [(2, 12, "schema/alias")]


def test_an_anchor_alone_is_harmless():
    assert yamlpos.load("title: &t Латте\n").refusals == []


def test_merge_keys_are_refused_and_left_out():
    located = yamlpos.load("base: {a: 1}\nc:\n  <<: {a: 2, b: 3}\n  d: 4\nself: &s {<<: *s}\n")
    assert located.data == {"base": {"a": 1}, "c": {"d": 4}, "self": {}}
    assert _refused("c:\n  <<: {a: 2}\n  d: 4\n") == [(2, 3, "schema/alias")]


def test_a_key_given_twice_is_noted_at_the_second_at_any_depth():
    text = textwrap.dedent("""\
        published: {vk: {id: 1, url: u}}
        images:
          - src: a.jpg
            alt: x
            src: b.jpg
        overrides: {vk: {text: a, text: b}}
        published: {}
    """)
    located = yamlpos.load(text, line_offset=1)
    assert located.data["published"] == {} and located.data["images"] == [
        {"src": "b.jpg", "alt": "x"}
    ]
    found = [(r.line, r.col, r.rule, r.message) for r in located.refusals]
    assert found == [
        (
            6,
            5,
            "schema/duplicate-key",
            "key 'src' is given twice (first on line 4); YAML would keep only this one",
        ),
        (
            7,
            27,
            "schema/duplicate-key",
            "key 'text' is given twice (first on line 7); YAML would keep only this one",
        ),
        (
            8,
            1,
            "schema/duplicate-key",
            "key 'published' is given twice (first on line 2); YAML would keep only this one",
        ),
    ]
    # the positions are those of the value YAML kept
    assert located.at("published") == (8, 1) and located.at("images", 0, "src") == (6, 5)
    assert ("published", "vk") not in located.marks


def test_keys_that_are_the_same_value_in_python_are_a_key_given_twice():
    assert _refused("1: a\n'1': b\n") == []  # a number and a text: two keys
    assert _refused("1: a\n0x1: b\n") == [(2, 1, "schema/duplicate-key")]


@pytest.mark.parametrize(
    "text",
    [
        "9" * 5000,
        "-" + "9" * 5000,
        "9" * 400,
        str(2**63),
        str(-(2**63) - 1),
        "0x" + "f" * 17,
        "0b" + "1" * 100,
        "0" + "7" * 30,
        "1" + ":59" * 40,
        ".nan",
        ".NaN",
        ".inf",
        "-.Inf",
        "1.0e+400",
        "9" * 400 + ".5",
        "!!int x",
        "!!int ''",
        "!!float x",
        "!!bool maybe",
        "!!timestamp 2026-02-31",
        "!!timestamp x",
    ],
)
def test_a_number_python_cannot_or_should_not_take_is_refused_at_its_place(text):
    located = yamlpos.load(f"network: vk\nbudget: {text}\n", line_offset=1)
    assert isinstance(located.data["budget"], yamlpos.Rejected)
    assert [(r.line, r.col, r.rule) for r in located.refusals] == [(3, 9, "schema/value")]
    assert len(located.refusals[0].message) < 200  # a 5,000-digit value is cut, not echoed


@pytest.mark.parametrize(
    "text, value",
    [
        (str(2**63 - 1), 2**63 - 1),
        (str(-(2**63) + 1), -(2**63) + 1),
        ("0x7fffffffffffffff", 2**63 - 1),
        ("1:30:00", 5400),
        ("1_000", 1000),
        ("1.5e+10", 1.5e10),
        ("-0.25", -0.25),
        ("!!bool yes", True),
    ],
)
def test_numbers_within_64_bits_are_read(text, value):
    located = yamlpos.load(f"n: {text}\n")
    assert located.data == {"n": value} and located.refusals == []


def test_nesting_deeper_than_the_limit_is_cut_and_reported_once():
    deep = "a: " + "[" * 999 + "]" * 999 + "\n"  # libyaml's own limit is 1,000
    located = yamlpos.load(deep)
    value, depth = located.data["a"], 1
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert isinstance(value, yamlpos.Rejected) and depth == yamlpos.MAX_DEPTH
    assert [(r.rule, r.line) for r in located.refusals] == [("schema/yaml", 1)]
    assert yamlpos.load("a: " + "[" * 30 + "]" * 30 + "\n").refusals == []


def test_a_key_that_is_a_collection_is_invalid_yaml():
    with pytest.raises(yamlpos.YamlProblem, match="a key that is a list or a mapping"):
        yamlpos.load(
            "? " + "[" * 900 + "]" * 900 + "\n: x\n"
        )  # deep, so construction would recurse
