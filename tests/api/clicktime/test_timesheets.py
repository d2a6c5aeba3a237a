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
    assert other.ok("GET", "/Timesheets?FromDate=2026-03-02&ToDate=2026-03-08") == []
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
