"""content/managed.py: the one owner of the ``published:``/``metrics:`` blocks reads, strips,
compares and writes them; every other module goes through it."""

from __future__ import annotations

import pytest
import yaml

from smm.content.managed import (
    dump_block,
    entries_of,
    read_block,
    read_block_alone,
    read_dumped,
    replace_block,
    without_blocks,
    written_blocks,
)

PERSON = "---\n# the team's note\nnetwork: [telegram, vk]\ntime: 2026-12-01 10:00\n---\nЗима\n"
BLOCKS = 'published:\n  telegram: {state: "published", id: "7"}\nmetrics:\n  telegram: {views: 1}\n'
WITH_BLOCKS = PERSON.replace("---\nЗима", BLOCKS + "---\nЗима")
FIGURES = {
    "telegram": {"at": "2026-12-02T10:05:00+03:00", "views": 5312, "reactions": 87, "shares": 12},
    "vk": {"at": "2026-12-02T10:05:00+03:00", "views": 10, "reach": 7.5, "note": 'a, "b": {c}'},
}


def test_without_blocks_cuts_only_the_managed_blocks():
    assert without_blocks(WITH_BLOCKS) == PERSON
    assert without_blocks(PERSON) == PERSON


def test_without_blocks_of_a_text_without_front_matter_raises_unless_told():
    with pytest.raises(ValueError, match="no front matter"):
        without_blocks("no front matter\n")
    assert without_blocks("no front matter\n", require_front_matter=False) == "no front matter\n"


def test_written_blocks_compare_what_smm_records_byte_for_byte():
    assert written_blocks(PERSON) == ("", "")
    assert written_blocks("no front matter\n") == ("", "")
    assert written_blocks(PERSON.replace("---\nЗима", "published: {}\n---\nЗима")) == ("", "")
    published, metrics = written_blocks(WITH_BLOCKS)
    assert published == 'published:\n  telegram: {state: "published", id: "7"}'
    assert metrics == "metrics:\n  telegram: {views: 1}"
    requoted = WITH_BLOCKS.replace('id: "7"', "id: '7'")
    assert written_blocks(requoted) != written_blocks(WITH_BLOCKS)


def test_entries_of_parsed_front_matter_keeps_mappings_only():
    front = {"published": {"telegram": {"url": "u"}, "vk": "junk", 5: {"id": 1}}}
    assert entries_of(front, "published") == {"telegram": {"url": "u"}, "5": {"id": 1}}
    assert entries_of(front, "metrics") == {}
    assert entries_of(["not", "a", "mapping"], "published") == {}
    assert read_block(WITH_BLOCKS, "published") == {"telegram": {"state": "published", "id": "7"}}


def test_a_block_in_smms_own_form_is_read_without_yaml_exactly_as_yaml_reads_it():
    lines = dump_block("metrics", FIGURES).splitlines(keepends=True)
    fast = read_dumped(lines, "metrics")
    assert fast == FIGURES == yaml.safe_load("".join(lines))["metrics"]
    text = replace_block(PERSON, "metrics", FIGURES)
    assert read_block_alone(text, "metrics") == read_block(text, "metrics") == FIGURES


@pytest.mark.parametrize(
    "line",
    [
        "  vk: {views: 0x10}\n",  # YAML reads a hex number
        '  vk: {note: "\\x41"}\n',  # an escape YAML knows and JSON does not
        "  vk: {views: 1, reach: true}\n",
        "  vk:\n",
    ],
)
def test_any_other_form_is_left_to_yaml(line):
    assert read_dumped(["metrics:\n", line], "metrics") is None


def test_read_block_alone_reads_hand_edits_and_names_what_it_cannot_read():
    hand = PERSON.replace("---\nЗима", "metrics:\n  vk:\n    views: 3\n# a note\n---\nЗима")
    assert read_block_alone(hand, "metrics") == {"vk": {"views": 3}}
    assert read_block_alone("---\nnetwork: vk\n---\nmetrics: in the body\n", "metrics") == {}
    assert read_block_alone("\ufeff" + hand, "metrics") == {"vk": {"views": 3}}
    with pytest.raises(ValueError, match=r"^not valid YAML$"):
        read_block_alone("---\nmetrics:\n  vk: {views: [\n---\n", "metrics")
    with pytest.raises(ValueError, match=r"^not a mapping of networks$"):
        read_block_alone("---\nmetrics: 5\n---\n", "metrics")


def test_a_threads_parts_are_written_one_a_line_and_read_back_as_written():
    text = "---\nnetwork: x\ntime: 2026-12-01 10:00\n---\nOne\n---\nTwo\n"
    entry = {
        "state": "claimed",
        "at": "2026-12-01T10:00:00+01:00",
        "run": "7",
        "marker": "smm-0123456789abcdef",
        "parts": [
            {"state": "published", "id": "18", "url": "https://x.com/n/status/18", "at": "t1"},
            {"state": "claimed", "at": "t2", "run": "7"},
        ],
    }
    out = replace_block(text, "published", {"x": entry, "vk": {"state": "published", "id": "5"}})
    block = out.split("---\n")[1]
    assert '      {state: "claimed", at: "t2", run: "7"}]}\n  vk:' in block
    assert read_block(out, "published")["x"] == entry
    assert read_block_alone(out, "published")["x"] == entry
    assert out.endswith("---\nOne\n---\nTwo\n")  # the body and its separators stay as they were
    assert replace_block(out, "published", {}) == text
