"""Names or ids wherever an id goes: `--project Website` and `--project 6a1f...` both work.

A name matches case-insensitively and exactly; none found, or several, is an error that lists
what there is, so a person or an agent can pick.
"""

from __future__ import annotations

from typing import Any

from timeledger.cli.context import ID, Session, UsageError


def _pick(kind: str, wanted: str, items: list[dict[str, Any]], label: str = "name") -> dict[str, Any]:
    exact = [i for i in items if str(i.get(label, "")).lower() == wanted.lower()]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        lines = "\n".join(f"  {i['id']}  {i.get(label)}" + (f"  ({i['clientName']})" if i.get("clientName") else "") for i in exact)
        raise UsageError(f'"{wanted}" names {len(exact)} {kind}s; give one of their ids:\n{lines}')
    near = [i for i in items if wanted.lower() in str(i.get(label, "")).lower()]
    if near:
        lines = "\n".join(f"  {i['id']}  {i.get(label)}" for i in near[:10])
        raise UsageError(f'no {kind} is called "{wanted}"; did you mean one of these?\n{lines}')
    raise UsageError(f'no {kind} is called "{wanted}"')


def list_all(session: Session, path: str, query: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every page of a list: until Last-Page says so, or (from a server that sends no such
    header) a page comes back short."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        response = session.client.request("GET", path, query={**(query or {}), "page": page, "page-size": 500})
        batch = response.json() or []
        items += batch
        if response.last_page is True or len(batch) < 500:
            return items
        page += 1


def project(session: Session, value: str | None) -> dict[str, Any] | None:
    return named(session, "project", f"/workspaces/{session.workspace_id()}/projects", value) if value else None


def task(session: Session, project_id: str | None, value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    if not project_id:
        raise UsageError("--task needs --project: tasks belong to a project")
    return named(session, "task", f"/workspaces/{session.workspace_id()}/projects/{project_id}/tasks", value)


def tags(session: Session, values: list[str] | None) -> list[str]:
    if not values:
        return []
    ws = session.workspace_id()
    names = [v for v in values if not ID.match(v)]
    known = list_all(session, f"/workspaces/{ws}/tags") if names else []
    return [v.lower() if ID.match(v) else _pick("tag", v, known)["id"] for v in values]


def client(session: Session, value: str | None) -> dict[str, Any] | None:
    return named(session, "client", f"/workspaces/{session.workspace_id()}/clients", value) if value else None


def named(session: Session, kind: str, path: str, value: str) -> dict[str, Any]:
    """Any workspace list (projects, clients, tags...) searched by name or id."""
    if ID.match(value):
        return session.client.get(f"{path}/{value}")
    return _pick(kind, value, list_all(session, path, {"name": value}))
