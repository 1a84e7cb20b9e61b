"""The front matter most posts have, read without libyaml: the same values and positions, faster.

yamlpos.py parses with libyaml and then constructs Python values from its nodes, which is a fifth
of a cold lint. Nearly every post's front matter is a block mapping of one-line scalars, flow
lists and flow mappings of scalars, block lists and a few nested block mappings. ``parse`` reads
exactly that subset line by line and gives what yamlpos.load gives: every value resolved as
PyYAML's safe loader resolves it (YAML 1.1: ``yes``/``off`` are booleans, ``0x1f`` and ``1_000``
integers, ``~`` null; timestamps stay strings as in yamlpos) and every key's and item's line and
column. Anything else — comments after a value, multi-line or escaped scalars, block scalars,
anchors, tags, tabs, unusual indentation, keys given twice, numbers yamlpos refuses, anything that
is not valid YAML — returns None, and the caller takes yamlpos's libyaml path, which makes every
finding and refusal. tests/content/test_yamlfast.py compares both paths on generated documents,
the examples and the benchmark corpus.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

#: The largest magnitude a number may have: what fits a signed 64-bit integer (ids of every network do).
MAX_NUMBER = 2**63 - 1
#: Longer number texts are refused unread: int() of a 5,000-digit text raises, of a long 0x... is slow.
MAX_NUMBER_TEXT = 80
#: PyYAML's safe implicit resolvers without the timestamp one (the brand's time zone decides).
IMPLICIT_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
#: Deeper front matter is left to yamlpos (which refuses past its MAX_DEPTH).
_MAX_DEPTH = 12

Key = tuple[Any, ...]
Marks = dict[Key, tuple[int, int]]

# Characters outside plain printable text (controls, YAML's other line breaks, BOMs, surrogates,
# tabs, CR) make the whole document go to libyaml, which knows what each means. Written as the
# characters themselves, not as "all but printable text": the same set (tests/content/
# test_yamlfast.py), compiled in 0.3 ms instead of 3 on every run that reads a post.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
# a scalar inside [...] or {...}: quoted on one line without escapes, or plain with no indicator
# first and no flow or comment characters in it
_SCALAR = (
    r"(?P<value>\"(?P<double>[^\"\\]*)\"|'(?P<single>(?:[^']|'')*)'"
    r"|(?P<plain>[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}:#'\"]*))"
)
# one item of a flow list and what follows it (a comma or the end); ``[a, ]`` goes to libyaml
_FLOW_ITEM = re.compile(rf" *{_SCALAR} *(?P<after>[,\]]|$)")
_FLOW_PAIR = re.compile(rf" *(?P<key>[A-Za-z_][A-Za-z0-9_-]*): +{_SCALAR} *(?P<after>[,}}]|$)")
_FLOW_EMPTY = re.compile(r" *([\]}])")
_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_TAG_STR, _TAG_NULL, _TAG_BOOL = (
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
)
_TAG_INT, _TAG_FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_WILDCARD = IMPLICIT_RESOLVERS.get(None, [])  # resolvers for any first character (none in PyYAML 6)
_SCALARS = SafeConstructor()
# what a plain value may not start with to be text as it stands: an indicator, a quote or a
# bracket, or the first character of a number, boolean or null (with _WILDCARD: any character)
_NOT_TEXT_START = _PLAIN_BAD_START | {
    first for first in IMPLICIT_RESOLVERS if first is not None
}  # PyYAML's own int/float/bool construction, so values are its values


class _Outside(Exception):
    """The document is outside the subset: libyaml reads it."""


def parse(text: str) -> tuple[Any, Marks] | None:
    """(data, marks) as yamlpos.load makes them (marks 1-based, no line offset), or None when
    ``text`` is outside the subset or anything in it would be refused."""
    if _UNUSUAL.search(text):
        return None
    lines: list[list[Any]] = []  # [line number, indent, text]: the lines that hold content
    for number, raw in enumerate(text.split("\n")):
        content = raw.rstrip(" ")
        stripped = content.lstrip(" ")
        if stripped and stripped[0] != "#":
            lines.append([number, len(content) - len(stripped), stripped])
    if not lines or lines[0][1] != 0:
        return None
    reader = _Reader(lines)
    try:
        data = reader.mapping(0, ())
    except _Outside:
        return None
    if reader.at < len(lines):
        return None
    reader.marks[()] = (lines[0][0] + 1, 1)
    return data, reader.marks


class _Reader:
    """A recursive reader over the document's content lines: [number, indent, text]."""

    def __init__(self, lines: list[list[Any]]) -> None:
        self.lines = lines
        self.at = 0
        self.marks: Marks = {}

    def _indent(self) -> int:
        """The indent of the next content line, -1 at the end."""
        return self.lines[self.at][1] if self.at < len(self.lines) else -1

    def _is_item(self) -> bool:
        text: str = self.lines[self.at][2]
        return text == "-" or text.startswith("- ")

    def mapping(self, indent: int, path: Key) -> dict[Any, Any]:
        if len(path) > _MAX_DEPTH:
            raise _Outside
        lines, marks, end = self.lines, self.marks, len(self.lines)
        data: dict[Any, Any] = {}
        while self.at < end and lines[self.at][1] == indent:
            number, _, text = lines[self.at]
            match = _KEY.match(text)
            if match is None:
                raise _Outside
            key = _key(match.group(1))
            if key in data:
                raise _Outside
            where = (*path, key)
            marks[where] = (number + 1, indent + 1)
            rest = text[match.end() :]
            self.at += 1
            below = lines[self.at][1] if self.at < end else -1
            if rest and rest[0] != "#":
                if (
                    rest[0] in _NOT_TEXT_START
                    or ": " in rest
                    or " #" in rest
                    or rest[-1] == ":"
                    or _WILDCARD
                ):
                    data[key] = _inline(rest, number, indent + match.end(), where, marks)
                else:  # most values: plain text no resolver can take (what _inline finds too)
                    data[key] = rest
            elif below > indent:
                data[key] = self.block(below, where)
            elif below == indent and self._is_item():
                data[key] = self.sequence(indent, where)  # a list at its key's indent
            else:
                data[key] = None
            if self.at < end and lines[self.at][1] > indent:
                raise _Outside  # a scalar continued on the next line, or a stray indent
        return data

    def block(self, indent: int, path: Key) -> Any:
        return self.sequence(indent, path) if self._is_item() else self.mapping(indent, path)

    def sequence(self, indent: int, path: Key) -> list[Any]:
        if len(path) > _MAX_DEPTH:
            raise _Outside
        items: list[Any] = []
        while self._indent() == indent and self._is_item():
            line = self.lines[self.at]
            number, text = line[0], line[2]
            if text == "-":
                raise _Outside
            item = text[1:].lstrip(" ")
            column = indent + len(text) - len(item)
            where = (*path, len(items))
            self.marks[where] = (number + 1, column + 1)
            if _KEY.match(item):  # "- key: value": a mapping that starts on the dash's line
                line[1], line[2] = column, item
                items.append(self.mapping(column, where))
            elif item[0] == "#" or item.startswith("- "):
                raise _Outside
            else:
                self.at += 1
                items.append(_inline(item, number, column, where, self.marks))
            if self._indent() > indent:
                raise _Outside
        return items


def _key(text: str) -> str:
    """A plain mapping key that is a string (``yes:`` or ``1:`` is not: libyaml's path reads it)."""
    key = _KEYS.get(text)
    if key is None:
        value = _plain(text)
        if not isinstance(value, str):
            raise _Outside
        key = value
        if len(_KEYS) < 1024:  # front matter uses a few dozen keys; a hostile file cannot grow it
            _KEYS[key] = key
    return key


_KEYS: dict[str, str] = {}


def _plain(text: str) -> Any:
    """A plain scalar's value, resolved and constructed as the safe loader does, or _Outside
    where yamlpos would refuse it or it is not a string, number, boolean or null."""
    resolvers = IMPLICIT_RESOLVERS.get(text[0] if text else "")
    if resolvers is None and not _WILDCARD:
        return text
    # a text a resolver may take (a digit, a sign, y/n/t/f/o/~ first): "1900 RUB", "2027-03-04
    # 10:00", "true" recur from post to post; their values are immutable
    known = _PLAINS.get(text, _PLAINS)
    if known is _PLAINS:
        if len(_PLAINS) >= _MEMO_MOST:
            _PLAINS.clear()
        try:
            known = _PLAINS[text] = _resolved(text, resolvers)
        except _Outside:
            known = _PLAINS[text] = _Outside
    if known is _Outside:
        raise _Outside
    return known


#: What _plain and _flow_of worked out, by the text (a few thousand: cleared when full).
_PLAINS: dict[str, Any] = {}
_FLOWS: dict[str, tuple[Any, int, tuple[tuple[Key, tuple[int, int]], ...]]] = {}
_MEMO_MOST = 4096


def _resolved(text: str, resolvers: list[tuple[str, re.Pattern[str]]] | None) -> Any:
    """``_plain``'s answer for a text one of ``resolvers`` may take."""
    tag = _TAG_STR
    for candidate, pattern in (resolvers or []) + _WILDCARD:
        if pattern.match(text):
            tag = candidate
            break
    if tag == _TAG_STR:
        return text
    if tag == _TAG_NULL:
        return None
    if tag == _TAG_BOOL:
        return _SCALARS.construct_yaml_bool(ScalarNode(tag, text))
    if tag not in (_TAG_INT, _TAG_FLOAT) or len(text) > MAX_NUMBER_TEXT:
        raise _Outside
    try:
        construct = (
            _SCALARS.construct_yaml_int if tag == _TAG_INT else _SCALARS.construct_yaml_float
        )
        value = construct(ScalarNode(tag, text))
    except (ValueError, OverflowError, IndexError):
        raise _Outside from None
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
        raise _Outside
    return value


def _inline(text: str, number: int, column: int, path: Key, marks: Marks) -> Any:
    """A value on its key's (or dash's) line: a scalar, [a, b] or {k: v}, nothing after it."""
    first = text[0]
    if first in "\"'":
        value, end = _quoted(text, 0)
        _end_of_line(text, end)
        return value
    if first in "[{":
        value, end, found = _flow_of(text)
        _end_of_line(text, end)
        for key, (line, col) in found:
            marks[(*path, *key)] = (number + line, column + col)
        return value.copy()  # each post its own list or mapping (of immutable scalars)
    if first in _PLAIN_BAD_START or ": " in text or text[-1] == ":" or " #" in text:
        raise _Outside
    return _plain(text)


def _end_of_line(text: str, end: int) -> None:
    if text[end:].strip(" "):
        raise _Outside


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A one-line quoted scalar at ``start``: its value and the index after its closing quote."""
    quote = text[start]
    if quote == '"':
        end = text.find('"', start + 1)
        if end == -1 or "\\" in text[start + 1 : end]:
            raise _Outside
        return text[start + 1 : end], end + 1
    end = start + 1
    while True:
        end = text.find("'", end)
        if end == -1:
            raise _Outside
        if text.startswith("''", end):
            end += 2
            continue
        return text[start + 1 : end].replace("''", "'"), end + 1


def _flow_of(text: str) -> tuple[Any, int, tuple[tuple[Key, tuple[int, int]], ...]]:
    """``_flow`` of ``text``, with its items' marks relative to the text's line and column:
    ``network: [telegram, vk]`` recurs in post after post."""
    known = _FLOWS.get(text)
    if known is None:
        found: Marks = {}
        value, end = _flow(text, 0, 0, (), found)
        if len(_FLOWS) >= _MEMO_MOST:
            _FLOWS.clear()
        known = _FLOWS[text] = (value, end, tuple(found.items()))
    return known


def _flow(text: str, number: int, column: int, path: Key, marks: Marks) -> tuple[Any, int]:
    """``[a, "b"]`` or ``{k: v, k2: 'v'}`` of scalars on one line, and the index after it."""
    mapping = text[0] == "{"
    close = "}" if mapping else "]"
    data: Any = {} if mapping else []
    empty = _FLOW_EMPTY.match(text, 1)
    if empty is not None and empty.group(1) == close:
        return data, empty.end()
    at = 1
    while True:
        match = (_FLOW_PAIR if mapping else _FLOW_ITEM).match(text, at)
        if match is None:
            raise _Outside
        double, single, plain, after = match.group("double", "single", "plain", "after")
        value = (
            double
            if double is not None
            else single.replace("''", "'")
            if single is not None
            else _plain(plain.rstrip(" "))
        )
        if mapping:
            key = _key(match.group("key"))
            if key in data:
                raise _Outside
            marks[(*path, key)] = (number + 1, column + match.start("key") + 1)
            data[key] = value
        else:
            marks[(*path, len(data))] = (number + 1, column + match.start("value") + 1)
            data.append(value)
        at = match.end()
        if after == close:
            return data, at
        if after != ",":
            raise _Outside
