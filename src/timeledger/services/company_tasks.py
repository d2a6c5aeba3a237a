"""Company-wide tasks (ClickTime's task catalogue) and where each may be used.

A company task is one name for the whole workspace (with a code, billability, notes). A row of
`tasks` allows one company task on one project; that row is what Clockify calls a task, with its
own status, estimate, assignees and rates, and what time entries point at. Its name is always
its company task's name.

- Creating a task through Clockify finds the company task of that name (regardless of case) or
  creates it, then adds the pair. Renaming it through Clockify renames its company task when no
  other project uses that one and the new name is free; otherwise it re-points the row at the
  company task of the new name, found or created the same way.
- Renaming a company task renames all its rows.
- `taskRestriction` MY_TASKS (the default): any company task may be used on any project, and
  the pair is made when first used. BY_JOB: only pairs that exist and are ACTIVE.
- Allowing a pair makes (or re-activates) its row; disallowing removes it, or marks it DONE when
  entries point at it (they keep their task).
- A company task that entries use cannot be deleted; deactivate it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import company_tasks, projects, rates, task_assignees, task_groups, tasks, time_entries
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound

MAX_NAME = 1000
MAX_CODE = 100
MAX_NOTES = 3000


@dataclass(slots=True)
class CompanyTask:
    id: str
    workspace_id: str
    name: str
    task_code: str
    billable: bool
    active: bool
    notes: str
    created_at: datetime


@dataclass(slots=True)
class CompanyTaskInput:
    """None means "not given" (create: the default; update: unchanged)."""

    name: str | None = None
    task_code: str | None = None
    billable: bool | None = None
    active: bool | None = None
    notes: str | None = None


@dataclass(slots=True)
class Pair:
    """A company task allowed on a project: the per-project task row."""

    task_id: str
    project_id: str
    company_task_id: str
    status: str


def _task(row: Any) -> CompanyTask:
    return CompanyTask(row.id, row.workspace_id, row.name, row.task_code, row.billable, row.active, row.notes, row.created_at)


def _text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise Invalid(f"Field '{field}' must be at most {limit} characters long", field)
    return text


async def get_row(conn: AsyncConnection, workspace_id: str, company_task_id: str | None) -> Any:
    company_task_id = require_id(company_task_id, "Task")
    row = (
        await conn.execute(
            sa.select(company_tasks).where(
                company_tasks.c.workspace_id == workspace_id, company_tasks.c.id == company_task_id
            )
        )
    ).first()
    if row is None:
        raise NotFound("Task", company_task_id)
    return row


async def _by_name(conn: AsyncConnection, workspace_id: str, name: str) -> Any | None:
    return (
        await conn.execute(
            sa.select(company_tasks).where(
                company_tasks.c.workspace_id == workspace_id, sa.func.lower(company_tasks.c.name) == name.lower()
            )
        )
    ).first()


async def find_or_create(
    conn: AsyncConnection, access: Access, name: str, *, billable: bool = True
) -> Any:
    """The company task named `name` (regardless of case), created if there is none. Safe against
    a concurrent creation of the same name: the insert does nothing and the winner's row is read."""
    row = await _by_name(conn, access.workspace_id, name)
    if row is not None:
        return row
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    company_task_id = new_id()
    result = await conn.execute(
        insert(company_tasks)
        .values(workspace_id=access.workspace_id, id=company_task_id, name=name, billable=billable,
                created_at=datetime.now(UTC))
        .on_conflict_do_nothing()
    )
    if result.rowcount:
        await events.record(conn, access.workspace_id, "NEW_COMPANY_TASK", "COMPANY_TASK", company_task_id,
                            access.user_id, {"name": name})
    row = await _by_name(conn, access.workspace_id, name)
    assert row is not None
    return row


async def pair_row(conn: AsyncConnection, workspace_id: str, project_id: str, company_task_id: str) -> Any | None:
    return (
        await conn.execute(
            sa.select(tasks).where(
                tasks.c.workspace_id == workspace_id, tasks.c.project_id == project_id,
                tasks.c.company_task_id == company_task_id,
            )
        )
    ).first()


async def insert_pair(
    conn: AsyncConnection, access: Access, project: Any, company: Any, *, status: str = "ACTIVE",
    estimate_s: int = 0, billable: bool | None = None, budget_estimate: int = 0,
) -> str:
    """A new task row allowing `company` on `project` (inside an open transaction)."""
    task_id = new_id()
    await conn.execute(
        tasks.insert().values(
            workspace_id=access.workspace_id, id=task_id, project_id=project.id, name=company.name, status=status,
            estimate_s=estimate_s, billable=company.billable if billable is None else billable,
            budget_estimate=budget_estimate, company_task_id=company.id, created_at=datetime.now(UTC),
        )
    )
    await events.record(conn, access.workspace_id, "NEW_TASK", "TASK", task_id, access.user_id,
                        {"name": company.name, "projectId": project.id, "companyTaskId": company.id})
    return task_id


async def resolve(
    conn: AsyncConnection, access: Access, project: Any, company_task_id: str | None, *, restriction: str | None = None
) -> Any:
    """The task row of (project, company task) for a time entry, honouring `taskRestriction`:
    MY_TASKS makes the pair when it is missing; BY_JOB needs an ACTIVE pair."""
    company = await get_row(conn, access.workspace_id, company_task_id)
    restriction = restriction or access.workspace.settings.get("taskRestriction") or "MY_TASKS"
    row = await pair_row(conn, access.workspace_id, project.id, company.id)
    if restriction == "BY_JOB":
        if row is None or row.status != "ACTIVE":
            raise Invalid(f"Task '{company.name}' is not allowed on project '{project.name}'", "taskId")
        return row
    if row is not None:
        return row
    if not company.active:
        raise Invalid(f"Task '{company.name}' is inactive and cannot be used on new time", "taskId")
    task_id = await insert_pair(conn, access, project, company)
    return (await conn.execute(sa.select(tasks).where(tasks.c.workspace_id == access.workspace_id, tasks.c.id == task_id))).one()


# --- the catalogue ----------------------------------------------------------------------------


async def list_company_tasks(
    db: Database, access: Access, *, name: str | None = None, active: bool | None = None,
    ids: list[str] | None = None, page: PageRequest = PageRequest(),
) -> tuple[list[CompanyTask], bool]:
    stmt = sa.select(company_tasks).where(company_tasks.c.workspace_id == access.workspace_id)
    condition = name_filter(company_tasks.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if active is not None:
        stmt = stmt.where(company_tasks.c.active.is_(sa.true() if active else sa.false()))
    if ids is not None:
        stmt = stmt.where(company_tasks.c.id.in_([require_id(i, "Task") for i in ids]))
    stmt = stmt.order_by(sa.func.lower(company_tasks.c.name), company_tasks.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_task(r) for r in rows], last


async def get_company_task(db: Database, access: Access, company_task_id: str) -> CompanyTask:
    async with db.read() as conn:
        return _task(await get_row(conn, access.workspace_id, company_task_id))


async def create_company_task(db: Database, access: Access, data: CompanyTaskInput) -> CompanyTask:
    access.require_admin()
    name = clean_name(data.name, max_len=MAX_NAME)
    async with db.write() as conn:
        if await _by_name(conn, access.workspace_id, name) is not None:
            raise Conflict(f"Task with name '{name}' already exists", "name")
        company_task_id = new_id()
        await conn.execute(
            company_tasks.insert().values(
                workspace_id=access.workspace_id, id=company_task_id, name=name,
                task_code=_text(data.task_code, "taskCode", MAX_CODE),
                billable=True if data.billable is None else bool(data.billable),
                active=True if data.active is None else bool(data.active),
                notes=_text(data.notes, "notes", MAX_NOTES), created_at=datetime.now(UTC),
            )
        )
        await events.record(conn, access.workspace_id, "NEW_COMPANY_TASK", "COMPANY_TASK", company_task_id,
                            access.user_id, {"name": name})
        return _task(await get_row(conn, access.workspace_id, company_task_id))


async def update_company_task(db: Database, access: Access, company_task_id: str, data: CompanyTaskInput) -> CompanyTask:
    """Changes the fields given. A new name renames every project's row of the task."""
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, company_task_id)
        values: dict[str, Any] = {}
        if data.name is not None:
            name = clean_name(data.name, max_len=MAX_NAME)
            if name != row.name:
                other = await _by_name(conn, access.workspace_id, name)
                if other is not None and other.id != row.id:
                    raise Conflict(f"Task with name '{name}' already exists", "name")
                values["name"] = name
        if data.task_code is not None:
            values["task_code"] = _text(data.task_code, "taskCode", MAX_CODE)
        if data.billable is not None:
            values["billable"] = bool(data.billable)
        if data.active is not None:
            values["active"] = bool(data.active)
        if data.notes is not None:
            values["notes"] = _text(data.notes, "notes", MAX_NOTES)
        if values:
            await conn.execute(
                company_tasks.update()
                .where(company_tasks.c.workspace_id == access.workspace_id, company_tasks.c.id == row.id)
                .values(**values)
            )
            if "name" in values:
                await conn.execute(
                    tasks.update()
                    .where(tasks.c.workspace_id == access.workspace_id, tasks.c.company_task_id == row.id)
                    .values(name=values["name"])
                )
            await events.record(conn, access.workspace_id, "COMPANY_TASK_UPDATED", "COMPANY_TASK", row.id,
                                access.user_id, {"fields": sorted(values)})
        return _task(await get_row(conn, access.workspace_id, row.id))


async def delete_company_task(db: Database, access: Access, company_task_id: str) -> CompanyTask:
    """Refused while time entries use the task on any project; otherwise its project rows go too."""
    access.require_admin()
    ws = access.workspace_id
    async with db.write() as conn:
        row = await get_row(conn, ws, company_task_id)
        rows = sa.select(tasks.c.id).where(tasks.c.workspace_id == ws, tasks.c.company_task_id == row.id)
        used = (
            await conn.execute(
                sa.select(sa.func.count()).select_from(time_entries).where(
                    time_entries.c.workspace_id == ws, time_entries.c.task_id.in_(rows)
                )
            )
        ).scalar_one()
        if used:
            entries = "time entry uses" if used == 1 else "time entries use"
            raise Conflict(f"Task '{row.name}' cannot be deleted: {used} {entries} it. Deactivate it instead", "id")
        await conn.execute(rates.delete().where(rates.c.workspace_id == ws, rates.c.task_id.in_(rows)))
        await conn.execute(tasks.delete().where(tasks.c.workspace_id == ws, tasks.c.company_task_id == row.id))
        await conn.execute(company_tasks.delete().where(company_tasks.c.workspace_id == ws, company_tasks.c.id == row.id))
        await events.record(conn, ws, "COMPANY_TASK_DELETED", "COMPANY_TASK", row.id, access.user_id, {"name": row.name})
    return _task(row)


# --- availability: which company tasks on which projects --------------------------------------


async def pairs(
    db: Database, access: Access, *, project_ids: list[str] | None = None, company_task_ids: list[str] | None = None,
    active_only: bool = True, page: PageRequest = PageRequest(size=5000),
) -> tuple[list[Pair], bool]:
    """Allowed (project, company task) pairs on projects the caller can see: the tasks of a job,
    the jobs of a task, or all of them (ClickTime's TaskControls)."""
    from timeledger.services.projects import visibility_condition

    stmt = (
        sa.select(tasks.c.id, tasks.c.project_id, tasks.c.company_task_id, tasks.c.status)
        .select_from(tasks.join(projects, sa.and_(projects.c.workspace_id == tasks.c.workspace_id,
                                                  projects.c.id == tasks.c.project_id)))
        .where(tasks.c.workspace_id == access.workspace_id)
    )
    visible = visibility_condition(access)
    if visible is not None:
        stmt = stmt.where(visible)
    if project_ids is not None:
        stmt = stmt.where(tasks.c.project_id.in_([require_id(p, "Project") for p in project_ids]))
    if company_task_ids is not None:
        stmt = stmt.where(tasks.c.company_task_id.in_([require_id(t, "Task") for t in company_task_ids]))
    if active_only:
        stmt = stmt.where(tasks.c.status == "ACTIVE")
    stmt = stmt.order_by(tasks.c.project_id, tasks.c.company_task_id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [Pair(r.id, r.project_id, r.company_task_id, r.status) for r in rows], last


async def tasks_of_project(db: Database, access: Access, project_id: str, *, active_only: bool = True) -> list[CompanyTask]:
    """The company tasks allowed on a project (ClickTime's /Jobs/{id}/Tasks)."""
    from timeledger.services.projects import visible_project

    async with db.read() as conn:
        project = await visible_project(conn, access, project_id)
        stmt = (
            sa.select(company_tasks)
            .select_from(company_tasks.join(tasks, sa.and_(tasks.c.workspace_id == company_tasks.c.workspace_id,
                                                           tasks.c.company_task_id == company_tasks.c.id)))
            .where(company_tasks.c.workspace_id == access.workspace_id, tasks.c.project_id == project.id)
            .order_by(sa.func.lower(company_tasks.c.name), company_tasks.c.id)
        )
        if active_only:
            stmt = stmt.where(tasks.c.status == "ACTIVE")
        return [_task(r) for r in await conn.execute(stmt)]


async def projects_of_task(db: Database, access: Access, company_task_id: str, *, active_only: bool = True) -> list[str]:
    """Ids of the projects (visible to the caller) that a company task is allowed on."""
    async with db.read() as conn:
        await get_row(conn, access.workspace_id, company_task_id)
    found, _ = await pairs(db, access, company_task_ids=[company_task_id], active_only=active_only)
    return [p.project_id for p in found]


async def _managed_project(conn: AsyncConnection, access: Access, project_id: str) -> Any:
    """A project the caller may see and manage (project managers of it, and admins)."""
    from timeledger.services.projects import visible_project

    project = await visible_project(conn, access, project_id)
    if not access.can_manage_project(project.id):
        raise Forbidden()
    return project


async def _allow(conn: AsyncConnection, access: Access, project: Any, company: Any) -> Pair:
    row = await pair_row(conn, access.workspace_id, project.id, company.id)
    if row is None:
        task_id = await insert_pair(conn, access, project, company)
        return Pair(task_id, project.id, company.id, "ACTIVE")
    if row.status != "ACTIVE":
        await conn.execute(
            tasks.update().where(tasks.c.workspace_id == access.workspace_id, tasks.c.id == row.id).values(status="ACTIVE")
        )
        await events.record(conn, access.workspace_id, "TASK_UPDATED", "TASK", row.id, access.user_id, {"status": "ACTIVE"})
    return Pair(row.id, project.id, company.id, "ACTIVE")


async def _disallow(conn: AsyncConnection, access: Access, project: Any, company: Any) -> None:
    ws = access.workspace_id
    row = await pair_row(conn, ws, project.id, company.id)
    if row is None:
        raise NotFound("Task", company.id)
    used = (
        await conn.execute(
            sa.select(time_entries.c.id).where(time_entries.c.workspace_id == ws, time_entries.c.task_id == row.id).limit(1)
        )
    ).first()
    if used is not None:
        await conn.execute(tasks.update().where(tasks.c.workspace_id == ws, tasks.c.id == row.id).values(status="DONE"))
        await events.record(conn, ws, "TASK_UPDATED", "TASK", row.id, access.user_id, {"status": "DONE"})
        return
    await conn.execute(rates.delete().where(rates.c.workspace_id == ws, rates.c.task_id == row.id))
    await conn.execute(task_assignees.delete().where(task_assignees.c.workspace_id == ws, task_assignees.c.task_id == row.id))
    await conn.execute(task_groups.delete().where(task_groups.c.workspace_id == ws, task_groups.c.task_id == row.id))
    await conn.execute(tasks.delete().where(tasks.c.workspace_id == ws, tasks.c.id == row.id))
    await events.record(conn, ws, "TASK_DELETED", "TASK", row.id, access.user_id, {"name": row.name})


async def allow(db: Database, access: Access, project_id: str, company_task_id: str) -> Pair:
    """Allow a company task on a project (project managers of it, and admins)."""
    async with db.write() as conn:
        project = await _managed_project(conn, access, project_id)
        return await _allow(conn, access, project, await get_row(conn, access.workspace_id, company_task_id))


async def disallow(db: Database, access: Access, project_id: str, company_task_id: str) -> None:
    """Stop a company task being used on a project. Its row goes, or turns DONE while time
    entries point at it (they keep their task)."""
    async with db.write() as conn:
        project = await _managed_project(conn, access, project_id)
        await _disallow(conn, access, project, await get_row(conn, access.workspace_id, company_task_id))


async def replace_tasks_of_project(db: Database, access: Access, project_id: str, company_task_ids: list[str]) -> list[str]:
    """Make exactly `company_task_ids` the tasks allowed on a project, in one transaction: every
    id is checked first (an unknown one changes nothing), missing pairs are allowed (or made
    ACTIVE again) and the others disallowed as `disallow` does. Returns the company task ids
    now allowed."""
    async with db.write() as conn:
        project = await _managed_project(conn, access, project_id)
        wanted = [await get_row(conn, access.workspace_id, i) for i in dict.fromkeys(
            (i or "").strip().lower() for i in company_task_ids)]
        wanted_ids = {c.id for c in wanted}
        current = (
            await conn.execute(
                sa.select(company_tasks).select_from(company_tasks.join(tasks, sa.and_(
                    tasks.c.workspace_id == company_tasks.c.workspace_id, tasks.c.company_task_id == company_tasks.c.id)))
                .where(company_tasks.c.workspace_id == access.workspace_id, tasks.c.project_id == project.id,
                       tasks.c.status == "ACTIVE")
                .order_by(company_tasks.c.id)
            )
        ).all()
        for company in wanted:
            await _allow(conn, access, project, company)
        for company in current:
            if company.id not in wanted_ids:
                await _disallow(conn, access, project, company)
        return [c.id for c in wanted]


async def resolve_task_id(db: Database, access: Access, project_id: str, company_task_id: str) -> str:
    """The per-project task id of (project, company task), made under MY_TASKS when missing.
    Time entry writes take `company_task_id` in EntryInput and do this in their own transaction;
    this is for callers that need the id on its own."""
    from timeledger.services.projects import visible_project

    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        return (await resolve(conn, access, project, company_task_id)).id
