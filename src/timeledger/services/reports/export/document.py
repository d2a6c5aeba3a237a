"""What an export says, independent of its file format, and how its values read as text.

A report service describes its export once as a ReportDocument; the CSV, XLSX and PDF renderers
all read the same description and share the one text formatting below, so a duration or an
amount never reads differently in two formats of the same report.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

KINDS = frozenset({"text", "date", "time", "duration", "hours", "money", "count", "bool"})

# Kinds whose values are numbers: right-aligned in the PDF, numeric cells in XLSX.
NUMERIC_KINDS = frozenset({"duration", "hours", "money", "count"})

# Clockify's user date formats: how each reads in text, and the matching Excel number format.
DATE_FORMATS: dict[str, str] = {
    "YYYY-MM-DD": "yyyy-mm-dd",
    "MM/DD/YYYY": "mm/dd/yyyy",
    "DD/MM/YYYY": "dd/mm/yyyy",
    "DD-MM-YYYY": "dd-mm-yyyy",
    "MM-DD-YYYY": "mm-dd-yyyy",
    "DD.MM.YYYY": "dd.mm.yyyy",
}

# Clockify's user time formats and the matching Excel number format.
TIME_FORMATS: dict[str, str] = {
    "HOUR24": "hh:mm",
    "HOUR12": "hh:mm AM/PM",
}

# How often the renderers hand control back to the event loop while rows come from a source that
# never awaits (a list, a cache): a long export must not stall every other request of the process.
_YIELD_EVERY = 1024


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: str  # one of KINDS
    in_pdf: bool = True  # a landscape page holds about a dozen columns; the rest stay in CSV and XLSX

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; expected one of {sorted(KINDS)}")


@dataclass(slots=True)
class ReportDocument:
    """One export: heading, columns, a stream of rows and the totals.

    `rows` yields one list per row, values in column order and raw: str/None for text,
    datetime.date, datetime.time, int seconds for duration and hours, int minor units for money,
    int for count, bool. Renderers consume it once, row by row, and never hold all rows.
    `totals` is read only after the last row, so a producer may fill it while the rows stream.
    """

    title: str
    workspace: str
    period: str
    filters: list[tuple[str, str]]
    columns: list[Column]
    rows: AsyncIterator[list[Any]]
    totals: list[tuple[str, Any, str]]
    currency: str = "USD"
    date_format: str = "YYYY-MM-DD"
    time_format: str = "HOUR24"
    filename: str = "report"

    def __post_init__(self) -> None:
        # Fail when the document is built, not halfway through a streamed response.
        if self.date_format not in DATE_FORMATS:
            raise ValueError(
                f"unknown date format {self.date_format!r}; expected one of {list(DATE_FORMATS)}"
            )
        if self.time_format not in TIME_FORMATS:
            raise ValueError(
                f"unknown time format {self.time_format!r}; expected one of {list(TIME_FORMATS)}"
            )
        if not self.columns:
            raise ValueError("an export needs at least one column")

    def formatters(self) -> list[Callable[[Any], str]]:
        """One text formatter per column, resolved once instead of per cell."""
        return [formatter(c.kind, self.date_format, self.time_format) for c in self.columns]


async def iter_rows(doc: ReportDocument) -> AsyncIterator[list[Any]]:
    """The document's rows, one at a time, each checked against the number of columns.

    Every few rows it yields to the event loop, so rows from a source that never awaits cannot
    block the server for the length of a whole export.
    """
    width = len(doc.columns)
    count = 0
    async for row in doc.rows:
        count += 1
        if len(row) != width:
            raise ValueError(f"row {count} has {len(row)} values for {width} columns")
        yield row
        if count % _YIELD_EVERY == 0:
            await asyncio.sleep(0)


# --- text formatting ------------------------------------------------------------------------------
# Every formatter takes None and returns "": one call per cell, no wrapper, since the CSV export
# runs them a few million times for a large report.


def _date_formatter(date_format: str) -> Callable[[date | None], str]:
    # f-strings instead of strftime: faster, and years below 1000 keep four digits on every libc.
    match date_format:
        case "YYYY-MM-DD":
            return lambda d: "" if d is None else f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        case "MM/DD/YYYY":
            return lambda d: "" if d is None else f"{d.month:02d}/{d.day:02d}/{d.year:04d}"
        case "DD/MM/YYYY":
            return lambda d: "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
        case "DD-MM-YYYY":
            return lambda d: "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
        case "MM-DD-YYYY":
            return lambda d: "" if d is None else f"{d.month:02d}-{d.day:02d}-{d.year:04d}"
        case "DD.MM.YYYY":
            return lambda d: "" if d is None else f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    raise ValueError(f"unknown date format {date_format!r}; expected one of {list(DATE_FORMATS)}")


def _format_time12(t: time | None) -> str:
    if t is None:
        return ""
    # 00:30 is 12:30 AM and 12:30 is 12:30 PM, as on any 12-hour clock.
    return f"{(t.hour % 12) or 12:02d}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def _time_formatter(time_format: str) -> Callable[[time | None], str]:
    match time_format:
        case "HOUR24":
            return lambda t: "" if t is None else f"{t.hour:02d}:{t.minute:02d}"
        case "HOUR12":
            return _format_time12
    raise ValueError(f"unknown time format {time_format!r}; expected one of {list(TIME_FORMATS)}")


def format_duration(seconds: int | None) -> str:
    """Seconds as h:mm:ss; hours go past 24 (27:05:09) because a report sums many days."""
    if seconds is None:
        return ""
    total = int(seconds)
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"


def format_hours(seconds: int | None) -> str:
    """Seconds as decimal hours with two decimals, rounded half up: 900 -> 0.25, 20 -> 0.01."""
    if seconds is None:
        return ""
    total = int(seconds)
    # Integer arithmetic: a float would round 0.125 h the wrong way now and then.
    hundredths = (abs(total) * 100 + 1800) // 3600
    sign = "-" if total < 0 and hundredths else ""
    whole, cents = divmod(hundredths, 100)
    return f"{sign}{whole}.{cents:02d}"


def format_money(minor: int | None) -> str:
    """Minor units as units with two decimals: 4500 -> 45.00, -1250 -> -12.50."""
    if minor is None:
        return ""
    amount = int(minor)
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d}"


def formatter(
    kind: str, date_format: str = "YYYY-MM-DD", time_format: str = "HOUR24"
) -> Callable[[Any], str]:
    """A function that turns one raw value of `kind` into its text; None becomes ""."""
    match kind:
        case "text":
            return lambda v: "" if v is None else str(v)
        case "date":
            return _date_formatter(date_format)
        case "time":
            return _time_formatter(time_format)
        case "duration":
            return format_duration
        case "hours":
            return format_hours
        case "money":
            return format_money
        case "count":
            return lambda n: "" if n is None else str(int(n))
        case "bool":
            return lambda b: "" if b is None else ("Yes" if b else "No")
    raise ValueError(f"unknown column kind {kind!r}; expected one of {sorted(KINDS)}")


def format_value(value: Any, kind: str, date_format: str = "YYYY-MM-DD", time_format: str = "HOUR24") -> str:
    """One raw value as the text every export shows for it; None is empty."""
    return formatter(kind, date_format, time_format)(value)
