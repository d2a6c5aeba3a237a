"""Reports and approvals in a real browser (Chromium via Playwright) against a real `timeledger
serve`, on SQLite and PostgreSQL: the chart and the project breakdown, tabs, filters, the three
exports as downloads; a member submits a week, the owner approves it (and rejects another with a
comment the member reads), after which the API refuses to change that week's time."""

from __future__ import annotations

import uuid

import pytest

from tests.live import LiveServer
from tests.web.support import PASSWORD, live_owner, shoot, sign_in

MARCH = "range=custom&from=2026-03-02&to=2026-03-08"


@pytest.fixture
def owner(live_server: LiveServer) -> dict[str, str]:
    return live_owner(live_server)


def _member(live_server: LiveServer, owner: dict[str, str], name: str) -> dict[str, str]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    made = live_server._admin("create-user", "--workspace-id", owner["workspaceId"], "--email", email, "--name", name,
                              "--role", "MEMBER", "--password", PASSWORD)
    return {**made, "email": email, "workspaceId": owner["workspaceId"]}


def _api(live_server: LiveServer, person: dict[str, str]):
    import httpx

    return httpx.Client(base_url=f"{live_server.url}/api/v1/workspaces/{person['workspaceId']}",
                        headers={"X-Api-Key": person["apiKey"]})


def _seed(live_server: LiveServer, owner: dict[str, str]) -> None:
    """A realistic week: three projects, two clients, a tag, a teammate, about twenty entries."""
    with _api(live_server, owner) as api:
        acme = api.post("/clients", json={"name": "Acme Corp"}).json()
        globex = api.post("/clients", json={"name": "Globex"}).json()
        projects = [
            api.post("/projects", json={"name": name, "clientId": client["id"], "color": color, "billable": billable,
                                        "hourlyRate": {"amount": rate}}).json()
            for name, client, color, billable, rate in (("Website redesign", acme, "#1f6feb", True, 9000),
                                                        ("Mobile app", globex, "#2da44e", True, 12000),
                                                        ("Internal tools", acme, "#bf8700", False, 0))
        ]
        tag = api.post("/tags", json={"name": "meeting"}).json()
        # Buenos Aires is UTC-3: 12:00Z is 09:00 local.
        plan = [(2, 12, 4, 0, "Homepage layout"), (2, 17, 2, 1, "Login screen"), (3, 12, 3, 1, "API client"),
                (3, 16, 1, 2, "Stand-up"), (3, 18, 2, 0, "Hero images"), (4, 12, 5, 1, "Offline sync"),
                (4, 18, 1, 2, "Build scripts"), (5, 13, 2, 0, "Contact form"), (5, 16, 3, 1, "Push notifications"),
                (6, 12, 2, 2, "Deploy pipeline"), (6, 15, 1, 0, "Review with client")]
        for day, hour, hours, p, text in plan:
            body = {"start": f"2026-03-{day:02d}T{hour:02d}:00:00Z", "end": f"2026-03-{day:02d}T{hour + hours:02d}:00:00Z",
                    "projectId": projects[p]["id"], "description": text, "billable": p != 2}
            if text in ("Stand-up", "Review with client"):
                body["tagIds"] = [tag["id"]]
            api.post("/time-entries", json=body).raise_for_status()


def test_reports_chart_breakdown_tabs_filters_and_exports(browser, live_server: LiveServer, owner):
    _seed(live_server, owner)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Reports").click()
    page.wait_for_url(f"{live_server.url}/reports")
    assert page.get_by_label("Date range").input_value() == "this_week"
    page.goto(f"{live_server.url}/reports?{MARCH}")
    chart = page.get_by_role("img", name="Hours per day")
    assert chart.count() == 1
    assert page.locator("svg.bar-chart rect.bar").count() == 7
    assert page.locator("#total-time").inner_text() == "26:00:00"
    breakdown = page.get_by_role("table").filter(has_text="Share")
    assert "Website redesign" in breakdown.inner_text() and "Mobile app" in breakdown.inner_text()
    assert page.get_by_role("img", name="Time by project").count() == 1
    shoot(page, live_server.backend.name, "reports")

    # A filter: billable only (applies at once).
    page.get_by_label("Billable", exact=True).select_option(label="Billable")
    page.wait_for_url("**billable=yes**")
    assert page.locator("#total-time").inner_text() == "22:00:00"
    # The custom range by hand.
    page.get_by_label("From", exact=True).fill("2026-03-04")
    page.get_by_label("To", exact=True).fill("2026-03-05")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**from=2026-03-04**")
    assert page.locator("#total-time").inner_text() == "10:00:00"

    # Every export of every tab downloads a file with the same filters.
    for tab in ("Summary", "Detailed", "Weekly"):
        page.get_by_role("navigation", name="Report").get_by_role("link", name=tab).click()
        page.wait_for_url(f"**tab={tab.lower()}**")
        page.wait_for_load_state()
        assert page.get_by_role("link", name=tab).get_attribute("aria-current") == "page"
        for kind in ("CSV", "XLSX", "PDF"):
            with page.expect_download() as info:
                page.get_by_role("link", name=f"Export as {kind}").click()
            download = info.value
            assert download.suggested_filename.endswith(f".{kind.lower()}")
            assert download.path() is not None
            with open(download.path(), "rb") as handle:
                body = handle.read()
            assert len(body) > 100
            if kind == "CSV":
                text = body.decode("utf-8-sig")
                assert ("Offline sync" in text) if tab == "Detailed" else ("Mobile app" in text)
                assert "Internal tools" not in text and "Build scripts" not in text  # billable only

    page.get_by_role("link", name="Detailed").click()
    page.wait_for_url("**tab=detailed**")
    page.wait_for_load_state()
    page.get_by_label("Billable", exact=True).select_option(label="All")
    page.wait_for_url(lambda url: "tab=detailed" in url and "billable=yes" not in url)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports?tab=detailed&{MARCH}")
    rows = page.locator("table.detailed tbody tr")
    assert rows.count() == 11
    assert "09:00–13:00" in page.locator("table.detailed").inner_text()  # Buenos Aires wall clock
    shoot(page, live_server.backend.name, "reports-detailed")

    phone = browser.new_page(viewport={"width": 375, "height": 800})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/reports?{MARCH}")
    phone.get_by_role("img", name="Hours per day").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, live_server.backend.name, "reports-phone")
    # The bars take the page's accent colour, which changes with the system's dark mode.
    fill = "getComputedStyle(document.querySelector('svg.bar-chart rect.bar')).fill"
    light = phone.evaluate(fill)
    phone.emulate_media(color_scheme="dark")
    assert phone.evaluate(fill) != light and light == "rgb(31, 111, 235)"
    phone.goto(f"{live_server.url}/reports?tab=detailed&{MARCH}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_bad_filter_shows_an_alert(browser, live_server: LiveServer, owner):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.goto(f"{live_server.url}/reports?range=custom&from=2026-03-08&to=2026-03-02")
    assert "must not be before" in page.get_by_role("alert").inner_text()


def _signed_in_page(browser, live_server: LiveServer, email: str):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, email)
    return page


def test_approval_flow(browser, live_server: LiveServer, owner):
    mia = _member(live_server, owner, "Mia")
    leo = _member(live_server, owner, "Leo")
    entries = {}
    for person, day in ((mia, 3), (mia, 4), (leo, 10)):
        with _api(live_server, person) as api:
            made = api.post("/time-entries", json={"start": f"2026-03-{day:02d}T12:00:00Z",
                                                   "end": f"2026-03-{day:02d}T15:30:00Z",
                                                   "description": f"Work on day {day}"})
            made.raise_for_status()
            entries[(person["email"], day)] = made.json()

    # Mia submits the week of 2 March.
    member = _signed_in_page(browser, live_server, mia["email"])
    member.get_by_role("link", name="Approvals").click()
    member.get_by_label("Submit an earlier period: a day in it").fill("2026-03-04")
    member.get_by_role("button", name="Submit that period").click()
    member.wait_for_url("**message=**")
    assert "for approval" in member.get_by_role("status").first.inner_text()
    assert member.get_by_text("Pending approval").count() >= 1

    # Leo submits the week of 9 March.
    other = _signed_in_page(browser, live_server, leo["email"])
    other.goto(f"{live_server.url}/approvals")
    other.get_by_label("Submit an earlier period: a day in it").fill("2026-03-10")
    other.get_by_role("button", name="Submit that period").click()
    other.wait_for_url("**message=**")
    other.get_by_text("Pending approval").first.wait_for()

    # The owner approves Mia's week from its page, and rejects Leo's with a comment.
    boss = _signed_in_page(browser, live_server, owner["email"])
    boss.goto(f"{live_server.url}/approvals")
    waiting = boss.get_by_role("region", name="Waiting for you")
    assert "Mia" in waiting.inner_text() and "Leo" in waiting.inner_text() and "7:00:00" in waiting.inner_text()
    shoot(boss, live_server.backend.name, "approvals")
    boss.get_by_role("link", name="Review Mia").click()
    boss.wait_for_url("**/approvals/*")
    assert "Work on day 3" in boss.locator("main").inner_text()
    shoot(boss, live_server.backend.name, "approvals-request")
    boss.get_by_label("Comment").fill("Looks right, thanks")
    boss.get_by_role("button", name="Approve", exact=True).click()
    boss.wait_for_url("**message=**")
    assert boss.locator("#request-status").inner_text() == "Approved"
    boss.goto(f"{live_server.url}/approvals")
    boss.get_by_role("link", name="Review Leo").click()
    boss.wait_for_url("**/approvals/*")
    boss.get_by_label("Comment").fill("Tuesday is missing its project")
    boss.get_by_role("button", name="Reject", exact=True).click()
    boss.wait_for_url("**message=**")
    assert boss.locator("#request-status").inner_text() == "Rejected"

    member.reload()
    assert "Approved" in member.locator("main").inner_text() and "Looks right, thanks" in member.locator("main").inner_text()
    other.reload()
    text = other.locator("main").inner_text()
    assert "Rejected" in text and "Tuesday is missing its project" in text
    assert other.get_by_role("button", name="Submit for approval: Leo").count() >= 1

    # Mia's approved week is closed to changes through the API.
    entry = entries[(mia["email"], 3)]
    with _api(live_server, mia) as api:
        refused = api.put(f"/time-entries/{entry['id']}", json={"start": "2026-03-03T12:00:00Z",
                                                                "end": "2026-03-03T16:00:00Z", "description": "more"})
        assert refused.status_code >= 400 and "Approved" in refused.json()["message"]

    phone = browser.new_page(viewport={"width": 375, "height": 800})
    phone.context.add_cookies(boss.context.cookies())
    phone.goto(f"{live_server.url}/approvals")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
