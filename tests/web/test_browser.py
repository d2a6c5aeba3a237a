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


# --- the tracker's pickers and in-place editing, the team page, the settings ---------------------

ZONE = "America/Argentina/Buenos_Aires"


def _api(live_server: LiveServer, owner: dict[str, str]) -> tuple[str, dict[str, str]]:
    return f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}", {"X-Api-Key": owner["apiKey"]}


def _post(url: str, key: dict[str, str], body: dict) -> dict:
    import httpx

    response = httpx.post(url, headers=key, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _local(day, hh: int, mm: int) -> str:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    at = datetime.combine(day, time(hh, mm), ZoneInfo(ZONE)).astimezone(ZoneInfo("UTC"))
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _today():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(ZONE)).date()


def test_tracker_task_tags_billable_and_editing_in_place(browser, live_server: LiveServer, owner):
    import httpx

    api, key = _api(live_server, owner)
    website = _post(f"{api}/projects", key, {"name": "Website", "color": "#1f6feb", "billable": True})
    mobile = _post(f"{api}/projects", key, {"name": "Mobile app", "color": "#c2410c"})
    copy = _post(f"{api}/projects/{website['id']}/tasks", key, {"name": "Copy"})
    _post(f"{api}/projects/{website['id']}/tasks", key, {"name": "Design"})
    qa = _post(f"{api}/projects/{mobile['id']}/tasks", key, {"name": "QA"})
    urgent = _post(f"{api}/tags", key, {"name": "urgent"})
    meeting = _post(f"{api}/tags", key, {"name": "meeting"})
    _post(f"{api}/tags", key, {"name": "research"})
    today = _today()
    _post(f"{api}/time-entries", key, {"start": _local(today, 1, 0), "end": _local(today, 1, 45),
                                       "description": "Release checklist", "projectId": mobile["id"],
                                       "taskId": qa["id"], "tagIds": [meeting["id"]]})
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.locator(".entry").first.wait_for()

    page.get_by_label("What are you working on?").fill("Landing page copy")
    page.get_by_label("Project").select_option(label="Website")
    task = page.get_by_label("Task")
    page.wait_for_function("!document.getElementById('timer-task').disabled")
    assert page.get_by_label("Billable").is_checked()  # the project's default
    task.select_option(label="Copy")
    page.get_by_role("group", name="Tags").wait_for(state="hidden")
    page.locator("#timer-tags summary").click()
    tag_group = page.get_by_role("group", name="Tags")
    tag_group.get_by_label("urgent").check()
    tag_group.get_by_label("meeting").check()
    assert page.locator("#timer-tags summary").text_content() == "Tags: meeting, urgent"
    page.get_by_label("Billable").uncheck()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Stop").wait_for()
    (running,) = httpx.get(f"{api}/time-entries/status/in-progress", headers=key).json()
    assert running["description"] == "Landing page copy"
    assert running["projectId"] == website["id"] and running["taskId"] == copy["id"]
    assert sorted(running["tagIds"]) == sorted([urgent["id"], meeting["id"]]) and running["billable"] is False
    # Changing a field while the timer runs changes the running entry.
    tag_group.get_by_label("research").check()
    page.get_by_text("Timer updated.").wait_for()
    (running,) = httpx.get(f"{api}/time-entries/status/in-progress", headers=key).json()
    assert len(running["tagIds"]) == 3 and running["timeInterval"]["end"] is None
    tag_group.get_by_label("research").uncheck()
    page.wait_for_function("document.querySelectorAll('#timer-tags input:checked').length === 2")
    page.wait_for_function("document.getElementById('status').textContent === 'Timer updated.'")
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Start").wait_for()
    page.wait_for_function("document.querySelectorAll('.entry').length === 2")
    row = page.locator(".entry", has_text="Landing page copy")
    assert "Website: Copy" in row.inner_text() and "meeting, urgent" in row.inner_text()
    assert page.get_by_label("What are you working on?").input_value() == ""

    # Edit in place: description, task, tags and times; Enter saves.
    page.get_by_role("button", name="Edit “Landing page copy”").click()
    form = page.get_by_role("form", name="Edit “Landing page copy”")
    form.get_by_label("Description").fill("Landing page copy, second draft")
    form.get_by_label("Task").select_option(label="Design")
    form.locator("summary").click()
    form.get_by_label("urgent").uncheck()
    form.get_by_label("Start time").fill("02:00")
    form.get_by_label("End time").fill("03:30")
    form.get_by_label("End time").press("Enter")
    page.wait_for_function("!document.querySelector('.entry.editing')")
    page.get_by_role("button", name="Edit “Landing page copy, second draft”").wait_for()
    entries = httpx.get(f"{api}/user/{owner['userId']}/time-entries", headers=key).json()
    edited = next(e for e in entries if e["description"] == "Landing page copy, second draft")
    assert edited["timeInterval"]["start"] == _local(today, 2, 0) and edited["timeInterval"]["end"] == _local(today, 3, 30)
    assert edited["taskId"] != copy["id"] and edited["tagIds"] == [meeting["id"]] and edited["projectId"] == website["id"]
    assert page.locator(".day-total").first.inner_text() == "2:15:00"
    assert page.locator("#week-total").inner_text() == "2:15:00"

    # A bad time shows an error and keeps what was typed; Escape cancels and changes nothing.
    page.get_by_role("button", name="Edit “Release checklist”").click()
    form = page.get_by_role("form", name="Edit “Release checklist”")
    form.get_by_label("Description").fill("Something else")
    form.get_by_label("End time").fill("25:99")
    form.get_by_label("End time").press("Enter")
    assert "is not a time" in page.get_by_role("alert").inner_text()
    assert form.get_by_label("Description").input_value() == "Something else"
    form.get_by_label("Description").press("Escape")
    page.get_by_role("button", name="Edit “Release checklist”").wait_for()
    entries = httpx.get(f"{api}/user/{owner['userId']}/time-entries", headers=key).json()
    assert sorted(e["description"] for e in entries) == ["Landing page copy, second draft", "Release checklist"]
    shoot(page, live_server.backend.name, "tracker")

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/")
    phone.locator(".entry").first.wait_for()
    phone.locator("#timer-tags summary").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, live_server.backend.name, "tracker-phone")


def test_team_add_by_email_role_rate_and_group(browser, live_server: LiveServer, owner):
    import uuid

    import httpx

    from tests.live import Account

    api, key = _api(live_server, owner)
    account = Account(owner["userId"], owner["workspaceId"], owner["apiKey"], owner["email"])
    grace = live_server.create_user(account, name="Grace Hopper")
    live_server.create_user(account, role="TEAM_MANAGER", name="Alan Turing")
    httpx.put(f"{api}/users/{grace.user_id}/hourly-rate", headers=key, json={"amount": 5000}).raise_for_status()
    _post(f"{api}/user-groups", key, {"name": "Engineering"})

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Team").click()
    page.wait_for_url(f"{live_server.url}/team")
    email = f"katherine-{uuid.uuid4().hex[:8]}@example.com"
    page.get_by_label("Add a member by e-mail").fill(email)
    page.get_by_role("button", name="Add member").click()
    assert f"Added {email}" in page.get_by_role("status").first.inner_text()
    card = page.locator("li.member", has_text=email)
    assert "Pending" in card.inner_text() and "Regular member" in card.inner_text()
    users = httpx.get(f"{api}/users?status=ALL&include-roles=true", headers=key).json()
    new = next(u for u in users if u["email"] == email)

    card.locator("summary").click()
    card.get_by_label("Role").select_option(label="Admin")
    card.get_by_role("button", name="Change role").click()
    assert "Role changed to admin" in page.get_by_role("status").first.inner_text()
    card = page.locator("li.member", has_text=email)
    assert "Admin" in card.inner_text()
    users = httpx.get(f"{api}/users?status=ALL&include-roles=true", headers=key).json()
    assert [r["role"] for r in next(u for u in users if u["id"] == new["id"])["roles"]] == ["WORKSPACE_ADMIN"]

    card.locator("summary").click()
    card.get_by_label("Hourly rate").fill("60")
    card.get_by_label("Cost rate").fill("35.50")
    card.get_by_role("button", name="Save rates").click()
    assert "Rates saved" in page.get_by_role("status").first.inner_text()
    membership = httpx.get(f"{api}/users/{new['id']}", headers=key).json()["memberships"][0]
    assert membership["hourlyRate"]["amount"] == 6000 and membership["costRate"]["amount"] == 3550
    assert "60.00 USD" in page.locator("li.member", has_text=email).inner_text()

    page.get_by_label("New group").fill("Design team")
    page.get_by_role("button", name="Create group").click()
    assert "Design team" in page.get_by_role("status").first.inner_text()
    page.get_by_label("Add a member to Design team").select_option(label=email.split("@")[0])
    page.locator("li.group", has_text="Design team").get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name=f"Remove {email.split('@')[0]} from Design team").wait_for()
    groups = httpx.get(f"{api}/user-groups", headers=key).json()
    assert next(g for g in groups if g["name"] == "Design team")["userIds"] == [new["id"]]
    page.get_by_label("Add a member to Engineering").select_option(label="Grace Hopper")
    page.locator("li.group", has_text="Engineering").get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Remove Grace Hopper from Engineering").wait_for()

    # The search narrows the list as you type.
    page.get_by_label("Search members").fill("grace")
    assert page.locator("li.member:visible").count() == 1
    page.get_by_label("Search members").fill("")
    shoot(page, live_server.backend.name, "team")

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/team")
    phone.locator("li.member").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_settings_currency_week_start_lock_and_preferences(browser, live_server: LiveServer, owner):
    from datetime import timedelta

    import httpx

    from tests.live import Account

    api, key = _api(live_server, owner)
    today = _today()
    yesterday = today - timedelta(days=1)
    _post(f"{api}/time-entries", key, {"start": _local(yesterday, 14, 0), "end": _local(yesterday, 15, 0),
                                       "description": "Yesterday's work"})
    member = live_server.create_user(Account(owner["userId"], owner["workspaceId"], owner["apiKey"], owner["email"]))

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url(f"{live_server.url}/settings")
    page.get_by_label("Currency").fill("EUR")
    # The week starts today: yesterday's entry leaves the tracker's week.
    page.get_by_label("Week starts on").select_option(today.strftime("%A").upper())
    page.get_by_label("Lock entries before").fill(today.isoformat())
    page.get_by_label("Entries must have a description").check()
    page.get_by_role("button", name="Save settings").click()
    assert "Workspace settings saved." in page.get_by_role("status").first.inner_text()
    ws = httpx.get(api, headers=key).json()
    assert ws["currencies"][0]["code"] == "EUR" and ws["workspaceSettings"]["weekStart"] == today.strftime("%A").upper()
    assert ws["workspaceSettings"]["lockTimeEntries"] == f"{today.isoformat()}T00:00:00Z"  # the workspace zone: UTC
    assert ws["workspaceSettings"]["forceDescription"] is True
    shoot(page, live_server.backend.name, "settings")

    # The lock refuses a member's entry before it.
    member_key = {"X-Api-Key": member.api_key}
    refused = httpx.post(f"{api}/time-entries", headers=member_key, json={
        "start": f"{(today - timedelta(days=2)).isoformat()}T10:00:00Z",
        "end": f"{(today - timedelta(days=2)).isoformat()}T11:00:00Z", "description": "too late"})
    assert refused.status_code == 400 and "lock date" in refused.json()["message"]

    # A bad currency is refused with a message, and nothing changes.
    page.get_by_label("Currency").fill("EU1")
    page.get_by_label("Week starts on").select_option("MONDAY")
    page.get_by_role("button", name="Save settings").click()
    assert "ISO 4217" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Currency").input_value() == "EU1"  # what was typed stays
    assert httpx.get(api, headers=key).json()["workspaceSettings"]["weekStart"] == today.strftime("%A").upper()

    page.goto(f"{live_server.url}/")
    page.wait_for_function("document.getElementById('week-total').textContent !== ''")
    assert page.locator(".entry", has_text="Yesterday's work").count() == 0

    # Your preferences: the week from yesterday, a 12-hour clock.
    page.goto(f"{live_server.url}/settings/preferences")
    page.get_by_label("Week starts on").select_option(yesterday.strftime("%A").upper())
    page.get_by_label("Time format").select_option("HOUR12")
    page.get_by_role("button", name="Save preferences").click()
    assert "preferences are saved" in page.get_by_role("status").first.inner_text()
    page.goto(f"{live_server.url}/")
    row = page.locator(".entry", has_text="Yesterday's work")
    row.wait_for()
    assert re.search(r"\b(AM|PM|a\.m\.|p\.m\.)", row.inner_text(), re.I), row.inner_text()

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/settings")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
