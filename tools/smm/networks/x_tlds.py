"""The top-level domains of twitter-text's URL pattern, read from the source of the PyPI port's
modules (``re.compile`` of one concatenation of string literals) with ``ast``, never executed
and without building their patterns (0.05-0.1 s): networks/xlength.py asks whether a text can
hold a URL at all before it builds them."""

from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

TLD_LISTS = ("valid_gtld", "valid_cctld")
TLD_HEAD, TLD_TAIL = "(?:(?:", ")(?=[^0-9a-zA-Z@+-]|$))"
_LITERAL = re.compile(r"[^\\.^$*+?{}\[\]()|]+")
# the only characters outside ASCII that Python's case-insensitive match equates with one in it
# (İ, ı, ſ, the Kelvin sign: tests/networks/test_xlength_tlds.py checks every code point)
ASCII_PARTNERS = frozenset("\u0130\u0131\u017f\u212a")


@cache
def ascii_tlds() -> frozenset[str] | None:
    """The port's top-level domains that begin in ASCII, in lower case, up to their first letter
    outside ASCII, read from the source of its modules (``re.compile`` of one concatenation of
    string literals) without building their patterns; None when a list is not of that shape or
    holds a letter outside ASCII that matches one inside."""
    folder = regexp_folder()
    if folder is None:
        return None
    found: set[str] = set()
    for name in TLD_LISTS:
        try:
            pattern = compiled_literal((folder / f"{name}.py").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            return None
        if pattern is None or not (pattern.startswith(TLD_HEAD) and pattern.endswith(TLD_TAIL)):
            return None
        for tld in pattern[len(TLD_HEAD) : -len(TLD_TAIL)].split("|"):
            if not _LITERAL.fullmatch(tld):
                return None
            if any(c in ASCII_PARTNERS for c in tld):
                return None
            if tld[0].isascii():
                # vermögensberater: the run of ASCII ends where the ö begins, at "verm"
                found.add(re.split(r"[^\x00-\x7f]", tld, maxsplit=1)[0].lower())
            # else its first letter matches no ASCII one, and a dot before any other letter
            # makes _may_hold_url say yes
    return frozenset(found)


def regexp_folder() -> Path | None:
    """The port's ``twitter_text/regexp`` folder, found without importing the package (None when
    it is not installed as a folder)."""
    spec = importlib.util.find_spec("twitter_text")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "regexp"


def compiled_literal(source: str) -> str | None:
    """The pattern of the one ``re.compile(<literal> + <literal> ...)`` in a module's source."""
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
    ]
    if len(calls) != 1 or len(calls[0].args) != 1 or calls[0].keywords:
        return None
    return _concatenation(calls[0].args[0])


def _concatenation(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _concatenation(node.left), _concatenation(node.right)
        return None if left is None or right is None else left + right
    return None
