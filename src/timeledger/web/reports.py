"""The reports page: Summary, Detailed and Weekly tabs over one set of filters in a GET form (so
a link is the report), server-drawn SVG charts, and exports of the same report as CSV, XLSX or PDF.

The numbers come from the report services the Clockify Reports API uses (summary, detailed,
weekly and their export documents); this module only reads the query, builds the same
ReportFilter and Window, and lays the results out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from timeledger.core import periods, zones
from timeledger.core.ids import is_id
from timeledger.services import clients as client_service
from timeledger.services import projects as project_service
from timeledger.services import tags as tag_service
from timeledger.services import users as user_service
from timeledger.services.access import Access
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid, ServiceError
from timeledger.services.reports import detailed, documents, sql, summary, weekly, window
from timeledger.services.reports.export import CONTENT_TYPES, file_name, format_value, render
from timeledger.services.reports.sql import ReportFilter, Selection
from timeledger.web import charts
from timeledger.web.shell import SignedIn, parse_day, render as render_page, signed_in

router = APIRouter(include_in_schema=False)

TABS = {"summary": "Summary", "detailed": "Detailed", "weekly": "Weekly"}
RANGES = {
    "this_week": ("This week", "THIS_WEEK"),
    "last_week": ("Last week", "LAST_WEEK"),
    "this_month": ("This month", "THIS_MONTH"),
    "last_month": ("Last month", "LAST_MONTH"),
    "this_year": ("This year", "THIS_YEAR"),
    "custom": ("Custom", "ABSOLUTE"),
}
GROUPS = {"PROJECT": "Project", "CLIENT": "Client", "USER": "User", "TAG": "Tag", "TASK": "Task"}
EXPORTS = ("CSV", "XLSX", "PDF")
PAGE_SIZE = 50
OPTION_LIMIT = 5000  # names offered in one filter list
DATE_FORMATS = {"YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD-MM-YYYY", "MM-DD-YYYY", "DD.MM.YYYY"}


@dataclass(slots=True)
class Option:
    id: str
    name: str
    selected: bool = False


@dataclass(slots=True)
class Query:
    """The report asked for in the URL, checked."""

    tab: str = "summary"
    range: str = "this_week"
    first: str = ""  # custom range, YYYY-MM-DD
    last: str = ""
    users: list[str] = field(default_factory=list)
    clients: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    billable: str = ""  # "", "yes", "no"
    description: str = ""
    group: str = "PROJECT"
    subgroup: str = ""
    weekly_by: str = "PROJECT"
    page: int = 1

    def params(self, **changes: Any) -> str:
        """This query as URL parameters, with `changes` applied (for tabs, pages and exports)."""
        values: list[tuple[str, str]] = []
        merged = {"tab": self.tab, "range": self.range, "from": self.first, "to": self.last,
                  "billable": self.billable, "description": self.description, "group": self.group,
                  "subgroup": self.subgroup, "weekly_by": self.weekly_by, "page": str(self.page)}
        merged.update({k: str(v) for k, v in changes.items()})
        for key, value in merged.items():
            if value and not (key == "page" and value == "1"):
                values.append((key, value))
        chosen = (("user", self.users), ("client", self.clients), ("project", self.projects), ("tag", self.tags))
        for key, ids in chosen:
            values += [(key, i) for i in ids]
        return urlencode(values)


def _ids(request: Request, name: str) -> list[str]:
    ids = [v.strip().lower() for v in request.query_params.getlist(name) if v.strip()]
    return list(dict.fromkeys(ids))


def read_query(request: Request) -> tuple[Query, str]:
    """The query from the URL and the first problem with it ("" when none). A problem leaves the
    rest of the query as asked, so the form shows what was typed."""
    q = request.query_params
    query = Query(
        tab=q.get("tab", "summary"), range=q.get("range", "this_week"), first=q.get("from", "").strip(),
        last=q.get("to", "").strip(), users=_ids(request, "user"), clients=_ids(request, "client"),
        projects=_ids(request, "project"), tags=_ids(request, "tag"), billable=q.get("billable", ""),
        description=q.get("description", "").strip()[:300], group=q.get("group", "PROJECT"),
        subgroup=q.get("subgroup", ""), weekly_by=q.get("weekly_by", "PROJECT"),
    )
    problems = []
    if query.tab not in TABS:
        problems.append(f"Unknown report tab “{query.tab}”; choose Summary, Detailed or Weekly.")
        query.tab = "summary"
    if query.range not in RANGES:
        problems.append(f"Unknown date range “{query.range}”.")
        query.range = "this_week"
    if query.billable not in ("", "yes", "no"):
        problems.append("Billable must be all, billable or non-billable.")
        query.billable = ""
    if query.group not in GROUPS:
        problems.append(f"Unknown grouping “{query.group}”.")
        query.group = "PROJECT"
    if query.subgroup and (query.subgroup not in GROUPS or query.subgroup == query.group):
        problems.append("The second grouping must differ from the first.")
        query.subgroup = ""
    if query.weekly_by not in ("PROJECT", "USER"):
        query.weekly_by = "PROJECT"
    try:
        query.page = max(1, int(q.get("page", "1")))
    except ValueError:
        problems.append("The page must be a number.")
    return query, problems[0] if problems else ""


def _day(text: str, what: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise Invalid(f"The {what} date “{text}” is not a date; use YYYY-MM-DD.", what) from None


def report_window(access: Access, query: Query, *, now: datetime | None = None) -> window.Window:
    """The report's window in the user's zone, as the Clockify reports API reads one."""
    week_start = access.week_start
    range_type = RANGES[query.range][1]
    if range_type != "ABSOLUTE":
        return window.resolve(access, None, None, range_type=range_type, week_start=week_start, now=now)
    if not query.first or not query.last:
        raise Invalid("A custom range needs both a start and an end date.", "from")
    first, last = _day(query.first, "start"), _day(query.last, "end")
    if last < first:
        raise Invalid("The end date must not be before the start date.", "to")
    if (last - first).days > 366 * 3:
        raise Invalid("Choose a range of at most three years.", "to")
    # Clockify's reading: the wall clock of these UTC values is local time in the user's zone.
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    end = datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=UTC)
    return window.resolve(access, start, end, week_start=week_start)


def _selection(ids: list[str]) -> Selection | None:
    return Selection(list(ids)) if ids else None


def report_filter(access: Access, query: Query, win: window.Window, order: str = "ASCENDING") -> ReportFilter:
    flt = ReportFilter(
        start=win.start, end=win.end, zone=win.zone, users=_selection(query.users),
        clients=_selection(query.clients), projects=_selection(query.projects), tags=_selection(query.tags),
        billable={"yes": True, "no": False}.get(query.billable), description=query.description or None,
        week_start=access.week_start, sort_order=order,
    )
    sql.conditions(access, flt)  # a bad filter is refused before anything is drawn or streamed
    return flt


def weekly_window(access: Access, win: window.Window) -> window.Window:
    """The weekly report shows seven days: the week (from the user's week start) holding the
    range's first day."""
    week_start = access.week_start
    first = periods.week_start_of(win.first_day, week_start)
    last = first + timedelta(days=6)
    return window.resolve(access, datetime(first.year, first.month, first.day, tzinfo=UTC),
                          datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=UTC), zone_name=win.zone)


# --- the filter lists ---------------------------------------------------------------------------


@dataclass(slots=True)
class Choices:
    users: list[Option]
    clients: list[Option]
    projects: list[Option]
    tags: list[Option]


async def choices(db: Any, access: Access, query: Query) -> Choices:
    page = PageRequest(1, OPTION_LIMIT)
    projects, _ = await project_service.list_projects(db, access, project_service.ProjectFilter(), page)
    clients, _ = await client_service.list_clients(db, access, name=None, archived=None, sort_column="NAME",
                                                   sort_order="ASCENDING", page=page)
    tags, _ = await tag_service.list_tags(db, access, name=None, strict=False, archived=None, excluded_ids=[],
                                          sort_column="NAME", sort_order="ASCENDING", page=page)
    me = [Option(access.user_id, access.principal.name or access.principal.email)]
    users = me
    if access.is_manager:
        try:
            people, _ = await user_service.list_users(db, access, user_service.UserFilter(sort_column="NAME"), page)
        except ServiceError:  # a manager the service shows no list to picks from their own name only
            people = []
        users = [Option(u.id, u.name or u.email) for u in people] or me
        if access.role in ("TEAM_MANAGER", "PROJECT_MANAGER") and not access.is_admin:
            seen = {access.user_id, *access.managed_users}
            users = [u for u in users if u.id in seen] or me

    def mark(options: list[Option], chosen: list[str]) -> list[Option]:
        for option in options:
            option.selected = option.id in chosen
        return options

    return Choices(
        users=mark(users, query.users),
        clients=mark([Option(c.id, c.name) for c in clients], query.clients),
        projects=mark([Option(p.id, p.name + (f" · {p.client_name}" if p.client_name else "")) for p in projects],
                      query.projects),
        tags=mark([Option(t.id, t.name) for t in tags], query.tags),
    )


def check_choices(query: Query, offered: Choices) -> None:
    """Every id in the query names something in the lists this user is offered."""
    for ids, options, what in ((query.users, offered.users, "user"), (query.clients, offered.clients, "client"),
                               (query.projects, offered.projects, "project"), (query.tags, offered.tags, "tag")):
        known = {o.id for o in options}
        for i in ids:
            if i not in known:
                shown = i if is_id(i) else i[:40]
                raise Invalid(f"Unknown {what} “{shown}”: choose one from the list.", what)


# --- laying out results ---------------------------------------------------------------------------


def _money(minor: int, currency: str) -> str:
    return f"{format_value(minor, 'money')} {currency}"


def day_bars(
    win: window.Window, days: summary.Summary | None, kind: str, week_start: str = "MONDAY"
) -> list[charts.Bar]:
    """One bar per day (or week, or month) of the window, zero where nothing was tracked."""
    found = {g.key: g.measures.duration for g in days.groups} if days else {}
    first, last = win.first_day, win.last_day
    bars: list[charts.Bar] = []
    if kind == "DATE":
        d = first
        while d <= last:
            label = f"{d.strftime('%a')} {d.day}" if (last - first).days < 14 else f"{d.day} {d.strftime('%b')}"
            seconds = int(found.get(d.isoformat(), 0))
            bars.append(charts.Bar(label, seconds, f"{d.strftime('%a')} {d.isoformat()}: {charts.hours_text(seconds)}"))
            d += timedelta(days=1)
    elif kind == "WEEK":
        # Keyed by each week's first day, weeks starting on the user's week start (as the filter says).
        week = periods.week_start_of(first, week_start)
        while week <= last:
            key = week.isoformat()
            seconds = int(found.get(key, 0))
            bars.append(charts.Bar(f"{week.day} {week.strftime('%b')}", seconds,
                                   f"Week of {key}: {charts.hours_text(seconds)}"))
            week += timedelta(days=7)
    else:
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            key = f"{y:04d}-{m:02d}"
            seconds = int(found.get(key, 0))
            label = date(y, m, 1).strftime("%b") + (f" {y % 100:02d}" if first.year != last.year else "")
            bars.append(charts.Bar(label, seconds, f"{key}: {charts.hours_text(seconds)}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return bars


def chart_kind(win: window.Window) -> str:
    days = (win.last_day - win.first_day).days + 1
    return "DATE" if days <= 31 else "WEEK" if days <= 120 else "MONTH"


@dataclass(slots=True)
class Line:
    """One row of the summary's breakdown table."""

    name: str
    depth: int
    time: str
    amount: str
    share: str
    color: str | None = None


def breakdown(result: summary.Summary, currency: str) -> list[Line]:
    total = result.totals.duration
    lines: list[Line] = []
    for g in result.groups:
        name = g.label.name + (f" · {g.label.client_name}" if g.kind == "PROJECT" and g.label.client_name else "")
        m = g.measures
        lines.append(Line(name, 0, format_value(m.duration, "duration"), _money(m.earned, currency),
                          charts.percent(m.duration, total), charts.safe_color(g.label.color)))
        for c in g.children:
            lines.append(Line(c.label.name, 1, format_value(c.measures.duration, "duration"),
                              _money(c.measures.earned, currency), charts.percent(c.measures.duration, m.duration)))
    return lines


def _time_text(moment: datetime, tz: Any, time_format: str) -> str:
    return format_value(moment.astimezone(tz).time(), "time", time_format=time_format)


def user_formats(access: Access) -> tuple[str, str]:
    """The user's date and time formats (as their profile sets them), for pages and exports."""
    settings = access.principal.settings
    date_format = str(settings.get("dateFormat") or "YYYY-MM-DD").upper()
    twelve = str(settings.get("timeFormat") or "").upper() in ("HOUR12", "T12")
    return (date_format if date_format in DATE_FORMATS else "YYYY-MM-DD"), "HOUR12" if twelve else "HOUR24"


def days_text(first: date, last: date, date_format: str) -> str:
    return f"{format_value(first, 'date', date_format)} – {format_value(last, 'date', date_format)}"


def _hms_or_blank(seconds: int) -> str:
    return format_value(seconds, "duration") if seconds else ""


def _context(query: Query, offered: Choices) -> dict[str, Any]:
    return {"query": query, "choices": offered, "tabs": TABS, "ranges": RANGES, "groups": GROUPS, "exports": EXPORTS,
            "result": None, "win": None}


# --- routes ------------------------------------------------------------------------------------


@router.get("/reports")
async def reports_page(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    db, access = request.app.state.db, visitor.access
    query, problem = read_query(request)
    offered = await choices(db, access, query)
    context = _context(query, offered)
    status = 200
    try:
        if problem:
            raise Invalid(problem)
        check_choices(query, offered)
        win = report_window(access, query)
        context["win"] = win
        context["result"] = await _tab(db, access, query, win)
    except ServiceError as exc:
        problem, status = exc.message, 400
    return render_page("reports.html", title="Reports", session=visitor.session, access=access, current="reports",
                       script="reports", error=problem, status=status, **context)


async def _tab(db: Any, access: Access, query: Query, win: window.Window) -> dict[str, Any]:
    currency = access.workspace.currency
    date_format, time_format = user_formats(access)
    tz = zones.zone(win.zone)
    shown: dict[str, Any] = {"tab": query.tab, "currency": currency,
                             "period": days_text(win.first_day, win.last_day, date_format)}
    if query.tab == "summary":
        flt = report_filter(access, query, win)
        groups = [query.group] + ([query.subgroup] if query.subgroup else [])
        result = await summary.summary(db, access, flt, groups)
        kind = chart_kind(win)
        by_day = await summary.summary(db, access, report_filter(access, query, win), [kind])
        bars = day_bars(win, by_day, kind, access.week_start)
        unit = {"DATE": "day", "WEEK": "week", "MONTH": "month"}[kind]
        ordered = sorted(result.groups, key=lambda g: -g.measures.duration)
        shares = [charts.Share(g.label.name, g.measures.duration, g.label.color) for g in ordered[:12]]
        shown.update(
            total=format_value(result.totals.duration, "duration"),
            billable=format_value(result.totals.billable_duration, "duration"),
            amount=_money(result.totals.earned, currency),
            entries=result.totals.entries,
            bar_rows=[(b.tooltip.rsplit(": ", 1)[0], b.tooltip.rsplit(": ", 1)[1]) for b in bars], unit=unit,
            bar_svg=charts.bar_chart(bars, f"Hours per {unit}, {shown['period']}"),
            share_svg=charts.share_chart(shares, f"Time by {GROUPS[query.group].lower()}"),
            lines=breakdown(result, currency), group_title=GROUPS[query.group],
            subgroup_title=GROUPS.get(query.subgroup, ""),
        )
    elif query.tab == "detailed":
        flt = report_filter(access, query, win, "DESCENDING")
        result = await detailed.detailed(db, access, flt, PageRequest(query.page, PAGE_SIZE), "DATE", True)
        rows = []
        for r in result.rows:
            local = r.start.astimezone(tz)
            rows.append({
                "date": format_value(local.date(), "date", date_format), "description": r.description,
                "project": r.project_name or "", "client": r.client_name or "", "task": r.task_name or "",
                "user": r.user_name, "tags": ", ".join(name for _, name in r.tags), "billable": r.billable,
                "when": f"{_time_text(r.start, tz, time_format)}–{_time_text(r.end, tz, time_format)}",
                "duration": format_value(r.duration, "duration"),
                "amount": _money(r.earned, r.currency) if r.billable else "",
            })
        totals = result.totals or summary.Measures()
        shown.update(rows=rows, last_page=result.last_page, page=query.page,
                     total=format_value(totals.duration, "duration"),
                     billable=format_value(totals.billable_duration, "duration"),
                     amount=_money(totals.earned, currency), entries=totals.entries)
    else:
        week = weekly_window(access, win)
        flt = report_filter(access, query, week)
        days = weekly.week_days(week.local_start, week.local_end)
        result = await weekly.weekly(db, access, flt, days, query.weekly_by)
        shown.update(
            week=days_text(week.first_day, week.last_day, date_format),
            days=[(d, date.fromisoformat(d)) for d in result.days],
            rows=[{"name": row.label.name, "total": format_value(row.measures.duration, "duration"),
                   "days": [_hms_or_blank(row.days[d].duration) for d in result.days]} for row in result.rows],
            day_totals=[format_value(result.totals_by_day[d].duration, "duration") for d in result.days],
            total=format_value(result.totals.duration, "duration"),
            amount=_money(result.totals.earned, currency),
            by_title="Project" if query.weekly_by == "PROJECT" else "User",
            partial=(win.first_day, win.last_day) != (week.first_day, week.last_day),
        )
    return shown


@router.get("/reports/export")
async def export(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    db, access = request.app.state.db, visitor.access
    query, problem = read_query(request)
    export_type = request.query_params.get("format", "").upper()
    try:
        if export_type not in EXPORTS:
            raise Invalid("Choose an export format: CSV, XLSX or PDF.", "format")
        if problem:
            raise Invalid(problem)
        check_choices(query, await choices(db, access, query))
        win = report_window(access, query)
        date_format, time_format = user_formats(access)
        currency, workspace = access.workspace.currency, access.workspace.name
        if query.tab == "summary":
            flt = report_filter(access, query, win)
            groups = [query.group] + ([query.subgroup] if query.subgroup else [])
            result = await summary.summary(db, access, flt, groups)
            filters = await documents.filter_lines(db, access, flt)
            doc = documents.summary_document(result, flt, win, workspace, currency, filters, date_format,
                                             time_format)
        elif query.tab == "detailed":
            flt = report_filter(access, query, win, "DESCENDING")
            filters = await documents.filter_lines(db, access, flt)
            doc = documents.detailed_document(db, access, flt, win, "DATE", filters, date_format, time_format)
        else:
            win = weekly_window(access, win)
            flt = report_filter(access, query, win)
            result = await weekly.weekly(db, access, flt, weekly.week_days(win.local_start, win.local_end),
                                         query.weekly_by)
            filters = await documents.filter_lines(db, access, flt)
            doc = documents.weekly_document(result, flt, win, workspace, currency, query.weekly_by, filters,
                                            date_format, time_format)
    except ServiceError as exc:
        return render_page("reports.html", title="Reports", session=visitor.session, access=access,
                           current="reports", script="reports", error=exc.message, status=400,
                           **_context(query, await choices(db, access, query)))
    name = file_name(doc, export_type)
    return StreamingResponse(render(doc, export_type), media_type=CONTENT_TYPES[export_type],
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Cache-Control": "no-store"})
