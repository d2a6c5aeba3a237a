"""Time off (ClickTime's leave): types of leave, and hours of leave a person takes on a day.

Leave rows are not time entries; reports of worked time do not count them. They are written
directly only for types that need no approval (requests with approval are a later piece of
work), and, like time entries, never on a day of an approved or locked timesheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import time_off, time_off_types
from timeledger.services import events, timesheets
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound
from timeledger.services.users import require_member

MAX_NOTES = 3000
DAY = 24 * 3600


@dataclass(slots=True)
class TimeOffType:
    id: str
    workspace_id: str
    name: str
    requires_approval: bool
    active: bool
    created_at: datetime


@dataclass(slots=True)
class TimeOffTypeInput:
    """None means "not given" (create: the default; update: unchanged)."""

    name: str | None = None
    requires_approval: bool | None = None
    active: bool | None = None


@dataclass(slots=True)
class TimeOff:
    id: str
    workspace_id: str
    user_id: str
    type_id: str
    date: date
    duration_s: int
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class TimeOffInput:
    """None means "not given" (create: required or the default; update: unchanged)."""

    type_id: str | None = None
    date: date | None = None
    duration_s: int | None = None
    notes: str | None = None


@dataclass(slots=True)
class TimeOffFilter:
    user_ids: list[str] | None = None  # None: the caller's own
    type_ids: list[str] | None = None
    first: date | None = None
    last: date | None = None


def _type(row: Any) -> TimeOffType:
    return TimeOffType(row.id, row.workspace_id, row.name, row.requires_approval, row.active, row.created_at)


def _leave(row: Any) -> TimeOff:
    day = row.date if isinstance(row.date, date) else date.fromisoformat(str(row.date))
    return TimeOff(row.id, row.workspace_id, row.user_id, row.type_id, day, row.duration_s, row.notes, row.created_at,
                   row.updated_at)


# --- types ------------------------------------------------------------------------------------


async def _type_row(conn: AsyncConnection, workspace_id: str, type_id: str | None) -> Any:
    type_id = require_id(type_id, "Time off type")
    row = (
        await conn.execute(
            sa.select(time_off_types).where(time_off_types.c.workspace_id == workspace_id, time_off_types.c.id == type_id)
        )
    ).first()
    if row is None:
        raise NotFound("Time off type", type_id)
    return row


async def list_types(
    db: Database, access: Access, *, name: str | None = None, active: bool | None = None,
    ids: list[str] | None = None, page: PageRequest = PageRequest(),
) -> tuple[list[TimeOffType], bool]:
    stmt = sa.select(time_off_types).where(time_off_types.c.workspace_id == access.workspace_id)
    condition = name_filter(time_off_types.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if active is not None:
        stmt = stmt.where(time_off_types.c.active.is_(sa.true() if active else sa.false()))
    if ids is not None:
        stmt = stmt.where(time_off_types.c.id.in_([require_id(i, "Time off type") for i in ids]))
    stmt = stmt.order_by(sa.func.lower(time_off_types.c.name), time_off_types.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_type(r) for r in rows], last


async def get_type(db: Database, access: Access, type_id: str) -> TimeOffType:
    async with db.read() as conn:
        return _type(await _type_row(conn, access.workspace_id, type_id))


async def create_type(db: Database, access: Access, data: TimeOffTypeInput) -> TimeOffType:
    access.require_admin()
    name = clean_name(data.name, "Name", max_len=100)
    async with db.write() as conn:
        await ensure_unique_name(conn, time_off_types, access.workspace_id, name, "Time off type")
        type_id = new_id()
        await conn.execute(
            time_off_types.insert().values(
                workspace_id=access.workspace_id, id=type_id, name=name,
                requires_approval=bool(data.requires_approval), active=True if data.active is None else bool(data.active),
                created_at=datetime.now(UTC),
            )
        )
        await events.record(conn, access.workspace_id, "NEW_TIME_OFF_TYPE", "TIME_OFF_TYPE", type_id, access.user_id,
                            {"name": name})
        return _type(await _type_row(conn, access.workspace_id, type_id))


async def update_type(db: Database, access: Access, type_id: str, data: TimeOffTypeInput) -> TimeOffType:
    access.require_admin()
    async with db.write() as conn:
        row = await _type_row(conn, access.workspace_id, type_id)
        values: dict[str, Any] = {}
        if data.name is not None:
            values["name"] = clean_name(data.name, "Name", max_len=100)
            if values["name"].lower() != row.name.lower():
                await ensure_unique_name(conn, time_off_types, access.workspace_id, values["name"], "Time off type",
                                         exclude_id=row.id)
        if data.requires_approval is not None:
            values["requires_approval"] = bool(data.requires_approval)
        if data.active is not None:
            values["active"] = bool(data.active)
        if values:
            await conn.execute(
                time_off_types.update()
                .where(time_off_types.c.workspace_id == access.workspace_id, time_off_types.c.id == row.id)
                .values(**values)
            )
            await events.record(conn, access.workspace_id, "TIME_OFF_TYPE_UPDATED", "TIME_OFF_TYPE", row.id,
                                access.user_id, {"fields": sorted(values)})
        return _type(await _type_row(conn, access.workspace_id, row.id))


async def delete_type(db: Database, access: Access, type_id: str) -> TimeOffType:
    """Refused while leave of the type is recorded: deactivate it instead."""
    access.require_admin()
    async with db.write() as conn:
        row = await _type_row(conn, access.workspace_id, type_id)
        used = (
            await conn.execute(
                sa.select(sa.func.count()).select_from(time_off).where(
                    time_off.c.workspace_id == access.workspace_id, time_off.c.type_id == row.id
                )
            )
        ).scalar_one()
        if used:
            raise Conflict(f"Time off type '{row.name}' cannot be deleted: time off of this type is recorded. "
                           "Deactivate it instead", "id")
        await conn.execute(time_off_types.delete().where(time_off_types.c.workspace_id == access.workspace_id,
                                                         time_off_types.c.id == row.id))
        await events.record(conn, access.workspace_id, "TIME_OFF_TYPE_DELETED", "TIME_OFF_TYPE", row.id, access.user_id,
                            {"name": row.name})
    return _type(row)


# --- leave taken ------------------------------------------------------------------------------


def _duration(value: int | None) -> int:
    if value is None:
        raise Invalid("Hours is required", "Hours")
    if not 0 < value <= DAY:
        raise Invalid("Hours must be more than 0 and at most 24", "Hours")
    return int(value)


def _notes(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_NOTES:
        raise Invalid(f"Notes must be at most {MAX_NOTES} characters long", "Notes")
    return text


async def _usable_type(conn: AsyncConnection, workspace_id: str, type_id: str | None, current: str | None = None) -> Any:
    if type_id is None:
        raise Invalid("TimeOffTypeID is required", "TimeOffTypeID")
    row = await _type_row(conn, workspace_id, type_id)
    if row.id != current:
        if not row.active:
            raise Invalid(f"Time off type '{row.name}' is inactive", "TimeOffTypeID")
        if row.requires_approval:
            raise Invalid(f"Time off of type '{row.name}' needs approval and cannot be entered directly", "TimeOffTypeID")
    return row


async def _leave_row(conn: AsyncConnection, access: Access, leave_id: str | None, *, for_update: bool = False) -> Any:
    leave_id = require_id(leave_id, "Time off")
    stmt = sa.select(time_off).where(time_off.c.workspace_id == access.workspace_id, time_off.c.id == leave_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).first()
    if row is None:
        raise NotFound("Time off", leave_id)
    if not access.can_manage_user(row.user_id):
        raise Forbidden()
    return row


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    return {"userId": values["user_id"], "typeId": values["type_id"], "date": values["date"].isoformat(),
            "durationS": values["duration_s"]}


async def create_time_off(db: Database, access: Access, data: TimeOffInput, user_id: str | None = None) -> TimeOff:
    """Leave for the caller or, for admins and team managers, for someone they manage."""
    target = access.user_id if user_id is None else require_id(user_id, "User")
    if not access.can_manage_user(target):
        raise Forbidden()
    if data.date is None:
        raise Invalid("Date is required", "Date")
    duration = _duration(data.duration_s)
    notes = _notes(data.notes)
    async with db.write() as conn:
        if target != access.user_id:
            await require_member(conn, access.workspace_id, target, active=True)
        await timesheets.lock_owner(conn, access.workspace_id, target)
        kind = await _usable_type(conn, access.workspace_id, data.type_id)
        await timesheets.ensure_open(conn, access.workspace_id, target, [data.date])
        now = datetime.now(UTC)
        values = {"workspace_id": access.workspace_id, "id": new_id(), "user_id": target, "type_id": kind.id,
                  "date": data.date, "duration_s": duration, "notes": notes, "created_at": now, "updated_at": now}
        await conn.execute(time_off.insert().values(**values))
        await events.record(conn, access.workspace_id, "NEW_TIME_OFF", "TIME_OFF", values["id"], access.user_id, _payload(values))
        return _leave((await conn.execute(sa.select(time_off).where(time_off.c.workspace_id == access.workspace_id,
                                                                   time_off.c.id == values["id"]))).one())


async def update_time_off(db: Database, access: Access, leave_id: str, data: TimeOffInput) -> TimeOff:
    """Changes hours, notes and type; the day stays (as on ClickTime)."""
    async with db.write() as conn:
        row = await _leave_row(conn, access, leave_id)
        await timesheets.lock_owner(conn, access.workspace_id, row.user_id)
        row = await _leave_row(conn, access, row.id, for_update=True)
        day = row.date if isinstance(row.date, date) else date.fromisoformat(str(row.date))
        if data.date is not None and data.date != day:
            raise Invalid("The date of time off cannot change; delete it and enter it on the new day", "Date")
        values: dict[str, Any] = {"updated_at": datetime.now(UTC)}
        if data.type_id is not None:
            values["type_id"] = (await _usable_type(conn, access.workspace_id, data.type_id, row.type_id)).id
        if data.duration_s is not None:
            values["duration_s"] = _duration(data.duration_s)
        if data.notes is not None:
            values["notes"] = _notes(data.notes)
        await timesheets.ensure_open(conn, access.workspace_id, row.user_id, [day])
        await conn.execute(time_off.update().where(time_off.c.workspace_id == access.workspace_id, time_off.c.id == row.id).values(**values))
        updated = (await conn.execute(sa.select(time_off).where(time_off.c.workspace_id == access.workspace_id,
                                                               time_off.c.id == row.id))).one()
        await events.record(conn, access.workspace_id, "TIME_OFF_UPDATED", "TIME_OFF", row.id, access.user_id,
                            _payload(updated._asdict()))
        return _leave(updated)


async def delete_time_off(db: Database, access: Access, leave_id: str) -> TimeOff:
    async with db.write() as conn:
        row = await _leave_row(conn, access, leave_id)
        await timesheets.lock_owner(conn, access.workspace_id, row.user_id)
        row = await _leave_row(conn, access, row.id, for_update=True)
        leave = _leave(row)
        await timesheets.ensure_open(conn, access.workspace_id, row.user_id, [leave.date])
        await conn.execute(time_off.delete().where(time_off.c.workspace_id == access.workspace_id, time_off.c.id == row.id))
        await events.record(conn, access.workspace_id, "TIME_OFF_DELETED", "TIME_OFF", row.id, access.user_id,
                            _payload(row._asdict()))
        return leave


async def get_time_off(db: Database, access: Access, leave_id: str) -> TimeOff:
    async with db.read() as conn:
        return _leave(await _leave_row(conn, access, leave_id))


async def list_time_off(db: Database, access: Access, flt: TimeOffFilter, page: PageRequest = PageRequest()) -> tuple[list[TimeOff], bool]:
    """Leave of the given people (None: the caller; an empty list: everyone the caller manages,
    which for admins is everyone), by day."""
    stmt = sa.select(time_off).where(time_off.c.workspace_id == access.workspace_id)
    if flt.user_ids is None or flt.user_ids:
        users = [access.user_id] if flt.user_ids is None else [require_id(u, "User") for u in flt.user_ids]
        for user in users:
            if not access.can_manage_user(user):
                raise Forbidden()
        stmt = stmt.where(time_off.c.user_id.in_(users))
    elif not access.is_admin:
        stmt = stmt.where(time_off.c.user_id.in_([access.user_id, *access.managed_users]))
    if flt.type_ids:
        stmt = stmt.where(time_off.c.type_id.in_([require_id(t, "Time off type") for t in flt.type_ids]))
    if flt.first is not None:
        stmt = stmt.where(time_off.c.date >= flt.first)
    if flt.last is not None:
        stmt = stmt.where(time_off.c.date <= flt.last)
    stmt = stmt.order_by(time_off.c.date, time_off.c.user_id, time_off.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_leave(r) for r in rows], last
