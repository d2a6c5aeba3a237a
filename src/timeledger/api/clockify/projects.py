"""Projects, their estimates, memberships, templates and member rates."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import ListParam, Paging, SortOrder, split_list
from timeledger.api.clockify.tasks import task_input
from timeledger.api.responses import JSON, paged
from timeledger.services import projects as service
from timeledger.services import rates

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/projects", tags=["Projects"])

ProjectSort = Literal["ID", "NAME", "CLIENT_NAME", "DURATION", "BUDGET", "PROGRESS"]
MemberStatus = Literal["PENDING", "ACTIVE", "DECLINED", "INACTIVE", "ALL"]


def _rate(body: schemas.RateIn | None) -> service.RateChange | None:
    return service.RateChange(body.amount, body.since) if body is not None else None


def _members(items: list[schemas.ProjectMemberIn] | None) -> list[service.MemberInput]:
    return [service.MemberInput(m.userId, _rate(m.hourlyRate), _rate(m.costRate)) for m in items or []]


def _public(body: schemas.ProjectIn | schemas.ProjectUpdateIn) -> bool | None:
    return body.isPublic if body.isPublic is not None else body.public


@router.get("", operation_id="list-projects", response_model=list[schemas.ProjectOut])
async def list_projects(
    db: DbDep,
    access: AccessDep,
    page: Paging,
    name: str | None = None,
    strict_name_search: Annotated[bool, Query(alias="strict-name-search")] = False,
    archived: bool | None = None,
    billable: bool | None = None,
    clients: ListParam = None,
    contains_client: Annotated[bool, Query(alias="contains-client")] = True,
    client_status: Annotated[Literal["ACTIVE", "ARCHIVED", "ALL"] | None, Query(alias="client-status")] = None,
    users: ListParam = None,
    contains_user: Annotated[bool, Query(alias="contains-user")] = True,
    user_status: Annotated[MemberStatus | None, Query(alias="user-status")] = None,
    is_template: Annotated[bool | None, Query(alias="is-template")] = None,
    sort_column: Annotated[ProjectSort | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
    hydrated: bool = False,
    access_filter: Annotated[Literal["PUBLIC", "PRIVATE"] | None, Query(alias="access")] = None,
    user_groups: Annotated[ListParam, Query(alias="userGroups")] = None,
    contains_group: Annotated[bool, Query(alias="contains-group")] = True,
) -> JSON:
    flt = service.ProjectFilter(
        name=name, strict_name=strict_name_search, archived=archived, billable=billable,
        client_ids=split_list(clients), contains_client=contains_client, client_status=client_status,
        user_ids=split_list(users), contains_user=contains_user, user_status=user_status, is_template=is_template,
        access=access_filter, group_ids=split_list(user_groups), contains_group=contains_group,
        sort_column=sort_column or "NAME", sort_order=sort_order or "ASCENDING", hydrated=hydrated,
    )
    items, last = await service.list_projects(db, access, flt, page)
    return paged([wire.project(p, access.workspace.currency) for p in items], last)


@router.post("", operation_id="create-project", response_model=schemas.ProjectOut, status_code=201)
async def create_project(db: DbDep, access: AccessDep, body: schemas.ProjectIn) -> JSON:
    data = service.ProjectInput(
        name=body.name, client_id=body.clientId or None, color=body.color, note=body.note, billable=body.billable,
        is_public=_public(body), hourly_rate=_rate(body.hourlyRate), cost_rate=_rate(body.costRate),
        estimate_s=body.estimate.estimate if body.estimate else None,
        estimate_type=body.estimate.type if body.estimate else None,
        members=_members(body.memberships), tasks=[task_input(t) for t in body.tasks or []],
    )
    project = await service.create_project(db, access, data)
    return JSON(wire.project(project, access.workspace.currency), status_code=201)


@router.post("/from-template", operation_id="create-project-from-template",
             response_model=schemas.ProjectOut, summary="Create a project from a template")
async def create_from_template(db: DbDep, access: AccessDep, body: schemas.FromTemplateIn) -> JSON:
    project = await service.create_from_template(
        db, access, body.templateProjectId, body.name, body.clientId, body.color, body.isPublic
    )
    return JSON(wire.project(project, access.workspace.currency))


@router.get("/{projectId}", operation_id="get-project", response_model=schemas.ProjectOut)
async def get_project(
    db: DbDep, access: AccessDep, projectId: str, hydrated: bool = False,  # noqa: N803
    custom_field_entity_type: Annotated[str | None, Query(alias="custom-field-entity-type")] = None,
) -> JSON:
    project = await service.get_project(db, access, projectId, hydrated=hydrated)
    return JSON(wire.project(project, access.workspace.currency))


@router.put("/{projectId}", operation_id="update-project",
            response_model=schemas.ProjectOut, summary="Update a project (rates kept when omitted)")
async def update_project(db: DbDep, access: AccessDep, projectId: str, body: schemas.ProjectUpdateIn) -> JSON:  # noqa: N803
    sent = body.model_fields_set
    present = {
        field for wire_name, field in (
            ("name", "name"), ("clientId", "client_id"), ("color", "color"), ("note", "note"),
            ("billable", "billable"), ("isPublic", "is_public"), ("public", "is_public"), ("archived", "archived"),
        ) if wire_name in sent
    }
    data = service.ProjectInput(
        name=body.name, client_id=body.clientId or None, color=body.color, note=body.note, billable=body.billable,
        is_public=_public(body), archived=body.archived, hourly_rate=_rate(body.hourlyRate),
        cost_rate=_rate(body.costRate), present=frozenset(present),
    )
    project = await service.update_project(db, access, projectId, data)
    return JSON(wire.project(project, access.workspace.currency))


@router.delete("/{projectId}", operation_id="delete-project",
               response_model=schemas.ProjectOut, summary="Delete an archived project")
async def delete_project(db: DbDep, access: AccessDep, projectId: str) -> JSON:  # noqa: N803
    return JSON(wire.project(await service.delete_project(db, access, projectId), access.workspace.currency))


@router.patch("/{projectId}/estimate", operation_id="update-project-estimate",
              response_model=schemas.ProjectOut)
async def update_estimate(db: DbDep, access: AccessDep, projectId: str, body: schemas.ProjectEstimateIn) -> JSON:  # noqa: N803
    def dump(model) -> dict | None:
        return model.model_dump(exclude_unset=True) if model is not None else None

    reset = dump(body.estimateReset)
    if reset is not None and "isActive" in reset:
        reset["active"] = reset.pop("isActive")
    change = service.EstimateChange(dump(body.timeEstimate), dump(body.budgetEstimate), reset)
    project = await service.update_estimate(db, access, projectId, change)
    return JSON(wire.project(project, access.workspace.currency))


@router.patch("/{projectId}/memberships", operation_id="replace-project-memberships",
              response_model=schemas.ProjectOut, summary="Replace the member list")
async def replace_memberships(db: DbDep, access: AccessDep, projectId: str, body: schemas.MembershipsReplaceIn) -> JSON:  # noqa: N803
    groups = body.userGroups.ids if body.userGroups is not None and body.userGroups.ids is not None else None
    project = await service.replace_memberships(db, access, projectId, _members(body.memberships), groups)
    return JSON(wire.project(project, access.workspace.currency))


@router.post("/{projectId}/memberships", operation_id="update-project-memberships",
             response_model=schemas.ProjectOut, summary="Add or remove members")
async def add_memberships(db: DbDep, access: AccessDep, projectId: str, body: schemas.MembershipsAddIn) -> JSON:  # noqa: N803
    groups = body.userGroups.ids if body.userGroups is not None and body.userGroups.ids else []
    project = await service.add_or_remove_members(db, access, projectId, body.userIds or [], groups, body.remove)
    return JSON(wire.project(project, access.workspace.currency))


@router.patch("/{projectId}/template", operation_id="set-project-template", response_model=schemas.ProjectOut)
async def set_template(db: DbDep, access: AccessDep, projectId: str, body: schemas.TemplateIn) -> JSON:  # noqa: N803
    return JSON(wire.project(await service.set_template(db, access, projectId, body.isTemplate), access.workspace.currency))


@router.put("/{projectId}/users/{userId}/hourly-rate", operation_id="set-project-user-hourly-rate",
            response_model=schemas.ProjectOut)
async def set_member_hourly_rate(db: DbDep, access: AccessDep, projectId: str, userId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    project = await service.set_member_rate(db, access, projectId, userId, rates.HOURLY, body.amount, body.since)
    return JSON(wire.project(project, access.workspace.currency))


@router.put("/{projectId}/users/{userId}/cost-rate", operation_id="set-project-user-cost-rate",
            response_model=schemas.ProjectOut)
async def set_member_cost_rate(db: DbDep, access: AccessDep, projectId: str, userId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    project = await service.set_member_rate(db, access, projectId, userId, rates.COST, body.amount, body.since)
    return JSON(wire.project(project, access.workspace.currency))
