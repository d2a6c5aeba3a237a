"""The team page: the workspace's members (role, status, groups, rates) and its user groups.

Managers read it; admins change it. Every change is a form that posts back here with the session's
CSRF token and lands on the page again (Post/Redirect/Get) with one line saying what happened.
The rules (who may, what is valid) are the services' own: this module only translates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from timeledger.services import rates, user_groups, users, workspaces
from timeledger.services.common import PageRequest
from timeledger.services.errors import Invalid, ServiceError
from timeledger.services.projects import ProjectFilter, list_projects
from timeledger.web.shell import SignedIn, back_to, csrf_ok, render, signed_in, status_of

router = APIRouter(include_in_schema=False)

ROLE_NAMES = {
    "OWNER": "Owner",
    "WORKSPACE_ADMIN": "Admin",
    "TEAM_MANAGER": "Team manager",
    "PROJECT_MANAGER": "Project manager",
    "MEMBER": "Regular member",
}
LIST_SIZE = 1000  # one page of members and groups; a search narrows bigger teams


def money(amount: int | None) -> str:
    """Minor units as an amount with two decimals ("45.00"); empty when there is none."""
    if amount is None:
        return ""
    return f"{Decimal(amount) / 100:.2f}"


def parse_money(text: str, label: str) -> int | None:
    """"45", "45.5", "45,50" as minor units; None for an empty field."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid(f"{label} must be an amount such as 45.00", label) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise Invalid(f"{label} must be an amount of 0 or more with at most two decimals, such as 45.00", label)
    return int(value * 100)


@dataclass(slots=True)
class Member:
    id: str
    name: str
    email: str
    role: str
    status: str  # Active | Inactive | Pending
    groups: list[str] = field(default_factory=list)
    manages: list[str] = field(default_factory=list)
    hourly: str = ""
    cost: str = ""

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)


async def _members(request: Request, visitor: SignedIn, query: str, group_names: dict[str, str]) -> list[Member]:
    db = request.app.state.db
    access = visitor.access
    page = PageRequest(1, LIST_SIZE)

    def wanted(**kw: str | None) -> users.UserFilter:
        return users.UserFilter(status="ALL", sort_column="NAME_LOWERCASE", memberships="ALL", include_roles=True, **kw)

    if query:
        found: dict[str, users.User] = {}
        for flt in (wanted(name=query), wanted(email=query)):
            for user in (await users.list_users(db, access, flt, page))[0]:
                found.setdefault(user.id, user)
        listed = sorted(found.values(), key=lambda u: (u.name.lower(), u.id))
    else:
        listed = (await users.list_users(db, access, wanted(), page))[0]
    stored_roles = await users.primary_roles(db, access, [u.id for u in listed])
    members = []
    for user in listed:
        grants = user.roles or []
        role = stored_roles.get(user.id, "MEMBER")
        own = next((m for m in user.memberships if m.membership_type == "WORKSPACE"), None)
        if own is not None and own.status == "INACTIVE":
            status = "Inactive"
        elif (own is not None and own.status == "PENDING") or user.status == "PENDING_EMAIL_VERIFICATION":
            status = "Pending"
        else:
            status = "Active"
        manages = [name or entity for g in grants if g.role in ("TEAM_MANAGER", "PROJECT_MANAGER")
                   for entity, name in g.entities]
        members.append(Member(
            id=user.id, name=user.name, email=user.email, role=role, status=status,
            groups=sorted(group_names[m.target_id] for m in user.memberships
                          if m.membership_type == "USERGROUP" and m.target_id in group_names),
            manages=manages,
            hourly=money(own.hourly_rate if own else None), cost=money(own.cost_rate if own else None),
        ))
    return members


async def _page(request: Request, visitor: SignedIn, *, message: str = "", error: str = "", status: int = 200) -> Response:
    access = visitor.access
    if not access.is_manager:
        return render("base.html", title="Team", session=visitor.session, access=access, current="team",
                      error="Only admins and managers can see the team.", status=403)
    db = request.app.state.db
    query = request.query_params.get("q", "").strip()[:100]
    groups = (await user_groups.list_groups(db, access, name=None, project_id=None, sort_column="NAME",
                                            sort_order="ASCENDING", include_team_managers=False,
                                            page=PageRequest(1, LIST_SIZE)))[0]
    group_names = {g.id: g.name for g in groups}
    members = await _members(request, visitor, query, group_names)
    everyone = members if not query else await _members(request, visitor, "", group_names)
    names = {m.id: m.name or m.email for m in everyone}
    projects = []
    if access.is_admin:
        projects = (await list_projects(db, access, ProjectFilter(archived=False), PageRequest(1, LIST_SIZE)))[0]
    return render(
        "team.html", title="Team", session=visitor.session, access=access, current="team", script="team",
        message=message or request.query_params.get("message", ""), error=error or request.query_params.get("error", ""),
        status=status, members=members, everyone=everyone, groups=groups, names=names, projects=projects,
        query=query, is_admin=access.is_admin, currency=access.workspace.currency, roles=ROLE_NAMES,
    )


@router.get("/team")
async def team(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return await _page(request, visitor)


async def _change(request: Request, csrf: str, action, done: str) -> Response:
    """Run one change for a signed-in visitor with a valid form token; back to the page saying
    `done`, or the page again with the service's message and a 4xx status."""
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    if not csrf_ok(visitor.session, csrf):
        return await _page(request, visitor, error="The form had expired; reload and try again.", status=400)
    try:
        said = await action(request.app.state.db, visitor.access)
    except ServiceError as exc:
        return await _page(request, visitor, error=exc.message, status=status_of(exc))
    return back_to("/team", message=said or done)


@router.post("/team/users")
async def add_user(request: Request, csrf: str = Form(""), email: str = Form("")) -> Response:
    async def act(db, access):
        await workspaces.add_user(db, access, email)
        return f"Added {email.strip().lower()}."
    return await _change(request, csrf, act, "")


@router.post("/team/users/{user_id}/role")
async def set_role(request: Request, user_id: str, csrf: str = Form(""), role: str = Form(""),
                   target: str = Form("")) -> Response:
    kind, _, entity = target.partition(":")
    fits = {"TEAM_MANAGER": ("group", "user"), "PROJECT_MANAGER": ("project",)}.get(role, ())
    entity_id = entity if kind in fits and entity else None
    source = "USER_GROUP" if kind == "group" and entity_id else None

    async def act(db, access):
        await users.set_role(db, access, user_id, role, entity_id, source)
        return f"Role changed to {ROLE_NAMES.get(role, role).lower()}."
    return await _change(request, csrf, act, "")


@router.post("/team/users/{user_id}/status")
async def set_status(request: Request, user_id: str, csrf: str = Form(""), status: str = Form("")) -> Response:
    async def act(db, access):
        await workspaces.set_member_status(db, access, user_id, status)
        return "Member activated." if status == "ACTIVE" else "Member deactivated."
    return await _change(request, csrf, act, "")


@router.post("/team/users/{user_id}/rates")
async def set_rates(request: Request, user_id: str, csrf: str = Form(""), hourly: str = Form(""),
                    cost: str = Form(""), past: str = Form("")) -> Response:
    # From now on, unless asked to apply to past entries too (then the rate holds since forever and
    # the member's entries are re-rated).
    since = None if past else datetime.now(UTC)

    async def act(db, access):
        # Both amounts are read before either is written, so a bad one changes nothing.
        access.require_admin()
        amounts = [(rates.HOURLY, parse_money(hourly, "Hourly rate")), (rates.COST, parse_money(cost, "Cost rate"))]
        if all(amount is None for _, amount in amounts):
            raise Invalid("Type an hourly rate, a cost rate or both")
        for rate_type, amount in amounts:
            if amount is not None:
                rates.check_amount(amount, "Hourly rate" if rate_type == rates.HOURLY else "Cost rate")
        for rate_type, amount in amounts:
            if amount is not None:
                await workspaces.set_member_rate(db, access, user_id, rate_type, amount, since)
        return "Rates saved."
    return await _change(request, csrf, act, "")


@router.post("/team/groups")
async def create_group(request: Request, csrf: str = Form(""), name: str = Form("")) -> Response:
    async def act(db, access):
        group = await user_groups.create_group(db, access, name)
        return f"Group “{group.name}” created."
    return await _change(request, csrf, act, "")


@router.post("/team/groups/{group_id}/rename")
async def rename_group(request: Request, group_id: str, csrf: str = Form(""), name: str = Form("")) -> Response:
    async def act(db, access):
        group = await user_groups.rename_group(db, access, group_id, name)
        return f"Group renamed to “{group.name}”."
    return await _change(request, csrf, act, "")


@router.post("/team/groups/{group_id}/delete")
async def delete_group(request: Request, group_id: str, csrf: str = Form("")) -> Response:
    async def act(db, access):
        group = await user_groups.delete_group(db, access, group_id)
        return f"Group “{group.name}” deleted."
    return await _change(request, csrf, act, "")


@router.post("/team/groups/{group_id}/members")
async def add_group_member(request: Request, group_id: str, csrf: str = Form(""), user_id: str = Form("")) -> Response:
    async def act(db, access):
        if not user_id:
            raise Invalid("Choose a member to add")
        group = await user_groups.add_member(db, access, group_id, user_id)
        return f"Added to “{group.name}”."
    return await _change(request, csrf, act, "")


@router.post("/team/groups/{group_id}/members/{user_id}/remove")
async def remove_group_member(request: Request, group_id: str, user_id: str, csrf: str = Form("")) -> Response:
    async def act(db, access):
        group = await user_groups.remove_member(db, access, group_id, user_id)
        return f"Removed from “{group.name}”."
    return await _change(request, csrf, act, "")

