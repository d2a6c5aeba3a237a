"""The timesheet page in a real browser, on SQLite and PostgreSQL: a week grid of hours by project
and day for an owner in Buenos Aires (UTC-3), checked against the entries the API then holds."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.live import LiveServer
from tests.web.support import live_owner, shoot, sign_in

WEEK = "2026-03-02"  # a Monday; the owner's weeks start on Monday


@pytest.fixture
def owner(live_server: LiveServer) -> dict[str, str]:
    return live_owner(live_server)


def _api(live_server: LiveServer, owner: dict[str, str]) -> tuple[str, dict[str, str]]:
    return f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}", {"X-Api-Key": owner["apiKey"]}


def _week_entries(live_server: LiveServer, owner: dict[str, str]) -> list[dict]:
    api, key = _api(live_server, owner)
    # The API reads the window as wall-clock time in the owner's zone.
    query = f"start={WEEK}T00:00:00Z&end=2026-03-08T23:59:59Z&page-size=100"
    return httpx.get(f"{api}/user/{owner['userId']}/time-entries?{query}", headers=key).json()


def _cell(page, row: str, weekday: str):
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(row)}, .*{weekday}"))


def _save(page, row: str, weekday: str, text: str) -> None:
    cell = _cell(page, row, weekday)
    cell.fill(text)
    with page.expect_response(lambda r: r.url.endswith("/timesheet/cell")):
        cell.press("Enter")


def test_fill_a_week_change_clear_refuse_and_copy_last_week(browser, live_server: LiveServer, owner):
    api, key = _api(live_server, owner)
    website = httpx.post(f"{api}/projects", headers=key, json={"name": "Website", "color": "#1f6feb"}).json()
    httpx.post(f"{api}/projects", headers=key, json={"name": "Mobile app", "color": "#e8590c"}).raise_for_status()
    design = httpx.post(f"{api}/projects/{website['id']}/tasks", headers=key, json={"name": "Design"}).json()
    # Last week: an hour of Website · Design on Tuesday 10:00 in Buenos Aires.
    httpx.post(f"{api}/time-entries", headers=key, json={
        "start": "2026-02-24T13:00:00Z", "end": "2026-02-24T14:00:00Z", "projectId": website["id"],
        "taskId": design["id"], "description": "Mockups"}).raise_for_status()

    page = browser.new_page(viewport={"width": 1200, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/timesheet?week={WEEK}")
    assert "2026-03-02 – 2026-03-08" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#sheet-rows tr[data-key]").count() == 0

    page.get_by_label("Project").select_option(label="Mobile app")
    page.get_by_role("button", name="Add row").click()
    _save(page, "Mobile app", "Mon", "1:30")
    _save(page, "Mobile app", "Tue", "1.5")
    _save(page, "Mobile app", "Wed", "2h")
    row = page.locator("#sheet-rows tr[data-key]").first
    assert row.locator("td.num").inner_text() == "5:00"
    totals = page.locator("#sheet-totals td")
    assert [totals.nth(i).inner_text() for i in range(8)] == ["1:30", "1:30", "2:00", "0:00", "0:00", "0:00", "0:00", "5:00"]

    page.reload()
    assert _cell(page, "Mobile app", "Mon").input_value() == "1:30"
    assert _cell(page, "Mobile app", "Tue").input_value() == "1:30"
    assert _cell(page, "Mobile app", "Wed").input_value() == "2:00"
    assert page.locator("#week-total").inner_text() == "5:00"

    entries = sorted(_week_entries(live_server, owner), key=lambda e: e["timeInterval"]["start"])
    # One entry per day, from 09:00 in Buenos Aires (12:00 UTC), on the days typed.
    assert [(e["timeInterval"]["start"], e["timeInterval"]["duration"]) for e in entries] == [
        ("2026-03-02T12:00:00Z", "PT1H30M"), ("2026-03-03T12:00:00Z", "PT1H30M"), ("2026-03-04T12:00:00Z", "PT2H")]

    _save(page, "Mobile app", "Wed", "0:45")
    _save(page, "Mobile app", "Tue", "")
    assert page.locator("#week-total").inner_text() == "2:15"
    entries = sorted(_week_entries(live_server, owner), key=lambda e: e["timeInterval"]["start"])
    assert [(e["timeInterval"]["start"][:10], e["timeInterval"]["duration"]) for e in entries] == [
        ("2026-03-02", "PT1H30M"), ("2026-03-04", "PT45M")]

    # Bad input: an inline alert, the cell keeps what was typed and is marked, nothing is written.
    thursday = _cell(page, "Mobile app", "Thu")
    thursday.fill("abc")
    thursday.press("Enter")
    alert = page.locator("#sheet-rows [role=alert]")
    assert "is not a duration" in alert.inner_text()
    assert thursday.get_attribute("aria-invalid") == "true" and thursday.input_value() == "abc"
    assert len(_week_entries(live_server, owner)) == 2
    thursday.fill("")
    thursday.press("Escape")
    assert thursday.get_attribute("aria-invalid") is None

    page.get_by_role("button", name="Copy last week’s rows").click()
    assert "Added 1 row from last week" in page.locator("#status").inner_text()
    assert _cell(page, "Website · Design", "Mon").input_value() == ""
    _save(page, "Website · Design", "Fri", "3")
    entries = _week_entries(live_server, owner)
    friday = [e for e in entries if e["timeInterval"]["start"].startswith("2026-03-06")]
    assert [(e["projectId"], e["taskId"], e["timeInterval"]["duration"]) for e in friday] == [
        (website["id"], design["id"], "PT3H")]

    # The second, separate action also brings last week's hours, into empty cells only.
    page.get_by_role("button", name="Copy last week with hours").click()
    page.wait_for_url(re.compile(r"message="))
    assert "Copied last week’s hours into 1 cell" in page.get_by_role("status").first.inner_text()
    assert _cell(page, "Website · Design", "Tue").input_value() == "1:00"
    assert _cell(page, "Website · Design", "Fri").input_value() == "3:00"
    assert page.locator("#week-total").inner_text() == "6:15"
    shoot(page, live_server.backend.name, "timesheet")

    # A phone: the grid scrolls inside its box, never the page.
    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/timesheet?week={WEEK}")
    _cell(phone, "Mobile app", "Mon").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_approved_week_is_read_only_and_writes_are_refused(browser, live_server: LiveServer, owner):
    api, key = _api(live_server, owner)
    project = httpx.post(f"{api}/projects", headers=key, json={"name": "Support", "color": "#2f9e44"}).json()
    httpx.post(f"{api}/time-entries", headers=key, json={
        "start": "2026-03-03T12:00:00Z", "end": "2026-03-03T14:00:00Z", "projectId": project["id"]}).raise_for_status()
    request = httpx.post(f"{api}/approval-requests", headers=key,
                         json={"periodStart": f"{WEEK}T00:00:00Z", "period": "WEEKLY"}).json()
    httpx.patch(f"{api}/approval-requests/{request['id']}", headers=key, json={"state": "APPROVED"}).raise_for_status()

    page = browser.new_page(viewport={"width": 1200, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/timesheet?week={WEEK}")
    tuesday = _cell(page, "Support", "Tue")
    assert tuesday.input_value() == "2:00"
    assert tuesday.get_attribute("readonly") is not None
    assert "is Approved" in tuesday.get_attribute("title")

    # Even a write sent past the page is refused with the server's words, and changes nothing.
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    refused = page.evaluate("""async ([csrf, projectId]) => {
        const r = await fetch('/timesheet/cell', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': csrf}, body: JSON.stringify({projectId, day: '2026-03-03', hours: '5'})});
        return [r.status, (await r.json()).message]; }""", [csrf, project["id"]])
    assert refused[0] == 400 and "Timesheet 2026-03-02 to 2026-03-08 is Approved" in refused[1]
    assert [e["timeInterval"]["duration"] for e in _week_entries(live_server, owner)] == ["PT2H"]
