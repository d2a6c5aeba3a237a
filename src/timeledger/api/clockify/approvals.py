"""Approval requests (clockify-api.md 3.12): Clockify's view of the timesheets that the ClickTime
dialect also reads and acts on (services.timesheets). Submitting a period submits its timesheet;
changing a request's state takes the matching timesheet action."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import Paging, SortOrder
from timeledger.api.responses import JSON, paged
from timeledger.services import timesheets as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/approval-requests", tags=["Approvals"])

# A request's new state: the timesheet action that leads there.
ACTIONS = {
    "PENDING": "Submit",
    "APPROVED": "Approve",
    "REJECTED": "Reject",
    "WITHDRAWN_SUBMISSION": "UndoSubmit",
    "WITHDRAWN_APPROVAL": "UndoApproval",
}


@router.get("", operation_id="list-approval-requests", response_model=list[schemas.ApprovalDetailsOut],
            summary="Submitted timesheets as approval requests, with their entries and totals")
async def list_requests(
    db: DbDep, access: AccessDep, page: Paging,
    status: Literal["PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL"] | None = None,
    sort_column: Annotated[Literal["ID", "USER_ID", "START", "UPDATED_AT"] | None, Query(alias="sort-column")] = None,
    sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
) -> JSON:
    items, last = await service.list_requests(
        db, access, status, sort_column or "START", sort_order or "ASCENDING", page
    )
    return paged([wire.approval_details(r) for r in items], last)


async def _submit(db, access, body: schemas.ApprovalRequestIn, user_id: str | None, status_code: int) -> JSON:
    service.check_period_kind(access, body.period)
    # Clockify reads the instant's wall clock: 2026-03-02T00:00:00Z is the period of 2 March.
    day = body.periodStart.astimezone(UTC).date()
    sheet = await service.act_on_date(db, access, day, "Submit", user_id)
    return JSON(wire.approval_request(await service.describe_request(db, access, sheet)), status_code=status_code)


@router.post("", operation_id="submit-approval-request", response_model=schemas.ApprovalRequestOut,
             status_code=201, summary="Submit the caller's timesheet of a period for approval")
async def submit(db: DbDep, access: AccessDep, body: schemas.ApprovalRequestIn) -> JSON:
    return await _submit(db, access, body, None, 201)


@router.post("/users/{userId}", operation_id="submit-approval-request-for-user",
             response_model=schemas.ApprovalRequestOut, status_code=201,
             summary="Submit another user's timesheet of a period for approval")
async def submit_for_user(db: DbDep, access: AccessDep, userId: str, body: schemas.ApprovalRequestIn) -> JSON:  # noqa: N803
    return await _submit(db, access, body, userId, 201)


@router.post("/resubmit-entries-for-approval", operation_id="resubmit-approval-request",
             response_model=schemas.ApprovalRequestOut, summary="Submit a rejected or withdrawn period again")
async def resubmit(db: DbDep, access: AccessDep, body: schemas.ApprovalRequestIn) -> JSON:
    return await _submit(db, access, body, None, 200)


@router.post("/users/{userId}/resubmit-entries-for-approval", operation_id="resubmit-approval-request-for-user",
             response_model=schemas.ApprovalRequestOut, summary="Submit another user's period again")
async def resubmit_for_user(db: DbDep, access: AccessDep, userId: str, body: schemas.ApprovalRequestIn) -> JSON:  # noqa: N803
    return await _submit(db, access, body, userId, 200)


@router.patch("/{approvalRequestId}", operation_id="update-approval-request",
              response_model=schemas.ApprovalRequestOut,
              summary="Approve, reject or withdraw an approval request (its timesheet)")
async def update_status(db: DbDep, access: AccessDep, approvalRequestId: str, body: schemas.ApprovalStatusIn) -> JSON:  # noqa: N803
    sheet = await service.act(db, access, approvalRequestId, ACTIONS[body.state], body.note)
    return JSON(wire.approval_request(await service.describe_request(db, access, sheet)))
