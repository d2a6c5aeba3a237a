"""The web app in a real browser: Debian's Chromium driven by Playwright against a real
`timeledger serve`, on SQLite and PostgreSQL. Screenshots of each page go to docs/screenshots/
(from the SQLite run, at desktop and phone widths)."""

from __future__ import annotations

import re

import pytest

from tests.live import LiveServer
from tests.web.support import PASSWORD, live_owner, shoot, sign_in


@pytest.fixture
def owner(live_server: LiveServer) -> dict[str, str]:
    return live_owner(live_server)


def test_sign_in_start_stop_continue_delete_undo(browser, live_server: LiveServer, owner):
    import httpx

    key = {"X-Api-Key": owner["apiKey"]}
    api = f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}"
    httpx.post(f"{api}/projects", headers=key, json={"name": "Website", "color": "#1f6feb"}).raise_for_status()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(f"{live_server.url}/login")
    shoot(page, live_server.backend.name, "sign-in")
    page.get_by_label("E-mail").fill(owner["email"])
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "Wrong e-mail or password."
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_label("What are you working on?").fill("Write the manual")
    page.get_by_label("Project").select_option(label="Website")
    page.get_by_role("button", name="Start").click()
    stop = page.get_by_role("button", name="Stop")
    stop.wait_for()
    running = httpx.get(f"{api}/time-entries/status/in-progress", headers=key).json()
    assert [e["description"] for e in running] == ["Write the manual"]
    page.wait_for_function("document.getElementById('timer-elapsed').textContent !== '0:00:00'")
    stop.click()
    page.get_by_role("button", name="Start").wait_for()

    entries = httpx.get(f"{api}/user/{owner['userId']}/time-entries", headers=key).json()
    assert len(entries) == 1 and entries[0]["timeInterval"]["end"] is not None
    row = page.locator(".entry").first
    assert "Write the manual" in row.inner_text() and "Website" in row.inner_text()
    assert re.fullmatch(r"\d+:\d\d:\d\d", page.locator("#week-total").inner_text())
    shoot(page, live_server.backend.name, "tracker")

    page.get_by_role("button", name="Continue “Write the manual”").click()
    page.get_by_role("button", name="Stop").wait_for()
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Start").wait_for()
    page.wait_for_function("document.querySelectorAll('.entry').length === 2")

    page.get_by_role("button", name="Delete “Write the manual”").first.click()
    page.get_by_role("button", name="Undo the delete").wait_for()
    page.wait_for_function("document.querySelectorAll('.entry').length === 1")
    assert len(httpx.get(f"{api}/user/{owner['userId']}/time-entries", headers=key).json()) == 1
    page.get_by_role("button", name="Undo the delete").click()
    page.wait_for_function("document.querySelectorAll('.entry').length === 2")
    assert len(httpx.get(f"{api}/user/{owner['userId']}/time-entries", headers=key).json()) == 2

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/")
    phone.locator(".entry").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, live_server.backend.name, "tracker-phone")


def test_account_page_new_key_password_and_sign_out(browser, live_server: LiveServer, owner):
    import httpx

    page = browser.new_page(viewport={"width": 1000, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Generate a new API key").click()
    key = page.locator("#api-key").inner_text()
    assert httpx.get(f"{live_server.url}/api/v1/user", headers={"X-Api-Key": owner["apiKey"]}).status_code == 401
    assert httpx.get(f"{live_server.url}/api/v1/user", headers={"X-Api-Key": key}).json()["email"] == owner["email"]
    shoot(page, live_server.backend.name, "account")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password (8 characters or more)").fill("a brand new passphrase")
    page.get_by_label("New password again").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    assert "Password changed" in page.get_by_role("status").first.inner_text()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/login")
    page.goto(f"{live_server.url}/account")
    assert page.url.endswith("/login?next=/account")
    sign_in(page, live_server, owner["email"], "a brand new passphrase")


def test_week_holds_an_entry_from_the_first_minutes_of_its_first_local_day(browser, live_server: LiveServer, owner):
    # Buenos Aires is UTC-3: 00:30 on Monday there is 03:30 UTC, which a week window asked for in
    # UTC instants (and re-read as wall clock by the API) would leave out.
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    import httpx

    here = ZoneInfo("America/Argentina/Buenos_Aires")
    today = datetime.now(here).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(0, 30), here).astimezone(ZoneInfo("UTC"))
    api = f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}"
    httpx.post(f"{api}/time-entries", headers={"X-Api-Key": owner["apiKey"]},
               json={"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "end": (start + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "description": "Early start"}).raise_for_status()
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.locator(".entry").first.wait_for()
    assert "Early start" in page.locator(".entry").first.inner_text()
    assert page.locator("#week-total").inner_text() == "0:20:00"
