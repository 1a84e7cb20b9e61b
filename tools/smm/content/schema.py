"""The campaign and brand schemas, and the three schemas of smm's files together (the post's is
content/post_schema.py; the values they share, content/schema_values.py), written once in the
schema language of content/types.py.

`smm lint` checks files with them and `smm schema` writes the same schemas as JSON Schema for
editors (tools/smm/schemas/*.schema.json).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from smm.content.model import LANGUAGE_TAG, MAX_GOAL
from smm.content.post_schema import POST
from smm.content.schema_values import (
    ADVERTISER,
    COUNT,
    DURATION,
    HASHTAGS,
    LOCAL_TIME,
    MONEY,
    NETWORK,
    WEEKDAYS,
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
from smm.networks.registry import NETWORK_IDS as NETWORK_IDS  # where every module takes them from
from smm.networks.registry import account_schema

__all__ = [
    "BRAND",
    "CAMPAIGN",
    "NETWORK_IDS",
    "POST",
    "SCHEMAS",
    "json_schema",
    "write_json_schemas",
]

CAMPAIGN = Obj(
    {
        "name": Field(Str(pattern=r"\S", description="a name, not blank"), required=True),
        "brand": Field(Str(), description="defaults to the folder name campaigns/<brand>/"),
        "start": Field(
            Str(), required=True, description="first day (or instant), brand's local time"
        ),
        "end": Field(
            Str(), required=True, description="last day (inclusive) or instant, brand's local time"
        ),
        "budget": Field(MONEY),
        "networks": Field(ListOf(NETWORK)),
        "hashtags": Field(HASHTAGS, description="added to every post of the campaign"),
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
            Obj({"leads": Field(COUNT), "revenue": Field(MONEY)}),
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
        "name": Field(Str(pattern=r"\S", description="a name, not blank"), required=True),
        "timezone": Field(Str(), required=True, description="IANA zone, e.g. Europe/Moscow"),
        "currency": Field(Str(pattern="^[A-Z]{3}$")),
        "jurisdiction": Field(
            Str(pattern="^[A-Z]{2}$"), description="ISO country whose ad law applies (RU: 38-FZ)"
        ),
        "late_after": Field(
            DURATION, description="a post later than this is missed, not published late"
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
                    "start": Field(LOCAL_TIME, required=True),
                    "end": Field(LOCAL_TIME, required=True),
                }
            )
        ),
        "frequency": Field(
            MapOf(
                NETWORK_IDS,
                Obj(
                    {
                        "per_day": Field(Num(integer=True, minimum=1)),
                        "min_gap": Field(DURATION),
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
        "hashtags": Field(Obj({"required": Field(HASHTAGS), "banned": Field(HASHTAGS)})),
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
        "language": Field(
            Str(
                pattern=f"^{LANGUAGE_TAG}$",
                description="a language tag such as ru, de or pt-BR (BCP 47)",
            ),
            description="the language the brand writes in, a BCP 47 tag (ru, de, pt-BR): the "
            "site's lang for its texts; Mastodon's language and Bluesky's langs where the "
            "account names none",
        ),
        "ad_marking": Field(Obj({"advertiser": Field(ADVERTISER)})),
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
