"""Markdown body -> what a network receives: Telegram HTML (with its visible text) or plain text.

Python-Markdown parses the body into an element tree; we walk that tree ourselves instead of
serialising HTML and parsing it again, which halves the cost per post. Telegram accepts only
b, i, u, s, a, code, pre, blockquote (docs/networks.md#telegram): lists and headings are flattened to
text, paragraphs become blank lines. Plain-text networks get the same shape without tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from smm.networks import markdown_blocks, markdown_fast
from smm.networks.markdown_bounds import MAX_CHARS, MAX_TREE_DEPTH, Problem, too_complex

_TAGS = re.compile(r"<[^>]+>")
_CODE_TAGS = re.compile(r"</?code>")
_INLINE_TG = {
    "strong": "b",
    "b": "b",
    "em": "i",
    "i": "i",
    "u": "u",
    "ins": "u",
    "del": "s",
    "s": "s",
    "code": "code",
}
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "pre",
    "blockquote",
    "hr",
    "div",
    "table",
}
# Python-Markdown's heading pattern with CommonMark's rule added: '#' needs a space (or nothing) after it,
# so a line that starts with a hashtag ('#кофе #зима', '#ad — ...') stays text instead of a heading
_HASH_HEADING = re.compile(
    r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
)

# Python-Markdown's placeholders (markdown.util, equal: tests/networks/test_markdown_text.py),
# written out so that a body the fast path takes loads no Python-Markdown (12 ms of a run)
AMP_SUBSTITUTE = "\u0002amp\u0003"
HTML_PLACEHOLDER_RE = re.compile("\u0002wzxhzdk:([0-9]+)\u0003")
_OBFUSCATED = re.compile(re.escape(AMP_SUBSTITUTE) + "#([0-9]{1,7});")

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

    import markdown

UrlRewrite = Callable[[str], str]


def _character(reference: re.Match[str]) -> str:
    code = int(reference.group(1))
    return chr(code) if code <= 0x10FFFF else reference.group(0)


@dataclass
class BodyText:
    telegram_html: str  # markup Telegram's HTML parse mode accepts
    visible: str  # the text a reader sees: what every length limit counts


@dataclass
class _Parsed:
    root: etree.Element | None  # Python-Markdown's tree (None: not its, or not parsed)
    stash: list[str]  # the raw HTML the tree's placeholders refer to
    problem: Problem | None  # where and why the source goes over a bound
    # the fast path's paragraphs, for every network's walk (markdown_fast.py); then root is None
    paragraphs: list[markdown_fast.Inline] | None = None
    # their render, once made, when they hold no link for a network's rewrite (UTM) to change
    same_for_all: BodyText | None = None
    # fenced code blocks: the stash index of each one's placeholder -> (language, code)
    code: dict[int, tuple[str, str]] = field(default_factory=dict)


#: Parses kept: a lint renders a batch of posts (lint/checker.py STAGE_BATCH), then checks them,
#: and the checks ask for each post's parse again
RECENT = 256


class _Md:
    """One Markdown parser per process (it is not thread-safe; reset before each use).

    The last few parses are kept: a post goes to several networks and is parsed once for all of
    them, and lint asks again whether its body and override texts are within the bounds.
    """

    parser: markdown.Markdown | None = None
    fences: _Fences | None = None  # the parser's fence reader: the code blocks of the last parse
    recent: ClassVar[dict[str, _Parsed]] = {}

    @classmethod
    def parse(cls, source: str) -> _Parsed:
        """The element tree of ``source``, or why it is not parsed (markdown_bounds.py)."""
        parsed = cls.recent.get(source)
        if parsed is None:
            problem = too_complex(source)
            if problem:
                parsed = _Parsed(None, [], problem)
            else:  # most posts: read directly (markdown_fast.py), else by Python-Markdown
                fast = markdown_fast.paragraphs(source)
                parsed = _Parsed(None, [], None, fast) if fast is not None else cls._tree(source)
            if len(cls.recent) >= RECENT:
                del cls.recent[next(iter(cls.recent))]
            cls.recent[source] = parsed
        return parsed

    @classmethod
    def _tree(cls, source: str) -> _Parsed:
        if cls.parser is None or cls.fences is None:
            cls.parser, cls.fences = _python_markdown()
        md, fences = cls.parser, cls.fences
        md.reset()
        # Markdown.convert() minus serialisation: preprocessors -> block parser -> tree processors
        lines = source.split("\n")
        for prep in md.preprocessors:
            lines = prep.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        assert root is not None  # parseDocument builds its tree on a root element, always
        for processor in md.treeprocessors:
            new_root = processor.run(root)
            if new_root is not None:
                root = new_root
        if _deeper_than(root, MAX_TREE_DEPTH):  # the walk below recurses once per level
            return _Parsed(
                None,
                [],
                (
                    0,
                    f"markup is nested more than {MAX_TREE_DEPTH} levels deep in this text "
                    "(emphasis, links and lists inside each other)",
                ),
            )
        stash = [str(block) for block in md.htmlStash.rawHtmlBlocks]
        return _Parsed(root, stash, None, code=dict(fences.code))


class _Fences(Protocol):
    code: dict[int, tuple[str, str]]  # raw-HTML stash index -> (language, code)


def _python_markdown() -> tuple[markdown.Markdown, _Fences]:
    """Python-Markdown (and its fence reader) with sane lists, CommonMark's '#' heading rule (``_HASH_HEADING``), its
    fenced code and its nesting of lists by the item's content column (markdown_blocks.py)."""
    import markdown  # only for a body the fast path does not take
    from markdown.blockprocessors import HashHeaderProcessor
    from markdown.preprocessors import Preprocessor

    class HashHeading(HashHeaderProcessor):
        RE = _HASH_HEADING

    class FencedCode(Preprocessor):
        """Each fenced block -> a placeholder paragraph of the raw-HTML stash (its escaped code,
        what ``raw`` shows should one end up inside text); ``code`` keeps what the walk needs."""

        code: dict[int, tuple[str, str]]

        def run(self, lines: list[str]) -> list[str]:
            self.code = {}
            return markdown_blocks.quoted(lines, self.replace)

        def replace(self, lines: list[str]) -> list[str]:
            found = markdown_blocks.fences(lines)
            if not found:
                return lines
            out: list[str] = []
            done = 0
            for fence in found:
                code = fence.code(lines)
                placeholder = self.md.htmlStash.store(f"<pre>{html.escape(code)}</pre>")
                self.code[self.md.htmlStash.html_counter - 1] = (fence.language, code)
                # blank lines around it: a block of its own, at the fence's indentation so that it
                # stays inside the list item it is written in
                out += [*lines[done : fence.start], "", " " * fence.indent + placeholder, ""]
                done = fence.end + 1
            return out + lines[done:]

    class NestedLists(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return markdown_blocks.quoted(lines, markdown_blocks.nest_lists)

    parser = markdown.Markdown(extensions=["sane_lists"])
    # replaced as extensions replace a processor (sane_lists does 'olist' so): under the same
    # name, at the priority Python-Markdown gives 'hashheader'
    parser.parser.blockprocessors.register(HashHeading(parser.parser), "hashheader", 70)
    # after 'normalize_whitespace' (30: tabs expanded), where fenced_code sits (25), before the
    # raw HTML blocks (20) are stashed: code is code, and lists are nested around it
    fences = FencedCode(parser)
    parser.preprocessors.register(fences, "smm_fences", 25)
    parser.preprocessors.register(NestedLists(parser), "smm_nested_lists", 24)
    return parser, fences


def _deeper_than(root: etree.Element, limit: int) -> bool:
    """Whether the tree nests more than ``limit`` levels, found without recursion."""
    todo = [(root, 0)]
    while todo:
        element, depth = todo.pop()
        if depth > limit:
            return True
        todo.extend((child, depth + 1) for child in element)
    return False


def markdown_problem(source: str) -> Problem | None:
    """(offset, why) when ``source`` is beyond what smm parses as Markdown; lint's body/too-complex."""
    return _Md.parse(source).problem


def render_body(source: str, rewrite: UrlRewrite = lambda url: url) -> BodyText:
    """Render a Markdown body; ``rewrite`` is applied to every link (UTM parameters). A body beyond
    the bounds is passed on as written, cut at MAX_CHARS: lint reports it, so it is never published,
    and what comes after it (counting X's length takes about 10 µs a character) stays bounded too."""
    return _render(_Md.parse(source), source, rewrite)


def reference_render(source: str, rewrite: UrlRewrite = lambda url: url) -> BodyText:
    """``render_body`` through Python-Markdown alone, never markdown_fast.py: what the fast path
    must equal (tests/networks/test_markdown_fast.py)."""
    problem = too_complex(source)
    return _render(_Parsed(None, [], problem) if problem else _Md._tree(source), source, rewrite)


def _render(parsed: _Parsed, source: str, rewrite: UrlRewrite) -> BodyText:
    if parsed.root is None and parsed.paragraphs is None:
        text = source.strip("\n")[:MAX_CHARS]
        return BodyText(html.escape(text, quote=False), text)
    if parsed.same_for_all is not None:
        return parsed.same_for_all
    if parsed.paragraphs is not None:
        blocks = [markdown_fast.walk(paragraph, rewrite) for paragraph in parsed.paragraphs]
    else:
        assert parsed.root is not None  # neither fast nor over a bound: Python-Markdown's tree
        blocks = _Walker(parsed.stash, rewrite, parsed.code).blocks(parsed.root)
    tg = "\n\n".join(b[0] for b in blocks if b[1].strip()).strip("\n")
    plain = "\n\n".join(b[1] for b in blocks if b[1].strip()).strip("\n")
    body = BodyText(tg, plain)
    if parsed.paragraphs is not None and not markdown_fast.has_links(parsed.paragraphs):
        parsed.same_for_all = body  # the next network's walk would make the same (no rewrite)
    return body


class _Walker:
    def __init__(
        self, stash: list[str], rewrite: UrlRewrite, code: dict[int, tuple[str, str]]
    ) -> None:
        self.stash, self.rewrite, self.code = stash, rewrite, code

    def raw(self, text: str | None) -> str:
        """Text of a tree node with Python-Markdown's placeholders put back as plain text."""
        if not text:
            return ""
        if "\x02" in text:

            def unstash(match: re.Match[str]) -> str:
                index = int(match.group(1))
                return (
                    html.unescape(_TAGS.sub("", self.stash[index]))
                    if index < len(self.stash)
                    else ""
                )

            text = HTML_PLACEHOLDER_RE.sub(unstash, text)
        if AMP_SUBSTITUTE not in text:
            return text
        # an e-mail autolink's address, which Python-Markdown writes as character references
        # (against address harvesters): the characters themselves
        text = _OBFUSCATED.sub(_character, text)
        return text.replace(AMP_SUBSTITUTE, "&")

    def text(self, raw: str | None) -> tuple[str, str]:
        plain = self.raw(raw)
        if "://" in plain:
            pieces = markdown_fast.split_urls(plain)
            plain = "".join(self.rewrite(p) if i % 2 else p for i, p in enumerate(pieces))
        return html.escape(plain, quote=False), plain

    def blocks(self, parent: etree.Element, indent: str = "") -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if parent.text and parent.text.strip():
            out.append(self.text(parent.text.strip()))
        for child in parent:
            out.extend(self.block(child, indent))
            if child.tail and child.tail.strip():
                out.append(self.text(child.tail.strip()))
        return out

    def block(self, el: etree.Element, indent: str) -> list[tuple[str, str]]:
        tag = el.tag
        if tag in ("ul", "ol"):
            lines_tg, lines_plain = [], []
            # sane_lists keeps the first number (``start``): "2. ..." stays 2 (a thread's part)
            first = el.get("start", "1")
            start = int(first) if first.isdigit() and len(first) < 10 else 1
            for number, li in enumerate(el.findall("li"), start=start):
                bullet = f"{number}. " if tag == "ol" else "• "
                tg, plain = self.item(li, indent + "   ")
                lines_tg.append(f"{indent}{bullet}{tg}")
                lines_plain.append(f"{indent}{bullet}{plain}")
            return [("\n".join(lines_tg), "\n".join(lines_plain))]
        if tag and tag[0] == "h" and tag[1:].isdigit():
            tg, plain = self.inline(el)
            return [(f"<b>{tg}</b>", plain)]
        if tag == "pre":
            plain = html.unescape(self.raw("".join(el.itertext()))).rstrip("\n")
            return [(f"<pre>{html.escape(plain, quote=False)}</pre>", plain)]
        if tag == "p" and self.code and (fenced := self.fenced(el)):
            return [fenced]
        if tag == "blockquote":
            inner = self.blocks(el, indent)
            tg = "\n\n".join(b[0] for b in inner)
            return [(f"<blockquote>{tg}</blockquote>", "\n\n".join(b[1] for b in inner))]
        if tag == "hr":
            return [("———", "———")]
        if tag in ("div", "table"):
            return self.blocks(el, indent)
        return [self.inline(el)]

    def fenced(self, p: etree.Element) -> tuple[str, str] | None:
        """A fenced code block: its lines as they are (no Markdown, no URL rewrite), in <pre>
        (with <code class="language-..."> when it names a language: Telegram's syntax)."""
        placeholder = HTML_PLACEHOLDER_RE.fullmatch((p.text or "").strip())
        if placeholder is None or len(p) or int(placeholder.group(1)) not in self.code:
            return None
        language, code = self.code[int(placeholder.group(1))]
        code = code.rstrip("\n")
        escaped = html.escape(code, quote=False)
        if language:
            lang = html.escape(language, quote=True)
            return f'<pre><code class="language-{lang}">{escaped}</code></pre>', code
        return f"<pre>{escaped}</pre>", code

    def item(self, li: etree.Element, indent: str) -> tuple[str, str]:
        """A list item: its inline text, then nested blocks (sub-lists) on the next lines."""
        tg_parts, plain_parts = [], []
        head_tg, head_plain = self.inline(li, stop_at_blocks=True)
        tg_parts.append(head_tg)
        plain_parts.append(head_plain)
        for child in li:
            if child.tag in _BLOCKS:
                for tg, plain in self.block(child, indent):
                    tg_parts.append(tg)
                    plain_parts.append(plain)
        return "\n".join(p for p in tg_parts if p), "\n".join(p for p in plain_parts if p)

    def inline(self, el: etree.Element, stop_at_blocks: bool = False) -> tuple[str, str]:
        tg, plain = self.text(el.text)
        tg_parts, plain_parts = [tg], [plain]
        for child in el:
            if stop_at_blocks and child.tag in _BLOCKS:
                continue
            if child.tag == "p":  # loose list items wrap their text in <p>
                c_tg, c_plain = self.inline(child)
            else:
                c_tg, c_plain = self.span(child)
            tg_parts.append(c_tg)
            plain_parts.append(c_plain)
            t_tg, t_plain = self.text(child.tail)
            tg_parts.append(t_tg)
            plain_parts.append(t_plain)
        return "".join(tg_parts).strip(), "".join(plain_parts).strip()

    def span(self, el: etree.Element) -> tuple[str, str]:
        tag = el.tag
        if tag == "br":
            return "\n", "\n"
        if tag == "img":
            alt = el.get("alt") or ""
            return html.escape(alt, quote=False), alt
        inner_tg, inner_plain = self.inline(el)
        if tag == "a":
            # Telegram lets no code sit in a link: it drops the code, or the link itself when code
            # fills it (TDLib fix_entities, Code sorting before TextUrl); so a link's text goes plain
            inner_tg = _CODE_TAGS.sub("", inner_tg)
            href = self.rewrite(self.raw(el.get("href") or ""))
            return markdown_fast.link(href, el.get("href") or "", inner_tg, inner_plain)
        if tag == "code":
            code = html.unescape(self.raw("".join(el.itertext())))  # code spans arrive escaped
            return f"<code>{html.escape(code, quote=False)}</code>", code
        tg_tag = _INLINE_TG.get(tag)
        return (f"<{tg_tag}>{inner_tg}</{tg_tag}>" if tg_tag else inner_tg), inner_plain
