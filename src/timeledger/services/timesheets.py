"""Timesheets: one per user and period, the approval workflow on them, and the rule that the
time of an approved or locked period cannot be written.

A timesheet is implicit: every user has one for every period (the workspace's `timesheetPeriod`,
weeks starting on `weekStart`, biweekly periods on `timesheetAnchorDate`). Reading the timesheet
of a date makes its row (INSERT … ON CONFLICT DO NOTHING), so it has a stable id; that is a
read with a side effect, not a change anyone made, so it records no event. Actions are events.

Statuses and actions (ClickTime's words; Clockify's approval requests are a view of the same rows):

    Submit        Open, Rejected               -> Waiting    the owner, or who manages them
    UndoSubmit    Waiting                      -> Open       the owner, or who manages them
    Approve       Waiting                      -> Approved   admins (their own too), team managers of the owner
    Reject        Waiting                      -> Rejected   as Approve; a comment says why
    UndoApproval  Approved                     -> Open       as Approve
    Lock          Open, Waiting, Approved, Rejected -> Locked  admins
    Unlock        Locked                       -> Open       admins

Writes to time entries and time off on a day inside an Approved or Locked period of their owner
are refused with `Locked`, naming the period. On PostgreSQL that is race-free: writes of time take
a lock on the owner's membership row *before* reading timesheets (each statement of a READ
COMMITTED transaction sees what committed before it began, so the order matters): a share lock
for time off, an update lock for time entries (they may start or stop the timer), and actions
take an update lock on the same row before changing a timesheet. SQLite runs one write at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core import periods, zones
from timeledger.core.timefmt import utcnow
from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import memberships, timesheet_history, timesheets, users
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, fetch_page, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, Locked, NotFound

STATUSES = ("Open", "Waiting", "Approved", "Rejected", "Locked")
_WITHDRAWN = ("UndoSubmit", "UndoApproval")
CLOSED = ("Approved", "Locked")
ACTIONS = ("Submit", "UndoSubmit", "Approve", "Reject", "UndoApproval", "Lock", "Unlock")
MAX_PERIODS = 400  # periods one listing may make rows for
MAX_COMMENT = 3000

# action: (statuses it applies to, status it leads to, event type)
_RULES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "Submit": (("Open", "Rejected"), "Waiting", "TIMESHEET_SUBMITTED"),
    "UndoSubmit": (("Waiting",), "Open", "TIMESHEET_SUBMISSION_WITHDRAWN"),
    "Approve": (("Waiting",), "Approved", "TIMESHEET_APPROVED"),
    "Reject": (("Waiting",), "Rejected", "TIMESHEET_REJECTED"),
    "UndoApproval": (("Approved",), "Open", "TIMESHEET_APPROVAL_WITHDRAWN"),
    "Lock": (("Open", "Waiting", "Approved", "Rejected"), "Locked", "TIMESHEET_LOCKED"),
    "Unlock": (("Locked",), "Open", "TIMESHEET_UNLOCKED"),
}


@dataclass(slots=True)
class Timesheet:
    id: str
    workspace_id: str
    user_id: str
    start_date: date
    end_date: date
    status: str
    submitted_at: datetime | None
    submitted_by: str | None
    approved_at: datetime | None
    approved_by: str | None
    rejected_at: datetime | None
    rejected_by: str | None
    locked_at: datetime | None
    locked_by: str | None
    last_action: str | None
    note: str | None
    updated_at: datetime

    @property
    def period(self) -> periods.Period:
        return self.start_date, self.end_date

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def approval_state(self) -> str | None:
        return approval_state(self.status, self.last_action)


def _sheet(row: Any) -> Timesheet:
    return Timesheet(
        id=row.id, workspace_id=row.workspace_id, user_id=row.user_id, start_date=_day(row.start_date),
        end_date=_day(row.end_date), status=row.status, submitted_at=row.submitted_at, submitted_by=row.submitted_by,
        approved_at=row.approved_at, approved_by=row.approved_by, rejected_at=row.rejected_at,
        rejected_by=row.rejected_by, locked_at=row.locked_at, locked_by=row.locked_by, last_action=row.last_action,
        note=row.note, updated_at=row.updated_at,
    )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(slots=True)
class HistoryEntry:
    id: str
    timesheet_id: str
    action: str
    actor_id: str | None
    actor_name: str | None
    comment: str
    has_attestation: bool
    at: datetime


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodRule:
    kind: str
    week_start: str
    anchor: date

    def period_of(self, day: date) -> periods.Period:
        return periods.period_of(day, self.kind, self.week_start, self.anchor)


def period_rule(settings: dict[str, Any]) -> PeriodRule:
    """The workspace's timesheet periods, from its (merged) settings."""
    try:
        anchor = date.fromisoformat(settings.get("timesheetAnchorDate") or "")
    except ValueError:
        anchor = periods.DEFAULT_ANCHOR
    return PeriodRule(settings.get("timesheetPeriod") or "WEEKLY", settings.get("weekStart") or "MONDAY", anchor)


def closed_message(status: str, first: date, last: date) -> str:
    """`Timesheet 2026-03-02 to 2026-03-08 is Approved: …`, the same words in every dialect."""
    period = f"Timesheet {first.isoformat()} to {last.isoformat()} is {status}"
    if status == "Locked":
        return f"{period}: its time cannot be changed until an admin unlocks it"
    return f"{period}: its time cannot be changed unless the approval is undone"


# --- the write guard --------------------------------------------------------------------------


async def lock_owner(conn: AsyncConnection, workspace_id: str, user_id: str, *, exclusive: bool = False) -> None:
    """Lock the owner's membership row on PostgreSQL: shared for writes of their time, exclusive
    for timesheet actions and timer changes. Take it before reading timesheets or the running
    timer, and take the exclusive one first when a transaction needs it at all (a shared lock
    upgraded later can deadlock with another). SQLite writes are serial already."""
    if conn.dialect.name == "sqlite":
        return
    stmt = sa.select(memberships.c.user_id).where(
        memberships.c.workspace_id == workspace_id, memberships.c.user_id == user_id
    )
    await conn.execute(stmt.with_for_update(read=not exclusive))


_CLOSED_COVERING = (
    sa.select(timesheets.c.user_id, timesheets.c.start_date, timesheets.c.end_date, timesheets.c.status)
    .where(
        timesheets.c.workspace_id == sa.bindparam("workspace_id"),
        timesheets.c.user_id.in_(sa.bindparam("user_ids", expanding=True)),
        # Literally the partial index's predicate, so that both planners use the index whatever
        # the parameters (a bound IN list cannot prove it in a generic plan).
        sa.text("timesheets.status IN ('Approved', 'Locked')"),
        timesheets.c.start_date <= sa.bindparam("last", type_=sa.Date()),
        timesheets.c.end_date >= sa.bindparam("first", type_=sa.Date()),
    )
    .order_by(timesheets.c.start_date)
)


async def ensure_open(conn: AsyncConnection, workspace_id: str, user_id: str, days: Iterable[date | None]) -> None:
    """Refuse (Locked) when an approved or locked timesheet of `user_id` covers one of `days`.
    One query on a partial index of closed timesheets."""
    await ensure_open_many(conn, workspace_id, {user_id: days})


async def ensure_open_many(conn: AsyncConnection, workspace_id: str, days_by_user: dict[str, Iterable[date | None]]) -> None:
    wanted = {user: {_day(d) for d in days if d is not None} for user, days in days_by_user.items()}
    wanted = {user: days for user, days in wanted.items() if days}
    if not wanted:
        return
    every = [d for days in wanted.values() for d in days]
    rows = await conn.execute(
        _CLOSED_COVERING,
        {"workspace_id": workspace_id, "user_ids": sorted(wanted), "first": min(every), "last": max(every)},
    )
    for row in rows:
        first, last = _day(row.start_date), _day(row.end_date)
        if any(first <= d <= last for d in wanted[row.user_id]):
            raise Locked(closed_message(row.status, first, last))


async def closed_days(
    conn: AsyncConnection, workspace_id: str, user_ids: Iterable[str], first: date, last: date
) -> dict[str, list[tuple[date, date, str]]]:
    """{user: [(first, last, status)]} of the closed periods touching [first, last]."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    result: dict[str, list[tuple[date, date, str]]] = {}
    rows = await conn.execute(_CLOSED_COVERING, {"workspace_id": workspace_id, "user_ids": ids, "first": first, "last": last})
    for row in rows:
        result.setdefault(row.user_id, []).append((_day(row.start_date), _day(row.end_date), row.status))
    return result


# --- rows -------------------------------------------------------------------------------------


def _insert_ignoring_conflict(conn: AsyncConnection, values: dict[str, Any]) -> Any:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return insert(timesheets).values(**values).on_conflict_do_nothing(
        index_elements=[timesheets.c.workspace_id, timesheets.c.user_id, timesheets.c.start_date]
    )


async def _materialise(conn: AsyncConnection, workspace_id: str, rule: PeriodRule, user_id: str, day: date) -> Any:
    """The row of `user_id`'s timesheet that covers `day`, made if it is not there yet.

    A timesheet that was submitted, approved, rejected or locked keeps its dates even when the
    workspace's period changes later; an Open one follows the current period."""
    stored = await _find(conn, workspace_id, user_id, day)
    if stored is not None and stored.status != "Open":
        return stored
    first, last = rule.period_of(day)
    await conn.execute(
        _insert_ignoring_conflict(
            conn,
            {"workspace_id": workspace_id, "id": new_id(), "user_id": user_id, "start_date": first, "end_date": last,
             "status": "Open", "updated_at": datetime.now(UTC)},
        )
    )
    row = (
        await conn.execute(
            sa.select(timesheets).where(
                timesheets.c.workspace_id == workspace_id, timesheets.c.user_id == user_id, timesheets.c.start_date == first
            )
        )
    ).one()
    if _day(row.end_date) != last and row.status == "Open":
        # An Open row of an earlier period setting that starts on the same day: it follows the current one.
        await conn.execute(
            timesheets.update()
            .where(timesheets.c.workspace_id == workspace_id, timesheets.c.id == row.id)
            .values(end_date=last)
        )
        row = (await conn.execute(sa.select(timesheets).where(timesheets.c.workspace_id == workspace_id, timesheets.c.id == row.id))).one()
    return row


async def _find(conn: AsyncConnection, workspace_id: str, user_id: str, day: date) -> Any | None:
    """The stored row covering `day` (a settled one first), without making one."""
    return (
        await conn.execute(
            sa.select(timesheets)
            .where(
                timesheets.c.workspace_id == workspace_id,
                timesheets.c.user_id == user_id,
                timesheets.c.start_date <= day,
                timesheets.c.end_date >= day,
            )
            .order_by(sa.case((timesheets.c.status == "Open", 1), else_=0), timesheets.c.start_date.desc())
            .limit(1)
        )
    ).first()


async def _row(conn: AsyncConnection, access: Access, timesheet_id: str | None, *, for_update: bool = False) -> Any:
    timesheet_id = require_id(timesheet_id, "Timesheet")
    stmt = sa.select(timesheets).where(timesheets.c.workspace_id == access.workspace_id, timesheets.c.id == timesheet_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).first()
    if row is None:
        raise NotFound("Timesheet", timesheet_id)
    return row


def _visible(access: Access, user_id: str) -> None:
    if not access.can_manage_user(user_id):
        raise Forbidden()


async def _owner(conn: AsyncConnection, access: Access, user_id: str | None) -> str:
    from timeledger.services.users import require_member

    target = access.user_id if user_id is None else require_id(user_id, "User")
    _visible(access, target)
    if target != access.user_id:
        await require_member(conn, access.workspace_id, target)
    return target


# --- reading ----------------------------------------------------------------------------------


async def timesheet_for_date(db: Database, access: Access, day: date, user_id: str | None = None) -> Timesheet:
    """The timesheet of `user_id` (default: the caller) whose period contains `day`."""
    rule = period_rule(access.workspace.settings)
    async with db.read() as conn:
        target = await _owner(conn, access, user_id)
        row = await _find(conn, access.workspace_id, target, day)
        if row is not None and (row.status != "Open" or (_day(row.start_date), _day(row.end_date)) == rule.period_of(day)):
            return _sheet(row)
    async with db.write() as conn:
        return _sheet(await _materialise(conn, access.workspace_id, rule, target, day))


async def get_timesheet(db: Database, access: Access, timesheet_id: str) -> Timesheet:
    async with db.read() as conn:
        row = await _row(conn, access, timesheet_id)
    _visible(access, row.user_id)
    return _sheet(row)


async def list_user_timesheets(
    db: Database, access: Access, first: date, last: date, user_id: str | None = None
) -> list[Timesheet]:
    """Every timesheet of `user_id` (default: the caller) touching [first, last], oldest first."""
    rule, wanted = _periods(access, first, last)
    async with db.write() as conn:
        target = await _owner(conn, access, user_id)
        sheets = {row.id: _sheet(row) for row in await _make_periods(conn, access, rule, target, wanted)}
        for row in await conn.execute(_settled_between(access, target, first, last)):
            sheets.setdefault(row.id, _sheet(row))
    return sorted(sheets.values(), key=lambda s: (s.start_date, s.id))


def _periods(access: Access, first: date, last: date) -> tuple[PeriodRule, list[tuple[date, date]]]:
    if last < first:
        raise Invalid("The end date must not be before the start date", "EndDate")
    rule = period_rule(access.workspace.settings)
    wanted = []
    for period in periods.periods_between(first, last, rule.kind, rule.week_start, rule.anchor):
        wanted.append(period)
        if len(wanted) > MAX_PERIODS:
            raise Invalid(f"Ask for at most {MAX_PERIODS} timesheet periods at a time", "EndDate")
    return rule, wanted


async def _make_periods(conn: AsyncConnection, access: Access, rule: PeriodRule, target: str, wanted: list) -> list[Any]:
    return [await _materialise(conn, access.workspace_id, rule, target, period[0]) for period in wanted]


def _settled_between(access: Access, target: str, first: date, last: date) -> sa.Select:
    """Settled sheets of an earlier period setting that the current periods do not start."""
    return sa.select(timesheets).where(
        timesheets.c.workspace_id == access.workspace_id,
        timesheets.c.user_id == target,
        timesheets.c.start_date <= last,
        timesheets.c.end_date >= first,
        timesheets.c.status != "Open",
    )


RANGE_DAYS = 365  # a range given by one end only reaches this far from it
MAX_SHEETS_MADE = 5000  # people x periods that one company-wide list may cover


def _people(access: Access, query: Any) -> sa.Select:
    """The active members whose timesheets a company-wide list shows: everyone for admins, else
    the caller and the people they manage; narrowed by the query's people, divisions and types."""
    from timeledger.db.tables import user_group_members

    ws = access.workspace_id
    m = memberships.c
    stmt = sa.select(m.user_id).where(m.workspace_id == ws, m.status == "ACTIVE")
    if not access.is_admin:
        stmt = stmt.where(m.user_id.in_(sorted({access.user_id, *access.managed_users})))
    if query.user_ids:
        stmt = stmt.where(m.user_id.in_(sorted({u.strip().lower() for u in query.user_ids})))
    if query.division_ids:
        stmt = stmt.where(sa.exists().where(
            user_group_members.c.workspace_id == ws, user_group_members.c.user_id == m.user_id,
            user_group_members.c.is_division.is_(sa.true()),
            user_group_members.c.group_id.in_(sorted({d.strip().lower() for d in query.division_ids})),
        ))
    if query.employment_type_ids:
        stmt = stmt.where(m.employment_type_id.in_(sorted({t.strip().lower() for t in query.employment_type_ids})))
    return stmt.order_by(m.user_id)


async def _make_many(conn: AsyncConnection, access: Access, rule: PeriodRule, people: list[str], wanted: list) -> None:
    """Make the missing rows of every person's periods in `wanted`, with the rules of _materialise
    (a settled sheet keeps its dates; an Open one follows the current period), in one insert that
    ignores rows made meanwhile: running it twice changes nothing."""
    if not people or not wanted:
        return
    ws = access.workspace_id
    first, last = wanted[0][0], wanted[-1][1]
    stored: dict[str, list[Any]] = {}
    for row in await conn.execute(sa.select(timesheets).where(
        timesheets.c.workspace_id == ws, timesheets.c.user_id.in_(people),
        timesheets.c.start_date <= last, timesheets.c.end_date >= first,
    )):
        stored.setdefault(row.user_id, []).append(row)
    now = datetime.now(UTC)
    new: list[dict[str, Any]] = []
    for user_id in people:
        rows = stored.get(user_id, [])
        for start, end in wanted:
            if any(r.status != "Open" and _day(r.start_date) <= start <= _day(r.end_date) for r in rows):
                continue
            same_start = next((r for r in rows if _day(r.start_date) == start), None)
            if same_start is None:
                new.append({"workspace_id": ws, "id": new_id(), "user_id": user_id, "start_date": start,
                            "end_date": end, "status": "Open", "updated_at": now})
            elif same_start.status == "Open" and _day(same_start.end_date) != end:
                await conn.execute(timesheets.update().where(
                    timesheets.c.workspace_id == ws, timesheets.c.id == same_start.id).values(end_date=end))
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for at in range(0, len(new), 500):
        await conn.execute(insert(timesheets).on_conflict_do_nothing(
            index_elements=[timesheets.c.workspace_id, timesheets.c.user_id, timesheets.c.start_date]),
            new[at:at + 500])


async def _list_company(db: Database, access: Access, query: Any, window: Any) -> Any:
    """Company-wide and managed lists: a timesheet for every visible active person and every
    period of the range (made in one transaction when missing, idempotently), and the settled
    sheets of earlier period settings in it; newest period first, then by person."""
    from timeledger.db.tables import user_group_members
    from timeledger.services import listing

    if any(status not in STATUSES for status in query.statuses or ()):
        raise Invalid(f"Status must be one of {', '.join(STATUSES)}", "Status")
    first, last = query.first, query.last
    if first is None and last is None:
        first = last = zones.local_date(utcnow(), access.principal.time_zone)
        dated = False
    else:
        first = first if first is not None else last - timedelta(days=RANGE_DAYS)
        last = last if last is not None else first + timedelta(days=RANGE_DAYS)
        dated = True
    rule, wanted = _periods(access, first, last)
    async with db.write() as conn:
        people = [r.user_id for r in await conn.execute(_people(access, query))]
        if len(people) * len(wanted) > MAX_SHEETS_MADE:
            raise Invalid(
                f"That asks for {len(people) * len(wanted)} timesheets ({len(people)} people x {len(wanted)} periods); "
                f"ask for at most {MAX_SHEETS_MADE}: shorten FromDate-ToDate or name people with UserID", "ToDate")
        await _make_many(conn, access, rule, people, wanted)
    ws = access.workspace_id
    c = timesheets.c
    stmt = sa.select(timesheets).select_from(timesheets.join(users, users.c.id == c.user_id)).where(c.workspace_id == ws)
    if not access.is_admin:
        stmt = stmt.where(c.user_id.in_(sorted({access.user_id, *access.managed_users})))
    if dated:
        # Open rows only of the current periods (an Open row of an earlier setting is not a sheet).
        stmt = stmt.where(c.start_date <= last, c.end_date >= first,
                          sa.or_(c.status != "Open", c.start_date.in_([p[0] for p in wanted])))
    conditions = [
        c.user_id.in_(sorted({u.strip().lower() for u in query.user_ids})) if query.user_ids else None,
        c.status.in_(list(dict.fromkeys(query.statuses))) if query.statuses else None,
        sa.exists().where(
            user_group_members.c.workspace_id == ws, user_group_members.c.user_id == c.user_id,
            user_group_members.c.is_division.is_(sa.true()),
            user_group_members.c.group_id.in_(sorted({d.strip().lower() for d in query.division_ids})),
        ) if query.division_ids else None,
        sa.exists().where(
            memberships.c.workspace_id == ws, memberships.c.user_id == c.user_id,
            memberships.c.employment_type_id.in_(sorted({t.strip().lower() for t in query.employment_type_ids})),
        ) if query.employment_type_ids else None,
    ]
    stmt = stmt.where(*[x for x in conditions if x is not None]).order_by(
        c.start_date.desc(), sa.func.lower(users.c.name), c.user_id, c.id)
    async with db.read() as conn:
        rows, total = await listing.fetch_window(conn, stmt, window)
    return listing.Listed(list(rows), total)


async def list_timesheets(db: Database, access: Access, query: Any, window: Any, scope: str) -> Any:
    """One window of timesheets, newest period first, with the total (listing.Listed), for
    ClickTime's lists. `query` is a listing.TimesheetQuery, `scope` ME, COMPANY or MANAGED.

    - ME without dates: the caller's stored sheets, the current period's made first.
    - ME with a first or last date (the other defaults to RANGE_DAYS away): every period of the
      range, made when missing, and the settled sheets of earlier period settings in it.
    - COMPANY and MANAGED (the same people: everyone for admins, else the caller and the people
      they manage): with a first or last date (the other defaults to RANGE_DAYS away), one sheet
      per active person and period of the range, Open ones included, and the settled sheets of
      earlier period settings in it; at most MAX_SHEETS_MADE people x periods (else Invalid).
      Without dates: the current period's sheet of every active person, and every stored one.
      Missing rows are made in one transaction, idempotently (see _make_many).
    """
    from timeledger.services import listing

    first, last = query.first, query.last
    if scope != "ME":
        access.require_manager()
        return await _list_company(db, access, query, window)
    if first is None and last is None:
        await timesheet_for_date(db, access, zones.local_date(utcnow(), access.principal.time_zone))
        return await listing.find_timesheets(db, access, query, window, "ME")
    first = first if first is not None else last - timedelta(days=RANGE_DAYS)
    last = last if last is not None else first + timedelta(days=RANGE_DAYS)
    rule, wanted = _periods(access, first, last)
    if any(status not in STATUSES for status in query.statuses or ()):
        raise Invalid(f"Status must be one of {', '.join(STATUSES)}", "Status")
    async with db.write() as conn:
        made = [row.id for row in await _make_periods(conn, access, rule, access.user_id, wanted)]
    c = timesheets.c
    settled = sa.and_(c.status != "Open", c.start_date <= last, c.end_date >= first)
    stmt = sa.select(timesheets).where(
        c.workspace_id == access.workspace_id, c.user_id == access.user_id, sa.or_(c.id.in_(made), settled),
    )
    if query.statuses:
        stmt = stmt.where(c.status.in_(list(query.statuses)))
    stmt = stmt.order_by(c.start_date.desc(), c.id.desc())
    async with db.read() as conn:
        rows, total = await listing.fetch_window(conn, stmt, window)
    return listing.Listed(list(rows), total)


async def history(db: Database, access: Access, timesheet_id: str) -> list[HistoryEntry]:
    async with db.read() as conn:
        row = await _row(conn, access, timesheet_id)
        _visible(access, row.user_id)
        rows = await conn.execute(
            sa.select(timesheet_history, users.c.name.label("actor_name"))
            .select_from(timesheet_history.outerjoin(users, users.c.id == timesheet_history.c.actor_id))
            .where(timesheet_history.c.workspace_id == access.workspace_id, timesheet_history.c.timesheet_id == row.id)
            .order_by(timesheet_history.c.at, timesheet_history.c.id)
        )
        return [
            HistoryEntry(r.id, r.timesheet_id, r.action, r.actor_id, r.actor_name, r.comment, r.has_attestation, r.at)
            for r in rows
        ]


# --- actions ----------------------------------------------------------------------------------


def may(access: Access, action: str, owner_id: str) -> bool:
    """Whether the caller may take `action` on a timesheet of `owner_id` (whatever its status)."""
    if action in ("Submit", "UndoSubmit"):
        return access.can_manage_user(owner_id)
    if action in ("Approve", "Reject", "UndoApproval"):
        # Admins and owners may approve their own; team managers only their team's.
        return access.is_admin or (owner_id != access.user_id and owner_id in access.managed_users)
    if action in ("Lock", "Unlock"):
        return access.is_admin
    return False


def allowed_actions(access: Access, sheet: Timesheet) -> list[str]:
    """The actions the caller may take on the sheet now, in ACTIONS order."""
    return [a for a in ACTIONS if sheet.status in _RULES[a][0] and may(access, a, sheet.user_id)]


async def actions_for(db: Database, access: Access, timesheet_id: str) -> list[str]:
    return allowed_actions(access, await get_timesheet(db, access, timesheet_id))


def _values(action: str, actor: str, now: datetime, comment: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {"status": _RULES[action][1], "last_action": action, "note": comment, "updated_at": now}
    back_to_open = {"submitted_at": None, "submitted_by": None, "approved_at": None, "approved_by": None,
                    "rejected_at": None, "rejected_by": None, "locked_at": None, "locked_by": None}
    if action == "Submit":
        values.update(submitted_at=now, submitted_by=actor, rejected_at=None, rejected_by=None)
    elif action == "Approve":
        values.update(approved_at=now, approved_by=actor)
    elif action == "Reject":
        values.update(rejected_at=now, rejected_by=actor, approved_at=None, approved_by=None)
    elif action == "Lock":
        values.update(locked_at=now, locked_by=actor)
    else:  # UndoSubmit, UndoApproval, Unlock: the sheet is Open again
        values.update(back_to_open)
    return values


def _check_action(action: str, comment: str | None) -> str | None:
    if action not in ACTIONS:
        raise Invalid(f"Action must be one of {', '.join(ACTIONS)}", "Action")
    if comment is not None:
        comment = comment.strip()
        if len(comment) > MAX_COMMENT:
            raise Invalid(f"Comment must be at most {MAX_COMMENT} characters long", "Comment")
    return comment or None


async def _apply(
    conn: AsyncConnection, access: Access, row: Any, action: str, comment: str | None, has_attestation: bool
) -> Timesheet:
    """Take `action` on a row that was read after the owner's lock was taken."""
    if not may(access, action, row.user_id):
        raise Forbidden()
    statuses, _, event = _RULES[action]
    if row.status not in statuses:
        period = periods.describe((_day(row.start_date), _day(row.end_date)))
        raise Conflict(
            f"The timesheet of {period} is {row.status}; {action} needs it to be {' or '.join(statuses)}", "Action"
        )
    now = datetime.now(UTC)
    values = _values(action, access.user_id, now, comment)
    await conn.execute(
        timesheets.update().where(timesheets.c.workspace_id == access.workspace_id, timesheets.c.id == row.id).values(**values)
    )
    await conn.execute(
        timesheet_history.insert().values(
            workspace_id=access.workspace_id, id=new_id(), timesheet_id=row.id, action=action, actor_id=access.user_id,
            comment=comment or "", has_attestation=bool(has_attestation), at=now,
        )
    )
    await events.record(
        conn, access.workspace_id, event, "TIMESHEET", row.id, access.user_id,
        {"userId": row.user_id, "start": _day(row.start_date).isoformat(), "end": _day(row.end_date).isoformat(),
         "status": values["status"], "comment": comment},
    )
    return _sheet((await conn.execute(sa.select(timesheets).where(timesheets.c.workspace_id == access.workspace_id, timesheets.c.id == row.id))).one())


async def act(
    db: Database, access: Access, timesheet_id: str, action: str, comment: str | None = None,
    has_attestation: bool = False,
) -> Timesheet:
    """Take one of ACTIONS on a timesheet and record it in its history."""
    comment = _check_action(action, comment)
    async with db.write() as conn:
        row = await _row(conn, access, timesheet_id)
        _visible(access, row.user_id)
        await lock_owner(conn, access.workspace_id, row.user_id, exclusive=True)
        row = await _row(conn, access, row.id, for_update=True)  # as it is now that nothing else can change it
        return await _apply(conn, access, row, action, comment, has_attestation)


async def act_on_date(
    db: Database, access: Access, day: date, action: str, user_id: str | None = None, comment: str | None = None,
    has_attestation: bool = False,
) -> Timesheet:
    """Take an action on the timesheet of `user_id` (default: the caller) that contains `day`."""
    comment = _check_action(action, comment)
    rule = period_rule(access.workspace.settings)
    async with db.write() as conn:
        target = await _owner(conn, access, user_id)
        await lock_owner(conn, access.workspace_id, target, exclusive=True)
        row = await _materialise(conn, access.workspace_id, rule, target, day)
        return await _apply(conn, access, row, action, comment, has_attestation)


# --- Clockify's approval requests: a view of the same rows ------------------------------------

APPROVAL_STATES = ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL")
APPROVAL_SORTS = ("ID", "USER_ID", "START", "UPDATED_AT")


def approval_state(status: str, last_action: str | None) -> str | None:
    """The approval request state of a timesheet; None while nothing was ever asked of it.
    Locked has no state of its own there and shows as APPROVED (its entries are locked)."""
    if status == "Waiting":
        return "PENDING"
    if status in CLOSED:
        return "APPROVED"
    if status == "Rejected":
        return "REJECTED"
    if last_action == "UndoSubmit":
        return "WITHDRAWN_SUBMISSION"
    if last_action == "UndoApproval":
        return "WITHDRAWN_APPROVAL"
    return None


async def approval_request_ids(
    conn: AsyncConnection, workspace_id: str, days: list[tuple[str, date]]
) -> dict[tuple[str, date], str]:
    """{(user, day): the id of the timesheet covering it} for the (user, day) pairs whose period
    has an approval request (was ever submitted: approval_state is not None). One query."""
    if not days:
        return {}
    c = timesheets.c
    rows = (await conn.execute(
        sa.select(c.id, c.user_id, c.start_date, c.end_date, c.status).where(
            c.workspace_id == workspace_id, c.user_id.in_(sorted({u for u, _ in days})),
            c.start_date <= max(d for _, d in days), c.end_date >= min(d for _, d in days),
            sa.or_(c.status != "Open", c.last_action.in_(_WITHDRAWN)),
        ).order_by(sa.case((c.status == "Open", 1), else_=0).desc(), c.start_date)
    )).all()
    by_user: dict[str, list[Any]] = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    found: dict[tuple[str, date], str] = {}
    for user_id, day in set(days):
        for row in by_user.get(user_id, ()):  # settled rows come last and win over a withdrawn Open one
            if _day(row.start_date) <= day <= _day(row.end_date):
                found[(user_id, day)] = row.id
    return found


def _state_condition(state: str) -> sa.ColumnElement[bool]:
    t = timesheets.c
    return {
        "PENDING": t.status == "Waiting",
        "APPROVED": t.status.in_(CLOSED),
        "REJECTED": t.status == "Rejected",
        "WITHDRAWN_SUBMISSION": sa.and_(t.status == "Open", t.last_action == "UndoSubmit"),
        "WITHDRAWN_APPROVAL": sa.and_(t.status == "Open", t.last_action == "UndoApproval"),
    }[state]


@dataclass(slots=True)
class Person:
    id: str
    name: str
    email: str
    time_zone: str
    week_start: str


@dataclass(slots=True)
class PeriodTotals:
    tracked: int = 0
    billable: int = 0
    breaks: int = 0
    earned: int = 0
    cost: int = 0


@dataclass(slots=True)
class ApprovalRequest:
    sheet: Timesheet
    owner: Person
    creator: Person | None
    updated_by: Person | None
    totals: PeriodTotals = field(default_factory=PeriodTotals)
    entries: list[Any] = field(default_factory=list)  # time_entries.TimeEntry


def check_period_kind(access: Access, kind: str | None) -> None:
    """Clockify's rule: an approval request's `period` must be the workspace's own."""
    current = period_rule(access.workspace.settings).kind
    if kind is not None and kind != current:
        raise Invalid(f"period must be the workspace's timesheet period, {current}", "period")


async def list_requests(
    db: Database, access: Access, state: str | None, sort_column: str, sort_order: str, page: PageRequest,
    *, with_entries: bool = True,
) -> tuple[list[ApprovalRequest], bool]:
    """Timesheets that were submitted at least once, as approval requests, for the people the
    caller may see."""
    if sort_column not in APPROVAL_SORTS:
        raise Invalid(f"sort-column must be one of {', '.join(APPROVAL_SORTS)}", "sort-column")
    if state is not None and state not in APPROVAL_STATES:
        raise Invalid(f"status must be one of {', '.join(APPROVAL_STATES)}", "status")
    states = [state] if state else list(APPROVAL_STATES)
    stmt = sa.select(timesheets).where(
        timesheets.c.workspace_id == access.workspace_id, sa.or_(*[_state_condition(s) for s in states])
    )
    if not access.is_admin:
        stmt = stmt.where(timesheets.c.user_id.in_([access.user_id, *access.managed_users]))
    column = {"ID": timesheets.c.id, "USER_ID": timesheets.c.user_id, "START": timesheets.c.start_date,
              "UPDATED_AT": timesheets.c.updated_at}[sort_column]
    direction = (lambda c: c.desc()) if sort_order == "DESCENDING" else (lambda c: c.asc())
    stmt = stmt.order_by(direction(column), direction(timesheets.c.id))
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await _describe(conn, access, [_sheet(r) for r in rows], with_entries), last


async def describe_request(db: Database, access: Access, sheet: Timesheet) -> ApprovalRequest:
    async with db.read() as conn:
        return (await _describe(conn, access, [sheet], False))[0]


async def _describe(conn: AsyncConnection, access: Access, sheets: list[Timesheet], with_entries: bool) -> list[ApprovalRequest]:
    from timeledger.services import settings as defaults

    if not sheets:
        return []
    ids = {s.user_id for s in sheets} | {s.submitted_by for s in sheets if s.submitted_by}
    ids |= {_updater(s) for s in sheets if _updater(s)}
    people: dict[str, Person] = {}
    rows = await conn.execute(
        sa.select(users.c.id, users.c.name, users.c.email, users.c.settings, memberships.c.profile)
        .select_from(users.outerjoin(memberships, sa.and_(memberships.c.user_id == users.c.id,
                                                          memberships.c.workspace_id == access.workspace_id)))
        .where(users.c.id.in_(list(ids)))
    )
    for r in rows:
        user_settings = defaults.merged(defaults.USER_SETTINGS, r.settings)
        week_start = (r.profile or {}).get("weekStart") or user_settings.get("weekStart") or "MONDAY"
        people[r.id] = Person(r.id, r.name, r.email, user_settings.get("timeZone") or "UTC", week_start)
    result = [
        ApprovalRequest(
            s,
            people.get(s.user_id) or Person(s.user_id, "", "", "UTC", "MONDAY"),
            people.get(s.submitted_by) if s.submitted_by else None,
            people.get(_updater(s) or ""),
        )
        for s in sheets
    ]
    await _totals(conn, access, result, with_entries)
    return result


def _updater(sheet: Timesheet) -> str | None:
    by_action = {"Submit": sheet.submitted_by, "Approve": sheet.approved_by, "Reject": sheet.rejected_by,
                 "Lock": sheet.locked_by}
    return by_action.get(sheet.last_action or "") or sheet.locked_by or sheet.approved_by or sheet.rejected_by or sheet.submitted_by


async def _totals(conn: AsyncConnection, access: Access, requests: list[ApprovalRequest], with_entries: bool) -> None:
    """Tracked, billable and break time and amounts of each request's period, in one query (and
    its entries in one more)."""
    from timeledger.db.tables import time_entries as e
    from timeledger.services.reports import sql as report_sql

    def covering(r: ApprovalRequest) -> sa.ColumnElement[bool]:
        return sa.and_(e.c.user_id == r.sheet.user_id, e.c.local_date >= r.sheet.start_date, e.c.local_date <= r.sheet.end_date)

    where = [e.c.workspace_id == access.workspace_id, e.c.end_at.is_not(None), sa.or_(*[covering(r) for r in requests])]
    d = e.c.duration_s
    stmt = (
        sa.select(
            e.c.user_id, e.c.local_date,
            sa.func.sum(sa.case((e.c.type == "BREAK", 0), else_=d)).label("tracked"),
            sa.func.sum(sa.case((sa.and_(e.c.type != "BREAK", e.c.billable.is_(sa.true())), d), else_=0)).label("billable"),
            sa.func.sum(sa.case((e.c.type == "BREAK", d), else_=e.c.break_s)).label("breaks"),
            sa.func.sum(report_sql.earned(d)).label("earned"),
            sa.func.sum(report_sql.cost(d)).label("cost"),
        )
        .where(*where)
        .group_by(e.c.user_id, e.c.local_date)
    )
    by_user: dict[str, list[ApprovalRequest]] = {}
    for r in requests:
        by_user.setdefault(r.sheet.user_id, []).append(r)
    for row in await conn.execute(stmt):
        day = _day(row.local_date)
        for r in by_user.get(row.user_id, []):
            if r.sheet.start_date <= day <= r.sheet.end_date:
                t = r.totals
                t.tracked += int(row.tracked or 0)
                t.billable += int(row.billable or 0)
                t.breaks += int(row.breaks or 0)
                t.earned += int(row.earned or 0)
                t.cost += int(row.cost or 0)
    if with_entries:
        from timeledger.services import time_entries

        found = await time_entries.entries_where(conn, access, where)
        for entry in found:
            for r in by_user.get(entry.user_id, []):
                if r.sheet.start_date <= _day(entry.local_date) <= r.sheet.end_date:
                    r.entries.append(entry)
