"""Billable (HOURLY) and cost (COST) rates at every level, with effective dates.

A rate set without `since` replaces that level's whole history; one set with `since` applies
from that instant on and keeps the history before it. Entries snapshot the resolved rates when
they are written (see time_entries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core import rates as rate_rules
from timeledger.core.ids import new_id
from timeledger.db.tables import rates
from timeledger.services import events
from timeledger.services.errors import Invalid

HOURLY, COST = "HOURLY", "COST"
MAX_AMOUNT = 10**13


def check_amount(amount: Any, field: str = "amount") -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise Invalid(f"Field '{field}' must be a whole number of minor units (cents)", field)
    if not 0 <= amount <= MAX_AMOUNT:
        raise Invalid(f"Field '{field}' must be between 0 and {MAX_AMOUNT}", field)
    return amount


def _target(scope: str, user_id: str | None, project_id: str | None, task_id: str | None) -> list[Any]:
    return [
        rates.c.scope == scope,
        rates.c.user_id.is_(None) if user_id is None else rates.c.user_id == user_id,
        rates.c.project_id.is_(None) if project_id is None else rates.c.project_id == project_id,
        rates.c.task_id.is_(None) if task_id is None else rates.c.task_id == task_id,
    ]


async def set_rate(
    conn: AsyncConnection,
    workspace_id: str,
    actor_id: str,
    rate_type: str,
    scope: str,
    amount: int,
    since: datetime | None = None,
    *,
    user_id: str | None = None,
    project_id: str | None = None,
    task_id: str | None = None,
) -> None:
    check_amount(amount)
    where = [rates.c.workspace_id == workspace_id, rates.c.rate_type == rate_type, *_target(scope, user_id, project_id, task_id)]
    if since is None:
        await conn.execute(rates.delete().where(*where))
    else:
        # Rows without `since` (in force since forever) stay as the history before `since`.
        await conn.execute(rates.delete().where(*where, rates.c.since >= since))
    await conn.execute(
        rates.insert().values(
            workspace_id=workspace_id,
            id=new_id(),
            rate_type=rate_type,
            scope=scope,
            user_id=user_id,
            project_id=project_id,
            task_id=task_id,
            amount=amount,
            since=since,
            created_at=datetime.now(UTC),
        )
    )
    rerated = await rerate_entries(conn, workspace_id, rate_type, scope, since, user_id=user_id, project_id=project_id, task_id=task_id)
    await events.record(
        conn,
        workspace_id,
        "BILLABLE_RATE_UPDATED" if rate_type == HOURLY else "COST_RATE_UPDATED",
        "RATE",
        project_id or task_id or user_id or workspace_id,
        actor_id,
        {"scope": scope, "amount": amount, "since": since.isoformat() if since else None,
         "userId": user_id, "projectId": project_id, "taskId": task_id, "rerated": rerated},
    )


async def clear_rate(
    conn: AsyncConnection,
    workspace_id: str,
    rate_type: str,
    scope: str,
    *,
    user_id: str | None = None,
    project_id: str | None = None,
    task_id: str | None = None,
) -> None:
    await conn.execute(
        rates.delete().where(
            rates.c.workspace_id == workspace_id, rates.c.rate_type == rate_type, *_target(scope, user_id, project_id, task_id)
        )
    )


async def current(
    conn: AsyncConnection,
    workspace_id: str,
    scope: str,
    *,
    key: str,
    ids: Iterable[str] | None = None,
    project_id: str | None = None,
    at: datetime | None = None,
) -> dict[tuple[str, str | None], int]:
    """Rates in force now (or at `at`) for one scope: {(rate_type, target id): amount}.

    `key` names the column that identifies the target (user_id, project_id or task_id).
    """
    stmt = sa.select(rates).where(rates.c.workspace_id == workspace_id, rates.c.scope == scope)
    column = rates.c[key]
    if ids is not None:
        id_list = list(ids)
        if not id_list:
            return {}
        stmt = stmt.where(column.in_(id_list))
    if project_id is not None:
        stmt = stmt.where(rates.c.project_id == project_id)
    moment = at or datetime.now(UTC)
    grouped: dict[tuple[str, str | None], list[rate_rules.RateRow]] = defaultdict(list)
    for row in await conn.execute(stmt):
        grouped[(row.rate_type, row._mapping[key])].append(rate_rules.RateRow(scope, row.amount, row.since))
    result = {}
    for target, rows in grouped.items():
        in_force = rate_rules.in_force(rows, moment)
        if scope in in_force:
            result[target] = in_force[scope]
    return result


def _resolve_statement() -> sa.Select:
    ws, user, project, task = (sa.bindparam(n) for n in ("workspace_id", "user_id", "project_id", "task_id"))
    return sa.select(rates.c.rate_type, rates.c.scope, rates.c.amount, rates.c.since).where(
        rates.c.workspace_id == ws,
        sa.or_(
            rates.c.scope == "WORKSPACE",
            (rates.c.scope == "MEMBER") & (rates.c.user_id == user),
            (rates.c.scope == "PROJECT") & (rates.c.project_id == project),
            (rates.c.scope == "PROJECT_MEMBER") & (rates.c.project_id == project) & (rates.c.user_id == user),
            (rates.c.scope == "TASK") & (rates.c.task_id == task),
        ),
    )


# Built once: it runs on every time entry write. A NULL project or task matches no row.
_RESOLVE = _resolve_statement()


async def resolve_for_entry(
    conn: AsyncConnection,
    workspace_id: str,
    user_id: str,
    project_id: str | None,
    task_id: str | None,
    at: datetime,
) -> tuple[int | None, int | None]:
    """(hourly, cost) rates for an entry of `user_id` on project/task starting at `at`."""
    params = {"workspace_id": workspace_id, "user_id": user_id, "project_id": project_id, "task_id": task_id}
    by_type: dict[str, list[rate_rules.RateRow]] = {HOURLY: [], COST: []}
    for row in await conn.execute(_RESOLVE, params):
        by_type[row.rate_type].append(rate_rules.RateRow(row.scope, row.amount, row.since))
    return rate_rules.resolve(by_type[HOURLY], at), rate_rules.resolve(by_type[COST], at)


# --- re-rating stored entries ------------------------------------------------------------------


def in_force_sql(rate_type: str) -> sa.ColumnElement[int]:
    """The rate of `rate_type` in force for each row of time_entries, as one SQL expression: the
    same precedence and effective dates as core.rates.resolve, evaluated by the database."""
    from timeledger.db.tables import time_entries as e

    def level(scope: str) -> sa.ScalarSelect:
        r = rates.alias(f"r_{scope.lower()}")
        matches = {
            "PROJECT_MEMBER": [r.c.project_id == e.c.project_id, r.c.user_id == e.c.user_id],
            "TASK": [r.c.task_id == e.c.task_id],
            "MEMBER": [r.c.user_id == e.c.user_id],
            "PROJECT": [r.c.project_id == e.c.project_id],
            "WORKSPACE": [],
        }[scope]
        return (
            sa.select(r.c.amount)
            .where(
                r.c.workspace_id == e.c.workspace_id,
                r.c.rate_type == rate_type,
                r.c.scope == scope,
                *matches,
                sa.or_(r.c.since.is_(None), r.c.since <= e.c.start_at),
            )
            .order_by(sa.nulls_last(r.c.since.desc()))
            .limit(1)
            .correlate(e)
            .scalar_subquery()
        )

    return sa.func.coalesce(*[level(scope) for scope in rate_rules.PRECEDENCE])


async def rerate_entries(
    conn: AsyncConnection,
    workspace_id: str,
    rate_type: str,
    scope: str,
    since: datetime | None,
    *,
    user_id: str | None = None,
    project_id: str | None = None,
    task_id: str | None = None,
) -> int:
    """A rate changed "from `since`" (or for all time): re-resolve the snapshot of every entry it
    can affect. Returns how many entries were re-rated."""
    from timeledger.db.tables import time_entries as e
    from timeledger.db.tables import workspaces

    where = [e.c.workspace_id == workspace_id]
    if scope in ("MEMBER", "PROJECT_MEMBER"):
        where.append(e.c.user_id == user_id)
    if scope in ("PROJECT", "PROJECT_MEMBER"):
        where.append(e.c.project_id == project_id)
    if scope == "TASK":
        where.append(e.c.task_id == task_id)
    if since is not None:
        where.append(e.c.start_at >= since)
    column = "hourly_rate" if rate_type == HOURLY else "cost_rate"
    where.append(e.c[f"{column}_fixed"].is_(sa.false()))  # a rate an admin set on the entry stays
    currency = sa.select(workspaces.c.currency).where(workspaces.c.id == workspace_id).scalar_subquery()
    result = await conn.execute(e.update().where(*where).values({column: in_force_sql(rate_type), "currency": currency}))
    return result.rowcount
