"""A small schema language: each type checks a loaded YAML value and emits its JSON Schema.

The post, campaign and brand schemas (content/schema.py) are written in it once, so the
linter's schema checks and the JSON Schemas that editors use can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from smm.content.yamlpos import Rejected, short

Key = tuple[Any, ...]
# (where, rule id, message); the loader turns `where` into path:line:col
Problem = tuple[Key, str, str]


def _type_name(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


#: (id of a type, class, value) of scalars found to have no problem: a check depends on nothing
#: else, and the same values recur from post to post (kind: ad, currency RUB, a campaign's slug).
#: The class is in the key because 1, 1.0 and True are equal. Types live as long as the process
#: (the schemas are module constants), so their ids stay theirs.
_FINE: set[tuple[int, type, Any]] = set()
_SCALARS = frozenset({str, int, float, bool})


class Type:
    """Base: ``check`` yields problems; ``json`` returns the JSON Schema fragment."""

    description: str = ""

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether the value has this type's shape (used by OneOf to pick an alternative)."""
        return True


@dataclass
class Str(Type):
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    description: str = ""
    enum_rule: str = "schema/value"
    #: a further check of text that matches ``pattern`` (a range, say); returns the problem or None
    bound: Callable[[str], str | None] | None = None

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, str):
            yield key, "schema/type", f"'{_label(key)}' must be text, not {_type_name(value)}"
        elif self.enum and value not in self.enum:
            hint = did_you_mean(value, self.enum)
            yield (
                key,
                self.enum_rule,
                f"'{short(value)}' is not one of {', '.join(self.enum)}{hint}",
            )
        elif self.pattern and not re.search(self.pattern, value):
            yield (
                key,
                "schema/value",
                f"'{_label(key)}': '{short(value)}' is not {self.description or 'text matching ' + self.pattern}",
            )
        elif self.bound and (problem := self.bound(value)):
            yield key, "schema/value", f"'{_label(key)}': {problem}"

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.enum:
            out["enum"] = list(self.enum)
        if self.pattern:
            out["pattern"] = self.pattern
        return _describe(out, self.description)


@dataclass
class Num(Type):
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    decimals: int | None = None  # at most this many decimal places (money: cents)
    description: str = ""

    def accepts(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        kind = "a whole number" if self.integer else "a number"
        if not self.accepts(value) or (self.integer and not isinstance(value, int)):
            yield key, "schema/type", f"'{_label(key)}' must be {kind}, not {_type_name(value)}"
        elif self.minimum is not None and value < self.minimum:
            yield key, "schema/value", f"'{_label(key)}' must be at least {self.minimum:,}"
        elif self.maximum is not None and value > self.maximum:
            yield key, "schema/value", f"'{_label(key)}' must be at most {self.maximum:,}"
        elif self.decimals is not None and decimal_places(value) > self.decimals:
            yield (
                key,
                "schema/value",
                f"'{_label(key)}': {value} has more than {self.decimals} decimal places",
            )

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return _describe(out, self.description)


def decimal_places(value: int | float) -> int:
    """Decimal places of a number as YAML wrote it (1500.5 has 1; 1e-07 has 7)."""
    exponent = Decimal(str(value)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass
class Bool(Type):
    description: str = ""

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, bool):
            yield (
                key,
                "schema/type",
                f"'{_label(key)}' must be true or false, not {_type_name(value)}",
            )

    def json(self) -> dict[str, Any]:
        return _describe({"type": "boolean"}, self.description)


@dataclass
class ListOf(Type):
    item: Type
    description: str = ""

    def accepts(self, value: Any) -> bool:
        return isinstance(value, list)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield key, "schema/type", f"'{_label(key)}' must be a list, not {_type_name(value)}"
            return
        for index, item in enumerate(value):
            if not isinstance(item, Rejected):  # the loader reported it at its line
                yield from self.item.check(item, (*key, index))

    def json(self) -> dict[str, Any]:
        return _describe({"type": "array", "items": self.item.json()}, self.description)


@dataclass
class Field:
    type: Type
    required: bool = False
    description: str = ""


@dataclass
class Obj(Type):
    """A mapping with known keys; unknown keys are reported with a did-you-mean."""

    fields: dict[str, Field]
    description: str = ""
    key_rule: str = "schema/unknown-key"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, dict)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield key, "schema/type", f"'{_label(key)}' must be a mapping, not {_type_name(value)}"
            return
        for name, item in value.items():
            spec = self.fields.get(name) if isinstance(name, str) else None
            if isinstance(name, Rejected):
                continue  # the loader reported it at its line
            if spec is None:
                hint = did_you_mean(str(name), self.fields)
                yield (*key, name), self.key_rule, f"unknown key '{short(str(name))}'{hint}"
            elif item is None or isinstance(item, Rejected):
                continue  # `key:` alone means "not set" (a required key is reported below); Rejected: reported
            elif item.__class__ not in _SCALARS:
                yield from spec.type.check(item, (*key, name))
            elif (seen := (id(spec.type), item.__class__, item)) not in _FINE:
                found = list(spec.type.check(item, (*key, name)))
                yield from found
                if not found:
                    if len(_FINE) >= 4096:
                        _FINE.clear()
                    _FINE.add(seen)
        for name in self._required:
            if value.get(name) is None:
                yield key, "schema/required", f"missing required key '{name}'"

    @cached_property
    def _required(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.required)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {
                name: _describe(spec.type.json(), spec.description)
                for name, spec in self.fields.items()
            },
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            out["required"] = required
        return _describe(out, self.description)


@dataclass
class MapOf(Type):
    """A mapping whose keys come from a fixed set (e.g. network ids) and share one value type,
    except the keys of ``special``, whose values have a type of their own."""

    keys: tuple[str, ...]
    value: Type
    key_rule: str = "schema/network"
    description: str = ""
    special: dict[str, Type] = field(default_factory=dict)

    def accepts(self, value: Any) -> bool:
        return isinstance(value, dict)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield key, "schema/type", f"'{_label(key)}' must be a mapping, not {_type_name(value)}"
            return
        for name, item in value.items():
            if isinstance(name, Rejected):
                continue  # the loader reported it at its line
            if name not in self.keys:
                hint = did_you_mean(str(name), self.keys)
                yield (
                    (*key, name),
                    self.key_rule,
                    f"'{short(str(name))}' is not one of {', '.join(self.keys)}{hint}",
                )
            elif not isinstance(item, Rejected):
                yield from self.special.get(name, self.value).check(item, (*key, name))

    def json(self) -> dict[str, Any]:
        props = {name: self.special.get(name, self.value).json() for name in self.keys}
        return _describe(
            {"type": "object", "properties": props, "additionalProperties": False}, self.description
        )


@dataclass
class OneOf(Type):
    """One of several shapes; the first alternative whose shape matches checks the value."""

    options: list[Type] = field(default_factory=list)
    description: str = ""

    def accepts(self, value: Any) -> bool:
        return any(option.accepts(value) for option in self.options)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        for option in self.options:
            if option.accepts(value):
                yield from option.check(value, key)
                return
        shapes = " or ".join(_shape(option) for option in self.options)
        yield key, "schema/type", f"'{_label(key)}' must be {shapes}, not {_type_name(value)}"

    def json(self) -> dict[str, Any]:
        return _describe({"anyOf": [option.json() for option in self.options]}, self.description)


def did_you_mean(word: str, choices: Any) -> str:
    import difflib  # only for a key that is not known (a run with none never loads it)

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _label(key: Key) -> str:
    return ".".join(str(part) for part in key) or "document"


def _shape(option: Type) -> str:
    return {
        Str: "text",
        Num: "a number",
        Bool: "true/false",
        ListOf: "a list",
        Obj: "a mapping",
        MapOf: "a mapping",
    }.get(type(option), "a value")


def _describe(out: dict[str, Any], description: str) -> dict[str, Any]:
    if description and "description" not in out:
        out["description"] = description
    return out


@dataclass
class FreeMap(Type):
    """A mapping with any keys (figures smm writes, notes a team keeps)."""

    description: str = ""

    def accepts(self, value: Any) -> bool:
        return isinstance(value, dict)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield key, "schema/type", f"'{_label(key)}' must be a mapping, not {_type_name(value)}"

    def json(self) -> dict[str, Any]:
        return _describe({"type": "object"}, self.description)
