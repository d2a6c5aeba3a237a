"""Paging (limit/offset, count = total, links), field filters with repeated keys, verbose=true,
and the Me scope (what a member may log to)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.api.clicktime.ct import ct_error, member, tenant


def query_of(link: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(link).query, keep_blank_values=True)


@pytest.fixture
def five_clients(api):
    owner = tenant(api)
    ids = [owner.ok("POST", "/Clients", {"Name": f"Client {n}"})["ID"] for n in range(5)]
    return owner, ids


def test_count_is_the_total_and_links_page_through(api, five_clients):
    owner, ids = five_clients
    first = owner.page("/Clients?limit=2")
    assert [c["ID"] for c in first["data"]] == ids[:2]
    page = first["page"]
    assert (page["count"], page["limit"], page["offset"]) == (5, 2, 0)
    links = page["links"]
    assert set(links) == {"self", "first", "next", "last"}  # no previous on the first page
    assert dict(query_of(links["next"])) == {"limit": "2", "offset": "2"}
    assert dict(query_of(links["last"])) == {"limit": "2", "offset": "4"}
    seen = [c["ID"] for c in first["data"]]
    link = links["next"]
    while link:
        body = owner.page(urlsplit(link).path + "?" + urlsplit(link).query)
        assert body["page"]["count"] == 5
        seen += [c["ID"] for c in body["data"]]
        link = body["page"]["links"].get("next")
    assert seen == ids
    last = owner.page("/Clients?limit=2&offset=4")["page"]["links"]
    assert "next" not in last and dict(query_of(last["previous"])) == {"limit": "2", "offset": "2"}


def test_default_limit_and_clamping(api, five_clients):
    owner, _ = five_clients
    assert owner.page("/Clients")["page"]["limit"] == 100
    assert owner.page("/Clients?limit=50000")["page"]["limit"] == 1000
    beyond = owner.page("/Clients?offset=10")
    assert beyond["data"] == [] and beyond["page"]["count"] == 5 and "next" not in beyond["page"]["links"]


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"), ("limit=-5", "limit"), ("offset=-1", "offset"), ("limit=ten", "limit"),
    ("offset=1.5", "offset"), ("IsActive=maybe", "IsActive"), ("verbose=perhaps", "verbose"),
])
def test_bad_paging_and_filter_values_are_400(api, query, field):
    owner = tenant(api)
    ct_error(owner.get(f"/Clients?{query}" if field != "verbose" else f"/Jobs?{query}"), 400, field=field)


@pytest.mark.parametrize("path,field", [
    ("/Users?SecurityLevel=BOSS", "SecurityLevel"), ("/Manage/Users?SecurityLevel=ADMIN&SecurityLevel=", "SecurityLevel"),
    ("/Me/Clients?IsActive=maybe", "IsActive"), ("/Tasks?IsActive=2", "IsActive"), ("/Me/Tasks?IsActive=maybe", "IsActive"),
    ("/Divisions?IsActive=maybe", "IsActive"), ("/CostCodes?IsActive=maybe", "IsActive"),
    ("/TimeOffTypes?RequiresApproval=maybe", "RequiresApproval"), ("/Me/TimeOffTypes?RequiresApproval=maybe", "RequiresApproval"),
    ("/Me/Timers?FromDate=03/02/2026", "FromDate"), ("/Me/Timers?ToDate=2026-02-30", "ToDate"),
])
def test_bad_filter_values_of_every_list_are_400(api, path, field):
    """The filters shared by several lists (one dependency each) refuse a wrong value in ClickTime's shape."""
    owner = tenant(api)
    ct_error(owner.get(path), 400, field=field)


def test_repeated_keys_are_any_of_and_keys_combine(api, five_clients):
    owner, ids = five_clients
    owner.ok("PATCH", f"/Clients/{ids[1]}", {"IsActive": False})
    rows = owner.ok("GET", f"/Clients?ID={ids[0]}&ID={ids[1]}&ID={ids[3]}")
    assert [c["ID"] for c in rows] == [ids[0], ids[1], ids[3]]
    rows = owner.ok("GET", f"/Clients?ID={ids[0]}&ID={ids[1]}&ID={ids[3]}&IsActive=true")
    assert [c["ID"] for c in rows] == [ids[0], ids[3]]
    rows = owner.ok("GET", "/Clients?Name=client 2&Name=CLIENT 4&Name=nobody")
    assert [c["ID"] for c in rows] == [ids[2], ids[4]]
    assert len(owner.ok("GET", "/Clients?IsActive=true&IsActive=false")) == 5
    assert owner.ok("GET", "/Clients?ID=not-an-id") == []
    body = owner.page(f"/Clients?ID={ids[0]}&ID={ids[1]}&limit=1")
    assert body["page"]["count"] == 2
    assert query_of(body["page"]["links"]["next"]) == [("ID", ids[0]), ("ID", ids[1]), ("limit", "1"), ("offset", "1")]


def test_filters_on_fields_not_stored_match_nothing(api, five_clients):
    owner, _ = five_clients
    assert owner.page("/Clients?ClientNumber=42")["page"]["count"] == 0
    assert owner.ok("GET", "/Jobs?JobNumber=J-1") == []
    assert owner.ok("GET", "/Users?DivisionID=abc") == []


def test_verbose_embeds_basic_objects_next_to_their_ids(api):
    owner = tenant(api)
    pm = member(api, owner, name="Pat Manager")
    client = owner.ok("POST", "/Clients", {"Name": "Embedded"})
    with_client = owner.ok("POST", "/Jobs", {"Name": "Has client", "ClientID": client["ID"], "ProjectManagerID": pm.user_id})
    without = owner.ok("POST", "/Jobs", {"Name": "No client"})
    plain = owner.ok("GET", "/Jobs")
    assert all("Client" not in j and "ProjectManager" not in j for j in plain)
    rows = {j["ID"]: j for j in owner.ok("GET", "/Jobs?verbose=true")}
    assert rows[with_client["ID"]]["Client"] == {"ID": client["ID"], "Name": "Embedded", "ListDisplayText": "Embedded",
                                                "IsActive": True}
    assert rows[with_client["ID"]]["ProjectManager"] == {"ID": pm.user_id, "Name": "Pat Manager", "IsActive": True}
    assert rows[without["ID"]]["Client"] is None and rows[without["ID"]]["ProjectManager"] is None
    one = owner.ok("GET", f"/Jobs/{with_client['ID']}?Verbose=true")
    assert one["Client"]["ID"] == client["ID"]
    mine = owner.ok("GET", "/Me/Jobs?verbose=true")
    assert {j["ID"]: j["Client"] for j in mine}[with_client["ID"]]["Name"] == "Embedded"
    users = owner.ok("GET", "/Users?verbose=true")
    assert all(u["Division"] is None and u["EmploymentType"] is None and "TimesheetApprover" in u for u in users)


def test_me_jobs_are_the_jobs_a_member_may_log_to(api):
    owner = tenant(api)
    worker = member(api, owner)
    acme = owner.ok("POST", "/Clients", {"Name": "Acme"})
    hidden_client = owner.ok("POST", "/Clients", {"Name": "Hidden"})
    public = owner.caller.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Public", "isPublic": True, "clientId": acme["ID"]})
    private = owner.caller.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Private mine", "isPublic": False})
    owner.caller.ok("POST", f"/v1/workspaces/{{ws}}/projects/{private['id']}/memberships", {"userIds": [worker.user_id]}, status=200)
    secret = owner.caller.ok("POST", "/v1/workspaces/{ws}/projects",
                             {"name": "Secret", "isPublic": False, "clientId": hidden_client["ID"]})
    mine = worker.page("/Me/Jobs")
    assert sorted(j["ID"] for j in mine["data"]) == sorted([public["id"], private["id"]])
    assert mine["page"]["count"] == 2
    assert set(mine["data"][0]) == {"ID", "Name", "ListDisplayText", "JobNumber", "ClientID", "IsActive", "StartDate", "EndDate"}
    assert worker.ok("GET", f"/Me/Jobs/{public['id']}")["ListDisplayText"] == "Acme - Public"
    ct_error(worker.get(f"/Me/Jobs/{secret['id']}"), 404)
    assert [c["ID"] for c in worker.ok("GET", "/Me/Clients")] == [acme["ID"]]
    ct_error(worker.get(f"/Me/Clients/{hidden_client['ID']}"), 404)
    assert sorted(j["ID"] for j in owner.ok("GET", "/Me/Jobs")) == sorted([public["id"], private["id"], secret["id"]])
    assert [c["Name"] for c in owner.ok("GET", "/Me/Clients")] == ["Acme", "Hidden"]
    # Company-wide lists are for managers and admins.
    ct_error(worker.get("/Jobs"), 403)
    ct_error(worker.get("/Clients"), 403)
    ct_error(worker.get("/Users"), 403)


def test_me_jobs_filters(api):
    owner = tenant(api)
    acme = owner.ok("POST", "/Clients", {"Name": "Acme"})
    one = owner.ok("POST", "/Jobs", {"Name": "One", "ClientID": acme["ID"]})
    two = owner.ok("POST", "/Jobs", {"Name": "Two", "IsActive": False})
    assert [j["ID"] for j in owner.ok("GET", f"/Me/Jobs?ClientID={acme['ID']}")] == [one["ID"]]
    assert [j["ID"] for j in owner.ok("GET", "/Me/Jobs?IsActive=false")] == [two["ID"]]
    assert [j["ID"] for j in owner.ok("GET", "/me/jobs?name=two&name=one")] == [two["ID"], one["ID"]]  # no client first
