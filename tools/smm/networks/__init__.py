"""Networks: one module per network behind a small interface (render now; publish, metrics and
reconcile arrive with the publisher). Rendering is driven by each network's rule file."""

from smm.networks.compose import Rendered, render

__all__ = ["Rendered", "render"]
