"""User, member profile, workspace users, managers, role grants, user custom field values."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from timeledger.api.auth import AccessDep, DbDep, PrincipalDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import ListParam, Paging, SortOrder, split_list
from timeledger.api.responses import JSON, no_content, paged
from timeledger.services import custom_fields as custom_field_service
from timeledger.services import users as service
from timeledger.services.common import PageRequest

router = APIRouter(prefix="/v1", tags=["Users"])

MembershipsParam = Literal["ALL", "NONE", "WORKSPACE", "PROJECT", "USERGROUP"]
UserSort = Literal["ID", "EMAIL", "NAME", "NAME_LOWERCASE", "ACCESS", "HOURLYRATE", "COSTRATE"]
StatusParam = Literal["PENDING", "ACTIVE", "DECLINED", "INACTIVE", "ALL"]


@router.get("/user", operation_id="get-current-user",
            response_model=schemas.UserOut, summary="The user behind the API key")
async def get_current_user(
    db: DbDep, principal: PrincipalDep,
    include_memberships: Annotated[bool, Query(alias="include-memberships")] = False,
) -> JSON:
    user = await service.current_user(db, principal, include_memberships)
    return JSON(wire.user(user))


@router.get("/workspaces/{workspaceId}/member-profile/{userId}", operation_id="get-member-profile",
            response_model=schemas.MemberProfileOut)
async def get_member_profile(db: DbDep, access: AccessDep, userId: str) -> JSON:  # noqa: N803
    return JSON(wire.member_profile(await service.member_profile(db, access, userId)))


@router.patch("/workspaces/{workspaceId}/member-profile/{userId}", operation_id="update-member-profile",
              response_model=schemas.MemberProfileOut)
async def update_member_profile(db: DbDep, access: AccessDep, userId: str, body: schemas.MemberProfileIn) -> JSON:  # noqa: N803
    change = service.ProfileChange(
        week_start=body.weekStart,
        work_capacity_s=body.workCapacity,
        working_days=body.workingDays,
        image_url=body.imageUrl,
        remove_image=bool(body.removeProfileImage),
        name=body.name,
        time_zone=body.timeZone,
        custom_values=[(v.customFieldId, v.value) for v in body.userCustomFields] if body.userCustomFields else None,
    )
    return JSON(wire.member_profile(await service.update_member_profile(db, access, userId, change)))


def _filter_users(
    email: str | None, name: str | None, project_id: str | None, status: str | None, account_statuses: list[str] | None,
    sort_column: str | None, sort_order: str | None, memberships: str | None, include_roles: bool | None,
    user_groups: list[str] | None = None, roles: list[str] | None = None,
) -> service.UserFilter:
    return service.UserFilter(
        email=email, name=name, project_id=project_id, status=status, account_statuses=account_statuses,
        user_group_ids=user_groups, roles=roles, sort_column=sort_column or "EMAIL",
        sort_order=sort_order or "ASCENDING", memberships=memberships or "NONE", include_roles=bool(include_roles),
    )


@router.get("/workspaces/{workspaceId}/users", operation_id="list-users",
            response_model=list[schemas.UserOut], summary="Workspace users")
async def list_users(
    db: DbDep,
    access: AccessDep,
    page: Paging,
    email: str | None = None,
    name: str | None = None,
    project_id: Annotated[str | None, Query(alias="project-id")] = None,
    status: StatusParam | None = None,
    account_statuses: Annotated[ListParam, Query(alias="account-statuses")] = None,
    sort_column: Annotated[UserSort | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
    memberships: MembershipsParam | None = None,
    include_roles: Annotated[bool, Query(alias="include-roles")] = False,
) -> JSON:
    flt = _filter_users(email, name, project_id, status, split_list(account_statuses), sort_column, sort_order,
                        memberships, include_roles)
    items, last = await service.list_users(db, access, flt, page)
    return paged([wire.user(u, access.workspace.currency) for u in items], last)


@router.post("/workspaces/{workspaceId}/users/info", operation_id="filter-users",
             response_model=list[schemas.UserOut], summary="Filter workspace users")
async def filter_users(db: DbDep, access: AccessDep, body: schemas.UsersInfoIn) -> JSON:
    flt = _filter_users(body.email, body.name, body.projectId, body.status, body.accountStatuses, body.sortColumn,
                        body.sortOrder, body.memberships, body.includeRoles, body.userGroups, body.roles)
    page = PageRequest(body.page or 1, body.pageSize or 50)
    items, last = await service.list_users(db, access, flt, page)
    return paged([wire.user(u, access.workspace.currency) for u in items], last)


@router.get("/workspaces/{workspaceId}/users/{userId}", operation_id="get-user",
            response_model=schemas.UserOut, summary="One workspace user")
async def get_user(db: DbDep, access: AccessDep, userId: str) -> JSON:  # noqa: N803
    return JSON(wire.user(await service.get_member(db, access, userId), access.workspace.currency))


@router.get("/workspaces/{workspaceId}/users/{userId}/managers", operation_id="list-user-managers",
            response_model=list[schemas.UserOut])
async def list_managers(
    db: DbDep, access: AccessDep, userId: str, page: Paging,  # noqa: N803
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
    sort_column: Annotated[str | None, Query(alias="sort-column")] = None,
) -> JSON:
    items, last = await service.managers_of(db, access, userId, page, sort_order or "ASCENDING")
    return paged([wire.user(u, access.workspace.currency) for u in items], last)


@router.post("/workspaces/{workspaceId}/users/{userId}/roles", operation_id="grant-user-role",
             status_code=201, summary="Give a role")
async def grant_role(db: DbDep, access: AccessDep, userId: str, body: schemas.RoleIn) -> JSON:  # noqa: N803
    grants = await service.grant_role(db, access, userId, body.role, body.entityId, body.sourceType)
    return JSON(
        [
            {"userId": g["userId"], "workspaceId": g["workspaceId"],
             "role": {"id": g["entityId"], "name": g["role"], "source": g["sourceType"]}}
            for g in grants
        ],
        status_code=201,
    )


@router.delete("/workspaces/{workspaceId}/users/{userId}/roles", operation_id="revoke-user-role",
               status_code=204, summary="Take a role away")
async def revoke_role(db: DbDep, access: AccessDep, userId: str, body: schemas.RoleIn) -> Response:  # noqa: N803
    await service.revoke_role(db, access, userId, body.role, body.entityId, body.sourceType)
    return no_content()


@router.put("/workspaces/{workspaceId}/users/{userId}/custom-field/{customFieldId}/value",
            operation_id="set-user-custom-field-value", status_code=201)
async def set_user_custom_field(db: DbDep, access: AccessDep, userId: str, customFieldId: str, body: schemas.ValueIn) -> JSON:  # noqa: N803
    result = await custom_field_service.set_user_value(db, access, userId, customFieldId, body.value)
    return JSON(result, status_code=201)
