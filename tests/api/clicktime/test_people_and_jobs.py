"""Writes of people (/Users) and jobs (/Jobs) that change several things at once are one
transaction: a part refused leaves every other part unwritten."""

from __future__ import annotations

from tests.api.clicktime.ct import ct_error, member, tenant
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"


def test_a_user_patch_with_a_bad_division_changes_nothing(api):
    owner = tenant(api)
    worker = member(api, owner, name="Pat")
    contractor = owner.ok("POST", "/EmploymentTypes", {"Name": "Contractor"})
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Users/{worker.user_id}", {
        "Name": "Renamed", "IsActive": False, "BillingRate": 90, "EmploymentTypeID": contractor["ID"], "DivisionID": MISSING,
    }), 400, field="DivisionID")
    person = owner.ok("GET", f"/Users/{worker.user_id}")
    assert (person["Name"], person["IsActive"], person["EmploymentTypeID"]) == ("Pat", True, None)
    assert person["BillingRate"] != 90
    assert snapshot(api, owner.ws) == before
    # The same change with a good division is written whole.
    east = owner.ok("POST", "/Divisions", {"Name": "East"})
    changed = owner.ok("PATCH", f"/Users/{worker.user_id}", {
        "Name": "Renamed", "IsActive": False, "BillingRate": 90, "EmploymentTypeID": contractor["ID"], "DivisionID": east["ID"],
    })
    assert (changed["Name"], changed["IsActive"], changed["BillingRate"], changed["DivisionID"],
            changed["EmploymentTypeID"]) == ("Renamed", False, 90, east["ID"], contractor["ID"])


def test_a_user_patch_refused_late_keeps_the_name(api):
    owner = tenant(api)
    worker = member(api, owner, name="Pat")
    closed = owner.ok("POST", "/EmploymentTypes", {"Name": "Closed", "IsActive": False})
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Users/{worker.user_id}", {"Name": "Renamed", "EmploymentTypeID": closed["ID"]}),
             400, field="EmploymentTypeID")
    ct_error(owner.patch(f"/Users/{worker.user_id}", {"Name": "Renamed", "Email": "someone-else@example.com"}),
             400, field="Email")
    ct_error(owner.patch(f"/Users/{worker.user_id}", {"Name": "Renamed", "SecurityLevel": "ADMIN"}),
             400, field="SecurityLevel")
    ct_error(owner.patch(f"/Users/{owner.user_id}", {"Name": "Renamed", "IsActive": False}), 403)
    assert owner.ok("GET", f"/Users/{worker.user_id}")["Name"] == "Pat"
    assert snapshot(api, owner.ws) == before
    ct_error(owner.patch(f"/Users/{MISSING}", {"Name": "Nobody"}), 404)


def test_adding_a_user_with_a_bad_employment_type_adds_nobody(api):
    owner = tenant(api)
    east = owner.ok("POST", "/Divisions", {"Name": "East"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Users", {"Name": "Sam", "Email": "sam-atomic@example.com", "DivisionID": east["ID"],
                                   "EmploymentTypeID": MISSING}), 400, field="EmploymentTypeID")
    assert snapshot(api, owner.ws) == before
    assert owner.ok("GET", "/Users?Email=sam-atomic@example.com") == []


def test_creating_a_job_with_a_bad_manager_makes_no_job(api):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    for body in ({"Name": "Site", "ProjectManagerID": MISSING},
                 {"Name": "Site", "IsActive": False, "BillingRate": 120, "ProjectManagerID": MISSING}):
        ct_error(owner.post("/Jobs", body), 400, field="ProjectManagerID")
    assert owner.ok("GET", "/Jobs") == []
    assert snapshot(api, owner.ws) == before
    pm = member(api, owner, name="Pat Manager")
    job = owner.ok("POST", "/Jobs", {"Name": "Site", "IsActive": False, "ProjectManagerID": pm.user_id})
    assert (job["IsActive"], job["ProjectManagerID"]) == (False, pm.user_id)


def test_changing_a_job_with_a_bad_manager_changes_nothing(api):
    owner = tenant(api)
    pm = member(api, owner, name="Pat Manager")
    job = owner.ok("POST", "/Jobs", {"Name": "Site", "ProjectManagerID": pm.user_id})
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Jobs/{job['ID']}", {"Name": "Renamed", "IsActive": False, "ProjectManagerID": MISSING}),
             400, field="ProjectManagerID")
    again = owner.ok("GET", f"/Jobs/{job['ID']}")
    assert (again["Name"], again["IsActive"], again["ProjectManagerID"]) == ("Site", True, pm.user_id)
    assert snapshot(api, owner.ws) == before
    worker = member(api, owner)
    ct_error(worker.patch(f"/Jobs/{job['ID']}", {"ProjectManagerID": worker.user_id}), 403)
    changed = owner.ok("PATCH", f"/Jobs/{job['ID']}", {"Name": "Renamed", "ProjectManagerID": None})
    assert (changed["Name"], changed["ProjectManagerID"]) == ("Renamed", None)


def test_division_and_employment_type_show_on_me_and_users(api):
    owner = tenant(api)
    other = tenant(api, "Other")
    east = owner.ok("POST", "/Divisions", {"Name": "East"})
    staff = owner.ok("POST", "/EmploymentTypes", {"Name": "Staff"})
    worker = member(api, owner, name="Wendy")
    me = worker.ok("GET", "/Me")
    assert (me["DivisionID"], me["EmploymentTypeID"]) == (None, None)
    verbose = worker.ok("GET", "/Me?verbose=true")
    assert (verbose["Division"], verbose["EmploymentType"]) == (None, None)
    owner.ok("PATCH", f"/Users/{worker.user_id}", {"DivisionID": east["ID"], "EmploymentTypeID": staff["ID"]})
    me = worker.ok("GET", "/Me")
    assert (me["DivisionID"], me["EmploymentTypeID"]) == (east["ID"], staff["ID"])
    assert "Division" not in me
    verbose = worker.ok("GET", "/Me?verbose=true")
    assert verbose["Division"] == {"ID": east["ID"], "Name": "East", "IsActive": True}
    assert verbose["EmploymentType"] == {"ID": staff["ID"], "Name": "Staff", "IsActive": True}
    for path in (f"/Users/{worker.user_id}", f"/Manage/Users/{worker.user_id}"):
        seen = owner.ok("GET", path + "?verbose=true")
        assert (seen["DivisionID"], seen["EmploymentTypeID"]) == (east["ID"], staff["ID"])
        assert (seen["Division"]["Name"], seen["EmploymentType"]["Name"]) == ("East", "Staff")
    listed = {u["ID"]: u for u in owner.ok("GET", "/Manage/Users")}
    assert (listed[worker.user_id]["DivisionID"], listed[worker.user_id]["EmploymentTypeID"]) == (east["ID"], staff["ID"])
    assert (listed[owner.user_id]["DivisionID"], listed[owner.user_id]["EmploymentTypeID"]) == (None, None)
    # An inactive division still shows (the person is still in it); another company's /Me is its own.
    owner.ok("PATCH", f"/Divisions/{east['ID']}", {"IsActive": False})
    assert worker.ok("GET", "/Me?verbose=true")["Division"] == {"ID": east["ID"], "Name": "East", "IsActive": False}
    assert other.ok("GET", "/Me")["DivisionID"] is None
    # Leaving the division and the type shows on /Me at once.
    owner.ok("PATCH", f"/Users/{worker.user_id}", {"DivisionID": None, "EmploymentTypeID": None})
    me = worker.ok("GET", "/Me")
    assert (me["DivisionID"], me["EmploymentTypeID"]) == (None, None)
