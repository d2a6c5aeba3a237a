"""The user, member profiles, workspace users, roles, workspaces and their rates."""

from __future__ import annotations

import base64

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_current_user(api):
    owner = api.tenant()
    me = owner.ok("GET", "/v1/user")
    assert me["id"] == owner.user_id and me["email"] == owner.email and me["status"] == "ACTIVE"
    assert me["memberships"] == [] and me["activeWorkspace"] == owner.ws and me["defaultWorkspace"] == owner.ws
    assert {"timeZone", "timeFormat", "dateFormat", "weekStart"} <= set(me["settings"])
    with_memberships = owner.ok("GET", "/v1/user?include-memberships=true")
    assert [(m["targetId"], m["membershipType"], m["membershipStatus"]) for m in with_memberships["memberships"]] == [
        (owner.ws, "WORKSPACE", "ACTIVE")
    ]


def test_workspaces(api):
    owner = api.tenant("First")
    second = owner.ok("POST", "/v1/workspaces", {"name": "Second", "organizationId": "ignored"})
    assert second["name"] == "Second" and second["featureSubscriptionType"] == "SELF_HOSTED"
    assert [m["userId"] for m in second["memberships"]] == [owner.user_id]
    assert second["hourlyRate"] == {"amount": 0, "currency": "USD"} and second["costRate"] is None
    assert second["currencies"][0]["code"] == "USD" and second["currencies"][0]["isDefault"] is True
    assert [w["name"] for w in owner.ok("GET", "/v1/workspaces")] == ["First", "Second"]
    assert [w["name"] for w in owner.ok("GET", "/v1/workspaces?roles=OWNER")] == ["First", "Second"]
    assert owner.ok("GET", "/v1/workspaces?roles=WORKSPACE_ADMIN") == []
    got = owner.ok("GET", f"/v1/workspaces/{second['id']}")
    assert got["id"] == second["id"] and "workspaceSettings" in got and got["workspaceSettings"]["lockTimeEntries"] is None
    response = owner.put(f"/v1/workspaces/{second['id']}", {"name": "Renamed"})
    assert_clockify_error(response, 405, 3000)
    assert response.headers["allow"] == "GET"


def test_workspace_rates_show_in_memberships(api):
    owner = api.tenant()
    member = api.member(owner)
    ws = owner.ok("PUT", S + "/hourly-rate", {"amount": 2500, "currency": "EUR"}, status=200)
    assert ws["hourlyRate"] == {"amount": 2500, "currency": "EUR"}
    ws = owner.ok("PUT", S + "/cost-rate", {"amount": 1200}, status=200)
    assert ws["costRate"] == {"amount": 1200, "currency": "EUR"}
    ws = owner.ok("PUT", S + f"/users/{member.user_id}/hourly-rate", {"amount": 3000}, status=200)
    ws = owner.ok("PUT", S + f"/users/{member.user_id}/cost-rate", {"amount": 1500}, status=200)
    rates = {m["userId"]: (m["hourlyRate"], m["costRate"]) for m in ws["memberships"]}
    assert rates[member.user_id] == ({"amount": 3000, "currency": "EUR"}, {"amount": 1500, "currency": "EUR"})
    assert rates[owner.user_id] == (None, None)
    assert_clockify_error(member.put(S + "/hourly-rate", {"amount": 1}), 403, 501)


def test_add_user_and_status(api):
    owner = api.tenant()
    ws = owner.ok("POST", S + "/users", {"email": "New.Person@Example.com"}, status=200)
    added = [m for m in ws["memberships"] if m["userId"] != owner.user_id]
    assert len(added) == 1 and added[0]["membershipStatus"] == "ACTIVE"
    again = owner.ok("POST", S + "/users", {"email": "new.person@example.com"}, status=200)
    assert len(again["memberships"]) == 2, "adding the same person twice changes nothing"
    users = owner.ok("GET", S + "/users?email=new.person")
    assert [u["email"] for u in users] == ["new.person@example.com"]
    member = api.member(owner)
    ws = owner.ok("PUT", S + f"/users/{member.user_id}", {"status": "INACTIVE"}, status=200)
    assert {m["userId"]: m["membershipStatus"] for m in ws["memberships"]}[member.user_id] == "INACTIVE"
    assert_clockify_error(member.get(S + "/projects"), 403, 501, "Access Denied")
    assert member.ok("GET", "/v1/workspaces") == []
    assert [u["id"] for u in owner.ok("GET", S + "/users?status=INACTIVE")] == [member.user_id]
    owner.ok("PUT", S + f"/users/{member.user_id}", {"status": "ACTIVE"}, status=200)
    assert member.ok("GET", S + "/projects") == []
    removed = owner.ok("DELETE", S + f"/users/{member.user_id}", status=200)
    assert {m["userId"]: m["membershipStatus"] for m in removed["memberships"]}[member.user_id] == "INACTIVE"
    assert_clockify_error(member.post(S + "/users", {"email": "x@example.com"}), 403, 501)


def test_list_users_filters_sorting_and_rights(api):
    owner = api.tenant()
    zed = api.member(owner, name="Zed")
    amy = api.member(owner, "WORKSPACE_ADMIN", name="amy")
    owner.ok("PUT", S + f"/users/{zed.user_id}/hourly-rate", {"amount": 9000}, status=200)
    ids = lambda q="": [u["id"] for u in owner.ok("GET", S + "/users" + q)]  # noqa: E731
    assert set(ids()) == {owner.user_id, zed.user_id, amy.user_id}
    assert ids("?name=ZE") == [zed.user_id]
    assert ids("?sort-column=NAME_LOWERCASE") == [amy.user_id, owner.user_id, zed.user_id]
    assert ids("?sort-column=HOURLYRATE&sort-order=DESCENDING")[0] == zed.user_id
    assert ids("?sort-column=ACCESS&sort-order=DESCENDING") == [owner.user_id, amy.user_id, zed.user_id]
    with_roles = owner.ok("GET", S + "/users?include-roles=true&name=amy&memberships=WORKSPACE")
    assert with_roles[0]["roles"] == [{"role": "WORKSPACE_ADMIN", "entities": [{"id": owner.ws, "name": "Acme"}]}]
    assert [m["membershipType"] for m in with_roles[0]["memberships"]] == ["WORKSPACE"]
    info = owner.ok("POST", S + "/users/info", {"roles": ["WORKSPACE_ADMIN"], "includeRoles": True}, status=200)
    assert [u["id"] for u in info] == [amy.user_id]
    page = owner.get(S + "/users?page=1&page-size=2")
    assert len(page.json()) == 2 and page.headers["Last-Page"] == "false"
    assert amy.ok("GET", S + f"/users/{zed.user_id}")["name"] == "Zed"
    assert_clockify_error(zed.get(S + "/users"), 403, 501, "Access Denied")
    assert zed.ok("GET", S + "/users/{me}")["id"] == zed.user_id


def test_roles_grant_and_revoke(api):
    owner = api.tenant()
    member = api.member(owner)
    granted = owner.ok("POST", S + f"/users/{member.user_id}/roles", {"role": "WORKSPACE_ADMIN", "entityId": owner.ws})
    assert granted == [{"userId": member.user_id, "workspaceId": owner.ws, "role": {"id": owner.ws, "name": "WORKSPACE_ADMIN", "source": None}}]
    assert len(member.ok("GET", S + "/users")) == 2, "the new admin may list users"
    response = owner.request("DELETE", S + f"/users/{member.user_id}/roles", json={"role": "WORKSPACE_ADMIN", "entityId": owner.ws})
    assert response.status_code == 204
    assert_clockify_error(member.get(S + "/users"), 403, 501)
    response = owner.request("DELETE", S + f"/users/{member.user_id}/roles", json={"role": "WORKSPACE_ADMIN", "entityId": owner.ws})
    assert_clockify_error(response, 400, 501)
    assert_clockify_error(member.post(S + f"/users/{member.user_id}/roles", {"role": "WORKSPACE_ADMIN"}), 403, 501)


def test_member_profile(api):
    owner = api.tenant()
    member = api.member(owner, name="Mia")
    profile = member.ok("GET", S + "/member-profile/{me}")
    assert profile["name"] == "Mia" and profile["weekStart"] == "MONDAY" and profile["workCapacity"] == "PT8H"
    assert profile["workingDays"] == ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] and profile["workspaceNumber"] == 1
    assert profile["hasPassword"] is False and profile["timeZone"] == "UTC"
    changed = member.ok("PATCH", S + "/member-profile/{me}", {
        "weekStart": "SUNDAY", "workCapacity": "PT7H30M", "workingDays": ["MONDAY", "TUESDAY"],
        "name": "Mia R.", "timeZone": "Europe/Berlin",
    }, status=200)
    assert (changed["weekStart"], changed["workCapacity"], changed["workingDays"], changed["name"], changed["timeZone"]) == (
        "SUNDAY", "PT7H30M", ["MONDAY", "TUESDAY"], "Mia R.", "Europe/Berlin")
    assert member.ok("GET", "/v1/user")["settings"]["timeZone"] == "Europe/Berlin"
    assert owner.ok("GET", S + f"/member-profile/{member.user_id}")["name"] == "Mia R."
    other = api.member(owner)
    assert_clockify_error(other.get(S + f"/member-profile/{member.user_id}"), 403, 501)
    assert_clockify_error(other.patch(S + f"/member-profile/{member.user_id}", {"name": "Hacked"}), 403, 501)


def test_profile_image_upload(api):
    owner = api.tenant()
    uploaded = owner.ok("POST", "/v1/file/image", files={"file": ("me.png", PNG, "image/png")}, status=200)
    assert uploaded["name"] == "me.png" and "/v1/files/" in uploaded["url"]
    path = "/" + uploaded["url"].split("/", 3)[3]
    image = api.client.get(path)
    assert image.status_code == 200 and image.content == PNG and image.headers["content-type"] == "image/png"
    owner.ok("PATCH", S + "/member-profile/{me}", {"imageUrl": uploaded["url"]}, status=200)
    assert owner.ok("GET", "/v1/user")["profilePicture"] == uploaded["url"]
    assert api.client.get("/v1/files/not-a-token").status_code == 404
