"""Each report as an export document: the same numbers as its JSON, as rows for CSV, XLSX and PDF."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from timeledger.core import zones
from timeledger.db.engine import Database
from timeledger.services.access import Access
from timeledger.services.reports import detailed as detailed_report
from timeledger.services.reports.billing import BillingLine
from timeledger.services.reports.export.document import Column, ReportDocument
from timeledger.services.reports.names import labels
from timeledger.services.reports.payroll import Payroll
from timeledger.services.reports.sql import ReportFilter, Selection
from timeledger.services.reports.summary import Group, Measures, Summary
from timeledger.services.reports.weekly import Weekly
from timeledger.services.reports.window import Window

GROUP_TITLES = {
    "PROJECT": "Project", "CLIENT": "Client", "USER": "User", "USER_GROUP": "Group", "TASK": "Task", "TAG": "Tag",
    "DATE": "Date", "WEEK": "Week", "MONTH": "Month", "TIMEENTRY": "Description",
}


def amount_kinds(flt: ReportFilter) -> list[str]:
    """Which amounts a report shows: the `amounts` asked for, else `amountShown`, else none."""
    if flt.amount_shown == "HIDE_AMOUNT":
        return []
    kinds = [k for k in flt.amounts if k in ("EARNED", "COST", "PROFIT")]
    return list(dict.fromkeys(kinds)) or ([flt.amount_shown] if flt.amount_shown in ("EARNED", "COST", "PROFIT") else [])


def _amount_title(kind: str, currency: str) -> str:
    return {"EARNED": "Billable Amount", "COST": "Cost Amount", "PROFIT": "Profit"}[kind] + f" ({currency})"


def period_text(window: Window) -> str:
    return f"{window.first_day.isoformat()} – {window.last_day.isoformat()} ({window.zone})"


async def filter_lines(db: Database, access: Access, flt: ReportFilter) -> list[tuple[str, str]]:
    """The filters of a report in words, with names instead of ids."""
    lines: list[tuple[str, str]] = []
    async with db.read() as conn:
        for title, kind, selection in (
            ("Users", "USER", flt.users), ("Groups", "USER_GROUP", flt.user_groups), ("Clients", "CLIENT", flt.clients),
            ("Projects", "PROJECT", flt.projects), ("Tasks", "TASK", flt.tasks), ("Tags", "TAG", flt.tags),
        ):
            if selection is not None and selection.ids:
                found = await labels(conn, access.workspace_id, kind, set(selection.ids))
                names = ", ".join(sorted(found[i].name for i in found)) or "(none found)"
                lines.append((title, _contains(selection) + names))
    if flt.billable is not None:
        lines.append(("Billable", "Yes" if flt.billable else "No"))
    if flt.description:
        lines.append(("Description contains", flt.description))
    if flt.without_description:
        lines.append(("Description", "(without description)"))
    if flt.invoicing != "ALL":
        lines.append(("Invoicing", flt.invoicing.title()))
    if flt.approval != "ALL":
        lines.append(("Approval", flt.approval.title()))
    return lines


def _contains(selection: Selection) -> str:
    return {"DOES_NOT_CONTAIN": "not: ", "CONTAINS_ONLY": "only: "}.get(selection.contains, "")


def _totals(measures: Measures, kinds: list[str]) -> list[tuple[str, Any, str]]:
    rows: list[tuple[str, Any, str]] = [
        ("Total time", measures.duration, "duration"),
        ("Billable time", measures.billable_duration, "duration"),
        ("Entries", measures.entries, "count"),
    ]
    titles = {"EARNED": "Billable amount", "COST": "Cost amount", "PROFIT": "Profit"}
    rows += [(titles[k], measures.amount(k), "money") for k in kinds]
    return rows


async def _iterate(rows: list[list[Any]]) -> AsyncIterator[list[Any]]:
    for row in rows:
        yield row


def summary_document(
    summary: Summary, flt: ReportFilter, window: Window, workspace: str, currency: str, filters: list[tuple[str, str]],
    date_format: str, time_format: str,
) -> ReportDocument:
    kinds = amount_kinds(flt)
    columns = [Column(GROUP_TITLES[k], "text") for k in summary.kinds]
    columns += [Column("Time (h)", "duration"), Column("Time (decimal)", "hours")]
    columns += [Column(_amount_title(k, currency), "money") for k in kinds]
    rows: list[list[Any]] = []

    def walk(groups: list[Group], path: list[str]) -> None:
        for group in groups:
            names = path + [group.label.name]
            padding = [None] * (len(summary.kinds) - len(names))
            m = group.measures
            rows.append(names + padding + [m.duration, m.duration] + [m.amount(k) for k in kinds])
            walk(group.children, names)

    walk(summary.groups, [])
    return ReportDocument(
        title="Summary report", workspace=workspace, period=period_text(window), filters=filters, columns=columns,
        rows=_iterate(rows), totals=_totals(summary.totals, kinds), currency=currency, date_format=date_format,
        time_format=time_format, filename="summary-report",
    )


def detailed_document(
    db: Database, access: Access, flt: ReportFilter, window: Window, sort_column: str, filters: list[tuple[str, str]],
    date_format: str, time_format: str,
) -> ReportDocument:
    """Streams: rows come from the database a chunk at a time, and the totals are summed on the way."""
    kinds = amount_kinds(flt)
    currency = access.workspace.currency
    tz = zones.zone(window.zone)
    # Clockify's detailed export columns. The PDF shows the ones a reader scans a page for.
    columns = [
        Column("Project", "text"), Column("Client", "text", in_pdf=False), Column("Description", "text"),
        Column("Task", "text"), Column("User", "text"), Column("Email", "text", in_pdf=False), Column("Tags", "text"),
        Column("Type", "text", in_pdf=False), Column("Billable", "bool", in_pdf=False), Column("Invoiced", "bool", in_pdf=False),
        Column("Start Date", "date"), Column("Start Time", "time"), Column("End Date", "date", in_pdf=False),
        Column("End Time", "time"), Column("Duration (h)", "duration"), Column("Duration (decimal)", "hours", in_pdf=False),
    ]
    if "EARNED" in kinds or "PROFIT" in kinds:
        columns += [Column(f"Billable Rate ({currency})", "money", in_pdf=False), Column(f"Billable Amount ({currency})", "money")]
    if "COST" in kinds or "PROFIT" in kinds:
        columns += [Column(f"Cost Rate ({currency})", "money", in_pdf=False), Column(f"Cost Amount ({currency})", "money")]
    if "PROFIT" in kinds:
        columns.append(Column(f"Profit ({currency})", "money"))
    running = Measures()
    totals: list[tuple[str, Any, str]] = []

    async def rows() -> AsyncIterator[list[Any]]:
        async for r in detailed_report.stream(db, access, flt, sort_column):
            start, end = r.start.astimezone(tz), r.end.astimezone(tz)
            row = [
                r.project_name, r.client_name, r.description, r.task_name, r.user_name, r.user_email,
                ", ".join(name for _, name in r.tags), r.type.title(), r.billable, r.invoiced,
                start.date(), start.time(), end.date(), end.time(), r.duration, r.duration,
            ]
            if "EARNED" in kinds or "PROFIT" in kinds:
                row += [r.hourly_rate or 0, r.earned]
            if "COST" in kinds or "PROFIT" in kinds:
                row += [r.cost_rate or 0, r.cost]
            if "PROFIT" in kinds:
                row.append(r.earned - r.cost)
            running.add(Measures(r.duration, r.duration if r.billable else 0, 1, r.earned, r.cost))
            yield row
        totals.extend(_totals(running, kinds))

    return ReportDocument(
        title="Detailed report", workspace=access.workspace.name, period=period_text(window), filters=filters,
        columns=columns, rows=rows(), totals=totals, currency=currency, date_format=date_format,
        time_format=time_format, filename="detailed-report",
    )


def weekly_document(
    weekly: Weekly, flt: ReportFilter, window: Window, workspace: str, currency: str, group: str,
    filters: list[tuple[str, str]], date_format: str, time_format: str,
) -> ReportDocument:
    kinds = amount_kinds(flt)[:1]
    child = "PROJECT" if group == "USER" else "USER"
    columns = [Column(GROUP_TITLES[group], "text"), Column(GROUP_TITLES[child], "text")]
    columns += [Column(day, "duration") for day in weekly.days] + [Column("Total", "duration")]
    columns += [Column(_amount_title(k, currency), "money") for k in kinds]
    rows: list[list[Any]] = []
    for parent in weekly.rows:
        for row, names in [(parent, [parent.label.name, None])] + [(c, [parent.label.name, c.label.name]) for c in parent.children]:
            rows.append(names + [row.days[d].duration for d in weekly.days] + [row.measures.duration]
                        + [row.measures.amount(k) for k in kinds])
    rows.append(["Total", None] + [weekly.totals_by_day[d].duration for d in weekly.days] + [weekly.totals.duration]
                + [weekly.totals.amount(k) for k in kinds])
    return ReportDocument(
        title="Weekly report", workspace=workspace, period=period_text(window), filters=filters, columns=columns,
        rows=_iterate(rows), totals=_totals(weekly.totals, kinds), currency=currency, date_format=date_format,
        time_format=time_format, filename="weekly-report",
    )


def payroll_document(
    payroll: Payroll, window: Window, workspace: str, currency: str, filters: list[tuple[str, str]], date_format: str,
    time_format: str,
) -> ReportDocument:
    columns = [
        Column("User", "text"), Column("Email", "text"), Column("Period start", "date"), Column("Period end", "date"),
        Column("Regular hours", "hours"), Column("Overtime hours", "hours"), Column("Billable hours", "hours"),
        Column("Non-billable hours", "hours"), Column("Total hours", "hours"), Column(f"Cost ({currency})", "money"),
    ]
    rows = [
        [line.user_name, line.user_email, line.period_start, line.period_end, line.regular, line.overtime,
         line.billable, line.non_billable, line.total, line.cost]
        for line in payroll.lines
    ]
    total = Measures()
    regular = overtime = 0
    for line in payroll.lines:
        total.add(Measures(line.total, line.billable, 0, line.earned, line.cost))
        regular += line.regular
        overtime += line.overtime
    thresholds = payroll.thresholds
    described = filters + [
        ("Pay period", payroll.period.title()),
        ("Daily overtime after", f"{thresholds.daily / 3600:g} h" if thresholds.daily else "none"),
        ("Weekly overtime after", f"{thresholds.weekly / 3600:g} h" if thresholds.weekly else "none"),
    ]
    return ReportDocument(
        title="Payroll report", workspace=workspace, period=period_text(window), filters=described, columns=columns,
        rows=_iterate(rows),
        totals=[("Total hours", total.duration, "hours"), ("Regular hours", regular, "hours"),
                ("Overtime hours", overtime, "hours"), ("Billable hours", total.billable_duration, "hours"),
                ("Cost", total.cost, "money")],
        currency=currency, date_format=date_format, time_format=time_format, filename="payroll-report",
    )


def billing_document(
    lines: list[BillingLine], window: Window, workspace: str, currency: str, filters: list[tuple[str, str]],
    date_format: str, time_format: str,
) -> ReportDocument:
    columns = [
        Column("Client", "text"), Column("Project", "text"), Column("Billable time (h)", "duration"),
        Column("Billable time (decimal)", "hours"), Column("Currency", "text"), Column("Amount", "money"),
        Column("Invoiced", "money"), Column("Uninvoiced", "money"),
    ]
    rows = [
        [line.client_name, line.project_name, line.billable_duration, line.billable_duration, line.currency,
         line.amount, line.invoiced_amount, line.uninvoiced_amount]
        for line in lines
    ]
    main = [line for line in lines if line.currency == currency]
    return ReportDocument(
        title="Billing report", workspace=workspace, period=period_text(window), filters=filters, columns=columns,
        rows=_iterate(rows),
        totals=[("Billable time", sum(line.billable_duration for line in lines), "duration"),
                (f"Amount ({currency})", sum(line.amount for line in main), "money"),
                (f"Invoiced ({currency})", sum(line.invoiced_amount for line in main), "money"),
                (f"Uninvoiced ({currency})", sum(line.uninvoiced_amount for line in main), "money")],
        currency=currency, date_format=date_format, time_format=time_format, filename="billing-report",
    )
