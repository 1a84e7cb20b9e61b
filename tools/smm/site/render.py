"""The jinja2 environment, compiled once per process, and writing one page.

Every link a page makes is relative to the page itself (``rel``), so the site works opened from
the file system and served from any sub-path (a GitHub Pages project site) alike; ``--base-url``
only names the canonical address of each page.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup, escape

from smm.errors import UsageError
from smm.report.formats import week_label
from smm.site.figures import fmt_int, fmt_percent, group, money
from smm.site.pages import page_of
from smm.textsafe import one_line

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
_UNSAFE = re.compile("[&<>'\"]")  # what markupsafe's escape replaces
_PLAIN_URL = re.compile(r"[A-Za-z0-9._~/-]*")  # a path that is a relative URL as it is
#: What the HTML standard makes a parse error wherever it stands: the controls other than
#: whitespace (a NUL, an ESC, DEL, the C1 controls) and the noncharacters (U+FDD0-U+FDEF, the last
#: two code points of every plane), which autoescaping leaves as they are. From U+1FFFE on, one
#: range (``_shown`` keeps what in it is no noncharacter): a class of the 32 code points
#: themselves made the search of every page ten times slower.
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)
WRITE = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


def chip(s: Any, href: str, when: str = "%H:%M") -> Markup:
    """A slot's chip on a calendar, a campaign or home: its time (as ``when`` formats it),
    network, title and state, a link to its post's page. A function, not a template macro: a
    calendar of 10,000 posts draws 30,000 chips, and a macro's call cost jinja2 several times
    the chip's own work."""
    state, network, title = _escaped(s.state), _escaped(s.network), _escaped(s.title)
    # whole in a tooltip: a calendar day cuts a title to two lines, and how much of it fits
    # depends on the reader's screen, not on its length
    whole = f' title="{title}"' if title else ""
    return Markup(
        f'<a class="chip state-{state}" href="{_escaped(href)}" data-network="{network}" '
        f'data-state="{state}"><span class="t">{s.local:{when}}</span> <span class="n">{network}'
        f'</span> <span class="title" dir="auto"{whole}>{title}</span> <span class="st">{state}'
        "</span></a>"
    )


def _escaped(text: str) -> str:
    """``escape(text)`` as plain text, found needless by one search in most texts: four a chip."""
    return str(escape(text)) if _UNSAFE.search(text) else text


def chips(
    slots: Iterable[Any], rel: Callable[[str], str], when: str = "%H:%M", item: str = ""
) -> Markup:
    """The chips of ``slots`` (each in an ``item`` element, if named), each linking to its post's
    page by the page's ``rel``: one call from a template for a day's or a campaign's chips,
    where three calls a chip (the chip, its page, the link) cost jinja2 as much as the chips."""
    start, end = (f"<{item}>", f"</{item}>") if item else ("", "")
    return Markup("".join(f"{start}{chip(s, rel(page_of(s.path)), when)}{end}" for s in slots))


#: The bidi controls that open an embedding or override (closed by PDF) or an isolate (by PDI).
_OPENS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_OPENS |= dict.fromkeys("\u2066\u2067\u2068", "\u2069")


def isolated(value: Any) -> Any:
    """A text from the content as it is written, with the bidi embeddings and overrides it opens
    and does not close closed at its end: a brand's name with a right-to-left override (U+202E)
    would otherwise turn the names after it in the navigation, and the words after a title,
    backwards. Every text a template writes passes here (jinja2's ``finalize``)."""
    if value.__class__ is not str or value.isprintable():  # no control or format character
        return value
    stack: list[str] = []
    for char in value:
        if char in _OPENS:
            stack.append(_OPENS[char])
        elif char == "\u202c" and stack and stack[-1] == "\u202c":
            stack.pop()
        elif char == "\u2069" and "\u2069" in stack:  # a PDI closes the embeddings in its isolate
            del stack[len(stack) - 1 - stack[::-1].index("\u2069") :]
    return value + "".join(reversed(stack)) if stack else value


@cache
def environment() -> jinja2.Environment:
    import jinja2  # loaded by a build that renders a page only

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # compiled once per process: no stat of the template per page
        finalize=isolated,
    )
    env.filters["group"] = group
    env.filters["one_line"] = one_line  # a finding's or a note's text, as the terminal shows it
    env.globals.update(
        chip=chip,
        chips=chips,
        fmt_int=fmt_int,
        money=money,
        fmt_percent=fmt_percent,
        week_label=week_label,
    )
    return env


def page(template: str, path: str, base_url: str, **context: Any) -> str:
    """The HTML of the page at ``path`` (relative to the site's root)."""
    here = posixpath.dirname(path) or "."

    def rel(target: str) -> str:
        return _relpath(target, here)

    canonical = base_url.rstrip("/") + "/" + _quoted(path) if base_url else None
    html = (
        environment()
        .get_template(template)
        .render(rel=rel, path=path, canonical=canonical, **context)
    )
    # here, not where each text is escaped: a page's text reaches it by the templates, the chips,
    # Telegram's markup and the charts, and one of them forgotten would be a broken page
    return _NOT_IN_HTML.sub(_shown, html)


def _shown(match: re.Match[str]) -> str:
    """A character HTML does not allow, shown as Python writes it (``\\x1b``, ``\\ufdd0``), as
    smm's terminal output shows a control character (smm/textsafe.py): seen, never obeyed."""
    char = match.group()
    code = ord(char)
    if code > 0xFFFF and code & 0xFFFE != 0xFFFE:  # a character of plane 2 or later
        return char
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


@lru_cache(maxsize=1 << 15)  # each folder's pages link to the same places: all the thumbnails
def _relpath(target: str, here: str) -> str:
    """posixpath.relpath(target, here) for the site's own paths (no "", "." or ".." parts, as
    every page, thumbnail and asset path is), without its normalising; others go to it. As a
    URL: a post's file name may hold "#", "?", "%" or ":", which a link must not take for a
    fragment, a query, an escape or a scheme."""
    parts, base = target.split("/"), [] if here == "." else here.split("/")
    if "" in parts or "." in parts or ".." in parts or "" in base or ".." in base or "." in base:
        return _quoted(posixpath.relpath(target, here))
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    return _quoted("/".join([".."] * (len(base) - common) + parts[common:]) or ".")


def _quoted(path: str) -> str:
    """``path`` as a relative URL: every character but letters, digits, "-._~" and "/" escaped
    (as UTF-8), which keeps the common slug as it is."""
    return path if _PLAIN_URL.fullmatch(path) else quote(path, safe="/")


def write(out: Path, path: str, text: str) -> bool:
    """``_write``; a page that cannot be written (a folder where it goes, a folder smm may not
    write in) is the person's to fix: one line that says which, not a traceback."""
    try:
        return _write(out, path, text)
    except OSError as exc:
        where = os.path.join(out, path)
        with contextlib.suppress(OSError):
            os.unlink(_partial(where))  # made before the rename that failed
        raise UsageError(f"{where}: cannot write this page ({exc.strerror or exc})") from None


def _write(out: Path, path: str, text: str) -> bool:
    """Write the page unless the file has these bytes already (its date stays, and so does a
    browser's or a CDN's copy); True if written. A page that is there is replaced atomically (a
    reader never sees half of it); a new one is created in place, without a file beside it to
    rename: a cold build creates ten thousand, and the rename was most of a file's cost on disk.
    A build stopped half-way through a new page leaves it out of the manifest, so the next build
    writes it again. Plain os calls: pathlib's objects added 0.1 ms to each page."""
    target = os.path.join(out, path)
    data = text.encode("utf-8")
    try:
        if os.stat(target).st_size == len(data):
            with open(target, "rb") as f:
                if f.read() == data:
                    return False
    except FileNotFoundError:
        try:
            _write_all(_create(target, os.O_EXCL), data)
            return True
        except FileExistsError:  # written meanwhile by someone else: replace it as below
            pass
    except OSError:  # there, but not readable as it is: replaced as below
        pass
    partial = _partial(target)
    _write_all(_create(partial, os.O_TRUNC), data)
    os.replace(partial, target)
    return True


def _partial(target: str) -> str:
    """Where a page that is there is written before it replaces it: beside it, under a short
    name of this process's (a page's own name may be as long as a file name can be)."""
    return os.path.join(os.path.dirname(target), f".smm-{os.getpid()}.part")


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` to the file open at ``fd`` and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _create(path: str, mode: int) -> int:
    try:
        return os.open(path, WRITE | mode, 0o666)
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return os.open(path, WRITE | mode, 0o666)
