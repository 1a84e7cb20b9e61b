"""The checks that decide whether a column of the lint cache file (lint/cachecodec.py) is fit.

Each takes what ``json.loads`` gave and gives it back typed, or raises ``Unfit``: a list of the
right length whose items are exactly the types named (``bool`` is not an ``int``), indexes in
range, times ``datetime`` can hold, findings of the levels lint writes. They are C-level passes
over a column (``set(map(type, column))``), not a Python step per item, where they can be.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date
from itertools import chain
from typing import Any, TypeVar

from smm.lint.facts import DealFacts

FindingRow = tuple[str, int, int, str, str, str]
# brand -> the cross-post findings over its posts (every cross-post rule compares the posts of one
# brand): a brand none of whose posts changed keeps them
Cross = dict[str, tuple[FindingRow, ...]]


class Unfit(Exception):
    """The file does not have the shape smm writes: it is thrown away."""


T = TypeVar("T")
_N = type(None)
# the exact item types a column may hold; typed so that column() returns list[str | None] etc.
STR: set[type[str]] = {str}
STR_OR_NONE: set[type[str | None]] = {str, _N}
INT: set[type[int]] = {int}
INT_OR_NONE: set[type[int | None]] = {int, _N}
BOOL: set[type[bool]] = {bool}
FLOAT_OR_NONE: set[type[float | None]] = {float, _N}
_LIST: set[type[list[Any]]] = {list}
_PAIR: set[type[int | list[Any]]] = {int, list}  # the items of a sparse column's pairs
_FINDING = (str, int, int, str, str, str)
_LEVELS = ("error", "warning")
_MIN_TIME, _MAX_TIME = (
    -62135596800.0,
    253402300799.0,
)  # 0001-01-01 .. 9999-12-31, as datetime allows


def column(doc: Any, name: str, types: AbstractSet[type[T]], n: int | None = None) -> list[T]:
    """``doc[name]``: a list of ``n`` items, each exactly one of ``types``."""
    value = doc.get(name) if type(doc) is dict else None
    if (
        type(value) is not list
        or (n is not None and len(value) != n)
        or not set(map(type, value)) <= types
    ):
        raise Unfit
    return value


def nested(doc: Any, name: str, types: AbstractSet[type[T]], n: int | None = None) -> list[list[T]]:
    """A column whose items are lists of ``types``."""
    value = column(doc, name, _LIST, n)
    if not set(map(type, chain.from_iterable(value))) <= types:
        raise Unfit
    return value


def sparse(doc: Any, name: str, n: int) -> list[list[Any]]:
    """``[index, list]`` pairs, the index one of the n posts'."""
    pairs = nested(doc, name, _PAIR)
    for pair in pairs:
        if (
            len(pair) != 2
            or type(pair[0]) is not int
            or not 0 <= pair[0] < n
            or type(pair[1]) is not list
        ):
            raise Unfit
    return pairs


def times(column: list[float | None]) -> bool:
    """Every time is one ``datetime`` can hold (NaN fails the comparison too)."""
    return all(_MIN_TIME <= t <= _MAX_TIME for t in column if t is not None)


def finding_rows(rows: Any) -> tuple[FindingRow, ...]:
    if type(rows) is not list:
        raise Unfit
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) != _FINDING or row[3] not in _LEVELS:
            raise Unfit
    return tuple(map(tuple, rows))


def cross_rows(doc: Any) -> Cross:
    if type(doc) is not dict or not set(map(type, doc)) <= STR:
        raise Unfit
    return {brand: finding_rows(rows) for brand, rows in doc.items()}


def pairs(flat: list[Any]) -> tuple[tuple[str, str], ...]:
    """[a, b, c, d] of strings as ((a, b), (c, d))."""
    if len(flat) % 2 or not set(map(type, flat)) <= STR:
        raise Unfit
    return tuple(zip(flat[::2], flat[1::2]))


def ignores(flat: list[Any]) -> tuple[tuple[str, int, int], ...]:
    """[id, line, col, id, line, col] as ((id, line, col), ...): a post's lint.ignore entries."""
    if len(flat) % 3 or not all(
        type(i) is str and type(line) is int and type(col) is int
        for i, line, col in zip(flat[::3], flat[1::3], flat[2::3])
    ):
        raise Unfit
    return tuple(zip(flat[::3], flat[1::3], flat[2::3]))


def deal(flat: list[Any]) -> DealFacts:
    """[due or null, line, col, counter-post out]: a post's deal (lint/facts.py)."""
    if tuple(map(type, flat)) not in _DEAL_TYPES:
        raise Unfit
    if flat[0] is not None:
        try:  # check_overdue reads it as a date
            date.fromisoformat(flat[0])
        except ValueError:
            raise Unfit from None
    return (flat[0], flat[1], flat[2], flat[3])


_DEAL_TYPES = {(str, int, int, bool), (_N, int, int, bool)}
