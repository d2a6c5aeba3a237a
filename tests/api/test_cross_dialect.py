"""One set of rows, two dialects: what ClickTime writes Clockify reads, and the reverse; a locked
timesheet refuses writes through both; a rate set through one shows on the other's entries."""

from __future__ import annotations

from tests.api.clicktime.ct import CT, ct_error
from tests.support import assert_clockify_error, snapshot

S = "/v1/workspaces/{ws}"


def _setup(api, zone: str | None = "Europe/Berlin"):
    owner = CT(api.tenant("Both", zone))
    worker = CT(api.member(owner.caller, "MEMBER", "Worker"))
    job = owner.ok("POST", "/Jobs", {"Name": "Site"})
    task = owner.ok("POST", "/Tasks", {"Name": "Design"})
    return owner, worker, job, task


def test_an_entry_written_through_clicktime_reads_the_same_through_clockify(api):
    owner, _, job, task = _setup(api)
    timed = owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-02", "StartTime": "08:30", "Hours": 2.25,
                                                 "JobID": job["ID"], "TaskID": task["ID"], "Comment": "Plans"})
    seen = owner.caller.ok("GET", S + f"/time-entries/{timed['ID']}", status=200)
    assert seen["timeInterval"] == {"start": "2026-03-02T07:30:00Z", "end": "2026-03-02T09:45:00Z", "duration": "PT2H15M"}
    assert (seen["projectId"], seen["description"], seen["userId"]) == (job["ID"], "Plans", owner.user_id)
    clockify_task = owner.caller.ok("GET", S + f"/projects/{job['ID']}/tasks/{seen['taskId']}", status=200)
    assert clockify_task["name"] == "Design"
    # Hours on a date: 09:00 in the owner's zone (Berlin, CET in March), for that many hours.
    hours = owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-03", "Hours": 7.5, "JobID": job["ID"], "TaskID": task["ID"]})
    seen = owner.caller.ok("GET", S + f"/time-entries/{hours['ID']}", status=200)
    assert seen["timeInterval"] == {"start": "2026-03-03T08:00:00Z", "end": "2026-03-03T15:30:00Z", "duration": "PT7H30M"}
    assert seen["taskId"] == clockify_task["id"]  # the same (job, task) pair


def test_an_entry_written_through_clockify_reads_the_same_through_clicktime(api):
    owner, _, job, task = _setup(api)
    pair = owner.caller.ok("POST", S + f"/projects/{job['ID']}/tasks", {"name": "Survey"})
    created = owner.caller.ok("POST", S + "/time-entries", {
        "start": "2026-03-04T12:00:00Z", "end": "2026-03-04T13:45:00Z", "projectId": job["ID"], "taskId": pair["id"],
        "description": "Field work"})
    seen = owner.ok("GET", f"/Me/TimeEntries/{created['id']}")
    assert (seen["Date"], seen["Hours"], seen["JobID"], seen["Comment"], seen["StartTime"], seen["EndTime"]) == (
        "2026-03-04", 1.75, job["ID"], "Field work", "13:00", "14:45")
    assert owner.ok("GET", f"/Tasks/{seen['TaskID']}")["Name"] == "Survey"  # the company task of the pair
    assert seen["TaskID"] != task["ID"]
    # An entry with no task (Clockify allows it) reads with TaskID null, and ClickTime can give it one.
    bare = owner.caller.ok("POST", S + "/time-entries", {"start": "2026-03-05T08:00:00Z", "end": "2026-03-05T09:00:00Z",
                                                         "projectId": job["ID"]})
    assert owner.ok("GET", f"/Me/TimeEntries/{bare['id']}")["TaskID"] is None
    given = owner.ok("PATCH", f"/Me/TimeEntries/{bare['id']}", {"TaskID": task["ID"]})
    assert given["TaskID"] == task["ID"] and given["Hours"] == 1.0
    assert owner.caller.ok("GET", S + f"/time-entries/{bare['id']}", status=200)["timeInterval"]["duration"] == "PT1H"
    # A Clockify edit shows through ClickTime.
    owner.caller.ok("PUT", S + f"/time-entries/{created['id']}", {
        "start": "2026-03-04T12:00:00Z", "end": "2026-03-04T15:00:00Z", "projectId": job["ID"], "taskId": pair["id"],
        "description": "Longer"}, status=200)
    assert owner.ok("GET", f"/Me/TimeEntries/{created['id']}")["Hours"] == 3.0


def test_a_locked_timesheet_refuses_writes_through_both(api):
    owner, worker, job, task = _setup(api)
    through_clockify = worker.caller.ok("POST", S + "/time-entries", {
        "start": "2026-03-03T09:00:00Z", "end": "2026-03-03T10:00:00Z", "projectId": job["ID"]})
    through_clicktime = worker.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-04", "Hours": 1, "JobID": job["ID"],
                                                              "TaskID": task["ID"]})
    locked = owner.ok("POST", f"/Timesheets/2026-03-04/Users/{worker.user_id}/Actions", {"Action": "Lock"}, status=200)
    assert (locked["StartDate"], locked["EndDate"]) == ("2026-03-02", "2026-03-08")
    before = snapshot(api, owner.ws)
    body = {"start": "2026-03-05T09:00:00Z", "end": "2026-03-05T10:00:00Z", "projectId": job["ID"]}
    for response in (
        worker.caller.post(S + "/time-entries", body),
        worker.caller.put(S + f"/time-entries/{through_clockify['id']}", body),
        worker.caller.delete(S + f"/time-entries/{through_clockify['id']}"),
        worker.caller.delete(S + f"/time-entries/{through_clicktime['ID']}"),
    ):
        assert_clockify_error(response, 400, contains="2026-03-02")
    for response in (
        worker.post("/Me/TimeEntries", {"Date": "2026-03-06", "Hours": 1, "JobID": job["ID"], "TaskID": task["ID"]}),
        worker.patch(f"/Me/TimeEntries/{through_clockify['id']}", {"Hours": 2}),
        worker.delete(f"/Me/TimeEntries/{through_clicktime['ID']}"),
    ):
        problem = ct_error(response, 403, contains="locked")
        assert "2026-03-02" in problem["Message"] and "2026-03-08" in problem["Message"]
    assert snapshot(api, owner.ws) == before
    # Unlocked, the period takes writes again.
    owner.ok("POST", f"/Timesheets/{locked['ID']}/Actions", {"Action": "Unlock"}, status=200)
    worker.caller.ok("POST", S + "/time-entries", body)


def test_a_rate_set_through_one_dialect_shows_on_the_others_entries(api):
    owner, worker, job, task = _setup(api)
    # ClickTime sets the person's billing rate; Clockify's entries carry it.
    owner.ok("PATCH", f"/Users/{worker.user_id}", {"BillingRate": 80, "CostRate": 30})
    through_clockify = worker.caller.ok("POST", S + "/time-entries", {
        "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": job["ID"]})
    assert through_clockify["hourlyRate"]["amount"] == 8000 and through_clockify["costRate"]["amount"] == 3000
    assert worker.ok("GET", f"/Me/TimeEntries/{through_clockify['id']}")["BillingRate"] == 80.0
    # Clockify sets the project's rate; ClickTime's entries of someone without a rate of their own carry it.
    owner.caller.ok("PUT", S + f"/projects/{job['ID']}", {"hourlyRate": {"amount": 12550}}, status=200)
    assert owner.ok("GET", f"/Jobs/{job['ID']}")["BillingRate"] == 125.5
    through_clicktime = owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-03", "Hours": 2, "JobID": job["ID"],
                                                             "TaskID": task["ID"]})
    assert through_clicktime["BillingRate"] == 125.5
    seen = owner.caller.ok("GET", S + f"/time-entries/{through_clicktime['ID']}", status=200)
    assert seen["hourlyRate"]["amount"] == 12550
    # And a task rate set through Clockify on the (job, task) pair outranks the person's.
    owner.caller.ok("PUT", S + f"/projects/{job['ID']}/tasks/{seen['taskId']}/hourly-rate", {"amount": 9900}, status=200)
    later = worker.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-04", "Hours": 1, "JobID": job["ID"], "TaskID": task["ID"]})
    assert later["BillingRate"] == 99.0 and later["CostRate"] == 30.0


def test_a_rate_set_on_a_clicktime_entry_is_the_entrys_rate_everywhere(api):
    owner, worker, job, task = _setup(api)
    owner.ok("PATCH", f"/Users/{worker.user_id}", {"BillingRate": 80, "CostRate": 30})
    entry = owner.ok("POST", "/TimeEntries", {"Date": "2026-03-02", "Hours": 2, "JobID": job["ID"], "TaskID": task["ID"],
                                              "UserID": worker.user_id, "BillingRate": 150, "CostRate": 45.25})
    assert (entry["BillingRate"], entry["CostRate"]) == (150, 45.25)
    seen = worker.caller.ok("GET", S + f"/time-entries/{entry['ID']}", status=200)
    assert (seen["hourlyRate"], seen["costRate"]) == ({"amount": 15000, "currency": "USD"}, {"amount": 4525, "currency": "USD"})
    # The worker changes the comment through ClickTime: the admin's rates stay.
    assert worker.ok("PATCH", f"/Me/TimeEntries/{entry['ID']}", {"Comment": "Done"})["BillingRate"] == 150
    # Clockify's detailed report prices the entry with them: 2 h x 150.00 earned, 2 h x 45.25 cost.
    report = owner.caller.ok("POST", S + "/reports/detailed", {
        "dateRangeStart": "2026-03-01T00:00:00Z", "dateRangeEnd": "2026-03-31T23:59:59Z", "amounts": ["EARNED", "COST"],
        "detailedFilter": {"pageSize": 50}}, status=200)
    row = next(r for r in report["timeentries"] if r["_id"] == entry["ID"])
    assert (row["rate"], row["costRate"]["amount"]) == (15000, 4525)
    assert {t["type"]: t["value"] for t in report["totals"][0]["amounts"]} == {"EARNED": 30000, "COST": 9050}
    # Someone who is not an admin cannot set them, through /Me or for the company.
    ct_error(worker.patch(f"/Me/TimeEntries/{entry['ID']}", {"BillingRate": 1}), 403)
