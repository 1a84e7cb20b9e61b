"""How much Markdown smm parses: bounds on a body's depth and on the parser's work, in one linear pass.

Python-Markdown recurses once or twice per level of nested lists (250 levels exhaust Python's
stack), and our tree walk once per level of nested markup (``'*' * 1000 + 'x' + '*' * 1000``
nests 500 deep). It is also quadratic in several shapes, each harmless in a real post:

- every ``[`` and ``](`` scans forward, character by character in Python, to its closing bracket
  or to the end of the paragraph (30,000 nested brackets: two minutes);
- every block-level line inside a paragraph (heading, underline, rule, list item) splits the
  paragraph's remaining lines again;
- every inline match rebuilds the paragraph's string;
- every blank line pops the head of the list of blocks (900,000 newlines: 10-20 s);
- the raw-HTML pass reads on from every '<' that opens no tag.

So a body is measured first, by counts over the whole text when they suffice (nearly always) and
else by one pass over its lines. Beyond a bound it is not parsed: lint reports ``body/too-complex``
at the line where it goes over, and every network gets the text as written, escaped, in linear
time. The bounds are far from any post a network would take (Facebook's 63,206 characters are the
longest limit); the slowest body found within them parses in about 0.4 s on 2 CPUs.
"""

from __future__ import annotations

import re

#: A body longer than this is no post: no network takes more than 63,206 characters.
MAX_CHARS = 100_000
#: Lists and quotes nested inside each other, counted from the line's prefix (markers, indents).
MAX_DEPTH = 20
#: Elements nested inside each other in the parsed tree (blocks and emphasis, links, code).
MAX_TREE_DEPTH = 60
#: Blocks: runs of lines between blank lines.
MAX_BLOCKS = 5_000
#: The sum over blocks of (lines in the block) squared: what splitting blocks again costs.
MAX_LINE_WORK = 4_000_000
#: The sum over blocks of (inline markup characters) times (characters): what rebuilding costs.
MAX_INLINE_WORK = 100_000_000
#: Characters that the '[' and '](' scan, in total, to find their closing brackets.
MAX_BRACKET_SCAN = 1_000_000
#: '<' in the text times its length: the raw-HTML pass reads on from each '<' that opens no tag.
MAX_HTML_WORK = 100_000_000

# the container prefix of a line: indentation, '>' and list markers (a marker needs a space after it)
_PREFIX = re.compile(r"(?:[ \t]|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_SPACES = re.compile(r"[ \t]+")
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-.)0-9]{{{MAX_DEPTH + 1}}}", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]()]")
_INLINE = ("`", "\\", "[", "<", "&", "*", "_", "  \n")  # what can start an inline match

Problem = tuple[int, str]  # (offset in the body, why)


def too_complex(source: str) -> Problem | None:
    """Where and why ``source`` goes over a bound, or None when Markdown may parse it."""
    if len(source) > MAX_CHARS:
        return 0, (
            f"the text is {len(source):,} characters; smm renders at most {MAX_CHARS:,} "
            "(no network takes more than 63,206)"
        )
    html = source.count("<") * len(source)
    if html > MAX_HTML_WORK:
        return source.find("<"), (
            f"the text has {source.count('<'):,} '<' in {len(source):,} characters; parsing "
            "them as HTML would take too long: write fewer '<' or a shorter text"
        )
    if _surely_within(source):
        return None
    work = _Work()
    block_start, block_lines, pos = -1, 0, 0
    for line in source.split("\n"):
        if line.strip():
            if block_start < 0:
                block_start, block_lines = pos, 0
            block_lines += 1
            depth = _depth(line)
            if depth > MAX_DEPTH:
                return (
                    pos,
                    f"lists or quotes are nested {depth} levels deep here; at most {MAX_DEPTH}",
                )
        elif block_start >= 0:
            problem = work.add(source, block_start, pos - 1, block_lines)
            if problem:
                return problem
            block_start = -1
        pos += len(line) + 1
    return work.add(source, block_start, len(source), block_lines) if block_start >= 0 else None


def _surely_within(source: str) -> bool:
    """Whether counts over the whole text (at C speed) already keep every measure within its bound,
    as they do for nearly every real post: each block is at most the whole text, each '[' or '](' scans
    at most all of it, and a line nested deeper than MAX_DEPTH has a prefix longer than MAX_DEPTH."""
    size, lines = len(source), source.count("\n") + 1
    markup = sum(source.count(token) for token in _INLINE)
    brackets = source.count("[") + source.count("](")
    return (
        lines <= MAX_BLOCKS
        and lines * lines <= MAX_LINE_WORK
        and markup * size <= MAX_INLINE_WORK
        and brackets * size <= MAX_BRACKET_SCAN
        and not _DEEP_PREFIX.search(source)
    )


def _depth(line: str) -> int:
    """Markers ('>', list items) and 4-column indents in the line's container prefix."""
    match = _PREFIX.match(line)
    prefix = match.group(0) if match else ""  # never None: the pattern matches the empty text
    if not prefix:
        return 0
    runs: list[str] = _SPACES.findall(prefix)  # a pattern without groups: the matched texts
    indents = sum((run.count(" ") + 4 * run.count("\t")) // 4 for run in runs)
    return len(_MARKER.findall(prefix)) + indents


class _Work:
    """The parser's work so far, block by block; the first block that takes it over a bound."""

    def __init__(self) -> None:
        self.blocks = self.lines = self.inline = self.brackets = 0

    def add(self, source: str, start: int, end: int, lines: int) -> Problem | None:
        block = source[start:end]
        self.blocks += 1
        self.lines += lines * lines
        self.inline += sum(block.count(token) for token in _INLINE) * len(block)
        self.brackets += bracket_scan(block)
        if self.blocks > MAX_BLOCKS:
            return start, f"the text has more than {MAX_BLOCKS:,} paragraphs; join or cut them"
        if self.lines > MAX_LINE_WORK:
            return start, (
                "this paragraph has too many lines without a blank line between them "
                f"({lines:,}); split it"
            )
        if self.inline > MAX_INLINE_WORK:
            return start, (
                "from this paragraph on the text has too much markup to parse in time "
                "('*', '_', '[', '<', '&', '`'); split the paragraph or write less of it"
            )
        if self.brackets > MAX_BRACKET_SCAN:
            return start, (
                "from this paragraph on brackets open far from where they close, or never close; "
                "parsing them would take too long: close them or split the paragraph"
            )
        return None


def bracket_scan(block: str) -> int:
    """What Python-Markdown's link patterns scan in ``block``: from each '[' to its ']', and from each
    '](' to its ')', or to the end of the block when it is never closed."""
    total = 0
    squares: list[int] = []
    rounds: list[tuple[int, bool]] = []  # (position, opens a link target: right after ']')
    for match in _BRACKETS.finditer(block):
        char, at = match.group(0), match.start()
        if char == "[":
            squares.append(at)
        elif char == "]":
            if squares:
                total += at - squares.pop()
        elif char == "(":
            rounds.append((at, at > 0 and block[at - 1] == "]"))
        elif rounds:
            opened, is_target = rounds.pop()
            total += at - opened if is_target else 0
    total += sum(len(block) - at for at in squares)
    total += sum(len(block) - at for at, is_target in rounds if is_target)
    return total
