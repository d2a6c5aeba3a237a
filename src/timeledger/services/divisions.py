"""Divisions (ClickTime): user groups with `is_division` set, one per person.

Through Clockify they are user groups (services.user_groups) and keep working as such. Here they
have ClickTime's fields (active, accounting package id) and its rules: a person is in one
division at most (the database holds this with a partial unique index), setting someone's
division moves them, and divisions are deactivated rather than deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import user_group_members, user_groups
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Invalid, NotFound
from timeledger.services.users import require_member
from timeledger.services.user_groups import leave_division

MAX_ACCOUNTING_ID = 100


@dataclass(slots=True)
class Division:
    id: str
    workspace_id: str
    name: str
    active: bool
    accounting_package_id: str | None
    created_at: datetime
    user_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DivisionInput:
    """None means "not given" (create: the default; update: unchanged)."""

    name: str | None = None
    active: bool | None = None
    accounting_package_id: str | None = None


def _division(row: Any) -> Division:
    return Division(row.id, row.workspace_id, row.name, row.active, row.accounting_package_id, row.created_at)


async def _row(conn: AsyncConnection, workspace_id: str, division_id: str | None) -> Any:
    division_id = require_id(division_id, "Division")
    row = (
        await conn.execute(
            sa.select(user_groups).where(
                user_groups.c.workspace_id == workspace_id, user_groups.c.id == division_id,
                user_groups.c.is_division.is_(sa.true()),
            )
        )
    ).first()
    if row is None:
        raise NotFound("Division", division_id)
    return row


async def _with_members(conn: AsyncConnection, workspace_id: str, divisions: list[Division]) -> list[Division]:
    if divisions:
        by_id = {d.id: d for d in divisions}
        for row in await conn.execute(
            sa.select(user_group_members.c.group_id, user_group_members.c.user_id)
            .where(user_group_members.c.workspace_id == workspace_id, user_group_members.c.group_id.in_(list(by_id)))
            .order_by(user_group_members.c.user_id)
        ):
            by_id[row.group_id].user_ids.append(row.user_id)
    return divisions


def _accounting_id(value: str | None) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_ACCOUNTING_ID:
        raise Invalid(f"AccountingPackageID must be at most {MAX_ACCOUNTING_ID} characters long", "AccountingPackageID")
    return text or None


async def list_divisions(
    db: Database, access: Access, *, name: str | None = None, active: bool | None = None,
    ids: list[str] | None = None, page: PageRequest = PageRequest(),
) -> tuple[list[Division], bool]:
    stmt = sa.select(user_groups).where(
        user_groups.c.workspace_id == access.workspace_id, user_groups.c.is_division.is_(sa.true())
    )
    condition = name_filter(user_groups.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if active is not None:
        stmt = stmt.where(user_groups.c.active.is_(sa.true() if active else sa.false()))
    if ids is not None:
        stmt = stmt.where(user_groups.c.id.in_([require_id(i, "Division") for i in ids]))
    stmt = stmt.order_by(sa.func.lower(user_groups.c.name), user_groups.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await _with_members(conn, access.workspace_id, [_division(r) for r in rows]), last


async def get_division(db: Database, access: Access, division_id: str) -> Division:
    async with db.read() as conn:
        row = await _row(conn, access.workspace_id, division_id)
        return (await _with_members(conn, access.workspace_id, [_division(row)]))[0]


async def create_division(db: Database, access: Access, data: DivisionInput) -> Division:
    access.require_admin()
    name = clean_name(data.name, "Name", max_len=100)
    async with db.write() as conn:
        # Divisions share their names with user groups: through Clockify they are user groups.
        await ensure_unique_name(conn, user_groups, access.workspace_id, name, "User group or division")
        division_id = new_id()
        await conn.execute(
            user_groups.insert().values(
                workspace_id=access.workspace_id, id=division_id, name=name, is_division=True,
                active=True if data.active is None else bool(data.active),
                accounting_package_id=_accounting_id(data.accounting_package_id), created_at=datetime.now(UTC),
            )
        )
        await events.record(conn, access.workspace_id, "USER_GROUP_CREATED", "USER_GROUP", division_id, access.user_id,
                            {"name": name, "division": True})
        return _division(await _row(conn, access.workspace_id, division_id))


async def update_division(db: Database, access: Access, division_id: str, data: DivisionInput) -> Division:
    """Changes the fields given. Deactivating keeps the members (ClickTime does the same)."""
    access.require_admin()
    async with db.write() as conn:
        row = await _row(conn, access.workspace_id, division_id)
        values: dict[str, Any] = {}
        if data.name is not None:
            values["name"] = clean_name(data.name, "Name", max_len=100)
            if values["name"].lower() != row.name.lower():
                await ensure_unique_name(conn, user_groups, access.workspace_id, values["name"], "User group or division",
                                         exclude_id=row.id)
        if data.active is not None:
            values["active"] = bool(data.active)
        if data.accounting_package_id is not None:
            values["accounting_package_id"] = _accounting_id(data.accounting_package_id)
        if values:
            await conn.execute(
                user_groups.update()
                .where(user_groups.c.workspace_id == access.workspace_id, user_groups.c.id == row.id)
                .values(**values)
            )
            await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", row.id, access.user_id,
                                {"fields": sorted(values)})
        row = await _row(conn, access.workspace_id, row.id)
        return (await _with_members(conn, access.workspace_id, [_division(row)]))[0]


async def set_user_division(db: Database, access: Access, user_id: str, division_id: str | None) -> str | None:
    """Put a member in a division (moving them out of their current one), or in none. Inactive
    divisions take no new members. Returns the division id."""
    access.require_admin()
    async with db.write() as conn:
        return await place_in_division(conn, access, await require_member(conn, access.workspace_id, user_id), division_id)


async def place_in_division(conn: AsyncConnection, access: Access, member: Any, division_id: str | None) -> str | None:
    """`set_user_division` inside an open transaction, for the membership row `member`."""
    row = await _row(conn, access.workspace_id, division_id) if division_id else None
    current = await divisions_of(conn, access.workspace_id, [member.user_id])
    if row is not None and current.get(member.user_id) == row.id:
        return row.id
    if row is not None and not row.active:
        raise Invalid(f"Division '{row.name}' is inactive and takes no new members", "DivisionID")
    await leave_division(conn, access, member.user_id)
    if row is None:
        return None
    await conn.execute(
        user_group_members.insert().values(
            workspace_id=access.workspace_id, group_id=row.id, user_id=member.user_id, is_division=True
        )
    )
    await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", row.id, access.user_id,
                        {"addedUserId": member.user_id})
    return row.id


async def divisions_of(conn: AsyncConnection, workspace_id: str, user_ids: list[str]) -> dict[str, str]:
    """{user id: division id} for those of `user_ids` who are in a division."""
    if not user_ids:
        return {}
    rows = await conn.execute(
        sa.select(user_group_members.c.user_id, user_group_members.c.group_id).where(
            user_group_members.c.workspace_id == workspace_id,
            user_group_members.c.user_id.in_(list(user_ids)),
            user_group_members.c.is_division.is_(sa.true()),
        )
    )
    return {r.user_id: r.group_id for r in rows}


async def user_divisions(db: Database, access: Access, user_ids: list[str]) -> dict[str, str]:
    async with db.read() as conn:
        return await divisions_of(conn, access.workspace_id, user_ids)
