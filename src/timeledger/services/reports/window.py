"""The time window of a report: wall-clock bounds read in a zone, or a named range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from timeledger.core import periods, zones
from timeledger.services.access import Access
from timeledger.services.errors import Invalid

RANGE_TYPES = (
    "ABSOLUTE", "TODAY", "YESTERDAY", "THIS_WEEK", "LAST_WEEK", "PAST_TWO_WEEKS", "THIS_MONTH", "LAST_MONTH",
    "THIS_YEAR", "LAST_YEAR",
)


@dataclass(slots=True)
class Window:
    start: datetime  # UTC
    end: datetime  # UTC, inclusive
    zone: str
    local_start: datetime  # naive wall clock in `zone`
    local_end: datetime

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last local day the window touches (an end at midnight excludes that day)."""
        if self.local_end.time() == datetime.min.time() and self.local_end > self.local_start:
            return self.local_end.date() - timedelta(days=1)
        return self.local_end.date()


def report_zone(access: Access, requested: str | None) -> str:
    """The request's zone, else the caller's profile zone, else the workspace's."""
    if requested:
        if not zones.is_zone(requested):
            raise Invalid(f"Unknown time zone '{requested}'", "timeZone")
        return requested
    return access.principal.settings.get("timeZone") or access.workspace.settings.get("timeZone") or "UTC"


def _named(range_type: str, today: date, week_start: str) -> tuple[date, date]:
    """[first, last] local days of a named range."""
    first_of_week = periods.week_start_of(today, week_start)
    if range_type == "TODAY":
        return today, today
    if range_type == "YESTERDAY":
        return today - timedelta(days=1), today - timedelta(days=1)
    if range_type == "THIS_WEEK":
        return first_of_week, first_of_week + timedelta(days=6)
    if range_type == "LAST_WEEK":
        return first_of_week - timedelta(days=7), first_of_week - timedelta(days=1)
    if range_type == "PAST_TWO_WEEKS":
        return today - timedelta(days=13), today
    if range_type == "THIS_MONTH":
        following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return today.replace(day=1), following - timedelta(days=1)
    if range_type == "LAST_MONTH":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if range_type == "THIS_YEAR":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return today.replace(year=today.year - 1, month=1, day=1), today.replace(year=today.year - 1, month=12, day=31)


def resolve(
    access: Access,
    start: datetime | None,
    end: datetime | None,
    *,
    zone_name: str | None = None,
    range_type: str | None = None,
    week_start: str | None = None,
    now: datetime | None = None,
) -> Window:
    """Clockify's reading: the bounds' UTC wall-clock values are taken as local time in the zone,
    so `...T00:00:00Z` means local midnight. A named range replaces the bounds."""
    zone = report_zone(access, zone_name)
    tz = zones.zone(zone)
    if range_type and range_type not in RANGE_TYPES:
        raise Invalid(f"dateRangeType must be one of {', '.join(RANGE_TYPES)}", "dateRangeType")
    if range_type and range_type != "ABSOLUTE":
        today = (now or datetime.now(UTC)).astimezone(tz).date()
        first, last = _named(range_type, today, week_start or access.workspace.settings.get("weekStart", "MONDAY"))
        local_start = datetime(first.year, first.month, first.day)
        local_end = datetime(last.year, last.month, last.day, 23, 59, 59)
    else:
        if start is None or end is None:
            raise Invalid("dateRangeStart and dateRangeEnd are required", "dateRangeStart" if start is None else "dateRangeEnd")
        local_start = start.astimezone(UTC).replace(tzinfo=None)
        local_end = end.astimezone(UTC).replace(tzinfo=None)
    if local_end < local_start:
        raise Invalid("dateRangeEnd must not be before dateRangeStart", "dateRangeEnd")
    return Window(
        start=local_start.replace(tzinfo=tz).astimezone(UTC),
        end=local_end.replace(tzinfo=tz).astimezone(UTC),
        zone=zone,
        local_start=local_start,
        local_end=local_end,
    )
