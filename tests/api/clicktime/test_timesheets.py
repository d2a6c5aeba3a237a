"""Timesheets in three scopes (/Me, /Timesheets, /Manage/Timesheets): by ID or date, lists,
allowed actions, the workflow and its history."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import ct_error, member, tenant
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"
SHEET_FIELDS = {"ID", "UserID", "StartDate", "EndDate", "Status", "HasBeenSubmitted", "SubmittedByUserID",
                "ApprovedByUserID", "RejectedByUserID"}


def actions(caller, path: str) -> list[str]:
    return [a["Action"] for a in caller.ok("GET", path + "/Actions")]


def test_a_timesheet_by_date_and_by_id(api):
    owner = tenant(api)
    sheet = owner.ok("GET", "/Me/Timesheets/2026-03-04")
    assert set(sheet) == SHEET_FIELDS
    assert (sheet["StartDate"], sheet["EndDate"], sheet["Status"], sheet["UserID"], sheet["HasBeenSubmitted"]) == (
        "2026-03-02", "2026-03-08", "Open", owner.user_id, False)
    assert owner.ok("GET", f"/Me/Timesheets/{sheet['ID']}") == sheet
    assert owner.ok("GET", "/Me/Timesheets/2026-03-08")["ID"] == sheet["ID"]
    assert owner.ok("GET", "/Me/Timesheets/2026-03-09")["ID"] != sheet["ID"]
    verbose = owner.ok("GET", f"/me/timesheets/{sheet['ID']}?verbose=true")
    assert verbose["Actions"] == ["Submit", "Lock"] and verbose["User"]["ID"] == owner.user_id
    # Another period setting: a month.
    owner.ok("PATCH", "/Company", {"TimesheetModel": "monthly"})
    again = tenant(api)  # a fresh company reads its own (default) setting
    assert again.ok("GET", "/Me/Timesheets/2026-03-04")["EndDate"] == "2026-03-08"
    member_now = member(api, owner)
    monthly = member_now.ok("GET", "/Me/Timesheets/2026-03-04")
    assert (monthly["StartDate"], monthly["EndDate"]) == ("2026-03-01", "2026-03-31")


def test_the_workflow_through_me_and_manage(api):
    owner = tenant(api)
    worker = member(api, owner)
    sheet = worker.ok("GET", "/Me/Timesheets/2026-03-04")
    path = f"/Me/Timesheets/{sheet['ID']}"
    assert actions(worker, path) == ["Submit"]
    submitted = worker.ok("POST", path + "/Actions", {"Action": "Submit", "Comment": "Done"}, status=200)
    assert (submitted["Status"], submitted["HasBeenSubmitted"], submitted["SubmittedByUserID"]) == (
        "Waiting", True, worker.user_id)
    assert actions(worker, path) == ["UndoSubmit"]
    managed = f"/Manage/Timesheets/{sheet['ID']}"
    assert actions(owner, managed) == ["UndoSubmit", "Approve", "Reject", "Lock"]
    rejected = owner.ok("POST", managed + "/Actions", {"Action": "Reject", "Comment": "Missing Friday"}, status=200)
    assert (rejected["Status"], rejected["RejectedByUserID"]) == ("Rejected", owner.user_id)
    worker.ok("POST", path + "/Actions", {"Action": "Submit"}, status=200)
    approved = owner.ok("POST", f"/Timesheets/{sheet['ID']}/Actions", {"Action": "Approve"}, status=200)
    assert (approved["Status"], approved["ApprovedByUserID"]) == ("Approved", owner.user_id)
    assert actions(worker, path) == []
    history = worker.ok("GET", path + "/History")
    assert [h["Action"] for h in history] == ["Approve", "Submit", "Reject", "Submit"]  # newest first
    assert history[2]["Comment"] == "Missing Friday" and history[2]["ActionByUserID"] == owner.user_id
    assert history[3]["ActionByUserName"] == "Member" and history[3]["Date"].endswith("Z")
    assert owner.ok("GET", managed + "/History") == history
    locked = owner.ok("POST", managed + "/Actions", {"Action": "Lock"}, status=200)
    assert locked["Status"] == "Locked"
    assert owner.ok("POST", managed + "/Actions", {"Action": "Unlock"}, status=200)["Status"] == "Open"
    # By date and person.
    by_date = owner.ok("GET", f"/Manage/Timesheets/2026-03-05/Users/{worker.user_id}")
    assert by_date["ID"] == sheet["ID"] and by_date["Status"] == "Open"
    assert owner.ok("GET", f"/Timesheets/2026-03-05/Users/{worker.user_id}")["ID"] == sheet["ID"]


def test_owners_approve_their_own_and_members_do_not(api):
    owner = tenant(api)
    worker = member(api, owner)
    own = owner.ok("GET", "/Me/Timesheets/2026-03-04")
    owner.ok("POST", f"/Me/Timesheets/{own['ID']}/Actions", {"Action": "Submit"}, status=200)
    assert owner.ok("POST", "/Me/Timesheets/2026-03-04/Actions", {"Action": "Approve"}, status=200)["Status"] == "Approved"
    theirs = worker.ok("GET", "/Me/Timesheets/2026-03-04")
    worker.ok("POST", f"/Me/Timesheets/{theirs['ID']}/Actions", {"Action": "Submit"}, status=200)
    before = snapshot(api, owner.ws)
    ct_error(worker.post(f"/Me/Timesheets/{theirs['ID']}/Actions", {"Action": "Approve"}), 403)
    ct_error(worker.post(f"/Me/Timesheets/{theirs['ID']}/Actions", {"Action": "Lock"}), 403)
    ct_error(worker.get("/Timesheets"), 403)
    ct_error(worker.get("/Manage/Timesheets"), 403)
    ct_error(worker.get(f"/Me/Timesheets/{own['ID']}"), 404)  # someone else's is not "mine"
    ct_error(worker.get(f"/Timesheets/{own['ID']}"), 403)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize("body,field", [
    ({}, "Action"), ({"Action": "Dance"}, "Action"), ({"Action": "None"}, "Action"), ({"Action": "JobApproval"}, "Action"),
    ({"Action": "Approve"}, "Action"),  # the sheet is Open: nothing to approve
    ({"Action": "Submit", "Comment": "c" * 3001}, "Comment"), ({"Action": 3}, "Action"),
    ({"Action": "Submit", "HasAttestation": "yes"}, "HasAttestation"),
])
def test_bad_actions_are_400_and_change_nothing(api, body, field):
    owner = tenant(api)
    sheet = owner.ok("GET", "/Me/Timesheets/2026-03-04")
    before = snapshot(api, owner.ws)
    ct_error(owner.post(f"/Me/Timesheets/{sheet['ID']}/Actions", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_lists_filters_and_tenancy(api):
    owner, other = tenant(api), tenant(api, "Other")
    worker = member(api, owner)
    weeks = owner.page("/Me/Timesheets?FromDate=2026-03-02&ToDate=2026-03-29")
    assert [s["StartDate"] for s in weeks["data"]] == ["2026-03-23", "2026-03-16", "2026-03-09", "2026-03-02"]
    assert weeks["page"]["count"] == 4
    assert [s["StartDate"] for s in owner.ok("GET", "/Me/Timesheets?FromDate=2026-03-02&ToDate=2026-03-29&limit=2&offset=2")] == [
        "2026-03-09", "2026-03-02"]
    owner.ok("POST", "/Me/Timesheets/2026-03-10/Actions", {"Action": "Submit"}, status=200)
    waiting = owner.ok("GET", "/Me/Timesheets?FromDate=2026-03-02&ToDate=2026-03-29&Status=Waiting")
    assert [s["StartDate"] for s in waiting] == ["2026-03-09"]
    assert [s["StartDate"] for s in owner.ok("GET", "/Me/Timesheets?Status=waiting")] == ["2026-03-09"]
    assert owner.page("/Me/Timesheets")["page"]["count"] >= 5  # stored ones, the current period included
    # Company-wide: named people over a range get every period.
    company = owner.page(f"/Timesheets?UserID={worker.user_id}&FromDate=2026-03-02&ToDate=2026-03-15")
    assert [(s["UserID"], s["StartDate"]) for s in company["data"]] == [(worker.user_id, "2026-03-09"),
                                                                        (worker.user_id, "2026-03-02")]
    assert [s["UserID"] for s in owner.ok("GET", "/Timesheets?Status=Waiting")] == [owner.user_id]
    assert owner.page("/Manage/Timesheets?FromDate=2026-03-02&ToDate=2026-03-08")["page"]["count"] == 2
    assert [s["UserID"] for s in other.ok("GET", "/Timesheets?FromDate=2026-03-02&ToDate=2026-03-08")] == [other.user_id]
    sheet = owner.ok("GET", "/Me/Timesheets/2026-03-04")
    for path in (f"/Timesheets/{sheet['ID']}", f"/Manage/Timesheets/{sheet['ID']}", f"/Me/Timesheets/{sheet['ID']}"):
        ct_error(other.get(path), 404)
    ct_error(other.post(f"/Timesheets/{sheet['ID']}/Actions", {"Action": "Lock"}), 404)
    ct_error(other.get(f"/Timesheets/2026-03-04/Users/{owner.user_id}"), 404)
    ct_error(owner.get(f"/Timesheets/{MISSING}"), 404)


@pytest.mark.parametrize("query,field", [
    ("FromDate=03/02/2026", "FromDate"), ("ToDate=2026-13-01", "ToDate"), ("Status=Done", "Status"),
    ("FromDate=2026-03-09&ToDate=2026-03-01", "EndDate"), ("FromDate=2000-01-01&ToDate=2026-01-01", "EndDate"),
    ("ToDate=9999-12-31", "ToDate"), ("FromDate=0001-01-01", "FromDate"),
])
def test_bad_list_filters(api, query, field):
    owner = tenant(api)
    ct_error(owner.get(f"/Me/Timesheets?{query}"), 400, field=field)


def test_a_date_without_a_person_is_400_company_wide(api):
    owner = tenant(api)
    ct_error(owner.get("/Timesheets/2026-03-04"), 400)
    ct_error(owner.get("/Me/Timesheets/not-a-date-or-id"), 404)
    ct_error(owner.get("/Me/Timesheets/9999-12-31"), 400)


def test_company_lists_have_a_sheet_for_every_person_and_period(api):
    owner = tenant(api)
    worker = member(api, owner, name="Wendy")
    manager = member(api, owner, "TEAM_MANAGER", "Manny")
    other = tenant(api, "Other")
    # One sheet settled before the listing; every other period is made by the list itself.
    owner.ok("POST", "/Me/Timesheets/2026-03-10/Actions", {"Action": "Submit"}, status=200)
    path = "/Timesheets?FromDate=2026-03-02&ToDate=2026-03-22"
    first = owner.page(path)
    people = sorted([owner.user_id, worker.user_id, manager.user_id])
    assert first["page"]["count"] == 9
    assert sorted((s["StartDate"], s["UserID"]) for s in first["data"]) == sorted(
        (d, u) for d in ("2026-03-02", "2026-03-09", "2026-03-16") for u in people)
    assert [s["StartDate"] for s in first["data"]] == ["2026-03-16"] * 3 + ["2026-03-09"] * 3 + ["2026-03-02"] * 3
    statuses = {(s["UserID"], s["StartDate"]): s["Status"] for s in first["data"]}
    assert statuses[(owner.user_id, "2026-03-09")] == "Waiting"
    assert sum(1 for v in statuses.values() if v == "Open") == 8
    # Idempotent: the same list again has the same sheets (same IDs), nothing made twice.
    again = owner.page(path)
    assert again == first
    # Paging is stable and counts all.
    pages = [owner.page(f"{path}&limit=4&offset={o}") for o in (0, 4, 8)]
    assert [s["ID"] for p in pages for s in p["data"]] == [s["ID"] for s in first["data"]]
    assert {p["page"]["count"] for p in pages} == {9}
    # Filters: status, people; the sheets are the ones /Me reads.
    assert [s["UserID"] for s in owner.ok("GET", f"{path}&Status=Waiting")] == [owner.user_id]
    assert owner.page(f"{path}&Status=Open")["page"]["count"] == 8
    theirs = owner.ok("GET", f"{path}&UserID={worker.user_id}")
    assert [s["StartDate"] for s in theirs] == ["2026-03-16", "2026-03-09", "2026-03-02"]
    assert worker.ok("GET", "/Me/Timesheets/2026-03-03")["ID"] == theirs[2]["ID"]
    # Manage: the same people for an admin; a team manager without people sees only their own.
    assert owner.page(f"/Manage{path}")["page"]["count"] == 9
    assert {s["UserID"] for s in manager.ok("GET", f"/Manage{path}")} == {manager.user_id}
    # Another company sees its own people only, and nothing of these.
    assert {s["UserID"] for s in other.ok("GET", path)} == {other.user_id}
    # Without dates: the current period of everyone, and every stored sheet.
    undated = owner.page("/Timesheets?limit=500")
    assert undated["page"]["count"] == 12
    ct_error(worker.get(path), 403)


def test_company_lists_by_division_and_employment_type(api):
    owner = tenant(api)
    east = owner.ok("POST", "/Divisions", {"Name": "East"})
    staff = owner.ok("POST", "/EmploymentTypes", {"Name": "Staff"})
    worker = member(api, owner, name="Wendy")
    other = member(api, owner, name="Otto")
    owner.ok("PATCH", f"/Users/{worker.user_id}", {"DivisionID": east["ID"]})
    owner.ok("PATCH", f"/Users/{other.user_id}", {"EmploymentTypeID": staff["ID"]})
    path = "/Timesheets?FromDate=2026-03-02&ToDate=2026-03-15"
    assert [s["UserID"] for s in owner.ok("GET", f"{path}&DivisionID={east['ID']}")] == [worker.user_id] * 2
    assert [s["UserID"] for s in owner.ok("GET", f"{path}&EmploymentTypeID={staff['ID']}")] == [other.user_id] * 2
    assert owner.page(path)["page"]["count"] == 6


def test_company_lists_that_would_be_too_large_are_400_and_make_nothing(api):
    owner = tenant(api)
    for n in range(3):
        member(api, owner, name=f"Person {n}")
    before = snapshot(api, owner.ws)
    # 4 people x 1305 weeks: beyond the periods one list may cover.
    ct_error(owner.get("/Timesheets?FromDate=2001-01-01&ToDate=2026-01-01"), 400, field="EndDate")
    # 4 people x 366 weeks = 1464: fine; but a wide range for more people is refused, naming it.
    import timeledger.services.timesheets as timesheets

    limit = timesheets.MAX_SHEETS_MADE
    try:
        timesheets.MAX_SHEETS_MADE = 100
        problem = ct_error(owner.get("/Timesheets?FromDate=2026-01-05&ToDate=2026-07-05"), 400, field="ToDate")
        assert "UserID" in problem["Message"] and "104" in problem["Message"]
    finally:
        timesheets.MAX_SHEETS_MADE = limit
    assert snapshot(api, owner.ws) == before
    ct_error(owner.get("/Timesheets?FromDate=2026-03-09&ToDate=2026-03-01"), 400, field="EndDate")
    ct_error(owner.get("/Timesheets?FromDate=2026-3-9"), 400, field="FromDate")
    ct_error(owner.get("/Timesheets?Status=Done&FromDate=2026-03-02"), 400, field="Status")
