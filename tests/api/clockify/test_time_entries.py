"""Time entries and timers through the Clockify API."""

from __future__ import annotations

import sqlalchemy as sa

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def entry(caller, start, end=None, status=201, **fields):
    body = {"start": start, **({"end": end} if end else {}), **fields}
    return caller.ok("POST", S + "/time-entries", body, status=status)


def test_create_finished_entry_has_clockify_shape(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Website", "billable": True})
    tag = owner.ok("POST", S + "/tags", {"name": "docs"})
    created = entry(owner, "2026-03-02T12:00:00.123Z", "2026-03-02T14:54:59.999+00:00", description="Write API docs",
                    projectId=project["id"], tagIds=[tag["id"], tag["id"]])
    assert created["timeInterval"] == {"start": "2026-03-02T12:00:00Z", "end": "2026-03-02T14:54:59Z", "duration": "PT2H54M59S"}
    assert created["description"] == "Write API docs" and created["billable"] is True
    assert created["tagIds"] == [tag["id"]] and created["projectId"] == project["id"] and created["taskId"] is None
    assert created["userId"] == owner.user_id and created["workspaceId"] == owner.ws
    assert created["type"] == "REGULAR" and created["isLocked"] is False and created["customFieldValues"] == []
    assert len(created["id"]) == 24 and int(created["id"], 16) >= 0
    fetched = owner.ok("GET", S + f"/time-entries/{created['id']}")
    assert fetched == created


def test_offsets_are_honoured_and_stored_in_utc(api):
    owner = api.tenant()
    created = entry(owner, "2026-08-08T02:00:00+02:00", "2026-08-08T03:15:00+02:00")
    assert created["timeInterval"]["start"] == "2026-08-08T00:00:00Z"
    assert created["timeInterval"]["duration"] == "PT1H15M"


def test_timer_start_stop_and_restart_stops_the_running_one(api):
    owner = api.tenant()
    first = entry(owner, "2026-03-02T09:00:00Z", description="first")
    assert first["timeInterval"]["end"] is None and first["timeInterval"]["duration"] is None
    second = entry(owner, "2026-03-02T10:30:00Z", description="second")
    running = owner.ok("GET", S + "/user/{me}/time-entries?in-progress=true")
    assert [e["id"] for e in running] == [second["id"]]
    stopped_first = owner.ok("GET", S + f"/time-entries/{first['id']}")
    assert stopped_first["timeInterval"]["end"] == "2026-03-02T10:30:00Z"
    assert stopped_first["timeInterval"]["duration"] == "PT1H30M"
    stopped = owner.ok("PATCH", S + "/user/{me}/time-entries", {"end": "2026-03-02T11:00:00Z"})
    assert stopped["id"] == second["id"] and stopped["timeInterval"]["duration"] == "PT30M"
    assert owner.ok("GET", S + "/user/{me}/time-entries?in-progress=1") == []
    assert_clockify_error(owner.patch(S + "/user/{me}/time-entries", {"end": "2026-03-02T12:00:00Z"}), 404, 404)


def test_new_timer_started_before_the_running_one_closes_it_at_its_own_start(api):
    owner = api.tenant()
    late = entry(owner, "2026-03-02T12:00:00Z")
    early = entry(owner, "2026-03-02T08:00:00Z")
    closed = owner.ok("GET", S + f"/time-entries/{late['id']}")
    assert closed["timeInterval"]["end"] == "2026-03-02T12:00:00Z" and closed["timeInterval"]["duration"] == "PT0S"
    assert [e["id"] for e in owner.ok("GET", S + "/user/{me}/time-entries?in-progress=true")] == [early["id"]]


def test_stop_before_start_is_refused(api):
    owner = api.tenant()
    entry(owner, "2026-03-02T12:00:00Z")
    assert_clockify_error(owner.patch(S + "/user/{me}/time-entries", {"end": "2026-03-02T11:00:00Z"}), 400, 501, "end")
    assert len(owner.ok("GET", S + "/user/{me}/time-entries?in-progress=true")) == 1


def test_finished_entries_do_not_touch_the_running_timer(api):
    owner = api.tenant()
    running = entry(owner, "2026-03-02T12:00:00Z")
    entry(owner, "2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z")
    assert [e["id"] for e in owner.ok("GET", S + "/user/{me}/time-entries?in-progress=true")] == [running["id"]]


def test_put_is_a_full_replace(api):
    owner = api.tenant()
    project = owner.ok("POST", S + "/projects", {"name": "Website"})
    task = owner.ok("POST", S + f"/projects/{project['id']}/tasks", {"name": "Docs"})
    tag = owner.ok("POST", S + "/tags", {"name": "docs"})
    created = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", description="keep?",
                    projectId=project["id"], taskId=task["id"], tagIds=[tag["id"]], billable=True)
    replaced = owner.ok("PUT", S + f"/time-entries/{created['id']}", {"start": "2026-03-02T09:30:00Z", "end": "2026-03-02T10:00:00Z"})
    assert replaced["description"] == "" and replaced["projectId"] is None and replaced["taskId"] is None
    assert replaced["tagIds"] == [] and replaced["billable"] is False
    assert replaced["timeInterval"]["duration"] == "PT30M"
    assert owner.ok("GET", S + f"/time-entries/{created['id']}") == replaced


def test_put_keeps_a_running_entry_running_and_refuses_a_second_runner(api):
    owner = api.tenant()
    old = entry(owner, "2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z")
    running = entry(owner, "2026-03-02T09:00:00Z", description="a")
    edited = owner.ok("PUT", S + f"/time-entries/{running['id']}", {"start": "2026-03-02T09:00:00Z", "description": "b"})
    assert edited["timeInterval"]["end"] is None and edited["description"] == "b"
    response = owner.put(S + f"/time-entries/{old['id']}", {"start": "2026-03-01T09:00:00Z"})
    assert_clockify_error(response, 400, 501, "running")
    assert owner.ok("GET", S + f"/time-entries/{old['id']}")["timeInterval"]["end"] == "2026-03-01T10:00:00Z"


def test_delete_then_delete_again(api):
    owner = api.tenant()
    created = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    response = owner.delete(S + f"/time-entries/{created['id']}")
    assert response.status_code == 204 and response.content == b""
    assert_clockify_error(owner.delete(S + f"/time-entries/{created['id']}"), 400, 501, "Time entry doesn't belong to Workspace")
    assert_clockify_error(owner.get(S + f"/time-entries/{created['id']}"), 400, 501)


def test_bulk_delete_and_bulk_edit(api):
    owner = api.tenant()
    a = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", description="a")
    b = entry(owner, "2026-03-02T11:00:00Z", "2026-03-02T12:00:00Z", description="b")
    c = entry(owner, "2026-03-02T13:00:00Z", "2026-03-02T14:00:00Z", description="c")
    edited = owner.ok("PUT", S + "/user/{me}/time-entries", [
        {"id": a["id"], "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:45:00Z", "description": "a2"},
        {"id": b["id"], "start": "2026-03-02T11:00:00Z", "end": "2026-03-02T12:30:00Z", "description": "b2"},
    ], status=200)
    assert [(e["description"], e["timeInterval"]["duration"]) for e in edited] == [("a2", "PT45M"), ("b2", "PT1H30M")]
    deleted = owner.ok("DELETE", S + f"/user/{{me}}/time-entries?time-entry-ids={a['id']}&time-entry-ids={b['id']}", status=200)
    assert sorted(e["id"] for e in deleted) == sorted([a["id"], b["id"]])
    assert [e["id"] for e in owner.ok("GET", S + "/user/{me}/time-entries")] == [c["id"]]
    deleted = owner.ok("DELETE", S + f"/user/{{me}}/time-entries?time-entry-ids={c['id']}", status=200)
    assert [e["description"] for e in deleted] == ["c"]


def test_duplicate(api):
    owner = api.tenant()
    tag = owner.ok("POST", S + "/tags", {"name": "x"})
    original = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", description="dup", tagIds=[tag["id"]])
    copy = owner.ok("POST", S + f"/user/{{me}}/time-entries/{original['id']}/duplicate")
    assert copy["id"] != original["id"]
    assert {k: v for k, v in copy.items() if k != "id"} == {k: v for k, v in original.items() if k != "id"}
    running = entry(owner, "2026-03-03T09:00:00Z")
    assert_clockify_error(owner.post(S + f"/user/{{me}}/time-entries/{running['id']}/duplicate"), 400, 501, "running")


def test_mark_invoiced(api):
    owner = api.tenant()
    a = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    b = entry(owner, "2026-03-02T11:00:00Z", "2026-03-02T12:00:00Z")
    response = owner.patch(S + "/time-entries/invoiced", {"timeEntryIds": [a["id"]], "invoiced": True})
    assert response.status_code == 200 and response.content == b""
    assert _invoiced(api, owner.ws) == {a["id"]: True, b["id"]: False}
    owner.ok("PATCH", S + "/time-entries/invoiced", {"timeEntryIds": [a["id"], b["id"]], "invoiced": False}, status=200)
    assert _invoiced(api, owner.ws) == {a["id"]: False, b["id"]: False}
    member = api.member(owner)
    assert_clockify_error(member.patch(S + "/time-entries/invoiced", {"timeEntryIds": [a["id"]], "invoiced": True}), 403, 501)


def _invoiced(api, ws):
    from timeledger.db.tables import time_entries

    async def read(db):
        async with db.read() as conn:
            rows = await conn.execute(sa.select(time_entries.c.id, time_entries.c.invoiced).where(time_entries.c.workspace_id == ws))
            return {r.id: r.invoiced for r in rows}

    return api.run(read, api.db)


def test_create_for_another_user_needs_admin_or_their_team_manager(api):
    owner = api.tenant()
    member = api.member(owner)
    other = api.member(owner)
    created = owner.ok("POST", S + f"/user/{member.user_id}/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    assert created["userId"] == member.user_id
    assert [e["id"] for e in member.ok("GET", S + "/user/{me}/time-entries")] == [created["id"]]
    response = other.post(S + f"/user/{member.user_id}/time-entries", {"start": "2026-03-02T09:00:00Z"})
    assert_clockify_error(response, 403, 501, "Access Denied")
    manager = api.member(owner, "TEAM_MANAGER")
    owner.ok("POST", S + f"/users/{manager.user_id}/roles", {"role": "TEAM_MANAGER", "entityId": member.user_id})
    for_member = manager.ok("POST", S + f"/user/{member.user_id}/time-entries", {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T10:00:00Z"})
    assert for_member["userId"] == member.user_id
    assert_clockify_error(manager.post(S + f"/user/{other.user_id}/time-entries", {"start": "2026-03-03T09:00:00Z"}), 403, 501)


def test_from_entry_copies_missing_fields(api):
    owner = api.tenant()
    member = api.member(owner)
    project = owner.ok("POST", S + "/projects", {"name": "Website"})
    source = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", description="template", projectId=project["id"])
    created = owner.ok("POST", S + f"/user/{member.user_id}/time-entries?from-entry={source['id']}",
                       {"start": "2026-03-04T09:00:00Z", "end": "2026-03-04T09:30:00Z"})
    assert created["description"] == "template" and created["projectId"] == project["id"] and created["userId"] == member.user_id
    response = owner.post(S + f"/user/{member.user_id}/time-entries?from-entry={'0' * 24}", {"start": "2026-03-04T09:00:00Z"})
    assert response.status_code == 404 and response.content == b""


def test_members_cannot_read_or_write_each_others_entries(api):
    owner = api.tenant()
    alice, bob = api.member(owner), api.member(owner)
    theirs = entry(alice, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    assert_clockify_error(bob.get(S + f"/time-entries/{theirs['id']}"), 403, 501)
    assert_clockify_error(bob.put(S + f"/time-entries/{theirs['id']}", {"start": "2026-03-02T09:00:00Z"}), 403, 501)
    assert_clockify_error(bob.delete(S + f"/time-entries/{theirs['id']}"), 403, 501)
    assert_clockify_error(bob.get(S + f"/user/{alice.user_id}/time-entries"), 403, 501)
    assert owner.ok("GET", S + f"/time-entries/{theirs['id']}")["id"] == theirs["id"]
    assert [e["id"] for e in owner.ok("GET", S + f"/user/{alice.user_id}/time-entries")] == [theirs["id"]]


def test_project_manager_sees_entries_on_their_projects_only(api):
    owner = api.tenant()
    member = api.member(owner)
    pm = api.member(owner, "PROJECT_MANAGER")
    managed = owner.ok("POST", S + "/projects", {"name": "Managed"})
    other = owner.ok("POST", S + "/projects", {"name": "Other"})
    owner.ok("POST", S + f"/users/{pm.user_id}/roles", {"role": "PROJECT_MANAGER", "entityId": managed["id"]})
    on_managed = entry(member, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", projectId=managed["id"])
    on_other = entry(member, "2026-03-02T11:00:00Z", "2026-03-02T12:00:00Z", projectId=other["id"])
    assert [e["id"] for e in pm.ok("GET", S + f"/user/{member.user_id}/time-entries")] == [on_managed["id"]]
    assert pm.ok("GET", S + f"/time-entries/{on_managed['id']}")["id"] == on_managed["id"]
    assert_clockify_error(pm.get(S + f"/time-entries/{on_other['id']}"), 403, 501)
    assert_clockify_error(pm.delete(S + f"/time-entries/{on_managed['id']}"), 403, 501)


def test_in_progress_list_shows_what_the_caller_may_see(api):
    owner = api.tenant()
    members = [api.member(owner) for _ in range(3)]
    ids = {m.user_id: entry(m, f"2026-03-02T0{i}:00:00Z")["id"] for i, m in enumerate(members, start=1)}
    everything = owner.get(S + "/time-entries/status/in-progress")
    assert everything.headers["Last-Page"] == "true"
    assert [e["id"] for e in everything.json()] == [ids[m.user_id] for m in reversed(members)]
    first_page = owner.get(S + "/time-entries/status/in-progress?page=1&page-size=2")
    assert len(first_page.json()) == 2 and first_page.headers["Last-Page"] == "false"
    assert [e["id"] for e in members[0].ok("GET", S + "/time-entries/status/in-progress")] == [ids[members[0].user_id]]
    assert_clockify_error(owner.get(S + "/time-entries/status/in-progress?page-size=1001"), 400, 501, "page-size")


def test_batch_get(api):
    owner = api.tenant()
    a = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    b = entry(owner, "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z")
    got = owner.ok("POST", S + "/time-entries/batch", {"timeEntryIds": [a["id"], b["id"], "0" * 24], "hydrated": True}, status=200)
    assert [e["id"] for e in got] == [b["id"], a["id"]] and got[0]["user"]["id"] == owner.user_id


def test_billable_defaults_follow_task_then_project(api):
    owner = api.tenant()
    billable = owner.ok("POST", S + "/projects", {"name": "Client work", "billable": True})
    internal = owner.ok("POST", S + "/projects", {"name": "Internal", "billable": False})
    free_task = owner.ok("POST", S + f"/projects/{billable['id']}/tasks", {"name": "Warranty", "billable": False})
    times = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}
    assert entry(owner, **times, projectId=billable["id"])["billable"] is True
    assert entry(owner, **times, projectId=internal["id"])["billable"] is False
    assert entry(owner, **times, projectId=billable["id"], taskId=free_task["id"])["billable"] is False
    assert entry(owner, **times, projectId=internal["id"], billable=True)["billable"] is True
    assert entry(owner, **times)["billable"] is False


def test_rates_are_resolved_by_precedence_and_snapshotted(api):
    owner = api.tenant()
    member = api.member(owner)
    project = owner.ok("POST", S + "/projects", {"name": "Rated", "memberships": [{"userId": member.user_id}]})
    task = owner.ok("POST", S + f"/projects/{project['id']}/tasks", {"name": "Design"})
    times = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": project["id"]}

    def rate_now():
        created = member.ok("POST", S + "/time-entries", {**times, "taskId": task["id"]})
        return created["hourlyRate"]["amount"], created["costRate"]["amount"]

    assert rate_now() == (0, 0)
    owner.ok("PUT", S + "/hourly-rate", {"amount": 1000}, status=200)
    owner.ok("PUT", S + "/cost-rate", {"amount": 500}, status=200)
    assert rate_now() == (1000, 500)
    owner.ok("PUT", S + f"/projects/{project['id']}", {"hourlyRate": {"amount": 2000}}, status=200)
    assert rate_now() == (2000, 500)
    owner.ok("PUT", S + f"/users/{member.user_id}/hourly-rate", {"amount": 3000}, status=200)
    assert rate_now() == (3000, 500)
    owner.ok("PUT", S + f"/projects/{project['id']}/tasks/{task['id']}/hourly-rate", {"amount": 4000}, status=200)
    assert rate_now() == (4000, 500)
    owner.ok("PUT", S + f"/projects/{project['id']}/users/{member.user_id}/hourly-rate", {"amount": 5000}, status=200)
    owner.ok("PUT", S + f"/projects/{project['id']}/users/{member.user_id}/cost-rate", {"amount": 2500}, status=200)
    assert rate_now() == (5000, 2500)
    # A rate set without `since` applies to all time: every earlier entry was re-rated with it.
    earlier = member.ok("GET", S + "/user/{me}/time-entries")
    assert {(e["hourlyRate"]["amount"], e["costRate"]["amount"]) for e in earlier} == {(5000, 2500)}


def test_a_rate_from_a_date_rerates_the_entries_from_that_date_only(api):
    owner = api.tenant()
    member = api.member(owner)
    project = owner.ok("POST", S + "/projects", {"name": "Rerated", "memberships": [{"userId": member.user_id}]})
    owner.ok("PUT", S + "/hourly-rate", {"amount": 1000}, status=200)
    days = ["2026-02-20", "2026-03-01", "2026-03-10"]
    ids = [member.ok("POST", S + "/time-entries", {"start": f"{d}T09:00:00Z", "end": f"{d}T10:00:00Z", "projectId": project["id"]})["id"]
           for d in days]
    other = owner.ok("POST", S + "/time-entries", {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T10:00:00Z"})

    def rates_now():
        return [member.ok("GET", S + f"/time-entries/{i}")["hourlyRate"]["amount"] for i in ids]

    assert rates_now() == [1000, 1000, 1000]
    owner.ok("PUT", S + f"/projects/{project['id']}", {"hourlyRate": {"amount": 2000, "since": "2026-03-01T00:00:00Z"}}, status=200)
    assert rates_now() == [1000, 2000, 2000]
    owner.ok("PUT", S + f"/users/{member.user_id}/hourly-rate", {"amount": 3000, "since": "2026-03-05T00:00:00Z"}, status=200)
    assert rates_now() == [1000, 2000, 3000], "a member rate beats a project rate, from its date on"
    owner.ok("PUT", S + "/hourly-rate", {"amount": 1500, "since": "2026-01-01T00:00:00Z"}, status=200)
    assert rates_now() == [1500, 2000, 3000], "a workspace rate only shows where nothing more specific applies"
    assert owner.ok("GET", S + f"/time-entries/{other['id']}")["hourlyRate"]["amount"] == 1500
    owner.ok("PUT", S + "/cost-rate", {"amount": 700}, status=200)
    assert {member.ok("GET", S + f"/time-entries/{i}")["costRate"]["amount"] for i in ids} == {700}


def test_rate_with_since_applies_from_that_instant(api):
    owner = api.tenant()
    owner.ok("PUT", S + "/hourly-rate", {"amount": 1000}, status=200)
    owner.ok("PUT", S + "/hourly-rate", {"amount": 1500, "since": "2026-03-01T00:00:00Z"}, status=200)
    before = entry(owner, "2026-02-27T09:00:00Z", "2026-02-27T10:00:00Z")
    after = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    assert before["hourlyRate"]["amount"] == 1000 and after["hourlyRate"]["amount"] == 1500


def test_custom_field_values_in_and_out(api):
    owner = api.tenant()
    ticket = owner.ok("POST", S + "/custom-fields", {"name": "Ticket", "type": "NUMBER"})
    kind = owner.ok("POST", S + "/custom-fields", {"name": "Kind", "type": "DROPDOWN_SINGLE", "allowedValues": ["bug", "feature"]})
    created = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", customFields=[
        {"customFieldId": ticket["id"], "value": 42}, {"customFieldId": kind["id"], "value": "bug", "sourceType": "TIMEENTRY"},
    ])
    values = {v["customFieldId"]: v for v in created["customFieldValues"]}
    assert values[ticket["id"]] == {"customFieldId": ticket["id"], "timeEntryId": created["id"], "value": 42, "name": "Ticket", "type": "NUMBER"}
    assert values[kind["id"]]["value"] == "bug"
    assert owner.ok("GET", S + f"/time-entries/{created['id']}")["customFieldValues"] == created["customFieldValues"]
    # `customFieldValues` is the read key; sent on create it is ignored, as on Clockify.
    ignored = entry(owner, "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z",
                    customFieldValues=[{"customFieldId": ticket["id"], "value": 7}])
    assert ignored["customFieldValues"] == []
    owner.ok("DELETE", S + f"/custom-fields/{ticket['id']}", status=204)
    assert [v["name"] for v in owner.ok("GET", S + f"/time-entries/{created['id']}")["customFieldValues"]] == ["Kind"]


def _list(caller, **params):
    response = caller.get(S + "/user/{me}/time-entries", params=params)
    assert response.status_code == 200, response.text
    return response


def test_list_filters(api):
    owner = api.tenant()
    web = owner.ok("POST", S + "/projects", {"name": "Website"})
    app = owner.ok("POST", S + "/projects", {"name": "App"})
    design = owner.ok("POST", S + f"/projects/{web['id']}/tasks", {"name": "Design"})
    red, blue = owner.ok("POST", S + "/tags", {"name": "red"}), owner.ok("POST", S + "/tags", {"name": "blue"})
    e1 = entry(owner, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", description="Landing page", projectId=web["id"], taskId=design["id"], tagIds=[red["id"]])
    e2 = entry(owner, "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", description="Login screen", projectId=app["id"], tagIds=[blue["id"]])
    e3 = entry(owner, "2026-03-04T09:00:00Z", "2026-03-04T10:00:00Z", description="Inbox zero")
    e4 = entry(owner, "2026-03-05T09:00:00Z", description="running")

    def ids(**params):
        return [e["id"] for e in _list(owner, **params).json()]

    assert ids() == [e4["id"], e3["id"], e2["id"], e1["id"]]
    assert ids(description="LOGIN") == [e2["id"]]
    assert ids(description="100%") == []
    assert ids(project=web["id"]) == [e1["id"]]
    assert ids(task=design["id"]) == [e1["id"]]
    assert ids(tags=f"{red['id']},{blue['id']}") == [e2["id"], e1["id"]]
    assert [e["id"] for e in owner.get(S + f"/user/{{me}}/time-entries?tags={red['id']}&tags={blue['id']}").json()] == [e2["id"], e1["id"]]
    assert ids(**{"project-required": "true"}) == [e2["id"], e1["id"]]
    assert ids(**{"task-required": "1"}) == [e1["id"]]
    assert ids(**{"in-progress": "true"}) == [e4["id"]]
    assert ids(**{"in-progress": "0"}) == [e3["id"], e2["id"], e1["id"]]
    assert ids(start="2026-03-03T00:00:00Z", end="2026-03-04T23:59:59Z") == [e3["id"], e2["id"]]
    assert ids(**{"get-week-before": "2026-03-05T00:00:00Z"}) == [e2["id"], e1["id"]]
    hydrated = _list(owner, hydrated="true", project=web["id"]).json()[0]
    assert hydrated["project"]["name"] == "Website" and hydrated["task"]["name"] == "Design"
    assert [t["name"] for t in hydrated["tags"]] == ["red"] and hydrated["user"]["email"] == owner.email
    assert hydrated["projectId"] == web["id"] and hydrated["kiosk"] is None


def test_list_pages_newest_first_without_short_pages(api):
    owner = api.tenant()
    created = [entry(owner, f"2026-03-{d:02d}T09:00:00Z", f"2026-03-{d:02d}T10:00:00Z")["id"] for d in range(1, 8)]
    # Two entries with the same start are ordered by id, so pages never overlap.
    twins = [entry(owner, "2026-03-08T09:00:00Z", "2026-03-08T09:30:00Z")["id"] for _ in range(2)]
    expected = sorted(twins, reverse=True) + list(reversed(created))
    seen = []
    for page in range(1, 5):
        response = _list(owner, page=page, **{"page-size": 3})
        seen += [e["id"] for e in response.json()]
        last = response.headers["Last-Page"] == "true"
        assert len(response.json()) == (3 if page <= 3 else 0), "no short page before the end"
        assert last == (page >= 3)
    assert seen == expected
    assert _list(owner, page=2, pageSize=4).json()[0]["id"] == expected[4]
    assert_clockify_error(owner.get(S + "/user/{me}/time-entries?page-size=5001"), 400, 501, "page-size")
    assert_clockify_error(owner.get(S + "/user/{me}/time-entries?page=0"), 400, 501, "page")
    # A page far past any list is refused, not an offset the database cannot hold (once a 500).
    for path in ("/user/{me}/time-entries", "/projects", "/clients", "/tags"):
        assert_clockify_error(owner.get(S + path + "?page=99999999999999999999"), 400, 501, "page")


def test_window_is_read_in_the_callers_zone_across_dst(api):
    owner = api.tenant(time_zone="America/New_York")
    # 2026-03-08 is a 23-hour day in New York (clocks spring forward at 02:00 EST).
    before_day = entry(owner, "2026-03-08T04:59:00Z", "2026-03-08T05:10:00Z")  # 23:59 EST on 7 March
    first = entry(owner, "2026-03-08T05:00:00Z", "2026-03-08T05:30:00Z")        # 00:00 EST on 8 March
    last = entry(owner, "2026-03-09T03:30:00Z", "2026-03-09T03:45:00Z")         # 23:30 EDT on 8 March
    after_day = entry(owner, "2026-03-09T04:00:00Z", "2026-03-09T04:30:00Z")    # 00:00 EDT on 9 March
    day = _list(owner, start="2026-03-08T00:00:00Z", end="2026-03-08T23:59:59Z").json()
    assert [e["id"] for e in day] == [last["id"], first["id"]]
    assert {before_day["id"], after_day["id"]}.isdisjoint(e["id"] for e in day)
    owner.ok("PATCH", S + "/member-profile/{me}", {"timeZone": "UTC"}, status=200)
    utc_day = _list(owner, start="2026-03-08T00:00:00Z", end="2026-03-08T23:59:59Z").json()
    assert [e["id"] for e in utc_day] == [first["id"], before_day["id"]]


def test_lock_date_blocks_members_not_admins(api):
    from timeledger.db.tables import workspaces

    owner = api.tenant()
    member = api.member(owner)
    old = entry(member, "2026-01-10T09:00:00Z", "2026-01-10T10:00:00Z")

    async def lock(db):
        async with db.write() as conn:
            await conn.execute(workspaces.update().where(workspaces.c.id == owner.ws).values(settings={"lockTimeEntries": "2026-02-01T00:00:00Z"}))

    api.run(lock, api.db)
    assert member.ok("GET", S + f"/time-entries/{old['id']}")["isLocked"] is True
    assert_clockify_error(member.put(S + f"/time-entries/{old['id']}", {"start": "2026-01-10T09:00:00Z"}), 400, 501, "lock")
    assert_clockify_error(member.delete(S + f"/time-entries/{old['id']}"), 400, 501, "lock")
    assert_clockify_error(member.post(S + "/time-entries", {"start": "2026-01-20T09:00:00Z", "end": "2026-01-20T10:00:00Z"}), 400, 501, "lock")
    assert entry(member, "2026-02-02T09:00:00Z", "2026-02-02T10:00:00Z")["isLocked"] is False
    fixed = owner.ok("PUT", S + f"/time-entries/{old['id']}", {"start": "2026-01-10T09:00:00Z", "end": "2026-01-10T11:00:00Z"})
    assert fixed["timeInterval"]["duration"] == "PT2H" and fixed["isLocked"] is True


def test_forced_fields(api):
    from timeledger.db.tables import workspaces

    owner = api.tenant()

    async def force(db):
        async with db.write() as conn:
            await conn.execute(workspaces.update().where(workspaces.c.id == owner.ws).values(settings={"forceProjects": True, "forceDescription": True}))

    api.run(force, api.db)
    times = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}
    assert_clockify_error(owner.post(S + "/time-entries", {**times, "description": "x"}), 400, 501, "Project")
    project = owner.ok("POST", S + "/projects", {"name": "Required"})
    assert_clockify_error(owner.post(S + "/time-entries", {**times, "projectId": project["id"]}), 400, 501, "Description")
    assert entry(owner, **times, projectId=project["id"], description="ok")["projectId"] == project["id"]
    assert entry(owner, **times, type="BREAK")["type"] == "BREAK"
