"""Clients, tags and user groups."""

from __future__ import annotations

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def test_client_lifecycle(api):
    owner = api.tenant()
    created = owner.ok("POST", S + "/clients", {"name": "ACME", "email": "Billing@ACME.com", "address": "1 Road", "note": "VIP"})
    assert created == {
        "id": created["id"], "name": "ACME", "workspaceId": owner.ws, "archived": False, "address": "1 Road",
        "email": "billing@acme.com", "ccEmails": [], "note": "VIP", "currencyId": created["currencyId"], "currencyCode": "USD",
    }
    updated = owner.ok("PUT", S + f"/clients/{created['id']}", {"name": "ACME Corp", "ccEmails": ["a@acme.com"], "note": "VIP"}, status=200)
    assert updated["name"] == "ACME Corp" and updated["ccEmails"] == ["a@acme.com"] and updated["address"] is None
    dropped = owner.ok("PUT", S + f"/clients/{created['id']}", {"name": "ACME Corp"}, status=200)
    assert dropped["ccEmails"] == [] and dropped["note"] is None, "PUT replaces: omitted fields are cleared"
    assert owner.ok("GET", S + f"/clients/{created['id']}") == dropped


def test_client_archive_cascades_on_request_and_delete_unlinks_projects(api):
    owner = api.tenant()
    client = owner.ok("POST", S + "/clients", {"name": "Globex"})
    project = owner.ok("POST", S + "/projects", {"name": "Globex site", "clientId": client["id"]})
    task = owner.ok("POST", S + f"/projects/{project['id']}/tasks", {"name": "Work"})
    owner.ok("PUT", S + f"/clients/{client['id']}?archive-projects=true&mark-tasks-as-done=true", {"name": "Globex", "archived": True}, status=200)
    assert owner.ok("GET", S + f"/projects/{project['id']}")["archived"] is True
    assert owner.ok("GET", S + f"/projects/{project['id']}/tasks/{task['id']}")["status"] == "DONE"
    deleted = owner.ok("DELETE", S + f"/clients/{client['id']}", status=200)
    assert deleted["id"] == client["id"]
    assert owner.ok("GET", S + f"/projects/{project['id']}")["clientId"] == ""


def test_client_list(api):
    owner = api.tenant()
    for name in ("Beta", "alpha", "Gamma"):
        owner.ok("POST", S + "/clients", {"name": name})
    gamma = owner.ok("GET", S + "/clients?name=gam")[0]
    owner.ok("PUT", S + f"/clients/{gamma['id']}", {"name": "Gamma", "archived": True}, status=200)
    names = lambda q="": [c["name"] for c in owner.ok("GET", S + "/clients" + q)]  # noqa: E731
    assert names() == ["alpha", "Beta", "Gamma"]
    assert names("?archived=false") == ["alpha", "Beta"]
    assert names("?archived=true") == ["Gamma"]
    assert names("?sort-order=DESCENDING") == ["Gamma", "Beta", "alpha"]
    member = api.member(owner)
    assert len(member.ok("GET", S + "/clients")) == 3
    assert_clockify_error(member.post(S + "/clients", {"name": "Nope"}), 403, 501)


def test_tag_lifecycle(api):
    owner = api.tenant()
    tag = owner.ok("POST", S + "/tags", {"name": "urgent"})
    assert tag == {"id": tag["id"], "name": "urgent", "workspaceId": owner.ws, "archived": False}
    assert owner.ok("GET", S + f"/tags/{tag['id']}") == tag
    archived = owner.ok("PUT", S + f"/tags/{tag['id']}", {"name": "urgent", "archived": True}, status=200)
    assert archived["archived"] is True
    renamed = owner.ok("PUT", S + f"/tags/{tag['id']}", {"name": "very urgent"}, status=200)
    assert renamed["archived"] is False, "PUT without archived un-archives, as on Clockify"
    tagged = owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "tagIds": [tag["id"]]})
    deleted = owner.ok("DELETE", S + f"/tags/{tag['id']}", status=200)
    assert deleted["name"] == "very urgent"
    assert owner.ok("GET", S + f"/time-entries/{tagged['id']}")["tagIds"] == []


def test_tag_list_and_member_rights(api):
    owner = api.tenant()
    member = api.member(owner)
    ids = {n: owner.ok("POST", S + "/tags", {"name": n})["id"] for n in ("alpha", "beta", "gamma")}
    owner.ok("PUT", S + f"/tags/{ids['gamma']}", {"name": "gamma", "archived": True}, status=200)
    names = lambda q="": [t["name"] for t in owner.ok("GET", S + "/tags" + q)]  # noqa: E731
    assert names() == ["alpha", "beta", "gamma"], "archived omitted: archived and active"
    assert names("?archived=false") == ["alpha", "beta"]
    assert names(f"?excluded-ids={ids['alpha']}") == ["beta", "gamma"]
    assert names("?name=ALPHA&strict-name-search=true") == []
    assert names("?name=alpha&strict-name-search=1") == ["alpha"]
    assert member.ok("POST", S + "/tags", {"name": "member made"})["name"] == "member made"
    assert_clockify_error(member.put(S + f"/tags/{ids['alpha']}", {"name": "mine"}), 403, 501)
    assert_clockify_error(member.delete(S + f"/tags/{ids['alpha']}"), 403, 501)


def test_user_groups(api):
    owner = api.tenant()
    alice, bob = api.member(owner, name="Alice"), api.member(owner, name="Bob")
    group = owner.ok("POST", S + "/user-groups", {"name": "Design"})
    assert group == {"id": group["id"], "name": "Design", "workspaceId": owner.ws, "userIds": [], "teamManagers": []}
    owner.ok("POST", S + f"/user-groups/{group['id']}/users", {"userId": alice.user_id}, status=200)
    again = owner.ok("POST", S + f"/user-groups/{group['id']}/users", {"userId": alice.user_id}, status=200)
    assert again["userIds"] == [alice.user_id], "adding twice is idempotent"
    owner.ok("POST", S + f"/user-groups/{group['id']}/users", {"userId": bob.user_id}, status=200)
    owner.ok("POST", S + f"/users/{bob.user_id}/roles", {"role": "TEAM_MANAGER", "entityId": group["id"], "sourceType": "USER_GROUP"})
    listed = owner.ok("GET", S + "/user-groups?includeTeamManagers=true")
    assert listed[0]["teamManagers"] == [{"id": bob.user_id, "name": "Bob"}]
    assert sorted(listed[0]["userIds"]) == sorted([alice.user_id, bob.user_id])
    # Bob now manages the group: he sees Alice's time, and she lists him as her manager.
    alice.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    assert len(bob.ok("GET", S + f"/user/{alice.user_id}/time-entries")) == 1
    assert [u["id"] for u in owner.ok("GET", S + f"/users/{alice.user_id}/managers")] == [bob.user_id]
    removed = owner.ok("DELETE", S + f"/user-groups/{group['id']}/users/{alice.user_id}", status=200)
    assert removed["userIds"] == [bob.user_id]
    assert_clockify_error(bob.get(S + f"/user/{alice.user_id}/time-entries"), 403, 501)
    renamed = owner.ok("PUT", S + f"/user-groups/{group['id']}", {"name": "Design team"}, status=200)
    assert renamed["name"] == "Design team"
    assert owner.ok("GET", S + f"/user-groups/{group['id']}")["name"] == "Design team"
    assert_clockify_error(alice.post(S + "/user-groups", {"name": "Mine"}), 403, 501)
    deleted = owner.ok("DELETE", S + f"/user-groups/{group['id']}", status=200)
    assert deleted["id"] == group["id"]
    assert owner.ok("GET", S + "/user-groups") == []


def test_user_group_filters(api):
    owner = api.tenant()
    for name in ("Ops", "Dev", "Design"):
        owner.ok("POST", S + "/user-groups", {"name": name})
    assert [g["name"] for g in owner.ok("GET", S + "/user-groups")] == ["Design", "Dev", "Ops"]
    assert [g["name"] for g in owner.ok("GET", S + "/user-groups?name=de&sort-order=DESCENDING")] == ["Dev", "Design"]
    project = owner.ok("POST", S + "/projects", {"name": "Infra"})
    ops = owner.ok("GET", S + "/user-groups?name=ops")[0]
    owner.ok("POST", S + f"/projects/{project['id']}/memberships", {"userGroups": {"ids": [ops["id"]]}}, status=200)
    assert [g["name"] for g in owner.ok("GET", S + f"/user-groups?project-id={project['id']}")] == ["Ops"]
