"""What the fuzzer checks of a site `smm site` wrote: every page is whole UTF-8 HTML whose tags
balance, nothing from the content became markup that runs or loads (a script, an event handler,
a `javascript:` link, a frame, a picture from another origin), and the build wrote nothing
outside its output folder.

A page's own scripts are the site's two files under static/, loaded by ``src`` with nothing
inline; anything else that would run in a reader's browser is content that escaped.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Elements with no end tag (HTML's void elements).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
#: Elements the templates never write: one on a page came from the content.
FOREIGN = {"iframe", "object", "embed", "frame", "frameset", "base", "applet", "style"}
_SCRIPTS = re.compile(r"^(\.\./)*static/(filter|carousel)\.js$")
#: What the HTML standard makes a parse error wherever it is: controls other than whitespace,
#: and noncharacters (U+FDD0-U+FDEF, the last two code points of every plane).
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
    + "]"
)
#: A chart's coordinates and sizes (SVG): a NaN or an infinity drawn there is no chart at all.
_GEOMETRY = {"x", "y", "width", "height", "cx", "cy", "r", "x1", "y1", "x2", "y2", "points", "d"}
_LOADS = {"src", "srcset", "href", "xlink:href", "action", "formaction", "poster", "data"}


class _Page(HTMLParser):
    """One page's tags: the stack that must balance, and what must not be there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.script_text = ""

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FOREIGN:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"an event handler {name}= on <{tag}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in _LOADS and squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                self.problems.append(f"a {squeezed[:11]} address in <{tag} {name}>")
            if name == "style" and ("url(" in squeezed or "@import" in squeezed):
                self.problems.append(f"a style that loads something on <{tag}>")
            if name in {"src", "srcset"} and re.match(r"^([a-z][a-z0-9+.-]*:|//)", squeezed):
                self.problems.append(f"<{tag} {name}> loads from another origin: {value[:60]!r}")
            if name in _GEOMETRY and re.search(r"nan|inf", value, re.I):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>: not a number")
            if tag == "meta" and name == "http-equiv":
                self.problems.append(f"<meta http-equiv={value!r}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not _SCRIPTS.match(src):
                self.problems.append(f"a <script> not the site's own: {attrs!r:.80}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)  # <path ... />: SVG's empty elements

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            open_ = "/".join(self.stack[-4:])
            self.problems.append(f"</{tag}> closes nothing open (open: {open_ or 'none'})")
            if tag in self.stack:  # resynchronise, so one fault is one problem
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script" and data.strip():
            self.script_text += data


def page_problems(path: Path) -> list[str]:
    """What is wrong with one written page (empty list: nothing)."""
    data = path.read_bytes()
    if not data:
        return ["empty"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    problems = []
    if not text.rstrip().endswith("</html>"):
        problems.append("does not end with </html>")
    if bad := _NOT_IN_HTML.search(text):
        problems.append(f"a character HTML does not allow: U+{ord(bad.group()):04X}")
    parser = _Page()
    parser.feed(text)
    parser.close()
    problems += parser.problems
    if parser.script_text:
        problems.append(f"inline script text {parser.script_text[:60]!r}")
    if parser.stack:
        problems.append(f"left open: {'/'.join(parser.stack[-6:])}")
    return problems


def site_problems(out: Path) -> list[str]:
    """``path: problem`` for every page under ``out`` (its .html files) that has one, a link
    to nowhere included."""
    found = []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        found += [f"{rel}: {p}" for p in (page_problems(page) + dead_links(page, out))[:3]]
    return found


_LINK = re.compile(r'\b(?:href|src)="([^"]+)"')


def dead_links(page: Path, out: Path) -> list[str]:
    """Each relative href and src of ``page``, read as a browser reads it (query and fragment
    apart, then percent-decoded), that is no file of the site under ``out``."""
    dead = []
    for target in _LINK.findall(page.read_text(encoding="utf-8", errors="replace")):
        parts = urlsplit(html.unescape(target))
        if parts.scheme or target.startswith(("#", "//")):
            continue
        file = (page.parent / unquote(parts.path)).resolve()
        if not file.is_file() or not file.is_relative_to(out.resolve()):
            dead.append(f"a link to nowhere: {target[:80]!r}")
    return dead


def snapshot(top: Path, skip: set[Path]) -> dict[str, tuple[int, int]]:
    """Every file under ``top`` but those under ``skip``: its size and modification time."""
    files: dict[str, tuple[int, int]] = {}
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
        for name in names:
            st = Path(folder, name).lstat()
            files[os.path.relpath(Path(folder, name), top)] = (st.st_size, st.st_mtime_ns)
    return files


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files that appeared, changed or went between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
