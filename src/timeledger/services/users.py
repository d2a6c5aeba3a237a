"""Accounts, API keys, the first owner, workspace members, member profiles and role grants."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core import zones
from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import (
    api_keys,
    custom_fields,
    member_roles,
    memberships,
    project_members,
    projects,
    rates,
    user_custom_values,
    user_group_members,
    user_groups,
    users,
    workspaces,
)
from timeledger.services import events
from timeledger.services import settings as defaults
from timeledger.services.access import ROLE_RANK, ROLES, Access, Principal, hash_key
from timeledger.services.common import PageRequest, fetch_page, like_pattern, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MEMBERSHIP_STATUSES = ("PENDING", "ACTIVE", "DECLINED", "INACTIVE")
USER_STATUSES = ("ACTIVE", "PENDING_EMAIL_VERIFICATION", "DELETED", "NOT_REGISTERED", "LIMITED", "LIMITED_DELETED")
GRANTABLE_ROLES = ("WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER")


@dataclass(slots=True)
class Membership:
    user_id: str
    target_id: str
    membership_type: str  # WORKSPACE | PROJECT | USERGROUP
    status: str
    hourly_rate: int | None = None
    cost_rate: int | None = None


@dataclass(slots=True)
class RoleGrant:
    role: str
    entities: list[tuple[str, str]]  # (id, name)


@dataclass(slots=True)
class User:
    id: str
    email: str
    name: str
    status: str
    settings: dict[str, Any]
    default_workspace_id: str | None
    profile_picture: str | None
    active_workspace_id: str | None = None
    memberships: list[Membership] = field(default_factory=list)
    roles: list[RoleGrant] | None = None
    custom_fields: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class MemberProfile:
    user: User
    has_password: bool
    week_start: str
    work_capacity_s: int
    working_days: list[str]
    image_url: str
    workspace_count: int
    custom_values: list[dict[str, Any]]


@dataclass(slots=True)
class UserFilter:
    email: str | None = None
    name: str | None = None
    project_id: str | None = None
    status: str | None = None  # membership status or ALL
    account_statuses: list[str] | None = None
    user_group_ids: list[str] | None = None
    roles: list[str] | None = None
    sort_column: str = "EMAIL"
    sort_order: str = "ASCENDING"
    memberships: str = "NONE"
    include_roles: bool = False


# --- accounts ---------------------------------------------------------------------------------


def check_email(email: str | None) -> str:
    if not email or len(email) > 254 or not EMAIL.match(email.strip()):
        raise Invalid("Field 'email' must be a valid e-mail address", "email")
    return email.strip().lower()


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    if not 8 <= len(password) <= 1024:
        raise Invalid("Password must be between 8 and 1024 characters long", "password")
    return PasswordHasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def create_account(
    conn: AsyncConnection,
    email: str,
    name: str,
    *,
    password: str | None = None,
    time_zone: str | None = None,
    status: str = "ACTIVE",
) -> str:
    email = check_email(email)
    name = (name or "").strip() or email.split("@")[0]
    if len(name) > 100:
        raise Invalid("Field 'name' must be at most 100 characters long", "name")
    existing = await conn.execute(sa.select(users.c.id).where(sa.func.lower(users.c.email) == email))
    if existing.first() is not None:
        raise Conflict(f"User with email {email} already exists", "email")
    settings: dict[str, Any] = {}
    if time_zone:
        if not zones.is_zone(time_zone):
            raise Invalid(f"Unknown time zone '{time_zone}'", "timeZone")
        settings["timeZone"] = time_zone
    user_id = new_id()
    await conn.execute(
        users.insert().values(
            id=user_id,
            email=email,
            name=name,
            password_hash=hash_password(password) if password else None,
            status=status,
            settings=settings,
            created_at=datetime.now(UTC),
        )
    )
    return user_id


async def issue_api_key(conn: AsyncConnection, user_id: str, name: str = "") -> str:
    key = secrets.token_urlsafe(36)
    await conn.execute(
        api_keys.insert().values(
            id=new_id(), user_id=user_id, key_hash=hash_key(key), name=name, created_at=datetime.now(UTC)
        )
    )
    return key


async def add_membership(conn: AsyncConnection, workspace_id: str, user_id: str, role: str, actor_id: str | None) -> None:
    await conn.execute(
        memberships.insert().values(
            workspace_id=workspace_id, user_id=user_id, role=role, status="ACTIVE", profile={},
            created_at=datetime.now(UTC),
        )
    )
    if role == "WORKSPACE_ADMIN":
        await conn.execute(
            member_roles.insert().values(
                workspace_id=workspace_id, user_id=user_id, role=role, entity_id=workspace_id,
                source_type=None, created_at=datetime.now(UTC),
            )
        )
    await conn.execute(
        users.update()
        .where(users.c.id == user_id, users.c.default_workspace_id.is_(None))
        .values(default_workspace_id=workspace_id)
    )
    await events.record(conn, workspace_id, "USER_JOINED_WORKSPACE", "USER", user_id, actor_id, {"role": role})


async def new_workspace(conn: AsyncConnection, owner_id: str, name: str, currency: str = "USD") -> str:
    workspace_id = new_id()
    await conn.execute(
        workspaces.insert().values(
            id=workspace_id, name=name, image_url="", currency=currency, settings={}, created_at=datetime.now(UTC)
        )
    )
    await add_membership(conn, workspace_id, owner_id, "OWNER", owner_id)
    return workspace_id


async def bootstrap(
    db: Database, email: str, name: str, workspace_name: str, password: str | None = None, time_zone: str | None = None
) -> tuple[str, str, str]:
    """A new owner with a new workspace and an API key: (user id, workspace id, key)."""
    from timeledger.services.workspaces import check_workspace_name

    workspace_name = check_workspace_name(workspace_name)
    async with db.write() as conn:
        user_id = await create_account(conn, email, name, password=password, time_zone=time_zone)
        workspace_id = await new_workspace(conn, user_id, workspace_name)
        key = await issue_api_key(conn, user_id, "bootstrap")
    return user_id, workspace_id, key


async def create_member(
    db: Database, workspace_id: str, email: str, name: str, role: str = "MEMBER", password: str | None = None
) -> tuple[str, str]:
    """A new account that joins an existing workspace with `role`: (user id, key). Admin CLI only."""
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}", "role")
    async with db.write() as conn:
        workspace_id = require_id(workspace_id, "Workspace")
        if (await conn.execute(sa.select(workspaces.c.id).where(workspaces.c.id == workspace_id))).first() is None:
            raise NotFound("Workspace", workspace_id)
        user_id = await create_account(conn, email, name, password=password)
        await add_membership(conn, workspace_id, user_id, role, None)
        key = await issue_api_key(conn, user_id, "admin")
    return user_id, key


async def database_is_empty(db: Database) -> bool:
    async with db.read() as conn:
        return (await conn.execute(sa.select(users.c.id).limit(1))).first() is None


async def regenerate_api_key(conn: AsyncConnection, user_id: str) -> str:
    """Revoke every key of the user and issue a fresh one."""
    await conn.execute(api_keys.delete().where(api_keys.c.user_id == user_id))
    return await issue_api_key(conn, user_id, "regenerated")


async def issue_key(db: Database, user_id: str, name: str, *, revoke_others: bool = False) -> tuple[str, datetime]:
    """A new API key for the user and when it was made; with `revoke_others` it becomes the only one."""
    async with db.write() as conn:
        key = await (regenerate_api_key(conn, user_id) if revoke_others else issue_api_key(conn, user_id, name))
        created = (await conn.execute(sa.select(api_keys.c.created_at).where(api_keys.c.key_hash == hash_key(key)))).scalar_one()
    return key, created


async def key_for_first_owner(db: Database) -> tuple[str, str, str]:
    """(user id, e-mail, new key) for the longest-standing workspace owner; their other keys stay."""
    async with db.write() as conn:
        row = (
            await conn.execute(
                sa.select(users.c.id, users.c.email)
                .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
                .where(memberships.c.role == "OWNER")
                .order_by(memberships.c.created_at, users.c.id)
                .limit(1)
            )
        ).first()
        if row is None:
            raise NotFound("User", None)
        return row.id, row.email, await issue_api_key(conn, row.id, "local cli")


async def key_for_email(db: Database, email: str) -> tuple[str, str]:
    """(user id, new key) for the account with `email`; its earlier keys stop working."""
    email = check_email(email)
    async with db.write() as conn:
        row = (await conn.execute(sa.select(users.c.id).where(sa.func.lower(users.c.email) == email))).first()
        if row is None:
            raise NotFound("User", email)
        return row.id, await regenerate_api_key(conn, row.id)


# --- reading users ----------------------------------------------------------------------------


def _user_from_row(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        status=row.status,
        settings=defaults.merged(defaults.USER_SETTINGS, row.settings),
        default_workspace_id=row.default_workspace_id,
        profile_picture=row.profile_picture,
    )


async def _load_memberships(
    conn: AsyncConnection, workspace_ids: list[str] | None, user_ids: list[str], kinds: set[str]
) -> dict[str, list[Membership]]:
    from timeledger.services import rates as rate_service

    result: dict[str, list[Membership]] = {uid: [] for uid in user_ids}
    if not user_ids or not kinds:
        return result
    if "WORKSPACE" in kinds:
        stmt = sa.select(memberships).where(memberships.c.user_id.in_(user_ids))
        if workspace_ids is not None:
            stmt = stmt.where(memberships.c.workspace_id.in_(workspace_ids))
        rows = (await conn.execute(stmt.order_by(memberships.c.created_at))).all()
        rate_cache: dict[str, dict] = {}
        for row in rows:
            if row.workspace_id not in rate_cache:
                rate_cache[row.workspace_id] = await rate_service.current(
                    conn, row.workspace_id, "MEMBER", key="user_id", ids=user_ids
                )
            member_rates = rate_cache[row.workspace_id]
            result[row.user_id].append(
                Membership(
                    row.user_id, row.workspace_id, "WORKSPACE", row.status,
                    member_rates.get(("HOURLY", row.user_id)), member_rates.get(("COST", row.user_id)),
                )
            )
    if "PROJECT" in kinds:
        stmt = sa.select(project_members).where(project_members.c.user_id.in_(user_ids))
        if workspace_ids is not None:
            stmt = stmt.where(project_members.c.workspace_id.in_(workspace_ids))
        for row in await conn.execute(stmt):
            result[row.user_id].append(Membership(row.user_id, row.project_id, "PROJECT", row.status))
    if "USERGROUP" in kinds:
        stmt = sa.select(user_group_members).where(user_group_members.c.user_id.in_(user_ids))
        if workspace_ids is not None:
            stmt = stmt.where(user_group_members.c.workspace_id.in_(workspace_ids))
        for row in await conn.execute(stmt):
            result[row.user_id].append(Membership(row.user_id, row.group_id, "USERGROUP", "ACTIVE"))
    return result


async def _load_roles(conn: AsyncConnection, workspace_id: str, user_ids: list[str]) -> dict[str, list[RoleGrant]]:
    rows = (
        await conn.execute(
            sa.select(memberships.c.user_id, memberships.c.role).where(
                memberships.c.workspace_id == workspace_id, memberships.c.user_id.in_(user_ids)
            )
        )
    ).all()
    grants = (
        await conn.execute(
            sa.select(member_roles).where(
                member_roles.c.workspace_id == workspace_id, member_roles.c.user_id.in_(user_ids)
            )
        )
    ).all()
    names = await _entity_names(conn, workspace_id, {g.entity_id for g in grants})
    result: dict[str, list[RoleGrant]] = {uid: [] for uid in user_ids}
    for row in rows:
        if row.role == "OWNER":
            result[row.user_id].append(RoleGrant("OWNER", [(workspace_id, names.get(workspace_id, ""))]))
    by_user_role: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for grant in grants:
        by_user_role.setdefault((grant.user_id, grant.role), []).append((grant.entity_id, names.get(grant.entity_id, "")))
    for (user_id, role), entities in by_user_role.items():
        result[user_id].append(RoleGrant(role, entities))
    return result


async def _entity_names(conn: AsyncConnection, workspace_id: str, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    names: dict[str, str] = {}
    id_list = list(ids)
    for table in (users, projects, user_groups, workspaces):
        stmt = sa.select(table.c.id, table.c.name).where(table.c.id.in_(id_list))
        if "workspace_id" in table.c:
            stmt = stmt.where(table.c.workspace_id == workspace_id)
        names.update({row.id: row.name for row in await conn.execute(stmt)})
    return names


async def current_user(db: Database, principal: Principal, include_memberships: bool) -> User:
    async with db.read() as conn:
        row = (await conn.execute(sa.select(users).where(users.c.id == principal.user_id))).one()
        user = _user_from_row(row)
        user.active_workspace_id = user.default_workspace_id
        if include_memberships:
            user.memberships = (await _load_memberships(conn, None, [user.id], {"WORKSPACE", "PROJECT", "USERGROUP"}))[user.id]
    return user


def _membership_kinds(value: str) -> set[str]:
    return {"ALL": {"WORKSPACE", "PROJECT", "USERGROUP"}, "NONE": set()}.get(value, {value})


USER_SORTS = ("ID", "EMAIL", "NAME", "NAME_LOWERCASE", "ACCESS", "HOURLYRATE", "COSTRATE")


async def list_users(db: Database, access: Access, flt: UserFilter, page: PageRequest) -> tuple[list[User], bool]:
    access.require_manager()
    ws = access.workspace_id
    if flt.sort_column not in USER_SORTS:
        raise Invalid(f"sort-column must be one of {', '.join(USER_SORTS)}", "sort-column")
    stmt = (
        sa.select(users, memberships.c.role, memberships.c.status.label("membership_status"))
        .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
        .where(memberships.c.workspace_id == ws)
    )
    if flt.email:
        stmt = stmt.where(sa.func.lower(users.c.email).like(like_pattern(flt.email), escape="\\"))
    if flt.name:
        stmt = stmt.where(sa.func.lower(users.c.name).like(like_pattern(flt.name), escape="\\"))
    if flt.status and flt.status != "ALL":
        if flt.status not in MEMBERSHIP_STATUSES:
            raise Invalid("status must be one of PENDING, ACTIVE, DECLINED, INACTIVE, ALL", "status")
        stmt = stmt.where(memberships.c.status == flt.status)
    if flt.account_statuses:
        stmt = stmt.where(users.c.status.in_(flt.account_statuses))
    if flt.project_id:
        stmt = stmt.where(
            sa.exists().where(
                project_members.c.workspace_id == ws,
                project_members.c.project_id == flt.project_id,
                project_members.c.user_id == users.c.id,
            )
        )
    if flt.user_group_ids:
        stmt = stmt.where(
            sa.exists().where(
                user_group_members.c.workspace_id == ws,
                user_group_members.c.group_id.in_(flt.user_group_ids),
                user_group_members.c.user_id == users.c.id,
            )
        )
    if flt.roles:
        stmt = stmt.where(
            sa.or_(
                memberships.c.role.in_(flt.roles),
                sa.exists().where(
                    member_roles.c.workspace_id == ws,
                    member_roles.c.user_id == users.c.id,
                    member_roles.c.role.in_(flt.roles),
                ),
            )
        )
    stmt = stmt.order_by(*_user_order(flt, ws))
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        result = [_user_from_row(r) for r in rows]
        ids = [u.id for u in result]
        kinds = _membership_kinds(flt.memberships)
        loaded = await _load_memberships(conn, [ws], ids, kinds)
        roles = await _load_roles(conn, ws, ids) if flt.include_roles else None
        values = await _custom_values(conn, ws, ids)
    for user in result:
        user.active_workspace_id = ws
        user.memberships = loaded[user.id]
        user.roles = roles[user.id] if roles is not None else None
        user.custom_fields = values.get(user.id, [])
    return result, last


def _user_order(flt: UserFilter, ws: str) -> list[Any]:
    descending = flt.sort_order == "DESCENDING"

    def direction(col: Any) -> Any:
        return col.desc() if descending else col.asc()

    if flt.sort_column in ("HOURLYRATE", "COSTRATE"):
        rate = (
            sa.select(rates.c.amount)
            .where(
                rates.c.workspace_id == ws,
                rates.c.scope == "MEMBER",
                rates.c.rate_type == ("HOURLY" if flt.sort_column == "HOURLYRATE" else "COST"),
                rates.c.user_id == users.c.id,
                sa.or_(rates.c.since.is_(None), rates.c.since <= datetime.now(UTC)),
            )
            .order_by(sa.nulls_last(rates.c.since.desc()))
            .limit(1)
            .scalar_subquery()
        )
        primary = sa.func.coalesce(rate, 0)
    elif flt.sort_column == "ACCESS":
        primary = sa.case({role: rank for role, rank in ROLE_RANK.items()}, value=memberships.c.role)
    elif flt.sort_column == "NAME_LOWERCASE":
        primary = sa.func.lower(users.c.name)
    else:
        primary = {"ID": users.c.id, "EMAIL": users.c.email, "NAME": users.c.name}[flt.sort_column]
    return [direction(primary), direction(users.c.id)]


async def get_member(db: Database, access: Access, user_id: str) -> User:
    """One member of the workspace (GET users/{id}); a member may read itself only."""
    user_id = require_id(user_id, "User")
    if user_id != access.user_id:
        access.require_manager()
    async with db.read() as conn:
        row = (
            await conn.execute(
                sa.select(users)
                .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
                .where(memberships.c.workspace_id == access.workspace_id, users.c.id == user_id)
            )
        ).first()
        if row is None:
            raise NotFound("User", user_id)
        user = _user_from_row(row)
        user.active_workspace_id = access.workspace_id
        user.memberships = (await _load_memberships(conn, [access.workspace_id], [user_id], {"WORKSPACE"}))[user_id]
        user.custom_fields = (await _custom_values(conn, access.workspace_id, [user_id])).get(user_id, [])
    return user


async def _custom_values(conn: AsyncConnection, ws: str, user_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not user_ids:
        return {}
    rows = await conn.execute(
        sa.select(user_custom_values, custom_fields.c.name, custom_fields.c.type)
        .select_from(
            user_custom_values.join(
                custom_fields,
                (custom_fields.c.workspace_id == user_custom_values.c.workspace_id)
                & (custom_fields.c.id == user_custom_values.c.custom_field_id),
            )
        )
        .where(user_custom_values.c.workspace_id == ws, user_custom_values.c.user_id.in_(user_ids))
    )
    result: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(row.user_id, []).append(
            {"customFieldId": row.custom_field_id, "customFieldName": row.name, "customFieldType": row.type,
             "userId": row.user_id, "value": row.value}
        )
    return result


async def require_member(conn: AsyncConnection, workspace_id: str, user_id: str | None, *, active: bool = False) -> Any:
    """The membership row of `user_id` in the workspace, or NotFound('User')."""
    user_id = require_id(user_id, "User")
    row = (
        await conn.execute(
            sa.select(memberships).where(memberships.c.workspace_id == workspace_id, memberships.c.user_id == user_id)
        )
    ).first()
    if row is None or (active and row.status != "ACTIVE"):
        raise NotFound("User", user_id)
    return row


async def managers_of(db: Database, access: Access, user_id: str, page: PageRequest, sort_order: str) -> tuple[list[User], bool]:
    """Team managers who manage `user_id`, directly or through a user group."""
    async with db.read() as conn:
        await require_member(conn, access.workspace_id, user_id)
        if user_id != access.user_id:
            access.require_manager()
        ws = access.workspace_id
        group_ids = sa.select(user_group_members.c.group_id).where(
            user_group_members.c.workspace_id == ws, user_group_members.c.user_id == user_id
        )
        managing = sa.select(member_roles.c.user_id).where(
            member_roles.c.workspace_id == ws,
            member_roles.c.role == "TEAM_MANAGER",
            sa.or_(
                (member_roles.c.entity_id == user_id) & (member_roles.c.source_type.is_distinct_from("USER_GROUP")),
                (member_roles.c.source_type == "USER_GROUP") & member_roles.c.entity_id.in_(group_ids),
            ),
        )
        order = users.c.email.desc() if sort_order == "DESCENDING" else users.c.email.asc()
        stmt = sa.select(users).where(users.c.id.in_(managing)).order_by(order, users.c.id)
        rows, last = await fetch_page(conn, stmt, page)
    return [_user_from_row(r) for r in rows], last


# --- member profile ---------------------------------------------------------------------------


async def member_profile(db: Database, access: Access, user_id: str) -> MemberProfile:
    user_id = require_id(user_id, "User")
    if user_id != access.user_id:
        access.require_admin()
    async with db.read() as conn:
        return await _member_profile(conn, access.workspace_id, user_id)


async def _member_profile(conn: AsyncConnection, ws: str, user_id: str) -> MemberProfile:
    membership = await require_member(conn, ws, user_id)
    row = (await conn.execute(sa.select(users).where(users.c.id == user_id))).one()
    user = _user_from_row(row)
    profile = defaults.merged(defaults.MEMBER_PROFILE, membership.profile)
    count = (
        await conn.execute(sa.select(sa.func.count()).select_from(memberships).where(memberships.c.user_id == user_id))
    ).scalar_one()
    values = (await _custom_values(conn, ws, [user_id])).get(user_id, [])
    return MemberProfile(
        user=user,
        has_password=row.password_hash is not None,
        week_start=profile["weekStart"] or user.settings["weekStart"],
        work_capacity_s=int(profile["workCapacity"]),
        working_days=list(profile["workingDays"]),
        image_url=profile["imageUrl"] or (user.profile_picture or ""),
        workspace_count=count,
        custom_values=values,
    )


@dataclass(slots=True)
class ProfileChange:
    week_start: str | None = None
    work_capacity_s: int | None = None
    working_days: list[str] | None = None
    image_url: str | None = None
    remove_image: bool = False
    name: str | None = None
    time_zone: str | None = None
    custom_values: list[tuple[str, Any]] | None = None


async def update_member_profile(db: Database, access: Access, user_id: str, change: ProfileChange) -> MemberProfile:
    user_id = require_id(user_id, "User")
    if user_id != access.user_id:
        access.require_admin()
    check_profile_change(change)
    async with db.write() as conn:
        await apply_profile_change(conn, access, user_id, change)
        return await _member_profile(conn, access.workspace_id, user_id)


def check_profile_change(change: ProfileChange) -> None:
    """The checks of a profile change that need no database (call before the transaction)."""
    if change.week_start is not None and change.week_start not in defaults.WEEK_DAYS:
        raise Invalid("weekStart must be a day of the week such as MONDAY", "weekStart")
    if change.working_days is not None and any(d not in defaults.WEEK_DAYS for d in change.working_days):
        raise Invalid("workingDays must list days of the week such as MONDAY", "workingDays")
    if change.work_capacity_s is not None and not 0 <= change.work_capacity_s <= 24 * 3600:
        raise Invalid("workCapacity must be between PT0S and PT24H", "workCapacity")
    if change.time_zone is not None and not zones.is_zone(change.time_zone):
        raise Invalid(f"Unknown time zone '{change.time_zone}'", "timeZone")
    if change.name is not None and not 1 <= len(change.name.strip()) <= 100:
        raise Invalid("Field 'name' must be between 1 and 100 characters long", "name")


async def apply_profile_change(conn: AsyncConnection, access: Access, user_id: str, change: ProfileChange) -> None:
    """Write a checked profile change (inside an open transaction; the caller checked who may)."""
    from timeledger.services import custom_fields as custom_field_service

    membership = await require_member(conn, access.workspace_id, user_id)
    profile = dict(membership.profile or {})
    if change.week_start is not None:
        profile["weekStart"] = change.week_start
    if change.work_capacity_s is not None:
        profile["workCapacity"] = change.work_capacity_s
    if change.working_days is not None:
        profile["workingDays"] = list(dict.fromkeys(change.working_days))
    if change.image_url is not None:
        profile["imageUrl"] = change.image_url
    if change.remove_image:
        profile["imageUrl"] = ""
    await conn.execute(
        memberships.update()
        .where(memberships.c.workspace_id == access.workspace_id, memberships.c.user_id == user_id)
        .values(profile=profile)
    )
    user_values: dict[str, Any] = {}
    if change.name is not None:
        user_values["name"] = change.name.strip()
    if change.time_zone is not None or change.week_start is not None:
        row = (await conn.execute(sa.select(users.c.settings).where(users.c.id == user_id))).one()
        settings = dict(row.settings or {})
        if change.time_zone is not None:
            settings["timeZone"] = change.time_zone
        if change.week_start is not None:
            settings["weekStart"] = change.week_start
        user_values["settings"] = settings
    if change.remove_image:
        user_values["profile_picture"] = None
    elif change.image_url is not None:
        user_values["profile_picture"] = change.image_url
    if user_values:
        await conn.execute(users.update().where(users.c.id == user_id).values(**user_values))
    for field_id, value in change.custom_values or []:
        await custom_field_service.write_user_value(conn, access, user_id, field_id, value)
    await events.record(conn, access.workspace_id, "USER_UPDATED", "USER", user_id, access.user_id)


# --- role grants ------------------------------------------------------------------------------


async def _grant_target(conn: AsyncConnection, ws: str, role: str, entity_id: str | None, source_type: str | None) -> tuple[str, str | None]:
    if role == "WORKSPACE_ADMIN":
        if entity_id not in (None, ws):
            raise NotFound("Workspace", entity_id)
        return ws, None
    if role == "PROJECT_MANAGER":
        project_id = require_id(entity_id, "Project")
        found = await conn.execute(
            sa.select(projects.c.id).where(projects.c.workspace_id == ws, projects.c.id == project_id)
        )
        if found.first() is None:
            raise NotFound("Project", project_id)
        return project_id, None
    if source_type == "USER_GROUP":
        group_id = require_id(entity_id, "User group")
        found = await conn.execute(
            sa.select(user_groups.c.id).where(user_groups.c.workspace_id == ws, user_groups.c.id == group_id)
        )
        if found.first() is None:
            raise NotFound("User group", group_id)
        return group_id, "USER_GROUP"
    managed = await require_member(conn, ws, entity_id)
    return managed.user_id, None


async def _add_grant(conn: AsyncConnection, ws: str, user_id: str, role: str, entity_id: str | None,
                     source_type: str | None) -> str | None:
    """Grant `role` over its target (unless already held); returns the target's id."""
    target, source = await _grant_target(conn, ws, role, entity_id, source_type)
    held = await conn.execute(
        sa.select(member_roles.c.role).where(
            member_roles.c.workspace_id == ws,
            member_roles.c.user_id == user_id,
            member_roles.c.role == role,
            member_roles.c.entity_id == target,
        )
    )
    if held.first() is None:
        await conn.execute(
            member_roles.insert().values(workspace_id=ws, user_id=user_id, role=role, entity_id=target,
                                         source_type=source, created_at=datetime.now(UTC))
        )
    return target


async def grant_role(db: Database, access: Access, user_id: str, role: str, entity_id: str | None, source_type: str | None) -> list[dict[str, Any]]:
    access.require_admin()
    if role not in GRANTABLE_ROLES:
        raise Invalid("role must be one of WORKSPACE_ADMIN, TEAM_MANAGER, PROJECT_MANAGER", "role")
    if source_type not in (None, "USER_GROUP"):
        raise Invalid("sourceType must be USER_GROUP or omitted", "sourceType")
    async with db.write() as conn:
        membership = await require_member(conn, access.workspace_id, user_id)
        target = await _add_grant(conn, access.workspace_id, membership.user_id, role, entity_id, source_type)
        await _sync_primary_role(conn, access.workspace_id, membership.user_id)
        await events.record(conn, access.workspace_id, "USER_UPDATED", "USER", membership.user_id, access.user_id,
                            {"grant": role, "entityId": target})
        return await _grants_of(conn, access.workspace_id, membership.user_id)


async def revoke_role(db: Database, access: Access, user_id: str, role: str, entity_id: str | None, source_type: str | None) -> None:
    access.require_admin()
    if role not in GRANTABLE_ROLES:
        raise Invalid("role must be one of WORKSPACE_ADMIN, TEAM_MANAGER, PROJECT_MANAGER", "role")
    async with db.write() as conn:
        membership = await require_member(conn, access.workspace_id, user_id)
        target = access.workspace_id if role == "WORKSPACE_ADMIN" else require_id(entity_id, "Entity")
        result = await conn.execute(
            member_roles.delete().where(
                member_roles.c.workspace_id == access.workspace_id,
                member_roles.c.user_id == membership.user_id,
                member_roles.c.role == role,
                member_roles.c.entity_id == target,
            )
        )
        if result.rowcount == 0:
            raise NotFound("Role", target)
        await _sync_primary_role(conn, access.workspace_id, membership.user_id)
        await events.record(conn, access.workspace_id, "USER_UPDATED", "USER", membership.user_id, access.user_id,
                            {"revoke": role, "entityId": target})


async def _sync_primary_role(conn: AsyncConnection, ws: str, user_id: str) -> None:
    """The membership's role is the highest grant held (OWNER is never changed by grants)."""
    current = (
        await conn.execute(
            sa.select(memberships.c.role).where(memberships.c.workspace_id == ws, memberships.c.user_id == user_id)
        )
    ).scalar_one()
    if current == "OWNER":
        return
    held = {
        r.role
        for r in await conn.execute(
            sa.select(member_roles.c.role).where(member_roles.c.workspace_id == ws, member_roles.c.user_id == user_id)
        )
    }
    role = max(held | {"MEMBER"}, key=lambda r: ROLE_RANK[r])
    await conn.execute(
        memberships.update().where(memberships.c.workspace_id == ws, memberships.c.user_id == user_id).values(role=role)
    )


async def _grants_of(conn: AsyncConnection, ws: str, user_id: str) -> list[dict[str, Any]]:
    rows = (
        await conn.execute(
            sa.select(member_roles).where(member_roles.c.workspace_id == ws, member_roles.c.user_id == user_id)
        )
    ).all()
    return [{"userId": user_id, "workspaceId": ws, "role": r.role, "entityId": r.entity_id, "sourceType": r.source_type} for r in rows]



# --- the web app's team page and preferences --------------------------------------------------

PRIMARY_ROLES = ("WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER", "MEMBER")


async def set_role(
    db: Database, access: Access, user_id: str, role: str, entity_id: str | None = None, source_type: str | None = None
) -> None:
    """Make a member an admin, a team manager (of a user group or a member), a project manager (of a
    project) or a regular member, in one transaction. Becoming a manager drops the admin grant;
    becoming a regular member drops every grant. The owner's role is not changed here, nor your own
    (an admin could otherwise lock the workspace out of its last admin by mistake)."""
    access.require_admin()
    if role not in PRIMARY_ROLES:
        raise Invalid("role must be one of WORKSPACE_ADMIN, TEAM_MANAGER, PROJECT_MANAGER, MEMBER", "role")
    if source_type not in (None, "USER_GROUP"):
        raise Invalid("sourceType must be USER_GROUP or omitted", "sourceType")
    if role in ("TEAM_MANAGER", "PROJECT_MANAGER") and not entity_id:
        what = "a user group or a member to manage" if role == "TEAM_MANAGER" else "a project to manage"
        raise Invalid(f"Choose {what}", "entityId")
    ws = access.workspace_id
    async with db.write() as conn:
        membership = await require_member(conn, ws, user_id)
        if membership.role == "OWNER":
            raise Forbidden("The workspace owner's role cannot be changed")
        if membership.user_id == access.user_id:
            raise Conflict("You cannot change your own role", "role")
        drop = list(GRANTABLE_ROLES) if role == "MEMBER" else ["WORKSPACE_ADMIN"] if role != "WORKSPACE_ADMIN" else []
        if drop:
            await conn.execute(
                member_roles.delete().where(
                    member_roles.c.workspace_id == ws,
                    member_roles.c.user_id == membership.user_id,
                    member_roles.c.role.in_(drop),
                )
            )
        if role != "MEMBER":
            await _add_grant(conn, ws, membership.user_id, role, entity_id, source_type)
        await _sync_primary_role(conn, ws, membership.user_id)
        await events.record(conn, ws, "USER_UPDATED", "USER", membership.user_id, access.user_id,
                            {"role": role, "entityId": entity_id})


TIME_FORMATS = ("HOUR24", "HOUR12")
DATE_FORMATS = ("YYYY-MM-DD", "DD-MM-YYYY", "MM-DD-YYYY", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY")


@dataclass(slots=True)
class Preferences:
    time_zone: str
    week_start: str  # "" follows the workspace's week start
    time_format: str
    date_format: str


async def update_preferences(db: Database, principal: Principal, prefs: Preferences) -> None:
    """The signed-in user's own settings: zone, first day of the week, 12/24-hour clock, date format.
    All are checked before anything is written."""
    if not zones.is_zone(prefs.time_zone):
        raise Invalid(f"Unknown time zone '{prefs.time_zone}'", "timeZone")
    if prefs.week_start and prefs.week_start not in defaults.WEEK_DAYS:
        raise Invalid("weekStart must be a day of the week such as MONDAY", "weekStart")
    if prefs.time_format not in TIME_FORMATS:
        raise Invalid("timeFormat must be HOUR24 or HOUR12", "timeFormat")
    if prefs.date_format not in DATE_FORMATS:
        raise Invalid(f"dateFormat must be one of {', '.join(DATE_FORMATS)}", "dateFormat")
    async with db.write() as conn:
        row = (await conn.execute(sa.select(users.c.settings, users.c.default_workspace_id)
                                  .where(users.c.id == principal.user_id))).one()
        settings = {**(row.settings or {}), "timeZone": prefs.time_zone, "weekStart": prefs.week_start,
                    "timeFormat": prefs.time_format, "dateFormat": prefs.date_format}
        if not prefs.week_start:
            del settings["weekStart"]
        await conn.execute(users.update().where(users.c.id == principal.user_id).values(settings=settings))
        if row.default_workspace_id:
            await events.record(conn, row.default_workspace_id, "USER_UPDATED", "USER", principal.user_id,
                                principal.user_id, {"settings": ["timeZone", "weekStart", "timeFormat", "dateFormat"]})


async def stored_settings(db: Database, user_id: str) -> dict[str, Any]:
    """The settings the user chose, without the defaults (to tell "Monday" from "not chosen")."""
    async with db.autocommit() as conn:
        row = (await conn.execute(sa.select(users.c.settings).where(users.c.id == user_id))).first()
    return dict(row.settings or {}) if row is not None else {}


async def primary_roles(db: Database, access: Access, user_ids: list[str]) -> dict[str, str]:
    """Each member's role in the workspace (the highest held: OWNER, WORKSPACE_ADMIN, ...)."""
    access.require_manager()
    if not user_ids:
        return {}
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(memberships.c.user_id, memberships.c.role).where(
                memberships.c.workspace_id == access.workspace_id, memberships.c.user_id.in_(user_ids)
            )
        )
        return {row.user_id: row.role for row in rows}
