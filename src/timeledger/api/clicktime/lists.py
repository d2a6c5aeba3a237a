"""The company's simple lists: Divisions and EmploymentTypes (no DELETE: ClickTime deactivates
them), and the work codes timeledger adds to ClickTime's model: CostCodes, LaborCodes and
TimeEntryTypes (DELETE refused while entries carry the code). Divisions are the user groups of the
Clockify dialect that have `is_division` set, with the same ids.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import ONE, ListFilter, NamedFilter, Paging, only
from timeledger.api.responses import JSON, no_content
from timeledger.services import divisions, employment_types, listing, work_codes
from timeledger.services.access import Access

router = transport.router()


async def _one(db, access: Access, kind: str, item_id: str, entity: str, scope: listing.Scope = "COMPANY") -> Any:
    return only(await listing.find_named(db, access, kind, listing.NamedQuery(ids=[item_id]), ONE, scope), entity, item_id)


# --- divisions ----------------------------------------------------------------------------------


@router.get("/Divisions", summary="Divisions, by name")
async def list_divisions(request: Request, db: DbDep, access: AccessDep, window: Paging, query: NamedFilter) -> JSON:
    found = await listing.find_named(db, access, "DIVISION", query, window, "COMPANY")
    return envelope.collection(request, [wire.division(d) for d in found.items], found.total, window)


@router.get("/Divisions/{divisionID}")
async def get_division(db: DbDep, access: AccessDep, divisionID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.division(await _one(db, access, "DIVISION", divisionID, "Division")))


@router.post("/Divisions", status_code=201, summary="Add a division (seen through Clockify as a user group)")
async def create_division(db: DbDep, access: AccessDep, body: schemas.NamedIn) -> JSON:
    body.require("Name")
    data = divisions.DivisionInput(name=body.Name, active=body.IsActive, accounting_package_id=body.AccountingPackageID)
    return envelope.single(wire.division(await divisions.create_division(db, access, data)), status_code=201)


@router.patch("/Divisions/{divisionID}", summary="Rename, (de)activate a division")
async def update_division(db: DbDep, access: AccessDep, divisionID: str, body: schemas.NamedIn) -> JSON:  # noqa: N803
    accounting = (body.AccountingPackageID or "") if body.sent("AccountingPackageID") else None
    data = divisions.DivisionInput(name=body.Name, active=body.IsActive, accounting_package_id=accounting)
    return envelope.single(wire.division(await divisions.update_division(db, access, divisionID, data)))


# --- employment types ---------------------------------------------------------------------------


@router.get("/EmploymentTypes", summary="Employment types, by name")
async def list_employment_types(request: Request, db: DbDep, access: AccessDep, window: Paging, query: NamedFilter) -> JSON:
    found = await listing.find_named(db, access, "EMPLOYMENT_TYPE", query, window, "COMPANY")
    return envelope.collection(request, [wire.employment_type(t) for t in found.items], found.total, window)


@router.get("/EmploymentTypes/{employmentTypeID}")
async def get_employment_type(db: DbDep, access: AccessDep, employmentTypeID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.employment_type(await _one(db, access, "EMPLOYMENT_TYPE", employmentTypeID, "Employment type")))


@router.post("/EmploymentTypes", status_code=201, summary="Add an employment type")
async def create_employment_type(db: DbDep, access: AccessDep, body: schemas.NamedIn) -> JSON:
    body.require("Name")
    data = employment_types.EmploymentTypeInput(name=body.Name, active=body.IsActive)
    return envelope.single(wire.employment_type(await employment_types.create_employment_type(db, access, data)), status_code=201)


@router.patch("/EmploymentTypes/{employmentTypeID}", summary="Rename, (de)activate an employment type")
async def update_employment_type(db: DbDep, access: AccessDep, employmentTypeID: str, body: schemas.NamedIn) -> JSON:  # noqa: N803
    data = employment_types.EmploymentTypeInput(name=body.Name, active=body.IsActive)
    return envelope.single(wire.employment_type(await employment_types.update_employment_type(db, access, employmentTypeID, data)))


@router.get("/EmploymentTypes/{employmentTypeID}/Users", summary="IDs of the people of an employment type")
async def list_employment_type_users(db: DbDep, access: AccessDep, employmentTypeID: str) -> JSON:  # noqa: N803
    await _one(db, access, "EMPLOYMENT_TYPE", employmentTypeID, "Employment type")
    return envelope.single((await employment_types.get_employment_type(db, access, employmentTypeID)).user_ids)


# --- work codes ---------------------------------------------------------------------------------

# path: (kind, entity in messages)
WORK_CODES = {
    "CostCodes": ("COST_CODE", "Cost code"),
    "LaborCodes": ("LABOR_CODE", "Labor code"),
    "TimeEntryTypes": ("TIME_ENTRY_TYPE", "Time entry type"),
}


def _work_code_routes(r: APIRouter, path: str, kind: str, entity: str) -> None:
    """List, read, create, change and delete one kind of work code under /{path}."""
    plural = entity.lower() + "s"

    async def list_codes(
        request: Request, db: DbDep, access: AccessDep, window: Paging, query: NamedFilter, Code: ListFilter = None,  # noqa: N803
    ) -> JSON:
        query.codes = Code
        found = await listing.find_named(db, access, kind, query, window, "ME")
        return envelope.collection(request, [wire.work_code(c) for c in found.items], found.total, window)

    async def get_code(db: DbDep, access: AccessDep, codeID: str) -> JSON:  # noqa: N803
        return envelope.single(wire.work_code(await _one(db, access, kind, codeID, entity, "ME")))

    async def create_code(db: DbDep, access: AccessDep, body: schemas.WorkCodeIn) -> JSON:
        body.require("Name")
        data = work_codes.WorkCodeInput(name=body.Name, code=body.Code, description=body.Description, active=body.IsActive)
        return envelope.single(wire.work_code(await work_codes.create_code(db, access, kind, data)), status_code=201)

    async def update_code(db: DbDep, access: AccessDep, codeID: str, body: schemas.WorkCodeIn) -> JSON:  # noqa: N803
        data = work_codes.WorkCodeInput(
            name=body.Name, code=(body.Code or "") if body.sent("Code") else None,
            description=(body.Description or "") if body.sent("Description") else None, active=body.IsActive,
        )
        return envelope.single(wire.work_code(await work_codes.update_code(db, access, kind, codeID, data)))

    async def delete_code(db: DbDep, access: AccessDep, codeID: str) -> Response:  # noqa: N803
        await work_codes.delete_code(db, access, kind, codeID)
        return no_content()

    r.add_api_route(f"/{path}", list_codes, methods=["GET"], summary=f"The company's {plural}, by name",
                    name=f"list_{kind.lower()}s")
    r.add_api_route(f"/{path}/{{codeID}}", get_code, methods=["GET"], summary=f"One {entity.lower()}",
                    name=f"get_{kind.lower()}")
    r.add_api_route(f"/{path}", create_code, methods=["POST"], status_code=201, summary=f"Add a {entity.lower()}",
                    name=f"create_{kind.lower()}")
    r.add_api_route(f"/{path}/{{codeID}}", update_code, methods=["PATCH"], summary=f"Change a {entity.lower()}",
                    name=f"update_{kind.lower()}")
    r.add_api_route(f"/{path}/{{codeID}}", delete_code, methods=["DELETE"], status_code=204,
                    summary=f"Delete a {entity.lower()} no time entry carries", name=f"delete_{kind.lower()}")


for _path, (_kind, _entity) in WORK_CODES.items():
    _work_code_routes(router, _path, _kind, _entity)

