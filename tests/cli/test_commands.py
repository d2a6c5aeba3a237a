"""The workspace commands (projects, clients, tasks, tags, workspaces), reports, raw requests, help
and completion, in local and remote mode on both backends. See conftest.py for the harness."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.harness import Cli, Result
from timeledger.cli.app import build_parser, main


def names(items: list[dict]) -> list[str]:
    return sorted(i["name"] for i in items)


# --- catalog commands ------------------------------------------------------------------------------


def test_projects_add_list_archive_remove_with_a_client_by_name(cli: Cli) -> None:
    client = cli("clients", "add", "ACME", "--email", "billing@acme.test", "--json").json()
    assert client["email"] == "billing@acme.test"
    made = cli("projects", "add", "Website", "--client", "acme", "--billable", "--private", "--color", "#336699",
               "--json").json()
    assert (made["clientId"], made["billable"], made["public"], made["color"]) == (client["id"], True, False, "#336699")
    cli("projects", "add", "Internal")
    assert names(cli("projects", "--json").json()) == ["Internal", "Website"]
    table = cli("projects")
    assert table.code == 0 and "Website" in table.out and "ACME" in table.out
    assert cli("projects", "archive", "Website", "--json").json()["archived"] is True
    assert names(cli("projects", "--archived", "--json").json()) == ["Website"]
    assert names(cli("projects", "--active", "--json").json()) == ["Internal"]
    # Removing an active project archives it first, as Clockify deletes archived projects only.
    assert cli("projects", "remove", "Internal").code == 0
    assert cli("projects", "remove", made["id"]).code == 0
    stored = cli.caller.get(f"/v1/workspaces/{cli.caller.ws}/projects").json()
    assert stored == []


def test_clients_tags_and_tasks(cli: Cli) -> None:
    assert cli("clients", "add", "Globex").code == 0
    assert cli("clients", "archive", "Globex", "--json").json()["archived"] is True
    assert cli("clients", "remove", "Globex").code == 0
    assert cli.caller.get(f"/v1/workspaces/{cli.caller.ws}/clients").json() == []

    assert cli("tags", "add", "urgent").code == 0
    assert cli("tags", "add", "later").code == 0
    assert cli("tags", "archive", "later", "--json").json()["archived"] is True
    assert cli("tags", "remove", "urgent").code == 0
    assert names(cli("tags", "--json").json()) == ["later"]

    cli("projects", "add", "Website")
    assert cli("tasks").code == 2  # tasks need --project
    design = cli("tasks", "add", "Design", "--project", "Website", "--json").json()
    cli("tasks", "add", "Build", "--project", "Website")
    assert names(cli("tasks", "--project", "Website", "--json").json()) == ["Build", "Design"]
    assert cli("tasks", "archive", "Design", "--project", "Website", "--json").json()["status"] == "DONE"
    assert cli("tasks", "remove", "Build", "--project", "Website").code == 0
    left = cli.caller.get(f"/v1/workspaces/{cli.caller.ws}/projects/{design['projectId']}/tasks").json()
    assert [(t["name"], t["status"]) for t in left] == [("Design", "DONE")]


def test_workspaces_are_picked_automatically_only_when_there_is_one(cli: Cli) -> None:
    assert [w["id"] for w in cli("workspaces", "--json").json()] == [cli.caller.ws]
    assert cli("tags", "add", "one").code == 0  # one workspace: no --workspace needed
    second = cli("workspaces", "add", "Side project", "--json").json()
    result = cli("tags", "add", "two", globals_=("--workspace", "Side project"))
    assert result.code == 0, result.err
    assert names(cli.caller.get(f"/v1/workspaces/{second['id']}/tags").json()) == ["two"]
    assert names(cli.caller.get(f"/v1/workspaces/{cli.caller.ws}/tags").json()) == ["one"]
    by_id = cli("tags", "--json", globals_=("--workspace", second["id"]))
    assert names(by_id.json()) == ["two"]
    unknown = cli("tags", globals_=("--workspace", "Nowhere"))
    assert unknown.code == 2 and "Side project" in unknown.err
    refused = cli("workspaces", "remove", "Side project")
    assert refused.code == 2 and "web app" in refused.err


def test_a_missing_name_is_a_usage_error(cli: Cli) -> None:
    result = cli("projects", "add")
    assert result.code == 2 and "needs a name" in result.err


# --- reports -----------------------------------------------------------------------------------------


@pytest.fixture
def week(cli: Cli) -> Cli:
    """This week (of the fixed clock: Wednesday 11 March 2026) in Buenos Aires: 3 h on Website,
    1 h 30 on Internal, with a workspace rate of 100.00 an hour, all billable."""
    ws = cli.caller.ws
    cli.caller.put(f"/v1/workspaces/{ws}/users/{cli.caller.user_id}/hourly-rate", {"amount": 10000})
    cli("projects", "add", "Website", "--billable")
    cli("projects", "add", "Internal", "--billable")
    assert cli("log", "09:00-11:00", "Docs", "--on", "2026-03-09", "-p", "Website", "--billable").code == 0
    assert cli("log", "13:00-14:00", "Review", "--on", "2026-03-11", "-p", "Website", "--billable").code == 0
    assert cli("log", "10:00-11:30", "Planning", "--on", "2026-03-10", "-p", "Internal", "--billable").code == 0
    assert cli("log", "10:00-11:00", "Last week", "--on", "2026-03-06", "-p", "Internal", "--billable").code == 0
    return cli


def test_summary_report_as_json_and_table(week: Cli) -> None:
    report = week("report", "summary", "--json").json()
    assert report["totals"][0]["totalTime"] == 4.5 * 3600
    groups = {g["name"]: (g["duration"], g["amount"]) for g in report["groupOne"]}
    assert groups == {"Website": (3 * 3600, 30000), "Internal": (5400, 15000)}
    table = week("report", "summary", "--group", "project", "--group", "date")
    assert table.code == 0 and "4:30:00" in table.out and "Website" in table.out and "300.00" in table.out
    month = week("report", "summary", "--from", "2026-03-01", "--to", "2026-03-31", "--json").json()
    assert month["totals"][0]["totalTime"] == 5.5 * 3600


def test_a_whole_hour_offset_is_a_report_zone(week: Cli) -> None:
    """From Tokyo (UTC+9) the 13:00–14:00 entry of Wednesday (16:00Z) falls on Thursday, still this
    week; Monday's 09:00 Buenos Aires (12:00Z, 21:00 in Tokyo) stays on Monday."""
    in_tokyo = week("report", "detailed", "--json", "--tz", "+9").json()
    assert len(in_tokyo["timeentries"]) == 3
    kolkata = week("report", "summary", "--json", "--tz", "+5:30")
    assert kolkata.code == 2 and "whole-hour" in kolkata.err


def test_detailed_and_weekly_reports(week: Cli) -> None:
    detailed = week("report", "detailed", "--json").json()
    assert sorted(e["description"] for e in detailed["timeentries"]) == ["Docs", "Planning", "Review"]
    weekly = week("report", "weekly", "--json").json()
    assert weekly["totals"][0]["totalTime"] == 4.5 * 3600
    table = week("report", "weekly")
    assert table.code == 0 and "4:30:00" in table.out
    wrong = week("report", "weekly", "--from", "2026-03-01", "--to", "2026-03-03")
    assert wrong.code == 2 and "seven days" in wrong.err


def test_report_files_in_every_format(week: Cli, tmp_path: Path) -> None:
    out = tmp_path / "week.csv"
    assert week("report", "detailed", "--output", str(out)).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert sorted(r["Description"] for r in rows) == ["Docs", "Planning", "Review"]

    xlsx = tmp_path / "summary.xlsx"
    assert week("report", "summary", "-o", str(xlsx)).code == 0
    sheet = load_workbook(xlsx).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Website" in cells and "Internal" in cells

    pdf = tmp_path / "weekly.pdf"
    assert week("report", "weekly", "--format", "pdf", "--output", str(pdf)).code == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2026-03-09" in text or "Mar 9" in text or "09/03" in text or "03/09" in text, text[:500]
    assert "4:30" in text or "4.5" in text, text[:500]
    both = week("report", "summary", "--json", "--format", "csv")
    assert both.code == 2
    nowhere = week("report", "detailed", "--output", str(tmp_path / "missing" / "week.csv"))
    assert nowhere.code == 2 and "cannot write" in nowhere.err and "Traceback" not in nowhere.err
    unknown = week("report", "detailed", "--output", str(tmp_path / "week.txt"))
    assert unknown.code == 2 and "--format must be one of" in unknown.err


# --- raw requests ------------------------------------------------------------------------------------


def test_request_fills_the_workspace_and_sends_bodies_queries_and_path_params(cli: Cli) -> None:
    me = cli("request", "/user").json()
    assert me["id"] == cli.caller.user_id
    made = cli("request", "/workspaces/{workspaceId}/tags", "-X", "POST", "--json", '{"name": "raw"}').json()
    assert made["name"] == "raw"
    one = cli("request", "/workspaces/{workspaceId}/tags/{id}", "--path-param", f"id={made['id']}").json()
    assert one["id"] == made["id"]
    cli("request", "/workspaces/{workspaceId}/tags", "-d", '{"name": "other"}')
    found = cli("request", "/workspaces/{workspaceId}/tags", "--query", "name=oth").json()
    assert [t["name"] for t in found] == ["other"]
    headers = cli("request", "/workspaces/{workspaceId}/tags", "--query", "page-size=1", "-i")
    assert headers.code == 0 and headers.out.startswith("HTTP 200") and "last-page: false" in headers.out.lower()


def test_request_prints_the_failure_body_and_exits_non_zero(cli: Cli) -> None:
    result = cli("request", "/workspaces/{workspaceId}/tags", "-X", "POST", "--json", '{"name": ""}')
    assert result.code == 1 and "HTTP 400" in result.err
    assert json.loads(result.out)["code"]
    bad = cli("request", "/workspaces/{workspaceId}/tags", "--json", "{not json")
    assert bad.code == 2 and "not valid JSON" in bad.err
    missing = cli("request", "/workspaces/{workspaceId}/projects/{projectId}")
    assert missing.code == 2 and "--path-param projectId=" in missing.err


# --- help, completion, version -------------------------------------------------------------------------


def _subcommands() -> list[str]:
    import argparse

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def test_every_command_has_help_with_examples() -> None:
    exe = str(Path(sys.executable).with_name("timeledger"))
    for name in _subcommands():
        result = subprocess.run([exe, name, "--help"], capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, (name, result.stderr)
        assert "example" in result.stdout.lower(), f"`timeledger {name} --help` shows no examples:\n{result.stdout}"
    top = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert all(name in top.stdout for name in ("start", "log", "report", "request", "profile", "serve"))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_the_commands_and_options(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    option = "-l {}" if shell == "fish" else "--{}"  # fish names long options without their dashes
    for word in ("start", "log", option.format("project"), option.format("dry-run"), "summary"):
        assert word in script, (shell, word)
    if shell == "bash":
        checked = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr


def test_bash_completion_completes_commands_and_options(capsys, tmp_path: Path) -> None:
    main(["completion", "bash"])
    (tmp_path / "c.sh").write_text(capsys.readouterr().out)
    probe = f"""source {tmp_path / 'c.sh'}
COMP_WORDS=(timeledger lo); COMP_CWORD=1; _timeledger; echo "${{COMPREPLY[@]}}"
COMP_WORDS=(timeledger log --dr); COMP_CWORD=2; _timeledger; echo "${{COMPREPLY[@]}}"
"""
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=False)
    first, second = result.stdout.splitlines()
    assert "log" in first.split() and "--dry-run" in second.split(), result


def _run_plain(*args: str) -> Result:
    exe = str(Path(sys.executable).with_name("timeledger"))
    done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60, check=False)
    return Result(done.returncode, done.stdout, done.stderr)


def test_version_and_unknown_global_option() -> None:
    assert _run_plain("--version").out.startswith("timeledger ")
    assert _run_plain("--server").code == 2
