"""Jobs: the projects of the Clockify dialect, same ids and rows. One deletion rule for every
dialect: only an inactive (archived) job can be deleted."""

from __future__ import annotations

from fastapi import Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ONE, BoolFilter, Embed, ListFilter, Paging, Verbose, embed, only, unmapped
from timeledger.api.responses import JSON, no_content
from timeledger.services import listing, members
from timeledger.services import projects as service
from timeledger.services.access import Access

router = transport.router()


def job_query(ids, names, active, client_ids, job_numbers, manager_ids=None, user_ids=None) -> listing.ProjectQuery:
    return listing.ProjectQuery(
        ids=ids, names=names, active=active, client_ids=client_ids, manager_ids=manager_ids, user_ids=user_ids,
        match_nothing=unmapped(job_numbers),
    )


async def one_job(db, access: Access, job_id: str, scope: listing.Scope) -> listing.ProjectView:
    return only(await listing.find_projects(db, access, listing.ProjectQuery(ids=[job_id]), ONE, scope), "Project", job_id)


def client_embed(db, access: Access) -> Embed:
    async def load(ids: list[str]) -> dict:
        return {i: wire.basic_client(c) for i, c in (await listing.clients_by_id(db, access, ids)).items()}

    return Embed("ClientID", "Client", load)


def manager_embed(db, access: Access) -> Embed:
    async def load(ids: list[str]) -> dict:
        return {i: wire.minimal_user(m) for i, m in (await listing.members_by_id(db, access, ids)).items()}

    return Embed("ProjectManagerID", "ProjectManager", load)


@router.get("/Jobs", summary="Jobs, by client and name")
async def list_jobs(
    request: Request, db: DbDep, access: AccessDep, window: Paging, verbose: Verbose = False,
    ID: ListFilter = None, Name: ListFilter = None, IsActive: BoolFilter = None,  # noqa: N803
    ClientID: ListFilter = None, JobNumber: ListFilter = None,  # noqa: N803
    ProjectManagerID: ListFilter = None, UserID: ListFilter = None,  # noqa: N803
) -> JSON:
    query = job_query(ID, Name, IsActive, ClientID, JobNumber, ProjectManagerID, UserID)
    found = await listing.find_projects(db, access, query, window, "COMPANY")
    return envelope.collection(request, await _rows(db, access, found.items, verbose), found.total, window)


@router.get("/Jobs/{jobID}")
async def get_job(db: DbDep, access: AccessDep, jobID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
    return envelope.single((await _rows(db, access, [await one_job(db, access, jobID, "COMPANY")], verbose))[0])


@router.post("/Jobs", status_code=201)
async def create_job(db: DbDep, access: AccessDep, body: schemas.JobIn) -> JSON:
    data = service.ProjectInput(
        name=body.Name, client_id=body.ClientID or None, note=body.Notes, billable=body.IsBillable,
        archived=True if body.IsActive is False else None,
        hourly_rate=service.RateChange(wire.minor_units(body.BillingRate)) if body.BillingRate is not None else None,
    )
    job_id = await members.create_project_with_manager(
        db, access, data, set_manager=body.sent("ProjectManagerID"), manager_id=body.ProjectManagerID)
    return envelope.single(await _read(db, access, job_id), status_code=201)


@router.patch("/Jobs/{jobID}")
async def update_job(db: DbDep, access: AccessDep, jobID: str, body: schemas.JobIn) -> JSON:  # noqa: N803
    sent = {name: field for name, field in (
        ("Name", "name"), ("ClientID", "client_id"), ("Notes", "note"), ("IsBillable", "billable"), ("IsActive", "archived"),
    ) if body.sent(name)}
    data = service.ProjectInput(
        name=body.Name, client_id=body.ClientID or None, note=body.Notes or "", billable=body.IsBillable,
        archived=None if body.IsActive is None else not body.IsActive,
        hourly_rate=service.RateChange(wire.minor_units(body.BillingRate)) if body.BillingRate is not None else None,
        present=frozenset(sent.values()),
    )
    job_id = await members.update_project_with_manager(
        db, access, jobID, data if body.model_fields_set != {"ProjectManagerID"} else None,
        set_manager=body.sent("ProjectManagerID"), manager_id=body.ProjectManagerID)
    return envelope.single(await _read(db, access, job_id))


@router.delete("/Jobs/{jobID}", status_code=204, summary="Delete an inactive job (its time entries stay)")
async def delete_job(db: DbDep, access: AccessDep, jobID: str) -> Response:  # noqa: N803
    await service.delete_project(db, access, jobID)
    return no_content()


async def _read(db, access: Access, project_id: str) -> dict:
    return (await _rows(db, access, [await one_job(db, access, project_id, "ME")], False))[0]


async def _rows(db, access: Access, views: list[listing.ProjectView], verbose: bool) -> list[dict]:
    rows = [wire.job(v) for v in views]
    if verbose:
        await embed(rows, [client_embed(db, access), manager_embed(db, access)])
    return rows
