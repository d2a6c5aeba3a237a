"""The summary report: totals and up to three levels of groups, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.db.engine import Database
from timeledger.db.tables import time_entry_tags, user_group_members
from timeledger.services.access import Access
from timeledger.services.errors import Invalid
from timeledger.services.reports import sql
from timeledger.services.reports.names import WITHOUT, Label, labels
from timeledger.services.reports.sql import ReportFilter, e

GROUPS = ("PROJECT", "CLIENT", "USER", "USER_GROUP", "TASK", "TAG", "DATE", "WEEK", "MONTH", "TIMEENTRY",
          "COST_CODE", "LABOR_CODE", "TIME_ENTRY_TYPE")
# An entry with two tags (or a user in two groups) counts in both groups: totals above such a
# level cannot be summed from it and are queried on their own.
MULTIPLYING = frozenset({"TAG", "USER_GROUP"})
SORTS = ("GROUP", "DURATION", "AMOUNT", "EARNED", "COST", "PROFIT")


@dataclass(slots=True)
class Measures:
    duration: int = 0
    billable_duration: int = 0
    entries: int = 0
    earned: int = 0
    cost: int = 0

    @property
    def profit(self) -> int:
        return self.earned - self.cost

    def add(self, other: Measures) -> None:
        self.duration += other.duration
        self.billable_duration += other.billable_duration
        self.entries += other.entries
        self.earned += other.earned
        self.cost += other.cost

    def amount(self, kind: str | None) -> int:
        if kind == "EARNED":
            return self.earned
        if kind == "COST":
            return self.cost
        return self.earned - self.cost if kind == "PROFIT" else 0

    @classmethod
    def of(cls, row: Any) -> Measures:
        return cls(int(row.duration), int(row.billable_duration), int(row.entries), int(row.earned), int(row.cost))


@dataclass(slots=True)
class Group:
    kind: str
    key: Any  # an id, an ISO date, a month "YYYY-MM", a description, or None ("without")
    label: Label
    measures: Measures
    children: list[Group] = field(default_factory=list)


@dataclass(slots=True)
class CurrencyTotal:
    currency: str
    earned: int
    cost: int


@dataclass(slots=True)
class Summary:
    totals: Measures
    by_currency: list[CurrencyTotal]
    groups: list[Group]
    kinds: list[str]
    rounding: tuple[str, int] | None


def check_groups(kinds: list[str]) -> list[str]:
    if not 1 <= len(kinds) <= 3:
        raise Invalid("summaryFilter.groups needs one to three groups", "summaryFilter.groups")
    for kind in kinds:
        if kind not in GROUPS:
            raise Invalid(f"Invalid group name {kind}; use one of {', '.join(GROUPS)}", "summaryFilter.groups")
    if len(set(kinds)) != len(kinds):
        raise Invalid("summaryFilter.groups must not repeat a group", "summaryFilter.groups")
    return kinds


# Groups that are a column of the entry (or of a joined row); the others are computed days.
_COLUMN_GROUPS: dict[str, sa.ColumnElement] = {
    "PROJECT": e.c.project_id,
    "CLIENT": sql.p.c.client_id,
    "USER": e.c.user_id,
    "TASK": e.c.task_id,
    "TAG": time_entry_tags.c.tag_id,
    "USER_GROUP": user_group_members.c.group_id,
    "TIMEENTRY": e.c.description,
    "COST_CODE": e.c.cost_code_id,
    "LABOR_CODE": e.c.labor_code_id,
    "TIME_ENTRY_TYPE": e.c.time_entry_type_id,
}


def group_key(kind: str, dialect: str, flt: ReportFilter, week_start: str) -> sa.ColumnElement:
    column = _COLUMN_GROUPS.get(kind)
    if column is not None:
        return column
    day = sql.local_date(dialect, flt.zone, flt.start, flt.end)
    if kind == "DATE":
        return day
    if kind == "WEEK":
        return sql.week_of(dialect, day, week_start)
    return sql.month_of(dialect, day)


def from_clause(kinds: list[str], flt: ReportFilter) -> Any:
    source: Any = e
    if "CLIENT" in kinds or sql.needs_project_join(flt):
        source = sql.join_projects(source)
    if "TAG" in kinds:
        source = source.outerjoin(
            time_entry_tags, sa.and_(time_entry_tags.c.workspace_id == e.c.workspace_id, time_entry_tags.c.entry_id == e.c.id)
        )
    if "USER_GROUP" in kinds:
        source = source.outerjoin(
            user_group_members,
            sa.and_(user_group_members.c.workspace_id == e.c.workspace_id, user_group_members.c.user_id == e.c.user_id),
        )
    return source


def _normal(value: Any) -> Any:
    """Keys as the API shows them: dates as ISO strings, whatever the driver returned."""
    if isinstance(value, date):
        return value.isoformat()
    return value


async def _grouped(
    conn: AsyncConnection, access: Access, flt: ReportFilter, kinds: list[str], rule, dialect: str, week_start: str,
    *, by_currency: bool = False,
) -> list[tuple[tuple[Any, ...], Measures]]:
    """Measures per combination of group keys (plus the currency last, when asked)."""
    keys = [group_key(k, dialect, flt, week_start).label(f"k{i}") for i, k in enumerate(kinds)]
    if by_currency:
        keys.append(e.c.currency.label(f"k{len(kinds)}"))
    stmt = (
        sa.select(*keys, *sql.measures(rule))
        .select_from(from_clause(kinds, flt))
        .where(*sql.conditions(access, flt))
        .group_by(*[k for k in keys])
    )
    rows = (await conn.execute(stmt)).all()
    return [(tuple(_normal(row[i]) for i in range(len(keys))), Measures.of(row)) for row in rows]


async def totals(conn: AsyncConnection, access: Access, flt: ReportFilter, rule) -> tuple[Measures, list[CurrencyTotal]]:
    source = sql.join_projects(e) if sql.needs_project_join(flt) else e
    stmt = (
        sa.select(e.c.currency, *sql.measures(rule))
        .select_from(source)
        .where(*sql.conditions(access, flt))
        .group_by(e.c.currency)
    )
    total = Measures()
    by_currency = []
    for row in await conn.execute(stmt):
        measures = Measures.of(row)
        total.add(measures)
        by_currency.append(CurrencyTotal(row.currency, measures.earned, measures.cost))
    return total, sorted(by_currency, key=lambda c: c.currency)


async def summary(db: Database, access: Access, flt: ReportFilter, kinds: list[str], sort_column: str = "GROUP") -> Summary:
    kinds = check_groups(kinds)
    if sort_column not in SORTS:
        raise Invalid(f"sortColumn must be one of {', '.join(SORTS)}", "summaryFilter.sortColumn")
    rule = sql.rounding_rule(access, flt)
    week_start = flt.week_start or access.workspace.settings.get("weekStart", "MONDAY")
    dialect = db.dialect
    async with db.read() as conn:
        # The deepest level is always queried; a level above it is queried on its own only when
        # a multiplying level below would make summing its children count entries twice. The
        # totals come from the same rows (grouped by currency too) unless a level multiplies.
        levels: dict[int, list[tuple[tuple[Any, ...], Measures]]] = {}
        if MULTIPLYING.intersection(kinds):
            total, by_currency = await totals(conn, access, flt, rule)
            levels[len(kinds)] = await _grouped(conn, access, flt, kinds, rule, dialect, week_start)
        else:
            rows = await _grouped(conn, access, flt, kinds, rule, dialect, week_start, by_currency=True)
            total, by_currency = _currency_totals(rows)
            levels[len(kinds)] = _roll_up(rows, len(kinds))
        for depth in range(len(kinds) - 1, 0, -1):
            if MULTIPLYING.intersection(kinds[depth:]):
                levels[depth] = await _grouped(conn, access, flt, kinds[:depth], rule, dialect, week_start)
            else:
                levels[depth] = _roll_up(levels[depth + 1], depth)
        names: dict[str, dict[Any, Label]] = {}
        for i, kind in enumerate(kinds):
            names[kind] = await labels(conn, access.workspace_id, kind, {key[i] for key, _ in levels[len(kinds)]})
    groups = _tree(levels, kinds, names)
    _sort(groups, sort_column, flt.sort_order, flt.amount_shown)
    return Summary(total, by_currency, groups, kinds, rule)


def _currency_totals(rows: list[tuple[tuple[Any, ...], Measures]]) -> tuple[Measures, list[CurrencyTotal]]:
    """Totals from rows whose last key is the currency."""
    total = Measures()
    per_currency: dict[str, Measures] = {}
    for key, measures in rows:
        total.add(measures)
        per_currency.setdefault(key[-1], Measures()).add(measures)
    return total, [CurrencyTotal(c, m.earned, m.cost) for c, m in sorted(per_currency.items())]


def _roll_up(rows: list[tuple[tuple[Any, ...], Measures]], depth: int) -> list[tuple[tuple[Any, ...], Measures]]:
    acc: dict[tuple[Any, ...], Measures] = {}
    for key, measures in rows:
        acc.setdefault(key[:depth], Measures()).add(measures)
    return list(acc.items())


def _label(kind: str, key: Any, names: dict[str, dict[Any, Label]]) -> Label:
    if key is None:
        return Label(WITHOUT.get(kind, "(None)"))
    if kind in ("DATE", "WEEK", "MONTH"):
        return Label(str(key))
    if kind == "TIMEENTRY":
        return Label(key or WITHOUT["TIMEENTRY"])
    return names.get(kind, {}).get(key) or Label(WITHOUT.get(kind, "(Deleted)"))


def _tree(levels: dict[int, list[tuple[tuple[Any, ...], Measures]]], kinds: list[str], names) -> list[Group]:
    nodes: dict[tuple[Any, ...], Group] = {}
    roots: list[Group] = []
    for depth in range(1, len(kinds) + 1):
        kind = kinds[depth - 1]
        for key, measures in levels[depth]:
            node = Group(kind, key[-1], _label(kind, key[-1], names), measures)
            nodes[key] = node
            parent = nodes.get(key[:-1]) if depth > 1 else None
            if depth == 1:
                roots.append(node)
            elif parent is not None:
                parent.children.append(node)
    return roots


def _sort(groups: list[Group], column: str, order: str, amount_shown: str) -> None:
    descending = order == "DESCENDING"

    def key(group: Group) -> Any:
        m = group.measures
        if column == "DURATION":
            return m.duration
        if column == "AMOUNT":
            return m.amount(amount_shown)
        if column in ("EARNED", "COST", "PROFIT"):
            return m.amount(column)
        if group.kind in ("DATE", "WEEK", "MONTH"):
            return (group.key is None, str(group.key or ""))
        return (group.key is None, group.label.name.lower())

    groups.sort(key=key, reverse=descending)
    for group in groups:
        _sort(group.children, column, order, amount_shown)
