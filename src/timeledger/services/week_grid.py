"""The timesheet's week grid: a user's time of one week as (project, task) rows by local day, and
the one write the grid makes, "this row's time on this day is now N hours".

The rule of a cell write (Clockify's timesheet does much the same; ours is written down here):

- The cell's time is the sum of the row's stopped entries whose day (`local_date`, the day in the
  owner's zone) is that day. A cell with a running timer is not written from the grid.
- More time than now: the row's newest entry that day grows by the difference (its start stays).
  When the row has no entry that day, one entry is created, starting at 09:00 local or, when the
  user already has time that day, where their last entry of the day ends (so rows do not overlap).
- Less time: the row's entries that day are removed newest first, and the one that would go
  below the new total is shortened instead (its start stays). Blank or 0 removes them all.
- "Copy last week with hours" types last week's hours into this week's empty cells of the same rows
  and weekdays by the same rule; cells that already hold time keep it.
- Everything happens in one transaction with the same checks as any entry write (locked and
  approved periods, the workspace lock date, required fields): all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from timeledger.core import zones
from timeledger.db.engine import Database
from timeledger.db.tables import clients, projects, tasks, time_entries
from timeledger.services import time_entries as entry_service
from timeledger.services import timesheets
from timeledger.services.access import Access
from timeledger.services.common import require_id
from timeledger.services.errors import Invalid

DAY_SECONDS = 24 * 3600
DEFAULT_START = (9, 0)
LOCK_DATE_MESSAGE = "Time entries before the workspace lock date can only be changed by admins"


# --- hours as people type them ------------------------------------------------------------------

_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)")
_DECIMAL = re.compile(r"(\d{1,3})(?:[.,](\d+))?|[.,](\d+)")
_UNITS = re.compile(r"(?:(\d{1,3}(?:[.,]\d+)?)\s*h)?\s*(?:(\d{1,4})\s*m)?")


def parse_hours(text: str | None) -> int:
    """Seconds of "1:30", "1.5", "1,5", "90m", "1h 30m", "2h"; blank is 0. Invalid otherwise, or
    beyond 24 hours (one day's cell)."""
    t = (text or "").strip().lower()
    if not t:
        return 0
    if m := _CLOCK.fullmatch(t):
        seconds = (int(m[1]) * 60 + int(m[2])) * 60
    elif m := _DECIMAL.fullmatch(t):
        whole, frac = (m[1] or "0"), (m[2] or m[3] or "0")
        seconds = round(float(f"{whole}.{frac}") * 3600)
    elif (m := _UNITS.fullmatch(t)) and (m[1] or m[2]):
        seconds = round(float((m[1] or "0").replace(",", ".")) * 3600) + int(m[2] or 0) * 60
    else:
        raise Invalid(f"“{text.strip()}” is not a duration: type hours as 1:30, 1.5 or 90m", "hours")
    if seconds > DAY_SECONDS:
        raise Invalid("A day holds at most 24 hours", "hours")
    return seconds


# --- reading ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    project_id: str | None
    task_id: str | None
    project: str = ""
    task: str = ""
    client: str = ""
    color: str = ""
    seconds: list[int] = field(default_factory=lambda: [0] * 7)
    running: list[bool] = field(default_factory=lambda: [False] * 7)

    def as_json(self) -> dict[str, Any]:
        return {"projectId": self.project_id, "taskId": self.task_id, "project": self.project, "task": self.task,
                "client": self.client, "color": self.color, "seconds": self.seconds, "running": self.running}


@dataclass(slots=True)
class Week:
    first: date
    rows: list[Row]
    closed: list[str | None]  # per day: why it cannot be written, or None

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(7)]

    def as_json(self) -> dict[str, Any]:
        return {"first": self.first.isoformat(), "days": [d.isoformat() for d in self.days],
                "rows": [r.as_json() for r in self.rows], "closed": self.closed}


def _of_user(access: Access) -> list[Any]:
    return [time_entries.c.workspace_id == access.workspace_id, time_entries.c.user_id == access.user_id]


async def _names(conn: Any, access: Access, rows: list[Row]) -> None:
    project_ids = {r.project_id for r in rows if r.project_id}
    task_ids = {r.task_id for r in rows if r.task_id}
    named: dict[str, Any] = {}
    if project_ids:
        stmt = (sa.select(projects.c.id, projects.c.name, projects.c.color, clients.c.name.label("client"))
                .select_from(projects.outerjoin(clients, sa.and_(clients.c.workspace_id == projects.c.workspace_id,
                                                                 clients.c.id == projects.c.client_id)))
                .where(projects.c.workspace_id == access.workspace_id, projects.c.id.in_(project_ids)))
        named = {r.id: r for r in await conn.execute(stmt)}
    task_names: dict[str, str] = {}
    if task_ids:
        stmt = sa.select(tasks.c.id, tasks.c.name).where(
            tasks.c.workspace_id == access.workspace_id, tasks.c.id.in_(task_ids)
        )
        task_names = {r.id: r.name for r in await conn.execute(stmt)}
    for row in rows:
        if row.project_id in named:
            p = named[row.project_id]
            row.project, row.color, row.client = p.name, p.color, p.client or ""
        row.task = task_names.get(row.task_id or "", "")


def _sorted(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.project_id is None, r.project.lower(), r.client.lower(), r.task.lower()))


async def _rows_between(conn: Any, access: Access, first: date, last: date) -> dict[tuple[str | None, str | None], Row]:
    stmt = (sa.select(time_entries.c.project_id, time_entries.c.task_id, time_entries.c.local_date,
                      time_entries.c.duration_s, time_entries.c.end_at)
            .where(*_of_user(access), time_entries.c.local_date >= first, time_entries.c.local_date <= last))
    rows: dict[tuple[str | None, str | None], Row] = {}
    for r in await conn.execute(stmt):
        key = (r.project_id, r.task_id)
        row = rows.setdefault(key, Row(*key))
        index = (_as_date(r.local_date) - first).days
        if r.end_at is None:
            row.running[index] = True
        else:
            row.seconds[index] += int(r.duration_s or 0)
    return rows


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def _closed(conn: Any, access: Access, first: date) -> list[str | None]:
    days = [first + timedelta(days=i) for i in range(7)]
    reasons: list[str | None] = [None] * 7
    closed = await timesheets.closed_days(conn, access.workspace_id, [access.user_id], days[0], days[-1])
    periods = closed.get(access.user_id, [])
    zone_name = access.principal.time_zone
    lock = access.workspace.lock_before
    for i, day in enumerate(days):
        for start, end, status in periods:
            if start <= day <= end:
                reasons[i] = timesheets.closed_message(status, start, end)
                break
        else:
            if lock is not None and not access.is_admin and zones.start_of_local_day(day, zone_name) < lock:
                reasons[i] = LOCK_DATE_MESSAGE
    return reasons


async def read_week(db: Database, access: Access, first: date) -> Week:
    """The caller's week from `first`: one row per (project, task) with time that week."""
    async with db.read() as conn:
        rows = list((await _rows_between(conn, access, first, first + timedelta(days=6))).values())
        await _names(conn, access, rows)
        closed = await _closed(conn, access, first)
    return Week(first, _sorted(rows), closed)


async def last_week_rows(db: Database, access: Access, first: date) -> list[Row]:
    """The (project, task) rows of the week before `first`, without their hours (Clockify's "copy
    last week"): the rows only, to fill in."""
    async with db.read() as conn:
        rows = list((await _rows_between(conn, access, first - timedelta(days=7), first - timedelta(days=1))).values())
        await _names(conn, access, rows)
    for row in rows:
        row.seconds, row.running = [0] * 7, [False] * 7
    return _sorted(rows)


# --- the cell write -----------------------------------------------------------------------------


@dataclass(slots=True)
class CellResult:
    seconds: int
    created: int = 0
    changed: int = 0
    deleted: int = 0


def _copy(entry: entry_service.TimeEntry, end: datetime) -> entry_service.EntryInput:
    """A full replace of `entry` that changes only its end."""
    return entry_service.EntryInput(
        start=entry.start_at, end=end, billable=entry.billable, description=entry.description,
        project_id=entry.project_id, task_id=entry.task_id, tag_ids=list(entry.tag_ids), type=entry.type,
        custom_fields=list(entry.custom_fields.items()), timed=entry.timed,
    )


async def set_cell(db: Database, access: Access, project_id: str | None, task_id: str | None, day: date,
                   seconds: int) -> CellResult:
    """Make the caller's time on `day` for (project, task) equal `seconds`, by the rule at the top
    of this module, in one transaction."""
    if not 0 <= seconds <= DAY_SECONDS:
        raise Invalid("A day holds at most 24 hours", "hours")
    project_id = require_id(project_id, "Project") if project_id else None
    task_id = require_id(task_id, "Task") if task_id else None
    if task_id and not project_id:
        raise Invalid("A task needs its project", "taskId")
    # The entry service's own steps, inside one transaction of ours: every check of a single write
    # applies to each step, and a refusal of any step leaves nothing written.
    async with db.write() as conn:
        await entry_service.hold_owner(conn, access, access.user_id)
        return await _set_cell(conn, access, project_id, task_id, day, seconds)


async def _row_entries(conn: Any, access: Access, project_id: str | None, task_id: str | None,
                       day: date) -> list[entry_service.TimeEntry]:
    of_row = [
        time_entries.c.project_id.is_(None) if project_id is None else time_entries.c.project_id == project_id,
        time_entries.c.task_id.is_(None) if task_id is None else time_entries.c.task_id == task_id,
    ]
    stmt = (sa.select(*entry_service.ENTRY_COLUMNS)
            .where(*_of_user(access), time_entries.c.local_date == day, *of_row)
            .order_by(time_entries.c.start_at, time_entries.c.id))
    found = [entry_service.entry_from_row(access, r) for r in await conn.execute(stmt)]
    return await entry_service.complete_entries(conn, access, found)


async def _set_cell(conn: Any, access: Access, project_id: str | None, task_id: str | None, day: date,
                    seconds: int) -> CellResult:
    found = await _row_entries(conn, access, project_id, task_id, day)
    if any(e.running for e in found):
        raise Invalid("A timer is running in this cell: stop it before typing its hours", "hours")
    current = sum(int(e.duration_s or 0) for e in found)
    result = CellResult(seconds)
    if seconds == current:
        return result
    if seconds > current and found:
        newest = found[-1]
        await _change_end(conn, access, newest, newest.end_at + timedelta(seconds=seconds - current))
        result.changed = 1
    elif seconds > current:
        start = await _free_start(conn, access, day)
        data = entry_service.EntryInput(start=start, end=start + timedelta(seconds=seconds), project_id=project_id,
                                        task_id=task_id)
        await entry_service.insert_entry(conn, access, access.user_id, data)
        result.created = 1
    else:
        to_remove = current - seconds
        doomed = []
        for entry in reversed(found):
            length = int(entry.duration_s or 0)
            if length <= to_remove:
                doomed.append(entry)
                to_remove -= length
                if to_remove == 0:
                    break
            else:
                await _change_end(conn, access, entry, entry.end_at - timedelta(seconds=to_remove))
                result.changed = 1
                break
        if doomed:
            rows = [await entry_service.writable_row(conn, access, e.id) for e in doomed]
            await entry_service.delete_entry_rows(conn, access, rows)
            result.deleted = len(doomed)
    return result


async def copy_last_week_hours(db: Database, access: Access, first: date) -> int:
    """Copy the hours of the week before `first` into the same rows and weekdays of this week,
    into the cells that are still empty (a cell with time keeps it). One transaction: a closed day
    or any other refusal copies nothing. Returns the number of cells filled."""
    async with db.write() as conn:
        await entry_service.hold_owner(conn, access, access.user_id)
        before = await _rows_between(conn, access, first - timedelta(days=7), first - timedelta(days=1))
        now = await _rows_between(conn, access, first, first + timedelta(days=6))
        filled = 0
        for key, row in sorted(before.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")):
            here = now.get(key)
            for i, seconds in enumerate(row.seconds):
                if not seconds or (here is not None and (here.seconds[i] or here.running[i])):
                    continue
                await _set_cell(conn, access, key[0], key[1], first + timedelta(days=i), min(seconds, DAY_SECONDS))
                filled += 1
        return filled


async def _change_end(conn: Any, access: Access, entry: entry_service.TimeEntry, end: datetime) -> None:
    row = await entry_service.writable_row(conn, access, entry.id)
    await entry_service.replace_entry(conn, access, row, _copy(entry, end))


async def _free_start(conn: Any, access: Access, day: date) -> datetime:
    """09:00 on `day` in the user's zone, or the end of their last entry that day when later (and
    still that day)."""
    zone_name = access.principal.time_zone
    nine = zones.wall_clock(day, *DEFAULT_START, zone_name)
    last_end = (await conn.execute(
        sa.select(sa.func.max(time_entries.c.end_at)).where(*_of_user(access), time_entries.c.local_date == day)
    )).scalar()
    if last_end is None:
        return nine
    if isinstance(last_end, str):
        last_end = datetime.fromisoformat(last_end)
    if last_end.tzinfo is None:
        last_end = last_end.replace(tzinfo=UTC)
    if last_end > nine and zones.local_date(last_end, zone_name) == day:
        return last_end
    return nine

