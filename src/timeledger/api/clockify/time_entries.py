"""Time entries and timers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import InProgressPaging, ListParam, Paging, split_list
from timeledger.api.clockify.schemas import Instant
from timeledger.api.responses import JSON, no_content, paged
from timeledger.services import time_entries as service
from timeledger.services.access import Access
from timeledger.services.errors import NotFound

router = APIRouter(prefix="/v1/workspaces/{workspaceId}", tags=["Time entries"])


def entry_input(body: schemas.TimeEntryIn) -> service.EntryInput:
    return service.EntryInput(
        start=body.start,
        end=body.end,
        billable=body.billable,
        description=body.description,
        project_id=body.projectId or None,
        task_id=body.taskId or None,
        tag_ids=body.tagIds,
        type=body.type,
        custom_fields=[(c.customFieldId, c.value) for c in body.customFields] if body.customFields is not None else None,
        **_codes(body),
    )


def _codes(body: schemas.TimeEntryIn) -> dict[str, str | None]:
    """Work codes the body names: a code omitted is kept (a Clockify client knows nothing of
    them), null or "" clears it."""
    sent = body.model_fields_set
    return {
        column: (getattr(body, wire_name) or None)
        for wire_name, column in (("costCodeId", "cost_code_id"), ("laborCodeId", "labor_code_id"),
                                  ("timeEntryTypeId", "time_entry_type_id"))
        if wire_name in sent
    }


async def _render(db, access: Access, entries: list[service.TimeEntry], hydrated: bool) -> list[dict]:
    related = await service.related(db, access, entries) if hydrated else None
    return [wire.time_entry(e, related) for e in entries]


@router.post("/time-entries", operation_id="create-time-entry",
             response_model=schemas.TimeEntryOut, status_code=201, summary="Create a time entry or start a timer")
async def create_entry(db: DbDep, access: AccessDep, body: schemas.TimeEntryIn) -> JSON:
    entry = await service.create_entry(db, access, entry_input(body))
    return JSON(wire.time_entry(entry), status_code=201)


@router.post("/user/{userId}/time-entries", operation_id="create-time-entry-for-user",
             response_model=schemas.TimeEntryOut, status_code=201,
             summary="Create a time entry for another user")
async def create_entry_for_user(
    db: DbDep, access: AccessDep, userId: str, body: schemas.TimeEntryIn,  # noqa: N803
    from_entry: Annotated[str | None, Query(alias="from-entry")] = None,
) -> Response:
    data = entry_input(body)
    if from_entry:
        try:
            data = await service.fill_from_entry(db, access, from_entry, data)
        except NotFound:
            return Response(status_code=404)  # Clockify answers an unknown from-entry with an empty 404
    entry = await service.create_entry(db, access, data, userId)
    return JSON(wire.time_entry(entry), status_code=201)


@router.get("/user/{userId}/time-entries", operation_id="list-time-entries",
            response_model=list[schemas.TimeEntryOut], summary="A user's time entries, newest first")
async def list_user_entries(
    db: DbDep,
    access: AccessDep,
    userId: str,  # noqa: N803
    page: Paging,
    description: str | None = None,
    start: Annotated[Instant | None, Query(description="Entries starting at or after; read as wall-clock time in the caller's zone")] = None,
    end: Annotated[Instant | None, Query(description="Entries starting at or before; read as wall-clock time in the caller's zone")] = None,
    project: str | None = None,
    task: str | None = None,
    tags: ListParam = None,
    project_required: Annotated[bool, Query(alias="project-required")] = False,
    task_required: Annotated[bool, Query(alias="task-required")] = False,
    hydrated: bool = False,
    in_progress: Annotated[bool | None, Query(alias="in-progress")] = None,
    get_week_before: Annotated[Instant | None, Query(alias="get-week-before")] = None,
    consider_duration_format: Annotated[bool | None, Query(alias="consider-duration-format")] = None,
) -> JSON:
    flt = service.EntryFilter(
        description=description, start=start, end=end, project_id=project, task_id=task, tag_ids=split_list(tags),
        project_required=project_required, task_required=task_required, in_progress=in_progress,
        week_before=get_week_before,
    )
    items, last = await service.list_user_entries(db, access, userId, flt, page)
    return paged(await _render(db, access, items, hydrated), last)


@router.patch("/user/{userId}/time-entries", operation_id="stop-timer",
              response_model=schemas.TimeEntryOut, summary="Stop the running timer")
async def stop_timer(db: DbDep, access: AccessDep, userId: str, body: schemas.StopTimerIn) -> JSON:  # noqa: N803
    return JSON(wire.time_entry(await service.stop_timer(db, access, userId, body.end)))


@router.put("/user/{userId}/time-entries", operation_id="update-time-entries",
            response_model=list[schemas.TimeEntryOut], summary="Replace several entries at once")
async def bulk_update(
    db: DbDep, access: AccessDep, userId: str, body: list[schemas.BulkTimeEntryIn], hydrated: bool = False,  # noqa: N803
) -> JSON:
    entries = await service.bulk_update(db, access, userId, [(item.id, entry_input(item)) for item in body])
    return JSON(await _render(db, access, entries, hydrated))


@router.delete("/user/{userId}/time-entries", operation_id="delete-time-entries",
               response_model=list[schemas.TimeEntryOut], summary="Delete several entries")
async def bulk_delete(
    db: DbDep, access: AccessDep, userId: str,  # noqa: N803
    time_entry_ids: Annotated[list[str], Query(alias="time-entry-ids")],
) -> JSON:
    deleted = await service.bulk_delete(db, access, userId, split_list(time_entry_ids) or [])
    return JSON([wire.time_entry(e) for e in deleted])


@router.post("/user/{userId}/time-entries/{entryId}/duplicate", operation_id="duplicate-time-entry",
             response_model=schemas.TimeEntryOut, status_code=201)
async def duplicate_entry(db: DbDep, access: AccessDep, userId: str, entryId: str) -> JSON:  # noqa: N803
    return JSON(wire.time_entry(await service.duplicate_entry(db, access, userId, entryId)), status_code=201)


@router.patch("/time-entries/invoiced", operation_id="mark-time-entries-invoiced",
              summary="Mark entries invoiced or not")
async def mark_invoiced(db: DbDep, access: AccessDep, body: schemas.InvoicedIn) -> Response:
    await service.mark_invoiced(db, access, body.timeEntryIds, body.invoiced)
    return Response(status_code=200)


@router.get("/time-entries/status/in-progress", operation_id="list-running-time-entries",
            response_model=list[schemas.TimeEntryOut], summary="Running timers")
async def list_in_progress(db: DbDep, access: AccessDep, page: InProgressPaging) -> JSON:
    items, last = await service.list_in_progress(db, access, page)
    return paged([wire.time_entry(e) for e in items], last)


@router.post("/time-entries/batch", operation_id="get-time-entries-by-ids",
             response_model=list[schemas.TimeEntryOut], summary="Several entries by id")
async def batch_get(db: DbDep, access: AccessDep, body: schemas.BatchIn) -> JSON:
    entries = await service.get_entries(db, access, body.timeEntryIds)
    return JSON(await _render(db, access, entries, body.hydrated))


@router.get("/time-entries/{entryId}", operation_id="get-time-entry", response_model=schemas.TimeEntryOut)
async def get_entry(
    db: DbDep, access: AccessDep, entryId: str, hydrated: bool = False,  # noqa: N803
    consider_duration_format: Annotated[bool | None, Query(alias="consider-duration-format")] = None,
) -> JSON:
    entry = await service.get_entry(db, access, entryId)
    return JSON((await _render(db, access, [entry], hydrated))[0])


@router.put("/time-entries/{entryId}", operation_id="update-time-entry",
            response_model=schemas.TimeEntryOut, summary="Replace a time entry")
async def update_entry(db: DbDep, access: AccessDep, entryId: str, body: schemas.TimeEntryUpdateIn) -> JSON:  # noqa: N803
    return JSON(wire.time_entry(await service.update_entry(db, access, entryId, entry_input(body))))


@router.delete("/time-entries/{entryId}", operation_id="delete-time-entry", status_code=204)
async def delete_entry(db: DbDep, access: AccessDep, entryId: str) -> Response:  # noqa: N803
    await service.delete_entry(db, access, entryId)
    return no_content()
