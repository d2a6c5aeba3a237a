"""Timesheets: one per person and period (the company's TimesheetModel), addressed by ID or by any
date inside the period, with statuses Open, Waiting, Approved, Rejected, Locked and the actions
Submit, UndoSubmit, Approve, Reject, UndoApproval, Lock, Unlock (services/timesheets.py holds the
rules). Three scopes: /Me (your own), /Timesheets (company-wide, managers and admins) and
/Manage/Timesheets (the people you manage).

Timesheets are implicit: a list with FromDate or ToDate (the other end defaults to 365 days away)
has every period of the range (at most 400), Open ones included, making the rows it has not seen
yet: /Me/Timesheets the caller's, /Timesheets and /Manage/Timesheets one for every active person
the caller may see (everyone for admins; else themselves and the people they manage), narrowed
by UserID, DivisionID and EmploymentTypeID, at most 5000 people x periods (else a 400 asking for
a shorter range or named people). The rows are made in one transaction, idempotently: the same
list twice answers the same IDs. Without dates: the current period's sheets (made) and every
stored one. Newest period first, then by person's name; page.count is the total.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ListFilter, Paging, Verbose, embed
from timeledger.api.clicktime.time_off import day, user_embed
from timeledger.api.responses import JSON
from timeledger.services import listing
from timeledger.services import timesheets as service
from timeledger.services.access import Access
from timeledger.services.errors import Forbidden, Invalid, NotFound

router = transport.router()


def _date_or_none(value: str) -> date | None:
    """The date a path segment names (checked like every date), or None for an ID."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return day(value, "timesheetID")


def _statuses(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    by_lower = {s.lower(): s for s in service.STATUSES}
    unknown = [v for v in values if v.lower() not in by_lower]
    if unknown:
        raise Invalid(f"Status must be one of {', '.join(service.STATUSES)}", "Status")
    return [by_lower[v.lower()] for v in values]


async def _rows(db, access: Access, sheets: list, verbose: bool) -> list[dict]:
    if not verbose:
        return [wire.timesheet(s) for s in sheets]
    # (Stored rows and service records carry the same names: either will do.)
    rows = [wire.timesheet(s, verbose=True, actions=service.allowed_actions(access, s)) for s in sheets]
    await embed(rows, [user_embed(db, access)])
    return rows


async def _sheet(db, access: Access, id_or_date: str, scope: listing.Scope, user_id: str | None = None) -> service.Timesheet:
    """The timesheet an ID or a date names in a scope (404 for one the scope does not hold)."""
    day_in = _date_or_none(id_or_date)
    if day_in is not None:
        if scope != "ME" and user_id is None:
            raise Invalid("A date names one person's timesheet: use /Timesheets/{date}/Users/{userID}", "timesheetID")
        if scope != "ME":
            access.require_manager()
        return await service.timesheet_for_date(db, access, day_in, None if scope == "ME" else user_id)
    if scope == "ME":
        try:
            sheet = await service.get_timesheet(db, access, id_or_date)
        except Forbidden:
            raise NotFound("Timesheet", id_or_date) from None
        if sheet.user_id != access.user_id:
            raise NotFound("Timesheet", id_or_date)
        return sheet
    sheet = await service.get_timesheet(db, access, id_or_date)
    access.require_manager()
    if user_id is not None and sheet.user_id != user_id.lower():
        raise NotFound("Timesheet", id_or_date)
    return sheet


async def _act(db, access: Access, sheet: service.Timesheet, body: schemas.TimesheetActionIn) -> service.Timesheet:
    return await service.act(db, access, sheet.id, body.Action, body.Comment, body.HasAttestation)


async def _history(db, access: Access, sheet: service.Timesheet) -> list[dict]:
    return [wire.timesheet_history(h) for h in reversed(await service.history(db, access, sheet.id))]


# --- the caller's -------------------------------------------------------------------------------


@router.get("/Me/Timesheets", summary="Your timesheets, newest period first")
async def list_my_timesheets(
    request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
    FromDate: str | None = None, ToDate: str | None = None, Status: ListFilter = None,  # noqa: N803
) -> JSON:
    query = listing.TimesheetQuery(statuses=_statuses(Status), first=day(FromDate, "FromDate"), last=day(ToDate, "ToDate"))
    found = await service.list_timesheets(db, access, query, window, "ME")
    return envelope.collection(request, await _rows(db, access, found.items, verbose), found.total, window)


@router.get("/Me/Timesheets/{timesheetID}", summary="One of your timesheets, by ID or by a date in its period")
async def get_my_timesheet(db: DbDep, access: AccessDep, timesheetID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return envelope.single((await _rows(db, access, [await _sheet(db, access, timesheetID, "ME")], verbose))[0])


@router.get("/Me/Timesheets/{timesheetID}/Actions", summary="The actions you may take on your timesheet now")
async def list_my_timesheet_actions(db: DbDep, access: AccessDep, timesheetID: str) -> JSON:  # noqa: N803
    sheet = await _sheet(db, access, timesheetID, "ME")
    return envelope.single([{"Action": a} for a in service.allowed_actions(access, sheet)])


@router.post("/Me/Timesheets/{timesheetID}/Actions", summary="Submit, withdraw, approve… your timesheet")
async def act_on_my_timesheet(db: DbDep, access: AccessDep, timesheetID: str, body: schemas.TimesheetActionIn) -> JSON:  # noqa: N803
    sheet = await _sheet(db, access, timesheetID, "ME")
    return envelope.single(wire.timesheet(await _act(db, access, sheet, body)))


@router.get("/Me/Timesheets/{timesheetID}/History", summary="What was done to your timesheet, newest first")
async def my_timesheet_history(db: DbDep, access: AccessDep, timesheetID: str) -> JSON:  # noqa: N803
    return envelope.single(await _history(db, access, await _sheet(db, access, timesheetID, "ME")))


# --- company-wide and managed -------------------------------------------------------------------


def _scoped(prefix: str, scope: listing.Scope) -> None:
    """The same operations under /Timesheets (COMPANY) and /Manage/Timesheets (MANAGED)."""
    where = "company-wide" if scope == "COMPANY" else "of the people you manage"
    tag = "company" if scope == "COMPANY" else "managed"

    async def list_sheets(
        request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
        UserID: ListFilter = None, Status: ListFilter = None, DivisionID: ListFilter = None,  # noqa: N803
        EmploymentTypeID: ListFilter = None, FromDate: str | None = None, ToDate: str | None = None,  # noqa: N803
    ) -> JSON:
        query = listing.TimesheetQuery(user_ids=UserID, statuses=_statuses(Status), first=day(FromDate, "FromDate"),
                                       last=day(ToDate, "ToDate"), division_ids=DivisionID,
                                       employment_type_ids=EmploymentTypeID)
        found = await service.list_timesheets(db, access, query, window, scope)
        return envelope.collection(request, await _rows(db, access, found.items, verbose), found.total, window)

    async def get_sheet(db: DbDep, access: AccessDep, timesheetID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
        return envelope.single((await _rows(db, access, [await _sheet(db, access, timesheetID, scope)], verbose))[0])

    async def get_user_sheet(db: DbDep, access: AccessDep, timesheetID: str, userID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
        return envelope.single((await _rows(db, access, [await _sheet(db, access, timesheetID, scope, userID)], verbose))[0])

    async def list_actions(db: DbDep, access: AccessDep, timesheetID: str) -> JSON:  # noqa: N803
        sheet = await _sheet(db, access, timesheetID, scope)
        return envelope.single([{"Action": a} for a in service.allowed_actions(access, sheet)])

    async def act(db: DbDep, access: AccessDep, timesheetID: str, body: schemas.TimesheetActionIn) -> JSON:  # noqa: N803
        sheet = await _sheet(db, access, timesheetID, scope)
        return envelope.single(wire.timesheet(await _act(db, access, sheet, body)))

    async def act_for_user(db: DbDep, access: AccessDep, timesheetID: str, userID: str,  # noqa: N803
                           body: schemas.TimesheetActionIn) -> JSON:
        sheet = await _sheet(db, access, timesheetID, scope, userID)
        return envelope.single(wire.timesheet(await _act(db, access, sheet, body)))

    async def history(db: DbDep, access: AccessDep, timesheetID: str) -> JSON:  # noqa: N803
        return envelope.single(await _history(db, access, await _sheet(db, access, timesheetID, scope)))

    one = prefix + "/{timesheetID}"
    for path, endpoint, method, summary in (
        (prefix, list_sheets, "GET", f"Timesheets {where}, newest period first"),
        (one, get_sheet, "GET", "One timesheet, by ID"),
        (one + "/Users/{userID}", get_user_sheet, "GET", "A person's timesheet, by a date in its period"),
        (one + "/Actions", list_actions, "GET", "The actions you may take on a timesheet now"),
        (one + "/Actions", act, "POST", "Approve, reject, lock… a timesheet"),
        (one + "/Users/{userID}/Actions", act_for_user, "POST", "Act on a person's timesheet, by a date in its period"),
        (one + "/History", history, "GET", "What was done to a timesheet, newest first"),
    ):
        router.add_api_route(path, endpoint, methods=[method], summary=summary,
                             name=f"{tag}_{endpoint.__name__}")


_scoped("/Timesheets", "COMPANY")
_scoped("/Manage/Timesheets", "MANAGED")

