"""Helpers for ClickTime dialect tests: callers that send `Authorization: Token`, error checks."""

from __future__ import annotations

from typing import Any

from tests.support import Api, Caller, unique_email

BASE = "/clicktime/v2"
ENVELOPE = {"data", "errors", "jsonapi", "meta", "page"}


class CT(Caller):
    """A Caller speaking ClickTime: paths relative to /clicktime/v2, its key as a Token (the verbs
    are the Caller's)."""

    def __init__(self, caller: Caller, token: str | None = None) -> None:
        super().__init__(caller.client, token or caller.key, caller.user_id, caller.ws, caller.email)
        self.caller = caller
        self.token = self.key

    def request(self, method: str, path: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Token {self.token}", **kw.pop("headers", {})}
        url = path if path.startswith(BASE) else BASE + path
        return self.client.request(method, url, headers=headers, **kw)

    def ok(self, method: str, path: str, json: Any = None, status: int | None = None, **kw: Any) -> Any:
        """Call, assert success and the envelope; returns `data` (None for 204)."""
        response = self.request(method, path, json=json, **kw)
        expected = status or {"POST": 201, "DELETE": 204}.get(method, 200)
        assert response.status_code == expected, f"{method} {path} -> {response.status_code} {response.text}"
        if expected == 204:
            assert not response.content
            return None
        body = response.json()
        assert set(body) == ENVELOPE and body["errors"] == [], body
        return body["data"]

    def page(self, path: str, **kw: Any) -> dict[str, Any]:
        """The whole envelope of a collection."""
        response = self.get(path, **kw)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == ENVELOPE and isinstance(body["data"], list) and body["page"] is not None, body
        return body


def ct_error(response: Any, status: int, field: str | None = None, contains: str | None = None) -> dict[str, Any]:
    """Assert a ClickTime error: the status, the envelope, one error naming `field`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    body = response.json()
    assert set(body) == ENVELOPE and body["data"] is None, body
    assert len(body["errors"]) == 1 and set(body["errors"][0]) == {"Field", "Message", "MessageDetail"}, body
    problem = body["errors"][0]
    assert isinstance(problem["Message"], str) and problem["Message"], body
    assert isinstance(problem["MessageDetail"], list), body
    if field is not None:
        assert problem["Field"] == field, body
    if contains is not None:
        assert contains.lower() in problem["Message"].lower(), body
    return problem


PASSWORD = "correct horse battery"


def owner_with_password(api: Api, name: str = "Acme") -> CT:
    """A new owner with a workspace, who can also sign in with e-mail and PASSWORD."""
    from timeledger.services.users import bootstrap

    email = unique_email("owner")
    user_id, ws, key = api.run(bootstrap, api.db, email, "Owner " + name, name, PASSWORD, None)
    return CT(Caller(api.client, key, user_id, ws, email))


def tenant(api: Api, name: str = "Acme") -> CT:
    return CT(api.tenant(name))


def member(api: Api, owner: CT, role: str = "MEMBER", name: str = "Member") -> CT:
    return CT(api.member(owner.caller, role, name))
