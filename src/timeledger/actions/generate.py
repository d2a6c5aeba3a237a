"""Build the action catalog from the app's OpenAPI description.

Run by scripts/generate_actions.py (which writes catalog.json) and by the test that checks the
committed catalog against the current app. This module imports the server stack; the CLI never
imports it at run time.

Each operation of the Clockify dialect becomes an action whose id is its operationId; each of the
ClickTime dialect one whose id is `clicktime-` and its route's name in the same words
(CLICKTIME_NAMES). Its input
is one flat object: the path parameters, the query parameters and the fields of the JSON body
(or, for a body that is a list, one property holding it), with $refs resolved and pydantic's
`anyOf [X, null]` turned into plain JSON Schema. workspaceId is optional everywhere and userId
where "you" is the natural default (USER_DEFAULTS); the session fills them in.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from timeledger.actions.catalog import CATALOG_FILE, Action

API_PREFIX = "/v1"
CLICKTIME_PREFIX = "/clicktime/v2"

# ClickTime routes are named after what they do, in three scopes: `my_` (yours), `company_` (the
# company's), `managed_` (the people you manage). Their actions read verb first:
# my_list_entries -> clicktime-list-my-time-entries. Names that need more than that rule:
CLICKTIME_NAMES: dict[str, str] = {
    "company_act": "act-on-timesheet",
    "company_act_for_user": "act-on-user-timesheet",
    "company_history": "get-timesheet-history",
    "managed_act": "act-on-managed-timesheet",
    "managed_act_for_user": "act-on-managed-user-timesheet",
    "managed_history": "get-managed-timesheet-history",
    "my_timesheet_history": "get-my-timesheet-history",
    "act_on_my_timesheet": "act-on-my-timesheet",
    "time_report": "get-time-report",
    "time_summary": "get-time-summary-report",
    "company_list_actions": "list-timesheet-actions",
    "managed_list_actions": "list-managed-timesheet-actions",
    "get_me": "get-current-user",
    "reset_auth_token": "reset-auth-token",
}
# Words of route names spelt out as the API says them.
CLICKTIME_WORDS = {"entries": "time-entries", "entry": "time-entry", "sheets": "timesheets", "sheet": "timesheet"}
CLICKTIME_PAGE = 100  # rows per page when an action walks every page (ClickTime allows 500 entries, 1000 else)

# What each action does, in the words an agent searches with. The seed skills' keys keep their
# seeds' phrasing ("Retrieves ...").
DESCRIPTIONS: dict[str, str] = {
    # time entries and timers
    "create-time-entry": "Creates a new time entry in a workspace: log hours worked from start to end, with "
                         "description, project, task, tags and billable; without end it starts a timer.",
    "create-time-entry-for-user": "Creates a time entry for another member of the workspace (admins and managers), "
                                  "or starts a timer for them.",
    "list-time-entries": "Retrieves a list of time entries for a user in a workspace (you by default), newest first, "
                         "with optional filters: start, end, description, project, task, tags, in-progress.",
    "stop-timer": "Stops the running timer of a user (you by default) at the given end time.",
    "update-time-entries": "Updates several time entries of a user at once (bulk edit; each entry is replaced).",
    "delete-time-entries": "Deletes several time entries of a user at once (bulk delete) by their IDs.",
    "duplicate-time-entry": "Duplicates an existing time entry of a user (copy it as a new entry).",
    "mark-time-entries-invoiced": "Marks time entries as invoiced or not invoiced (bulk change).",
    "list-running-time-entries": "Retrieves the running timers (time entries in progress) of everyone in the workspace.",
    "get-time-entries-by-ids": "Retrieves several time entries by their IDs in one call.",
    "get-time-entry": "Retrieves a specific time entry by its ID (details of one entry).",
    "update-time-entry": "Updates an existing time entry: replaces its start, end, description, project, task, "
                         "tags and billable.",
    "delete-time-entry": "Deletes a time entry by its ID.",
    # users and members
    "get-current-user": "Retrieves information about the currently authenticated user (who am I, my profile).",
    "get-member-profile": "Retrieves a member's profile in a workspace: week start, working days, capacity, "
                          "time zone.",
    "update-member-profile": "Updates a member's profile in a workspace: week start, working days, capacity, "
                             "time zone.",
    "list-users": "Retrieves a list of users (members) in the workspace, with optional filters by e-mail, name, "
                  "status and project.",
    "filter-users": "Finds users (members) of the workspace by e-mail, name, status, roles, groups or project.",
    "get-user": "Retrieves a specific user (workspace member) by their ID.",
    "list-user-managers": "Retrieves the managers of a user in the workspace.",
    "grant-user-role": "Gives a user a role in the workspace: workspace admin, team manager or project manager.",
    "revoke-user-role": "Takes a role away from a user in the workspace.",
    "set-user-custom-field-value": "Sets the value of a user custom field for a member.",
    # workspaces
    "list-workspaces": "Retrieves all workspaces the authenticated user has access to.",
    "create-workspace": "Creates a new workspace owned by you.",
    "get-workspace": "Retrieves details of a specific workspace: settings, rates, currency and memberships.",
    "add-workspace-user": "Adds a user to the workspace by e-mail (invites them as a member; admins only).",
    "update-workspace-user-status": "Activates or deactivates a member of the workspace.",
    "remove-workspace-user": "Removes a member from the workspace (deactivates them; their time entries stay).",
    "set-user-hourly-rate": "Sets a member's billable hourly rate in the workspace, optionally from a date.",
    "set-user-cost-rate": "Sets a member's cost rate in the workspace, optionally from a date.",
    "set-workspace-hourly-rate": "Sets the workspace's default billable hourly rate and currency.",
    "set-workspace-cost-rate": "Sets the workspace's default cost rate and currency.",
    "update-workspace-settings": "Changes workspace settings: currency, time zone, week start, rounding, duration "
                                 "format, lock date, required fields, overtime and pay period (admins).",
    # clients
    "list-clients": "Retrieves a list of clients (customers) in the workspace.",
    "create-client": "Creates a new client (customer) in the workspace.",
    "get-client": "Retrieves a specific client (customer) by its ID.",
    "update-client": "Updates a client: replaces its name, address, note and archived state.",
    "delete-client": "Deletes a client; only archived clients can be deleted.",
    # projects
    "list-projects": "Retrieves a list of projects in the workspace, with filters by name, client, archived, "
                     "billable and members.",
    "create-project": "Creates a new project in the workspace, with client, color, billable, public and rates.",
    "create-project-from-template": "Creates a new project by copying a project template.",
    "get-project": "Retrieves details of a specific project by its ID.",
    "update-project": "Updates an existing project: name, client, color, note, billable, public, archived, rates.",
    "delete-project": "Deletes a project; only archived projects can be deleted, and their time entries are kept.",
    "update-project-estimate": "Sets a project's time or budget estimate.",
    "replace-project-memberships": "Replaces the whole member list of a project (bulk change).",
    "update-project-memberships": "Adds members (users or groups) to a project, or removes them.",
    "set-project-template": "Marks a project as a template, or not.",
    "set-project-user-hourly-rate": "Sets a member's billable hourly rate on a project.",
    "set-project-user-cost-rate": "Sets a member's cost rate on a project.",
    # tasks
    "list-tasks": "Retrieves a list of tasks for a project.",
    "create-task": "Creates a new task in a project, with assignees and estimate.",
    "get-task": "Retrieves a specific task of a project by its ID.",
    "update-task": "Updates a task: replaces its name, assignees, estimate, billable and status (ACTIVE or DONE).",
    "delete-task": "Deletes a task; only DONE tasks can be deleted.",
    "set-task-hourly-rate": "Sets a task's billable hourly rate.",
    "set-task-cost-rate": "Sets a task's cost rate.",
    # tags
    "list-tags": "Retrieves a list of tags (labels) in the workspace.",
    "create-tag": "Creates a new tag (label) in the workspace.",
    "get-tag": "Retrieves a specific tag by its ID.",
    "update-tag": "Updates a tag: renames it or archives it.",
    "delete-tag": "Deletes a tag.",
    # user groups
    "list-user-groups": "Retrieves the user groups (teams) of the workspace.",
    "create-user-group": "Creates a user group (team) in the workspace.",
    "get-user-group": "Retrieves a specific user group (team) by its ID.",
    "update-user-group": "Renames a user group (team).",
    "delete-user-group": "Deletes a user group (team).",
    "add-user-group-member": "Adds a user to a user group (team).",
    "remove-user-group-member": "Removes a user from a user group (team).",
    # custom fields
    "list-custom-fields": "Retrieves the custom fields of the workspace.",
    "create-custom-field": "Creates a custom field for time entries or users.",
    "update-custom-field": "Updates a custom field.",
    "delete-custom-field": "Deletes a custom field.",
    "list-project-custom-fields": "Retrieves the custom fields of a project with their project defaults.",
    "update-project-custom-field": "Sets a custom field's default value and status on a project.",
    "remove-project-custom-field": "Removes a custom field's project default.",
    # reports
    "get-summary-report": "Retrieves a summary report: total time and amounts grouped by project, client, user, "
                          "task, tag, date, week or month.",
    "get-time-report": "Retrieves time entry report data: the detailed report of the entries in a date range, "
                       "with totals and filters (paged with detailedFilter.page).",
    "get-weekly-report": "Retrieves a weekly report: seven days of time or earnings by user or by project.",
    "get-payroll-report": "Retrieves a payroll report: regular and overtime hours and cost per person and pay period.",
    "get-billing-report": "Retrieves a billing report: billable time and amounts per client and project, invoiced "
                          "and not yet invoiced.",
    # approvals and work codes
    "submit-approval-request": "Submits your timesheet of a period (week, month, ...) for approval; give periodStart. "
                               "Approved periods cannot be changed.",
    "update-approval-request": "Approves, rejects or withdraws a submitted timesheet (approval request): state "
                               "APPROVED, REJECTED, WITHDRAWN_SUBMISSION or WITHDRAWN_APPROVAL, with a note.",
    "list-approval-requests": "Lists timesheets submitted for approval (pending, approved, rejected, withdrawn) "
                              "with their time entries and tracked, billable and approved time.",
    "create-cost-code": "Creates a cost code that time entries can carry (costCodeId); reports filter and group by it.",
    "create-labor-code": "Creates a labor code that time entries can carry (laborCodeId); reports filter and group by it.",
    "create-time-entry-type": "Creates a time entry type (e.g. overtime, travel) that time entries can carry "
                              "(timeEntryTypeId); reports filter and group by it.",
}

# Titles that say more than the id does.
TITLES = {"list-running-time-entries": "List running timers",
          "get-time-report": "Get time report (detailed)", "get-current-user": "Get current user (me)"}

# Seed keys in ClickTime's words, and other names agents look for: (target operation, title,
# description, properties left out of the target's input).
ALIASES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "list-jobs": ("list-projects", "List jobs", "Retrieves a list of jobs (projects) in the workspace.", ()),
    "get-job": ("get-project", "Get job", "Retrieves a specific job (project) by its ID.", ()),
    "create-job": ("create-project", "Create job", "Creates a new job (project) in the workspace.", ()),
    "update-job": ("update-project", "Update job", "Updates an existing job (project).", ()),
    "delete-job": ("delete-project", "Delete job",
                   "Deletes a job (project); only archived projects can be deleted, their time entries are kept.", ()),
    "create-user": ("add-workspace-user", "Create user",
                    "Creates a new user in the workspace by adding them by e-mail (admins only).", ()),
    "start-timer": ("create-time-entry", "Start timer",
                    "Starts a timer: a running time entry from now (or start) without end; stops the one running.",
                    ("end",)),
}

# Descriptions of input properties the API's schemas leave undescribed (top level only).
FIELD_DOCS: dict[str, str] = {
    "start": "ISO 8601 instant, e.g. 2026-03-02T09:00:00Z",
    "end": "ISO 8601 instant, e.g. 2026-03-02T12:30:00Z",
    "description": "What the time was spent on",
    "projectId": "ID of the project",
    "taskId": "ID of the task (of that project)",
    "tagIds": "IDs of tags",
    "billable": "Whether the time is billable",
    "name": "The name",
    "email": "E-mail address",
    "clientId": "ID of the client",
    "timeEntryIds": "IDs of time entries",
    "amount": "Rate in minor units per hour (4500 = 45.00)",
    "since": "ISO 8601 instant from which the rate applies (default: always)",
    "dateRangeStart": "Start of the report window, ISO 8601 (wall-clock time in the report's zone)",
    "dateRangeEnd": "End of the report window, ISO 8601 (wall-clock time in the report's zone)",
}
PAGE_DOC = "Only this 1-based page (default: every page, followed to the last)"
PAGE_SIZE_DOC = "Items per page (default 200 when every page is followed, else the server's)"
FIELD_DOCS_FOR = {
    "create-time-entry": {"start": "When the work started, ISO 8601, e.g. 2026-03-02T09:00:00Z (default: now)",
                          "end": "When it ended, ISO 8601; leave out to start a timer"},
    "stop-timer": {"end": "When the timer stops, ISO 8601, e.g. 2026-03-02T17:00:00Z"},
}

# Changes of many entries at once: like deletes, `action run` asks before running them.
BULK = {"update-time-entries", "delete-time-entries", "mark-time-entries-invoiced", "replace-project-memberships",
        "clicktime-replace-job-tasks"}
READ_PREFIXES = ("get-", "list-", "filter-")
# Not actions: a file upload is not a JSON input, and the image route is not part of the API.
SKIPPED = {"upload-profile-image"}
# Writes that only add (MCP's destructiveHint false) although their verb is not POST, or the reverse.
ADDITIVE = {"add-user-group-member"}
DESTRUCTIVE_POSTS = {"update-project-memberships"}
IDEMPOTENT_POSTS = {"add-user-group-member"}

# Where a missing userId means you. Elsewhere (roles, rates, status, removal, entries for someone
# else) it must be given, so that leaving it out never acts on your own account by accident.
USER_DEFAULTS = {"list-time-entries", "stop-timer", "update-time-entries", "delete-time-entries",
                 "duplicate-time-entry", "get-member-profile", "update-member-profile", "get-user",
                 "list-user-managers"}

KEEP = ("type", "enum", "const", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
        "pattern", "default", "description")


def openapi() -> dict[str, Any]:
    from timeledger.api.app import create_app
    from timeledger.config import Settings

    # The description of the routes does not depend on a database; none is opened.
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    return app.openapi()


class _Converter:
    """OpenAPI/pydantic schemas to self-contained plain JSON Schema."""

    def __init__(self, components: dict[str, Any]) -> None:
        self.components = components

    def convert(self, schema: dict[str, Any], seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name in seen:
                raise ValueError(f"recursive schema {name} cannot be flattened")
            merged = {**self.components[name], **{k: v for k, v in schema.items() if k != "$ref"}}
            return self.convert(merged, seen + (name,))
        if "allOf" in schema and len(schema["allOf"]) == 1:
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            return self.convert({**schema["allOf"][0], **rest}, seen)
        if "anyOf" in schema:
            return self._any_of(schema, seen)
        out: dict[str, Any] = {k: copy.deepcopy(schema[k]) for k in KEEP if k in schema}
        if out.get("default") is None:
            out.pop("default", None)
        if "properties" in schema:
            out["properties"] = {name: self.convert(sub, seen) for name, sub in schema["properties"].items()}
            out.setdefault("type", "object")
        if schema.get("required"):
            out["required"] = list(schema["required"])
        if isinstance(schema.get("items"), dict):
            out["items"] = self.convert(schema["items"], seen)
        extra = schema.get("additionalProperties")
        if extra is False:
            out["additionalProperties"] = False
        elif isinstance(extra, dict) and extra:
            out["additionalProperties"] = self.convert(extra, seen)
        return out

    def _any_of(self, schema: dict[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "title")}
        branches = [self.convert(b, seen) for b in schema["anyOf"] if b.get("type") != "null"]
        nullable = len(branches) < len(schema["anyOf"])
        if len(branches) == 1 and isinstance(branches[0].get("type"), str):
            out = {**branches[0], **{k: v for k, v in self.convert(rest, seen).items() if k != "type"}}
            if nullable:
                out["type"] = [out["type"], "null"]
                if "enum" in out:
                    out["enum"] = [*out["enum"], None]
            return out
        options = branches + ([{"type": "null"}] if nullable else [])
        return {"anyOf": options, **self.convert(rest, seen)}


def _title(action_id: str) -> str:
    if action_id.startswith("clicktime-"):
        return "ClickTime: " + _title(action_id.removeprefix("clicktime-")).lower()
    return action_id.replace("-", " ").capitalize()


def clicktime_id(route_name: str) -> str:
    """The action id of a ClickTime route, from the route's (function's) name."""
    if route_name in CLICKTIME_NAMES:
        return "clicktime-" + CLICKTIME_NAMES[route_name]
    words = route_name.split("_")
    scope = None
    if words[0] in ("my", "company", "managed"):
        scope, words = words[0], words[1:]
    words = [w if i and words[i - 1] == "time" else CLICKTIME_WORDS.get(w, w) for i, w in enumerate(words)]
    if scope in ("my", "managed"):
        words.insert(1, scope)
    return "clicktime-" + "-".join(words)


def _route_name(operation_id: str) -> str:
    # FastAPI's generated operationId: <function name>_<path with _ for / and {}>_<method>
    return operation_id.split("_clicktime_v2_", 1)[0]


def _path_schema(name: str, action_id: str) -> dict[str, Any]:
    if name == "workspaceId":
        return {"type": "string", "description": "Workspace ID (default: your workspace)"}
    if name == "userId":
        default = " (default: you)" if action_id in USER_DEFAULTS else ""
        return {"type": "string", "description": f"ID of the user{default}"}
    thing = {"entryId": "time entry", "customFieldId": "custom field", "groupId": "user group",
             "timeEntryID": "time entry", "timeOffID": "time off", "timeOffTypeID": "time off type",
             "employmentTypeID": "employment type", "codeID": "code",
             "timesheetID": "timesheet (or a date in its period, YYYY-MM-DD)"}.get(
        name, name.removesuffix("Id").removesuffix("ID"))
    return {"type": "string", "description": f"ID of the {thing}"}


def _annotations(action_id: str, method: str) -> dict[str, bool]:
    read_only = action_id.removeprefix("clicktime-").startswith(READ_PREFIXES)
    if read_only:
        destructive, idempotent = False, True
    elif method == "POST":
        destructive, idempotent = action_id in DESTRUCTIVE_POSTS, action_id in IDEMPOTENT_POSTS
    else:
        destructive, idempotent = action_id not in ADDITIVE, True
    return {"readOnlyHint": read_only, "destructiveHint": destructive, "idempotentHint": idempotent,
            "openWorldHint": False}


def _action(path: str, method: str, operation: dict[str, Any], convert: _Converter, api: str = "clockify") -> Action:
    clicktime = api == "clicktime"
    action_id = clicktime_id(_route_name(operation["operationId"])) if clicktime else operation["operationId"]
    properties: dict[str, Any] = {}
    required: list[str] = []
    path_params: list[str] = []
    query_params: list[str] = []
    parameters = operation.get("parameters", [])
    for parameter in sorted(parameters, key=lambda p: p["in"] != "path"):  # path parameters first
        name = parameter["name"]
        if parameter["in"] == "path":
            path_params.append(name)
            properties[name] = _path_schema(name, action_id)
            if name != "workspaceId" and not (name == "userId" and action_id in USER_DEFAULTS):
                required.append(name)
        elif parameter["in"] == "query":
            query_params.append(name)
            schema = convert.convert(parameter.get("schema", {}))
            if parameter.get("description") and "description" not in schema:
                schema["description"] = parameter["description"]
            properties[name] = schema
            if parameter.get("required"):
                required.append(name)
    body_fields: list[str] = []
    body_property = None
    content = (operation.get("requestBody") or {}).get("content", {})
    if content:
        if "application/json" not in content:
            raise ValueError(f"{action_id}: only JSON bodies can be actions, not {list(content)}")
        body = convert.convert(content["application/json"]["schema"])
        if body.get("type") == "object" and "properties" in body:
            for name, schema in body["properties"].items():
                if name in properties:
                    raise ValueError(f"{action_id}: body field {name} collides with a parameter")
                properties[name] = schema
                body_fields.append(name)
            required += [name for name in body.get("required", []) if name not in required]
        else:
            body_property = "entries" if body.get("type") == "array" else "body"
            properties[body_property] = body
            if operation["requestBody"].get("required"):
                required.append(body_property)
    docs = {**FIELD_DOCS, **FIELD_DOCS_FOR.get(action_id, {})}
    for name, schema in properties.items():
        if name in docs and "description" not in schema and name not in query_params:
            schema["description"] = docs[name]
    pages = "page" in query_params and "page-size" in query_params
    if clicktime:
        pages = "limit" in query_params and "offset" in query_params
        if pages:
            properties["limit"] = {"type": "integer", "minimum": 1, "description":
                                   f"Rows per page (default {CLICKTIME_PAGE} when every page is followed)"}
            properties["offset"] = {"type": "integer", "minimum": 0,
                                    "description": "Only the page starting at this zero-based row (default: every page)"}
    elif pages:
        properties["page"] = {"type": "integer", "minimum": 1, "description": PAGE_DOC}
        properties["page-size"] = {**properties["page-size"], "description": PAGE_SIZE_DOC}
    input_schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        input_schema["required"] = required
    input_schema["additionalProperties"] = False
    summary = operation.get("summary") or _title(action_id)
    return Action(
        id=action_id,
        title=TITLES.get(action_id) or _title(action_id),
        description=DESCRIPTIONS.get(action_id) or summary,
        method=method,
        path=path.removeprefix(CLICKTIME_PREFIX if clicktime else API_PREFIX),
        input_schema=input_schema,
        annotations=_annotations(action_id, method),
        path_params=tuple(path_params),
        query_params=tuple(query_params),
        body_fields=tuple(body_fields),
        body_property=body_property,
        pages=pages,
        confirm=method == "DELETE" or action_id in BULK,
        operation=operation["operationId"] if clicktime else action_id,
        api=api,
    )


def _alias(action_id: str, target: Action, title: str, description: str, drop: tuple[str, ...]) -> Action:
    schema = copy.deepcopy(target.input_schema)
    for name in drop:
        schema["properties"].pop(name)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    return Action(
        id=action_id, title=title, description=description, method=target.method, path=target.path,
        input_schema=schema, annotations=dict(target.annotations), path_params=target.path_params,
        query_params=tuple(n for n in target.query_params if n not in drop),
        body_fields=tuple(n for n in target.body_fields if n not in drop), body_property=target.body_property,
        pages=target.pages, confirm=target.confirm, alias_of=target.id, operation=target.operation,
    )


def build(spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """The catalog document for the app's current OpenAPI (or for `spec`)."""
    spec = spec or openapi()
    convert = _Converter(spec.get("components", {}).get("schemas", {}))
    found: dict[str, Action] = {}
    for path, methods in spec["paths"].items():
        api = "clockify" if path.startswith(API_PREFIX + "/") else "clicktime" if path.startswith(
            CLICKTIME_PREFIX + "/") else None
        if api is None:
            continue
        for method, operation in methods.items():
            if operation.get("operationId", "") in SKIPPED:
                continue
            action = _action(path, method.upper(), operation, convert, api)
            if action.id in found:
                raise ValueError(f"two operations are called {action.id}")
            found[action.id] = action
    for action_id, (target, title, description, drop) in ALIASES.items():
        if action_id in found:
            raise ValueError(f"alias {action_id} is already an operation")
        found[action_id] = _alias(action_id, found[target], title, description, drop)
    return {
        "about": "Generated by scripts/generate_actions.py from the app's OpenAPI; do not edit by hand.",
        "actions": [found[key].to_json() for key in sorted(found)],
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write(target: Path = CATALOG_FILE) -> int:
    """Regenerate the catalog file; returns the number of actions."""
    document = build()
    target.write_text(render(document), encoding="utf-8")
    return len(document["actions"])
