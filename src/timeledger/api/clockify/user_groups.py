"""User groups."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import Paging, SortOrder
from timeledger.api.responses import JSON, paged
from timeledger.services import user_groups as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/user-groups", tags=["User groups"])


@router.get("", operation_id="list-user-groups", response_model=list[schemas.UserGroupOut])
async def list_groups(
    db: DbDep, access: AccessDep, page: Paging, name: str | None = None,
    project_id: Annotated[str | None, Query(alias="project-id")] = None,
    sort_column: Annotated[Literal["ID", "NAME"] | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
    include_team_managers: Annotated[bool, Query(alias="includeTeamManagers")] = False,
) -> JSON:
    items, last = await service.list_groups(
        db, access, name=name, project_id=project_id, sort_column=sort_column or "NAME",
        sort_order=sort_order or "ASCENDING", include_team_managers=include_team_managers, page=page,
    )
    return paged([wire.user_group(g) for g in items], last)


@router.post("", operation_id="create-user-group", response_model=schemas.UserGroupOut, status_code=201)
async def create_group(db: DbDep, access: AccessDep, body: schemas.NameIn) -> JSON:
    return JSON(wire.user_group(await service.create_group(db, access, body.name)), status_code=201)


@router.get("/{groupId}", operation_id="get-user-group",
            response_model=schemas.UserGroupOut, summary="One user group (not on Clockify)")
async def get_group(db: DbDep, access: AccessDep, groupId: str) -> JSON:  # noqa: N803
    return JSON(wire.user_group(await service.get_group(db, access, groupId)))


@router.put("/{groupId}", operation_id="update-user-group", response_model=schemas.UserGroupOut)
async def rename_group(db: DbDep, access: AccessDep, groupId: str, body: schemas.NameIn) -> JSON:  # noqa: N803
    return JSON(wire.user_group(await service.rename_group(db, access, groupId, body.name)))


@router.delete("/{groupId}", operation_id="delete-user-group", response_model=schemas.UserGroupOut)
async def delete_group(db: DbDep, access: AccessDep, groupId: str) -> JSON:  # noqa: N803
    return JSON(wire.user_group(await service.delete_group(db, access, groupId)))


@router.post("/{groupId}/users", operation_id="add-user-group-member",
             response_model=schemas.UserGroupOut, summary="Add a member (idempotent)")
async def add_member(db: DbDep, access: AccessDep, groupId: str, body: schemas.UserIdIn) -> JSON:  # noqa: N803
    return JSON(wire.user_group(await service.add_member(db, access, groupId, body.userId)))


@router.delete("/{groupId}/users/{userId}", operation_id="remove-user-group-member",
               response_model=schemas.UserGroupOut)
async def remove_member(db: DbDep, access: AccessDep, groupId: str, userId: str) -> JSON:  # noqa: N803
    return JSON(wire.user_group(await service.remove_member(db, access, groupId, userId)))
