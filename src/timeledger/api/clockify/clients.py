"""Clients."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import Paging, SortOrder
from timeledger.api.responses import JSON, paged
from timeledger.services import clients as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/clients", tags=["Clients"])


def _input(body: schemas.ClientIn) -> service.ClientInput:
    return service.ClientInput(
        name=body.name, email=body.email, address=body.address, note=body.note, archived=bool(body.archived),
        currency_code=body.currencyCode, cc_emails=body.ccEmails or [],
    )


@router.get("", operation_id="list-clients", response_model=list[schemas.ClientOut])
async def list_clients(
    db: DbDep, access: AccessDep, page: Paging, name: str | None = None, archived: bool | None = None,
    sort_column: Annotated[Literal["NAME", "ID"] | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
) -> JSON:
    items, last = await service.list_clients(
        db, access, name=name, archived=archived, sort_column=sort_column or "NAME",
        sort_order=sort_order or "ASCENDING", page=page,
    )
    return paged([wire.client(c, access.workspace_id) for c in items], last)


@router.post("", operation_id="create-client", response_model=schemas.ClientOut, status_code=201)
async def create_client(db: DbDep, access: AccessDep, body: schemas.ClientIn) -> JSON:
    # Clockify's create body has no `archived`: a new client is active.
    data = replace(_input(body), archived=False)
    return JSON(wire.client(await service.create_client(db, access, data), access.workspace_id), status_code=201)


@router.get("/{clientId}", operation_id="get-client", response_model=schemas.ClientOut)
async def get_client(db: DbDep, access: AccessDep, clientId: str) -> JSON:  # noqa: N803
    return JSON(wire.client(await service.get_client(db, access, clientId), access.workspace_id))


@router.put("/{clientId}", operation_id="update-client",
            response_model=schemas.ClientOut, summary="Replace a client")
async def update_client(
    db: DbDep, access: AccessDep, clientId: str, body: schemas.ClientIn,  # noqa: N803
    archive_projects: Annotated[bool, Query(alias="archive-projects")] = False,
    mark_tasks_as_done: Annotated[bool, Query(alias="mark-tasks-as-done")] = False,
) -> JSON:
    client = await service.update_client(
        db, access, clientId, _input(body), archive_projects=archive_projects, mark_tasks_done=mark_tasks_as_done
    )
    return JSON(wire.client(client, access.workspace_id))


@router.delete("/{clientId}", operation_id="delete-client",
               response_model=schemas.ClientOut, summary="Delete an archived client")
async def delete_client(db: DbDep, access: AccessDep, clientId: str) -> JSON:  # noqa: N803
    return JSON(wire.client(await service.delete_client(db, access, clientId), access.workspace_id))
