"""Bluesky: smm lints posts for it (rules/bluesky.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, so a brand can already name it.
"""

from __future__ import annotations

from smm.content.types import Obj
from smm.networks.accounts import HANDLE, INSTANCE, TOKEN_ENV

#: accounts.bluesky in a brand file: the handle, its PDS and the app password's variable.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "instance": INSTANCE,
        "token_env": TOKEN_ENV,
    }
)
