"""Time entries and timers: the time entries of the Clockify dialect, same rows and ids.

Entries as ClickTime writes them, Date + Hours on a Job and a Task:
- Date and Hours only: the entry starts at 09:00 in its owner's zone and lasts Hours; it reads
  back with StartTime and EndTime null (the 09:00 is a placeholder, not a time anyone gave).
- StartTime (HH:MM in the owner's zone): the entry starts then. With EndTime too, Hours is
  EndTime - StartTime - BreakTime, and must agree with it when given.
- BreakTime (hours) is kept beside the entry: the stored interval is the worked time, from
  StartTime for Hours, so Clockify reads the same duration; EndTime reads back after the break.
- Hours are rounded to the company's MinTimeIncrement; 0 to 24.
- TaskID is a company task (see tasks.py): the entry gets that task's row on the job (made
  on first use under the `mytasks` restriction, refused under `byjob` unless allowed).
- A write on a day of an approved or locked timesheet is refused (403 naming the period).
- BillingRate and CostRate (company currency units an hour) are the rates resolved from the
  company's rates and snapshotted on the entry; an admin may set them on a write instead (as
  ClickTime: "POST: perm Admin"), a per-entry override that Clockify reads as the entry's
  hourlyRate/costRate and reports use. Later writes keep it while the entry stays on its job and
  task; null goes back to the resolved rate. Others giving them get 403.

Timers. timeledger keeps one running entry per person (Clockify's running timer); ClickTime's
stopwatch belongs to an entry. They meet like this:
- POST /Me/TimeEntries/{id}/Timer makes that entry the running one: its start moves back by its
  Hours so far, so that the time that passes adds to them (a running timer elsewhere stops
  first). Only an entry of today can run, and only when its Hours so far do not reach back
  before midnight (its Date would change otherwise).
- PUT and DELETE on it stop the timer: Hours become the time so far. GET shows it while it runs.
- /Me/Timers lists the running entry's timer (at most one); an entry started through Clockify
  shows there too. A timer's ID is its entry's ID.

Lists come newest day first, then by ID descending (ClickTime's "Date (Desc), ID (Desc)";
/Manage/Timesheets/TimeEntries: "Date (Desc), ID"), with page.count the total; at most 500
entries a page. IDs are time-ordered, so the order and the pages are stable.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request, Response

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.clicktime.params import BoolFilter, ListFilter, TimeEntryPaging, Verbose
from timeledger.api.clicktime.time_off import day
from timeledger.api.responses import JSON, no_content
from timeledger.core.timefmt import utcnow
from timeledger.services import listing
from timeledger.services import time_entries as service
from timeledger.services.access import Access
from timeledger.services.errors import Forbidden, Invalid, NotFound

router = transport.router()

Scope = listing.Scope
PREFIXES: dict[str, Scope] = {"/Me/TimeEntries": "ME", "/TimeEntries": "COMPANY", "/Manage/Timesheets/TimeEntries": "MANAGED"}


# --- reading ------------------------------------------------------------------------------------


async def _rows(db, access: Access, entries: list, verbose: bool) -> list[dict]:
    now = utcnow()
    company = await listing.company_task_ids(db, access, [e.task_id for e in entries if e.task_id])
    rows = [wire.time_entry(e, company.get(e.task_id), now) for e in entries]
    if verbose and rows:
        jobs = await listing.projects_by_id(db, access, [r["JobID"] for r in rows if r["JobID"]])
        client_ids = [p.client_id for p in jobs.values() if p.client_id]
        found_clients = await listing.clients_by_id(db, access, client_ids)
        task_ids = sorted({r["TaskID"] for r in rows if r["TaskID"]})
        found_tasks = {t.id: t for t in (await listing.find_named(
            db, access, "TASK", listing.NamedQuery(ids=task_ids), listing.Window(0, len(task_ids) or 1), "ME")).items}
        people = await listing.members_by_id(db, access, [r["UserID"] for r in rows]) if access.is_manager else {}
        for row in rows:
            job = jobs.get(row["JobID"] or "")
            row["Job"] = wire.basic_job(job) if job else None
            client = found_clients.get(job.client_id) if job and job.client_id else None
            row["Client"] = wire.basic_client(client) if client else None
            task = found_tasks.get(row["TaskID"] or "")
            row["Task"] = wire.basic_task(task) if task else None
            person = people.get(row["UserID"])
            row["User"] = wire.basic_user(person) if person else (
                {"ID": access.user_id, "Name": access.principal.name, "Email": access.principal.email, "IsActive": True}
                if row["UserID"] == access.user_id else None)
    return rows


def _require_scope(access: Access, scope: Scope) -> None:
    if scope != "ME":
        access.require_manager()


async def _entry(db, access: Access, entry_id: str, scope: Scope):
    """The entry an ID names in a scope: /Me only the caller's own; 404 for what the scope lacks."""
    _require_scope(access, scope)
    try:
        entry = await service.get_entry(db, access, entry_id)
    except Forbidden:
        raise NotFound("TimeEntry", entry_id) from None
    if scope == "ME" and entry.user_id != access.user_id:
        raise NotFound("TimeEntry", entry_id)
    return entry


async def _search(request: Request, db, access: Access, window, scope: Scope, verbose: bool, **f) -> JSON:
    _require_scope(access, scope)
    first = day(f["start"], "StartDate") or day(f["from_"], "FromDate")
    last = day(f["end"], "EndDate") or day(f["to"], "ToDate")
    entry_dates = [day(d, "EntryDate") for d in f["entry_dates"] or ()]
    if entry_dates:
        if len(set(entry_dates)) > 1:
            raise Invalid("Give one EntryDate, or StartDate and EndDate for a range", "EntryDate")
        first = last = entry_dates[0]
    task_rows = await listing.task_rows_of(db, access, f["task_ids"]) if f["task_ids"] else None
    search = service.EntrySearch(
        ids=f["ids"], user_ids=[access.user_id] if scope == "ME" else f["user_ids"], project_ids=f["job_ids"],
        task_ids=task_rows, cost_code_ids=f["cost_code_ids"], labor_code_ids=f["labor_code_ids"],
        time_entry_type_ids=f["type_ids"], first=first, last=last,
    )
    found = await service.search_entries(db, access, search, window, newest_first=True,
                                         ids_descending=scope != "MANAGED")
    return envelope.collection(request, await _rows(db, access, found.items, verbose), found.total, window)


# --- writing ------------------------------------------------------------------------------------


def _minutes(clock: str | None) -> int | None:
    if clock is None:
        return None
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


def _code(body: schemas.TimeEntryIn, field: str) -> Any:
    return getattr(body, field) if body.sent(field) else service.KEEP


def _rate(body: schemas.TimeEntryIn, field: str) -> Any:
    """A rate given on the entry, in minor units; None: back to the resolved rate; KEEP: not given."""
    if not body.sent(field):
        return service.KEEP
    value = getattr(body, field)  # the schema checked it: a number from 0, or null
    if value is None:
        return None
    return wire.minor_units(value)


def _check_body(access: Access, body: schemas.TimeEntryIn, creating: bool, scope: Scope) -> None:
    if creating:
        body.require("Date", "JobID", "TaskID")
        if body.Hours is None and not (body.StartTime and body.EndTime):
            raise Invalid("Hours is required (or StartTime and EndTime)", "Hours")
        if scope == "ME" and body.sent("UserID") and (body.UserID or "").lower() != access.user_id:
            raise Invalid("UserID: entries through /Me are your own; use /TimeEntries for someone else's", "UserID")
    else:
        if body.sent("UserID"):
            raise Invalid("UserID cannot be changed", "UserID")
        for field in ("Date", "JobID", "TaskID"):
            if body.sent(field) and getattr(body, field) is None:
                raise Invalid(f"{field} cannot be empty", field)


def _input(body: schemas.TimeEntryIn) -> service.DayInput:
    """ClickTime's fields as the service's hours on a day (what a PATCH leaves out is None/KEEP)."""
    custom = None
    if body.sent("CustomFields"):
        custom = list(body.CustomFields.items()) if body.CustomFields is not None else []
    return service.DayInput(
        day=day(body.Date, "Date") if body.Date is not None else None,
        hours_s=wire.seconds(body.Hours) if body.Hours is not None else None,
        start_minute=_minutes(body.StartTime) if body.sent("StartTime") else service.KEEP,
        end_minute=_minutes(body.EndTime),
        break_s=wire.seconds(body.BreakTime or 0) if body.sent("BreakTime") else None,
        description=(body.Comment or "") if body.sent("Comment") else None,
        project_id=body.JobID, company_task_id=body.TaskID, custom_fields=custom,
        cost_code_id=_code(body, "CostCodeID"), labor_code_id=_code(body, "LaborCodeID"),
        time_entry_type_id=_code(body, "TimeEntryTypeID"),
        hourly_rate=_rate(body, "BillingRate"), cost_rate=_rate(body, "CostRate"),
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def _create(db, access: Access, body: schemas.TimeEntryIn, scope: Scope) -> JSON:
    _require_scope(access, scope)
    _check_body(access, body, True, scope)
    owner = body.UserID if scope != "ME" else None
    entry = await service.create_day_entry(db, access, _input(body), user_id=owner)
    return envelope.single((await _rows(db, access, [entry], False))[0], status_code=201)


async def _update(db, access: Access, entry_id: str, body: schemas.TimeEntryIn, scope: Scope) -> JSON:
    existing = await _entry(db, access, entry_id, scope)
    _check_body(access, body, False, scope)
    entry = await service.update_day_entry(db, access, existing.id, _input(body))
    return envelope.single((await _rows(db, access, [entry], False))[0])


async def _delete(db, access: Access, entry_id: str, scope: Scope) -> Response:
    entry = await _entry(db, access, entry_id, scope)
    await service.delete_entry(db, access, entry.id)
    return no_content()


def _routes(prefix: str, scope: Scope) -> None:
    tag = {"ME": "my", "COMPANY": "company", "MANAGED": "managed"}[scope]
    whose = {"ME": "Your", "COMPANY": "The company's", "MANAGED": "Your people's"}[scope]

    async def list_entries(
        request: Request, db: DbDep, access: AccessDep, window: TimeEntryPaging, verbose: Verbose = False,
        ID: ListFilter = None, JobID: ListFilter = None, TaskID: ListFilter = None, UserID: ListFilter = None,  # noqa: N803
        CostCodeID: ListFilter = None, LaborCodeID: ListFilter = None, TimeEntryTypeID: ListFilter = None,  # noqa: N803
        StartDate: str | None = None, EndDate: str | None = None, FromDate: str | None = None,  # noqa: N803
        ToDate: str | None = None, EntryDate: ListFilter = None,  # noqa: N803
    ) -> JSON:
        return await _search(request, db, access, window, scope, verbose, ids=ID, job_ids=JobID, task_ids=TaskID,
                             user_ids=UserID, cost_code_ids=CostCodeID, labor_code_ids=LaborCodeID,
                             type_ids=TimeEntryTypeID, start=StartDate, end=EndDate, from_=FromDate, to=ToDate,
                             entry_dates=EntryDate)

    async def create_entry(db: DbDep, access: AccessDep, body: schemas.TimeEntryIn) -> JSON:
        return await _create(db, access, body, scope)

    async def get_entry(db: DbDep, access: AccessDep, timeEntryID: str, verbose: Verbose = False) -> JSON:  # noqa: N803
        return envelope.single((await _rows(db, access, [await _entry(db, access, timeEntryID, scope)], verbose))[0])

    async def update_entry(db: DbDep, access: AccessDep, timeEntryID: str, body: schemas.TimeEntryIn) -> JSON:  # noqa: N803
        return await _update(db, access, timeEntryID, body, scope)

    async def delete_entry(db: DbDep, access: AccessDep, timeEntryID: str) -> Response:  # noqa: N803
        return await _delete(db, access, timeEntryID, scope)

    one = prefix + "/{timeEntryID}"
    for path, endpoint, method, status, summary in (
        (prefix, list_entries, "GET", 200, f"{whose} time entries (at most 500 a page)"),
        (prefix, create_entry, "POST", 201, "Add a time entry: Date, Hours, JobID and TaskID"),
        (one, get_entry, "GET", 200, "One time entry"),
        (one, update_entry, "PATCH", 200, "Change a time entry"),
        (one, delete_entry, "DELETE", 204, "Delete a time entry"),
    ):
        router.add_api_route(path, endpoint, methods=[method], status_code=status, summary=summary,
                             name=f"{tag}_{endpoint.__name__}")


for _prefix, _scope in PREFIXES.items():
    _routes(_prefix, _scope)


# --- timers -------------------------------------------------------------------------------------


async def _running(db, access: Access):
    found = await service.search_entries(db, access, service.EntrySearch(user_ids=[access.user_id], running=True),
                                         listing.Window(0, 1))
    return found.items[0] if found.items else None


async def _timer_entry(db, access: Access, entry_id: str):
    entry = await _entry(db, access, entry_id, "ME")
    if entry.end_at is not None:
        raise NotFound("Timer", entry_id)
    return entry


@router.get("/Me/TimeEntries/{timeEntryID}/Timer", summary="The running timer of one of your entries")
async def get_timer(db: DbDep, access: AccessDep, timeEntryID: str) -> JSON:  # noqa: N803
    return envelope.single(wire.timer(await _timer_entry(db, access, timeEntryID), utcnow()))


@router.post("/Me/TimeEntries/{timeEntryID}/Timer", status_code=201,
             summary="Start the timer of one of today's entries: the time that passes adds to its Hours")
async def start_timer(db: DbDep, access: AccessDep, timeEntryID: str, body: schemas.TimerIn | None = None) -> JSON:  # noqa: N803
    entry = await _entry(db, access, timeEntryID, "ME")
    running = await service.start_entry_timer(db, access, entry.id)
    return envelope.single(wire.timer(running, utcnow()), status_code=201)


async def _stop(db, access: Access, entry_id: str):
    await _timer_entry(db, access, entry_id)
    return await service.stop_timer(db, access, access.user_id, utcnow())


@router.put("/Me/TimeEntries/{timeEntryID}/Timer", summary="Stop the timer: the entry's Hours become its time so far")
async def stop_timer(db: DbDep, access: AccessDep, timeEntryID: str, body: schemas.TimerIn | None = None) -> JSON:  # noqa: N803
    return envelope.single(wire.timer(await _stop(db, access, timeEntryID), utcnow()))


@router.delete("/Me/TimeEntries/{timeEntryID}/Timer", status_code=204, summary="Stop the timer (as PUT), answering nothing")
async def delete_timer(db: DbDep, access: AccessDep, timeEntryID: str) -> Response:  # noqa: N803
    await _stop(db, access, timeEntryID)
    return no_content()


@router.get("/Me/Timers", summary="Your running timer, if any")
async def list_timers(
    request: Request, db: DbDep, access: AccessDep, window: TimeEntryPaging,
    ID: ListFilter = None, TimeEntryID: ListFilter = None, IsRunning: BoolFilter = None,  # noqa: N803
    FromDate: str | None = None, ToDate: str | None = None,  # noqa: N803
) -> JSON:
    first, last = day(FromDate, "FromDate"), day(ToDate, "ToDate")
    running = await _running(db, access)
    rows = []
    if running is not None and (IsRunning is None or True in IsRunning):
        wanted = {i.lower() for i in [*(ID or ()), *(TimeEntryID or ())]}
        on = _as_date(running.local_date)
        if (not wanted or running.id in wanted) and (first is None or on >= first) and (last is None or on <= last):
            rows = [wire.timer(running, utcnow())]
    return envelope.collection(request, rows[window.offset: window.offset + window.limit], len(rows), window)


@router.get("/Me/Timers/{timerID}", summary="Your running timer, by its ID (its entry's)")
async def get_my_timer(db: DbDep, access: AccessDep, timerID: str) -> JSON:  # noqa: N803
    running = await _running(db, access)
    if running is None or running.id != timerID.lower():
        raise NotFound("Timer", timerID)
    return envelope.single(wire.timer(running, utcnow()))
