"""The team page over HTTP, on SQLite and PostgreSQL: who may see and change it, CSRF on every
form, members added by e-mail, roles, status, rates and groups, with every change checked through
the Clockify API and every refusal shown to leave the data as it was."""

from __future__ import annotations

import re

import pytest

from tests.support import Api, Caller, unique_email
from tests.web.support import PASSWORD, owner_with_password, signed_in


@pytest.fixture
def owner(api: Api) -> Caller:
    return owner_with_password(api, "Team")


def member_with_password(api: Api, owner: Caller, role: str = "MEMBER", name: str = "Grace Hopper") -> Caller:
    from timeledger.services.users import create_member

    email = unique_email(role.lower())
    user_id, key = api.run(create_member, api.db, owner.ws, email, name, role, PASSWORD)
    return Caller(api.client, key, user_id, owner.ws, email)


def workspace_user(owner: Caller, user_id: str) -> dict:
    return owner.ok("GET", f"/v1/workspaces/{{ws}}/users/{user_id}")


def roles_of(owner: Caller, user_id: str) -> list[str]:
    users = owner.ok("GET", "/v1/workspaces/{ws}/users?include-roles=true&page-size=200")
    return sorted(r["role"] for u in users if u["id"] == user_id for r in u["roles"])


def test_team_lists_members_for_managers_and_refuses_regular_members(api: Api, owner: Caller):
    member = member_with_password(api, owner)
    visitor, _ = signed_in(api, owner.email)
    page = visitor.get("/team")
    assert page.status_code == 200
    assert member.email in page.text and owner.email in page.text and "Regular member" in page.text
    assert '<label for="add-email">Add a member by e-mail</label>' in page.text

    regular, csrf = signed_in(api, member.email)
    refused = regular.get("/team")
    assert refused.status_code == 403 and "Only admins and managers" in refused.text
    before = owner.ok("GET", "/v1/workspaces/{ws}/users?status=ALL")
    for path, data in (("/team/users", {"email": "sneaky@example.com"}), ("/team/groups", {"name": "Sneaky"}),
                       (f"/team/users/{owner.user_id}/rates", {"hourly": "1"})):
        response = regular.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 403, path
    assert owner.ok("GET", "/v1/workspaces/{ws}/users?status=ALL") == before
    assert owner.ok("GET", "/v1/workspaces/{ws}/user-groups") == []


def test_a_team_manager_reads_the_team_but_cannot_change_it(api: Api, owner: Caller):
    manager = member_with_password(api, owner, "TEAM_MANAGER", "Tess Manager")
    visitor, csrf = signed_in(api, manager.email)
    page = visitor.get("/team")
    assert page.status_code == 200 and owner.email in page.text
    assert "Add a member by e-mail" not in page.text and "Create group" not in page.text
    assert visitor.post("/team/users", data={"csrf": csrf, "email": "new@example.com"}).status_code == 403


def test_every_form_needs_the_session_token(api: Api, owner: Caller):
    visitor, _ = signed_in(api, owner.email)
    email = unique_email("invited")
    for token in ("", "wrong"):
        response = visitor.post("/team/users", data={"csrf": token, "email": email})
        assert response.status_code == 400 and "expired" in response.text
        assert visitor.post("/team/groups", data={"csrf": token, "name": "Design"}).status_code == 400
    users = owner.ok("GET", "/v1/workspaces/{ws}/users?status=ALL")
    assert email not in [u["email"] for u in users]
    assert owner.ok("GET", "/v1/workspaces/{ws}/user-groups") == []


def test_add_by_email_change_role_status_and_rates(api: Api, owner: Caller):
    visitor, csrf = signed_in(api, owner.email)
    email = unique_email("invited")
    added = visitor.post("/team/users", data={"csrf": csrf, "email": email.upper()})
    assert added.status_code == 303 and "Added" in added.headers["location"]
    page = visitor.get(added.headers["location"])
    assert f"Added {email}" in page.text
    new = next(u for u in owner.ok("GET", "/v1/workspaces/{ws}/users?status=ALL") if u["email"] == email)
    card = re.search(rf'<li class="member card" data-email="{re.escape(email)}".*?</li>\n', page.text, re.S).group(0)
    assert "Pending" in card and "Regular member" in card

    bad = visitor.post("/team/users", data={"csrf": csrf, "email": "not an address"})
    assert bad.status_code == 400 and "valid e-mail" in bad.text

    # Admin, then team manager of a member, then back to a regular member.
    assert visitor.post(f"/team/users/{new['id']}/role", data={"csrf": csrf, "role": "WORKSPACE_ADMIN"}).status_code == 303
    assert roles_of(owner, new["id"]) == ["WORKSPACE_ADMIN"]
    assert "Admin" in visitor.get("/team").text
    no_target = visitor.post(f"/team/users/{new['id']}/role", data={"csrf": csrf, "role": "TEAM_MANAGER"})
    assert no_target.status_code == 400 and "Choose a user group or a member" in no_target.text
    assert roles_of(owner, new["id"]) == ["WORKSPACE_ADMIN"]  # refused: nothing changed
    made = visitor.post(f"/team/users/{new['id']}/role",
                        data={"csrf": csrf, "role": "TEAM_MANAGER", "target": f"user:{owner.user_id}"})
    assert made.status_code == 303
    assert roles_of(owner, new["id"]) == ["TEAM_MANAGER"]
    assert visitor.post(f"/team/users/{new['id']}/role", data={"csrf": csrf, "role": "MEMBER"}).status_code == 303
    assert roles_of(owner, new["id"]) == []
    owner_role = visitor.post(f"/team/users/{owner.user_id}/role", data={"csrf": csrf, "role": "MEMBER"})
    assert owner_role.status_code == 403 and "owner" in owner_role.text

    # Rates in the workspace's currency, effective now; a bad amount changes neither rate.
    saved = visitor.post(f"/team/users/{new['id']}/rates", data={"csrf": csrf, "hourly": "45.50", "cost": "30"})
    assert saved.status_code == 303
    rates = workspace_user(owner, new["id"])["memberships"][0]
    assert rates["hourlyRate"]["amount"] == 4550 and rates["costRate"]["amount"] == 3000
    for hourly, cost in (("12.345", "1"), ("abc", "1"), ("-1", "1"), ("1", "ten")):
        refused = visitor.post(f"/team/users/{new['id']}/rates", data={"csrf": csrf, "hourly": hourly, "cost": cost})
        assert refused.status_code == 400 and "rate must be" in refused.text
    rates = workspace_user(owner, new["id"])["memberships"][0]
    assert rates["hourlyRate"]["amount"] == 4550 and rates["costRate"]["amount"] == 3000
    assert "45.50 USD" in visitor.get("/team").text

    # Deactivate and activate; never yourself.
    assert visitor.post(f"/team/users/{new['id']}/status", data={"csrf": csrf, "status": "INACTIVE"}).status_code == 303
    assert workspace_user(owner, new["id"])["memberships"][0]["membershipStatus"] == "INACTIVE"
    assert visitor.post(f"/team/users/{new['id']}/status", data={"csrf": csrf, "status": "ACTIVE"}).status_code == 303
    assert workspace_user(owner, new["id"])["memberships"][0]["membershipStatus"] == "ACTIVE"
    assert visitor.post(f"/team/users/{owner.user_id}/status", data={"csrf": csrf, "status": "INACTIVE"}).status_code == 403


def test_search_finds_by_name_or_email(api: Api, owner: Caller):
    grace = member_with_password(api, owner, name="Grace Hopper")
    alan = member_with_password(api, owner, name="Alan Turing")
    visitor, _ = signed_in(api, owner.email)
    by_name = visitor.get("/team?q=hopper").text
    assert grace.email in by_name and alan.email not in by_name
    by_email = visitor.get(f"/team?q={alan.email.split('@')[0]}").text
    assert alan.email in by_email and grace.email not in by_email
    assert "No member matches" in visitor.get("/team?q=nobody-like-this").text


def test_groups_create_rename_members_and_delete(api: Api, owner: Caller):
    grace = member_with_password(api, owner, name="Grace Hopper")
    visitor, csrf = signed_in(api, owner.email)
    assert visitor.post("/team/groups", data={"csrf": csrf, "name": "Design"}).status_code == 303
    duplicate = visitor.post("/team/groups", data={"csrf": csrf, "name": "design"})
    assert duplicate.status_code in (400, 409) and "already" in duplicate.text.lower()
    empty = visitor.post("/team/groups", data={"csrf": csrf, "name": "  "})
    assert empty.status_code == 400
    (group,) = owner.ok("GET", "/v1/workspaces/{ws}/user-groups")
    gid = group["id"]

    assert visitor.post(f"/team/groups/{gid}/members", data={"csrf": csrf, "user_id": grace.user_id}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/user-groups/{gid}")["userIds"] == [grace.user_id]
    page = visitor.get("/team").text
    assert "Remove Grace Hopper from Design" in page
    card = re.search(rf'data-email="{re.escape(grace.email)}".*?</li>\n', page, re.S).group(0)
    assert "Design" in card

    assert visitor.post(f"/team/groups/{gid}/rename", data={"csrf": csrf, "name": "Product design"}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/user-groups/{gid}")["name"] == "Product design"
    removed = visitor.post(f"/team/groups/{gid}/members/{grace.user_id}/remove", data={"csrf": csrf})
    assert removed.status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/user-groups/{gid}")["userIds"] == []
    assert visitor.post(f"/team/groups/{gid}/delete", data={"csrf": csrf}).status_code == 303
    assert owner.ok("GET", "/v1/workspaces/{ws}/user-groups") == []
    assert visitor.post(f"/team/groups/{gid}/delete", data={"csrf": csrf}).status_code == 404


def test_another_workspace_stays_invisible(api: Api, owner: Caller):
    stranger = api.tenant("Elsewhere")
    outsider = api.member(stranger, name="Outsider")
    stranger_group = stranger.ok("POST", "/v1/workspaces/{ws}/user-groups", {"name": "Theirs"})
    visitor, csrf = signed_in(api, owner.email)
    page = visitor.get("/team").text
    assert outsider.email not in page and stranger.email not in page and "Theirs" not in page
    for path, data in ((f"/team/users/{outsider.user_id}/rates", {"hourly": "10"}),
                       (f"/team/users/{outsider.user_id}/status", {"status": "INACTIVE"}),
                       (f"/team/users/{outsider.user_id}/role", {"role": "WORKSPACE_ADMIN"}),
                       (f"/team/groups/{stranger_group['id']}/rename", {"name": "Mine"}),
                       (f"/team/groups/{stranger_group['id']}/delete", {})):
        assert visitor.post(path, data={"csrf": csrf, **data}).status_code == 404, path
    assert stranger.ok("GET", "/v1/workspaces/{ws}/user-groups")[0]["name"] == "Theirs"
    theirs = stranger.ok("GET", f"/v1/workspaces/{{ws}}/users/{outsider.user_id}")["memberships"][0]
    assert theirs["membershipStatus"] == "ACTIVE" and theirs["hourlyRate"] is None


def test_rates_hold_from_now_on_unless_applied_to_past_entries(api: Api, owner: Caller):
    grace = member_with_password(api, owner)
    entry = grace.ok("POST", "/v1/workspaces/{ws}/time-entries",
                     {"start": "2026-01-05T09:00:00Z", "end": "2026-01-05T11:00:00Z", "description": "January"})
    visitor, csrf = signed_in(api, owner.email)
    path = f"/team/users/{grace.user_id}/rates"

    def entry_rate() -> int:
        return grace.ok("GET", f"/v1/workspaces/{{ws}}/time-entries/{entry['id']}")["hourlyRate"]["amount"]

    assert visitor.post(path, data={"csrf": csrf, "hourly": "50"}).status_code == 303
    assert workspace_user(owner, grace.user_id)["memberships"][0]["hourlyRate"]["amount"] == 5000
    assert entry_rate() == 0  # the past keeps the rate it had
    assert visitor.post(path, data={"csrf": csrf, "hourly": "70", "past": "on"}).status_code == 303
    assert entry_rate() == 7000
    assert visitor.post(path, data={"csrf": csrf, "hourly": "", "cost": ""}).status_code == 400
