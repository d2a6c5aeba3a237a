"""Clockify's Reports API (summary, detailed, weekly) and timeledger's payroll and billing
reports: requests to report filters, results to Clockify's JSON or to streamed exports.

Reached at /v1/workspaces/{ws}/reports/..., and through the path aliases /api/v1, /report/v1 and
/reports/v1 that the middleware maps onto /v1.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import Field, StrictBool, StrictInt
from starlette.responses import StreamingResponse

from timeledger.api.auth import AccessDep, DbDep
from timeledger.api.clockify.schemas import Id, In, Instant, IsoDuration, WeekDay
from timeledger.api.responses import JSON
from timeledger.core import zones
from timeledger.core.timefmt import format_duration
from timeledger.services.access import Access
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid
from timeledger.services.reports import billing, detailed, documents, payroll, sql, summary, weekly, window
from timeledger.services.reports.export import CONTENT_TYPES, ReportDocument, file_name, render
from timeledger.services.reports.sql import CustomFieldCondition, ReportFilter, Selection
from timeledger.services.reports.summary import Measures

router = APIRouter(prefix="/v1/workspaces/{workspaceId}/reports", tags=["Reports"])

AmountType = Literal["EARNED", "COST", "PROFIT", "HIDE_AMOUNT", "EXPORT"]
DATE_FORMATS = {"YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD-MM-YYYY", "MM-DD-YYYY", "DD.MM.YYYY"}
TIME_FORMATS = {"HOUR24": "HOUR24", "T24": "HOUR24", "HH:MM": "HOUR24", "HOUR12": "HOUR12", "T12": "HOUR12",
                "HH:MM A": "HOUR12"}


class SelectionIn(In):
    ids: list[Id] = Field(default_factory=list, max_length=5000)
    contains: Literal["CONTAINS", "DOES_NOT_CONTAIN", "CONTAINS_ONLY"] = "CONTAINS"
    status: str | None = None


class CustomFieldFilterIn(In):
    id: Id
    type: str | None = None
    value: Any = None
    numberCondition: Literal["EQUAL", "GREATER_THAN", "LESS_THAN"] | None = None
    isEmpty: StrictBool | None = None


class SummaryFilterIn(In):
    groups: Annotated[list[str], Field(min_length=1, max_length=3)] = Field(default_factory=lambda: ["PROJECT"])
    sortColumn: Literal["GROUP", "DURATION", "AMOUNT", "EARNED", "COST", "PROFIT"] = "GROUP"
    summaryChartType: str | None = None


class DetailedOptionsIn(In):
    totals: Literal["CALCULATE", "EXCLUDE"] = "CALCULATE"  # without options: page 1 only


class DetailedFilterIn(In):
    page: Annotated[StrictInt, Field(ge=1)] = 1
    pageSize: Annotated[StrictInt, Field(ge=1, le=detailed.MAX_PAGE_SIZE)] = 50
    sortColumn: Literal["ID", "DESCRIPTION", "USER", "DURATION", "DATE", "ZONED_DATE", "NATURAL", "USER_DATE"] = "DATE"
    options: DetailedOptionsIn | None = None


class WeeklyFilterIn(In):
    group: Literal["USER", "PROJECT"] = "USER"
    subgroup: Literal["TIME", "EARNINGS"] = "TIME"


class OvertimeIn(In):
    daily: IsoDuration | None = None
    weekly: IsoDuration | None = None


class ReportIn(In):
    dateRangeStart: Instant | None = None
    dateRangeEnd: Instant | None = None
    dateRangeType: str | None = None
    timeZone: Annotated[str, Field(max_length=64)] | None = None
    userLocale: str | None = None
    weekStart: WeekDay | None = None
    dateFormat: str | None = None
    timeFormat: str | None = None
    sortOrder: Literal["ASCENDING", "DESCENDING"] | None = None
    exportType: Literal["JSON", "JSON_V1", "PDF", "CSV", "XLSX", "ZIP"] = "JSON"
    amountShown: AmountType = "EARNED"
    amounts: list[AmountType] | None = None
    rounding: StrictBool | None = None
    billable: StrictBool | None = None
    description: Annotated[str, Field(max_length=3000)] | None = None
    withoutDescription: StrictBool = False
    archived: StrictBool | None = None
    approvalState: Literal["APPROVED", "UNAPPROVED", "ALL"] = "ALL"
    invoicingState: Literal["INVOICED", "UNINVOICED", "ALL"] = "ALL"
    users: SelectionIn | None = None
    userGroups: SelectionIn | None = None
    clients: SelectionIn | None = None
    projects: SelectionIn | None = None
    tasks: SelectionIn | None = None
    tags: SelectionIn | None = None
    costCodes: SelectionIn | None = None
    laborCodes: SelectionIn | None = None
    timeEntryTypes: SelectionIn | None = None
    customFields: list[CustomFieldFilterIn] | None = None
    zoomLevel: str | None = None


class SummaryIn(ReportIn):
    summaryFilter: SummaryFilterIn = Field(default_factory=SummaryFilterIn)


class DetailedIn(ReportIn):
    detailedFilter: DetailedFilterIn = Field(default_factory=DetailedFilterIn)


class WeeklyIn(ReportIn):
    weeklyFilter: WeeklyFilterIn = Field(default_factory=WeeklyFilterIn)


class PayrollIn(ReportIn):
    period: Literal["WEEKLY", "BIWEEKLY", "SEMIMONTHLY", "MONTHLY"] | None = None
    overtime: OvertimeIn | None = None


# --- request to filter ------------------------------------------------------------------------


def _selection(body: SelectionIn | None) -> Selection | None:
    return Selection(list(body.ids), body.contains, body.status) if body is not None else None


def _filter(access: Access, body: ReportIn, default_order: str) -> tuple[ReportFilter, window.Window]:
    win = window.resolve(access, body.dateRangeStart, body.dateRangeEnd, zone_name=body.timeZone,
                         range_type=body.dateRangeType, week_start=body.weekStart)
    projects = _selection(body.projects)
    if body.archived is not None:
        projects = projects or Selection()
        projects.status = "ARCHIVED" if body.archived else "ACTIVE"
    flt = ReportFilter(
        start=win.start, end=win.end, zone=win.zone,
        users=_selection(body.users), user_groups=_selection(body.userGroups), clients=_selection(body.clients),
        projects=projects, tasks=_selection(body.tasks), tags=_selection(body.tags),
        cost_codes=_selection(body.costCodes), labor_codes=_selection(body.laborCodes),
        time_entry_types=_selection(body.timeEntryTypes),
        billable=body.billable, description=body.description, without_description=body.withoutDescription,
        invoicing=body.invoicingState, approval=body.approvalState,
        custom_fields=[CustomFieldCondition(c.id, c.type, c.value, c.numberCondition, c.isEmpty) for c in body.customFields or []],
        rounding=body.rounding, amount_shown=body.amountShown if body.amountShown != "EXPORT" else "EARNED",
        amounts=[a for a in body.amounts or [] if a in sql.AMOUNT_TYPES], week_start=body.weekStart,
        sort_order=body.sortOrder or default_order,
    )
    sql.conditions(access, flt)  # refuse a bad filter now, not halfway through a streamed export
    return flt, win


def _formats(access: Access, body: ReportIn) -> tuple[str, str]:
    date_format = (body.dateFormat or access.principal.settings.get("dateFormat") or "YYYY-MM-DD").upper()
    if date_format not in DATE_FORMATS:
        raise Invalid(f"dateFormat must be one of {', '.join(sorted(DATE_FORMATS))}", "dateFormat")
    time_format = TIME_FORMATS.get((body.timeFormat or access.principal.settings.get("timeFormat") or "HOUR24").upper())
    if time_format is None:
        raise Invalid("timeFormat must be HOUR24 or HOUR12", "timeFormat")
    return date_format, time_format


def _export(body: ReportIn) -> str | None:
    if body.exportType in ("JSON", "JSON_V1"):
        return None
    if body.exportType == "ZIP":
        raise Invalid("exportType ZIP is not offered; ask for CSV, XLSX or PDF", "exportType")
    return body.exportType


def _file(doc: ReportDocument, export_type: str) -> StreamingResponse:
    name = file_name(doc, export_type)
    return StreamingResponse(
        render(doc, export_type), media_type=CONTENT_TYPES[export_type],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- results to JSON --------------------------------------------------------------------------


def _amounts(m: Measures, kinds: list[str]) -> list[dict[str, Any]]:
    return [{"type": k, "value": m.amount(k)} for k in kinds]


def _shown(flt: ReportFilter) -> str | None:
    return None if flt.amount_shown == "HIDE_AMOUNT" else flt.amount_shown


def _totals(m: Measures | None, by_currency: list[summary.CurrencyTotal], flt: ReportFilter) -> dict[str, Any]:
    m = m or Measures()
    kinds = documents.amount_kinds(flt)
    shown = _shown(flt)
    return {
        "_id": "",
        "totalTime": m.duration,
        "totalBillableTime": m.billable_duration,
        "entriesCount": m.entries,
        "totalAmount": m.amount(shown) if shown else None,
        "numOfCurrencies": len(by_currency),
        "amounts": _amounts(m, kinds),
        "totalAmountByCurrency": [
            {"currency": c.currency, "amount": Measures(earned=c.earned, cost=c.cost).amount(shown)}
            for c in by_currency
        ] if shown else [],
    }


def _group(g: summary.Group, flt: ReportFilter, currency: str) -> dict[str, Any]:
    shown = _shown(flt)
    return {
        "_id": g.key if g.key is not None else "",
        "name": g.label.name,
        "nameLowerCase": g.label.name.lower(),
        "color": g.label.color,
        "clientName": g.label.client_name,
        "currency": currency,
        "duration": g.measures.duration,
        "amount": g.measures.amount(shown) if shown else None,
        "amounts": _amounts(g.measures, documents.amount_kinds(flt)),
        "children": [_group(c, flt, currency) for c in g.children],
    }


def _entry(r: detailed.Row, flt: ReportFilter, tz) -> dict[str, Any]:
    shown = _shown(flt)
    amounts = {"EARNED": r.earned, "COST": r.cost, "PROFIT": r.earned - r.cost}
    return {
        "_id": r.id, "id": r.id, "description": r.description, "userId": r.user_id, "userName": r.user_name,
        "userEmail": r.user_email, "billable": r.billable, "projectId": r.project_id, "projectName": r.project_name,
        "projectColor": r.project_color, "clientId": r.client_id, "clientName": r.client_name, "taskId": r.task_id,
        "taskName": r.task_name, "tags": [{"_id": i, "id": i, "name": n} for i, n in r.tags],
        "timeInterval": {
            "start": r.start.astimezone(tz).isoformat(timespec="seconds"),
            "end": r.end.astimezone(tz).isoformat(timespec="seconds"),
            "duration": r.duration,
        },
        "approvalRequestId": r.approval_request_id, "isLocked": r.is_locked, "invoiced": r.invoiced, "type": r.type,
        "costCodeId": r.cost_code_id, "laborCodeId": r.labor_code_id, "timeEntryTypeId": r.time_entry_type_id,
        "customFields": [
            {"customFieldId": f, "value": v, "name": r.custom_names.get(f, ("", ""))[0], "type": r.custom_names.get(f, ("", ""))[1]}
            for f, v in r.custom_fields.items()
        ],
        "currency": r.currency,
        "rate": (r.hourly_rate or 0) if shown != "COST" else (r.cost_rate or 0),
        "amount": amounts.get(shown) if shown else None,
        "amounts": _amounts(Measures(earned=r.earned, cost=r.cost), documents.amount_kinds(flt)),
        "earnedAmount": r.earned, "costAmount": r.cost,
        "hourlyRate": {"amount": r.hourly_rate or 0, "currency": r.currency},
        "costRate": {"amount": r.cost_rate or 0, "currency": r.currency},
    }


def _day(m: Measures, date: str, flt: ReportFilter) -> dict[str, Any]:
    shown = _shown(flt)
    return {"date": date, "duration": m.duration, "amount": m.amount(shown) if shown else None}


def _week_row(row: weekly.WeekRow, days: list[str], flt: ReportFilter) -> dict[str, Any]:
    shown = _shown(flt)
    return {
        "_id": row.key or "", "name": row.label.name, "duration": row.measures.duration,
        "amount": row.measures.amount(shown) if shown else None,
        "amounts": _amounts(row.measures, documents.amount_kinds(flt)),
        "days": [_day(row.days[d], d, flt) for d in days],
        "children": [_week_row(c, days, flt) for c in row.children],
    }


# --- routes -----------------------------------------------------------------------------------


@router.post("/summary", operation_id="get-summary-report",
             summary="Summary report: totals and up to three levels of groups")
async def summary_report(db: DbDep, access: AccessDep, body: SummaryIn) -> Any:
    flt, win = _filter(access, body, "ASCENDING")
    export_type = _export(body)
    formats = _formats(access, body) if export_type else None
    result = await summary.summary(db, access, flt, list(body.summaryFilter.groups), body.summaryFilter.sortColumn)
    currency = access.workspace.currency
    if export_type:
        filters = await documents.filter_lines(db, access, flt)
        return _file(documents.summary_document(result, flt, win, access.workspace.name, currency, filters, *formats), export_type)
    return JSON({
        "totals": [_totals(result.totals, result.by_currency, flt)],
        "groupOne": [_group(g, flt, currency) for g in result.groups],
    })


@router.post("/detailed", operation_id="get-time-report",
             summary="Detailed report: the entries of the window, paged")
async def detailed_report(db: DbDep, access: AccessDep, body: DetailedIn) -> Any:
    flt, win = _filter(access, body, "DESCENDING")
    export_type = _export(body)
    options = body.detailedFilter
    if export_type:
        formats = _formats(access, body)
        filters = await documents.filter_lines(db, access, flt)
        return _file(documents.detailed_document(db, access, flt, win, options.sortColumn, filters, *formats), export_type)
    # Totals cost a scan of the whole window: computed for the first page, and for any page
    # whose request asks for them with options.totals = CALCULATE.
    with_totals = options.options.totals == "CALCULATE" if options.options is not None else options.page == 1
    result = await detailed.detailed(db, access, flt, PageRequest(options.page, options.pageSize), options.sortColumn, with_totals)
    tz = zones.zone(win.zone)
    return JSON(
        {
            "totals": [_totals(result.totals, result.by_currency, flt)] if with_totals else [],
            "timeentries": [_entry(r, flt, tz) for r in result.rows],
        },
        headers={"Last-Page": "true" if result.last_page else "false"},
    )


@router.post("/weekly", operation_id="get-weekly-report",
             summary="Weekly report: seven days by user or by project")
async def weekly_report(db: DbDep, access: AccessDep, body: WeeklyIn) -> Any:
    flt, win = _filter(access, body, "ASCENDING")
    days = weekly.week_days(win.local_start, win.local_end)
    export_type = _export(body)
    if body.weeklyFilter.subgroup == "EARNINGS" and flt.amount_shown == "HIDE_AMOUNT":
        flt.amount_shown = "EARNED"
    result = await weekly.weekly(db, access, flt, days, body.weeklyFilter.group)
    if export_type:
        formats = _formats(access, body)
        filters = await documents.filter_lines(db, access, flt)
        doc = documents.weekly_document(result, flt, win, access.workspace.name, access.workspace.currency,
                                        body.weeklyFilter.group, filters, *formats)
        return _file(doc, export_type)
    return JSON({
        "totals": [_totals(result.totals, result.by_currency, flt)],
        "groupOne": [_week_row(r, result.days, flt) for r in result.rows],
        "totalsByDay": [_day(result.totals_by_day[d], d, flt) for d in result.days],
        "decimalFormat": access.workspace.settings.get("durationFormat") == "DECIMAL",
        "trackTimeDownToSeconds": True,
    })


@router.post("/payroll", operation_id="get-payroll-report",
             summary="Payroll report (timeledger): regular and overtime hours per person and pay period")
async def payroll_report(db: DbDep, access: AccessDep, body: PayrollIn) -> Any:
    flt, win = _filter(access, body, "ASCENDING")
    thresholds = None
    if body.overtime is not None:
        sent = body.overtime.model_fields_set
        thresholds = payroll.thresholds_of(
            access, body.overtime.daily if "daily" in sent else False, body.overtime.weekly if "weekly" in sent else False
        )
    result = await payroll.payroll(db, access, flt, win.first_day, win.last_day, body.period, thresholds)
    export_type = _export(body)
    currency = access.workspace.currency
    if export_type:
        formats = _formats(access, body)
        filters = await documents.filter_lines(db, access, flt)
        return _file(documents.payroll_document(result, win, access.workspace.name, currency, filters, *formats), export_type)
    lines = [
        {
            "userId": line.user_id, "userName": line.user_name, "userEmail": line.user_email,
            "periodStart": line.period_start.isoformat(), "periodEnd": line.period_end.isoformat(),
            "regularTime": line.regular, "overtimeTime": line.overtime, "billableTime": line.billable,
            "nonBillableTime": line.non_billable, "totalTime": line.total, "costAmount": line.cost,
            "earnedAmount": line.earned,
        }
        for line in result.lines
    ]
    return JSON({
        "period": result.period, "dateRangeStart": result.first_day.isoformat(), "dateRangeEnd": result.last_day.isoformat(),
        "currency": currency,
        "overtimeThresholds": {
            "daily": format_duration(result.thresholds.daily) if result.thresholds.daily else None,
            "weekly": format_duration(result.thresholds.weekly) if result.thresholds.weekly else None,
        },
        "lines": lines,
        "totals": {key: sum(line[key] for line in lines) for key in
                   ("regularTime", "overtimeTime", "billableTime", "nonBillableTime", "totalTime", "costAmount", "earnedAmount")},
    })


@router.post("/billing", operation_id="get-billing-report",
             summary="Billing report (timeledger): billable time and amounts per client and project")
async def billing_report(db: DbDep, access: AccessDep, body: ReportIn) -> Any:
    flt, win = _filter(access, body, "ASCENDING")
    result = await billing.billing(db, access, flt)
    export_type = _export(body)
    currency = access.workspace.currency
    if export_type:
        formats = _formats(access, body)
        filters = await documents.filter_lines(db, access, flt)
        return _file(documents.billing_document(result, win, access.workspace.name, currency, filters, *formats), export_type)
    totals: dict[str, dict[str, int]] = {}
    for line in result:
        t = totals.setdefault(line.currency, {"billableTime": 0, "amount": 0, "invoicedAmount": 0, "uninvoicedAmount": 0})
        t["billableTime"] += line.billable_duration
        t["amount"] += line.amount
        t["invoicedAmount"] += line.invoiced_amount
        t["uninvoicedAmount"] += line.uninvoiced_amount
    return JSON({
        "currency": currency,
        "lines": [
            {"clientId": line.client_id, "clientName": line.client_name, "projectId": line.project_id,
             "projectName": line.project_name, "currency": line.currency, "billableTime": line.billable_duration,
             "amount": line.amount, "invoicedAmount": line.invoiced_amount, "uninvoicedAmount": line.uninvoiced_amount,
             "entriesCount": line.entries}
            for line in result
        ],
        "totals": [{"currency": c, **t} for c, t in sorted(totals.items())],
    })
