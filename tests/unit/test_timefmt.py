"""timeledger.core.timefmt: ISO 8601 instants and Java-style durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.core.timefmt import (
    TimeFormatError,
    format_duration,
    format_instant,
    parse_duration,
    parse_instant,
)

# --- parse_instant ------------------------------------------------------------------------------


def test_parse_instant_z_is_utc():
    parsed = parse_instant("2026-03-02T12:00:00Z")
    assert parsed == datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02T12:00:00+02:00", datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)),
        ("2026-03-02T01:30:00+02:00", datetime(2026, 3, 1, 23, 30, 0, tzinfo=UTC)),
        ("2026-03-02T12:00:00-05:00", datetime(2026, 3, 2, 17, 0, 0, tzinfo=UTC)),
        ("2026-03-02T12:00:00+05:30", datetime(2026, 3, 2, 6, 30, 0, tzinfo=UTC)),
        ("2026-03-02T12:00:00+00:00", datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)),
    ],
)
def test_parse_instant_honours_offsets_and_returns_utc(text, expected):
    parsed = parse_instant(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0), "the result is expressed in UTC"


def test_parse_instant_keeps_milliseconds_and_microseconds():
    assert parse_instant("2026-03-02T12:00:00.123Z") == datetime(2026, 3, 2, 12, 0, 0, 123000, tzinfo=UTC)
    assert parse_instant("2026-03-02T12:00:00.123456Z") == datetime(2026, 3, 2, 12, 0, 0, 123456, tzinfo=UTC)
    assert parse_instant("2026-03-02T12:00:00.5+01:00") == datetime(2026, 3, 2, 11, 0, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-03-02T12:00:00", "2026-03-02T12:00:00.123", "2026-03-02"])
def test_parse_instant_refuses_naive_values(text):
    with pytest.raises(TimeFormatError, match="offset"):
        parse_instant(text)


@pytest.mark.parametrize(
    "text",
    ["", "garbage", "Z", "2026-13-02T12:00:00Z", "2026-03-32T12:00:00Z", "2026-03-02T25:00:00Z",
     "12:00:00Z", "2026-03-02T12:00:00+25:00", "tomorrow at noon"],
)
def test_parse_instant_refuses_garbage(text):
    with pytest.raises(TimeFormatError):
        parse_instant(text)


@pytest.mark.parametrize("value", [None, 1772452800, b"2026-03-02T12:00:00Z"])
def test_parse_instant_refuses_non_strings(value):
    with pytest.raises(TimeFormatError):
        parse_instant(value)


def test_time_format_error_is_a_value_error():
    # API layers translate ValueError into a 400; TimeFormatError must be one.
    assert issubclass(TimeFormatError, ValueError)


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_parse_instant_of_an_offset_rendering_is_the_same_instant(naive, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    instant = naive.replace(tzinfo=zone)
    parsed = parse_instant(instant.isoformat())
    assert parsed == instant
    assert parsed.utcoffset() == timedelta(0)


# --- format_instant -----------------------------------------------------------------------------


def test_format_instant_is_utc_second_precision_with_z():
    value = datetime(2026, 3, 2, 14, 5, 9, 987654, tzinfo=timezone(timedelta(hours=2)))
    assert format_instant(value) == "2026-03-02T12:05:09Z"


def test_format_instant_treats_naive_as_utc_and_passes_none():
    assert format_instant(datetime(2026, 3, 2, 12, 0, 0)) == "2026-03-02T12:00:00Z"
    assert format_instant(None) is None


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9999, 1, 1), timezones=st.just(UTC)))
def test_format_then_parse_instant_truncates_to_the_second(instant):
    text = format_instant(instant)
    assert text.endswith("Z") and len(text) == 20
    assert parse_instant(text) == instant.replace(microsecond=0)


# --- durations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),
        (1, "PT1S"),
        (59, "PT59S"),
        (60, "PT1M"),
        (61, "PT1M1S"),
        (3600, "PT1H"),
        (3601, "PT1H1S"),
        (2 * 3600 + 54 * 60, "PT2H54M"),
        (5400, "PT1H30M"),
        (25 * 3600, "PT25H"),
        (86400, "PT24H"),
        (100 * 3600 + 1, "PT100H1S"),
    ],
)
def test_format_duration_like_java_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_duration_never_prints_days_and_passes_none():
    assert "D" not in format_duration(10 * 86400 + 7)
    assert format_duration(None) is None


def test_format_duration_of_negative_seconds_has_a_leading_sign():
    assert format_duration(-3600) == "-PT1H"
    assert format_duration(-90) == "-PT1M30S"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT2H54M", 10440),
        ("PT0S", 0),
        ("PT25H", 90000),
        ("P1D", 86400),
        ("P1DT1H", 90000),
        ("PT1H30M", 5400),
        ("PT90M", 5400),
        ("PT45S", 45),
        ("pt1h", 3600),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["", "P", "PT", "1H", "P1Y", "P1M", "P1W", "P1DT", "PT1H2", "PTH", "PT-1H", "PT1X", "2H30M", "P1Y2M3DT4H",
     "PT1H PT1M", "T1H"],
)
def test_parse_duration_refuses_bad_inputs(text):
    with pytest.raises(TimeFormatError):
        parse_duration(text)


@pytest.mark.parametrize("value", [None, 3600, 1.5])
def test_parse_duration_refuses_non_strings(value):
    with pytest.raises(TimeFormatError):
        parse_duration(value)


@pytest.mark.parametrize("text", ["PT9999999999999999H", "P99999999999D", "PT" + "9" * 40 + "S"])
def test_parse_duration_refuses_durations_too_large_to_represent(text):
    # Syntactically fine but beyond any datetime: still a format error (a 400), never an OverflowError.
    with pytest.raises(TimeFormatError):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_duration_round_trip(seconds):
    text = format_duration(seconds)
    assert text.startswith("PT") and "D" not in text
    assert parse_duration(text) == seconds


@given(st.integers(min_value=1, max_value=10**12))
def test_format_duration_components_are_normalised(seconds):
    # Java's Duration: hours unbounded, minutes and seconds below 60, zero parts left out.
    import re

    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", format_duration(seconds))
    assert match is not None
    hours, minutes, secs = (int(g) if g is not None else None for g in match.groups())
    assert minutes is None or 0 < minutes < 60
    assert secs is None or 0 < secs < 60
    assert hours is None or hours > 0
    assert (hours or 0) * 3600 + (minutes or 0) * 60 + (secs or 0) == seconds


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=23),
       st.integers(min_value=0, max_value=59), st.integers(min_value=0, max_value=59))
def test_parse_duration_with_days_counts_24_hours_per_day(days, hours, minutes, secs):
    text = f"P{days}DT{hours}H{minutes}M{secs}S"
    assert parse_duration(text) == days * 86400 + hours * 3600 + minutes * 60 + secs


@pytest.mark.parametrize(("text", "seconds"), [("PT0.5S", 1), ("PT1.5S", 2), ("PT2.5S", 3), ("PT0.49S", 0)])
def test_fractions_of_a_second_round_half_up(text, seconds):
    assert parse_duration(text) == seconds
