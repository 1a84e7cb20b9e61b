"""How a run that talks to the networks is set up: `smm publish` and `smm metrics` share it.

Where requests go (the real APIs or one sandbox URL), which branch is the ledger and whether it
is pushed, which brand, and where secrets come from. The CLI builds one from its options; tests
build one pointing at the sandbox with their own environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smm.networks.base import Account


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
        """Where the secrets the brand files name are read from."""
        return self.env if self.env is not None else os.environ

    def account(self, network: str, fields: Mapping[str, Any]) -> Account:
        """The brand's account with the secrets its ``*_env`` keys name, read from the environment
        (the sandbox's stand-in token where one is unset, in a sandbox run)."""
        return Account.from_env(network, fields, self.environ(), self.default_secret)

    def missing_secrets(self, fields: Mapping[str, Any]) -> list[str]:
        """Names of the environment variables the account names that are not set (none when a
        stand-in token fills them)."""
        return [] if self.default_secret else Account.missing(fields, self.environ())
