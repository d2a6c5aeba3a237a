"""The projects, clients and tags pages in a real browser (Chromium via Playwright) against a real
`timeledger serve`, on SQLite and PostgreSQL: a project made with a client and an estimate shows
its progress once time is tracked on it, gets a task and a member, is archived and found under
Archived; the search narrows the list as you type; clients and tags are made, renamed, archived.
Screenshots: projects, project, clients, tags (SQLite run)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.live import LiveServer
from tests.web.support import live_owner, shoot, sign_in


@pytest.fixture
def owner(live_server: LiveServer) -> dict[str, str]:
    return live_owner(live_server)


class Seed:
    """The owner's Clockify API on the live server."""

    def __init__(self, live_server: LiveServer, owner: dict[str, str]) -> None:
        self.base = f"{live_server.url}/api/v1/workspaces/{owner['workspaceId']}"
        self.headers = {"X-Api-Key": owner["apiKey"]}

    def post(self, path: str, body: dict) -> dict:
        response = httpx.post(f"{self.base}{path}", headers=self.headers, json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def get(self, path: str) -> object:
        response = httpx.get(f"{self.base}{path}", headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def track(self, project_id: str, hours: float, days_ago: int = 1, task_id: str | None = None,
              billable: bool = True) -> None:
        start = (datetime.now(timezone.utc) - timedelta(days=days_ago)).replace(hour=12, minute=0, second=0, microsecond=0)
        end = start + timedelta(hours=hours)
        body = {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "projectId": project_id, "billable": billable, "description": "Work"}
        if task_id:
            body["taskId"] = task_id
        self.post("/time-entries", body)


def colleague(live_server: LiveServer, owner: dict[str, str], name: str) -> str:
    made = live_server._admin("create-user", "--workspace-id", owner["workspaceId"], "--email",
                              f"member-{uuid.uuid4().hex[:10]}@example.com", "--name", name, "--role", "MEMBER")
    return made["userId"]


def visible_rows(page, selector: str) -> list[str]:
    return [row.get_attribute("data-search") for row in page.locator(selector).all() if row.is_visible()]


def test_project_with_client_estimate_progress_task_member_archive(browser, live_server: LiveServer, owner):
    seed = Seed(live_server, owner)
    acme = seed.post("/clients", {"name": "Acme Corp"})
    globex = seed.post("/clients", {"name": "Globex"})
    website = seed.post("/projects", {"name": "Website relaunch", "clientId": acme["id"], "color": "#E91E63",
                                      "billable": True, "hourlyRate": {"amount": 9000}})
    httpx.patch(f"{seed.base}/projects/{website['id']}/estimate", headers=seed.headers,
                json={"budgetEstimate": {"estimate": 200000, "type": "MANUAL", "active": True}}).raise_for_status()
    seed.track(website["id"], 7.5)
    seed.track(website["id"], 4, days_ago=2)
    mobile = seed.post("/projects", {"name": "Mobile app", "clientId": globex["id"], "color": "#009688"})
    seed.track(mobile["id"], 3)
    seed.post("/projects", {"name": "Internal meetings", "color": "#607D8B", "billable": False})
    grace = colleague(live_server, owner, "Grace Hopper")
    colleague(live_server, owner, "Alan Turing")

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Projects", exact=True).click()
    page.wait_for_url(f"{live_server.url}/projects")

    # A new project with a client, a rate and a time estimate.
    new_project = page.get_by_role("region", name="New project")
    new_project.get_by_label("Project name").fill("Rocket engine")
    new_project.get_by_label("Client", exact=True).select_option(label="Acme Corp")
    new_project.get_by_label("Hourly rate (USD)").fill("80")
    new_project.get_by_label("Time (hours)").check()
    new_project.get_by_label("Estimate amount (hours such as 120 or 7:30, or money)").fill("10")
    new_project.get_by_role("button", name="Create project").click()
    assert page.get_by_role("status").first.inner_text() == "Created project “Rocket engine”."
    [rocket] = seed.get("/projects?name=Rocket")
    assert rocket["clientId"] == acme["id"] and rocket["timeEstimate"]["estimate"] == "PT10H"
    assert rocket["hourlyRate"]["amount"] == 8000

    # Time tracked on it shows as progress: 6 of 10 hours.
    seed.track(rocket["id"], 6)
    page.reload()
    bar = page.get_by_role("progressbar", name="Estimate of Rocket engine")
    assert bar.get_attribute("aria-valuenow") == "60"
    row = page.locator("tr", has=page.get_by_role("link", name="Rocket engine"))
    assert "6:00 h" in row.inner_text() and "Acme Corp" in row.inner_text()
    # The website's budget: 11.5 h at 90.00 = 1,035.00 of 2,000.00.
    assert page.get_by_role("progressbar", name="Estimate of Website relaunch").get_attribute("aria-valuenow") == "52"
    shoot(page, live_server.backend.name, "projects")

    # The search narrows the list as you type, by name or client.
    search = page.get_by_label("Search projects by name or client")
    search.fill("rock")
    assert visible_rows(page, "#project-search-list tbody tr") == ["Rocket engine Acme Corp"]
    search.fill("globex")
    assert visible_rows(page, "#project-search-list tbody tr") == ["Mobile app Globex"]
    assert page.locator("#project-search-count").inner_text() == "1 of 4 shown"
    search.fill("")
    assert len(visible_rows(page, "#project-search-list tbody tr")) == 4

    # The project's page: a task with an estimate, a member.
    page.get_by_role("link", name="Rocket engine").click()
    page.wait_for_url(f"{live_server.url}/projects/{rocket['id']}")
    page.get_by_label("New task").fill("Combustion chamber")
    page.get_by_label("Estimate (hours)").last.fill("4")
    page.get_by_role("button", name="Add task").click()
    assert page.get_by_role("status").first.inner_text() == "Added task “Combustion chamber”."
    [task] = seed.get(f"/projects/{rocket['id']}/tasks")
    assert task["estimate"] == "PT4H"
    page.get_by_label("Add a member").select_option(label="Grace Hopper")
    page.get_by_role("button", name="Add to project").click()
    assert page.get_by_role("status").first.inner_text() == "Added to the project."
    assert grace in [m["userId"] for m in seed.get(f"/projects/{rocket['id']}")["memberships"]]
    members = page.locator("#members")
    assert "Grace Hopper" in members.inner_text()
    seed.track(rocket["id"], 3, days_ago=3, task_id=task["id"])
    page.reload()
    assert page.get_by_role("progressbar", name="Estimate of task Combustion chamber").get_attribute("aria-valuenow") == "75"
    assert page.get_by_role("progressbar", name="Project estimate").get_attribute("aria-valuenow") == "90"
    shoot(page, live_server.backend.name, "project")

    # Archive it: gone from Active, found under Archived.
    page.get_by_role("button", name="Archive project").click()
    assert page.get_by_role("status").first.inner_text() == "Archived “Rocket engine”."
    page.get_by_role("link", name="Projects", exact=True).click()
    assert page.get_by_role("link", name="Rocket engine").count() == 0
    page.get_by_label("Show", exact=True).select_option("archived")
    page.wait_for_url("**/projects?*status=archived*")
    page.get_by_role("link", name="Rocket engine").wait_for()
    assert seed.get(f"/projects/{rocket['id']}")["archived"] is True

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    for path in ("/projects", f"/projects/{rocket['id']}"):
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
    phone.goto(f"{live_server.url}/projects?status=all")
    shoot(phone, live_server.backend.name, "projects-phone")


def test_clients_and_tags_create_rename_archive(browser, live_server: LiveServer, owner):
    seed = Seed(live_server, owner)
    for name in ("Acme Corp", "Globex", "Umbrella"):
        client = seed.post("/clients", {"name": name, "note": f"{name} billing contact: accounts@example.com"})
        seed.post("/projects", {"name": f"{name} website", "clientId": client["id"]})
    for name in ("billable-review", "meeting", "research", "support"):
        seed.post("/tags", {"name": name})

    page = browser.new_page(viewport={"width": 1100, "height": 800})
    sign_in(page, live_server, owner["email"])
    page.get_by_role("link", name="Clients").click()
    new_client = page.get_by_role("region", name="New client")
    new_client.get_by_label("Client name").fill("Initech")
    new_client.get_by_label("Note").fill("TPS reports")
    new_client.get_by_role("button", name="Create client").click()
    assert page.get_by_role("status").first.inner_text() == "Created client “Initech”."
    row = page.locator("#client-search-list li", has_text="Initech")
    assert "0 projects" in row.inner_text()
    row.get_by_text("Edit").click()
    row.get_by_label("Client name").fill("Initrode")
    row.get_by_role("button", name="Save client").click()
    assert page.get_by_role("status").first.inner_text() == "Saved client “Initrode”."
    assert [c["name"] for c in seed.get("/clients?name=Init")] == ["Initrode"]
    page.get_by_label("Search clients").fill("glo")
    assert visible_rows(page, "#client-search-list li") == ["Globex"]
    page.get_by_label("Search clients").fill("")
    shoot(page, live_server.backend.name, "clients")
    page.get_by_role("button", name="Archive client “Initrode”").click()
    assert page.get_by_role("status").first.inner_text() == "Archived client “Initrode”."
    assert page.locator("#client-search-list li", has_text="Initrode").count() == 0
    page.get_by_label("Show", exact=True).select_option("archived")
    page.locator("#client-search-list li", has_text="Initrode").wait_for()
    assert seed.get("/clients?name=Initrode")[0]["archived"] is True

    page.get_by_role("link", name="Tags").click()
    page.get_by_label("Tag name").fill("urgent")
    page.get_by_role("button", name="Create tag").click()
    assert page.get_by_role("status").first.inner_text() == "Created tag “urgent”."
    page.locator("#tag-search-list li", has_text="urgent").get_by_text("Rename").click()
    page.get_by_label("New name of “urgent”").fill("urgent-fix")
    page.locator("#tag-search-list li", has_text="urgent").get_by_role("button", name="Save tag").click()
    assert page.get_by_role("status").first.inner_text() == "Saved tag “urgent-fix”."
    page.get_by_label("Search tags").fill("urg")
    assert visible_rows(page, "#tag-search-list li") == ["urgent-fix"]
    page.get_by_label("Search tags").fill("")
    shoot(page, live_server.backend.name, "tags")
    page.get_by_role("button", name="Archive tag “urgent-fix”").click()
    assert page.get_by_role("status").first.inner_text() == "Archived tag “urgent-fix”."
    assert [t["archived"] for t in seed.get("/tags?name=urgent")] == [True]
    page.get_by_label("Show", exact=True).select_option("archived")
    page.locator("#tag-search-list li", has_text="urgent-fix").wait_for()

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.context.add_cookies(page.context.cookies())
    for path in ("/clients", "/tags"):
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
