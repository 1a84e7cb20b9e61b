"""Threads: smm lints posts for it (rules/threads.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, so a brand can already name it.
"""

from __future__ import annotations

from smm.content.types import Field, Obj
from smm.networks.accounts import HANDLE, NUMERIC_ID, TOKEN_ENV

#: accounts.threads in a brand file: the Threads user, its handle and the token's variable.
ACCOUNT = Obj(
    {
        "user_id": Field(NUMERIC_ID, description="Threads: user id"),
        "handle": HANDLE,
        "token_env": TOKEN_ENV,
    }
)
