"""Projects: create, filters, updates, estimates, memberships, templates, delete."""

from __future__ import annotations

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def test_create_with_everything(api):
    owner = api.tenant()
    member = api.member(owner)
    client = owner.ok("POST", S + "/clients", {"name": "ACME"})
    created = owner.ok("POST", S + "/projects", {
        "name": "Website", "clientId": client["id"], "color": "#795548", "note": "Relaunch", "billable": True,
        "isPublic": False, "hourlyRate": {"amount": 10000}, "costRate": {"amount": 4000},
        "estimate": {"estimate": "PT40H", "type": "MANUAL"},
        "memberships": [{"userId": member.user_id, "hourlyRate": {"amount": 12000}}],
        "tasks": [{"name": "Design", "estimate": "PT8H"}, {"name": "Build"}],
    })
    assert created["clientId"] == client["id"] and created["clientName"] == "ACME"
    assert created["color"] == "#795548" and created["note"] == "Relaunch" and created["billable"] is True
    assert created["public"] is False and created["isPublic"] is False and created["template"] is False
    assert created["hourlyRate"] == {"amount": 10000, "currency": "USD"} and created["costRate"] == {"amount": 4000, "currency": "USD"}
    assert created["estimate"] == {"estimate": "PT40H", "type": "MANUAL"} and created["timeEstimate"]["estimate"] == "PT40H"
    assert created["duration"] == "PT0S" and created["archived"] is False
    members = {m["userId"]: m for m in created["memberships"]}
    assert set(members) == {owner.user_id, member.user_id}
    assert members[member.user_id]["hourlyRate"] == {"amount": 12000, "currency": "USD"}
    assert members[member.user_id]["membershipType"] == "PROJECT" and members[member.user_id]["targetId"] == created["id"]
    hydrated = owner.ok("GET", S + f"/projects/{created['id']}?hydrated=true")
    assert sorted((t["name"], t["estimate"]) for t in hydrated["tasks"]) == [("Build", "PT0S"), ("Design", "PT8H")]
    assert "tasks" not in owner.ok("GET", S + f"/projects/{created['id']}")


def test_defaults_and_duration(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Plain"})
    assert project["billable"] is True and project["public"] is True and project["clientId"] == "" and project["clientName"] == ""
    assert project["color"].startswith("#") and len(project["color"]) == 7
    assert project["hourlyRate"] == {"amount": 0, "currency": "USD"} and project["costRate"] is None
    for day in (2, 3):
        owner.ok("POST", S + "/time-entries", {"start": f"2026-03-0{day}T09:00:00Z", "end": f"2026-03-0{day}T10:30:00Z", "projectId": project["id"]})
    assert owner.ok("GET", S + f"/projects/{project['id']}")["duration"] == "PT3H"


def test_list_filters_and_sorting(api):
    owner = api.tenant()
    acme = owner.ok("POST", S + "/clients", {"name": "ACME"})
    globex = owner.ok("POST", S + "/clients", {"name": "Globex"})
    a = owner.ok("POST", S + "/projects", {"name": "Alpha site", "clientId": acme["id"], "billable": True})
    b = owner.ok("POST", S + "/projects", {"name": "Beta app", "clientId": globex["id"], "billable": False, "isPublic": False})
    c = owner.ok("POST", S + "/projects", {"name": "Gamma", "billable": True})
    owner.ok("PUT", S + f"/projects/{c['id']}", {"archived": True})
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T12:00:00Z", "projectId": b["id"]})
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T13:00:00Z", "end": "2026-03-02T14:00:00Z", "projectId": a["id"]})

    def names(query=""):
        response = owner.get(S + "/projects" + query)
        assert response.status_code == 200, response.text
        return [p["name"] for p in response.json()]

    assert names() == ["Alpha site", "Beta app", "Gamma"]
    assert names("?archived=false") == ["Alpha site", "Beta app"]
    assert names("?archived=true") == ["Gamma"]
    assert names("?billable=false") == ["Beta app"]
    assert names("?name=A") == ["Alpha site", "Beta app", "Gamma"]
    assert names("?name=alpha%20site&strict-name-search=true") == []
    assert names("?name=Alpha%20site&strict-name-search=true") == ["Alpha site"]
    assert names(f"?clients={acme['id']},{globex['id']}") == ["Alpha site", "Beta app"]
    assert names(f"?clients={acme['id']}&contains-client=false") == ["Beta app", "Gamma"]
    assert names("?access=PRIVATE") == ["Beta app"]
    assert names(f"?users={owner.user_id}") == ["Alpha site", "Beta app", "Gamma"]
    assert names("?sort-column=DURATION&sort-order=DESCENDING") == ["Beta app", "Alpha site", "Gamma"]
    assert names("?sort-column=CLIENT_NAME") == ["Gamma", "Alpha site", "Beta app"]
    assert names("?sort-order=DESCENDING") == ["Gamma", "Beta app", "Alpha site"]
    assert names("?is-template=false") == ["Alpha site", "Beta app", "Gamma"]
    owner.ok("PUT", S + f"/clients/{globex['id']}", {"name": "Globex", "archived": True})
    assert names("?client-status=ARCHIVED") == ["Beta app"]
    assert_clockify_error(owner.get(S + "/projects?sort-column=COLOR"), 400, 3000, "sort-column")
    page = owner.get(S + "/projects?page=2&page-size=2")
    assert [p["name"] for p in page.json()] == ["Gamma"] and page.headers["Last-Page"] == "true"


def test_members_see_public_and_their_own_projects(api):
    owner = api.tenant()
    member = api.member(owner)
    public = owner.ok("POST", S + "/projects", {"name": "Public"})
    private = owner.ok("POST", S + "/projects", {"name": "Private", "isPublic": False})
    mine = owner.ok("POST", S + "/projects", {"name": "Mine", "isPublic": False, "memberships": [{"userId": member.user_id}]})
    group = owner.ok("POST", S + "/user-groups", {"name": "Team"})
    owner.ok("POST", S + f"/user-groups/{group['id']}/users", {"userId": member.user_id}, status=200)
    via_group = owner.ok("POST", S + "/projects", {"name": "Via group", "isPublic": False})
    owner.ok("PATCH", S + f"/projects/{via_group['id']}/memberships",
             {"memberships": [{"userId": owner.user_id}], "userGroups": {"ids": [group["id"]]}}, status=200)
    assert sorted(p["name"] for p in member.ok("GET", S + "/projects")) == ["Mine", "Public", "Via group"]
    assert_clockify_error(member.get(S + f"/projects/{private['id']}"), 400, 501, "Project doesn't belong")
    assert_clockify_error(member.post(S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "projectId": private["id"]}), 400, 501)
    assert member.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": mine["id"]})
    assert member.ok("GET", S + f"/projects/{public['id']}")["name"] == "Public"


def test_members_cannot_create_or_change_projects_by_default(api):
    owner = api.tenant()
    member = api.member(owner)
    project = owner.ok("POST", S + "/projects", {"name": "Owned"})
    assert_clockify_error(member.post(S + "/projects", {"name": "Mine now"}), 403, 501, "Access Denied")
    assert_clockify_error(member.put(S + f"/projects/{project['id']}", {"name": "Renamed"}), 403, 501)
    assert owner.ok("GET", S + f"/projects/{project['id']}")["name"] == "Owned"


def test_put_changes_named_fields_and_keeps_rates(api):
    owner = api.tenant()
    client = owner.ok("POST", S + "/clients", {"name": "ACME"})
    project = owner.ok("POST", S + "/projects", {"name": "Site", "hourlyRate": {"amount": 5000}, "note": "n", "clientId": client["id"]})
    updated = owner.ok("PUT", S + f"/projects/{project['id']}", {"name": "Site 2", "color": "#00ff00", "billable": False}, status=200)
    assert updated["name"] == "Site 2" and updated["color"] == "#00FF00" and updated["billable"] is False
    assert updated["hourlyRate"]["amount"] == 5000 and updated["note"] == "n" and updated["clientId"] == client["id"]
    cleared = owner.ok("PUT", S + f"/projects/{project['id']}", {"clientId": None, "costRate": {"amount": 100}}, status=200)
    assert cleared["clientId"] == "" and cleared["costRate"]["amount"] == 100 and cleared["hourlyRate"]["amount"] == 5000


def test_archive_then_delete_keeps_time_entries(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Doomed"})
    task = owner.ok("POST", S + f"/projects/{project['id']}/tasks", {"name": "Work"})
    tracked = owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z",
                                                     "projectId": project["id"], "taskId": task["id"]})
    assert_clockify_error(owner.delete(S + f"/projects/{project['id']}"), 400, 501, "Cannot delete an active project")
    owner.ok("PUT", S + f"/projects/{project['id']}", {"archived": True}, status=200)
    deleted = owner.ok("DELETE", S + f"/projects/{project['id']}", status=200)
    assert deleted["id"] == project["id"] and deleted["archived"] is True
    kept = owner.ok("GET", S + f"/time-entries/{tracked['id']}")
    assert kept["projectId"] is None and kept["taskId"] is None and kept["timeInterval"]["duration"] == "PT1H"
    assert_clockify_error(owner.get(S + f"/projects/{project['id']}"), 400, 501, "Project doesn't belong")
    assert_clockify_error(owner.delete(S + f"/projects/{project['id']}"), 400, 501)


def test_estimates(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Estimated"})
    updated = owner.ok("PATCH", S + f"/projects/{project['id']}/estimate", {
        "timeEstimate": {"estimate": "PT100H", "type": "MANUAL", "resetOption": "MONTHLY", "active": True},
        "budgetEstimate": {"estimate": 500000, "type": "MANUAL", "active": True},
        "estimateReset": {"interval": "MONTHLY", "dayOfMonth": 1, "hour": 0, "isActive": True},
    }, status=200)
    assert updated["timeEstimate"] == {"estimate": "PT100H", "type": "MANUAL", "resetOption": "MONTHLY", "active": True, "includeNonBillable": True}
    assert updated["budgetEstimate"]["estimate"] == 500000 and updated["budgetEstimate"]["active"] is True
    assert updated["estimateReset"]["dayOfMonth"] == 1 and updated["estimateReset"]["active"] is True
    assert updated["estimate"] == {"estimate": "PT100H", "type": "MANUAL"}
    again = owner.ok("PATCH", S + f"/projects/{project['id']}/estimate", {"timeEstimate": {"active": False}}, status=200)
    assert again["timeEstimate"]["estimate"] == "PT100H" and again["timeEstimate"]["active"] is False
    assert again["budgetEstimate"]["estimate"] == 500000



def test_weekly_estimates_count_from_the_workspace_week_start(api):
    """A weekly estimate resets on the caller's week start, which is the workspace's unless the
    caller chose their own (services.access.Access.week_start)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from timeledger.core.periods import week_start_of
    from timeledger.services import projects as project_service
    from timeledger.services.access import authenticate_in_workspace

    owner = api.tenant()
    owner.ok("PATCH", S + "/settings", {"weekStart": "SUNDAY"}, status=200)
    project = owner.ok("POST", S + "/projects", {"name": "Weekly"})
    owner.ok("PATCH", S + f"/projects/{project['id']}/estimate", {
        "timeEstimate": {"estimate": "PT10H", "type": "MANUAL", "resetOption": "WEEKLY", "active": True},
    }, status=200)

    async def progress():
        _, access = await authenticate_in_workspace(api.db, owner.key, owner.ws)
        item = await project_service.get_project(api.db, access, project["id"])
        today = datetime.now(ZoneInfo(access.principal.time_zone)).date()
        return (await project_service.estimate_progress(api.db, access, [item]))[0][project["id"]], today

    found, today = api.run(progress)
    assert found.kind == "TIME" and found.since == week_start_of(today, "SUNDAY")

def test_memberships_replace_add_remove(api):
    owner = api.tenant()
    alice, bob = api.member(owner), api.member(owner)
    project = owner.ok("POST", S + "/projects", {"name": "Team"})
    replaced = owner.ok("PATCH", S + f"/projects/{project['id']}/memberships", {"memberships": [
        {"userId": alice.user_id, "hourlyRate": {"amount": 7000}, "costRate": {"amount": 3000}},
    ]}, status=200)
    assert [(m["userId"], m["hourlyRate"]["amount"], m["costRate"]["amount"]) for m in replaced["memberships"]] == [(alice.user_id, 7000, 3000)]
    added = owner.ok("POST", S + f"/projects/{project['id']}/memberships", {"userIds": [bob.user_id]}, status=200)
    assert sorted(m["userId"] for m in added["memberships"]) == sorted([alice.user_id, bob.user_id])
    removed = owner.ok("POST", S + f"/projects/{project['id']}/memberships", {"userIds": [alice.user_id], "remove": True}, status=200)
    assert [m["userId"] for m in removed["memberships"]] == [bob.user_id]
    rated = owner.ok("PUT", S + f"/projects/{project['id']}/users/{bob.user_id}/hourly-rate", {"amount": 9900}, status=200)
    assert [m["hourlyRate"] for m in rated["memberships"]] == [{"amount": 9900, "currency": "USD"}]
    in_list = owner.ok("GET", S + f"/users?project-id={project['id']}")
    assert [u["id"] for u in in_list] == [bob.user_id]


def test_templates(api):
    owner = api.tenant()
    template = owner.ok("POST", S + "/projects", {"name": "Template", "hourlyRate": {"amount": 4200}, "billable": False,
                                                   "tasks": [{"name": "Kickoff"}, {"name": "Review", "estimate": "PT2H"}]})
    flagged = owner.ok("PATCH", S + f"/projects/{template['id']}/template", {"isTemplate": True}, status=200)
    assert flagged["template"] is True and flagged["isTemplate"] is True
    assert [p["name"] for p in owner.ok("GET", S + "/projects?is-template=true")] == ["Template"]
    copy = owner.ok("POST", S + "/projects/from-template", {"templateProjectId": template["id"], "name": "Client X site"}, status=200)
    assert copy["id"] != template["id"] and copy["template"] is False and copy["billable"] is False
    assert copy["hourlyRate"]["amount"] == 4200
    tasks = owner.ok("GET", S + f"/projects/{copy['id']}/tasks?sort-column=NAME")
    assert [(t["name"], t["estimate"]) for t in tasks] == [("Kickoff", "PT0S"), ("Review", "PT2H")]


def test_project_names_are_unique_per_client(api):
    owner = api.tenant()
    acme = owner.ok("POST", S + "/clients", {"name": "ACME"})
    owner.ok("POST", S + "/projects", {"name": "Support"})
    owner.ok("POST", S + "/projects", {"name": "Support", "clientId": acme["id"]})
    assert_clockify_error(owner.post(S + "/projects", {"name": "support"}), 400, 501, "already exists")
    assert_clockify_error(owner.post(S + "/projects", {"name": "SUPPORT", "clientId": acme["id"]}), 400, 501, "already exists")
