"""Tags."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import ListParam, Paging, SortOrder, split_list
from timeledger.api.responses import JSON, paged
from timeledger.services import tags as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/tags", tags=["Tags"])


@router.get("", operation_id="list-tags", response_model=list[schemas.TagOut])
async def list_tags(
    db: DbDep, access: AccessDep, page: Paging, name: str | None = None,
    strict_name_search: Annotated[bool, Query(alias="strict-name-search")] = False,
    archived: bool | None = None,
    excluded_ids: Annotated[ListParam, Query(alias="excluded-ids")] = None,
    sort_column: Annotated[Literal["NAME", "ID"] | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
) -> JSON:
    items, last = await service.list_tags(
        db, access, name=name, strict=strict_name_search, archived=archived,
        excluded_ids=split_list(excluded_ids) or [], sort_column=sort_column or "NAME",
        sort_order=sort_order or "ASCENDING", page=page,
    )
    return paged([wire.tag(t) for t in items], last)


@router.post("", operation_id="create-tag", response_model=schemas.TagOut, status_code=201)
async def create_tag(db: DbDep, access: AccessDep, body: schemas.NameIn) -> JSON:
    return JSON(wire.tag(await service.create_tag(db, access, body.name)), status_code=201)


@router.get("/{tagId}", operation_id="get-tag", response_model=schemas.TagOut)
async def get_tag(db: DbDep, access: AccessDep, tagId: str) -> JSON:  # noqa: N803
    return JSON(wire.tag(await service.get_tag(db, access, tagId)))


@router.put("/{tagId}", operation_id="update-tag",
            response_model=schemas.TagOut, summary="Replace a tag (archived omitted means false)")
async def update_tag(db: DbDep, access: AccessDep, tagId: str, body: schemas.TagIn) -> JSON:  # noqa: N803
    return JSON(wire.tag(await service.update_tag(db, access, tagId, body.name, bool(body.archived))))


@router.delete("/{tagId}", operation_id="delete-tag", response_model=schemas.TagOut)
async def delete_tag(db: DbDep, access: AccessDep, tagId: str) -> JSON:  # noqa: N803
    return JSON(wire.tag(await service.delete_tag(db, access, tagId)))
