"""Employment types (ClickTime): a payroll classification of members (full time, contractor…).

A member has one at most (`memberships.employment_type_id`). Clockify has no equivalent, so they
appear only where ClickTime's dialect and the reports use them. Like ClickTime, they are
deactivated rather than deleted; an inactive type takes no new members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import employment_types, memberships
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Invalid, NotFound
from timeledger.services.users import require_member


@dataclass(slots=True)
class EmploymentType:
    id: str
    workspace_id: str
    name: str
    active: bool
    created_at: datetime
    user_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EmploymentTypeInput:
    """None means "not given" (create: the default; update: unchanged)."""

    name: str | None = None
    active: bool | None = None


def _type(row: Any) -> EmploymentType:
    return EmploymentType(row.id, row.workspace_id, row.name, row.active, row.created_at)


async def _row(conn: AsyncConnection, workspace_id: str, type_id: str | None) -> Any:
    type_id = require_id(type_id, "Employment type")
    row = (
        await conn.execute(
            sa.select(employment_types).where(employment_types.c.workspace_id == workspace_id, employment_types.c.id == type_id)
        )
    ).first()
    if row is None:
        raise NotFound("Employment type", type_id)
    return row


async def _with_users(conn: AsyncConnection, workspace_id: str, found: list[EmploymentType]) -> list[EmploymentType]:
    if found:
        by_id = {t.id: t for t in found}
        for row in await conn.execute(
            sa.select(memberships.c.employment_type_id, memberships.c.user_id)
            .where(memberships.c.workspace_id == workspace_id, memberships.c.employment_type_id.in_(list(by_id)))
            .order_by(memberships.c.user_id)
        ):
            by_id[row.employment_type_id].user_ids.append(row.user_id)
    return found


async def list_employment_types(
    db: Database, access: Access, *, name: str | None = None, active: bool | None = None,
    ids: list[str] | None = None, page: PageRequest = PageRequest(),
) -> tuple[list[EmploymentType], bool]:
    stmt = sa.select(employment_types).where(employment_types.c.workspace_id == access.workspace_id)
    condition = name_filter(employment_types.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if active is not None:
        stmt = stmt.where(employment_types.c.active.is_(sa.true() if active else sa.false()))
    if ids is not None:
        stmt = stmt.where(employment_types.c.id.in_([require_id(i, "Employment type") for i in ids]))
    stmt = stmt.order_by(sa.func.lower(employment_types.c.name), employment_types.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await _with_users(conn, access.workspace_id, [_type(r) for r in rows]), last


async def get_employment_type(db: Database, access: Access, type_id: str) -> EmploymentType:
    async with db.read() as conn:
        row = await _row(conn, access.workspace_id, type_id)
        return (await _with_users(conn, access.workspace_id, [_type(row)]))[0]


async def create_employment_type(db: Database, access: Access, data: EmploymentTypeInput) -> EmploymentType:
    access.require_admin()
    name = clean_name(data.name, "Name", max_len=100)
    async with db.write() as conn:
        await ensure_unique_name(conn, employment_types, access.workspace_id, name, "Employment type")
        type_id = new_id()
        await conn.execute(
            employment_types.insert().values(
                workspace_id=access.workspace_id, id=type_id, name=name,
                active=True if data.active is None else bool(data.active), created_at=datetime.now(UTC),
            )
        )
        await events.record(conn, access.workspace_id, "NEW_EMPLOYMENT_TYPE", "EMPLOYMENT_TYPE", type_id, access.user_id,
                            {"name": name})
        return _type(await _row(conn, access.workspace_id, type_id))


async def update_employment_type(db: Database, access: Access, type_id: str, data: EmploymentTypeInput) -> EmploymentType:
    access.require_admin()
    async with db.write() as conn:
        row = await _row(conn, access.workspace_id, type_id)
        values: dict[str, Any] = {}
        if data.name is not None:
            values["name"] = clean_name(data.name, "Name", max_len=100)
            if values["name"].lower() != row.name.lower():
                await ensure_unique_name(conn, employment_types, access.workspace_id, values["name"], "Employment type",
                                         exclude_id=row.id)
        if data.active is not None:
            values["active"] = bool(data.active)
        if values:
            await conn.execute(
                employment_types.update()
                .where(employment_types.c.workspace_id == access.workspace_id, employment_types.c.id == row.id)
                .values(**values)
            )
            await events.record(conn, access.workspace_id, "EMPLOYMENT_TYPE_UPDATED", "EMPLOYMENT_TYPE", row.id,
                                access.user_id, {"fields": sorted(values)})
        row = await _row(conn, access.workspace_id, row.id)
        return (await _with_users(conn, access.workspace_id, [_type(row)]))[0]


async def set_member_employment_type(db: Database, access: Access, user_id: str, type_id: str | None) -> str | None:
    """Give a member an employment type (an active one), or none. Returns the type id."""
    access.require_admin()
    async with db.write() as conn:
        return await give_employment_type(conn, access, await require_member(conn, access.workspace_id, user_id), type_id)


async def give_employment_type(conn: AsyncConnection, access: Access, member: Any, type_id: str | None) -> str | None:
    """`set_member_employment_type` inside an open transaction, for the membership row `member`."""
    row = await _row(conn, access.workspace_id, type_id) if type_id else None
    if row is not None and member.employment_type_id == row.id:
        return row.id
    if row is not None and not row.active:
        raise Invalid(f"Employment type '{row.name}' is inactive and takes no new members", "EmploymentTypeID")
    await conn.execute(
        memberships.update()
        .where(memberships.c.workspace_id == access.workspace_id, memberships.c.user_id == member.user_id)
        .values(employment_type_id=row.id if row is not None else None)
    )
    await events.record(conn, access.workspace_id, "USER_UPDATED", "USER", member.user_id, access.user_id,
                        {"employmentTypeId": row.id if row is not None else None})
    return row.id if row is not None else None


async def employment_types_of(db: Database, access: Access, user_ids: list[str]) -> dict[str, str]:
    """{user id: employment type id} for those of `user_ids` who have one."""
    if not user_ids:
        return {}
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(memberships.c.user_id, memberships.c.employment_type_id).where(
                memberships.c.workspace_id == access.workspace_id,
                memberships.c.user_id.in_(list(user_ids)),
                memberships.c.employment_type_id.is_not(None),
            )
        )
        return {r.user_id: r.employment_type_id for r in rows}
