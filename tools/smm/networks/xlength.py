"""X's weighted length as twitter-text counts it, and a cheap bound that is never below it.

X counts a post with twitter-text v3 (config/v3.json): NFC first, then every URL weighs 23, every
emoji sequence 2, a code point in the light ranges 1 and any other 2. ``parse`` is twitter-text's
parseTweet and extractUrlsWithIndices (its JS implementation, step for step, checked against it on
random text) over the patterns of the PyPI port ``twitter-text-parser``, which pass the official
conformance suite. The port's own parse_tweet passes it too, but differs where the suite does not
look (tests/networks/test_xlength.py has a case of each):

* it folds CRLF into one character before counting; twitter-text counts both (``"a\\r\\nb"`` is 4);
* it takes a bare © or ® for an emoji (2); twitter-text's emoji pattern holds them only with VS16,
  so alone they weigh 1, like any code point below U+1100;
* it validates a domain with Python's IDNA 2003 codec, which refuses e.g. a control character,
  a private-use or tag character (a subdivision flag) or right-to-left letters glued before
  ``zerno.ru``: twitter-text then still finds ``zerno.ru``, the port finds no link;
* it replaces every copy of a domain in the path where twitter-text replaces the first;
* it skips a link by code points, twitter-text by UTF-16 units;
* its emoji list is Unicode's, not twitter-text's: it weighs "👁️‍🗨️", a ZWJ sequence without its
  VS16 or Emoji 12's "🤏🏻" 2, twitter-text piece by piece (5, 4), and "☕️" 4, twitter-text 2
  (networks/x_emoji.py reads twitter-text's own list);
* its patterns match case-insensitively with full Unicode folding, so ``ſ``, ``ı`` and ``İ``
  match ``s`` and ``i`` ("ab.ıo" is a link to it); twitter-text folds ASCII letters only (Java's
  CASE_INSENSITIVE; JS ``/i``, which never folds to ASCII). ``_normalise`` writes them as ``ƀ``:
  a light Latin letter like them, with no case partner in ASCII, one code point for one.

Still apart: JS's patterns can match half of a surrogate pair, so an astral character (an emoji,
a private-use one) glued to a link can make JS see another domain; smm's patterns see whole code
points.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import types
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import accumulate
from typing import Any, NotRequired, TypedDict

from smm.networks import url_scan, x_emoji
from smm.networks.x_tlds import ASCII_PARTNERS, ascii_tlds

# twitter-text config/v3.json: these code points weigh 1, all others 2; a URL 23 (the port's
# "version3" config says the same, which tests check). The port is imported when a text is
# parsed, not at start-up: it takes a tenth of a second to build its patterns.
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
URL_WEIGHT = 23
_HEAVY = re.compile(
    "[^" + "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in LIGHT_RANGES) + "]"
)
# every URL twitter-text finds holds a dot followed by the first letter of its TLD
_TLD_DOT = re.compile(r"\.(?=[^\W\d_])")
# what may follow a gTLD or ccTLD in a URL is outside this class (the port's lookahead); the
# normalised text holds no character outside ASCII that its case-insensitive match takes for one
_TLD_RUN = re.compile(r"[0-9A-Za-z@+-]*")
_ASCII_FOLDS = str.maketrans({"ſ": "ƀ", "ı": "ƀ", "İ": "ƀ"})
_DOMAIN_DOTS = re.compile("[.\u3002\uff0e\uff61]")  # what punycode.toASCII splits labels at
_MAX_URL, _MAX_TCO_SLUG = 4096, 40
_INVALID = (0xFFFE, 0xFEFF, 0xFFFF)  # twitter-text's invalid characters: the text is refused
# Every emoji of more than one code point holds one of these (joiner, variation selectors, keycap,
# regional indicators, skin tones, tags): without them each emoji is one code point, which weighs 2
# as an emoji and 2 as a code point outside the light ranges, so no emoji need be looked for; with
# one, networks/x_emoji.py finds twitter-text's sequences without any emoji pattern (each of its
# list holds one: tests/networks/test_x_emoji.py)
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone half in Python's text: two may pair in UTF-16
_SEQUENCE = re.compile(
    "[\u200d\u20e3\ufe0e\ufe0f\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)


@dataclass(frozen=True)
class ParsedResult:
    """twitter-text's parseTweet result (the port's ParsedResult, whose module builds every pattern
    the port has, the emoji one included)."""

    valid: bool
    weightedLength: int
    permillage: int
    validRangeStart: int
    validRangeEnd: int
    displayRangeStart: int
    displayRangeEnd: int

    def asdict(self) -> dict[str, Any]:
        return asdict(self)


class WeightRange(TypedDict):
    start: int  # code points start..end weigh ``weight`` (scaled)
    end: int
    weight: int


class CountConfig(TypedDict):
    """A twitter-text config (the port's ``config["version3"]`` and its siblings)."""

    version: int
    max_weighted_tweet_length: int
    scale: int
    default_weight: int
    emoji_parsing_enabled: NotRequired[bool]  # versions 1 and 2 have no emoji weight
    transformed_url_length: int
    ranges: list[WeightRange]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if text.isascii() else text.translate(_ASCII_FOLDS)


def parse(text: str, options: CountConfig | None = None) -> ParsedResult:
    """twitter-text's parseTweet (v3 unless ``options`` is another config of the port's):
    weighted length, validity, and the valid and displayed ranges in UTF-16 units of ``text``.

    Like twitter-text it walks UTF-16 units: a link skips as many units as its text has, which
    can end inside a surrogate pair; the pair's second half then weighs as a character."""
    options = options or _port("config").config["version3"]
    scale, most = options["scale"], options["max_weighted_tweet_length"]
    normal = _normalise(text)
    units = array(
        "H", normal.encode("utf-16-le", "surrogatepass")
    )  # a lone surrogate is a unit, as in JS
    if sys.byteorder == "big":
        units.byteswap()
    at = _utf16_index(normal)
    urls = {at(start): _utf16(url) for start, url in _urls(normal)}
    emojis = (
        {at(start): _utf16(emoji) for start, emoji in x_emoji.blocks(normal)}
        if options.get("emoji_parsing_enabled") and _SEQUENCE.search(normal)
        else {}
    )
    weight, valid, valid_end, index = 0, True, 0, 0
    while index < len(units):
        if index in urls:
            weight += options["transformed_url_length"] * scale
            index += urls[index] - 1
        elif index in emojis:
            weight += options["default_weight"]
            index += emojis[index] - 1
        else:
            if (
                0xD800 <= units[index] <= 0xDBFF
                and index + 1 < len(units)
                and 0xDC00 <= units[index + 1] <= 0xDFFF
            ):
                index += 1  # weighed by its second half, which is outside every light range
            weight += _weight(units[index], options)
        valid = valid and units[index] not in _INVALID  # twitter-text looks at a block's last unit
        if valid and weight <= most * scale:
            valid_end = index
        index += 1
    length = int(weight / scale)
    return ParsedResult(
        valid=valid and 0 < length <= most,
        weightedLength=length,
        permillage=math.floor(length / most * 1000),  # as JS rounds
        validRangeStart=0,
        validRangeEnd=valid_end + _utf16(text) - len(units),
        displayRangeStart=0,
        displayRangeEnd=max(_utf16(text) - 1, 0),
    )


def weighted_length(text: str) -> int:
    """X's weighted length of ``text`` (280 is the limit)."""
    plain = _plain_length(_normalise(text))
    return plain if plain is not None else parse(text).weightedLength


def _plain_length(normal: str) -> int | None:
    """``parse``'s weighted length of a normalised text with no link, no emoji sequence and no
    half of a UTF-16 pair (None for any other): each code point then weighs its own weight, 1 in
    the light ranges and 2 outside (an astral one, a pair in UTF-16, by its second half: 2), which
    two passes in C count (tests/networks/test_xlength_plain.py proves it equal)."""
    if _SEQUENCE.search(normal) or _SURROGATE.search(normal) or _may_hold_url(normal):
        return None
    return len(normal) + len(_HEAVY.findall(normal))


def load_patterns() -> None:
    """Build now what counting any text may need (for a process about to fork workers, which then
    share it): the port's URL patterns and the emoji sequences."""
    for name in ("regexp.extract_url", "regexp.valid_ascii_domain", "regexp.valid_tco_url"):
        _port(name)
    x_emoji.sequences()


def _port(name: str) -> types.ModuleType:
    """The port's module ``twitter_text.<name>``, imported without running the package's
    ``__init__``, which builds every pattern the port has (0.1-0.2 s) and reads its emoji list with
    pkg_resources: a text with no link needs none of them, and no text needs its emoji pattern
    (networks/x_emoji.py). A later ``import twitter_text`` runs the real ``__init__``, which finds
    these modules already loaded."""
    full = f"twitter_text.{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.find_spec("twitter_text")
    assert spec is not None and spec.submodule_search_locations is not None
    shell = types.ModuleType("twitter_text")
    shell.__path__ = list(spec.submodule_search_locations)
    lent = "twitter_text" not in sys.modules
    if lent:
        sys.modules["twitter_text"] = shell
    try:
        return importlib.import_module(full)
    finally:
        if lent and sys.modules.get("twitter_text") is shell:
            del sys.modules["twitter_text"]


def port_pattern(name: str) -> re.Pattern[str]:
    """The port's compiled pattern ``twitter_text.regexp.<name>`` (e.g. ``valid_domain``)."""
    found: re.Pattern[str] = getattr(_port(f"regexp.{name}"), name)
    return found


def _weight(code_point: int, options: CountConfig) -> int:
    for span in options["ranges"]:
        if span["start"] <= code_point <= span["end"]:
            return span["weight"]
    return options["default_weight"]


def _urls(text: str) -> list[tuple[int, str]]:
    """twitter-text's extractUrlsWithIndices: where each URL starts, and its text, which the
    count skips (the domain of a link without a scheme is only its ASCII part)."""
    if not _may_hold_url(text):
        return []
    extract_url = port_pattern("extract_url")
    valid_ascii_domain = port_pattern("valid_ascii_domain")
    valid_tco_url = port_pattern("valid_tco_url")
    found: dict[int, str] = {}
    for match in url_scan.matches(extract_url, text, url_scan.WORD_WITH_DOT):
        _, before, url, protocol, domain, _, path, _ = match.groups()
        start = match.end() - len(url)
        if not valid_domain(domain) or len(protocol or "https://") + len(url) > _MAX_URL:
            continue
        if protocol is None:
            if before and before in "-_./":
                continue
            last, ascii_domain, ascii_end = None, "", 0
            for ascii_match in valid_ascii_domain.finditer(domain):
                ascii_domain = ascii_match.group()
                ascii_start = domain.find(ascii_domain, ascii_end)
                ascii_end = ascii_start + len(ascii_domain)
                last = start + ascii_start
                found[last] = ascii_domain
            if last is not None and path:  # the path joins the last domain (its first copy only)
                found[last] = url.replace(domain, ascii_domain, 1)
        else:
            tco = valid_tco_url.search(url)
            if tco and tco.group(1) and len(tco.group(1)) > _MAX_TCO_SLUG:
                continue
            found[start] = tco.group() if tco else url
    return list(found.items())


def _may_hold_url(text: str) -> bool:
    """False only when twitter-text's URL pattern finds nothing in ``text`` (normalised), told
    without building it (0.05-0.1 s): its every URL has a top-level domain right after a ``.``, a
    gTLD or ccTLD of the port's lists followed by none of ``[0-9a-zA-Z@+-]``, or ``xn--``. After
    such a dot and an ASCII letter, the run of those characters is that TLD exactly, or the match
    fails there. A dot followed by a letter outside ASCII, a character outside ASCII that matches
    one inside case-insensitively (none is left in a normalised text), or lists not of the
    expected shape need the pattern."""
    if "." not in text:
        return False
    tlds = ascii_tlds()
    if tlds is None or (not text.isascii() and any(c in text for c in ASCII_PARTNERS)):
        return True
    for dot in _TLD_DOT.finditer(text):
        at = dot.end()
        if not text[at].isascii():
            return True
        run = _TLD_RUN.match(text, at)
        label = run.group().lower() if run else ""
        if label in tlds or label.startswith("xn--"):
            return True
    return False


def valid_domain(domain: str) -> bool:
    """twitter-text's idna.toAscii: every label 1 to 63 characters once in punycode."""
    if domain.startswith("xn--") and not port_pattern("valid_ascii_domain").search(domain):
        return False
    for label in domain.split("."):
        parts = _DOMAIN_DOTS.split(label)
        encoded = ".".join(
            part if part.isascii() else "xn--" + part.encode("punycode").decode() for part in parts
        )
        if not 1 <= len(encoded) <= 63:
            return False
    return True


def upper_bound(text: str) -> int:
    """Never below ``weighted_length(text)``, and far cheaper: three passes in C, no URL parsing.

    Let N be ``text`` in NFC and M = ``_normalise(text)``, the text ``parse`` counts: M is N with
    three letters written as another letter, so the sums below are the same on N and M. ``parse``
    cuts M's UTF-16 units into disjoint blocks, left to right, and weighs each:

    * a URL block weighs 23. It begins where a URL found by twitter-text's pattern begins and holds
      at least its domain up to the TLD, which follows a literal ``.`` (``sub.domain.`` + gTLD,
      ccTLD or ``xn--``). Every TLD begins with a letter, and case-insensitive matching only ever
      equates letters with letters, so that dot is one of those ``_TLD_DOT`` counts. Blocks are
      disjoint, so there are no more URL blocks than such dots: 23 each covers them.
    * an emoji block weighs 2. It is two or more code points (networks/x_emoji.py finds only
      sequences), each charged its own weight of 1 or 2 below: at least 2.
    * any other block is a code point, weighing 1 in the light ranges and 2 outside them, as
      charged below; or the second half of an astral code point whose first half ended a URL
      block (the link's text is shorter than its span), weighing 2 like the whole code point.

    URL and emoji blocks begin on code point boundaries and emoji blocks end on one, so every
    code point of M is charged at least what it adds beyond the URLs' 23s. So the weighted length is at most len(N) + (code points of N outside the light ranges) + 23
    per dot followed by a letter. A dot ending a sentence is followed by a space and costs nothing.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        heavy = len(_HEAVY.findall(text))
    else:
        heavy = 0
    dots = len(_TLD_DOT.findall(text)) if "." in text else 0
    return len(text) + heavy + URL_WEIGHT * dots


def _utf16(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_index(text: str) -> Callable[[int], int]:
    """Code point index -> UTF-16 index in ``text``."""
    if _utf16(text) == len(text):
        return lambda index: index
    starts = list(accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0))
    return starts.__getitem__
