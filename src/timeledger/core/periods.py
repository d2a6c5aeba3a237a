"""Calendar periods: timesheet periods and pay periods, as inclusive ranges of local days.

Pure functions, no I/O. A period is `(first_day, last_day)`, both inclusive. Periods of one
kind tile the calendar: every day falls in exactly one, and consecutive periods touch.

Kinds (Clockify's approval period names, plus BIWEEKLY):
- WEEKLY: seven days from the week start (MONDAY … SUNDAY);
- BIWEEKLY: fourteen days, one of which periods starts on `anchor` (any date, past or future);
- SEMI_MONTHLY: the 1st to the 15th, and the 16th to the month's last day;
- MONTHLY: the calendar month.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

WEEK_DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
KINDS = ("WEEKLY", "BIWEEKLY", "SEMI_MONTHLY", "MONTHLY")
# Other spellings in use: the payroll report's SEMIMONTHLY, ClickTime's lower-case models.
ALIASES = {
    "SEMIMONTHLY": "SEMI_MONTHLY",
    "weekly": "WEEKLY",
    "biweekly": "BIWEEKLY",
    "semimonthly": "SEMI_MONTHLY",
    "monthly": "MONTHLY",
}
DEFAULT_ANCHOR = date(2024, 1, 1)  # a Monday

Period = tuple[date, date]


def canonical(kind: str) -> str:
    """The canonical name of a period kind; ValueError for an unknown one."""
    name = ALIASES.get(kind, kind)
    if name not in KINDS:
        raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(KINDS)}")
    return name


def week_start_of(day: date, week_start: str = "MONDAY") -> date:
    """The first day of the week `day` falls in, weeks starting on `week_start`."""
    return day - timedelta(days=(day.weekday() - WEEK_DAYS.index(week_start)) % 7)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def period_of(day: date, kind: str, week_start: str = "MONDAY", anchor: date = DEFAULT_ANCHOR) -> Period:
    """The period of `kind` that contains `day`."""
    kind = canonical(kind)
    if kind == "WEEKLY":
        first = week_start_of(day, week_start)
        return first, first + timedelta(days=6)
    if kind == "BIWEEKLY":
        # Floor division keeps days before the anchor in whole fourteen-day steps too.
        first = anchor + timedelta(days=14 * ((day - anchor).days // 14))
        return first, first + timedelta(days=13)
    if kind == "SEMI_MONTHLY":
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), month_end(day)
    return day.replace(day=1), month_end(day)


def next_period(period: Period, kind: str, week_start: str = "MONDAY", anchor: date = DEFAULT_ANCHOR) -> Period:
    return period_of(period[1] + timedelta(days=1), kind, week_start, anchor)


def periods_between(
    first: date, last: date, kind: str, week_start: str = "MONDAY", anchor: date = DEFAULT_ANCHOR
) -> Iterator[Period]:
    """Every period that touches a day in [first, last], in order (none when last < first)."""
    if last < first:
        return
    period = period_of(first, kind, week_start, anchor)
    while period[0] <= last:
        yield period
        period = next_period(period, kind, week_start, anchor)


def is_period_start(day: date, kind: str, week_start: str = "MONDAY", anchor: date = DEFAULT_ANCHOR) -> bool:
    return period_of(day, kind, week_start, anchor)[0] == day


def describe(period: Period) -> str:
    """A period in words for messages: `2026-03-09 – 2026-03-15`."""
    return f"{period[0].isoformat()} – {period[1].isoformat()}"
