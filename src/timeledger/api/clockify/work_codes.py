"""Cost codes, labor codes and time entry types: three workspace lists that time entries can
carry (timeledger's, from ClickTime; not on Clockify). Same conventions as tags."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify import schemas, wire
from timeledger.api.clockify.params import Paging, SortOrder
from timeledger.api.responses import JSON, paged
from timeledger.services import work_codes as service

router = APIRouter(prefix="/v1/workspaces/{workspaceId}", tags=["Work codes"])

# path segment, kind, operation id noun (singular, plural), words
KINDS = (
    ("cost-codes", "COST_CODE", "cost-code", "cost-codes", "cost code"),
    ("labor-codes", "LABOR_CODE", "labor-code", "labor-codes", "labor code"),
    ("time-entry-types", "TIME_ENTRY_TYPE", "time-entry-type", "time-entry-types", "time entry type"),
)


def _input(body: schemas.WorkCodeIn) -> service.WorkCodeInput:
    return service.WorkCodeInput(name=body.name, code=body.code, description=body.description, active=body.active)


def _routes(path: str, kind: str, one: str, many: str, words: str) -> None:
    """The five routes of one list; closures keep each route's kind."""

    async def list_codes(
        db: DbDep, access: AccessDep, page: Paging, name: str | None = None, active: bool | None = None,
        sort_order: Annotated[SortOrder | None, Query(alias="sort-order")] = None,
    ) -> JSON:
        items, last = await service.list_codes(
            db, access, kind, name=name, active=active, sort_order=sort_order or "ASCENDING", page=page
        )
        return paged([wire.work_code(c) for c in items], last)

    async def create_code(db: DbDep, access: AccessDep, body: schemas.WorkCodeIn) -> JSON:
        return JSON(wire.work_code(await service.create_code(db, access, kind, _input(body))), status_code=201)

    async def get_code(db: DbDep, access: AccessDep, codeId: str) -> JSON:  # noqa: N803
        return JSON(wire.work_code(await service.get_code(db, access, kind, codeId)))

    async def update_code(db: DbDep, access: AccessDep, codeId: str, body: schemas.WorkCodeIn) -> JSON:  # noqa: N803
        return JSON(wire.work_code(await service.update_code(db, access, kind, codeId, _input(body))))

    async def delete_code(db: DbDep, access: AccessDep, codeId: str) -> JSON:  # noqa: N803
        return JSON(wire.work_code(await service.delete_code(db, access, kind, codeId)))

    router.add_api_route(f"/{path}", list_codes, methods=["GET"], operation_id=f"list-{many}",
                         response_model=list[schemas.WorkCodeOut], summary=f"List {words}s (name, active filters)")
    router.add_api_route(f"/{path}", create_code, methods=["POST"], operation_id=f"create-{one}", status_code=201,
                         response_model=schemas.WorkCodeOut, summary=f"Create a {words}")
    router.add_api_route(f"/{path}/{{codeId}}", get_code, methods=["GET"], operation_id=f"get-{one}",
                         response_model=schemas.WorkCodeOut, summary=f"One {words}")
    router.add_api_route(f"/{path}/{{codeId}}", update_code, methods=["PUT"], operation_id=f"update-{one}",
                         response_model=schemas.WorkCodeOut,
                         summary=f"Change a {words} (fields omitted stay; active=false deactivates)")
    router.add_api_route(f"/{path}/{{codeId}}", delete_code, methods=["DELETE"], operation_id=f"delete-{one}",
                         response_model=schemas.WorkCodeOut,
                         summary=f"Delete a {words} no time entry uses (else deactivate it)")


for _kind in KINDS:
    _routes(*_kind)
