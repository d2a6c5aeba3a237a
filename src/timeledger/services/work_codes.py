"""Work codes: cost codes, labor codes and time entry types, three workspace lists that time
entries can carry (one of each at most).

A code that entries use cannot be deleted (deactivate it instead), and an inactive code cannot be
put on an entry that does not already carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import time_entries, work_codes
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Conflict, Invalid, NotFound

KINDS = ("COST_CODE", "LABOR_CODE", "TIME_ENTRY_TYPE")
# kind: (name in messages, the time entry column that carries it, the field naming it in input)
KIND_INFO = {
    "COST_CODE": ("Cost code", "cost_code_id", "costCodeId"),
    "LABOR_CODE": ("Labor code", "labor_code_id", "laborCodeId"),
    "TIME_ENTRY_TYPE": ("Time entry type", "time_entry_type_id", "timeEntryTypeId"),
}
MAX_CODE = 50
MAX_DESCRIPTION = 3000


@dataclass(slots=True)
class WorkCode:
    id: str
    workspace_id: str
    kind: str
    name: str
    code: str
    description: str
    active: bool
    created_at: datetime


@dataclass(slots=True)
class WorkCodeInput:
    """A write; None means "not given" (create: the default; update: unchanged)."""

    name: str | None = None
    code: str | None = None
    description: str | None = None
    active: bool | None = None


def _code(row: Any) -> WorkCode:
    return WorkCode(row.id, row.workspace_id, row.kind, row.name, row.code, row.description, row.active, row.created_at)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Invalid(f"kind must be one of {', '.join(KINDS)}", "kind")
    return kind


def entity(kind: str) -> str:
    return KIND_INFO[kind][0]


async def _row(conn: AsyncConnection, workspace_id: str, kind: str, code_id: str | None) -> Any:
    code_id = require_id(code_id, entity(kind))
    row = (
        await conn.execute(
            sa.select(work_codes).where(
                work_codes.c.workspace_id == workspace_id, work_codes.c.kind == kind, work_codes.c.id == code_id
            )
        )
    ).first()
    if row is None:
        raise NotFound(entity(kind), code_id)
    return row


async def by_ids(conn: AsyncConnection, workspace_id: str, code_ids: list[str]) -> list[WorkCode]:
    """The codes of this workspace among `code_ids` (any kind)."""
    if not code_ids:
        return []
    rows = await conn.execute(
        sa.select(work_codes).where(work_codes.c.workspace_id == workspace_id, work_codes.c.id.in_(list(set(code_ids))))
    )
    return [_code(r) for r in rows]


async def _unique(conn: AsyncConnection, workspace_id: str, kind: str, name: str, exclude: str | None = None) -> None:
    """Names are unique within one kind (a cost code and a labor code may share one)."""
    await ensure_unique_name(
        conn, work_codes, workspace_id, name, entity(kind), exclude_id=exclude, extra=[work_codes.c.kind == kind]
    )


def _text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise Invalid(f"Field '{field}' must be at most {limit} characters long", field)
    return text


async def list_codes(
    db: Database, access: Access, kind: str, *, name: str | None = None, active: bool | None = None,
    sort_order: str = "ASCENDING", page: PageRequest = PageRequest(),
) -> tuple[list[WorkCode], bool]:
    """Codes of one kind, by name. Every member may read them (they pick them on entries)."""
    kind = _kind(kind)
    stmt = sa.select(work_codes).where(work_codes.c.workspace_id == access.workspace_id, work_codes.c.kind == kind)
    condition = name_filter(work_codes.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if active is not None:
        stmt = stmt.where(work_codes.c.active.is_(sa.true() if active else sa.false()))
    key = sa.func.lower(work_codes.c.name)
    stmt = stmt.order_by(key.desc() if sort_order == "DESCENDING" else key.asc(), work_codes.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_code(r) for r in rows], last


async def get_code(db: Database, access: Access, kind: str, code_id: str) -> WorkCode:
    async with db.read() as conn:
        return _code(await _row(conn, access.workspace_id, _kind(kind), code_id))


async def create_code(db: Database, access: Access, kind: str, data: WorkCodeInput) -> WorkCode:
    access.require_admin()
    kind = _kind(kind)
    name = clean_name(data.name, max_len=100)
    code = _text(data.code, "code", MAX_CODE)
    description = _text(data.description, "description", MAX_DESCRIPTION)
    async with db.write() as conn:
        await _unique(conn, access.workspace_id, kind, name)
        code_id = new_id()
        values = {"workspace_id": access.workspace_id, "id": code_id, "kind": kind, "name": name, "code": code,
                  "description": description, "active": True if data.active is None else bool(data.active),
                  "created_at": datetime.now(UTC)}
        await conn.execute(work_codes.insert().values(**values))
        await events.record(conn, access.workspace_id, f"NEW_{kind}", kind, code_id, access.user_id, {"name": name})
        return _code(await _row(conn, access.workspace_id, kind, code_id))


async def update_code(db: Database, access: Access, kind: str, code_id: str, data: WorkCodeInput) -> WorkCode:
    """Changes the fields given; the others stay."""
    access.require_admin()
    kind = _kind(kind)
    async with db.write() as conn:
        row = await _row(conn, access.workspace_id, kind, code_id)
        values: dict[str, Any] = {}
        if data.name is not None:
            values["name"] = clean_name(data.name, max_len=100)
            if values["name"].lower() != row.name.lower():
                await _unique(conn, access.workspace_id, kind, values["name"], exclude=row.id)
        if data.code is not None:
            values["code"] = _text(data.code, "code", MAX_CODE)
        if data.description is not None:
            values["description"] = _text(data.description, "description", MAX_DESCRIPTION)
        if data.active is not None:
            values["active"] = bool(data.active)
        if values:
            await conn.execute(
                work_codes.update().where(work_codes.c.workspace_id == access.workspace_id, work_codes.c.id == row.id).values(**values)
            )
            await events.record(conn, access.workspace_id, f"{kind}_UPDATED", kind, row.id, access.user_id,
                                {"fields": sorted(values)})
        return _code(await _row(conn, access.workspace_id, kind, row.id))


async def delete_code(db: Database, access: Access, kind: str, code_id: str) -> WorkCode:
    """Refused while time entries carry the code: deactivate it instead."""
    access.require_admin()
    kind = _kind(kind)
    column = time_entries.c[KIND_INFO[kind][1]]
    async with db.write() as conn:
        row = await _row(conn, access.workspace_id, kind, code_id)
        used = (
            await conn.execute(
                sa.select(sa.func.count()).select_from(time_entries).where(
                    time_entries.c.workspace_id == access.workspace_id, column == row.id
                )
            )
        ).scalar_one()
        if used:
            entries = "time entry uses" if used == 1 else "time entries use"
            raise Conflict(
                f"{entity(kind)} '{row.name}' cannot be deleted: {used} {entries} it. Deactivate it instead", "id"
            )
        await conn.execute(work_codes.delete().where(work_codes.c.workspace_id == access.workspace_id, work_codes.c.id == row.id))
        await events.record(conn, access.workspace_id, f"{kind}_DELETED", kind, row.id, access.user_id, {"name": row.name})
    return _code(row)


async def check_for_entry(
    conn: AsyncConnection, workspace_id: str, wanted: dict[str, str | None], existing: Any | None = None
) -> dict[str, str | None]:
    """The entry columns for the codes given as {kind: id or None}: each id must name a code of
    that kind here, active unless the entry already carries it. One query for all of them."""
    values: dict[str, str | None] = {}
    ids: dict[str, str] = {}
    for kind, code_id in wanted.items():
        column = KIND_INFO[kind][1]
        if not code_id:
            values[column] = None
            continue
        if not isinstance(code_id, str):
            raise NotFound(entity(kind), None)
        ids[kind] = require_id(code_id, entity(kind))
    if ids:
        rows = {
            r.id: r
            for r in await conn.execute(
                sa.select(work_codes.c.id, work_codes.c.kind, work_codes.c.active, work_codes.c.name).where(
                    work_codes.c.workspace_id == workspace_id, work_codes.c.id.in_(list(set(ids.values())))
                )
            )
        }
        for kind, code_id in ids.items():
            name, column, field = KIND_INFO[kind]
            row = rows.get(code_id)
            if row is None or row.kind != kind:
                raise NotFound(name, code_id)
            kept = existing is not None and existing._mapping.get(column) == code_id
            if not row.active and not kept:
                raise Invalid(f"{name} '{row.name}' is inactive and cannot be put on time entries", field)
            values[column] = code_id
    return values
