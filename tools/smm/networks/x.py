"""X (Twitter): smm lints posts for it (rules/x.yaml) but cannot publish there yet.

An adapter would join this module (docs/add-a-network.md); until then it declares the brand
file's account, so a brand can already name it.
"""

from __future__ import annotations

from smm.content.types import Field, Obj
from smm.networks.accounts import ENV_NAME, HANDLE, TOKEN_ENV

#: accounts.x in a brand file: the handle and the variables of the token, API key and secret.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "token_env": TOKEN_ENV,
        "app_key_env": Field(ENV_NAME),
        "secret_env": Field(ENV_NAME),
    }
)
