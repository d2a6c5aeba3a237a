"""The caller: /Me, its token, and the clients and jobs it may log time to."""

from __future__ import annotations

from fastapi import Request

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, transport, wire
from timeledger.api.clicktime.auth import AccessDep, BasicPrincipalDep, MeCallerDep
from timeledger.api.clicktime.clients import ClientFilter, one_client
from timeledger.api.clicktime.jobs import client_embed, job_query, one_job
from timeledger.api.clicktime.params import BoolFilter, ListFilter, Paging, Verbose, embed, nothing
from timeledger.api.responses import JSON
from timeledger.services import listing, members, users

router = transport.router()


@router.get("/Me", summary="The current user; with Basic authentication, also a new token")
async def get_me(db: DbDep, caller: MeCallerDep, verbose: Verbose = False) -> JSON:
    token = None
    if caller.signed_in_with_password:
        # Keys are stored hashed: signing in with a password issues a new one (earlier ones stay).
        token = wire.auth_token(*await users.issue_key(db, caller.access.user_id, "clicktime sign-in"))
    placement = await members.placement(db, caller.access)
    data = wire.me(caller.access, token, placement)
    if verbose:
        await embed([data], nothing("TimesheetApprover", "DefaultTask"))
        data["Division"] = wire.basic(placement.division) if placement.division else None
        data["EmploymentType"] = wire.basic(placement.employment_type) if placement.employment_type else None
    return envelope.single(data)


@router.post("/Me/ResetAuthToken", summary="Replace every token of the user with a new one (Basic only)")
async def reset_auth_token(db: DbDep, principal: BasicPrincipalDep) -> JSON:
    return envelope.single(wire.auth_token(*await users.issue_key(db, principal.user_id, "clicktime reset", revoke_others=True)))


@router.get("/Me/Clients", summary="Clients of the jobs you may log time to")
async def list_my_clients(request: Request, db: DbDep, access: AccessDep, window: Paging, query: ClientFilter) -> JSON:
    found = await listing.find_clients(db, access, query, window, "ME")
    return envelope.collection(request, [wire.client_me(c) for c in found.items], found.total, window)


@router.get("/Me/Clients/{clientID}")
async def get_my_client(db: DbDep, access: AccessDep, clientID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.client_me(await one_client(db, access, clientID, "ME")))


@router.get("/Me/Jobs", summary="Jobs you may log time to: public ones and those you are a member of")
async def list_my_jobs(
    request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
    ID: ListFilter = None, Name: ListFilter = None, IsActive: BoolFilter = None,  # noqa: N803
    ClientID: ListFilter = None, JobNumber: ListFilter = None,  # noqa: N803
) -> JSON:
    query = job_query(ID, Name, IsActive, ClientID, JobNumber)
    found = await listing.find_projects(db, access, query, window, "ME")
    rows = [wire.job_me(v) for v in found.items]
    if verbose:
        await embed(rows, [client_embed(db, access)])
    return envelope.collection(request, rows, found.total, window)


@router.get("/Me/Jobs/{jobID}")
async def get_my_job(db: DbDep, access: AccessDep, jobID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    rows = [wire.job_me(await one_job(db, access, jobID, "ME"))]
    if verbose:
        await embed(rows, [client_embed(db, access)])
    return envelope.single(rows[0])
