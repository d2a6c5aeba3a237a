"""Tracking commands end to end: the natural forms of `log`, start/stop at a time, entries, edit
and delete, names for ids, errors; in local and in remote mode, on both backends.

The CLI runs in process through its front door with a fixed clock (TIMELEDGER_NOW); what it
wrote is read back through the API by the test's own client. See conftest.py for the harness.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.harness import BUENOS_AIRES, KOLKATA, NEW_YORK, NOW, Cli, Result, intervals
from tests.support import Caller
from timeledger.cli import local
from timeledger.cli.app import main


# --- log: the natural forms -----------------------------------------------------------------------


def test_log_today_in_the_profile_zone_with_a_project_by_name(cli: Cli) -> None:
    project = cli.caller.post(f"/v1/workspaces/{cli.caller.ws}/projects", {"name": "Website"}).json()
    result = cli("log", "09:00-12:30", "Write docs", "--project", "Website", "--json")
    created = result.json()
    assert len(created) == 1
    # Today is 2026-03-11 in Buenos Aires (UTC-3): 09:00 there is 12:00 UTC.
    assert intervals(cli.entries()) == [("2026-03-11T12:00:00Z", "2026-03-11T15:30:00Z")]
    stored = cli.entries()[0]
    assert stored["description"] == "Write docs" and stored["projectId"] == project["id"]
    assert created[0]["id"] == stored["id"]


def test_the_seed_example_tz_minus_three(cli: Cli) -> None:
    result = cli("log", "09:00-10:00", "Seed", "--on", "2025-03-10", "--tz", "-3")
    assert result.code == 0, result.err
    assert intervals(cli.entries()) == [("2025-03-10T12:00:00Z", "2025-03-10T13:00:00Z")]


@pytest.mark.parametrize("days", ["March 2-6", "March 2–6", "march 2 - 6"])
def test_a_range_of_days_without_a_year_is_this_year_one_entry_each(make_cli, days: str) -> None:
    cli = make_cli("UTC")
    assert cli("log", "09:00-17:00", "Onboarding", "--on", days, "--tz", "-3").code == 0
    assert intervals(cli.entries()) == [(f"2026-03-0{d}T12:00:00Z", f"2026-03-0{d}T20:00:00Z") for d in range(2, 7)]
    assert {e["description"] for e in cli.entries()} == {"Onboarding"}


def test_a_list_of_days_with_and(make_cli) -> None:
    cli = make_cli("UTC")
    result = cli("log", "09:00-12:30", "Audit", "--on", "March 23, 24, 25, 26 and 27", "--tz", BUENOS_AIRES, "--json")
    assert len(result.json()) == 5
    assert intervals(cli.entries()) == [(f"2026-03-{d}T12:00:00Z", f"2026-03-{d}T15:30:00Z") for d in range(23, 28)]


def test_yesterday_and_last_monday(make_cli) -> None:
    cli = make_cli(NEW_YORK)
    assert cli("log", "14:00-15:30", "Call", "--on", "yesterday").code == 0
    # "last monday" from Wednesday 11 March is Monday 9 March; from a Monday it is a week back.
    assert cli("log", "09:00-10:00", "Plan", "--on", "last monday").code == 0
    assert cli("log", "09:00-10:00", "Plan", "--on", "last monday", env={"TIMELEDGER_NOW": "2026-03-16T15:00:00Z"}).code == 0
    assert intervals(cli.entries()) == [  # oldest first
        ("2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z"),
        ("2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z"),
        ("2026-03-10T18:00:00Z", "2026-03-10T19:30:00Z"),  # EDT (UTC-4) since 8 March
    ]


@pytest.mark.parametrize(("tz", "start", "end"), [
    ("-3", "2026-03-11T12:00:00Z", "2026-03-11T13:00:00Z"),
    ("+5:30", "2026-03-11T03:30:00Z", "2026-03-11T04:30:00Z"),
    (KOLKATA, "2026-03-11T03:30:00Z", "2026-03-11T04:30:00Z"),
    ("America/Argentina/Buenos_Aires", "2026-03-11T12:00:00Z", "2026-03-11T13:00:00Z"),
])
def test_tz_forms(make_cli, tz: str, start: str, end: str) -> None:
    cli = make_cli("UTC")
    assert cli("log", "09:00-10:00", "Zone", "--on", "2026-03-11", "--tz", tz).code == 0
    assert intervals(cli.entries()) == [(start, end)]


def test_iana_zones_are_dst_correct_across_the_change(make_cli) -> None:
    """New York springs forward on Sunday 8 March 2026: 09:00 is 14:00 UTC before, 13:00 after."""
    cli = make_cli("UTC")
    assert cli("log", "09:00-17:00", "Across", "--on", "March 6-9", "--tz", NEW_YORK).code == 0
    assert intervals(cli.entries()) == [
        ("2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z"),
        ("2026-03-07T14:00:00Z", "2026-03-07T22:00:00Z"),
        ("2026-03-08T13:00:00Z", "2026-03-08T21:00:00Z"),
        ("2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z"),
    ]
    assert {e["timeInterval"]["duration"] for e in cli.entries()} == {"PT8H"}


def test_the_profile_zone_is_dst_correct_too_and_a_time_in_the_gap_is_refused(make_cli) -> None:
    cli = make_cli(NEW_YORK)  # no --tz: the profile's zone decides
    assert cli("log", "09:00-10:00", "Before", "--on", "2026-03-07").code == 0
    assert cli("log", "09:00-10:00", "After", "--on", "2026-03-09").code == 0
    assert intervals(cli.entries()) == [("2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z"),
                                        ("2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z")]
    gap = cli("log", "02:30-03:30", "Nowhere", "--on", "2026-03-08")
    assert gap.code == 2 and "02:30" in gap.err and len(cli.entries()) == 2


def test_zone_precedence_tz_then_clockify_offset_then_profile(make_cli) -> None:
    cli = make_cli(KOLKATA)
    assert cli("log", "09:00-10:00", "Profile", "--on", "2026-03-11").code == 0
    offset = {"CLOCKIFY_TZ_OFFSET": "-3"}
    assert cli("log", "09:00-10:00", "Offset", "--on", "2026-03-11", env=offset).code == 0
    assert cli("log", "09:00-10:00", "Half", "--on", "2026-03-11", env={"CLOCKIFY_TZ_OFFSET": "+5:30"}).code == 0
    assert cli("log", "09:00-10:00", "Flag", "--on", "2026-03-11", "--tz", "+1", env=offset).code == 0
    by_description = {e["description"]: e["timeInterval"]["start"] for e in cli.entries()}
    assert by_description == {
        "Profile": "2026-03-11T03:30:00Z",
        "Offset": "2026-03-11T12:00:00Z",
        "Half": "2026-03-11T03:30:00Z",
        "Flag": "2026-03-11T08:00:00Z",
    }


def test_iso_instants_pass_through_unconverted(make_cli) -> None:
    cli = make_cli(KOLKATA)
    result = cli("log", "2025-03-10T12:00:00Z", "2025-03-10T15:00:00Z", "Review", "--tz", "-3", "--json")
    assert [e["description"] for e in result.json()] == ["Review"]
    assert intervals(cli.entries()) == [("2025-03-10T12:00:00Z", "2025-03-10T15:00:00Z")]


def test_dry_run_prints_utc_entries_and_creates_nothing(cli: Cli) -> None:
    result = cli("log", "09:00-12:30", "Plan", "--on", "March 2-3", "--tz", "-3", "--dry-run", "--json")
    assert result.json() == [
        {"start": "2026-03-02T12:00:00Z", "end": "2026-03-02T15:30:00Z", "description": "Plan"},
        {"start": "2026-03-03T12:00:00Z", "end": "2026-03-03T15:30:00Z", "description": "Plan"},
    ]
    text = cli("log", "09:00-12:30", "Plan", "--on", "2026-03-02", "--tz", "-3", "--dry-run")
    assert text.code == 0 and "2026-03-02T12:00:00Z" in text.out and "2026-03-02T15:30:00Z" in text.out
    assert cli.entries() == []


# --- start and stop ----------------------------------------------------------------------------------


def test_start_at_and_stop_at_local_times(cli: Cli) -> None:
    assert cli("status", "--json").json() is None
    started = cli("start", "Standup", "--at", "08:45", "--json").json()
    assert started["timeInterval"]["start"] == "2026-03-11T11:45:00Z" and started["timeInterval"]["end"] is None
    running = cli("status", "--json").json()
    assert running["id"] == started["id"]
    assert "Standup" in cli("status").out
    stopped = cli("stop", "--at", "17:10", "--json").json()
    assert stopped["id"] == started["id"]
    assert intervals(cli.entries()) == [("2026-03-11T11:45:00Z", "2026-03-11T20:10:00Z")]
    assert cli("status", "--json").json() is None
    again = cli("stop")
    assert again.code == 1 and "No timer is running" in again.err


def test_start_without_at_uses_now_and_a_new_timer_stops_the_running_one(cli: Cli) -> None:
    assert cli("start", "First").code == 0
    later = {"TIMELEDGER_NOW": "2026-03-11T16:30:00Z"}
    assert cli("start", "Second", env=later).code == 0
    assert intervals(cli.entries()) == [("2026-03-11T15:00:00Z", "2026-03-11T16:30:00Z"),
                                        ("2026-03-11T16:30:00Z", None)]
    assert cli("stop", env={"TIMELEDGER_NOW": "2026-03-11T17:00:00Z"}).code == 0
    assert intervals(cli.entries())[-1] == ("2026-03-11T16:30:00Z", "2026-03-11T17:00:00Z")


def test_start_with_project_task_tags_and_billable_by_name(cli: Cli) -> None:
    ws = cli.caller.ws
    project = cli.caller.post(f"/v1/workspaces/{ws}/projects", {"name": "Website"}).json()
    task = cli.caller.post(f"/v1/workspaces/{ws}/projects/{project['id']}/tasks", {"name": "Design"}).json()
    tag = cli.caller.post(f"/v1/workspaces/{ws}/tags", {"name": "urgent"}).json()
    result = cli("start", "Review", "-p", "website", "--task", "Design", "-t", "urgent", "--billable", "--json")
    entry = result.json()
    assert (entry["projectId"], entry["taskId"], entry["tagIds"], entry["billable"]) == (
        project["id"], task["id"], [tag["id"]], True)


def test_start_at_an_iso_instant_and_stop_across_midnight(make_cli) -> None:
    cli = make_cli(NEW_YORK)
    assert cli("start", "Night shift", "--at", "2026-03-10T23:00:00-04:00").code == 0
    assert cli("stop", "--at", "01:30").code == 0  # today (11 March) 01:30 in New York
    assert intervals(cli.entries()) == [("2026-03-11T03:00:00Z", "2026-03-11T05:30:00Z")]


# --- entries, edit, delete ---------------------------------------------------------------------------


def test_entries_default_to_this_week_and_take_from_and_to(cli: Cli) -> None:
    assert cli("log", "09:00-10:00", "Last week", "--on", "2026-03-06").code == 0
    assert cli("log", "09:00-10:00", "Monday", "--on", "2026-03-09").code == 0
    assert cli("log", "09:00-10:30", "Today", "--json").code == 0
    week = cli("entries", "--json").json()
    assert [e["description"] for e in week] == ["Today", "Monday"]
    both = cli("entries", "--from", "March 6", "--to", "2026-03-09", "--json").json()
    assert [e["description"] for e in both] == ["Monday", "Last week"]
    table = cli("entries")
    assert table.code == 0 and "Today" in table.out and "Last week" not in table.out and "2:30:00" in table.out
    assert cli("entries", "--from", "2026-03-09", "--to", "2026-03-01").code == 2


def test_edit_last_and_move_it_to_another_day(cli: Cli) -> None:
    cli.caller.post(f"/v1/workspaces/{cli.caller.ws}/projects", {"name": "Website"})
    assert cli("log", "09:00-10:00", "Draft").code == 0
    edited = cli("edit", "last", "--description", "Final", "--start", "09:15", "--end", "11:00", "-p", "Website", "--json").json()
    assert edited["description"] == "Final" and edited["projectId"]
    assert intervals(cli.entries()) == [("2026-03-11T12:15:00Z", "2026-03-11T14:00:00Z")]
    assert cli("edit", "last", "--on", "yesterday").code == 0
    assert intervals(cli.entries()) == [("2026-03-10T12:15:00Z", "2026-03-10T14:00:00Z")]


def test_delete_by_id_and_last(cli: Cli) -> None:
    first = cli("log", "09:00-10:00", "One", "--json").json()[0]
    cli("log", "11:00-12:00", "Two")
    assert cli("delete", first["id"], "--json").json() == [first["id"]]
    assert [e["description"] for e in cli.entries()] == ["Two"]
    assert cli("delete", "last").code == 0
    assert cli.entries() == []


# --- names, errors -------------------------------------------------------------------------------------


def test_an_ambiguous_name_lists_the_candidates_and_writes_nothing(cli: Cli) -> None:
    ws = cli.caller.ws
    made = []
    for client_name in ("Acme", "Globex"):
        client = cli.caller.post(f"/v1/workspaces/{ws}/clients", {"name": client_name}).json()
        made.append(cli.caller.post(f"/v1/workspaces/{ws}/projects", {"name": "Website", "clientId": client["id"]}).json())
    result = cli("log", "09:00-10:00", "Which", "--project", "Website")
    assert result.code == 2
    assert all(p["id"] in result.err for p in made) and "Acme" in result.err and "Globex" in result.err
    assert cli.entries() == []
    unknown = cli("start", "x", "--project", "Nope")
    assert unknown.code == 2 and 'no project is called "Nope"' in unknown.err


@pytest.mark.parametrize(("args", "part"), [
    (("log", "09:00-12:30", "x", "--on", "Marhc 2-6"), "Marhc"),
    (("log", "25:00-26:00", "x"), "25:00"),
    (("log", "09:00-12:30", "x", "--on", "2025-02-30"), "2025-02-30"),
    (("log", "09:00-12:30", "x", "--tz", "Mars/Olympus"), "Mars/Olympus"),
    (("start", "x", "--at", "8:75"), "8:75"),
    (("stop", "--at", "noonish"), "noonish"),
])
def test_a_bad_date_or_time_names_the_part(cli: Cli, args: tuple[str, ...], part: str) -> None:
    result = cli(*args)
    assert result.code == 2 and part in result.err and "Traceback" not in result.err
    assert cli.entries() == []


def test_an_unknown_tag_task_or_client_name_is_a_usage_error_and_writes_nothing(cli: Cli) -> None:
    cli.caller.post(f"/v1/workspaces/{cli.caller.ws}/projects", {"name": "Website"})
    for args, said in ((("log", "09:00-10:00", "x", "--tag", "Nope"), 'no tag is called "Nope"'),
                       (("log", "09:00-10:00", "x", "-p", "Website", "--task", "Nope"), 'no task is called "Nope"'),
                       (("projects", "add", "Other", "--client", "Nope"), 'no client is called "Nope"')):
        result = cli(*args)
        assert result.code == 2 and said in result.err, (args, result)
    assert cli.entries() == []
    assert [p["name"] for p in cli.caller.get(f"/v1/workspaces/{cli.caller.ws}/projects").json()] == ["Website"]


def test_a_bad_zone_is_an_error_even_when_no_timer_runs(cli: Cli) -> None:
    for result in (cli("status", "--tz", "Mars/Olympus"), cli("status", env={"CLOCKIFY_TZ_OFFSET": "+99"})):
        assert result.code == 2 and "Traceback" not in result.err and result.out == ""
    assert "Mars/Olympus" in cli("status", "--json", "--tz", "Mars/Olympus").err


def test_edit_on_several_days_is_refused_and_changes_nothing(cli: Cli) -> None:
    assert cli("log", "09:00-10:00", "Draft").code == 0
    before = intervals(cli.entries())
    result = cli("edit", "last", "--on", "March 2-6")
    assert result.code == 2 and "5 days" in result.err
    assert intervals(cli.entries()) == before


def test_delete_checks_every_id_before_deleting_any(cli: Cli) -> None:
    first = cli("log", "09:00-10:00", "One", "--json").json()[0]
    result = cli("delete", first["id"], "nope")
    assert result.code == 2 and "nope" in result.err and "nothing was deleted" in result.err
    assert [e["id"] for e in cli.entries()] == [first["id"]]


def test_a_failed_call_prints_status_and_body_and_exits_non_zero(cli: Cli) -> None:
    result = cli("edit", "0123456789abcdef01234567", "--description", "x")
    assert result.code == 1
    first_line, body = result.err.split("\n", 1)
    assert first_line.startswith(("404 GET", "400 GET")) and "/time-entries/0123456789abcdef01234567" in first_line
    assert json.loads(body)["code"] and json.loads(body)["message"]


def test_a_bad_key_is_an_error_with_the_servers_words(cli: Cli) -> None:
    cli.caller = Caller(cli.caller.client, "not-a-key", cli.caller.user_id, cli.caller.ws, cli.caller.email)
    result = cli("status")
    assert result.code == 1 and result.err.startswith("401 GET")


# --- remote-only: server URL forms, profiles ---------------------------------------------------------


@pytest.fixture
def remote(make_remote_cli) -> Cli:
    return make_remote_cli(BUENOS_AIRES)


def test_the_server_url_may_be_the_host_root_or_the_api_base(remote: Cli) -> None:
    root = remote.server
    for base in (root, root + "/", root + "/api/v1", root + "/v1/"):
        remote.server = base
        assert remote("log", "09:00-10:00", base, "--on", "2026-03-02").code == 0
    assert sorted(e["description"] for e in remote.entries()) == sorted([root, root + "/", root + "/api/v1", root + "/v1/"])


@pytest.mark.parametrize("server", ["notaurl", "ftp://example.com", "http://"])
def test_a_server_that_is_not_an_http_url_is_a_usage_error(remote: Cli, server: str) -> None:
    remote.server = server
    result = remote("status")
    assert result.code == 2 and "http:// or https://" in result.err and "Traceback" not in result.err
    refused = remote("profile", "add", "bad", "--server", server)
    assert refused.code == 2 and "http:// or https://" in refused.err
    assert "bad" not in {p["name"] for p in remote("profile", "list", "--json").json()}


def test_profiles_side_by_side(remote: Cli, make_remote_cli) -> None:
    other = make_remote_cli(NEW_YORK, workspace="Second")
    server, remote.server = remote.server, None
    env = {"FIRST_KEY": remote.caller.key, "SECOND_KEY": other.caller.key}

    def run(*args: str) -> Result:
        with remote.monkeypatch.context() as patch:
            for name, value in {**remote.extra_env, **env}.items():
                patch.setenv(name, value)
            remote.capsys.readouterr()
            code = main(list(args))
            captured = remote.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    assert run("profile", "add", "first", "--server", server + "/api/v1", "--api-key-env", "FIRST_KEY").code == 0
    assert run("profile", "add", "second", "--server", server, "--api-key-env", "SECOND_KEY").code == 0
    assert run("profile", "use", "first").code == 0
    assert run("log", "09:00-10:00", "In first").code == 0  # Buenos Aires profile zone: 12:00Z
    assert run("--profile", "second", "log", "09:00-10:00", "In second").code == 0  # New York: 13:00Z (EDT)
    listed = run("profile", "list", "--json").json()
    assert {p["name"] for p in listed} >= {"first", "second"}
    assert [p["name"] for p in listed if p.get("current")] == ["first"]
    assert intervals(remote.entries()) == [("2026-03-11T12:00:00Z", "2026-03-11T13:00:00Z")]
    assert intervals(other.entries()) == [("2026-03-11T13:00:00Z", "2026-03-11T14:00:00Z")]
    assert run("profile", "remove", "second").code == 0
    assert run("--profile", "second", "status").code == 2


# --- local mode on a fresh install -------------------------------------------------------------------


def test_a_fresh_install_just_works_in_local_mode(fresh_url: str, tmp_path: Path) -> None:
    """No server configured, nothing set up: the console script provisions an account, starts the
    background server and reuses it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELEDGER_", "CLOCKIFY_"))}
    (tmp_path / "run").mkdir(mode=0o700)
    env.update(TIMELEDGER_DATABASE_URL=fresh_url, TIMELEDGER_CONFIG_DIR=str(tmp_path / "config"),
               TIMELEDGER_DATA_DIR=str(tmp_path / "data"), XDG_RUNTIME_DIR=str(tmp_path / "run"),
               TIMELEDGER_NOW=NOW, TZ="America/Argentina/Buenos_Aires")
    exe = str(Path(sys.executable).with_name("timeledger"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=120, check=False)

    try:
        first = run("start", "Writing")
        assert first.returncode == 0, first.stderr
        assert "Local mode: signed in as" in first.stderr and "Started" in first.stdout
        status = run("status", "--json")
        assert status.returncode == 0 and json.loads(status.stdout)["description"] == "Writing"
        assert status.stderr == "", "the second command reuses the running server and the saved key"
        # The account was made in the machine's zone (TZ), so local times are Buenos Aires times.
        logged = run("log", "09:00-10:00", "Docs", "--on", "2026-03-02", "--json")
        assert json.loads(logged.stdout)[0]["timeInterval"]["start"] == "2026-03-02T12:00:00Z"
        stopped = run("stop", "--json")
        assert json.loads(stopped.stdout)["timeInterval"]["end"] == "2026-03-11T15:00:00Z"
    finally:
        saved = {k: os.environ.get(k) for k in ("XDG_RUNTIME_DIR",)}
        os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]
        try:
            assert local.stop_server(fresh_url)
        finally:
            if saved["XDG_RUNTIME_DIR"] is None:
                os.environ.pop("XDG_RUNTIME_DIR")
            else:
                os.environ["XDG_RUNTIME_DIR"] = saved["XDG_RUNTIME_DIR"]


# --- the client: a server that is not there or hangs up, a list longer than a page -------------------


def test_a_server_that_hangs_up_or_is_not_there_is_a_one_line_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import socket
    import threading

    from tests.cli.harness import CLEARED

    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TIMELEDGER_CONFIG_DIR", str(tmp_path))
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    done = threading.Event()

    def hang_up() -> None:  # accepts every connection and closes it before answering
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.close()

    thread = threading.Thread(target=hang_up)
    thread.start()
    try:
        code = main(["--server", f"http://127.0.0.1:{port}", "--api-key", "k", "status"])
    finally:
        done.set()
        thread.join()
        listener.close()
    err = capsys.readouterr().err
    assert code == 1 and "closed the connection" in err and "Traceback" not in err
    code = main(["--server", f"http://127.0.0.1:{port}", "--api-key", "k", "status"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot reach" in err and "Traceback" not in err


def test_lists_follow_pages_from_a_server_that_sends_no_last_page_header() -> None:
    from types import SimpleNamespace

    from timeledger.cli import resolve
    from timeledger.cli.client import Response

    pages = [[{"id": str(i)} for i in range(500)], [{"id": "last"}]]
    asked: list[int] = []

    def request(method: str, path: str, *, query: dict) -> Response:
        asked.append(query["page"])
        return Response(200, {}, json.dumps(pages[query["page"] - 1]).encode())

    items = resolve.list_all(SimpleNamespace(client=SimpleNamespace(request=request)), "/anything", {"project": "p"})
    assert len(items) == 501 and items[-1] == {"id": "last"} and asked == [1, 2]
