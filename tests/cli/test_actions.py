"""The action catalog: its contents, its sync with the app, ranking, input checks, and
`timeledger action run` against a real server on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.live import LiveServer, live_server  # noqa: F401
from timeledger.actions import catalog, generate, ranking, runner
from timeledger.actions.schema import InputError, validate
from timeledger.cli.client import ApiError, Client, api_base
from timeledger.cli.context import Session

TIMELEDGER = Path(sys.executable).with_name("timeledger")

# Every action key of the seed skills (ClickTime's and Clockify's action tables).
CLICKTIME_SEED_KEYS = [
    "get-task", "list-tasks", "get-client", "list-clients", "get-time-report", "delete-time-entry",
    "update-time-entry", "create-time-entry", "get-time-entry", "list-time-entries", "delete-job", "update-job",
    "create-job", "get-job", "list-jobs", "create-user", "get-user", "list-users", "get-current-user",
]
CLOCKIFY_SEED_KEYS = [
    "list-time-entries", "list-users", "list-tags", "list-clients", "list-tasks", "list-projects", "list-workspaces",
    "get-time-entry", "get-tag", "get-client", "get-task", "get-project", "get-workspace", "get-current-user",
    "create-time-entry", "create-tag", "create-client", "create-task", "create-project", "update-time-entry",
]


# --- the catalog ------------------------------------------------------------------------------


def test_every_seed_key_is_an_action():
    ids = {action.id for action in catalog.actions()}
    missing = [key for key in CLICKTIME_SEED_KEYS + CLOCKIFY_SEED_KEYS if key not in ids]
    assert missing == []


def test_seed_actions_do_what_their_names_say():
    def target(action_id: str) -> tuple[str, str]:
        action = catalog.get(action_id)
        return action.method, action.path

    assert target("list-time-entries") == ("GET", "/workspaces/{workspaceId}/user/{userId}/time-entries")
    assert target("create-time-entry") == ("POST", "/workspaces/{workspaceId}/time-entries")
    assert target("get-time-report") == ("POST", "/workspaces/{workspaceId}/reports/detailed")
    assert target("get-current-user") == ("GET", "/user")
    assert target("get-user") == ("GET", "/workspaces/{workspaceId}/users/{userId}")
    for job, project in (("list-jobs", "list-projects"), ("get-job", "get-project"), ("create-job", "create-project"),
                         ("update-job", "update-project"), ("delete-job", "delete-project")):
        assert target(job) == target(project)
        assert catalog.get(job).alias_of == project
        assert catalog.get(job).input_schema == catalog.get(project).input_schema
        assert "job" in catalog.get(job).description.lower() and "project" in catalog.get(job).description.lower()
    assert target("create-user") == ("POST", "/workspaces/{workspaceId}/users")
    assert catalog.get("create-user").input_schema["required"] == ["email"]
    assert catalog.get("get-time-report").description.startswith("Retrieves time entry report data")


def test_every_operation_of_the_api_is_an_action():
    spec = generate.openapi()
    operations = {op["operationId"] for path, methods in spec["paths"].items() if path.startswith("/v1/")
                  for op in methods.values()}
    clicktime = {op["operationId"]: (method.upper(), path.removeprefix("/clicktime/v2"))
                 for path, methods in spec["paths"].items() if path.startswith("/clicktime/v2/")
                 for method, op in methods.items()}
    ids = {action.id for action in catalog.actions()}
    assert operations - ids == generate.SKIPPED
    assert len(clicktime) > 100
    for action in catalog.actions():
        if action.api == "clicktime":
            assert action.id.startswith("clicktime-") and clicktime.pop(action.operation) == (action.method, action.path)
        else:
            assert action.operation in operations, action.id
    assert clicktime == {}, "ClickTime operations without an action"


def test_clicktime_actions_read_like_the_api():
    def target(action_id: str) -> tuple[str, str, str]:
        action = catalog.get(action_id)
        return action.api, action.method, action.path

    assert target("clicktime-list-jobs") == ("clicktime", "GET", "/Jobs")
    assert target("clicktime-list-my-time-entries") == ("clicktime", "GET", "/Me/TimeEntries")
    assert target("clicktime-create-time-entry") == ("clicktime", "POST", "/TimeEntries")
    assert target("clicktime-update-managed-time-entry") == ("clicktime", "PATCH",
                                                              "/Manage/Timesheets/TimeEntries/{timeEntryID}")
    assert target("clicktime-act-on-my-timesheet") == ("clicktime", "POST", "/Me/Timesheets/{timesheetID}/Actions")
    assert target("clicktime-get-time-report") == ("clicktime", "GET", "/Reports/Time")
    assert target("clicktime-list-time-entry-types") == ("clicktime", "GET", "/TimeEntryTypes")
    jobs = catalog.get("clicktime-list-jobs")
    assert jobs.pages and {"limit", "offset", "ClientID"} <= set(jobs.input_schema["properties"])
    assert "page" not in jobs.input_schema["properties"]
    assert catalog.get("clicktime-get-job").input_schema["required"] == ["jobID"]
    assert catalog.get("clicktime-delete-job").confirm and catalog.get("clicktime-replace-job-tasks").confirm
    assert catalog.get("list-jobs").api == "clockify"  # the seeds' keys keep working against any Clockify server


def test_actions_are_complete_and_well_formed():
    actions = catalog.actions()
    assert len({a.id for a in actions}) == len(actions) > 80
    for action in actions:
        assert action.description and action.title, action.id
        schema = action.input_schema
        assert schema["type"] == "object" and schema["additionalProperties"] is False, action.id
        assert set(action.path_params + action.query_params + action.body_fields) | (
            {action.body_property} if action.body_property else set()) == set(schema["properties"]), action.id
        assert set(action.annotations) == {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
        assert "workspaceId" not in schema.get("required", []), action.id
        if action.method == "GET":
            assert action.annotations["readOnlyHint"] and not action.confirm, action.id
        if action.method == "DELETE":
            assert action.confirm and action.annotations["destructiveHint"], action.id
    assert catalog.get("delete-time-entries").confirm and catalog.get("update-time-entries").confirm
    assert catalog.get("mark-time-entries-invoiced").confirm
    assert not catalog.get("create-time-entry").confirm
    assert catalog.get("create-time-entry").annotations == {
        "readOnlyHint": False, "destructiveHint": False, "idempotentHint": False, "openWorldHint": False}
    assert catalog.get("get-time-report").annotations["readOnlyHint"] is True  # a POST that only reads
    assert catalog.get("list-time-entries").pages and not catalog.get("get-time-entry").pages
    # userId is filled in where "you" is meant, and must be named where acting on someone
    assert "userId" not in catalog.get("list-time-entries").input_schema.get("required", [])
    assert "userId" in catalog.get("remove-workspace-user").input_schema["required"]
    assert "userId" in catalog.get("create-time-entry-for-user").input_schema["required"]
    assert "end" not in catalog.get("start-timer").input_schema["properties"]


def test_committed_catalog_matches_the_app():
    """catalog.json is what scripts/generate_actions.py makes of the current app: run the script
    after changing a route."""
    committed = catalog.CATALOG_FILE.read_text(encoding="utf-8")
    assert generate.render(generate.build()) == committed


def test_schemas_are_plain_json_schema():
    def walk(schema, where):
        assert not {"$ref", "title", "allOf"} & set(schema), where
        for name, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{name}")
        for sub in schema.get("anyOf", []):
            walk(sub, where)
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], f"{where}[]")

    for action in catalog.actions():
        walk(action.input_schema, action.id)
    start = catalog.get("create-time-entry").input_schema["properties"]["start"]
    assert start["type"] == ["string", "null"] and start["format"] == "date-time"
    entries = catalog.get("update-time-entries").input_schema["properties"]["entries"]
    assert entries["type"] == "array" and "id" in entries["items"]["properties"]
    report = catalog.get("get-time-report").input_schema["properties"]
    assert report["detailedFilter"]["properties"]["pageSize"]["maximum"] > 0  # nested $ref resolved


def test_action_list_does_not_import_the_server_stack():
    code = ("import sys\nfrom timeledger.cli.app import main\nassert main(['action', 'list', '--json']) == 0\n"
            "assert not {'fastapi', 'pydantic', 'sqlalchemy', 'mcp'} & set(sys.modules), sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [item["id"] for item in listed] == [a.id for a in catalog.actions()]
    assert set(listed[0]) == {"id", "description", "inputSchema", "annotations"}


# --- ranking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("intent", "first"), [
    ("log my hours", "create-time-entry"),
    ("list my projects", "list-projects"),
    ("stop the timer", "stop-timer"),
    ("start a timer", "start-timer"),
    ("who am I", "get-current-user"),
    ("list jobs", "list-jobs"),
    ("create a job", "create-job"),
    ("delete a time entry", "delete-time-entry"),
    ("delete entries", "delete-time-entries"),
    ("weekly report", "get-weekly-report"),
    ("hours report", "get-time-report"),
    ("overtime for payroll", "get-payroll-report"),
    ("add a customer", "create-client"),
    ("show running timers", "list-running-time-entries"),
    ("mark entries invoiced", "mark-time-entries-invoiced"),
])
def test_ranking_puts_the_right_action_first(intent, first):
    ranked = ranking.rank(intent)
    assert ranked[0][1].id == first, [(round(s, 2), a.id) for s, a in ranked[:5]]
    assert ranked[0][0] > ranked[1][0]
    assert [s for s, _ in ranked] == sorted((s for s, _ in ranked), reverse=True)


def test_ranking_of_nothing_is_empty():
    assert ranking.rank("") == []
    assert ranking.rank("the of my") == []
    assert ranking.rank("xylophone quantum") == []


# --- input checks -----------------------------------------------------------------------------


def problems(action_id: str, arguments) -> list[str]:
    with pytest.raises(InputError) as caught:
        runner.check(catalog.get(action_id), arguments)
    return caught.value.problems


def test_input_errors_name_the_property():
    assert problems("create-time-entry", {"descripton": "typo"})[0].startswith("descripton is not a known property")
    assert problems("create-time-entry", {"start": "yesterday"}) == [
        'start must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z, not "yesterday"']
    assert problems("create-time-entry", {"billable": "yes"}) == ['billable must be true or false or null, not "yes"']
    assert problems("create-time-entry", {"type": "HOLIDAY"}) == ['type must be one of "REGULAR", "BREAK", not "HOLIDAY"']
    assert problems("create-time-entry", {"description": "x" * 3001}) == [
        "description must be at most 3000 characters long, not 3001"]
    assert problems("create-time-entry", {"tagIds": ["a", 5]}) == ["tagIds[1] must be a string, not 5"]
    assert problems("create-time-entry", {"customFields": [{"customFieldId": 7}]}) == [
        "customFields[0].customFieldId must be a string or null, not 7"]
    assert problems("create-project", {}) == ["name is required"]
    assert problems("get-time-entry", {}) == ["entryId is required"]
    assert problems("list-time-entries", {"page": 0}) == ["page must be at least 1, not 0"]
    assert problems("update-time-entries", {"entries": {}}) == ["entries must be an array, not {}"]
    assert problems("create-time-entry", ["not", "an", "object"]) == ["the input must be a JSON object, not list"]
    several = problems("create-time-entry", {"start": 5, "nope": 1})
    assert len(several) == 2 and any("nope" in p for p in several) and any("start" in p for p in several)


def test_valid_inputs_pass():
    for instant in ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00.000Z", "2026-03-02T09:00:00+01:00", "2026-03-02T09:00"):
        runner.check(catalog.get("create-time-entry"), {"start": instant, "end": None, "billable": True})
    runner.check(catalog.get("list-time-entries"), {"tags": ["a", "b"], "in-progress": False, "page": 2})
    runner.check(catalog.get("get-current-user"), None)
    validate({"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]}, 15)
    with pytest.raises(InputError, match="must be a string or an integer"):
        validate({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1.5)


def test_requests_are_built_from_the_input():
    build = runner.build
    call = build(catalog.get("list-time-entries"), {"workspaceId": "w1", "userId": "u/1", "tags": ["a", "b"],
                                                     "hydrated": True, "description": None})
    assert (call.method, call.path, call.has_body) == ("GET", "/workspaces/w1/user/u%2F1/time-entries", False)
    assert call.query == [("tags", "a"), ("tags", "b"), ("hydrated", "true")]
    call = build(catalog.get("create-time-entry"), {"workspaceId": "w1", "description": "d"})
    assert (call.path, call.body) == ("/workspaces/w1/time-entries", {"description": "d"})
    call = build(catalog.get("update-time-entries"), {"workspaceId": "w", "userId": "u", "entries": [{"id": "e"}],
                                                       "hydrated": False})
    assert call.body == [{"id": "e"}] and call.query == [("hydrated", "false")]
    call = build(catalog.get("list-projects"), {"workspaceId": "w", "page-size": 7}, page=3, page_size=7)
    assert call.query == [("page", "3"), ("page-size", "7")]


def test_confirmation_questions():
    delete = catalog.get("delete-time-entry")
    assert runner.prompt(delete, {"workspaceId": "w", "entryId": "e1"}) == "Delete time entry e1?"
    bulk = catalog.get("delete-time-entries")
    assert runner.prompt(bulk, {"workspaceId": "w", "userId": "u", "time-entry-ids": ["a", "b"]}) == \
        "Delete time entries a, b?"
    with pytest.raises(runner.ConfirmationRequired):
        runner.confirmed(delete, {"entryId": "e1"}, False)
    with pytest.raises(runner.ConfirmationRequired):
        runner.confirmed(delete, {"entryId": "e1"}, lambda question: False)
    asked = []
    runner.confirmed(delete, {"entryId": "e1"}, lambda question: asked.append(question) or True)
    assert asked == ["Delete time entry e1?"]
    runner.confirmed(catalog.get("create-time-entry"), {}, False)  # nothing to confirm


# --- against a real server --------------------------------------------------------------------


@pytest.fixture
def session(live_server: LiveServer, tmp_path, monkeypatch) -> Session:  # noqa: F811
    monkeypatch.setenv("TIMELEDGER_CONFIG_DIR", str(tmp_path / "config"))
    account = live_server.bootstrap("Actions")
    made = Session(Client(api_base(live_server.url), account.api_key), "remote")
    yield made
    made.close()


def test_run_creates_then_reads_back(session: Session):
    create = catalog.get("create-time-entry")
    entry = runner.run(session, create, {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T12:30:00Z",
                                         "description": "Write docs", "billable": True}, confirm=False)
    assert entry["description"] == "Write docs" and entry["timeInterval"]["duration"] == "PT3H30M"
    assert entry["workspaceId"] == session.workspace_id() and entry["userId"] == session.user_id
    again = runner.run(session, catalog.get("get-time-entry"), {"entryId": entry["id"]}, confirm=False)
    assert again["id"] == entry["id"] and again["billable"] is True
    project = runner.run(session, catalog.get("create-job"), {"name": "Website"}, confirm=False)
    assert runner.run(session, catalog.get("get-project"), {"projectId": project["id"]}, confirm=False)["name"] == "Website"
    assert [p["id"] for p in runner.run(session, catalog.get("list-jobs"), {}, confirm=False)] == [project["id"]]
    with pytest.raises(ApiError) as refused:
        runner.run(session, catalog.get("get-time-entry"), {"entryId": "0" * 24}, confirm=False)
    assert refused.value.status == 400 and "doesn't belong to Workspace" in refused.value.message
    with pytest.raises(InputError):
        runner.run(session, create, {"start": "not a time"}, confirm=True)


def test_run_follows_pagination(session: Session):
    create = catalog.get("create-time-entry")
    made = [runner.run(session, create, {"start": f"2026-03-0{day}T09:00:00Z", "end": f"2026-03-0{day}T10:00:00Z",
                                         "description": f"day {day}"}, confirm=False)["id"] for day in range(1, 6)]
    listing = catalog.get("list-time-entries")
    everything = runner.run(session, listing, {"page-size": 2}, confirm=False)
    assert [e["id"] for e in everything] == made[::-1]  # newest first, all three pages
    assert len(runner.run(session, listing, {}, confirm=False)) == 5
    page_two = runner.run(session, listing, {"page-size": 2, "page": 2}, confirm=False)
    assert [e["id"] for e in page_two] == made[::-1][2:4]
    assert runner.run(session, listing, {"page-size": 2, "page": 9}, confirm=False) == []


def test_run_asks_before_deleting(session: Session):
    entry = runner.run(session, catalog.get("create-time-entry"),
                       {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}, confirm=False)
    delete = catalog.get("delete-time-entry")
    with pytest.raises(runner.ConfirmationRequired):
        runner.run(session, delete, {"entryId": entry["id"]}, confirm=False)
    assert runner.run(session, catalog.get("get-time-entry"), {"entryId": entry["id"]}, confirm=False)["id"] == entry["id"]
    assert runner.run(session, delete, {"entryId": entry["id"]}, confirm=True) is None
    with pytest.raises(ApiError):
        runner.run(session, catalog.get("get-time-entry"), {"entryId": entry["id"]}, confirm=False)


def test_clicktime_actions_run_with_a_token_and_walk_offsets(session: Session):
    create = catalog.get("clicktime-create-client")
    made = [runner.run(session, create, {"Name": f"Client {n}"}, confirm=False) for n in range(5)]
    assert [c["Name"] for c in made] == [f"Client {n}" for n in range(5)]  # the envelope's data
    listing = catalog.get("clicktime-list-clients")
    everything = runner.run(session, listing, {"limit": 2}, confirm=False)  # three pages of the envelope
    assert [c["ID"] for c in everything] == [c["ID"] for c in made]  # ClickTime lists clients by name
    assert [c["ID"] for c in runner.run(session, listing, {"limit": 2, "offset": 2}, confirm=False)] == \
        [made[2]["ID"], made[3]["ID"]]
    same = runner.run(session, catalog.get("get-client"), {"clientId": made[0]["ID"]}, confirm=False)
    assert same["name"] == "Client 0"  # one row, both dialects
    delete = catalog.get("clicktime-delete-client")
    with pytest.raises(runner.ConfirmationRequired):
        runner.run(session, delete, {"clientID": made[0]["ID"]}, confirm=False)
    runner.run(session, catalog.get("clicktime-update-client"), {"clientID": made[0]["ID"], "IsActive": False},
               confirm=False)
    runner.run(session, delete, {"clientID": made[0]["ID"]}, confirm=True)
    assert len(runner.run(session, listing, {}, confirm=False)) == 4
    with pytest.raises(ApiError) as refused:
        runner.run(session, create, {"Name": ""}, confirm=False)
    assert refused.value.status == 400


def test_clicktime_urls_sit_next_to_the_clockify_base():
    assert runner.clicktime_url("http://127.0.0.1:8080/api/v1", "/Jobs") == "http://127.0.0.1:8080/clicktime/v2/Jobs"
    assert runner.clicktime_url("https://t.example/tl/v1/", "/Me") == "https://t.example/tl/clicktime/v2/Me"
    assert runner.clicktime_headers("k") == {"Authorization": "Token k"} and runner.clicktime_headers(None) == {}


# --- the command line -------------------------------------------------------------------------


def cli(server: LiveServer, key: str, *args: str, config: Path, stdin=None, input_text: str | None = None,
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELEDGER_", "CLOCKIFY_"))}
    env.update(TIMELEDGER_CONFIG_DIR=str(config), NO_COLOR="1", COLUMNS="200", TERM="dumb")
    return subprocess.run([str(TIMELEDGER), "--server", server.url, "--api-key", key, *args], capture_output=True,
                          text=True, env=env, timeout=60, stdin=stdin, input=input_text, check=False)


def entry_exists(server: LiveServer, key: str, workspace: str, entry_id: str) -> bool:
    response = httpx.get(f"{server.url}/api/v1/workspaces/{workspace}/time-entries/{entry_id}",
                         headers={"X-Api-Key": key})
    assert response.status_code in (200, 400), response.text
    return response.status_code == 200


def test_cli_action_list(tmp_path):
    env = dict(os.environ, TIMELEDGER_CONFIG_DIR=str(tmp_path))
    result = subprocess.run([str(TIMELEDGER), "action", "list", "--intent", "log my hours", "--json"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert listed[0]["id"] == "create-time-entry" and len(listed) <= 10
    assert listed[0]["inputSchema"] == catalog.get("create-time-entry").input_schema
    assert listed[0]["annotations"]["readOnlyHint"] is False
    table = subprocess.run([str(TIMELEDGER), "action", "list", "--intent", "stop the timer"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert table.stdout.splitlines()[1].split()[0] == "stop-timer"
    nothing = subprocess.run([str(TIMELEDGER), "action", "list", "--intent", "xylophone"],
                             capture_output=True, text=True, env=env, timeout=60)
    assert nothing.returncode == 1 and "no action matches" in nothing.stderr


def test_cli_action_run(live_server: LiveServer, tmp_path):  # noqa: F811
    account = live_server.bootstrap("Cli actions")
    run = lambda *a, **kw: cli(live_server, account.api_key, "action", "run", *a, config=tmp_path, **kw)  # noqa: E731
    made = run("create-time-entry", "--input", json.dumps({"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z",
                                                            "description": "from the CLI"}), "--json")
    assert made.returncode == 0, made.stderr
    entry = json.loads(made.stdout)
    assert entry["description"] == "from the CLI" and entry["workspaceId"] == account.workspace_id
    read = run("get-time-entry", "--input", json.dumps({"entryId": entry["id"]}), "--json")
    assert json.loads(read.stdout)["id"] == entry["id"]
    (tmp_path / "input.json").write_text(json.dumps({"description": "from a file"}))
    from_file = run("create-time-entry", "--input", f"@{tmp_path / 'input.json'}", "--json")
    assert json.loads(from_file.stdout)["description"] == "from a file"
    from_stdin = run("create-tag", "--input", "-", "--json", input_text='{"name": "piped"}')
    assert json.loads(from_stdin.stdout)["name"] == "piped"
    table = run("list-time-entries")
    assert table.returncode == 0 and "from the CLI" in table.stdout and entry["id"] in table.stdout
    everything = run("list-time-entries", "--input", '{"page-size": 1}', "--json")
    assert len(json.loads(everything.stdout)) == 2  # one entry per page, both pages followed
    # bad input: a clear error, exit 2, nothing sent
    bad = run("create-time-entry", "--input", '{"start": "tomorrow-ish", "projct": "x"}')
    assert bad.returncode == 2 and bad.stdout == ""
    assert "invalid input for create-time-entry" in bad.stderr and "projct" in bad.stderr and "start" in bad.stderr
    assert run("create-time-entry", "--input", "{not json").stderr.startswith("timeledger: --input is not valid JSON")
    unknown = run("list-tim-entries")
    assert unknown.returncode == 2 and "did you mean list-time-entries" in unknown.stderr
    failed = run("get-time-entry", "--input", json.dumps({"entryId": "0" * 24}))
    assert failed.returncode == 1 and "400" in failed.stderr and "doesn't belong to Workspace" in failed.stderr
    # a delete without a terminal refuses unless --yes
    refused = run("delete-time-entry", "--input", json.dumps({"entryId": entry["id"]}), stdin=subprocess.DEVNULL)
    assert refused.returncode == 2, refused.stderr
    assert "--yes" in refused.stderr and f"Delete time entry {entry['id']}?" in refused.stderr
    assert entry_exists(live_server, account.api_key, account.workspace_id, entry["id"])
    done = run("delete-time-entry", "--input", json.dumps({"entryId": entry["id"]}), "--yes", stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and done.stdout.strip() == "Done."
    assert not entry_exists(live_server, account.api_key, account.workspace_id, entry["id"])


def test_cli_asks_on_a_terminal(live_server: LiveServer, tmp_path):  # noqa: F811
    account = live_server.bootstrap("Terminal")
    entries = [httpx.post(f"{live_server.url}/api/v1/workspaces/{account.workspace_id}/time-entries",
                          headers={"X-Api-Key": account.api_key},
                          json={"start": f"2026-03-0{d}T09:00:00Z", "end": f"2026-03-0{d}T10:00:00Z"}).json()["id"]
               for d in (2, 3)]

    def answer(reply: str, entry_id: str) -> subprocess.CompletedProcess[str]:
        primary, secondary = pty.openpty()
        try:
            os.write(primary, reply.encode() + b"\n")
            return cli(live_server, account.api_key, "action", "run", "delete-time-entries",
                       "--input", json.dumps({"time-entry-ids": [entry_id]}), config=tmp_path, stdin=secondary)
        finally:
            os.close(secondary)
            os.close(primary)

    declined = answer("n", entries[0])
    assert f"Delete time entries {entries[0]}? [y/N]" in declined.stderr
    assert declined.returncode == 1 and "nothing was changed" in declined.stderr
    assert entry_exists(live_server, account.api_key, account.workspace_id, entries[0])
    accepted = answer("y", entries[1])
    assert accepted.returncode == 0, accepted.stderr
    assert not entry_exists(live_server, account.api_key, account.workspace_id, entries[1])
    assert entry_exists(live_server, account.api_key, account.workspace_id, entries[0])


def test_an_input_file_that_cannot_be_read_is_a_usage_error(tmp_path):
    from timeledger.cli.commands.actions import read_input
    from timeledger.cli.context import UsageError

    (tmp_path / "latin1.json").write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))
    for name, words in (("missing.json", "No such file"), ("latin1.json", "not UTF-8"), ("", "Is a directory")):
        with pytest.raises(UsageError, match=words):
            read_input(f"@{tmp_path / name}")


@pytest.mark.parametrize("limit", ["0", "-1", "two"])
def test_action_list_refuses_a_limit_that_is_not_a_count(limit, capsys):
    from timeledger.cli.app import main

    with pytest.raises(SystemExit) as exit_:
        main(["action", "list", "--limit", limit])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert "--limit" in captured.err and "1 or more" in captured.err and captured.out == ""
