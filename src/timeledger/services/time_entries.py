"""Time entries and timers.

Rules kept here, once, for every dialect:
- one running timer per user and workspace (a partial unique index backs it; starting a timer
  stops the running one at the new start);
- an entry's day is its start's calendar day in its owner's zone (`local_date`), computed with
  zoneinfo so DST days have 23 or 25 hours;
- billable and cost rates are resolved at write time and snapshotted on the entry; an admin may
  set an entry's rates instead (ClickTime's BillingRate/CostRate on an entry): such a rate is
  marked fixed, kept by later writes that leave the entry's user, project and task as they were
  and by rate changes (a write that gives rates again replaces it, one that moves the entry to
  another project or task re-resolves);
- an entry read shows the id of the approval request (the timesheet) of its period, if that
  period was ever submitted (services.timesheets.approval_request_ids, one query a page);
- entries before the workspace lock date can be written by admins only;
- no write touches a day inside an Approved or Locked timesheet period of the entry's owner
  (services.timesheets): every write takes the owner's lock, then checks the old and the new
  day, in the transaction that writes;
- an entry may carry one cost code, one labor code and one time entry type (services.work_codes);
- `timed` is False for entries given as hours on a date (ClickTime style) without a start time:
  their start is a placeholder (09:00 in the owner's zone), chosen by the dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core import zones
from timeledger.core.ids import is_id, new_id
from timeledger.core.timefmt import truncate_to_second, utcnow
from timeledger.db.engine import Database
from timeledger.db.tables import projects, tasks, time_entries, time_entry_tags, users
from timeledger.services import custom_fields as custom_field_service
from timeledger.services import events, rates, timesheets, work_codes
from timeledger.services import tags as tag_service
from timeledger.services.access import Access
from timeledger.services.common import MAX_PAGE_SIZE, PageRequest, fetch_page, like_pattern, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, Locked, NoRunningTimer, NotFound
from timeledger.services.users import require_member

ENTRY_TYPES = ("REGULAR", "BREAK")
MAX_DESCRIPTION = 3000
MAX_RETRIES = 5
_INSERT = time_entries.insert()


@dataclass(slots=True)
class CustomValue:
    field_id: str
    value: Any
    name: str
    type: str


@dataclass(slots=True)
class TimeEntry:
    id: str
    workspace_id: str
    user_id: str
    description: str
    project_id: str | None
    task_id: str | None
    billable: bool
    type: str
    start_at: datetime
    end_at: datetime | None
    duration_s: int | None
    zone: str
    local_date: Any
    invoiced: bool
    hourly_rate: int | None
    cost_rate: int | None
    currency: str
    is_locked: bool
    tag_ids: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    custom_values: list[CustomValue] = field(default_factory=list)
    timed: bool = True
    break_s: int = 0
    cost_code_id: str | None = None
    labor_code_id: str | None = None
    time_entry_type_id: str | None = None
    approval_request_id: str | None = None  # the timesheet of its period, once submitted

    @property
    def running(self) -> bool:
        return self.end_at is None


class _Keep:
    """The default of the fields a full replace keeps when a dialect does not know them."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
CODE_FIELDS = {kind: info[1] for kind, info in work_codes.KIND_INFO.items()}  # kind: time entry column


@dataclass(slots=True)
class EntryInput:
    """A time entry write. None means "not given"; on a full replace that resets the field.

    The work codes, `timed` and `break_s` default to KEEP: a create leaves them empty (timed:
    True, break: 0) and a replace keeps the stored values, so a dialect that does not know them
    (Clockify clients) does not wipe them. None clears a code. A replace that moves the start or
    end without saying `timed` makes the entry timed."""

    start: datetime | None = None
    end: datetime | None = None
    billable: bool | None = None
    description: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: list[str] | None = None
    type: str | None = None
    custom_fields: list[tuple[str | None, Any]] | None = None
    # A company task (ClickTime's TaskID) instead of task_id: the entry gets the task row of
    # (project, company task), made under taskRestriction MY_TASKS when missing.
    company_task_id: str | None = None
    cost_code_id: str | None = KEEP
    labor_code_id: str | None = KEEP
    time_entry_type_id: str | None = KEEP
    timed: bool = KEEP
    break_s: int = KEEP
    # Rates set on the entry (minor units per hour; admins only) instead of the resolved ones.
    # KEEP: resolved, or on a replace the fixed rate while user, project and task stay.
    hourly_rate: int | None = KEEP
    cost_rate: int | None = KEEP


@dataclass(slots=True)
class EntryFilter:
    description: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: list[str] | None = None
    project_required: bool = False
    task_required: bool = False
    in_progress: bool | None = None
    week_before: datetime | None = None


@dataclass(slots=True)
class Related:
    """Objects a hydrated entry embeds, keyed by id."""

    projects: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    work_codes: dict[str, Any] = field(default_factory=dict)  # work_codes.WorkCode by id


# --- reading ----------------------------------------------------------------------------------


def _locked(access: Access, start_at: datetime) -> bool:
    lock = access.workspace.lock_before
    return lock is not None and start_at < lock


# Rows of `select(time_entries)` are read by position: attribute lookup by name on every field
# of every row was the largest single cost of listing entries.
ENTRY_COLUMNS = [column for column in time_entries.c if column.name not in ("created_at", "updated_at")]
_AT = {column.name: index for index, column in enumerate(ENTRY_COLUMNS)}


def entry_from_row(access: Access, row: Any) -> TimeEntry:
    at = _AT
    start_at = row[at["start_at"]]
    custom = row[at["custom_fields"]]
    return TimeEntry(
        id=row[at["id"]],
        workspace_id=row[at["workspace_id"]],
        user_id=row[at["user_id"]],
        description=row[at["description"]],
        project_id=row[at["project_id"]],
        task_id=row[at["task_id"]],
        billable=row[at["billable"]],
        type=row[at["type"]],
        start_at=start_at,
        end_at=row[at["end_at"]],
        duration_s=row[at["duration_s"]],
        zone=row[at["zone"]],
        local_date=row[at["local_date"]],
        invoiced=row[at["invoiced"]],
        hourly_rate=row[at["hourly_rate"]],
        cost_rate=row[at["cost_rate"]],
        currency=row[at["currency"]],
        is_locked=_locked(access, start_at),
        custom_fields=dict(custom) if custom else {},
        timed=row[at["timed"]],
        break_s=row[at["break_s"]],
        cost_code_id=row[at["cost_code_id"]],
        labor_code_id=row[at["labor_code_id"]],
        time_entry_type_id=row[at["time_entry_type_id"]],
    )


_TAGS_OF = sa.select(time_entry_tags.c.entry_id, time_entry_tags.c.tag_id).where(
    time_entry_tags.c.workspace_id == sa.bindparam("workspace_id"),
    time_entry_tags.c.entry_id.in_(sa.bindparam("entry_ids", expanding=True)),
)


async def complete_entries(conn: AsyncConnection, access: Access, entries: list[TimeEntry]) -> list[TimeEntry]:
    """Attach tag ids and named custom field values, with one query each, only when needed."""
    if not entries:
        return entries
    await _approval_ids(conn, access, entries)
    by_id = {e.id: e for e in entries}
    rows = await conn.execute(_TAGS_OF, {"workspace_id": access.workspace_id, "entry_ids": list(by_id)})
    for entry_id, tag_id in rows:
        by_id[entry_id].tag_ids.append(tag_id)
    for entry in entries:
        entry.tag_ids.sort()
    field_ids = {fid for e in entries for fid in e.custom_fields}
    if field_ids:
        described = await custom_field_service.describe(conn, access.workspace_id, field_ids)
        for entry in entries:
            entry.custom_values = [
                CustomValue(fid, value, *described[fid]) for fid, value in entry.custom_fields.items() if fid in described
            ]
    return entries


def _can_read(access: Access, row: Any) -> bool:
    return access.can_manage_user(row.user_id) or (row.project_id is not None and row.project_id in access.managed_projects)


async def _get_row(conn: AsyncConnection, access: Access, entry_id: str | None) -> Any:
    entry_id = require_id(entry_id, "Time entry")
    row = (
        await conn.execute(
            sa.select(*ENTRY_COLUMNS).where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id == entry_id)
        )
    ).first()
    if row is None:
        raise NotFound("Time entry", entry_id)
    if not _can_read(access, row):
        raise Forbidden()
    return row


async def get_entry(db: Database, access: Access, entry_id: str) -> TimeEntry:
    async with db.read() as conn:
        row = await _get_row(conn, access, entry_id)
        return (await complete_entries(conn, access, [entry_from_row(access, row)]))[0]


async def get_entries(db: Database, access: Access, entry_ids: list[str]) -> list[TimeEntry]:
    """Several entries by id (the batch endpoint); ids not visible here are skipped."""
    ids = [i.lower() for i in dict.fromkeys(entry_ids) if is_id(i)]
    if len(entry_ids) > MAX_PAGE_SIZE:
        raise Invalid(f"At most {MAX_PAGE_SIZE} ids per request", "timeEntryIds")
    if not ids:
        return []
    async with db.read() as conn:
        rows = (
            await conn.execute(
                sa.select(*ENTRY_COLUMNS)
                .where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id.in_(ids))
                .order_by(time_entries.c.start_at.desc(), time_entries.c.id.desc())
            )
        ).all()
        return await complete_entries(conn, access, [entry_from_row(access, r) for r in rows if _can_read(access, r)])


def _apply_filter(stmt: sa.Select, access: Access, flt: EntryFilter) -> sa.Select:
    zone_name = access.principal.time_zone
    if flt.description:
        stmt = stmt.where(sa.func.lower(time_entries.c.description).like(like_pattern(flt.description), escape="\\"))
    if flt.start is not None:
        stmt = stmt.where(time_entries.c.start_at >= zones.reread_as_wall_clock(flt.start, zone_name))
    if flt.end is not None:
        stmt = stmt.where(time_entries.c.start_at <= zones.reread_as_wall_clock(flt.end, zone_name))
    if flt.project_id:
        stmt = stmt.where(time_entries.c.project_id == flt.project_id.lower())
    if flt.task_id:
        stmt = stmt.where(time_entries.c.task_id == flt.task_id.lower())
    if flt.tag_ids:
        stmt = stmt.where(
            sa.exists().where(
                time_entry_tags.c.workspace_id == access.workspace_id,
                time_entry_tags.c.entry_id == time_entries.c.id,
                time_entry_tags.c.tag_id.in_([t.lower() for t in flt.tag_ids]),
            )
        )
    if flt.project_required:
        stmt = stmt.where(time_entries.c.project_id.is_not(None))
    if flt.task_required:
        stmt = stmt.where(time_entries.c.task_id.is_not(None))
    if flt.in_progress is True:
        stmt = stmt.where(time_entries.c.end_at.is_(None))
    elif flt.in_progress is False:
        stmt = stmt.where(time_entries.c.end_at.is_not(None))
    if flt.week_before is not None:
        until = zones.reread_as_wall_clock(flt.week_before, zone_name)
        stmt = stmt.where(
            time_entries.c.start_at >= until - timedelta(days=7),
            time_entries.c.start_at < until,
            sa.or_(time_entries.c.project_id.is_not(None), time_entries.c.task_id.is_not(None)),
        )
    return stmt


async def list_user_entries(
    db: Database, access: Access, user_id: str, flt: EntryFilter, page: PageRequest
) -> tuple[list[TimeEntry], bool]:
    """A user's entries, newest first (ties broken by id so pages are stable)."""
    user_id = require_id(user_id, "User")
    stmt = sa.select(*ENTRY_COLUMNS).where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.user_id == user_id)
    if not access.can_manage_user(user_id):
        if not access.managed_projects:
            raise Forbidden()
        stmt = stmt.where(time_entries.c.project_id.in_(list(access.managed_projects)))
    stmt = _apply_filter(stmt, access, flt).order_by(time_entries.c.start_at.desc(), time_entries.c.id.desc())
    async with db.read() as conn:
        if user_id != access.user_id:
            await require_member(conn, access.workspace_id, user_id)
        rows, last = await fetch_page(conn, stmt, page)
        return await complete_entries(conn, access, [entry_from_row(access, r) for r in rows]), last


def _visible_condition(access: Access) -> sa.ColumnElement[bool] | None:
    """Entries the caller may read: everyone's for admins, else their own, their team's and
    those on projects they manage. None: no restriction."""
    if access.is_admin:
        return None
    visible = [time_entries.c.user_id.in_([access.user_id, *access.managed_users])]
    if access.managed_projects:
        visible.append(time_entries.c.project_id.in_(list(access.managed_projects)))
    return sa.or_(*visible)


async def list_in_progress(db: Database, access: Access, page: PageRequest) -> tuple[list[TimeEntry], bool]:
    """Running timers in the workspace that `access` may see."""
    stmt = sa.select(*ENTRY_COLUMNS).where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.end_at.is_(None))
    visible = _visible_condition(access)
    if visible is not None:
        stmt = stmt.where(visible)
    stmt = stmt.order_by(time_entries.c.start_at.desc(), time_entries.c.id.desc())
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await complete_entries(conn, access, [entry_from_row(access, r) for r in rows]), last


@dataclass(slots=True)
class EntrySearch:
    """Entries selected by field values (ClickTime's lists). Each list means "any of these";
    different fields must all match; None or an empty list means no condition. Dates are the
    entries' days in their owners' zones, both ends inclusive."""

    ids: list[str] | None = None
    user_ids: list[str] | None = None
    project_ids: list[str] | None = None
    task_ids: list[str] | None = None
    cost_code_ids: list[str] | None = None
    labor_code_ids: list[str] | None = None
    time_entry_type_ids: list[str] | None = None
    first: Any = None  # date
    last: Any = None  # date
    running: bool | None = None  # True: only running timers, False: only finished entries


def _ids_in(column: sa.ColumnElement, values: list[str] | None) -> sa.ColumnElement[bool] | None:
    """`column` is one of the ids given; values that cannot be ids match nothing."""
    if not values:
        return None
    ids = list(dict.fromkeys(v.strip().lower() for v in values if isinstance(v, str) and is_id(v.strip())))
    return column.in_(ids) if ids else sa.false()


async def search_entries(
    db: Database, access: Access, flt: EntrySearch, window: Any, *, newest_first: bool = False, ids_descending: bool = True
) -> Any:
    """One window (services.listing.Window: offset, limit) of the entries the caller may read
    that match `flt`, by day, start and id, with the total count of matching entries
    (services.listing.Listed). `newest_first`: by day descending, then by id (descending unless
    `ids_descending` is False) — ClickTime's order; ids are time-ordered, so pages are stable."""
    from timeledger.services.listing import Listed, fetch_window

    if flt.first is not None and flt.last is not None and flt.last < flt.first:
        raise Invalid("The end date must not be before the start date", "EndDate")
    c = time_entries.c
    conditions = [
        _visible_condition(access),
        _ids_in(c.id, flt.ids),
        _ids_in(c.user_id, flt.user_ids),
        _ids_in(c.project_id, flt.project_ids),
        _ids_in(c.task_id, flt.task_ids),
        _ids_in(c.cost_code_id, flt.cost_code_ids),
        _ids_in(c.labor_code_id, flt.labor_code_ids),
        _ids_in(c.time_entry_type_id, flt.time_entry_type_ids),
        c.local_date >= flt.first if flt.first is not None else None,
        c.local_date <= flt.last if flt.last is not None else None,
        None if flt.running is None else (c.end_at.is_(None) if flt.running else c.end_at.is_not(None)),
    ]
    stmt = (
        sa.select(*ENTRY_COLUMNS)
        .where(c.workspace_id == access.workspace_id, *[x for x in conditions if x is not None])
        .order_by(*((c.local_date.desc(), c.id.desc() if ids_descending else c.id) if newest_first
                    else (c.local_date, c.start_at, c.id)))
    )
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
        return Listed(await complete_entries(conn, access, [entry_from_row(access, r) for r in rows]), total)


async def entries_where(conn: AsyncConnection, access: Access, where: list[Any]) -> list[TimeEntry]:
    """Every entry matching `where` (conditions on time_entries), oldest first, completed with
    tags and custom field values. For callers that bound the rows themselves (one period)."""
    rows = (
        await conn.execute(
            sa.select(*ENTRY_COLUMNS).where(*where).order_by(time_entries.c.start_at, time_entries.c.id)
        )
    ).all()
    return await complete_entries(conn, access, [entry_from_row(access, r) for r in rows])


async def related(db: Database, access: Access, entries: list[TimeEntry]) -> Related:
    """Projects, tasks, tags and users that hydrated entries embed."""
    from timeledger.services import projects as project_service
    from timeledger.services import tasks as task_service
    from timeledger.services.users import _user_from_row

    result = Related()
    if not entries:
        return result
    ws = access.workspace_id
    project_ids = list({e.project_id for e in entries if e.project_id})
    task_ids = list({e.task_id for e in entries if e.task_id})
    tag_ids = list({t for e in entries for t in e.tag_ids})
    user_ids = list({e.user_id for e in entries})
    async with db.read() as conn:
        if project_ids:
            rows = (await conn.execute(sa.select(projects).where(projects.c.workspace_id == ws, projects.c.id.in_(project_ids)))).all()
            result.projects = {p.id: p for p in await project_service.hydrate(conn, access, rows)}
        if task_ids:
            rows = (await conn.execute(sa.select(tasks).where(tasks.c.workspace_id == ws, tasks.c.id.in_(task_ids)))).all()
            result.tasks = {t.id: t for t in await task_service.hydrate(conn, ws, rows)}
        if tag_ids:
            from timeledger.db.tables import tags

            rows = (await conn.execute(sa.select(tags).where(tags.c.workspace_id == ws, tags.c.id.in_(tag_ids)))).all()
            result.tags = {r.id: tag_service._tag(r) for r in rows}
        rows = (await conn.execute(sa.select(users).where(users.c.id.in_(user_ids)))).all()
        result.users = {r.id: _user_from_row(r) for r in rows}
        code_ids = list({c for e in entries for c in (e.cost_code_id, e.labor_code_id, e.time_entry_type_id) if c})
        if code_ids:
            result.work_codes = {c.id: c for c in await work_codes.by_ids(conn, ws, code_ids)}
    return result


async def owner_zone(db: Database, access: Access, user_id: str | None = None) -> str:
    """The IANA zone an entry of `user_id` (default: the caller) is written in: its owner's
    zone. Dialects that take hours on a date place the entry's start in it."""
    target = _target_user(access, user_id)
    async with db.read() as conn:
        if target != access.user_id:
            await require_member(conn, access.workspace_id, target)
        return await _owner_zone(conn, access, target)


# --- writing ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Prepared:
    values: dict[str, Any]
    tag_ids: list[str]


async def _owner_zone(conn: AsyncConnection, access: Access, user_id: str) -> str:
    if user_id == access.user_id:
        return access.principal.time_zone
    row = (await conn.execute(sa.select(users.c.settings).where(users.c.id == user_id))).one()
    return (row.settings or {}).get("timeZone") or "UTC"


async def _prepare(
    conn: AsyncConnection, access: Access, user_id: str, data: EntryInput, *, existing: Any | None = None
) -> _Prepared:
    """Validate a full entry write and compute every stored column."""
    from timeledger.services.projects import visible_project

    settings = access.workspace.settings
    description = data.description if data.description is not None else ""
    if len(description) > MAX_DESCRIPTION:
        raise Invalid(f"Field 'description' must be at most {MAX_DESCRIPTION} characters long", "description")
    entry_type = data.type or "REGULAR"
    if entry_type not in ENTRY_TYPES:
        raise Invalid("type must be REGULAR or BREAK", "type")

    start = truncate_to_second(data.start) if data.start is not None else utcnow()
    end = truncate_to_second(data.end) if data.end is not None else None
    if end is not None and end < start:
        raise Invalid("Time entry end must not be before its start", "end")

    project = task = None
    if data.project_id:
        project = await visible_project(conn, access, data.project_id)
    if data.company_task_id and not data.task_id:
        if project is None:
            raise Invalid("A task needs its project: give projectId with taskId", "taskId")
        from timeledger.services import company_tasks

        task = await company_tasks.resolve(conn, access, project, data.company_task_id)
    elif data.task_id:
        if project is None:
            raise Invalid("A task needs its project: give projectId with taskId", "taskId")
        task_id = require_id(data.task_id, "Task")
        task = (
            await conn.execute(
                sa.select(tasks).where(
                    tasks.c.workspace_id == access.workspace_id, tasks.c.project_id == project.id, tasks.c.id == task_id
                )
            )
        ).first()
        if task is None:
            raise NotFound("Task", task_id)
    tag_ids = await tag_service.existing_ids(conn, access.workspace_id, data.tag_ids or [])

    if entry_type == "REGULAR":
        if settings.get("forceProjects") and project is None:
            raise Invalid("Time entry couldn't be created. Project is a required field.", "projectId")
        if settings.get("forceTasks") and task is None:
            raise Invalid("Time entry couldn't be created. Task is a required field.", "taskId")
        if settings.get("forceTags") and not tag_ids:
            raise Invalid("Time entry couldn't be created. Tags are a required field.", "tagIds")
        if settings.get("forceDescription") and not description.strip():
            raise Invalid("Time entry couldn't be created. Description is a required field.", "description")

    if data.billable is not None:
        billable = data.billable
    elif task is not None:
        billable = task.billable
    else:
        billable = project.billable if project is not None else False

    if not access.is_admin and (_locked(access, start) or (existing is not None and _locked(access, existing.start_at))):
        raise Locked("Time entries before the workspace lock date can only be changed by admins")

    if data.custom_fields is not None:
        custom = await custom_field_service.entry_values(conn, access, data.custom_fields)
    else:
        custom = dict(existing.custom_fields or {}) if existing is not None else {}

    codes = await _codes(conn, access, data, existing)
    if data.timed is KEEP:
        unmoved = existing is not None and existing.start_at == start and existing.end_at == end
        timed = bool(existing.timed) if unmoved else True
    else:
        timed = bool(data.timed)
    if data.break_s is KEEP:
        break_s = int(existing.break_s) if existing is not None else 0
    else:
        break_s = int(data.break_s or 0)
        if not 0 <= break_s <= 86400:
            raise Invalid("A break must be between 0 and 24 hours long", "breakTime")

    zone_name = existing.zone if existing is not None and existing.user_id == user_id else await _owner_zone(conn, access, user_id)
    local_date = zones.local_date(start, zone_name)
    await _ensure_open(conn, access, user_id, [local_date, existing.local_date if existing is not None else None])
    rate_columns = await _rates(conn, access, user_id, project.id if project else None, task.id if task else None,
                                start, data, existing)
    values = {
        "user_id": user_id,
        "description": description,
        "project_id": project.id if project else None,
        "task_id": task.id if task else None,
        "billable": billable,
        "type": entry_type,
        "start_at": start,
        "end_at": end,
        "duration_s": int((end - start).total_seconds()) if end is not None else None,
        "zone": zone_name,
        "local_date": local_date,
        **rate_columns,
        "currency": access.workspace.currency,
        "custom_fields": custom or None,
        "updated_at": datetime.now(UTC),
        "timed": timed,
        "break_s": break_s,
        **codes,
    }
    return _Prepared(values, tag_ids)


async def _rates(
    conn: AsyncConnection, access: Access, user_id: str, project_id: str | None, task_id: str | None, start: datetime,
    data: EntryInput, existing: Any | None,
) -> dict[str, Any]:
    """The entry's rate columns: each rate given (admins only) is fixed on the entry; None gives
    it back to the resolved rate. A rate not given stays fixed while the entry keeps its user,
    project and task, and is otherwise resolved (services.rates.rerate_entries leaves fixed rates
    alone)."""
    given = {"hourlyRate": data.hourly_rate, "costRate": data.cost_rate}
    for name, value in given.items():
        if value is not KEEP:
            if not access.is_admin:
                raise Forbidden("Only admins may set an entry's billing or cost rate: it comes from the rates")
            if value is not None:
                rates.check_amount(value, name)
    resolved = await rates.resolve_for_entry(conn, access.workspace_id, user_id, project_id, task_id, start)
    same = existing is not None and (existing.user_id, existing.project_id, existing.task_id) == (user_id, project_id, task_id)
    values: dict[str, Any] = {}
    for value, column, rate in ((data.hourly_rate, "hourly_rate", resolved[0]), (data.cost_rate, "cost_rate", resolved[1])):
        if value is not KEEP and value is not None:
            values[column], values[f"{column}_fixed"] = value, True
        elif value is KEEP and same and getattr(existing, f"{column}_fixed"):
            values[column], values[f"{column}_fixed"] = getattr(existing, column), True
        else:
            values[column], values[f"{column}_fixed"] = rate, False
    return values


async def _codes(conn: AsyncConnection, access: Access, data: EntryInput, existing: Any | None) -> dict[str, str | None]:
    """The three work code columns: given ones checked by work_codes, KEEP ones as stored."""
    given = {kind: getattr(data, column) for kind, column in CODE_FIELDS.items() if getattr(data, column) is not KEEP}
    values = await work_codes.check_for_entry(conn, access.workspace_id, given, existing)
    for kind, column in CODE_FIELDS.items():
        if kind not in given:
            values[column] = getattr(existing, column) if existing is not None else None
    return values


# --- writes inside a caller's transaction ---------------------------------------------------------
# hold_owner, insert_entry, writable_row, replace_entry and delete_entry_rows are the steps every
# entry write here is made of; services that write several entries as one change (week_grid's
# timesheet cells) compose them in their own transaction.


async def hold_owner(conn: AsyncConnection, access: Access, user_id: str) -> None:
    """Take the owner's lock (PostgreSQL) that timesheet actions also take, before anything
    reads the owner's timesheets or running timer. Exclusive: entry writes may start or stop
    a timer, and a shared lock upgraded later could deadlock."""
    await timesheets.lock_owner(conn, access.workspace_id, user_id, exclusive=True)


async def _ensure_open(conn: AsyncConnection, access: Access, user_id: str, days: list[Any]) -> None:
    """Refuse (Locked, naming the period) a write that touches a day of a closed timesheet."""
    await hold_owner(conn, access, user_id)
    await timesheets.ensure_open(conn, access.workspace_id, user_id, days)


async def _stop_running(conn: AsyncConnection, access: Access, user_id: str, at: datetime, *, except_id: str | None = None) -> Any:
    """Stop the user's running timer at `at` (or at its own start, if `at` is earlier)."""
    stmt = sa.select(*ENTRY_COLUMNS).where(
        time_entries.c.workspace_id == access.workspace_id, time_entries.c.user_id == user_id, time_entries.c.end_at.is_(None)
    )
    if except_id:
        stmt = stmt.where(time_entries.c.id != except_id)
    running = (await conn.execute(stmt)).first()
    if running is None:
        return None
    await _ensure_open(conn, access, user_id, [running.local_date])
    end = max(at, running.start_at)
    await conn.execute(
        time_entries.update()
        .where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id == running.id)
        .values(end_at=end, duration_s=int((end - running.start_at).total_seconds()), updated_at=datetime.now(UTC))
    )
    await events.record(conn, access.workspace_id, "TIMER_STOPPED", "TIME_ENTRY", running.id, access.user_id,
                        {"userId": user_id, "end": end.isoformat()})
    return running


async def _write_tags(conn: AsyncConnection, ws: str, entry_id: str, tag_ids: list[str], *, replace: bool) -> None:
    if replace:
        await conn.execute(time_entry_tags.delete().where(time_entry_tags.c.workspace_id == ws, time_entry_tags.c.entry_id == entry_id))
    if tag_ids:
        await conn.execute(time_entry_tags.insert(), [{"workspace_id": ws, "entry_id": entry_id, "tag_id": t} for t in tag_ids])


def _snapshot(access: Access, entry_id: str, values: dict[str, Any], tag_ids: list[str]) -> TimeEntry:
    return TimeEntry(
        id=entry_id,
        workspace_id=access.workspace_id,
        user_id=values["user_id"],
        description=values["description"],
        project_id=values["project_id"],
        task_id=values["task_id"],
        billable=values["billable"],
        type=values["type"],
        start_at=values["start_at"],
        end_at=values["end_at"],
        duration_s=values["duration_s"],
        zone=values["zone"],
        local_date=values["local_date"],
        invoiced=values.get("invoiced", False),
        hourly_rate=values["hourly_rate"],
        cost_rate=values["cost_rate"],
        currency=values["currency"],
        is_locked=_locked(access, values["start_at"]),
        tag_ids=sorted(tag_ids),
        custom_fields=dict(values["custom_fields"] or {}),
        timed=values["timed"],
        break_s=values["break_s"],
        cost_code_id=values["cost_code_id"],
        labor_code_id=values["labor_code_id"],
        time_entry_type_id=values["time_entry_type_id"],
    )


def _payload(entry: TimeEntry) -> dict[str, Any]:
    return {
        "userId": entry.user_id,
        "projectId": entry.project_id,
        "taskId": entry.task_id,
        "start": entry.start_at.isoformat(),
        "end": entry.end_at.isoformat() if entry.end_at else None,
        "description": entry.description,
    }


def _target_user(access: Access, user_id: str | None) -> str:
    target = access.user_id if user_id is None else require_id(user_id, "User")
    if not access.can_manage_user(target):
        raise Forbidden()
    return target


async def _retrying(db: Database, work):
    """Run a write; a lost race on the running-timer index is retried with fresh reads."""
    for attempt in range(MAX_RETRIES):
        try:
            async with db.write() as conn:
                return await work(conn)
        except IntegrityError as exc:
            text = str(exc)
            lost_timer_race = "uq_time_entries_running" in text or "time_entries.workspace_id, time_entries.user_id" in text
            if not lost_timer_race or attempt == MAX_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


async def create_entry(db: Database, access: Access, data: EntryInput, user_id: str | None = None) -> TimeEntry:
    """Create an entry for the caller or, for admins and team managers, for another member.
    Without an end it is a running timer and stops the user's running one."""
    target = _target_user(access, user_id)
    return await _retrying(db, lambda conn: insert_entry(conn, access, target, data))


async def insert_entry(conn: AsyncConnection, access: Access, target: str, data: EntryInput | Callable[[str], EntryInput]) -> TimeEntry:
    """Create `target`'s entry inside an open transaction. `data` is an EntryInput, or a function
    of the owner's zone that makes one (entries given as hours on a day)."""
    if target != access.user_id:  # the caller's own membership was checked with its key
        await require_member(conn, access.workspace_id, target, active=True)
    await hold_owner(conn, access, target)
    if not isinstance(data, EntryInput):
        data = data(await _owner_zone(conn, access, target))
    prepared = await _prepare(conn, access, target, data)
    entry_id = new_id()
    values = prepared.values
    if values["end_at"] is None:  # the owner's lock is held since hold_owner above
        await _stop_running(conn, access, target, values["start_at"])
    await conn.execute(
        _INSERT, {"workspace_id": access.workspace_id, "id": entry_id, "created_at": values["updated_at"], **values}
    )
    await _write_tags(conn, access.workspace_id, entry_id, prepared.tag_ids, replace=False)
    entry = _snapshot(access, entry_id, values, prepared.tag_ids)
    kind = "NEW_TIMER_STARTED" if entry.running else "NEW_TIME_ENTRY"
    await events.record(conn, access.workspace_id, kind, "TIME_ENTRY", entry_id, access.user_id, _payload(entry))
    return (await _complete_custom(conn, access, [entry]))[0]


async def _approval_ids(conn: AsyncConnection, access: Access, entries: list[TimeEntry]) -> None:
    found = await timesheets.approval_request_ids(
        conn, access.workspace_id, [(e.user_id, _as_date(e.local_date)) for e in entries]
    )
    for entry in entries:
        entry.approval_request_id = found.get((entry.user_id, _as_date(entry.local_date)))


async def _complete_custom(conn: AsyncConnection, access: Access, entries: list[TimeEntry]) -> list[TimeEntry]:
    await _approval_ids(conn, access, entries)
    field_ids = {fid for e in entries for fid in e.custom_fields}
    if field_ids:
        described = await custom_field_service.describe(conn, access.workspace_id, field_ids)
        for entry in entries:
            entry.custom_values = [
                CustomValue(fid, value, *described[fid]) for fid, value in entry.custom_fields.items() if fid in described
            ]
    return entries


async def writable_row(conn: AsyncConnection, access: Access, entry_id: str | None) -> Any:
    """The entry as it is once its owner's lock is held (so its day cannot change under us)."""
    row = await _get_row(conn, access, entry_id)
    if not access.can_manage_user(row.user_id):
        raise Forbidden()
    if conn.dialect.name == "sqlite":
        return row
    await hold_owner(conn, access, row.user_id)
    return await _get_row(conn, access, row.id)


async def replace_entry(conn: AsyncConnection, access: Access, row: Any, data: EntryInput) -> TimeEntry:
    prepared = await _prepare(conn, access, row.user_id, data, existing=row)
    values = prepared.values
    if values["end_at"] is None:  # _prepare took the owner's lock
        other = (
            await conn.execute(
                sa.select(time_entries.c.id).where(
                    time_entries.c.workspace_id == access.workspace_id,
                    time_entries.c.user_id == row.user_id,
                    time_entries.c.end_at.is_(None),
                    time_entries.c.id != row.id,
                )
            )
        ).first()
        if other is not None:
            raise Conflict("Another time entry of this user is running; stop it first", "end")
    await conn.execute(
        time_entries.update().where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id == row.id).values(**values)
    )
    await _write_tags(conn, access.workspace_id, row.id, prepared.tag_ids, replace=True)
    entry = _snapshot(access, row.id, {**values, "invoiced": row.invoiced}, prepared.tag_ids)
    await events.record(conn, access.workspace_id, "TIME_ENTRY_UPDATED", "TIME_ENTRY", row.id, access.user_id, _payload(entry))
    return entry


async def update_entry(db: Database, access: Access, entry_id: str, data: EntryInput) -> TimeEntry:
    """Full replace (PUT): omitted description, project, task and tags are cleared."""

    async def work(conn: AsyncConnection) -> TimeEntry:
        row = await writable_row(conn, access, entry_id)
        entry = await replace_entry(conn, access, row, data)
        return (await _complete_custom(conn, access, [entry]))[0]

    return await _retrying(db, work)


async def bulk_update(db: Database, access: Access, user_id: str, items: list[tuple[str | None, EntryInput]]) -> list[TimeEntry]:
    """Replace several entries of one user in one transaction: all change or none."""
    target = _target_user(access, user_id)
    if not items:
        raise Invalid("Give at least one time entry", "body")
    if len(items) > MAX_PAGE_SIZE:
        raise Invalid(f"At most {MAX_PAGE_SIZE} entries per request", "body")

    async def work(conn: AsyncConnection) -> list[TimeEntry]:
        await hold_owner(conn, access, target)
        result = []
        for entry_id, data in items:
            row = await writable_row(conn, access, entry_id)
            if row.user_id != target:
                raise NotFound("Time entry", row.id)
            result.append(await replace_entry(conn, access, row, data))
        return await _complete_custom(conn, access, result)

    return await _retrying(db, work)


async def delete_entry(db: Database, access: Access, entry_id: str) -> TimeEntry:
    async with db.write() as conn:
        row = await writable_row(conn, access, entry_id)
        return (await delete_entry_rows(conn, access, [row]))[0]


async def delete_entry_rows(conn: AsyncConnection, access: Access, rows: list[Any]) -> list[TimeEntry]:
    entries = await complete_entries(conn, access, [entry_from_row(access, r) for r in rows])
    for entry in entries:
        if entry.is_locked and not access.is_admin:
            raise Locked("Time entries before the workspace lock date can only be changed by admins")
    days: dict[str, list[Any]] = {}
    for entry in entries:
        days.setdefault(entry.user_id, []).append(entry.local_date)
    for user_id in sorted(days):
        await hold_owner(conn, access, user_id)
    await timesheets.ensure_open_many(conn, access.workspace_id, days)
    ids = [e.id for e in entries]
    await conn.execute(time_entries.delete().where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id.in_(ids)))
    for entry in entries:
        await events.record(conn, access.workspace_id, "TIME_ENTRY_DELETED", "TIME_ENTRY", entry.id, access.user_id, _payload(entry))
    return entries


async def bulk_delete(db: Database, access: Access, user_id: str, entry_ids: list[str]) -> list[TimeEntry]:
    """Delete several entries of one user; any id that is not theirs fails the whole request."""
    target = _target_user(access, user_id)
    if not entry_ids:
        raise Invalid("time-entry-ids is required", "time-entry-ids")
    if len(entry_ids) > MAX_PAGE_SIZE:
        raise Invalid(f"At most {MAX_PAGE_SIZE} ids per request", "time-entry-ids")
    async with db.write() as conn:
        await hold_owner(conn, access, target)
        rows = []
        for entry_id in dict.fromkeys(entry_ids):
            row = await writable_row(conn, access, entry_id)
            if row.user_id != target:
                raise NotFound("Time entry", row.id)
            rows.append(row)
        return await delete_entry_rows(conn, access, rows)


async def duplicate_entry(db: Database, access: Access, user_id: str, entry_id: str) -> TimeEntry:
    target = _target_user(access, user_id)

    async def work(conn: AsyncConnection) -> TimeEntry:
        row = await writable_row(conn, access, entry_id)
        if row.user_id != target:
            raise NotFound("Time entry", row.id)
        if row.end_at is None:
            raise Invalid("A running time entry cannot be duplicated; stop it first", "id")
        source = (await complete_entries(conn, access, [entry_from_row(access, row)]))[0]
        data = EntryInput(
            start=row.start_at, end=row.end_at, billable=row.billable, description=row.description,
            project_id=row.project_id, task_id=row.task_id, tag_ids=source.tag_ids, type=row.type,
            custom_fields=list(source.custom_fields.items()), timed=row.timed, break_s=row.break_s,
            cost_code_id=row.cost_code_id, labor_code_id=row.labor_code_id, time_entry_type_id=row.time_entry_type_id,
        )
        prepared = await _prepare(conn, access, target, data)
        new = new_id()
        await conn.execute(
            _INSERT, {"workspace_id": access.workspace_id, "id": new, "created_at": prepared.values["updated_at"], **prepared.values}
        )
        await _write_tags(conn, access.workspace_id, new, prepared.tag_ids, replace=False)
        entry = _snapshot(access, new, prepared.values, prepared.tag_ids)
        await events.record(conn, access.workspace_id, "NEW_TIME_ENTRY", "TIME_ENTRY", new, access.user_id, _payload(entry))
        return (await _complete_custom(conn, access, [entry]))[0]

    return await _retrying(db, work)


async def stop_timer(db: Database, access: Access, user_id: str, end: datetime | None) -> TimeEntry:
    target = _target_user(access, user_id)
    async with db.write() as conn:
        await require_member(conn, access.workspace_id, target)
        await hold_owner(conn, access, target)
        running = (
            await conn.execute(
                sa.select(*ENTRY_COLUMNS).where(
                    time_entries.c.workspace_id == access.workspace_id,
                    time_entries.c.user_id == target,
                    time_entries.c.end_at.is_(None),
                )
            )
        ).first()
        if running is None:
            raise NoRunningTimer()
        end = truncate_to_second(end) if end is not None else utcnow()
        if end < running.start_at:
            raise Invalid("Time entry end must not be before its start", "end")
        if not access.is_admin and _locked(access, running.start_at):
            raise Locked("Time entries before the workspace lock date can only be changed by admins")
        await _ensure_open(conn, access, target, [running.local_date])
        duration = int((end - running.start_at).total_seconds())
        await conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id == running.id)
            .values(end_at=end, duration_s=duration, updated_at=datetime.now(UTC))
        )
        entry = entry_from_row(access, running)
        entry.end_at, entry.duration_s = end, duration
        await events.record(conn, access.workspace_id, "TIMER_STOPPED", "TIME_ENTRY", running.id, access.user_id, _payload(entry))
        return (await complete_entries(conn, access, [entry]))[0]


# --- hours on a day (ClickTime) and its per-entry timer ---------------------------------------

DAY_SECONDS = 24 * 3600
UNTIMED_START = (9, 0)  # an entry given only a day and hours starts at 09:00 in its owner's zone


@dataclass(slots=True)
class DayInput:
    """An entry given as hours on a day, with an optional local start (and end) time, as
    ClickTime writes them. None means "not given": on create the default, on a change the
    stored value. `start_minute` (minutes after local midnight) is KEEP when not given; None
    there means "no start time" (the entry is hours on a day, starting at UNTIMED_START)."""

    day: date | None = None
    hours_s: int | None = None
    start_minute: int | None = KEEP
    end_minute: int | None = None
    break_s: int | None = None
    description: str | None = None
    project_id: str | None = None
    company_task_id: str | None = None
    custom_fields: list[tuple[str | None, Any]] | None = None
    cost_code_id: str | None = KEEP
    labor_code_id: str | None = KEEP
    time_entry_type_id: str | None = KEEP
    hourly_rate: int | None = KEEP  # as EntryInput's: minor units, admins only
    cost_rate: int | None = KEEP


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _increment_s(access: Access) -> int:
    return int(access.workspace.settings.get("minTimeIncrement") or 1) * 60


def _from_day(access: Access, data: DayInput, old: TimeEntry | None, old_company_task: str | None, zone_name: str) -> EntryInput:
    """The full entry write a DayInput stands for (on a change, what it leaves out stays), with
    the rules of hours on a day: EndTime after StartTime and agreeing with Hours and the break,
    Hours rounded to the company's minTimeIncrement, at most 24 hours, and no change of the time
    of an entry whose timer runs."""
    if old is None and data.day is None:
        raise Invalid("An entry given as hours needs its date", "date")
    running = old is not None and old.end_at is None
    on = data.day if data.day is not None else _as_date(old.local_date)
    if data.start_minute is not KEEP:
        start_minute = data.start_minute
    elif old is not None and old.timed:
        local = old.start_at.astimezone(zones.zone(old.zone))
        start_minute = local.hour * 60 + local.minute
    else:
        start_minute = None
    break_s = data.break_s if data.break_s is not None else (old.break_s or 0 if old else 0)
    hours_s = data.hours_s
    if data.end_minute is not None:
        if start_minute is None:
            raise Invalid("EndTime needs a StartTime", "end")
        span = (data.end_minute - start_minute) * 60
        if span <= 0:
            raise Invalid("EndTime must be after StartTime", "end")
        if span - break_s < 0:
            raise Invalid("BreakTime is longer than the time between StartTime and EndTime", "breakTime")
        if hours_s is not None and hours_s != span - break_s:
            raise Invalid("Hours must equal EndTime - StartTime - BreakTime", "hours")
        hours_s = span - break_s
    moves = data.hours_s is not None or data.end_minute is not None or data.start_minute is not KEEP or data.day is not None
    if running and moves:
        raise Invalid("The timer of this entry is running: stop it before changing its time", "hours")
    if hours_s is None:
        hours_s = int(old.duration_s or 0) if old is not None else None
    if hours_s is None:
        raise Invalid("Hours is required", "hours")
    if data.hours_s is not None or data.end_minute is not None:
        step = _increment_s(access)
        hours_s = (hours_s + step // 2) // step * step
    if hours_s > DAY_SECONDS:
        raise Invalid("Hours must be at most 24", "hours")

    if running:
        start, end = old.start_at, None
    else:
        minute = start_minute if start_minute is not None else UNTIMED_START[0] * 60 + UNTIMED_START[1]
        start = zones.wall_clock(on, minute // 60, minute % 60, zone_name)
        end = start + timedelta(seconds=hours_s)

    project_id = data.project_id if data.project_id is not None else (old.project_id if old else None)
    company_task_id = data.company_task_id if data.company_task_id is not None else old_company_task
    same_pair = old is not None and project_id == old.project_id and company_task_id == old_company_task
    return EntryInput(
        start=start, end=end, project_id=project_id,
        description=data.description if data.description is not None else (old.description if old else None),
        task_id=old.task_id if same_pair else None, company_task_id=None if same_pair else company_task_id,
        billable=old.billable if same_pair else None, tag_ids=list(old.tag_ids) if old else None,
        type=old.type if old else None,
        custom_fields=data.custom_fields if data.custom_fields is not None else (
            list(old.custom_fields.items()) if old else None),
        cost_code_id=data.cost_code_id, labor_code_id=data.labor_code_id, time_entry_type_id=data.time_entry_type_id,
        timed=(start_minute is not None) if not running else old.timed, break_s=break_s,
        hourly_rate=data.hourly_rate, cost_rate=data.cost_rate,
    )


async def create_day_entry(db: Database, access: Access, data: DayInput, user_id: str | None = None) -> TimeEntry:
    """Create an entry given as hours on a day (see DayInput), placed in its owner's zone, in one
    transaction. For another member as `create_entry`."""
    target = _target_user(access, user_id)
    return await _retrying(db, lambda conn: insert_entry(conn, access, target, lambda zone: _from_day(access, data, None, None, zone)))


async def update_day_entry(db: Database, access: Access, entry_id: str, data: DayInput) -> TimeEntry:
    """Change an entry with what a DayInput gives; the rest stays as stored. One transaction."""

    async def work(conn: AsyncConnection) -> TimeEntry:
        row = await writable_row(conn, access, entry_id)
        old = (await complete_entries(conn, access, [entry_from_row(access, row)]))[0]
        company_task = None
        if row.task_id:
            company_task = (
                await conn.execute(
                    sa.select(tasks.c.company_task_id).where(tasks.c.workspace_id == access.workspace_id, tasks.c.id == row.task_id)
                )
            ).scalar_one_or_none()
        entry = await replace_entry(conn, access, row, _from_day(access, data, old, company_task, row.zone))
        return (await _complete_custom(conn, access, [entry]))[0]

    return await _retrying(db, work)


async def start_entry_timer(db: Database, access: Access, entry_id: str) -> TimeEntry:
    """Run the timer of one of the caller's entries of today (ClickTime's stopwatch): its start
    moves back by its duration so far, so the time that passes adds to it. Only an entry of
    today may run, and only when its duration does not reach back before midnight (its day
    would change). The caller's running timer, if any, stops now. One transaction."""

    async def work(conn: AsyncConnection) -> TimeEntry:
        row = await writable_row(conn, access, entry_id)
        if row.user_id != access.user_id:
            raise NotFound("Time entry", row.id)
        if row.end_at is None:
            raise Invalid("The timer of this entry is running already", "timeEntryId")
        now = utcnow()
        today = zones.local_date(now, row.zone)
        on = _as_date(row.local_date)
        if on != today:
            raise Invalid(f"Only an entry of today ({today.isoformat()}) can run a timer; this one is on "
                          f"{on.isoformat()}", "timeEntryId")
        start = now - timedelta(seconds=int(row.duration_s or 0))
        if zones.local_date(start, row.zone) != today:
            raise Invalid("The Hours of this entry reach back before midnight: a timer on it would move it to "
                          "another day", "timeEntryId")
        await _stop_running(conn, access, row.user_id, now, except_id=row.id)
        old = (await complete_entries(conn, access, [entry_from_row(access, row)]))[0]
        data = EntryInput(
            start=start, end=None, description=old.description, project_id=old.project_id, task_id=old.task_id,
            billable=old.billable, tag_ids=list(old.tag_ids), type=old.type,
            custom_fields=list(old.custom_fields.items()), timed=old.timed,
        )
        entry = await replace_entry(conn, access, row, data)
        return (await _complete_custom(conn, access, [entry]))[0]

    return await _retrying(db, work)


async def mark_invoiced(db: Database, access: Access, entry_ids: list[str], invoiced: bool) -> None:
    access.require_admin()
    if not entry_ids:
        raise Invalid("timeEntryIds is required", "timeEntryIds")
    if len(entry_ids) > MAX_PAGE_SIZE:
        raise Invalid(f"At most {MAX_PAGE_SIZE} ids per request", "timeEntryIds")
    ids = list(dict.fromkeys(require_id(i, "Time entry") for i in entry_ids))
    async with db.write() as conn:
        found = {
            r.id
            for r in await conn.execute(
                sa.select(time_entries.c.id).where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id.in_(ids))
            )
        }
        for entry_id in ids:
            if entry_id not in found:
                raise NotFound("Time entry", entry_id)
        await conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.id.in_(ids))
            .values(invoiced=invoiced, updated_at=datetime.now(UTC))
        )
        for entry_id in ids:
            await events.record(conn, access.workspace_id, "TIME_ENTRY_UPDATED", "TIME_ENTRY", entry_id, access.user_id, {"invoiced": invoiced})


async def fill_from_entry(db: Database, access: Access, entry_id: str, data: EntryInput) -> EntryInput:
    """Clockify's `from-entry`: fields the request leaves out come from an existing entry."""
    source = await get_entry(db, access, entry_id)
    return EntryInput(
        start=data.start,
        end=data.end,
        billable=data.billable if data.billable is not None else source.billable,
        description=data.description if data.description is not None else source.description,
        project_id=data.project_id if data.project_id is not None else source.project_id,
        task_id=data.task_id if data.task_id is not None else source.task_id,
        tag_ids=data.tag_ids if data.tag_ids is not None else source.tag_ids,
        type=data.type or source.type,
        custom_fields=data.custom_fields if data.custom_fields is not None else list(source.custom_fields.items()),
        cost_code_id=data.cost_code_id if data.cost_code_id is not KEEP else source.cost_code_id,
        labor_code_id=data.labor_code_id if data.labor_code_id is not KEEP else source.labor_code_id,
        time_entry_type_id=data.time_entry_type_id if data.time_entry_type_id is not KEEP else source.time_entry_type_id,
    )
