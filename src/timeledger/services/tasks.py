"""Tasks: the pieces of a project that time is tracked against.

Each task row allows one company task (services.company_tasks) on one project and carries its
name; creating or renaming a task through here finds or creates the company task by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.engine import Database
from timeledger.db.tables import company_tasks as company_tasks_table
from timeledger.db.tables import task_assignees, task_groups, tasks, time_entries
from timeledger.services import company_tasks, events, rates
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound
from timeledger.services.users import require_member

STATUSES = ("ACTIVE", "DONE")


@dataclass(slots=True)
class Task:
    id: str
    workspace_id: str
    project_id: str
    name: str
    status: str
    estimate_s: int
    billable: bool
    budget_estimate: int
    assignee_ids: list[str] = field(default_factory=list)
    user_group_ids: list[str] = field(default_factory=list)
    hourly_rate: int | None = None
    cost_rate: int | None = None
    duration_s: int = 0
    company_task_id: str | None = None


@dataclass(slots=True)
class TaskInput:
    name: str | None
    assignee_ids: list[str] = field(default_factory=list)
    user_group_ids: list[str] = field(default_factory=list)
    estimate_s: int | None = None
    status: str | None = None
    billable: bool | None = None
    budget_estimate: int | None = None


async def get_row(conn: AsyncConnection, workspace_id: str, project_id: str, task_id: str | None) -> Any:
    task_id = require_id(task_id, "Task")
    row = (
        await conn.execute(
            sa.select(tasks).where(
                tasks.c.workspace_id == workspace_id, tasks.c.project_id == project_id, tasks.c.id == task_id
            )
        )
    ).first()
    if row is None:
        raise NotFound("Task", task_id)
    return row


async def hydrate(conn: AsyncConnection, workspace_id: str, rows: list[Any]) -> list[Task]:
    """Tasks with their assignees, groups, current rates and tracked time, in four queries."""
    result = [
        Task(r.id, r.workspace_id, r.project_id, r.name, r.status, r.estimate_s, r.billable, r.budget_estimate,
             company_task_id=r.company_task_id)
        for r in rows
    ]
    if not result:
        return result
    by_id = {t.id: t for t in result}
    ids = list(by_id)
    for row in await conn.execute(
        sa.select(task_assignees.c.task_id, task_assignees.c.user_id)
        .where(task_assignees.c.workspace_id == workspace_id, task_assignees.c.task_id.in_(ids))
        .order_by(task_assignees.c.user_id)
    ):
        by_id[row.task_id].assignee_ids.append(row.user_id)
    for row in await conn.execute(
        sa.select(task_groups.c.task_id, task_groups.c.group_id)
        .where(task_groups.c.workspace_id == workspace_id, task_groups.c.task_id.in_(ids))
        .order_by(task_groups.c.group_id)
    ):
        by_id[row.task_id].user_group_ids.append(row.group_id)
    current = await rates.current(conn, workspace_id, "TASK", key="task_id", ids=ids)
    for task in result:
        task.hourly_rate = current.get(("HOURLY", task.id))
        task.cost_rate = current.get(("COST", task.id))
    for row in await conn.execute(
        sa.select(time_entries.c.task_id, sa.func.sum(time_entries.c.duration_s).label("total"))
        .where(time_entries.c.workspace_id == workspace_id, time_entries.c.task_id.in_(ids))
        .group_by(time_entries.c.task_id)
    ):
        by_id[row.task_id].duration_s = int(row.total or 0)
    return result


def _check(data: TaskInput) -> None:
    if data.status is not None and data.status not in STATUSES:
        raise Invalid("status must be ACTIVE or DONE", "status")
    if data.estimate_s is not None and data.estimate_s < 0:
        raise Invalid("estimate must not be negative", "estimate")
    if data.budget_estimate is not None and data.budget_estimate < 0:
        raise Invalid("budgetEstimate must not be negative", "budgetEstimate")


async def _write_links(conn: AsyncConnection, workspace_id: str, task_id: str, data: TaskInput) -> None:
    from timeledger.services import user_groups

    await conn.execute(task_assignees.delete().where(task_assignees.c.workspace_id == workspace_id, task_assignees.c.task_id == task_id))
    await conn.execute(task_groups.delete().where(task_groups.c.workspace_id == workspace_id, task_groups.c.task_id == task_id))
    for user_id in dict.fromkeys(data.assignee_ids):
        member = await require_member(conn, workspace_id, user_id)
        await conn.execute(task_assignees.insert().values(workspace_id=workspace_id, task_id=task_id, user_id=member.user_id))
    for group_id in await user_groups.existing_ids(conn, workspace_id, data.user_group_ids):
        await conn.execute(task_groups.insert().values(workspace_id=workspace_id, task_id=task_id, group_id=group_id))


async def _company_task_for(conn: AsyncConnection, access: Access, project: Any, name: str, billable: bool,
                            *, exclude_task: str | None = None) -> Any:
    """The company task called `name` (found regardless of case, or created), checked to be not
    yet allowed on `project` by another task row."""
    company = await company_tasks.find_or_create(conn, access, name, billable=billable)
    taken = await company_tasks.pair_row(conn, access.workspace_id, project.id, company.id)
    if taken is not None and taken.id != exclude_task:
        raise Conflict(f"Task with name '{company.name}' already exists", "name")
    return company


async def insert_task(conn: AsyncConnection, access: Access, project: Any, data: TaskInput) -> str:
    """Create a task inside an open transaction (also used when a project is created with tasks):
    the company task of that name, allowed on the project."""
    _check(data)
    name = clean_name(data.name, max_len=1000)
    billable = project.billable if data.billable is None else data.billable
    company = await _company_task_for(conn, access, project, name, billable)
    task_id = await company_tasks.insert_pair(
        conn, access, project, company, status=data.status or "ACTIVE", estimate_s=data.estimate_s or 0,
        billable=billable, budget_estimate=data.budget_estimate or 0,
    )
    await _write_links(conn, access.workspace_id, task_id, data)
    return task_id


def can_create_tasks(access: Access, project_id: str) -> bool:
    settings = access.workspace.settings
    who = settings["entityCreationPermissions"].get("whoCanCreateTasks", "ADMINS_AND_PROJECT_MANAGERS")
    if who == "EVERYONE" and not settings.get("onlyAdminsCreateTask"):
        return True
    return access.can_manage_project(project_id)


SORTS = ("ID", "NAME")


async def list_tasks(
    db: Database, access: Access, project_id: str, *, name: str | None, strict: bool, is_active: bool | None,
    sort_column: str, sort_order: str, page: PageRequest,
) -> tuple[list[Task], bool]:
    from timeledger.services.projects import visible_project

    if sort_column not in SORTS:
        raise Invalid("sort-column must be ID or NAME", "sort-column")
    async with db.read() as conn:
        project = await visible_project(conn, access, project_id)
        stmt = sa.select(tasks).where(tasks.c.workspace_id == access.workspace_id, tasks.c.project_id == project.id)
        condition = name_filter(tasks.c.name, name, strict)
        if condition is not None:
            stmt = stmt.where(condition)
        if is_active is not None:
            stmt = stmt.where(tasks.c.status == ("ACTIVE" if is_active else "DONE"))
        column = sa.func.lower(tasks.c.name) if sort_column == "NAME" else tasks.c.id
        stmt = stmt.order_by(column.desc() if sort_order == "DESCENDING" else column.asc(), tasks.c.id)
        rows, last = await fetch_page(conn, stmt, page)
        return await hydrate(conn, access.workspace_id, rows), last


async def get_task(db: Database, access: Access, project_id: str, task_id: str) -> Task:
    from timeledger.services.projects import visible_project

    async with db.read() as conn:
        project = await visible_project(conn, access, project_id)
        row = await get_row(conn, access.workspace_id, project.id, task_id)
        return (await hydrate(conn, access.workspace_id, [row]))[0]


async def create_task(db: Database, access: Access, project_id: str, data: TaskInput) -> Task:
    from timeledger.services.projects import visible_project

    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        if not can_create_tasks(access, project.id):
            raise Forbidden()
        task_id = await insert_task(conn, access, project, data)
        row = await get_row(conn, access.workspace_id, project.id, task_id)
        return (await hydrate(conn, access.workspace_id, [row]))[0]


async def update_task(db: Database, access: Access, project_id: str, task_id: str, data: TaskInput) -> Task:
    """Full replace: omitted assignees, groups and estimates are cleared; omitted status means ACTIVE."""
    from timeledger.services.projects import visible_project

    _check(data)
    name = clean_name(data.name, max_len=1000)
    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        if not access.can_manage_project(project.id):
            raise Forbidden()
        row = await get_row(conn, access.workspace_id, project.id, task_id)
        company_task_id = await _rename(conn, access, project, row, name)
        company = await company_tasks.get_row(conn, access.workspace_id, company_task_id)
        await conn.execute(
            tasks.update()
            .where(tasks.c.workspace_id == access.workspace_id, tasks.c.id == row.id)
            .values(
                name=company.name,
                company_task_id=company.id,
                status=data.status or "ACTIVE",
                estimate_s=data.estimate_s or 0,
                billable=row.billable if data.billable is None else data.billable,
                budget_estimate=data.budget_estimate or 0,
            )
        )
        await _write_links(conn, access.workspace_id, row.id, data)
        await events.record(conn, access.workspace_id, "TASK_UPDATED", "TASK", row.id, access.user_id, {"name": name})
        row = await get_row(conn, access.workspace_id, project.id, row.id)
        return (await hydrate(conn, access.workspace_id, [row]))[0]


async def _rename(conn: AsyncConnection, access: Access, project: Any, row: Any, name: str) -> str:
    """The company task a task row named `name` should point at. A row whose company task no
    other project uses renames that company task (when the name is free); otherwise the row is
    re-pointed at the company task of the new name, found or created."""
    ws = access.workspace_id
    if name == row.name:
        return row.company_task_id
    current = await company_tasks.get_row(conn, ws, row.company_task_id)
    if name.lower() == current.name.lower() or await _only_user(conn, ws, row):
        other = (
            await conn.execute(
                sa.select(company_tasks_table.c.id).where(
                    company_tasks_table.c.workspace_id == ws,
                    sa.func.lower(company_tasks_table.c.name) == name.lower(),
                    company_tasks_table.c.id != current.id,
                )
            )
        ).first()
        if other is None:
            await conn.execute(
                company_tasks_table.update()
                .where(company_tasks_table.c.workspace_id == ws, company_tasks_table.c.id == current.id)
                .values(name=name)
            )
            await conn.execute(
                tasks.update().where(tasks.c.workspace_id == ws, tasks.c.company_task_id == current.id).values(name=name)
            )
            await events.record(conn, ws, "COMPANY_TASK_UPDATED", "COMPANY_TASK", current.id, access.user_id,
                                {"fields": ["name"]})
            return current.id
    company = await _company_task_for(conn, access, project, name, row.billable, exclude_task=row.id)
    return company.id


async def _only_user(conn: AsyncConnection, ws: str, row: Any) -> bool:
    """Whether `row` is its company task's only project row."""
    other = (
        await conn.execute(
            sa.select(tasks.c.id).where(
                tasks.c.workspace_id == ws, tasks.c.company_task_id == row.company_task_id, tasks.c.id != row.id
            ).limit(1)
        )
    ).first()
    return other is None


async def delete_task(db: Database, access: Access, project_id: str, task_id: str) -> Task:
    """Only DONE tasks can be deleted; their entries keep the project and lose the task."""
    from timeledger.services.projects import visible_project

    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        if not access.can_manage_project(project.id):
            raise Forbidden()
        row = await get_row(conn, access.workspace_id, project.id, task_id)
        if row.status != "DONE":
            raise Conflict("Cannot delete an active task")
        task = (await hydrate(conn, access.workspace_id, [row]))[0]
        await conn.execute(
            time_entries.update()
            .where(time_entries.c.workspace_id == access.workspace_id, time_entries.c.task_id == row.id)
            .values(task_id=None)
        )
        for rate_type in (rates.HOURLY, rates.COST):
            await rates.clear_rate(conn, access.workspace_id, rate_type, "TASK", task_id=row.id)
        await conn.execute(tasks.delete().where(tasks.c.workspace_id == access.workspace_id, tasks.c.id == row.id))
        await events.record(conn, access.workspace_id, "TASK_DELETED", "TASK", row.id, access.user_id, {"name": row.name})
    return task


async def set_task_rate(
    db: Database, access: Access, project_id: str, task_id: str, rate_type: str, amount: int, since: datetime | None
) -> Task:
    from timeledger.services.projects import visible_project

    access.require_admin()
    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        row = await get_row(conn, access.workspace_id, project.id, task_id)
        await rates.set_rate(conn, access.workspace_id, access.user_id, rate_type, "TASK", amount, since, task_id=row.id)
        return (await hydrate(conn, access.workspace_id, [row]))[0]
