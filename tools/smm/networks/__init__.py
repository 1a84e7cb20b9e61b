"""Networks: one module per network (networks/<id>.py: its account schema and, where smm
publishes there, the adapter that sends, reconciles and reads metrics), listed in
networks/registry.py. Rendering is shared (compose.py) and driven by each network's rule file.

``render`` and ``Rendered`` are imported on first use, so that the registry can be imported by
content/schema.py, which compose.py itself imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.networks.compose import Rendered, render

__all__ = ["Rendered", "render"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from smm.networks import compose

        return getattr(compose, name)
    raise AttributeError(f"module 'smm.networks' has no attribute {name!r}")
