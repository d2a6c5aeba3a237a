"""`timeledger profile`: named connections to servers, side by side."""

from __future__ import annotations

import argparse
from typing import Any

from timeledger.cli import output
from timeledger.cli.context import UsageError, load_profiles, save_profiles, server_base


def profile(args: argparse.Namespace) -> int:
    data = load_profiles()
    if args.action == "add":
        if not args.name or not args.server:
            raise UsageError("profile add needs NAME and --server URL")
        server = server_base(args.server)
        data["profiles"][args.name] = {
            "server": server, "apiKeyEnv": args.api_key_env, "workspace": args.workspace,
        }
        if data["current"] is None:
            data["current"] = args.name
        save_profiles(data)
        print(f"Saved profile {args.name} ({server})" + (" and made it current" if data["current"] == args.name else ""))
        return 0
    if args.action == "use":
        if args.name not in data["profiles"] and args.name not in ("local", None):
            raise UsageError(f'no profile "{args.name}"')
        data["current"] = None if args.name in ("local", None) else args.name
        save_profiles(data)
        print(f"Now using {args.name or 'local'}")
        return 0
    if args.action == "remove":
        if data["profiles"].pop(args.name, None) is None:
            raise UsageError(f'no profile "{args.name}"')
        if data["current"] == args.name:
            data["current"] = None
        save_profiles(data)
        print(f"Removed profile {args.name}")
        return 0
    rows = [["*" if data["current"] is None else "", "local", "this machine's database", "", ""]]
    rows += [["*" if data["current"] == name else "", name, p["server"], p.get("apiKeyEnv") or "", p.get("workspace") or ""]
             for name, p in sorted(data["profiles"].items())]
    if args.json:
        output.print_json([{"name": "local", "server": None, "apiKeyEnv": None, "workspace": None,
                            "current": data["current"] is None}]
                          + [{"name": name, **p, "current": data["current"] == name}
                             for name, p in sorted(data["profiles"].items())])
    else:
        output.table(["", "Profile", "Server", "Key from", "Workspace"], rows)
    return 0


def _run(args: argparse.Namespace) -> int:
    from timeledger.cli import output as out

    try:
        return profile(args)
    except UsageError as exc:
        out.error(f"timeledger: {exc}")
        return 2


def register(sub: Any, formatter: type) -> None:
    p = sub.add_parser("profile", help="save, choose and list server connections", formatter_class=formatter,
                       epilog="examples:\n  timeledger profile add work --server https://api.clockify.me/api/v1 --api-key-env CLOCKIFY_API_KEY\n"
                              "  timeledger profile add home --server http://127.0.0.1:8080 --api-key-env HOME_TL_KEY\n"
                              "  timeledger profile use work\n  timeledger profile use local\n  timeledger profile list\n"
                              "  timeledger --profile home status   # one command on another profile")
    p.add_argument("action", nargs="?", default="list", choices=["add", "use", "list", "remove"])
    p.add_argument("name", nargs="?", help="the profile's name (`local`: this machine)")
    p.add_argument("--server", metavar="URL", help="with add: host root or API base")
    p.add_argument("--api-key-env", metavar="VAR", help="with add: the environment variable that holds the key")
    p.add_argument("--workspace", metavar="W", help="with add: the workspace to use (id or name)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=None, local_handler=_run)
