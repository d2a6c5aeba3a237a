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
from timeledger.services import divisions, employment_types, listing, members, rates, workspaces
from timeledger.services import users as service
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


async def _check_org(db, access: Access, body: schemas.UserIn) -> None:
    """Refuse a DivisionID or EmploymentTypeID that names nothing (or an inactive one) before writing."""
    access.require_admin()
    for field, kind, entity in (("DivisionID", "DIVISION", "division"), ("EmploymentTypeID", "EMPLOYMENT_TYPE", "employment type")):
        value = getattr(body, field)
        if body.sent(field) and value is not None:
            found = await listing.find_named(db, access, kind, listing.NamedQuery(ids=[value]), listing.Window(0, 1), "ME")
            if not found.items:
                raise Invalid(f"{field} does not name a {entity} of this company", field)
            if not found.items[0].active:
                raise Invalid(f"{field} names an inactive {entity}", field)


async def _set_org(db, access: Access, user_id: str, body: schemas.UserIn) -> None:
    if body.sent("DivisionID"):
        await divisions.set_user_division(db, access, user_id, body.DivisionID)
    if body.sent("EmploymentTypeID"):
        await employment_types.set_member_employment_type(db, access, user_id, body.EmploymentTypeID)


@router.post("/Users", status_code=201, summary="Add a person (ADMIN, MANAGER or STANDARD)")
async def create_user(db: DbDep, access: AccessDep, body: schemas.UserIn) -> JSON:
    await _check_org(db, access, body)
    data = members.NewMember(
        email=body.Email, name=body.Name, role=wire.ROLE_FOR_LEVEL[body.SecurityLevel or "STANDARD"],
        hourly_rate=None if body.BillingRate is None else wire.minor_units(body.BillingRate),
        cost_rate=None if body.CostRate is None else wire.minor_units(body.CostRate),
        active=body.IsActive is not False,
    )
    user_id = await members.add_member(db, access, data)
    await _set_org(db, access, user_id, body)
    return await _single(db, access, user_id, "COMPANY", False, 201)


@router.patch("/Users/{userID}", summary="Change a person's name, status or rates")
async def update_user(db: DbDep, access: AccessDep, userID: str, body: schemas.UserIn) -> JSON:  # noqa: N803
    current = await _one(db, access, userID, "COMPANY")
    if body.sent("Email") and body.Email.lower() != current.email.lower():
        raise Invalid("Email cannot be changed", "Email")
    if body.sent("SecurityLevel") and body.SecurityLevel != wire.SECURITY_LEVELS.get(current.role):
        raise Invalid("SecurityLevel cannot be changed after a person is added", "SecurityLevel")
    if body.sent("DivisionID") or body.sent("EmploymentTypeID"):
        await _check_org(db, access, body)
    # The status goes first: it is the change the services may refuse (the owner, yourself);
    # the others were checked by the schema already.
    if body.sent("IsActive") and body.IsActive != (current.status == "ACTIVE"):
        await workspaces.set_member_status(db, access, current.id, "ACTIVE" if body.IsActive else "INACTIVE")
    if body.sent("Name"):
        await service.update_member_profile(db, access, current.id, service.ProfileChange(name=body.Name))
    for rate_type, amount in ((rates.HOURLY, body.BillingRate), (rates.COST, body.CostRate)):
        if amount is not None:
            await workspaces.set_member_rate(db, access, current.id, rate_type, wire.minor_units(amount), None)
    await _set_org(db, access, current.id, body)
    return await _single(db, access, current.id, "COMPANY", False)


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
