"""Checks of what a post says: length per network, hashtags, mentions, ad marking, brand voice."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache, lru_cache, partial

from smm.content.model import PLACEHOLDER_BODY
from smm.content.schema_values import AD_KINDS
from smm.findings import Level
from smm.lint.context import PostContext
from smm.lint.fold import Folded, fold, fold_word, shown
from smm.networks.compose import Rendered, advertiser, mentions_in
from smm.networks.counters import links, telegram_blank, utf8_bytes
from smm.networks.markdown_text import markdown_problem
from smm.rules import NetworkRules, general, network_rules


def check_body(ctx: PostContext) -> None:
    """Markdown beyond what smm parses (networks/markdown_bounds.py): such a text is sent as written,
    so it is an error where it goes over the bound, not a hang or a crash."""
    for key, text in _texts(ctx):
        problem = markdown_problem(text)
        if problem is not None:
            _report(ctx, key, problem[0], "body/too-complex", problem[1], "error")
        left = text.find(PLACEHOLDER_BODY)
        if left >= 0:
            message = "the text `smm new` wrote is still here: replace it with the post's text"
            _report(ctx, key, left, "body/placeholder", message, "error")


def _texts(ctx: PostContext) -> list[tuple[tuple[str, ...] | None, str]]:
    """The body (key None) and each network's override text (its front-matter key)."""
    return [(None, ctx.post.body)] + [
        (("overrides", n, "text"), o["text"])
        for n, o in ctx.post.overrides.items()
        if isinstance(o.get("text"), str)
    ]


def check_length(ctx: PostContext) -> None:
    """Length counted as each network counts it, against the limit that applies to this post; each
    part of a thread on its own, reported at the part's first line."""
    for network, rendered in ctx.renders.items():
        key = (
            ("overrides", network, "text") if "text" in ctx.post.overrides.get(network, {}) else ()
        )
        rules = network_rules(network)
        # Telegram also takes a text of only zero-width or blank characters for none (telegram_blank)
        blank = (
            telegram_blank(rendered.visible)
            if network == "telegram"
            else not rendered.visible.strip()
        )
        if blank and not rendered.images:
            where = partial(ctx.add, key) if key else partial(ctx.add_in_body, 0)
            where(f"{network}/empty", f"{rules.name} gets no text and no image")
        count = len(rendered.parts)
        for index, message in enumerate(rendered.messages):
            where = partial(ctx.add, key) if key else partial(ctx.add_in_body, message.offset)
            name = f"{rules.name} (part {index + 1}/{count})" if count else rules.name
            _check_message_length(rules, name, network, message, where)


def _check_message_length(
    rules: NetworkRules,
    name: str,
    network: str,
    rendered: Rendered,
    where: Callable[[str, str, Level], None],
) -> None:
    """The limits of one message (a post, or one part of a thread)."""
    limit = rendered.limit
    if limit and rendered.over_limit():
        what = "caption (with an image)" if rendered.limit_key == "text.caption_limit" else "text"
        where(
            f"{network}/length",
            f"{name} {what} is {rendered.length:,} {rendered.unit}; the limit is "
            f"{limit.value:,} (over by {rendered.length - limit.value:,}){limit.note()}",
            limit.level,
        )
    sent = rules.limit("text.sent_bytes_limit")
    if sent and utf8_bytes(rendered.text) > sent.value:
        where(
            f"{network}/length",
            f"{name} text as sent (with its markup and link URLs) is "
            f"{utf8_bytes(rendered.text):,} UTF-8 bytes; the limit is {sent.value:,}{sent.note()}",
            sent.level,
        )
    visible = rules.limit("text.visible_bytes_limit")  # Bluesky: 3,000 bytes beside 300 graphemes
    if visible and utf8_bytes(rendered.visible) > visible.value:
        where(
            f"{network}/length",
            f"{name} text is {utf8_bytes(rendered.visible):,} UTF-8 bytes; the limit is "
            f"{visible.value:,}{visible.note()}",
            visible.level,
        )


@cache
def _tag_form() -> re.Pattern[str]:
    return re.compile(general()["hashtags"]["pattern"])


def check_hashtags(ctx: PostContext) -> None:
    """Form of each hashtag, the brand's required and banned ones, and each network's count."""
    post, brand = ctx.post, ctx.brand
    max_length = general()["hashtags"]["max_length"]["value"]
    for index, tag in enumerate(post.hashtags):
        clean = tag[1:] if tag.startswith("#") else tag
        if not _tag_form().match(clean):
            ctx.add(
                ("hashtags", index),
                "hashtag/form",
                f"'{tag}' is not a hashtag: letters, digits and _ only, "
                "not only digits, no spaces or punctuation",
            )
        elif len(clean) > max_length:
            ctx.add(
                ("hashtags", index),
                "hashtag/form",
                f"'{tag}' is longer than {max_length} characters",
                "warning",
            )
    for network, rendered in ctx.renders.items():
        name = network_rules(network).name
        folded = {tag.casefold() for tag in rendered.hashtags}
        if brand:
            for banned in brand.banned_hashtags:
                if banned.casefold() in folded:
                    ctx.add(
                        ("hashtags",),
                        "hashtag/banned",
                        f"#{banned} is banned by brand '{brand.slug}' ({name})",
                    )
            for required in brand.required_hashtags:
                if required.casefold() not in folded:
                    ctx.add(
                        ("hashtags",),
                        "hashtag/required",
                        f"{name} text lacks #{required}, required by brand '{brand.slug}'",
                    )
        rules = ctx.rules(network)
        count = len(folded)
        hard, soft = rules.limit("hashtags.max"), rules.limit("hashtags.warn_over")
        if hard and count > hard.value:
            ctx.add(
                ("hashtags",),
                f"{network}/hashtags",
                f"{name} text has {count} hashtags; at most {hard.value}{hard.note()}",
                hard.level,
            )
        elif soft and count > soft.value:
            ctx.add(
                ("hashtags",),
                f"{network}/hashtags",
                f"{name} text has {count} hashtags; more than {soft.value} "
                f"is cut or penalised{soft.note()}",
                "warning",
            )


def check_mentions(ctx: PostContext) -> None:
    """At most as many people @-mentioned as the network tags (Instagram: 20), each counted once."""
    for network, rendered in ctx.renders.items():
        limit = ctx.rules(network).limit("mentions.max")
        people = mentions_in(rendered.visible) if limit else []
        if not limit or len(people) <= limit.value:
            continue
        message = (
            f"{network_rules(network).name} text mentions {len(people)} people; at most {limit.value} "
            f"@-mentions{limit.note()}"
        )
        # at the first mention over the limit, where the writer can start cutting
        over = re.compile(rf"@{re.escape(people[limit.value])}(?![\w.])", re.IGNORECASE)
        ctx.add_in_text(network, partial(_start, over), f"{network}/mentions", message, limit.level)


def check_link_count(ctx: PostContext) -> None:
    """At most as many distinct links in a message as the network takes (Threads: 5, each part
    of a thread being its own post), at the first link over the limit."""
    for network, rendered in ctx.renders.items():
        limit = ctx.rules(network).limit("links.max")
        if not limit:
            continue
        for part in rendered.parts or [rendered]:
            found = links(part.visible)
            if len(found) <= limit.value:
                continue
            message = (
                f"{network_rules(network).name} text has {len(found)} distinct links; at most "
                f"{limit.value}{limit.note()}"
            )
            # at the first link over the limit as the body writes it (without UTM parameters)
            over = partial(_nth_link, limit.value)
            ctx.add_in_text(network, over, f"{network}/links", message, limit.level)
            break


def _start(pattern: re.Pattern[str], body: str) -> int:
    """Where ``pattern`` is first found in ``body`` (0 if nowhere)."""
    found = pattern.search(body)
    return found.start() if found else 0


def _nth_link(n: int, body: str) -> int:
    """Where the body's ``n``-th distinct link (from 0) first stands (0 if it has fewer)."""
    written = list(links(body).values())
    return written[n] if len(written) > n else 0


#: a link in Telegram's HTML, as networks/markdown_text.py writes it (the address escaped)
_TELEGRAM_LINK = re.compile(r'<a href="([^"]*)">')
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TELEGRAM_SCHEMES = ("http", "https", "tg", "ton", "tonsite")


def telegram_link(href: str) -> str | None:
    """What Telegram makes of a text link to ``href`` (networks/tg_links.py, TDLib's check):
    None when it keeps it as written (a web address, a bare host it reads as http, its own tg:
    links, a user mention), "" when it drops it (the text shows alone), else the other address
    it links to instead (``mailto:hi@zerno.example`` is read as a host with a user name:
    ``http://mailto:hi@zerno.example/``)."""
    from smm.networks.tg_links import checked_link, link_user_id

    if not href or link_user_id(href):
        return None
    checked = checked_link(href)
    scheme = _SCHEME.match(href)
    written = scheme.group(1).lower() if scheme and "." not in scheme.group(1) else None
    if checked and (written is None or written in _TELEGRAM_SCHEMES):
        return None
    return checked


def check_links(ctx: PostContext) -> None:
    """A link Telegram would not make as written: Telegram links only to web addresses (and its
    own ``tg:`` links), so a ``javascript:`` link or a path arrives as its text alone, and a
    ``mailto:`` one as a link to a web site; the preview shows the ``<a>`` smm sends, this says
    what becomes of it."""
    rendered = ctx.renders.get("telegram")
    if rendered is None:
        return
    for href in dict.fromkeys(html.unescape(h) for h in _TELEGRAM_LINK.findall(rendered.text)):
        made = telegram_link(href)
        if made is None:
            continue
        message = f"Telegram does not link to '{shown(href[:80])}': " + (
            f"it links to '{shown(made[:80])}' instead, a web address"
            if made
            else "only web addresses and tg: links are links there, so its text shows alone"
        )
        where = partial(_destination, href=href)
        ctx.add_in_text("telegram", where, "link/dropped", message, "warning")


def _destination(body: str, href: str) -> int:
    """Where the body writes the link to ``href``: an inline link's ``](href``, a reference's
    ``]: href``, an autolink's ``<href>``; else the address's first appearance (0 if none)."""
    address = re.escape(href)
    for pattern in (
        rf"\]\(\s*<?({address})",
        rf"^ {{0,3}}\[[^\]]+\]:\s*<?({address})",
        rf"<({address})>",
    ):
        found = re.search(pattern, body, re.MULTILINE)
        if found:
            return found.start(1)
    return max(body.find(href), 0)


def check_ad_marking(ctx: PostContext) -> None:
    """Ads carry the marking their law asks for: «Реклама» + advertiser + erid (RU), #ad up front elsewhere."""
    post, brand = ctx.post, ctx.brand
    if brand is None or post.kind not in AD_KINDS:
        return
    rules = general()["ad"]
    if brand.jurisdiction in rules["ru_jurisdictions"]:
        who = advertiser(post, brand)
        missing = [field for field in ("name", "erid") if not who.get(field)]
        if missing:
            ctx.add(
                ("advertiser",) if "advertiser" in post.meta.data else ("kind",),
                "ad/ru-marking",
                f"a '{post.kind}' post of a brand under Russian law (38-FZ art. 18.1) needs advertiser "
                f"{' and '.join(missing)}: add advertiser: {{name: ..., inn: ..., erid: ...}}",
            )
            return
        for network, rendered in ctx.renders.items():
            text = rendered.visible.casefold()
            lacks = [
                what
                for what, needle in (
                    ("«Реклама»", rules["ru_word"]),
                    ("the advertiser", str(who["name"])),
                    ("the erid token", str(who["erid"])),
                )
                if needle.casefold() not in text
            ]
            if lacks:
                ctx.add(
                    ("kind",),
                    "ad/ru-marking",
                    f"{network_rules(network).name} text lacks {', '.join(lacks)}",
                )
        return
    window = rules["disclosure_window"]["value"]
    disclosure = _disclosure(tuple(rules["disclosure_tokens"]))
    for network, rendered in ctx.renders.items():
        if not disclosure.search(rendered.visible[:window]):
            ctx.add(
                ("kind",),
                "ad/disclosure",
                f"a '{post.kind}' post must disclose it up front: start the "
                f"{network_rules(network).name} text with #ad, 'Ad:' or 'Anzeige' (within {window} characters)",
            )


@lru_cache(maxsize=4)
def _disclosure(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """Any token as a whole word: 'Ad:' but not 'Read:', '#ad' but not '#adventure', not 'Bewerbung'."""

    def whole(token: str) -> str:
        return (
            (r"(?<![\w#])" if token[:1].isalnum() or token[:1] == "#" else "")
            + re.escape(token)
            + (r"(?!\w)" if token[-1:].isalnum() else "")
        )

    return re.compile("|".join(whole(t) for t in tokens), re.IGNORECASE)


def check_voice(ctx: PostContext) -> None:
    """The brand's voice rules: banned words (error) and preferred substitutions (warning), matched
    as a reader sees the text (lint/fold.py: no zero-width joiner or soft hyphen hides a word)."""
    brand = ctx.brand
    if brand is None or not (brand.banned_words or brand.preferred):
        return
    for key, text in _texts(ctx):
        folded = fold(text)
        for word, note in brand.banned_words:
            for start, found in _find(word, text, folded):
                message = f"'{found}' is banned by the voice of brand '{brand.slug}'" + (
                    f": {note}" if note else ""
                )
                _report(ctx, key, start, "voice/banned", message, "error")
        for wrong, better in brand.preferred.items():
            for start, found in _find(wrong, text, folded):
                _report(
                    ctx,
                    key,
                    start,
                    "voice/prefer",
                    f"write '{better}' instead of '{found}'",
                    "warning",
                )


def _find(word: str, text: str, folded: Folded) -> list[tuple[int, str]]:
    """(offset in ``text``, the text as written, invisible characters shown) of each whole-word match."""
    folded_word = fold_word(word)
    if not folded_word:
        return []
    found = []
    for match in _word(folded_word).finditer(folded.text):
        start, end = folded.span(match.start(), match.end())
        found.append((start, shown(text[start:end])))
    return found


@lru_cache(maxsize=1024)
def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _report(
    ctx: PostContext,
    key: tuple[str, ...] | None,
    offset: int,
    rule: str,
    message: str,
    level: Level,
) -> None:
    if key is None:
        ctx.add_in_body(offset, rule, message, level)
    else:
        ctx.add(key, rule, message, level)
