"""ClickTime's divisions and company-wide tasks as the Clockify dialect sees them: divisions are
user groups; a Clockify task is one (project, company task) pair. Also the entry service's
company-task input that the ClickTime dialect uses."""

from __future__ import annotations

from datetime import date

from tests.support import assert_clockify_error, snapshot

S = "/v1/workspaces/{ws}"


def as_access(api, caller):
    from timeledger.services.access import authenticate_in_workspace

    async def run():
        return (await authenticate_in_workspace(api.db, caller.key, caller.ws))[1]

    return api.run(run)


def call(api, fn, *args, **kwargs):
    async def run():
        return await fn(*args, **kwargs)

    return api.run(run)


def test_divisions_are_user_groups(api):
    from timeledger.services import divisions

    owner = api.tenant()
    a, b = api.member(owner), api.member(owner)
    access = as_access(api, owner)
    east = call(api, divisions.create_division, api.db, access, divisions.DivisionInput(name="East"))
    west = call(api, divisions.create_division, api.db, access, divisions.DivisionInput(name="West"))
    call(api, divisions.set_user_division, api.db, access, a.user_id, east.id)
    groups = {g["name"]: g for g in owner.ok("GET", S + "/user-groups", status=200)}
    assert set(groups) == {"East", "West"} and groups["East"]["userIds"] == [a.user_id]
    assert groups["East"]["id"] == east.id and groups["East"]["workspaceId"] == owner.ws
    # Adding someone to a division through Clockify moves them out of their other division.
    owner.ok("POST", S + f"/user-groups/{west.id}/users", {"userId": a.user_id}, status=200)
    owner.ok("POST", S + f"/user-groups/{west.id}/users", {"userId": b.user_id}, status=200)
    assert call(api, divisions.user_divisions, api.db, access, [a.user_id, b.user_id]) == {a.user_id: west.id,
                                                                                          b.user_id: west.id}
    assert owner.ok("GET", S + f"/user-groups/{east.id}", status=200)["userIds"] == []
    # An ordinary group does not count as a division.
    team = owner.ok("POST", S + "/user-groups", {"name": "Team"})
    owner.ok("POST", S + f"/user-groups/{team['id']}/users", {"userId": a.user_id}, status=200)
    assert call(api, divisions.user_divisions, api.db, access, [a.user_id]) == {a.user_id: west.id}
    # Names are shared between groups and divisions; a division with members is not deleted.
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.post(S + "/user-groups", {"name": "west"}), 400, 501)
    assert_clockify_error(owner.delete(S + f"/user-groups/{west.id}"), 400, 501, "members")
    assert snapshot(api, owner.ws) == before
    owner.ok("DELETE", S + f"/user-groups/{west.id}/users/{a.user_id}", status=200)
    owner.ok("DELETE", S + f"/user-groups/{west.id}/users/{b.user_id}", status=200)
    owner.ok("DELETE", S + f"/user-groups/{west.id}", status=200)
    # Reports group by divisions like by groups.
    a.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    call(api, divisions.set_user_division, api.db, access, a.user_id, east.id)
    summary = owner.ok("POST", S + "/reports/summary", {"dateRangeStart": "2026-03-01T00:00:00Z",
                                                         "dateRangeEnd": "2026-03-31T23:59:59Z",
                                                         "summaryFilter": {"groups": ["USER_GROUP"]}}, status=200)
    assert {g["name"]: g["duration"] for g in summary["groupOne"]} == {"East": 3600, "Team": 3600}



def test_an_inactive_division_takes_no_new_members_through_clockify(api):
    """The rule of services.divisions holds for the Clockify user-group endpoint too."""
    from timeledger.services import divisions

    owner = api.tenant()
    a = api.member(owner)
    access = as_access(api, owner)
    east = call(api, divisions.create_division, api.db, access, divisions.DivisionInput(name="East"))
    closed = call(api, divisions.create_division, api.db, access, divisions.DivisionInput(name="Closed", active=False))
    call(api, divisions.set_user_division, api.db, access, a.user_id, east.id)
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.post(S + f"/user-groups/{closed.id}/users", {"userId": a.user_id}), 400, 501, "inactive")
    assert snapshot(api, owner.ws) == before
    assert call(api, divisions.user_divisions, api.db, access, [a.user_id]) == {a.user_id: east.id}

def test_divisions_of_another_workspace_are_invisible(api):
    from timeledger.services import divisions

    owner = api.tenant()
    other = api.tenant("Other")
    theirs = call(api, divisions.create_division, api.db, as_access(api, other), divisions.DivisionInput(name="North"))
    assert owner.ok("GET", S + "/user-groups", status=200) == []
    assert_clockify_error(owner.get(S + f"/user-groups/{theirs.id}"), 400, 501)
    assert_clockify_error(owner.post(S + f"/user-groups/{theirs.id}/users", {"userId": owner.user_id}), 400, 501)


def test_a_clockify_task_is_a_project_and_company_task_pair(api):
    from timeledger.services import company_tasks

    owner = api.tenant()
    access = as_access(api, owner)
    site = owner.ok("POST", S + "/projects", {"name": "Site"})["id"]
    app = owner.ok("POST", S + "/projects", {"name": "App"})["id"]
    t1 = owner.ok("POST", S + f"/projects/{site}/tasks", {"name": "Design"})
    t2 = owner.ok("POST", S + f"/projects/{app}/tasks", {"name": "design"})  # same company task, any case
    assert t1["id"] != t2["id"] and t1["name"] == t2["name"] == "Design"
    catalogue, _ = call(api, company_tasks.list_company_tasks, api.db, access)
    assert [c.name for c in catalogue] == ["Design"]
    pairs, _ = call(api, company_tasks.pairs, api.db, access, company_task_ids=[catalogue[0].id])
    assert sorted(p.task_id for p in pairs) == sorted([t1["id"], t2["id"]])
    # The same name twice on one project is refused; nothing is written.
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.post(S + f"/projects/{site}/tasks", {"name": "DESIGN"}), 400, 501, "already exists")
    assert_clockify_error(owner.post(S + f"/projects/{site}/tasks", {"name": ""}), 400, 501)
    assert snapshot(api, owner.ws) == before
    # Renaming a shared task on one project re-points that project's row at a new company task.
    renamed = owner.ok("PUT", S + f"/projects/{site}/tasks/{t1['id']}", {"name": "Build"}, status=200)
    assert renamed["name"] == "Build"
    assert owner.ok("GET", S + f"/projects/{app}/tasks/{t2['id']}", status=200)["name"] == "Design"
    catalogue, _ = call(api, company_tasks.list_company_tasks, api.db, access)
    assert [c.name for c in catalogue] == ["Build", "Design"]
    # A task of its own company task renames the company task.
    owner.ok("PUT", S + f"/projects/{site}/tasks/{t1['id']}", {"name": "Construction"}, status=200)
    catalogue, _ = call(api, company_tasks.list_company_tasks, api.db, access)
    assert [c.name for c in catalogue] == ["Construction", "Design"]
    # Another workspace's task of the same name is its own.
    other = api.tenant("Other")
    theirs = other.ok("POST", S + "/projects", {"name": "Site"})["id"]
    other.ok("POST", S + f"/projects/{theirs}/tasks", {"name": "Design"})
    assert len(call(api, company_tasks.list_company_tasks, api.db, access)[0]) == 2
    assert_clockify_error(owner.get(S + f"/projects/{theirs}/tasks"), 400, 501)


def test_entries_given_a_company_task(api):
    """ClickTime names a company task on an entry; the service finds or makes its project row."""
    from timeledger.services import company_tasks, time_entries, workspaces
    from timeledger.services.listing import Window

    owner = api.tenant()
    access = as_access(api, owner)
    site = owner.ok("POST", S + "/projects", {"name": "Site"})["id"]
    app = owner.ok("POST", S + "/projects", {"name": "App"})["id"]
    task = owner.ok("POST", S + f"/projects/{site}/tasks", {"name": "Design"})
    company_id = call(api, company_tasks.list_company_tasks, api.db, access)[0][0].id

    def entry(project, **extra):
        from datetime import UTC, datetime

        data = time_entries.EntryInput(start=datetime(2026, 3, 2, 9, tzinfo=UTC), end=datetime(2026, 3, 2, 10, tzinfo=UTC),
                                       project_id=project, company_task_id=company_id, **extra)
        return call(api, time_entries.create_entry, api.db, access, data)

    on_site = entry(site, timed=False)
    assert on_site.task_id == task["id"] and on_site.timed is False
    # MY_TASKS (the default): using it on another project allows it there.
    on_app = entry(app)
    assert on_app.task_id != task["id"] and on_app.timed is True
    assert owner.ok("GET", S + f"/projects/{app}/tasks/{on_app.task_id}", status=200)["name"] == "Design"
    got = owner.ok("GET", S + f"/time-entries/{on_site.id}", status=200)
    assert got["taskId"] == task["id"] and got["timeInterval"]["duration"] == "PT1H"
    # BY_JOB: only pairs that exist.
    third = owner.ok("POST", S + "/projects", {"name": "Third"})["id"]
    change = workspaces.SettingsChange(task_restriction="BY_JOB", present=frozenset({"task_restriction"}))
    call(api, workspaces.update_settings, api.db, access, change)
    access = as_access(api, owner)
    before = snapshot(api, owner.ws)
    try:
        entry(third)
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "field", None) == "taskId" and "not allowed" in str(exc)
    else:
        raise AssertionError("BY_JOB let a task be used on a project it is not allowed on")
    assert snapshot(api, owner.ws) == before
    # The ClickTime listing: filtered, paged, with the total.
    listed = call(api, time_entries.search_entries, api.db, access,
                  time_entries.EntrySearch(project_ids=[site, app]), Window(offset=0, limit=1))
    assert listed.total == 2 and len(listed.items) == 1
    listed = call(api, time_entries.search_entries, api.db, access,
                  time_entries.EntrySearch(task_ids=[task["id"]], user_ids=[owner.user_id]), Window())
    assert [e.id for e in listed.items] == [on_site.id] and listed.total == 1
    assert call(api, time_entries.search_entries, api.db, access,
                time_entries.EntrySearch(project_ids=["nonsense"]), Window()).total == 0
    # Members find only their own entries, by day in their zone.
    member = api.member(owner)
    mine = member.ok("POST", S + "/time-entries", {"start": "2026-03-05T09:00:00Z", "end": "2026-03-05T10:00:00Z"})
    found = call(api, time_entries.search_entries, api.db, as_access(api, member),
                 time_entries.EntrySearch(first=date(2026, 3, 1), last=date(2026, 3, 31)), Window())
    assert [e.id for e in found.items] == [mine["id"]] and found.total == 1
    found = call(api, time_entries.search_entries, api.db, access,
                 time_entries.EntrySearch(first=date(2026, 3, 3), last=date(2026, 3, 5)), Window())
    assert [e.id for e in found.items] == [mine["id"]]
