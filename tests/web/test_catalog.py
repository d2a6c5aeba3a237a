"""The projects, clients and tags pages over HTTP, on SQLite and PostgreSQL: forms refused without
the session's CSRF token, another workspace's ids answered with 404 and nothing shown, bad input
shown as an error with nothing written, controls shown only to the roles that may use them, and
the estimate progress the list shows."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.support import Api, Caller, snapshot, unique_email
from tests.web.support import PASSWORD, Visitor, owner_with_password


@pytest.fixture
def owner(api: Api) -> Caller:
    return owner_with_password(api)


@pytest.fixture
def visitor(api: Api, owner: Caller) -> Visitor:
    v = Visitor(api)
    assert v.sign_in(owner.email).status_code == 303
    return v


def member_with_password(api: Api, owner: Caller, role: str = "MEMBER", name: str = "Mia Member") -> Caller:
    from timeledger.services.users import create_member

    email = unique_email(role.lower())
    user_id, key = api.run(create_member, api.db, owner.ws, email, name, role, PASSWORD)
    return Caller(api.client, key, user_id, owner.ws, email)


def text(response) -> str:
    return unescape(response.text)


def test_the_pages_need_a_session(api: Api):
    for path in ("/projects", "/clients", "/tags", "/projects/0123456789abcdef01234567"):
        response = Visitor(api).get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_forms_without_the_session_token_are_refused_and_change_nothing(api: Api, owner: Caller, visitor: Visitor):
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Apollo"})
    client = owner.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Acme"})
    tag = owner.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "urgent"})
    before = snapshot(api, owner.ws)
    posts = [
        ("/projects", {"name": "Forged"}),
        (f"/projects/{project['id']}/archive", {}),
        (f"/projects/{project['id']}/settings", {"name": "Renamed"}),
        (f"/projects/{project['id']}/tasks", {"name": "Forged task"}),
        ("/clients", {"name": "Forged client"}),
        (f"/clients/{client['id']}/archive", {}),
        ("/tags", {"name": "forged"}),
        (f"/tags/{tag['id']}/delete", {}),
    ]
    for path, data in posts:
        for token in (None, "wrong"):
            form = dict(data, **({"csrf": token} if token else {}))
            response = visitor.post(path, data=form)
            assert response.status_code == 400, (path, response.status_code)
            assert "The form had expired" in text(response)
    assert snapshot(api, owner.ws) == before


def test_another_workspaces_project_is_not_found_and_shows_nothing(api: Api, owner: Caller, visitor: Visitor):
    stranger = api.tenant("Elsewhere")
    secret = stranger.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Secret Plan", "note": "classified"})
    stranger.ok("POST", f"/v1/workspaces/{{ws}}/projects/{secret['id']}/tasks", {"name": "Hidden task"})
    theirs_client = stranger.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Their Client"})
    theirs_tag = stranger.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "their-tag"})
    page = visitor.get(f"/projects/{secret['id']}")
    assert page.status_code == 404
    assert "Secret Plan" not in page.text and "classified" not in page.text and "Hidden task" not in page.text
    assert "Not found" in page.text
    assert visitor.get("/projects/not-an-id").status_code == 404
    their_before = snapshot(api, stranger.ws)
    csrf = visitor.csrf()
    for path, data in (
        (f"/projects/{secret['id']}/archive", {}),
        (f"/projects/{secret['id']}/settings", {"name": "Mine now"}),
        (f"/projects/{secret['id']}/tasks", {"name": "Injected"}),
        (f"/projects/{secret['id']}/delete", {}),
        (f"/clients/{theirs_client['id']}", {"name": "Mine"}),
        (f"/clients/{theirs_client['id']}/archive", {}),
        (f"/tags/{theirs_tag['id']}", {"name": "mine"}),
        (f"/tags/{theirs_tag['id']}/delete", {}),
    ):
        response = visitor.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 404, (path, response.status_code, response.text[:300])
        assert "Secret Plan" not in response.text and "Their Client" not in response.text
    assert snapshot(api, stranger.ws) == their_before
    for path in ("/projects?status=all", "/clients?status=all", "/tags?status=all"):
        listed = visitor.get(path).text
        assert "Secret Plan" not in listed and "Their Client" not in listed and "their-tag" not in listed


def test_create_a_project_with_client_rate_and_estimate_then_see_its_progress(api: Api, owner: Caller,
                                                                              visitor: Visitor):
    client = owner.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Acme Corp"})
    response = visitor.post("/projects", data={
        "csrf": visitor.csrf(), "form": "new-project", "name": "Rocket", "client": client["id"], "color": "#3366cc",
        "billable": "on", "hourly_rate": "80.50", "estimate_kind": "time", "estimate": "10",
    })
    assert response.status_code == 303 and response.headers["location"].startswith("/projects?message=")
    [project] = owner.ok("GET", "/v1/workspaces/{ws}/projects?name=Rocket")
    assert project["clientId"] == client["id"] and project["color"] == "#3366CC" and project["billable"]
    assert project["hourlyRate"]["amount"] == 8050 and project["public"] is False
    assert project["timeEstimate"]["estimate"] == "PT10H" and project["timeEstimate"]["active"]
    assert project["timeEstimate"]["type"] == "MANUAL"
    # 12 hours tracked of 10 estimated: 120 %, over the estimate.
    for day in ("2026-03-02", "2026-03-03"):
        owner.ok("POST", "/v1/workspaces/{ws}/time-entries", {
            "start": f"{day}T08:00:00Z", "end": f"{day}T14:00:00Z", "projectId": project["id"]})
    page = text(visitor.get(response.headers["location"]))
    assert "Created project “Rocket”." in page
    row = re.search(r'<tr data-search="Rocket Acme Corp".*?</tr>', page, re.S).group(0)
    assert "12:00 h" in row and 'aria-valuenow="100"' in row and "120%" in row and "over estimate" in row
    assert "Billable" in row and ">1<" in row  # one member: the creator


def test_budget_estimate_counts_the_billable_amount(api: Api, owner: Caller, visitor: Visitor):
    response = visitor.post("/projects", data={
        "csrf": visitor.csrf(), "name": "Budgeted", "billable": "on", "hourly_rate": "100",
        "estimate_kind": "budget", "estimate": "1000",
    })
    assert response.status_code == 303
    [project] = owner.ok("GET", "/v1/workspaces/{ws}/projects?name=Budgeted")
    assert project["budgetEstimate"]["estimate"] == 100000 and project["budgetEstimate"]["active"]
    owner.ok("POST", "/v1/workspaces/{ws}/time-entries", {
        "start": "2026-03-02T08:00:00Z", "end": "2026-03-02T10:30:00Z", "projectId": project["id"], "billable": True})
    row = re.search(r'<tr data-search="Budgeted ".*?</tr>', text(visitor.get("/projects")), re.S).group(0)
    assert "250.00 USD / 1,000.00 USD" in row and "25%" in row and 'aria-valuenow="25"' in row


def test_bad_input_shows_an_error_keeps_what_was_typed_and_writes_nothing(api: Api, owner: Caller, visitor: Visitor):
    before = snapshot(api, owner.ws)
    csrf = visitor.csrf()
    cases = [
        ({"name": "X"}, "between 2 and 250"),
        ({"name": "Good name", "estimate_kind": "time", "estimate": "ten hours"}, "is not a duration"),
        ({"name": "Good name", "hourly_rate": "-5"}, "is not an amount"),
        ({"name": "Good name", "color": "red"}, "hex color"),
        ({"name": "Good name", "client": "0123456789abcdef01234567"}, "Client doesn't belong"),
        ({"name": "Good name", "estimate_kind": "budget", "estimate": ""}, "Budget estimate"),
    ]
    for data, message in cases:
        response = visitor.post("/projects", data={"csrf": csrf, "form": "new-project", **data})
        assert response.status_code in (400, 404), (data, response.status_code)
        assert message in text(response), (data, text(response)[:2000])
        assert 'role="alert"' in response.text
    kept = visitor.post("/projects", data={"csrf": csrf, "form": "new-project", "name": "Kept name",
                                           "estimate_kind": "time", "estimate": "soon"})
    assert 'value="Kept name"' in kept.text and 'value="soon"' in kept.text
    assert visitor.post("/clients", data={"csrf": csrf, "form": "new-client", "name": "  "}).status_code == 400
    assert visitor.post("/tags", data={"csrf": csrf, "name": ""}).status_code == 400
    assert snapshot(api, owner.ws) == before
    owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Taken"})
    duplicate = visitor.post("/projects", data={"csrf": csrf, "name": "taken"})
    assert duplicate.status_code == 409 and "already exists" in text(duplicate)


def test_archive_then_delete_only_when_archived(api: Api, owner: Caller, visitor: Visitor):
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Old thing"})
    csrf = visitor.csrf()
    active = visitor.get("/projects").text
    assert "Old thing" in active and f"/projects/{project['id']}/delete" not in active  # no delete on an active one
    refused = visitor.post(f"/projects/{project['id']}/delete", data={"csrf": csrf})
    assert refused.status_code == 409 and "Cannot delete an active project" in text(refused)
    archived = visitor.post(f"/projects/{project['id']}/archive", data={"csrf": csrf, "back_status": "active"})
    assert archived.status_code == 303 and archived.headers["location"].startswith("/projects?status=active&message=")
    assert "Old thing" not in visitor.get("/projects").text
    listing = visitor.get("/projects?status=archived").text
    assert "Old thing" in listing and f"/projects/{project['id']}/delete" in listing
    deleted = visitor.post(f"/projects/{project['id']}/delete", data={"csrf": csrf})
    assert deleted.status_code == 303
    assert owner.get(f"/v1/workspaces/{{ws}}/projects/{project['id']}").status_code in (400, 404)  # Clockify answers 400


def test_search_and_client_filter_narrow_the_list_on_the_server(api: Api, owner: Caller, visitor: Visitor):
    acme = owner.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Acme"})
    owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Website", "clientId": acme["id"]})
    owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Mobile app"})
    searched = visitor.get("/projects?q=web").text
    assert "Website" in searched and "Mobile app" not in searched
    by_client = visitor.get(f"/projects?client={acme['id']}").text
    assert "Website" in by_client and "Mobile app" not in by_client
    no_client = visitor.get("/projects?client=none").text
    assert "Mobile app" in no_client and ">Website<" not in no_client
    assert 'data-filter="project-search-list"' in searched  # and it filters as you type


def test_project_page_edits_settings_estimate_tasks_and_members(api: Api, owner: Caller, visitor: Visitor):
    colleague = member_with_password(api, owner, name="Grace Hopper")
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Engine", "isPublic": False})
    path = f"/projects/{project['id']}"
    csrf = visitor.csrf()
    page = visitor.get(path)
    assert page.status_code == 200 and "Engine" in page.text and "Grace Hopper" in page.text

    saved = visitor.post(f"{path}/settings", data={"csrf": csrf, "name": "Engine II", "color": "#112233",
                                                   "note": "Analytical", "billable": "on"})
    assert saved.status_code == 303 and saved.headers["location"].startswith(path + "?message=")
    got = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")
    assert (got["name"], got["color"], got["note"], got["billable"], got["public"]) == \
        ("Engine II", "#112233", "Analytical", True, False)

    assert visitor.post(f"{path}/rates", data={"csrf": csrf, "hourly_rate": "95", "cost_rate": "40"}).status_code == 303
    got = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")
    assert got["hourlyRate"]["amount"] == 9500 and got["costRate"]["amount"] == 4000

    assert visitor.post(f"{path}/estimate", data={"csrf": csrf, "estimate_kind": "time", "estimate_type": "MANUAL",
                                                  "time": "40:30", "monthly": "on", "non_billable": "on"}).status_code == 303
    te = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")["timeEstimate"]
    assert te["estimate"] == "PT40H30M" and te["resetOption"] == "MONTHLY" and te["active"] and te["type"] == "MANUAL"

    added = visitor.post(f"{path}/tasks", data={"csrf": csrf, "name": "Design", "estimate": "5",
                                                "assignees": colleague.user_id})
    assert added.status_code == 303
    [task] = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks")
    assert task["name"] == "Design" and task["estimate"] == "PT5H" and task["assigneeIds"] == [colleague.user_id]
    tpath = f"{path}/tasks/{task['id']}"
    assert visitor.post(tpath, data={"csrf": csrf, "name": "Design work", "estimate": "6", "status": "ACTIVE"}).status_code == 303
    task = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks/{task['id']}")
    assert task["name"] == "Design work" and task["estimate"] == "PT6H" and task["assigneeIds"] == []
    refused = visitor.post(f"{tpath}/delete", data={"csrf": csrf})
    assert refused.status_code == 409 and "Cannot delete an active task" in text(refused)
    assert visitor.post(tpath, data={"csrf": csrf, "only": "status", "status": "DONE"}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks/{task['id']}")["status"] == "DONE"
    assert visitor.post(f"{tpath}/delete", data={"csrf": csrf}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks") == []

    assert visitor.post(f"{path}/members", data={"csrf": csrf, "user": colleague.user_id}).status_code == 303
    assert visitor.post(f"{path}/members/{colleague.user_id}/rate", data={"csrf": csrf, "hourly_rate": "55.25"}).status_code == 303
    members = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")["memberships"]
    mine = next(m for m in members if m["userId"] == colleague.user_id)
    assert mine["hourlyRate"]["amount"] == 5525
    assert visitor.post(f"{path}/members/{colleague.user_id}/remove", data={"csrf": csrf}).status_code == 303
    members = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")["memberships"]
    assert colleague.user_id not in [m["userId"] for m in members]

    bad = visitor.post(f"{path}/estimate", data={"csrf": csrf, "form": "estimate", "estimate_kind": "time",
                                                 "time": "lots", "monthly": "on"})
    assert bad.status_code == 400 and "is not a duration" in text(bad) and "Engine II" in bad.text
    assert 'value="lots"' in bad.text  # what was typed is kept
    te = owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}")["timeEstimate"]
    assert te["estimate"] == "PT40H30M"  # and nothing changed
    bad_task = visitor.post(f"{path}/tasks", data={"csrf": csrf, "form": "new-task", "name": "Testing",
                                                   "estimate": "a while"})
    assert bad_task.status_code == 400 and 'value="Testing"' in bad_task.text
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks") == []
    bad_rate = visitor.post(f"{path}/members/{colleague.user_id}/rate", data={"csrf": csrf, "hourly_rate": "abc"})
    assert bad_rate.status_code == 400


def test_a_member_sees_lists_read_only_and_refusals_are_shown(api: Api, owner: Caller):
    member = member_with_password(api, owner)
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Public one", "isPublic": True})
    owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Private one", "isPublic": False})
    client = owner.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Acme"})
    tag = owner.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "urgent"})
    visitor = Visitor(api)
    visitor.sign_in(member.email)
    projects = visitor.get("/projects").text
    assert "Public one" in projects and "Private one" not in projects
    assert "New project" not in projects and "/archive" not in projects
    page = visitor.get(f"/projects/{project['id']}").text
    assert "Public one" in page and "Save settings" not in page and "Add task" not in page and "Remove" not in page
    clients = visitor.get("/clients").text
    assert "Acme" in clients and "Create client" not in clients and "/archive" not in clients
    tags = visitor.get("/tags").text
    assert "urgent" in tags and "Create tag" in tags and "/delete" not in tags  # everyone may create tags
    before = snapshot(api, owner.ws)
    csrf = visitor.csrf()
    for path in (f"/projects/{project['id']}/archive", f"/clients/{client['id']}/archive", f"/tags/{tag['id']}/delete"):
        response = visitor.post(path, data={"csrf": csrf})
        assert response.status_code == 403 and "Access Denied" in response.text
    assert visitor.post("/projects", data={"csrf": csrf, "name": "Mine"}).status_code == 403
    assert snapshot(api, owner.ws) == before


def test_clients_create_rename_archive_delete(api: Api, owner: Caller, visitor: Visitor):
    csrf = visitor.csrf()
    assert visitor.post("/clients", data={"csrf": csrf, "name": "Initech", "note": "TPS"}).status_code == 303
    [client] = owner.ok("GET", "/v1/workspaces/{ws}/clients")
    owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Reports", "clientId": client["id"]})
    listing = text(visitor.get("/clients"))
    assert "Initech" in listing and "1 project" in listing and "TPS" in listing
    owner.ok("PUT", f"/v1/workspaces/{{ws}}/clients/{client['id']}",
             {"name": "Initech", "email": "billing@initech.example", "note": "TPS"})
    assert visitor.post(f"/clients/{client['id']}", data={"csrf": csrf, "name": "Initrode", "note": ""}).status_code == 303
    got = owner.ok("GET", f"/v1/workspaces/{{ws}}/clients/{client['id']}")
    assert got["name"] == "Initrode" and got["email"] == "billing@initech.example" and not got["note"]
    refused = visitor.post(f"/clients/{client['id']}/delete", data={"csrf": csrf})
    assert refused.status_code == 409 and "Cannot delete an active client" in text(refused)
    assert visitor.post(f"/clients/{client['id']}/archive", data={"csrf": csrf}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/clients/{client['id']}")["archived"] is True
    assert "Initrode" not in visitor.get("/clients").text and "Initrode" in visitor.get("/clients?status=archived").text
    assert visitor.post(f"/clients/{client['id']}/delete", data={"csrf": csrf}).status_code == 303
    assert owner.get(f"/v1/workspaces/{{ws}}/clients/{client['id']}").status_code in (400, 404)  # Clockify answers 400
    [project] = owner.ok("GET", "/v1/workspaces/{ws}/projects")
    assert project["clientId"] == ""


def test_tags_create_rename_archive_delete(api: Api, owner: Caller, visitor: Visitor):
    csrf = visitor.csrf()
    assert visitor.post("/tags", data={"csrf": csrf, "name": "review"}).status_code == 303
    [tag] = owner.ok("GET", "/v1/workspaces/{ws}/tags")
    assert visitor.post(f"/tags/{tag['id']}", data={"csrf": csrf, "name": "reviewed"}).status_code == 303
    assert visitor.post(f"/tags/{tag['id']}/archive", data={"csrf": csrf}).status_code == 303
    got = owner.ok("GET", f"/v1/workspaces/{{ws}}/tags/{tag['id']}")
    assert got["name"] == "reviewed" and got["archived"] is True
    assert visitor.post(f"/tags/{tag['id']}", data={"csrf": csrf, "name": "still archived"}).status_code == 303
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/tags/{tag['id']}")["archived"] is True
    owner.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "other"})
    clash = visitor.post(f"/tags/{tag['id']}", data={"csrf": csrf, "name": "Other"})
    assert clash.status_code == 409 and "already exists" in text(clash)
    assert visitor.post(f"/tags/{tag['id']}/delete", data={"csrf": csrf}).status_code == 303
    assert owner.get(f"/v1/workspaces/{{ws}}/tags/{tag['id']}").status_code in (400, 404)  # Clockify answers 400


def test_a_task_based_estimate_resets_monthly(api: Api, owner: Caller, visitor: Visitor):
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")  # the owner's zone
    first = datetime.now(berlin).date().replace(day=1)
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Monthly"})
    for name, estimate in (("Plan", "PT2H"), ("Build", "PT3H")):
        owner.ok("POST", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks", {"name": name, "estimate": estimate})
    path = f"/projects/{project['id']}"
    saved = visitor.post(f"{path}/estimate", data={"csrf": visitor.csrf(), "estimate_kind": "time",
                                                   "estimate_type": "AUTO", "monthly": "on", "non_billable": "on"})
    assert saved.status_code == 303
    for day, hours in ((first - timedelta(days=10), 4), (first, 1)):  # last month's time no longer counts
        start = datetime.combine(day, time(0, 30), berlin).astimezone(ZoneInfo("UTC"))
        owner.ok("POST", "/v1/workspaces/{ws}/time-entries", {
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ"), "projectId": project["id"]})
    page = text(visitor.get(path))
    assert "1:00 / 5:00 h · 20%" in page and f"since {first.isoformat()}" in page
    assert 'aria-label="Project estimate"' in page and 'aria-valuenow="20"' in page


def test_a_project_manager_manages_their_project_only(api: Api, owner: Caller):
    manager = member_with_password(api, owner, name="Pat Manager")
    theirs = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Managed one"})
    other = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Someone else's"})
    owner.ok("POST", f"/v1/workspaces/{{ws}}/users/{manager.user_id}/roles",
             {"role": "PROJECT_MANAGER", "entityId": theirs["id"]})
    visitor = Visitor(api)
    visitor.sign_in(manager.email)
    listing = visitor.get("/projects").text
    assert f"/projects/{theirs['id']}/archive" in listing and f"/projects/{other['id']}/archive" not in listing
    assert "New project" not in listing  # only admins create projects by default
    page = visitor.get(f"/projects/{theirs['id']}").text
    assert "Save settings" in page and "Add task" in page and "Add to project" in page
    assert "Save rates" not in page  # billable rates are for admins only by default
    other_page = visitor.get(f"/projects/{other['id']}").text
    assert "Save settings" not in other_page and "Add task" not in other_page
    csrf = visitor.csrf()
    assert visitor.post(f"/projects/{theirs['id']}/tasks", data={"csrf": csrf, "name": "Mine"}).status_code == 303
    refused = visitor.post(f"/projects/{other['id']}/settings", data={"csrf": csrf, "name": "Taken over"})
    assert refused.status_code == 403 and "Access Denied" in refused.text
    assert owner.ok("GET", f"/v1/workspaces/{{ws}}/projects/{other['id']}")["name"] == "Someone else's"
