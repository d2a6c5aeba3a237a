"""Settings: the workspace's (admins only: name, currency, zone, week start, rounding, lock date,
what entries must have, who may create what) and every member's own preferences (time zone, week
start, 12/24-hour clock, date format) at /settings/preferences.

One form per section, posted with the session's CSRF token; the services check every value before
anything is written, so a refused form changes nothing.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from timeledger.core import zones
from timeledger.services import settings as defaults
from timeledger.services import users, workspaces
from timeledger.services.errors import Invalid, ServiceError
from timeledger.web.shell import SignedIn, back_to, csrf_ok, parse_day, render, signed_in, status_of

router = APIRouter(include_in_schema=False)

# The workspace's switches, in the words of its admins.
FLAGS = (
    ("forceProjects", "Entries must have a project"),
    ("forceTasks", "Entries must have a task"),
    ("forceTags", "Entries must have a tag"),
    ("forceDescription", "Entries must have a description"),
    ("defaultBillableProjects", "New projects are billable"),
    ("isProjectPublicByDefault", "New projects are public"),
    ("onlyAdminsCreateProject", "Only admins create projects"),
    ("onlyAdminsCreateTask", "Only admins create tasks"),
    ("onlyAdminsCreateTag", "Only admins create tags"),
    ("onlyAdminsSeeBillableRates", "Only admins see billable rates"),
    ("onlyAdminsSeeAllTimeEntries", "Only admins see everyone's time"),
)
DAY_NAMES = {day: day.capitalize() for day in defaults.WEEK_DAYS}
DURATION_FORMATS = {"FULL": "Full (1:30:00)", "COMPACT": "Compact (1:30)", "DECIMAL": "Decimal (1.50)"}
TIME_FORMATS = {"HOUR24": "24-hour (13:30)", "HOUR12": "12-hour (1:30 PM)"}
DATE_FORMATS = {"YYYY-MM-DD": "2026-03-31", "DD-MM-YYYY": "31-03-2026", "MM-DD-YYYY": "03-31-2026",
                "DD/MM/YYYY": "31/03/2026", "MM/DD/YYYY": "03/31/2026", "DD.MM.YYYY": "31.03.2026"}
TIMESHEET_PERIODS = {"WEEKLY": "Weekly", "BIWEEKLY": "Every two weeks", "SEMI_MONTHLY": "Twice a month",
                     "MONTHLY": "Monthly"}
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "BRL",
              "ARS", "MXN", "INR", "CNY", "ZAR")


def _zone_of(workspace_settings: dict) -> str:
    zone = workspace_settings.get("timeZone") or "UTC"
    return zone if zones.is_zone(zone) else "UTC"


# --- the workspace -------------------------------------------------------------------------------


def _workspace_page(request: Request, visitor: SignedIn, *, error: str = "", status: int = 200,
                    form: dict | None = None) -> Response:
    access = visitor.access
    if not access.is_admin:
        return render("base.html", title="Settings", session=visitor.session, access=access, current="settings",
                      status=403, error="Only workspace admins can change the workspace settings; "
                                        "your own preferences are at /settings/preferences.")
    ws = access.workspace.settings
    zone = _zone_of(ws)
    lock = access.workspace.lock_before
    values = {
        "name": access.workspace.name,
        "currency": access.workspace.currency,
        "timeZone": ws.get("timeZone") or "UTC",
        "weekStart": ws.get("weekStart") or "MONDAY",
        "roundMode": (ws.get("round") or {}).get("round", "Round to nearest"),
        "roundMinutes": str((ws.get("round") or {}).get("minutes", "15")),
        "timeRoundingInReports": bool(ws.get("timeRoundingInReports")),
        "durationFormat": ws.get("durationFormat") or "FULL",
        "lockDate": zones.local_date(lock, zone).isoformat() if lock else "",
        "timesheetPeriod": ws.get("timesheetPeriod") or "WEEKLY",
        "timesheetAnchorDate": ws.get("timesheetAnchorDate") or "",
        "minTimeIncrement": str(ws.get("minTimeIncrement") or 1),
        **{name: bool(ws.get(name)) for name, _ in FLAGS},
    }
    if form is not None:  # a refused form comes back as it was typed
        values.update(form)
    return render(
        "settings.html", section="workspace", title="Settings", session=visitor.session, access=access,
        current="settings", script="settings", message=request.query_params.get("message", ""),
        error=error or request.query_params.get("error", ""), status=status, values=values, flags=FLAGS,
        days=DAY_NAMES, rounding_modes=list(defaults.ROUNDING_MODES), rounding_minutes=defaults.ROUNDING_MINUTES,
        duration_formats=DURATION_FORMATS, timesheet_periods=TIMESHEET_PERIODS, increments=defaults.TIME_INCREMENTS, currencies=CURRENCIES, zone_names=sorted(zones.zone_names()),
    )


@router.get("/settings")
async def workspace_settings(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return _workspace_page(request, visitor)


def _lock_instant(text: str, zone: str):
    """The lock date typed ("YYYY-MM-DD", or empty for no lock) as the instant its day starts."""
    text = text.strip()
    if not text:
        return None
    try:
        day = parse_day(text)
    except ValueError:
        raise Invalid("The lock date must be a date such as 2026-03-01", "lockTimeEntries") from None
    return zones.start_of_local_day(day, zone)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1  # refused by the service, which names the allowed values


@router.post("/settings")
async def save_workspace_settings(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    form = await request.form()
    text = {key: str(form.get(key, "")) for key in ("csrf", "name", "currency", "timeZone", "weekStart", "roundMode",
                                                    "roundMinutes", "durationFormat", "lockDate", "timesheetPeriod",
                                                    "timesheetAnchorDate", "minTimeIncrement")}
    typed = {**{k: v for k, v in text.items() if k != "csrf"},
             "timeRoundingInReports": "timeRoundingInReports" in form, **{name: name in form for name, _ in FLAGS}}
    if not csrf_ok(visitor.session, text["csrf"]):
        return _workspace_page(request, visitor, error="The form had expired; reload and try again.", status=400,
                               form=typed)
    access = visitor.access
    db = request.app.state.db
    try:
        access.require_admin()
        name = workspaces.check_workspace_name(text["name"])
        zone = text["timeZone"].strip()
        minutes, increment = (_whole(text["roundMinutes"]), _whole(text["minTimeIncrement"]))
        anchor = text["timesheetAnchorDate"].strip()
        change = workspaces.SettingsChange(
            currency=text["currency"].strip().upper(), time_zone=zone, week_start=text["weekStart"],
            rounding_mode=text["roundMode"], rounding_minutes=minutes,
            rounding_in_reports=typed["timeRoundingInReports"], duration_format=text["durationFormat"],
            lock_before=_lock_instant(text["lockDate"], zone if zones.is_zone(zone) else _zone_of(access.workspace.settings)),
            flags={name: typed[name] for name, _ in FLAGS},
            timesheet_period=text["timesheetPeriod"], timesheet_anchor=anchor, min_time_increment=increment,
            present=frozenset({"currency", "time_zone", "week_start", "rounding_mode", "rounding_minutes",
                               "rounding_in_reports", "duration_format", "lock_before", "timesheet_period",
                               "min_time_increment"} | ({"timesheet_anchor"} if anchor else set())),
        )
        await workspaces.update_settings(db, access, change)
        if name != access.workspace.name:
            await workspaces.rename(db, access, name)  # the name was checked above: this cannot be refused
    except ServiceError as exc:
        return _workspace_page(request, visitor, error=exc.message, status=status_of(exc), form=typed)
    return back_to("/settings", message="Workspace settings saved.")


# --- the member's own preferences -------------------------------------------------------------------


async def _preferences_page(request: Request, visitor: SignedIn, *, error: str = "", status: int = 200,
                            form: dict | None = None) -> Response:
    stored = await users.stored_settings(request.app.state.db, visitor.access.user_id)
    mine = visitor.access.principal.settings
    values = {
        "timeZone": mine.get("timeZone") or "UTC",
        "weekStart": stored.get("weekStart") or "",
        "timeFormat": mine.get("timeFormat") or "HOUR24",
        "dateFormat": mine.get("dateFormat") or "YYYY-MM-DD",
    }
    if form is not None:
        values.update(form)
    workspace_week = DAY_NAMES.get(visitor.access.workspace.settings.get("weekStart") or "MONDAY", "Monday")
    return render(
        "settings.html", section="preferences", title="Your preferences", session=visitor.session, access=visitor.access,
        current="account", script="settings", message=request.query_params.get("message", ""),
        error=error or request.query_params.get("error", ""), status=status, values=values, days=DAY_NAMES,
        workspace_week=workspace_week, time_formats=TIME_FORMATS, date_formats=DATE_FORMATS,
        zone_names=sorted(zones.zone_names()),
    )


@router.get("/settings/preferences")
async def preferences(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return await _preferences_page(request, visitor)


@router.post("/settings/preferences")
async def save_preferences(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    form = await request.form()
    typed = {key: str(form.get(key, "")).strip() for key in ("timeZone", "weekStart", "timeFormat", "dateFormat")}
    if not csrf_ok(visitor.session, str(form.get("csrf", ""))):
        return await _preferences_page(request, visitor, error="The form had expired; reload and try again.",
                                       status=400, form=typed)
    try:
        await users.update_preferences(request.app.state.db, visitor.access.principal, users.Preferences(
            time_zone=typed["timeZone"], week_start=typed["weekStart"], time_format=typed["timeFormat"],
            date_format=typed["dateFormat"]))
    except ServiceError as exc:
        return await _preferences_page(request, visitor, error=exc.message, status=status_of(exc), form=typed)
    return back_to("/settings/preferences", message="Your preferences are saved.")
