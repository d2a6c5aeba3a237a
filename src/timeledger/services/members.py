"""Workspace members written the way ClickTime writes people: one request adds a person with a
name, a role and rates; a project has one project manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from timeledger.db.engine import Database
from timeledger.db.tables import member_roles, memberships, users
from timeledger.services import events, rates
from timeledger.services.access import Access
from timeledger.services.common import clean_name
from timeledger.services.errors import Conflict, Forbidden, Invalid
from timeledger.services.projects import visible_project
from timeledger.services.users import (
    _sync_primary_role,  # the rule that a membership's role is the highest grant held
    add_membership,
    check_email,
    create_account,
    require_member,
)

# A manager of nobody yet is a TEAM_MANAGER without grants; grants can follow.
ROLES_ON_JOINING = ("WORKSPACE_ADMIN", "TEAM_MANAGER", "MEMBER")


@dataclass(slots=True)
class NewMember:
    email: str
    name: str | None = None
    role: str = "MEMBER"
    hourly_rate: int | None = None  # minor units
    cost_rate: int | None = None
    active: bool = True


async def add_member(db: Database, access: Access, data: NewMember) -> str:
    """Add a person to the workspace in one transaction; returns their user id. A new account is
    made for an unknown e-mail (named `name`); a known account joins under its own name."""
    access.require_admin()
    email = check_email(data.email)
    name = clean_name(data.name, max_len=100) if data.name is not None else ""
    if data.role not in ROLES_ON_JOINING:
        raise Invalid(f"role must be one of {', '.join(ROLES_ON_JOINING)}", "role")
    for amount, field in ((data.hourly_rate, "hourlyRate"), (data.cost_rate, "costRate")):
        if amount is not None:
            rates.check_amount(amount, field)
    ws = access.workspace_id
    async with db.write() as conn:
        row = (await conn.execute(sa.select(users.c.id).where(sa.func.lower(users.c.email) == email))).first()
        if row is not None:
            joined = await conn.execute(
                sa.select(memberships.c.user_id).where(memberships.c.workspace_id == ws, memberships.c.user_id == row.id)
            )
            if joined.first() is not None:
                raise Conflict(f"User with email {email} is already a member", "email")
        user_id = row.id if row else await create_account(conn, email, name, status="PENDING_EMAIL_VERIFICATION")
        await add_membership(conn, ws, user_id, data.role, access.user_id)
        if not data.active:
            await conn.execute(
                memberships.update()
                .where(memberships.c.workspace_id == ws, memberships.c.user_id == user_id)
                .values(status="INACTIVE")
            )
        for rate_type, amount in ((rates.HOURLY, data.hourly_rate), (rates.COST, data.cost_rate)):
            if amount is not None:
                await rates.set_rate(conn, ws, access.user_id, rate_type, "MEMBER", amount, None, user_id=user_id)
    return user_id


def may_set_project_manager(access: Access) -> bool:
    return access.is_admin


async def set_project_manager(db: Database, access: Access, project_id: str, user_id: str | None) -> None:
    """Make `user_id` the project's only project manager (None: the project has none)."""
    if not may_set_project_manager(access):
        raise Forbidden()
    ws = access.workspace_id
    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        new_id = (await require_member(conn, ws, user_id)).user_id if user_id is not None else None
        current = {
            r.user_id
            for r in await conn.execute(
                sa.select(member_roles.c.user_id).where(
                    member_roles.c.workspace_id == ws,
                    member_roles.c.role == "PROJECT_MANAGER",
                    member_roles.c.entity_id == project.id,
                )
            )
        }
        if current == ({new_id} if new_id else set()):
            return
        await conn.execute(
            member_roles.delete().where(
                member_roles.c.workspace_id == ws,
                member_roles.c.role == "PROJECT_MANAGER",
                member_roles.c.entity_id == project.id,
                member_roles.c.user_id != (new_id or ""),
            )
        )
        if new_id is not None and new_id not in current:
            await conn.execute(
                member_roles.insert().values(
                    workspace_id=ws, user_id=new_id, role="PROJECT_MANAGER", entity_id=project.id, source_type=None,
                    created_at=datetime.now(UTC),
                )
            )
        for changed in current | ({new_id} if new_id else set()):
            await _sync_primary_role(conn, ws, changed)
        await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", project.id, access.user_id,
                            {"fields": ["projectManager"], "projectManagerId": new_id})
