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
    data = yamlpos.load("time: 2026-12-01 10:00\nday: 2026-12-01\nat: 2026-12-01T10:00:00+03:00\n").data
    assert data == {"time": "2026-12-01 10:00", "day": "2026-12-01", "at": "2026-12-01T10:00:00+03:00"}


def test_other_scalars_are_still_typed():
    data = yamlpos.load("n: 12\nf: 1.5\nb: true\nz: null\n").data
    assert data == {"n": 12, "f": 1.5, "b": True, "z": None}


def test_keys_that_are_not_text_are_located_too():
    # YAML 1.1 makes `on:` true and `null:` None; a front matter with them must still point at them
    # (no `1:` here: 1 and True are the same dict key in Python)
    located = yamlpos.load("network: telegram\n3: one\non: two\nnull: three\n2.5: four\n'7': five\n")
    assert located.data == {"network": "telegram", 3: "one", True: "two", None: "three", 2.5: "four", "7": "five"}
    assert located.at(3) == (2, 1)
    assert located.at(True) == (3, 1)
    assert located.at(None) == (4, 1)
    assert located.at(2.5) == (5, 1)
    assert located.at("7") == (6, 1)


@pytest.mark.parametrize("text, line, col", [
    ("network: [telegram\ntime: x\n", 2, 5),  # unclosed flow sequence: found at the next ':' 
    ("a: 1\n  b: 2\n", 2, 4),  # a mapping value where none may be
    ("a: 'open\n", 2, 1),
    ("a: 1\n\tb: 2\n", 2, 1),  # a tab as indentation
])
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
    lambda s: s not in ("y", "n") and s.lower() not in ("yes", "no", "on", "off", "true", "false", "null"))
_scalars = st.one_of(st.integers(-1000, 1000), st.text(alphabet="abc xyz:-#'\"", max_size=12), st.booleans())
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_names, inner, min_size=1, max_size=4)),
    max_leaves=12,
)


def _key_paths(value, key=()):
    if isinstance(value, dict):
        for name, item in value.items():
            yield key + (name,)
            yield from _key_paths(item, key + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield key + (index,)
            yield from _key_paths(item, key + (index,))


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
            assert lines[line - 1][col - 1:].lstrip("'\"").startswith(path[-1]), (path, text)
