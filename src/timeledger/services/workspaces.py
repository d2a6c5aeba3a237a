"""Workspaces: listing, creating, members joining and leaving, workspace and member rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.money import CURRENCY_PATTERN
from timeledger.db.engine import Database
from timeledger.db.tables import memberships, users, workspaces
from timeledger.services import events, rates
from timeledger.services.access import Access, Principal, WorkspaceInfo, workspace_from_row
from timeledger.services.errors import Conflict, Forbidden, Invalid
from timeledger.services.users import (
    Membership,
    _load_memberships,
    add_membership,
    check_email,
    create_account,
    new_workspace,
    require_member,
)


@dataclass(slots=True)
class Workspace:
    info: WorkspaceInfo
    hourly_rate: int
    cost_rate: int | None
    memberships: list[Membership]


def check_workspace_name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not 1 <= len(cleaned) <= 50:
        raise Invalid("Workspace name must be between 1 and 50 characters long", "name")
    return cleaned


async def _workspace(conn: AsyncConnection, row: Any) -> Workspace:
    info = workspace_from_row(row)
    ws_rates = await rates.current(conn, info.id, "WORKSPACE", key="workspace_id")
    member_ids = [
        r.user_id
        for r in await conn.execute(
            sa.select(memberships.c.user_id).where(memberships.c.workspace_id == info.id).order_by(memberships.c.created_at)
        )
    ]
    loaded = await _load_memberships(conn, [info.id], member_ids, {"WORKSPACE"})
    return Workspace(
        info=info,
        hourly_rate=ws_rates.get(("HOURLY", info.id), 0),
        cost_rate=ws_rates.get(("COST", info.id)),
        memberships=[m for uid in member_ids for m in loaded[uid]],
    )


async def list_for(db: Database, principal: Principal, roles: list[str] | None = None) -> list[Workspace]:
    stmt = (
        sa.select(workspaces)
        .select_from(workspaces.join(memberships, memberships.c.workspace_id == workspaces.c.id))
        .where(memberships.c.user_id == principal.user_id, memberships.c.status == "ACTIVE")
        .order_by(workspaces.c.created_at, workspaces.c.id)
    )
    if roles:
        stmt = stmt.where(memberships.c.role.in_(roles))
    async with db.read() as conn:
        return [await _workspace(conn, row) for row in (await conn.execute(stmt)).all()]


async def get(db: Database, access: Access) -> Workspace:
    async with db.read() as conn:
        row = (await conn.execute(sa.select(workspaces).where(workspaces.c.id == access.workspace_id))).one()
        return await _workspace(conn, row)


async def _reload(conn: AsyncConnection, workspace_id: str) -> Workspace:
    row = (await conn.execute(sa.select(workspaces).where(workspaces.c.id == workspace_id))).one()
    return await _workspace(conn, row)


async def create(db: Database, principal: Principal, name: str) -> Workspace:
    name = check_workspace_name(name)
    async with db.write() as conn:
        workspace_id = await new_workspace(conn, principal.user_id, name)
        return await _reload(conn, workspace_id)


async def add_user(db: Database, access: Access, email: str) -> Workspace:
    """Add a person by e-mail; creates the account when there is none. Adding a member again is a no-op."""
    access.require_admin()
    email = check_email(email)
    async with db.write() as conn:
        row = (await conn.execute(sa.select(users.c.id).where(sa.func.lower(users.c.email) == email))).first()
        user_id = row.id if row else await create_account(conn, email, "", status="PENDING_EMAIL_VERIFICATION")
        existing = (
            await conn.execute(
                sa.select(memberships.c.status).where(
                    memberships.c.workspace_id == access.workspace_id, memberships.c.user_id == user_id
                )
            )
        ).first()
        if existing is None:
            await add_membership(conn, access.workspace_id, user_id, "MEMBER", access.user_id)
        return await _reload(conn, access.workspace_id)


async def set_member_status(db: Database, access: Access, user_id: str, status: str) -> Workspace:
    access.require_admin()
    check_member_status(status)
    async with db.write() as conn:
        await apply_member_status(conn, access, await require_member(conn, access.workspace_id, user_id), status)
        return await _reload(conn, access.workspace_id)


def check_member_status(status: str) -> None:
    if status not in ("ACTIVE", "INACTIVE"):
        raise Invalid("status must be ACTIVE or INACTIVE", "status")


async def apply_member_status(conn: AsyncConnection, access: Access, membership: Any, status: str) -> None:
    """Set a membership's status (inside an open transaction): never the owner's or your own to inactive."""
    if membership.role == "OWNER" and status != "ACTIVE":
        raise Forbidden("The workspace owner cannot be deactivated")
    if membership.user_id == access.user_id and status != "ACTIVE":
        raise Conflict("You cannot deactivate yourself", "status")
    await conn.execute(
        memberships.update()
        .where(memberships.c.workspace_id == access.workspace_id, memberships.c.user_id == membership.user_id)
        .values(status=status)
    )
    kind = "USER_ACTIVATED_ON_WORKSPACE" if status == "ACTIVE" else "USER_DEACTIVATED_ON_WORKSPACE"
    await events.record(conn, access.workspace_id, kind, "USER", membership.user_id, access.user_id)


async def remove_user(db: Database, access: Access, user_id: str) -> Workspace:
    """Clockify's DELETE of a workspace user. Time entries must survive it, so the membership is
    deactivated rather than deleted: the person loses access and keeps their history."""
    access.require_admin()
    async with db.write() as conn:
        membership = await require_member(conn, access.workspace_id, user_id)
        if membership.role == "OWNER":
            raise Forbidden("The workspace owner cannot be removed")
        await conn.execute(
            memberships.update()
            .where(memberships.c.workspace_id == access.workspace_id, memberships.c.user_id == membership.user_id)
            .values(status="INACTIVE")
        )
        await events.record(conn, access.workspace_id, "USER_DELETED_FROM_WORKSPACE", "USER", membership.user_id, access.user_id)
        return await _reload(conn, access.workspace_id)


async def set_workspace_rate(
    db: Database, access: Access, rate_type: str, amount: int, since: datetime | None, currency: str | None = None
) -> Workspace:
    access.require_admin()
    if currency is not None and not CURRENCY_PATTERN.match(currency):
        raise Invalid("currency must be an ISO 4217 code such as USD", "currency")
    async with db.write() as conn:
        if currency is not None:
            await conn.execute(workspaces.update().where(workspaces.c.id == access.workspace_id).values(currency=currency))
        await rates.set_rate(conn, access.workspace_id, access.user_id, rate_type, "WORKSPACE", amount, since)
        return await _reload(conn, access.workspace_id)


async def set_member_rate(
    db: Database, access: Access, user_id: str, rate_type: str, amount: int, since: datetime | None
) -> Workspace:
    access.require_admin()
    async with db.write() as conn:
        membership = await require_member(conn, access.workspace_id, user_id)
        await rates.set_rate(
            conn, access.workspace_id, access.user_id, rate_type, "MEMBER", amount, since, user_id=membership.user_id
        )
        return await _reload(conn, access.workspace_id)


@dataclass(slots=True)
class SettingsChange:
    """Workspace settings to change (timeledger's extension; Clockify offers no such endpoint).
    Only the fields named in `present` change."""

    currency: str | None = None
    time_zone: str | None = None
    week_start: str | None = None
    rounding_mode: str | None = None  # "Round to nearest" | "Round up" | "Round down"
    rounding_minutes: int | None = None
    rounding_in_reports: bool | None = None
    duration_format: str | None = None
    lock_before: datetime | None = None
    flags: dict[str, bool] | None = None  # forceProjects, defaultBillableProjects, ...
    overtime_daily: int | None = None  # seconds
    overtime_weekly: int | None = None
    pay_period: str | None = None
    pay_anchor: str | None = None  # ISO date
    timesheet_period: str | None = None  # WEEKLY | BIWEEKLY | SEMI_MONTHLY | MONTHLY
    timesheet_anchor: str | None = None  # ISO date on which a BIWEEKLY period starts
    min_time_increment: int | None = None  # minutes
    task_restriction: str | None = None  # MY_TASKS | BY_JOB
    present: frozenset[str] = frozenset()


FLAGS = (
    "forceProjects", "forceTasks", "forceTags", "forceDescription", "defaultBillableProjects",
    "isProjectPublicByDefault", "onlyAdminsCreateProject", "onlyAdminsCreateTag", "onlyAdminsCreateTask",
    "onlyAdminsSeeBillableRates", "onlyAdminsSeeAllTimeEntries", "timeRoundingInReports",
)


def _iso_date(value: str | None, field: str) -> str:
    try:
        return date.fromisoformat(value or "").isoformat()
    except ValueError as exc:
        raise Invalid(f"{field} must be a date such as 2026-01-05", field) from exc


async def update_settings(db: Database, access: Access, change: SettingsChange) -> Workspace:
    from timeledger.core import zones
    from timeledger.services import settings as defaults

    access.require_admin()
    present = change.present
    stored: dict[str, Any] = {}
    if "time_zone" in present:
        if not zones.is_zone(change.time_zone):
            raise Invalid(f"Unknown time zone '{change.time_zone}'", "timeZone")
        stored["timeZone"] = change.time_zone
    if "week_start" in present:
        if change.week_start not in defaults.WEEK_DAYS:
            raise Invalid("weekStart must be a day of the week such as MONDAY", "weekStart")
        stored["weekStart"] = change.week_start
    if "rounding_mode" in present or "rounding_minutes" in present:
        current = dict(access.workspace.settings.get("round") or {})
        if "rounding_mode" in present:
            if change.rounding_mode not in defaults.ROUNDING_MODES:
                raise Invalid(f"round.round must be one of {', '.join(defaults.ROUNDING_MODES)}", "round.round")
            current["round"] = change.rounding_mode
        if "rounding_minutes" in present:
            if change.rounding_minutes not in defaults.ROUNDING_MINUTES:
                raise Invalid("round.minutes must be 1, 5, 6, 10, 15, 30 or 60", "round.minutes")
            current["minutes"] = str(change.rounding_minutes)
        stored["round"] = current
    if "rounding_in_reports" in present:
        stored["timeRoundingInReports"] = bool(change.rounding_in_reports)
    if "duration_format" in present:
        if change.duration_format not in defaults.DURATION_FORMATS:
            raise Invalid("durationFormat must be FULL, COMPACT or DECIMAL", "durationFormat")
        stored["durationFormat"] = change.duration_format
    if "lock_before" in present:
        stored["lockTimeEntries"] = change.lock_before.isoformat().replace("+00:00", "Z") if change.lock_before else None
    for name, value in (change.flags or {}).items():
        if name not in FLAGS:
            raise Invalid(f"Unknown setting {name}", name)
        stored[name] = bool(value)
    if "overtime_daily" in present or "overtime_weekly" in present:
        overtime = dict(access.workspace.settings.get("overtime") or {})
        for key, value, limit in (("daily", change.overtime_daily, 24), ("weekly", change.overtime_weekly, 168)):
            if f"overtime_{key}" in present:
                if value is not None and not 0 < value <= limit * 3600:
                    raise Invalid(f"overtime.{key} must be between PT1S and PT{limit}H, or null", f"overtime.{key}")
                overtime[key] = value
        stored["overtime"] = overtime
    if "pay_period" in present or "pay_anchor" in present:
        pay = dict(access.workspace.settings.get("payroll") or {})
        if "pay_period" in present:
            if change.pay_period not in defaults.PAY_PERIODS:
                raise Invalid(f"payroll.period must be one of {', '.join(defaults.PAY_PERIODS)}", "payroll.period")
            pay["period"] = change.pay_period
        if "pay_anchor" in present:
            pay["anchorDate"] = _iso_date(change.pay_anchor, "payroll.anchorDate")
        stored["payroll"] = pay
    if "timesheet_period" in present:
        if change.timesheet_period not in defaults.TIMESHEET_PERIODS:
            raise Invalid(f"timesheetPeriod must be one of {', '.join(defaults.TIMESHEET_PERIODS)}", "timesheetPeriod")
        stored["timesheetPeriod"] = change.timesheet_period
    if "timesheet_anchor" in present:
        stored["timesheetAnchorDate"] = _iso_date(change.timesheet_anchor, "timesheetAnchorDate")
    if "min_time_increment" in present:
        if change.min_time_increment not in defaults.TIME_INCREMENTS:
            raise Invalid("minTimeIncrement must be 1, 5, 6, 10, 15, 30 or 60 (minutes)", "minTimeIncrement")
        stored["minTimeIncrement"] = change.min_time_increment
    if "task_restriction" in present:
        if change.task_restriction not in defaults.TASK_RESTRICTIONS:
            raise Invalid("taskRestriction must be MY_TASKS or BY_JOB", "taskRestriction")
        stored["taskRestriction"] = change.task_restriction
    if "currency" in present and (change.currency is None or not CURRENCY_PATTERN.match(change.currency)):
        raise Invalid("currency must be an ISO 4217 code such as USD", "currency")
    async with db.write() as conn:
        row = (await conn.execute(sa.select(workspaces.c.settings).where(workspaces.c.id == access.workspace_id))).one()
        values: dict[str, Any] = {"settings": {**(row.settings or {}), **stored}}
        if "currency" in present:
            values["currency"] = change.currency
        await conn.execute(workspaces.update().where(workspaces.c.id == access.workspace_id).values(**values))
        await events.record(conn, access.workspace_id, "WORKSPACE_UPDATED", "WORKSPACE", access.workspace_id, access.user_id,
                            {"settings": sorted(stored), "currency": values.get("currency")})
        return await _reload(conn, access.workspace_id)


async def rename(db: Database, access: Access, name: str | None) -> Workspace:
    """A new name for the workspace (admins)."""
    access.require_admin()
    name = check_workspace_name(name)
    async with db.write() as conn:
        await conn.execute(workspaces.update().where(workspaces.c.id == access.workspace_id).values(name=name))
        await events.record(conn, access.workspace_id, "WORKSPACE_UPDATED", "WORKSPACE", access.workspace_id,
                            access.user_id, {"name": name})
        return await _reload(conn, access.workspace_id)
