"""Domain records to ClickTime's PascalCase models (the `data` of the envelope).

A field ClickTime has and timeledger does not store is null, never invented. Money is decimal
currency units on this side and integer minor units (cents) in the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from timeledger.core import zones
from timeledger.core.timefmt import format_instant
from timeledger.services.access import Access, WorkspaceInfo
from timeledger.services.clients import Client
from timeledger.services.listing import Member, ProjectView
from timeledger.services.projects import Project
from timeledger.services.workspaces import Workspace

MINOR_PER_UNIT = 100

# SecurityLevel <-> the membership's role.
SECURITY_LEVELS = {"OWNER": "ADMIN", "WORKSPACE_ADMIN": "ADMIN", "TEAM_MANAGER": "MANAGER",
                   "PROJECT_MANAGER": "MANAGER", "MEMBER": "STANDARD"}
ROLES_AT_LEVEL = {level: [r for r, lv in SECURITY_LEVELS.items() if lv == level] for level in ("ADMIN", "MANAGER", "STANDARD")}
ROLE_FOR_LEVEL = {"ADMIN": "WORKSPACE_ADMIN", "MANAGER": "TEAM_MANAGER", "STANDARD": "MEMBER"}

WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CURRENCIES = {  # ISO code: (symbol, name), for the Company model
    "USD": ("$", "US Dollar"), "EUR": ("€", "Euro"), "GBP": ("£", "British Pound"), "CAD": ("$", "Canadian Dollar"),
    "AUD": ("$", "Australian Dollar"), "NZD": ("$", "New Zealand Dollar"), "CHF": ("CHF", "Swiss Franc"),
    "JPY": ("¥", "Japanese Yen"), "INR": ("₹", "Indian Rupee"), "SEK": ("kr", "Swedish Krona"),
    "NOK": ("kr", "Norwegian Krone"), "DKK": ("kr", "Danish Krone"), "PLN": ("zł", "Polish Zloty"),
    "BRL": ("R$", "Brazilian Real"), "MXN": ("$", "Mexican Peso"), "ZAR": ("R", "South African Rand"),
}


def money(minor: int | None) -> float | None:
    return None if minor is None else minor / MINOR_PER_UNIT


def minor_units(amount: float | int) -> int:
    """Decimal currency units to minor units, half up at the cent (33.335 -> 3334)."""
    return int((Decimal(str(amount)) * MINOR_PER_UNIT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- clients -------------------------------------------------------------------------------------


def client(c: Client) -> dict[str, Any]:
    return {**client_me(c), "Notes": c.note or None, "BillingRate": None, "AccountingPackageID": None}


def client_me(c: Client) -> dict[str, Any]:
    return {
        "ID": c.id, "Name": c.name, "ListDisplayText": c.name, "IsActive": not c.archived,
        "ClientNumber": None, "ShortName": None,
    }


def basic_client(c: Client) -> dict[str, Any]:
    return {"ID": c.id, "Name": c.name, "ListDisplayText": c.name, "IsActive": not c.archived}


# --- jobs ----------------------------------------------------------------------------------------


def _display(p: Project) -> str:
    return f"{p.client_name} - {p.name}" if p.client_name else p.name


def job(v: ProjectView) -> dict[str, Any]:
    p = v.project
    return {
        **job_me(v), "ListDisplayName": p.name, "IsBillable": p.billable, "BillingRate": money(p.hourly_rate),
        "ProjectManagerID": v.manager_id, "Notes": p.note or None,
    }


def job_me(v: ProjectView) -> dict[str, Any]:
    p = v.project
    return {
        "ID": p.id, "Name": p.name, "ListDisplayText": _display(p), "JobNumber": None, "ClientID": p.client_id,
        "IsActive": not p.archived, "StartDate": None, "EndDate": None,
    }


def basic_job(p: Project) -> dict[str, Any]:
    return {"ID": p.id, "Name": p.name, "ListDisplayText": _display(p), "ClientID": p.client_id, "IsActive": not p.archived}


# --- users ---------------------------------------------------------------------------------------

# Fields of ClickTime's User with no stored counterpart.
USER_UNSTORED = ("EmployeeNumber", "TimesheetApproverID", "StartDate", "EndDate")


def user(m: Member) -> dict[str, Any]:
    return {
        "ID": m.id, "Name": m.name, "Email": m.email, "IsActive": m.status == "ACTIVE",
        "SecurityLevel": SECURITY_LEVELS.get(m.role, "STANDARD"),
        "BillingRate": money(m.hourly_rate), "CostRate": money(m.cost_rate),
        "DivisionID": m.division_id, "EmploymentTypeID": m.employment_type_id,
        **dict.fromkeys(USER_UNSTORED), "Notes": None,
    }


def basic_user(m: Member) -> dict[str, Any]:
    return {"ID": m.id, "Name": m.name, "Email": m.email, "IsActive": m.status == "ACTIVE"}


def minimal_user(m: Member) -> dict[str, Any]:
    return {"ID": m.id, "Name": m.name, "IsActive": m.status == "ACTIVE"}


def me(access: Access, token: dict[str, Any] | None, placement: Any = None) -> dict[str, Any]:
    """The caller as UserModel_Me; `placement` (services.members.Placement) gives the division
    and employment type."""
    p = access.principal
    division = placement.division if placement is not None else None
    kind = placement.employment_type if placement is not None else None
    return {
        "ID": p.user_id, "Name": p.name, "Email": p.email, "IsActive": access.status == "ACTIVE",
        "SecurityLevel": SECURITY_LEVELS.get(access.role, "STANDARD"), "AuthToken": token,
        "DivisionID": division.id if division else None, "EmploymentTypeID": kind.id if kind else None, **dict.fromkeys(USER_UNSTORED), "DefaultTaskID": None,
        "PreferredTimeFormat": "AMPM" if p.settings.get("timeFormat") == "HOUR12" else "24Hour",
        "RequireComments": bool(access.workspace.settings.get("forceDescription")),
    }


def auth_token(token: str, created: datetime) -> dict[str, Any]:
    return {"Token": token, "TokenCreationTime": format_instant(created)}


# --- company -------------------------------------------------------------------------------------


def lock_date(w: Workspace) -> str | None:
    """The last day wholly locked, in the workspace's zone: entries on or before it are locked."""
    if w.info.lock_before is None:
        return None
    zone = w.info.settings.get("timeZone") or "UTC"
    return (zones.local_date(w.info.lock_before, zone) - timedelta(days=1)).isoformat()


def lock_instant(day: str | None, info: WorkspaceInfo) -> datetime | None:
    """LockDate to the first instant not locked: the start of the next day in the workspace's zone."""
    if day is None:
        return None
    return zones.start_of_local_day(date.fromisoformat(day) + timedelta(days=1), info.settings.get("timeZone") or "UTC")


# The company settings in ClickTime's words: {setting value: ClickTime value}.
TIMESHEET_MODELS = {"WEEKLY": "weekly", "BIWEEKLY": "biweekly", "SEMI_MONTHLY": "semimonthly", "MONTHLY": "monthly"}
TASK_RESTRICTIONS = {"MY_TASKS": "mytasks", "BY_JOB": "byjob"}


def increment_minutes(hours_value: float) -> int | None:
    """MinTimeIncrement in hours (0.1) to the setting's minutes (6); None when not whole minutes."""
    minutes = Decimal(str(hours_value)) * 60
    return int(minutes) if minutes == minutes.to_integral_value() else None


# One line per field; the fields of the timesheet domain (TimesheetModel, MinTimeIncrement, …)
# slot in here as the workspace settings learn them.
COMPANY: dict[str, Callable[[Workspace], Any]] = {
    "ID": lambda w: w.info.id,
    "Name": lambda w: w.info.name,
    "IsActive": lambda w: True,
    "CurrencyISO": lambda w: w.info.currency,
    "CurrencySymbol": lambda w: CURRENCIES.get(w.info.currency, (w.info.currency, None))[0],
    "CurrencyName": lambda w: CURRENCIES.get(w.info.currency, (None, None))[1],
    "DefaultBillingRate": lambda w: money(w.hourly_rate),
    "WeekStartsOn": lambda w: (w.info.settings.get("weekStart") or "MONDAY").capitalize(),
    "LockDate": lock_date,
    "StartDate": lambda w: w.info.created_at.date().isoformat(),
    "TimesheetModel": lambda w: TIMESHEET_MODELS.get(w.info.settings.get("timesheetPeriod") or "WEEKLY"),
    "MinTimeIncrement": lambda w: round((w.info.settings.get("minTimeIncrement") or 1) / 60, 4),
    "TaskRestrictionMethod": lambda w: TASK_RESTRICTIONS.get(w.info.settings.get("taskRestriction") or "MY_TASKS"),
}


def company(w: Workspace) -> dict[str, Any]:
    return {name: value(w) for name, value in COMPANY.items()}


# --- tasks, divisions, employment types, work codes, leave types ----------------------------------
# These take service records or table rows alike: both carry the columns' names.


def task(t: Any) -> dict[str, Any]:
    return {
        **task_me(t), "IsBillable": t.billable, "Notes": t.notes or None, "BillingRate": None,
        "UseCompanyBillingRate": None, "AccountingPackageID": None,
    }


def task_me(t: Any) -> dict[str, Any]:
    return {"ID": t.id, "Name": t.name, "ListDisplayText": t.name, "IsActive": t.active, "TaskCode": t.task_code or None}


def basic_task(t: Any) -> dict[str, Any]:
    return {"ID": t.id, "Name": t.name, "ListDisplayText": t.name, "IsActive": t.active}


def division(d: Any) -> dict[str, Any]:
    return {"ID": d.id, "Name": d.name, "IsActive": d.active, "AccountingPackageID": d.accounting_package_id,
            "Notes": None}


def employment_type(t: Any) -> dict[str, Any]:
    return {"ID": t.id, "Name": t.name, "IsActive": t.active, "AccountingPackageID": None, "Notes": None}


def basic(x: Any) -> dict[str, Any]:
    """BasicDivision, BasicEmploymentType, BasicTimeOffType: {ID, Name, IsActive}."""
    return {"ID": x.id, "Name": x.name, "IsActive": x.active}


def work_code(c: Any) -> dict[str, Any]:
    return {"ID": c.id, "Name": c.name, "Code": c.code or None, "Description": c.description or None,
            "IsActive": c.active}


def time_off_type(t: Any) -> dict[str, Any]:
    return {
        **time_off_type_me(t), "AccountingPackageID": None, "DefaultApproverID": None, "DefaultAccrualRate": None,
        "DefaultMaximumBalance": None, "DefaultStartingBalance": None,
    }


def time_off_type_me(t: Any) -> dict[str, Any]:
    return {"ID": t.id, "Name": t.name, "IsActive": t.active, "RequiresApproval": t.requires_approval, "Notes": None}


# --- hours ----------------------------------------------------------------------------------------

SECONDS_PER_HOUR = 3600


def hours(seconds: int | None) -> float | None:
    """Seconds as decimal hours, to the second's precision that ClickTime clients display (4 places)."""
    return None if seconds is None else round(seconds / SECONDS_PER_HOUR, 4)


def seconds(value: float | int) -> int:
    """Decimal hours to whole seconds, half up."""
    return int((Decimal(str(value)) * SECONDS_PER_HOUR).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def time_off(row: Any) -> dict[str, Any]:
    return {
        "ID": row.id, "Date": _day(row.date), "Hours": hours(row.duration_s), "TimeOffTypeID": row.type_id,
        "UserID": row.user_id, "Notes": row.notes or None, "TimeOffRequestID": None,
    }


# --- timesheets -----------------------------------------------------------------------------------


def _instant(value: datetime | None) -> str | None:
    return None if value is None else format_instant(value)


def timesheet(s: Any, *, verbose: bool = False, actions: list[str] | None = None) -> dict[str, Any]:
    row = {
        "ID": s.id, "UserID": s.user_id, "StartDate": _day(s.start_date), "EndDate": _day(s.end_date),
        "Status": s.status, "HasBeenSubmitted": s.submitted_at is not None or s.status in ("Waiting", "Approved", "Rejected"),
        "SubmittedByUserID": s.submitted_by, "ApprovedByUserID": s.approved_by, "RejectedByUserID": s.rejected_by,
    }
    if verbose:
        row.update({
            "SubmittedDate": _instant(s.submitted_at), "ApprovedDate": _instant(s.approved_at),
            "RejectedDate": _instant(s.rejected_at), "Comment": s.note, "Actions": actions,
        })
    return row


def timesheet_history(h: Any) -> dict[str, Any]:
    return {
        "Action": h.action, "ActionByUserID": h.actor_id, "ActionByUserName": h.actor_name, "Comment": h.comment or None,
        "Date": format_instant(h.at), "HasAttestation": h.has_attestation, "JobID": None, "JobStatus": None,
    }


# --- time entries and timers ----------------------------------------------------------------------

def _clock(instant: datetime, zone_name: str, seconds_too: bool = False) -> str:
    return instant.astimezone(zones.zone(zone_name)).strftime("%H:%M:%S" if seconds_too else "%H:%M")


def worked_seconds(e: Any, now: datetime) -> int:
    """An entry's time: its duration, or for a running one the time since it (re)started."""
    if e.end_at is None:
        return max(0, int((now - e.start_at).total_seconds()))
    return int(e.duration_s or 0)


def time_entry(e: Any, task_id: str | None, now: datetime) -> dict[str, Any]:
    """An entry as ClickTime sees it. StartTime and EndTime are wall-clock times in the owner's
    zone, null for entries given as hours on a date; EndTime is after the break."""
    finished = e.end_at is not None
    start_time = _clock(e.start_at, e.zone) if e.timed else None
    end_time = _clock(e.end_at + timedelta(seconds=e.break_s or 0), e.zone) if e.timed and finished else None
    return {
        "ID": e.id, "Date": _day(e.local_date), "Hours": hours(worked_seconds(e, now)), "JobID": e.project_id,
        "TaskID": task_id, "UserID": e.user_id, "Comment": e.description or None, "StartTime": start_time,
        "EndTime": end_time, "BreakTime": hours(e.break_s or 0), "BillingRate": money(e.hourly_rate),
        "CostRate": money(e.cost_rate), "CostCodeID": e.cost_code_id, "LaborCodeID": e.labor_code_id,
        "TimeEntryTypeID": e.time_entry_type_id, "CustomFields": dict(e.custom_fields or {}),
    }


def _offset(instant: datetime, zone_name: str) -> str:
    offset = instant.astimezone(zones.zone(zone_name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def timer(e: Any, now: datetime) -> dict[str, Any]:
    """The stopwatch of an entry: one interval, from its (re)start to its end or to now."""
    interval = {
        "ID": e.id, "Start": _clock(e.start_at, e.zone, True),
        "End": _clock(e.end_at, e.zone, True) if e.end_at is not None else None,
        "TimeZoneOffset": _offset(e.start_at, e.zone),
    }
    return {
        "ID": e.id, "TimeEntryID": e.id, "TimeEntryDate": _day(e.local_date), "UserID": e.user_id,
        "ElapsedSeconds": worked_seconds(e, now), "InitialTimeInSeconds": None, "IsRunning": e.end_at is None,
        "Intervals": [interval],
    }
