"""The account keys several networks share, for the ``ACCOUNT`` schema each network module declares.

A network module states its brand-file account as ``ACCOUNT = Obj({...})`` from these and its own
keys; content/schema.py puts each under ``accounts.<id>`` (networks/registry.py lists them).
"""

from __future__ import annotations

from smm.content.types import Field, Num, OneOf, Str

#: The name of an environment variable: secrets never sit in a brand file, only their names.
ENV_NAME = Str(pattern="^[A-Z_][A-Z0-9_]*$")
TOKEN_ENV = Field(ENV_NAME, description="name of the environment variable with the token")
#: Network ids are numbers that YAML may read as numbers or as text ("17841400000000001").
NUMERIC_ID = OneOf([Num(integer=True), Str()])
HANDLE = Field(Str())
INSTANCE = Field(Str(), description="Mastodon instance or Bluesky PDS URL")
PUBLIC_BASE_URL = Field(Str(), description="where the network can fetch assets (Instagram)")
