"""The post, campaign and brand schemas, written once in the schema language of content/types.py.

`smm lint` checks files with them and `smm schema` writes the same schemas as JSON Schema for
editors (tools/smm/schemas/*.schema.json).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from smm.content.deals import BARTER, DATE_PATTERN, date_problem
from smm.content.model import (
    AMOUNT_DECIMALS,
    AMOUNT_DIGITS,
    DURATION_PATTERN,
    MAX_AMOUNT,
    MAX_DURATION,
    MAX_GOAL,
    MONEY_PATTERN,
    PUBLISH_STATES,
    duration_problem,
)
from smm.content.types import (
    Bool,
    Field,
    FreeMap,
    Key,
    ListOf,
    MapOf,
    Num,
    Obj,
    OneOf,
    Problem,
    Str,
    Type,
)
from smm.networks.audience import ENTRY_KINDS
from smm.networks.registry import NETWORK_IDS as NETWORK_IDS  # where every module takes them from
from smm.networks.registry import account_schema

POST_KINDS = ("organic", "ad", "exchange", "influencer", "contest", "announcement")
#: Kinds that are advertising in law (38-FZ art. 18.1; FTC/ASA disclosure).
AD_KINDS = ("ad", "exchange", "influencer")
BUDGET_KINDS = ("boost", "placement", "influencer", "prize")
#: Weekdays as a brand's cadence names them.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_network = Str(enum=NETWORK_IDS, enum_rule="schema/network", description="network id")
_amount_rule = f"at most {AMOUNT_DIGITS} digits and {AMOUNT_DECIMALS} decimals"
_money_text = Str(
    pattern=MONEY_PATTERN,
    description=f"an amount ({_amount_rule}) and an ISO 4217 currency, e.g. '1500 RUB'",
)
_money_number = Num(
    minimum=0,
    maximum=float(MAX_AMOUNT),
    decimals=AMOUNT_DECIMALS,
    description=f"an amount, {_amount_rule}",
)
_money_obj = Obj(
    {
        "amount": Field(_money_number, required=True),
        "currency": Field(Str(pattern="^[A-Z]{3}$"), required=True, description="ISO 4217 code"),
        "kind": Field(Str(enum=BUDGET_KINDS)),
    }
)
_money = OneOf(
    [_money_text, _money_number, _money_obj], description="money: '1500 RUB' or {amount, currency}"
)
_hashtags = ListOf(Str(), description="hashtags without '#'")
_count = Num(integer=True, minimum=0, maximum=MAX_GOAL)
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
                    _money_number,
                    _money_obj,
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
        "reach": Field(_count, description="the reach the partner reports for their post"),
    }
)
_duration = Str(
    pattern=DURATION_PATTERN,
    bound=duration_problem,
    description=f"a duration like 30m, 2h or 1d, at most {MAX_DURATION.days} days",
)
_local_time = Str(pattern=r"^\d{1,2}:\d{2}$", description="local time HH:MM")
_image = OneOf(
    [
        Str(description="path of the image from the repository root"),
        Obj(
            {
                "src": Field(
                    Str(),
                    required=True,
                    description="path from the repository root, e.g. assets/acme/a.jpg",
                ),
                "alt": Field(
                    Str(),
                    description="alt text: what the image shows, for people who cannot see it",
                ),
            }
        ),
    ]
)
_advertiser = Obj(
    {
        "name": Field(
            Str(), required=True, description="advertiser's name as the law asks it to be shown"
        ),
        "inn": Field(
            OneOf([Str(pattern=r"^\d{10}(\d{2})?$"), Num(integer=True)]),
            description="Russian taxpayer number",
        ),
        "erid": Field(Str(), description="ad token from the ORD (Russian law 38-FZ)"),
        "url": Field(Str()),
    }
)
_override = Obj(
    {
        "text": Field(Str(), description="body used for this network instead of the post's"),
        "hashtags": Field(_hashtags),
        "images": Field(ListOf(_image)),
        "link": Field(Str()),
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
            ListOf(_network),
            description="the networks whose entrants are drawn (default: all of the post's)",
        ),
    }
)

POST = Obj(
    {
        "network": Field(
            OneOf([_network, ListOf(_network)]),
            required=True,
            description="network id or list of ids",
        ),
        "time": Field(
            Str(),
            required=True,
            description="ISO 8601; without an offset it is the brand's local time",
        ),
        "title": Field(Str(), description="a title for people (plans, reports); not published"),
        "hashtags": Field(_hashtags),
        "budget": Field(
            OneOf([_money_text, _money_number, _money_obj]),
            description="money: '1500 RUB' or {amount, currency, kind}",
        ),
        "campaign": Field(Str(), description="slug of campaigns/<brand>/<slug>.yaml"),
        "kind": Field(
            Str(enum=POST_KINDS),
            description="organic | ad | exchange | influencer | contest | announcement",
        ),
        "images": Field(ListOf(_image)),
        "link": Field(
            Str(), description="link of the post; the campaign's UTM parameters are added"
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
        "advertiser": Field(_advertiser),
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

CAMPAIGN = Obj(
    {
        "name": Field(Str(), required=True),
        "brand": Field(Str(), description="defaults to the folder name campaigns/<brand>/"),
        "start": Field(
            Str(), required=True, description="first day (or instant), brand's local time"
        ),
        "end": Field(
            Str(), required=True, description="last day (inclusive) or instant, brand's local time"
        ),
        "budget": Field(_money),
        "networks": Field(ListOf(_network)),
        "hashtags": Field(_hashtags, description="added to every post of the campaign"),
        "utm": Field(
            Obj(
                {
                    "source": Field(
                        Str(), description="defaults to the network id; {network} is replaced"
                    ),
                    "medium": Field(Str()),
                    "campaign": Field(Str()),
                    "term": Field(Str()),
                    "content": Field(Str()),
                }
            )
        ),
        "goals": Field(
            Obj(
                {
                    "reach": Field(Num(minimum=0, maximum=MAX_GOAL)),
                    "engagement_rate": Field(Num(minimum=0, maximum=MAX_GOAL)),
                    "clicks": Field(Num(minimum=0, maximum=MAX_GOAL)),
                    "leads": Field(Num(minimum=0, maximum=MAX_GOAL)),
                }
            )
        ),
        "results": Field(
            Obj({"leads": Field(_count), "revenue": Field(_money)}),
            description="what the campaign brought, recorded by a person: leads and revenue",
        ),
        "notes": Field(Str()),
    }
)


class _Account(Type):
    """``accounts.<network>``: the schema the network's own module declares (networks/<id>.py),
    imported when a brand names the network or the JSON Schema is written, not before."""

    def __init__(self, network: str) -> None:
        self.network = network

    @cached_property
    def schema(self) -> Obj:
        return account_schema(self.network)

    @property
    def fields(self) -> dict[str, Field]:
        """The account's keys (rules files name some of them as ``account_key``)."""
        return self.schema.fields

    def accepts(self, value: Any) -> bool:
        return self.schema.accepts(value)

    def check(self, value: Any, key: Key) -> Iterator[Problem]:
        return self.schema.check(value, key)

    def json(self) -> dict[str, Any]:
        return self.schema.json()


_accounts = MapOf(
    NETWORK_IDS, FreeMap(), special={network: _Account(network) for network in NETWORK_IDS}
)
_word_list = ListOf(
    OneOf([Str(), Obj({"word": Field(Str(), required=True), "message": Field(Str())})])
)

BRAND = Obj(
    {
        "name": Field(Str(), required=True),
        "timezone": Field(Str(), required=True, description="IANA zone, e.g. Europe/Moscow"),
        "currency": Field(Str(pattern="^[A-Z]{3}$")),
        "jurisdiction": Field(
            Str(pattern="^[A-Z]{2}$"), description="ISO country whose ad law applies (RU: 38-FZ)"
        ),
        "late_after": Field(
            _duration, description="a post later than this is missed, not published late"
        ),
        "publish_late": Field(
            Bool(),
            description="publish a post later than late_after instead of reporting it missed",
        ),
        "accounts": Field(_accounts),
        "reviewers": Field(
            ListOf(Str()), description="GitHub handles; CODEOWNERS is generated from them"
        ),
        "quiet_hours": Field(
            Obj(
                {
                    "start": Field(_local_time, required=True),
                    "end": Field(_local_time, required=True),
                }
            )
        ),
        "frequency": Field(
            MapOf(
                NETWORK_IDS,
                Obj(
                    {
                        "per_day": Field(Num(integer=True, minimum=1)),
                        "min_gap": Field(_duration),
                    }
                ),
            )
        ),
        "cadence": Field(
            MapOf(
                NETWORK_IDS,
                Obj(
                    {
                        "per_day": Field(
                            Num(integer=True, minimum=1),
                            required=True,
                            description="posts a day the plan aims for",
                        ),
                        "days": Field(
                            ListOf(Str(enum=WEEKDAYS)),
                            description="the weekdays it aims for them (default: every day)",
                        ),
                    }
                ),
            ),
            description="what the content plan aims for per network; smm plan shows the days that fall short "
            "(frequency holds the limits, cadence the target)",
        ),
        "hashtags": Field(Obj({"required": Field(_hashtags), "banned": Field(_hashtags)})),
        "voice": Field(
            Obj(
                {
                    "banned": Field(
                        _word_list, description="words that must not appear (Vale: existence)"
                    ),
                    "prefer": Field(
                        FreeMap(), description="wrong -> preferred (Vale: substitution)"
                    ),
                }
            )
        ),
        "signature": Field(Str(), description="appended to every post"),
        "ad_marking": Field(Obj({"advertiser": Field(_advertiser)})),
    }
)

SCHEMAS = {"post": POST, "campaign": CAMPAIGN, "brand": BRAND}
_TITLES = {"post": "smm post front matter", "campaign": "smm campaign", "brand": "smm brand"}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the post, campaign or brand file."""
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": _TITLES[name]}
    out.update(SCHEMAS[name].json())
    return out


def write_json_schemas(folder: Path) -> list[Path]:
    """Write <name>.schema.json for each schema into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(
            json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths
