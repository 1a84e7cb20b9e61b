"""The report's numbers as shown: grouped integers, money to 0.01, percentages (half up); "—" when
undefined. For machines: money as a decimal string, a fraction to 4 places."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from smm.report.figures import money

DASH = "—"


def _group(text: str) -> str:
    return text.replace(",", " ")


def fmt_int(value: int | None) -> str:
    return DASH if value is None else _group(f"{value:,}")


def fmt_money(value: Decimal | None) -> str:
    return DASH if value is None else _group(f"{money(value):,.2f}")


def fmt_percent(fraction: Decimal | None) -> str:
    if fraction is None:
        return DASH
    return f"{(fraction * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)} %"


def _fraction(value: Decimal | None) -> str | None:
    """A fraction for machines, rounded half up to 4 places (0.01 %)."""
    return None if value is None else str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _plain_money(value: Decimal | None) -> str | None:
    return None if value is None else str(money(value))
