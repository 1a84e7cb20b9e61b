"""A post as one network receives it: ad marking, body, link, signature, hashtags, UTM.

The order is the one readers expect on every network: the legally required marking first (so
no "more" fold hides it), then the body, the link if the body does not carry it, the brand's
signature, and the hashtags that the text does not already contain.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any
from urllib.parse import urlencode

from smm.content.model import Brand, Campaign, Image, Post
from smm.content.schema_values import AD_KINDS
from smm.content.thread import split_thread
from smm.networks.counters import COUNTERS, UNITS, UPPER_BOUNDS, graphemes, telegram_text
from smm.networks.markdown_text import render_body
from smm.rules import Limit, NetworkRules, general, network_rules

# a '#' (or the full-width '＃') not after a word character, '#' or '/', and the word after it;
# the look-behind sits after the '#' (it looks at the character before it) so that the pattern
# starts with the '#': re then skips to each '#' instead of trying every position (3 x faster)
HASHTAG_IN_TEXT = re.compile(r"[#＃](?<![\w#/][#＃])(\w+)")
#: Telegram finds no hashtag in code, a pre block or a link's text: TDLib drops each entity it
#: finds that overlaps one of those (MessageEntity.cpp merge_entities): a hashtag in their text,
#: or one that runs into them, is none (``_hashtags``).
_TG_NO_HASHTAGS = re.compile(r"<(pre|code|a)\b[^>]*>(.*?)</\1>", re.S)
_TG_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[\w#＃]")  # what a hashtag is made of, and what starts one
#: where the letter that stands in for such an element's word characters is taken from: the first
#: CJK ideograph (the rarest first) that the markup does not hold
_TG_MARKS = range(0x9FFF, 0x4DFF, -1)
#: Networks that show a post's ``content_warning`` (Mastodon's spoiler_text) and count it in its
#: length, uncut: StatusLengthValidator counts spoiler_text + the text in one limit.
CONTENT_WARNING_NETWORKS = ("mastodon",)
#: How a thread's parts are joined into its one ``text`` (digests, history): as it is written.
THREAD_JOIN = "\n\n---\n\n"
# an @-mention: a username (letters, digits, '.', '_', at most 30) after '@', not inside a word or
# an e-mail address (Instagram's form)
MENTION_IN_TEXT = re.compile(r"@(?<![\w@.]@)([A-Za-z0-9._]{1,30})(?![\w@])")


@dataclass
class Rendered:
    network: str
    text: str  # the payload: Telegram HTML, plain text elsewhere
    visible: str  # what a reader sees; what limits count
    counter: str  # how the network counts length (networks/counters.py)
    limit: Limit | None
    limit_key: str  # "text.limit" or "text.caption_limit"
    unit: str
    images: list[Image]
    hashtags: list[str]  # every hashtag in the visible text, without '#'
    link: str | None  # the post's link with UTM parameters
    marking: str | None  # the ad-marking line smm added, if any
    # how the counter counts on this account's server: Mastodon's url_length from its instance
    counter_options: dict[str, int] = field(default_factory=dict)
    # the post's content_warning: Mastodon shows it in place of the text until a reader opens it
    content_warning: str | None = None
    title: str | None = None  # the post's title: the headline of a link card (Bluesky)
    # a thread's parts, in order (empty for a single post); this Rendered is then the whole thread
    # (``text`` its parts joined: what digests and history keep), each part a Rendered of its own
    parts: list[Rendered] = field(default_factory=list)
    offset: int = 0  # where a thread's part starts in its source text (findings point there)
    # the post's first comment as this network gets it (comment_source); None: no comment here
    first_comment: Rendered | None = None

    @property
    def messages(self) -> list[Rendered]:
        """What goes out, in order: the parts of a thread, else this one post."""
        return self.parts or [self]

    @cached_property
    def length(self) -> int:
        text = COUNTERS[self.counter](self.visible, **self.counter_options)
        return text + (graphemes(self.content_warning) if self.content_warning else 0)

    def over_limit(self) -> bool:
        """Whether the text is longer than its limit; counts exactly only when it has to. A thread is
        over when one of its parts is."""
        if self.parts:
            return any(part.over_limit() for part in self.parts)
        if self.limit is None:
            return False
        limit: int = self.limit.value
        bound = UPPER_BOUNDS.get(self.counter)
        warning = len(self.content_warning or "")  # code points: never fewer than graphemes
        if bound is not None and bound(self.visible, **self.counter_options) + warning <= limit:
            return False
        return self.length > limit


def add_utm(url: str, network: str, campaign: Campaign | None) -> str:
    """The campaign's UTM parameters added to an http(s) link that has none of its own."""
    if not campaign or not campaign.utm or not url.startswith(("http://", "https://")):
        return url
    base, hash_mark, fragment = url.partition("#")
    if "utm_" in base.partition("?")[2]:
        return url  # the writer tagged this link already
    separator = "" if base.endswith(("?", "&")) else "&" if "?" in base else "?"
    return (
        f"{base}{separator}{_utm_query(network, tuple(campaign.utm.items()))}{hash_mark}{fragment}"
    )


@lru_cache(maxsize=512)
def _utm_query(network: str, utm: tuple[tuple[str, str], ...]) -> str:
    params = {"source": network, **dict(utm)}
    return urlencode(
        [(f"utm_{key}", str(value).replace("{network}", network)) for key, value in params.items()]
    )


def advertiser(post: Post, brand: Brand | None) -> dict[str, Any]:
    """Who an ad is for: the post's advertiser, completed from the brand's only if it is the same one."""
    own = post.advertiser or {}
    base = (brand.advertiser if brand else None) or {}
    if own.get("name") and base.get("name") and own["name"] != base["name"]:
        base = {}  # another advertiser (exchange, influencer): the brand's INN or erid are not theirs
    return {**base, **own}


def ad_marking(post: Post, brand: Brand | None) -> str | None:
    """The «Реклама» line of Russian law 38-FZ for ad posts of a brand under it, else None."""
    if (
        brand is None
        or post.kind not in AD_KINDS
        or brand.jurisdiction not in general()["ad"]["ru_jurisdictions"]
    ):
        return None
    who = advertiser(post, brand)
    if not who.get("name") or not who.get("erid"):
        return None  # the ad/ru-marking rule reports what is missing
    inn = f", ИНН {who['inn']}" if who.get("inn") else ""
    return f"{general()['ad']['ru_word']}. {who['name']}{inn}. erid: {who['erid']}"


def hashtags_in(text: str) -> list[str]:
    return HASHTAG_IN_TEXT.findall(text)


def mentions_in(text: str) -> list[str]:
    """The people ``text`` @-mentions, each once (case-insensitive), in order of first mention."""
    seen: dict[str, str] = {}
    for name in MENTION_IN_TEXT.findall(text):
        name = name.rstrip(".")  # a username never ends with '.': that one ends the sentence
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def render(post: Post, network: str, brand: Brand | None, campaign: Campaign | None) -> Rendered:
    """Render ``post`` for ``network``; pure, so lint, preview, review and publish agree.

    A thread (content/thread.py) renders each part: the ad marking opens the first part and the
    images go with it; the link, the signature and the hashtags close the last one (where a reader
    ends the thread); the content warning is on every part. The result's ``parts`` hold them.
    """
    rules = network_rules(network).for_account(brand.accounts.get(network) if brand else None)
    override = post.overrides.get(network, {})
    source = override["text"] if isinstance(override.get("text"), str) else post.body
    pieces = split_thread(source)
    utm = partial(add_utm, network=network, campaign=campaign)
    bodies = (
        [render_body(source, utm)]
        if len(pieces) == 1
        else [render_body(piece.text, utm) for piece in pieces]
    )
    telegram = rules.text_format == "telegram-html"
    texts: list[tuple[list[str], list[str]]] = [([], []) for _ in bodies]  # (tg, plain) per part

    def add(index: int, tg: str, plain: str) -> None:
        if plain.strip():
            texts[index][0].append(tg)
            texts[index][1].append(plain)

    everything = "\n".join(body.visible for body in bodies)
    marking = ad_marking(post, brand)
    if marking:
        who, text = advertiser(post, brand), everything.casefold()
        if all(
            str(part).casefold() in text
            for part in (general()["ad"]["ru_word"], who["name"], who["erid"])
        ):
            marking = None  # the writer placed the whole marking in the text already (not just ?erid= in a link)
    if marking:
        add(0, html.escape(marking, quote=False), marking)
    for index, body in enumerate(bodies):
        add(index, body.telegram_html, body.visible)
    last = len(bodies) - 1
    raw_link: str | None = override["link"] if isinstance(override.get("link"), str) else post.link
    link = add_utm(raw_link, network, campaign) if raw_link else None
    if raw_link and link and rules.link_in_text and raw_link not in everything:
        add(last, html.escape(link, quote=False), link)
    if brand and brand.signature:
        add(last, html.escape(brand.signature, quote=False), brand.signature)
    tags = override["hashtags"] if isinstance(override.get("hashtags"), list) else post.hashtags
    found = hashtags_in("\n".join(p for _, plain in texts for p in plain))
    present = {tag.casefold() for tag in found}
    extra = []
    for tag in [*tags, *(campaign.hashtags if campaign else [])]:
        tag = str(tag).lstrip("#")
        if tag and tag.casefold() not in present:
            present.add(tag.casefold())
            extra.append("#" + tag)
    if extra:
        add(last, html.escape(" ".join(extra), quote=False), " ".join(extra))
        found += hashtags_in(" ".join(extra))
    # a single post's plain text is its parts joined: its hashtags are the ones just found (no
    # hashtag spans a line break); Telegram's visible text is read back from its HTML, so anew
    known = None if telegram or last else found
    images = post.images_for(network)
    made = [
        _rendered(
            network,
            rules,
            "\n\n".join(tg if telegram else plain),
            telegram,
            images=images if index == 0 else [],
            link=link if index == last else None,
            marking=marking if index == 0 else None,
            content_warning=_content_warning(post, network),
            title=post.title if index == last else None,
            offset=pieces[index].offset if last else 0,
            hashtags=known,
        )
        for index, (tg, plain) in enumerate(texts)
    ]
    comment = _first_comment(post, network, rules, utm)
    if not last:
        made[0].first_comment = comment
        return made[0]
    whole = _rendered(
        network,
        rules,
        THREAD_JOIN.join(part.text for part in made),
        telegram,
        images=images,
        link=link,
        marking=marking,
        content_warning=_content_warning(post, network),
        title=post.title,
    )
    whole.parts, whole.first_comment = made, comment
    return whole


def comment_source(post: Post, network: str) -> tuple[str | None, tuple[str, ...]]:
    """The first comment ``post`` asks for on ``network`` (None: none) and the front-matter key it
    comes from: ``overrides.<network>.first_comment`` when that key is there (empty: none), else
    the post's ``first_comment``."""
    override = post.overrides.get(network, {})
    if "first_comment" in override:
        key: tuple[str, ...] = ("overrides", network, "first_comment")
        value = override["first_comment"]
    else:
        data = getattr(post.meta, "data", None)  # a Post made in code may carry no front matter
        key, value = (
            ("first_comment",),
            data.get("first_comment") if isinstance(data, dict) else None,
        )
    return (value if isinstance(value, str) and value.strip() else None), key


def _first_comment(
    post: Post, network: str, rules: NetworkRules, utm: Callable[[str], str]
) -> Rendered | None:
    """The first comment as ``network`` gets it: plain text with UTM on its links, nothing added
    (no hashtags, no signature); a self-reply counts as a post, a comment against
    ``comments.limit``. None where there is none, or the network takes none (lint says so)."""
    source, _ = comment_source(post, network)
    if source is None or rules.comments is None:
        return None
    body = render_body(source, utm)
    comment = _rendered(
        network,
        rules,
        body.visible,
        False,
        images=[],
        link=None,
        marking=None,
        content_warning=_content_warning(post, network) if rules.comments == "reply" else None,
        title=None,
    )
    if rules.comments == "comment":
        comment.limit, comment.limit_key = rules.limit("comments.limit"), "comments.limit"
    return comment


def _rendered(
    network: str,
    rules: NetworkRules,
    payload: str,
    telegram: bool,
    *,
    images: list[Image],
    link: str | None,
    marking: str | None,
    content_warning: str | None,
    title: str | None,
    offset: int = 0,
    hashtags: list[str] | None = None,
) -> Rendered:
    """One message as the network receives it, with what its limits count (``hashtags``: those
    of its visible text, when the caller knows them)."""
    # Telegram shows a link's text, not its URL: what it counts is the text it keeps of the HTML
    visible = telegram_text(payload) if telegram else payload
    limit_key = (
        "text.caption_limit" if images and rules.limit("text.caption_limit") else "text.limit"
    )
    url_length = rules.limit("text.url_length")
    return Rendered(
        network=network,
        text=payload,
        visible=visible,
        counter=rules.counter,
        limit=rules.limit(limit_key),
        limit_key=limit_key,
        unit=UNITS[rules.counter],
        images=images,
        hashtags=_hashtags(payload, visible, telegram) if hashtags is None else hashtags,
        link=link,
        marking=marking,
        counter_options={"url_length": url_length.value} if url_length else {},
        content_warning=content_warning,
        title=title,
        offset=offset,
    )


def _hashtags(payload: str, visible: str, telegram: bool) -> list[str]:
    """The hashtags a reader sees as such: all of a plain text's, Telegram's outside code, pre
    blocks and links."""
    if not telegram or "<" not in payload:
        return hashtags_in(visible)
    # TDLib finds hashtags in the whole text, then drops those that overlap such an element:
    # its word characters become a letter the markup does not hold, so that a hashtag running
    # into one (``#tag<code>x</code>``) runs on and is dropped, as it is on Telegram
    mark = next((chr(c) for c in _TG_MARKS if chr(c) not in payload), " ")

    def masked(element: re.Match[str]) -> str:
        inside = html.unescape(_TG_TAG.sub("", element.group(2)))
        return html.escape(_WORD.sub(mark, inside), quote=False)

    tags = hashtags_in(telegram_text(_TG_NO_HASHTAGS.sub(masked, payload)))
    return [tag for tag in tags if mark not in tag]


def _content_warning(post: Post, network: str) -> str | None:
    """The post's ``content_warning`` for a network that shows one, else None."""
    if network not in CONTENT_WARNING_NETWORKS:
        return None
    data = getattr(post.meta, "data", None)  # a Post made in code may carry no front matter
    value = data.get("content_warning") if isinstance(data, dict) else None
    return (value.strip() or None) if isinstance(value, str) else None
