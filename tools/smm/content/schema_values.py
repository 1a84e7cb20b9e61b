"""The kinds and values the post, campaign and brand schemas share (content/schema.py,
content/post_schema.py): networks, money, hashtags, counts, durations, local times, images."""

from __future__ import annotations

from smm.content.model import (
    AMOUNT_DECIMALS,
    AMOUNT_DIGITS,
    DURATION_PATTERN,
    MAX_AMOUNT,
    MAX_DURATION,
    MAX_GOAL,
    MONEY_PATTERN,
    duration_problem,
)
from smm.content.types import Field, ListOf, Num, Obj, OneOf, Str
from smm.networks.registry import NETWORK_IDS as NETWORK_IDS  # where every module takes them from

POST_KINDS = ("organic", "ad", "exchange", "influencer", "contest", "announcement")
#: Kinds that are advertising in law (38-FZ art. 18.1; FTC/ASA disclosure).
AD_KINDS = ("ad", "exchange", "influencer")
BUDGET_KINDS = ("boost", "placement", "influencer", "prize")
#: Weekdays as a brand's cadence names them.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

NETWORK = Str(enum=NETWORK_IDS, enum_rule="schema/network", description="network id")
_amount_rule = f"at most {AMOUNT_DIGITS} digits and {AMOUNT_DECIMALS} decimals"
MONEY_TEXT = Str(
    pattern=MONEY_PATTERN,
    description=f"an amount ({_amount_rule}) and an ISO 4217 currency, e.g. '1500 RUB'",
)
MONEY_NUMBER = Num(
    minimum=0,
    maximum=float(MAX_AMOUNT),
    decimals=AMOUNT_DECIMALS,
    description=f"an amount, {_amount_rule}",
)
MONEY_OBJ = Obj(
    {
        "amount": Field(MONEY_NUMBER, required=True),
        "currency": Field(Str(pattern="^[A-Z]{3}$"), required=True, description="ISO 4217 code"),
        "kind": Field(Str(enum=BUDGET_KINDS)),
    }
)
MONEY = OneOf(
    [MONEY_TEXT, MONEY_NUMBER, MONEY_OBJ], description="money: '1500 RUB' or {amount, currency}"
)
HASHTAGS = ListOf(Str(), description="hashtags without '#'")
COUNT = Num(integer=True, minimum=0, maximum=MAX_GOAL)
DURATION = Str(
    pattern=DURATION_PATTERN,
    bound=duration_problem,
    description=f"a duration like 30m, 2h or 1d, at most {MAX_DURATION.days} days",
)
LOCAL_TIME = Str(pattern=r"^\d{1,2}:\d{2}$", description="local time HH:MM")
IMAGE = OneOf(
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
ADVERTISER = Obj(
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
