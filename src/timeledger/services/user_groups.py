"""User groups (teams): named sets of members; ClickTime's divisions map onto them.

A division is a user group with `is_division` set (services.divisions). Through the Clockify
endpoints divisions are groups like any other, with two rules of their own: adding someone to a
division moves them out of the division they were in (one division per person, held by a unique
index) and is refused for an inactive division (services.divisions.place_in_division does both),
and a division that still has members cannot be deleted (move them first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import member_roles, project_groups, user_group_members, user_groups, users
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Invalid, NotFound
from timeledger.services.users import require_member


@dataclass(slots=True)
class UserGroup:
    id: str
    workspace_id: str
    name: str
    user_ids: list[str] = field(default_factory=list)
    team_managers: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    is_division: bool = False
    active: bool = True
    accounting_package_id: str | None = None


async def get_row(conn: AsyncConnection, workspace_id: str, group_id: str | None) -> Any:
    group_id = require_id(group_id, "User group")
    row = (
        await conn.execute(
            sa.select(user_groups).where(user_groups.c.workspace_id == workspace_id, user_groups.c.id == group_id)
        )
    ).first()
    if row is None:
        raise NotFound("User group", group_id)
    return row


async def existing_ids(conn: AsyncConnection, workspace_id: str, group_ids: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(require_id(g, "User group") for g in group_ids))
    if not wanted:
        return []
    found = {
        r.id
        for r in await conn.execute(
            sa.select(user_groups.c.id).where(user_groups.c.workspace_id == workspace_id, user_groups.c.id.in_(wanted))
        )
    }
    for group_id in wanted:
        if group_id not in found:
            raise NotFound("User group", group_id)
    return wanted


async def _hydrate(conn: AsyncConnection, workspace_id: str, rows: list[Any], with_managers: bool) -> list[UserGroup]:
    groups = [
        UserGroup(r.id, r.workspace_id, r.name, is_division=r.is_division, active=r.active,
                  accounting_package_id=r.accounting_package_id)
        for r in rows
    ]
    if not groups:
        return groups
    by_id = {g.id: g for g in groups}
    members = await conn.execute(
        sa.select(user_group_members.c.group_id, user_group_members.c.user_id)
        .where(user_group_members.c.workspace_id == workspace_id, user_group_members.c.group_id.in_(list(by_id)))
        .order_by(user_group_members.c.user_id)
    )
    for row in members:
        by_id[row.group_id].user_ids.append(row.user_id)
    if with_managers:
        managers = await conn.execute(
            sa.select(member_roles.c.entity_id, users.c.id, users.c.name)
            .select_from(member_roles.join(users, users.c.id == member_roles.c.user_id))
            .where(
                member_roles.c.workspace_id == workspace_id,
                member_roles.c.role == "TEAM_MANAGER",
                member_roles.c.source_type == "USER_GROUP",
                member_roles.c.entity_id.in_(list(by_id)),
            )
        )
        for row in managers:
            by_id[row.entity_id].team_managers.append((row.id, row.name))
    return groups


async def list_groups(
    db: Database, access: Access, *, name: str | None, project_id: str | None, sort_column: str, sort_order: str,
    include_team_managers: bool, page: PageRequest,
) -> tuple[list[UserGroup], bool]:
    if sort_column not in ("ID", "NAME"):
        raise Invalid("sort-column must be ID or NAME", "sort-column")
    ws = access.workspace_id
    stmt = sa.select(user_groups).where(user_groups.c.workspace_id == ws)
    condition = name_filter(user_groups.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if project_id:
        stmt = stmt.where(
            sa.exists().where(
                project_groups.c.workspace_id == ws,
                project_groups.c.project_id == project_id,
                project_groups.c.group_id == user_groups.c.id,
            )
        )
    column = sa.func.lower(user_groups.c.name) if sort_column == "NAME" else user_groups.c.id
    stmt = stmt.order_by(column.desc() if sort_order == "DESCENDING" else column.asc(), user_groups.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await _hydrate(conn, ws, rows, include_team_managers), last


async def get_group(db: Database, access: Access, group_id: str) -> UserGroup:
    async with db.read() as conn:
        row = await get_row(conn, access.workspace_id, group_id)
        return (await _hydrate(conn, access.workspace_id, [row], True))[0]


async def create_group(db: Database, access: Access, name: str | None) -> UserGroup:
    access.require_admin()
    name = clean_name(name, max_len=100)
    async with db.write() as conn:
        await ensure_unique_name(conn, user_groups, access.workspace_id, name, "User group")
        group_id = new_id()
        await conn.execute(
            user_groups.insert().values(workspace_id=access.workspace_id, id=group_id, name=name, created_at=datetime.now(UTC))
        )
        await events.record(conn, access.workspace_id, "USER_GROUP_CREATED", "USER_GROUP", group_id, access.user_id, {"name": name})
    return UserGroup(group_id, access.workspace_id, name)


async def rename_group(db: Database, access: Access, group_id: str, name: str | None) -> UserGroup:
    access.require_admin()
    name = clean_name(name, max_len=100)
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, group_id)
        await ensure_unique_name(conn, user_groups, access.workspace_id, name, "User group", exclude_id=row.id)
        await conn.execute(
            user_groups.update().where(user_groups.c.workspace_id == access.workspace_id, user_groups.c.id == row.id).values(name=name)
        )
        await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", row.id, access.user_id, {"name": name})
        row = await get_row(conn, access.workspace_id, row.id)
        return (await _hydrate(conn, access.workspace_id, [row], True))[0]


async def delete_group(db: Database, access: Access, group_id: str) -> UserGroup:
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, group_id)
        group = (await _hydrate(conn, access.workspace_id, [row], True))[0]
        if row.is_division and group.user_ids:
            raise Conflict(f"Division '{row.name}' still has members; move them to another division first")
        await conn.execute(
            member_roles.delete().where(
                member_roles.c.workspace_id == access.workspace_id,
                member_roles.c.source_type == "USER_GROUP",
                member_roles.c.entity_id == row.id,
            )
        )
        await conn.execute(user_groups.delete().where(user_groups.c.workspace_id == access.workspace_id, user_groups.c.id == row.id))
        await events.record(conn, access.workspace_id, "USER_GROUP_DELETED", "USER_GROUP", row.id, access.user_id, {"name": row.name})
    return group


async def add_member(db: Database, access: Access, group_id: str, user_id: str | None) -> UserGroup:
    """Idempotent: adding someone already in the group changes nothing."""
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, group_id)
        member = await require_member(conn, access.workspace_id, user_id)
        if row.is_division:
            # One division per person, none new in an inactive one: the division service's rules.
            from timeledger.services.divisions import place_in_division

            await place_in_division(conn, access, member, row.id)
            return (await _hydrate(conn, access.workspace_id, [row], True))[0]
        present = await conn.execute(
            sa.select(user_group_members.c.user_id).where(
                user_group_members.c.workspace_id == access.workspace_id,
                user_group_members.c.group_id == row.id,
                user_group_members.c.user_id == member.user_id,
            )
        )
        if present.first() is None:
            await conn.execute(
                user_group_members.insert().values(workspace_id=access.workspace_id, group_id=row.id, user_id=member.user_id)
            )
            await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", row.id, access.user_id,
                                {"addedUserId": member.user_id})
        return (await _hydrate(conn, access.workspace_id, [row], True))[0]


async def remove_member(db: Database, access: Access, group_id: str, user_id: str) -> UserGroup:
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, group_id)
        user_id = require_id(user_id, "User")
        result = await conn.execute(
            user_group_members.delete().where(
                user_group_members.c.workspace_id == access.workspace_id,
                user_group_members.c.group_id == row.id,
                user_group_members.c.user_id == user_id,
            )
        )
        if result.rowcount == 0:
            raise NotFound("User", user_id)
        await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", row.id, access.user_id,
                            {"removedUserId": user_id})
        return (await _hydrate(conn, access.workspace_id, [row], True))[0]


async def leave_division(conn: AsyncConnection, access: Access, user_id: str) -> str | None:
    """Take `user_id` out of their division, if they have one; returns its id."""
    current = (
        await conn.execute(
            sa.select(user_group_members.c.group_id).where(
                user_group_members.c.workspace_id == access.workspace_id,
                user_group_members.c.user_id == user_id,
                user_group_members.c.is_division.is_(sa.true()),
            )
        )
    ).first()
    if current is None:
        return None
    await conn.execute(
        user_group_members.delete().where(
            user_group_members.c.workspace_id == access.workspace_id,
            user_group_members.c.group_id == current.group_id,
            user_group_members.c.user_id == user_id,
        )
    )
    await events.record(conn, access.workspace_id, "USER_GROUP_UPDATED", "USER_GROUP", current.group_id, access.user_id,
                        {"removedUserId": user_id})
    return current.group_id
