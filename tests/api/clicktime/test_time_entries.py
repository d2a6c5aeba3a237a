"""Time entries (/Me/TimeEntries, /TimeEntries, /Manage/Timesheets/TimeEntries) and timers."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.api.clicktime.ct import CT, ct_error, member
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"
ENTRY_FIELDS = {"ID", "Date", "Hours", "JobID", "TaskID", "UserID", "Comment", "StartTime", "EndTime", "BreakTime",
                "BillingRate", "CostRate", "CostCodeID", "LaborCodeID", "TimeEntryTypeID", "CustomFields"}


@pytest.fixture
def setup(api):
    owner = CT(api.tenant("Acme", "America/New_York"))
    job = owner.ok("POST", "/Jobs", {"Name": "Site"})
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    build = owner.ok("POST", "/Tasks", {"Name": "Build"})
    return owner, job, design, build


def entry(job, task, **more):
    return {"Date": "2026-03-02", "Hours": 2, "JobID": job["ID"], "TaskID": task["ID"], **more}


def clockify(owner: CT, entry_id: str) -> dict:
    return owner.caller.ok("GET", f"/v1/workspaces/{{ws}}/time-entries/{entry_id}", status=200)


def test_hours_on_a_date_start_at_nine_in_the_owners_zone(api, setup):
    owner, job, design, _ = setup
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, Hours=1.5, Comment="Sketches"))
    assert set(created) == ENTRY_FIELDS
    assert (created["Date"], created["Hours"], created["JobID"], created["TaskID"], created["UserID"], created["Comment"],
            created["StartTime"], created["EndTime"]) == ("2026-03-02", 1.5, job["ID"], design["ID"], owner.user_id,
                                                         "Sketches", None, None)
    seen = clockify(owner, created["ID"])
    assert seen["timeInterval"]["start"] == "2026-03-02T14:00:00Z"  # 09:00 in New York (EST)
    assert seen["timeInterval"]["duration"] == "PT1H30M" and seen["projectId"] == job["ID"]
    assert seen["description"] == "Sketches"
    assert owner.ok("GET", f"/Me/TimeEntries/{created['ID']}") == created


def test_start_end_and_break(api, setup):
    owner, job, design, _ = setup
    full = owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-03", "JobID": job["ID"], "TaskID": design["ID"],
                                                "StartTime": "09:00", "EndTime": "17:00", "BreakTime": 1})
    assert (full["Hours"], full["StartTime"], full["EndTime"], full["BreakTime"]) == (7.0, "09:00", "17:00", 1.0)
    seen = clockify(owner, full["ID"])
    assert (seen["timeInterval"]["start"], seen["timeInterval"]["end"]) == ("2026-03-03T14:00:00Z", "2026-03-03T21:00:00Z")
    half = owner.ok("POST", "/Me/TimeEntries", entry(job, design, StartTime="13:30", Hours=2.5))
    assert (half["StartTime"], half["EndTime"]) == ("13:30", "16:00")
    # Dropping the start time makes it hours on a date again.
    again = owner.ok("PATCH", f"/Me/TimeEntries/{half['ID']}", {"StartTime": None})
    assert (again["StartTime"], again["EndTime"], again["Hours"]) == (None, None, 2.5)


def test_patch_changes_what_is_given(api, setup):
    owner, job, design, build = setup
    other_job = owner.ok("POST", "/Jobs", {"Name": "Other site"})
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, Comment="First", StartTime="08:15"))
    changed = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"Comment": "Second"})
    assert {**created, "Comment": "Second"} == changed
    changed = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"Hours": 3.25, "TaskID": build["ID"]})
    assert (changed["Hours"], changed["TaskID"], changed["StartTime"], changed["EndTime"]) == (3.25, build["ID"], "08:15", "11:30")
    moved = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"JobID": other_job["ID"], "Date": "2026-03-04"})
    assert (moved["JobID"], moved["TaskID"], moved["Date"], moved["Hours"]) == (other_job["ID"], build["ID"], "2026-03-04", 3.25)
    assert clockify(owner, created["ID"])["projectId"] == other_job["ID"]
    owner.ok("DELETE", f"/Me/TimeEntries/{created['ID']}")
    ct_error(owner.get(f"/Me/TimeEntries/{created['ID']}"), 404)


BAD = [
    ({"Date": None}, "Date"), ({"JobID": None}, "JobID"), ({"TaskID": None}, "TaskID"), ({"Hours": None}, "Hours"),
    ({"Date": "2026-02-30"}, "Date"), ({"Date": 20260302}, "Date"), ({"Date": "9999-12-31"}, "Date"), ({"Hours": 24.5}, "Hours"), ({"Hours": -1}, "Hours"),
    ({"Hours": "2"}, "Hours"), ({"JobID": MISSING}, "JobID"), ({"TaskID": MISSING}, "TaskID"), ({"TaskID": "x"}, "TaskID"),
    ({"StartTime": "9am"}, "StartTime"), ({"StartTime": "24:00"}, "StartTime"), ({"EndTime": "17:00"}, "EndTime"),
    ({"StartTime": "10:00", "EndTime": "09:00"}, "EndTime"), ({"StartTime": "09:00", "EndTime": "10:00", "Hours": 2}, "Hours"),
    ({"StartTime": "09:00", "EndTime": "10:00", "BreakTime": 2}, "BreakTime"), ({"BreakTime": "1"}, "BreakTime"),
    ({"Comment": "c" * 3001}, "Comment"), ({"Comment": 5}, "Comment"), ({"BillingRate": -5}, "BillingRate"),
    ({"CostRate": "10"}, "CostRate"), ({"BillingRate": 10**12}, "BillingRate"), ({"CostCodeID": MISSING}, "CostCodeID"), ({"LaborCodeID": "nope"}, "LaborCodeID"),
    ({"TimeEntryTypeID": MISSING}, "TimeEntryTypeID"), ({"UserID": MISSING}, "UserID"),
]


@pytest.mark.parametrize("change,field", BAD)
def test_bad_entries_are_400_and_write_nothing(api, setup, change, field):
    owner, job, design, _ = setup
    body = {k: v for k, v in {**entry(job, design), **change}.items() if v is not None}
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Me/TimeEntries", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize("change,field", [
    ({"Hours": 25}, "Hours"), ({"UserID": MISSING}, "UserID"), ({"JobID": None}, "JobID"), ({"TaskID": MISSING}, "TaskID"),
    ({"EndTime": "08:00"}, "EndTime"), ({"BillingRate": -1}, "BillingRate"), ({"CostRate": True}, "CostRate"), ({"Date": "tomorrow"}, "Date"),
])
def test_bad_patches_are_400_and_write_nothing(api, setup, change, field):
    owner, job, design, _ = setup
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, StartTime="09:00"))
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Me/TimeEntries/{created['ID']}", change), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_lists_filters_and_paging(api, setup):
    owner, job, design, build = setup
    worker = member(api, owner)
    ids = [owner.ok("POST", "/Me/TimeEntries", entry(job, design, Date=f"2026-03-0{d}"))["ID"] for d in (2, 3, 4)]
    built = owner.ok("POST", "/Me/TimeEntries", entry(job, build, Date="2026-03-05"))["ID"]
    theirs = worker.ok("POST", "/Me/TimeEntries", entry(job, design, Date="2026-03-05"))["ID"]
    mine = owner.page("/Me/TimeEntries?limit=2")
    assert mine["page"]["count"] == 4 and len(mine["data"]) == 2
    assert owner.page("/Me/TimeEntries?limit=5000")["page"]["limit"] == 500
    assert [e["ID"] for e in owner.ok("GET", f"/Me/TimeEntries?TaskID={build['ID']}")] == [built]
    assert sorted(e["ID"] for e in owner.ok("GET", "/Me/TimeEntries?StartDate=2026-03-03&EndDate=2026-03-04")) == sorted(ids[1:3])
    assert [e["ID"] for e in owner.ok("GET", "/Me/TimeEntries?FromDate=2026-03-05")] == [built]
    assert [e["ID"] for e in owner.ok("GET", "/Me/TimeEntries?EntryDate=2026-03-02")] == [ids[0]]
    assert [e["ID"] for e in worker.ok("GET", "/Me/TimeEntries")] == [theirs]
    every = owner.page(f"/TimeEntries?JobID={job['ID']}")
    assert every["page"]["count"] == 5
    assert [e["ID"] for e in owner.ok("GET", f"/TimeEntries?UserID={worker.user_id}")] == [theirs]
    assert [e["ID"] for e in owner.ok("GET", f"/Manage/Timesheets/TimeEntries?UserID={worker.user_id}")] == [theirs]
    verbose = owner.ok("GET", f"/TimeEntries/{theirs}?verbose=true")
    assert verbose["Job"]["ID"] == job["ID"] and verbose["Task"]["Name"] == "Design" and verbose["User"]["ID"] == worker.user_id
    ct_error(worker.get("/TimeEntries"), 403)
    ct_error(worker.get(f"/Me/TimeEntries/{ids[0]}"), 404)
    ct_error(owner.get(f"/Me/TimeEntries/{theirs}"), 404)  # not the owner's own
    for query, field in (("StartDate=2026-13-01", "StartDate"), ("EndDate=x", "EndDate"), ("limit=0", "limit"),
                         ("StartDate=2026-03-05&EndDate=2026-03-01", "EndDate"),
                         ("EntryDate=2026-03-02&EntryDate=2026-03-03", "EntryDate"), ("EntryDate=2026-3-2", "EntryDate")):
        ct_error(owner.get(f"/Me/TimeEntries?{query}"), 400, field=field)


def test_company_writes_for_someone_else(api, setup):
    owner, job, design, _ = setup
    worker = member(api, owner)
    created = owner.ok("POST", "/TimeEntries", {**entry(job, design), "UserID": worker.user_id})
    assert created["UserID"] == worker.user_id
    assert [e["ID"] for e in worker.ok("GET", "/Me/TimeEntries")] == [created["ID"]]
    assert owner.ok("PATCH", f"/TimeEntries/{created['ID']}", {"Hours": 1})["Hours"] == 1.0
    owner.ok("DELETE", f"/Manage/Timesheets/TimeEntries/{created['ID']}")
    before = snapshot(api, owner.ws)
    ct_error(worker.post("/TimeEntries", {**entry(job, design), "UserID": owner.user_id}), 403)
    ct_error(worker.post("/Me/TimeEntries", {**entry(job, design), "UserID": owner.user_id}), 400, field="UserID")
    ct_error(owner.post("/TimeEntries", {**entry(job, design), "UserID": MISSING}), 400, field="UserID")
    assert snapshot(api, owner.ws) == before


def test_another_companys_rows_are_not_found(api, setup):
    owner, job, design, _ = setup
    other = CT(api.tenant("Other"))
    theirs_job = other.ok("POST", "/Jobs", {"Name": "Theirs"})
    theirs_task = other.ok("POST", "/Tasks", {"Name": "Theirs"})
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design))
    for method in ("GET", "PATCH", "DELETE"):
        ct_error(other.request(method, f"/TimeEntries/{created['ID']}", json={} if method == "PATCH" else None), 404)
        ct_error(other.request(method, f"/Me/TimeEntries/{created['ID']}", json={} if method == "PATCH" else None), 404)
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Me/TimeEntries", entry(theirs_job, design)), 400, field="JobID")
    ct_error(owner.post("/Me/TimeEntries", entry(job, theirs_task)), 400, field="TaskID")
    assert snapshot(api, owner.ws) == before


def test_by_job_restriction_and_increments(api, setup):
    owner, job, design, build = setup
    owner.ok("POST", f"/Jobs/{job['ID']}/Tasks", {"TaskID": design["ID"]}, status=200)
    owner.ok("PATCH", "/Company", {"TaskRestrictionMethod": "byjob", "MinTimeIncrement": 0.25})
    worker = member(api, owner)  # a fresh access reads the new settings
    ct_error(worker.post("/Me/TimeEntries", entry(job, build)), 400, field="TaskID")
    assert worker.ok("POST", "/Me/TimeEntries", entry(job, design, Hours=1.1))["Hours"] == 1.0
    assert worker.ok("POST", "/Me/TimeEntries", entry(job, design, Hours=1.2))["Hours"] == 1.25


def test_work_codes_on_entries(api, setup):
    owner, job, design, _ = setup
    cost = owner.ok("POST", "/CostCodes", {"Name": "Overhead"})
    labor = owner.ok("POST", "/LaborCodes", {"Name": "Skilled"})
    kind = owner.ok("POST", "/TimeEntryTypes", {"Name": "Travel"})
    retired = owner.ok("POST", "/CostCodes", {"Name": "Retired", "IsActive": False})
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, CostCodeID=cost["ID"], LaborCodeID=labor["ID"],
                                                        TimeEntryTypeID=kind["ID"]))
    assert (created["CostCodeID"], created["LaborCodeID"], created["TimeEntryTypeID"]) == (cost["ID"], labor["ID"], kind["ID"])
    seen = clockify(owner, created["ID"])
    assert (seen["costCodeId"], seen["laborCodeId"], seen["timeEntryTypeId"]) == (cost["ID"], labor["ID"], kind["ID"])
    assert [e["ID"] for e in owner.ok("GET", f"/Me/TimeEntries?CostCodeID={cost['ID']}")] == [created["ID"]]
    ct_error(owner.post("/Me/TimeEntries", entry(job, design, CostCodeID=retired["ID"])), 400, field="CostCodeID")
    ct_error(owner.post("/Me/TimeEntries", entry(job, design, CostCodeID=labor["ID"])), 400, field="CostCodeID")
    problem = ct_error(owner.delete(f"/CostCodes/{cost['ID']}"), 400, field="ID")
    assert "IsActive" in problem["Message"]
    cleared = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"CostCodeID": None})
    assert cleared["CostCodeID"] is None and cleared["LaborCodeID"] == labor["ID"]
    owner.ok("DELETE", f"/CostCodes/{cost['ID']}")


def test_an_approved_or_locked_period_refuses_writes(api, setup):
    owner, job, design, _ = setup
    worker = member(api, owner)
    created = worker.ok("POST", "/Me/TimeEntries", entry(job, design, Date="2026-03-03"))
    worker.ok("POST", "/Me/Timesheets/2026-03-03/Actions", {"Action": "Submit"}, status=200)
    owner.ok("POST", f"/Manage/Timesheets/2026-03-03/Users/{worker.user_id}/Actions", {"Action": "Approve"}, status=200)
    before = snapshot(api, owner.ws)
    for response in (
        worker.post("/Me/TimeEntries", entry(job, design, Date="2026-03-04")),
        worker.patch(f"/Me/TimeEntries/{created['ID']}", {"Hours": 5}),
        worker.delete(f"/Me/TimeEntries/{created['ID']}"),
        owner.patch(f"/TimeEntries/{created['ID']}", {"Date": "2026-03-10"}),
    ):
        problem = ct_error(response, 403, contains="approved")
        assert "2026-03-02" in problem["Message"] and "2026-03-08" in problem["Message"]
    assert snapshot(api, owner.ws) == before
    worker.ok("POST", "/Me/TimeEntries", entry(job, design, Date="2026-03-09"))


def _today(zone: str) -> str:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date().isoformat()


def _timer_setup(api):
    """An owner in UTC with a job and a task, and today's date (skipped too close to midnight)."""
    owner = CT(api.tenant("Timers"))  # UTC
    job = owner.ok("POST", "/Jobs", {"Name": "Site"})
    task = owner.ok("POST", "/Tasks", {"Name": "Design"})
    now = datetime.now(UTC)
    if now.hour < 1 or now.hour >= 23:
        pytest.skip("too close to midnight for an entry of an hour today")
    today = _today("UTC")
    return owner, job, task, today


def test_timers_run_on_todays_entry_and_add_to_its_hours(api):
    owner, job, task, today = _timer_setup(api)
    created = owner.ok("POST", "/Me/TimeEntries", {"Date": today, "Hours": 0.5, "JobID": job["ID"], "TaskID": task["ID"]})
    ct_error(owner.get(f"/Me/TimeEntries/{created['ID']}/Timer"), 404)
    assert owner.page("/Me/Timers")["page"]["count"] == 0
    timer = owner.ok("POST", f"/Me/TimeEntries/{created['ID']}/Timer", {})
    assert (timer["ID"], timer["TimeEntryID"], timer["IsRunning"], timer["TimeEntryDate"]) == (
        created["ID"], created["ID"], True, today)
    assert 1800 <= timer["ElapsedSeconds"] < 1900 and timer["Intervals"][0]["End"] is None
    assert timer["Intervals"][0]["TimeZoneOffset"] == "+00:00"
    assert owner.ok("GET", f"/Me/TimeEntries/{created['ID']}/Timer")["IsRunning"] is True
    assert [t["ID"] for t in owner.ok("GET", "/Me/Timers")] == [created["ID"]]
    assert owner.ok("GET", f"/Me/Timers/{created['ID']}")["TimeEntryID"] == created["ID"]
    assert owner.ok("GET", "/Me/Timers?IsRunning=false") == []
    # Clockify sees the running entry.
    assert owner.caller.ok("GET", "/v1/workspaces/{ws}/user/{me}/time-entries?in-progress=true", status=200)[0]["id"] == created["ID"]
    ct_error(owner.post(f"/Me/TimeEntries/{created['ID']}/Timer", {}), 400)  # already running
    ct_error(owner.patch(f"/Me/TimeEntries/{created['ID']}", {"Hours": 3}), 400, field="Hours")
    assert owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"Comment": "While running"})["Comment"] == "While running"
    stopped = owner.ok("PUT", f"/Me/TimeEntries/{created['ID']}/Timer", {})
    assert stopped["IsRunning"] is False and 1800 <= stopped["ElapsedSeconds"] < 1900
    after = owner.ok("GET", f"/Me/TimeEntries/{created['ID']}")
    assert 0.5 <= after["Hours"] < 0.53 and after["Date"] == today and after["Comment"] == "While running"
    ct_error(owner.request("PUT", f"/Me/TimeEntries/{created['ID']}/Timer", json={}), 404)
    # Starting another timer stops the running one; DELETE stops too.
    second = owner.ok("POST", "/Me/TimeEntries", {"Date": today, "Hours": 0, "JobID": job["ID"], "TaskID": task["ID"]})
    owner.ok("POST", f"/Me/TimeEntries/{created['ID']}/Timer", {})
    owner.ok("POST", f"/Me/TimeEntries/{second['ID']}/Timer", {})
    assert [t["ID"] for t in owner.ok("GET", "/Me/Timers")] == [second["ID"]]
    owner.ok("DELETE", f"/Me/TimeEntries/{second['ID']}/Timer")
    assert owner.ok("GET", "/Me/Timers") == []


def test_timers_only_on_todays_own_entries(api, setup):
    owner, job, design, _ = setup
    old = owner.ok("POST", "/Me/TimeEntries", entry(job, design, Date="2026-01-05"))
    stranger = member(api, owner)
    before = snapshot(api, owner.ws)
    ct_error(owner.post(f"/Me/TimeEntries/{old['ID']}/Timer", {}), 400, field="TimeEntryID", contains="today")
    ct_error(owner.post(f"/Me/TimeEntries/{MISSING}/Timer", {}), 404)
    ct_error(stranger.post(f"/Me/TimeEntries/{old['ID']}/Timer", {}), 404)
    ct_error(owner.get(f"/Me/Timers/{old['ID']}"), 404)
    assert snapshot(api, owner.ws) == before


def test_a_timer_start_refused_part_way_leaves_the_running_timer_running(api):
    """Starting a timer stops the running one and restarts the entry in one transaction: when
    the entry cannot run (here: the company now requires a comment it lacks), nothing changes."""
    owner, job, task, today = _timer_setup(api)
    plain = owner.ok("POST", "/Me/TimeEntries", {"Date": today, "Hours": 0.5, "JobID": job["ID"], "TaskID": task["ID"]})
    noted = owner.ok("POST", "/Me/TimeEntries", {"Date": today, "Hours": 0.25, "JobID": job["ID"], "TaskID": task["ID"],
                                                 "Comment": "Noted"})
    owner.ok("POST", f"/Me/TimeEntries/{noted['ID']}/Timer", {})
    owner.caller.ok("PATCH", "/v1/workspaces/{ws}/settings", {"forceDescription": True}, status=200)
    before = snapshot(api, owner.ws)
    ct_error(owner.post(f"/Me/TimeEntries/{plain['ID']}/Timer", {}), 400, contains="description")
    assert snapshot(api, owner.ws) == before
    assert [t["ID"] for t in owner.ok("GET", "/Me/Timers")] == [noted["ID"]]
    assert owner.ok("GET", f"/Me/TimeEntries/{plain['ID']}")["Hours"] == 0.5


def test_an_entry_patch_refused_part_way_changes_nothing(api, setup):
    owner, job, design, build = setup
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, Comment="First", StartTime="08:00"))
    before = snapshot(api, owner.ws)
    for change, field in (
        ({"Comment": "Second", "Hours": 3, "TaskID": build["ID"], "CostCodeID": MISSING}, "CostCodeID"),
        ({"Comment": "Second", "Date": "2026-03-04", "EndTime": "07:00"}, "EndTime"),
        ({"Comment": "Second", "StartTime": "09:00", "EndTime": "10:00", "BreakTime": 2}, "BreakTime"),
    ):
        ct_error(owner.patch(f"/Me/TimeEntries/{created['ID']}", change), 400, field=field)
    assert owner.ok("GET", f"/Me/TimeEntries/{created['ID']}") == created
    assert snapshot(api, owner.ws) == before


def test_lists_come_newest_day_first_then_by_id_descending(api, setup):
    owner, job, design, build = setup
    worker = member(api, owner)
    made = {}
    for day, task in (("2026-03-03", design), ("2026-03-05", design), ("2026-03-03", build), ("2026-03-04", design),
                      ("2026-03-05", build)):
        made.setdefault(day, []).append(owner.ok("POST", "/Me/TimeEntries", entry(job, task, Date=day))["ID"])
    theirs = worker.ok("POST", "/Me/TimeEntries", entry(job, design, Date="2026-03-04"))["ID"]
    # Date (Desc), ID (Desc); ids are time-ordered, so the later entry of a day comes first.
    expected = [*reversed(made["2026-03-05"]), *made["2026-03-04"], *reversed(made["2026-03-03"])]
    mine = owner.page("/Me/TimeEntries")
    assert [e["ID"] for e in mine["data"]] == expected and mine["page"]["count"] == 5
    assert [e["Date"] for e in mine["data"]] == ["2026-03-05", "2026-03-05", "2026-03-04", "2026-03-03", "2026-03-03"]
    # Stable paging: the pages together are the list, each page says the total.
    pages = [owner.page(f"/Me/TimeEntries?limit=2&offset={o}") for o in (0, 2, 4)]
    assert [e["ID"] for p in pages for e in p["data"]] == expected and {p["page"]["count"] for p in pages} == {5}
    company = [e["ID"] for e in owner.ok("GET", "/TimeEntries")]
    assert company == [*reversed(made["2026-03-05"]), *sorted([made["2026-03-04"][0], theirs], reverse=True),
                       *reversed(made["2026-03-03"])]
    # /Manage/Timesheets/TimeEntries: Date (Desc), then ID ascending.
    managed = [e["ID"] for e in owner.ok("GET", "/Manage/Timesheets/TimeEntries")]
    assert managed == [*made["2026-03-05"], *sorted([made["2026-03-04"][0], theirs]), *made["2026-03-03"]]
    ranged = [e["ID"] for e in owner.ok("GET", "/Me/TimeEntries?StartDate=2026-03-03&EndDate=2026-03-04&limit=2&offset=1")]
    assert ranged == [made["2026-03-03"][1], made["2026-03-03"][0]]


def test_entries_carry_their_resolved_rates(api, setup):
    owner, job, design, _ = setup
    owner.ok("PATCH", f"/Users/{owner.user_id}", {"BillingRate": 80, "CostRate": 30})
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design))
    assert (created["BillingRate"], created["CostRate"]) == (80, 30)
    seen = clockify(owner, created["ID"])
    assert (seen["hourlyRate"]["amount"], seen["costRate"]["amount"]) == (8000, 3000)
    assert owner.ok("GET", "/Me/TimeEntries")[0]["BillingRate"] == 80


def test_admins_may_set_an_entrys_rates(api, setup):
    owner, job, design, build = setup
    owner.ok("PATCH", f"/Users/{owner.user_id}", {"BillingRate": 80, "CostRate": 30})
    worker = member(api, owner)
    created = owner.ok("POST", "/Me/TimeEntries", entry(job, design, BillingRate=125.5, CostRate=40))
    assert (created["BillingRate"], created["CostRate"]) == (125.5, 40)
    seen = clockify(owner, created["ID"])
    assert (seen["hourlyRate"]["amount"], seen["costRate"]["amount"]) == (12550, 4000)
    # Someone else's entry, through the company scope; one rate given, the other resolved.
    theirs = owner.ok("POST", "/TimeEntries", entry(job, design, UserID=worker.user_id, BillingRate=99))
    assert (theirs["BillingRate"], theirs["CostRate"]) == (99, None)
    # The override stays through changes that keep its job and task, in both dialects.
    changed = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"Hours": 3, "Comment": "More", "Date": "2026-03-04"})
    assert (changed["Hours"], changed["BillingRate"], changed["CostRate"]) == (3, 125.5, 40)
    put = owner.caller.ok("PUT", f"/v1/workspaces/{{ws}}/time-entries/{created['ID']}", {
        "start": seen["timeInterval"]["start"], "end": seen["timeInterval"]["end"], "projectId": job["ID"],
        "taskId": seen["taskId"], "description": "Through Clockify"}, status=200)
    assert (put["hourlyRate"]["amount"], put["costRate"]["amount"]) == (12550, 4000)
    # A member rate changed for past entries too re-rates the others, never a rate set on the entry.
    plain = owner.ok("POST", "/Me/TimeEntries", entry(job, design))
    owner.caller.ok("PUT", f"/v1/workspaces/{{ws}}/users/{owner.user_id}/hourly-rate",
                    {"amount": 9000, "since": "2020-01-01T00:00:00Z"}, status=200)
    assert clockify(owner, plain["ID"])["hourlyRate"]["amount"] == 9000
    assert clockify(owner, created["ID"])["hourlyRate"]["amount"] == 12550
    owner.ok("DELETE", f"/Me/TimeEntries/{plain['ID']}")
    # Reports use the entry's own rate: 2 hours x 125.50.
    report = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Job&StartDate=2026-03-01&EndDate=2026-03-31"
                              f"&UserID={owner.user_id}")
    assert report[0]["Billings"] == 251 and report[0]["Cost"] == 80
    # Null goes back to the resolved rate; another task re-resolves.
    back = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"BillingRate": None})
    assert (back["BillingRate"], back["CostRate"]) == (90, 40)
    moved = owner.ok("PATCH", f"/Me/TimeEntries/{created['ID']}", {"TaskID": build["ID"]})
    assert (moved["BillingRate"], moved["CostRate"]) == (90, 30)


def test_only_admins_set_rates_and_bad_rates_write_nothing(api, setup):
    owner, job, design, _ = setup
    manager = member(api, owner, "TEAM_MANAGER", "Manny")
    worker = member(api, owner)
    mine = worker.ok("POST", "/Me/TimeEntries", entry(job, design))
    before = snapshot(api, owner.ws)
    ct_error(worker.post("/Me/TimeEntries", entry(job, design, BillingRate=10)), 403, contains="admins")
    ct_error(worker.patch(f"/Me/TimeEntries/{mine['ID']}", {"CostRate": 10}), 403, contains="admins")
    ct_error(manager.post("/Me/TimeEntries", entry(job, design, CostRate=10)), 403)
    for bad, field in (({"BillingRate": -1}, "BillingRate"), ({"CostRate": "5"}, "CostRate"),
                       ({"BillingRate": 10**12}, "BillingRate")):
        ct_error(owner.patch(f"/TimeEntries/{mine['ID']}", bad), 400, field=field)
        ct_error(owner.post("/Me/TimeEntries", entry(job, design, **bad)), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_an_entry_given_as_hours_needs_its_date(api, setup):
    # The ClickTime router asks for Date first; the service refuses on its own too (no crash, no row).
    from timeledger.services import time_entries
    from timeledger.services.access import authenticate, default_access
    from timeledger.services.errors import Invalid

    owner, job, design, _ = setup
    before = snapshot(api, owner.ws)

    async def create_without_a_day() -> None:
        access = await default_access(api.db, await authenticate(api.db, owner.token))
        await time_entries.create_day_entry(api.db, access, time_entries.DayInput(
            hours_s=3600, project_id=job["ID"], company_task_id=design["ID"]))

    with pytest.raises(Invalid, match="needs its date"):
        api.run(create_without_a_day)
    assert snapshot(api, owner.ws) == before
