"""Mastodon: smm lints posts for it (rules/mastodon.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, with the instance's own limits that lint checks against.
"""

from __future__ import annotations

from smm.content.types import Field, Num, Obj
from smm.networks.accounts import HANDLE, INSTANCE, TOKEN_ENV

# a Mastodon instance's own limits, as GET /api/v2/instance names them under configuration
# (statuses.max_characters, ...): lint checks against them instead of the defaults (rules/mastodon.yaml)
_INSTANCE_NUMBER = Num(integer=True, minimum=0, maximum=10**9)

#: accounts.mastodon in a brand file: the handle, its instance, the token's variable and the
#: instance's limits.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "instance": INSTANCE,
        "token_env": TOKEN_ENV,
        "max_characters": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses.max_characters (default 500)",
        ),
        "characters_reserved_per_url": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses."
            "characters_reserved_per_url: what each URL counts (default 23)",
        ),
        "max_media_attachments": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses.max_media_attachments (default 4)",
        ),
        "description_limit": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.media_attachments."
            "description_limit: characters of alt text (default 1500)",
        ),
    }
)
