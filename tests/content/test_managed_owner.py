"""content/managed.py is the one owner of the ``published:``/``metrics:`` blocks: no other module
of the package imports its private helpers or reads those blocks by hand (a regex or a string
search for the key in a post's text, or ``.get()`` of the key on parsed front matter).

Six modules once did, each a little differently (one cut ``metrics:`` with its own regex, two
imported ``_block_span``): a fix in one never reached the others. This test keeps the class of
fault out, not the examples.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tools" / "smm"
OWNER = PACKAGE / "content" / "managed.py"
KEYS = ("published", "metrics")
#: Where ``.get("published")`` is not a post's block: the fake networks keep their own records.
NOT_POSTS = (PACKAGE / "sandbox",)
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "split"}
TEXT_SEARCHES = {
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "startswith",
    "endswith",
    "partition",
    "rpartition",
    "split",
    "removeprefix",
}


def _mentions_key(node: ast.AST | None) -> bool:
    if not isinstance(node, ast.Constant) or not isinstance(node.value, (str, bytes)):
        return False
    value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
    return any(key in value for key in KEYS)


def _is_key(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in KEYS


def hand_parsing(source: str, posts: bool = True) -> list[str]:
    """What in ``source`` reads or cuts the managed blocks without content/managed.py, by line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.ImportFrom) and node.module == "smm.content.managed":
            found += [f"{where}: imports {a.name}" for a in node.names if a.name.startswith("_")]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "managed"
            and node.attr.startswith("_")
        ):
            found.append(f"{where}: uses managed.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, first = node.func.attr, node.args[0] if node.args else None
            is_re = isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            if is_re and method in REGEX_CALLS and _mentions_key(first):
                found.append(f"{where}: a regex for the block (re.{method})")
            elif not is_re and method in TEXT_SEARCHES and _mentions_key(first):
                found.append(f"{where}: searches the text for the block (.{method})")
            elif posts and method == "get" and _is_key(first):
                found.append(f"{where}: reads the block from parsed front matter (.get)")
        elif (
            isinstance(node, ast.Compare)
            and _mentions_key(node.left)
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
            and not all(isinstance(c, (ast.Tuple, ast.List, ast.Set)) for c in node.comparators)
        ):
            found.append(f"{where}: searches the text for the block (in)")
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != OWNER)


def test_no_module_but_the_owner_reads_or_cuts_the_managed_blocks_by_hand():
    problems = [
        f"{path.relative_to(PACKAGE)}: {problem}"
        for path in _modules()
        for problem in hand_parsing(
            path.read_text(encoding="utf-8"), posts=not path.is_relative_to(*NOT_POSTS)
        )
    ]
    assert problems == [], "use content/managed.py's public functions:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        "from smm.content.managed import _block_span",
        "from smm.content import managed\nmanaged._block_span(front, 'metrics')",
        "import re\nre.compile(r'^metrics[ \\t]*:', re.M)",
        "import re\nre.search('^published:', front, re.M)",
        "start = front.find('published:')",
        "if b'metrics' not in data: pass",
        "block = data.get('published') if isinstance(data, dict) else None",
        "lines = [l for l in front.splitlines() if l.startswith('metrics:')]",
    ],
)
def test_each_way_of_reading_a_block_by_hand_is_caught(source):
    assert hand_parsing(source)


@pytest.mark.parametrize(
    "source",
    [
        "from smm.content.managed import read_block, without_blocks",
        "read_block(text, 'published')['telegram']",
        "entry.get('state', 'published') == 'published'",
        "state in ('published', 'claimed')",
        "lines.append('published:' + ' not yet')",
        "raise GitError(f'{path}: an uncommitted change to published.{network}')",
    ],
)
def test_using_the_owner_or_naming_a_state_is_not_hand_parsing(source):
    assert hand_parsing(source) == []
