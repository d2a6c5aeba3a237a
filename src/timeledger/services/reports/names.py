"""Names for the ids a report groups by, looked up in bulk after aggregating."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.tables import clients, projects, tags, tasks, user_groups, users, work_codes

WITHOUT = {
    "PROJECT": "(Without project)",
    "CLIENT": "(Without client)",
    "TASK": "(Without task)",
    "TAG": "(Without tag)",
    "USER_GROUP": "(Without group)",
    "TIMEENTRY": "(Without description)",
    "USER": "(Unknown user)",
    "COST_CODE": "(Without cost code)",
    "LABOR_CODE": "(Without labor code)",
    "TIME_ENTRY_TYPE": "(Without time entry type)",
}


@dataclass(slots=True)
class Label:
    name: str
    color: str | None = None
    client_id: str | None = None
    client_name: str | None = None
    email: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def labels(conn: AsyncConnection, ws: str, kind: str, ids: set[Any]) -> dict[Any, Label]:
    """{id: Label} for the ids of one group kind; ids of deleted entities are left out."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    id_list = list(ids)
    if kind == "PROJECT":
        rows = await conn.execute(
            sa.select(projects.c.id, projects.c.name, projects.c.color, projects.c.client_id, clients.c.name.label("client"))
            .select_from(
                projects.outerjoin(
                    clients, sa.and_(clients.c.workspace_id == projects.c.workspace_id, clients.c.id == projects.c.client_id)
                )
            )
            .where(projects.c.workspace_id == ws, projects.c.id.in_(id_list))
        )
        return {r.id: Label(r.name, r.color, r.client_id, r.client or "") for r in rows}
    if kind == "USER":
        rows = await conn.execute(sa.select(users.c.id, users.c.name, users.c.email).where(users.c.id.in_(id_list)))
        return {r.id: Label(r.name, email=r.email) for r in rows}
    if kind in ("COST_CODE", "LABOR_CODE", "TIME_ENTRY_TYPE"):
        rows = await conn.execute(
            sa.select(work_codes.c.id, work_codes.c.name, work_codes.c.code)
            .where(work_codes.c.workspace_id == ws, work_codes.c.kind == kind, work_codes.c.id.in_(id_list))
        )
        return {r.id: Label(r.name, extra={"code": r.code}) for r in rows}
    table = {"CLIENT": clients, "TASK": tasks, "TAG": tags, "USER_GROUP": user_groups}.get(kind)
    if table is None:
        return {}
    rows = await conn.execute(sa.select(table.c.id, table.c.name).where(table.c.workspace_id == ws, table.c.id.in_(id_list)))
    return {r.id: Label(r.name) for r in rows}


async def workspace_labels(conn: AsyncConnection, ws: str) -> dict[str, dict[str, Label]]:
    """Every project, client, task, tag and member name of a workspace, for streaming exports
    (a workspace's catalog is small next to its entries)."""
    from timeledger.db.tables import memberships

    result: dict[str, dict[str, Label]] = {}
    project_rows = await conn.execute(
        sa.select(projects.c.id, projects.c.name, projects.c.color, projects.c.client_id, clients.c.name.label("client"))
        .select_from(
            projects.outerjoin(clients, sa.and_(clients.c.workspace_id == projects.c.workspace_id, clients.c.id == projects.c.client_id))
        )
        .where(projects.c.workspace_id == ws)
    )
    result["PROJECT"] = {r.id: Label(r.name, r.color, r.client_id, r.client or "") for r in project_rows}
    for kind, table in (("TASK", tasks), ("TAG", tags), ("CLIENT", clients)):
        rows = await conn.execute(sa.select(table.c.id, table.c.name).where(table.c.workspace_id == ws))
        result[kind] = {r.id: Label(r.name) for r in rows}
    member_rows = await conn.execute(
        sa.select(users.c.id, users.c.name, users.c.email)
        .select_from(users.join(memberships, memberships.c.user_id == users.c.id))
        .where(memberships.c.workspace_id == ws)
    )
    result["USER"] = {r.id: Label(r.name, email=r.email) for r in member_rows}
    return result
