"""The calendar page in a real browser, on SQLite and PostgreSQL: entries as blocks by wall-clock time
in the owner's zone (Buenos Aires, UTC-3), created from a slot, edited and deleted from a block."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.live import LiveServer
from tests.web.support import live_owner, shoot, sign_in

HOUR = 48  # pixels per hour in calendar.css
WEEK = "2026-03-02"  # a Monday


@pytest.fixture
def owner(live_server: LiveServer) -> dict[str, str]:
    return live_owner(live_server)


def _api(live_server: LiveServer, owner: dict[str, str]) -> tuple[str, dict[str, str]]:
    return f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}", {"X-Api-Key": owner["apiKey"]}


def _entry(api: str, key: dict, start: str, end: str | None, description: str, project: dict | None = None) -> dict:
    body = {"start": start, "description": description}
    if end:
        body["end"] = end
    if project:
        body["projectId"] = project["id"]
    response = httpx.post(f"{api}/time-entries", headers=key, json=body)
    response.raise_for_status()
    return response.json()


def _block(page, day: str, name: str):
    return page.locator(f'.cal-day[data-day="{day}"]').get_by_role("button", name=re.compile(rf"^{re.escape(name)}"))


def test_week_shows_blocks_and_a_slot_makes_an_entry_a_block_edits_and_deletes(browser, live_server: LiveServer, owner):
    api, key = _api(live_server, owner)
    website = httpx.post(f"{api}/projects", headers=key, json={"name": "Website", "color": "#1f6feb"}).json()
    support = httpx.post(f"{api}/projects", headers=key, json={"name": "Support", "color": "#2f9e44"}).json()
    # Times in UTC; Buenos Aires is three hours behind.
    review = _entry(api, key, "2026-03-03T13:00:00Z", "2026-03-03T14:30:00Z", "Design review", website)
    _entry(api, key, "2026-03-05T02:00:00Z", "2026-03-05T04:00:00Z", "Night deploy", website)  # Wed 23:00 to Thu 01:00
    for start, end, what, project in [
        ("2026-03-02T12:00:00Z", "2026-03-02T15:00:00Z", "Sprint planning", website),
        ("2026-03-02T16:30:00Z", "2026-03-02T18:00:00Z", "Ticket triage", support),
        ("2026-03-03T17:00:00Z", "2026-03-03T20:00:00Z", "Landing page copy", website),
        ("2026-03-04T12:30:00Z", "2026-03-04T14:00:00Z", "Customer emails", support),
        ("2026-03-04T13:00:00Z", "2026-03-04T13:45:00Z", "Stand-up", None),
        ("2026-03-06T12:00:00Z", "2026-03-06T16:00:00Z", "Checkout bug", support),
    ]:
        _entry(api, key, start, end, what, project)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/calendar?view=week&date=2026-03-03")
    assert "2026-03-02 – 2026-03-08" in page.get_by_role("heading", level=1).inner_text()
    block = _block(page, "2026-03-03", "Design review")
    block.wait_for()
    assert "Website" in block.inner_text()
    assert block.evaluate("b => b.style.top") == f"{10 * HOUR}px"  # 10:00 local, not 13:00 UTC
    assert _block(page, "2026-03-02", "Design review").count() == 0
    # Across midnight: the end of Wednesday and the start of Thursday.
    assert _block(page, "2026-03-04", "Night deploy").evaluate("b => b.style.top") == f"{23 * HOUR}px"
    assert _block(page, "2026-03-05", "Night deploy").evaluate("b => b.style.top") == "0px"
    shoot(page, live_server.backend.name, "calendar")

    # A click on Thursday at 14:00 opens the form there.
    thursday = page.locator('.cal-day[data-day="2026-03-05"]')
    thursday.click(position={"x": 20, "y": 14 * HOUR + 6})
    dialog = page.get_by_role("dialog", name="New entry")
    assert dialog.get_by_label("Start").input_value() == "14:00"
    assert dialog.get_by_label("End").input_value() == "15:00"
    dialog.get_by_label("Description").fill("Client call")
    dialog.get_by_label("Project").select_option(label="Support")
    dialog.get_by_label("End").fill("15:30")
    dialog.get_by_role("button", name="Save").click()
    _block(page, "2026-03-05", "Client call").wait_for()
    made = [e for e in httpx.get(f"{api}/user/{owner['userId']}/time-entries?description=Client%20call", headers=key).json()]
    assert [(e["timeInterval"]["start"], e["timeInterval"]["end"], e["projectId"]) for e in made] == [
        ("2026-03-05T17:00:00Z", "2026-03-05T18:30:00Z", support["id"])]

    # A block opens the entry: change its description, then delete it.
    _block(page, "2026-03-03", "Design review").click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    assert dialog.get_by_label("Description").input_value() == "Design review"
    assert dialog.get_by_label("Start").input_value() == "10:00" and dialog.get_by_label("End").input_value() == "11:30"
    dialog.get_by_label("Description").fill("Design review, round two")
    dialog.get_by_role("button", name="Save").click()
    _block(page, "2026-03-03", "Design review, round two").wait_for()
    stored = httpx.get(f"{api}/time-entries/{review['id']}", headers=key).json()
    assert stored["description"] == "Design review, round two" and stored["projectId"] == website["id"]
    assert stored["timeInterval"]["start"] == "2026-03-03T13:00:00Z"

    _block(page, "2026-03-03", "Design review, round two").click()
    page.get_by_role("dialog", name="Edit entry").get_by_role("button", name="Delete").click()
    _block(page, "2026-03-03", "Design review").wait_for(state="detached")
    assert not page.locator("dialog").evaluate("d => d.open")
    assert "Deleted" in page.get_by_role("status").first.inner_text()
    assert httpx.get(f"{api}/time-entries/{review['id']}", headers=key).status_code in (400, 404)

    # The day view, and the week on a phone: it scrolls inside its box, not the page.
    page.goto(f"{live_server.url}/calendar?view=day&date=2026-03-04")
    _block(page, "2026-03-04", "Customer emails").wait_for()
    assert page.locator(".cal-day").count() == 1
    shoot(page, live_server.backend.name, "calendar-day")
    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/calendar?view=week&date=2026-03-03")
    _block(phone, "2026-03-06", "Checkout bug").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_running_entry_grows_to_now_and_bad_dates_are_refused(browser, live_server: LiveServer, owner):
    api, key = _api(live_server, owner)
    started = (datetime.now(UTC) - timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _entry(api, key, started, None, "Still going")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/calendar")
    now = datetime.now(ZoneInfo("America/Argentina/Buenos_Aires"))
    running = _block(page, now.date().isoformat(), "Still going")
    running.wait_for()
    assert running.get_attribute("aria-label").endswith("to now, running")
    # It reaches down to now in today's column (a part before local midnight shows on the day before).
    bottom = running.evaluate("b => parseFloat(b.style.top) + parseFloat(b.style.height) + 2")
    minutes = now.hour * 60 + now.minute
    assert abs(bottom - minutes / 60 * HOUR) <= 2 or minutes < 15

    page.goto(f"{live_server.url}/calendar?view=month&date=yesterday")
    assert "is not a view" in page.get_by_role("alert").inner_text()
    assert "is not a date" in page.get_by_role("alert").inner_text()
    assert page.locator(".cal-day").count() == 7  # this week, shown anyway


def test_a_dst_day_positions_by_wall_clock(browser, live_server: LiveServer):
    # New York springs forward on 2026-03-08: 02:00 becomes 03:00. An hour from 01:30 EST (06:30Z)
    # ends at 03:30 EDT (07:30Z): on the wall clock it spans 01:30 to 03:30, with the hour that
    # does not exist in between.
    owner = live_owner(live_server, zone="America/New_York")
    api, key = _api(live_server, owner)
    _entry(api, key, "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z", "Over the gap")
    _entry(api, key, "2026-03-08T04:30:00Z", "2026-03-08T05:30:00Z", "Before midnight's end")  # 23:30-00:30 local
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/calendar?view=day&date=2026-03-08")
    block = _block(page, "2026-03-08", "Over the gap")
    block.wait_for()
    assert block.evaluate("b => b.style.top") == f"{1.5 * HOUR:g}px"
    assert block.evaluate("b => parseFloat(b.style.height) + 2") == 2 * HOUR
    early = _block(page, "2026-03-08", "Before midnight's end")  # its part after midnight
    assert early.evaluate("b => b.style.top") == "0px"
    # The day's total is time spent (1:00 over the gap, 0:30 after midnight), not wall-clock span.
    assert page.locator(".cal-dayhead .day-total").inner_text() == "1:30"
