"""The payroll report: per person and pay period, regular and overtime hours, billable and
non-billable hours, and cost.

Days are each entry's own `local_date` (the day in its owner's zone), so a night shift in
Buenos Aires counts on the day it started there. Overtime is computed over whole work weeks,
even when the window cuts a week, then kept for the days inside the window: daily overtime is
time beyond the daily threshold; weekly overtime is regular time beyond the weekly threshold,
counted in the order the days come.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from timeledger.core import periods
from timeledger.db.engine import Database
from timeledger.services.access import Access
from timeledger.services.errors import Invalid
from timeledger.services.reports import sql
from timeledger.services.reports.names import WITHOUT, Label, labels
from timeledger.services.reports.sql import ReportFilter, e
from timeledger.services.settings import PAY_PERIODS


@dataclass(slots=True)
class Thresholds:
    daily: int | None  # seconds
    weekly: int | None


@dataclass(slots=True)
class PayrollLine:
    user_id: str
    user_name: str
    user_email: str
    period_start: date
    period_end: date
    regular: int
    overtime: int
    billable: int
    non_billable: int
    cost: int
    earned: int

    @property
    def total(self) -> int:
        return self.regular + self.overtime


@dataclass(slots=True)
class Payroll:
    period: str
    first_day: date
    last_day: date
    thresholds: Thresholds
    lines: list[PayrollLine]


def split_overtime(days: dict[date, int], thresholds: Thresholds, week_start: str) -> dict[date, tuple[int, int]]:
    """{day: (regular, overtime)} for one person's daily totals."""
    result: dict[date, tuple[int, int]] = {}
    weeks: dict[date, list[date]] = defaultdict(list)
    for day in days:
        weeks[periods.week_start_of(day, week_start)].append(day)
    for week_days in weeks.values():
        regular_so_far = 0
        for day in sorted(week_days):
            total = days[day]
            overtime = max(0, total - thresholds.daily) if thresholds.daily is not None else 0
            regular = total - overtime
            if thresholds.weekly is not None:
                beyond_week = max(0, regular_so_far + regular - thresholds.weekly)
                regular -= beyond_week
                overtime += beyond_week
            regular_so_far += regular
            result[day] = (regular, overtime)
    return result


def thresholds_of(access: Access, daily: int | None | bool = False, weekly: int | None | bool = False) -> Thresholds:
    """The workspace's thresholds, unless the request names its own (False: not named)."""
    configured = access.workspace.settings.get("overtime") or {}
    return Thresholds(
        configured.get("daily") if daily is False else daily,
        configured.get("weekly") if weekly is False else weekly,
    )


async def payroll(
    db: Database, access: Access, flt: ReportFilter, first_day: date, last_day: date, period: str | None = None,
    thresholds: Thresholds | None = None,
) -> Payroll:
    settings = access.workspace.settings
    pay = settings.get("payroll") or {}
    period = period or pay.get("period") or "WEEKLY"
    if period not in PAY_PERIODS:
        raise Invalid(f"period must be one of {', '.join(PAY_PERIODS)}", "period")
    if last_day < first_day:
        raise Invalid("The window ends before it starts", "dateRangeEnd")
    if (last_day - first_day).days > 3 * 366:
        raise Invalid("A payroll report covers at most three years", "dateRangeEnd")
    thresholds = thresholds or thresholds_of(access)
    for name, value in (("daily", thresholds.daily), ("weekly", thresholds.weekly)):
        if value is not None and not 0 < value <= (24 if name == "daily" else 168) * 3600:
            raise Invalid(f"The {name} overtime threshold is out of range", f"overtime.{name}")
    week_start = flt.week_start or settings.get("weekStart", "MONDAY")
    anchor = date.fromisoformat(pay.get("anchorDate") or "2024-01-01")
    # Whole weeks around the window, so weekly overtime sees every day of a cut week.
    from_day = periods.week_start_of(first_day, week_start)
    to_day = periods.week_start_of(last_day, week_start) + timedelta(days=6)
    rule = sql.rounding_rule(access, flt)
    d = sql.duration(rule)
    stmt = (
        sa.select(
            e.c.user_id,
            e.c.local_date,
            sa.func.sum(d).label("duration"),
            sa.func.sum(sql.billable_time(d)).label("billable"),
            sa.func.sum(sql.cost(d)).label("cost"),
            sa.func.sum(sql.earned(d)).label("earned"),
        )
        .select_from(sql.join_projects(e) if sql.needs_project_join(flt) else e)
        .where(*sql.conditions(access, flt, window=False), e.c.local_date >= from_day, e.c.local_date <= to_day)
        .group_by(e.c.user_id, e.c.local_date)
    )
    async with db.read() as conn:
        rows = (await conn.execute(stmt)).all()
        names = await labels(conn, access.workspace_id, "USER", {r.user_id for r in rows})
    per_user: dict[str, dict[date, tuple[int, int, int, int]]] = defaultdict(dict)
    for r in rows:
        day = r.local_date if isinstance(r.local_date, date) else date.fromisoformat(str(r.local_date))
        per_user[r.user_id][day] = (int(r.duration), int(r.billable), int(r.cost), int(r.earned))
    lines: dict[tuple[str, date], PayrollLine] = {}
    for user_id, days in per_user.items():
        split = split_overtime({day: v[0] for day, v in days.items()}, thresholds, week_start)
        label = names.get(user_id) or Label(WITHOUT["USER"], email="")
        for day, (total, billable, cost, earned) in days.items():
            if not first_day <= day <= last_day:
                continue
            start, end = periods.period_of(day, period, week_start, anchor)  # the pay period
            line = lines.get((user_id, start))
            if line is None:
                line = lines[(user_id, start)] = PayrollLine(user_id, label.name, label.email or "", start, end, 0, 0, 0, 0, 0, 0)
            regular, overtime = split[day]
            line.regular += regular
            line.overtime += overtime
            line.billable += billable
            line.non_billable += total - billable
            line.cost += cost
            line.earned += earned
    ordered = sorted(lines.values(), key=lambda line: (line.user_name.lower(), line.user_id, line.period_start))
    return Payroll(period, first_day, last_day, thresholds, ordered)
