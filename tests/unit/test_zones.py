"""timeledger.core.zones: local days across DST, wall-clock re-readings, zone-name checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeledger.core.zones import is_zone, local_date, reread_as_wall_clock, start_of_local_day, zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ONE_US = timedelta(microseconds=1)

# --- local_date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "zone_name", "expected"),
    [
        # America/New_York, spring forward on 2026-03-08 (02:00 EST -> 03:00 EDT = 07:00Z).
        (utc(2026, 3, 8, 4, 59, 59), "America/New_York", date(2026, 3, 7)),  # 23:59:59 EST
        (utc(2026, 3, 8, 5, 0, 0), "America/New_York", date(2026, 3, 8)),  # 00:00 EST
        (utc(2026, 3, 8, 6, 59, 59), "America/New_York", date(2026, 3, 8)),  # 01:59:59 EST
        (utc(2026, 3, 8, 7, 0, 0), "America/New_York", date(2026, 3, 8)),  # 03:00 EDT
        (utc(2026, 3, 9, 3, 59, 59), "America/New_York", date(2026, 3, 8)),  # 23:59:59 EDT
        (utc(2026, 3, 9, 4, 0, 0), "America/New_York", date(2026, 3, 9)),  # 00:00 EDT
        # America/New_York, fall back on 2026-11-01 (02:00 EDT -> 01:00 EST = 06:00Z).
        (utc(2026, 11, 1, 3, 59, 59), "America/New_York", date(2026, 10, 31)),  # 23:59:59 EDT
        (utc(2026, 11, 1, 4, 0, 0), "America/New_York", date(2026, 11, 1)),  # 00:00 EDT
        (utc(2026, 11, 1, 5, 30, 0), "America/New_York", date(2026, 11, 1)),  # 01:30 EDT (first)
        (utc(2026, 11, 1, 6, 30, 0), "America/New_York", date(2026, 11, 1)),  # 01:30 EST (second)
        (utc(2026, 11, 2, 4, 59, 59), "America/New_York", date(2026, 11, 1)),  # 23:59:59 EST
        (utc(2026, 11, 2, 5, 0, 0), "America/New_York", date(2026, 11, 2)),  # 00:00 EST
        # Europe/Berlin: +01:00 in winter, +02:00 from 2026-03-29 to 2026-10-25.
        (utc(2026, 3, 28, 22, 59, 59), "Europe/Berlin", date(2026, 3, 28)),
        (utc(2026, 3, 28, 23, 0, 0), "Europe/Berlin", date(2026, 3, 29)),
        (utc(2026, 3, 29, 21, 59, 59), "Europe/Berlin", date(2026, 3, 29)),
        (utc(2026, 3, 29, 22, 0, 0), "Europe/Berlin", date(2026, 3, 30)),
        (utc(2026, 10, 24, 22, 0, 0), "Europe/Berlin", date(2026, 10, 25)),
        (utc(2026, 10, 25, 22, 59, 59), "Europe/Berlin", date(2026, 10, 25)),
        (utc(2026, 10, 25, 23, 0, 0), "Europe/Berlin", date(2026, 10, 26)),
        # America/Argentina/Buenos_Aires: -03:00 all year, no DST.
        (utc(2026, 3, 2, 2, 59, 59), "America/Argentina/Buenos_Aires", date(2026, 3, 1)),
        (utc(2026, 3, 2, 3, 0, 0), "America/Argentina/Buenos_Aires", date(2026, 3, 2)),
        (utc(2026, 7, 2, 3, 0, 0), "America/Argentina/Buenos_Aires", date(2026, 7, 2)),
        # Asia/Kolkata: +05:30.
        (utc(2026, 3, 1, 18, 29, 59), "Asia/Kolkata", date(2026, 3, 1)),
        (utc(2026, 3, 1, 18, 30, 0), "Asia/Kolkata", date(2026, 3, 2)),
        # Australia/Lord_Howe: +10:30 standard, +11:00 summer (half-hour DST).
        (utc(2026, 1, 15, 12, 59, 59), "Australia/Lord_Howe", date(2026, 1, 15)),  # 23:59:59 +11
        (utc(2026, 1, 15, 13, 0, 0), "Australia/Lord_Howe", date(2026, 1, 16)),  # 00:00 +11
        (utc(2026, 7, 15, 13, 29, 59), "Australia/Lord_Howe", date(2026, 7, 15)),  # 23:59:59 +10:30
        (utc(2026, 7, 15, 13, 30, 0), "Australia/Lord_Howe", date(2026, 7, 16)),  # 00:00 +10:30
        ("2026-03-02T12:00:00Z", "UTC", date(2026, 3, 2)),
    ],
)
def test_local_date(instant, zone_name, expected):
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant)
    assert local_date(instant, zone_name) == expected


def test_local_date_does_not_depend_on_the_offset_the_instant_is_given_in():
    instant = utc(2026, 3, 1, 20, 0, 0)
    assert local_date(instant, "Asia/Kolkata") == date(2026, 3, 2)
    shifted = instant.astimezone(zone("America/Los_Angeles"))
    assert shifted.date() == date(2026, 3, 1)
    assert local_date(shifted, "Asia/Kolkata") == date(2026, 3, 2)


# --- day lengths --------------------------------------------------------------------------------


def day_length(day: date, zone_name: str) -> timedelta:
    return start_of_local_day(day + timedelta(days=1), zone_name) - start_of_local_day(day, zone_name)


@pytest.mark.parametrize(
    ("day", "zone_name", "hours"),
    [
        (date(2026, 3, 8), "America/New_York", 23),
        (date(2026, 11, 1), "America/New_York", 25),
        (date(2026, 3, 7), "America/New_York", 24),
        (date(2026, 3, 9), "America/New_York", 24),
        (date(2026, 3, 29), "Europe/Berlin", 23),
        (date(2026, 10, 25), "Europe/Berlin", 25),
        (date(2026, 6, 1), "Europe/Berlin", 24),
        (date(2026, 3, 8), "America/Argentina/Buenos_Aires", 24),
        (date(2026, 11, 1), "America/Argentina/Buenos_Aires", 24),
        (date(2026, 3, 29), "Asia/Kolkata", 24),
        # Lord Howe moves its clocks by half an hour.
        (date(2026, 4, 5), "Australia/Lord_Howe", 24.5),
        (date(2026, 10, 4), "Australia/Lord_Howe", 23.5),
        (date(2026, 6, 1), "Australia/Lord_Howe", 24),
    ],
)
def test_day_length(day, zone_name, hours):
    assert day_length(day, zone_name) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("day", "zone_name", "expected"),
    [
        (date(2026, 3, 8), "America/New_York", utc(2026, 3, 8, 5)),
        (date(2026, 3, 9), "America/New_York", utc(2026, 3, 9, 4)),
        (date(2026, 3, 2), "America/Argentina/Buenos_Aires", utc(2026, 3, 2, 3)),
        (date(2026, 3, 2), "Asia/Kolkata", utc(2026, 3, 1, 18, 30)),
        (date(2026, 1, 1), "Australia/Lord_Howe", utc(2025, 12, 31, 13)),
        (date(2026, 7, 1), "Australia/Lord_Howe", utc(2026, 6, 30, 13, 30)),
    ],
)
def test_start_of_local_day(day, zone_name, expected):
    start = start_of_local_day(day, zone_name)
    assert start == expected
    assert start.utcoffset() == timedelta(0)


ZONES = st.sampled_from(
    ["UTC", "America/New_York", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata",
     "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "Asia/Kathmandu"]
)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 30)), ZONES)
def test_a_local_day_runs_from_its_start_to_the_next_days_start(day, zone_name):
    start = start_of_local_day(day, zone_name)
    end = start_of_local_day(day + timedelta(days=1), zone_name)
    assert local_date(start, zone_name) == day
    assert local_date(start - ONE_US, zone_name) == day - timedelta(days=1)
    assert local_date(end - ONE_US, zone_name) == day
    assert timedelta(hours=22) <= end - start <= timedelta(hours=26)


# --- reread_as_wall_clock ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "zone_name", "expected"),
    [
        (utc(2026, 3, 2), "America/Argentina/Buenos_Aires", utc(2026, 3, 2, 3)),
        (utc(2026, 3, 2), "Asia/Kolkata", utc(2026, 3, 1, 18, 30)),
        (utc(2026, 3, 2, 23, 59, 59), "Asia/Kolkata", utc(2026, 3, 2, 18, 29, 59)),
        (utc(2026, 3, 2), "UTC", utc(2026, 3, 2)),
        (utc(2026, 7, 1, 12), "Europe/Berlin", utc(2026, 7, 1, 10)),  # CEST, +02:00
        (utc(2026, 1, 1, 12), "Europe/Berlin", utc(2026, 1, 1, 11)),  # CET, +01:00
        (utc(2026, 7, 1), "Australia/Lord_Howe", utc(2026, 6, 30, 13, 30)),
        # Spring-forward gap: 02:30 does not exist in New York on 2026-03-08; fold=0 reads it with
        # the offset in force before the gap (EST), landing on 03:30 EDT.
        (utc(2026, 3, 8, 2, 30), "America/New_York", utc(2026, 3, 8, 7, 30)),
    ],
)
def test_reread_as_wall_clock(instant, zone_name, expected):
    result = reread_as_wall_clock(instant, zone_name)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


def test_reread_as_wall_clock_reads_the_utc_wall_clock_of_any_offset():
    # 2026-03-02T00:00:00Z given as 2026-03-02T02:00:00+02:00 is still UTC midnight on the wall.
    given_with_offset = datetime.fromisoformat("2026-03-02T02:00:00+02:00")
    assert reread_as_wall_clock(given_with_offset, "America/Argentina/Buenos_Aires") == utc(2026, 3, 2, 3)


@given(
    st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2037, 12, 31)),
    st.sampled_from(["UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Asia/Kathmandu"]),
)
def test_reread_without_dst_puts_the_same_wall_clock_in_the_zone(wall, zone_name):
    result = reread_as_wall_clock(wall.replace(tzinfo=UTC), zone_name)
    assert result.astimezone(zone(zone_name)).replace(tzinfo=None) == wall


@given(
    st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2037, 12, 31)),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]),
)
# A fold on the UTC reading once leaked into the zone and resolved a gap backwards.
@example(datetime(2024, 3, 10, 2, 0, fold=1), "America/New_York")
def test_reread_with_dst_keeps_wall_clock_outside_gaps(wall, zone_name):
    result = reread_as_wall_clock(wall.replace(tzinfo=UTC), zone_name)
    local = result.astimezone(zone(zone_name)).replace(tzinfo=None)
    # The wall clock survives except inside a spring-forward gap, where it is pushed forward by
    # at most the size of the gap (one hour here).
    assert wall <= local <= wall + timedelta(hours=1)
    if local != wall:
        round_trip = wall.replace(tzinfo=zone(zone_name)).astimezone(UTC).astimezone(zone(zone_name))
        assert round_trip.replace(tzinfo=None) != wall, "only non-existent wall clocks may move"


# --- is_zone / zone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["UTC", "America/New_York", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata",
     "Australia/Lord_Howe", "Etc/GMT+3"],
)
def test_is_zone_accepts_iana_names(name):
    assert is_zone(name)
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    ["", "Nowhere/Atlantis", "Mars/Olympus_Mons", "EST5EDT6", "america/new york", "GMT+25", "+02:00"],
)
def test_is_zone_refuses_unknown_names(name):
    assert not is_zone(name)


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "/usr/share/zoneinfo/UTC", "../etc/passwd", "../../../../etc/passwd",
     "America/../UTC", "./UTC", "Europe/Berlin/", "America//New_York", "America\\New_York",
     "UTC\x00", "America", "Europe", "Etc", "localtime", "posixrules", "Factory"],
)
def test_is_zone_refuses_path_like_names(name):
    # Directories of the zone database ("America") are no zones either; refusing them must not raise.
    assert not is_zone(name)


@pytest.mark.parametrize("value", [None, 0, b"UTC", ["UTC"]])
def test_is_zone_refuses_non_strings(value):
    assert not is_zone(value)


@pytest.mark.parametrize("name", ["Nowhere/Atlantis", "../etc/passwd", "America", ""])
def test_zone_raises_value_error_for_bad_names(name):
    with pytest.raises(ValueError, match="unknown time zone"):
        zone(name)
