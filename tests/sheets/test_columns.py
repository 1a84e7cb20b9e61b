"""How each kind of cell is read, and which headers name which column."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from smm.sheets.columns import (
    CellError,
    find_columns,
    read_budget,
    read_date,
    read_hashtags,
    read_networks,
    read_time,
)


def test_headers_in_either_language_whatever_their_case_and_spacing() -> None:
    found, unknown = find_columns(
        ["Дата публикации", "ВРЕМЯ", " Соц-сети ", "Текст поста", "Хэштеги", "Notes", "Тип"]
    )
    assert found == {"date": 0, "time": 1, "networks": 2, "text": 3, "hashtags": 4, "kind": 6}
    assert unknown == ["Notes"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05.12.2026", (date(2026, 12, 5), None)),
        ("5.12.26", (date(2026, 12, 5), None)),
        ("2026-12-05", (date(2026, 12, 5), None)),
        ("2026-12-05 18:30", (date(2026, 12, 5), time(18, 30))),
        ("05.12.2026 9:05", (date(2026, 12, 5), time(9, 5))),
        ("12/5/2026", (date(2026, 12, 5), None)),
        (date(2026, 12, 5), (date(2026, 12, 5), None)),
    ],
)
def test_dates(cell: object, expected: tuple[date, time | None]) -> None:
    assert read_date(cell, day_first=False) == expected


@pytest.mark.parametrize("cell", ["31.02.2026", "tomorrow", "", "2026/12/05", "13/13/2026"])
def test_not_dates(cell: str) -> None:
    with pytest.raises(CellError):
        read_date(cell, day_first=False)


@pytest.mark.parametrize(
    "cell",
    [
        "01.01.0000",
        "05.12.0026",
        "12/5/0026",
        "0026-12-05",
        "31.12.1999",
        "01.01.2100",
        "1999-12-31 10:00",
        date(1999, 12, 31),
        datetime(2100, 1, 1, 10, 0),
    ],
)
def test_a_year_outside_the_ones_smm_plans_in_is_refused_never_moved(cell: object) -> None:
    """Only a two-digit year is one of the 2000s; '0026' is not 2026, '0000' not 2000."""
    with pytest.raises(CellError, match="outside the years 2000 to 2099"):
        read_date(cell, day_first=False)


@pytest.mark.parametrize(
    ("cell", "year"),
    [("05.12.26", 2026), ("5/12/00", 2000), ("01.01.2000", 2000), ("31.12.2099", 2099)],
)
def test_the_years_smm_plans_in_are_read(cell: str, year: int) -> None:
    assert read_date(cell, day_first=True)[0].year == year


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("10:00", time(10)), ("9.30", time(9, 30)), ("12:15 AM", time(0, 15)), ("1:00 pm", time(13))],
)
def test_times(cell: str, expected: time) -> None:
    assert read_time(cell) == expected


@pytest.mark.parametrize("cell", ["24:00", "10:60", "13:00 PM", "noon", "10"])
def test_not_times(cell: str) -> None:
    with pytest.raises(CellError):
        read_time(cell)


@pytest.mark.parametrize(
    ("cell", "amount", "currency"),
    [
        ("1500 RUB", "1500", "RUB"),
        ("1 500,50 руб.", "1500.50", "RUB"),
        ("1\u00a0500 ₽", "1500", "RUB"),
        ("€200", "200", "EUR"),
        ("99.90 usd", "99.90", "USD"),
        ("3000", "3000", "RUB"),  # the brand's currency
    ],
)
def test_budgets(cell: str, amount: str, currency: str) -> None:
    money = read_budget(cell, "RUB")
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize("cell", ["сто рублей", "1,5,5 RUB", "-10 RUB", "1.555 RUB", "NaN RUB"])
def test_not_budgets(cell: str) -> None:
    with pytest.raises(CellError):
        read_budget(cell, "RUB")


def test_networks_and_hashtags() -> None:
    assert read_networks("ВКонтакте; Телеграм, вк\nInstagram") == ["vk", "telegram", "instagram"]
    assert read_hashtags("#кофе #зима, латте") == ["кофе", "зима", "латте"]
    with pytest.raises(CellError, match="'MySpace' is not a network"):
        read_networks("vk, MySpace")
