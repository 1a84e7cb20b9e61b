"""LinkedIn: smm lints posts for it (rules/linkedin.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, so a brand can already name it.
"""

from __future__ import annotations

from smm.content.types import Field, Obj
from smm.networks.accounts import HANDLE, NUMERIC_ID, TOKEN_ENV

#: accounts.linkedin in a brand file: the organization page, its handle and the token's variable.
ACCOUNT = Obj(
    {
        "page_id": Field(NUMERIC_ID, description="LinkedIn: organization id"),
        "handle": HANDLE,
        "token_env": TOKEN_ENV,
    }
)
