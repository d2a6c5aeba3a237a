"""Hours as people type them into a timesheet cell, and the week a day belongs to."""

from __future__ import annotations

from datetime import date

import pytest

from timeledger.services.errors import Invalid
from timeledger.core.periods import week_start_of
from timeledger.services.week_grid import parse_hours


@pytest.mark.parametrize(("typed", "seconds"), [
    ("1:30", 5400), ("1.5", 5400), ("1,5", 5400), ("90m", 5400), ("1h 30m", 5400), ("1h30m", 5400), ("2h", 7200),
    ("1.5h", 5400), ("0:05", 300), (".25", 900), ("  3 ", 10800), ("24", 86400), ("0", 0), ("", 0), ("   ", 0),
    (None, 0), ("8:00", 28800),
])
def test_hours_as_typed(typed, seconds):
    assert parse_hours(typed) == seconds


@pytest.mark.parametrize("typed", ["abc", "1:75", "1:3", "-1", "1..5", "h", "m", "1 30", "2 hours", "1:30:00"])
def test_what_is_not_hours_is_refused_with_a_message(typed):
    with pytest.raises(Invalid, match="is not a duration"):
        parse_hours(typed)


def test_a_cell_holds_at_most_one_day():
    with pytest.raises(Invalid, match="at most 24 hours"):
        parse_hours("24:01")
    with pytest.raises(Invalid, match="at most 24 hours"):
        parse_hours("1500m")


def test_weeks_follow_the_week_start():
    wednesday = date(2026, 3, 4)
    assert week_start_of(wednesday, "MONDAY") == date(2026, 3, 2)
    assert week_start_of(wednesday, "SUNDAY") == date(2026, 3, 1)
    assert week_start_of(wednesday, "SATURDAY") == date(2026, 2, 28)
    assert week_start_of(date(2026, 3, 1), "SUNDAY") == date(2026, 3, 1)
