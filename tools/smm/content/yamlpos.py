"""YAML loading that keeps the line and column of every key and list item.

One libyaml parse gives both the nodes (with marks) and the values. Timestamps are *not*
resolved: ``time: 2026-12-01 10:00`` stays a string, so the brand's time zone decides what it
means, not PyYAML's guess of UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader without the implicit timestamp resolver."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

Key = tuple[Any, ...]


@dataclass
class Located:
    """Loaded YAML data and the 1-based (line, col) of each key path, e.g. ("images", 0, "src")."""

    data: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0

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


def load(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document and record the position of every key and item."""
    loader = _Loader(text)
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
    if node is not None:
        located.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        _record(node, data, (), located.marks)
    return located


def _record(node: yaml.Node, value: Any, key: Key, marks: dict[Key, tuple[int, int]]) -> None:
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name not in value and isinstance(key_node, yaml.ScalarNode):
                # keys that are not strings (e.g. `1:`, `yes:`, `null:`) were constructed from their
                # text; construct it the same way (str(True) is not "yes")
                try:
                    name = yaml.load(key_node.value, Loader=_Loader)
                except yaml.YAMLError:
                    pass
            path = key + (name,)
            marks[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if name in value:
                _record(value_node, value[name], path, marks)
    elif isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        for index, (item_node, item) in enumerate(zip(node.value, value)):
            path = key + (index,)
            marks[path] = (item_node.start_mark.line + 1, item_node.start_mark.column + 1)
            _record(item_node, item, path, marks)
