"""Lists selected by field values, paged by offset, with the total of matching rows.

This is how ClickTime asks for rows (`?IsActive=true&ClientID=a&ClientID=b&limit=100&offset=200`):
several values of one field mean any of them, different fields must all match, and every page
tells how many rows match in all. The generic pieces (`Window`, `fetch_window`, `any_of`,
`any_of_ci`) serve any such list; below them are the lists of clients, projects and members, in
three scopes:

- ME: what the caller may log time to (projects visible to them, the clients of those projects);
- COMPANY: everything in the workspace, for managers and admins;
- MANAGED: the people a manager manages (admins manage everyone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.engine import Database
from timeledger.db.tables import (
    clients,
    company_tasks,
    employment_types,
    member_roles,
    memberships,
    project_groups,
    project_members,
    projects,
    tasks,
    time_off,
    time_off_types,
    timesheets,
    user_group_members,
    user_groups,
    users,
    work_codes,
)
from timeledger.services import projects as project_service
from timeledger.services import rates
from timeledger.services.access import Access
from timeledger.services.clients import Client, _client
from timeledger.services.errors import Invalid
from timeledger.services.projects import Project

T = TypeVar("T")
Scope = Literal["ME", "COMPANY", "MANAGED"]


# --- the generic pieces --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """`limit` rows starting at row `offset` (zero-based) of a stably ordered list."""

    offset: int = 0
    limit: int = 100

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise Invalid("offset must be 0 or more", "offset")
        if self.limit < 1:
            raise Invalid("limit must be 1 or more", "limit")


@dataclass(slots=True)
class Listed(Generic[T]):
    items: list[T]
    total: int  # rows matching the filters, on every page


async def fetch_window(conn: AsyncConnection, stmt: sa.Select, window: Window) -> tuple[list[Any], int]:
    """One window of rows and the total count of rows the statement selects."""
    total = (await conn.execute(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))).scalar_one()
    if window.offset >= total:
        return [], total
    rows = (await conn.execute(stmt.limit(window.limit).offset(window.offset))).all()
    return rows, total


def any_of(column: sa.ColumnElement, values: list[Any] | None) -> sa.ColumnElement[bool] | None:
    """The column equals one of `values`; None (no condition) when no values were given."""
    if not values:
        return None
    distinct = list(dict.fromkeys(values))
    return column == distinct[0] if len(distinct) == 1 else column.in_(distinct)


def any_of_ci(column: sa.ColumnElement, values: list[str] | None) -> sa.ColumnElement[bool] | None:
    """Case-insensitive `any_of`, for names and e-mail addresses."""
    return any_of(sa.func.lower(column), [v.strip().lower() for v in values] if values else None)


def active_is(column_is_active: sa.ColumnElement[bool], values: list[bool] | None) -> sa.ColumnElement[bool] | None:
    """A boolean filter given as a list: [true], [false], or both (no condition)."""
    wanted = set(values or ())
    if len(wanted) != 1:
        return None
    return column_is_active if wanted.pop() else sa.not_(column_is_active)


def _where(stmt: sa.Select, *conditions: sa.ColumnElement[bool] | None) -> sa.Select:
    present = [c for c in conditions if c is not None]
    return stmt.where(*present) if present else stmt


# --- clients -------------------------------------------------------------------------------------


@dataclass(slots=True)
class ClientQuery:
    ids: list[str] | None = None
    names: list[str] | None = None
    active: list[bool] | None = None
    match_nothing: bool = False  # a filter on a field no row stores (a dialect's field we lack)


async def find_clients(db: Database, access: Access, query: ClientQuery, window: Window, scope: Scope) -> Listed[Client]:
    """Clients by field values, by name then id. ME: the clients of projects the caller may log to."""
    ws = access.workspace_id
    if scope == "COMPANY":
        access.require_manager()
    stmt = sa.select(clients).where(clients.c.workspace_id == ws)
    if scope == "ME":
        visible = project_service.visibility_condition(access)
        stmt = stmt.where(
            sa.exists().where(
                projects.c.workspace_id == ws,
                projects.c.client_id == clients.c.id,
                *([visible] if visible is not None else []),
            )
        )
    stmt = _where(
        stmt,
        any_of(clients.c.id, _lower(query.ids)),
        any_of_ci(clients.c.name, query.names),
        active_is(sa.not_(clients.c.archived), query.active),
        sa.false() if query.match_nothing else None,
    ).order_by(sa.func.lower(clients.c.name), clients.c.id)
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
    return Listed([_client(r, access.workspace.currency) for r in rows], total)


async def clients_by_id(db: Database, access: Access, ids: list[str]) -> dict[str, Client]:
    """The workspace's clients among `ids`, for embedding next to rows that reference them."""
    if not ids:
        return {}
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(clients).where(clients.c.workspace_id == access.workspace_id, clients.c.id.in_(_lower(ids)))
        )
        return {r.id: _client(r, access.workspace.currency) for r in rows}


# --- projects ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ProjectQuery:
    ids: list[str] | None = None
    names: list[str] | None = None
    active: list[bool] | None = None
    client_ids: list[str] | None = None
    manager_ids: list[str] | None = None  # project managers
    user_ids: list[str] | None = None  # people who may log to the project
    match_nothing: bool = False


@dataclass(slots=True)
class ProjectView:
    project: Project
    manager_id: str | None  # the earliest project manager, if any


async def find_projects(db: Database, access: Access, query: ProjectQuery, window: Window, scope: Scope) -> Listed[ProjectView]:
    """Projects by field values, by name then id; always only those the caller may see.
    COMPANY asks for a manager; ME is every project the caller may log to."""
    ws = access.workspace_id
    if scope == "COMPANY":
        access.require_manager()
    stmt = sa.select(projects).where(projects.c.workspace_id == ws)
    manager_ids = _lower(query.manager_ids)
    stmt = _where(
        stmt,
        project_service.visibility_condition(access),
        any_of(projects.c.id, _lower(query.ids)),
        any_of_ci(projects.c.name, query.names),
        active_is(sa.not_(projects.c.archived), query.active),
        any_of(projects.c.client_id, _lower(query.client_ids)),
        project_service.open_to(ws, _lower(query.user_ids)) if query.user_ids else None,
        sa.exists().where(
            member_roles.c.workspace_id == ws,
            member_roles.c.role == "PROJECT_MANAGER",
            member_roles.c.entity_id == projects.c.id,
            member_roles.c.user_id.in_(manager_ids),
        ) if manager_ids else None,
        sa.false() if query.match_nothing else None,
    ).order_by(*_project_order(ws))
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
        hydrated = await project_service.hydrate(conn, access, rows)
        managers = await _project_managers(conn, ws, [p.id for p in hydrated])
    return Listed([ProjectView(p, managers.get(p.id)) for p in hydrated], total)


def _project_order(ws: str) -> list[Any]:
    """By "Client - Project" as ClickTime lists jobs: client name (none first), name, id."""
    client_name = (
        sa.select(clients.c.name).where(clients.c.workspace_id == ws, clients.c.id == projects.c.client_id).scalar_subquery()
    )
    return [sa.func.coalesce(sa.func.lower(client_name), ""), sa.func.lower(projects.c.name), projects.c.id]


async def _project_managers(conn: AsyncConnection, ws: str, project_ids: list[str]) -> dict[str, str]:
    if not project_ids:
        return {}
    rows = await conn.execute(
        sa.select(member_roles.c.entity_id, member_roles.c.user_id)
        .where(
            member_roles.c.workspace_id == ws,
            member_roles.c.role == "PROJECT_MANAGER",
            member_roles.c.entity_id.in_(project_ids),
        )
        .order_by(member_roles.c.created_at.desc(), member_roles.c.user_id.desc())
    )
    return {r.entity_id: r.user_id for r in rows}  # the earliest grant wins: it is written last


async def projects_by_id(db: Database, access: Access, ids: list[str]) -> dict[str, Project]:
    """The workspace's projects among `ids`, for embedding next to rows that reference them (the
    caller already sees the referencing row, so the project's name is not hidden from it)."""
    if not ids:
        return {}
    async with db.read() as conn:
        rows = (
            await conn.execute(
                sa.select(projects).where(projects.c.workspace_id == access.workspace_id, projects.c.id.in_(_lower(ids)))
            )
        ).all()
        return {p.id: p for p in await project_service.hydrate(conn, access, rows)}


# --- members -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Member:
    id: str
    name: str
    email: str
    role: str  # OWNER, WORKSPACE_ADMIN, TEAM_MANAGER, PROJECT_MANAGER, MEMBER
    status: str  # of the membership: ACTIVE, INACTIVE, PENDING, DECLINED
    account_status: str
    settings: dict[str, Any]
    hourly_rate: int | None = None
    cost_rate: int | None = None
    division_id: str | None = None
    employment_type_id: str | None = None


@dataclass(slots=True)
class MemberQuery:
    ids: list[str] | None = None
    names: list[str] | None = None
    emails: list[str] | None = None
    active: list[bool] | None = None
    roles: list[str] | None = None
    project_ids: list[str] | None = None  # people who may log to any of these projects
    match_nothing: bool = False
    division_ids: list[str] | None = None
    employment_type_ids: list[str] | None = None


async def find_members(db: Database, access: Access, query: MemberQuery, window: Window, scope: Scope) -> Listed[Member]:
    """Workspace members by field values, by name then id. COMPANY asks for a manager; MANAGED is
    the people a team manager manages (everyone, for admins)."""
    ws = access.workspace_id
    access.require_manager()
    stmt = (
        sa.select(users, memberships.c.role, memberships.c.status.label("membership_status"),
                  memberships.c.employment_type_id)
        .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
        .where(memberships.c.workspace_id == ws)
    )
    if scope == "MANAGED" and not access.is_admin:
        stmt = stmt.where(users.c.id.in_(sorted(access.managed_users)))
    project_ids = _lower(query.project_ids)
    stmt = _where(
        stmt,
        any_of(users.c.id, _lower(query.ids)),
        any_of_ci(users.c.name, query.names),
        any_of_ci(users.c.email, query.emails),
        active_is(memberships.c.status == "ACTIVE", query.active),
        any_of(memberships.c.role, query.roles),
        _may_log_to(ws, project_ids) if project_ids else None,
        any_of(memberships.c.employment_type_id, _lower(query.employment_type_ids)) if query.employment_type_ids else None,
        sa.exists().where(
            user_group_members.c.workspace_id == ws, user_group_members.c.user_id == users.c.id,
            user_group_members.c.is_division.is_(sa.true()),
            user_group_members.c.group_id.in_(_lower(query.division_ids)),
        ) if query.division_ids else None,
        sa.false() if query.match_nothing else None,
    ).order_by(sa.func.lower(users.c.name), users.c.id)
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
        return Listed(await _members(conn, ws, rows), total)


def _may_log_to(ws: str, project_ids: list[str]) -> sa.ColumnElement[bool]:
    """The user may log to one of the projects: it is public, or they join it directly or by group."""
    public = sa.exists().where(
        projects.c.workspace_id == ws, projects.c.id.in_(project_ids), projects.c.is_public.is_(sa.true())
    )
    direct = sa.exists().where(
        project_members.c.workspace_id == ws,
        project_members.c.project_id.in_(project_ids),
        project_members.c.user_id == users.c.id,
        project_members.c.status == "ACTIVE",
    )
    via_group = sa.exists().where(
        project_groups.c.workspace_id == ws,
        project_groups.c.project_id.in_(project_ids),
        project_groups.c.group_id.in_(
            sa.select(user_group_members.c.group_id).where(
                user_group_members.c.workspace_id == ws, user_group_members.c.user_id == users.c.id
            )
        ),
    )
    return sa.or_(public, direct, via_group)


async def _members(conn: AsyncConnection, ws: str, rows: list[Any]) -> list[Member]:
    ids = [r.id for r in rows]
    member_rates = await rates.current(conn, ws, "MEMBER", key="user_id", ids=ids)
    divisions: dict[str, str] = {}
    if ids:
        for d in await conn.execute(
            sa.select(user_group_members.c.user_id, user_group_members.c.group_id).where(
                user_group_members.c.workspace_id == ws, user_group_members.c.user_id.in_(ids),
                user_group_members.c.is_division.is_(sa.true()),
            )
        ):
            divisions[d.user_id] = d.group_id
    return [
        Member(
            id=r.id, name=r.name, email=r.email, role=r.role, status=r.membership_status, account_status=r.status,
            settings=r.settings or {}, hourly_rate=member_rates.get(("HOURLY", r.id)),
            cost_rate=member_rates.get(("COST", r.id)), division_id=divisions.get(r.id),
            employment_type_id=r.employment_type_id,
        )
        for r in rows
    ]


async def members_by_id(db: Database, access: Access, ids: list[str]) -> dict[str, Member]:
    """The workspace's members among `ids`, for embedding next to rows that reference them."""
    if not ids:
        return {}
    async with db.read() as conn:
        rows = (
            await conn.execute(
                sa.select(users, memberships.c.role, memberships.c.status.label("membership_status"),
                          memberships.c.employment_type_id)
                .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
                .where(memberships.c.workspace_id == access.workspace_id, users.c.id.in_(_lower(ids)))
            )
        ).all()
        return {m.id: m for m in await _members(conn, access.workspace_id, rows)}


# --- named lists: company tasks, work codes, divisions, employment types, time off types ---------


@dataclass(slots=True)
class NamedQuery:
    ids: list[str] | None = None
    names: list[str] | None = None
    active: list[bool] | None = None
    codes: list[str] | None = None  # task codes, work codes
    match_nothing: bool = False
    requires_approval: list[bool] | None = None  # time off types


NAMED = {
    "TASK": (company_tasks, company_tasks.c.task_code),
    "COST_CODE": (work_codes, work_codes.c.code),
    "LABOR_CODE": (work_codes, work_codes.c.code),
    "TIME_ENTRY_TYPE": (work_codes, work_codes.c.code),
    "DIVISION": (user_groups, None),
    "EMPLOYMENT_TYPE": (employment_types, None),
    "TIME_OFF_TYPE": (time_off_types, None),
}


async def find_named(db: Database, access: Access, kind: str, query: NamedQuery, window: Window, scope: Scope) -> Listed[Any]:
    """Rows of one of the workspace's named lists (NAMED), by name then id. COMPANY asks for a
    manager. ME is what the caller may use: for tasks, every company task, or under the BY_JOB
    restriction those allowed on a project the caller may see; for time off types, the active
    ones only."""
    table, code = NAMED[kind]
    ws = access.workspace_id
    if scope == "COMPANY":
        access.require_manager()
    stmt = sa.select(table).where(table.c.workspace_id == ws)
    if table is work_codes:
        stmt = stmt.where(work_codes.c.kind == kind)
    if table is user_groups:
        stmt = stmt.where(user_groups.c.is_division.is_(sa.true()))
    if kind == "TASK" and scope == "ME" and access.workspace.settings.get("taskRestriction") == "BY_JOB":
        stmt = stmt.where(sa.exists().where(*_allowed_pairs(access), tasks.c.company_task_id == company_tasks.c.id))
    if kind == "TIME_OFF_TYPE" and scope == "ME":
        stmt = stmt.where(time_off_types.c.active.is_(sa.true()))
    stmt = _where(
        stmt,
        any_of(table.c.id, _lower(query.ids)),
        any_of_ci(table.c.name, query.names),
        active_is(table.c.active.is_(sa.true()), query.active),
        any_of_ci(code, query.codes) if code is not None else (sa.false() if query.codes else None),
        active_is(time_off_types.c.requires_approval.is_(sa.true()), query.requires_approval)
        if table is time_off_types else None,
        sa.false() if query.match_nothing else None,
    ).order_by(sa.func.lower(table.c.name), table.c.id)
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
    return Listed(list(rows), total)


async def named_by_id(db: Database, access: Access, kind: str, ids: list[str]) -> dict[str, Any]:
    """{id: row} of one of the named lists, whatever their status: the objects embedded next to
    ids the caller already reads (an inactive leave type of a past leave, say)."""
    table, _ = NAMED[kind]
    wanted = _lower(ids)
    if not wanted:
        return {}
    stmt = sa.select(table).where(table.c.workspace_id == access.workspace_id, any_of(table.c.id, wanted))
    async with db.read() as conn:
        return {r.id: r for r in await conn.execute(stmt)}


def _allowed_pairs(access: Access) -> list[sa.ColumnElement[bool]]:
    """Conditions on `tasks` (joined to `projects`): ACTIVE pairs on projects the caller may see."""
    conditions = [
        tasks.c.workspace_id == access.workspace_id,
        tasks.c.status == "ACTIVE",
        projects.c.workspace_id == tasks.c.workspace_id,
        projects.c.id == tasks.c.project_id,
    ]
    visible = project_service.visibility_condition(access)
    return conditions + ([visible] if visible is not None else [])


@dataclass(slots=True)
class TaskControlQuery:
    job_ids: list[str] | None = None
    task_ids: list[str] | None = None
    job_active: list[bool] | None = None
    task_active: list[bool] | None = None


async def find_task_controls(db: Database, access: Access, query: TaskControlQuery, window: Window) -> Listed[tuple[str, str]]:
    """(project id, company task id) of the ACTIVE pairs on projects the caller may see, by both ids."""
    stmt = (
        sa.select(tasks.c.project_id, tasks.c.company_task_id)
        .select_from(tasks)
        .join(company_tasks, sa.and_(company_tasks.c.workspace_id == tasks.c.workspace_id,
                                     company_tasks.c.id == tasks.c.company_task_id))
        .where(*_allowed_pairs(access))
    )
    stmt = _where(
        stmt,
        any_of(tasks.c.project_id, _lower(query.job_ids)),
        any_of(tasks.c.company_task_id, _lower(query.task_ids)),
        active_is(sa.not_(projects.c.archived), query.job_active),
        active_is(company_tasks.c.active.is_(sa.true()), query.task_active),
    ).order_by(tasks.c.project_id, tasks.c.company_task_id)
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
    return Listed([(r.project_id, r.company_task_id) for r in rows], total)


async def company_task_ids(db: Database, access: Access, task_row_ids: list[str]) -> dict[str, str]:
    """{task row id: its company task id}, for the task rows time entries point at."""
    if not task_row_ids:
        return {}
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(tasks.c.id, tasks.c.company_task_id).where(
                tasks.c.workspace_id == access.workspace_id, tasks.c.id.in_(sorted(set(task_row_ids)))
            )
        )
        return {r.id: r.company_task_id for r in rows}


async def task_rows_of(db: Database, access: Access, company_task_ids: list[str]) -> list[str]:
    """Ids of the task rows (one per project) of the given company tasks; ["-"] (matches nothing)
    when there are none, so that a filter on them stays a filter."""
    wanted = _lower(company_task_ids)
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(tasks.c.id).where(tasks.c.workspace_id == access.workspace_id, tasks.c.company_task_id.in_(wanted))
        )
        return [r.id for r in rows] or ["-"]


# --- timesheets ----------------------------------------------------------------------------------


@dataclass(slots=True)
class TimesheetQuery:
    user_ids: list[str] | None = None
    statuses: list[str] | None = None
    first: Any = None  # sheets ending on or after this date
    last: Any = None  # sheets starting on or before this date
    division_ids: list[str] | None = None
    employment_type_ids: list[str] | None = None


async def find_timesheets(db: Database, access: Access, query: TimesheetQuery, window: Window, scope: Scope) -> Listed[Any]:
    """Stored timesheet rows, newest period first. ME: the caller's own; COMPANY (managers) and
    MANAGED: the people the caller manages (everyone, for admins)."""
    from timeledger.services.timesheets import STATUSES

    if any(status not in STATUSES for status in query.statuses or ()):
        raise Invalid(f"Status must be one of {', '.join(STATUSES)}", "Status")
    ws = access.workspace_id
    stmt = sa.select(timesheets).where(timesheets.c.workspace_id == ws)
    if scope == "ME":
        stmt = stmt.where(timesheets.c.user_id == access.user_id)
    else:
        access.require_manager()
        if not access.is_admin:
            stmt = stmt.where(timesheets.c.user_id.in_(sorted({access.user_id, *access.managed_users})))
    division_ids = _lower(query.division_ids)
    type_ids = _lower(query.employment_type_ids)
    stmt = _where(
        stmt,
        any_of(timesheets.c.user_id, _lower(query.user_ids)) if query.user_ids else None,
        any_of(timesheets.c.status, query.statuses),
        timesheets.c.end_date >= query.first if query.first is not None else None,
        timesheets.c.start_date <= query.last if query.last is not None else None,
        sa.exists().where(
            user_group_members.c.workspace_id == ws, user_group_members.c.user_id == timesheets.c.user_id,
            user_group_members.c.is_division.is_(sa.true()), user_group_members.c.group_id.in_(division_ids),
        ) if query.division_ids else None,
        sa.exists().where(
            memberships.c.workspace_id == ws, memberships.c.user_id == timesheets.c.user_id,
            memberships.c.employment_type_id.in_(type_ids),
        ) if query.employment_type_ids else None,
    ).order_by(timesheets.c.start_date.desc(), timesheets.c.user_id, timesheets.c.id)
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
    return Listed(list(rows), total)


# --- time off ------------------------------------------------------------------------------------


@dataclass(slots=True)
class TimeOffQuery:
    ids: list[str] | None = None
    user_ids: list[str] | None = None
    type_ids: list[str] | None = None
    dates: list[Any] | None = None
    first: Any = None
    last: Any = None


async def find_time_off(db: Database, access: Access, query: TimeOffQuery, window: Window, scope: Scope) -> Listed[Any]:
    """Leave rows, newest day first. ME: the caller's own; COMPANY: admins only."""
    ws = access.workspace_id
    stmt = sa.select(time_off).where(time_off.c.workspace_id == ws)
    if scope == "ME":
        stmt = stmt.where(time_off.c.user_id == access.user_id)
    else:
        access.require_admin()
    stmt = _where(
        stmt,
        any_of(time_off.c.id, _lower(query.ids)),
        any_of(time_off.c.user_id, _lower(query.user_ids)) if query.user_ids else None,
        any_of(time_off.c.type_id, _lower(query.type_ids)) if query.type_ids else None,
        any_of(time_off.c.date, query.dates),
        time_off.c.date >= query.first if query.first is not None else None,
        time_off.c.date <= query.last if query.last is not None else None,
    ).order_by(time_off.c.date.desc(), time_off.c.id.desc())
    async with db.read() as conn:
        rows, total = await fetch_window(conn, stmt, window)
    return Listed(list(rows), total)


def _lower(ids: list[str] | None) -> list[str]:
    """Ids compare in lower case (they are hex); anything else simply matches nothing."""
    return [i.strip().lower() for i in ids or () if i and i.strip()]
