"""Tags: free labels on time entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import tags
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import PageRequest, clean_name, ensure_unique_name, fetch_page, name_filter, require_id
from timeledger.services.errors import Forbidden, Invalid, NotFound


@dataclass(slots=True)
class Tag:
    id: str
    workspace_id: str
    name: str
    archived: bool


def _tag(row: Any) -> Tag:
    return Tag(row.id, row.workspace_id, row.name, row.archived)


async def get_row(conn: AsyncConnection, workspace_id: str, tag_id: str | None) -> Any:
    tag_id = require_id(tag_id, "Tag")
    row = (await conn.execute(sa.select(tags).where(tags.c.workspace_id == workspace_id, tags.c.id == tag_id))).first()
    if row is None:
        raise NotFound("Tag", tag_id)
    return row


async def existing_ids(conn: AsyncConnection, workspace_id: str, tag_ids: list[str]) -> list[str]:
    """The given tag ids, de-duplicated in order, after checking every one belongs to the workspace."""
    wanted = list(dict.fromkeys(require_id(t, "Tag") for t in tag_ids))
    if not wanted:
        return []
    found = {
        r.id
        for r in await conn.execute(sa.select(tags.c.id).where(tags.c.workspace_id == workspace_id, tags.c.id.in_(wanted)))
    }
    for tag_id in wanted:
        if tag_id not in found:
            raise NotFound("Tag", tag_id)
    return wanted


SORTS = {"NAME": tags.c.name, "ID": tags.c.id}


async def list_tags(
    db: Database, access: Access, *, name: str | None, strict: bool, archived: bool | None, excluded_ids: list[str],
    sort_column: str, sort_order: str, page: PageRequest,
) -> tuple[list[Tag], bool]:
    if sort_column not in SORTS:
        raise Invalid("sort-column must be NAME or ID", "sort-column")
    stmt = sa.select(tags).where(tags.c.workspace_id == access.workspace_id)
    condition = name_filter(tags.c.name, name, strict)
    if condition is not None:
        stmt = stmt.where(condition)
    if archived is not None:
        stmt = stmt.where(tags.c.archived == archived)
    if excluded_ids:
        stmt = stmt.where(tags.c.id.not_in(excluded_ids))
    column = sa.func.lower(tags.c.name) if sort_column == "NAME" else tags.c.id
    stmt = stmt.order_by(column.desc() if sort_order == "DESCENDING" else column.asc(), tags.c.id)
    async with db.read() as conn:
        rows, last = await fetch_page(conn, stmt, page)
    return [_tag(r) for r in rows], last


async def get_tag(db: Database, access: Access, tag_id: str) -> Tag:
    async with db.read() as conn:
        return _tag(await get_row(conn, access.workspace_id, tag_id))


def can_create_tags(access: Access) -> bool:
    settings = access.workspace.settings
    who = settings["entityCreationPermissions"].get("whoCanCreateTags", "EVERYONE")
    if settings.get("onlyAdminsCreateTag"):
        who = "ADMINS"
    return access.is_admin or who == "EVERYONE"


async def create_tag(db: Database, access: Access, name: str | None) -> Tag:
    if not can_create_tags(access):
        raise Forbidden()
    name = clean_name(name, max_len=100)
    async with db.write() as conn:
        await ensure_unique_name(conn, tags, access.workspace_id, name, "Tag")
        tag = Tag(new_id(), access.workspace_id, name, False)
        await conn.execute(
            tags.insert().values(workspace_id=tag.workspace_id, id=tag.id, name=name, archived=False, created_at=datetime.now(UTC))
        )
        await events.record(conn, access.workspace_id, "NEW_TAG", "TAG", tag.id, access.user_id, {"name": name})
    return tag


async def update_tag(db: Database, access: Access, tag_id: str, name: str | None, archived: bool) -> Tag:
    """Full replace: `archived` omitted means not archived, as on Clockify."""
    access.require_admin()
    name = clean_name(name, max_len=100)
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, tag_id)
        await ensure_unique_name(conn, tags, access.workspace_id, name, "Tag", exclude_id=row.id)
        await conn.execute(
            tags.update().where(tags.c.workspace_id == access.workspace_id, tags.c.id == row.id).values(name=name, archived=archived)
        )
        await events.record(conn, access.workspace_id, "TAG_UPDATED", "TAG", row.id, access.user_id, {"name": name})
    return Tag(row.id, access.workspace_id, name, archived)


async def delete_tag(db: Database, access: Access, tag_id: str) -> Tag:
    """Deleting a tag removes it from the entries that carry it (the entries stay)."""
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, tag_id)
        await conn.execute(tags.delete().where(tags.c.workspace_id == access.workspace_id, tags.c.id == row.id))
        await events.record(conn, access.workspace_id, "TAG_DELETED", "TAG", row.id, access.user_id, {"name": row.name})
    return _tag(row)
