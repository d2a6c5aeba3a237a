"""Projects, clients, tasks, tags and workspaces: list (bare command), add, archive, remove."""

from __future__ import annotations

import argparse
from typing import Any

from timeledger.cli import output, resolve
from timeledger.cli.context import Session, UsageError


def _show(args: argparse.Namespace, items: list[dict[str, Any]], headers: list[str], row) -> int:
    if args.json:
        output.print_json(items)
    else:
        output.table(headers, [row(i) for i in items])
    return 0


def _done(args: argparse.Namespace, item: Any, sentence: str) -> int:
    if args.json:
        output.print_json(item)
    else:
        print(sentence)
    return 0


# --- projects -----------------------------------------------------------------------------------


def projects(session: Session, args: argparse.Namespace) -> int:
    ws = session.workspace_id()
    path = f"/workspaces/{ws}/projects"
    if args.action in (None, "list"):
        query = {} if args.archived is None else {"archived": args.archived}
        items = resolve.list_all(session, path, query)
        return _show(args, items, ["Name", "Client", "Billable", "Public", "Archived", "Id"],
                     lambda p: [p["name"], p.get("clientName"), _yes(p["billable"]), _yes(p["public"]), _yes(p["archived"]), p["id"]])
    if args.action == "add":
        body: dict[str, Any] = {"name": args.name}
        client = resolve.client(session, args.client)
        if client:
            body["clientId"] = client["id"]
        if args.billable is not None:
            body["billable"] = args.billable
        if args.public is not None:
            body["isPublic"] = args.public
        if args.color:
            body["color"] = args.color
        created = session.client.post(path, body)
        return _done(args, created, f"Added project {created['name']} ({created['id']})")
    project = resolve.named(session, "project", path, args.name)
    if args.action == "archive":
        updated = session.client.put(f"{path}/{project['id']}", {"archived": True})
        return _done(args, updated, f"Archived project {updated['name']}")
    if not project["archived"]:
        session.client.put(f"{path}/{project['id']}", {"archived": True})  # Clockify deletes archived projects only
    removed = session.client.delete(f"{path}/{project['id']}")
    return _done(args, removed, f"Removed project {project['name']} (its time entries stay, without project)")


# --- clients ----------------------------------------------------------------------------------


def clients(session: Session, args: argparse.Namespace) -> int:
    ws = session.workspace_id()
    path = f"/workspaces/{ws}/clients"
    if args.action in (None, "list"):
        query = {} if args.archived is None else {"archived": args.archived}
        return _show(args, resolve.list_all(session, path, query), ["Name", "Email", "Archived", "Id"],
                     lambda c: [c["name"], c.get("email"), _yes(c["archived"]), c["id"]])
    if args.action == "add":
        body = {"name": args.name, **({"email": args.email} if args.email else {})}
        created = session.client.post(path, body)
        return _done(args, created, f"Added client {created['name']} ({created['id']})")
    client = resolve.named(session, "client", path, args.name)
    if args.action == "archive":
        updated = session.client.put(f"{path}/{client['id']}", _client_body(client, archived=True))
        return _done(args, updated, f"Archived client {updated['name']}")
    if not client["archived"]:
        session.client.put(f"{path}/{client['id']}", _client_body(client, archived=True))
    removed = session.client.delete(f"{path}/{client['id']}")
    return _done(args, removed, f"Removed client {client['name']}")


def _client_body(client: dict[str, Any], archived: bool) -> dict[str, Any]:
    """Client PUT replaces the whole client: send back what it has."""
    keys = ("name", "email", "address", "note", "ccEmails")
    return {**{k: client.get(k) for k in keys if client.get(k) is not None}, "archived": archived}


# --- tasks --------------------------------------------------------------------------------------


def tasks(session: Session, args: argparse.Namespace) -> int:
    if not args.project:
        raise UsageError("tasks belong to a project: give --project NAME")
    project = resolve.project(session, args.project)
    ws = session.workspace_id()
    path = f"/workspaces/{ws}/projects/{project['id']}/tasks"
    if args.action in (None, "list"):
        query = {} if args.archived is None else {"is-active": not args.archived}
        return _show(args, resolve.list_all(session, path, query), ["Name", "Status", "Estimate", "Id"],
                     lambda t: [t["name"], t["status"], t.get("estimate"), t["id"]])
    if args.action == "add":
        created = session.client.post(path, {"name": args.name})
        return _done(args, created, f"Added task {created['name']} to {project['name']} ({created['id']})")
    task = resolve.named(session, "task", path, args.name)
    done = session.client.put(f"{path}/{task['id']}", {"name": task["name"], "status": "DONE",
                                                        "assigneeIds": task.get("assigneeIds") or []})
    if args.action == "archive":
        return _done(args, done, f"Marked task {task['name']} done")
    removed = session.client.delete(f"{path}/{task['id']}")
    return _done(args, removed, f"Removed task {task['name']} (its time entries keep the project)")


# --- tags ---------------------------------------------------------------------------------------


def tags(session: Session, args: argparse.Namespace) -> int:
    ws = session.workspace_id()
    path = f"/workspaces/{ws}/tags"
    if args.action in (None, "list"):
        query = {} if args.archived is None else {"archived": args.archived}
        return _show(args, resolve.list_all(session, path, query), ["Name", "Archived", "Id"],
                     lambda t: [t["name"], _yes(t["archived"]), t["id"]])
    if args.action == "add":
        created = session.client.post(path, {"name": args.name})
        return _done(args, created, f"Added tag {created['name']} ({created['id']})")
    tag = resolve.named(session, "tag", path, args.name)
    if args.action == "archive":
        updated = session.client.put(f"{path}/{tag['id']}", {"name": tag["name"], "archived": True})
        return _done(args, updated, f"Archived tag {tag['name']}")
    removed = session.client.delete(f"{path}/{tag['id']}")
    return _done(args, removed, f"Removed tag {tag['name']} (entries lose it)")


# --- workspaces -------------------------------------------------------------------------------


def workspaces(session: Session, args: argparse.Namespace) -> int:
    if args.action in (None, "list"):
        items = session.client.get("/workspaces")
        current = session.workspace_id() if items else None
        return _show(args, items, ["Name", "Currency", "Current", "Id"],
                     lambda w: [w["name"], (w.get("hourlyRate") or {}).get("currency"), "*" if w["id"] == current else "", w["id"]])
    if args.action == "add":
        created = session.client.post("/workspaces", {"name": args.name})
        session.identity(refresh=True)
        return _done(args, created, f"Added workspace {created['name']} ({created['id']})")
    raise UsageError(
        f"workspaces cannot be {'archived' if args.action == 'archive' else 'removed'} through the Clockify API; "
        "a workspace's owner does that in the web app"
    )


def _yes(value: Any) -> str:
    return "yes" if value else "no"


# --- parsers ----------------------------------------------------------------------------------


def register(sub: Any, formatter: type) -> None:
    for name, handler, noun, extra in (
        ("projects", projects, "project", "project"),
        ("clients", clients, "client", "client"),
        ("tasks", tasks, "task", "task"),
        ("tags", tags, "tag", "tag"),
        ("workspaces", workspaces, "workspace", "workspace"),
    ):
        examples = {
            "projects": '  timeledger projects\n  timeledger projects add "Website" --client ACME --billable\n'
                        '  timeledger projects archive Website\n  timeledger projects remove Website',
            "clients": '  timeledger clients\n  timeledger clients add ACME --email billing@acme.com\n  timeledger clients archive ACME',
            "tasks": '  timeledger tasks --project Website\n  timeledger tasks add Design --project Website\n'
                     '  timeledger tasks archive Design --project Website   # marks it done',
            "tags": '  timeledger tags\n  timeledger tags add urgent\n  timeledger tags remove urgent',
            "workspaces": '  timeledger workspaces\n  timeledger workspaces add "Side project"\n'
                          '  timeledger --workspace "Side project" projects',
        }[name]
        p = sub.add_parser(name, help=f"list, add, archive or remove {noun}s", formatter_class=formatter,
                           epilog="examples:\n" + examples)
        p.add_argument("action", nargs="?", choices=["list", "add", "archive", "remove"], help="default: list")
        p.add_argument("name", nargs="?", metavar="NAME|ID", help=f"the {extra}'s name (or id)")
        p.add_argument("--json", action="store_true", help="print the API's objects as JSON")
        if name != "workspaces":
            archived = p.add_mutually_exclusive_group()
            archived.add_argument("--archived", dest="archived", action="store_true", default=None,
                                  help="list only archived (for tasks: done) ones")
            archived.add_argument("--active", dest="archived", action="store_false", help="list only active ones")
        if name == "projects":
            p.add_argument("--client", metavar="NAME|ID", help="with add: the project's client")
            billable = p.add_mutually_exclusive_group()
            billable.add_argument("--billable", dest="billable", action="store_true", default=None)
            billable.add_argument("--no-billable", dest="billable", action="store_false")
            public = p.add_mutually_exclusive_group()
            public.add_argument("--public", dest="public", action="store_true", default=None)
            public.add_argument("--private", dest="public", action="store_false")
            p.add_argument("--color", metavar="#RRGGBB")
        if name == "clients":
            p.add_argument("--email", help="with add: the client's e-mail")
        if name == "tasks":
            p.add_argument("--project", "-p", metavar="NAME|ID", help="the project the tasks belong to")
        p.set_defaults(handler=_checked(handler))


def _checked(handler):
    def run(session: Session, args: argparse.Namespace) -> int:
        if args.action in ("add", "archive", "remove") and not args.name:
            raise UsageError(f"`{args.command} {args.action}` needs a name")
        return handler(session, args)

    return run
