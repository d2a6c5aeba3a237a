"""The billing report: per client and project, billable time and amounts, split by whether
the entries have been invoiced."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from timeledger.db.engine import Database
from timeledger.services.access import Access
from timeledger.services.reports import sql
from timeledger.services.reports.names import WITHOUT, labels
from timeledger.services.reports.sql import ReportFilter, e


@dataclass(slots=True)
class BillingLine:
    client_id: str | None
    client_name: str
    project_id: str | None
    project_name: str
    currency: str
    billable_duration: int
    amount: int
    invoiced_amount: int
    uninvoiced_amount: int
    entries: int


async def billing(db: Database, access: Access, flt: ReportFilter) -> list[BillingLine]:
    rule = sql.rounding_rule(access, flt)
    d = sql.duration(rule)
    earned = sql.earned(d)
    stmt = (
        sa.select(
            sql.p.c.client_id,
            e.c.project_id,
            e.c.currency,
            sa.func.sum(sql.billable_time(d)).label("billable"),
            sa.func.sum(earned).label("amount"),
            sa.func.sum(sa.case((e.c.invoiced.is_(sa.true()), earned), else_=0)).label("invoiced"),
            sa.func.count().label("entries"),
        )
        .select_from(sql.join_projects(e))
        .where(*sql.conditions(access, flt), e.c.billable.is_(sa.true()))
        .group_by(sql.p.c.client_id, e.c.project_id, e.c.currency)
    )
    async with db.read() as conn:
        rows = (await conn.execute(stmt)).all()
        projects = await labels(conn, access.workspace_id, "PROJECT", {r.project_id for r in rows})
        clients = await labels(conn, access.workspace_id, "CLIENT", {r.client_id for r in rows})
    lines = []
    for r in rows:
        project = projects.get(r.project_id)
        client = clients.get(r.client_id)
        lines.append(
            BillingLine(
                client_id=r.client_id,
                client_name=client.name if client else WITHOUT["CLIENT"],
                project_id=r.project_id,
                project_name=project.name if project else WITHOUT["PROJECT"],
                currency=r.currency,
                billable_duration=int(r.billable),
                amount=int(r.amount),
                invoiced_amount=int(r.invoiced),
                uninvoiced_amount=int(r.amount) - int(r.invoiced),
                entries=int(r.entries),
            )
        )
    lines.sort(key=lambda line: (line.client_id is None, line.client_name.lower(), line.project_id is None, line.project_name.lower()))
    return lines
