"""The fast Markdown path (networks/markdown_fast.py) gives exactly what Python-Markdown gives.

Differential: every body is rendered through the fast tree (when it takes the body) and through
Python-Markdown alone (markdown_text.reference_render), with a URL rewrite that marks each link,
and the Telegram HTML and the visible text must be equal. The bodies are the repository's posts,
the benchmark corpus's, and thousands generated from fragments chosen to hit every edge of the
subset: markers next to each other, markup Python-Markdown has and the subset has not, line
starts that open blocks.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from smm.content.loader import split_front_matter
from smm.networks import markdown_fast
from smm.networks.markdown_text import reference_render, render_body

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "bench"))
import corpus  # noqa: E402  (tools/bench is not a package)


def _mark(url: str) -> str:
    return url + "?utm=t"


class _Numbered:
    """A rewrite that numbers its calls: equal output needs the same links in the same order."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, url: str) -> str:
        self.calls += 1
        return f"{url}#{self.calls}"


#: Rewrites that make each of the walk's branches matter: one that changes every URL (UTM), none
#: (a link whose text is its URL shows once), one that makes every URL the same, one that counts.
REWRITES: list[Callable[[], Callable[[str], str]]] = [
    lambda: _mark,
    lambda: lambda url: url,
    lambda: lambda url: "https://same.example",
    _Numbered,
]


def _same(body: str) -> bool:
    """Assert both paths agree on ``body`` under every rewrite; True when the fast path took it."""
    for make in REWRITES:
        assert render_body(body, make()) == reference_render(body, make()), repr(body)
    return markdown_fast.paragraphs(body) is not None


WORDS = ["кофе", "Sale", "утро", "brew", "🍋", "№5", "x", "42", "a-b", "(note)", "!", ":", "—", "&"]
MARKUP = [
    "**",
    "*",
    "***",
    "_",
    "__",
    "[",
    "]",
    "(",
    ")",
    "`",
    "\\",
    "<",
    ">",
    "&amp;",
    "&#42;",
    "#",
    "#кофе",
    "![",
    "[подробнее](https://b1.example/a_b?q=1&r=2)",
    "[**bold link**](https://x.example)",
    "[see https://in.example/t and https://in.example/u](https://out.example)",
    "[x.example/a](x.example/a)",
    "[https://x.example/a](https://x.example/a)",
    "[ ](https://x.example)",
    "[x]",
    "[x]: https://ref.example",
    "https://bare.example/path_(1)",
    "http://x.example/a*b*",
    "**жирный**",
    "*курсив*",
    "** spaced**",
    "*a *",
    "\t",
    "\r",
    "\x02",
    "\u00a0",
    "\u2028",
]
LINE_STARTS = [
    "",
    "",
    "",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "1) ",
    "# ",
    "## ",
    "#",
    "> ",
    "    ",
    " ",
    "=",
    "---",
    "***",
    "- - -",
    "___",
    "===",
    "~~~",
    "```",
    "  - ",
    "   1. ",
]
BREAKS = ["\n", "\n", "\n\n", "\n\n\n", "  \n", " \n", "\n \n", "\n\t\n"]


def _generated(rng: random.Random, markup: float) -> str:
    """A body of a few lines, each a line start then words, with markup at rate ``markup``."""
    lines = []
    for _ in range(rng.randint(1, 5)):
        parts = [rng.choice(LINE_STARTS) if rng.random() < 0.3 else ""]
        for _ in range(rng.randint(1, 8)):
            parts.append(rng.choice(MARKUP) if rng.random() < markup else rng.choice(WORDS))
            parts.append(rng.choice([" ", "", " "]))
        lines.append("".join(parts))
    body = ""
    for line in lines:
        body += line + rng.choice(BREAKS)
    return rng.choice(["", "\n"]) + body


@pytest.mark.parametrize("markup", [0.05, 0.2, 0.5])
def test_generated_bodies_render_alike_both_ways(markup: float) -> None:
    rng = random.Random(f"fast-{markup}")
    taken = sum(_same(_generated(rng, markup)) for _ in range(1500))
    assert taken > 0  # the fast path is exercised, not always refused


def _subset(rng: random.Random) -> str:
    """Bodies inside the subset, built from its own pieces: the fast path must take them all."""
    pieces = [
        "кофе",
        "Sale!",
        "🍋",
        "**жирный текст**",
        "*курсив*",
        "a & b",
        "(скобки)",
        "[ссылка](https://x.example/a_b?c=1&d=2)",
        "[**b**](https://y.example)",
        "[see https://in.example/t and https://in.example/u](https://out.example)",
        "[x.example/a](x.example/a)",
        "[https://x.example/a](https://x.example/a)",
        "https://bare.example/x",
        "#кофе",
        "- не список",
        "1. не список",
        "x*y*z",
        "№5:",
    ]
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))]
        lines += [rng.choice(pieces) + " " + rng.choice(pieces) for _ in range(rng.randint(0, 3))]
        if lines[0].startswith(("- ", "1. ")):
            lines[0] = "Итак " + lines[0]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


def test_bodies_inside_the_subset_take_the_fast_path_and_render_alike() -> None:
    rng = random.Random("subset")
    for _ in range(1500):
        assert _same(_subset(rng))


TOUCHING = [
    "кофе",
    "a",
    "🍋",
    "**",
    "*",
    "**жирный**",
    "*к*",
    "&",
    "(",
    ")",
    " ",
    " ",
    "\n",
    "!",
    "[с](https://x.example/a_b?c=1&d=2)",
    "[**b**](https://y.example)",
    "[see https://in.example/t and https://in.example/u](https://out.example)",
    "[x.example/a](x.example/a)",
    "[https://x.example/a](https://x.example/a)",
    "[*i*](https://y.example)",
    "https://bare.example/x",
    "http://x.example/a*b*",
    "#кофе",
    "- ",
    "1. ",
    "x*y*z",
    "\n\n",
]


def test_markers_touching_each_other_render_alike() -> None:
    """Pieces joined with nothing between: ``*b**c*``, ``**a****b**``, a link after a marker."""
    rng = random.Random("touching")
    bodies = ["".join(rng.choice(TOUCHING) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    assert sum(_same(body) for body in bodies) > 300


def test_the_repository_s_and_the_corpus_s_bodies_render_alike() -> None:
    bodies = []
    for path in sorted((REPO / "posts").rglob("*.md")):
        split = split_front_matter(path.read_text(encoding="utf-8"))
        bodies.append(split[1] if split else path.read_text(encoding="utf-8"))
    rng = random.Random(3)
    brands = corpus.BRANDS
    bodies += [
        corpus._body(rng, i, brands[i % len(brands)], f"post-{i}", rng.choice([200, 280, 2000]))
        for i in range(500)
    ]
    taken = sum(_same(body) for body in bodies)
    assert taken >= 500  # every corpus body is inside the subset


@pytest.mark.parametrize(
    "body",
    [
        "# Heading",
        "text\n---",
        "text\n===",
        "> quote",
        "- item",
        "1. item",
        "    code",
        "line  \nbreak",
        "`code`",
        "a \\* b",
        "<b>html</b>",
        "&amp;",
        "![alt](https://i.example/x.png)",
        "***both***",
        "_em_",
        "[ref]",
        '[t](https://x.example "title")',
        "a\x02b",
        "~~~\ncode\n~~~",
        "- a\n  - b",
    ],
)
def test_markup_outside_the_subset_goes_to_python_markdown(body: str) -> None:
    assert markdown_fast.paragraphs(body) is None
    assert render_body(body, _mark) == reference_render(body, _mark)


def test_one_space_at_the_end_of_a_line_is_text_on_the_fast_path_too() -> None:
    """A line ending in one space (an editor leaves one, the benchmark's edit appends one) is text
    to Python-Markdown; two are a hard line break, other white space is left to it."""
    rng = random.Random("one space")
    ends = ["кофе", "x.", "**жирный**", "*к*", "[с](https://x.example/a)", "https://bare.example/x"]
    for _ in range(1500):
        lines = [
            f"{rng.choice(ends)} {rng.choice(ends)}" + rng.choice([" ", " ", ""])
            for _ in range(rng.randint(1, 4))
        ]
        body = rng.choice(["\n", "\n\n"]).join(lines) + rng.choice(["", "\n"])
        assert _same(body), repr(body)
    edited = "Выпуск: [подробнее](https://b1.example/s).\n" + "Очень длинная строка для X. " * 6
    assert _same(edited + "\n") and _same(edited + "\nещё \n\nабзац ")
    for refused in ["a  \nb", "a \u00a0\nb", "a\u00a0\nb", "a\t\nb", "a \t\nb", " \nb", "a\n \nb"]:
        assert markdown_fast.paragraphs(refused) is None, repr(refused)
        assert _same(refused) is False
