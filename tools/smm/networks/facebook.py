"""Facebook Page: smm lints posts for it (rules/facebook.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, so a brand can already name it.
"""

from __future__ import annotations

from smm.content.types import Field, Obj
from smm.networks.accounts import NUMERIC_ID, TOKEN_ENV

#: accounts.facebook in a brand file: the Page and the Page token's variable.
ACCOUNT = Obj(
    {
        "page_id": Field(NUMERIC_ID, description="Facebook: Page id"),
        "token_env": TOKEN_ENV,
    }
)
