"""People: company-wide (/Users) and those a manager manages (/Manage/Users). A User's ID is the
user id of the Clockify dialect. DELETE deactivates: people keep their time entries."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ONE, BoolFilter, Embed, ListFilter, Paging, Verbose, embed, nothing, only, unmapped
from timeledger.api.responses import JSON, no_content
from timeledger.services import listing, members, workspaces
from timeledger.services.access import Access
from timeledger.services.errors import Invalid
from timeledger.services.listing import Scope

router = transport.router()

def user_embeds(db, access: Access) -> list[Embed]:
    """Division and EmploymentType next to their IDs; approvers are not stored (always null)."""

    async def divisions(ids: list[str]) -> dict:
        found = await listing.find_named(db, access, "DIVISION", listing.NamedQuery(ids=ids), listing.Window(0, len(ids)), "ME")
        return {d.id: wire.basic(d) for d in found.items}

    async def types(ids: list[str]) -> dict:
        found = await listing.find_named(db, access, "EMPLOYMENT_TYPE", listing.NamedQuery(ids=ids), listing.Window(0, len(ids)), "ME")
        return {t.id: wire.basic(t) for t in found.items}

    return [Embed("DivisionID", "Division", divisions), Embed("EmploymentTypeID", "EmploymentType", types),
            *nothing("TimesheetApprover")]


async def user_filter(
    ID: ListFilter = None, Name: ListFilter = None, Email: ListFilter = None, IsActive: BoolFilter = None,  # noqa: N803
    SecurityLevel: ListFilter = None, DivisionID: ListFilter = None,  # noqa: N803
    EmploymentTypeID: ListFilter = None, TimesheetApproverID: ListFilter = None,  # noqa: N803
) -> listing.MemberQuery:
    """The filters of /Users and /Manage/Users."""
    roles = None
    if SecurityLevel:
        wanted = [level.upper() for level in SecurityLevel]
        if any(level not in wire.ROLES_AT_LEVEL for level in wanted):
            raise Invalid("SecurityLevel must be ADMIN, MANAGER or STANDARD", "SecurityLevel")
        roles = [role for level in wanted for role in wire.ROLES_AT_LEVEL[level]]
    return listing.MemberQuery(
        ids=ID, names=Name, emails=Email, active=IsActive, roles=roles, division_ids=DivisionID,
        employment_type_ids=EmploymentTypeID, match_nothing=unmapped(TimesheetApproverID),
    )


UserFilter = Annotated[listing.MemberQuery, Depends(user_filter)]


async def _list(request: Request, db, access: Access, window, query: listing.MemberQuery, scope: Scope, verbose: bool) -> JSON:
    found = await listing.find_members(db, access, query, window, scope)
    rows = [wire.user(m) for m in found.items]
    if verbose:
        await embed(rows, user_embeds(db, access))
    return envelope.collection(request, rows, found.total, window)


async def _one(db, access: Access, user_id: str, scope: Scope) -> listing.Member:
    return only(await listing.find_members(db, access, listing.MemberQuery(ids=[user_id]), ONE, scope), "User", user_id)


async def _single(db, access: Access, user_id: str, scope: Scope, verbose: bool, status_code: int = 200) -> JSON:
    row = wire.user(await _one(db, access, user_id, scope))
    if verbose:
        await embed([row], user_embeds(db, access))
    return envelope.single(row, status_code)


@router.get("/Users", summary="People, by name")
async def list_users(
    request: Request, db: DbDep, access: AccessDep, window: Paging, query: UserFilter, verbose: Verbose = False,
    JobID: ListFilter = None,  # noqa: N803
) -> JSON:
    query.project_ids = JobID
    return await _list(request, db, access, window, query, "COMPANY", verbose)


@router.get("/Users/{userID}")
async def get_user(db: DbDep, access: AccessDep, userID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return await _single(db, access, userID, "COMPANY", verbose)


@router.post("/Users", status_code=201, summary="Add a person (ADMIN, MANAGER or STANDARD)")
async def create_user(db: DbDep, access: AccessDep, body: schemas.UserIn) -> JSON:
    data = members.NewMember(
        email=body.Email, name=body.Name, role=wire.ROLE_FOR_LEVEL[body.SecurityLevel or "STANDARD"],
        hourly_rate=None if body.BillingRate is None else wire.minor_units(body.BillingRate),
        cost_rate=None if body.CostRate is None else wire.minor_units(body.CostRate),
        active=body.IsActive is not False, division_id=body.DivisionID, employment_type_id=body.EmploymentTypeID,
    )
    user_id = await members.add_member(db, access, data)
    return await _single(db, access, user_id, "COMPANY", False, 201)


@router.patch("/Users/{userID}", summary="Change a person's name, status or rates")
async def update_user(db: DbDep, access: AccessDep, userID: str, body: schemas.UserIn) -> JSON:  # noqa: N803
    change = members.MemberChange(
        email=body.Email if body.sent("Email") else None,
        roles=tuple(wire.ROLES_AT_LEVEL.get(body.SecurityLevel or "", ())) if body.sent("SecurityLevel") else None,
        active=body.IsActive if body.sent("IsActive") else None, name=body.Name if body.sent("Name") else None,
        hourly_rate=None if body.BillingRate is None else wire.minor_units(body.BillingRate),
        cost_rate=None if body.CostRate is None else wire.minor_units(body.CostRate),
        division_id=body.DivisionID, employment_type_id=body.EmploymentTypeID,
        present=frozenset(f for f, name in (("division_id", "DivisionID"), ("employment_type_id", "EmploymentTypeID"))
                          if body.sent(name)),
    )
    user_id = await members.update_member(db, access, userID, change)
    return await _single(db, access, user_id, "COMPANY", False)


@router.delete("/Users/{userID}", status_code=204, summary="Deactivate a person (their time entries stay)")
async def delete_user(db: DbDep, access: AccessDep, userID: str) -> Response:  # noqa: N803
    await workspaces.remove_user(db, access, userID)
    return no_content()


@router.get("/Manage/Users", summary="The people you manage")
async def list_managed_users(
    request: Request, db: DbDep, access: AccessDep, window: Paging, query: UserFilter, verbose: Verbose = False,
) -> JSON:
    return await _list(request, db, access, window, query, "MANAGED", verbose)


@router.get("/Manage/Users/{userID}")
async def get_managed_user(db: DbDep, access: AccessDep, userID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return await _single(db, access, userID, "MANAGED", verbose)
