"""The timesheet's cell write (POST /timesheet/cell, services/week_grid.py) over HTTP, on SQLite and
PostgreSQL: the row's time on a day becomes what was typed, by the documented rule, and every
refusal leaves the workspace as it was. The owner is in Europe/Berlin (UTC+1 in March)."""

from __future__ import annotations

import json
import re

import pytest

from tests.support import Api, Caller, snapshot
from tests.web.support import Visitor, owner_with_password

S = "/v1/workspaces/{ws}"
DAY = "2026-03-03"


@pytest.fixture
def owner(api: Api) -> Caller:
    return owner_with_password(api, "Grid")


@pytest.fixture
def visitor(api: Api, owner: Caller) -> Visitor:
    visitor = Visitor(api)
    assert visitor.sign_in(owner.email).status_code == 303
    return visitor


def _csrf(visitor: Visitor) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', visitor.get("/timesheet").text).group(1)


def _cell(visitor: Visitor, project: str | None, hours: str, day: str = DAY, task: str | None = None,
          csrf: str | None = None) -> object:
    token = csrf if csrf is not None else _csrf(visitor)
    return visitor.post("/timesheet/cell", headers={"X-CSRF-Token": token},
                        json={"projectId": project, "taskId": task, "day": day, "hours": hours})


def _day(owner: Caller, project: str | None = None) -> list[tuple[str, str]]:
    entries = owner.ok("GET", S + "/user/{me}/time-entries?start=2026-03-03T00:00:00Z&end=2026-03-03T23:59:59Z", status=200)
    chosen = [e for e in entries if project is None or e["projectId"] == project]
    return sorted((e["timeInterval"]["start"], e["timeInterval"]["end"]) for e in chosen)


def _grid(visitor: Visitor, week: str = "2026-03-02") -> dict:
    page = visitor.get(f"/timesheet?week={week}")
    assert page.status_code == 200
    return json.loads(re.search(r'<script type="application/json" id="sheet-data">(.*?)</script>', page.text, re.S).group(1))


def test_a_cell_grows_shrinks_and_clears_its_rows_entries(api: Api, owner: Caller, visitor: Visitor):
    a = owner.ok("POST", S + "/projects", {"name": "Alpha"})["id"]
    b = owner.ok("POST", S + "/projects", {"name": "Beta"})["id"]

    # Empty cell: one entry from 09:00 local.
    assert _cell(visitor, a, "2").json() == {"seconds": 7200, "created": 1, "changed": 0, "deleted": 0}
    assert _day(owner, a) == [("2026-03-03T08:00:00Z", "2026-03-03T10:00:00Z")]
    # A second entry of the row that day, from 14:00 to 15:00 local.
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-03T13:00:00Z", "end": "2026-03-03T14:00:00Z",
                                           "projectId": a, "description": "Later"})
    row = next(r for r in _grid(visitor)["rows"] if r["projectId"] == a)
    assert row["seconds"] == [0, 10800, 0, 0, 0, 0, 0] and row["project"] == "Alpha"

    # More time: the newest entry grows.
    assert _cell(visitor, a, "3:30").json()["changed"] == 1
    assert _day(owner, a) == [("2026-03-03T08:00:00Z", "2026-03-03T10:00:00Z"),
                              ("2026-03-03T13:00:00Z", "2026-03-03T14:30:00Z")]
    later = [e for e in owner.ok("GET", S + "/user/{me}/time-entries?description=Later", status=200)]
    assert len(later) == 1  # it kept its description

    # Less time: newest first, removed whole while it fits, then the next one shortened.
    assert _cell(visitor, a, "1.25").json() == {"seconds": 4500, "created": 0, "changed": 1, "deleted": 1}
    assert _day(owner, a) == [("2026-03-03T08:00:00Z", "2026-03-03T09:15:00Z")]

    # A new row's entry starts after the day's last entry when that is after 09:00.
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:30:00Z", "end": "2026-03-03T11:00:00Z", "projectId": b})
    assert _cell(visitor, None, "45m").json()["created"] == 1
    assert _day(owner)[-1] == ("2026-03-03T11:00:00Z", "2026-03-03T11:45:00Z")
    grid = _grid(visitor)
    assert [(r["project"], r["seconds"][1]) for r in grid["rows"]] == [("Alpha", 4500), ("Beta", 5400), ("", 2700)]

    # Blank clears the row's day; the other rows stay.
    assert _cell(visitor, a, "").json() == {"seconds": 0, "created": 0, "changed": 0, "deleted": 1}
    assert _day(owner, a) == []
    assert len(_day(owner)) == 2
    # The same time typed another way writes nothing.
    assert _cell(visitor, b, "1:30").json() == {"seconds": 5400, "created": 0, "changed": 0, "deleted": 0}


def test_refusals_write_nothing(api: Api, owner: Caller, visitor: Visitor):
    project = owner.ok("POST", S + "/projects", {"name": "Alpha"})["id"]
    other = api.tenant("Elsewhere")
    theirs = other.ok("POST", S + "/projects", {"name": "Secret"})["id"]
    token = _csrf(visitor)
    before = snapshot(api, owner.ws)

    refused = _cell(visitor, project, "2", csrf="forged")
    assert refused.status_code == 400 and "expired" in refused.json()["message"]
    refused = _cell(visitor, project, "abc", csrf=token)
    assert refused.status_code == 400 and refused.json()["message"].startswith("“abc” is not a duration")
    refused = _cell(visitor, project, "25", csrf=token)
    assert refused.status_code == 400 and "at most 24 hours" in refused.json()["message"]
    refused = _cell(visitor, project, "2", day="03/03/2026", csrf=token)
    assert refused.status_code == 400 and "YYYY-MM-DD" in refused.json()["message"]
    refused = _cell(visitor, theirs, "2", csrf=token)  # another workspace's project is nobody's
    assert refused.status_code == 404 and "doesn't belong to Workspace" in refused.json()["message"]
    refused = _cell(visitor, None, "2", task="0" * 24, csrf=token)
    assert refused.status_code == 400 and "task needs its project" in refused.json()["message"]
    refused = visitor.post("/timesheet/cell", headers={"X-CSRF-Token": token}, content=b"not json")
    assert refused.status_code == 400
    assert snapshot(api, owner.ws) == before
    assert Visitor(api).post("/timesheet/cell", json={"day": DAY, "hours": "1"}).status_code == 401


def test_days_at_the_ends_of_the_calendar_are_refused_not_a_server_error(api: Api, owner: Caller, visitor: Visitor):
    # A week around year 1 or 9999 cannot be computed: every page and write that takes a day says so.
    project = owner.ok("POST", S + "/projects", {"name": "Alpha"})["id"]
    token = _csrf(visitor)
    before = snapshot(api, owner.ws)
    for day in ("0001-01-01", "9999-12-31"):
        page = visitor.get(f"/timesheet?week={day}")
        assert page.status_code == 400 and "is not a date" in page.text
        page = visitor.get(f"/calendar?view=day&date={day}")
        assert page.status_code == 400 and "is not a date" in page.text
        refused = _cell(visitor, project, "2", day=day, csrf=token)
        assert refused.status_code == 400 and "YYYY-MM-DD" in refused.json()["message"]
        refused = visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": token}, json={"week": day})
        assert refused.status_code == 400 and "YYYY-MM-DD" in refused.json()["message"]
    assert snapshot(api, owner.ws) == before


def test_a_running_cell_and_an_approved_week_refuse_with_the_reason(api: Api, owner: Caller, visitor: Visitor):
    project = owner.ok("POST", S + "/projects", {"name": "Alpha"})["id"]
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-03T08:00:00Z", "projectId": project})  # running
    refused = _cell(visitor, project, "2")
    assert refused.status_code == 400 and "timer is running" in refused.json()["message"]
    row = _grid(visitor)["rows"][0]
    assert row["running"][1] is True and row["seconds"][1] == 0
    owner.ok("PATCH", S + "/user/{me}/time-entries", {"end": "2026-03-03T09:00:00Z"}, status=200)

    request = owner.ok("POST", S + "/approval-requests", {"periodStart": "2026-03-02T00:00:00Z", "period": "WEEKLY"})
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    before = snapshot(api, owner.ws)
    refused = _cell(visitor, project, "3")
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("Timesheet 2026-03-02 to 2026-03-08 is Approved")
    assert snapshot(api, owner.ws) == before
    grid = _grid(visitor)
    assert all(reason and "is Approved" in reason for reason in grid["closed"])
    assert _grid(visitor, "2026-03-09")["closed"] == [None] * 7


def test_the_page_moves_by_week_and_says_when_a_date_is_wrong(api: Api, owner: Caller, visitor: Visitor):
    page = visitor.get("/timesheet?week=2026-03-04")
    assert page.status_code == 200
    assert "2026-03-02 – 2026-03-08" in page.text
    assert 'href="/timesheet?week=2026-02-23"' in page.text and 'href="/timesheet?week=2026-03-09"' in page.text
    bad = visitor.get("/timesheet?week=soon")
    assert bad.status_code == 400 and "is not a date" in bad.text
    assert Visitor(api).get("/timesheet").headers["location"] == "/login?next=/timesheet"
    assert Visitor(api).get("/calendar?view=day").headers["location"].startswith("/login?next=/calendar")
    calendar = visitor.get("/calendar?view=day&date=2026-03-04")
    assert calendar.status_code == 200 and 'data-days="2026-03-04"' in calendar.text
    assert 'href="/calendar?view=day&amp;date=2026-03-03"' in calendar.text
    week = visitor.get("/calendar?view=week&date=2026-03-04")
    assert 'data-days="2026-03-02 2026-03-03 2026-03-04 2026-03-05 2026-03-06 2026-03-07 2026-03-08"' in week.text


def test_copy_last_week_with_hours_fills_only_empty_cells(api: Api, owner: Caller, visitor: Visitor):
    a = owner.ok("POST", S + "/projects", {"name": "Alpha"})["id"]
    b = owner.ok("POST", S + "/projects", {"name": "Beta"})["id"]
    # Last week: Alpha 2h on Monday and 1h on Tuesday, Beta 30m on Friday.
    for start, end, project in [("2026-02-23T08:00:00Z", "2026-02-23T10:00:00Z", a),
                                ("2026-02-24T08:00:00Z", "2026-02-24T09:00:00Z", a),
                                ("2026-02-27T08:00:00Z", "2026-02-27T08:30:00Z", b)]:
        owner.ok("POST", S + "/time-entries", {"start": start, "end": end, "projectId": project})
    # This week Alpha already has 4h on Tuesday: that cell keeps its time.
    assert _cell(visitor, a, "4").status_code == 200
    token = _csrf(visitor)
    copied = visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": token}, json={"week": "2026-03-04"})
    assert copied.json() == {"filled": 2}
    rows = {r["project"]: r["seconds"] for r in _grid(visitor)["rows"]}
    assert rows == {"Alpha": [7200, 14400, 0, 0, 0, 0, 0], "Beta": [0, 0, 0, 0, 1800, 0, 0]}
    again = visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": token}, json={"week": "2026-03-02"})
    assert again.json() == {"filled": 0}

    # A closed day this week refuses the whole copy, with the reason, and writes nothing.
    visitor_week = "2026-03-09"
    request = owner.ok("POST", S + "/approval-requests", {"periodStart": f"{visitor_week}T00:00:00Z", "period": "WEEKLY"})
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    before = snapshot(api, owner.ws)
    refused = visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": token}, json={"week": visitor_week})
    assert refused.status_code == 400 and "is Approved" in refused.json()["message"]
    assert snapshot(api, owner.ws) == before
    bad = visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": token}, json={"week": "next"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["message"]
    assert visitor.post("/timesheet/copy-hours", headers={"X-CSRF-Token": "x"}, json={"week": "2026-03-02"}).status_code == 400
