"""The company's lists: Divisions, EmploymentTypes, CostCodes, LaborCodes, TimeEntryTypes; and the
company settings ClickTime exposes on /Company."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import ct_error, member, tenant
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"


# --- divisions and employment types -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/Divisions", "/EmploymentTypes"])
def test_named_lists_crud_without_delete(api, path):
    owner = tenant(api)
    east = owner.ok("POST", path, {"Name": "East"})
    west = owner.ok("POST", path, {"Name": "West", "IsActive": False})
    assert {k: east[k] for k in ("Name", "IsActive")} == {"Name": "East", "IsActive": True}
    assert west["IsActive"] is False
    assert owner.ok("GET", f"{path}/{east['ID']}") == east
    renamed = owner.ok("PATCH", f"{path}/{east['ID']}", {"Name": "North", "IsActive": False})
    assert (renamed["Name"], renamed["IsActive"]) == ("North", False)
    body = owner.page(path)
    assert [d["Name"] for d in body["data"]] == ["North", "West"] and body["page"]["count"] == 2
    assert [d["ID"] for d in owner.ok("GET", f"{path}?Name=west")] == [west["ID"]]
    assert owner.ok("GET", f"{path}?IsActive=true") == []
    assert [d["ID"] for d in owner.ok("GET", f"{path}?ID={west['ID']}&ID={east['ID']}&limit=1&offset=1")] == [west["ID"]]
    response = owner.delete(f"{path}/{east['ID']}")
    ct_error(response, 405)
    assert "GET" in response.headers["allow"] and "PATCH" in response.headers["allow"]


@pytest.mark.parametrize("path", ["/Divisions", "/EmploymentTypes"])
@pytest.mark.parametrize("body,field", [
    ({}, "Name"), ({"Name": ""}, "Name"), ({"Name": "x" * 101}, "Name"), ({"Name": 3}, "Name"),
    ({"Name": "Ok", "IsActive": "no"}, "IsActive"),
])
def test_named_list_bad_input(api, path, body, field):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    ct_error(owner.post(path, body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize("path", ["/Divisions", "/EmploymentTypes"])
def test_named_list_rules_and_tenancy(api, path):
    owner, other = tenant(api), tenant(api, "Other")
    first = owner.ok("POST", path, {"Name": "East"})
    owner.ok("POST", path, {"Name": "West"})
    theirs = other.ok("POST", path, {"Name": "Theirs"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post(path, {"Name": "EAST"}), 400, field="Name")
    ct_error(owner.patch(f"{path}/{first['ID']}", {"Name": "west"}), 400, field="Name")
    ct_error(owner.patch(f"{path}/{theirs['ID']}", {"Name": "Mine"}), 404)
    ct_error(owner.get(f"{path}/{theirs['ID']}"), 404)
    ct_error(owner.get(f"{path}/{MISSING}"), 404)
    assert snapshot(api, owner.ws) == before
    worker = member(api, owner)
    manager = member(api, owner, role="TEAM_MANAGER")
    ct_error(worker.get(path), 403)
    ct_error(manager.post(path, {"Name": "Mine"}), 403)
    assert len(manager.ok("GET", path)) == 2


def test_divisions_are_user_groups_through_clockify(api):
    owner = tenant(api)
    division = owner.ok("POST", "/Divisions", {"Name": "Engineering", "AccountingPackageID": "ACC-1"})
    assert division["AccountingPackageID"] == "ACC-1"
    groups = owner.caller.ok("GET", "/v1/workspaces/{ws}/user-groups", status=200)
    assert [g["id"] for g in groups if g["name"] == "Engineering"] == [division["ID"]]
    # A user group made through Clockify is not a division.
    owner.caller.ok("POST", "/v1/workspaces/{ws}/user-groups", {"name": "Just a group"})
    assert [d["Name"] for d in owner.ok("GET", "/Divisions")] == ["Engineering"]
    ct_error(owner.post("/Divisions", {"Name": "just a group"}), 400, field="Name")
    assert owner.ok("PATCH", f"/Divisions/{division['ID']}", {"AccountingPackageID": None})["AccountingPackageID"] is None


def test_employment_type_users(api):
    owner = tenant(api)
    kind = owner.ok("POST", "/EmploymentTypes", {"Name": "Contractor"})
    assert owner.ok("GET", f"/EmploymentTypes/{kind['ID']}/Users") == []
    ct_error(owner.get(f"/EmploymentTypes/{MISSING}/Users"), 404)


# --- work codes ---------------------------------------------------------------------------------

CODE_PATHS = ["/CostCodes", "/LaborCodes", "/TimeEntryTypes"]


@pytest.mark.parametrize("path", CODE_PATHS)
def test_work_codes_crud(api, path):
    owner = tenant(api)
    first = owner.ok("POST", path, {"Name": "Overhead", "Code": "OH", "Description": "General"})
    assert first == {"ID": first["ID"], "Name": "Overhead", "Code": "OH", "Description": "General", "IsActive": True}
    second = owner.ok("POST", path, {"Name": "Field"})
    assert owner.ok("GET", f"{path}/{first['ID']}") == first
    changed = owner.ok("PATCH", f"{path}/{first['ID']}", {"Code": "", "IsActive": False})
    assert (changed["Code"], changed["IsActive"], changed["Description"]) == (None, False, "General")
    assert [c["Name"] for c in owner.ok("GET", path)] == ["Field", "Overhead"]
    assert [c["ID"] for c in owner.ok("GET", f"{path}?IsActive=true")] == [second["ID"]]
    assert owner.page(f"{path}?Code=oh")["page"]["count"] == 0
    # Every member reads the codes (they pick them on entries); only admins write them.
    worker = member(api, owner)
    assert len(worker.ok("GET", path)) == 2
    ct_error(worker.post(path, {"Name": "Mine"}), 403)
    owner.ok("DELETE", f"{path}/{second['ID']}")
    ct_error(owner.get(f"{path}/{second['ID']}"), 404)
    # The kinds are separate lists.
    other_path = next(p for p in CODE_PATHS if p != path)
    ct_error(owner.get(f"{other_path}/{first['ID']}"), 404)


@pytest.mark.parametrize("path", CODE_PATHS)
@pytest.mark.parametrize("body,field", [
    ({}, "Name"), ({"Name": " "}, "Name"), ({"Name": "Ok", "Code": "c" * 51}, "Code"),
    ({"Name": "Ok", "Description": 5}, "Description"), ({"Name": "Ok", "IsActive": 0}, "IsActive"),
])
def test_work_code_bad_input(api, path, body, field):
    owner = tenant(api)
    owner.ok("POST", path, {"Name": "Existing"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post(path, body), 400, field=field)
    ct_error(owner.post(path, {"Name": "EXISTING"}), 400, field="Name")
    assert snapshot(api, owner.ws) == before


# --- company ------------------------------------------------------------------------------------


def test_company_settings_round_trip(api):
    owner = tenant(api)
    company = owner.ok("GET", "/Company")
    assert (company["TimesheetModel"], company["WeekStartsOn"], company["MinTimeIncrement"],
            company["TaskRestrictionMethod"], company["LockDate"]) == ("weekly", "Monday", 0.0167, "mytasks", None)
    changed = owner.ok("PATCH", "/Company", {"TimesheetModel": "semimonthly", "WeekStartsOn": "Sunday",
                                             "MinTimeIncrement": 0.25, "TaskRestrictionMethod": "byjob",
                                             "LockDate": "2026-01-31"})
    assert (changed["TimesheetModel"], changed["WeekStartsOn"], changed["MinTimeIncrement"],
            changed["TaskRestrictionMethod"], changed["LockDate"]) == ("semimonthly", "Sunday", 0.25, "byjob", "2026-01-31")
    assert owner.ok("GET", "/Company") == changed
    settings = owner.caller.ok("GET", "/v1/workspaces/{ws}", status=200)["workspaceSettings"]
    assert settings["weekStart"] == "SUNDAY"
    assert owner.ok("PATCH", "/Company", {"MinTimeIncrement": 0.1})["MinTimeIncrement"] == 0.1
    assert owner.ok("PATCH", "/Company", {"LockDate": None})["LockDate"] is None


@pytest.mark.parametrize("body,field", [
    ({"TimesheetModel": "daily"}, "TimesheetModel"), ({"TimesheetModel": "custom"}, "TimesheetModel"),
    ({"MinTimeIncrement": 0.3}, "MinTimeIncrement"), ({"MinTimeIncrement": 0}, "MinTimeIncrement"),
    ({"MinTimeIncrement": "0.1"}, "MinTimeIncrement"), ({"MinTimeIncrement": 2}, "MinTimeIncrement"),
    ({"TaskRestrictionMethod": "bydivision"}, "TaskRestrictionMethod"), ({"WeekStartsOn": "monday"}, "WeekStartsOn"),
    ({"LockDate": "31/01/2026"}, "LockDate"),
])
def test_company_bad_input(api, body, field):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    ct_error(owner.patch("/Company", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_only_admins_change_the_company(api):
    owner = tenant(api)
    manager = member(api, owner, role="TEAM_MANAGER")
    ct_error(manager.patch("/Company", {"TimesheetModel": "monthly"}), 403)
    assert manager.ok("GET", "/Company")["TimesheetModel"] == "weekly"


def test_people_carry_a_division_and_an_employment_type(api):
    owner = tenant(api)
    east = owner.ok("POST", "/Divisions", {"Name": "East"})
    west = owner.ok("POST", "/Divisions", {"Name": "West"})
    closed = owner.ok("POST", "/Divisions", {"Name": "Closed", "IsActive": False})
    contractor = owner.ok("POST", "/EmploymentTypes", {"Name": "Contractor"})
    person = owner.ok("POST", "/Users", {"Name": "Pat", "Email": "pat-division@example.com", "DivisionID": east["ID"],
                                         "EmploymentTypeID": contractor["ID"]})
    assert (person["DivisionID"], person["EmploymentTypeID"]) == (east["ID"], contractor["ID"])
    assert [u["ID"] for u in owner.ok("GET", f"/Users?DivisionID={east['ID']}")] == [person["ID"]]
    assert [u["ID"] for u in owner.ok("GET", f"/Users?EmploymentTypeID={contractor['ID']}")] == [person["ID"]]
    verbose = owner.ok("GET", f"/Users/{person['ID']}?verbose=true")
    assert verbose["Division"] == {"ID": east["ID"], "Name": "East", "IsActive": True}
    assert verbose["EmploymentType"]["Name"] == "Contractor" and verbose["TimesheetApprover"] is None
    moved = owner.ok("PATCH", f"/Users/{person['ID']}", {"DivisionID": west["ID"]})
    assert (moved["DivisionID"], moved["EmploymentTypeID"]) == (west["ID"], contractor["ID"])  # one division at a time
    assert owner.ok("GET", f"/Users?DivisionID={east['ID']}") == []
    assert owner.ok("GET", f"/EmploymentTypes/{contractor['ID']}/Users") == [person["ID"]]
    # Through Clockify the division is a user group the person is in.
    groups = {g["id"]: g for g in owner.caller.ok("GET", "/v1/workspaces/{ws}/user-groups", status=200)}
    assert person["ID"] in groups[west["ID"]]["userIds"] and person["ID"] not in groups[east["ID"]]["userIds"]
    cleared = owner.ok("PATCH", f"/Users/{person['ID']}", {"DivisionID": None, "EmploymentTypeID": None})
    assert (cleared["DivisionID"], cleared["EmploymentTypeID"]) == (None, None)
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"/Users/{person['ID']}", {"DivisionID": closed["ID"]}), 400, field="DivisionID")
    ct_error(owner.patch(f"/Users/{person['ID']}", {"DivisionID": MISSING, "Name": "Renamed"}), 400, field="DivisionID")
    ct_error(owner.patch(f"/Users/{person['ID']}", {"EmploymentTypeID": 12}), 400, field="EmploymentTypeID")
    ct_error(owner.post("/Users", {"Name": "Sam", "Email": "sam-division@example.com", "EmploymentTypeID": MISSING}),
             400, field="EmploymentTypeID")
    assert snapshot(api, owner.ws) == before
