"""SQL building blocks shared by every report: the window, the caller's scope, the filters, the
per-entry measures (rounded duration, earned and cost amounts) and the local calendar axes.

Everything aggregates in the database. Amounts are computed per entry in integer minor units,
rounded half up to the cent, then summed, so a report equals the sum of its entries' amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from timeledger.core import zones
from timeledger.core.periods import WEEK_DAYS
from timeledger.db.tables import (
    memberships,
    projects,
    tasks,
    time_entries,
    time_entry_tags,
    timesheets,
    user_group_members,
)
from timeledger.services.access import Access
from timeledger.services.errors import Invalid
from timeledger.services.settings import ROUNDING_MINUTES, ROUNDING_MODES

e = time_entries
p = projects.alias("p")
CONTAINS = ("CONTAINS", "DOES_NOT_CONTAIN", "CONTAINS_ONLY")
AMOUNT_TYPES = ("EARNED", "COST", "PROFIT")


@dataclass(slots=True)
class Selection:
    """Clockify's `{ids, contains, status}` filter on one dimension."""

    ids: list[str] = field(default_factory=list)
    contains: str = "CONTAINS"
    status: str | None = None


@dataclass(slots=True)
class CustomFieldCondition:
    field_id: str
    type: str | None = None
    value: Any = None
    number_condition: str | None = None  # EQUAL | GREATER_THAN | LESS_THAN
    is_empty: bool | None = None


@dataclass(slots=True)
class ReportFilter:
    start: datetime  # UTC instants: the window, already read as wall clock in `zone`
    end: datetime
    zone: str
    users: Selection | None = None
    user_groups: Selection | None = None
    clients: Selection | None = None
    projects: Selection | None = None
    tasks: Selection | None = None
    tags: Selection | None = None
    cost_codes: Selection | None = None
    labor_codes: Selection | None = None
    time_entry_types: Selection | None = None
    billable: bool | None = None
    description: str | None = None
    without_description: bool = False
    invoicing: str = "ALL"  # ALL | INVOICED | UNINVOICED
    approval: str = "ALL"  # ALL | APPROVED | UNAPPROVED
    custom_fields: list[CustomFieldCondition] = field(default_factory=list)
    rounding: bool | None = None  # None: the workspace's own choice
    amount_shown: str = "EARNED"  # EARNED | COST | PROFIT | HIDE_AMOUNT
    amounts: list[str] = field(default_factory=list)
    week_start: str | None = None  # None: the workspace's
    sort_order: str = "ASCENDING"
    # (first, last): also only entries whose own day (local_date, in their owner's zone) is in it,
    # both inclusive (ClickTime's StartDate/EndDate); start/end should then cover those days.
    days: tuple[Any, Any] | None = None


# --- measures ---------------------------------------------------------------------------------


def rounding_rule(access: Access, flt: ReportFilter) -> tuple[str, int] | None:
    """(mode, seconds) when reported time is rounded, from the workspace's settings."""
    settings = access.workspace.settings
    use = settings.get("timeRoundingInReports") if flt.rounding is None else flt.rounding
    if not use:
        return None
    rule = settings.get("round") or {}
    mode = ROUNDING_MODES.get(rule.get("round"), "NEAREST")
    minutes = int(rule.get("minutes") or 15)
    if minutes not in ROUNDING_MINUTES:
        minutes = 15
    return mode, minutes * 60


# Integer arithmetic throughout, with `//`: SQLAlchemy renders `/` as true division, and a
# float anywhere would make the sum of amounts differ from the amounts summed.


def duration(rule: tuple[str, int] | None) -> sa.ColumnElement[int]:
    """Each entry's reported seconds: its duration, rounded per entry when the workspace asks."""
    d = e.c.duration_s
    if rule is None:
        return d
    mode, unit = rule
    if mode == "DOWN":
        return (d // unit) * unit
    if mode == "UP":
        return ((d + (unit - 1)) // unit) * unit
    return ((d + unit // 2) // unit) * unit


def earned(d: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    """Billable entries only: seconds x minor units per hour / 3600, rounded half up per entry."""
    return sa.case((e.c.billable.is_(sa.true()), (d * sa.func.coalesce(e.c.hourly_rate, 0) + 1800) // 3600), else_=0)


def cost(d: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    """Every entry has a cost."""
    return (d * sa.func.coalesce(e.c.cost_rate, 0) + 1800) // 3600


def billable_time(d: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    return sa.case((e.c.billable.is_(sa.true()), d), else_=0)


def measures(rule: tuple[str, int] | None) -> list[sa.Label]:
    """The aggregate columns every grouped query returns."""
    d = duration(rule)
    return [
        sa.func.coalesce(sa.func.sum(d), 0).label("duration"),
        sa.func.coalesce(sa.func.sum(billable_time(d)), 0).label("billable_duration"),
        sa.func.count().label("entries"),
        sa.func.coalesce(sa.func.sum(earned(d)), 0).label("earned"),
        sa.func.coalesce(sa.func.sum(cost(d)), 0).label("cost"),
    ]


# --- the local calendar -----------------------------------------------------------------------


def local_date(dialect: str, zone_name: str, start: datetime, end: datetime) -> sa.ColumnElement:
    """The calendar day of each entry's start in `zone_name`, DST-correct on both databases."""
    if dialect == "postgresql":
        return sa.cast(sa.func.timezone(zone_name, e.c.start_at), sa.Date)
    segments = zones.offset_segments(zone_name, start, end)
    if len(segments) == 1:
        return sa.func.date(e.c.start_at, f"{segments[0][1]:+d} seconds")
    offset = sa.case(
        *[(e.c.start_at < until, f"{seconds:+d} seconds") for until, seconds in segments[:-1]],
        else_=f"{segments[-1][1]:+d} seconds",
    )
    return sa.func.date(e.c.start_at, offset)



def week_of(dialect: str, day: sa.ColumnElement, week_start: str) -> sa.ColumnElement:
    """The first day of the week that `day` falls in, weeks starting on `week_start`."""
    first = (WEEK_DAYS.index(week_start) + 1) % 7  # as a day-of-week number with Sunday = 0
    if dialect == "postgresql":
        back = (sa.cast(sa.extract("dow", day), sa.Integer) - first + 7) % 7
        return day - back
    back = (sa.cast(sa.func.strftime("%w", day), sa.Integer) - first + 7) % 7
    return sa.func.date(day, sa.literal("-") + sa.cast(back, sa.String) + " days")


def month_of(dialect: str, day: sa.ColumnElement) -> sa.ColumnElement:
    if dialect == "postgresql":
        return sa.func.to_char(day, "YYYY-MM")
    return sa.func.strftime("%Y-%m", day)


# --- which entries ----------------------------------------------------------------------------


def scope(access: Access) -> sa.ColumnElement[bool] | None:
    """Entries the caller may report on: admins all; others their own, their team's, and the
    entries on projects they manage."""
    if access.is_admin:
        return None
    conditions = [e.c.user_id.in_([access.user_id, *access.managed_users])]
    if access.managed_projects:
        conditions.append(e.c.project_id.in_(list(access.managed_projects)))
    return sa.or_(*conditions)


def _ids(selection: Selection, field_name: str) -> list[str]:
    if selection.contains not in CONTAINS:
        raise Invalid(f"{field_name}.contains must be one of {', '.join(CONTAINS)}", f"{field_name}.contains")
    return [i.lower() for i in selection.ids if isinstance(i, str)]


def _select(column: sa.ColumnElement, selection: Selection | None, field_name: str) -> sa.ColumnElement[bool] | None:
    if selection is None or not selection.ids:
        return None
    ids = _ids(selection, field_name)
    if selection.contains == "DOES_NOT_CONTAIN":
        return sa.or_(column.is_(None), column.not_in(ids))
    return column.in_(ids)


def needs_project_join(flt: ReportFilter) -> bool:
    return bool(
        (flt.clients and flt.clients.ids)
        or (flt.projects and flt.projects.status not in (None, "ALL"))
        or (flt.clients and flt.clients.status not in (None, "ALL"))
    )


def conditions(access: Access, flt: ReportFilter, *, window: bool = True) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions for the window, the caller's scope and every filter of the request.
    Client filters refer to the alias `p` of projects (join it with `join_projects`).
    `window=False` leaves the time window to the caller (payroll selects by local day)."""
    ws = access.workspace_id
    where: list[Any] = [e.c.workspace_id == ws, e.c.end_at.is_not(None)]  # running timers join when they stop
    if window:
        where += [e.c.start_at >= flt.start, e.c.start_at <= flt.end]
    if flt.days is not None:
        where += [e.c.local_date >= flt.days[0], e.c.local_date <= flt.days[1]]
    visible = scope(access)
    if visible is not None:
        where.append(visible)
    for column, selection, name in (
        (e.c.user_id, flt.users, "users"),
        (e.c.project_id, flt.projects, "projects"),
        (e.c.task_id, flt.tasks, "tasks"),
        (p.c.client_id, flt.clients, "clients"),
        (e.c.cost_code_id, flt.cost_codes, "costCodes"),
        (e.c.labor_code_id, flt.labor_codes, "laborCodes"),
        (e.c.time_entry_type_id, flt.time_entry_types, "timeEntryTypes"),
    ):
        condition = _select(column, selection, name)
        if condition is not None:
            where.append(condition)
    if flt.users and flt.users.status not in (None, "ALL"):
        statuses = {"ACTIVE": ["ACTIVE"], "INACTIVE": ["INACTIVE"], "PENDING": ["PENDING"],
                    "ACTIVE_WITH_PENDING": ["ACTIVE", "PENDING"]}.get(flt.users.status)
        if statuses is None:
            raise Invalid("users.status must be ALL, ACTIVE, ACTIVE_WITH_PENDING, PENDING or INACTIVE", "users.status")
        where.append(
            e.c.user_id.in_(
                sa.select(memberships.c.user_id).where(memberships.c.workspace_id == ws, memberships.c.status.in_(statuses))
            )
        )
    if flt.user_groups and flt.user_groups.ids:
        in_groups = e.c.user_id.in_(
            sa.select(user_group_members.c.user_id).where(
                user_group_members.c.workspace_id == ws,
                user_group_members.c.group_id.in_(_ids(flt.user_groups, "userGroups")),
            )
        )
        where.append(~in_groups if flt.user_groups.contains == "DOES_NOT_CONTAIN" else in_groups)
    for selection, column, name in ((flt.projects, p.c.archived, "projects"), (flt.clients, None, "clients")):
        if selection and selection.status not in (None, "ALL"):
            if selection.status not in ("ACTIVE", "ARCHIVED"):
                raise Invalid(f"{name}.status must be ACTIVE, ARCHIVED or ALL", f"{name}.status")
            if column is not None:
                where.append(column == (selection.status == "ARCHIVED"))
    if flt.tasks and flt.tasks.status not in (None, "ALL"):
        if flt.tasks.status not in ("ACTIVE", "DONE"):
            raise Invalid("tasks.status must be ACTIVE, DONE or ALL", "tasks.status")
        where.append(
            e.c.task_id.in_(sa.select(tasks.c.id).where(tasks.c.workspace_id == ws, tasks.c.status == flt.tasks.status))
        )
    if flt.tags and flt.tags.ids:
        where.append(_tag_condition(ws, flt.tags))
    if flt.billable is not None:
        where.append(e.c.billable == flt.billable)
    if flt.without_description:
        where.append(e.c.description == "")
    elif flt.description:
        from timeledger.services.common import like_pattern

        where.append(sa.func.lower(e.c.description).like(like_pattern(flt.description), escape="\\"))
    if flt.invoicing == "INVOICED":
        where.append(e.c.invoiced.is_(sa.true()))
    elif flt.invoicing == "UNINVOICED":
        where.append(e.c.invoiced.is_(sa.false()))
    elif flt.invoicing != "ALL":
        raise Invalid("invoicingState must be INVOICED, UNINVOICED or ALL", "invoicingState")
    if flt.approval in ("APPROVED", "UNAPPROVED"):
        approved = approved_condition(ws)
        where.append(approved if flt.approval == "APPROVED" else ~approved)
    elif flt.approval != "ALL":
        raise Invalid("approvalState must be APPROVED, UNAPPROVED or ALL", "approvalState")
    for condition in flt.custom_fields:
        where.append(_custom_field_condition(condition))
    return where


def approved_condition(ws: str) -> sa.ColumnElement[bool]:
    """The entry's day lies in an Approved (or Locked) timesheet of its owner."""
    return sa.exists().where(
        timesheets.c.workspace_id == ws,
        timesheets.c.user_id == e.c.user_id,
        timesheets.c.status.in_(("Approved", "Locked")),
        timesheets.c.start_date <= e.c.local_date,
        timesheets.c.end_date >= e.c.local_date,
    )


def _tag_condition(ws: str, selection: Selection) -> sa.ColumnElement[bool]:
    ids = _ids(selection, "tags")
    tagged_with = sa.exists().where(
        time_entry_tags.c.workspace_id == ws,
        time_entry_tags.c.entry_id == e.c.id,
        time_entry_tags.c.tag_id.in_(ids),
    )
    if selection.contains == "DOES_NOT_CONTAIN":
        return ~tagged_with
    if selection.contains == "CONTAINS_ONLY":
        other_tags = sa.exists().where(
            time_entry_tags.c.workspace_id == ws,
            time_entry_tags.c.entry_id == e.c.id,
            time_entry_tags.c.tag_id.not_in(ids),
        )
        return sa.and_(tagged_with, ~other_tags)
    return tagged_with


def _custom_field_condition(c: CustomFieldCondition) -> sa.ColumnElement[bool]:
    value = e.c.custom_fields[c.field_id]
    if c.is_empty:
        return sa.or_(e.c.custom_fields.is_(None), value.as_string().is_(None), value.as_string() == "")
    if c.type == "NUMBER":
        try:
            number = float(c.value)
        except (TypeError, ValueError) as exc:
            raise Invalid("A NUMBER custom field filter needs a numeric value", "customFields.value") from exc
        operation = c.number_condition or "EQUAL"
        if operation == "GREATER_THAN":
            return value.as_float() > number
        if operation == "LESS_THAN":
            return value.as_float() < number
        if operation != "EQUAL":
            raise Invalid("numberCondition must be EQUAL, GREATER_THAN or LESS_THAN", "customFields.numberCondition")
        return value.as_float() == number
    if c.type == "CHECKBOX":
        return value.as_boolean() == bool(c.value)
    if c.value is None:
        raise Invalid("A custom field filter needs a value or isEmpty", "customFields.value")
    if c.type == "DROPDOWN_MULTIPLE":
        from timeledger.services.common import like_pattern

        # The stored JSON array's text contains the quoted value.
        return sa.func.lower(sa.cast(value, sa.String)).like(like_pattern(f'"{c.value}"'), escape="\\")
    if c.type in ("DROPDOWN_SINGLE",):
        return value.as_string() == str(c.value)
    from timeledger.services.common import like_pattern

    return sa.func.lower(value.as_string()).like(like_pattern(str(c.value)), escape="\\")


def join_projects(stmt_from: Any) -> Any:
    return stmt_from.outerjoin(p, sa.and_(p.c.workspace_id == e.c.workspace_id, p.c.id == e.c.project_id))
