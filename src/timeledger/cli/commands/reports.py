"""`timeledger report summary|detailed|weekly`: a table, or a file in any export format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from timeledger.cli import output
from timeledger.cli.commands.tracking import date_range, now, zone_for
from timeledger.cli.context import Session, UsageError

FORMATS = ("table", "json", "csv", "xlsx", "pdf")


def report(session: Session, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)
    first, last = date_range(args, now().astimezone(zone).date())
    body: dict[str, Any] = {
        "dateRangeStart": f"{first.isoformat()}T00:00:00Z",
        "dateRangeEnd": f"{last.isoformat()}T23:59:59.999Z",
        "timeZone": _zone_name(zone),
        "amountShown": args.amount,
    }
    if args.kind == "summary":
        body["summaryFilter"] = {"groups": [g.upper() for g in args.group or ["PROJECT"]]}
    elif args.kind == "detailed":
        body["detailedFilter"] = {"page": 1, "pageSize": 5000}
    else:
        if (last - first).days != 6:
            raise UsageError("a weekly report covers exactly seven days: give --from only, or --from and --to six days apart")
        body["weeklyFilter"] = {"group": (args.group or ["USER"])[0].upper()}
    path = f"/workspaces/{session.workspace_id()}/reports/{args.kind}"
    if args.json:
        if args.format not in (None, "json"):
            raise UsageError("--json prints the report as JSON; it does not go with --format " + args.format)
        args.format = "json"
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "table")
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if fmt in ("csv", "xlsx", "pdf"):
        response = session.client.request("POST", path, json_body={**body, "exportType": fmt.upper()})
        target = args.output or f"{args.kind}-report-{first.isoformat()}-{last.isoformat()}.{fmt}"
        if target == "-":
            sys.stdout.buffer.write(response.body)
        else:
            try:
                Path(target).write_bytes(response.body)
            except OSError as exc:
                raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
            print(f"Wrote {target} ({len(response.body):,} bytes)")
        return 0
    result = session.client.post(path, body)
    if fmt == "json":
        output.print_json(result)
        return 0
    total = (result.get("totals") or [{}])[0] or {}
    title = f"{args.kind.title()} report {first.isoformat()} – {last.isoformat()}: {output.hms(total.get('totalTime', 0))}"
    if args.kind == "summary":
        rows = []

        def walk(groups: list[dict[str, Any]], depth: int) -> None:
            for g in groups:
                rows.append(["  " * depth + g["name"], output.hms(g["duration"]), _money(g.get("amount"))])
                walk(g.get("children") or [], depth + 1)

        walk(result.get("groupOne") or [], 0)
        output.table(["Group", "Time", "Amount"], rows, title=title)
    elif args.kind == "detailed":
        output.table(["Start", "Duration", "User", "Project", "Description"],
                     [[e["timeInterval"]["start"][:16].replace("T", " "), output.hms(e["timeInterval"]["duration"]),
                       e.get("userName"), e.get("projectName"), e.get("description")] for e in result.get("timeentries", [])],
                     title=title)
    else:
        days = [d["date"] for d in result.get("totalsByDay", [])]
        output.table(["", *[d[5:] for d in days], "Total"],
                     [[g["name"], *[output.hms(d["duration"]) for d in g["days"]], output.hms(g["duration"])]
                      for g in result.get("groupOne", [])], title=title)
    return 0


def _zone_name(zone: Any) -> str:
    """The report's zone as the Reports API takes it: an IANA name. A whole-hour offset becomes
    its Etc/GMT zone (whose sign is inverted, by POSIX convention)."""
    name = getattr(zone, "key", None)
    if name:
        return name
    offset = zone.utcoffset(None)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    if minutes % 60:
        raise UsageError("a report needs a zone name (Asia/Kolkata) or a whole-hour offset, not a half-hour offset")
    return f"Etc/GMT{-minutes // 60:+d}"


def _money(minor: int | None) -> str:
    return "" if minor is None else f"{minor / 100:,.2f}"


def register(sub: Any, formatter: type) -> None:
    p = sub.add_parser("report", help="summary, detailed or weekly report (table or file)", formatter_class=formatter,
                       epilog="examples:\n  timeledger report summary                       # this week, by project\n"
                              "  timeledger report summary --from 2026-03-01 --to 2026-03-31 --group project --group user\n"
                              "  timeledger report detailed --from \"last monday\" --output week.csv\n"
                              "  timeledger report weekly --format pdf --output week.pdf")
    p.add_argument("kind", choices=["summary", "detailed", "weekly"])
    p.add_argument("--from", dest="from_", metavar="DAY", help="first day (default: this week's Monday)")
    p.add_argument("--to", metavar="DAY", help="last day (default: six days later)")
    p.add_argument("--group", action="append", metavar="GROUP",
                   help="summary: PROJECT, CLIENT, USER, TAG, TASK, DATE, WEEK, MONTH (repeat, up to 3); weekly: USER or PROJECT")
    p.add_argument("--amount", default="EARNED", choices=["EARNED", "COST", "PROFIT", "HIDE_AMOUNT"])
    p.add_argument("--format", choices=FORMATS, help="default: table, or the --output file's extension")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (- for stdout)")
    p.add_argument("--tz", metavar="ZONE", help="the report's zone (default: CLOCKIFY_TZ_OFFSET, then your profile's)")
    p.add_argument("--json", action="store_true", help="print the API's report object (same as --format json)")
    p.set_defaults(handler=report)
