"""Pools of odd values for the fuzzer: wrong types, extreme numbers and dates, Unicode edge
cases, YAML oddities (tags, aliases, merge keys, deep nesting) and broken Markdown bodies.

Every function takes the case's ``random.Random``, so a case is a pure function of its seed.
"""

from __future__ import annotations

import random

from yamltext import Node, mapping, quote, raw, seq, string

NETWORKS = (
    "telegram",
    "vk",
    "ok",
    "instagram",
    "facebook",
    "x",
    "threads",
    "mastodon",
    "bluesky",
    "linkedin",
)
WORDS = (
    "кофе",
    "зима",
    "меню",
    "скидка",
    "латте",
    "Nordlicht",
    "advent",
    "Jacke",
    "coffee",
    "sale",
    "бесплатно",
    "лучший",
    "#тег",
    "@user",
    "https://zerno.example/menu",
    "ООО «Зерно»",
    "18+",
)
#: Code points that trip up length counters, normalisers and terminals.
ODD_CHARS = (
    "\u200d",
    "\u200b",
    "\u200c",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u0301",
    "\u0336",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1f7\U0001f1fa",
    "\U0001f3fb",
    "\ufe0f",
    "\u2028",
    "\u2029",
    "\x85",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\r",
    "\t",
    "\ud800",
    "\udfff",
    "\U0010ffff",
    "\ufffd",
    "\u00ad",
    "ǅ",
    "ﬃ",
    "İ",
    "ß",
    "\u0430",
    "𝐚",
    "\u3000",
    "\u180e",
)
ODD_STRINGS = (
    "",
    " ",
    "~",
    "null",
    "-",
    "---",
    "...",
    "#",
    "##",
    "@",
    "*",
    "&",
    "!",
    "|",
    ">",
    "%",
    "{}",
    "[]",
    "../../../etc/passwd",
    "/dev/zero",
    "/proc/self/environ",
    "assets/",
    "assets/zerno/a.png/",
    "assets/zerno/../../x.png",
    "C:\\x.png",
    "http://",
    "https://[::1",
    "javascript:alert(1)",
    "https://zerno.example/?utm_source=x&utm_source=y",
    "{network}",
    "${{ secrets.TOKEN }}",
    "%s%n%x",
    "<script>alert(1)</script>",
    "**bold**",
    "`code`",
    "a\nb",
    "a\r\nb",
    "line\u2028sep",
    "2026-12-01 10:00",
    "1500 RUB",
    "-1 RUB",
    "1e9 RUB",
    "NaN RUB",
    "1500",
    "RUB",
    "yes",
    "no",
    "on",
)
ODD_NUMBERS = (
    "0",
    "-0",
    "-1",
    "1",
    "0.0",
    "-0.5",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "+.inf",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1:30",
    "007",
    "+1",
    "2147483648",
    "9223372036854775808",
    "18446744073709551617",
    "1.7976931348623157e308",
    "4.9e-324",
)
ODD_DATES = (
    "0001-01-01",
    "0001-01-01 00:00",
    "9999-12-31",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59+14:00",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "2026-12-01 24:00",
    "2026-12-01 25:61",
    "2026-12-01T10:00:00+25:00",
    "2026-12-01T10:00:00.123456789Z",
    "20261201",
    "2026-W49-2",
    "2026-336",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "2026-03-29 02:30",
    "2026-10-25 02:30",
    "2026-12-01T10:00:00Z[Europe/Moscow]",
    "-2026-12-01",
    "+002026-12-01",
    "2026-12-01 10:00:60",
    "2026-12-01 10",
    "10:00",
    "2026/12/01",
    "now",
    "2026-12-01T10:00:00-00:00",
    "1900-01-01",
    "2100-02-29",
    "2000-02-29 23:59",
)
ODD_DURATIONS = (
    "0m",
    "0h",
    "0d",
    "1m",
    "99999999999d",
    "999999999999999999999h",
    "-1h",
    "2 h",
    "h",
    "1.5h",
    "1w",
    "24h",
    "1440m",
    "100000d",
    "9" * 40 + "m",
)
ODD_TAGS = (
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!custom x",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!timestamp 2026-12-01",
    "!!float nan",
    "!!int '12'",
    "!!str 12",
    "!!null ''",
    "!!bool yes",
    "!<tag:example.com,2026:x> 1",
    "!!map {a: 1}",
    "!!seq [1]",
)


def pick(rng: random.Random, ordinary: int, *extreme: int) -> int:
    """``ordinary`` nine times in ten, else one of the ``extreme`` sizes: pathological inputs stay
    rare enough that a 10,000-file run mostly explores, and still meets each of them often."""
    return ordinary if not extreme or rng.random() < 0.9 else rng.choice(extreme)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def odd_text(rng: random.Random) -> str:
    """A string built from odd characters, odd strings and words; sometimes very long."""
    parts = [
        rng.choice(ODD_CHARS) if rng.random() < 0.5 else rng.choice(ODD_STRINGS + WORDS)
        for _ in range(rng.randint(1, 8))
    ]
    text = "".join(parts)
    if rng.random() < 0.05:  # long: up to 200,000 characters
        size = pick(rng, 1000, 20000, 200000)
        text = (text * (size // max(len(text), 1) + 1))[:size]
    return text


def huge_int(rng: random.Random) -> str:
    digits = rng.choice((400, 4300, 4301, 5000, 20000))
    return ("-" if rng.random() < 0.2 else "") + "9" * digits


def nested(rng: random.Random, depth: int | None = None) -> Node:
    """Flow collections nested ``depth`` deep: [[[...]]] or {a: {a: ...}}."""
    depth = depth or pick(rng, 50, 200, 1000, 5000)
    opener, closer = ("[", "]") if rng.random() < 0.5 else ("{a: ", "}")
    return raw(opener * depth + "1" + closer * depth)


def alias_bomb(rng: random.Random, big: bool = False) -> tuple[list[tuple[str, Node]], Node]:
    """Anchors each listing the previous one ``width`` times: width**levels items when expanded.
    Returns the anchor definitions (to put first) and the node that refers to the last."""
    levels, width = (9, 9) if big else (rng.randint(2, 5), rng.randint(2, 6))
    pairs = [("b0", raw("&b0 [lol]"))]
    for i in range(1, levels):
        pairs.append((f"b{i}", raw(f"&b{i} [" + ", ".join([f"*b{i - 1}"] * width) + "]")))
    return pairs, raw(f"*b{levels - 1}")


def wrong_type(rng: random.Random) -> Node:
    """Valid YAML of a type no field expects in that place."""
    return rng.choice(
        (
            lambda: raw("null"),
            lambda: raw("~"),
            lambda: raw(""),
            lambda: raw("true"),
            lambda: raw("no"),
            lambda: raw(rng.choice(ODD_NUMBERS)),
            lambda: raw(huge_int(rng)),
            lambda: seq([]),
            lambda: mapping([], flow=True),
            lambda: seq([string(words(rng, 2)), raw("1"), raw("null")]),
            lambda: mapping([("a", raw("1"))], flow=True),
            lambda: raw(rng.choice(ODD_TAGS)),
            lambda: raw(rng.choice(ODD_DATES)),
            lambda: seq([mapping([("x", seq([raw("1")]))], flow=True)]),
        )
    )()


def odd_value(rng: random.Random, family: str) -> Node:
    """An odd value for a field of ``family`` (str, num, date, dur, list, map): the extremes of the
    right type half of the time, anything at all otherwise."""
    if rng.random() < 0.5:
        if family == "num":
            return raw(rng.choice(ODD_NUMBERS) if rng.random() < 0.7 else huge_int(rng))
        if family == "date":
            text = rng.choice(ODD_DATES)
            return raw(text) if rng.random() < 0.5 else string(text)
        if family == "dur":
            return string(rng.choice(ODD_DURATIONS))
        if family == "str":
            return (
                string(odd_text(rng)) if rng.random() < 0.8 else raw(rng.choice(ODD_STRINGS[4:12]))
            )
        if family == "list":
            return seq(
                [string(rng.choice(ODD_STRINGS)) for _ in range(pick(rng, 3, 0, 1, 100, 5000))]
            )
    return rng.choice((wrong_type, lambda r: string(odd_text(r)), lambda r: nested(r)))(rng)


def markdown_body(rng: random.Random) -> str:
    """A post body: ordinary Markdown most of the time, with broken or pathological parts."""
    parts = []
    for _ in range(rng.randint(1, 6)):
        parts.append(rng.choice(_BODY_PARTS)(rng))
    return "\n\n".join(parts) + ("\n" if rng.random() < 0.9 else "")


def _deep_list(rng: random.Random) -> str:
    depth = pick(rng, 5, 50, 250, 600)
    return "\n".join("  " * i + rng.choice("-*+") + " пункт" for i in range(depth))


_BODY_PARTS = (
    lambda r: words(r, r.randint(3, 40)),
    lambda r: (
        f"# {words(r, 3)}\n\n**{words(r, 2)}** и *{words(r, 2)}*, [ссылка](https://zerno.example/{r.randint(0, 9)})"
    ),
    lambda r: "\n".join(f"- {words(r, 2)}" for _ in range(r.randint(1, 5))),
    lambda r: "> " + words(r, 5) + "\n>\n> > " + words(r, 3),
    lambda r: "```python\nprint('x')\n" + ("```" if r.random() < 0.5 else ""),
    lambda r: "*" * pick(r, 3, 100, 1000) + "x" + "*" * pick(r, 3, 100, 1000),
    lambda r: "_" * pick(r, 10, 1000) + words(r, 1) + "**" * pick(r, 1, 500),
    lambda r: (
        "[" * pick(r, 10, 1000, 30000) + "x" + "](" * pick(r, 1, 100) + "]" * pick(r, 0, 10, 30000)
    ),
    lambda r: "<" * pick(r, 1, 500) + "b>" + words(r, 2) + "</i><script>x</script><!--",
    lambda r: _deep_list(r),
    lambda r: ">" * pick(r, 10, 300, 2000) + " " + words(r, 2),
    lambda r: "\n" * pick(r, 10, 10000, 900000),
    lambda r: "".join(r.choice(ODD_CHARS) for _ in range(r.randint(1, 50))),
    lambda r: (
        "#"
        + "#".join(
            r.choice(("кофе", "", " ", "\u200d", "1", "a" * 200)) for _ in range(r.randint(1, 40))
        )
    ),
    lambda r: "&#0; &#x110000; &#xD800; &nbsp &amp;&lt;" + "&" * pick(r, 1, 1000),
    lambda r: "| a | b |\n|---|---|\n" + "| x | y |\n" * r.randint(1, 50),
    lambda r: "https://" + "a" * pick(r, 10, 5000) + ".example/" + "%" * pick(r, 1, 100),
    lambda r: words(r, 2) + "\u200dбесплатно\u200d" + words(r, 2),
    lambda r: "\\" * pick(r, 1, 999) + "`" * pick(r, 1, 999),
    lambda r: "Реклама. ООО «Зерно», ИНН 7701234560, erid: " + quote(odd_text(r)),
)
