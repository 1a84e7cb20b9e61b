"""Campaign reports (docs/metrics.md#reports): campaigns.py does the maths, formats.py the layout."""

from smm.report.campaigns import CampaignReport, Figures, Report, report
from smm.report.formats import FORMATS, render

__all__ = ["FORMATS", "CampaignReport", "Figures", "Report", "render", "report"]
