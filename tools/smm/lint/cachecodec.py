"""The lint cache file's layout, and the checks that decide whether a file on disk is one.

The file is JSON in columns: one list per field with an item per post (``paths[i]``'s size is
``size[i]``), because checking a column is a few C-level passes (``set(map(type, column))``)
where checking a row per post costs Python bytecode per field: a warm lint of 10,000 posts
decodes and checks the whole file in about the time the old pickle took to load. Lists of
strings that repeat (the networks of a post) are kept once and referenced by index; what most
posts lack (findings, published states) is kept only for the posts that have it, as
``[index, value]`` pairs. A post's images are indexes into one table of (src, digest) pairs:
a hundred images named by ten thousand posts are written, read and held once each.

Nothing here trusts the file: every column must have the right length and exact item types
(``bool`` is not an ``int``), indexes must be in range, times within what ``datetime`` takes,
budget amounts decimal numbers; anything else raises ``Unfit`` and the cache is rebuilt.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import chain, repeat
from typing import Any, NamedTuple

from smm.lint.cachecheck import (
    BOOL,
    FLOAT_OR_NONE,
    INT,
    INT_OR_NONE,
    STR,
    STR_OR_NONE,
    Cross,
    FindingRow,
    Unfit,
    column,
    cross_rows,
    deal,
    finding_rows,
    ignores,
    nested,
    pairs,
    sparse,
    times,
)
from smm.lint.cachefile import json_bytes
from smm.lint.facts import DealFacts, Pos, PostFacts

FORMAT = "smm-lint-cache-12"  # 12: each post's images as indexes into one table of them
Stamp = tuple[int, int]  # (size, mtime_ns)
# PostFacts' fields: decode gives them as a plain tuple, a PostFacts is one too
FactsRow = tuple[
    str,
    str,
    str | None,
    tuple[str, ...],
    float | None,
    Pos,
    tuple[str, str | None] | None,
    Pos,
    str | None,
    tuple[tuple[str, str], ...],
    tuple[tuple[str, int, int], ...],
    str | None,
    DealFacts | None,
    tuple[tuple[str, str], ...],
]
Images = dict[str, tuple[Stamp | None, str | None]]  # image src -> (stamp, digest)
# what inspecting an image file found (lint/images.py ImageInfo's fields after its src), kept with
# the digest of the bytes it was found in: (digest, rule, message, format, width, height, size, gps)
InfoRow = tuple[str, str | None, str | None, str, int, int, int, bool]
Infos = dict[str, InfoRow]  # image src -> InfoRow


class Entry(NamedTuple):
    stamp: Stamp | None
    digest: str  # hex digest of the file's bytes ("" when it could not be read)
    images: tuple[tuple[str, str | None], ...]  # digests of the images the findings depend on
    facts: FactsRow | None  # a PostFacts, or the same fields as a plain tuple
    findings: tuple[FindingRow, ...]  # Findings as plain tuples

    @property
    def post_facts(self) -> PostFacts | None:
        """``facts`` as a PostFacts: what decode and the checker make already (no call per post),
        a plain tuple of the same fields made one."""
        facts = self.facts
        return facts if facts is None or type(facts) is PostFacts else PostFacts(*facts)


_AMOUNT = re.compile(
    r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
)  # what str(Decimal) gives when finite
# the facts of a post, as columns: scalar ones, then the two that are lists
# (their item types differ by name, so the dict's values are the common AbstractSet[type[Any]])
_FACT_COLUMNS: dict[str, AbstractSet[type[Any]]] = {
    "brand": STR_OR_NONE,
    "campaign": STR_OR_NONE,
    "when": FLOAT_OR_NONE,
    "time_line": INT,
    "time_col": INT,
    "amount": STR_OR_NONE,
    "currency": STR_OR_NONE,
    "budget_line": INT,
    "budget_col": INT,
    "text_key": STR_OR_NONE,
    "ignore_reason": STR_OR_NONE,
}
_new_entry = partial(tuple.__new__, Entry)  # Entry(*row) without a Python call per post
_new_facts = partial(tuple.__new__, PostFacts)  # the same for the facts, which every run reads
# what encode writes for a post without facts: the columns' blanks (None, 0, the empty set 0)
_BLANK: PostFacts = _new_facts(
    ("", None, None, (), None, (0, 0), None, (0, 0), None, (), (), None, None, ())
)


def _pairs_or_none(firsts: list[Any], seconds: list[Any]) -> list[Any]:
    """(first, second) of each item, None where either is None (a file that could not be
    stat-ed); without a Python step per item when none is."""
    if None in firsts or None in seconds:
        return [None if a is None or b is None else (a, b) for a, b in zip(firsts, seconds)]
    return list(zip(firsts, seconds))


def decode(doc: Any, key: str) -> tuple[dict[str, Entry], Images, Cross, Infos]:
    """Entries, image digests, cross-post findings and what the images' inspection found, of a
    cache file written for ``key``."""
    if type(doc) is not dict or doc.get("format") != FORMAT or doc.get("key") != key:
        raise Unfit
    paths = column(doc, "paths", STR)
    n = len(paths)
    sizes, mtimes = column(doc, "size", INT_OR_NONE, n), column(doc, "mtime", INT_OR_NONE, n)
    stamps: list[Stamp | None] = _pairs_or_none(sizes, mtimes)
    table = doc.get("image_table")
    sources = column(table, "src", STR)
    known = list(zip(sources, column(table, "digest", STR_OR_NONE, len(sources))))
    refs = nested(doc, "image_refs", INT, n)
    every_ref = list(chain.from_iterable(refs))
    if every_ref and not 0 <= min(every_ref) <= max(every_ref) < len(known):
        raise Unfit
    facts_doc = doc.get("facts")
    col = {name: column(facts_doc, name, types, n) for name, types in _FACT_COLUMNS.items()}
    if not times(col["when"]) or not all(  # each amount once: budgets repeat
        len(a) <= 1000 and _AMOUNT.fullmatch(a) for a in set(filter(None, col["amount"]))
    ):
        raise Unfit
    sets = list(map(tuple, nested(doc, "network_sets", STR)))
    index = column(facts_doc, "networks", INT, n)
    if index and not 0 <= min(index) <= max(index) < len(sets):
        raise Unfit
    states: list[tuple[tuple[str, str], ...]] = [()] * n
    for i, flat in sparse(facts_doc, "states", n):
        states[i] = pairs(flat)
    ignored: list[tuple[tuple[str, int, int], ...]] = [()] * n
    for i, flat in sparse(facts_doc, "ignores", n):
        ignored[i] = ignores(flat)
    deals: list[DealFacts | None] = [None] * n
    for i, flat in sparse(facts_doc, "deals", n):
        deals[i] = deal(flat)
    changes: list[tuple[tuple[str, str], ...]] = [()] * n
    for i, flat in sparse(facts_doc, "changes", n):
        changes[i] = pairs(flat)
    findings: list[tuple[FindingRow, ...]] = [()] * n
    for i, rows in sparse(doc, "findings", n):
        findings[i] = finding_rows(rows)
    budgets = [None if a is None else (a, c) for a, c in zip(col["amount"], col["currency"])]
    rows = zip(
        paths,
        col["brand"],
        col["campaign"],
        map(sets.__getitem__, index),
        col["when"],
        zip(col["time_line"], col["time_col"]),
        budgets,
        zip(col["budget_line"], col["budget_col"]),
        col["text_key"],
        states,
        ignored,
        col["ignore_reason"],
        deals,
        changes,
    )
    facts: list[FactsRow | None] = (
        [None if brand is None else row for brand, row in zip(col["brand"], map(_new_facts, rows))]
        if None in col["brand"]  # a post that could not be read has no facts
        else list(map(_new_facts, rows))
    )
    entries = dict(
        zip(
            paths,
            map(
                _new_entry,
                zip(
                    stamps,
                    column(doc, "digest", STR, n),
                    map(tuple, map(map, repeat(known.__getitem__), refs)),
                    facts,
                    findings,
                ),
            ),
        )
    )
    if len(entries) != n:
        raise Unfit  # a path twice
    return (
        entries,
        _images(doc.get("images")),
        cross_rows(doc.get("cross")),
        _infos(doc.get("image_info")),
    )


def _images(doc: Any) -> Images:
    sources = column(doc, "src", STR)
    n = len(sources)
    sizes, mtimes = column(doc, "size", INT_OR_NONE, n), column(doc, "mtime", INT_OR_NONE, n)
    stamps = _pairs_or_none(sizes, mtimes)
    return dict(zip(sources, zip(stamps, column(doc, "digest", STR_OR_NONE, n))))


def _infos(doc: Any) -> Infos:
    sources = column(doc, "src", STR)
    n = len(sources)
    rules, messages = column(doc, "rule", STR_OR_NONE, n), column(doc, "message", STR_OR_NONE, n)
    if any((rule is None) != (message is None) for rule, message in zip(rules, messages)):
        raise Unfit  # a problem has both, or there is none
    sizes = [column(doc, name, INT, n) for name in ("width", "height", "size")]
    if any(min(values, default=0) < 0 for values in sizes):
        raise Unfit
    rows = zip(
        column(doc, "digest", STR, n),
        rules,
        messages,
        column(doc, "format", STR, n),
        *sizes,
        column(doc, "gps", BOOL, n),
    )
    return dict(zip(sources, rows))


def encode(
    key: str,
    entries: dict[str, Entry],
    images: Images,
    cross: Cross,
    infos: Infos,
) -> dict[str, Any]:
    """The JSON value of the cache file (the inverse of ``decode``)."""
    values = list(entries.values())
    # a post without facts (unreadable) gets the blank row: no strings, zero positions, set 0
    facts = [f if (f := e.post_facts) is not None else _BLANK for e in values]
    sets: dict[tuple[str, ...], int] = {(): 0}  # index 0 also stands in for posts without facts
    budgets = [f.budget or (None, None) for f in facts]
    # column by column, each a comprehension: a third of the time of appending row by row
    columns: dict[str, list[object]] = {
        "brand": [f.brand for f in facts],
        "campaign": [f.campaign for f in facts],
        "when": [f.when for f in facts],
        "time_line": [f.time_pos[0] for f in facts],
        "time_col": [f.time_pos[1] for f in facts],
        "amount": [amount for amount, _ in budgets],
        "currency": [currency for _, currency in budgets],
        "budget_line": [f.budget_pos[0] for f in facts],
        "budget_col": [f.budget_pos[1] for f in facts],
        "text_key": [f.text_key for f in facts],
        "ignore_reason": [f.ignore_reason for f in facts],
        "networks": [sets.setdefault(tuple(f.networks), len(sets)) for f in facts],
    }
    states = [[i, [x for pair in f.states for x in pair]] for i, f in enumerate(facts) if f.states]
    ignored = [
        [i, [x for entry in f.ignores for x in entry]] for i, f in enumerate(facts) if f.ignores
    ]
    deals = [[i, list(f.deal)] for i, f in enumerate(facts) if f.deal is not None]
    changes = [
        [i, [x for pair in f.changes for x in pair]] for i, f in enumerate(facts) if f.changes
    ]
    stamps = [e.stamp or (None, None) for e in values]
    image_stamps = [st or (None, None) for st, _ in images.values()]
    table: dict[tuple[str, str | None], int] = {}
    refs = [[table.setdefault(pair, len(table)) for pair in e.images] for e in values]
    return {
        "format": FORMAT,
        "key": key,
        "paths": list(entries),
        "size": [s for s, _ in stamps],
        "mtime": [m for _, m in stamps],
        "digest": [e.digest for e in values],
        "image_refs": refs,
        "image_table": {"src": [src for src, _ in table], "digest": [d for _, d in table]},
        "findings": [
            [i, [list(row) for row in e.findings]] for i, e in enumerate(values) if e.findings
        ],
        "network_sets": [list(s) for s in sets],
        "facts": {
            **columns,
            "states": states,
            "ignores": ignored,
            "deals": deals,
            "changes": changes,
        },
        "images": {
            "src": list(images),
            "size": [s for s, _ in image_stamps],
            "mtime": [m for _, m in image_stamps],
            "digest": [d for _, d in images.values()],
        },
        "cross": cross_json(cross),
        "image_info": {
            "src": list(infos),
            **{
                name: [row[i] for row in infos.values()]
                for i, name in enumerate(
                    ("digest", "rule", "message", "format", "width", "height", "size", "gps")
                )
            },
        },
    }


def cross_json(cross: Cross) -> dict[str, list[list[Any]]]:
    """The cross-post findings as the file holds them."""
    return {brand: [list(row) for row in rows] for brand, rows in cross.items()}


def whole_head(doc: dict[str, Any]) -> bytes:
    """The whole file's JSON up to its cross-post findings and id (``doc``: encode's, whose cross
    is left out): dumped before the findings are known, by a fork while this process works them
    out (lint/cachebehind.py); ``Cache.write_whole`` closes it."""
    return json_bytes({name: value for name, value in doc.items() if name != "cross"})[:-1]
