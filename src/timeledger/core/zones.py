"""Time zones: the day an instant belongs to, and wall-clock readings, always through zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The zone for an IANA name; raises ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:  # OSError: e.g. "America"
        raise ValueError(f"unknown time zone '{name}'") from exc


def is_zone(name: object) -> bool:
    """An IANA zone name (not merely a file in the zone database, such as `localtime`)."""
    return isinstance(name, str) and name in zone_names()


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    # The zone database also ships files that are no place's zone.
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def local_date(instant: datetime, zone_name: str) -> date:
    """The calendar day `instant` falls on in `zone_name` (the day an entry belongs to)."""
    return instant.astimezone(zone(zone_name)).date()


def reread_as_wall_clock(instant: datetime, zone_name: str) -> datetime:
    """Clockify's window quirk: take the UTC wall-clock reading of `instant` and place it in `zone_name`.

    `2026-03-02T00:00:00Z` asked by a user in America/Argentina/Buenos_Aires means local midnight,
    which is 2026-03-02T03:00:00Z. Non-existent local times (spring-forward gaps) resolve forward
    through fold=0, as zoneinfo does, and the result comes back in UTC.
    """
    # fold means nothing on a UTC reading; cleared, so a gap always resolves forward.
    wall = instant.astimezone(UTC).replace(tzinfo=None, fold=0)
    return wall.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def wall_clock(day: date, hour: int, minute: int, zone_name: str) -> datetime:
    """A wall-clock time on a day in a zone, as a UTC instant (a time in a DST gap moves forward)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone(zone_name)).astimezone(UTC)


def start_of_local_day(day: date, zone_name: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone(zone_name)).astimezone(UTC)


def offset_segments(zone_name: str, start: datetime, end: datetime) -> list[tuple[datetime | None, int]]:
    """The UTC offsets `zone_name` uses between the instants `start` and `end`.

    Returns [(until, offset_seconds), ...]: each offset applies to instants before its `until`
    (and after the previous one); the last `until` is None. Lets a database without time zone
    support compute local days with a CASE over a handful of transitions, DST-correct.
    """
    tz = zone(zone_name)
    start, end = start.astimezone(UTC), end.astimezone(UTC)

    def offset(at: datetime) -> int:
        return int(at.astimezone(tz).utcoffset().total_seconds())

    segments: list[tuple[datetime | None, int]] = []
    current = offset(start)
    cursor = start
    step = timedelta(hours=12)  # no zone changes its offset twice within 12 hours
    while cursor < end:
        probe = min(cursor + step, end)
        if offset(probe) != current:
            low, high = cursor, probe  # the change lies in (low, high]: bisect it to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if offset(middle) == current:
                    low = middle
                else:
                    high = middle
            change = low.replace(microsecond=0)
            while offset(change) == current:  # the first whole second on the new offset
                change += timedelta(seconds=1)
            segments.append((change, current))
            current = offset(change)
        cursor = probe
    segments.append((None, current))
    return segments
