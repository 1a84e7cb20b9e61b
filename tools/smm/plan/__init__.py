"""The content plan (docs/plan.md): calendar.py builds it (model.py: what it is made of),
formats.py and ics.py lay it out.

The package itself imports nothing heavy: every command's start-up reads ``FORMATS`` for its
``--format`` choices, and the plan's modules (with the report's maths) load only when a plan is
made.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

FORMATS = ("text", "markdown", "json", "ics", "csv", "xlsx")

if TYPE_CHECKING:
    from smm.plan.calendar import parse_day, plan
    from smm.plan.formats import render
    from smm.plan.model import BrandPlan, Day, Plan, Slot

_LAZY = {
    "plan": "smm.plan.calendar",
    "parse_day": "smm.plan.calendar",
    "render": "smm.plan.formats",
    "BrandPlan": "smm.plan.model",
    "Day": "smm.plan.model",
    "Plan": "smm.plan.model",
    "Slot": "smm.plan.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'smm.plan' has no attribute {name!r}")


__all__ = ["FORMATS", "BrandPlan", "Day", "Plan", "Slot", "parse_day", "plan", "render"]
