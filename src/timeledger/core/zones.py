"""Time zones: the day an instant belongs to, and wall-clock readings, always through zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime
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
    wall = instant.astimezone(UTC).replace(tzinfo=None)
    return wall.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def start_of_local_day(day: date, zone_name: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone(zone_name)).astimezone(UTC)
