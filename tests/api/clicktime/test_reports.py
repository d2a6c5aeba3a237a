"""Reports/Time and Reports/TimeSummary."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import CT, ct_error, member


@pytest.fixture
def data(api):
    owner = CT(api.tenant("Reports"))
    worker = member(api, owner, name="Wendy")
    client = owner.ok("POST", "/Clients", {"Name": "Acme"})
    site = owner.ok("POST", "/Jobs", {"Name": "Site", "ClientID": client["ID"], "IsBillable": True, "BillingRate": 100})
    office = owner.ok("POST", "/Jobs", {"Name": "Office", "IsBillable": False})
    design = owner.ok("POST", "/Tasks", {"Name": "Design"})
    build = owner.ok("POST", "/Tasks", {"Name": "Build"})
    paperwork = owner.ok("POST", "/Tasks", {"Name": "Paperwork", "IsBillable": False})  # entries follow their task
    entries = [
        owner.ok("POST", "/TimeEntries", {"Date": "2026-03-02", "Hours": 2, "JobID": site["ID"], "TaskID": design["ID"],
                                          "UserID": worker.user_id}),
        owner.ok("POST", "/TimeEntries", {"Date": "2026-03-03", "Hours": 1.5, "JobID": site["ID"], "TaskID": build["ID"],
                                          "UserID": worker.user_id}),
        owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-03", "Hours": 3, "JobID": office["ID"], "TaskID": paperwork["ID"]}),
        owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-04-01", "Hours": 1, "JobID": office["ID"], "TaskID": design["ID"]}),
    ]
    return owner, worker, client, site, office, design, build, entries


def test_time_report_rows_and_filters(api, data):
    owner, worker, client, site, office, design, build, entries = data
    body = owner.page("/Reports/Time?StartDate=2026-03-01&EndDate=2026-03-31")
    assert body["page"]["count"] == 3
    rows = {r["ID"]: r for r in body["data"]}
    assert set(rows) == {e["ID"] for e in entries[:3]}
    first = rows[entries[0]["ID"]]
    assert (first["Date"], first["Hours"], first["JobID"], first["TaskID"], first["UserID"], first["IsBillable"]) == (
        "2026-03-02", 2.0, site["ID"], design["ID"], worker.user_id, True)
    assert rows[entries[2]["ID"]]["IsBillable"] is False
    assert owner.page("/Reports/Time")["page"]["count"] == 4
    assert [r["ID"] for r in owner.ok("GET", f"/Reports/Time?TaskID={build['ID']}")] == [entries[1]["ID"]]
    assert {r["ID"] for r in owner.ok("GET", f"/Reports/Time?ClientID={client['ID']}&EndDate=2026-03-31")} == {
        entries[0]["ID"], entries[1]["ID"]}
    assert [r["ID"] for r in owner.ok("GET", f"/Reports/Time?UserID={owner.user_id}&IsBillable=false")] == [entries[2]["ID"]]
    assert [r["ID"] for r in owner.ok("GET", f"/Reports/Time?JobID={office['ID']}&StartDate=2026-03-04")] == [entries[3]["ID"]]
    paged = owner.page("/Reports/Time?limit=3&offset=1")
    assert paged["page"]["count"] == 4 and len(paged["data"]) == 3
    assert owner.ok("GET", "/Reports/Time?TimesheetStatus=Approved") == []
    assert len(owner.ok("GET", "/Reports/Time?TimesheetStatus=Open")) == 4


def test_time_summary_groups(api, data):
    owner, worker, client, site, office, design, build, entries = data
    by_job = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Job&StartDate=2026-03-01&EndDate=2026-03-31")
    assert [(r["Key"]["JobName"], r["Hours"], r["BillableHours"], r["Billings"]) for r in by_job] == [
        ("Office", 3.0, 0.0, 0.0), ("Site", 3.5, 3.5, 350.0)]
    assert by_job[1]["Key"]["JobID"] == site["ID"]
    # A task counts over every job it is used on.
    by_task = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Task")
    assert [(r["Key"]["TaskName"], r["Hours"]) for r in by_task] == [("Build", 1.5), ("Design", 3.0), ("Paperwork", 3.0)]
    assert [r["Key"]["TaskID"] for r in by_task[:2]] == [build["ID"], design["ID"]]
    pairs = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Job and Task&EndDate=2026-03-31")
    assert [(r["Key"]["JobName"], r["Key"]["TaskName"], r["Hours"]) for r in pairs] == [
        ("Office", "Paperwork", 3.0), ("Site", "Build", 1.5), ("Site", "Design", 2.0)]
    months = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Month")
    assert [(r["Key"]["Month"], r["Hours"]) for r in months] == [("2026-03", 6.5), ("2026-04", 1.0)]
    days = owner.ok("GET", f"/Reports/TimeSummary?GroupBy=Date&UserID={worker.user_id}")
    assert [(r["Key"]["Date"], r["Hours"]) for r in days] == [("2026-03-02", 2.0), ("2026-03-03", 1.5)]
    users = owner.ok("GET", "/Reports/TimeSummary?GroupBy=User")
    assert {r["Key"]["UserName"]: r["Hours"] for r in users} == {"Wendy": 3.5, "Owner Reports": 4.0}
    owner.ok("PATCH", f"/Jobs/{office['ID']}", {"IsActive": False})
    active = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Job&JobIsActive=true")
    assert [r["Key"]["JobName"] for r in active] == ["Site"]


@pytest.mark.parametrize("path,field", [
    ("/Reports/TimeSummary", "GroupBy"), ("/Reports/TimeSummary?GroupBy=Client", "GroupBy"),
    ("/Reports/TimeSummary?GroupBy=Job&StartDate=2026-3-1", "StartDate"),
    ("/Reports/Time?StartDate=2026-03-05&EndDate=2026-03-01", "EndDate"),
    ("/Reports/Time?TimesheetStatus=Done", "TimesheetStatus"), ("/Reports/Time?IsBillable=maybe", "IsBillable"),
    ("/Reports/Time?limit=0", "limit"),
])
def test_report_bad_input(api, path, field):
    owner = CT(api.tenant("Bad"))
    ct_error(owner.get(path), 400, field=field)


def test_reports_are_for_managers_and_see_only_their_company(api, data):
    owner, worker, *_ = data
    ct_error(worker.get("/Reports/Time"), 403)
    ct_error(worker.get("/Reports/TimeSummary?GroupBy=Job"), 403)
    other = CT(api.tenant("Other"))
    assert other.ok("GET", "/Reports/Time") == []
    assert other.ok("GET", "/Reports/TimeSummary?GroupBy=Job") == []


@pytest.mark.parametrize("zone", ["America/Argentina/Buenos_Aires", "Pacific/Auckland"])
def test_report_dates_are_the_callers_local_days(api, zone):
    owner = CT(api.tenant("Zoned", zone))
    job = owner.ok("POST", "/Jobs", {"Name": "Site"})
    task = owner.ok("POST", "/Tasks", {"Name": "Design"})

    def add(day, start):
        return owner.ok("POST", "/Me/TimeEntries", {"Date": day, "StartTime": start, "Hours": 0.25, "JobID": job["ID"],
                                                    "TaskID": task["ID"]})["ID"]

    # 23:30 on the 2nd and 00:30 on the 3rd, local: in UTC, Buenos Aires' late entry falls on the
    # 3rd and Auckland's early one on the 2nd; the report goes by the local day all the same.
    late, early = add("2026-03-02", "23:30"), add("2026-03-03", "00:30")
    before, after = add("2026-03-01", "23:59"), add("2026-03-04", "00:00")

    def ids(first, last):
        return [r["ID"] for r in owner.ok("GET", f"/Reports/Time?StartDate={first}&EndDate={last}")]

    assert ids("2026-03-02", "2026-03-02") == [late]
    assert ids("2026-03-03", "2026-03-03") == [early]
    assert ids("2026-03-02", "2026-03-03") == [late, early]
    assert ids("2026-03-01", "2026-03-04") == [before, late, early, after]
    rows = owner.ok("GET", "/Reports/Time?StartDate=2026-03-02&EndDate=2026-03-02")
    assert (rows[0]["Date"], rows[0]["StartTime"], rows[0]["EndTime"]) == ("2026-03-02", "23:30", "23:45")
    by_date = owner.ok("GET", "/Reports/TimeSummary?GroupBy=Date&StartDate=2026-03-02&EndDate=2026-03-03"
                              f"&UserID={owner.user_id}")
    assert [(r["Key"]["Date"], r["Hours"]) for r in by_date] == [("2026-03-02", 0.25), ("2026-03-03", 0.25)]
    # The same days through /Me/TimeEntries (the entries' own days).
    assert [e["ID"] for e in owner.ok("GET", "/Me/TimeEntries?StartDate=2026-03-02&EndDate=2026-03-03")] == [early, late]


def test_report_dates_are_the_entries_own_days_for_people_in_other_zones(api):
    owner = CT(api.tenant("Zoned", "Pacific/Auckland"))
    worker = member(api, owner, name="Wendy")  # in UTC
    job = owner.ok("POST", "/Jobs", {"Name": "Site"})
    task = owner.ok("POST", "/Tasks", {"Name": "Design"})
    late = worker.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-02", "StartTime": "23:30", "Hours": 0.25,
                                                 "JobID": job["ID"], "TaskID": task["ID"]})
    seen = worker.caller.ok("GET", f"/v1/workspaces/{{ws}}/time-entries/{late['ID']}", status=200)
    assert seen["timeInterval"]["start"] == "2026-03-02T23:30:00Z"  # 12:30 on the 3rd in Auckland
    mine = owner.ok("POST", "/Me/TimeEntries", {"Date": "2026-03-03", "StartTime": "00:30", "Hours": 0.5,
                                                "JobID": job["ID"], "TaskID": task["ID"]})  # 11:30Z on the 2nd
    rows = owner.ok("GET", "/Reports/Time?StartDate=2026-03-02&EndDate=2026-03-02")
    assert [(r["ID"], r["Date"]) for r in rows] == [(late["ID"], "2026-03-02")]
    rows = owner.ok("GET", "/Reports/Time?StartDate=2026-03-03&EndDate=2026-03-03")
    assert [(r["ID"], r["Date"]) for r in rows] == [(mine["ID"], "2026-03-03")]
    page = owner.page("/Reports/Time?StartDate=2026-03-02&EndDate=2026-03-03&limit=1&offset=1")
    assert page["page"]["count"] == 2 and len(page["data"]) == 1
    users = owner.ok("GET", "/Reports/TimeSummary?GroupBy=User&StartDate=2026-03-02&EndDate=2026-03-02"
                            f"&UserID={worker.user_id}&UserID={owner.user_id}")
    assert [(r["Key"]["UserID"], r["Hours"]) for r in users] == [(worker.user_id, 0.25)]
