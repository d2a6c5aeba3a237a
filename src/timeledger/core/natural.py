"""The time forms people and agents type at the command line: clock ranges, days, zones, instants.

    timeledger log 09:00-12:30 "Write docs" --on "March 2-6" --tz -3
    timeledger log 2025-03-10T12:00:00Z 2025-03-10T15:00:00Z "Review"

Standard library only: the command line imports this module on its hot path and must start in
well under 100 ms (`timeledger.core.zones`, reused for zone names, is standard library only too).

Nothing here reads the system clock except `now()` and `today_in()`, which the command line calls
once; every other function takes today's date as a parameter, so tests can pin any day.

Every mistake raises `NaturalTimeError` (a `ValueError`) whose message names the part that could
not be read and the text as typed, e.g. `cannot read the day "Marhc 2-6": unknown month "Marhc"`.
Nothing is guessed silently: a form that could mean two things is refused with a hint.

Design choices, each also stated where it applies:

- A clock time that does not exist on a spring-forward day (02:30 in America/New_York on
  2026-03-08) is an error naming the day, the zone and the jump. A clock time that happens twice
  on a fall-back day takes its first occurrence (fold=0, the reading before the clocks go back),
  which is what Python and zoneinfo do by default.
- `last monday` is the latest Monday strictly before today (on a Monday: seven days ago);
  `monday` is the most recent Monday, today included; `next monday` the first after today.
- In a day range a weekday as the end is the first such weekday on or after the start, so
  `monday-friday` is the working week that starts on the most recent Monday.
- No year means the year of the given today. A range with a year on one end only takes it for the
  other end, crossing the new year when needed (`Dec 30 - Jan 2 2026` starts on 2025-12-30); a
  range without any year that would cross the new year is refused (say which years).
- A time range whose end is not after its start ends the next day (`22:00-01:30`); `24:00` is
  refused (write `00:00`); `9-5` (no am/pm, and a 12-hour reading is as plausible as an overnight
  one) is refused as ambiguous, while `9-17`, `9am-5pm`, `21:00-05:00` and `22:00-1:30` are read.
- Offsets become fixed `datetime.timezone` offsets, names become `ZoneInfo` (DST-correct), and
  `UTC`/`Z` become `datetime.UTC`. Offsets range over ±14:00.
- A day list holds at most `MAX_DAYS` days, so a typo in a year cannot plan thousands of entries.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from timeledger.core.zones import zone as _zone
from timeledger.core.zones import zone_names as _zone_names

__all__ = [
    "MAX_DAYS",
    "ClockRange",
    "NaturalTimeError",
    "format_clock",
    "looks_like_instant",
    "now",
    "parse_at",
    "parse_clock",
    "parse_days",
    "parse_instant",
    "parse_range",
    "parse_zone",
    "plan",
    "plan_instants",
    "to_utc",
    "today_in",
    "zone_from_env",
]

MAX_DAYS = 366  # the most days one --on may name


class NaturalTimeError(ValueError):
    """Text that could not be read as a time form.

    `part` names what was being read ("day", "time range", "time", "time zone", "instant"),
    `text` is the text as typed and `reason` the explanation; str() is the full sentence.
    """

    def __init__(self, message: str, *, part: str | None = None, text: str | None = None,
                 reason: str | None = None) -> None:
        super().__init__(message)
        self.part = part
        self.text = text
        self.reason = reason


class _Bad(Exception):
    """An internal reason, turned into a NaturalTimeError by the public function that caught it."""


def _show(text: object) -> str:
    shown = str(text)
    return shown if len(shown) <= 120 else shown[:117] + "..."


def _error(part: str, text: object, reason: str) -> NaturalTimeError:
    return NaturalTimeError(f'cannot read the {part} "{_show(text)}": {reason}', part=part,
                            text=str(text), reason=reason)


def _text(value: object, part: str) -> str:
    if not isinstance(value, str):
        raise NaturalTimeError(f"cannot read the {part}: expected text, got {type(value).__name__}",
                               part=part, text=None, reason="not text")
    # Typographic dashes and the minus sign come from copy-paste and word processors.
    cleaned = value.strip().translate(_DASHES)
    if not cleaned:
        raise _error(part, value, f"the {part} is empty")
    return cleaned


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only on the error path

    by_folded = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), list(by_folded), n=1, cutoff=0.6)
    return f'; did you mean "{by_folded[close[0]]}"?' if close else ""


# --- the clock ----------------------------------------------------------------------------------


def now() -> datetime:
    """The current instant, aware, in UTC (one of the two functions here that read the clock)."""
    return datetime.now(UTC)


def today_in(tz: tzinfo | str) -> date:
    """Today's date in `tz` (a tzinfo or any text `parse_zone` reads); reads the system clock."""
    return datetime.now(_as_zone(tz)).date()


# --- time zones ---------------------------------------------------------------------------------

_OFFSET = re.compile(
    r"(?:utc\s*(?=[+-]))?"  # an optional UTC prefix, then a sign is required (POSIX "UTC5" is -5)
    r"(?P<sign>[+-])?\s*"
    r"(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?"  # -3, +05, +5:30, -03:00
    r"|(?P<hmm>\d{3,4})"  # +0530, +530
    r"|(?P<dec>\d{1,2}\.\d{1,4}))",  # 5.5 (half hours only: is 9.30 nine and a half or 9:30?)
    re.IGNORECASE,
)
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_NOT_PLACES = {"localtime", "posixrules", "factory"}
_MAX_OFFSET_MINUTES = 14 * 60


def _offset_minutes(match: re.Match[str]) -> int:
    if match["dec"] is not None:
        hours, fraction = match["dec"].split(".")
        if fraction not in ("0", "5"):
            raise _Bad(f"ambiguous: decimal hours or hours and minutes? write {match['sign'] or '+'}"
                       f"{hours}:MM (e.g. +5:30 or +5:45)")
        total = int(hours) * 60 + (30 if fraction == "5" else 0)
    else:
        if match["hmm"] is not None:
            hours, mins = int(match["hmm"][:-2]), int(match["hmm"][-2:])
        else:
            hours, mins = int(match["h"]), int(match["m"] or 0)
        if mins > 59:
            raise _Bad(f"{mins} is not a number of minutes (00-59)")
        total = hours * 60 + mins
    if total > _MAX_OFFSET_MINUTES:
        raise _Bad("offsets go from -14:00 to +14:00")
    return -total if match["sign"] == "-" else total


def _fmt_offset(offset: timedelta | None) -> str:
    minutes = round((offset or timedelta()).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def parse_zone(text: str) -> tzinfo:
    """`-3`, `+5:30`, `-03:00`, `+0530`, `UTC`, `Z` or an IANA name such as `Europe/Berlin`.

    Offsets become fixed `datetime.timezone`s (no DST), `UTC` and `Z` become `datetime.UTC`, names
    become `ZoneInfo` (DST-correct). A name matches case-insensitively when exactly one does.
    """
    value = _text(text, "time zone")
    if value.upper() in ("Z", "UTC"):
        return UTC
    match = _OFFSET.fullmatch(value)
    if match:
        try:
            minutes = _offset_minutes(match)
        except _Bad as exc:
            raise _error("time zone", text, str(exc)) from None
        return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
    if not _ZONE_NAME.fullmatch(value):
        raise _error("time zone", text, "expected an offset such as -3, +5:30 or -03:00, "
                     "or a zone name such as America/Argentina/Buenos_Aires")
    return _named_zone(value, text)


def _named_zone(name: str, shown: str) -> ZoneInfo:
    if name.lower() not in _NOT_PLACES and not name.lower().startswith(("right/", "posix/")):
        try:
            return _zone(name)
        except ValueError:
            pass
    # Only on a miss: the zone database listing takes a while to read.
    names = _zone_names()
    folded = [known for known in names if known.lower() == name.lower()]
    if len(folded) == 1:
        return _zone(folded[0])
    import difflib  # only on the error path

    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    raise _error("time zone", shown, "no such zone in the IANA time zone database (use a name such as "
                 f"America/Argentina/Buenos_Aires, or an offset such as -3 or +5:30){hint}")


def zone_from_env(value: str | None) -> tzinfo | None:
    """The zone of `CLOCKIFY_TZ_OFFSET`: whole hours (`-3`) or ±H:MM (`+5:30`); unset or blank is None.

    Anything else `parse_zone` reads (an IANA name, `UTC`) is accepted too.
    """
    if value is None or not str(value).strip():
        return None
    try:
        return parse_zone(value)
    except NaturalTimeError as exc:
        raise NaturalTimeError(f'cannot read CLOCKIFY_TZ_OFFSET="{_show(value)}": {exc.reason}',
                               part="time zone", text=str(value), reason=exc.reason) from None


def _as_zone(tz: tzinfo | str) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    return parse_zone(tz)


def _zone_label(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    if key:
        return key
    if isinstance(tz, timezone):
        return _fmt_offset(tz.utcoffset(None))
    return str(tz)


# --- clock times --------------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?|h(?P<hm>\d{2})?)?"  # 9 9:30 9.30 9h30 9:30:15
    r"|(?P<hhmm>\d{3,4}))"  # 930 0930 1730
    r"\s*(?P<mer>[ap](?:\.?\s*m\.?)?)?",  # am pm a.m. p.m. a p
    re.IGNORECASE,
)
_CLOCK_WORDS = {"noon": 12, "midday": 12, "midnight": 0}

# A clock time as written: hour (as typed), minute, second, meridiem ("a"/"p"/None), and whether
# the hour could be on a 12-hour clock (1-12, no leading zero, no am/pm): such an hour can take its
# am/pm from the other end of a range.
_Clock = namedtuple("_Clock", "hour minute second meridiem plain12")


def _read_clock(value: str) -> _Clock:
    lowered = value.strip().lower()
    if lowered in _CLOCK_WORDS:
        return _Clock(_CLOCK_WORDS[lowered], 0, 0, None, False)
    match = _CLOCK.fullmatch(lowered)
    if not match:
        raise _Bad("expected a time such as 09:00, 9:30, 17:10 or 5:10pm")
    if match["hhmm"] is not None:
        digits = match["hhmm"]
        hour, minute, second = int(digits[:-2]), int(digits[-2:]), 0
        leading_zero = digits.startswith("0")
    else:
        hour = int(match["h"])
        minute = int(match["m"] or match["hm"] or 0)
        second = int(match["s"] or 0)
        leading_zero = match["h"].startswith("0") and len(match["h"]) == 2
    meridiem = match["mer"][0] if match["mer"] else None
    if minute > 59:
        raise _Bad(f"minute {minute:02d} is out of range (00-59)")
    if second > 59:
        raise _Bad(f"second {second:02d} is out of range (00-59)")
    if meridiem:
        if not 1 <= hour <= 12:
            raise _Bad(f"hour {hour} is not on a 12-hour clock (1-12 with am or pm)")
    elif hour == 24:
        raise _Bad("24:00 is not a time of day; write 00:00 (a range ending at 00:00 ends the next day)")
    elif hour > 23:
        raise _Bad(f"hour {hour} is out of range (0-23)")
    plain12 = meridiem is None and not leading_zero and 1 <= hour <= 12
    return _Clock(hour, minute, second, meridiem, plain12)


def _to_time(clock: _Clock, meridiem: str | None = None) -> time:
    meridiem = meridiem or clock.meridiem
    hour = clock.hour
    if meridiem == "a":
        hour = 0 if hour == 12 else hour
    elif meridiem == "p":
        hour = 12 if hour == 12 else hour + 12
    return time(hour, clock.minute, clock.second)


def parse_clock(text: str) -> time:
    """A clock time: `08:45`, `9:30`, `17:10`, `5:10pm`, `9am`, `12:30 a.m.`, `0930`, `9h30`, `noon`.

    Without am/pm the clock is the 24-hour one; `24:00` is refused (write 00:00).
    """
    value = _text(text, "time")
    try:
        return _to_time(_read_clock(value))
    except _Bad as exc:
        raise _error("time", text, str(exc)) from None


def format_clock(value: time) -> str:
    """`HH:MM`, or `HH:MM:SS` when there are seconds; `parse_clock` reads it back unchanged."""
    if value.second:
        return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return f"{value.hour:02d}:{value.minute:02d}"


class ClockRange(namedtuple("ClockRange", "start end")):
    """A wall-clock range; `overnight` when it ends on the next day (its end is before its start)."""

    __slots__ = ()

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


_RANGE_SPLIT = re.compile(r"\s*-\s*|\s+(?:to|until|till)\s+", re.IGNORECASE)


def parse_range(text: str) -> ClockRange:
    """`09:00-12:30`, `9-12:30`, `9am-12:30pm`, `9:00 to 12:30`, `22:00-01:30` (overnight).

    An end without am/pm after a start with one (or the reverse) takes the meridiem that makes the
    range shortest (`1pm-5` is 13:00-17:00, `11-1pm` 11:00-13:00, `9pm-1` 21:00-01:00).
    A range whose end is not after its start ends the next day; a range without am/pm that could
    as well be a 12-hour daytime range (`9-5`) is refused as ambiguous.
    """
    value = _text(text, "time range")
    parts = _RANGE_SPLIT.split(value)
    if len(parts) == 1:
        try:
            _read_clock(value)
        except _Bad:
            raise _error("time range", text, "expected a start and an end such as 09:00-12:30") from None
        raise _error("time range", text, "missing end time (write a range such as 09:00-12:30)")
    if len(parts) > 2:
        raise _error("time range", text, 'expected one start and one end, such as 09:00-12:30')
    first, last = parts[0].strip(), parts[1].strip()
    if not first and not last:
        raise _error("time range", text, "missing start and end times")
    if not first:
        raise _error("time range", text, "missing start time")
    if not last:
        raise _error("time range", text, "missing end time")
    try:
        start = _read_clock(first)
    except _Bad as exc:
        raise _error("time range", text, f'start time "{first}": {exc}') from None
    try:
        end = _read_clock(last)
    except _Bad as exc:
        raise _error("time range", text, f'end time "{last}": {exc}') from None

    if end.meridiem and start.plain12:
        end_time = _to_time(end)
        start_time = min((_to_time(start, m) for m in "ap"), key=lambda s: _length(s, end_time))
    elif start.meridiem and end.plain12:
        start_time = _to_time(start)
        end_time = min((_to_time(end, m) for m in "ap"), key=lambda e: _length(start_time, e))
    else:
        start_time, end_time = _to_time(start), _to_time(end)
        if (start.meridiem is None and end.meridiem is None and end_time < start_time
                and start.hour <= 12 and end.plain12):
            first, daytime = format_clock(start_time), _to_time(end, "p")
            night = [f"{first}-{_twelve(end_time)}"]
            if end.hour < 10:  # a leading zero marks the 24-hour clock
                night.append(f"{first}-{format_clock(end_time)}")
            raise _error("time range", text,
                         f"ambiguous: {first} to {format_clock(end_time)} the next day, or a 12-hour range? "
                         f"write {_twelve(start_time)}-{_twelve(daytime)} or {first}-{format_clock(daytime)} "
                         f"for the day, {' or '.join(night)} for the night")
    if start_time == end_time:
        raise _error("time range", text, "the start and the end are the same time")
    return ClockRange(start_time, end_time)


def _length(start: time, end: time) -> int:
    """Minutes from `start` to `end`, on the next day when `end` is not after `start` (never 0)."""
    minutes = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    return minutes or 24 * 60


def _twelve(value: time) -> str:
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute or value.second else ""
    seconds = f":{value.second:02d}" if value.second else ""
    return f"{hour}{minutes}{seconds}{'am' if value.hour < 12 else 'pm'}"


# --- instants -----------------------------------------------------------------------------------

_INSTANT = re.compile(r"\d{4}-?\d{2}-?\d{2}[Tt ]\d")


def looks_like_instant(text: str) -> bool:
    """Whether `text` is written as an ISO 8601 date and time (`2025-03-10T12:00:00Z`), not a clock form."""
    return isinstance(text, str) and _INSTANT.match(text.strip()) is not None


def parse_instant(text: str, tz: tzinfo | str | None = None) -> datetime:
    """An ISO 8601 instant such as `2025-03-10T12:00:00Z` or `2025-03-10T09:00:00-03:00`.

    With an offset it passes through unconverted (aware, in the offset written). Without one it is
    a wall-clock reading in `tz` (refused when `tz` is None), returned in UTC.
    """
    value = _text(text, "instant")
    if not _INSTANT.match(value):
        raise _error("instant", text, "expected an ISO 8601 date and time such as 2025-03-10T12:00:00Z")
    iso = value[:-1] + "+00:00" if value[-1] in "zZ" else value
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError as exc:
        raise _error("instant", text, f"not an ISO 8601 date and time ({exc})") from None
    if parsed.tzinfo is not None:
        return parsed
    if tz is None:
        raise _error("instant", text, "no offset; add Z or an offset such as -03:00")
    return to_utc(parsed.date(), parsed.time(), _as_zone(tz))


def parse_at(text: str, today: date, tz: tzinfo | str) -> datetime:
    """`--at`: a clock time (`08:45`, `5:10pm`) on `today` in `tz`, or an ISO instant; in UTC."""
    if looks_like_instant(text):
        return parse_instant(text, tz).astimezone(UTC)
    return to_utc(_as_date(today), parse_clock(text), _as_zone(tz))


# --- local to UTC -------------------------------------------------------------------------------


def to_utc(day: date, clock: time, tz: tzinfo | str) -> datetime:
    """The UTC instant of the wall-clock `clock` on `day` in `tz`, DST-correct.

    A wall-clock time that does not exist (skipped on a spring-forward day) is an error naming the
    day, the zone and the jump. One that happens twice (a fall-back day) takes its first
    occurrence, the reading before the clocks go back (fold=0).
    """
    zone = _as_zone(tz)
    wall = datetime.combine(_as_date(day), clock.replace(tzinfo=None, fold=0))
    try:
        local = wall.replace(tzinfo=zone)
        instant = local.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) != wall:
            raise NaturalTimeError(_gap_message(local, zone), part="time", text=format_clock(clock),
                                   reason="does not exist")
    except OverflowError:
        raise _error("time", format_clock(clock), f"{wall.date().isoformat()} is out of range") from None
    return instant


def _gap_message(local: datetime, zone: tzinfo) -> str:
    """Why `local` does not exist: where the clocks jump, from what to what."""
    before, after = local.replace(fold=0).utcoffset(), local.replace(fold=1).utcoffset()
    # In a gap fold=0 reads the wall clock with the offset before the jump (an instant after it),
    # fold=1 with the offset after (an instant before it): the jump lies between the two.
    low = int(local.replace(fold=1).astimezone(UTC).timestamp())
    high = int(local.replace(fold=0).astimezone(UTC).timestamp())
    if low > high:
        low, high = high, low
    first = datetime.fromtimestamp(low, UTC).astimezone(zone).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == first:
            low = middle
        else:
            high = middle
    jump = datetime.fromtimestamp(high, UTC)
    new = jump.astimezone(zone).utcoffset()
    old_wall = (jump + first).replace(tzinfo=None)
    new_wall = (jump + new).replace(tzinfo=None)
    shown = format_clock(local.time())
    return (f'cannot use the time "{shown}" on {local.date().isoformat()} in {_zone_label(zone)}: '
            f"it does not exist there, the clocks go forward from {format_clock(old_wall.time())} "
            f"to {format_clock(new_wall.time())} on {old_wall.date().isoformat()} "
            f"({_fmt_offset(before if before is not None else first)} to "
            f"{_fmt_offset(after if after is not None else new)})")


# --- days ---------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_LIST_WORDS = {"and"}
_RANGE_WORDS = {"to", "through", "thru", "until", "till"}
_FILLER = {"of", "the"}
_KNOWN_WORDS = (sorted(_MONTHS) + sorted(_WEEKDAYS) + sorted(_RELATIVE)
                + ["last", "next", "days", "ago"])

_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?!\d)"
    r"|(?P<slash>\d+(?:[/.]\d+)+)"
    r"|(?P<num>\d+)(?:(?:st|nd|rd|th)\b)?"
    r"|(?P<range>\.\.|-)"
    r"|(?P<list>[,;&])"
    r"|(?P<word>[^\W\d_]+)\.?"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.IGNORECASE,
)

# kind: "iso" | "num" | "word" | "range" | "list"; value: text (lowercased words); span in the text.
_Token = namedtuple("_Token", "kind value start end")


class _Point:
    """One day as written, resolved in steps: a date, a weekday, a month and day, or a bare day."""

    __slots__ = ("kind", "date", "weekday", "month", "day", "year", "text")

    def __init__(self, kind: str, text: str, *, when: date | None = None, weekday: int | None = None,
                 month: int | None = None, day: int | None = None, year: int | None = None) -> None:
        self.kind, self.text, self.date, self.weekday = kind, text, when, weekday
        self.month, self.day, self.year = month, day, year


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value


def _tokens(value: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(value):
        kind = match.lastgroup
        raw = match.group(0)
        if kind == "space":
            continue
        if kind == "other":
            raise _Bad(f'unexpected "{raw}"')
        if kind == "slash":
            raise _Bad(f'"{raw}" is ambiguous (day first or month first?); write an ISO date such as '
                       "2025-03-10 or a month name such as March 10")
        if kind == "num":
            tokens.append(_Token("num", match["num"], match.start(), match.end()))
            continue
        if kind == "word":
            word = match["word"].lower()
            if word in _FILLER:
                continue
            if word in _LIST_WORDS:
                kind = "list"
            elif word in _RANGE_WORDS:
                kind = "range"
            tokens.append(_Token(kind, word, match.start(), match.end()))
            continue
        tokens.append(_Token(kind, raw, match.start(), match.end()))
    return tokens


def _split(tokens: list[_Token], kind: str) -> list[list[_Token]]:
    groups: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == kind:
            groups.append([])
        else:
            groups[-1].append(token)
    return groups


def _iso(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise _Bad(f"{text} does not exist: there is no month {month}")
    return _make_date(year, month, day, text)


def _make_date(year: int, month: int, day: int, text: str | None = None) -> date:
    if not 1 <= month <= 12:
        raise _Bad(f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        pass
    name = text or f"{_MONTH_NAMES[month]} {day} {year}"
    if month == 2 and day == 29:
        raise _Bad(f"{name} does not exist ({year} is not a leap year)")
    if not 1 <= year <= 9999:
        raise _Bad(f"{name} is out of range")
    raise _Bad(f"{name} does not exist ({_MONTH_NAMES[month]} has fewer days)")


def _word_problem(tokens: list[_Token], index: int, source: str) -> str:
    token = tokens[index]
    typed = source[token.start:token.end].rstrip(".")
    near_number = any(0 <= j < len(tokens) and tokens[j].kind == "num" for j in (index - 1, index + 1))
    if near_number:
        return f'unknown month "{typed}"' + _suggest(token.value, _MONTH_NAMES[1:])
    return f'unknown word "{typed}"' + _suggest(token.value, _KNOWN_WORDS)


def _point(tokens: list[_Token], today: date, source: str) -> _Point | int:
    """One day from its tokens (spans in `source`); a lone four-digit number is returned as a year."""
    text = source[tokens[0].start:tokens[-1].end]
    kinds = [token.kind for token in tokens]
    values = [token.value for token in tokens]
    for index, token in enumerate(tokens):
        if token.kind == "word" and not (token.value in _MONTHS or token.value in _WEEKDAYS
                                          or token.value in _RELATIVE
                                          or token.value in ("last", "next", "past", "days", "day", "ago")):
            raise _Bad(_word_problem(tokens, index, source))
    if kinds == ["iso"]:
        return _Point("date", text, when=_iso(values[0]))
    if kinds == ["word"] and values[0] in _RELATIVE:
        return _Point("date", text, when=today + timedelta(days=_RELATIVE[values[0]]))
    if kinds == ["word"] and values[0] in _WEEKDAYS:
        return _Point("weekday", text, weekday=_WEEKDAYS[values[0]])
    if kinds == ["word", "word"] and values[0] in ("last", "past", "next") and values[1] in _WEEKDAYS:
        weekday = _WEEKDAYS[values[1]]
        if values[0] == "next":
            return _Point("date", text, when=today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1))
        return _Point("date", text, when=today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1))
    if kinds == ["num", "word", "word"] and values[1] in ("day", "days") and values[2] == "ago":
        if len(values[0]) > 4:
            raise _Bad(f"{values[0]} days ago is too long ago")
        return _Point("date", text, when=today - timedelta(days=int(values[0])))
    if kinds and kinds[0] == "word" and values[0] in ("last", "past", "next"):
        raise _Bad(f'"{values[0]}" needs a weekday after it, e.g. "{values[0]} monday"')

    year = None
    if len(tokens) >= 2 and kinds[-1] == "num" and len(values[-1]) == 4:  # a trailing year
        year = int(values[-1])
        kinds, values = kinds[:-1], values[:-1]
    if kinds == ["num"] and len(values[0]) == 4 and year is None:
        return int(values[0])
    month = day = None
    if kinds == ["word", "num"] and values[0] in _MONTHS:
        month, day = _MONTHS[values[0]], values[1]
    elif kinds == ["num", "word"] and values[1] in _MONTHS:
        month, day = _MONTHS[values[1]], values[0]
    elif kinds == ["num"]:
        day = values[0]
    elif kinds == ["word"] and values[0] in _MONTHS:
        name = _MONTH_NAMES[_MONTHS[values[0]]]
        raise _Bad(f'which day of {name}? write e.g. "{name} 2"')
    else:
        raise _Bad(f'cannot make out a day in "{text}"')
    if len(day) > 2 or not 1 <= int(day) <= 31:
        raise _Bad(f'"{day}" is not a day of the month')
    if month is None:
        return _Point("bare", text, day=int(day), year=year)
    return _Point("md", text, month=month, day=int(day), year=year)


def parse_days(text: str, today: date) -> list[date]:
    """The days `--on` names, as the ordered list of distinct dates (one entry per day).

    `2025-03-10`, `March 2-6`, `Mar 2–6`, `2 March`, `March 23, 24, 25, 26 and 27`,
    `March 30 - April 2`, `2025-03-10..2025-03-14`, `2025-03-10,2025-03-12`, `today`, `yesterday`,
    `tomorrow`, `monday` (the most recent, today included), `last monday` (the latest strictly
    before today), `next monday`, `3 days ago`, `March 2 2025`, `March 2-6, 2025`. No year means
    the year of `today`; a date that does not exist (February 30) is an error.
    """
    value = _text(text, "day")
    today = _as_date(today)
    try:
        return _days(value, today)
    except _Bad as exc:
        raise _error("day", text, str(exc)) from None
    except OverflowError:
        raise _error("day", text, "that day is out of range") from None


def _days(value: str, today: date) -> list[date]:
    tokens = _tokens(value)
    groups = _split(tokens, "list")
    if not groups[0]:
        raise _Bad(f'nothing before "{value[tokens[0].start:tokens[0].end]}"' if tokens else "no day")
    if not groups[-1]:
        last = [t for t in tokens if t.kind == "list"][-1]
        raise _Bad(f'nothing after "{value[last.start:last.end]}"')
    groups = [group for group in groups if group]  # ", and" is one separator

    # Each item: a point, a (start, end) pair of points, or a year written after a comma.
    items: list[_Point | tuple[_Point, _Point] | int] = []
    for group in groups:
        item_text = value[group[0].start:group[-1].end]
        sides = _split(group, "range")
        if len(sides) > 2:
            raise _Bad(f'"{item_text}" has more than one range separator')
        if len(sides) == 2:
            if not sides[0]:
                raise _Bad(f'"{item_text}" is missing the first day of the range')
            if not sides[1]:
                raise _Bad(f'"{item_text}" is missing the last day of the range')
            ends = []
            for side in sides:
                point = _point(side, today, value)
                if isinstance(point, int):
                    raise _Bad(f'{point} is a year, not a day; write e.g. "March 2-6 {point}"')
                ends.append(point)
            items.append((ends[0], ends[1]))
        else:
            point = _point(group, today, value)
            if isinstance(point, int) and not items:
                raise _Bad(f'{point} is a year, not a day; write e.g. "March 2 {point}"')
            items.append(point)

    def points() -> list[_Point]:
        flat: list[_Point] = []
        for item in items:
            if isinstance(item, tuple):
                flat.extend(item)
            elif isinstance(item, _Point):
                flat.append(item)
        return flat

    # 1. Weekdays that do not end a range are the most recent such day, today included.
    range_ends = {id(item[1]) for item in items if isinstance(item, tuple)}
    for point in points():
        if point.kind == "weekday" and id(point) not in range_ends:
            point.kind, point.date = "date", today - timedelta(days=(today.weekday() - point.weekday) % 7)

    # 2. A year written after a comma ("March 2-6, 2025") applies to the days before it that lack one.
    for index, item in enumerate(items):
        if not isinstance(item, int):
            continue
        applied = False
        for earlier in reversed(items[:index]):
            if isinstance(earlier, int):
                break
            targets = [earlier[1]] if isinstance(earlier, tuple) else [earlier]
            for point in targets:
                if point.kind in ("md", "bare") and point.year is None:
                    point.year, applied = item, True
        if not applied:
            raise _Bad(f"the year {item} belongs to no day (the days before it have a year already)")
    items = [item for item in items if not isinstance(item, int)]

    # 3. A bare day ("6" in "March 2-6") takes its month, and year if any, from the day before it,
    # or when it comes first ("2-6 March") from the first day after it that has a month.
    flat = points()
    for index, point in enumerate(flat):
        if point.kind != "bare":
            continue
        source = next((p for p in reversed(flat[:index]) if p.kind in ("md", "date")), None)
        if source is None:
            source = next((p for p in flat[index + 1:] if p.kind in ("md", "date")), None)
        if source is None:
            raise _Bad(f'which month is "{point.text}"? write e.g. "March {point.day}"')
        point.month = source.month if source.kind == "md" else source.date.month
        if point.year is None:
            point.year = source.year if source.kind == "md" else source.date.year
        point.kind = "md"

    # 4. Years: given, taken from the other end of a range, or the year of today.
    spans: list[tuple[date, date, str]] = []
    for item in items:
        if isinstance(item, _Point):
            spans.append((_resolve(item, today.year), _resolve(item, today.year), item.text))
            continue
        first, last = item
        label = f"{first.text} - {last.text}"
        if first.kind == "md" and first.year is None and last.kind in ("md", "date") and _has_year(last):
            last_date = _resolve(last, today.year)
            first.year = last_date.year if (first.month, first.day) <= (last_date.month, last_date.day) \
                else last_date.year - 1
        if last.kind == "md" and last.year is None and first.kind in ("md", "date") and _has_year(first):
            first_date = _resolve(first, today.year)
            last.year = first_date.year if (last.month, last.day) >= (first_date.month, first_date.day) \
                else first_date.year + 1
        if first.kind == "md" and last.kind == "md" and first.year is None and last.year is None \
                and (last.month, last.day) < (first.month, first.day):
            if last.month < first.month:
                raise _Bad(f'"{label}" crosses into a new year; give the years, e.g. '
                           f'"{_MONTH_NAMES[first.month]} {first.day} {today.year - 1} - '
                           f'{_MONTH_NAMES[last.month]} {last.day} {today.year}"')
            raise _Bad(f'"{label}" ends before it starts')
        start = _resolve(first, today.year)
        if last.kind == "weekday":  # the first such weekday on or after the start
            end = start + timedelta(days=(last.weekday - start.weekday()) % 7)
        else:
            end = _resolve(last, today.year)
        if end < start:
            raise _Bad(f'"{label}" ends before it starts ({start.isoformat()} to {end.isoformat()})')
        spans.append((start, end, label))

    # 5. Every day of every span, in order, once.
    total = sum((end - start).days + 1 for start, end, _ in spans)
    if total > MAX_DAYS:
        raise _Bad(f"that is {total} days; at most {MAX_DAYS} can be named at once")
    days: set[date] = set()
    for start, end, _ in spans:
        days.update(start + timedelta(days=offset) for offset in range((end - start).days + 1))
    return sorted(days)


def _has_year(point: _Point) -> bool:
    return point.kind == "date" or point.year is not None


def _resolve(point: _Point, default_year: int) -> date:
    if point.kind == "date":
        return point.date
    return _make_date(point.year if point.year is not None else default_year, point.month, point.day)


# --- planning entries ---------------------------------------------------------------------------


def plan(range_text: str, days: Iterable[date] | str, tz: tzinfo | str, *,
         today: date | None = None) -> list[tuple[datetime, datetime]]:
    """The UTC (start, end) of one entry per day: `range_text` read as wall-clock time in `tz`.

    `days` are dates (as `parse_days` returns), or text for `parse_days` with `today` given. An
    overnight range ends on the next day. Raises NaturalTimeError when a start or end does not
    exist on its day (spring forward); an ambiguous one takes its first occurrence.
    """
    clock = parse_range(range_text)
    zone = _as_zone(tz)
    if isinstance(days, str):
        if today is None:
            raise TypeError("plan() needs today= to read days given as text")
        days = parse_days(days, today)
    entries: list[tuple[datetime, datetime]] = []
    for day in days:
        day = _as_date(day)
        start = to_utc(day, clock.start, zone)
        if clock.overnight and day == date.max:
            raise _error("time range", range_text, f"on {day.isoformat()} it would end after the last date")
        end = to_utc(day + timedelta(days=1) if clock.overnight else day, clock.end, zone)
        if end <= start:  # a range inside a fall-back hour whose end falls in its first occurrence
            raise _error("time range", range_text,
                         f"on {day.isoformat()} in {_zone_label(zone)} it does not end after it starts")
        entries.append((start, end))
    return entries


def plan_instants(start_text: str, end_text: str,
                  tz: tzinfo | str | None = None) -> list[tuple[datetime, datetime]]:
    """One entry from two ISO 8601 instants, unconverted (the same instants, expressed in UTC).

    An instant without an offset is read as wall-clock time in `tz` (refused when `tz` is None).
    """
    start = parse_instant(start_text, tz).astimezone(UTC)
    end = parse_instant(end_text, tz).astimezone(UTC)
    if end <= start:
        raise _error("instant", end_text, f'the end is not after the start "{_show(start_text)}"')
    return [(start, end)]
