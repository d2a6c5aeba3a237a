"""Clients: the companies a workspace bills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.core.money import CURRENCY_PATTERN
from timeledger.db.engine import Database
from timeledger.db.tables import clients, projects, tasks
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import (
    PageRequest,
    clean_name,
    ensure_unique_name,
    fetch_page,
    name_filter,
    require_id,
)
from timeledger.services.errors import Conflict, Forbidden, Invalid, NotFound
from timeledger.services.users import check_email


@dataclass(slots=True)
class Client:
    id: str
    workspace_id: str
    name: str
    email: str | None
    address: str | None
    note: str | None
    archived: bool
    currency_code: str
    cc_emails: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClientInput:
    name: str | None
    email: str | None = None
    address: str | None = None
    note: str | None = None
    archived: bool = False
    currency_code: str | None = None
    cc_emails: list[str] = field(default_factory=list)


def _client(row: Any, currency: str) -> Client:
    return Client(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        email=row.email,
        address=row.address,
        note=row.note,
        archived=row.archived,
        currency_code=row.currency_code or currency,
        cc_emails=list(row.cc_emails or []),
    )


def can_create_clients(access: Access) -> bool:
    who = access.workspace.settings["entityCreationPermissions"].get("whoCanCreateProjectsAndClients", "ADMINS")
    return access.is_admin or who == "EVERYONE" or (who == "ADMINS_AND_PROJECT_MANAGERS" and access.role == "PROJECT_MANAGER")


def _validate(data: ClientInput) -> dict[str, Any]:
    values: dict[str, Any] = {"name": clean_name(data.name, max_len=100)}
    values["email"] = check_email(data.email) if data.email else None
    for name in ("address", "note"):
        value = getattr(data, name)
        if value is not None and len(value) > 3000:
            raise Invalid(f"Field '{name}' must be at most 3000 characters long", name)
        values[name] = value
    if data.currency_code is not None and not CURRENCY_PATTERN.match(data.currency_code):
        raise Invalid("currency must be an ISO 4217 code such as USD", "currencyCode")
    values["currency_code"] = data.currency_code
    if len(data.cc_emails) > 3:
        raise Invalid("At most 3 ccEmails are allowed", "ccEmails")
    values["cc_emails"] = [check_email(e) for e in data.cc_emails]
    values["archived"] = bool(data.archived)
    return values


async def get_row(conn: AsyncConnection, workspace_id: str, client_id: str | None) -> Any:
    client_id = require_id(client_id, "Client")
    row = (
        await conn.execute(sa.select(clients).where(clients.c.workspace_id == workspace_id, clients.c.id == client_id))
    ).first()
    if row is None:
        raise NotFound("Client", client_id)
    return row


SORTS = {"NAME": clients.c.name, "ID": clients.c.id}


async def list_clients(
    db: Database, access: Access, *, name: str | None, archived: bool | None, sort_column: str, sort_order: str,
    page: PageRequest,
) -> tuple[list[Client], bool]:
    if sort_column not in SORTS:
        raise Invalid("sort-column must be NAME or ID", "sort-column")
    stmt = sa.select(clients).where(clients.c.workspace_id == access.workspace_id)
    condition = name_filter(clients.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if archived is not None:
        stmt = stmt.where(clients.c.archived == archived)
    column = SORTS[sort_column]
    if sort_column == "NAME":
        column = sa.func.lower(column)
    order = column.desc() if sort_order == "DESCENDING" else column.asc()
    stmt = stmt.order_by(order, clients.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_client(r, access.workspace.currency) for r in rows], last


async def get_client(db: Database, access: Access, client_id: str) -> Client:
    async with db.read() as conn:
        return _client(await get_row(conn, access.workspace_id, client_id), access.workspace.currency)


async def create_client(db: Database, access: Access, data: ClientInput) -> Client:
    if not can_create_clients(access):
        raise Forbidden()
    values = _validate(data)  # archived too: ClickTime creates an inactive client in one step
    async with db.write() as conn:
        await ensure_unique_name(conn, clients, access.workspace_id, values["name"], "Client")
        client_id = new_id()
        await conn.execute(
            clients.insert().values(workspace_id=access.workspace_id, id=client_id, created_at=datetime.now(UTC), **values)
        )
        client = _client(await get_row(conn, access.workspace_id, client_id), access.workspace.currency)
        await events.record(conn, access.workspace_id, "NEW_CLIENT", "CLIENT", client_id, access.user_id, {"name": client.name})
    return client


async def update_client(
    db: Database, access: Access, client_id: str, data: ClientInput, *, archive_projects: bool = False,
    mark_tasks_done: bool = False,
) -> Client:
    """Full replace: omitted optional fields are cleared (Clockify drops ccEmails the same way)."""
    access.require_admin()
    values = _validate(data)
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, client_id)
        await ensure_unique_name(conn, clients, access.workspace_id, values["name"], "Client", exclude_id=row.id)
        await conn.execute(
            clients.update().where(clients.c.workspace_id == access.workspace_id, clients.c.id == row.id).values(**values)
        )
        if values["archived"] and archive_projects:
            await conn.execute(
                projects.update()
                .where(projects.c.workspace_id == access.workspace_id, projects.c.client_id == row.id)
                .values(archived=True)
            )
        if values["archived"] and mark_tasks_done:
            client_projects = sa.select(projects.c.id).where(
                projects.c.workspace_id == access.workspace_id, projects.c.client_id == row.id
            )
            await conn.execute(
                tasks.update()
                .where(tasks.c.workspace_id == access.workspace_id, tasks.c.project_id.in_(client_projects))
                .values(status="DONE")
            )
        client = _client(await get_row(conn, access.workspace_id, row.id), access.workspace.currency)
        await events.record(conn, access.workspace_id, "CLIENT_UPDATED", "CLIENT", row.id, access.user_id, {"name": client.name})
    return client


async def delete_client(db: Database, access: Access, client_id: str) -> Client:
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, client_id)
        if not row.archived:
            raise Conflict("Cannot delete an active client")
        await conn.execute(
            projects.update()
            .where(projects.c.workspace_id == access.workspace_id, projects.c.client_id == row.id)
            .values(client_id=None)
        )
        await conn.execute(clients.delete().where(clients.c.workspace_id == access.workspace_id, clients.c.id == row.id))
        await events.record(conn, access.workspace_id, "CLIENT_DELETED", "CLIENT", row.id, access.user_id, {"name": row.name})
    return _client(row, access.workspace.currency)


async def project_counts(db: Database, access: Access, client_ids: list[str]) -> dict[str, int]:
    """How many projects (active and archived) each of these clients of the workspace has."""
    if not client_ids:
        return {}
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(projects.c.client_id, sa.func.count().label("n"))
            .where(projects.c.workspace_id == access.workspace_id, projects.c.client_id.in_(client_ids))
            .group_by(projects.c.client_id)
        )
        return {r.client_id: int(r.n) for r in rows}
