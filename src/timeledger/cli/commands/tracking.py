"""Tracking time: status, start, stop, log, edit, delete, entries.

These are the commands agents call most, so everything here is standard library only.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from timeledger.cli import output, resolve
from timeledger.cli.client import ApiError
from timeledger.cli.context import ID, Session, UsageError
from timeledger.core import natural


def now() -> datetime:
    """The current instant; TIMELEDGER_NOW fixes it (for tests and reproducible scripts)."""
    fixed = os.environ.get("TIMELEDGER_NOW")
    return natural.parse_instant(fixed).astimezone(UTC) if fixed else natural.now()


def zone_for(args: argparse.Namespace, session: Session | None) -> tzinfo:
    """--tz, else CLOCKIFY_TZ_OFFSET, else the profile's zone on the server, else this machine's."""
    if getattr(args, "tz", None):
        return natural.parse_zone(args.tz)
    from_env = natural.zone_from_env(os.environ.get("CLOCKIFY_TZ_OFFSET"))
    if from_env is not None:
        return from_env
    if session is not None:
        name = session.zone_name()
        if name:
            return natural.parse_zone(name)
    from timeledger.cli.local import _system_zone_name

    system = _system_zone_name()
    if system:
        return natural.parse_zone(system)
    return timezone(timedelta(seconds=datetime.now().astimezone().utcoffset().total_seconds()))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_range(args: argparse.Namespace, today: date) -> tuple[date, date]:
    """The days of --from and --to (default: this week, from Monday, and six days after --from)."""
    first = natural.parse_days(args.from_, today)[0] if args.from_ else today - timedelta(days=today.weekday())
    last = natural.parse_days(args.to, today)[-1] if args.to else first + timedelta(days=6)
    if last < first:
        raise UsageError("--to comes before --from")
    return first, last


def _entry_line(entry: dict[str, Any], zone: tzinfo) -> str:
    interval = entry["timeInterval"]
    project = (entry.get("project") or {}).get("name")
    what = entry.get("description") or "(no description)"
    where = f" [{project}]" if project else ""
    if interval.get("end"):
        return (f"{what}{where}: {output.day(interval['start'], zone)} {output.clock(interval['start'], zone)}–"
                f"{output.clock(interval['end'], zone)} ({output.hms(output.iso_seconds(interval['duration']))})")
    return f"{what}{where}, since {output.day(interval['start'], zone)} {output.clock(interval['start'], zone)}"


def _running(session: Session) -> dict[str, Any] | None:
    ws = session.workspace_id()
    running = session.client.get(
        f"/workspaces/{ws}/user/{session.user_id}/time-entries",
        query={"in-progress": "true", "page-size": 1, "hydrated": "true"},
    )
    return running[0] if running else None


# --- status, start, stop ------------------------------------------------------------------------


def status(session: Session, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)  # first: a bad --tz is an error even when no timer runs
    entry = _running(session)
    if args.json:
        output.print_json(entry)
        return 0
    if entry is None:
        print("No timer is running.")
        return 0
    started = datetime.fromisoformat(entry["timeInterval"]["start"].replace("Z", "+00:00"))
    print(f"Running: {_entry_line(entry, zone)} ({output.hms((now() - started).total_seconds())} so far)")
    return 0


def _fields(session: Session, args: argparse.Namespace) -> dict[str, Any]:
    """Project, task, tags and billable from the common options, names resolved to ids."""
    body: dict[str, Any] = {}
    project = resolve.project(session, getattr(args, "project", None))
    if project:
        body["projectId"] = project["id"]
    task = resolve.task(session, project["id"] if project else None, getattr(args, "task", None))
    if task:
        body["taskId"] = task["id"]
    tag_ids = resolve.tags(session, getattr(args, "tag", None))
    if tag_ids:
        body["tagIds"] = tag_ids
    if getattr(args, "billable", None) is not None:
        body["billable"] = args.billable
    return body


def start(session: Session, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)
    moment = natural.parse_at(args.at, now().astimezone(zone).date(), zone) if args.at else now()
    body = {"start": iso(moment), "description": " ".join(args.description), **_fields(session, args)}
    entry = session.client.post(f"/workspaces/{session.workspace_id()}/time-entries", body)
    if args.json:
        output.print_json(entry)
    else:
        project = f" on {args.project}" if args.project else ""
        print(f"Started{project} at {output.clock(entry['timeInterval']['start'], zone)}: {body['description'] or '(no description)'}")
    return 0


def stop(session: Session, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)
    moment = natural.parse_at(args.at, now().astimezone(zone).date(), zone) if args.at else now()
    try:
        entry = session.client.patch(f"/workspaces/{session.workspace_id()}/user/{session.user_id}/time-entries",
                                     {"end": iso(moment)})
    except ApiError as exc:
        if exc.status == 404:
            if args.json:
                output.print_json(None)
            output.error("No timer is running.")
            return 1
        raise
    if args.json:
        output.print_json(entry)
    else:
        seconds = output.iso_seconds(entry["timeInterval"]["duration"])
        print(f"Stopped at {output.clock(entry['timeInterval']['end'], zone)} after {output.hms(seconds)}: "
              f"{entry.get('description') or '(no description)'}")
    return 0


# --- log --------------------------------------------------------------------------------------


def plan_log(args: argparse.Namespace, zone: tzinfo, today: date) -> tuple[list[tuple[datetime, datetime]], str]:
    """The UTC intervals `log` will create, and the description (the words left over)."""
    words = list(args.when)
    if len(words) >= 2 and natural.looks_like_instant(words[0]) and natural.looks_like_instant(words[1]):
        if args.on:
            raise UsageError("--on goes with a time range such as 09:00-12:30, not with two instants")
        return natural.plan_instants(words[0], words[1], zone), " ".join(words[2:])
    if not words:
        raise UsageError('give a time range such as 09:00-12:30, e.g. timeledger log 09:00-12:30 "Write docs"')
    days = natural.parse_days(args.on, today) if args.on else [today]
    return natural.plan(words[0], days, zone), " ".join(words[1:])


def log(session: Session | None, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)
    intervals, description = plan_log(args, zone, now().astimezone(zone).date())
    if args.dry_run:
        planned = [{"start": iso(s), "end": iso(e), "description": description} for s, e in intervals]
        if args.json:
            output.print_json(planned)
        else:
            for item, (s, e) in zip(planned, intervals, strict=True):
                print(f"would log {item['start']} → {item['end']}  ({s.astimezone(zone):%a %Y-%m-%d %H:%M}–"
                      f"{e.astimezone(zone):%H:%M} local)  {description}")
        return 0
    assert session is not None
    fields = _fields(session, args)
    ws = session.workspace_id()
    created = []
    with output.progress(len(intervals), "Logging") as advance:
        for s, e in intervals:
            created.append(session.client.post(f"/workspaces/{ws}/time-entries",
                                               {"start": iso(s), "end": iso(e), "description": description, **fields}))
            advance()
    if args.json:
        output.print_json(created)
    else:
        for entry in created:
            print("Logged " + _entry_line(entry, zone))
    return 0


# --- edit, delete, entries ----------------------------------------------------------------------


def _entry_id(session: Session, value: str) -> str:
    if value in ("last", "latest"):
        latest = session.client.get(f"/workspaces/{session.workspace_id()}/user/{session.user_id}/time-entries",
                                    query={"page-size": 1})
        if not latest:
            raise UsageError("you have no time entries yet")
        return latest[0]["id"]
    return value


def _one_day(text: str, today: date) -> date:
    days = natural.parse_days(text, today)
    if len(days) != 1:
        raise UsageError(f'--on "{text}" names {len(days)} days; an entry moves to one day')
    return days[0]


def edit(session: Session, args: argparse.Namespace) -> int:
    ws = session.workspace_id()
    entry_id = _entry_id(session, args.id)
    entry = session.client.get(f"/workspaces/{ws}/time-entries/{entry_id}")
    zone = zone_for(args, session)
    body: dict[str, Any] = {
        "start": entry["timeInterval"]["start"], "end": entry["timeInterval"]["end"],
        "description": entry["description"], "billable": entry["billable"], "projectId": entry["projectId"],
        "taskId": entry["taskId"], "tagIds": entry["tagIds"], "type": entry.get("type", "REGULAR"),
    }
    if args.description is not None:
        body["description"] = args.description
    if args.project is not None:
        project = resolve.project(session, args.project) if args.project else None
        body["projectId"] = project["id"] if project else None
        body["taskId"] = None
    if args.task is not None:
        task = resolve.task(session, body["projectId"], args.task) if args.task else None
        body["taskId"] = task["id"] if task else None
    if args.tag is not None:
        body["tagIds"] = resolve.tags(session, [t for t in args.tag if t])
    if args.billable is not None:
        body["billable"] = args.billable
    start_day = datetime.fromisoformat(body["start"].replace("Z", "+00:00")).astimezone(zone).date()
    day = _one_day(args.on, now().astimezone(zone).date()) if args.on else start_day
    if args.start:
        body["start"] = iso(natural.parse_at(args.start, day, zone))
    elif args.on:
        original = datetime.fromisoformat(body["start"].replace("Z", "+00:00")).astimezone(zone)
        body["start"] = iso(natural.to_utc(day, original.time(), zone))
    if args.end:
        body["end"] = iso(natural.parse_at(args.end, day, zone))
    elif args.on and body["end"]:
        original_end = datetime.fromisoformat(entry["timeInterval"]["end"].replace("Z", "+00:00")).astimezone(zone)
        body["end"] = iso(natural.to_utc(day, original_end.time(), zone))
    if body["end"] is None:
        body.pop("end")
    updated = session.client.put(f"/workspaces/{ws}/time-entries/{entry_id}", body)
    if args.json:
        output.print_json(updated)
    else:
        print("Updated " + _entry_line(updated, zone))
    return 0


def delete(session: Session, args: argparse.Namespace) -> int:
    ws = session.workspace_id()
    # Every id is checked before the first delete, so a typo in the third deletes nothing.
    wrong = [value for value in args.ids if value not in ("last", "latest") and not ID.match(value)]
    if wrong:
        raise UsageError(f'not an entry id: {", ".join(wrong)} (give 24-hex ids, or `last`); nothing was deleted')
    deleted = []
    for value in args.ids:
        entry_id = _entry_id(session, value)
        session.client.request("DELETE", f"/workspaces/{ws}/time-entries/{entry_id}")
        deleted.append(entry_id)
    if args.json:
        output.print_json(deleted)
    else:
        print("Deleted " + ", ".join(deleted))
    return 0


def entries(session: Session, args: argparse.Namespace) -> int:
    zone = zone_for(args, session)
    first, last = date_range(args, now().astimezone(zone).date())
    # The list filter reads its bounds as wall-clock time in the profile's zone (Clockify's
    # rule), so the local days are sent as they are, with a Z.
    query: dict[str, Any] = {
        "start": f"{first.isoformat()}T00:00:00Z", "end": f"{last.isoformat()}T23:59:59Z", "hydrated": "true",
    }
    if args.project:
        query["project"] = resolve.project(session, args.project)["id"]
    found = resolve.list_all(session, f"/workspaces/{session.workspace_id()}/user/{session.user_id}/time-entries", query)
    if args.json:
        output.print_json(found)
        return 0
    total = sum(output.iso_seconds(e["timeInterval"]["duration"]) for e in found)
    output.table(
        ["Day", "From", "To", "Duration", "Project", "Description", "Id"],
        [[output.day(e["timeInterval"]["start"], zone), output.clock(e["timeInterval"]["start"], zone),
          output.clock(e["timeInterval"]["end"], zone) or "running", output.hms(output.iso_seconds(e["timeInterval"]["duration"])),
          (e.get("project") or {}).get("name", ""), e.get("description", ""), e["id"]] for e in reversed(found)],
        title=f"{first.isoformat()} – {last.isoformat()}: {output.hms(total)} in {len(found)} entries",
    )
    return 0


# --- argument parsers ---------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, *, zone: bool = True) -> None:
    parser.add_argument("--json", action="store_true", help="print the API's objects as JSON")
    if zone:
        parser.add_argument("--tz", metavar="ZONE",
                            help="time zone of the times you type: -3, +5:30 or America/Argentina/Buenos_Aires "
                                 "(default: CLOCKIFY_TZ_OFFSET, then your profile's zone, then this machine's)")


def _assignments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", "-p", metavar="NAME|ID", help="project, by name or id")
    parser.add_argument("--task", metavar="NAME|ID", help="task of the project, by name or id")
    parser.add_argument("--tag", "-t", metavar="NAME|ID", action="append", help="a tag (repeat for more)")
    billable = parser.add_mutually_exclusive_group()
    billable.add_argument("--billable", dest="billable", action="store_true", default=None, help="mark billable")
    billable.add_argument("--no-billable", dest="billable", action="store_false", help="mark not billable")


def register(sub: Any, formatter: type) -> None:
    p = sub.add_parser("status", help="show the running timer", formatter_class=formatter,
                       epilog="examples:\n  timeledger status\n  timeledger status --json   # the running entry, or null")
    _common(p)
    p.set_defaults(handler=status)

    p = sub.add_parser("start", help="start a timer (stops the running one)", formatter_class=formatter,
                       epilog='examples:\n  timeledger start "Writing"\n  timeledger start "Standup" --at 08:45 --project Internal\n'
                              '  timeledger start "Review" -p Website --task Design -t urgent --billable')
    p.add_argument("description", nargs="*", help="what you are working on")
    p.add_argument("--at", metavar="TIME", help="start at this time today (08:45) or at an ISO instant; default now")
    _assignments(p)
    _common(p)
    p.set_defaults(handler=start)

    p = sub.add_parser("stop", help="stop the running timer", formatter_class=formatter,
                       epilog="examples:\n  timeledger stop\n  timeledger stop --at 17:10")
    p.add_argument("--at", metavar="TIME", help="stop at this time today (17:10) or at an ISO instant; default now")
    _common(p)
    p.set_defaults(handler=stop)

    p = sub.add_parser("log", help="record time already worked", formatter_class=formatter,
                       epilog='examples:\n  timeledger log 09:00-12:30 "Write docs" --project Website\n'
                              '  timeledger log 09:00-17:00 "Onboarding" --on "March 2-6" --tz -3\n'
                              '  timeledger log 9-12:30 "Audit" --on "March 23, 24, 25, 26 and 27" --tz America/Argentina/Buenos_Aires\n'
                              '  timeledger log 14:00-15:30 "Call" --on yesterday\n'
                              '  timeledger log 2025-03-10T12:00:00Z 2025-03-10T15:00:00Z "Review"\n'
                              '  timeledger log 09:00-12:00 "Plan" --on "last monday" --dry-run')
    p.add_argument("when", nargs="+", metavar="RANGE [DESCRIPTION]",
                   help="a local time range (09:00-12:30), or two ISO instants, then the description")
    p.add_argument("--on", metavar="DAYS",
                   help='the days: 2025-03-10, "March 2-6", "March 23, 24 and 25", yesterday, "last monday" (default today)')
    p.add_argument("--dry-run", action="store_true", help="print the UTC entries it would create and create nothing")
    _assignments(p)
    _common(p)
    p.set_defaults(handler=log)

    p = sub.add_parser("edit", help="change an entry", formatter_class=formatter,
                       epilog='examples:\n  timeledger edit last --description "Write API docs"\n'
                              "  timeledger edit 6a1f...c3 --start 09:15 --end 12:00 --project Website\n"
                              '  timeledger edit last --on yesterday   # move it to yesterday, same times')
    p.add_argument("id", help="entry id, or `last`")
    p.add_argument("--description", "-d")
    p.add_argument("--start", metavar="TIME", help="new start (08:45 on the entry's day, or an ISO instant)")
    p.add_argument("--end", metavar="TIME", help="new end")
    p.add_argument("--on", metavar="DAY", help="move the entry to this day")
    _assignments(p)
    _common(p)
    p.set_defaults(handler=edit)

    p = sub.add_parser("delete", help="delete entries", formatter_class=formatter,
                       epilog="examples:\n  timeledger delete last\n  timeledger delete 6a1f...c3 6a1f...c4")
    p.add_argument("ids", nargs="+", metavar="ID", help="entry ids, or `last`")
    _common(p, zone=False)
    p.set_defaults(handler=delete)

    p = sub.add_parser("entries", help="list your entries (this week by default)", formatter_class=formatter,
                       epilog='examples:\n  timeledger entries\n  timeledger entries --from 2026-03-01 --to 2026-03-31 --json\n'
                              '  timeledger entries --from "last monday" --project Website')
    p.add_argument("--from", dest="from_", metavar="DAY", help="first day (default: this week's Monday)")
    p.add_argument("--to", metavar="DAY", help="last day (default: six days after --from)")
    p.add_argument("--project", "-p", metavar="NAME|ID")
    _common(p)
    p.set_defaults(handler=entries)
