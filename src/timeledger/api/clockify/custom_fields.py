"""Custom fields, workspace-wide and per project."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.responses import JSON, no_content
from timeledger.services import custom_fields as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}", tags=["Custom fields"])

Status = Literal["INACTIVE", "VISIBLE", "INVISIBLE"]
EntityType = Literal["TIMEENTRY", "USER"]


def _input(body: schemas.CustomFieldIn) -> service.CustomFieldInput:
    return service.CustomFieldInput(
        name=body.name, type=body.type, entity_type=body.entityType or "TIMEENTRY",
        allowed_values=body.allowedValues or [], description=body.description or "",
        placeholder=body.placeholder or "", only_admin_can_edit=bool(body.onlyAdminCanEdit),
        required=bool(body.required), status=body.status or "VISIBLE",
        workspace_default_value=body.workspaceDefaultValue,
    )


@router.get("/custom-fields", operation_id="list-custom-fields",
            response_model=list[schemas.CustomFieldOut], summary="All custom fields (unpaginated)")
async def list_fields(
    db: DbDep, access: AccessDep, name: str | None = None, status: Status | None = None,
    entity_type: Annotated[EntityType | None, Query(alias="entity-type")] = None,
) -> JSON:
    items = await service.list_fields(db, access, name=name, status=status, entity_type=entity_type)
    return JSON([wire.custom_field(f) for f in items])


@router.post("/custom-fields", operation_id="create-custom-field",
             response_model=schemas.CustomFieldOut, status_code=201)
async def create_field(db: DbDep, access: AccessDep, body: schemas.CustomFieldIn) -> JSON:
    return JSON(wire.custom_field(await service.create_field(db, access, _input(body))), status_code=201)


@router.put("/custom-fields/{customFieldId}", operation_id="update-custom-field",
            response_model=schemas.CustomFieldOut)
async def update_field(db: DbDep, access: AccessDep, customFieldId: str, body: schemas.CustomFieldIn) -> JSON:  # noqa: N803
    return JSON(wire.custom_field(await service.update_field(db, access, customFieldId, _input(body))))


@router.delete("/custom-fields/{customFieldId}", operation_id="delete-custom-field", status_code=204)
async def delete_field(db: DbDep, access: AccessDep, customFieldId: str) -> Response:  # noqa: N803
    await service.delete_field(db, access, customFieldId)
    return no_content()


@router.get("/projects/{projectId}/custom-fields", operation_id="list-project-custom-fields",
            response_model=list[schemas.CustomFieldOut])
async def list_project_fields(
    db: DbDep, access: AccessDep, projectId: str, status: Status | None = None,  # noqa: N803
    entity_type: Annotated[EntityType | None, Query(alias="entity-type")] = None,
) -> JSON:
    items = await service.list_project_fields(db, access, projectId, status=status, entity_type=entity_type)
    return JSON([wire.custom_field(f) for f in items])


@router.patch("/projects/{projectId}/custom-fields/{customFieldId}", operation_id="update-project-custom-field",
              response_model=schemas.CustomFieldOut)
async def set_project_default(
    db: DbDep, access: AccessDep, projectId: str, customFieldId: str, body: schemas.ProjectCustomFieldIn,  # noqa: N803
) -> JSON:
    result = await service.set_project_default(
        db, access, projectId, customFieldId, body.defaultValue, body.status, frozenset(body.model_fields_set)
    )
    return JSON(wire.custom_field(result))


@router.delete("/projects/{projectId}/custom-fields/{customFieldId}", operation_id="remove-project-custom-field",
               response_model=schemas.CustomFieldOut)
async def remove_project_default(db: DbDep, access: AccessDep, projectId: str, customFieldId: str) -> JSON:  # noqa: N803
    return JSON(wire.custom_field(await service.remove_project_default(db, access, projectId, customFieldId)))
