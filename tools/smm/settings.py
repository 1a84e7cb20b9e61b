"""How a run that talks to the networks is set up: `smm publish` and `smm metrics` share it.

Where requests go (the real APIs or one sandbox URL), which branch is the ledger and whether it
is pushed, which brand, and where secrets come from. The CLI builds one from its options; tests
build one pointing at the sandbox with their own environment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smm.errors import ConfigError
from smm.networks.base import Account

#: One variable that may hold many secrets: a JSON object of names to values. publish.yml sets it
#: to ``toJSON(secrets)``, so a new brand's secrets reach its job without a line per secret.
SECRETS_JSON = "SMM_SECRETS"


@dataclass
class Settings:
    api_base: str | None = None  # one URL for every network (the sandbox); None: the real APIs
    push: bool = True
    branch: str = "main"
    brand: str | None = None
    env: Mapping[str, str] | None = None  # where secrets come from (default: os.environ)
    default_secret: str | None = None  # a stand-in token for accounts without one (sandbox only)
    retry_attempts: int = 4
    max_retry_wait: float = 60.0

    def environ(self) -> Mapping[str, str]:
        """Where the secrets the brand files name are read from: the environment, where a name
        that is unset or empty is looked up in SMM_SECRETS too."""
        env = self.env if self.env is not None else os.environ
        bundled = _secrets_json(env.get(SECRETS_JSON) or "")
        if not bundled:
            return env
        return {**env, **{name: value for name, value in bundled.items() if not env.get(name)}}

    def account(
        self, network: str, fields: Mapping[str, Any], language: str | None = None
    ) -> Account:
        """The brand's account with the secrets its ``*_env`` keys name, read from the environment
        (the sandbox's stand-in token where one is unset, in a sandbox run); ``language``: the
        brand's, for the networks whose posts carry one."""
        return Account.from_env(network, fields, self.environ(), self.default_secret, language)

    def missing_secrets(self, fields: Mapping[str, Any]) -> list[str]:
        """Names of the environment variables the account names that are not set (none when a
        stand-in token fills them), then those set to a value no request can carry, each with
        why (a stand-in never replaces a value that is set, so these block a sandbox run too)."""
        env = self.environ()
        unset = [] if self.default_secret else Account.missing(fields, env)
        return unset + Account.unusable(fields, env)


@lru_cache(maxsize=4)
def _secrets_json(raw: str) -> dict[str, str]:
    """The secrets in SMM_SECRETS (names to strings); ConfigError, without its content, when it
    is not a JSON object."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ConfigError(f"{SECRETS_JSON} is not a JSON object of secret names to values")
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
