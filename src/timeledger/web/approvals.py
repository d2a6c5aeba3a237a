"""The approvals page: your own timesheet periods (submit one, see its status and the manager's
comment, withdraw it while it waits) and, for managers and admins, the requests waiting for them,
each opened to its time by project and by entry, approved or rejected with a comment.

Every rule (who may submit, approve, reject or withdraw, and when) is the timesheets service's;
this module shows what `allowed_actions` offers and posts the action back to `act`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from timeledger.core import zones
from timeledger.core.timefmt import utcnow
from timeledger.services import timesheets
from timeledger.services.access import Access
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid, ServiceError
from timeledger.services.reports import detailed, summary, window
from timeledger.services.reports.export import format_value
from timeledger.services.reports.sql import ReportFilter, Selection
from timeledger.web.reports import days_text, user_formats
from timeledger.web.shell import SignedIn, back_to, csrf_ok, parse_day, render, signed_in

router = APIRouter(include_in_schema=False)

OWN_PERIODS = 6  # the current period and the five before it
PENDING_LIMIT = 200
ENTRY_LIMIT = 500  # entries listed under one request
# The web form's words for the service's actions.
ACTION_LABELS = {
    "Submit": "Submit for approval",
    "UndoSubmit": "Withdraw",
    "Approve": "Approve",
    "Reject": "Reject",
    "UndoApproval": "Undo approval",
}
DONE = {
    "Submit": "Submitted for approval.",
    "UndoSubmit": "Submission withdrawn.",
    "Approve": "Approved.",
    "Reject": "Rejected.",
    "UndoApproval": "Approval undone.",
}
HISTORY_WORDS = {
    "Submit": "submitted", "UndoSubmit": "withdrew the submission", "Approve": "approved", "Reject": "rejected",
    "UndoApproval": "undid the approval", "Lock": "locked", "Unlock": "unlocked",
}


def status_text(sheet: timesheets.Timesheet) -> str:
    if sheet.status == "Locked":
        return "Locked"
    return {
        "PENDING": "Pending approval",
        "APPROVED": "Approved",
        "REJECTED": "Rejected",
        "WITHDRAWN_SUBMISSION": "Withdrawn",
        "WITHDRAWN_APPROVAL": "Approval undone",
    }.get(sheet.approval_state or "", "Not submitted")


@dataclass(slots=True)
class Row:
    """One timesheet period as the page shows it."""

    id: str
    person: str
    period: str
    status: str
    state: str  # the approval state in lower case, for the badge's class
    total: str
    billable: str
    note: str
    decided_by: str
    updated: str
    actions: list[tuple[str, str]]  # (action, button label)
    current: bool = False


def _row(access: Access, request: timesheets.ApprovalRequest, actions: list[str], today: date) -> Row:
    sheet = request.sheet
    date_format, time_format = user_formats(access)
    tz = zones.zone(access.principal.time_zone)
    updated = ""
    if sheet.last_action:
        local = _aware(sheet.updated_at).astimezone(tz)
        updated = _moment_text(local, date_format, time_format)
    decided = ""
    if request.updated_by and sheet.last_action in ("Approve", "Reject", "Lock"):
        decided = request.updated_by.name
    return Row(
        id=sheet.id, person=request.owner.name or request.owner.email,
        period=days_text(sheet.start_date, sheet.end_date, date_format),
        status=status_text(sheet), state=(sheet.approval_state or "open").lower(),
        total=format_value(request.totals.tracked, "duration"),
        billable=format_value(request.totals.billable, "duration"),
        note=sheet.note or "", decided_by=decided, updated=updated,
        actions=[(a, ACTION_LABELS[a]) for a in actions if a in ACTION_LABELS],
        current=sheet.start_date <= today <= sheet.end_date,
    )


async def own_periods(db: Any, access: Access) -> list[Row]:
    """The caller's current period and the ones before it, newest first."""
    rule = timesheets.period_rule(access.workspace.settings)
    today = zones.local_date(utcnow(), access.principal.time_zone)
    first, last = rule.period_of(today)
    for _ in range(OWN_PERIODS - 1):
        first = rule.period_of(first - timedelta(days=1))[0]
    described = [await timesheets.describe_request(db, access, sheet)
                 for sheet in await timesheets.list_user_timesheets(db, access, first, last)]
    # Earlier periods that were ever submitted (a rejected one waits for a fix, an approved one
    # shows its comment), most recently changed first.
    recent = {d.sheet.id for d in described}
    earlier, _ = await timesheets.list_requests(db, access, None, "UPDATED_AT", "DESCENDING",
                                                PageRequest(1, PENDING_LIMIT), with_entries=False)
    described += [r for r in earlier if r.sheet.user_id == access.user_id and r.sheet.id not in recent]
    rows = []
    for request in sorted(described, key=lambda r: r.sheet.start_date, reverse=True):
        mine = [a for a in timesheets.allowed_actions(access, request.sheet) if a in ("Submit", "UndoSubmit")]
        rows.append(_row(access, request, mine, today))
    return rows


async def pending_for(db: Any, access: Access) -> list[Row]:
    """Requests waiting for the caller's decision (managers and admins)."""
    if not access.is_manager:
        return []
    found, _ = await timesheets.list_requests(db, access, "PENDING", "START", "ASCENDING",
                                              PageRequest(1, PENDING_LIMIT), with_entries=False)
    today = zones.local_date(utcnow(), access.principal.time_zone)
    rows = []
    for request in found:
        actions = timesheets.allowed_actions(access, request.sheet)
        if "Approve" in actions:
            rows.append(_row(access, request, [a for a in actions if a in ("Approve", "Reject")], today))
    return rows


@router.get("/approvals")
async def approvals_page(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    db, access = request.app.state.db, visitor.access
    rule = timesheets.period_rule(access.workspace.settings)
    return render(
        "approvals.html", view="list", title="Approvals", session=visitor.session, access=access,
        current="approvals", script="approvals", message=request.query_params.get("message", ""),
        error=request.query_params.get("error", ""),
        own=await own_periods(db, access), pending=await pending_for(db, access),
        period_kind=rule.kind.replace("_", "-").lower(),
    )


@router.get("/approvals/{timesheet_id}")
async def request_page(request: Request, timesheet_id: str) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    db, access = request.app.state.db, visitor.access
    page = dict(title="Approval request", session=visitor.session, access=access, current="approvals",
                script="approvals", message=request.query_params.get("message", ""),
                error=request.query_params.get("error", ""))
    try:
        sheet = await timesheets.get_timesheet(db, access, timesheet_id)
        described = await timesheets.describe_request(db, access, sheet)
        history = await timesheets.history(db, access, sheet.id)
        projects, entries = await _time_of(db, access, described)
    except ServiceError as exc:
        page["error"] = "No such approval request here." if not isinstance(exc, Invalid) else exc.message
        return render("approvals.html", view="missing", status=404, **page)
    today = zones.local_date(utcnow(), access.principal.time_zone)
    actions = [a for a in timesheets.allowed_actions(access, sheet) if a in ACTION_LABELS]
    date_format, time_format = user_formats(access)
    tz = zones.zone(access.principal.time_zone)
    return render(
        "approvals.html", view="request", row=_row(access, described, actions, today), projects=projects,
        entries=entries,
        history=[(_moment_text(_aware(h.at).astimezone(tz), date_format, time_format), h.actor_name or "",
                  HISTORY_WORDS.get(h.action, h.action), h.comment) for h in history],
        viewer_zone=access.principal.time_zone, **page,
    )


async def _time_of(db: Any, access: Access, request: timesheets.ApprovalRequest) -> tuple[list[dict], list[dict]]:
    """The period's time by project and its entries, from the report services, read in the owner's
    zone (the zone their timesheet days are counted in)."""
    sheet, zone = request.sheet, request.owner.time_zone
    first, last = sheet.start_date, sheet.end_date
    win = window.resolve(access, datetime(first.year, first.month, first.day, tzinfo=UTC),
                         datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=UTC), zone_name=zone)
    flt = ReportFilter(start=win.start, end=win.end, zone=win.zone, users=Selection([sheet.user_id]))
    by_project = await summary.summary(db, access, flt, ["PROJECT"], "DURATION")
    projects = [{"name": g.label.name, "time": format_value(g.measures.duration, "duration")}
                for g in sorted(by_project.groups, key=lambda g: -g.measures.duration)]
    flt.sort_order = "ASCENDING"
    rows = await detailed.detailed(db, access, flt, PageRequest(1, ENTRY_LIMIT), "DATE", False)
    # Which entries: the owner's days; how they read: in the viewer's zone, like every time here.
    date_format, time_format = user_formats(access)
    tz = zones.zone(access.principal.time_zone)
    entries = [{
        "date": format_value(r.start.astimezone(tz).date(), "date", date_format),
        "when": f"{format_value(r.start.astimezone(tz).time(), 'time', time_format=time_format)}–"
                f"{format_value(r.end.astimezone(tz).time(), 'time', time_format=time_format)}",
        "description": r.description, "project": r.project_name or "",
        "duration": format_value(r.duration, "duration"),
    } for r in rows.rows]
    return projects, entries


def _back(path: str) -> str:
    """Only our own approvals pages."""
    if path == "/approvals" or (path.startswith("/approvals/") and path[len("/approvals/"):].isalnum()):
        return path
    return "/approvals"


def _expired(visitor: SignedIn) -> Response:
    return render("approvals.html", view="missing", title="Approvals", session=visitor.session,
                  access=visitor.access, current="approvals", status=400,
                  error="The form had expired; reload the page and try again.")


def _aware(moment: datetime) -> datetime:
    """Stored instants are UTC; a driver may hand them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _moment_text(local: datetime, date_format: str, time_format: str) -> str:
    return f"{format_value(local.date(), 'date', date_format)} {format_value(local.time(), 'time', time_format=time_format)}"


@router.post("/approvals/act")
async def act(request: Request, csrf: str = Form(""), timesheet: str = Form(""), action: str = Form(""),
              comment: str = Form(""), back: str = Form("/approvals")) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    path = _back(back)
    if not csrf_ok(visitor.session, csrf):
        return _expired(visitor)
    if action not in ACTION_LABELS:
        return back_to(path, error="Choose submit, withdraw, approve or reject.")
    try:
        await timesheets.act(request.app.state.db, visitor.access, timesheet, action, comment or None)
    except ServiceError as exc:
        return back_to(path, error=exc.message)
    return back_to(path, message=DONE[action])


@router.post("/approvals/submit")
async def submit_day(request: Request, csrf: str = Form(""), day: str = Form("")) -> Response:
    """Submit the caller's period that holds `day` (any past or current period)."""
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    if not csrf_ok(visitor.session, csrf):
        return _expired(visitor)
    try:
        chosen = parse_day(day.strip())
    except ValueError:
        return back_to("/approvals", error="Choose a day of the period to submit.")
    try:
        sheet = await timesheets.act_on_date(request.app.state.db, visitor.access, chosen, "Submit")
    except ServiceError as exc:
        return back_to("/approvals", error=exc.message)
    period = days_text(sheet.start_date, sheet.end_date, user_formats(visitor.access)[0])
    return back_to("/approvals", message=f"Submitted {period} for approval.")
