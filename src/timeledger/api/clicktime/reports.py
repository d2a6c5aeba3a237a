"""Reports: /Reports/Time (time entry rows) and /Reports/TimeSummary (totals grouped by Job, Task,
User, Date, Month, and the work codes), for managers and admins, over services/reports.

- StartDate and EndDate (both inclusive) select entries by their Date: the entry's own day in
  its owner's zone, which is the caller's own zone for the caller's entries (an entry at 23:30
  local on the 2nd is in a report of the 2nd whatever the UTC date). Without them the report
  covers all time. Date groups of /Reports/TimeSummary are days in the caller's zone.
- Hours are the entries' own (never the rounding of the Clockify reports); Billings and Cost are
  in the company's currency units.
- TimesheetStatus can only tell approved time (Approved, Locked) from the rest (Open, Waiting,
  Rejected): asking for statuses of both kinds filters nothing.
- GroupBy Task totals the company task over every job it is used on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import Request

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import BoolFilter, ListFilter, TimeEntryPaging
from timeledger.api.clicktime.time_entries import _rows as entry_rows
from timeledger.api.clicktime.time_off import day
from timeledger.api.responses import JSON
from timeledger.core import zones
from timeledger.services import listing
from timeledger.services import time_entries as entries
from timeledger.services.access import Access
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid
from timeledger.services.reports import detailed as detailed_report
from timeledger.services.reports import summary as summary_report
from timeledger.services.reports.sql import ReportFilter, Selection
from timeledger.services.reports.window import report_zone

router = transport.router()

EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)
MAX_ROWS = detailed_report.MAX_PAGE_SIZE
APPROVED, UNAPPROVED = {"Approved", "Locked"}, {"Open", "Waiting", "Rejected"}
# ClickTime's GroupBy values: the summary report's groups.
GROUPS = {"job": ["PROJECT"], "task": ["TASK"], "user": ["USER"], "date": ["DATE"], "month": ["MONTH"],
          "costcode": ["COST_CODE"], "laborcode": ["LABOR_CODE"], "timeentrytype": ["TIME_ENTRY_TYPE"],
          "task and user": ["TASK", "USER"], "job and task": ["PROJECT", "TASK"], "job and month": ["PROJECT", "MONTH"]}
KEY_NAMES = {"PROJECT": ("JobID", "JobName"), "TASK": ("TaskID", "TaskName"), "USER": ("UserID", "UserName"),
             "COST_CODE": ("CostCodeID", "CostCodeName"), "LABOR_CODE": ("LaborCodeID", "LaborCodeName"),
             "TIME_ENTRY_TYPE": ("TimeEntryTypeID", "TimeEntryTypeName")}


def _selection(ids: list[str] | None) -> Selection | None:
    return Selection(ids=[i.strip().lower() for i in ids]) if ids else None


async def _filter(db, access: Access, f: dict[str, Any]) -> ReportFilter:
    access.require_manager()
    first, last = day(f["start"], "StartDate") or EARLIEST, day(f["end"], "EndDate") or LATEST
    if last < first:
        raise Invalid("EndDate must not be before StartDate", "EndDate")
    zone = report_zone(access, None)
    approval = "ALL"
    statuses = set(f.get("statuses") or ())
    if statuses:
        by_lower = {s.lower(): s for s in APPROVED | UNAPPROVED}
        if any(s.lower() not in by_lower for s in statuses):
            raise Invalid("TimesheetStatus must be one of Open, Waiting, Approved, Rejected, Locked", "TimesheetStatus")
        statuses = {by_lower[s.lower()] for s in statuses}
        approval = "APPROVED" if statuses <= APPROVED else "UNAPPROVED" if statuses <= UNAPPROVED else "ALL"
    billable = set(f.get("billable") or ())
    tasks = await listing.task_rows_of(db, access, f["task_ids"]) if f.get("task_ids") else None
    given = f["start"] is not None or f["end"] is not None
    # The instants reach a day beyond the local days on both sides (no zone is a day off UTC), so
    # that entries of people in other zones are still found by their own day (`days`).
    return ReportFilter(
        start=zones.start_of_local_day(first - timedelta(days=1), zone),
        end=zones.start_of_local_day(last + timedelta(days=2), zone) - timedelta(seconds=1),
        days=(first, last) if given else None, zone=zone, users=_selection(f.get("user_ids")), projects=_selection(f.get("job_ids")),
        clients=_selection(f.get("client_ids")), user_groups=_selection(f.get("division_ids")),
        tasks=_selection(tasks), cost_codes=_selection(f.get("cost_code_ids")),
        labor_codes=_selection(f.get("labor_code_ids")), time_entry_types=_selection(f.get("type_ids")),
        billable=billable.pop() if len(billable) == 1 else None, approval=approval, rounding=False,
    )


@router.get("/Reports/Time", summary="Time entry rows, oldest first (managers and admins)")
async def time_report(
    request: Request, db: DbDep, access: AccessDep, window: TimeEntryPaging,
    StartDate: str | None = None, EndDate: str | None = None,  # noqa: N803
    JobID: ListFilter = None, ClientID: ListFilter = None, UserID: ListFilter = None,  # noqa: N803
    TaskID: ListFilter = None, DivisionID: ListFilter = None, IsBillable: BoolFilter = None,  # noqa: N803
    TimesheetStatus: ListFilter = None, CostCodeID: ListFilter = None, LaborCodeID: ListFilter = None,  # noqa: N803
    TimeEntryTypeID: ListFilter = None,  # noqa: N803
) -> JSON:
    flt = await _filter(db, access, {
        "start": StartDate, "end": EndDate, "job_ids": JobID, "client_ids": ClientID, "user_ids": UserID,
        "task_ids": TaskID, "division_ids": DivisionID, "billable": IsBillable, "statuses": TimesheetStatus,
        "cost_code_ids": CostCodeID, "labor_code_ids": LaborCodeID, "type_ids": TimeEntryTypeID,
    })
    if window.offset % window.limit == 0:
        page, skip = PageRequest(window.offset // window.limit + 1, window.limit), 0
    elif window.offset + window.limit <= MAX_ROWS:
        page, skip = PageRequest(1, window.offset + window.limit), window.offset
    else:
        raise Invalid(f"Beyond the first {MAX_ROWS} rows, offset must be a multiple of limit", "offset")
    found = await detailed_report.detailed(db, access, flt, page)
    ids = [r.id for r in found.rows[skip:]]
    by_id = {e.id: e for e in await entries.get_entries(db, access, ids)}
    rows = await entry_rows(db, access, [by_id[i] for i in ids if i in by_id], False)
    billable = {r.id: r.billable for r in found.rows}
    for row in rows:
        row["IsBillable"] = billable.get(row["ID"])
    total = found.totals.entries if found.totals is not None else len(rows)
    return envelope.collection(request, rows, total, window)


@router.get("/Reports/TimeSummary", summary="Hours, billable hours, billings and cost, grouped (managers and admins)")
async def time_summary(
    db: DbDep, access: AccessDep, GroupBy: ListFilter = None,  # noqa: N803
    StartDate: str | None = None, EndDate: str | None = None,  # noqa: N803
    JobID: ListFilter = None, UserID: ListFilter = None, TaskID: ListFilter = None,  # noqa: N803
    TimesheetStatus: ListFilter = None, JobIsActive: BoolFilter = None,  # noqa: N803
    CostCodeID: ListFilter = None, LaborCodeID: ListFilter = None, TimeEntryTypeID: ListFilter = None,  # noqa: N803
) -> JSON:
    if not GroupBy:
        raise Invalid("GroupBy is required: Job, Task, User, Date or Month (or a pair such as 'Job and Task')", "GroupBy")
    kinds: list[str] = []
    for value in GroupBy:
        kind = GROUPS.get(" ".join(value.lower().split()))
        if kind is None:
            raise Invalid(f"GroupBy must be one of Job, Task, User, Date, Month, CostCode, LaborCode, TimeEntryType, "
                          f"'Task and User', 'Job and Task', 'Job and Month'; not '{value}'", "GroupBy")
        kinds += [k for k in kind if k not in kinds]
    if len(kinds) > 3:
        raise Invalid("GroupBy takes at most three groups", "GroupBy")
    flt = await _filter(db, access, {
        "start": StartDate, "end": EndDate, "job_ids": JobID, "user_ids": UserID, "task_ids": TaskID,
        "statuses": TimesheetStatus, "cost_code_ids": CostCodeID, "labor_code_ids": LaborCodeID,
        "type_ids": TimeEntryTypeID,
    })
    wanted_active = set(JobIsActive or ())
    if len(wanted_active) == 1:
        flt.projects = flt.projects or Selection()
        flt.projects.status = "ACTIVE" if wanted_active.pop() else "ARCHIVED"
    found = await summary_report.summary(db, access, flt, kinds)
    leaves: list[tuple[list[tuple[str, Any, Any]], Any]] = []

    def walk(groups, path) -> None:
        for g in groups:
            here = [*path, (g.kind, g.key, g.label)]
            if g.children:
                walk(g.children, here)
            else:
                leaves.append((here, g.measures))

    walk(found.groups, [])
    company = await listing.company_task_ids(db, access, [k for path, _ in leaves for kind, k, _ in path
                                                          if kind == "TASK" and k])
    merged: dict[tuple, dict[str, Any]] = {}
    for path, measures in leaves:
        key: dict[str, Any] = {}
        for kind, value, label in path:
            if kind == "TASK" and value:
                value = company.get(value, value)
            if kind in KEY_NAMES:
                id_name, label_name = KEY_NAMES[kind]
                key[id_name], key[label_name] = value, label.name if value else None
            else:
                key["Date" if kind == "DATE" else "Month"] = value
        row = merged.setdefault(tuple(key.items()), {"Key": key, "Hours": 0.0, "BillableHours": 0.0, "Billings": 0.0,
                                                     "Cost": 0.0, "_s": [0, 0, 0, 0]})
        sums = row["_s"]
        sums[0] += measures.duration
        sums[1] += measures.billable_duration
        sums[2] += measures.earned
        sums[3] += measures.cost
    rows = []
    for row in merged.values():
        s = row.pop("_s")
        row.update(Hours=wire.hours(s[0]), BillableHours=wire.hours(s[1]), Billings=wire.money(s[2]), Cost=wire.money(s[3]))
        rows.append(row)
    order = [KEY_NAMES[k][1] if k in KEY_NAMES else ("Date" if k == "DATE" else "Month") for k in kinds]
    rows.sort(key=lambda r: tuple(str(r["Key"].get(name) or "").lower() for name in order))
    return envelope.single(rows)
