"""lint/cachecodec.py: what encode writes, decode gives back, field for field and type for type."""

from __future__ import annotations

import json

from smm.lint.cachecodec import Entry, cross_json, decode, encode, whole_head
from smm.lint.facts import PostFacts

KEY = "k" * 32


def _facts(path: str, **changes: object) -> PostFacts:
    base = PostFacts(
        path=path,
        brand="zerno",
        campaign="winter",
        networks=("telegram", "vk"),
        when=1_764_576_000.0,
        time_pos=(3, 7),
        budget=("1900", "RUB"),
        budget_pos=(5, 9),
        text_key="ab" * 12,
        states=(),
    )
    return base._replace(**changes)


ENTRIES = {
    "posts/zerno/a.md": Entry(
        (120, 1_764_000_000_000_000_001),
        "d1",
        (("assets/a.jpg", "img1"),),
        _facts("posts/zerno/a.md"),
        (("posts/zerno/a.md", 2, 1, "error", "x/length", "too long"),),
    ),
    # every optional part of the facts present
    "posts/zerno/b.md": Entry(
        (130, 1_764_000_000_000_000_002),
        "d2",
        (("assets/a.jpg", "img1"), ("assets/b.png", None)),
        _facts(
            "posts/zerno/b.md",
            campaign=None,
            networks=("x",),
            when=None,
            budget=("12.50", None),
            states=(("telegram", "published"), ("vk", "failed")),
            ignores=(("x/length", 4, 3),),
            ignore_reason="a quote",
            deal=("2026-12-20", 6, 1, True),
            changes=(("telegram", "edit"),),
        ),
        (),
    ),
    # a post that could not be read: no stamp, no facts
    "posts/zerno/c.md": Entry(None, "", (), None, ()),
}


def _through_file(doc: dict[str, object]) -> object:
    return json.loads(json.dumps(doc, ensure_ascii=False))


def test_every_entry_comes_back_equal_with_its_types() -> None:
    doc = encode(KEY, ENTRIES, {}, {}, {})
    entries, _, _, _ = decode(_through_file(doc), KEY)
    assert entries == ENTRIES
    for path, entry in entries.items():
        assert type(entry) is Entry
        assert entry.facts is None or type(entry.facts) is PostFacts, path
    assert entries["posts/zerno/c.md"].post_facts is None


def test_the_whole_file_is_its_head_closed_by_the_cross_post_findings_and_id() -> None:
    cross = {"zerno": (("posts/zerno/a.md", 1, 1, "warning", "dup/text", "same text"),)}
    head = whole_head(encode(KEY, ENTRIES, {}, {}, {}))
    tail = json.dumps({"cross": cross_json(cross), "id": "0123"}, separators=(",", ":"))
    doc = json.loads(head + b"," + tail[1:].encode())
    entries, _, found, _ = decode(doc, KEY)
    assert (entries, found, doc["id"]) == (ENTRIES, cross, "0123")
