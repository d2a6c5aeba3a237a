"""Clockify's approval requests (clockify-api.md 3.12) over the shared timesheets."""

from __future__ import annotations

from tests.support import assert_clockify_error, snapshot

S = "/v1/workspaces/{ws}"
WEEK = {"periodStart": "2026-03-02T00:00:00Z", "period": "WEEKLY"}


def test_submit_approve_and_list(api):
    owner = api.tenant()
    member = api.member(owner, name="Mia")
    member.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T11:30:00Z"})
    member.ok("POST", S + "/time-entries", {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T10:00:00Z"})
    request = member.ok("POST", S + "/approval-requests", WEEK)
    assert request["workspaceId"] == owner.ws
    assert request["dateRange"] == {"start": "2026-03-02T00:00:00Z", "end": "2026-03-08T23:59:59Z"}
    assert request["owner"]["userId"] == member.user_id and request["owner"]["userName"] == "Mia"
    assert request["creator"]["userId"] == member.user_id
    assert request["status"]["state"] == "PENDING" and request["status"]["updatedBy"] == member.user_id

    pending = owner.ok("GET", S + "/approval-requests?status=PENDING", status=200)
    assert [d["approvalRequest"]["id"] for d in pending] == [request["id"]]
    details = pending[0]
    assert details["trackedTime"] == "PT2H30M" and details["pendingTime"] == "PT2H30M" and details["approvedTime"] == "PT0S"
    assert [e["timeInterval"]["start"] for e in details["entries"]] == ["2026-03-03T09:00:00Z"]
    assert owner.ok("GET", S + "/approval-requests?status=APPROVED", status=200) == []

    # Members do not approve their own time; the owner (an admin) does.
    assert_clockify_error(member.patch(S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}), 403)
    approved = owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED", "note": "ok"}, status=200)
    assert approved["status"]["state"] == "APPROVED" and approved["status"]["note"] == "ok"
    assert approved["status"]["updatedBy"] == owner.user_id
    listed = owner.ok("GET", S + "/approval-requests?status=APPROVED", status=200)
    assert listed[0]["approvedTime"] == "PT2H30M" and listed[0]["pendingTime"] == "PT0S"
    # The member sees their own request; another member sees nothing of it.
    assert [d["approvalRequest"]["id"] for d in member.ok("GET", S + "/approval-requests", status=200)] == [request["id"]]
    assert api.member(owner).ok("GET", S + "/approval-requests", status=200) == []


def test_state_changes(api):
    owner = api.tenant()
    member = api.member(owner)
    request_id = member.ok("POST", S + "/approval-requests", WEEK)["id"]

    def state(new, caller=owner, **extra):
        return caller.ok("PATCH", S + f"/approval-requests/{request_id}", {"state": new, **extra}, status=200)["status"]

    assert state("WITHDRAWN_SUBMISSION", member)["state"] == "WITHDRAWN_SUBMISSION"
    assert owner.ok("GET", S + "/approval-requests?status=WITHDRAWN_SUBMISSION", status=200)[0]["approvalRequest"]["id"] == request_id
    again = member.ok("POST", S + "/approval-requests/resubmit-entries-for-approval", WEEK, status=200)
    assert again["id"] == request_id and again["status"]["state"] == "PENDING"
    rejected = state("REJECTED", note="Missing Friday")
    assert rejected["state"] == "REJECTED" and rejected["note"] == "Missing Friday"
    assert state("PENDING", member)["state"] == "PENDING"
    assert state("APPROVED")["state"] == "APPROVED"
    assert state("WITHDRAWN_APPROVAL")["state"] == "WITHDRAWN_APPROVAL"
    # An admin submits for someone else.
    other = owner.ok("POST", S + f"/approval-requests/users/{member.user_id}",
                     {"periodStart": "2026-03-09T00:00:00Z", "period": "WEEKLY"})
    assert other["owner"]["userId"] == member.user_id and other["creator"]["userId"] == owner.user_id
    resubmitted = owner.ok("POST", S + f"/approval-requests/users/{member.user_id}/resubmit-entries-for-approval", WEEK,
                           status=200)
    assert resubmitted["id"] == request_id and resubmitted["status"]["state"] == "PENDING"


def test_bad_input(api):
    owner = api.tenant()
    member = api.member(owner)
    colleague = api.member(owner)
    request_id = member.ok("POST", S + "/approval-requests", WEEK)["id"]
    before = snapshot(api, owner.ws)
    assert_clockify_error(member.post(S + "/approval-requests", {}), 400, 501)
    assert_clockify_error(member.post(S + "/approval-requests", {"periodStart": "next week"}), 400, 501)
    assert_clockify_error(member.post(S + "/approval-requests", {**WEEK, "period": "MONTHLY"}), 400, 501, "WEEKLY")
    assert_clockify_error(member.post(S + "/approval-requests", {**WEEK, "period": "DAILY"}), 400, 501)
    assert_clockify_error(member.post(S + "/approval-requests", WEEK), 400, 501, "Waiting")  # already submitted
    assert_clockify_error(member.post(S + f"/approval-requests/users/{colleague.user_id}", WEEK), 403)
    assert_clockify_error(owner.patch(S + f"/approval-requests/{request_id}", {"state": "DONE"}), 400, 501)
    assert_clockify_error(owner.patch(S + f"/approval-requests/{request_id}", {}), 400, 501)
    assert_clockify_error(owner.patch(S + f"/approval-requests/{request_id}", {"state": "WITHDRAWN_APPROVAL"}), 400, 501)
    assert_clockify_error(owner.patch(S + f"/approval-requests/{request_id}", {"state": "APPROVED", "note": "x" * 3001}),
                          400, 501)
    assert_clockify_error(owner.patch(S + "/approval-requests/not-an-id", {"state": "APPROVED"}), 400, 501)
    assert_clockify_error(owner.patch(S + "/approval-requests/0123456789abcdef01234567", {"state": "APPROVED"}), 400, 501)
    assert_clockify_error(owner.get(S + "/approval-requests?status=SOMETIMES"), 400)
    assert_clockify_error(owner.get(S + "/approval-requests?sort-column=NAME"), 400)
    assert snapshot(api, owner.ws) == before


def test_other_workspaces_requests_are_invisible(api):
    owner = api.tenant()
    other = api.tenant("Other")
    theirs = other.ok("POST", S + "/approval-requests", WEEK)
    assert owner.ok("GET", S + "/approval-requests", status=200) == []
    assert_clockify_error(owner.patch(S + f"/approval-requests/{theirs['id']}", {"state": "APPROVED"}),
                          400, 501, "doesn't belong to Workspace")
    assert_clockify_error(owner.post(S + f"/approval-requests/users/{other.user_id}", WEEK), 400, 501)
    assert other.ok("GET", S + "/approval-requests?status=PENDING", status=200)[0]["approvalRequest"]["id"] == theirs["id"]


def test_workspace_timesheet_settings(api):
    owner = api.tenant()
    member = api.member(owner)
    settings = owner.ok("PATCH", S + "/settings", {"timesheetPeriod": "BIWEEKLY", "timesheetAnchorDate": "2026-02-23",
                                                    "minTimeIncrement": 15, "taskRestriction": "BY_JOB",
                                                    "lockTimeEntries": "2026-01-01T00:00:00Z"}, status=200)
    ws = settings["workspaceSettings"]
    assert ws["timesheetPeriod"] == "BIWEEKLY" and ws["timesheetAnchorDate"] == "2026-02-23"
    assert ws["minTimeIncrement"] == 15 and ws["taskRestriction"] == "BY_JOB"
    assert ws["lockTimeEntries"] == "2026-01-01T00:00:00Z"
    assert owner.ok("GET", S, status=200)["workspaceSettings"]["timesheetPeriod"] == "BIWEEKLY"
    request = owner.ok("POST", S + "/approval-requests", {"periodStart": "2026-03-05T00:00:00Z", "period": "BIWEEKLY"})
    assert request["dateRange"] == {"start": "2026-02-23T00:00:00Z", "end": "2026-03-08T23:59:59Z"}
    before = snapshot(api, owner.ws)
    for bad in ({"timesheetPeriod": "DAILY"}, {"timesheetAnchorDate": "soon"}, {"minTimeIncrement": 7},
                {"minTimeIncrement": "15"}, {"taskRestriction": "ANY"}):
        assert_clockify_error(owner.patch(S + "/settings", bad), 400, 501)
    assert_clockify_error(member.patch(S + "/settings", {"timesheetPeriod": "MONTHLY"}), 403)
    assert snapshot(api, owner.ws) == before


def test_entries_name_the_approval_request_of_their_period(api):
    owner = api.tenant()
    member = api.member(owner, name="Mia")
    first = member.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T11:00:00Z"})
    later = member.ok("POST", S + "/time-entries", {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T10:00:00Z"})
    mine = owner.ok("POST", S + "/time-entries", {"start": "2026-03-04T09:00:00Z", "end": "2026-03-04T10:00:00Z"})
    assert first["approvalRequestId"] is None

    def listed(caller=member):
        rows = caller.ok("GET", S + f"/user/{caller.user_id}/time-entries?page-size=50", status=200)
        return {e["id"]: e["approvalRequestId"] for e in rows}

    assert set(listed().values()) == {None}
    request = member.ok("POST", S + "/approval-requests", WEEK)
    assert listed() == {first["id"]: request["id"], later["id"]: None}
    assert member.ok("GET", S + f"/time-entries/{first['id']}", status=200)["approvalRequestId"] == request["id"]
    # Another person's entry in the same week has no request of its own.
    assert listed(owner) == {mine["id"]: None}
    # An entry written into the waiting period names it at once; so do the request's entries.
    added = member.ok("POST", S + "/time-entries", {"start": "2026-03-05T09:00:00Z", "end": "2026-03-05T09:30:00Z"})
    assert added["approvalRequestId"] == request["id"]
    details = owner.ok("GET", S + "/approval-requests?status=PENDING", status=200)[0]
    assert {e["approvalRequestId"] for e in details["entries"]} == {request["id"]}
    # Approved, withdrawn: still that request (it is the period's); the other week stays without one.
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    assert listed()[first["id"]] == request["id"]
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "WITHDRAWN_APPROVAL"}, status=200)
    assert listed() == {first["id"]: request["id"], added["id"]: request["id"], later["id"]: None}
    # The detailed report names it too.
    body = {"dateRangeStart": "2026-03-01T00:00:00Z", "dateRangeEnd": "2026-03-15T23:59:59Z",
            "detailedFilter": {"pageSize": 50}}
    rows = owner.ok("POST", S + "/reports/detailed", body, status=200)["timeentries"]
    assert {r["id"]: r["approvalRequestId"] for r in rows} == {
        first["id"]: request["id"], added["id"]: request["id"], later["id"]: None, mine["id"]: None}
    # The same id is the ClickTime timesheet's.
    from tests.api.clicktime.ct import CT

    sheet = CT(member).ok("GET", "/Me/Timesheets/2026-03-03")
    assert sheet["ID"] == request["id"]


def test_a_page_of_entries_asks_for_its_approval_requests_once(api):
    import sqlalchemy as sa

    owner = api.tenant()
    from datetime import date, timedelta

    for week in range(6):  # six periods, every other one submitted
        start = f"{date(2026, 3, 2) + timedelta(weeks=week)}T09:00:00Z"
        owner.ok("POST", S + "/time-entries", {"start": start, "end": start.replace("T09", "T10")})
        if week % 2 == 0:
            owner.ok("POST", S + "/approval-requests", {"periodStart": start.replace("T09", "T00"), "period": "WEEKLY"})
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    engine = api.db.engine.sync_engine
    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        rows = owner.ok("GET", S + f"/user/{owner.user_id}/time-entries?page-size=50", status=200)
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert len(rows) == 6 and sum(1 for r in rows if r["approvalRequestId"]) == 3
    assert sum(1 for s in statements if "FROM timesheets" in s) == 1
