"""Workspace members written the way ClickTime writes people: one request adds a person with a
name, a role and rates; a project has one project manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.engine import Database
from timeledger.db.tables import member_roles, memberships, users
from timeledger.services import divisions, employment_types, events, projects, rates, workspaces
from timeledger.services.access import Access
from timeledger.services.common import clean_name
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound
from timeledger.services.projects import ProjectInput, visible_project
from timeledger.services.users import (
    ProfileChange,
    _sync_primary_role,  # the rule that a membership's role is the highest grant held
    add_membership,
    apply_profile_change,
    check_profile_change,
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
    division_id: str | None = None  # services.divisions: an active division, or none
    employment_type_id: str | None = None  # services.employment_types: an active type, or none


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
        if data.division_id is not None or data.employment_type_id is not None:
            member = await require_member(conn, ws, user_id)
            if data.division_id is not None:
                await divisions.place_in_division(conn, access, member, data.division_id)
            if data.employment_type_id is not None:
                await employment_types.give_employment_type(conn, access, member, data.employment_type_id)
    return user_id


@dataclass(slots=True)
class MemberChange:
    """A change of a person as ClickTime writes it. None means unchanged, except for the division
    and employment type, which change when named in `present` (None there: none)."""

    email: str | None = None  # must be the stored one: an e-mail cannot be changed here
    roles: tuple[str, ...] | None = None  # the member's role must be one of these: it cannot be changed here
    active: bool | None = None
    name: str | None = None
    hourly_rate: int | None = None  # minor units
    cost_rate: int | None = None
    division_id: str | None = None
    employment_type_id: str | None = None
    present: frozenset[str] = frozenset()


async def update_member(db: Database, access: Access, user_id: str, change: MemberChange) -> str:
    """Change a person's status, name, rates, division and employment type in one transaction:
    any part refused leaves all of them as they were. Returns the user id."""
    access.require_admin()
    if change.name is not None:
        check_profile_change(ProfileChange(name=change.name))
    for amount, field in ((change.hourly_rate, "hourlyRate"), (change.cost_rate, "costRate")):
        if amount is not None:
            rates.check_amount(amount, field)
    ws = access.workspace_id
    async with db.write() as conn:
        member = await require_member(conn, ws, user_id)
        if change.email is not None:
            stored = (await conn.execute(sa.select(users.c.email).where(users.c.id == member.user_id))).scalar_one()
            if change.email.strip().lower() != stored.lower():
                raise Invalid("Email cannot be changed", "email")
        if change.roles is not None and member.role not in change.roles:
            raise Invalid("SecurityLevel cannot be changed after a person is added", "role")
        # The status goes first: it is the part most often refused (the owner, yourself).
        if change.active is not None and change.active != (member.status == "ACTIVE"):
            await workspaces.apply_member_status(conn, access, member, "ACTIVE" if change.active else "INACTIVE")
        if change.name is not None:
            await apply_profile_change(conn, access, member.user_id, ProfileChange(name=change.name))
        for rate_type, amount in ((rates.HOURLY, change.hourly_rate), (rates.COST, change.cost_rate)):
            if amount is not None:
                await rates.set_rate(conn, ws, access.user_id, rate_type, "MEMBER", amount, None, user_id=member.user_id)
        if "division_id" in change.present:
            await divisions.place_in_division(conn, access, member, change.division_id)
        if "employment_type_id" in change.present:
            await employment_types.give_employment_type(conn, access, member, change.employment_type_id)
    return member.user_id


def may_set_project_manager(access: Access) -> bool:
    return access.is_admin


async def set_project_manager(db: Database, access: Access, project_id: str, user_id: str | None) -> None:
    """Make `user_id` the project's only project manager (None: the project has none)."""
    if not may_set_project_manager(access):
        raise Forbidden()
    async with db.write() as conn:
        await _set_project_manager(conn, access, await visible_project(conn, access, project_id), user_id)


async def _set_project_manager(conn: AsyncConnection, access: Access, project: Any, user_id: str | None) -> None:
    ws = access.workspace_id
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


async def _manager_of_project(conn: AsyncConnection, access: Access, project: Any, user_id: str | None) -> None:
    """`_set_project_manager` for a project written in the same request: a manager id that names
    no member is bad input naming projectManagerId."""
    try:
        await _set_project_manager(conn, access, project, user_id)
    except NotFound as exc:
        if exc.entity != "User":
            raise
        raise Invalid("ProjectManagerID does not name a user of this company", "projectManagerId") from None


def _check_manager_allowed(set_manager: bool, access: Access) -> None:
    if set_manager and not may_set_project_manager(access):
        raise Forbidden()


async def create_project_with_manager(
    db: Database, access: Access, data: ProjectInput, *, set_manager: bool = False, manager_id: str | None = None,
) -> str:
    """A new project and, when `set_manager`, its one project manager (None: none), in one
    transaction: a bad manager leaves no project behind. `data.archived` creates it archived.
    Returns the project id."""
    _check_manager_allowed(set_manager, access)
    values = projects.check_new_project(access, data)
    async with db.write() as conn:
        row = await projects.insert_project(conn, access, data, values)
        if set_manager:
            await _manager_of_project(conn, access, row, manager_id)
        return row.id


async def update_project_with_manager(
    db: Database, access: Access, project_id: str, data: ProjectInput | None, *, set_manager: bool = False,
    manager_id: str | None = None,
) -> str:
    """Change a project (`data`, None: only the manager) and, when `set_manager`, its project
    manager, in one transaction. Returns the project id."""
    _check_manager_allowed(set_manager, access)
    values = projects.check_project_change(data) if data is not None else None
    async with db.write() as conn:
        if data is not None:
            row = await projects.change_project(conn, access, project_id, data, values)
        else:
            row = await visible_project(conn, access, project_id)
        if set_manager:
            await _manager_of_project(conn, access, row, manager_id)
        return row.id


@dataclass(slots=True)
class Named:
    id: str
    name: str
    active: bool


@dataclass(slots=True)
class Placement:
    """Where a person sits in the company: their division and employment type (None: none)."""

    division: Named | None = None
    employment_type: Named | None = None


async def placement(db: Database, access: Access) -> Placement:
    """The caller's division (a user group acting as one) and employment type, for /Me."""
    from timeledger.db.tables import employment_types as types_table
    from timeledger.db.tables import user_group_members, user_groups

    ws, me = access.workspace_id, access.user_id
    async with db.read() as conn:
        division = (await conn.execute(
            sa.select(user_groups.c.id, user_groups.c.name, user_groups.c.active)
            .select_from(user_groups.join(user_group_members, sa.and_(
                user_group_members.c.workspace_id == user_groups.c.workspace_id,
                user_group_members.c.group_id == user_groups.c.id)))
            .where(user_groups.c.workspace_id == ws, user_group_members.c.user_id == me,
                   user_group_members.c.is_division.is_(sa.true()))
            .limit(1)
        )).first()
        kind = (await conn.execute(
            sa.select(types_table.c.id, types_table.c.name, types_table.c.active)
            .select_from(types_table.join(memberships, sa.and_(
                memberships.c.workspace_id == types_table.c.workspace_id,
                memberships.c.employment_type_id == types_table.c.id)))
            .where(memberships.c.workspace_id == ws, memberships.c.user_id == me)
        )).first()
    return Placement(
        Named(division.id, division.name, bool(division.active)) if division else None,
        Named(kind.id, kind.name, bool(kind.active)) if kind else None,
    )
