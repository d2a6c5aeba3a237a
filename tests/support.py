"""Helpers shared by the tests: tenants (an owner with a fresh workspace) and their members."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


from starlette.testclient import TestClient


@dataclass
class Backend:
    name: str
    url: str
    cleanup: Callable[[], None] | None = None


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


@dataclass
class Caller:
    """Someone holding an API key, calling paths in which `{ws}` stands for their workspace."""

    client: TestClient
    key: str
    user_id: str
    ws: str
    email: str
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return path.replace("{ws}", self.ws).replace("{me}", self.user_id)

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"X-Api-Key": self.key, **kwargs.pop("headers", {})}
        return self.client.request(method, self.url(path), headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("PUT", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def ok(self, method: str, path: str, json: Any = None, status: int | None = None, **kw: Any) -> Any:
        """Call and assert success; returns the decoded body (None when empty)."""
        response = self.request(method, path, json=json, **kw)
        expected = status or (201 if method == "POST" else 200)
        assert response.status_code == expected, f"{method} {path} -> {response.status_code} {response.text}"
        return response.json() if response.content else None


class Api:
    def __init__(self, client: TestClient, backend: Backend) -> None:
        self.client = client
        self.backend = backend

    @property
    def db(self):
        return self.client.app.state.db

    def run(self, fn, *args: Any) -> Any:
        """Run a coroutine function on the app's event loop (where its database lives)."""
        return self.client.portal.call(fn, *args)

    def tenant(self, name: str = "Acme", time_zone: str | None = None) -> Caller:
        """A new owner with a new workspace."""
        from timeledger.services.users import bootstrap

        email = unique_email("owner")
        user_id, ws, key = self.run(bootstrap, self.db, email, "Owner " + name, name, None, time_zone)
        return Caller(self.client, key, user_id, ws, email)

    def member(self, owner: Caller, role: str = "MEMBER", name: str = "Member") -> Caller:
        """A new account in the owner's workspace with `role`."""
        from timeledger.services.users import create_member

        email = unique_email(role.lower())
        user_id, key = self.run(create_member, self.db, owner.ws, email, name, role, None)
        return Caller(self.client, key, user_id, owner.ws, email)

    def anonymous(self) -> TestClient:
        return self.client


def assert_clockify_error(response: Any, status: int, code: int | None = None, contains: str | None = None) -> dict:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    body = response.json()
    assert set(body) == {"message", "code"}, body
    assert isinstance(body["code"], int) and isinstance(body["message"], str) and body["message"]
    if code is not None:
        assert body["code"] == code, body
    if contains is not None:
        assert contains.lower() in body["message"].lower(), body
    return body


async def _snapshot(db, workspace_id: str) -> dict[str, list[tuple]]:
    """Every row the workspace owns, table by table, plus its members' accounts and keys."""
    import sqlalchemy as sa

    from timeledger.db import tables

    result: dict[str, list[tuple]] = {}
    async with db.read() as conn:
        for table in tables.metadata.sorted_tables:
            if "workspace_id" in table.c:
                rows = (await conn.execute(sa.select(table).where(table.c.workspace_id == workspace_id))).all()
            elif table.name in ("users", "api_keys", "files"):
                key = table.c.id if table.name == "users" else table.c.user_id
                members = sa.select(tables.memberships.c.user_id).where(tables.memberships.c.workspace_id == workspace_id)
                rows = (await conn.execute(sa.select(table).where(key.in_(members)))).all()
            elif table.name == "workspaces":
                rows = (await conn.execute(sa.select(table).where(table.c.id == workspace_id))).all()
            else:
                continue
            result[table.name] = sorted((tuple(map(repr, r)) for r in rows))
    return result


def snapshot(api: "Api", workspace_id: str) -> dict[str, list[tuple]]:
    return api.run(_snapshot, api.db, workspace_id)
