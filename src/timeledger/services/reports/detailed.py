"""The detailed report: every entry in the window with its names and amounts, paged or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.engine import Database
from timeledger.db.tables import time_entry_tags
from timeledger.services import custom_fields as custom_field_service
from timeledger.services import timesheets
from timeledger.services.access import Access
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid
from timeledger.services.reports import sql
from timeledger.services.reports.names import WITHOUT, Label, labels, workspace_labels
from timeledger.services.reports.sql import ReportFilter, e
from timeledger.services.reports.summary import CurrencyTotal, Measures, totals

SORTS = ("ID", "DESCRIPTION", "USER", "DURATION", "DATE", "ZONED_DATE", "NATURAL", "USER_DATE")
MAX_PAGE_SIZE = 5000
STREAM_CHUNK = 1000


@dataclass(slots=True)
class Row:
    id: str
    description: str
    user_id: str
    user_name: str
    user_email: str
    billable: bool
    project_id: str | None
    project_name: str | None
    project_color: str | None
    client_id: str | None
    client_name: str | None
    task_id: str | None
    task_name: str | None
    tags: list[tuple[str, str]]
    start: datetime
    end: datetime
    duration: int  # reported seconds (rounded when the report rounds)
    hourly_rate: int | None
    cost_rate: int | None
    earned: int
    cost: int
    currency: str
    invoiced: bool
    type: str
    is_locked: bool
    custom_fields: dict[str, Any] = field(default_factory=dict)
    custom_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: (name, type)
    cost_code_id: str | None = None
    labor_code_id: str | None = None
    time_entry_type_id: str | None = None
    local_date: date | None = None  # the day the entry belongs to in its owner's zone
    approval_request_id: str | None = None  # its period's timesheet, once submitted (detailed pages only)


@dataclass(slots=True)
class Detailed:
    rows: list[Row]
    totals: Measures | None
    by_currency: list[CurrencyTotal]
    last_page: bool


def _columns(rule) -> list[Any]:
    d = sql.duration(rule)
    return [
        e.c.id, e.c.description, e.c.user_id, e.c.billable, e.c.project_id, e.c.task_id, e.c.start_at, e.c.end_at,
        d.label("duration"), e.c.hourly_rate, e.c.cost_rate, sql.earned(d).label("earned"), sql.cost(d).label("cost"),
        e.c.currency, e.c.invoiced, e.c.type, e.c.custom_fields, e.c.cost_code_id, e.c.labor_code_id,
        e.c.time_entry_type_id, e.c.local_date,
    ]


def _order(column: str, order: str) -> list[Any]:
    if column not in SORTS:
        raise Invalid(f"sortColumn must be one of {', '.join(SORTS)}", "detailedFilter.sortColumn")
    direction = (lambda c: c.desc()) if order == "DESCENDING" else (lambda c: c.asc())
    if column == "DESCRIPTION":
        keys = [sa.func.lower(e.c.description), e.c.start_at]
    elif column == "DURATION":
        keys = [e.c.duration_s, e.c.start_at]
    elif column == "ID":
        keys = []
    elif column in ("USER", "USER_DATE"):
        keys = [e.c.user_id, e.c.start_at]
    else:  # DATE, ZONED_DATE, NATURAL
        keys = [e.c.start_at]
    return [direction(k) for k in keys] + [direction(e.c.id)]


def _statement(access: Access, flt: ReportFilter, rule) -> sa.Select:
    source = sql.join_projects(e) if sql.needs_project_join(flt) else e
    return sa.select(*_columns(rule)).select_from(source).where(*sql.conditions(access, flt))


async def _tags_of(conn: AsyncConnection, ws: str, ids: list[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    if not ids:
        return result
    rows = await conn.execute(
        sa.select(time_entry_tags.c.entry_id, time_entry_tags.c.tag_id).where(
            time_entry_tags.c.workspace_id == ws, time_entry_tags.c.entry_id.in_(ids)
        )
    )
    for entry_id, tag_id in rows:
        result.setdefault(entry_id, []).append(tag_id)
    return result


def _row(access: Access, r: Any, names: dict[str, dict[str, Label]], tag_ids: list[str]) -> Row:
    user = names["USER"].get(r.user_id) or Label(WITHOUT["USER"], email="")
    project = names["PROJECT"].get(r.project_id) if r.project_id else None
    task = names["TASK"].get(r.task_id) if r.task_id else None
    tag_names = names["TAG"]
    lock = access.workspace.lock_before
    return Row(
        id=r.id,
        description=r.description,
        user_id=r.user_id,
        user_name=user.name,
        user_email=user.email or "",
        billable=r.billable,
        project_id=r.project_id,
        project_name=project.name if project else None,
        project_color=project.color if project else None,
        client_id=project.client_id if project else None,
        client_name=(project.client_name or None) if project else None,
        task_id=r.task_id,
        task_name=task.name if task else None,
        tags=sorted(((t, tag_names[t].name) for t in tag_ids if t in tag_names), key=lambda x: x[1].lower()),
        start=r.start_at,
        end=r.end_at,
        duration=int(r.duration),
        hourly_rate=r.hourly_rate,
        cost_rate=r.cost_rate,
        earned=int(r.earned),
        cost=int(r.cost),
        currency=r.currency,
        invoiced=r.invoiced,
        type=r.type,
        is_locked=lock is not None and r.start_at < lock,
        custom_fields=dict(r.custom_fields or {}),
        cost_code_id=r.cost_code_id,
        labor_code_id=r.labor_code_id,
        time_entry_type_id=r.time_entry_type_id,
        local_date=r.local_date,
    )


async def _names_for(conn: AsyncConnection, ws: str, rows: list[Any], tags: dict[str, list[str]]) -> dict[str, dict[str, Label]]:
    return {
        "USER": await labels(conn, ws, "USER", {r.user_id for r in rows}),
        "PROJECT": await labels(conn, ws, "PROJECT", {r.project_id for r in rows}),
        "TASK": await labels(conn, ws, "TASK", {r.task_id for r in rows}),
        "TAG": await labels(conn, ws, "TAG", {t for ids in tags.values() for t in ids}),
    }


async def detailed(
    db: Database, access: Access, flt: ReportFilter, page: PageRequest, sort_column: str = "DATE",
    with_totals: bool = True,
) -> Detailed:
    if page.size > MAX_PAGE_SIZE:
        raise Invalid(f"pageSize must be at most {MAX_PAGE_SIZE}", "detailedFilter.pageSize")
    rule = sql.rounding_rule(access, flt)
    stmt = _statement(access, flt, rule).order_by(*_order(sort_column, flt.sort_order))
    async with db.read() as conn:
        rows = (await conn.execute(stmt.limit(page.size + 1).offset(page.offset))).all()
        last = len(rows) <= page.size
        rows = rows[: page.size]
        tags = await _tags_of(conn, access.workspace_id, [r.id for r in rows])
        names = await _names_for(conn, access.workspace_id, rows, tags)
        total, by_currency = await totals(conn, access, flt, rule) if with_totals else (None, [])
        result = [_row(access, r, names, tags.get(r.id, [])) for r in rows]
        requests = await timesheets.approval_request_ids(
            conn, access.workspace_id, [(row.user_id, row.local_date) for row in result if row.local_date])
        for row in result:
            row.approval_request_id = requests.get((row.user_id, row.local_date))
        field_ids = {f for row in result for f in row.custom_fields}
        if field_ids:
            described = await custom_field_service.describe(conn, access.workspace_id, field_ids)
            for row in result:
                row.custom_names = {f: described[f] for f in row.custom_fields if f in described}
    return Detailed(result, total, by_currency, last)


async def stream(db: Database, access: Access, flt: ReportFilter, sort_column: str = "DATE") -> AsyncIterator[Row]:
    """Every matching entry in order, a chunk of rows at a time: exports never hold the year."""
    rule = sql.rounding_rule(access, flt)
    stmt = _statement(access, flt, rule).order_by(*_order(sort_column, flt.sort_order))
    async with db.read() as conn:
        names = await workspace_labels(conn, access.workspace_id)
        result = await conn.stream(stmt.execution_options(yield_per=STREAM_CHUNK))
        async for chunk in result.partitions(STREAM_CHUNK):
            tags = await _tags_of(conn, access.workspace_id, [r.id for r in chunk])
            for r in chunk:
                yield _row(access, r, names, tags.get(r.id, []))
