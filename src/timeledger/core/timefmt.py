"""Wire formats for instants and durations (ISO 8601), independent of any API dialect."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


class TimeFormatError(ValueError):
    """A value could not be read as an instant, date or duration."""


def parse_instant(text: str) -> datetime:
    """Read an ISO 8601 / RFC 3339 instant with an offset or `Z` and return it in UTC.

    Accepts fractions of a second (milliseconds and microseconds) and `+HH:MM` offsets, which are
    honoured. A value without an offset is refused: an instant must say where it is.
    """
    if not isinstance(text, str) or not text:
        raise TimeFormatError("expected an ISO 8601 instant such as 2026-03-02T12:00:00Z")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise TimeFormatError(f"'{text}' is not an ISO 8601 instant") from exc
    if parsed.tzinfo is None:
        raise TimeFormatError(f"'{text}' has no time zone offset (add Z or +HH:MM)")
    return parsed.astimezone(UTC)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise TimeFormatError(f"'{text}' is not a date in the form yyyy-MM-dd") from exc


def format_instant(value: datetime | None) -> str | None:
    """UTC, second precision, `Z` suffix: the form Clockify's core API returns."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # isoformat is C code and runs for every entry of every list; strftime is several times slower.
    return value.isoformat(timespec="seconds")[:19] + "Z"


def format_duration(seconds: int | float | None) -> str | None:
    """Seconds as an ISO 8601 duration the way Java's Duration prints it: PT2H54M, PT0S, PT25H."""
    if seconds is None:
        return None
    total = int(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if total == 0:
        return "PT0S"
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{secs}S" if secs else ""]
    return f"{sign}PT{''.join(parts)}"


def parse_duration(text: str) -> int:
    """ISO 8601 duration (days and time parts) to whole seconds; rejects years, months and weeks."""
    if not isinstance(text, str):
        raise TimeFormatError("expected an ISO 8601 duration such as PT1H30M")
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper() in ("P", "PT", "-P", "-PT") or text.strip().upper().endswith("T"):
        raise TimeFormatError(f"'{text}' is not an ISO 8601 duration such as PT1H30M")
    parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
    try:
        seconds = timedelta(
            days=parts.get("days", 0),
            hours=parts.get("hours", 0),
            minutes=parts.get("minutes", 0),
            seconds=parts.get("seconds", 0),
        ).total_seconds()
    except OverflowError as exc:  # syntactically fine, but beyond what a timedelta holds
        raise TimeFormatError(f"'{text}' is too long a duration") from exc
    whole = math.floor(seconds + 0.5)  # fractions of a second round half up
    return -whole if match.group("sign") else whole


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def truncate_to_second(value: datetime) -> datetime:
    return value.replace(microsecond=0)
