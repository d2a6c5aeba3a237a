"""Leave: TimeOffTypes (company-wide, and the active ones at /Me/TimeOffTypes) and TimeOff, hours
of leave on a date (/Me/TimeOff for the caller's own, /TimeOff for admins, with UserID).

TimeOff is written directly only for types that need no approval; its Date cannot change; a day
of an approved or locked timesheet refuses it (403 naming the period), as time entries do.
"""

from __future__ import annotations

from datetime import date

from typing import Annotated

from fastapi import Depends, Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ONE, BoolFilter, Embed, ListFilter, NamedFilter, Paging, Verbose, embed, only
from timeledger.api.responses import JSON, no_content
from timeledger.services import listing
from timeledger.services import time_off as service
from timeledger.services.access import Access
from timeledger.services.errors import Invalid

router = transport.router()


def day(value: str | None, field: str) -> date | None:
    """A date given in a query or a path, checked as body dates are (schemas.IsoDate)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(schemas.iso_date(value))  # one rule for every date
    except ValueError as exc:
        raise Invalid(f"{field} {exc}", field) from None


# --- types --------------------------------------------------------------------------------------


async def _type(db, access: Access, type_id: str, scope: listing.Scope):
    found = await listing.find_named(db, access, "TIME_OFF_TYPE", listing.NamedQuery(ids=[type_id]), ONE, scope)
    return only(found, "Time off type", type_id)


async def type_filter(query: NamedFilter, RequiresApproval: BoolFilter = None) -> listing.NamedQuery:  # noqa: N803
    query.requires_approval = RequiresApproval
    return query


TypeFilter = Annotated[listing.NamedQuery, Depends(type_filter)]


@router.get("/TimeOffTypes", summary="Leave types, by name")
async def list_time_off_types(request: Request, db: DbDep, access: AccessDep, window: Paging, query: TypeFilter) -> JSON:
    found = await listing.find_named(db, access, "TIME_OFF_TYPE", query, window, "COMPANY")
    return envelope.collection(request, [wire.time_off_type(t) for t in found.items], found.total, window)


@router.get("/Me/TimeOffTypes", summary="The leave types you may use (the active ones)")
async def list_my_time_off_types(request: Request, db: DbDep, access: AccessDep, window: Paging, query: TypeFilter) -> JSON:
    found = await listing.find_named(db, access, "TIME_OFF_TYPE", query, window, "ME")
    return envelope.collection(request, [wire.time_off_type_me(t) for t in found.items], found.total, window)


@router.get("/TimeOffTypes/{timeOffTypeID}")
async def get_time_off_type(db: DbDep, access: AccessDep, timeOffTypeID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.time_off_type(await _type(db, access, timeOffTypeID, "COMPANY")))


@router.get("/Me/TimeOffTypes/{timeOffTypeID}")
async def get_my_time_off_type(db: DbDep, access: AccessDep, timeOffTypeID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.time_off_type_me(await _type(db, access, timeOffTypeID, "ME")))


@router.post("/TimeOffTypes", status_code=201, summary="Add a leave type (admins)")
async def create_time_off_type(db: DbDep, access: AccessDep, body: schemas.TimeOffTypeIn) -> JSON:
    body.require("Name")
    data = service.TimeOffTypeInput(name=body.Name, requires_approval=body.RequiresApproval, active=body.IsActive)
    return envelope.single(wire.time_off_type(await service.create_type(db, access, data)), status_code=201)


@router.patch("/TimeOffTypes/{timeOffTypeID}", summary="Change a leave type (admins)")
async def update_time_off_type(db: DbDep, access: AccessDep, timeOffTypeID: str, body: schemas.TimeOffTypeIn) -> JSON:  # noqa: N803
    data = service.TimeOffTypeInput(name=body.Name, requires_approval=body.RequiresApproval, active=body.IsActive)
    return envelope.single(wire.time_off_type(await service.update_type(db, access, timeOffTypeID, data)))


# --- leave taken ----------------------------------------------------------------------------------


def type_embed(db, access: Access) -> Embed:
    async def load(ids: list[str]) -> dict:
        return {i: wire.basic(t) for i, t in (await listing.named_by_id(db, access, "TIME_OFF_TYPE", ids)).items()}

    return Embed("TimeOffTypeID", "TimeOffType", load)


def user_embed(db, access: Access) -> Embed:
    async def load(ids: list[str]) -> dict:
        return {i: wire.basic_user(m) for i, m in (await listing.members_by_id(db, access, ids)).items()}

    return Embed("UserID", "User", load)


async def _rows(db, access: Access, leave: list, verbose: bool) -> list[dict]:
    rows = [wire.time_off(x) for x in leave]
    if verbose:
        embeds = [type_embed(db, access)]
        if access.is_manager:
            embeds.append(user_embed(db, access))
        await embed(rows, embeds)
    return rows


async def _list(request: Request, db, access: Access, window, scope, verbose, **filters) -> JSON:
    query = listing.TimeOffQuery(
        ids=filters["ids"], user_ids=filters.get("user_ids"), type_ids=filters["type_ids"],
        dates=[day(d, "Date") for d in filters["dates"] or ()] or None,
        first=day(filters["first"], "FromDate"), last=day(filters["last"], "ToDate"),
    )
    found = await listing.find_time_off(db, access, query, window, scope)
    return envelope.collection(request, await _rows(db, access, found.items, verbose), found.total, window)


async def _leave(db, access: Access, leave_id: str, scope: listing.Scope):
    return only(await listing.find_time_off(db, access, listing.TimeOffQuery(ids=[leave_id]), ONE, scope), "Time off", leave_id)


async def _get(db, access: Access, leave_id: str, scope: listing.Scope, verbose: bool) -> JSON:
    return envelope.single((await _rows(db, access, [await _leave(db, access, leave_id, scope)], verbose))[0])


async def _create(db, access: Access, body: schemas.TimeOffIn, user_id: str | None = None) -> JSON:
    leave = await service.create_time_off(db, access, _input(body), user_id=user_id)
    return envelope.single((await _rows(db, access, [leave], False))[0], status_code=201)


async def _update(db, access: Access, leave_id: str, body: schemas.TimeOffIn, scope: listing.Scope) -> JSON:
    if body.sent("UserID"):
        raise Invalid("UserID cannot be changed", "UserID")
    leave = await _leave(db, access, leave_id, scope)
    updated = await service.update_time_off(db, access, leave.id, _input(body))
    return envelope.single((await _rows(db, access, [updated], False))[0])


async def _delete(db, access: Access, leave_id: str, scope: listing.Scope) -> Response:
    leave = await _leave(db, access, leave_id, scope)
    await service.delete_time_off(db, access, leave.id)
    return no_content()


def _input(body: schemas.TimeOffIn) -> service.TimeOffInput:
    return service.TimeOffInput(
        type_id=body.TimeOffTypeID, date=day(body.Date, "Date"),
        duration_s=None if body.Hours is None else wire.seconds(body.Hours),
        notes=(body.Notes or "") if body.sent("Notes") else None,
    )


@router.get("/Me/TimeOff", summary="Your time off, newest first")
async def list_my_time_off(
    request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
    ID: ListFilter = None, TimeOffTypeID: ListFilter = None, Date: ListFilter = None,  # noqa: N803
    FromDate: str | None = None, ToDate: str | None = None,  # noqa: N803
) -> JSON:
    return await _list(request, db, access, window, "ME", verbose, ids=ID, type_ids=TimeOffTypeID, dates=Date,
                       first=FromDate, last=ToDate)


@router.post("/Me/TimeOff", status_code=201, summary="Take hours of leave on a date")
async def create_my_time_off(db: DbDep, access: AccessDep, body: schemas.TimeOffIn) -> JSON:
    body.require("Date", "Hours", "TimeOffTypeID")
    if body.sent("UserID") and (body.UserID or "").lower() != access.user_id:
        raise Invalid("UserID: time off through /Me is your own; admins use /TimeOff", "UserID")
    return await _create(db, access, body)


@router.get("/Me/TimeOff/{timeOffID}")
async def get_my_time_off(db: DbDep, access: AccessDep, timeOffID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return await _get(db, access, timeOffID, "ME", verbose)


@router.patch("/Me/TimeOff/{timeOffID}", summary="Change the hours, type or notes of your time off")
async def update_my_time_off(db: DbDep, access: AccessDep, timeOffID: str, body: schemas.TimeOffIn) -> JSON:  # noqa: N803
    return await _update(db, access, timeOffID, body, "ME")


@router.delete("/Me/TimeOff/{timeOffID}", status_code=204)
async def delete_my_time_off(db: DbDep, access: AccessDep, timeOffID: str) -> Response:  # noqa: N803
    return await _delete(db, access, timeOffID, "ME")


@router.get("/TimeOff", summary="Everyone's time off, newest first (admins)")
async def list_time_off(
    request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
    ID: ListFilter = None, UserID: ListFilter = None, TimeOffTypeID: ListFilter = None,  # noqa: N803
    Date: ListFilter = None, FromDate: str | None = None, ToDate: str | None = None,  # noqa: N803
) -> JSON:
    return await _list(request, db, access, window, "COMPANY", verbose, ids=ID, user_ids=UserID, type_ids=TimeOffTypeID,
                       dates=Date, first=FromDate, last=ToDate)


@router.post("/TimeOff", status_code=201, summary="Enter leave for someone (admins)")
async def create_time_off(db: DbDep, access: AccessDep, body: schemas.TimeOffIn) -> JSON:
    access.require_admin()
    body.require("Date", "Hours", "TimeOffTypeID", "UserID")
    return await _create(db, access, body, body.UserID)


@router.get("/TimeOff/{timeOffID}")
async def get_time_off(db: DbDep, access: AccessDep, timeOffID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return await _get(db, access, timeOffID, "COMPANY", verbose)


@router.patch("/TimeOff/{timeOffID}")
async def update_time_off(db: DbDep, access: AccessDep, timeOffID: str, body: schemas.TimeOffIn) -> JSON:  # noqa: N803
    return await _update(db, access, timeOffID, body, "COMPANY")


@router.delete("/TimeOff/{timeOffID}", status_code=204)
async def delete_time_off(db: DbDep, access: AccessDep, timeOffID: str) -> Response:  # noqa: N803
    return await _delete(db, access, timeOffID, "COMPANY")
