"""`timeledger request PATH`: any call of the API, authenticated, relative to the API base."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from timeledger.cli.context import Session, UsageError

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def request(session: Session, args: argparse.Namespace) -> int:
    params = dict(_pairs(args.path_param, "--path-param"))

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in params:
            return params[name]
        if name == "workspaceId":
            return session.workspace_id()
        if name == "userId":
            return session.user_id
        raise UsageError(f"the path needs {{{name}}}: give --path-param {name}=VALUE")

    path = PLACEHOLDER.sub(fill, args.path)
    headers = dict(_pairs(args.header, "-H", separator=":"))
    body: bytes | None = None
    if args.json_data is not None:
        try:
            json.loads(args.json_data)
        except ValueError as exc:
            raise UsageError(f"--json is not valid JSON: {exc}") from exc
        body = args.json_data.encode()
        headers.setdefault("Content-Type", "application/json")
    elif args.data is not None:
        body = sys.stdin.buffer.read() if args.data == "@-" else args.data.encode()
        headers.setdefault("Content-Type", "application/json")
    method = (args.method or ("POST" if body is not None else "GET")).upper()
    response = session.client.request(method, path, query=list(_pairs(args.query, "--query")), data=body,
                                      headers=headers, check=False)
    if args.include:
        print(f"HTTP {response.status}")
        for name, value in response.headers.items():
            print(f"{name}: {value}")
        print()
    text = response.body.decode("utf-8", "replace")
    try:
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        pass
    if text:
        sys.stdout.write(text + "\n")
    if response.status >= 400:
        sys.stderr.write(f"HTTP {response.status}\n")
        return 1
    return 0


def _pairs(values: list[str] | None, flag: str, separator: str = "=") -> list[tuple[str, str]]:
    result = []
    for value in values or []:
        key, sep, rest = value.partition(separator)
        if not sep or not key.strip():
            raise UsageError(f"{flag} takes KEY{separator}VALUE, not {value!r}")
        result.append((key.strip(), rest.strip() if separator == ":" else rest))
    return result


def register(sub: Any, formatter: type) -> None:
    p = sub.add_parser("request", help="send any API request (relative to the API v1 base)", formatter_class=formatter,
                       epilog="examples:\n  timeledger request /user\n"
                              "  timeledger request /workspaces/{workspaceId}/projects --query page-size=5000\n"
                              '  timeledger request /workspaces/{workspaceId}/tags -X POST --json \'{"name": "urgent"}\'\n'
                              "  timeledger request /workspaces/{workspaceId}/projects/{id} --path-param id=6a1f...c3\n"
                              "({workspaceId} and {userId} are filled in when you do not give them)")
    p.add_argument("path", help="e.g. /workspaces/{workspaceId}/projects")
    p.add_argument("-X", "--method", help="GET, POST, PUT, PATCH, DELETE (default GET, or POST with a body)")
    p.add_argument("-H", "--header", action="append", metavar="'K: V'", help="a request header (repeatable)")
    body = p.add_mutually_exclusive_group()
    body.add_argument("-d", "--data", metavar="DATA", help="the request body as is (@- reads stdin)")
    body.add_argument("--json", dest="json_data", metavar="JSON", help="a JSON body (checked before sending)")
    p.add_argument("--query", action="append", metavar="K=V", help="a query parameter (repeatable)")
    p.add_argument("--path-param", action="append", metavar="K=V", help="fills {K} in PATH (repeatable)")
    p.add_argument("-i", "--include", action="store_true", help="print the status and headers too")
    p.set_defaults(handler=request, json=False)
