"""timeledger.core.natural: the time forms typed at the command line, read against a fixed today."""

from __future__ import annotations

import calendar
import json
import re
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from timeledger.core import natural
from timeledger.core.natural import (
    MAX_DAYS,
    ClockRange,
    NaturalTimeError,
    format_clock,
    looks_like_instant,
    now,
    parse_at,
    parse_clock,
    parse_days,
    parse_instant,
    parse_range,
    parse_zone,
    plan,
    plan_instants,
    to_utc,
    today_in,
    zone_from_env,
)

WEDNESDAY = date(2026, 3, 11)
MONDAY = date(2026, 3, 9)
SUNDAY = date(2026, 3, 15)
NEW_YEAR = date(2026, 1, 1)  # a Thursday
LEAP_DAY = date(2028, 2, 29)  # a Tuesday
TODAYS = [WEDNESDAY, MONDAY, SUNDAY, NEW_YEAR, LEAP_DAY]

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
LORD_HOWE = "Australia/Lord_Howe"
KOLKATA = "Asia/Kolkata"
BUENOS_AIRES = "America/Argentina/Buenos_Aires"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_todays_are_the_weekdays_the_tests_assume():
    assert [d.strftime("%A") for d in TODAYS] == ["Wednesday", "Monday", "Sunday", "Thursday", "Tuesday"]


# --- time ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("09:00-12:30", time(9), time(12, 30)),
        ("9:00-12:30", time(9), time(12, 30)),
        ("9-12:30", time(9), time(12, 30)),
        ("09:00\u201312:30", time(9), time(12, 30)),  # en dash
        ("09:00 \u2014 12:30", time(9), time(12, 30)),  # em dash with spaces
        ("9am-12:30pm", time(9), time(12, 30)),
        ("9 am - 12:30 pm", time(9), time(12, 30)),
        ("9a.m.-5p.m.", time(9), time(17)),
        ("9am-5pm", time(9), time(17)),
        ("9-5pm", time(9), time(17)),  # the start takes the end's am/pm where that fits the day
        ("11-1pm", time(11), time(13)),
        ("1-3pm", time(13), time(15)),
        ("12-1pm", time(12), time(13)),
        ("1pm-5", time(13), time(17)),  # the end takes the start's am/pm
        ("9am-12:30", time(9), time(12, 30)),
        ("11am-1", time(11), time(13)),
        ("12am-1am", time(0), time(1)),
        ("9:00 to 12:30", time(9), time(12, 30)),
        ("09:15:30-10:00", time(9, 15, 30), time(10)),
        ("0900-1230", time(9), time(12, 30)),
        ("9h30-12h", time(9, 30), time(12)),
        ("9.30-12.45", time(9, 30), time(12, 45)),
        ("9-17", time(9), time(17)),
        ("noon-13:30", time(12), time(13, 30)),
        # overnight: the end is on the next day
        ("22:00-01:30", time(22), time(1, 30)),
        ("22:00-1:30", time(22), time(1, 30)),
        ("21:00-05:00", time(21), time(5)),
        ("9pm-1", time(21), time(1)),
        ("11pm-1am", time(23), time(1)),
        ("22:00-00:00", time(22), time(0)),
        ("22:00-midnight", time(22), time(0)),
        ("09:00-01:00", time(9), time(1)),  # a leading zero says 24-hour clock
    ],
)
def test_parse_range(text, start, end):
    parsed = parse_range(text)
    assert parsed == ClockRange(start, end)
    assert (parsed.start, parsed.end) == (start, end)
    assert parsed.overnight is (end < start)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9:00-", "missing end time"),
        ("9:00", "missing end time"),
        ("-12:30", "missing start time"),
        ("-", "missing start and end times"),
        ("24:00-01:00", '24:00 is not a time of day'),
        ("22:00-24:00", '24:00 is not a time of day'),
        ("09:00-25:00", 'end time "25:00": hour 25 is out of range'),
        ("09:60-10:00", 'start time "09:60": minute 60 is out of range'),
        ("13pm-2pm", "not on a 12-hour clock"),
        ("0am-2am", "not on a 12-hour clock"),
        ("09:00-09:00", "the start and the end are the same time"),
        ("9-5", "ambiguous"),  # 09:00 to 05:00 next day, or 9am-5pm?
        ("9:00-1:00", "ambiguous"),
        ("12-1", "ambiguous"),
        ("9:00-12:30-14:00", "one start and one end"),
        ("soon-later", 'start time "soon"'),
        ("soon", "expected a start and an end"),
        ("9:00-lunch", 'end time "lunch"'),
        ("", "empty"),
    ],
)
def test_parse_range_refuses(text, reason):
    with pytest.raises(NaturalTimeError) as caught:
        parse_range(text)
    message = str(caught.value)
    assert message.startswith(f'cannot read the time range "{text}": ')
    assert reason in message
    assert caught.value.part == "time range"
    assert caught.value.text == text


def test_missing_end_time_message_is_exact():
    with pytest.raises(NaturalTimeError) as caught:
        parse_range("9:00-")
    assert str(caught.value) == 'cannot read the time range "9:00-": missing end time'


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("9-5", ["9am-5pm", "09:00-17:00", "09:00-5am", "09:00-05:00"]),
        ("10:30-10:15", ["10:30am-10:15pm", "10:30-22:15", "10:30-10:15am"]),
    ],
)
def test_the_ambiguous_range_says_how_to_write_either_reading(text, hints):
    with pytest.raises(NaturalTimeError) as caught:
        parse_range(text)
    message = str(caught.value)
    for hint in hints:
        assert hint in message
        parse_range(hint)  # and each hint reads


# --- clock times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:45", time(8, 45)),
        ("8:45", time(8, 45)),
        ("17:10", time(17, 10)),
        ("5:10pm", time(17, 10)),
        ("5:10 PM", time(17, 10)),
        ("5:10 p.m.", time(17, 10)),
        ("9am", time(9)),
        ("12am", time(0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12)),
        ("12:30pm", time(12, 30)),
        ("0", time(0)),
        ("00:00", time(0)),
        ("23:59", time(23, 59)),
        ("23:59:59", time(23, 59, 59)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("9h", time(9)),
        ("noon", time(12)),
        ("midnight", time(0)),
        (" 08:45 ", time(8, 45)),
    ],
)
def test_parse_clock(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text", ["24:00", "25:00", "12:60", "12:30:60", "13pm", "0pm", "8:5", "8:", "eight", "", "8 45"]
)
def test_parse_clock_refuses(text):
    with pytest.raises(NaturalTimeError) as caught:
        parse_clock(text)
    assert str(caught.value).startswith(f'cannot read the time "{text}"')


@given(st.times().map(lambda t: t.replace(microsecond=0)))
def test_a_formatted_clock_time_reads_back_unchanged(value):
    text = format_clock(value)
    assert parse_clock(text) == value
    assert len(text) in (5, 8)


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm", " AM", " p.m."]))
def test_twelve_hour_clock_times_read_as_on_the_clock(hour, minute, meridiem):
    expected = time((hour % 12) + (12 if "p" in meridiem.lower() else 0), minute)
    assert parse_clock(f"{hour}:{minute:02d}{meridiem}") == expected


# --- zones --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("-3", -180),
        ("+3", 180),
        ("3", 180),
        ("-03", -180),
        ("+5:30", 330),
        ("+05:30", 330),
        ("-03:00", -180),
        ("+0530", 330),
        ("-0300", -180),
        ("+545", 345),
        ("+12:45", 765),
        ("-9:30", -570),
        ("+14", 840),
        ("-12", -720),
        ("UTC-3", -180),
        ("UTC+05:30", 330),
        ("\u22123", -180),  # the minus sign
        ("5.5", 330),
        ("-9.5", -570),
        ("+3.0", 180),
    ],
)
def test_offsets_become_fixed_zones(text, minutes):
    tz = parse_zone(text)
    assert isinstance(tz, timezone)
    assert tz.utcoffset(None) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["UTC", "utc", "Z", "z", "+0", "-00:00", "0"])
def test_utc_forms(text):
    assert parse_zone(text) is UTC


@pytest.mark.parametrize("name", [BUENOS_AIRES, NEW_YORK, BERLIN, LORD_HOWE, KOLKATA, "Etc/GMT+3", "EST5EDT"])
def test_names_become_zoneinfo(name):
    tz = parse_zone(name)
    assert isinstance(tz, ZoneInfo)
    assert tz.key == name


def test_names_match_case_insensitively_when_only_one_does():
    assert parse_zone("america/new_york").key == NEW_YORK
    assert parse_zone("EUROPE/BERLIN").key == BERLIN


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Mars/Base", "no such zone"),
        ("America/Buenos_Aire", 'did you mean "America/Buenos_Aires"'),
        ("+15", "offsets go from -14:00 to +14:00"),
        ("-14:30", "offsets go from -14:00 to +14:00"),
        ("+5:75", "not a number of minutes"),
        ("5.3333", "ambiguous"),
        ("+9.30", "ambiguous: decimal hours or hours and minutes? write +9:MM"),
        ("-3.75", "write -3:MM"),
        ("UTC5", "no such zone"),  # POSIX would read it as -5: a sign is required after UTC
        ("../../etc/passwd", "expected an offset"),
        ("right/UTC", "no such zone"),
        ("localtime", "no such zone"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_parse_zone_refuses(text, reason):
    with pytest.raises(NaturalTimeError) as caught:
        parse_zone(text)
    message = str(caught.value)
    assert message.startswith(f'cannot read the time zone "{text}"')
    assert reason in message


def test_unknown_zone_message():
    with pytest.raises(NaturalTimeError, match=r'^cannot read the time zone "Mars/Base": no such zone'):
        parse_zone("Mars/Base")


def test_zone_from_env():
    assert zone_from_env("-3").utcoffset(None) == timedelta(hours=-3)
    assert zone_from_env("+5:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone_from_env("-03:00").utcoffset(None) == timedelta(hours=-3)
    assert zone_from_env("0") is UTC
    assert zone_from_env(None) is None
    assert zone_from_env("") is None
    assert zone_from_env("  ") is None
    assert zone_from_env(BUENOS_AIRES).key == BUENOS_AIRES
    with pytest.raises(NaturalTimeError) as caught:
        zone_from_env("three")
    assert str(caught.value).startswith('cannot read CLOCKIFY_TZ_OFFSET="three": ')


@given(st.integers(-14 * 60, 14 * 60))
def test_written_offsets_read_back(minutes):
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    forms = [f"{sign}{hours:02d}:{mins:02d}", f"{sign}{hours}:{mins:02d}", f"{sign}{hours:02d}{mins:02d}"]
    if mins == 0:
        forms += [f"{sign}{hours}", f"{sign}{hours:02d}"]
    for form in forms:
        assert parse_zone(form).utcoffset(None) == timedelta(minutes=minutes), form


# --- days ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2025-03-10", WEDNESDAY, [date(2025, 3, 10)]),
        ("March 2-6", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("March 2\u20136", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("Mar 2-6", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("mar. 2 - 6", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("MARCH 2 to 6", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("March 2nd-6th", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("2-6 March", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("March 23, 24, 25, 26 and 27", WEDNESDAY, days(date(2026, 3, 23), date(2026, 3, 27))),
        ("March 23, 24, 25, 26, and 27", WEDNESDAY, days(date(2026, 3, 23), date(2026, 3, 27))),
        ("March 27, 23 & 25", WEDNESDAY, [date(2026, 3, 23), date(2026, 3, 25), date(2026, 3, 27)]),
        ("March 2-4, 3-5", WEDNESDAY, days(date(2026, 3, 2), date(2026, 3, 5))),  # distinct
        ("2 March", WEDNESDAY, [date(2026, 3, 2)]),
        ("2nd of March", WEDNESDAY, [date(2026, 3, 2)]),
        ("March 2 2025", WEDNESDAY, [date(2025, 3, 2)]),
        ("2 March 2025", WEDNESDAY, [date(2025, 3, 2)]),
        ("March 2-6, 2025", WEDNESDAY, days(date(2025, 3, 2), date(2025, 3, 6))),
        ("March 2-6 2025", WEDNESDAY, days(date(2025, 3, 2), date(2025, 3, 6))),
        ("March 30 - April 2", WEDNESDAY, days(date(2026, 3, 30), date(2026, 4, 2))),
        ("30 March - 2 April", WEDNESDAY, days(date(2026, 3, 30), date(2026, 4, 2))),
        ("Jan 30 - Feb 2, March 2", WEDNESDAY,
         [date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 2), date(2026, 3, 2)]),
        ("2025-03-10..2025-03-14", WEDNESDAY, days(date(2025, 3, 10), date(2025, 3, 14))),
        ("2025-03-10 - 2025-03-14", WEDNESDAY, days(date(2025, 3, 10), date(2025, 3, 14))),
        ("2025-03-10 to 2025-03-14", WEDNESDAY, days(date(2025, 3, 10), date(2025, 3, 14))),
        ("2025-03-10,2025-03-12", WEDNESDAY, [date(2025, 3, 10), date(2025, 3, 12)]),
        ("2025-03-12, 2025-03-10, 2025-03-12", WEDNESDAY, [date(2025, 3, 10), date(2025, 3, 12)]),
        ("2025-3-1", WEDNESDAY, [date(2025, 3, 1)]),
        # across years
        ("2025-12-30..2026-01-02", WEDNESDAY, days(date(2025, 12, 30), date(2026, 1, 2))),
        ("December 30 2025 - January 2 2026", WEDNESDAY, days(date(2025, 12, 30), date(2026, 1, 2))),
        ("Dec 30 - Jan 2 2026", WEDNESDAY, days(date(2025, 12, 30), date(2026, 1, 2))),
        ("Dec 30 - Jan 2, 2026", WEDNESDAY, days(date(2025, 12, 30), date(2026, 1, 2))),
        ("Dec 30 2025 - Jan 2", WEDNESDAY, days(date(2025, 12, 30), date(2026, 1, 2))),
        ("Dec 29 2025 - Jan 2", NEW_YEAR, days(date(2025, 12, 29), date(2026, 1, 2))),
        # relative days
        ("today", WEDNESDAY, [WEDNESDAY]),
        ("Today", MONDAY, [MONDAY]),
        ("yesterday", WEDNESDAY, [date(2026, 3, 10)]),
        ("yesterday", MONDAY, [date(2026, 3, 8)]),
        ("yesterday", NEW_YEAR, [date(2025, 12, 31)]),
        ("yesterday", LEAP_DAY, [date(2028, 2, 28)]),
        ("tomorrow", LEAP_DAY, [date(2028, 3, 1)]),
        ("yesterday, today", SUNDAY, [date(2026, 3, 14), SUNDAY]),
        ("3 days ago", WEDNESDAY, [date(2026, 3, 8)]),
        ("1 day ago", NEW_YEAR, [date(2025, 12, 31)]),
        # weekdays: "monday" is the most recent one, today included; "last monday" strictly before
        ("monday", WEDNESDAY, [date(2026, 3, 9)]),
        ("monday", MONDAY, [MONDAY]),
        ("monday", SUNDAY, [date(2026, 3, 9)]),
        ("mon", NEW_YEAR, [date(2025, 12, 29)]),
        ("last monday", WEDNESDAY, [date(2026, 3, 9)]),
        ("last monday", MONDAY, [date(2026, 3, 2)]),  # on a Monday: seven days ago
        ("Last Monday", SUNDAY, [date(2026, 3, 9)]),
        ("last monday", NEW_YEAR, [date(2025, 12, 29)]),
        ("last monday", LEAP_DAY, [date(2028, 2, 28)]),
        ("last tuesday", LEAP_DAY, [date(2028, 2, 22)]),
        ("tuesday", LEAP_DAY, [LEAP_DAY]),
        ("last sunday", SUNDAY, [date(2026, 3, 8)]),
        ("sunday", SUNDAY, [SUNDAY]),
        ("last friday", NEW_YEAR, [date(2025, 12, 26)]),
        ("next monday", MONDAY, [date(2026, 3, 16)]),
        ("next monday", SUNDAY, [date(2026, 3, 16)]),
        ("monday-friday", SUNDAY, days(date(2026, 3, 9), date(2026, 3, 13))),
        ("monday-friday", MONDAY, days(date(2026, 3, 9), date(2026, 3, 13))),
        ("last monday - friday", MONDAY, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("last monday - wednesday", WEDNESDAY, days(date(2026, 3, 9), date(2026, 3, 11))),
        ("friday - monday", WEDNESDAY, days(date(2026, 3, 6), date(2026, 3, 9))),
        ("yesterday - today", NEW_YEAR, [date(2025, 12, 31), NEW_YEAR]),
        # no year is the year of today, whatever today is
        ("March 2-6", NEW_YEAR, days(date(2026, 3, 2), date(2026, 3, 6))),
        ("March 2-6", LEAP_DAY, days(date(2028, 3, 2), date(2028, 3, 6))),
        ("Feb 29", LEAP_DAY, [LEAP_DAY]),
        ("Feb 27 - Mar 1", LEAP_DAY, [date(2028, 2, 27), date(2028, 2, 28), LEAP_DAY, date(2028, 3, 1)]),
        ("2024-02-29", WEDNESDAY, [date(2024, 2, 29)]),
    ],
)
def test_parse_days(text, today, expected):
    assert parse_days(text, today) == expected


@pytest.mark.parametrize("today", TODAYS)
def test_last_weekday_is_strictly_before_today_and_plain_weekday_may_be_today(today):
    for offset, name in enumerate(calendar.day_name):
        [last] = parse_days(f"last {name}", today)
        [recent] = parse_days(name, today)
        assert last.weekday() == recent.weekday() == offset
        assert today - timedelta(days=7) <= last < today
        assert today - timedelta(days=6) <= recent <= today
        assert last == (recent if recent < today else recent - timedelta(days=7))


@pytest.mark.parametrize(
    ("text", "today", "reason"),
    [
        ("Marhc 2-6", WEDNESDAY, 'unknown month "Marhc"; did you mean "March"?'),
        ("Mrach 2", WEDNESDAY, 'unknown month "Mrach"'),
        ("2 Mrach", WEDNESDAY, 'unknown month "Mrach"'),
        ("February 30", WEDNESDAY, "February 30 2026 does not exist"),
        ("Feb 29", WEDNESDAY, "February 29 2026 does not exist (2026 is not a leap year)"),
        ("Feb 29", NEW_YEAR, "2026 is not a leap year"),
        ("2029-02-29", LEAP_DAY, "2029-02-29 does not exist"),
        ("2025-02-30", WEDNESDAY, "2025-02-30 does not exist"),
        ("2025-13-01", WEDNESDAY, "there is no month 13"),
        ("April 31", WEDNESDAY, "April 31 2026 does not exist"),
        ("March 32", WEDNESDAY, '"32" is not a day of the month'),
        ("March 0", WEDNESDAY, '"0" is not a day of the month'),
        ("March 28 - 31, April 30-31", WEDNESDAY, "April 31 2026 does not exist"),
        ("Dec 30 - Jan 2", WEDNESDAY, "crosses into a new year; give the years"),
        ("Dec 30 - Jan 2", NEW_YEAR, '"December 30 2025 - January 2 2026"'),
        ("March 6-2", WEDNESDAY, "ends before it starts"),
        ("2025-03-14..2025-03-10", WEDNESDAY, "ends before it starts"),
        ("today - yesterday", WEDNESDAY, "ends before it starts"),
        ("3/10", WEDNESDAY, '"3/10" is ambiguous'),
        ("10.03.2025", WEDNESDAY, "ambiguous"),
        ("march", WEDNESDAY, "which day of March?"),
        ("2-6", WEDNESDAY, 'which month is "2"?'),
        ("15", WEDNESDAY, "which month"),
        ("2025", WEDNESDAY, "2025 is a year, not a day"),
        ("March 2 - 2025", WEDNESDAY, "2025 is a year, not a day"),
        ("yesterday, 2025", WEDNESDAY, "the year 2025 belongs to no day"),
        ("March 2 2024, 2025", WEDNESDAY, "the year 2025 belongs to no day"),
        ("March 2025", WEDNESDAY, "which day of March?"),
        ("next monday", date.max, "out of range"),
        ("0000-01-01", WEDNESDAY, "out of range"),
        ("last", WEDNESDAY, '"last" needs a weekday'),
        ("last march", WEDNESDAY, '"last" needs a weekday'),
        ("mnoday", WEDNESDAY, 'unknown word "mnoday"; did you mean "monday"?'),
        ("someday", WEDNESDAY, 'unknown word "someday"'),
        ("March 2-", WEDNESDAY, "missing the last day"),
        ("-March 2", WEDNESDAY, "missing the first day"),
        ("March 2-4-6", WEDNESDAY, "more than one range separator"),
        ("and March 2", WEDNESDAY, 'nothing before "and"'),
        ("March 2,", WEDNESDAY, 'nothing after ","'),
        ("March 2 @ 3", WEDNESDAY, 'unexpected "@"'),
        ("March April", WEDNESDAY, 'cannot make out a day in "March April"'),
        ("2025-01-01..2026-12-31", WEDNESDAY, f"at most {MAX_DAYS}"),
        ("", WEDNESDAY, "empty"),
    ],
)
def test_parse_days_refuses(text, today, reason):
    with pytest.raises(NaturalTimeError) as caught:
        parse_days(text, today)
    message = str(caught.value)
    assert message.startswith(f'cannot read the day "{text}": ')
    assert reason in message
    assert caught.value.part == "day"


def test_unknown_month_message_is_as_documented():
    with pytest.raises(NaturalTimeError) as caught:
        parse_days("Marhc 2-6", WEDNESDAY)
    assert str(caught.value).startswith('cannot read the day "Marhc 2-6": unknown month "Marhc"')


def test_a_datetime_as_today_is_read_as_its_date():
    assert parse_days("yesterday", datetime(2026, 3, 11, 23, 59, tzinfo=UTC)) == [date(2026, 3, 10)]


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@given(dates, st.integers(1, MAX_DAYS), st.sampled_from(["..", " - ", "-", " to ", "\u2013"]))
def test_an_iso_range_of_n_days_gives_n_dates_in_order(first, count, separator):
    last = first + timedelta(days=count - 1)
    got = parse_days(f"{first.isoformat()}{separator}{last.isoformat()}", WEDNESDAY)
    assert got == days(first, last)
    assert len(got) == count


@given(st.integers(2000, 2099), st.integers(1, 12), st.data())
def test_a_named_month_range_gives_every_day_in_order(year, month, data):
    length = calendar.monthrange(year, month)[1]
    first = data.draw(st.integers(1, length))
    last = data.draw(st.integers(first, length))
    name = data.draw(st.sampled_from([calendar.month_name[month], calendar.month_abbr[month]]))
    today = date(year, 6, 15)
    got = parse_days(f"{name} {first}-{last}", today)
    assert got == days(date(year, month, first), date(year, month, last))


@given(st.lists(dates, min_size=1, max_size=20))
def test_a_list_of_dates_gives_them_sorted_once_each(listed):
    got = parse_days(", ".join(d.isoformat() for d in listed), WEDNESDAY)
    assert got == sorted(set(listed))


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)))
def test_relative_days_follow_today(today):
    assert parse_days("today", today) == [today]
    assert parse_days("yesterday", today) == [today - timedelta(days=1)]
    [last_monday] = parse_days("last monday", today)
    assert last_monday.weekday() == 0 and 1 <= (today - last_monday).days <= 7


# --- conversion to UTC --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "clock", "zone", "expected"),
    [
        (date(2025, 3, 10), time(9), "-3", utc(2025, 3, 10, 12)),
        (date(2025, 3, 10), time(9), BUENOS_AIRES, utc(2025, 3, 10, 12)),
        (date(2025, 7, 10), time(9), BUENOS_AIRES, utc(2025, 7, 10, 12)),  # no DST
        (date(2026, 3, 2), time(9), KOLKATA, utc(2026, 3, 2, 3, 30)),
        (date(2026, 8, 2), time(9), KOLKATA, utc(2026, 8, 2, 3, 30)),
        (date(2026, 3, 2), time(9), "+5:30", utc(2026, 3, 2, 3, 30)),
        (date(2026, 3, 2), time(2), KOLKATA, utc(2026, 3, 1, 20, 30)),  # the previous UTC day
        (date(2026, 3, 6), time(9), NEW_YORK, utc(2026, 3, 6, 14)),  # EST
        (date(2026, 3, 9), time(9), NEW_YORK, utc(2026, 3, 9, 13)),  # EDT
        (date(2026, 3, 8), time(1, 59), NEW_YORK, utc(2026, 3, 8, 6, 59)),  # just before the gap
        (date(2026, 3, 8), time(3), NEW_YORK, utc(2026, 3, 8, 7)),  # just after it
        (date(2026, 3, 28), time(9), BERLIN, utc(2026, 3, 28, 8)),  # CET
        (date(2026, 3, 30), time(9), BERLIN, utc(2026, 3, 30, 7)),  # CEST
        (date(2026, 7, 15), time(9), LORD_HOWE, utc(2026, 7, 14, 22, 30)),  # +10:30
        (date(2026, 1, 15), time(9), LORD_HOWE, utc(2026, 1, 14, 22)),  # +11 (half-hour DST)
        (date(2026, 3, 10), time(9), "UTC", utc(2026, 3, 10, 9)),
    ],
)
def test_to_utc(day, clock, zone, expected):
    assert to_utc(day, clock, zone) == expected
    assert to_utc(day, clock, parse_zone(zone)) == expected


@pytest.mark.parametrize(
    ("day", "clock", "zone", "jump"),
    [
        (date(2026, 3, 8), time(2, 30), NEW_YORK,
         "from 02:00 to 03:00 on 2026-03-08 (UTC-05:00 to UTC-04:00)"),
        (date(2026, 3, 8), time(2), NEW_YORK, "from 02:00 to 03:00"),
        (date(2026, 3, 29), time(2, 30), BERLIN,
         "from 02:00 to 03:00 on 2026-03-29 (UTC+01:00 to UTC+02:00)"),
        (date(2026, 10, 4), time(2, 15), LORD_HOWE,
         "from 02:00 to 02:30 on 2026-10-04 (UTC+10:30 to UTC+11:00)"),
    ],
)
def test_a_time_skipped_by_spring_forward_is_an_error_naming_it(day, clock, zone, jump):
    with pytest.raises(NaturalTimeError) as caught:
        to_utc(day, clock, zone)
    message = str(caught.value)
    assert format_clock(clock) in message
    assert day.isoformat() in message
    assert zone in message
    assert "does not exist" in message
    assert jump in message


@pytest.mark.parametrize(
    ("day", "clock", "zone", "first", "second"),
    [
        (date(2026, 11, 1), time(1, 30), NEW_YORK, utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)),
        (date(2026, 10, 25), time(2, 30), BERLIN, utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)),
        (date(2026, 4, 5), time(1, 45), LORD_HOWE, utc(2026, 4, 4, 14, 45), utc(2026, 4, 4, 15, 15)),
    ],
)
def test_a_time_repeated_by_fall_back_takes_its_first_occurrence(day, clock, zone, first, second):
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, clock)
    assert wall.replace(tzinfo=tz, fold=1).astimezone(UTC) == second  # it does happen twice
    assert to_utc(day, clock, zone) == first


@given(dates, st.times().map(lambda t: t.replace(microsecond=0)), st.integers(-14 * 60, 14 * 60))
def test_any_fixed_offset_converts_back_to_the_same_wall_clock(day, clock, minutes):
    tz = timezone(timedelta(minutes=minutes))
    instant = to_utc(day, clock, tz)
    assert instant.tzinfo is UTC
    back = instant.astimezone(tz)
    assert (back.date(), back.time()) == (day, clock)


@settings(max_examples=300)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2040, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    st.sampled_from([NEW_YORK, BERLIN, LORD_HOWE, KOLKATA, BUENOS_AIRES]),
)
@example(datetime(2026, 3, 8, 2, 30), NEW_YORK)
@example(datetime(2026, 11, 1, 1, 30), NEW_YORK)
@example(datetime(2026, 10, 4, 2, 15), LORD_HOWE)
@example(datetime(2026, 4, 5, 1, 45), LORD_HOWE)
def test_zone_conversion_round_trips_or_names_a_skipped_time(wall, zone):
    tz = ZoneInfo(zone)
    candidates = {wall.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1)}
    exists = [c for c in candidates if c.astimezone(tz).replace(tzinfo=None) == wall]
    try:
        instant = to_utc(wall.date(), wall.time(), zone)
    except NaturalTimeError as exc:
        assert not exists
        assert "does not exist" in str(exc) and zone in str(exc)
        return
    assert instant.astimezone(tz).replace(tzinfo=None) == wall
    assert instant == min(exists)  # the first occurrence when there are two


# --- plans --------------------------------------------------------------------------------------


def test_acceptance_nine_am_at_minus_three():
    expected = [(utc(2025, 3, 10, 12), utc(2025, 3, 10, 15, 30))]
    assert plan("09:00-12:30", [date(2025, 3, 10)], "-3") == expected
    [(start, _)] = plan("09:00-12:30", [date(2025, 3, 10)], parse_zone("-3"))
    assert start.isoformat() == "2025-03-10T12:00:00+00:00"


def test_new_york_before_and_after_the_2026_spring_forward():
    before = plan("09:00-12:30", parse_days("March 2-6", WEDNESDAY), NEW_YORK)  # EST, UTC-5
    after = plan("09:00-12:30", parse_days("March 9-13", WEDNESDAY), NEW_YORK)  # EDT, UTC-4
    assert before == [(utc(2026, 3, d, 14), utc(2026, 3, d, 17, 30)) for d in range(2, 7)]
    assert after == [(utc(2026, 3, d, 13), utc(2026, 3, d, 16, 30)) for d in range(9, 14)]


def test_plan_reads_days_as_text_given_today():
    assert plan("9-12:30", "March 2-6", NEW_YORK, today=WEDNESDAY) == plan(
        "09:00-12:30", parse_days("March 2-6", WEDNESDAY), NEW_YORK
    )
    with pytest.raises(TypeError):
        plan("9-12:30", "March 2-6", NEW_YORK)


def test_plan_over_the_berlin_and_lord_howe_changes():
    berlin = plan("09:00-17:00", parse_days("March 27-30", WEDNESDAY), BERLIN)
    assert [start for start, _ in berlin] == [
        utc(2026, 3, 27, 8), utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)
    ]
    assert all(end - start == timedelta(hours=8) for start, end in berlin)
    howe = plan("09:00-17:00", parse_days("April 3-6", WEDNESDAY), LORD_HOWE)
    assert [start for start, _ in howe] == [
        utc(2026, 4, 2, 22), utc(2026, 4, 3, 22), utc(2026, 4, 4, 22, 30), utc(2026, 4, 5, 22, 30)
    ]


def test_zones_without_dst_keep_their_offset_all_year():
    year = parse_days("2026-01-01..2026-12-31", WEDNESDAY)
    for zone, hour, minute in ((KOLKATA, 3, 30), (BUENOS_AIRES, 12, 0)):
        entries = plan("09:00-10:00", year, zone)
        assert len(entries) == 365
        assert {(start.hour, start.minute) for start, _ in entries} == {(hour, minute)}
        assert [start.date() for start, _ in entries] == year


def test_an_overnight_range_ends_the_next_day():
    assert plan("22:00-01:30", [date(2025, 3, 10)], "-3") == [(utc(2025, 3, 11, 1), utc(2025, 3, 11, 4, 30))]
    entries = plan("22:00-01:30", parse_days("March 2-3", WEDNESDAY), BUENOS_AIRES)
    assert entries == [
        (utc(2026, 3, 3, 1), utc(2026, 3, 3, 4, 30)),
        (utc(2026, 3, 4, 1), utc(2026, 3, 4, 4, 30)),
    ]


def test_an_overnight_range_across_a_change_has_the_hours_that_really_passed():
    [(start, end)] = plan("22:00-06:00", [date(2026, 3, 7)], NEW_YORK)  # spring forward at 02:00
    assert (start, end) == (utc(2026, 3, 8, 3), utc(2026, 3, 8, 10))
    assert end - start == timedelta(hours=7)
    [(start, end)] = plan("22:00-06:00", [date(2026, 10, 31)], NEW_YORK)  # fall back at 02:00
    assert end - start == timedelta(hours=9)


def test_a_range_through_the_repeated_hour():
    [(start, end)] = plan("01:30-02:30", [date(2026, 11, 1)], NEW_YORK)
    assert (start, end) == (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 7, 30))  # first 01:30 EDT to 02:30 EST


def test_a_plan_touching_a_skipped_time_is_refused():
    with pytest.raises(NaturalTimeError, match=r'"02:30" on 2026-03-08 in America/New_York: it does not'):
        plan("02:30-04:00", parse_days("March 7-9", WEDNESDAY), NEW_YORK)
    with pytest.raises(NaturalTimeError, match="Australia/Lord_Howe"):
        plan("01:00-02:15", [date(2026, 10, 4)], LORD_HOWE)


def test_plan_at_the_edge_of_the_calendar_is_refused_plainly():
    with pytest.raises(NaturalTimeError, match="out of range|after the last date"):
        plan("22:00-01:00", [date.max], "+14")
    with pytest.raises(NaturalTimeError, match="out of range"):
        plan("01:00-02:00", [date.min], "+14")


def test_plan_refuses_bad_parts():
    with pytest.raises(NaturalTimeError, match=r'^cannot read the time range "9:00-"'):
        plan("9:00-", [date(2025, 3, 10)], "-3")
    with pytest.raises(NaturalTimeError, match=r'^cannot read the time zone "Mars/Base"'):
        plan("9:00-10:00", [date(2025, 3, 10)], "Mars/Base")


def _twelve_hour(value: time) -> str:
    return f"{value.hour % 12 or 12}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


@given(
    dates,
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    st.integers(-14 * 60, 14 * 60),
    st.booleans(),
)
def test_planned_entries_last_the_wall_clock_length_at_a_fixed_offset(day, start, end, minutes, twelve):
    assume(start != end)
    if twelve:
        text = f"{_twelve_hour(start)}-{_twelve_hour(end)}"
    else:
        # 10:30-10:15 could be a 12-hour daytime range as well: such a range is refused (tested above)
        assume(not (end < start and start.hour <= 12 and 10 <= end.hour <= 12))
        text = f"{format_clock(start)}-{format_clock(end)}"
    tz = timezone(timedelta(minutes=minutes))
    [(begin, finish)] = plan(text, [day], tz)
    length = datetime.combine(day, end) - datetime.combine(day, start)
    if length <= timedelta(0):
        length += timedelta(days=1)
    assert finish - begin == length
    local = begin.astimezone(tz)
    assert (local.date(), local.time()) == (day, start)


# --- instants -----------------------------------------------------------------------------------


def test_iso_instants_pass_through_unconverted():
    assert parse_instant("2025-03-10T12:00:00Z") == utc(2025, 3, 10, 12)
    with_offset = parse_instant("2025-03-10T09:00:00-03:00")
    assert with_offset == utc(2025, 3, 10, 12)
    assert with_offset.utcoffset() == timedelta(hours=-3)  # kept as written
    fraction = parse_instant("2025-03-10T12:00:00.250+05:30")
    assert fraction == utc(2025, 3, 10, 6, 30) + timedelta(milliseconds=250)
    assert parse_instant("2025-03-10 12:00z") == utc(2025, 3, 10, 12)


def test_plan_instants():
    assert plan_instants("2025-03-10T12:00:00Z", "2025-03-10T15:00:00Z") == [
        (utc(2025, 3, 10, 12), utc(2025, 3, 10, 15))
    ]
    # the zone of the command line does not touch instants that carry their offset
    assert plan_instants("2025-03-10T12:00:00Z", "2025-03-10T15:00:00+01:00", NEW_YORK) == [
        (utc(2025, 3, 10, 12), utc(2025, 3, 10, 14))
    ]
    # without an offset an instant is wall-clock time in the zone given
    assert plan_instants("2025-03-10T09:00", "2025-03-10T12:00", "-3") == [
        (utc(2025, 3, 10, 12), utc(2025, 3, 10, 15))
    ]


@pytest.mark.parametrize(
    ("start", "end", "tz", "bad", "reason"),
    [
        ("2025-03-10T15:00:00Z", "2025-03-10T12:00:00Z", None, "2025-03-10T12:00:00Z", "not after the start"),
        ("2025-03-10T12:00:00Z", "2025-03-10T12:00:00Z", None, "2025-03-10T12:00:00Z", "not after the start"),
        ("2025-03-10T12:00:00", "2025-03-10T15:00:00Z", None, "2025-03-10T12:00:00", "no offset"),
        ("2025-03-10T12:00:00Z", "2025-03-10T25:00:00Z", None, "2025-03-10T25:00:00Z", "not an ISO 8601"),
        ("2025-02-30T12:00:00Z", "2025-03-10T15:00:00Z", None, "2025-02-30T12:00:00Z", "not an ISO 8601"),
        ("2025-03-10", "2025-03-11", None, "2025-03-10", "expected an ISO 8601 date and time"),
        ("2026-03-08T02:30", "2026-03-08T05:00", NEW_YORK, "02:30", "does not exist"),
    ],
)
def test_plan_instants_refuses(start, end, tz, bad, reason):
    with pytest.raises(NaturalTimeError) as caught:
        plan_instants(start, end, tz)
    assert bad in str(caught.value)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("08:45", "-3", utc(2025, 3, 10, 11, 45)),
        ("17:10", "-3", utc(2025, 3, 10, 20, 10)),
        ("5:10pm", "-3", utc(2025, 3, 10, 20, 10)),
        ("08:45", NEW_YORK, utc(2025, 3, 10, 12, 45)),  # EDT since 9 March 2025
        ("08:45", KOLKATA, utc(2025, 3, 10, 3, 15)),
        ("2025-03-10T12:00:00Z", "-3", utc(2025, 3, 10, 12)),  # an instant is not moved by --tz
        ("2025-03-10T12:00:00+05:30", NEW_YORK, utc(2025, 3, 10, 6, 30)),
    ],
)
def test_parse_at(text, zone, expected):
    got = parse_at(text, date(2025, 3, 10), zone)
    assert got == expected and got.tzinfo is UTC


def test_parse_at_refuses():
    with pytest.raises(NaturalTimeError, match=r'^cannot read the time "25:10"'):
        parse_at("25:10", date(2025, 3, 10), "-3")
    with pytest.raises(NaturalTimeError, match="does not exist"):
        parse_at("02:30", date(2026, 3, 8), NEW_YORK)


def test_looks_like_instant():
    assert looks_like_instant("2025-03-10T12:00:00Z")
    assert looks_like_instant("2025-03-10 12:00")
    assert not looks_like_instant("09:00-12:30")
    assert not looks_like_instant("2025-03-10")
    assert not looks_like_instant(None)


# --- every bad input is a NaturalTimeError, never another exception -----------------------------

_PIECES = list("0123456789:-\u2013.,/ ") + [
    "am", "pm", "T", "Z", "+", "March", "Feb", "and", "to", "last", "monday", "days", "ago", "..", "2025-02-",
    "24:", "Europe/", "UTC", "\u00e9", "\x00", "right/", "of",
]
_TEXTS = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))


@settings(max_examples=400)
@given(_TEXTS)
def test_any_text_is_read_or_refused_with_a_natural_time_error(text):
    for read in (
        lambda t: parse_days(t, WEDNESDAY),
        parse_range,
        parse_clock,
        parse_zone,
        parse_instant,
        lambda t: parse_at(t, WEDNESDAY, NEW_YORK),
        lambda t: plan(t, [MONDAY], BERLIN),
        zone_from_env,
    ):
        try:
            read(text)
        except NaturalTimeError as exc:
            assert str(exc).startswith("cannot ")


def test_non_text_is_refused_plainly():
    with pytest.raises(NaturalTimeError, match="expected text"):
        parse_range(930)
    with pytest.raises(NaturalTimeError, match="expected text"):
        parse_zone(None)


def test_errors_are_value_errors():
    assert issubclass(NaturalTimeError, ValueError)


# --- the clock and the imports ------------------------------------------------------------------


def test_now_and_today_in():
    before = datetime.now(UTC)
    current = now()
    assert current.tzinfo is UTC and before <= current <= datetime.now(UTC)
    tz = ZoneInfo(KOLKATA)
    assert today_in(KOLKATA) in {datetime.now(tz).date(), (datetime.now(tz) - timedelta(minutes=1)).date()}
    assert isinstance(today_in(UTC), date)


def test_only_now_and_today_in_read_the_system_clock():
    source = Path(natural.__file__).read_text()
    assert source.count(".now(") == 2
    assert not re.search(r"\btoday\(\)|\btime\.time\(|\butcnow\(|\bmonotonic\(|\blocaltime\(", source)


def test_importing_natural_loads_only_the_standard_library():
    script = textwrap.dedent(
        """
        import json, sys, sysconfig
        before = set(sys.modules)
        import timeledger.core.natural as natural
        imported = set(sys.modules) - before
        natural.plan("09:00-12:30", natural.parse_days("March 2-6", natural.today_in("UTC")), "Europe/Berlin")
        used = set(sys.modules) - before

        paths = sysconfig.get_paths()
        stdlib_dirs = (paths["stdlib"], paths["platstdlib"])
        site_dirs = (paths["purelib"], paths["platlib"])

        def third_party(name):
            if name.split(".")[0] == "timeledger" or name.split(".")[0] in sys.stdlib_module_names:
                return False
            where = getattr(sys.modules[name], "__file__", None) or ""
            # e.g. _sysconfigdata_*, whose name depends on the platform
            return not (where.startswith(stdlib_dirs) and not where.startswith(site_dirs))

        print(json.dumps({
            "imported": sorted(imported),
            "foreign_imported": sorted(n for n in imported if third_party(n)),
            "foreign_used": sorted(n for n in used if third_party(n)),
        }))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report["foreign_imported"] == []
    ours = {name for name in report["imported"] if name.split(".")[0] == "timeledger"}
    assert ours <= {"timeledger", "timeledger.core", "timeledger.core.natural", "timeledger.core.zones"}
    # Using it may load zone data: zoneinfo reads the `tzdata` package where the system has no zone files.
    assert [name for name in report["foreign_used"] if name.split(".")[0] != "tzdata"] == []
