"""Tasks of a project."""

from __future__ import annotations

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def test_task_lifecycle(api):
    owner = api.tenant()
    member = api.member(owner)
    group = owner.ok("POST", S + "/user-groups", {"name": "Designers"})
    project = owner.ok("POST", S + "/projects", {"name": "Site", "billable": True})
    p = project["id"]
    task = owner.ok("POST", S + f"/projects/{p}/tasks", {"name": "Design", "assigneeIds": [member.user_id],
                                                          "userGroupIds": [group["id"]], "estimate": "PT12H30M", "budgetEstimate": 90000})
    assert task["projectId"] == p and task["workspaceId"] == owner.ws and task["status"] == "ACTIVE"
    assert task["assigneeIds"] == [member.user_id] and task["assigneeId"] == member.user_id
    assert task["userGroupIds"] == [group["id"]] and task["estimate"] == "PT12H30M" and task["budgetEstimate"] == 90000
    assert task["billable"] is True and task["hourlyRate"] is None and task["duration"] == "PT0S"
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T11:15:00Z", "projectId": p, "taskId": task["id"]})
    assert owner.ok("GET", S + f"/projects/{p}/tasks/{task['id']}")["duration"] == "PT2H15M"
    replaced = owner.ok("PUT", S + f"/projects/{p}/tasks/{task['id']}", {"name": "Design v2"}, status=200)
    assert replaced["assigneeIds"] == [] and replaced["estimate"] == "PT0S" and replaced["status"] == "ACTIVE"
    rated = owner.ok("PUT", S + f"/projects/{p}/tasks/{task['id']}/hourly-rate", {"amount": 8000}, status=200)
    assert rated["hourlyRate"] == {"amount": 8000, "currency": "USD"}
    rated = owner.ok("PUT", S + f"/projects/{p}/tasks/{task['id']}/cost-rate", {"amount": 3000}, status=200)
    assert rated["costRate"]["amount"] == 3000
    assert_clockify_error(owner.delete(S + f"/projects/{p}/tasks/{task['id']}"), 400, 501, "Cannot delete an active task")
    owner.ok("PUT", S + f"/projects/{p}/tasks/{task['id']}", {"name": "Design v2", "status": "DONE"}, status=200)
    deleted = owner.ok("DELETE", S + f"/projects/{p}/tasks/{task['id']}", status=200)
    assert deleted["id"] == task["id"] and deleted["status"] == "DONE"
    entries = owner.ok("GET", S + "/user/{me}/time-entries")
    assert entries[0]["projectId"] == p and entries[0]["taskId"] is None


def test_task_list_filters(api):
    owner = api.tenant()
    p = owner.ok("POST", S + "/projects", {"name": "Site"})["id"]
    names = ["Backend", "Frontend", "QA"]
    created = {n: owner.ok("POST", S + f"/projects/{p}/tasks", {"name": n}) for n in names}
    owner.ok("PUT", S + f"/projects/{p}/tasks/{created['QA']['id']}", {"name": "QA", "status": "DONE"}, status=200)

    def listed(query=""):
        return [t["name"] for t in owner.ok("GET", S + f"/projects/{p}/tasks{query}", status=200)]

    assert listed("?sort-column=NAME") == names
    assert listed("?is-active=true&sort-column=NAME") == ["Backend", "Frontend"]
    assert listed("?is-active=false") == ["QA"]
    assert listed("?is-active=True&name=end&sort-column=NAME&sort-order=DESCENDING") == ["Frontend", "Backend"]
    assert listed("?name=qa&strict-name-search=true") == []
    page = owner.get(S + f"/projects/{p}/tasks?page=1&page-size=2")
    assert len(page.json()) == 2 and page.headers["Last-Page"] == "false"


def test_only_managers_create_tasks_by_default(api):
    owner = api.tenant()
    member = api.member(owner)
    pm = api.member(owner, "PROJECT_MANAGER")
    project = owner.ok("POST", S + "/projects", {"name": "Site"})
    owner.ok("POST", S + f"/users/{pm.user_id}/roles", {"role": "PROJECT_MANAGER", "entityId": project["id"]})
    assert_clockify_error(member.post(S + f"/projects/{project['id']}/tasks", {"name": "Mine"}), 403, 501)
    assert pm.ok("POST", S + f"/projects/{project['id']}/tasks", {"name": "Planned"})["name"] == "Planned"
    assert [t["name"] for t in member.ok("GET", S + f"/projects/{project['id']}/tasks", status=200)] == ["Planned"]


def test_task_belongs_to_its_project(api):
    owner = api.tenant()
    a = owner.ok("POST", S + "/projects", {"name": "Project A"})
    b = owner.ok("POST", S + "/projects", {"name": "Project B"})
    task = owner.ok("POST", S + f"/projects/{a['id']}/tasks", {"name": "Only in A"})
    assert_clockify_error(owner.get(S + f"/projects/{b['id']}/tasks/{task['id']}"), 400, 501, "Task doesn't belong")
    response = owner.post(S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "projectId": b["id"], "taskId": task["id"]})
    assert_clockify_error(response, 400, 501, "Task doesn't belong")
