"""YAML loading that keeps the line and column of every key and list item, and refuses hostile YAML.

One libyaml parse gives both the nodes (with marks) and the values. Timestamps are *not*
resolved: ``time: 2026-12-01 10:00`` stays a string, so the brand's time zone decides what it
means, not PyYAML's guess of UTC.

Post, brand and campaign files are written by people and may be hostile, so the loader never
hands on a value that is expensive or unsafe to use. What it refuses becomes a ``Rejected``
value, which every schema check and consumer ignores (it is neither text, nor a number, nor a
collection), plus one ``Refusal`` the linter reports at its line:

* aliases (``*a``): each node is constructed once, so "billion laughs" stays a few hundred
  nodes and ``&a [*a]`` is not a cycle; merge keys (``<<``) go with them (``schema/alias``);
* numbers beyond 64 bits, ``.nan``, ``.inf`` and scalars an explicit tag cannot read
  (``!!int x``), never passed to ``int()`` when they are too long to be 64-bit (``schema/value``);
* a key given twice in one mapping, at any depth (``schema/duplicate-key``): YAML keeps the last
  one silently, and a second ``published: {}`` would undo a post's record;
* collections nested deeper than ``MAX_DEPTH`` (``schema/yaml``), so no consumer recurses far.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smm.content import yamlfast
from smm.content.yamlfast import IMPLICIT_RESOLVERS, MAX_NUMBER
from smm.content.yamlfast import MAX_NUMBER_TEXT as _MAX_NUMBER_TEXT

#: The one YAML loader smm uses anywhere: the safe one (libyaml's when present), which builds
#: plain data only and never runs code.
if TYPE_CHECKING:  # the stubs type both the same; mypy checks against the pure-Python one
    from yaml import SafeLoader as SafeLoader
else:
    SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Front matter nests four levels (overrides.instagram.images[0].src); deeper is not smm's data.
MAX_DEPTH = 32
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

Key = tuple[Any, ...]


class Rejected:
    """A value the loader refused; its finding is already made, so checks and consumers skip it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Rejected({self.text!r})"


@dataclass(frozen=True)
class Refusal:
    """One refused construct: 1-based position (with the line offset applied), rule id, message."""

    line: int
    col: int
    rule: str
    message: str


def short(text: str, limit: int = 40) -> str:
    """Text for a message: a 5,000-character value is cut, not echoed."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class _Loader(SafeLoader):
    """Safe loader without the implicit timestamp resolver, which refuses instead of expanding."""

    def __init__(self, stream: str, line_offset: int = 0) -> None:
        super().__init__(stream)
        self.line_offset = line_offset
        self.refusals: list[Refusal] = []
        self.key_of: dict[Node, Any] = {}  # key node -> its constructed key, for the positions
        self.aliases = 0

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def note(self, node: Node, rule: str, message: str) -> None:
        self.refusals.append(Refusal(self.line(node), node.start_mark.column + 1, rule, message))

    def refuse(self, node: Node, rule: str, message: str) -> Rejected:
        self.note(node, rule, message)
        return Rejected(short(str(node.value)) if isinstance(node, ScalarNode) else "…")

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            self.aliases += (
                1  # only an alias reaches a node twice; its position comes from the events
            )
            return Rejected("*alias")
        if node.tag == _STR_TAG and isinstance(node, ScalarNode):
            # what SafeConstructor does for a string (most values), without its bookkeeping for
            # collections and generators: the value, remembered so an alias to it is still seen
            self.constructed_objects[node] = node.value
            return node.value
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """SafeConstructor's mapping, without merge keys, noting every key given twice."""
        if not isinstance(node, MappingNode):
            # every node PyYAML makes is one of the three kinds, which name themselves in ``id``
            found = node.id if isinstance(node, (ScalarNode, SequenceNode)) else "node"
            raise ConstructorError(
                None, None, f"expected a mapping, but found {found}", node.start_mark
            )
        mapping: dict[Any, Any] = {}
        first: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.refuse(
                    key_node,
                    "schema/alias",
                    "YAML merge keys ('<<') are not supported: write the keys out",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found a key that is a list or a mapping",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            self.key_of[key_node] = key
            if key in first:
                self.note(
                    key_node,
                    "schema/duplicate-key",
                    f"key '{short(key_node.value)}' is given twice "
                    f"(first on line {self.line(first[key])}); YAML would keep only this one",
                )
            else:
                first[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_Loader.yaml_implicit_resolvers = IMPLICIT_RESOLVERS


def _number(construct: Callable[[Any, ScalarNode], Any]) -> Callable[[_Loader, ScalarNode], Any]:
    """A number constructor that refuses what is not a finite number within ``MAX_NUMBER``."""

    def guarded(loader: _Loader, node: ScalarNode) -> Any:
        text = str(node.value)
        problem = f"{short(text)} is not a usable number: smm reads finite numbers up to {MAX_NUMBER:,} (64 bits)"
        if len(text) > _MAX_NUMBER_TEXT:
            return loader.refuse(node, "schema/value", problem)
        try:
            value = construct(loader, node)
        except (ValueError, OverflowError, IndexError):
            return loader.refuse(
                node,
                "schema/value",
                f"'{short(text)}' is not a number ({node.tag.rsplit(':', 1)[-1]})",
            )
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
            return loader.refuse(node, "schema/value", problem)
        return value

    return guarded


def _scalar(construct: Callable[[Any, ScalarNode], Any]) -> Callable[[_Loader, ScalarNode], Any]:
    """An explicitly tagged scalar (``!!bool maybe``) that cannot be read is refused, not raised."""

    def guarded(loader: _Loader, node: ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, KeyError, AttributeError, TypeError):
            return loader.refuse(
                node,
                "schema/value",
                f"'{short(str(node.value))}' is not a valid {node.tag.rsplit(':', 1)[-1]}",
            )

    return guarded


_Loader.add_constructor("tag:yaml.org,2002:int", _number(SafeConstructor.construct_yaml_int))
_Loader.add_constructor("tag:yaml.org,2002:float", _number(SafeConstructor.construct_yaml_float))
_Loader.add_constructor("tag:yaml.org,2002:bool", _scalar(SafeConstructor.construct_yaml_bool))
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", _scalar(SafeConstructor.construct_yaml_timestamp)
)


@dataclass
class Located:
    """Loaded YAML data and the 1-based (line, col) of each key path, e.g. ("images", 0, "src")."""

    data: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    refusals: list[Refusal] = field(default_factory=list)

    def at(self, *key: Any) -> tuple[int, int]:
        """Position of the longest known prefix of ``key`` (falls back to the document start)."""
        while key:
            if key in self.marks:
                line, col = self.marks[key]
                return line + self.line_offset, col
            key = key[:-1]
        line, col = self.marks.get((), (1, 1))
        return line + self.line_offset, col


class YamlProblem(Exception):
    """Text that is not valid YAML; line/col are 1-based within the text."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def load_data(text: str) -> Any:
    """Plain data from smm's own shipped YAML (rules/*.yaml): the safe loader, no positions.

    The one ``yaml.load`` of the package; a user's file goes through ``load`` instead."""
    return yaml.load(text, Loader=SafeLoader)


def load(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document and record the position of every key and item.

    Refused constructs are in ``refusals``; the data holds ``Rejected`` in their place. Most
    front matter is read by yamlfast.py, which gives the same; the rest by libyaml.
    """
    fast = yamlfast.parse(text)
    if fast is not None:
        return Located(fast[0], fast[1], line_offset)
    return reference_load(text, line_offset)


def reference_load(text: str, line_offset: int = 0) -> Located:
    """``load`` through libyaml alone, never yamlfast.py: what the fast path must equal
    (tests/content/test_yamlfast.py)."""
    loader = _Loader(text, line_offset)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"invalid YAML: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {' '.join(str(exc).split())}", 1, 1) from None
    finally:
        loader.dispose()
    located = Located(data, line_offset=line_offset)
    if loader.aliases:
        loader.refusals.append(_alias_refusal(text, line_offset))
    if node is not None:
        located.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        located.data = _record(node, data, loader, located.marks)
    located.refusals = sorted(loader.refusals, key=lambda r: (r.line, r.col))
    return located


def _alias_refusal(text: str, line_offset: int) -> Refusal:
    """One finding for every alias of the file, at the first (found again in the event stream)."""
    aliases = [
        event for event in yaml.parse(text, Loader=SafeLoader) if isinstance(event, yaml.AliasEvent)
    ]
    mark = aliases[0].start_mark if aliases else None
    more = f" ({len(aliases) - 1:,} more in this file)" if len(aliases) > 1 else ""
    # an alias always names its anchor; the stubs type it as NodeEvent's, which may be None
    name = f"'*{short(aliases[0].anchor or '')}'" if aliases else ""
    message = f"YAML alias {name} refused{more}: smm does not expand anchors and aliases; write the value out"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Refusal(line + line_offset, col, "schema/alias", message)


def _record(root: Node, data: Any, loader: _Loader, marks: dict[Key, tuple[int, int]]) -> Any:
    """Record the position of every key and item, walking nodes and values together (no
    recursion); a collection deeper than MAX_DEPTH is replaced by ``Rejected`` and refused."""
    holder = [data]
    stack: list[tuple[Node, Any, Key, list[Any] | dict[Any, Any], Any]] = [
        (root, data, (), holder, 0)
    ]
    while stack:
        node, value, key, parent, slot = stack.pop()
        if len(key) >= MAX_DEPTH and isinstance(value, (dict, list)):
            parent[slot] = loader.refuse(
                node, "schema/yaml", f"nested deeper than {MAX_DEPTH} levels: smm's files are flat"
            )
            continue
        if isinstance(node, MappingNode) and isinstance(value, dict):
            last = {
                loader.key_of[k]: (k, v) for k, v in node.value if k in loader.key_of
            }  # the last of a key given twice
            for name, (key_node, value_node) in last.items():
                if name in value:
                    path = (*key, name)
                    marks[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    stack.append((value_node, value[name], path, value, name))
        elif isinstance(node, SequenceNode) and isinstance(value, list):
            for index, (item_node, item) in enumerate(zip(node.value, value)):
                path = (*key, index)
                marks[path] = (item_node.start_mark.line + 1, item_node.start_mark.column + 1)
                stack.append((item_node, item, path, value, index))
    return holder[0]
