"""ClickTime's query conventions, reusable by every list.

- Paging: `limit` (default 100, at most 1000; time entries at most 500) and zero-based `offset`;
  a larger limit is cut to the maximum, as clients that ask for 50000 expect to be served.
- Filters are named after fields; an array filter is the key repeated (`?JobID=a&JobID=b`):
  any of the values within one key, every key at once. Declare them as `ListFilter`/`BoolFilter`
  parameters named like the field (the transport matches their names in any case).
- `verbose=true` embeds Basic objects next to the foreign keys: see `embed`.
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query

from timeledger.services.errors import NotFound
from timeledger.services.listing import Listed, NamedQuery, Window

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
TIME_ENTRY_MAX_LIMIT = 500


def paging(max_limit: int = MAX_LIMIT) -> Callable[..., Awaitable[Window]]:
    # (No `from __future__ import annotations` in this module: FastAPI reads these annotations,
    # and they refer to `max_limit`.)
    async def window(
        limit: Annotated[int | None, Query(description=f"Rows per page (default {DEFAULT_LIMIT}, at most {max_limit})")] = None,
        offset: Annotated[int | None, Query(description="Zero-based row to start at")] = None,
    ) -> Window:
        size = DEFAULT_LIMIT if limit is None else min(limit, max_limit)
        return Window(offset=0 if offset is None else offset, limit=size)  # refuses limit < 1, offset < 0

    return window


Paging = Annotated[Window, Depends(paging())]
TimeEntryPaging = Annotated[Window, Depends(paging(TIME_ENTRY_MAX_LIMIT))]
ListFilter = Annotated[list[str] | None, Query()]
BoolFilter = Annotated[list[bool] | None, Query()]
Verbose = Annotated[bool, Query(description="Embed related objects next to their IDs")]


async def named_filter(
    ID: ListFilter = None, Name: ListFilter = None, IsActive: BoolFilter = None,  # noqa: N803
) -> NamedQuery:
    """The filters every list of named things has; a list with more sets them on the query."""
    return NamedQuery(ids=ID, names=Name, active=IsActive)


NamedFilter = Annotated[NamedQuery, Depends(named_filter)]


ONE = Window(0, 1)  # the window of a lookup by one ID


def only(found: Listed[Any], entity: str, item_id: str) -> Any:
    """The row a lookup by one ID found, or NotFound (a 404 when the ID is the path's)."""
    if not found.items:
        raise NotFound(entity, item_id)
    return found.items[0]


def unmapped(*filters: list[Any] | None) -> bool:
    """A filter on a field timeledger does not store (always null): it can match no row."""
    return any(values for values in filters)


# --- verbose -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Embed:
    """With verbose=true, put `load(ids)[row[key]]` into `row[name]` (e.g. ClientID -> Client)."""

    key: str
    name: str
    load: Callable[[list[str]], Awaitable[dict[str, dict[str, Any]]]]


async def embed(rows: list[dict[str, Any]], embeds: Iterable[Embed]) -> list[dict[str, Any]]:
    """One lookup per kind of related object for the whole page, never one per row."""
    for spec in embeds:
        ids = sorted({row[spec.key] for row in rows if row.get(spec.key)})
        found = await spec.load(ids) if ids else {}
        for row in rows:
            row[spec.name] = found.get(row.get(spec.key)) if row.get(spec.key) else None
    return rows


def nothing(*names: str) -> list[Embed]:
    """Embeds whose objects do not exist yet (divisions, employment types, …): always null."""

    async def none(_: list[str]) -> dict[str, dict[str, Any]]:
        return {}

    return [Embed(name + "ID", name, none) for name in names]
