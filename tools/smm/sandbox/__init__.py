"""Faithful loopback servers of the networks' APIs (docs/design.md#architecture, docs/design.md#testing), for tests and demos.

``Sandbox`` runs them in a thread on 127.0.0.1 (tests); ``serve`` runs them in the foreground
(``smm sandbox``). Adapters talk to them by passing the sandbox URL as ``api_base``.
"""

from smm.sandbox.server import Sandbox, serve

__all__ = ["Sandbox", "serve"]
