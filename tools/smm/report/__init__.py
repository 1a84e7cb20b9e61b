"""Campaign reports (docs/metrics.md#reports): campaigns.py does the maths, formats.py the layout.

The package itself imports nothing heavy: every command's start-up reads ``FORMATS`` for its
``--format`` choices; the maths loads only when a report is made.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

FORMATS = ("text", "markdown", "json", "csv")

if TYPE_CHECKING:
    from smm.report.campaigns import CampaignReport, Report, report
    from smm.report.figures import Figures
    from smm.report.formats import render

_LAZY = {
    "report": "smm.report.campaigns",
    "CampaignReport": "smm.report.campaigns",
    "Report": "smm.report.campaigns",
    "Figures": "smm.report.figures",
    "render": "smm.report.formats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'smm.report' has no attribute {name!r}")


__all__ = ["FORMATS", "CampaignReport", "Figures", "Report", "render", "report"]
