"""Custom fields on entries and users, and project defaults."""

from __future__ import annotations

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def test_custom_field_lifecycle(api):
    owner = api.tenant()
    created = owner.ok("POST", S + "/custom-fields", {
        "name": "Kind", "type": "DROPDOWN_MULTIPLE", "allowedValues": ["bug", "feature", "bug"],
        "description": "What kind of work", "placeholder": "pick", "workspaceDefaultValue": ["bug"],
    })
    assert created["allowedValues"] == ["bug", "feature"] and created["entityType"] == "TIMEENTRY"
    assert created["status"] == "VISIBLE" and created["workspaceDefaultValue"] == ["bug"] and created["projectDefaultValues"] == []
    user_field = owner.ok("POST", S + "/custom-fields", {"name": "Employee no", "type": "TXT", "entityType": "USER", "status": "INVISIBLE"})
    assert [f["name"] for f in owner.ok("GET", S + "/custom-fields")] == ["Employee no", "Kind"]
    assert [f["name"] for f in owner.ok("GET", S + "/custom-fields?entity-type=USER")] == ["Employee no"]
    assert [f["name"] for f in owner.ok("GET", S + "/custom-fields?status=VISIBLE")] == ["Kind"]
    updated = owner.ok("PUT", S + f"/custom-fields/{created['id']}", {"name": "Work kind", "type": "DROPDOWN_SINGLE", "allowedValues": ["bug", "chore"]}, status=200)
    assert updated["name"] == "Work kind" and updated["type"] == "DROPDOWN_SINGLE" and updated["workspaceDefaultValue"] is None
    project = owner.ok("POST", S + "/projects", {"name": "Site"})
    patched = owner.ok("PATCH", S + f"/projects/{project['id']}/custom-fields/{created['id']}", {"defaultValue": "chore", "status": "INVISIBLE"}, status=200)
    assert patched["projectDefaultValues"] == [{"projectId": project["id"], "value": "chore", "status": "INVISIBLE"}]
    in_project = owner.ok("GET", S + f"/projects/{project['id']}/custom-fields?status=INVISIBLE")
    assert sorted(f["name"] for f in in_project) == ["Employee no", "Work kind"]
    removed = owner.ok("DELETE", S + f"/projects/{project['id']}/custom-fields/{created['id']}", status=200)
    assert removed["projectDefaultValues"] == []
    member = api.member(owner)
    value = member.ok("PUT", S + f"/users/{{me}}/custom-field/{user_field['id']}/value", {"value": "E-7"}, status=201)
    assert value == {"customFieldId": user_field["id"], "customFieldName": "Employee no", "customFieldType": "TXT", "userId": member.user_id, "value": "E-7"}
    profile = member.ok("GET", S + "/member-profile/{me}")
    assert [v["value"] for v in profile["userCustomFieldValues"]] == ["E-7"]
    assert_clockify_error(member.post(S + "/custom-fields", {"name": "Mine", "type": "TXT"}), 403, 501)
    response = owner.delete(S + f"/custom-fields/{user_field['id']}")
    assert response.status_code == 204 and response.content == b""
    assert member.ok("GET", S + "/member-profile/{me}")["userCustomFieldValues"] == []


def test_value_types_are_checked(api):
    owner = api.tenant()
    fields = {
        kind: owner.ok("POST", S + "/custom-fields", {"name": f"F {kind}", "type": kind, "allowedValues": ["a", "b"] if "DROPDOWN" in kind else []})["id"]
        for kind in ("TXT", "NUMBER", "CHECKBOX", "LINK", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE")
    }
    times = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}
    good = {"TXT": "text", "NUMBER": 2.5, "CHECKBOX": True, "LINK": "https://example.com", "DROPDOWN_SINGLE": "a", "DROPDOWN_MULTIPLE": ["a", "b"]}
    bad = {"TXT": 5, "NUMBER": "lots", "CHECKBOX": "yes", "LINK": "ftp://x", "DROPDOWN_SINGLE": "c", "DROPDOWN_MULTIPLE": ["a", "z"]}
    created = owner.ok("POST", S + "/time-entries", {**times, "customFields": [{"customFieldId": fields[k], "value": v} for k, v in good.items()]})
    assert {v["type"]: v["value"] for v in created["customFieldValues"]} == good
    for kind, value in bad.items():
        response = owner.post(S + "/time-entries", {**times, "customFields": [{"customFieldId": fields[kind], "value": value}]})
        assert_clockify_error(response, 400, 501, f"F {kind}")
    assert len(owner.ok("GET", S + "/user/{me}/time-entries")) == 1
