"""`timeledger action list|run` and `timeledger mcp`: the action catalog for agents and scripts.

`action list` reads the catalog file and never needs a server; `action run` checks the input
against the action's schema before it sends anything, asks before deletes and bulk changes, and
follows pagination. `mcp` serves the same catalog as MCP tools over stdio.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from timeledger.cli import output
from timeledger.cli.context import Session, UsageError

DEFAULT_LIMIT = 10


def list_actions(args: argparse.Namespace) -> int:
    from timeledger.actions import catalog, ranking

    if args.intent:
        chosen = [action for _, action in ranking.rank(args.intent)[: args.limit or None]]
    else:
        chosen = list(catalog.actions())[: args.limit or None]
    if args.json:
        output.print_json([action.summary() for action in chosen])
    elif chosen:
        output.table(["ID", "Description"], [[action.id, action.description] for action in chosen])
    if args.intent and not chosen:
        output.error(f'timeledger: no action matches "{args.intent}"; `timeledger action list` shows them all')
        return 1
    return 0


def read_input(value: str | None) -> Any:
    """--input as JSON text, @FILE, or - (standard input)."""
    if value is None:
        return {}
    source = "--input"
    if value == "-":
        value, source = sys.stdin.read(), "standard input"
    elif value.startswith("@"):
        path = Path(value[1:]).expanduser()
        try:
            value, source = path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    if not value.strip():
        return {}
    try:
        return json.loads(value)
    except ValueError as exc:
        raise UsageError(f"{source} is not valid JSON: {exc}") from exc


def ask(question: str) -> bool:
    """Confirm on a terminal; without one, refuse and say how to go ahead."""
    if not sys.stdin.isatty():
        raise UsageError(f"{question} This needs confirmation and there is no terminal to ask on: "
                         "add --yes to run it")
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def run_action(session: Session, args: argparse.Namespace) -> int:
    from timeledger.actions import catalog, runner
    from timeledger.actions.schema import InputError

    try:
        action = catalog.get(args.action_id)
    except catalog.UnknownAction as exc:
        raise UsageError(str(exc)) from exc
    arguments = read_input(args.input)
    try:
        result = runner.run(session, action, arguments, confirm=True if args.yes else ask)
    except InputError as exc:
        raise UsageError(f"invalid input for {action.id}: {exc}") from exc
    except runner.ConfirmationRequired:
        output.error("Not confirmed; nothing was changed.")
        return 1
    if args.json:
        output.print_json(result)
    else:
        show(result)
    return 0


COLUMNS = ("id", "name", "description", "email", "status", "timeInterval")


def show(result: Any) -> None:
    """A table for a list of records, JSON for anything else, "Done." for no content."""
    if result is None:
        print("Done.")
        return
    if isinstance(result, str):
        sys.stdout.write(result if result.endswith("\n") else result + "\n")
        return
    if isinstance(result, list) and result and all(isinstance(item, dict) for item in result):
        columns = [c for c in COLUMNS if c in result[0]]
        if columns:
            rows = [[_cell(item.get(c)) for c in columns] for item in result]
            output.table([c if c != "timeInterval" else "time" for c in columns], rows)
            return
    output.print_json(result)


def _cell(value: Any) -> str:
    if isinstance(value, dict) and "start" in value:
        return f"{value.get('start') or ''} → {value.get('end') or 'running'}"
    return "" if value is None else str(value)


def serve_mcp(session: Session, args: argparse.Namespace) -> int:
    from timeledger.mcp.stdio import serve

    return serve(session)


def register(sub: Any, formatter: type) -> None:
    p = sub.add_parser("action", help="list and run the API's actions (the catalog agents use)", formatter_class=formatter,
                       epilog='examples:\n  timeledger action list --intent "log my hours"\n'
                              "  timeledger action list --json          # [{id, description, inputSchema, annotations}]\n"
                              "  timeledger action run list-projects --json\n"
                              "  timeledger action run create-time-entry --input '{\"start\": \"2026-03-02T09:00:00Z\", "
                              "\"end\": \"2026-03-02T12:30:00Z\", \"description\": \"Write docs\"}'\n"
                              "  timeledger action run delete-time-entry --input '{\"entryId\": \"6a1f...\"}' --yes")
    actions = p.add_subparsers(dest="action_command", metavar="list|run", required=True)

    q = actions.add_parser("list", help="the actions, or those that fit an intent, best first", formatter_class=formatter,
                           epilog='examples:\n  timeledger action list\n  timeledger action list --intent "stop the timer"\n'
                                  '  timeledger action list --intent "list jobs" --json')
    q.add_argument("--intent", metavar="TEXT", help='what you want to do, in words ("log my hours")')
    q.add_argument("--limit", type=_count, metavar="N", default=None,
                   help=f"at most N actions (default: all; {DEFAULT_LIMIT} with --intent)")
    q.add_argument("--json", action="store_true", help="[{id, description, inputSchema, annotations}]")
    q.set_defaults(handler=None, local_handler=_list_with_limit)

    r = actions.add_parser("run", help="run one action with a JSON input", formatter_class=formatter,
                           epilog="examples:\n  timeledger action run get-current-user\n"
                                  "  timeledger action run list-time-entries --input '{\"start\": \"2026-03-01T00:00:00Z\"}' --json\n"
                                  "  timeledger action run update-time-entry --input @entry.json\n"
                                  "  echo '{\"name\": \"Website\"}' | timeledger action run create-project --input -\n"
                                  "Lists are followed page by page unless the input gives \"page\". workspaceId (and\n"
                                  "userId where you are the natural default) are filled in when left out.\n"
                                  "Deletes and bulk changes ask first; without a terminal they need --yes.")
    r.add_argument("action_id", metavar="ACTION_ID", help="e.g. create-time-entry (see `timeledger action list`)")
    r.add_argument("--input", metavar="JSON", help="the input: JSON text, @FILE, or - for standard input")
    r.add_argument("--yes", "-y", action="store_true", help="run deletes and bulk changes without asking")
    r.add_argument("--json", action="store_true", help="print the result as JSON")
    r.set_defaults(handler=run_action, local_handler=None)

    m = sub.add_parser("mcp", help="serve the actions as MCP tools over stdio (for agents)", formatter_class=formatter,
                       epilog="examples:\n  timeledger mcp                                   # this machine's database\n"
                              "  timeledger --server http://host:8080 mcp          # a timeledger or Clockify server\n"
                              "An MCP client starts it as a command, e.g. {\"command\": \"timeledger\", \"args\": [\"mcp\"]}.\n"
                              "`timeledger serve` also answers MCP over streamable HTTP at /mcp (X-Api-Key or Bearer key).")
    m.set_defaults(handler=serve_mcp, local_handler=None, json=True)


def _count(text: str) -> int:
    """--limit's N: a whole number of actions, 1 or more (a negative N would cut from the end)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number of actions, 1 or more, not {text!r}")
    return int(text)


def _list_with_limit(args: argparse.Namespace) -> int:
    if args.limit is None and args.intent:
        args.limit = DEFAULT_LIMIT
    return list_actions(args)
