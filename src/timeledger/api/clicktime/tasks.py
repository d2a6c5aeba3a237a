"""Tasks: ClickTime's company-wide task catalogue (the company tasks of the services) and where
each may be used. A Task's ID is its company task's id; through Clockify each (job, task) pair
is a task of that project.

- /Me/Tasks: the tasks the caller may log to (all of them; under the company's `byjob`
  restriction only those allowed on a job the caller may see).
- /Me/Jobs/{id}/Tasks, /Jobs/{id}/Tasks, /Tasks/{id}/Jobs: ID lists of the allowed pairs, not paged.
- /Me/Jobs/TaskControls: the allowed {JobID, TaskID} pairs, paged.
- DELETE /Tasks/{id} is refused while time entries use the task: set IsActive to false instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.jobs import one_job
from timeledger.api.clicktime.params import ONE, BoolFilter, ListFilter, NamedFilter, Paging, only
from timeledger.api.responses import JSON, no_content
from timeledger.services import company_tasks as service
from timeledger.services import listing
from timeledger.services.access import Access

router = transport.router()


async def task_filter(query: NamedFilter, TaskCode: ListFilter = None, TaskName: ListFilter = None) -> listing.NamedQuery:  # noqa: N803
    """The filters of /Tasks and /Me/Tasks: TaskName is another Name."""
    query.names, query.codes = [*(query.names or ()), *(TaskName or ())] or None, TaskCode
    return query


TaskFilter = Annotated[listing.NamedQuery, Depends(task_filter)]


async def _one(db, access: Access, task_id: str, scope: listing.Scope):
    return only(await listing.find_named(db, access, "TASK", listing.NamedQuery(ids=[task_id]), ONE, scope), "Task", task_id)


def _active(values: list[bool] | None) -> bool | None:
    wanted = set(values or ())
    return wanted.pop() if len(wanted) == 1 else None


async def _job_task_ids(db, access: Access, job_id: str, active: list[bool] | None, scope: listing.Scope) -> list[str]:
    """IDs of the tasks allowed on a job the caller may see (404 for any other job)."""
    job = await one_job(db, access, job_id, scope)
    wanted = _active(active)
    found = await service.tasks_of_project(db, access, job.project.id)
    return [t.id for t in found if wanted is None or t.active == wanted]


# --- the caller's -------------------------------------------------------------------------------


@router.get("/Me/Tasks", summary="Tasks you may log time to")
async def list_my_tasks(request: Request, db: DbDep, access: AccessDep, window: Paging, query: TaskFilter) -> JSON:
    found = await listing.find_named(db, access, "TASK", query, window, "ME")
    return envelope.collection(request, [wire.task_me(t) for t in found.items], found.total, window)


@router.get("/Me/Tasks/{taskID}")
async def get_my_task(db: DbDep, access: AccessDep, taskID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.task_me(await _one(db, access, taskID, "ME")))


@router.get("/Me/Jobs/TaskControls", summary="The {JobID, TaskID} pairs you may log time to")
async def list_task_controls(
    request: Request, db: DbDep, access: AccessDep, window: Paging,
    JobID: ListFilter = None, TaskID: ListFilter = None,  # noqa: N803
    JobIsActive: BoolFilter = None, TaskIsActive: BoolFilter = None,  # noqa: N803
) -> JSON:
    query = listing.TaskControlQuery(job_ids=JobID, task_ids=TaskID, job_active=JobIsActive, task_active=TaskIsActive)
    found = await listing.find_task_controls(db, access, query, window)
    rows = [{"JobID": job_id, "TaskID": task_id} for job_id, task_id in found.items]
    return envelope.collection(request, rows, found.total, window)


@router.get("/Me/Jobs/{jobID}/Tasks", summary="IDs of the tasks allowed on one of your jobs")
async def list_my_job_tasks(db: DbDep, access: AccessDep, jobID: str, IsActive: BoolFilter = None) -> JSON:  # noqa: N803
    return envelope.single(await _job_task_ids(db, access, jobID, IsActive, "ME"))


# --- company-wide -------------------------------------------------------------------------------


@router.get("/Tasks", summary="Tasks, by name")
async def list_tasks(request: Request, db: DbDep, access: AccessDep, window: Paging, query: TaskFilter) -> JSON:
    found = await listing.find_named(db, access, "TASK", query, window, "COMPANY")
    return envelope.collection(request, [wire.task(t) for t in found.items], found.total, window)


@router.get("/Tasks/{taskID}")
async def get_task(db: DbDep, access: AccessDep, taskID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.task(await _one(db, access, taskID, "COMPANY")))


def _task_input(body: schemas.TaskIn) -> service.CompanyTaskInput:
    return service.CompanyTaskInput(
        name=body.Name, task_code=(body.TaskCode or "") if body.sent("TaskCode") else None, billable=body.IsBillable,
        active=body.IsActive, notes=(body.Notes or "") if body.sent("Notes") else None,
    )


@router.post("/Tasks", status_code=201, summary="Add a task to the company's catalogue")
async def create_task(db: DbDep, access: AccessDep, body: schemas.TaskIn) -> JSON:
    body.require("Name")
    return envelope.single(wire.task(await service.create_company_task(db, access, _task_input(body))), status_code=201)


@router.patch("/Tasks/{taskID}", summary="Change a task (a new name renames it on every job)")
async def update_task(db: DbDep, access: AccessDep, taskID: str, body: schemas.TaskIn) -> JSON:  # noqa: N803
    return envelope.single(wire.task(await service.update_company_task(db, access, taskID, _task_input(body))))


@router.delete("/Tasks/{taskID}", status_code=204, summary="Delete a task no time entry uses")
async def delete_task(db: DbDep, access: AccessDep, taskID: str) -> Response:  # noqa: N803
    await service.delete_company_task(db, access, taskID)
    return no_content()


@router.get("/Tasks/{taskID}/Jobs", summary="IDs of the jobs a task is allowed on")
async def list_task_jobs(db: DbDep, access: AccessDep, taskID: str, IsActive: BoolFilter = None) -> JSON:  # noqa: N803
    access.require_manager()
    company_task = await _one(db, access, taskID, "COMPANY")
    job_ids = await service.projects_of_task(db, access, company_task.id)
    wanted = _active(IsActive)
    if wanted is not None and job_ids:
        jobs = await listing.projects_by_id(db, access, job_ids)
        job_ids = [j for j in job_ids if j in jobs and (not jobs[j].archived) == wanted]
    return envelope.single(job_ids)


@router.post("/Tasks/{taskID}/Jobs", summary="Allow a task on one more job")
async def add_task_job(db: DbDep, access: AccessDep, taskID: str, body: schemas.JobAssociationIn) -> JSON:  # noqa: N803
    company_task = await _one(db, access, taskID, "COMPANY")
    await service.allow(db, access, body.JobID, company_task.id)
    return envelope.single(await service.projects_of_task(db, access, company_task.id))


@router.delete("/Tasks/{taskID}/Jobs/{jobID}", summary="Stop a task being used on a job")
async def remove_task_job(db: DbDep, access: AccessDep, taskID: str, jobID: str) -> JSON:  # noqa: N803
    company_task = await _one(db, access, taskID, "COMPANY")
    await service.disallow(db, access, jobID, company_task.id)
    return envelope.single(await service.projects_of_task(db, access, company_task.id))


@router.get("/Jobs/{jobID}/Tasks", summary="IDs of the tasks allowed on a job")
async def list_job_tasks(db: DbDep, access: AccessDep, jobID: str, IsActive: BoolFilter = None) -> JSON:  # noqa: N803
    return envelope.single(await _job_task_ids(db, access, jobID, IsActive, "COMPANY"))


@router.post("/Jobs/{jobID}/Tasks", summary="Allow one more task on a job")
async def add_job_task(db: DbDep, access: AccessDep, jobID: str, body: schemas.TaskAssociationIn) -> JSON:  # noqa: N803
    await service.allow(db, access, jobID, body.TaskID)
    return envelope.single(await _job_task_ids(db, access, jobID, None, "COMPANY"))


@router.put("/Jobs/{jobID}/Tasks", summary="Replace the tasks allowed on a job with a list of task IDs")
async def replace_job_tasks(db: DbDep, access: AccessDep, jobID: str, body: list[schemas.Id]) -> JSON:  # noqa: N803
    await service.replace_tasks_of_project(db, access, jobID, list(body))
    return envelope.single(await _job_task_ids(db, access, jobID, None, "COMPANY"))


@router.delete("/Jobs/{jobID}/Tasks/{taskID}", summary="Stop a task being used on a job")
async def remove_job_task(db: DbDep, access: AccessDep, jobID: str, taskID: str) -> JSON:  # noqa: N803
    await service.disallow(db, access, jobID, taskID)
    return envelope.single(await _job_task_ids(db, access, jobID, None, "COMPANY"))

