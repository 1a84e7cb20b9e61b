"""Extract TDLib's own HTML parse-mode cases into tdlib_parse_html.json (re-runnable).

The cases are the ``check_parse_html(...)`` calls of ``TEST(MessageEntities, parse_html)`` in
tdlib/td's test/message_entities.cpp. Each becomes either ``{"html", "error"}`` (parse_html must
fail with exactly that message) or ``{"html", "text", "entities"}`` (the text parse_html leaves
and its entities, in TDLib's order, with offsets and lengths in UTF-16 code units), with the
line it came from. Entities keep TDLib's type names; a string argument (a link's URL, a code
block's language) is ``argument``, a custom emoji's id ``custom_emoji_id``, a tg-time entity's
``FormattedDate{unix, flags}`` is ``date`` and ``date_flags``.

Usage, from the text of test/message_entities.cpp saved to a plain file (the committed cases were
taken from the public-code search index, tdlib/td at COMMIT; the .cpp itself is not committed):

    python tests/sandbox/data/tdlib_parse_html.py PATH/TO/message_entities.cpp [--commit SHA]

``--commit`` is the td commit the text is from (default: COMMIT), recorded as the origin.
``--check`` compares instead of writing (exit 1 if the committed file differs). Only the
standard library is used.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "tdlib_parse_html.json"
SOURCE = "test/message_entities.cpp"
# the tdlib/td commit whose test/message_entities.cpp the public-code search index holds
COMMIT = "d26e0fab57d0832aa73db1f8fb455cdfffcd4323"

_TOKEN = re.compile(
    r"""\s+|//[^\n]*|(?P<str>"(?:\\.|[^"\\])*")|(?P<num>-?\d+)|(?P<name>[A-Za-z_][\w:]*)|(?P<punct>[(){},;<>=])"""
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\", "0": "\0"}


def tokens(source: str) -> Iterator[tuple[str, str, int]]:
    """(kind, value, line) of each C++ token that the test's calls use."""
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise ValueError(
                f"line {source.count(chr(10), 0, pos) + 1}: cannot read {source[pos : pos + 20]!r}"
            )
        if match.lastgroup:
            yield match.lastgroup, match.group(match.lastgroup), source.count("\n", 0, pos) + 1
        pos = match.end()


def unquote(literal: str) -> str:
    r"""A C++ string literal's value (the file is UTF-8; escapes used: \" \' \\ \n \t \r)."""
    out, i, body = [], 0, literal[1:-1]
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


class _Reader:
    """A tiny recursive reader for the argument expressions of check_parse_html calls."""

    def __init__(self, toks: list[tuple[str, str, int]], variables: dict[str, str]) -> None:
        self.toks, self.i, self.variables = toks, 0, variables

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        if value is not None and tok[1] != value:
            raise ValueError(f"line {tok[2]}: expected {value!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def value(self) -> Any:
        kind, text, _ = self.take()
        if kind == "str":  # adjacent literals concatenate
            parts = [unquote(text)]
            while self.peek()[0] == "str":
                parts.append(unquote(self.take()[1]))
            return "".join(parts)
        if kind == "num":
            return int(text)
        if text == "{":
            return self.items("}")
        if text == "static_cast":  # static_cast<T>(value)
            self.take("<")
            self.take()
            self.take(">")
            self.take("(")
            inner = self.value()
            self.take(")")
            return inner
        if kind == "name":
            if self.peek()[1] in ("(", "{"):  # td::CustomEmojiId(...), td::FormattedDate{...}
                close = ")" if self.take()[1] == "(" else "}"
                return {"call": text, "args": self.items(close)}
            return self.variables.get(text, {"name": text})
        raise ValueError(f"unexpected {text!r}")

    def items(self, close: str) -> list[Any]:
        out: list[Any] = []
        while self.peek()[1] != close:
            out.append(self.value())
            if self.peek()[1] == ",":
                self.take(",")
        self.take(close)
        return out


def entity(raw: list[Any]) -> dict[str, Any]:
    """{td::MessageEntity::Type::X, offset, length[, argument]} as a JSON object."""
    kind, offset, length, *rest = raw
    out: dict[str, Any] = {
        "type": kind["name"].rsplit("::", 1)[-1],
        "offset": offset,
        "length": length,
    }
    if len(rest) == 2 and all(isinstance(a, int) for a in rest):  # the older form: ..., unix, flags
        out["date"], out["date_flags"] = rest
        return out
    for arg in rest:
        if isinstance(arg, str):
            out["argument"] = arg
        elif arg.get("call") == "td::CustomEmojiId":
            out["custom_emoji_id"] = str(arg["args"][0])
        elif arg.get("call") == "td::FormattedDate":
            out["date"], out["date_flags"] = arg["args"]
        else:
            raise ValueError(f"unknown entity argument {arg!r}")
    return out


def extract(source: str) -> list[dict[str, Any]]:
    """Every check_parse_html call of TEST(MessageEntities, parse_html), in order."""
    start = source.index("TEST(MessageEntities, parse_html)")
    body = source[start : source.index("\n}\n", start) + 2]  # up to the closing brace of the TEST
    first_line = source.count("\n", 0, start)
    toks = [(k, v, line + first_line) for k, v, line in tokens(body)]
    variables: dict[str, str] = {}
    cases: list[dict[str, Any]] = []
    i = 0
    while i < len(toks):
        _kind, text, line = toks[i]
        if text == "td::string" and toks[i + 2][1] == "=":  # td::string name = "...";
            reader = _Reader(toks[i + 3 :], variables)
            variables[toks[i + 1][1]] = reader.value()
            i += 3 + reader.i
            continue
        if text != "check_parse_html":
            i += 1
            continue
        reader = _Reader(toks[i + 2 :], variables)
        args = reader.items(")")
        i += 2 + reader.i
        if len(args) == 2:
            cases.append({"line": line, "html": args[0], "error": args[1]})
        else:
            cases.append(
                {
                    "line": line,
                    "html": args[0],
                    "text": args[1],
                    "entities": [entity(e) for e in args[2]],
                }
            )
    return cases


def build(source_file: str, commit: str) -> dict[str, Any]:
    source = Path(source_file).read_text(encoding="utf-8")
    return {
        "origin": {
            "repository": "https://github.com/tdlib/td",
            "commit": commit,
            "path": SOURCE,
            "test": "TEST(MessageEntities, parse_html)",
            "taken_from": "the public-code search index (its stored text of that file at that commit)",
            "checked_by": "check_parse_html: td::parse_html(text) must succeed with exactly these entities "
            "and leave exactly this text, or fail with code 400 and exactly this message",
            "extracted_by": "tests/sandbox/data/tdlib_parse_html.py",
        },
        "license": {
            "name": "Boost Software License 1.0",
            "spdx": "BSL-1.0",
            "file": "LICENSE_1_0.txt",
            "notice": "Copyright Aliaksei Levin (levlam@telegram.org), Arseny Smirnov "
            "(arseny30@gmail.com) 2014-2024. Distributed under the Boost Software License, "
            "Version 1.0. (See accompanying file LICENSE_1_0.txt or copy at "
            "http://www.boost.org/LICENSE_1_0.txt)",
        },
        "cases": extract(source),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "source", help="the text of tdlib/td's test/message_entities.cpp, as a plain file"
    )
    parser.add_argument(
        "--commit", default=COMMIT, help="the td commit that text is from (default: %(default)s)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed file instead of writing"
    )
    args = parser.parse_args(argv)
    text = json.dumps(build(args.source, args.commit), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT.name} differs from {args.source}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(json.loads(text)['cases'])} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
