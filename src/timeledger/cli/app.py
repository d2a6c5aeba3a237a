"""The `timeledger` front door: one argparse tree for every command, standard library only.

Tracking and workspace commands run here and talk HTTP to the configured server (or to the
local one). The server's own commands (serve, admin, db) are Typer apps that import the
server stack; the front door hands them the rest of the arguments.
"""

from __future__ import annotations

import argparse
import sys

from timeledger import __version__

DESCRIPTION = """Self-hosted time tracking with a Clockify-compatible API.

Without a server configured, commands work on this machine's own database (a local server
starts by itself on first use). With --server URL (or TIMELEDGER_SERVER, or a profile) they talk
to any Clockify-compatible server, Clockify's own cloud included."""

EPILOG = """global options go before the command:
  --server URL        a Clockify-compatible server: https://api.clockify.me/api/v1, http://host:8080
  --api-key KEY       its API key (else TIMELEDGER_API_KEY, CLOCKIFY_API_KEY, the profile's variable)
  --workspace W       workspace id or name (default: the only one, else your active one)
  --profile NAME      a saved connection (see `timeledger profile`)

examples:
  timeledger start "Writing" --project Website
  timeledger log 09:00-12:30 "Write docs" --on "March 2-6" --tz -3
  timeledger --server https://api.clockify.me/api/v1 entries --json
  timeledger action list --intent "log my hours"
"""

SERVER_COMMANDS = {"serve": "serve the APIs (and, later, the web app)", "admin": "accounts and API keys, on the database",
                   "db": "database schema"}


class Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=100)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command tree; or, when `command` is one of the tracking commands (status, start,
    stop, ...), only what that command needs: the other modules' imports and parsers would cost
    the hot path several milliseconds."""
    from timeledger.cli.commands import tracking

    parser = argparse.ArgumentParser(prog="timeledger", description=DESCRIPTION, epilog=EPILOG, formatter_class=Formatter)
    parser.add_argument("--version", action="version", version=f"timeledger {__version__}")
    for option in ("--server", "--api-key", "--workspace", "--profile"):
        parser.add_argument(option, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    tracking.register(sub, Formatter)
    if command is not None and command in sub.choices:
        return parser
    from timeledger.cli.commands import actions, catalog, profiles, raw, reports

    for module in (catalog, reports, raw, profiles, actions):
        module.register(sub, Formatter)
    for name, text in SERVER_COMMANDS.items():
        sub.add_parser(name, help=text, add_help=False)
    p = sub.add_parser("completion", help="print a shell completion script", formatter_class=Formatter,
                       epilog="examples:\n  timeledger completion bash > ~/.local/share/bash-completion/completions/timeledger\n"
                              "  timeledger completion zsh > ~/.zfunc/_timeledger")
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    p.set_defaults(handler=None, local_handler=_completion)
    return parser


def _completion(args: argparse.Namespace) -> int:
    from timeledger.cli.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from timeledger.cli.context import UsageError, split_global

    try:
        options, rest = split_global(argv)
    except UsageError as exc:
        sys.stderr.write(f"timeledger: {exc}\n")
        return 2
    if rest and rest[0] in SERVER_COMMANDS:
        from timeledger.cli.main import app

        return _typer(app, rest)
    parser = build_parser(rest[0] if rest else None)
    args = parser.parse_args(rest)
    if args.command is None:
        parser.print_help()
        return 0
    if getattr(args, "local_handler", None):
        return args.local_handler(args)
    return run(args.handler, options, args)


def _typer(app, rest: list[str]) -> int:
    try:
        app(rest, prog_name="timeledger", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


def run(handler, options, args: argparse.Namespace) -> int:
    """Open the session, run the command, and turn failures into messages and exit codes:
    1 when the server refused or failed, 2 when the command itself cannot run as given."""
    from timeledger.cli import output
    from timeledger.cli.client import ApiError, ConnectionFailed
    from timeledger.cli.context import UsageError, describe_error, open_session
    from timeledger.core.natural import NaturalTimeError

    session = None
    try:
        session = open_session(options, quiet=getattr(args, "json", False))
        return handler(session, args)
    except ApiError as exc:
        output.error(describe_error(exc))
        return 1
    except (UsageError, NaturalTimeError) as exc:
        output.error(f"timeledger: {exc}")
        return 2
    except (ConnectionFailed, RuntimeError) as exc:  # RuntimeError: the local server cannot start
        output.error(f"timeledger: {exc}")
        return 1
    finally:
        if session is not None:
            session.close()


def main_exit() -> None:
    """The console script: exit with the command's status."""
    sys.exit(main())
