"""Structure-aware generation of post, brand and campaign files for the fuzzer.

Each file follows its schema most of the time (known keys, sensible values) and departs from it
in the ways a careless editor or a hostile file would: wrong types, extreme values, Unicode edge
cases, duplicate keys, anchors and aliases, control characters in keys, broken Markdown, broken
documents (no closing ``---``, a BOM, CRLF, invalid UTF-8, a truncated file); now and then a
broken picture instead (images.py). ``case(seed, i)`` is a pure function: the same seed and
index give the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from images import image_case
from values import NETWORKS, alias_bomb, markdown_body, odd_value, words
from yamltext import Node, block, key, mapping, quote, raw, seq, string

Good = Callable[[random.Random], Node]


def _nets(r: random.Random) -> Node:
    return (
        string(r.choice(NETWORKS))
        if r.random() < 0.4
        else seq([raw(n) for n in r.sample(NETWORKS, r.randint(1, 4))])
    )


def _time(r: random.Random) -> Node:
    text = f"2026-12-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.choice((0, 15, 30, 45)):02d}"
    return raw(text + r.choice(("", "", "+03:00", "Z", ":00+01:00")))


def _money(r: random.Random) -> Node:
    return r.choice(
        (
            lambda: string(f"{r.randint(0, 90000)} {r.choice(('RUB', 'EUR', 'USD'))}"),
            lambda: raw(str(r.randint(0, 5000))),
            lambda: mapping(
                [
                    ("amount", raw(str(r.randint(0, 9000)))),
                    ("currency", raw("RUB")),
                    ("kind", raw(r.choice(("boost", "placement", "prize")))),
                ],
                flow=True,
            ),
        )
    )()


def _image(r: random.Random) -> Node:
    src = r.choice(("assets/zerno/a.png", "assets/zerno/b.jpg", "assets/zerno/missing.png"))
    return (
        string(src)
        if r.random() < 0.5
        else mapping([("src", string(src)), ("alt", string(words(r, 3)))], flow=True)
    )


def _entry(r: random.Random) -> Node:
    return mapping(
        [
            ("id", raw(str(r.randint(1, 99999)))),
            ("url", string("https://t.me/zerno_coffee/1")),
            ("at", string("2026-12-01T10:05:00+03:00")),
            ("state", raw(r.choice(("published", "claimed", "failed", "unknown", "missed")))),
            ("sent", string("0123456789abcdef")),
            ("attempts", raw("1")),
        ],
        flow=True,
    )


def _per_net(value: Good) -> Good:
    return lambda r: mapping([(n, value(r)) for n in r.sample(NETWORKS, r.randint(1, 3))])


def _str(r: random.Random) -> Node:
    return string(words(r, r.randint(1, 5)))


def _list(item: Good) -> Good:
    return lambda r: seq([item(r) for _ in range(r.randint(0, 4))])


def _advertiser(r: random.Random) -> Node:
    return mapping(
        [
            ("name", string("ООО «Зерно»")),
            ("inn", string("7701234560")),
            ("erid", string("2VtzqvWgxEz")),
        ]
    )


POST: dict[str, tuple[str, Good]] = {
    "network": ("list", _nets),
    "time": ("date", _time),
    "title": ("str", _str),
    "hashtags": ("list", _list(_str)),
    "budget": ("num", _money),
    "campaign": ("str", lambda r: string(r.choice(("winter", "advent", "nope")))),
    "kind": (
        "str",
        lambda r: raw(
            r.choice(("organic", "ad", "exchange", "influencer", "contest", "announcement"))
        ),
    ),
    "images": ("list", _list(_image)),
    "link": ("str", lambda r: string("https://zerno.example/menu")),
    "place": ("str", _str),
    "advertiser": ("map", _advertiser),
    "overrides": (
        "map",
        _per_net(lambda r: mapping([("text", _str(r)), ("hashtags", _list(_str)(r))], flow=True)),
    ),
    "edit": ("map", _per_net(_str)),
    "published": ("map", _per_net(_entry)),
    "metrics": (
        "map",
        _per_net(
            lambda r: mapping(
                [("views", raw(str(r.randint(0, 9999)))), ("reach", raw(str(r.randint(0, 9999))))],
                flow=True,
            )
        ),
    ),
}
BRAND: dict[str, tuple[str, Good]] = {
    "name": ("str", _str),
    "timezone": (
        "str",
        lambda r: string(r.choice(("Europe/Moscow", "Europe/Berlin", "UTC", "Asia/Kathmandu"))),
    ),
    "currency": ("str", lambda r: raw(r.choice(("RUB", "EUR")))),
    "jurisdiction": ("str", lambda r: raw(r.choice(("RU", "DE")))),
    "late_after": ("dur", lambda r: string(f"{r.randint(1, 48)}h")),
    "publish_late": ("str", lambda r: raw("true")),
    "accounts": (
        "map",
        lambda r: mapping(
            [
                (
                    "telegram",
                    mapping(
                        [
                            ("chat", string("@zerno_coffee")),
                            ("token_env", raw("SMM_ZERNO_TELEGRAM_TOKEN")),
                        ],
                        flow=True,
                    ),
                ),
                (
                    "vk",
                    mapping(
                        [("owner_id", raw("-218000001")), ("token_env", raw("SMM_ZERNO_VK_TOKEN"))],
                        flow=True,
                    ),
                ),
                (
                    "instagram",
                    mapping(
                        [
                            ("user_id", string("17841400000000001")),
                            ("public_base_url", string("https://x.example")),
                        ],
                        flow=True,
                    ),
                ),
            ]
        ),
    ),
    "reviewers": ("list", lambda r: seq([string("@zerno-marketing")])),
    "quiet_hours": (
        "map",
        lambda r: mapping([("start", string("23:00")), ("end", string("08:00"))], flow=True),
    ),
    "frequency": (
        "map",
        _per_net(
            lambda r: mapping(
                [("per_day", raw(str(r.randint(1, 5)))), ("min_gap", string("2h"))], flow=True
            )
        ),
    ),
    "cadence": (
        "map",
        _per_net(
            lambda r: mapping(
                [("per_day", raw("1")), ("days", seq([raw("mon"), raw("fri")]))], flow=True
            )
        ),
    ),
    "hashtags": (
        "map",
        lambda r: mapping(
            [("required", seq([raw("кофе")])), ("banned", seq([raw("скидка")]))], flow=True
        ),
    ),
    "voice": (
        "map",
        lambda r: mapping(
            [
                ("banned", seq([raw("бесплатно"), mapping([("word", raw("лучший"))], flow=True)])),
                ("prefer", mapping([("кофэ", raw("кофе"))], flow=True)),
            ]
        ),
    ),
    "signature": ("str", _str),
    "ad_marking": ("map", lambda r: mapping([("advertiser", _advertiser(r))])),
}
CAMPAIGN: dict[str, tuple[str, Good]] = {
    "name": ("str", _str),
    "brand": ("str", lambda r: raw(r.choice(("zerno", "nordlicht")))),
    "start": ("date", lambda r: string("2026-12-01")),
    "end": ("date", lambda r: string(f"2027-0{r.randint(1, 3)}-28")),
    "budget": ("num", _money),
    "networks": ("list", lambda r: seq([raw(n) for n in r.sample(NETWORKS, 3)])),
    "hashtags": ("list", _list(_str)),
    "utm": (
        "map",
        lambda r: mapping(
            [
                ("medium", raw("social")),
                ("campaign", raw("winter")),
                ("source", string("{network}")),
            ],
            flow=True,
        ),
    ),
    "goals": (
        "map",
        lambda r: mapping(
            [("reach", raw("200000")), ("engagement_rate", raw("0.04")), ("clicks", raw("3000"))],
            flow=True,
        ),
    ),
    "notes": ("str", _str),
}
REQUIRED = {
    "post": ("network", "time"),
    "brand": ("name", "timezone"),
    "campaign": ("name", "start", "end"),
}
SPECS = {"post": POST, "brand": BRAND, "campaign": CAMPAIGN}


def document(r: random.Random, kind: str) -> Node:
    """The top-level mapping of a post's front matter, a brand or a campaign."""
    spec = SPECS[kind]
    names = [k for k in spec if (k in REQUIRED[kind] and r.random() < 0.95) or r.random() < 0.4]
    r.shuffle(names)
    pairs: list[tuple[str, Node]] = []
    for name in names:
        family, good = spec[name]
        value = good(r) if r.random() < 0.7 else odd_value(r, family)
        if (
            family == "map" and value.kind == "map" and r.random() < 0.3
        ):  # inside a nested map: one field odd
            sub = value.items
            if sub:
                i = r.randrange(len(sub))
                sub[i] = (sub[i][0], odd_value(r, r.choice(("str", "num", "date", "dur", "list"))))
        pairs.append((key(name), value))
    if r.random() < 0.15:  # an unknown key, or a known one with an odd character in it
        pairs.append(
            (
                quote(
                    r.choice(list(spec)) + r.choice(("\u200b", "\x01", "\n", " ", "\x1b[2J", "\t"))
                )
                if r.random() < 0.5
                else key(r.choice(("netwrok", "Time", "заголовок", "x" * 300))),
                odd_value(r, "str"),
            )
        )
    if pairs and r.random() < 0.12:  # a duplicate key: YAML keeps the last, smm must not guess
        k, _ = r.choice(pairs)
        pairs.insert(
            r.randrange(len(pairs) + 1),
            (k, odd_value(r, "str") if r.random() < 0.5 else spec.get(k, ("str", _str))[1](r)),
        )
    if pairs and r.random() < 0.1:  # an anchor on one value, aliased by another key
        i, j = r.randrange(len(pairs)), r.randrange(len(pairs))
        pairs[i][1].anchor = "a1"
        pairs[j] = (pairs[j][0], raw("*a1"))
        pairs.sort(key=lambda kv: kv[1].raw == "*a1")  # the alias after its anchor
    if r.random() < 0.03:  # a merge key
        pairs.append(("x_base", mapping([("title", string("t"))], flow=True).anchored("m1")))
        pairs.append((key(r.choice(list(spec))), raw("{<<: *m1, extra: 1}")))
    if r.random() < 0.02:  # an alias bomb, small; a 9x9 one (hundreds of millions of nodes) rarely
        bomb, ref = alias_bomb(r, big=r.random() < 0.1)
        pairs = bomb + pairs + [(key(r.choice(list(spec))), ref)]
    if r.random() < 0.01:  # an alias to its own collection
        pairs.append((key(r.choice(list(spec))), raw("&r1 [*r1]")))
    if r.random() < 0.02:  # a complex key and a non-string key
        pairs.append(
            (
                r.choice(("1", "null", "true", "[a, b]", "{a: 1}", "2026-12-01", "? [a, b]\n")),
                raw("x"),
            )
        )
    return mapping(pairs)


def yaml_text(r: random.Random, kind: str) -> str:
    top = document(r, kind)
    if r.random() < 0.03:  # a top level that is not a mapping
        return r.choice(
            ("- a\n- b\n", "just text\n", "42\n", "null\n", "", "# only a comment\n", "[1, 2\n")
        )
    return block(top) if top.items else "{}\n"


@dataclass
class Case:
    index: int
    kind: str  # post | brand | campaign | image
    path: str  # relative to the repository root
    data: bytes


def _break_document(r: random.Random, text: str) -> bytes:
    """Document-level damage, now and then: encodings, line ends, truncation, size."""
    data = text.encode("utf-8", "surrogatepass")
    roll = r.random()
    if roll < 0.03:
        data = b"\xef\xbb\xbf" + data
    elif roll < 0.06:
        data = data.replace(b"\n", b"\r\n")
    elif roll < 0.08:
        data = data.replace(b"\n", b"\r")
    elif roll < 0.11 and data:
        at = r.randrange(len(data))
        data = (
            data[:at]
            + r.choice((b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80", b"\x1b[2J", b"\t"))
            + data[at:]
        )
    elif roll < 0.13 and data:
        data = data[: r.randrange(len(data))]
    elif roll < 0.14:  # just over the 1 MiB a post may have
        data += b"\n" * max(0, (1 << 20) + 1 - len(data))
    return data[: 2 << 20]  # past the size cap, more bytes only cost time


def post_text(r: random.Random) -> str:
    front = yaml_text(r, "post")
    body = markdown_body(r)
    shape = r.random()
    if shape < 0.03:
        return "---\n" + front + body  # no closing line
    if shape < 0.05:
        return "---\n" + front + "...\n" + body
    if shape < 0.06:
        return front + body  # no front matter at all
    if shape < 0.07:
        return "---\n" + front + "---\n---\n" + front + "---\n" + body
    return "---\n" + front + "---\n" + body


def _post_path(r: random.Random) -> str:
    brand = r.choice(("zerno", "zerno", "nordlicht", "ghost"))
    name = f"{r.randint(1, 28):02d}-fuzz"
    if r.random() < 0.05:
        name = r.choice(
            ("a b", "ф", "a\nb", "*", "x" * 200, "-", ".hidden", "01-a:b", "\u202eevil")
        )
    return f"posts/{brand}/2026/12/{name}.md" if r.random() < 0.95 else f"posts/{brand}/{name}.md"


def case(
    seed: int,
    index: int,
    kinds: tuple[str, ...] = ("post", "post", "brand", "campaign") * 2 + ("image",),
) -> Case:
    """Case ``index`` of the run with ``seed``: one generated file and where it goes."""
    r = random.Random(f"{seed}:{index}")
    kind = r.choice(kinds)
    if kind == "image":
        return Case(index, kind, *image_case(r))
    if kind == "post":
        return Case(index, kind, _post_path(r), _break_document(r, post_text(r)))
    if kind == "brand":
        slug = (
            "zerno"
            if r.random() < 0.7
            else r.choice(("nordlicht", "new", "zerno*", "a b", "ЗЕРНО", "x\ny", "../x"))
        )
        return Case(index, kind, f"brands/{slug}.yaml", _break_document(r, yaml_text(r, "brand")))
    slug = "winter" if r.random() < 0.7 else r.choice(("spring", "a b", "*", "..", "x" * 120))
    brand = "zerno" if r.random() < 0.9 else r.choice(("nordlicht", "ghost"))
    return Case(
        index, kind, f"campaigns/{brand}/{slug}.yaml", _break_document(r, yaml_text(r, "campaign"))
    )
