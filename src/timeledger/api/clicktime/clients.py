"""Clients, company-wide (managers and admins). One deletion rule for every dialect: only an
inactive (archived) client can be deleted."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ONE, BoolFilter, ListFilter, Paging, only, unmapped
from timeledger.api.responses import JSON, no_content
from timeledger.services import clients as service
from timeledger.services import listing
from timeledger.services.access import Access

router = transport.router()


async def client_filter(
    ID: ListFilter = None, Name: ListFilter = None, IsActive: BoolFilter = None,  # noqa: N803
    ClientNumber: ListFilter = None, ShortName: ListFilter = None,  # noqa: N803
) -> listing.ClientQuery:
    """The filters of /Clients and /Me/Clients."""
    return listing.ClientQuery(ids=ID, names=Name, active=IsActive, match_nothing=unmapped(ClientNumber, ShortName))


ClientFilter = Annotated[listing.ClientQuery, Depends(client_filter)]


async def one_client(db, access: Access, client_id: str, scope: listing.Scope) -> service.Client:
    return only(await listing.find_clients(db, access, listing.ClientQuery(ids=[client_id]), ONE, scope), "Client", client_id)


@router.get("/Clients", summary="Clients, by name")
async def list_clients(request: Request, db: DbDep, access: AccessDep, window: Paging, query: ClientFilter) -> JSON:
    found = await listing.find_clients(db, access, query, window, "COMPANY")
    return envelope.collection(request, [wire.client(c) for c in found.items], found.total, window)


@router.post("/Clients", status_code=201)
async def create_client(db: DbDep, access: AccessDep, body: schemas.ClientIn) -> JSON:
    client = await service.create_client(
        db, access, service.ClientInput(name=body.Name, note=body.Notes, archived=body.IsActive is False))
    return envelope.single(wire.client(client), status_code=201)


@router.get("/Clients/{clientID}")
async def get_client(db: DbDep, access: AccessDep, clientID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.client(await one_client(db, access, clientID, "COMPANY")))


@router.patch("/Clients/{clientID}")
async def update_client(db: DbDep, access: AccessDep, clientID: str, body: schemas.ClientIn) -> JSON:  # noqa: N803
    current = await service.get_client(db, access, clientID)
    change = _replacing(
        current, access,
        name=body.Name if body.sent("Name") else current.name,
        note=(body.Notes or None) if body.sent("Notes") else current.note,
        archived=(not body.IsActive) if body.sent("IsActive") else current.archived,
    )
    return envelope.single(wire.client(await service.update_client(db, access, current.id, change)))


@router.delete("/Clients/{clientID}", status_code=204, summary="Delete an inactive client")
async def delete_client(db: DbDep, access: AccessDep, clientID: str) -> Response:  # noqa: N803
    await service.delete_client(db, access, clientID)
    return no_content()


def _replacing(current: service.Client, access, **changes) -> service.ClientInput:
    """The services replace a client whole: keep what ClickTime does not speak of as it is."""
    # A client without a currency of its own reads as the workspace's; keep it without one.
    currency = None if current.currency_code == access.workspace.currency else current.currency_code
    values = {"name": current.name, "email": current.email, "address": current.address, "note": current.note,
              "archived": current.archived, "currency_code": currency, "cc_emails": current.cc_emails, **changes}
    return service.ClientInput(**values)
