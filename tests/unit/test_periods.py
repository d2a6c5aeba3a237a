"""timeledger.core.periods: timesheet and pay periods tile the calendar for every kind, week start
and anchor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.core.periods import (
    KINDS,
    WEEK_DAYS,
    canonical,
    describe,
    is_period_start,
    period_of,
    periods_between,
)

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))
kinds = st.sampled_from(KINDS)
week_starts = st.sampled_from(WEEK_DAYS)


@pytest.mark.parametrize(
    ("day", "kind", "week_start", "anchor", "expected"),
    [
        (date(2026, 3, 11), "WEEKLY", "MONDAY", None, (date(2026, 3, 9), date(2026, 3, 15))),
        (date(2026, 3, 9), "WEEKLY", "MONDAY", None, (date(2026, 3, 9), date(2026, 3, 15))),
        (date(2026, 3, 15), "WEEKLY", "MONDAY", None, (date(2026, 3, 9), date(2026, 3, 15))),
        (date(2026, 3, 11), "WEEKLY", "SUNDAY", None, (date(2026, 3, 8), date(2026, 3, 14))),
        (date(2026, 3, 14), "WEEKLY", "SATURDAY", None, (date(2026, 3, 14), date(2026, 3, 20))),
        # Biweekly: periods start on the anchor and every fourteen days before and after it.
        (date(2026, 3, 11), "BIWEEKLY", "MONDAY", date(2026, 3, 2), (date(2026, 3, 2), date(2026, 3, 15))),
        (date(2026, 3, 16), "BIWEEKLY", "MONDAY", date(2026, 3, 2), (date(2026, 3, 16), date(2026, 3, 29))),
        (date(2026, 3, 1), "BIWEEKLY", "MONDAY", date(2026, 3, 2), (date(2026, 2, 16), date(2026, 3, 1))),
        (date(2020, 1, 1), "BIWEEKLY", "MONDAY", date(2030, 6, 5), (date(2020, 1, 1), date(2020, 1, 14))),
        (date(2019, 12, 31), "BIWEEKLY", "MONDAY", date(2030, 6, 5), (date(2019, 12, 18), date(2019, 12, 31))),
        (date(2026, 3, 15), "SEMI_MONTHLY", "MONDAY", None, (date(2026, 3, 1), date(2026, 3, 15))),
        (date(2026, 3, 16), "SEMI_MONTHLY", "MONDAY", None, (date(2026, 3, 16), date(2026, 3, 31))),
        (date(2026, 2, 20), "SEMIMONTHLY", "MONDAY", None, (date(2026, 2, 16), date(2026, 2, 28))),
        (date(2028, 2, 29), "SEMI_MONTHLY", "MONDAY", None, (date(2028, 2, 16), date(2028, 2, 29))),
        (date(2026, 12, 31), "MONTHLY", "MONDAY", None, (date(2026, 12, 1), date(2026, 12, 31))),
        (date(2026, 4, 1), "monthly", "MONDAY", None, (date(2026, 4, 1), date(2026, 4, 30))),
    ],
)
def test_examples(day, kind, week_start, anchor, expected):
    args = (day, kind, week_start) + ((anchor,) if anchor else ())
    assert period_of(*args) == expected


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown period kind"):
        period_of(date(2026, 3, 1), "FORTNIGHTLY")
    with pytest.raises(ValueError):
        canonical("custom")


def test_describe_names_both_ends():
    assert describe((date(2026, 3, 9), date(2026, 3, 15))) == "2026-03-09 – 2026-03-15"


@given(days, kinds, week_starts, days)
def test_the_period_contains_the_day_and_has_the_right_length(day, kind, week_start, anchor):
    first, last = period_of(day, kind, week_start, anchor)
    assert first <= day <= last
    length = (last - first).days + 1
    if kind == "WEEKLY":
        assert length == 7 and WEEK_DAYS[first.weekday()] == week_start
    elif kind == "BIWEEKLY":
        assert length == 14 and (first - anchor).days % 14 == 0
    elif kind == "SEMI_MONTHLY":
        assert (first.day, last.day <= 15) in ((1, True), (16, False))
        assert first.month == last.month and first.year == last.year
    else:
        assert first.day == 1 and (last + timedelta(days=1)).day == 1 and first.month == last.month


@given(days, kinds, week_starts, days)
def test_every_day_of_a_period_has_that_period(day, kind, week_start, anchor):
    period = period_of(day, kind, week_start, anchor)
    assert period_of(period[0], kind, week_start, anchor) == period
    assert period_of(period[1], kind, week_start, anchor) == period
    assert is_period_start(period[0], kind, week_start, anchor)
    # And the neighbouring days belong to the neighbouring periods.
    before = period_of(period[0] - timedelta(days=1), kind, week_start, anchor)
    after = period_of(period[1] + timedelta(days=1), kind, week_start, anchor)
    assert before[1] + timedelta(days=1) == period[0]
    assert period[1] + timedelta(days=1) == after[0]


@given(days, st.integers(min_value=0, max_value=200), kinds, week_starts, days)
def test_periods_between_tile_the_range(first, span, kind, week_start, anchor):
    last = first + timedelta(days=span)
    periods = list(periods_between(first, last, kind, week_start, anchor))
    assert periods[0][0] <= first <= periods[0][1]
    assert periods[-1][0] <= last <= periods[-1][1]
    for (_, end), (start, _) in zip(periods, periods[1:]):
        assert end + timedelta(days=1) == start
    for period in periods:
        assert period == period_of(period[0], kind, week_start, anchor)


@given(days, kinds)
def test_an_empty_range_has_no_periods(day, kind):
    assert list(periods_between(day, day - timedelta(days=1), kind)) == []
