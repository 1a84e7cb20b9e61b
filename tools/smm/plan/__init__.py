"""The content plan (docs/plan.md): calendar.py builds it (model.py: what it is made of),
formats.py and ics.py lay it out."""

from smm.plan.calendar import BrandPlan, Day, Plan, Slot, parse_day, plan
from smm.plan.formats import FORMATS, render

__all__ = ["FORMATS", "BrandPlan", "Day", "Plan", "Slot", "parse_day", "plan", "render"]
