"""Small helpers shared by the services: pagination, name checks, id checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import is_id
from timeledger.services.errors import Conflict, Invalid, NotFound

T = TypeVar("T")

MAX_PAGE_SIZE = 5000


# Far beyond any list, and small enough that the row offset fits the databases' 64-bit integers.
MAX_PAGE = 10**9


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    size: int = 50

    def __post_init__(self) -> None:
        if not 1 <= self.page <= MAX_PAGE:
            raise Invalid(f"page must be between 1 and {MAX_PAGE}", "page")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise Invalid(f"page-size must be between 1 and {MAX_PAGE_SIZE}", "page-size")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    last_page: bool


async def fetch_page(conn: AsyncConnection, stmt: sa.Select, page: PageRequest) -> tuple[list[Any], bool]:
    """Rows of one page and whether it is the last; one extra row tells, so no COUNT is needed."""
    rows = (await conn.execute(stmt.limit(page.size + 1).offset(page.offset))).all()
    return rows[: page.size], len(rows) <= page.size


def require_id(value: str | None, entity: str) -> str:
    """Ids that cannot exist answer exactly like ids that do not exist."""
    if not is_id(value):
        raise NotFound(entity, value)
    return value.lower()


def clean_name(value: str | None, field: str = "name", *, min_len: int = 1, max_len: int = 100) -> str:
    if value is None:
        raise Invalid(f"Field '{field}' is required", field)
    name = value.strip()
    if not min_len <= len(name) <= max_len:
        raise Invalid(f"Field '{field}' must be between {min_len} and {max_len} characters long", field)
    return name


async def ensure_unique_name(
    conn: AsyncConnection,
    table: sa.Table,
    workspace_id: str,
    name: str,
    entity: str,
    *,
    exclude_id: str | None = None,
    extra: list[Any] | None = None,
) -> None:
    stmt = sa.select(table.c.id).where(
        table.c.workspace_id == workspace_id, sa.func.lower(table.c.name) == name.lower()
    )
    if exclude_id:
        stmt = stmt.where(table.c.id != exclude_id)
    for condition in extra or []:
        stmt = stmt.where(condition)
    if (await conn.execute(stmt.limit(1))).first() is not None:
        raise Conflict(f"{entity} with name '{name}' already exists", "name")


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def name_filter(column: sa.ColumnElement, term: str | None, strict: bool) -> sa.ColumnElement | None:
    """Clockify's name filters: case-insensitive substring, or exact when strict."""
    if not term:
        return None
    if strict:
        return column == term
    return sa.func.lower(column).like(like_pattern(term), escape="\\")
