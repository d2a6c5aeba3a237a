"""The web app's sign-in, sessions and account page over HTTP, on SQLite and PostgreSQL: the
session cookie, CSRF on every form and on API writes, sign-out, password change, a new API key."""

from __future__ import annotations

import re

import pytest

from tests.support import Api, Caller
from tests.web.support import PASSWORD, owner_with_password
from tests.web.support import Visitor

@pytest.fixture
def owner(api: Api) -> Caller:
    return owner_with_password(api)


def test_pages_need_a_session(api: Api):
    visitor = Visitor(api)
    for path in ("/", "/account"):
        response = visitor.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert visitor.get("/account").headers["location"] == "/login?next=/account"
    login = visitor.get("/login")
    assert login.status_code == 200 and '<label for="email">E-mail</label>' in login.text
    assert '<label for="password">Password</label>' in login.text


def test_sign_in_opens_a_session_and_the_tracker(api: Api, owner: Caller):
    visitor = Visitor(api)
    response = visitor.sign_in(owner.email)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("timeledger_session="))
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    page = visitor.get("/")
    assert page.status_code == 200
    assert f'data-workspace="{owner.ws}"' in page.text and f'data-user="{owner.user_id}"' in page.text
    assert 'data-zone="Europe/Berlin"' in page.text and "Sign out" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(api: Api, owner: Caller):
    assert Visitor(api).sign_in(owner.email, next_path="/account").headers["location"] == "/account"
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        assert Visitor(api).sign_in(owner.email, next_path=hostile).headers["location"] == "/"


def test_wrong_password_unknown_email_and_a_missing_form_token_are_refused(api: Api, owner: Caller):
    visitor = Visitor(api)
    wrong = visitor.sign_in(owner.email, "not the password")
    assert wrong.status_code == 401 and "Wrong e-mail or password." in wrong.text
    assert "timeledger_session" not in visitor.cookies
    assert visitor.sign_in("nobody@example.com").status_code == 401
    forged = Visitor(api).post("/login", data={"email": owner.email, "password": PASSWORD, "csrf": "guess"})
    assert forged.status_code == 400 and "expired" in forged.text
    assert Visitor(api).get("/").status_code == 303


def test_the_session_calls_the_api_with_csrf_on_writes(api: Api, owner: Caller):
    visitor = Visitor(api)
    visitor.sign_in(owner.email)
    me = visitor.get("/api/v1/user")
    assert me.status_code == 200 and me.json()["id"] == owner.user_id
    entry = {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "description": "from the web"}
    path = f"/api/v1/workspaces/{owner.ws}/time-entries"
    refused = visitor.post(path, json=entry)
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    assert visitor.post(path, json=entry, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert owner.get(f"/v1/workspaces/{owner.ws}/user/{owner.user_id}/time-entries").json() == []
    made = visitor.post(path, json=entry, headers={"X-CSRF-Token": visitor.csrf()})
    assert made.status_code == 201 and made.json()["userId"] == owner.user_id
    listed = owner.get(f"/v1/workspaces/{owner.ws}/user/{owner.user_id}/time-entries").json()
    assert [e["description"] for e in listed] == ["from the web"]


def test_another_workspace_stays_invisible_to_a_session(api: Api, owner: Caller):
    stranger = api.tenant("Elsewhere")
    stranger.ok("POST", f"/v1/workspaces/{stranger.ws}/projects", {"name": "Secret"})
    visitor = Visitor(api)
    visitor.sign_in(owner.email)
    assert visitor.get(f"/api/v1/workspaces/{stranger.ws}/projects").status_code == 403
    assert [w["id"] for w in visitor.get("/api/v1/workspaces").json()] == [owner.ws]


def test_a_session_asking_for_a_malformed_workspace_id_is_refused_like_a_stranger(api: Api, owner: Caller):
    visitor = Visitor(api)
    visitor.sign_in(owner.email)
    for bad in ("not-an-id", owner.ws[:-1], owner.ws + "0"):
        response = visitor.get(f"/api/v1/workspaces/{bad}/projects")
        assert response.status_code == 403 and set(response.json()) == {"message", "code"}
    assert visitor.get(f"/api/v1/workspaces/{owner.ws.upper()}/projects").status_code == 200


def test_sign_out_ends_the_session(api: Api, owner: Caller):
    visitor = Visitor(api)
    visitor.sign_in(owner.email)
    token = visitor.cookies["timeledger_session"]
    csrf = visitor.csrf()
    assert visitor.post("/logout", data={"csrf": "wrong"}).status_code == 400
    assert visitor.get("/").status_code == 200  # a forged sign-out changes nothing
    out = visitor.post("/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    replay = Visitor(api)
    replay.cookies["timeledger_session"] = token
    assert replay.get("/").status_code == 303
    assert replay.get("/api/v1/user").status_code == 401


def test_password_change_keeps_this_session_and_ends_the_others(api: Api, owner: Caller):
    here, there = Visitor(api), Visitor(api)
    here.sign_in(owner.email)
    there.sign_in(owner.email)
    csrf = here.csrf()
    wrong = here.post("/account/password", data={"csrf": csrf, "current": "nope", "new": "a new passphrase",
                                                 "repeat": "a new passphrase"})
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    mismatch = here.post("/account/password", data={"csrf": csrf, "current": PASSWORD, "new": "a new passphrase",
                                                    "repeat": "another one"})
    assert mismatch.status_code == 400 and "do not match" in mismatch.text
    short = here.post("/account/password", data={"csrf": csrf, "current": PASSWORD, "new": "short", "repeat": "short"})
    assert short.status_code == 400 and "8 and 1024" in short.text
    assert there.get("/").status_code == 200  # nothing changed yet
    done = here.post("/account/password", data={"csrf": csrf, "current": PASSWORD, "new": "a new passphrase",
                                                "repeat": "a new passphrase"})
    assert done.status_code == 200 and "Password changed" in done.text
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 303
    assert Visitor(api).sign_in(owner.email).status_code == 401
    assert Visitor(api).sign_in(owner.email, "a new passphrase").status_code == 303


def test_a_new_api_key_replaces_the_old_ones(api: Api, owner: Caller):
    visitor = Visitor(api)
    visitor.sign_in(owner.email)
    assert visitor.post("/account/api-key", data={"csrf": "wrong"}).status_code == 400
    assert owner.get("/v1/user").status_code == 200  # the forged request changed nothing
    page = visitor.post("/account/api-key", data={"csrf": visitor.csrf()})
    key = re.search(r'<code id="api-key">([^<]+)</code>', page.text).group(1)
    assert owner.get("/v1/user").status_code == 401
    fresh = api.client.get("/v1/user", headers={"X-Api-Key": key})
    assert fresh.status_code == 200 and fresh.json()["id"] == owner.user_id
    assert visitor.get("/").status_code == 200  # the web session is not an API key: it stays
