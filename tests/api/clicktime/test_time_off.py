"""Leave: TimeOffTypes (+ /Me/TimeOffTypes) and TimeOff (/Me/TimeOff, /TimeOff)."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import ct_error, member, tenant
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"


def test_time_off_types(api):
    owner = tenant(api)
    vacation = owner.ok("POST", "/TimeOffTypes", {"Name": "Vacation"})
    sick = owner.ok("POST", "/TimeOffTypes", {"Name": "Sick", "RequiresApproval": True})
    old = owner.ok("POST", "/TimeOffTypes", {"Name": "Comp time", "IsActive": False})
    assert (vacation["RequiresApproval"], sick["RequiresApproval"], old["IsActive"]) == (False, True, False)
    assert owner.ok("GET", f"/TimeOffTypes/{vacation['ID']}") == vacation
    assert [t["Name"] for t in owner.ok("GET", "/TimeOffTypes")] == ["Comp time", "Sick", "Vacation"]
    body = owner.page("/TimeOffTypes?RequiresApproval=false&limit=1")
    assert body["page"]["count"] == 2 and [t["Name"] for t in body["data"]] == ["Comp time"]
    assert [t["Name"] for t in owner.ok("GET", "/TimeOffTypes?RequiresApproval=true")] == ["Sick"]
    renamed = owner.ok("PATCH", f"/TimeOffTypes/{sick['ID']}", {"Name": "Sick leave", "RequiresApproval": False})
    assert (renamed["Name"], renamed["RequiresApproval"]) == ("Sick leave", False)
    worker = member(api, owner)
    mine = worker.ok("GET", "/Me/TimeOffTypes")
    assert [t["Name"] for t in mine] == ["Sick leave", "Vacation"]  # the active ones
    assert set(mine[0]) == {"ID", "Name", "IsActive", "RequiresApproval", "Notes"}
    assert worker.ok("GET", "/Me/TimeOffTypes?IsActive=false") == []
    ct_error(worker.get(f"/Me/TimeOffTypes/{old['ID']}"), 404)
    assert worker.ok("GET", f"/Me/TimeOffTypes/{vacation['ID']}")["Name"] == "Vacation"
    ct_error(worker.get("/TimeOffTypes"), 403)
    ct_error(worker.post("/TimeOffTypes", {"Name": "Mine"}), 403)
    other = tenant(api, "Other")
    ct_error(other.get(f"/TimeOffTypes/{vacation['ID']}"), 404)
    ct_error(other.patch(f"/TimeOffTypes/{vacation['ID']}", {"Name": "X"}), 404)


@pytest.mark.parametrize("body,field", [
    ({}, "Name"), ({"Name": ""}, "Name"), ({"Name": "Ok", "RequiresApproval": "yes"}, "RequiresApproval"),
    ({"Name": "Ok", "IsActive": None}, "IsActive"), ({"Name": "x" * 101}, "Name"), ({"Name": "vacation"}, "Name"),
])
def test_time_off_type_bad_input(api, body, field):
    owner = tenant(api)
    owner.ok("POST", "/TimeOffTypes", {"Name": "Vacation"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/TimeOffTypes", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.fixture
def leave_setup(api):
    owner = tenant(api)
    worker = member(api, owner)
    vacation = owner.ok("POST", "/TimeOffTypes", {"Name": "Vacation"})
    return owner, worker, vacation


def test_my_time_off_crud(api, leave_setup):
    owner, worker, vacation = leave_setup
    first = worker.ok("POST", "/Me/TimeOff", {"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": vacation["ID"],
                                              "Notes": "Beach"})
    assert first == {"ID": first["ID"], "Date": "2026-03-02", "Hours": 8.0, "TimeOffTypeID": vacation["ID"],
                     "UserID": worker.user_id, "Notes": "Beach", "TimeOffRequestID": None}
    second = worker.ok("POST", "/Me/TimeOff", {"Date": "2026-03-04", "Hours": 3.5, "TimeOffTypeID": vacation["ID"]})
    body = worker.page("/Me/TimeOff")
    assert [t["ID"] for t in body["data"]] == [second["ID"], first["ID"]] and body["page"]["count"] == 2
    assert [t["ID"] for t in worker.ok("GET", "/Me/TimeOff?FromDate=2026-03-03")] == [second["ID"]]
    assert [t["ID"] for t in worker.ok("GET", "/Me/TimeOff?ToDate=2026-03-03")] == [first["ID"]]
    assert [t["ID"] for t in worker.ok("GET", "/Me/TimeOff?Date=2026-03-04&Date=2026-01-01")] == [second["ID"]]
    one = worker.ok("GET", f"/Me/TimeOff/{first['ID']}?verbose=true")
    assert one["TimeOffType"] == {"ID": vacation["ID"], "Name": "Vacation", "IsActive": True}
    changed = worker.ok("PATCH", f"/Me/TimeOff/{first['ID']}", {"Hours": 4, "Notes": None})
    assert (changed["Hours"], changed["Notes"], changed["Date"]) == (4.0, None, "2026-03-02")
    worker.ok("DELETE", f"/Me/TimeOff/{second['ID']}")
    ct_error(worker.get(f"/Me/TimeOff/{second['ID']}"), 404)
    # The owner sees it company-wide; another member does not see it through /Me.
    assert [t["ID"] for t in owner.ok("GET", f"/TimeOff?UserID={worker.user_id}")] == [first["ID"]]
    assert owner.ok("GET", "/Me/TimeOff") == []
    ct_error(owner.get(f"/Me/TimeOff/{first['ID']}"), 404)
    ct_error(member(api, owner).patch(f"/Me/TimeOff/{first['ID']}", {"Hours": 1}), 404)


@pytest.mark.parametrize("body,field", [
    ({"Hours": 8, "TimeOffTypeID": "{type}"}, "Date"), ({"Date": "2026-03-02", "TimeOffTypeID": "{type}"}, "Hours"),
    ({"Date": "2026-03-02", "Hours": 8}, "TimeOffTypeID"),
    ({"Date": "2026-02-30", "Hours": 8, "TimeOffTypeID": "{type}"}, "Date"),
    ({"Date": "2026-03-02", "Hours": 25, "TimeOffTypeID": "{type}"}, "Hours"),
    ({"Date": "2026-03-02", "Hours": 0, "TimeOffTypeID": "{type}"}, "Hours"),
    ({"Date": "2026-03-02", "Hours": -1, "TimeOffTypeID": "{type}"}, "Hours"),
    ({"Date": "2026-03-02", "Hours": "8", "TimeOffTypeID": "{type}"}, "Hours"),
    ({"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": MISSING}, "TimeOffTypeID"),
    ({"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": "{approval}"}, "TimeOffTypeID"),
    ({"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": "{inactive}"}, "TimeOffTypeID"),
    ({"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": "{type}", "Notes": "n" * 3001}, "Notes"),
    ({"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": "{type}", "UserID": MISSING}, "UserID"),
])
def test_my_time_off_bad_input(api, leave_setup, body, field):
    owner, worker, vacation = leave_setup
    ids = {"{type}": vacation["ID"],
           "{approval}": owner.ok("POST", "/TimeOffTypes", {"Name": "Needs approval", "RequiresApproval": True})["ID"],
           "{inactive}": owner.ok("POST", "/TimeOffTypes", {"Name": "Gone", "IsActive": False})["ID"]}
    body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    before = snapshot(api, owner.ws)
    ct_error(worker.post("/Me/TimeOff", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_time_off_patch_rules(api, leave_setup):
    owner, worker, vacation = leave_setup
    leave = worker.ok("POST", "/Me/TimeOff", {"Date": "2026-03-02", "Hours": 8, "TimeOffTypeID": vacation["ID"]})
    before = snapshot(api, owner.ws)
    ct_error(worker.patch(f"/Me/TimeOff/{leave['ID']}", {"Date": "2026-03-03"}), 400, field="Date")
    ct_error(worker.patch(f"/Me/TimeOff/{leave['ID']}", {"Hours": 30}), 400, field="Hours")
    ct_error(worker.patch(f"/Me/TimeOff/{leave['ID']}", {"UserID": owner.user_id}), 400, field="UserID")
    ct_error(worker.patch(f"/Me/TimeOff/{leave['ID']}", {"TimeOffTypeID": MISSING}), 400, field="TimeOffTypeID")
    ct_error(worker.patch(f"/Me/TimeOff/{MISSING}", {"Hours": 1}), 404)
    assert snapshot(api, owner.ws) == before


def test_admins_write_anyones_time_off(api, leave_setup):
    owner, worker, vacation = leave_setup
    leave = owner.ok("POST", "/TimeOff", {"UserID": worker.user_id, "Date": "2026-03-02", "Hours": 2,
                                          "TimeOffTypeID": vacation["ID"]})
    assert leave["UserID"] == worker.user_id
    assert [t["ID"] for t in worker.ok("GET", "/Me/TimeOff")] == [leave["ID"]]
    listed = owner.ok("GET", "/TimeOff?verbose=true")
    assert listed[0]["User"]["ID"] == worker.user_id and listed[0]["TimeOffType"]["Name"] == "Vacation"
    assert owner.ok("PATCH", f"/TimeOff/{leave['ID']}", {"Hours": 1.25})["Hours"] == 1.25
    owner.ok("DELETE", f"/TimeOff/{leave['ID']}")
    ct_error(owner.get(f"/TimeOff/{leave['ID']}"), 404)
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/TimeOff", {"Date": "2026-03-02", "Hours": 2, "TimeOffTypeID": vacation["ID"]}), 400, field="UserID")
    ct_error(owner.post("/TimeOff", {"UserID": MISSING, "Date": "2026-03-02", "Hours": 2, "TimeOffTypeID": vacation["ID"]}),
             400, field="UserID")
    ct_error(worker.post("/TimeOff", {"UserID": worker.user_id, "Date": "2026-03-02", "Hours": 2,
                                      "TimeOffTypeID": vacation["ID"]}), 403)
    ct_error(worker.get("/TimeOff"), 403)
    other = tenant(api, "Other")
    ct_error(other.post("/TimeOff", {"UserID": worker.user_id, "Date": "2026-03-02", "Hours": 2,
                                     "TimeOffTypeID": vacation["ID"]}), 400)
    assert snapshot(api, owner.ws) == before


def test_a_locked_timesheet_refuses_time_off(api, leave_setup):
    owner, worker, vacation = leave_setup
    leave = worker.ok("POST", "/Me/TimeOff", {"Date": "2026-03-03", "Hours": 8, "TimeOffTypeID": vacation["ID"]})
    owner.ok("POST", f"/Timesheets/2026-03-03/Users/{worker.user_id}/Actions", {"Action": "Lock"}, status=200)
    before = snapshot(api, owner.ws)
    for response in (
        worker.post("/Me/TimeOff", {"Date": "2026-03-05", "Hours": 1, "TimeOffTypeID": vacation["ID"]}),
        worker.patch(f"/Me/TimeOff/{leave['ID']}", {"Hours": 2}),
        worker.delete(f"/Me/TimeOff/{leave['ID']}"),
    ):
        ct_error(response, 403, contains="2026-03-02")  # names the period (weeks start on Monday)
    assert snapshot(api, owner.ws) == before
    worker.ok("POST", "/Me/TimeOff", {"Date": "2026-03-09", "Hours": 1, "TimeOffTypeID": vacation["ID"]})
