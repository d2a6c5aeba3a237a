"""The weekly report: seven local days, by user or by project, each with the other beneath it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from timeledger.db.engine import Database
from timeledger.services.access import Access
from timeledger.services.errors import Invalid
from timeledger.services.reports import sql
from timeledger.services.reports.names import Label, labels
from timeledger.services.reports.sql import ReportFilter
from timeledger.services.reports.summary import CurrencyTotal, Measures, _label, _normal, from_clause, group_key, totals

GROUPS = ("USER", "PROJECT")


@dataclass(slots=True)
class WeekRow:
    kind: str
    key: str | None
    label: Label
    measures: Measures
    days: dict[str, Measures]
    children: list[WeekRow] = field(default_factory=list)


@dataclass(slots=True)
class Weekly:
    days: list[str]
    rows: list[WeekRow]
    totals: Measures
    by_currency: list[CurrencyTotal]
    totals_by_day: dict[str, Measures]


def week_days(local_start: datetime, local_end: datetime) -> list[date]:
    """The seven days of a weekly report's window, or Invalid as Clockify words it."""
    days = (local_end.date() - local_start.date()).days + (0 if local_end.time() == datetime.min.time() else 1)
    if days != 7 or local_start.time() != datetime.min.time():
        raise Invalid("Please select date range of exactly 7 days for weekly report", "dateRangeEnd")
    return [local_start.date() + timedelta(days=i) for i in range(7)]


async def weekly(db: Database, access: Access, flt: ReportFilter, days: list[date], group: str = "USER") -> Weekly:
    if group not in GROUPS:
        raise Invalid("weeklyFilter.group must be USER or PROJECT", "weeklyFilter.group")
    child = "PROJECT" if group == "USER" else "USER"
    rule = sql.rounding_rule(access, flt)
    dialect = db.dialect
    day = sql.local_date(dialect, flt.zone, flt.start, flt.end).label("day")
    k1 = group_key(group, dialect, flt, "MONDAY").label("k1")
    k2 = group_key(child, dialect, flt, "MONDAY").label("k2")
    stmt = (
        sa.select(k1, k2, day, *sql.measures(rule))
        .select_from(from_clause([group, child], flt))
        .where(*sql.conditions(access, flt))
        .group_by(k1, k2, day)
    )
    day_keys = [d.isoformat() for d in days]
    async with db.read() as conn:
        rows = (await conn.execute(stmt)).all()
        total, by_currency = await totals(conn, access, flt, rule)
        names = {
            group: await labels(conn, access.workspace_id, group, {r.k1 for r in rows}),
            child: await labels(conn, access.workspace_id, child, {r.k2 for r in rows}),
        }
    parents: dict[str | None, WeekRow] = {}
    children: dict[tuple[str | None, str | None], WeekRow] = {}
    by_day = {d: Measures() for d in day_keys}
    for r in rows:
        measures, when = Measures.of(r), _normal(r.day)
        parent = parents.get(r.k1)
        if parent is None:
            parent = parents[r.k1] = WeekRow(group, r.k1, _label(group, r.k1, names), Measures(), {d: Measures() for d in day_keys})
        leaf = children.get((r.k1, r.k2))
        if leaf is None:
            leaf = children[(r.k1, r.k2)] = WeekRow(child, r.k2, _label(child, r.k2, names), Measures(), {d: Measures() for d in day_keys})
            parent.children.append(leaf)
        for target in (parent, leaf):
            target.measures.add(measures)
            if when in target.days:
                target.days[when].add(measures)
        if when in by_day:
            by_day[when].add(measures)
    ordered = sorted(parents.values(), key=lambda row: (row.key is None, row.label.name.lower()))
    for row in ordered:
        row.children.sort(key=lambda c: (c.key is None, c.label.name.lower()))
    return Weekly(day_keys, ordered, total, by_currency, by_day)
