"""Times and zones: the years smm plans in, and IANA zone names only."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from smm.content.timeparse import OutOfRange, iana_zone, parse_day_bound, parse_local

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01 00:00",
        "0001-01-01T00:00:00+14:00",
        "1999-12-31 23:59",
        "2100-01-01 00:00",
        "9999-12-31T23:59:59-12:00",
        "9999-12-31 23:59",
    ],
)
def test_times_outside_2000_to_2099_are_out_of_range_before_any_conversion(text):
    with pytest.raises(OutOfRange, match="outside the years 2000 to 2099"):
        parse_local(text, MOSCOW)


def test_the_edges_of_the_range_convert_between_zones():
    assert parse_local("2099-12-31T23:59:59-12:00", MOSCOW)[0].astimezone(UTC).year == 2100
    assert (
        parse_local("2000-01-01 00:00", ZoneInfo("Pacific/Kiritimati"))[0].astimezone(UTC).year
        == 1999
    )
    assert parse_day_bound("2099-12-31", MOSCOW, end=True) == datetime(2100, 1, 1, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    "text", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01T00:00:00+00:00"]
)
def test_campaign_bounds_outside_the_range_are_out_of_range(text):
    for end in (False, True):
        with pytest.raises(OutOfRange):
            parse_day_bound(text, MOSCOW, end=end)


@pytest.mark.parametrize(
    "key", ["Europe/Moscow", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-14", "EST"]
)
def test_iana_names_are_zones(key):
    assert iana_zone(key) == ZoneInfo(key)


@pytest.mark.parametrize(
    "key",
    [
        "localtime",
        "posixrules",
        "Factory",
        "/usr/share/zoneinfo/UTC",
        "../zoneinfo/UTC",
        "posix/Europe/Moscow",
        "right/UTC",
        "Europe/Mordor",
        "",
        "europe/moscow",
        "Europe/Moscow\n",
    ],
)
def test_anything_else_is_not_a_zone(key):
    assert iana_zone(key) is None
