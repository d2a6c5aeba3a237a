"""The catalog pages: projects (list and one project with its settings, rates, estimate, tasks
and members), clients and tags.

Server-rendered lists and forms that post back with the session's CSRF token (Post/Redirect/Get
on success; on a refusal the page is shown again with the service's message and a 4xx status, so
nothing is lost and nothing half-written). static/catalog.js only adds filter-as-you-type and a
confirmation before deletes; every page works without it. Each control is shown only to the roles
the services allow to use it, and the services still decide.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from timeledger.services import clients as client_service
from timeledger.services import projects as project_service
from timeledger.services import tags as tag_service
from timeledger.services import tasks as task_service
from timeledger.services import user_groups as group_service
from timeledger.services import users as user_service
from timeledger.services.common import PageRequest
from timeledger.services.errors import Forbidden, Invalid, NotFound, ServiceError
from timeledger.web.shell import SignedIn, back_to, csrf_ok, render, signed_in, status_of

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 500  # rows per list page; the search box filters them as you type, ?q= searches all
EXPIRED = "The form had expired; reload the page and try again."
STATUSES = {"active": False, "archived": True, "all": None}


# --- small translations: form text to numbers and back ------------------------------------------

_CLOCK = re.compile(r"^(\d{1,4}):([0-5]\d)$")
_DECIMAL = re.compile(r"^(\d{1,4})(?:[.,](\d+))?$")
_UNITS = re.compile(r"^(?:(\d{1,4})\s*h)?\s*(?:(\d{1,5})\s*m)?$")
_MONEY = re.compile(r"^\d{1,11}(?:[.,]\d{1,2})?$")


def parse_hours(text: str | None, label: str) -> int | None:
    """Hours as people type them ("10", "1.5", "1,5", "1:30", "90m", "1h 30m") in seconds; None
    for an empty field."""
    t = (text or "").strip().lower()
    if not t:
        return None
    if m := _CLOCK.match(t):
        return (int(m[1]) * 60 + int(m[2])) * 60
    if m := _DECIMAL.match(t):
        return round(float(f"{m[1]}.{m[2] or 0}") * 3600)
    if (m := _UNITS.match(t)) and (m[1] or m[2]):
        return (int(m[1] or 0) * 60 + int(m[2] or 0)) * 60
    raise Invalid(f"{label}: “{text}” is not a duration; type hours as 10, 1.5 or 1:30", label)


def parse_money(text: str | None, label: str) -> int | None:
    """An amount such as "45" or "45.50" in minor units (cents); None for an empty field."""
    t = (text or "").strip().replace(" ", "")
    if not t:
        return None
    if not _MONEY.match(t):
        raise Invalid(f"{label}: “{text}” is not an amount; type it as 45 or 45.50", label)
    try:
        return int(Decimal(t.replace(",", ".")) * 100)
    except InvalidOperation as exc:  # pragma: no cover (the pattern admits only numbers)
        raise Invalid(f"{label}: “{text}” is not an amount", label) from exc


def hours(seconds: int | None) -> str:
    """12:30 for twelve and a half hours."""
    minutes = round(max(0, seconds or 0) / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def hours_field(seconds: int | None) -> str:
    """The value of an hours input: empty for none."""
    return hours(seconds) if seconds else ""


def money(minor: int | None, currency: str) -> str:
    amount = Decimal(minor or 0) / 100
    return f"{amount:,.2f} {currency}"


def money_field(minor: int | None) -> str:
    return "" if minor is None else f"{Decimal(minor) / 100:.2f}"


def _checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _sees_rates(visitor: SignedIn) -> bool:
    access = visitor.access
    return access.is_admin or not access.workspace.settings.get("onlyAdminsSeeBillableRates", True)


def _helpers(visitor: SignedIn) -> dict[str, Any]:
    currency = visitor.access.workspace.currency
    return {
        "hours": hours,
        "hours_field": hours_field,
        "money": lambda minor: money(minor, currency),
        "money_field": money_field,
        "currency": currency,
        "sees_rates": _sees_rates(visitor),
    }


PageBuilder = Callable[[Request, SignedIn, str, int], Awaitable[Response]]


async def _act(
    request: Request, page: PageBuilder, action: Callable[[SignedIn, FormData], Awaitable[tuple[str, str]]]
) -> Response:
    """A form post: signed in, CSRF checked, the action run. On success back to the path the
    action names with its message; on a refusal the page again with the message and a 4xx."""
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    form = await request.form()
    # What was typed comes back with a refusal, so nothing is lost (the templates read `typed`).
    request.state.typed = {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf"}
    if not csrf_ok(visitor.session, _text(form, "csrf")):
        return await page(request, visitor, EXPIRED, 400)
    try:
        path, message = await action(visitor, form)
    except ServiceError as exc:
        return await page(request, visitor, exc.message, status_of(exc))
    return back_to(path, message=message)


def _back(form: FormData, base: str) -> str:
    """The list the form was posted from, with its filters (only our own query keys)."""
    keep = {k: _text(form, f"back_{k}") for k in ("q", "status", "client") if _text(form, f"back_{k}")}
    return f"{base}?{urlencode(keep)}" if keep else base


def _typed(request: Request) -> dict[str, str]:
    return getattr(request.state, "typed", {})


def _outcome(request: Request) -> dict[str, str]:
    return {"message": request.query_params.get("message", ""), "error": request.query_params.get("error", "")}


# --- projects -----------------------------------------------------------------------------------


def _filters(params: Any) -> dict[str, str]:
    status = params.get("status", "active")
    return {
        "q": (params.get("q") or "").strip(),
        "status": status if status in STATUSES else "active",
        "client": (params.get("client") or "").strip(),
    }


async def _projects_page(request: Request, visitor: SignedIn, error: str = "", status: int = 200,
                         message: str = "") -> Response:
    db = request.app.state.db
    access = visitor.access
    filters = _filters(request.query_params)
    try:
        number = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        number = 1
    flt = project_service.ProjectFilter(name=filters["q"] or None, archived=STATUSES[filters["status"]])
    if filters["client"] == "none":
        flt.client_ids, flt.contains_client = [], True
    elif filters["client"]:
        flt.client_ids = [filters["client"]]
    items, last = await project_service.list_projects(db, access, flt, PageRequest(number, PAGE_SIZE))
    if filters["client"] == "none":
        items = [p for p in items if not p.client_id]
    progress, _ = await project_service.estimate_progress(db, access, items)
    clients, _ = await client_service.list_clients(db, access, name=None, archived=None, sort_column="NAME",
                                                   sort_order="ASCENDING", page=PageRequest(1, 5000))
    defaults = access.workspace.settings
    return render(
        "projects.html", title="Projects", session=visitor.session, access=access, current="projects",
        script="catalog", status=status, error=error or _outcome(request)["error"],
        message=message or ("" if error else _outcome(request)["message"]),
        projects=items, progress=progress, clients=clients, filters=filters, page_number=number, last_page=last,
        can_create=project_service.can_create_projects(access),
        can_manage=access.can_manage_project,
        default_billable=bool(defaults.get("defaultBillableProjects", True)),
        default_public=bool(defaults.get("isProjectPublicByDefault", True)),
        palette=project_service.PALETTE,
        **_helpers(visitor), typed=_typed(request),
    )


@router.get("/projects")
async def projects_page(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    try:
        return await _projects_page(request, visitor)
    except ServiceError as exc:
        return render("base.html", title="Projects", session=visitor.session, access=visitor.access,
                      current="projects", error=exc.message, status=status_of(exc))


async def _projects_again(request: Request, visitor: SignedIn, error: str, status: int) -> Response:
    return await _projects_page(request, visitor, error, status)


def _estimate_change(kind: str, amount_text: str, *, task_based: bool, monthly: bool,
                     non_billable: bool = True) -> project_service.EstimateChange:
    """The estimate the form asks for: none, time (hours) or budget (money)."""
    estimate_type = "AUTO" if task_based else "MANUAL"
    reset = "MONTHLY" if monthly else None
    if kind == "time":
        seconds = parse_hours(amount_text, "Time estimate")
        if not task_based and not seconds:
            raise Invalid("Time estimate: type the hours the project should take", "estimate")
        return project_service.EstimateChange(
            time_estimate={"active": True, "estimate": seconds or 0, "type": estimate_type, "resetOption": reset,
                           "includeNonBillable": non_billable},
            budget_estimate={"active": False},
        )
    if kind == "budget":
        minor = parse_money(amount_text, "Budget estimate")
        if not task_based and not minor:
            raise Invalid("Budget estimate: type the amount the project may cost", "estimate")
        return project_service.EstimateChange(
            time_estimate={"active": False},
            budget_estimate={"active": True, "estimate": minor or 0, "type": estimate_type, "resetOption": reset},
        )
    if kind in ("", "none"):
        return project_service.EstimateChange(time_estimate={"active": False}, budget_estimate={"active": False})
    raise Invalid("Estimate must be none, time or budget", "estimate")


@router.post("/projects")
async def create_project(request: Request) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        db = request.app.state.db
        access = visitor.access
        kind = _text(form, "estimate_kind")
        # Everything typed is checked before the first write, so a bad field writes nothing.
        estimate = _estimate_change(kind, _text(form, "estimate"), task_based=False, monthly=False)
        rate = parse_money(_text(form, "hourly_rate"), "Hourly rate") if _sees_rates(visitor) else None
        data = project_service.ProjectInput(
            name=_text(form, "name"), client_id=_text(form, "client") or None,
            color=_text(form, "color") or None, billable=_checked(form, "billable"), is_public=_checked(form, "public"),
            hourly_rate=project_service.RateChange(rate) if rate is not None else None,
            estimate_s=estimate.time_estimate.get("estimate") if kind == "time" else None,
            estimate_type="MANUAL" if kind == "time" else None,
        )
        project = await project_service.create_project(db, access, data)
        if kind == "budget":
            await project_service.update_estimate(db, access, project.id, estimate)
        return _back(form, "/projects"), f"Created project “{project.name}”."

    return await _act(request, _projects_again, action)


async def _set_archived(request: Request, project_id: str, archived: bool) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        data = project_service.ProjectInput(archived=archived, present=frozenset({"archived"}))
        project = await project_service.update_project(request.app.state.db, visitor.access, project_id, data)
        where = "Archived" if archived else "Active"
        verb = "Archived" if archived else "Restored"
        return _back(form, "/projects"), f"{verb} “{project.name}”; find it under {where}."

    return await _act(request, _projects_again, action)


@router.post("/projects/{project_id}/archive")
async def archive_project(request: Request, project_id: str) -> Response:
    return await _set_archived(request, project_id, True)


@router.post("/projects/{project_id}/unarchive")
async def unarchive_project(request: Request, project_id: str) -> Response:
    return await _set_archived(request, project_id, False)


@router.post("/projects/{project_id}/delete")
async def delete_project(request: Request, project_id: str) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        project = await project_service.delete_project(request.app.state.db, visitor.access, project_id)
        return _back(form, "/projects"), f"Deleted “{project.name}”; its time entries were kept, without project."

    return await _act(request, _projects_again, action)


# --- one project --------------------------------------------------------------------------------


async def _project_page(request: Request, visitor: SignedIn, error: str = "", status: int = 200,
                        project_id: str | None = None) -> Response:
    db = request.app.state.db
    access = visitor.access
    project_id = project_id or request.path_params["project_id"]
    try:
        project = await project_service.get_project(db, access, project_id, hydrated=True)
    except NotFound:
        return render("catalog_missing.html", title="Project not found", session=visitor.session, access=access,
                      current="projects", status=404, error=error if status == 404 else "",
                      what="project", back="/projects", back_label="All projects")
    progress, task_progress = await project_service.estimate_progress(db, access, [project], with_tasks=True)
    manages = access.can_manage_project(project.id)
    people: dict[str, Any] = {}
    groups: list[Any] = []
    if access.is_manager:
        users, _ = await user_service.list_users(db, access, user_service.UserFilter(status="ACTIVE", sort_column="NAME"),
                                                 PageRequest(1, 5000))
        people = {u.id: u for u in users}
    if manages:
        groups, _ = await group_service.list_groups(db, access, name=None, project_id=None, sort_column="NAME",
                                                    sort_order="ASCENDING", include_team_managers=False,
                                                    page=PageRequest(1, 5000))
    member_ids = {m.user_id for m in project.memberships}
    clients = await _all_clients_of(request, visitor)
    outcome = _outcome(request)
    return render(
        "project.html", title=project.name, session=visitor.session, access=access, current="projects",
        script="catalog", status=status, error=error or outcome["error"], message="" if error else outcome["message"],
        project=project, progress=progress[project.id], task_progress=task_progress, manages=manages,
        can_add_tasks=task_service.can_create_tasks(access, project.id), people=people,
        addable=[u for u in people.values() if u.id not in member_ids],
        groups=groups, group_names={g.id: g.name for g in groups},
        addable_groups=[g for g in groups if g.id not in project.user_group_ids],
        clients=clients, palette=project_service.PALETTE, **_helpers(visitor), typed=_typed(request),
    )


async def _all_clients_of(request: Request, visitor: SignedIn) -> list[client_service.Client]:
    items, _ = await client_service.list_clients(request.app.state.db, visitor.access, name=None, archived=None,
                                                 sort_column="NAME", sort_order="ASCENDING", page=PageRequest(1, 5000))
    return items


@router.get("/projects/{project_id}")
async def project_page(request: Request, project_id: str) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return await _project_page(request, visitor)


def _project_act(request: Request, project_id: str,
                 change: Callable[[Any, Any, SignedIn, FormData], Awaitable[str]]) -> Awaitable[Response]:
    """A form on the project page: `change(db, access, visitor, form)` returns the message."""

    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        message = await change(request.app.state.db, visitor.access, visitor, form)
        return f"/projects/{project_id}", message

    async def again(request: Request, visitor: SignedIn, error: str, status: int) -> Response:
        return await _project_page(request, visitor, error, status, project_id)

    return _act(request, again, action)


@router.post("/projects/{project_id}/settings")
async def project_settings(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        data = project_service.ProjectInput(
            name=_text(form, "name"), client_id=_text(form, "client") or None, color=_text(form, "color") or None,
            note=_text(form, "note"), billable=_checked(form, "billable"), is_public=_checked(form, "public"),
            present=frozenset({"name", "client_id", "color", "note", "billable", "is_public"}),
        )
        project = await project_service.update_project(db, access, project_id, data)
        return f"Saved “{project.name}”."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/rates")
async def project_rates(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        if not _sees_rates(visitor):
            raise Forbidden()
        hourly = parse_money(_text(form, "hourly_rate"), "Hourly rate")
        cost = parse_money(_text(form, "cost_rate"), "Cost rate") if access.is_admin else None
        if hourly is None and cost is None:
            raise Invalid("Type a rate to save", "hourly_rate")
        data = project_service.ProjectInput(
            hourly_rate=project_service.RateChange(hourly) if hourly is not None else None,
            cost_rate=project_service.RateChange(cost) if cost is not None else None,
        )
        await project_service.update_project(db, access, project_id, data)
        return "Rates saved; the project's time entries were re-rated."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/estimate")
async def project_estimate(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        kind = _text(form, "estimate_kind")
        amount = _text(form, "budget" if kind == "budget" else "time")
        estimate = _estimate_change(kind, amount, task_based=_text(form, "estimate_type") == "AUTO",
                                    monthly=_checked(form, "monthly"), non_billable=_checked(form, "non_billable"))
        await project_service.update_estimate(db, access, project_id, estimate)
        return "Estimate saved."

    return await _project_act(request, project_id, change)


def _task_input(form: FormData, *, keep: task_service.Task | None = None) -> task_service.TaskInput:
    status = _text(form, "status") or (keep.status if keep else "ACTIVE")
    assignees = [a for a in form.getlist("assignees") if isinstance(a, str) and a]
    return task_service.TaskInput(
        name=_text(form, "name"),
        assignee_ids=assignees,
        user_group_ids=list(keep.user_group_ids) if keep else [],
        estimate_s=parse_hours(_text(form, "estimate"), "Task estimate"),
        status=status,
        billable=keep.billable if keep else None,
        budget_estimate=parse_money(_text(form, "budget"), "Task budget") if "budget" in form else
        (keep.budget_estimate if keep else None),
    )


@router.post("/projects/{project_id}/tasks")
async def add_task(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        task = await task_service.create_task(db, access, project_id, _task_input(form))
        return f"Added task “{task.name}”."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/tasks/{task_id}")
async def update_task(request: Request, project_id: str, task_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        current = await task_service.get_task(db, access, project_id, task_id)
        if _text(form, "only") == "status":  # the quick done/active switch keeps everything else
            data = task_service.TaskInput(current.name, list(current.assignee_ids), list(current.user_group_ids),
                                          current.estimate_s, _text(form, "status"), current.billable,
                                          current.budget_estimate)
        else:
            data = _task_input(form, keep=current)
        task = await task_service.update_task(db, access, project_id, task_id, data)
        if _text(form, "only") == "status":
            return f"Marked “{task.name}” {'done' if task.status == 'DONE' else 'active'}."
        return f"Saved task “{task.name}”."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/tasks/{task_id}/delete")
async def delete_task(request: Request, project_id: str, task_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        task = await task_service.delete_task(db, access, project_id, task_id)
        return f"Deleted task “{task.name}”; its time entries keep the project."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/members")
async def add_members(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        user_id, group_id = _text(form, "user"), _text(form, "group")
        if not user_id and not group_id:
            raise Invalid("Choose a member or a group to add", "user")
        await project_service.add_or_remove_members(db, access, project_id, [user_id] if user_id else [],
                                                    [group_id] if group_id else [], remove=False)
        return "Added to the project."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/members/{user_id}/remove")
async def remove_member(request: Request, project_id: str, user_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        await project_service.add_or_remove_members(db, access, project_id, [user_id], [], remove=True)
        return "Removed from the project."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/groups/{group_id}/remove")
async def remove_group(request: Request, project_id: str, group_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        await project_service.add_or_remove_members(db, access, project_id, [], [group_id], remove=True)
        return "Group removed from the project."

    return await _project_act(request, project_id, change)


@router.post("/projects/{project_id}/members/{user_id}/rate")
async def member_rate(request: Request, project_id: str, user_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        amount = parse_money(_text(form, "hourly_rate"), "Member's hourly rate")
        if amount is None:
            raise Invalid("Member's hourly rate: type an amount such as 45.50", "hourly_rate")
        await project_service.set_member_rate(db, access, project_id, user_id, "HOURLY", amount, None)
        return "Member's hourly rate saved."

    return await _project_act(request, project_id, change)


# the archive/unarchive/delete forms on the project page come back to it (delete: to the list)
@router.post("/projects/{project_id}/state")
async def project_state(request: Request, project_id: str) -> Response:
    async def change(db: Any, access: Any, visitor: SignedIn, form: FormData) -> str:
        archived = _text(form, "archived") == "true"
        data = project_service.ProjectInput(archived=archived, present=frozenset({"archived"}))
        project = await project_service.update_project(db, access, project_id, data)
        return f"{'Archived' if archived else 'Restored'} “{project.name}”."

    return await _project_act(request, project_id, change)


# --- clients ------------------------------------------------------------------------------------


async def _clients_page(request: Request, visitor: SignedIn, error: str = "", status: int = 200) -> Response:
    db = request.app.state.db
    access = visitor.access
    filters = _filters(request.query_params)
    items, last = await client_service.list_clients(
        db, access, name=filters["q"] or None, archived=STATUSES[filters["status"]], sort_column="NAME",
        sort_order="ASCENDING", page=PageRequest(1, PAGE_SIZE),
    )
    counts = await client_service.project_counts(db, access, [c.id for c in items])
    outcome = _outcome(request)
    return render(
        "clients.html", title="Clients", session=visitor.session, access=access, current="clients", script="catalog",
        status=status, error=error or outcome["error"], message="" if error else outcome["message"],
        clients=items, counts=counts, filters=filters, last_page=last,
        can_create=client_service.can_create_clients(access), can_edit=access.is_admin, typed=_typed(request),
    )


@router.get("/clients")
async def clients_page(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return await _clients_page(request, visitor)


async def _clients_again(request: Request, visitor: SignedIn, error: str, status: int) -> Response:
    return await _clients_page(request, visitor, error, status)


@router.post("/clients")
async def create_client(request: Request) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        data = client_service.ClientInput(name=_text(form, "name"), note=_text(form, "note") or None)
        client = await client_service.create_client(request.app.state.db, visitor.access, data)
        return _back(form, "/clients"), f"Created client “{client.name}”."

    return await _act(request, _clients_again, action)


async def _change_client(request: Request, client_id: str, *, name: bool = False, archived: bool | None = None,
                         verb: str = "Saved") -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        db = request.app.state.db
        current = await client_service.get_client(db, visitor.access, client_id)
        # The service replaces the whole client: what this form does not change is sent back as it is.
        data = client_service.ClientInput(
            name=_text(form, "name") if name else current.name, email=current.email, address=current.address,
            note=(_text(form, "note") or None) if name else current.note,
            archived=current.archived if archived is None else archived,
            currency_code=current.currency_code, cc_emails=list(current.cc_emails),
        )
        client = await client_service.update_client(db, visitor.access, client_id, data,
                                                    archive_projects=bool(archived) and _checked(form, "archive_projects"))
        return _back(form, "/clients"), f"{verb} client “{client.name}”."

    return await _act(request, _clients_again, action)


@router.post("/clients/{client_id}")
async def rename_client(request: Request, client_id: str) -> Response:
    return await _change_client(request, client_id, name=True)


@router.post("/clients/{client_id}/archive")
async def archive_client(request: Request, client_id: str) -> Response:
    return await _change_client(request, client_id, archived=True, verb="Archived")


@router.post("/clients/{client_id}/unarchive")
async def unarchive_client(request: Request, client_id: str) -> Response:
    return await _change_client(request, client_id, archived=False, verb="Restored")


@router.post("/clients/{client_id}/delete")
async def delete_client(request: Request, client_id: str) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        client = await client_service.delete_client(request.app.state.db, visitor.access, client_id)
        return _back(form, "/clients"), f"Deleted client “{client.name}”; its projects were kept, without client."

    return await _act(request, _clients_again, action)


# --- tags ---------------------------------------------------------------------------------------


async def _tags_page(request: Request, visitor: SignedIn, error: str = "", status: int = 200) -> Response:
    access = visitor.access
    filters = _filters(request.query_params)
    items, last = await tag_service.list_tags(
        request.app.state.db, access, name=filters["q"] or None, strict=False, archived=STATUSES[filters["status"]],
        excluded_ids=[], sort_column="NAME", sort_order="ASCENDING", page=PageRequest(1, PAGE_SIZE),
    )
    outcome = _outcome(request)
    return render(
        "tags.html", title="Tags", session=visitor.session, access=access, current="tags", script="catalog",
        status=status, error=error or outcome["error"], message="" if error else outcome["message"],
        tags=items, filters=filters, last_page=last, can_create=tag_service.can_create_tags(access), typed=_typed(request),
        can_edit=access.is_admin,
    )


@router.get("/tags")
async def tags_page(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return await _tags_page(request, visitor)


async def _tags_again(request: Request, visitor: SignedIn, error: str, status: int) -> Response:
    return await _tags_page(request, visitor, error, status)


@router.post("/tags")
async def create_tag(request: Request) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        tag = await tag_service.create_tag(request.app.state.db, visitor.access, _text(form, "name"))
        return _back(form, "/tags"), f"Created tag “{tag.name}”."

    return await _act(request, _tags_again, action)


async def _change_tag(request: Request, tag_id: str, *, name: bool = False, archived: bool | None = None,
                      verb: str = "Saved") -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        db = request.app.state.db
        current = await tag_service.get_tag(db, visitor.access, tag_id)
        tag = await tag_service.update_tag(db, visitor.access, tag_id, _text(form, "name") if name else current.name,
                                           current.archived if archived is None else archived)
        return _back(form, "/tags"), f"{verb} tag “{tag.name}”."

    return await _act(request, _tags_again, action)


@router.post("/tags/{tag_id}")
async def rename_tag(request: Request, tag_id: str) -> Response:
    return await _change_tag(request, tag_id, name=True)


@router.post("/tags/{tag_id}/archive")
async def archive_tag(request: Request, tag_id: str) -> Response:
    return await _change_tag(request, tag_id, archived=True, verb="Archived")


@router.post("/tags/{tag_id}/unarchive")
async def unarchive_tag(request: Request, tag_id: str) -> Response:
    return await _change_tag(request, tag_id, archived=False, verb="Restored")


@router.post("/tags/{tag_id}/delete")
async def delete_tag(request: Request, tag_id: str) -> Response:
    async def action(visitor: SignedIn, form: FormData) -> tuple[str, str]:
        tag = await tag_service.delete_tag(request.app.state.db, visitor.access, tag_id)
        return _back(form, "/tags"), f"Deleted tag “{tag.name}”; it was taken off its time entries."

    return await _act(request, _tags_again, action)
