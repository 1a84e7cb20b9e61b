"""Networks: how a post looks on each network, and the adapters that publish it.

Rendering (compose.render, driven by each network's rule file) is shared by lint, preview,
review and publish. Each network smm publishes to has an adapter, networks/<id>.py behind
base.Network and looked up in registry.py, that publishes a rendered post, reconciles (finds a
post it may have sent before) and reads metrics back; the other networks are linted only."""

from smm.networks.compose import Rendered, render

__all__ = ["Rendered", "render"]
