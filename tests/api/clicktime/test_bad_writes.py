"""Bad input to the writes that no other module tests this way (/Clients, /Jobs, POST /Users, PATCH
of the named lists): a ClickTime-shaped 400 naming the field, and nothing written."""

from __future__ import annotations

import pytest

from tests.api.clicktime.ct import ct_error, tenant
from tests.support import snapshot

MISSING = "0123456789abcdef01234567"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "Name"), ({"Name": None}, "Name"), ({"Name": ""}, "Name"), ({"Name": 5}, "Name"), ({"Name": "x" * 101}, "Name"),
    ({"Name": "Acme", "IsActive": "no"}, "IsActive"), ({"Name": "Acme", "Notes": 3}, "Notes"),
    ({"Name": "TAKEN"}, "Name"), ({"Name": "Taken", "IsActive": False}, "Name"),
])
def test_bad_clients_are_400_and_write_nothing(api, body, field):
    owner = tenant(api)
    owner.ok("POST", "/Clients", {"Name": "Taken"})
    other = owner.ok("POST", "/Clients", {"Name": "Other"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Clients", body), 400, field=field)
    if body:
        ct_error(owner.patch(f"/Clients/{other['ID']}", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize(("body", "field"), [
    ({}, "Name"), ({"Name": None}, "Name"), ({"Name": ""}, "Name"), ({"Name": "Site", "BillingRate": -1}, "BillingRate"),
    ({"Name": "Site", "BillingRate": "ten"}, "BillingRate"), ({"Name": "Site", "IsBillable": "yes"}, "IsBillable"),
    ({"Name": "Site", "ClientID": MISSING}, "ClientID"), ({"Name": "Site", "ClientID": "nope"}, "ClientID"),
    ({"Name": "Site", "IsActive": 0}, "IsActive"),
])
def test_bad_jobs_are_400_and_write_nothing(api, body, field):
    owner = tenant(api)
    job = owner.ok("POST", "/Jobs", {"Name": "Existing"})
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Jobs", body), 400, field=field)
    if body:
        ct_error(owner.patch(f"/Jobs/{job['ID']}", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize(("body", "field"), [
    ({}, "Email"), ({"Name": "Sam"}, "Email"), ({"Name": "Sam", "Email": "not-an-email"}, "Email"),
    ({"Name": "Sam", "Email": "sam-bad@example.com", "SecurityLevel": "boss"}, "SecurityLevel"),
    ({"Name": "Sam", "Email": "sam-bad@example.com", "BillingRate": -5}, "BillingRate"),
    ({"Name": "Sam", "Email": "sam-bad@example.com", "IsActive": "yes"}, "IsActive"),
])
def test_bad_users_are_400_and_write_nothing(api, body, field):
    owner = tenant(api)
    before = snapshot(api, owner.ws)
    ct_error(owner.post("/Users", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize("path", ["/Divisions", "/EmploymentTypes", "/CostCodes", "/TimeOffTypes", "/Tasks"])
@pytest.mark.parametrize(("body", "field"), [({"Name": None}, "Name"), ({"Name": ""}, "Name"), ({"IsActive": "no"}, "IsActive")])
def test_bad_patches_of_named_things_are_400_and_write_nothing(api, path, body, field):
    owner = tenant(api)
    thing = owner.ok("POST", path, {"Name": "Existing"})
    before = snapshot(api, owner.ws)
    ct_error(owner.patch(f"{path}/{thing['ID']}", body), 400, field=field)
    assert snapshot(api, owner.ws) == before


def test_an_inactive_client_is_created_in_one_write(api):
    from tests.api.clockify.test_outbox import _events

    owner = tenant(api)
    made = owner.ok("POST", "/Clients", {"Name": "Dormant", "IsActive": False})
    assert made["IsActive"] is False
    assert [t for t, entity, _, _ in _events(api, owner.ws) if entity == made["ID"]] == ["NEW_CLIENT"]
    # Clockify's create has no `archived`: a client made there is active whatever the body says.
    clockify = owner.caller.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Fresh", "archived": True}, status=201)
    assert clockify["archived"] is False
