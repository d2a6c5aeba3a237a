"""Bad input for every write: a Clockify-shaped 4xx, and nothing written.

One world per backend (a workspace with one of everything, and a second, foreign workspace);
each case sends one bad write and compares every row the workspace owns before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from timeledger.core.ids import new_id
from tests.support import Api, assert_clockify_error, snapshot


class Raw(str):
    """A request body sent as-is (for malformed JSON)."""


@dataclass
class World:
    ws: str
    ids: dict[str, str]


def _build(api: Api):
    owner = api.tenant("World")
    member = api.member(owner)
    client = owner.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Client A"})
    project = owner.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Project A", "clientId": client["id"]})
    owner.ok("POST", f"/v1/workspaces/{{ws}}/projects/{project['id']}/memberships", {"userIds": [member.user_id]}, status=200)
    task = owner.ok("POST", f"/v1/workspaces/{{ws}}/projects/{project['id']}/tasks", {"name": "Task A"})
    tag = owner.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "Tag A"})
    group = owner.ok("POST", "/v1/workspaces/{ws}/user-groups", {"name": "Group A"})
    field = owner.ok("POST", "/v1/workspaces/{ws}/custom-fields", {"name": "Ticket", "type": "NUMBER"})
    entry = owner.ok("POST", "/v1/workspaces/{ws}/time-entries",
                     {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": project["id"]})
    foreign = api.tenant("Foreign")
    f_member = api.member(foreign)
    f_client = foreign.ok("POST", "/v1/workspaces/{ws}/clients", {"name": "Client X"})
    f_project = foreign.ok("POST", "/v1/workspaces/{ws}/projects", {"name": "Project X"})
    f_task = foreign.ok("POST", f"/v1/workspaces/{{ws}}/projects/{f_project['id']}/tasks", {"name": "Task X"})
    f_tag = foreign.ok("POST", "/v1/workspaces/{ws}/tags", {"name": "Tag X"})
    f_group = foreign.ok("POST", "/v1/workspaces/{ws}/user-groups", {"name": "Group X"})
    f_field = foreign.ok("POST", "/v1/workspaces/{ws}/custom-fields", {"name": "Other", "type": "TXT"})
    f_entry = foreign.ok("POST", "/v1/workspaces/{ws}/time-entries",
                         {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    ids = {
        "me": owner.user_id, "member": member.user_id, "client": client["id"], "project": project["id"],
        "task": task["id"], "tag": tag["id"], "group": group["id"], "field": field["id"], "entry": entry["id"],
        "fws": foreign.ws, "fmember": f_member.user_id, "fclient": f_client["id"], "fproject": f_project["id"],
        "ftask": f_task["id"], "ftag": f_tag["id"], "fgroup": f_group["id"], "ffield": f_field["id"],
        "fentry": f_entry["id"], "unknown": new_id(),
    }
    return owner, World(owner.ws, ids)


@pytest.fixture(scope="module")
def world(client, backend):
    api = Api(client, backend)
    owner, world = _build(api)
    return api, owner, world


LONG = "x" * 3001
S = "/v1/workspaces/{ws}"
E = {"start": "2026-03-05T09:00:00Z", "end": "2026-03-05T10:00:00Z"}

# (case id, method, path, body, status, message fragment)
CASES: list[tuple[str, str, str, Any, int, str | None]] = [
    # workspace users and rates
    ("add-user-bad-email", "POST", S + "/users", {"email": "not-an-email"}, 400, "email"),
    ("add-user-wrong-type", "POST", S + "/users", {"email": 42}, 400, "email"),
    ("add-user-malformed", "POST", S + "/users", Raw("{"), 400, "malformed"),
    ("user-status-enum", "PUT", S + "/users/{member}", {"status": "SLEEPING"}, 400, "status"),
    ("user-status-unknown", "PUT", S + "/users/{unknown}", {"status": "INACTIVE"}, 400, "belong"),
    ("user-status-foreign", "PUT", S + "/users/{fmember}", {"status": "INACTIVE"}, 400, "belong"),
    ("user-status-owner", "PUT", S + "/users/{me}", {"status": "INACTIVE"}, 403, None),
    ("remove-user-foreign", "DELETE", S + "/users/{fmember}", None, 400, "belong"),
    ("member-rate-negative", "PUT", S + "/users/{member}/hourly-rate", {"amount": -1}, 400, "amount"),
    ("member-rate-string", "PUT", S + "/users/{member}/hourly-rate", {"amount": "45"}, 400, "amount"),
    ("member-rate-float", "PUT", S + "/users/{member}/cost-rate", {"amount": 4.5}, 400, "amount"),
    ("member-rate-missing", "PUT", S + "/users/{member}/cost-rate", {}, 400, "amount"),
    ("member-rate-foreign", "PUT", S + "/users/{fmember}/hourly-rate", {"amount": 100}, 400, "belong"),
    ("member-rate-since", "PUT", S + "/users/{member}/hourly-rate", {"amount": 100, "since": "yesterday"}, 400, "since"),
    ("ws-rate-currency", "PUT", S + "/hourly-rate", {"amount": 100, "currency": "usd"}, 400, "currency"),
    ("ws-rate-negative", "PUT", S + "/cost-rate", {"amount": -5}, 400, "amount"),
    ("profile-weekstart", "PATCH", S + "/member-profile/{me}", {"weekStart": "FUNDAY"}, 400, "weekStart"),
    ("profile-capacity", "PATCH", S + "/member-profile/{me}", {"workCapacity": "8h"}, 400, "workCapacity"),
    ("profile-days", "PATCH", S + "/member-profile/{me}", {"workingDays": ["MONDAY", "FUNDAY"]}, 400, "workingDays"),
    ("profile-zone", "PATCH", S + "/member-profile/{me}", {"timeZone": "Mars/Olympus"}, 400, "zone"),
    ("profile-name-long", "PATCH", S + "/member-profile/{me}", {"name": LONG}, 400, "name"),
    ("profile-foreign", "PATCH", S + "/member-profile/{fmember}", {"weekStart": "MONDAY"}, 400, "belong"),
    ("role-bad", "POST", S + "/users/{member}/roles", {"role": "OWNER", "entityId": "{ws}"}, 400, "role"),
    ("role-foreign-project", "POST", S + "/users/{member}/roles", {"role": "PROJECT_MANAGER", "entityId": "{fproject}"}, 400, "belong"),
    ("role-unknown-user", "POST", S + "/users/{unknown}/roles", {"role": "WORKSPACE_ADMIN"}, 400, "belong"),
    ("role-revoke-not-held", "DELETE", S + "/users/{member}/roles", {"role": "PROJECT_MANAGER", "entityId": "{project}"}, 400, "Role doesn't belong"),
    ("role-revoke-bad-role", "DELETE", S + "/users/{member}/roles", {"role": "KING"}, 400, "role"),
    ("user-field-not-user", "PUT", S + "/users/{member}/custom-field/{field}/value", {"value": 1}, 400, "user field"),
    ("user-field-foreign", "PUT", S + "/users/{member}/custom-field/{ffield}/value", {"value": "x"}, 400, "belong"),
    ("users-info-sort", "POST", S + "/users/info", {"sortColumn": "AGE"}, 400, "sortColumn"),
    # clients
    ("client-no-name", "POST", S + "/clients", {"email": "a@b.co"}, 400, "name"),
    ("client-long-name", "POST", S + "/clients", {"name": "c" * 101}, 400, "name"),
    ("client-name-type", "POST", S + "/clients", {"name": 5}, 400, "name"),
    ("client-email", "POST", S + "/clients", {"name": "New", "email": "nope"}, 400, "email"),
    ("client-cc-emails", "POST", S + "/clients", {"name": "New", "ccEmails": ["a@b.co"] * 4}, 400, "ccEmails"),
    ("client-duplicate", "POST", S + "/clients", {"name": "client a"}, 400, "already exists"),
    ("client-note-long", "POST", S + "/clients", {"name": "New", "note": LONG}, 400, "note"),
    ("client-malformed", "POST", S + "/clients", Raw('{"name": '), 400, "malformed"),
    ("client-put-unknown", "PUT", S + "/clients/{unknown}", {"name": "Z"}, 400, "Client doesn't belong"),
    ("client-put-foreign", "PUT", S + "/clients/{fclient}", {"name": "Z"}, 400, "Client doesn't belong"),
    ("client-put-archived-type", "PUT", S + "/clients/{client}", {"name": "Z", "archived": "yes"}, 400, "archived"),
    ("client-delete-active", "DELETE", S + "/clients/{client}", None, 400, "active client"),
    ("client-delete-foreign", "DELETE", S + "/clients/{fclient}", None, 400, "belong"),
    # projects
    ("project-name-short", "POST", S + "/projects", {"name": "P"}, 400, "name"),
    ("project-name-long", "POST", S + "/projects", {"name": "p" * 251}, 400, "name"),
    ("project-color", "POST", S + "/projects", {"name": "New project", "color": "red"}, 400, "color"),
    ("project-client-unknown", "POST", S + "/projects", {"name": "New project", "clientId": "{unknown}"}, 400, "Client doesn't belong"),
    ("project-client-foreign", "POST", S + "/projects", {"name": "New project", "clientId": "{fclient}"}, 400, "Client doesn't belong"),
    ("project-member-foreign", "POST", S + "/projects", {"name": "New project", "memberships": [{"userId": "{fmember}"}]}, 400, "User doesn't belong"),
    ("project-rate-negative", "POST", S + "/projects", {"name": "New project", "hourlyRate": {"amount": -1}}, 400, "amount"),
    ("project-estimate", "POST", S + "/projects", {"name": "New project", "estimate": {"estimate": "1h"}}, 400, "estimate"),
    ("project-task-empty", "POST", S + "/projects", {"name": "New project", "tasks": [{"name": ""}]}, 400, "name"),
    ("project-duplicate", "POST", S + "/projects", {"name": "PROJECT A", "clientId": "{client}"}, 400, "already exists"),
    ("project-billable-type", "POST", S + "/projects", {"name": "New project", "billable": "yes"}, 400, "billable"),
    ("project-note-long", "POST", S + "/projects", {"name": "New project", "note": "n" * 16385}, 400, "note"),
    ("project-put-unknown", "PUT", S + "/projects/{unknown}", {"name": "Renamed"}, 400, "Project doesn't belong"),
    ("project-put-foreign", "PUT", S + "/projects/{fproject}", {"name": "Renamed"}, 400, "Project doesn't belong"),
    ("project-put-client-foreign", "PUT", S + "/projects/{project}", {"clientId": "{fclient}"}, 400, "Client doesn't belong"),
    ("project-put-color", "PUT", S + "/projects/{project}", {"color": "#12345"}, 400, "color"),
    ("project-delete-active", "DELETE", S + "/projects/{project}", None, 400, "active project"),
    ("project-estimate-bad", "PATCH", S + "/projects/{project}/estimate", {"timeEstimate": {"estimate": "x"}}, 400, "estimate"),
    ("project-budget-negative", "PATCH", S + "/projects/{project}/estimate", {"budgetEstimate": {"estimate": -1}}, 400, "estimate"),
    ("project-reset-day", "PATCH", S + "/projects/{project}/estimate", {"estimateReset": {"dayOfMonth": 40}}, 400, "dayOfMonth"),
    ("project-members-foreign", "PATCH", S + "/projects/{project}/memberships", {"memberships": [{"userId": "{me}"}, {"userId": "{fmember}"}]}, 400, "User doesn't belong"),
    ("project-members-add-unknown", "POST", S + "/projects/{project}/memberships", {"userIds": ["{unknown}"]}, 400, "User doesn't belong"),
    ("project-template-type", "PATCH", S + "/projects/{project}/template", {"isTemplate": "x"}, 400, "isTemplate"),
    ("project-member-rate-foreign", "PUT", S + "/projects/{project}/users/{fmember}/hourly-rate", {"amount": 10}, 400, "User doesn't belong"),
    ("project-member-rate-negative", "PUT", S + "/projects/{project}/users/{member}/cost-rate", {"amount": -10}, 400, "amount"),
    ("project-from-non-template", "POST", S + "/projects/from-template", {"templateProjectId": "{project}", "name": "Copy"}, 400, "template"),
    ("project-from-foreign", "POST", S + "/projects/from-template", {"templateProjectId": "{fproject}", "name": "Copy"}, 400, "Project doesn't belong"),
    # tasks
    ("task-empty-name", "POST", S + "/projects/{project}/tasks", {"name": "  "}, 400, "name"),
    ("task-long-name", "POST", S + "/projects/{project}/tasks", {"name": "t" * 1001}, 400, "name"),
    ("task-assignee-foreign", "POST", S + "/projects/{project}/tasks", {"name": "New", "assigneeIds": ["{fmember}"]}, 400, "User doesn't belong"),
    ("task-status", "POST", S + "/projects/{project}/tasks", {"name": "New", "status": "OPEN"}, 400, "status"),
    ("task-estimate", "POST", S + "/projects/{project}/tasks", {"name": "New", "estimate": "2 hours"}, 400, "estimate"),
    ("task-foreign-project", "POST", S + "/projects/{fproject}/tasks", {"name": "New"}, 400, "Project doesn't belong"),
    ("task-duplicate", "POST", S + "/projects/{project}/tasks", {"name": "task a"}, 400, "already exists"),
    ("task-group-foreign", "POST", S + "/projects/{project}/tasks", {"name": "New", "userGroupIds": ["{fgroup}"]}, 400, "User group doesn't belong"),
    ("task-put-unknown", "PUT", S + "/projects/{project}/tasks/{unknown}", {"name": "Z"}, 400, "Task doesn't belong"),
    ("task-put-foreign", "PUT", S + "/projects/{project}/tasks/{ftask}", {"name": "Z"}, 400, "Task doesn't belong"),
    ("task-delete-active", "DELETE", S + "/projects/{project}/tasks/{task}", None, 400, "active task"),
    ("task-rate-negative", "PUT", S + "/projects/{project}/tasks/{task}/hourly-rate", {"amount": -3}, 400, "amount"),
    ("task-cost-rate-string", "PUT", S + "/projects/{project}/tasks/{task}/cost-rate", {"amount": "12"}, 400, "amount"),
    # tags
    ("tag-no-name", "POST", S + "/tags", {}, 400, "name"),
    ("tag-long", "POST", S + "/tags", {"name": "t" * 101}, 400, "name"),
    ("tag-duplicate", "POST", S + "/tags", {"name": "TAG A"}, 400, "already exists"),
    ("tag-put-foreign", "PUT", S + "/tags/{ftag}", {"name": "Z"}, 400, "Tag doesn't belong"),
    ("tag-put-archived-type", "PUT", S + "/tags/{tag}", {"name": "Tag A", "archived": 3}, 400, "archived"),
    ("tag-delete-unknown", "DELETE", S + "/tags/{unknown}", None, 400, "Tag doesn't belong"),
    # user groups
    ("group-long", "POST", S + "/user-groups", {"name": "g" * 101}, 400, "name"),
    ("group-duplicate", "POST", S + "/user-groups", {"name": "group a"}, 400, "already exists"),
    ("group-put-foreign", "PUT", S + "/user-groups/{fgroup}", {"name": "Z"}, 400, "User group doesn't belong"),
    ("group-delete-foreign", "DELETE", S + "/user-groups/{fgroup}", None, 400, "User group doesn't belong"),
    ("group-add-foreign-user", "POST", S + "/user-groups/{group}/users", {"userId": "{fmember}"}, 400, "User doesn't belong"),
    ("group-remove-absent", "DELETE", S + "/user-groups/{group}/users/{member}", None, 400, "User doesn't belong"),
    # custom fields
    ("field-type", "POST", S + "/custom-fields", {"name": "Field", "type": "COLOR"}, 400, "type"),
    ("field-short-name", "POST", S + "/custom-fields", {"name": "F", "type": "TXT"}, 400, "name"),
    ("field-dropdown-empty", "POST", S + "/custom-fields", {"name": "Kind", "type": "DROPDOWN_SINGLE"}, 400, "allowedValues"),
    ("field-default-type", "POST", S + "/custom-fields", {"name": "Count", "type": "NUMBER", "workspaceDefaultValue": "many"}, 400, "number"),
    ("field-put-unknown", "PUT", S + "/custom-fields/{unknown}", {"name": "Field", "type": "TXT"}, 400, "Custom field doesn't belong"),
    ("field-delete-foreign", "DELETE", S + "/custom-fields/{ffield}", None, 400, "Custom field doesn't belong"),
    ("field-project-status", "PATCH", S + "/projects/{project}/custom-fields/{field}", {"status": "GONE"}, 400, "status"),
    ("field-project-value", "PATCH", S + "/projects/{project}/custom-fields/{field}", {"defaultValue": "many"}, 400, "number"),
    ("field-project-remove-foreign", "DELETE", S + "/projects/{project}/custom-fields/{ffield}", None, 400, "Custom field doesn't belong"),
    # time entries
    ("entry-end-before-start", "POST", S + "/time-entries", {"start": "2026-03-05T10:00:00Z", "end": "2026-03-05T09:00:00Z"}, 400, "end"),
    ("entry-start-garbage", "POST", S + "/time-entries", {"start": "monday 9am"}, 400, "start"),
    ("entry-start-number", "POST", S + "/time-entries", {"start": 1772442000}, 400, "start"),
    ("entry-start-naive", "POST", S + "/time-entries", {"start": "2026-03-05T09:00:00"}, 400, "start"),
    ("entry-description-long", "POST", S + "/time-entries", {**E, "description": LONG}, 400, "description"),
    ("entry-project-unknown", "POST", S + "/time-entries", {**E, "projectId": "{unknown}"}, 400, "Project doesn't belong"),
    ("entry-project-foreign", "POST", S + "/time-entries", {**E, "projectId": "{fproject}"}, 400, "Project doesn't belong"),
    ("entry-project-malformed", "POST", S + "/time-entries", {**E, "projectId": "not-an-id"}, 400, "Project doesn't belong"),
    ("entry-task-foreign", "POST", S + "/time-entries", {**E, "projectId": "{project}", "taskId": "{ftask}"}, 400, "Task doesn't belong"),
    ("entry-task-no-project", "POST", S + "/time-entries", {**E, "taskId": "{task}"}, 400, "project"),
    ("entry-tag-foreign", "POST", S + "/time-entries", {**E, "tagIds": ["{tag}", "{ftag}"]}, 400, "Tag doesn't belong"),
    ("entry-tags-type", "POST", S + "/time-entries", {**E, "tagIds": "{tag}"}, 400, "tagIds"),
    ("entry-type", "POST", S + "/time-entries", {**E, "type": "HOLIDAY"}, 400, "type"),
    ("entry-billable-type", "POST", S + "/time-entries", {**E, "billable": "yes"}, 400, "billable"),
    ("entry-field-unknown", "POST", S + "/time-entries", {**E, "customFields": [{"customFieldId": "{unknown}", "value": 1}]}, 400, "Custom field doesn't belong"),
    ("entry-field-foreign", "POST", S + "/time-entries", {**E, "customFields": [{"customFieldId": "{ffield}", "value": "x"}]}, 400, "Custom field doesn't belong"),
    ("entry-field-value", "POST", S + "/time-entries", {**E, "customFields": [{"customFieldId": "{field}", "value": "twelve"}]}, 400, "number"),
    ("entry-malformed", "POST", S + "/time-entries", Raw('{"start": "2026-03-05T09:00:00Z",}'), 400, "malformed"),
    ("entry-not-object", "POST", S + "/time-entries", [E], 400, None),
    ("entry-for-foreign-user", "POST", S + "/user/{fmember}/time-entries", E, 400, "User doesn't belong"),
    ("entry-for-unknown-user", "POST", S + "/user/{unknown}/time-entries", E, 400, "User doesn't belong"),
    ("entry-put-no-start", "PUT", S + "/time-entries/{entry}", {"end": "2026-03-02T10:00:00Z"}, 400, "start"),
    ("entry-put-end-before", "PUT", S + "/time-entries/{entry}", {"start": "2026-03-02T10:00:00Z", "end": "2026-03-02T09:59:59Z"}, 400, "end"),
    ("entry-put-foreign", "PUT", S + "/time-entries/{fentry}", E, 400, "Time entry doesn't belong"),
    ("entry-put-project-foreign", "PUT", S + "/time-entries/{entry}", {**E, "projectId": "{fproject}"}, 400, "Project doesn't belong"),
    ("entry-delete-foreign", "DELETE", S + "/time-entries/{fentry}", None, 400, "Time entry doesn't belong"),
    ("entry-delete-unknown", "DELETE", S + "/time-entries/{unknown}", None, 400, "Time entry doesn't belong"),
    ("stop-no-end", "PATCH", S + "/user/{me}/time-entries", {}, 400, "end"),
    ("stop-garbage", "PATCH", S + "/user/{me}/time-entries", {"end": "later"}, 400, "end"),
    ("bulk-edit-foreign", "PUT", S + "/user/{me}/time-entries", [{"id": "{fentry}", **E}], 400, "Time entry doesn't belong"),
    ("bulk-edit-one-bad", "PUT", S + "/user/{me}/time-entries",
     [{"id": "{entry}", **E, "description": "changed"}, {"id": "{entry}", "start": "2026-03-05T10:00:00Z", "end": "2026-03-05T09:00:00Z"}],
     400, "end"),
    ("bulk-edit-empty", "PUT", S + "/user/{me}/time-entries", [], 400, None),
    ("bulk-delete-mixed", "DELETE", S + "/user/{me}/time-entries?time-entry-ids={entry},{fentry}", None, 400, "Time entry doesn't belong"),
    ("bulk-delete-missing-param", "DELETE", S + "/user/{me}/time-entries", None, 400, "time-entry-ids"),
    ("duplicate-foreign", "POST", S + "/user/{me}/time-entries/{fentry}/duplicate", None, 400, "Time entry doesn't belong"),
    ("invoiced-mixed", "PATCH", S + "/time-entries/invoiced", {"timeEntryIds": ["{entry}", "{fentry}"], "invoiced": True}, 400, "Time entry doesn't belong"),
    ("invoiced-type", "PATCH", S + "/time-entries/invoiced", {"timeEntryIds": ["{entry}"], "invoiced": "yes"}, 400, "invoiced"),
    ("batch-not-list", "POST", S + "/time-entries/batch", {"timeEntryIds": "{entry}"}, 400, "timeEntryIds"),
    # another workspace in the path: the caller is no member there
    ("foreign-workspace-path", "POST", "/v1/workspaces/{fws}/tags", {"name": "Sneaky"}, 403, "Access Denied"),
    ("workspace-create-long", "POST", "/v1/workspaces", {"name": "w" * 51}, 400, "name"),
    ("workspace-create-empty", "POST", "/v1/workspaces", {"name": ""}, 400, "name"),
]


def _fill(value: Any, ids: dict[str, str], ws: str) -> Any:
    if isinstance(value, Raw):
        return value
    if isinstance(value, str):
        value = value.replace("{ws}", ws)
        for key, ident in ids.items():
            value = value.replace("{" + key + "}", ident)
        return value
    if isinstance(value, list):
        return [_fill(v, ids, ws) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids, ws) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("case", "method", "path", "body", "status", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_write_is_refused_and_changes_nothing(world, case, method, path, body, status, fragment):
    api, owner, w = world
    path = _fill(path, w.ids, w.ws)
    body = _fill(body, w.ids, w.ws)
    before = snapshot(api, w.ws)
    workspaces_before = owner.ok("GET", "/v1/workspaces")
    kwargs: dict[str, Any] = {}
    if isinstance(body, Raw):
        kwargs = {"content": str(body), "headers": {"Content-Type": "application/json"}}
    elif body is not None:
        kwargs = {"json": body}
    response = owner.request(method, path, **kwargs)
    assert_clockify_error(response, status, contains=fragment)
    assert snapshot(api, w.ws) == before, f"{case} wrote something"
    assert owner.ok("GET", "/v1/workspaces") == workspaces_before


def test_file_upload_rejects_non_images(world):
    api, owner, w = world
    before = snapshot(api, w.ws)
    response = owner.post("/v1/file/image", files={"file": ("notes.txt", b"just text", "text/plain")})
    assert_clockify_error(response, 400, 501, "image")
    response = owner.post("/v1/file/image", data={"other": "x"})
    assert_clockify_error(response, 400, 501, "file")
    assert snapshot(api, w.ws) == before
