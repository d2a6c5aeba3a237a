"""Cost codes, labor codes and time entry types through the Clockify dialect: the three lists,
entries carrying them, and report filters and groupings on them."""

from __future__ import annotations

import pytest

from tests.support import assert_clockify_error, snapshot

S = "/v1/workspaces/{ws}"
KINDS = [("cost-codes", "costCodeId", "COST_CODE", "costCodes"),
         ("labor-codes", "laborCodeId", "LABOR_CODE", "laborCodes"),
         ("time-entry-types", "timeEntryTypeId", "TIME_ENTRY_TYPE", "timeEntryTypes")]
ENTRY = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_code_list_lifecycle(api, path, field, kind, selection):
    owner = api.tenant()
    made = owner.ok("POST", S + f"/{path}", {"name": "Site work", "code": "SW-1", "description": "On site"})
    assert made == {"id": made["id"], "workspaceId": owner.ws, "name": "Site work", "code": "SW-1",
                    "description": "On site", "active": True}
    owner.ok("POST", S + f"/{path}", {"name": "Office"})
    owner.ok("POST", S + f"/{path}", {"name": "Archive", "active": False})
    assert owner.ok("GET", S + f"/{path}/{made['id']}", status=200) == made

    def names(query=""):
        return [c["name"] for c in owner.ok("GET", S + f"/{path}{query}", status=200)]

    assert names() == ["Archive", "Office", "Site work"]
    assert names("?active=true") == ["Office", "Site work"]
    assert names("?active=0") == ["Archive"]
    assert names("?name=o") == ["Office", "Site work"]
    assert names("?name=site") == ["Site work"]
    assert names("?sort-order=DESCENDING") == ["Site work", "Office", "Archive"]
    page = owner.get(S + f"/{path}?page=1&page-size=2")
    assert page.status_code == 200 and len(page.json()) == 2 and page.headers["Last-Page"] == "false"
    page = owner.get(S + f"/{path}?page=2&page-size=2")
    assert len(page.json()) == 1 and page.headers["Last-Page"] == "true"

    changed = owner.ok("PUT", S + f"/{path}/{made['id']}", {"name": "Field work", "active": False}, status=200)
    assert changed["name"] == "Field work" and changed["active"] is False and changed["code"] == "SW-1"
    deleted = owner.ok("DELETE", S + f"/{path}/{made['id']}", status=200)
    assert deleted["id"] == made["id"]
    assert_clockify_error(owner.get(S + f"/{path}/{made['id']}"), 400, 501, "doesn't belong to Workspace")


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_code_bad_input(api, path, field, kind, selection):
    owner = api.tenant()
    member = api.member(owner)
    made = owner.ok("POST", S + f"/{path}", {"name": "Travel"})
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.post(S + f"/{path}", {}), 400, 501)
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "  "}), 400, 501)
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "x" * 101}), 400, 501)
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "travel"}), 400, 501, "already exists")
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "Ok", "code": "c" * 51}), 400, 501)
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "Ok", "active": "yes"}), 400, 501)
    assert_clockify_error(owner.post(S + f"/{path}", {"name": "Ok", "description": "d" * 3001}), 400, 501)
    assert_clockify_error(owner.put(S + f"/{path}/{made['id']}", {"name": ""}), 400, 501)
    assert_clockify_error(owner.put(S + f"/{path}/not-an-id", {"name": "Ok"}), 400, 501)
    assert_clockify_error(owner.delete(S + f"/{path}/0123456789abcdef01234567"), 400, 501)
    # Only admins manage the lists; members read them.
    assert_clockify_error(member.post(S + f"/{path}", {"name": "Mine"}), 403, 501)
    assert_clockify_error(member.put(S + f"/{path}/{made['id']}", {"name": "Mine"}), 403, 501)
    assert_clockify_error(member.delete(S + f"/{path}/{made['id']}"), 403, 501)
    assert [c["name"] for c in member.ok("GET", S + f"/{path}", status=200)] == ["Travel"]
    assert snapshot(api, owner.ws) == before


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_codes_of_another_workspace_are_invisible(api, path, field, kind, selection):
    owner = api.tenant()
    other = api.tenant("Other")
    theirs = other.ok("POST", S + f"/{path}", {"name": "Secret"})
    assert owner.ok("GET", S + f"/{path}", status=200) == []
    for response in (
        owner.get(S + f"/{path}/{theirs['id']}"),
        owner.put(S + f"/{path}/{theirs['id']}", {"name": "Mine"}),
        owner.delete(S + f"/{path}/{theirs['id']}"),
        owner.post(S + "/time-entries", {**ENTRY, field: theirs["id"]}),
    ):
        assert_clockify_error(response, 400, 501, "doesn't belong to Workspace")
    # Another workspace's id in the URL is refused by that workspace's membership check.
    assert owner.get(f"/v1/workspaces/{other.ws}/{path}/{theirs['id']}").status_code in (401, 403)
    assert other.ok("GET", S + f"/{path}/{theirs['id']}", status=200)["name"] == "Secret"


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_entries_carry_codes(api, path, field, kind, selection):
    owner = api.tenant()
    code = owner.ok("POST", S + f"/{path}", {"name": "Overtime", "code": "OT"})
    other = owner.ok("POST", S + f"/{path}", {"name": "Regular"})
    entry = owner.ok("POST", S + "/time-entries", {**ENTRY, field: code["id"]})
    assert entry[field] == code["id"]
    got = owner.ok("GET", S + f"/time-entries/{entry['id']}?hydrated=true", status=200)
    assert got[field] == code["id"]
    embedded = {"costCodeId": "costCode", "laborCodeId": "laborCode", "timeEntryTypeId": "timeEntryType"}[field]
    assert got[embedded]["name"] == "Overtime" and got[embedded]["code"] == "OT"
    # A PUT that omits the code keeps it (Clockify clients know nothing of codes); null clears it.
    kept = owner.ok("PUT", S + f"/time-entries/{entry['id']}", {**ENTRY, "description": "changed"}, status=200)
    assert kept[field] == code["id"] and kept["description"] == "changed"
    moved = owner.ok("PUT", S + f"/time-entries/{entry['id']}", {**ENTRY, field: other["id"]}, status=200)
    assert moved[field] == other["id"]
    cleared = owner.ok("PUT", S + f"/time-entries/{entry['id']}", {**ENTRY, field: None}, status=200)
    assert cleared[field] is None
    bulk = owner.ok("PUT", S + "/user/{me}/time-entries?hydrated=true",
                    [{"id": entry["id"], **ENTRY, field: code["id"]}], status=200)
    assert bulk[0][field] == code["id"] and bulk[0][embedded]["id"] == code["id"]
    listed = owner.ok("GET", S + "/user/{me}/time-entries", status=200)
    assert listed[0][field] == code["id"]
    duplicate = owner.ok("POST", S + f"/user/{{me}}/time-entries/{entry['id']}/duplicate")
    assert duplicate[field] == code["id"]


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_inactive_codes_are_refused_for_new_use(api, path, field, kind, selection):
    owner = api.tenant()
    code = owner.ok("POST", S + f"/{path}", {"name": "Legacy"})
    entry = owner.ok("POST", S + "/time-entries", {**ENTRY, field: code["id"]})
    owner.ok("PUT", S + f"/{path}/{code['id']}", {"name": "Legacy", "active": False}, status=200)
    before = snapshot(api, owner.ws)
    body = assert_clockify_error(owner.post(S + "/time-entries", {**ENTRY, field: code["id"]}), 400, 501, "inactive")
    assert "Legacy" in body["message"]
    assert snapshot(api, owner.ws) == before
    # The entry that already carries it can still be edited.
    edited = owner.ok("PUT", S + f"/time-entries/{entry['id']}", {**ENTRY, "description": "x", field: code["id"]}, status=200)
    assert edited[field] == code["id"]
    # A code of another kind is not a code of this kind.
    other_kind = next(k for k in KINDS if k[0] != path)
    wrong = owner.ok("POST", S + f"/{other_kind[0]}", {"name": "Elsewhere"})
    assert_clockify_error(owner.post(S + "/time-entries", {**ENTRY, field: wrong["id"]}), 400, 501)
    assert_clockify_error(owner.post(S + "/time-entries", {**ENTRY, field: "nonsense"}), 400, 501)


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_used_codes_cannot_be_deleted(api, path, field, kind, selection):
    owner = api.tenant()
    code = owner.ok("POST", S + f"/{path}", {"name": "Billing"})
    entry = owner.ok("POST", S + "/time-entries", {**ENTRY, field: code["id"]})
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.delete(S + f"/{path}/{code['id']}"), 400, 501, "deactivate it instead")
    assert snapshot(api, owner.ws) == before
    owner.ok("DELETE", S + f"/time-entries/{entry['id']}", status=204)
    owner.ok("DELETE", S + f"/{path}/{code['id']}", status=200)


def test_report_filters_and_groups_by_codes(api):
    owner = api.tenant()
    ids = {}
    for path, field, kind, selection in KINDS:
        ids[field] = [owner.ok("POST", S + f"/{path}", {"name": f"{kind} {n}"})["id"] for n in ("A", "B")]
    f = lambda i: {field: ids[field][i] for field in ids}  # noqa: E731
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", **f(0)})
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T11:00:00Z", **f(1)})
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-04T09:00:00Z", "end": "2026-03-04T12:00:00Z"})
    window = {"dateRangeStart": "2026-03-01T00:00:00Z", "dateRangeEnd": "2026-03-31T23:59:59Z"}
    for path, field, kind, selection in KINDS:
        summary = owner.ok("POST", S + "/reports/summary", {**window, "summaryFilter": {"groups": [kind]}}, status=200)
        groups = {g["name"]: g["duration"] for g in summary["groupOne"]}
        without = {"COST_CODE": "(Without cost code)", "LABOR_CODE": "(Without labor code)",
                   "TIME_ENTRY_TYPE": "(Without time entry type)"}[kind]
        assert groups == {f"{kind} A": 3600, f"{kind} B": 7200, without: 10800}
        only_b = owner.ok("POST", S + "/reports/detailed",
                          {**window, selection: {"ids": [ids[field][1]], "contains": "CONTAINS"}}, status=200)
        assert [e[field] for e in only_b["timeentries"]] == [ids[field][1]]
        not_a = owner.ok("POST", S + "/reports/summary",
                         {**window, selection: {"ids": [ids[field][0]], "contains": "DOES_NOT_CONTAIN"},
                          "summaryFilter": {"groups": ["USER"]}}, status=200)
        assert not_a["totals"][0]["totalTime"] == 7200 + 10800
    nested = owner.ok("POST", S + "/reports/summary",
                      {**window, "summaryFilter": {"groups": ["COST_CODE", "LABOR_CODE", "TIME_ENTRY_TYPE"]}}, status=200)
    assert nested["totals"][0]["totalTime"] == 6 * 3600
    a = next(g for g in nested["groupOne"] if g["name"] == "COST_CODE A")
    assert a["children"][0]["name"] == "LABOR_CODE A" and a["children"][0]["children"][0]["name"] == "TIME_ENTRY_TYPE A"
    assert_clockify_error(owner.post(S + "/reports/summary", {**window, "costCodes": {"ids": [], "contains": "MAYBE"}}), 400)
    assert_clockify_error(owner.post(S + "/reports/summary", {**window, "summaryFilter": {"groups": ["COST"]}}), 400)


@pytest.mark.parametrize("path,field,kind,selection", KINDS)
def test_code_bad_update(api, path, field, kind, selection):
    owner = api.tenant()
    owner.ok("POST", S + f"/{path}", {"name": "Travel"})
    other = owner.ok("POST", S + f"/{path}", {"name": "Office"})
    before = snapshot(api, owner.ws)
    assert_clockify_error(owner.put(S + f"/{path}/{other['id']}", {"name": " TRAVEL "}), 400, 501, "already exists")
    assert_clockify_error(owner.put(S + f"/{path}/{other['id']}", {"code": "c" * 51}), 400, 501)
    assert_clockify_error(owner.put(S + f"/{path}/{other['id']}", {"description": "d" * 3001}), 400, 501)
    assert snapshot(api, owner.ws) == before


def test_names_are_unique_within_one_kind_only(api):
    owner = api.tenant()
    for path, *_ in KINDS:
        owner.ok("POST", S + f"/{path}", {"name": "Travel"})
    renamed = owner.ok("POST", S + "/cost-codes", {"name": "Office"})
    assert owner.ok("PUT", S + f"/cost-codes/{renamed['id']}", {"name": "office"}, status=200)["name"] == "office"
    assert {c["name"] for c in owner.ok("GET", S + "/labor-codes", status=200)} == {"Travel"}
