"""The schema of a post's front matter (content/schema.py holds the campaign and brand schemas
and writes all three as JSON Schema): what a person writes, and the published: and metrics:
blocks smm writes."""

from __future__ import annotations

from smm.content.deals import BARTER, DATE_PATTERN, date_problem
from smm.content.model import MONEY_PATTERN, PUBLISH_STATES
from smm.content.schema_values import (
    ADVERTISER,
    COUNT,
    HASHTAGS,
    IMAGE,
    MONEY_NUMBER,
    MONEY_OBJ,
    MONEY_TEXT,
    NETWORK,
    POST_KINDS,
)
from smm.content.types import Field, FreeMap, ListOf, MapOf, Num, Obj, OneOf, Str
from smm.content.yamlpos import short
from smm.networks.audience import ENTRY_KINDS
from smm.networks.registry import NETWORK_IDS
from smm.textsafe import web_address

_deal = Obj(
    {
        "partner": Field(Str(pattern=r"\S"), required=True, description="a name or @handle"),
        "agreed": Field(Str(), description="what was agreed, in words"),
        "cost": Field(
            OneOf(
                [
                    Str(
                        pattern=rf"^\s*{BARTER}\s*$|{MONEY_PATTERN}",
                        description=f"'{BARTER}' or an amount and an ISO 4217 currency, e.g. '15000 RUB'",
                    ),
                    MONEY_NUMBER,
                    MONEY_OBJ,
                ]
            ),
            description=f"money: '15000 RUB' or {{amount, currency}}; or '{BARTER}'",
        ),
        "counter_post": Field(
            Str(pattern=r"^https?://\S+$", description="a URL"),
            description="URL of the partner's post about us, once it is out",
        ),
        "due": Field(
            Str(pattern=DATE_PATTERN, bound=date_problem, description="a date like 2026-12-20"),
            description="the brand's local date the counter-post is due",
        ),
        "reach": Field(COUNT, description="the reach the partner reports for their post"),
    }
)


def _web_link(value: str) -> str | None:
    """Why ``value`` is no link a network can show (None when it is one): the networks put it in
    the text or a link card as it is, so a javascript: or ftp: URL would reach readers."""
    if web_address(value):
        return None
    return f"'{short(value)}' is not an http(s) web address with a host"


#: A post's ``link`` (and an override's): an http(s) web address, like the links in its body.
#: A bound, not a pattern with a description: that would replace the field's own in the JSON
#: Schema (the type's description wins there).
LINK = Str(bound=_web_link)


_override = Obj(
    {
        "text": Field(Str(), description="body used for this network instead of the post's"),
        "hashtags": Field(HASHTAGS),
        "images": Field(ListOf(IMAGE)),
        "link": Field(LINK),
        "first_comment": Field(
            Str(),
            description="the first comment on this network instead of the post's; empty "
            "(`first_comment:` or null) sends none here",
        ),
    }
)
#: One part of a thread in its ``published.<network>.parts`` list (docs/publishing.md#threads).
_part_entry = Obj(
    {
        "id": Field(OneOf([Str(), Num(integer=True)])),
        "url": Field(Str()),
        "at": Field(Str()),
        "state": Field(Str(enum=PUBLISH_STATES)),
        "error": Field(Str()),
        "run": Field(Str(), description="the publish run that claimed this part"),
        "cid": Field(Str(), description="Bluesky: the record's CID, which a reply to it names"),
    }
)
#: An edit's or a retraction's claim, result or refusal in a published entry (publish/changes.py).
_change_claim = Obj(
    {
        "at": Field(Str()),
        "run": Field(Str(), description="the publish run that wrote it"),
        "sent": Field(Str(pattern="^[0-9a-f]{16}$"), description="digest of the new text"),
        "reason": Field(Str()),
        "error": Field(Str()),
    }
)
#: One edit in ``published.<network>.edits``: when, what text (digest), why, from which commit.
_edit_record = Obj(
    {
        "at": Field(Str()),
        "sent": Field(Str(pattern="^[0-9a-f]{16}$")),
        "reason": Field(Str()),
        "commit": Field(Str(), description="the commit of main the edited text came from"),
    }
)
_managed_entry = Obj(
    {
        "id": Field(OneOf([Str(), Num(integer=True)])),
        "url": Field(Str()),
        "at": Field(Str()),
        "state": Field(Str(enum=PUBLISH_STATES)),
        "error": Field(Str()),
        "run": Field(Str(), description="the publish run that wrote this entry"),
        "marker": Field(
            Str(), description="token that lets smm find the post on the network again"
        ),
        "attempts": Field(Num(integer=True, minimum=0)),
        "sent": Field(
            Str(pattern="^[0-9a-f]{16}$"),
            description="blake2b (8 bytes, hex) of exactly the text smm sent",
        ),
        "source": Field(
            Str(pattern="^[0-9a-f]{16}$"),
            description="blake2b (8 bytes, hex) of the post as written when it was sent",
        ),
        "parts": Field(
            ListOf(_part_entry),
            description="a thread's parts in order: each part's own claim and result",
        ),
        "comment": Field(
            _part_entry,
            description="the first comment's own claim and result (docs/publishing.md#first-comments)",
        ),
        "message_ids": Field(
            ListOf(Num(integer=True, minimum=1)),
            description="Telegram: every message of an album (each photo is one), so a "
            "retraction deletes them all",
        ),
        "editing": Field(
            _change_claim,
            description="an edit claimed before it was sent (docs/publishing.md#edits-and-retractions)",
        ),
        "edits": Field(
            ListOf(_edit_record), description="each edit smm sent to the live post, in order"
        ),
        "edit_failed": Field(
            _change_claim,
            description="the last edit the network refused: it is not sent again until the "
            "text or the reason changes",
        ),
        "retracting": Field(
            _change_claim, description="a retraction claimed before the post was deleted"
        ),
        "retracted": Field(
            _change_claim,
            description="when and why smm deleted the live post; the entry keeps its id and url",
        ),
        "retract_failed": Field(
            _change_claim,
            description="the last retraction the network refused: tried again once the reason changes",
        ),
    }
)

#: a contest's rules of entry (docs/contests.md); lint checks ``ends`` and ``entry`` further
_contest = Obj(
    {
        "ends": Field(
            Str(),
            required=True,
            description="when entries close: ISO 8601, the brand's local time without an offset",
        ),
        "winners": Field(
            Num(integer=True, minimum=1, maximum=1000), required=True, description="how many win"
        ),
        "entry": Field(
            Str(enum=ENTRY_KINDS),
            required=True,
            description="how to enter: comment | repost | like",
        ),
        "rules": Field(Str(pattern=r"\S"), required=True, description="the rules: text or a URL"),
        "networks": Field(
            ListOf(NETWORK),
            description="the networks whose entrants are drawn (default: all of the post's)",
        ),
    }
)

POST = Obj(
    {
        "network": Field(
            OneOf([NETWORK, ListOf(NETWORK)]),
            required=True,
            description="network id or list of ids",
        ),
        "time": Field(
            Str(),
            required=True,
            description="ISO 8601; without an offset it is the brand's local time",
        ),
        "title": Field(Str(), description="a title for people (plans, reports); not published"),
        "hashtags": Field(HASHTAGS),
        "budget": Field(
            OneOf([MONEY_TEXT, MONEY_NUMBER, MONEY_OBJ]),
            description="money: '1500 RUB' or {amount, currency, kind}",
        ),
        "campaign": Field(Str(), description="slug of campaigns/<brand>/<slug>.yaml"),
        "kind": Field(
            Str(enum=POST_KINDS),
            description="organic | ad | exchange | influencer | contest | announcement",
        ),
        "images": Field(ListOf(IMAGE)),
        "link": Field(
            LINK, description="link of the post; the campaign's UTM parameters are added"
        ),
        "place": Field(Str(), description="geolocation where the network supports it"),
        "content_warning": Field(
            Str(),
            description="a content warning: Mastodon shows it instead of the text until a "
            "reader opens the post (spoiler_text); other networks do not have one",
        ),
        "first_comment": Field(
            Str(),
            description="posted right after the post as its first comment (a self-reply on "
            "Mastodon, Bluesky, X and Threads); per network through overrides",
        ),
        "advertiser": Field(ADVERTISER),
        "deal": Field(
            _deal, description="exchange and influencer posts: the deal with the partner"
        ),
        "contest": Field(
            _contest, description="contest posts: when entry closes, how to enter, how many win"
        ),
        "overrides": Field(MapOf(NETWORK_IDS, _override), description="per-network differences"),
        "edit": Field(
            MapOf(NETWORK_IDS, Str()),
            description="network -> reason: smm publish sends the changed text to the live post "
            "(once per change of the text; docs/publishing.md#edits-and-retractions)",
        ),
        "retract": Field(
            MapOf(NETWORK_IDS, Str()),
            description="network -> reason: smm publish deletes the live post once (the "
            "published entry keeps its id); an unpublished network is not published",
        ),
        "lint": Field(
            Obj(
                {
                    "ignore": Field(
                        ListOf(Str()),
                        required=True,
                        description="rule ids or prefixes (`smm rules`) this post sets aside",
                    ),
                    "reason": Field(
                        Str(pattern=r"\S", description="a reason, not blank"),
                        required=True,
                        description="why: lint shows it beside each finding it sets aside",
                    ),
                }
            ),
            description="rules this post sets aside, with a reason; lint still shows each "
            "finding, as a note (docs/rules.md)",
        ),
        "published": Field(
            MapOf(NETWORK_IDS, _managed_entry), description="written by smm, never by hand"
        ),
        "metrics": Field(
            MapOf(NETWORK_IDS, FreeMap()), description="written by smm, never by hand"
        ),
    }
)
