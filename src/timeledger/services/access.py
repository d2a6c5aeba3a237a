"""Who is calling, in which workspace, and what that role may do.

A principal is resolved from an API key in one query together with its membership of the
workspace named in the path, so every workspace-scoped request costs a single round trip before
its own work. Non-members get the same answer as for a workspace that does not exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import is_id
from timeledger.core.timefmt import parse_instant
from timeledger.db.engine import Database
from timeledger.db.tables import api_keys, member_roles, memberships, user_group_members, users, workspaces
from timeledger.services import settings as defaults
from timeledger.services.errors import Forbidden

ROLES = ("OWNER", "WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER", "MEMBER")
ADMIN_ROLES = frozenset({"OWNER", "WORKSPACE_ADMIN"})
ROLE_RANK = {role: rank for rank, role in enumerate(reversed(ROLES))}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(slots=True)
class Principal:
    user_id: str
    email: str
    name: str
    status: str
    settings: dict[str, Any]
    default_workspace_id: str | None
    profile_picture: str | None
    chosen: frozenset[str] = frozenset()  # the settings the user set (the rest are defaults)

    @property
    def time_zone(self) -> str:
        return self.settings.get("timeZone") or "UTC"


@dataclass(slots=True)
class WorkspaceInfo:
    id: str
    name: str
    image_url: str
    currency: str
    settings: dict[str, Any]
    created_at: datetime
    lock_before: datetime | None = None  # entries starting before this are locked


@dataclass(slots=True)
class Access:
    principal: Principal
    workspace: WorkspaceInfo
    role: str
    status: str
    managed_users: frozenset[str] = field(default_factory=frozenset)
    managed_projects: frozenset[str] = field(default_factory=frozenset)

    @property
    def user_id(self) -> str:
        return self.principal.user_id

    @property
    def workspace_id(self) -> str:
        return self.workspace.id

    @property
    def week_start(self) -> str:
        """The first day of the caller's week: their own choice, else their workspace's."""
        if "weekStart" in self.principal.chosen:
            return str(self.principal.settings["weekStart"])
        return str(self.workspace.settings.get("weekStart") or "MONDAY")

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def is_manager(self) -> bool:
        return self.is_admin or self.role in ("TEAM_MANAGER", "PROJECT_MANAGER")

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden()

    def require_manager(self) -> None:
        if not self.is_manager:
            raise Forbidden()

    def can_manage_user(self, user_id: str) -> bool:
        """May read and write this user's time (own time, or a team manager's team, or admin)."""
        return user_id == self.user_id or self.is_admin or user_id in self.managed_users

    def can_manage_project(self, project_id: str | None) -> bool:
        return self.is_admin or (project_id is not None and project_id in self.managed_projects)


def principal_from_row(row: Any) -> Principal:
    return Principal(
        user_id=row.user_id,
        email=row.email,
        name=row.user_name,
        status=row.user_status,
        settings=defaults.merged(defaults.USER_SETTINGS, row.user_settings),
        default_workspace_id=row.default_workspace_id,
        profile_picture=row.profile_picture,
        chosen=frozenset(row.user_settings or ()),
    )


def workspace_from_row(row: Any) -> WorkspaceInfo:
    settings = defaults.merged(defaults.WORKSPACE_SETTINGS, row.settings)
    lock = settings.get("lockTimeEntries")
    return WorkspaceInfo(
        id=row.id,
        name=row.name,
        image_url=row.image_url,
        currency=row.currency,
        settings=settings,
        created_at=row.created_at,
        lock_before=parse_instant(lock) if lock else None,
    )


# The user's columns principal_from_row reads (also web_sessions' lookup by session token).
PRINCIPAL_COLUMNS = (
    users.c.id.label("user_id"),
    users.c.email,
    users.c.name.label("user_name"),
    users.c.status.label("user_status"),
    users.c.settings.label("user_settings"),
    users.c.default_workspace_id,
    users.c.profile_picture,
)

# Built once: every request runs one of these two, so building them per request would cost more
# than running them.
_BY_KEY = (
    sa.select(*PRINCIPAL_COLUMNS)
    .select_from(api_keys.join(users, users.c.id == api_keys.c.user_id))
    .where(api_keys.c.key_hash == sa.bindparam("key_hash"))
)
_MEMBERSHIP = (
    sa.select(
        memberships.c.user_id.label("m_user_id"),
        memberships.c.role,
        memberships.c.status.label("m_status"),
        workspaces.c.id,
        workspaces.c.name,
        workspaces.c.image_url,
        workspaces.c.currency,
        workspaces.c.settings,
        workspaces.c.created_at,
    )
    .select_from(memberships.join(workspaces, workspaces.c.id == memberships.c.workspace_id))
    .where(memberships.c.workspace_id == sa.bindparam("workspace_id"))
    .subquery()
)
_BY_KEY_IN_WORKSPACE = (
    sa.select(*PRINCIPAL_COLUMNS, _MEMBERSHIP)
    .select_from(
        api_keys.join(users, users.c.id == api_keys.c.user_id).outerjoin(
            _MEMBERSHIP, _MEMBERSHIP.c.m_user_id == users.c.id
        )
    )
    .where(api_keys.c.key_hash == sa.bindparam("key_hash"))
)


async def authenticate(db: Database, key: str) -> Principal | None:
    async with db.autocommit() as conn:
        row = (await conn.execute(_BY_KEY, {"key_hash": hash_key(key)})).first()
    return principal_from_row(row) if row is not None and row.user_status != "DELETED" else None


async def authenticate_in_workspace(db: Database, key: str, workspace_id: str) -> tuple[Principal | None, Access | None]:
    """The principal behind `key` and, if it is an active member of `workspace_id`, its access there."""
    ws_id = workspace_id.lower() if is_id(workspace_id) else ""
    async with db.autocommit() as conn:
        row = (await conn.execute(_BY_KEY_IN_WORKSPACE, {"key_hash": hash_key(key), "workspace_id": ws_id})).first()
        if row is None or row.user_status == "DELETED":
            return None, None
        principal = principal_from_row(row)
        if row.m_user_id is None or row.m_status != "ACTIVE":
            return principal, None
        access = await _scoped_access(conn, principal, row, row.role, row.m_status)
    return principal, access


async def _scoped_access(conn: AsyncConnection, principal: Principal, row: Any, role: str, status: str) -> Access:
    """The access a membership row gives, with a manager's scope loaded."""
    access = Access(principal, workspace_from_row(row), role, status)
    if access.role in ("TEAM_MANAGER", "PROJECT_MANAGER"):
        await load_scope(conn, access)
    return access


async def load_scope(conn: AsyncConnection, access: Access) -> None:
    """Fill in which users a team manager manages and which projects a project manager manages."""
    grants = (
        await conn.execute(
            sa.select(member_roles.c.role, member_roles.c.entity_id, member_roles.c.source_type).where(
                member_roles.c.workspace_id == access.workspace_id,
                member_roles.c.user_id == access.user_id,
            )
        )
    ).all()
    users_direct = {g.entity_id for g in grants if g.role == "TEAM_MANAGER" and g.source_type != "USER_GROUP"}
    groups = [g.entity_id for g in grants if g.role == "TEAM_MANAGER" and g.source_type == "USER_GROUP"]
    if groups:
        rows = await conn.execute(
            sa.select(user_group_members.c.user_id).where(
                user_group_members.c.workspace_id == access.workspace_id,
                user_group_members.c.group_id.in_(groups),
            )
        )
        users_direct.update(r.user_id for r in rows)
    access.managed_users = frozenset(users_direct)
    access.managed_projects = frozenset(g.entity_id for g in grants if g.role == "PROJECT_MANAGER")


# --- ClickTime-style sign-in: e-mail and password, and a workspace chosen for the caller ---------


async def authenticate_password(db: Database, email: str, password: str) -> Principal | None:
    """The principal whose e-mail and password these are, or None (unknown, wrong, or deleted)."""
    from timeledger.services.users import verify_password

    async with db.autocommit() as conn:
        row = (
            await conn.execute(
                sa.select(*PRINCIPAL_COLUMNS, users.c.password_hash).where(
                    sa.func.lower(users.c.email) == email.strip().lower()
                )
            )
        ).first()
    if row is None or row.user_status == "DELETED" or not verify_password(row.password_hash, password):
        return None
    return principal_from_row(row)


async def default_access(db: Database, principal: Principal) -> Access | None:
    """The principal's access in its default workspace, or else in the oldest workspace where it is
    an active member: for dialects whose URLs name no workspace (ClickTime)."""
    return await _active_membership(
        db,
        principal,
        order_by=(
            sa.case((workspaces.c.id == (principal.default_workspace_id or ""), 0), else_=1),
            memberships.c.created_at,
            workspaces.c.id,
        ),
    )


async def access_in_workspace(db: Database, principal: Principal, workspace_id: str) -> Access | None:
    """The access of a principal already known (a web session) to a workspace where it is an active
    member, else None: what authenticate_in_workspace answers for an API key."""
    if not is_id(workspace_id):
        return None
    return await _active_membership(db, principal, memberships.c.workspace_id == workspace_id.lower())


async def _active_membership(db: Database, principal: Principal, *criteria: Any, order_by: tuple = ()) -> Access | None:
    """The principal's access through the first of its active memberships that meets `criteria`."""
    async with db.autocommit() as conn:
        row = (
            await conn.execute(
                sa.select(memberships.c.role, memberships.c.status, workspaces)
                .select_from(memberships.join(workspaces, workspaces.c.id == memberships.c.workspace_id))
                .where(memberships.c.user_id == principal.user_id, memberships.c.status == "ACTIVE", *criteria)
                .order_by(*order_by)
                .limit(1)
            )
        ).first()
        return None if row is None else await _scoped_access(conn, principal, row, row.role, row.status)
