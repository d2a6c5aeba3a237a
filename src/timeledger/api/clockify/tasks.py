"""Tasks of a project."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import Paging, SortOrder
from timeledger.api.responses import JSON, paged
from timeledger.services import rates
from timeledger.services import tasks as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/projects/{projectId}/tasks", tags=["Tasks"])


def task_input(body: schemas.TaskIn) -> service.TaskInput:
    assignees = list(body.assigneeIds or [])
    if body.assigneeId and body.assigneeId not in assignees:
        assignees.append(body.assigneeId)
    return service.TaskInput(
        name=body.name,
        assignee_ids=assignees,
        user_group_ids=list(body.userGroupIds or []),
        estimate_s=body.estimate,
        status=None if body.status == "ALL" else body.status,
        billable=body.billable,
        budget_estimate=body.budgetEstimate,
    )


@router.get("", operation_id="list-tasks", response_model=list[schemas.TaskOut])
async def list_tasks(
    db: DbDep, access: AccessDep, projectId: str, page: Paging, name: str | None = None,  # noqa: N803
    strict_name_search: Annotated[bool, Query(alias="strict-name-search")] = False,
    is_active: Annotated[bool | None, Query(alias="is-active")] = None,
    sort_column: Annotated[Literal["ID", "NAME"] | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
) -> JSON:
    items, last = await service.list_tasks(
        db, access, projectId, name=name, strict=strict_name_search, is_active=is_active,
        sort_column=sort_column or "ID", sort_order=sort_order or "ASCENDING", page=page,
    )
    return paged([wire.task(t, access.workspace.currency) for t in items], last)


@router.post("", operation_id="create-task", response_model=schemas.TaskOut, status_code=201)
async def create_task(
    db: DbDep, access: AccessDep, projectId: str, body: schemas.TaskIn,  # noqa: N803
    contains_assignee: Annotated[bool, Query(alias="contains-assignee")] = True,
) -> JSON:
    task = await service.create_task(db, access, projectId, task_input(body))
    return JSON(wire.task(task, access.workspace.currency), status_code=201)


@router.get("/{taskId}", operation_id="get-task", response_model=schemas.TaskOut)
async def get_task(db: DbDep, access: AccessDep, projectId: str, taskId: str) -> JSON:  # noqa: N803
    return JSON(wire.task(await service.get_task(db, access, projectId, taskId), access.workspace.currency))


@router.put("/{taskId}", operation_id="update-task", response_model=schemas.TaskOut, summary="Replace a task")
async def update_task(
    db: DbDep, access: AccessDep, projectId: str, taskId: str, body: schemas.TaskIn,  # noqa: N803
    contains_assignee: Annotated[bool, Query(alias="contains-assignee")] = True,
    membership_status: Annotated[str | None, Query(alias="membership-status")] = None,
) -> JSON:
    task = await service.update_task(db, access, projectId, taskId, task_input(body))
    return JSON(wire.task(task, access.workspace.currency))


@router.delete("/{taskId}", operation_id="delete-task",
               response_model=schemas.TaskOut, summary="Delete a DONE task")
async def delete_task(db: DbDep, access: AccessDep, projectId: str, taskId: str) -> JSON:  # noqa: N803
    return JSON(wire.task(await service.delete_task(db, access, projectId, taskId), access.workspace.currency))


@router.put("/{taskId}/hourly-rate", operation_id="set-task-hourly-rate", response_model=schemas.TaskOut)
async def set_hourly_rate(db: DbDep, access: AccessDep, projectId: str, taskId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    task = await service.set_task_rate(db, access, projectId, taskId, rates.HOURLY, body.amount, body.since)
    return JSON(wire.task(task, access.workspace.currency))


@router.put("/{taskId}/cost-rate", operation_id="set-task-cost-rate", response_model=schemas.TaskOut)
async def set_cost_rate(db: DbDep, access: AccessDep, projectId: str, taskId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    task = await service.set_task_rate(db, access, projectId, taskId, rates.COST, body.amount, body.since)
    return JSON(wire.task(task, access.workspace.currency))
