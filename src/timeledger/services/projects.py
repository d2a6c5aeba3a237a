"""Projects: what time is tracked for, with members, rates, estimates and tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core import periods
from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import (
    clients,
    member_roles,
    memberships,
    project_groups,
    project_members,
    projects,
    tasks,
    time_entries,
    user_group_members,
)
from timeledger.services import events, rates
from timeledger.services import tasks as task_service
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound
from timeledger.services.users import Membership, require_member

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
PALETTE = ("#F44336", "#E91E63", "#9C27B0", "#673AB7", "#3F51B5", "#2196F3", "#03A9F4", "#009688",
           "#4CAF50", "#8BC34A", "#CDDC39", "#FFC107", "#FF9800", "#FF5722", "#795548", "#607D8B")
ESTIMATE_TYPES = ("AUTO", "MANUAL")
RESET_OPTIONS = (None, "WEEKLY", "MONTHLY", "YEARLY")


@dataclass(slots=True)
class RateChange:
    amount: int
    since: datetime | None = None


@dataclass(slots=True)
class MemberInput:
    user_id: str | None
    hourly_rate: RateChange | None = None
    cost_rate: RateChange | None = None


@dataclass(slots=True)
class ProjectInput:
    """Fields of a project write. On update only the fields named in `present` change."""

    name: str | None = None
    client_id: str | None = None
    color: str | None = None
    note: str | None = None
    billable: bool | None = None
    is_public: bool | None = None
    archived: bool | None = None
    hourly_rate: RateChange | None = None
    cost_rate: RateChange | None = None
    estimate_s: int | None = None
    estimate_type: str | None = None
    members: list[MemberInput] = field(default_factory=list)
    tasks: list[task_service.TaskInput] = field(default_factory=list)
    present: frozenset[str] = frozenset()


@dataclass(slots=True)
class Project:
    id: str
    workspace_id: str
    name: str
    client_id: str | None
    client_name: str
    color: str
    note: str
    billable: bool
    is_public: bool
    archived: bool
    is_template: bool
    time_estimate: dict[str, Any]
    budget_estimate: dict[str, Any] | None
    estimate_reset: dict[str, Any] | None
    hourly_rate: int | None = None
    cost_rate: int | None = None
    duration_s: int = 0
    memberships: list[Membership] = field(default_factory=list)
    user_group_ids: list[str] = field(default_factory=list)
    tasks: list[task_service.Task] | None = None


@dataclass(slots=True)
class ProjectFilter:
    name: str | None = None
    strict_name: bool = False
    archived: bool | None = None
    billable: bool | None = None
    client_ids: list[str] | None = None
    contains_client: bool = True
    client_status: str | None = None
    user_ids: list[str] | None = None
    contains_user: bool = True
    user_status: str | None = None
    is_template: bool | None = None
    access: str | None = None  # PUBLIC | PRIVATE
    group_ids: list[str] | None = None
    contains_group: bool = True
    sort_column: str = "NAME"
    sort_order: str = "ASCENDING"
    hydrated: bool = False


def default_time_estimate() -> dict[str, Any]:
    return {"estimate": 0, "type": "AUTO", "resetOption": None, "active": False, "includeNonBillable": True}


# --- visibility --------------------------------------------------------------------------------


def open_to(ws: str, user_ids: list[str]) -> sa.ColumnElement[bool]:
    """Projects any of the users may log to: public ones, and those they join directly or by group."""

    def one_of(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
        return column == user_ids[0] if len(user_ids) == 1 else column.in_(user_ids)

    direct = sa.exists().where(
        project_members.c.workspace_id == ws,
        project_members.c.project_id == projects.c.id,
        one_of(project_members.c.user_id),
        project_members.c.status == "ACTIVE",
    )
    via_group = sa.exists().where(
        project_groups.c.workspace_id == ws,
        project_groups.c.project_id == projects.c.id,
        project_groups.c.group_id.in_(
            sa.select(user_group_members.c.group_id).where(
                user_group_members.c.workspace_id == ws, one_of(user_group_members.c.user_id)
            )
        ),
    )
    return sa.or_(projects.c.is_public.is_(sa.true()), direct, via_group)


def visibility_condition(access: Access) -> sa.ColumnElement[bool] | None:
    """Which projects `access` may see and track on: public ones, its own, its groups', its managed."""
    if access.is_admin:
        return None
    condition = open_to(access.workspace_id, [access.user_id])
    if access.managed_projects:
        condition = sa.or_(condition, projects.c.id.in_(list(access.managed_projects)))
    return condition


async def visible_project(conn: AsyncConnection, access: Access, project_id: str | None) -> Any:
    """The project row if it exists here and `access` may see it; otherwise NotFound('Project')."""
    project_id = require_id(project_id, "Project")
    stmt = sa.select(projects).where(projects.c.workspace_id == access.workspace_id, projects.c.id == project_id)
    condition = visibility_condition(access)
    if condition is not None:
        stmt = stmt.where(condition)
    row = (await conn.execute(stmt)).first()
    if row is None:
        raise NotFound("Project", project_id)
    return row


def can_create_projects(access: Access) -> bool:
    settings = access.workspace.settings
    who = settings["entityCreationPermissions"].get("whoCanCreateProjectsAndClients", "ADMINS")
    if access.is_admin or who == "EVERYONE":
        return True
    return who == "ADMINS_AND_PROJECT_MANAGERS" and access.role == "PROJECT_MANAGER"


# --- reading -----------------------------------------------------------------------------------


def _duration_subquery(ws: str) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.coalesce(sa.func.sum(time_entries.c.duration_s), 0))
        .where(time_entries.c.workspace_id == ws, time_entries.c.project_id == projects.c.id)
        .scalar_subquery()
    )


async def hydrate(conn: AsyncConnection, access: Access, rows: list[Any], *, with_tasks: bool = False) -> list[Project]:
    ws = access.workspace_id
    result = [
        Project(
            id=r.id, workspace_id=r.workspace_id, name=r.name, client_id=r.client_id, client_name="",
            color=r.color, note=r.note, billable=r.billable, is_public=r.is_public, archived=r.archived,
            is_template=r.is_template, time_estimate={**default_time_estimate(), **(r.time_estimate or {})},
            budget_estimate=r.budget_estimate, estimate_reset=r.estimate_reset,
        )
        for r in rows
    ]
    if not result:
        return result
    by_id = {p.id: p for p in result}
    ids = list(by_id)
    client_ids = list({p.client_id for p in result if p.client_id})
    if client_ids:
        names = {
            r.id: r.name
            for r in await conn.execute(
                sa.select(clients.c.id, clients.c.name).where(clients.c.workspace_id == ws, clients.c.id.in_(client_ids))
            )
        }
        for project in result:
            project.client_name = names.get(project.client_id, "") if project.client_id else ""
    project_rates = await rates.current(conn, ws, "PROJECT", key="project_id", ids=ids)
    pm_rates = await _project_member_rates(conn, ws, ids)
    for project in result:
        project.hourly_rate = project_rates.get(("HOURLY", project.id))
        project.cost_rate = project_rates.get(("COST", project.id))
    for row in await conn.execute(
        sa.select(project_members)
        .where(project_members.c.workspace_id == ws, project_members.c.project_id.in_(ids))
        .order_by(project_members.c.user_id)
    ):
        hourly = pm_rates.get(("HOURLY", row.project_id, row.user_id))
        cost = pm_rates.get(("COST", row.project_id, row.user_id))
        by_id[row.project_id].memberships.append(
            Membership(row.user_id, row.project_id, "PROJECT", row.status, hourly, cost)
        )
    for row in await conn.execute(
        sa.select(project_groups).where(project_groups.c.workspace_id == ws, project_groups.c.project_id.in_(ids))
    ):
        by_id[row.project_id].user_group_ids.append(row.group_id)
    for row in await conn.execute(
        sa.select(time_entries.c.project_id, sa.func.sum(time_entries.c.duration_s).label("total"))
        .where(time_entries.c.workspace_id == ws, time_entries.c.project_id.in_(ids))
        .group_by(time_entries.c.project_id)
    ):
        by_id[row.project_id].duration_s = int(row.total or 0)
    if with_tasks:
        task_rows = (
            await conn.execute(
                sa.select(tasks).where(tasks.c.workspace_id == ws, tasks.c.project_id.in_(ids)).order_by(tasks.c.name, tasks.c.id)
            )
        ).all()
        for project in result:
            project.tasks = []
        for task in await task_service.hydrate(conn, ws, task_rows):
            by_id[task.project_id].tasks.append(task)
    return result


async def _project_member_rates(conn: AsyncConnection, ws: str, project_ids: list[str]) -> dict[tuple[str, str, str], int]:
    from timeledger.core import rates as rate_rules
    from timeledger.db.tables import rates as rates_table

    rows = await conn.execute(
        sa.select(rates_table).where(
            rates_table.c.workspace_id == ws,
            rates_table.c.scope == "PROJECT_MEMBER",
            rates_table.c.project_id.in_(project_ids),
        )
    )
    grouped: dict[tuple[str, str, str], list[rate_rules.RateRow]] = {}
    for row in rows:
        grouped.setdefault((row.rate_type, row.project_id, row.user_id), []).append(
            rate_rules.RateRow("PROJECT_MEMBER", row.amount, row.since)
        )
    now = datetime.now(UTC)
    result = {}
    for key, history in grouped.items():
        amount = rate_rules.in_force(history, now).get("PROJECT_MEMBER")
        if amount is not None:
            result[key] = amount
    return result


SORTS = ("ID", "NAME", "CLIENT_NAME", "DURATION", "BUDGET", "PROGRESS")


async def list_projects(db: Database, access: Access, flt: ProjectFilter, page: PageRequest) -> tuple[list[Project], bool]:
    if flt.sort_column not in SORTS:
        raise Invalid(f"sort-column must be one of {', '.join(SORTS)}", "sort-column")
    ws = access.workspace_id
    stmt = sa.select(projects).where(projects.c.workspace_id == ws)
    visible = visibility_condition(access)
    if visible is not None:
        stmt = stmt.where(visible)
    condition = name_filter(projects.c.name, flt.name, flt.strict_name)
    if condition is not None:
        stmt = stmt.where(condition)
    if flt.archived is not None:
        stmt = stmt.where(projects.c.archived == flt.archived)
    if flt.billable is not None:
        stmt = stmt.where(projects.c.billable == flt.billable)
    if flt.is_template is not None:
        stmt = stmt.where(projects.c.is_template == flt.is_template)
    if flt.access == "PUBLIC":
        stmt = stmt.where(projects.c.is_public.is_(sa.true()))
    elif flt.access == "PRIVATE":
        stmt = stmt.where(projects.c.is_public.is_(sa.false()))
    elif flt.access is not None:
        raise Invalid("access must be PUBLIC or PRIVATE", "access")
    if flt.client_ids:
        in_clients = projects.c.client_id.in_(flt.client_ids)
        stmt = stmt.where(in_clients if flt.contains_client else sa.or_(~in_clients, projects.c.client_id.is_(None)))
    if flt.client_status in ("ACTIVE", "ARCHIVED"):
        client_archived = sa.select(clients.c.archived).where(
            clients.c.workspace_id == ws, clients.c.id == projects.c.client_id
        ).scalar_subquery()
        stmt = stmt.where(client_archived == (flt.client_status == "ARCHIVED"))
    elif flt.client_status not in (None, "ALL"):
        raise Invalid("client-status must be ACTIVE, ARCHIVED or ALL", "client-status")
    if flt.user_ids:
        member_cond = [
            project_members.c.workspace_id == ws,
            project_members.c.project_id == projects.c.id,
            project_members.c.user_id.in_(flt.user_ids),
        ]
        if flt.user_status and flt.user_status != "ALL":
            member_cond.append(
                sa.exists().where(
                    memberships.c.workspace_id == ws,
                    memberships.c.user_id == project_members.c.user_id,
                    memberships.c.status == flt.user_status,
                )
            )
        has_members = sa.exists().where(*member_cond)
        stmt = stmt.where(has_members if flt.contains_user else ~has_members)
    if flt.group_ids:
        has_groups = sa.exists().where(
            project_groups.c.workspace_id == ws,
            project_groups.c.project_id == projects.c.id,
            project_groups.c.group_id.in_(flt.group_ids),
        )
        stmt = stmt.where(has_groups if flt.contains_group else ~has_groups)
    stmt = stmt.order_by(*_order(flt, ws))
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
        return await hydrate(conn, access, rows, with_tasks=flt.hydrated), last


def _order(flt: ProjectFilter, ws: str) -> list[Any]:
    column: Any
    if flt.sort_column == "NAME":
        column = sa.func.lower(projects.c.name)
    elif flt.sort_column == "ID":
        column = projects.c.id
    elif flt.sort_column == "CLIENT_NAME":
        # Projects without a client sort as an empty name, the same on every database.
        column = sa.func.coalesce(
            sa.func.lower(
                sa.select(clients.c.name)
                .where(clients.c.workspace_id == ws, clients.c.id == projects.c.client_id)
                .scalar_subquery()
            ),
            "",
        )
    elif flt.sort_column == "DURATION":
        column = _duration_subquery(ws)
    elif flt.sort_column == "BUDGET":
        column = sa.func.coalesce(projects.c.budget_estimate["estimate"].as_integer(), 0)
    else:  # PROGRESS: tracked time as a share of the time estimate
        estimate = projects.c.time_estimate["estimate"].as_integer()
        column = sa.func.coalesce(_duration_subquery(ws) * 1.0 / sa.func.nullif(estimate, 0), 0)
    descending = flt.sort_order == "DESCENDING"
    return [column.desc() if descending else column.asc(), projects.c.id.desc() if descending else projects.c.id.asc()]


async def get_project(db: Database, access: Access, project_id: str, *, hydrated: bool = False) -> Project:
    async with db.read() as conn:
        row = await visible_project(conn, access, project_id)
        return (await hydrate(conn, access, [row], with_tasks=hydrated))[0]


# --- writing -----------------------------------------------------------------------------------


async def _check_client(conn: AsyncConnection, ws: str, client_id: str | None) -> str | None:
    if not client_id:
        return None
    from timeledger.services.clients import get_row

    return (await get_row(conn, ws, client_id)).id


def _check_common(data: ProjectInput, *, creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if creating or "name" in data.present:
        values["name"] = clean_name(data.name, min_len=2, max_len=250)
    if data.color is not None and (creating or "color" in data.present):
        if not COLOR.match(data.color):
            raise Invalid("color must be a hex color such as #03A9F4", "color")
        values["color"] = data.color.upper()
    if data.note is not None and (creating or "note" in data.present):
        if len(data.note) > 16384:
            raise Invalid("Field 'note' must be at most 16384 characters long", "note")
        values["note"] = data.note
    for name in ("billable", "is_public", "archived"):
        if getattr(data, name) is not None and (creating or name in data.present):
            values[name] = bool(getattr(data, name))
    if data.estimate_type is not None and data.estimate_type not in ESTIMATE_TYPES:
        raise Invalid("estimate type must be AUTO or MANUAL", "estimate.type")
    if data.estimate_s is not None and data.estimate_s < 0:
        raise Invalid("estimate must not be negative", "estimate")
    return values


async def _unique_project_name(conn: AsyncConnection, ws: str, name: str, client_id: str | None, exclude: str | None) -> None:
    stmt = sa.select(projects.c.id).where(
        projects.c.workspace_id == ws,
        sa.func.lower(projects.c.name) == name.lower(),
        sa.func.coalesce(projects.c.client_id, "") == (client_id or ""),
    )
    if exclude:
        stmt = stmt.where(projects.c.id != exclude)
    if (await conn.execute(stmt.limit(1))).first() is not None:
        raise Conflict(f"Project with name '{name}' already exists", "name")


async def _add_project_member(conn: AsyncConnection, ws: str, project_id: str, user_id: str) -> None:
    present = await conn.execute(
        sa.select(project_members.c.user_id).where(
            project_members.c.workspace_id == ws, project_members.c.project_id == project_id, project_members.c.user_id == user_id
        )
    )
    if present.first() is None:
        await conn.execute(project_members.insert().values(workspace_id=ws, project_id=project_id, user_id=user_id, status="ACTIVE"))


async def _set_member_rates(conn: AsyncConnection, access: Access, project_id: str, member: MemberInput, user_id: str) -> None:
    for rate_type, change in ((rates.HOURLY, member.hourly_rate), (rates.COST, member.cost_rate)):
        if change is not None:
            await rates.set_rate(conn, access.workspace_id, access.user_id, rate_type, "PROJECT_MEMBER", change.amount,
                                 change.since, user_id=user_id, project_id=project_id)


def check_new_project(access: Access, data: ProjectInput) -> dict[str, Any]:
    """The checks of a new project that need no database (call before the transaction)."""
    if not can_create_projects(access):
        raise Forbidden()
    return _check_common(data, creating=True)


async def create_project(db: Database, access: Access, data: ProjectInput) -> Project:
    values = check_new_project(access, data)
    async with db.write() as conn:
        row = await insert_project(conn, access, data, values)
        return (await hydrate(conn, access, [row]))[0]


async def insert_project(conn: AsyncConnection, access: Access, data: ProjectInput, values: dict[str, Any]) -> Any:
    """Write a new project (inside an open transaction; `values` from check_new_project) and
    return its row. Archived from the start when `data.archived` says so."""
    ws = access.workspace_id
    settings = access.workspace.settings
    project_id = new_id()
    client_id = await _check_client(conn, ws, data.client_id)
    await _unique_project_name(conn, ws, values["name"], client_id, None)
    estimate = default_time_estimate()
    if data.estimate_s is not None:
        estimate.update(estimate=data.estimate_s, type=data.estimate_type or "AUTO", active=data.estimate_s > 0)
    await conn.execute(
        projects.insert().values(
            workspace_id=ws,
            id=project_id,
            name=values["name"],
            client_id=client_id,
            color=values.get("color") or PALETTE[int(project_id[-6:], 16) % len(PALETTE)],
            note=values.get("note", ""),
            billable=values.get("billable", settings["defaultBillableProjects"]),
            is_public=values.get("is_public", settings["isProjectPublicByDefault"]),
            archived=values.get("archived", False),
            is_template=False,
            time_estimate=estimate,
            budget_estimate=None,
            estimate_reset=None,
            created_at=datetime.now(UTC),
        )
    )
    # The creator joins the project; a non-admin creator also becomes its project manager.
    await _add_project_member(conn, ws, project_id, access.user_id)
    if not access.is_admin:
        await conn.execute(
            member_roles.insert().values(workspace_id=ws, user_id=access.user_id, role="PROJECT_MANAGER",
                                         entity_id=project_id, source_type=None, created_at=datetime.now(UTC))
        )
        access.managed_projects = access.managed_projects | {project_id}
    for member in data.members:
        row = await require_member(conn, ws, member.user_id)
        await _add_project_member(conn, ws, project_id, row.user_id)
        await _set_member_rates(conn, access, project_id, member, row.user_id)
    for rate_type, change in ((rates.HOURLY, data.hourly_rate), (rates.COST, data.cost_rate)):
        if change is not None:
            await rates.set_rate(conn, ws, access.user_id, rate_type, "PROJECT", change.amount, change.since, project_id=project_id)
    row = (await conn.execute(sa.select(projects).where(projects.c.workspace_id == ws, projects.c.id == project_id))).one()
    for task in data.tasks:
        await task_service.insert_task(conn, access, row, task)
    await events.record(conn, ws, "NEW_PROJECT", "PROJECT", project_id, access.user_id, {"name": values["name"]})
    return (await hydrate(conn, access, [row]))[0]


async def _managed_project(conn: AsyncConnection, access: Access, project_id: str) -> Any:
    row = await visible_project(conn, access, project_id)
    if not access.can_manage_project(row.id):
        raise Forbidden()
    return row


async def update_project(db: Database, access: Access, project_id: str, data: ProjectInput) -> Project:
    """Changes the fields the request names; rates are kept when omitted, as on Clockify."""
    values = check_project_change(data)
    async with db.write() as conn:
        row = await change_project(conn, access, project_id, data, values)
        return (await hydrate(conn, access, [row]))[0]


def check_project_change(data: ProjectInput) -> dict[str, Any]:
    """The checks of a project change that need no database (call before the transaction)."""
    return _check_common(data, creating=False)


async def change_project(conn: AsyncConnection, access: Access, project_id: str, data: ProjectInput, values: dict[str, Any]) -> Any:
    """Apply a project change (inside an open transaction; `values` from check_project_change)
    and return the project's row as it is now."""
    ws = access.workspace_id
    row = await _managed_project(conn, access, project_id)
    if "client_id" in data.present:
        values["client_id"] = await _check_client(conn, ws, data.client_id)
    name = values.get("name", row.name)
    client_id = values.get("client_id", row.client_id)
    if name.lower() != row.name.lower() or client_id != row.client_id:
        await _unique_project_name(conn, ws, name, client_id, row.id)
    if values:
        await conn.execute(projects.update().where(projects.c.workspace_id == ws, projects.c.id == row.id).values(**values))
    for rate_type, change in ((rates.HOURLY, data.hourly_rate), (rates.COST, data.cost_rate)):
        if change is not None:
            await rates.set_rate(conn, ws, access.user_id, rate_type, "PROJECT", change.amount, change.since, project_id=row.id)
    await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", row.id, access.user_id, {"fields": sorted(values)})
    return await visible_project(conn, access, row.id)


async def delete_project(db: Database, access: Access, project_id: str) -> Project:
    """Only archived projects can be deleted. Their time entries are kept, without project and task,
    so no tracked time is ever lost with a project."""
    ws = access.workspace_id
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        if not row.archived:
            raise Conflict("Cannot delete an active project")
        project = (await hydrate(conn, access, [row]))[0]
        await conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == ws, time_entries.c.project_id == row.id)
            .values(project_id=None, task_id=None)
        )
        from timeledger.db.tables import custom_field_project_defaults, rates as rates_table

        task_ids = sa.select(tasks.c.id).where(tasks.c.workspace_id == ws, tasks.c.project_id == row.id)
        await conn.execute(
            rates_table.delete().where(
                rates_table.c.workspace_id == ws,
                sa.or_(rates_table.c.project_id == row.id, rates_table.c.task_id.in_(task_ids)),
            )
        )
        await conn.execute(
            member_roles.delete().where(
                member_roles.c.workspace_id == ws, member_roles.c.role == "PROJECT_MANAGER", member_roles.c.entity_id == row.id
            )
        )
        await conn.execute(
            custom_field_project_defaults.delete().where(
                custom_field_project_defaults.c.workspace_id == ws, custom_field_project_defaults.c.project_id == row.id
            )
        )
        await conn.execute(projects.delete().where(projects.c.workspace_id == ws, projects.c.id == row.id))
        await events.record(conn, ws, "PROJECT_DELETED", "PROJECT", row.id, access.user_id, {"name": row.name})
    return project


@dataclass(slots=True)
class EstimateChange:
    time_estimate: dict[str, Any] | None = None
    budget_estimate: dict[str, Any] | None = None
    estimate_reset: dict[str, Any] | None = None
    present: frozenset[str] = frozenset()


async def update_estimate(db: Database, access: Access, project_id: str, change: EstimateChange) -> Project:
    ws = access.workspace_id
    values: dict[str, Any] = {}
    if change.time_estimate is not None:
        te = change.time_estimate
        if te.get("type") not in (None, *ESTIMATE_TYPES):
            raise Invalid("timeEstimate.type must be AUTO or MANUAL", "timeEstimate.type")
        if te.get("resetOption") not in RESET_OPTIONS:
            raise Invalid("timeEstimate.resetOption must be WEEKLY, MONTHLY or YEARLY", "timeEstimate.resetOption")
        if (te.get("estimate") or 0) < 0:
            raise Invalid("timeEstimate.estimate must not be negative", "timeEstimate.estimate")
    if change.budget_estimate is not None:
        be = change.budget_estimate
        if be.get("type") not in (None, *ESTIMATE_TYPES):
            raise Invalid("budgetEstimate.type must be AUTO or MANUAL", "budgetEstimate.type")
        if be.get("resetOption") not in RESET_OPTIONS:
            raise Invalid("budgetEstimate.resetOption must be WEEKLY, MONTHLY or YEARLY", "budgetEstimate.resetOption")
        if (be.get("estimate") or 0) < 0:
            raise Invalid("budgetEstimate.estimate must not be negative", "budgetEstimate.estimate")
    if change.estimate_reset is not None:
        er = change.estimate_reset
        if er.get("dayOfMonth") is not None and not 1 <= er["dayOfMonth"] <= 31:
            raise Invalid("estimateReset.dayOfMonth must be between 1 and 31", "estimateReset.dayOfMonth")
        if er.get("hour") is not None and not 0 <= er["hour"] <= 23:
            raise Invalid("estimateReset.hour must be between 0 and 23", "estimateReset.hour")
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        if change.time_estimate is not None:
            values["time_estimate"] = {**default_time_estimate(), **(row.time_estimate or {}), **change.time_estimate}
        if change.budget_estimate is not None:
            base = row.budget_estimate or {"estimate": 0, "type": "AUTO", "resetOption": None, "active": False,
                                           "includeExpenses": False}
            values["budget_estimate"] = {**base, **change.budget_estimate}
        if change.estimate_reset is not None:
            values["estimate_reset"] = {**(row.estimate_reset or {}), **change.estimate_reset}
        if values:
            await conn.execute(projects.update().where(projects.c.workspace_id == ws, projects.c.id == row.id).values(**values))
        await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", row.id, access.user_id, {"fields": sorted(values)})
        row = await visible_project(conn, access, row.id)
        return (await hydrate(conn, access, [row]))[0]


async def replace_memberships(
    db: Database, access: Access, project_id: str, members: list[MemberInput], group_ids: list[str] | None
) -> Project:
    """PATCH memberships: the list given becomes the project's whole member list, with rates."""
    from timeledger.services import user_groups

    ws = access.workspace_id
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        user_ids = []
        for member in members:
            user_ids.append((await require_member(conn, ws, member.user_id)).user_id)
        await conn.execute(project_members.delete().where(project_members.c.workspace_id == ws, project_members.c.project_id == row.id))
        for member, user_id in zip(members, user_ids, strict=True):
            await _add_project_member(conn, ws, row.id, user_id)
            await _set_member_rates(conn, access, row.id, member, user_id)
        if group_ids is not None:
            groups = await user_groups.existing_ids(conn, ws, group_ids)
            await conn.execute(project_groups.delete().where(project_groups.c.workspace_id == ws, project_groups.c.project_id == row.id))
            for group_id in groups:
                await conn.execute(project_groups.insert().values(workspace_id=ws, project_id=row.id, group_id=group_id))
        await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", row.id, access.user_id, {"fields": ["memberships"]})
        row = await visible_project(conn, access, row.id)
        return (await hydrate(conn, access, [row]))[0]


async def add_or_remove_members(
    db: Database, access: Access, project_id: str, user_ids: list[str], group_ids: list[str], remove: bool
) -> Project:
    from timeledger.services import user_groups

    ws = access.workspace_id
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        ids = [(await require_member(conn, ws, uid)).user_id for uid in user_ids]
        groups = await user_groups.existing_ids(conn, ws, group_ids)
        for user_id in ids:
            if remove:
                await conn.execute(
                    project_members.delete().where(
                        project_members.c.workspace_id == ws, project_members.c.project_id == row.id,
                        project_members.c.user_id == user_id,
                    )
                )
            else:
                await _add_project_member(conn, ws, row.id, user_id)
        for group_id in groups:
            await conn.execute(
                project_groups.delete().where(
                    project_groups.c.workspace_id == ws, project_groups.c.project_id == row.id, project_groups.c.group_id == group_id
                )
            )
            if not remove:
                await conn.execute(project_groups.insert().values(workspace_id=ws, project_id=row.id, group_id=group_id))
        await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", row.id, access.user_id, {"fields": ["memberships"]})
        row = await visible_project(conn, access, row.id)
        return (await hydrate(conn, access, [row]))[0]


async def set_template(db: Database, access: Access, project_id: str, is_template: bool) -> Project:
    ws = access.workspace_id
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        await conn.execute(projects.update().where(projects.c.workspace_id == ws, projects.c.id == row.id).values(is_template=is_template))
        await events.record(conn, ws, "PROJECT_UPDATED", "PROJECT", row.id, access.user_id, {"fields": ["is_template"]})
        row = await visible_project(conn, access, row.id)
        return (await hydrate(conn, access, [row]))[0]


async def set_member_rate(
    db: Database, access: Access, project_id: str, user_id: str, rate_type: str, amount: int, since: datetime | None
) -> Project:
    ws = access.workspace_id
    async with db.write() as conn:
        row = await _managed_project(conn, access, project_id)
        if not access.is_admin:
            raise Forbidden()
        member = await require_member(conn, ws, user_id)
        await _add_project_member(conn, ws, row.id, member.user_id)
        await rates.set_rate(conn, ws, access.user_id, rate_type, "PROJECT_MEMBER", amount, since,
                             user_id=member.user_id, project_id=row.id)
        row = await visible_project(conn, access, row.id)
        return (await hydrate(conn, access, [row]))[0]


async def create_from_template(
    db: Database, access: Access, template_id: str, name: str | None, client_id: str | None, color: str | None,
    is_public: bool | None,
) -> Project:
    """A new project with the template's settings, members, rates and tasks."""
    if not can_create_projects(access):
        raise Forbidden()
    async with db.read() as conn:
        template = await visible_project(conn, access, template_id)
        if not template.is_template:
            raise Invalid("The given project is not a template", "templateProjectId")
        source = (await hydrate(conn, access, [template], with_tasks=True))[0]
    data = ProjectInput(
        name=name,
        client_id=client_id if client_id is not None else source.client_id,
        color=color or source.color,
        note=source.note,
        billable=source.billable,
        is_public=source.is_public if is_public is None else is_public,
        hourly_rate=RateChange(source.hourly_rate) if source.hourly_rate is not None else None,
        cost_rate=RateChange(source.cost_rate) if source.cost_rate is not None else None,
        estimate_s=source.time_estimate.get("estimate") or None,
        estimate_type=source.time_estimate.get("type"),
        members=[
            MemberInput(m.user_id,
                        RateChange(m.hourly_rate) if m.hourly_rate is not None else None,
                        RateChange(m.cost_rate) if m.cost_rate is not None else None)
            for m in source.memberships
        ],
        tasks=[
            task_service.TaskInput(t.name, list(t.assignee_ids), list(t.user_group_ids), t.estimate_s, t.status, t.billable,
                                   t.budget_estimate)
            for t in source.tasks or []
        ],
    )
    return await create_project(db, access, data)


# --- progress against estimates (for the web app's progress bars) ------------------------------


@dataclass(slots=True)
class Progress:
    """Where a project or a task stands against its estimate: `kind` TIME (seconds) or BUDGET
    (minor units of the workspace currency), or "" when it has none; `used` counts from `since`
    (the start of the current reset period) or from the beginning."""

    kind: str = ""
    estimate: int = 0
    used: int = 0
    since: date | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.used / self.estimate) if self.estimate > 0 else 0

    @property
    def over(self) -> bool:
        return self.estimate > 0 and self.used > self.estimate


def _period_start(reset: str | None, today: date, week_start: str) -> date | None:
    """The first day of the current reset period (None: the estimate never resets)."""
    if reset == "MONTHLY":
        return today.replace(day=1)
    if reset == "YEARLY":
        return today.replace(month=1, day=1)
    if reset == "WEEKLY":
        return periods.week_start_of(today, week_start)
    return None


def _estimate_kind(project: Project) -> tuple[str, dict[str, Any]]:
    budget = project.budget_estimate or {}
    if budget.get("active"):
        return "BUDGET", budget
    if project.time_estimate.get("active"):
        return "TIME", project.time_estimate
    return "", {}


async def estimate_progress(
    db: Database, access: Access, items: list[Project], *, with_tasks: bool = False
) -> tuple[dict[str, Progress], dict[str, Progress]]:
    """Progress of each project (already read through `access`, so visible to it) against its
    active estimate, and with `with_tasks` of each of their tasks against the task's own estimate
    of the same kind, both counted over the project's current reset period. A time estimate of
    type AUTO is the sum of the task estimates (Clockify's "task based"), falling back to the
    project's own figure when no task has one; a budget likewise. Time counts only billable
    entries when the estimate excludes non-billable time; money is the billable amount earned."""
    ws = access.workspace_id
    result: dict[str, Progress] = {}
    tasks_result: dict[str, Progress] = {}
    if not items:
        return result, tasks_result
    today = datetime.now(ZoneInfo(access.principal.time_zone)).date()
    ids = [p.id for p in items]
    async with db.read() as conn:
        task_sums = {
            r.project_id: (int(r.seconds or 0), int(r.money or 0))
            for r in await conn.execute(
                sa.select(tasks.c.project_id, sa.func.sum(tasks.c.estimate_s).label("seconds"),
                          sa.func.sum(tasks.c.budget_estimate).label("money"))
                .where(tasks.c.workspace_id == ws, tasks.c.project_id.in_(ids))
                .group_by(tasks.c.project_id)
            )
        }
        by_since: dict[date | None, list[str]] = {}
        for project in items:
            kind, estimate = _estimate_kind(project)
            since = _period_start(estimate.get("resetOption"), today, access.week_start) if kind else None
            own = int(estimate.get("estimate") or 0)
            from_tasks = task_sums.get(project.id, (0, 0))[0 if kind == "TIME" else 1]
            figure = from_tasks if estimate.get("type") == "AUTO" and from_tasks > 0 else own
            result[project.id] = Progress(kind, figure, 0, since)
            by_since.setdefault(since, []).append(project.id)
        e = time_entries
        seconds = sa.func.coalesce(e.c.duration_s, 0)
        earned = sa.case((e.c.billable.is_(sa.true()), (seconds * sa.func.coalesce(e.c.hourly_rate, 0) + 1800) // 3600), else_=0)
        billable_s = sa.case((e.c.billable.is_(sa.true()), seconds), else_=0)
        columns = [sa.func.sum(seconds).label("seconds"), sa.func.sum(billable_s).label("billable"),
                   sa.func.sum(earned).label("earned")]
        for since, project_ids in by_since.items():
            where = [e.c.workspace_id == ws, e.c.project_id.in_(project_ids), e.c.end_at.is_not(None)]
            if since is not None:
                where.append(e.c.local_date >= since)
            for row in await conn.execute(sa.select(e.c.project_id, *columns).where(*where).group_by(e.c.project_id)):
                progress = result[row.project_id]
                progress.used = _used(progress.kind, items, row)
            if not with_tasks:
                continue
            task_rows = await conn.execute(
                sa.select(tasks.c.id, tasks.c.project_id, tasks.c.estimate_s, tasks.c.budget_estimate)
                .where(tasks.c.workspace_id == ws, tasks.c.project_id.in_(project_ids))
            )
            for task in task_rows:
                kind = result[task.project_id].kind or "TIME"
                estimate = task.budget_estimate if kind == "BUDGET" else task.estimate_s
                tasks_result[task.id] = Progress(kind, int(estimate or 0), 0, since)
            for row in await conn.execute(
                sa.select(e.c.task_id, e.c.project_id, *columns)
                .where(*where, e.c.task_id.is_not(None))
                .group_by(e.c.task_id, e.c.project_id)
            ):
                if row.task_id in tasks_result:
                    progress = tasks_result[row.task_id]
                    progress.used = _used(progress.kind, items, row)
    return result, tasks_result


def _used(kind: str, items: list[Project], row: Any) -> int:
    if kind == "BUDGET":
        return int(row.earned or 0)
    project = next(p for p in items if p.id == row.project_id)
    include_non_billable = project.time_estimate.get("includeNonBillable", True)
    return int((row.seconds if include_non_billable else row.billable) or 0)
