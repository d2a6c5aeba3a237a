"""What the web tests share: an HTTP visitor with its own cookies (for the in-process app), an
owner with a password, and for browser tests the Chromium launch, sign-in and screenshots."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any

from tests.live import LiveServer
from tests.support import Api, Caller, unique_email

PASSWORD = "correct horse battery"
CHROMIUM = os.environ.get("TIMELEDGER_TEST_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Visitor:
    """One visitor with a cookie jar of their own, lent to the shared test client for each request
    and taken back after it, so that visitors never share cookies."""

    def __init__(self, api: Api) -> None:
        self.client = api.client
        self.cookies = type(api.client.cookies)()  # an empty jar of the test client's own kind

    def request(self, method: str, path: str, **kw: Any) -> Any:
        self.client.cookies = self.cookies
        try:
            return self.client.request(method, path, follow_redirects=False, **kw)
        finally:
            self.cookies, self.client.cookies = self.client.cookies, None

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.request("POST", path, **kw)

    def form_token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)

    def sign_in(self, email: str, password: str = PASSWORD, next_path: str = "/") -> Any:
        token = self.form_token("/login")
        return self.post("/login", data={"email": email, "password": password, "csrf": token, "next": next_path})

    def csrf(self) -> str:
        page = self.get("/")
        return re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text).group(1)


def owner_with_password(api: Api, name: str = "Web") -> Caller:
    from timeledger.services.users import bootstrap

    email = unique_email("web")
    user_id, ws, key = api.run(bootstrap, api.db, email, f"Owner {name}", name, PASSWORD, "Europe/Berlin")
    return Caller(api.client, key, user_id, ws, email)


def signed_in(api: Api, email: str, password: str = PASSWORD) -> tuple[Visitor, str]:
    """A visitor signed in on the in-process app, and the session's CSRF token."""
    visitor = Visitor(api)
    assert visitor.sign_in(email, password).status_code == 303
    return visitor, visitor.csrf()


def live_owner(live_server: LiveServer, zone: str = "America/Argentina/Buenos_Aires") -> dict[str, str]:
    """A new owner and workspace on a live server, with PASSWORD: userId, workspaceId, apiKey, email."""
    email = f"web-{uuid.uuid4().hex[:10]}@example.com"
    made = live_server._admin("bootstrap", "--email", email, "--name", "Ada Lovelace", "--workspace", "Engines",
                              "--password", PASSWORD, "--timezone", zone)
    return {**made, "email": email}


def shoot(page: Any, backend: str, name: str) -> None:
    """A full-page screenshot for docs/screenshots/ (from the SQLite run only, so each page has one)."""
    if backend == "sqlite":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Any, live_server: LiveServer, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
