"""Workspaces, their members and the workspace and member rates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep, PrincipalDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import ListParam, split_list
from timeledger.api.responses import JSON
from timeledger.services import rates
from timeledger.services import workspaces as service

router = APIRouter(prefix="/v1", tags=["Workspaces"])


@router.get("/workspaces", operation_id="list-workspaces",
            response_model=list[schemas.WorkspaceOut], summary="Workspaces of the user")
async def list_workspaces(db: DbDep, principal: PrincipalDep, roles: ListParam = None) -> JSON:
    return JSON([wire.workspace(w) for w in await service.list_for(db, principal, split_list(roles))])


@router.post("/workspaces", operation_id="create-workspace",
             response_model=schemas.WorkspaceOut, status_code=201)
async def create_workspace(db: DbDep, principal: PrincipalDep, body: schemas.WorkspaceIn) -> JSON:
    return JSON(wire.workspace(await service.create(db, principal, body.name)), status_code=201)


@router.get("/workspaces/{workspaceId}", operation_id="get-workspace", response_model=schemas.WorkspaceOut)
async def get_workspace(db: DbDep, access: AccessDep) -> JSON:
    return JSON(wire.workspace(await service.get(db, access)))


@router.post("/workspaces/{workspaceId}/users", operation_id="add-workspace-user",
             response_model=schemas.WorkspaceOut, summary="Add a user by e-mail")
async def add_user(
    db: DbDep, access: AccessDep, body: schemas.EmailIn,
    send_email: Annotated[bool, Query(alias="send-email")] = True,
) -> JSON:
    return JSON(wire.workspace(await service.add_user(db, access, body.email)))


@router.put("/workspaces/{workspaceId}/users/{userId}", operation_id="update-workspace-user-status",
            response_model=schemas.WorkspaceOut, summary="Activate or deactivate a member")
async def set_user_status(db: DbDep, access: AccessDep, userId: str, body: schemas.MemberStatusIn) -> JSON:  # noqa: N803
    return JSON(wire.workspace(await service.set_member_status(db, access, userId, body.status)))


@router.delete("/workspaces/{workspaceId}/users/{userId}", operation_id="remove-workspace-user",
               response_model=schemas.WorkspaceOut,
               summary="Remove a member (deactivates; their time entries stay)")
async def remove_user(db: DbDep, access: AccessDep, userId: str) -> JSON:  # noqa: N803
    return JSON(wire.workspace(await service.remove_user(db, access, userId)))


@router.put("/workspaces/{workspaceId}/users/{userId}/hourly-rate", operation_id="set-user-hourly-rate",
            response_model=schemas.WorkspaceOut)
async def set_member_hourly_rate(db: DbDep, access: AccessDep, userId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    return JSON(wire.workspace(await service.set_member_rate(db, access, userId, rates.HOURLY, body.amount, body.since)))


@router.put("/workspaces/{workspaceId}/users/{userId}/cost-rate", operation_id="set-user-cost-rate",
            response_model=schemas.WorkspaceOut)
async def set_member_cost_rate(db: DbDep, access: AccessDep, userId: str, body: schemas.RateIn) -> JSON:  # noqa: N803
    return JSON(wire.workspace(await service.set_member_rate(db, access, userId, rates.COST, body.amount, body.since)))


@router.put("/workspaces/{workspaceId}/hourly-rate", operation_id="set-workspace-hourly-rate",
            response_model=schemas.WorkspaceOut)
async def set_workspace_hourly_rate(db: DbDep, access: AccessDep, body: schemas.WorkspaceRateIn) -> JSON:
    workspace = await service.set_workspace_rate(db, access, rates.HOURLY, body.amount, body.since, body.currency)
    return JSON(wire.workspace(workspace))


@router.put("/workspaces/{workspaceId}/cost-rate", operation_id="set-workspace-cost-rate",
            response_model=schemas.WorkspaceOut)
async def set_workspace_cost_rate(db: DbDep, access: AccessDep, body: schemas.WorkspaceRateIn) -> JSON:
    workspace = await service.set_workspace_rate(db, access, rates.COST, body.amount, body.since, body.currency)
    return JSON(wire.workspace(workspace))


@router.patch("/workspaces/{workspaceId}/settings", operation_id="update-workspace-settings",
              response_model=schemas.WorkspaceOut,
              summary="Change workspace settings (timeledger; not on Clockify)")
async def update_settings(db: DbDep, access: AccessDep, body: schemas.WorkspaceSettingsIn) -> JSON:
    sent = body.model_fields_set
    flags = {name: getattr(body, name) for name in service.FLAGS if name in sent and name != "timeRoundingInReports"}
    present = {field for wire_name, field in (
        ("currency", "currency"), ("timeZone", "time_zone"), ("weekStart", "week_start"),
        ("timeRoundingInReports", "rounding_in_reports"), ("durationFormat", "duration_format"),
        ("lockTimeEntries", "lock_before"),
    ) if wire_name in sent}
    change = service.SettingsChange(
        currency=body.currency, time_zone=body.timeZone, week_start=body.weekStart,
        rounding_in_reports=body.timeRoundingInReports, duration_format=body.durationFormat,
        lock_before=body.lockTimeEntries, flags=flags,
    )
    if body.round is not None:
        if "round" in body.round.model_fields_set:
            present.add("rounding_mode")
            change.rounding_mode = body.round.round
        if "minutes" in body.round.model_fields_set:
            present.add("rounding_minutes")
            try:
                change.rounding_minutes = int(body.round.minutes) if body.round.minutes is not None else None
            except ValueError:
                change.rounding_minutes = -1  # refused by the service with the allowed values
    if body.overtime is not None:
        for key in ("daily", "weekly"):
            if key in body.overtime.model_fields_set:
                present.add(f"overtime_{key}")
                setattr(change, f"overtime_{key}", getattr(body.overtime, key))
    if body.payroll is not None:
        if "period" in body.payroll.model_fields_set:
            present.add("pay_period")
            change.pay_period = body.payroll.period
        if "anchorDate" in body.payroll.model_fields_set:
            present.add("pay_anchor")
            change.pay_anchor = body.payroll.anchorDate
    for wire_name, field in (("timesheetPeriod", "timesheet_period"), ("timesheetAnchorDate", "timesheet_anchor"),
                             ("minTimeIncrement", "min_time_increment"), ("taskRestriction", "task_restriction")):
        if wire_name in sent:
            present.add(field)
            setattr(change, field, getattr(body, wire_name))
    change.present = frozenset(present)
    return JSON(wire.workspace(await service.update_settings(db, access, change)))
