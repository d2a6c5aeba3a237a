"""Tasks: the company-wide catalogue (/Tasks), the caller's (/Me/Tasks), where each may be used
(/Jobs/{id}/Tasks, /Tasks/{id}/Jobs, /Me/Jobs/{id}/Tasks, /Me/Jobs/TaskControls), and how the
same rows look through Clockify."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import ct_error, member, tenant
from tests.support import snapshot

TASK_FIELDS = {"ID", "Name", "ListDisplayText", "IsActive", "TaskCode", "IsBillable", "Notes", "BillingRate",
               "UseCompanyBillingRate", "AccountingPackageID"}


def test_create_read_update_and_list_tasks(api):
    owner = tenant(api)
    design = owner.ok("POST", "/Tasks", {"Name": "Design", "TaskCode": "D-1", "IsBillable": False, "Notes": "Drawing"})
    assert set(design) == TASK_FIELDS
    assert (design["Name"], design["TaskCode"], design["IsBillable"], design["IsActive"], design["Notes"]) == (
        "Design", "D-1", False, True, "Drawing")
    build = owner.ok("POST", "/Tasks", {"name": "Build"})
    assert build["IsBillable"] is True and build["TaskCode"] is None
    assert owner.ok("GET", f"/Tasks/{design['ID']}") == design
    changed = owner.ok("PATCH", f"/Tasks/{design['ID']}", {"Name": "Drafting", "IsActive": False, "TaskCode": ""})
    assert (changed["Name"], changed["IsActive"], changed["TaskCode"], changed["Notes"]) == ("Drafting", False, None, "Drawing")
    body = owner.page("/Tasks")
    assert [t["Name"] for t in body["data"]] == ["Build", "Drafting"] and body["page"]["count"] == 2
    assert [t["ID"] for t in owner.ok("GET", "/Tasks?IsActive=false")] == [design["ID"]]
    assert [t["ID"] for t in owner.ok("GET", "/Tasks?Name=build&Name=nothing")] == [build["ID"]]
    assert [t["ID"] for t in owner.ok("GET", "/Tasks?TaskName=BUILD")] == [build["ID"]]
    assert owner.ok("GET", "/Tasks?TaskCode=D-1") == []
    assert owner.page("/Tasks?limit=1&offset=1")["data"][0]["ID"] == design["ID"]


@pytest.mark.parametrize("body,field", [
    ({}, "Name"), ({"Name": ""}, "Name"), ({"Name": "   "}, "Name"), ({"Name": 5}, "Name"), ({"Name": "x" * 1001}, "Name"),
    ({"Name": "Ok", "IsActive": "yes"}, "IsActive"), ({"Name": "Ok", "IsBillable": 1}, "IsBillable"),
    ({"Name": "Ok", "TaskCode": "c" * 101}, "TaskCode"), ({"Name": "Ok", "Notes": ["a"]}, "Notes"),
])
def test_bad_task_input_is_400_and_writes_nothing(api, body, field):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Tasks", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_duplicate_names_and_bad_patches(api):
    owner = tenant(api)
    first = owner.ok("POST", "/Tasks", {"Name": "Design"})
    owner.ok("POST", "/Tasks", {"Name": "Build"})
    ct_error(owner.post("/Tasks", {"Name": "DESIGN"}), 400, field="Name", contains="already exists")
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Tasks/{first['ID']}", {"Name": "build"}), 400, field="Name")
    ct_error(owner.patch(f"/Tasks/{first['ID']}", {"IsActive": None}), 400, field="IsActive")
    ct_error(owner.patch("/Tasks/0123456789abcdef01234567", {"Name": "X"}), 404)
    assert snapshot(api, owner.ws) == before


def test_only_admins_write_tasks_and_managers_read_them(api):
    owner = tenant(api)
    task = owner.ok("POST", "/Tasks", {"Name": "Design"})
    worker = member(api, owner)
    manager = member(api, owner, role="TEAM_MANAGER")
    ct_error(worker.get("/Tasks"), 403)
    ct_error(worker.post("/Tasks", {"Name": "Mine"}), 403)
    ct_error(manager.post("/Tasks", {"Name": "Mine"}), 403)
    ct_error(worker.patch(f"/Tasks/{task['ID']}", {"Name": "Renamed"}), 403)
    ct_error(worker.delete(f"/Tasks/{task['ID']}"), 403)
    assert [t["ID"] for t in manager.ok("GET", "/Tasks")] == [task["ID"]]
    assert [t["ID"] for t in worker.ok("GET", "/Me/Tasks")] == [task["ID"]]


def test_another_companys_task_is_404(api):
    owner, other = tenant(api), tenant(api, "Other")
    task = other.ok("POST", "/Tasks", {"Name": "Theirs"})
    for method in ("GET", "PATCH", "DELETE"):
        ct_error(owner.request(method, f"/Tasks/{task['ID']}", json={"Name": "Mine"} if method == "PATCH" else None), 404)
    ct_error(owner.get(f"/Me/Tasks/{task['ID']}"), 404)
    assert owner.ok("GET", "/Tasks") == []


def _job(owner, name="Site", public=True):
    return owner.caller.ok("POST", "/v1/workspaces/{ws}/projects", {"name": name, "isPublic": public})


def test_job_tasks_allowed_listed_and_removed(api):
    owner = tenant(api)
    job = _job(owner)
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    build = owner.ok("POST", "/Tasks", {"Name": "Build"})
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks") == []
    assert owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": design["ID"]}, status=200) == [design["ID"]]
    assert sorted(owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": build["ID"]}, status=200)) == sorted(
        [design["ID"], build["ID"]])
    # Through Clockify, each allowed pair is a task of the project, named as the company task.
    clockify = owner.caller.ok("GET", f"/v1/workspaces/{{ws}}/projects/{job['id']}/tasks", status=200)
    assert sorted(t["name"] for t in clockify) == ["Build", "Design"]
    assert owner.ok("GET", f"/Tasks/{design['ID']}/Jobs") == [job["id"]]
    assert owner.ok("DELETE", f"/Jobs/{job['id']}/Tasks/{design['ID']}", status=200) == [build["ID"]]
    assert owner.ok("GET", f"/Tasks/{design['ID']}/Jobs") == []
    # PUT replaces the whole list.
    assert sorted(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json=[design["ID"]]).json()["data"]) == [design["ID"]]
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks") == [design["ID"]]
    assert owner.ok("POST", f"/Tasks/{build['ID']}/Jobs", {"JobID": job["id"]}, status=200) == [job["id"]]
    assert owner.ok("DELETE", f"/Tasks/{build['ID']}/Jobs/{job['id']}", status=200) == []
    # Inactive tasks can be told apart.
    owner.ok("PATCH", f"/Tasks/{design['ID']}", {"IsActive": False})
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks?IsActive=true") == []
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks?IsActive=false") == [design["ID"]]


def test_job_task_bad_input(api):
    owner, other = tenant(api), tenant(api, "Other")
    job = _job(owner)
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    theirs = other.ok("POST", "/Tasks", {"Name": "Theirs"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post(f"/Jobs/{job['id']}/Tasks", {}), 400, field="TaskID")
    ct_error(owner.post(f"/Jobs/{job['id']}/Tasks", {"TaskID": 7}), 400, field="TaskID")
    ct_error(owner.post(f"/Jobs/{job['id']}/Tasks", {"TaskID": theirs["ID"]}), 400, field="TaskID")
    ct_error(owner.post(f"/Jobs/{job['id']}/Tasks", {"TaskID": "nope"}), 400, field="TaskID")
    ct_error(owner.post(f"/Tasks/{design['ID']}/Jobs", {"JobID": "0123456789abcdef01234567"}), 400, field="JobID")
    ct_error(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json=[design["ID"], theirs["ID"]]), 400, field="TaskID")
    ct_error(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json={"TaskID": design["ID"]}), 400, contains="JSON array")
    ct_error(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json=[design["ID"], 7]), 400, contains="Item 1")
    ct_error(owner.post(f"/Jobs/{job['id']}/Tasks", [design["ID"]]), 400, contains="JSON object")
    ct_error(owner.post("/Jobs/0123456789abcdef01234567/Tasks", {"TaskID": design["ID"]}), 404)
    ct_error(owner.delete(f"/Jobs/{job['id']}/Tasks/{design['ID']}"), 404)  # not allowed there
    assert snapshot(api, owner.ws) == before
    worker = member(api, owner)
    ct_error(worker.get(f"/Jobs/{job['id']}/Tasks"), 403)
    ct_error(worker.post(f"/Jobs/{job['id']}/Tasks", {"TaskID": design["ID"]}), 403)


def test_me_tasks_follow_the_task_restriction(api):
    owner = tenant(api)
    worker = member(api, owner)
    public = _job(owner, "Public")
    private = _job(owner, "Private", public=False)
    design = owner.ok("POST", "/Tasks", {"Name": "Design", "TaskCode": "D"})
    build = owner.ok("POST", "/Tasks", {"Name": "Build"})
    owner.ok("POST", f"/Jobs/{public['id']}/Tasks", {"TaskID": design["ID"]}, status=200)
    owner.ok("POST", f"/Jobs/{private['id']}/Tasks", {"TaskID": build["ID"]}, status=200)
    mine = worker.ok("GET", "/Me/Tasks")
    assert [t["Name"] for t in mine] == ["Build", "Design"]  # mytasks: any task may be used
    assert set(mine[0]) == {"ID", "Name", "ListDisplayText", "IsActive", "TaskCode"}
    assert owner.ok("PATCH", "/Company", {"TaskRestrictionMethod": "byjob"})["TaskRestrictionMethod"] == "byjob"
    worker_again = member(api, owner)  # a fresh access reads the new setting
    assert [t["Name"] for t in worker_again.ok("GET", "/Me/Tasks")] == ["Design"]
    assert worker_again.ok("GET", f"/Me/Tasks/{design['ID']}")["TaskCode"] == "D"
    ct_error(worker_again.get(f"/Me/Tasks/{build['ID']}"), 404)
    assert worker_again.ok("GET", f"/Me/Jobs/{public['id']}/Tasks") == [design["ID"]]
    ct_error(worker_again.get(f"/Me/Jobs/{private['id']}/Tasks"), 404)
    controls = worker_again.page("/Me/Jobs/TaskControls")
    assert controls["data"] == [{"JobID": public["id"], "TaskID": design["ID"]}] and controls["page"]["count"] == 1
    every = owner.page("/Me/Jobs/TaskControls?limit=1")
    assert every["page"]["count"] == 2 and len(every["data"]) == 1
    assert owner.ok("GET", f"/Me/Jobs/TaskControls?JobID={private['id']}") == [{"JobID": private["id"], "TaskID": build["ID"]}]
    owner.ok("PATCH", f"/Tasks/{build['ID']}", {"IsActive": False})
    assert owner.ok("GET", "/Me/Jobs/TaskControls?TaskIsActive=false") == [{"JobID": private["id"], "TaskID": build["ID"]}]
    assert owner.ok("GET", "/me/jobs/taskcontrols?taskid=" + design["ID"]) == [{"JobID": public["id"], "TaskID": design["ID"]}]


def test_a_task_that_entries_use_cannot_be_deleted(api):
    owner = tenant(api)
    job = _job(owner)
    used = owner.ok("POST", "/Tasks", {"Name": "Used"})
    unused = owner.ok("POST", "/Tasks", {"Name": "Unused"})
    owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": used["ID"]}, status=200)
    owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": unused["ID"]}, status=200)
    pair = next(t for t in owner.caller.ok("GET", f"/v1/workspaces/{{ws}}/projects/{job['id']}/tasks", status=200)
                if t["name"] == "Used")
    owner.caller.ok("POST", "/v1/workspaces/{ws}/time-entries", {
        "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": job["id"], "taskId": pair["id"]})
    before = snapshot(api, owner.ws)
    problem = ct_error(owner.delete(f"/Tasks/{used['ID']}"), 400, field="ID")
    assert "IsActive" in problem["Message"] and "1 time entry" in problem["Message"]
    assert snapshot(api, owner.ws) == before
    owner.ok("DELETE", f"/Tasks/{unused['ID']}")
    ct_error(owner.get(f"/Tasks/{unused['ID']}"), 404)
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks") == [used["ID"]]
    assert owner.ok("PATCH", f"/Tasks/{used['ID']}", {"IsActive": False})["IsActive"] is False


def test_replacing_job_tasks_with_one_unknown_id_changes_nothing(api):
    """PUT /Jobs/{id}/Tasks is one write: an unknown TaskID after a valid one leaves the job's
    tasks as they were (no allow of the valid one, no removal of the current ones)."""
    owner = tenant(api)
    job = _job(owner)
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    build = owner.ok("POST", "/Tasks", {"Name": "Build"})
    owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": design["ID"]}, status=200)
    before = snapshot(api, owner.ws)
    ct_error(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json=[build["ID"], "0123456789abcdef01234567"]),
             400, field="TaskID")
    assert owner.ok("GET", f"/Jobs/{job['id']}/Tasks") == [design["ID"]]
    assert snapshot(api, owner.ws) == before
    assert sorted(owner.request("PUT", f"/Jobs/{job['id']}/Tasks", json=[build["ID"], build["ID"].upper()]).json()["data"]) == [
        build["ID"]]


def test_job_task_ids_of_jobs_one_may_not_see_are_404_or_403(api):
    owner, other = tenant(api), tenant(api, "Other")
    job, theirs = _job(owner), _job(other, "Theirs")
    private = _job(owner, "Private", public=False)
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    owner.ok("POST", f"/Jobs/{job['id']}/Tasks", {"TaskID": design["ID"]}, status=200)
    for path in ("/Jobs/{}/Tasks", "/Me/Jobs/{}/Tasks"):
        ct_error(owner.get(path.format(theirs["id"])), 404)
        ct_error(owner.get(path.format("0123456789abcdef01234567")), 404)
        assert owner.ok("GET", path.format(private["id"])) == []
    worker = member(api, owner)
    assert worker.ok("GET", f"/Me/Jobs/{job['id']}/Tasks") == [design["ID"]]
    ct_error(worker.get(f"/Me/Jobs/{private['id']}/Tasks"), 404)
    ct_error(worker.get(f"/Jobs/{job['id']}/Tasks"), 403)
