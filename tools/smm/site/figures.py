"""Numbers as the site shows them: the report's (report/numbers.py), with a no-break space
(U+00A0) wherever the report's text has a space, so that "12 345", "45.00 %" and "1 500.00 RUB"
never break across two lines on a narrow screen. The report's own text keeps its plain spaces:
`smm report` prints to a terminal and to files people grep.
"""

from __future__ import annotations

from decimal import Decimal

from smm.report import numbers

NBSP = "\u00a0"


def nb(text: str) -> str:
    """``text`` with each space no-break: for a figure with its unit, never a sentence."""
    return text.replace(" ", NBSP)


def group(n: object) -> str:
    """A whole number with its thousands apart ("16 000"); anything else as it prints."""
    return f"{n:,}".replace(",", NBSP) if isinstance(n, int) else str(n)


def fmt_int(value: int | None) -> str:
    return nb(numbers.fmt_int(value))


def fmt_money(value: Decimal | None) -> str:
    return nb(numbers.fmt_money(value))


def fmt_percent(fraction: Decimal | None) -> str:
    return nb(numbers.fmt_percent(fraction))


def money(value: Decimal | None, currency: str | None) -> str:
    """An amount as the report prints it, with its currency; "—" for none."""
    if value is None:
        return numbers.DASH
    return fmt_money(value) + (NBSP + currency if currency else "")
