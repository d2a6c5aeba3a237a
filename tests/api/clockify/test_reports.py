"""Reports against totals computed independently from the raw entries.

A seeded generator writes entries for three people in three zones, across the DST changes of
spring and autumn 2026, with rates at every level. Each report is then recomputed here in plain
Python from the entries as the core API returns them, with zoneinfo for local days, and compared.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support import Api, assert_clockify_error

S = "/v1/workspaces/{ws}"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def round_half_up(numerator: int, denominator: int) -> int:
    return (numerator + denominator // 2) // denominator


class World:
    """One workspace full of entries, and the facts needed to recompute its reports."""

    def __init__(self, api: Api) -> None:
        rng = random.Random(20261122)
        self.owner = owner = api.tenant("Reports", time_zone="America/New_York")
        self.members = [api.member(owner, name="Bea"), api.member(owner, name="Cy")]
        owner.ok("PATCH", S + "/member-profile/" + self.members[0].user_id, {"timeZone": "Europe/Berlin"}, status=200)
        owner.ok("PATCH", S + "/member-profile/" + self.members[1].user_id, {"timeZone": "Asia/Kolkata"}, status=200)
        self.people = [owner, *self.members]
        acme = owner.ok("POST", S + "/clients", {"name": "ACME"})
        self.projects = [
            owner.ok("POST", S + "/projects", {"name": "Website", "clientId": acme["id"], "billable": True,
                                               "memberships": [{"userId": m.user_id} for m in self.members]}),
            owner.ok("POST", S + "/projects", {"name": "Internal", "billable": False,
                                               "memberships": [{"userId": m.user_id} for m in self.members]}),
        ]
        web = self.projects[0]["id"]
        self.task = owner.ok("POST", S + f"/projects/{web}/tasks", {"name": "Design"})
        self.tags = [owner.ok("POST", S + "/tags", {"name": n}) for n in ("red", "blue")]
        # Rates at every level: workspace, member, project, project member, task, and one from a date.
        owner.ok("PUT", S + "/hourly-rate", {"amount": 5000}, status=200)
        owner.ok("PUT", S + "/cost-rate", {"amount": 2000}, status=200)
        owner.ok("PUT", S + f"/users/{self.members[0].user_id}/hourly-rate", {"amount": 6100}, status=200)
        owner.ok("PUT", S + f"/projects/{web}", {"hourlyRate": {"amount": 7300}, "costRate": {"amount": 3100}}, status=200)
        owner.ok("PUT", S + f"/projects/{web}/users/{self.members[1].user_id}/hourly-rate", {"amount": 8900}, status=200)
        owner.ok("PUT", S + f"/projects/{web}/tasks/{self.task['id']}/hourly-rate", {"amount": 9700}, status=200)
        owner.ok("PUT", S + f"/users/{self.members[0].user_id}/cost-rate", {"amount": 2600, "since": "2026-06-01T00:00:00Z"}, status=200)
        self.rates = {"ws": (5000, 2000), "bea": 6100, "bea_cost_from_june": 2600, "web": (7300, 3100), "cy_on_web": 8900, "task": 9700}
        # Entries around the DST changes of 2026 (US: 8 Mar, 1 Nov; EU: 29 Mar, 25 Oct), at odd minutes.
        anchors = [datetime(2026, 3, 7, tzinfo=UTC), datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC),
                   datetime(2026, 10, 31, tzinfo=UTC)]
        for anchor in anchors:
            for _ in range(14):
                person = rng.choice(self.people)
                start = anchor + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
                length = timedelta(minutes=rng.choice([7, 22, 45, 61, 95, 240, 533]), seconds=rng.randrange(60))
                body = {"start": iso(start), "end": iso(start + length), "description": rng.choice(["Build", "Review", ""])}
                choice = rng.random()
                if choice < 0.55:
                    body["projectId"] = web
                    if rng.random() < 0.4:
                        body["taskId"] = self.task["id"]
                elif choice < 0.8:
                    body["projectId"] = self.projects[1]["id"]
                if rng.random() < 0.5:
                    body["tagIds"] = rng.sample([t["id"] for t in self.tags], rng.randint(1, 2))
                if rng.random() < 0.15:
                    body["billable"] = not body.get("billable", True)
                person.ok("POST", S + "/time-entries", body)
        # Edges of New York's 23-hour 8 March: 23:59 EST on the 7th, 00:00 EST and 23:59 EDT on
        # the 8th, 00:00 EDT on the 9th.
        self.edges = [
            owner.ok("POST", S + "/time-entries", {"start": start, "end": iso(parse(start) + timedelta(minutes=10)),
                                                   "description": "edge"})["id"]
            for start in ("2026-03-08T04:59:00Z", "2026-03-08T05:00:00Z", "2026-03-09T03:59:00Z", "2026-03-09T04:00:00Z")
        ]
        self.entries = [e for p in self.people for e in p.ok("GET", S + "/user/{me}/time-entries?page-size=5000")]
        invoiced = [e["id"] for e in self.entries[::5]]
        owner.ok("PATCH", S + "/time-entries/invoiced", {"timeEntryIds": invoiced, "invoiced": True}, status=200)
        self.invoiced = set(invoiced)
        self.project_names = {p["id"]: p["name"] for p in self.projects}

    def expected_rates(self, entry: dict) -> tuple[int, int]:
        """The precedence, written out independently of the server's resolver."""
        r = self.rates
        user, project, task = entry["userId"], entry["projectId"], entry["taskId"]
        bea, cy = self.members[0].user_id, self.members[1].user_id
        web = self.projects[0]["id"]
        if project == web and user == cy:
            hourly = r["cy_on_web"]
        elif task == self.task["id"]:
            hourly = r["task"]
        elif user == bea:
            hourly = r["bea"]
        elif project == web:
            hourly = r["web"][0]
        else:
            hourly = r["ws"][0]
        if user == bea and parse(entry["timeInterval"]["start"]) >= datetime(2026, 6, 1, tzinfo=UTC):
            cost = r["bea_cost_from_june"]
        elif project == web:
            cost = r["web"][1]
        else:
            cost = r["ws"][1]
        return hourly, cost


@pytest.fixture(scope="module")
def world(client, backend):
    return World(Api(client, backend))


def reported_seconds(entry: dict, rounding: tuple[str, int] | None) -> int:
    seconds = int((parse(entry["timeInterval"]["end"]) - parse(entry["timeInterval"]["start"])).total_seconds())
    if rounding is None:
        return seconds
    mode, unit = rounding
    if mode == "UP":
        return -(-seconds // unit) * unit
    if mode == "DOWN":
        return seconds // unit * unit
    return round_half_up(seconds, unit) * unit


def recompute(world: World, zone: str, first: date, last: date, rounding=None) -> list[dict]:
    """The entries a report over local days [first, last] in `zone` must count, with their measures."""
    tz = ZoneInfo(zone)
    rows = []
    for entry in world.entries:
        start = parse(entry["timeInterval"]["start"])
        local = start.astimezone(tz)
        if not first <= local.date() <= last:
            continue
        seconds = reported_seconds(entry, rounding)
        hourly, cost = entry["hourlyRate"]["amount"], entry["costRate"]["amount"]
        rows.append({
            "id": entry["id"], "user": entry["userId"], "project": entry["projectId"], "task": entry["taskId"],
            "tags": entry["tagIds"], "date": local.date(), "billable": entry["billable"], "seconds": seconds,
            "earned": round_half_up(seconds * hourly, 3600) if entry["billable"] else 0,
            "cost": round_half_up(seconds * cost, 3600), "invoiced": entry["id"] in world.invoiced,
        })
    return rows


def window(first: date, last: date, zone: str | None = None, **extra) -> dict:
    body = {"dateRangeStart": f"{first.isoformat()}T00:00:00Z", "dateRangeEnd": f"{last.isoformat()}T23:59:59.999Z", **extra}
    if zone:
        body["timeZone"] = zone
    return body


def test_snapshotted_rates_follow_the_precedence(world):
    assert len(world.entries) == 60
    for entry in world.entries:
        assert (entry["hourlyRate"]["amount"], entry["costRate"]["amount"]) == world.expected_rates(entry), entry


ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"]
ROUNDINGS = [None, ("UP", 15 * 60), ("NEAREST", 6 * 60), ("DOWN", 60 * 60)]


def _set_rounding(world: World, rounding) -> None:
    if rounding is None:
        world.owner.ok("PATCH", S + "/settings", {"timeRoundingInReports": False}, status=200)
        return
    words = {"UP": "Round up", "DOWN": "Round down", "NEAREST": "Round to nearest"}[rounding[0]]
    world.owner.ok("PATCH", S + "/settings", {"timeRoundingInReports": True, "round": {"round": words, "minutes": str(rounding[1] // 60)}}, status=200)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("rounding", ROUNDINGS, ids=["exact", "up15", "nearest6", "down60"])
def test_summary_totals_and_groups_match_the_entries(world, zone, rounding):
    _set_rounding(world, rounding)
    first, last = date(2026, 3, 1), date(2026, 11, 30)
    expected = recompute(world, zone, first, last, rounding)
    body = window(first, last, zone, amounts=["EARNED", "COST", "PROFIT"], summaryFilter={"groups": ["USER", "PROJECT", "DATE"]})
    report = world.owner.ok("POST", S + "/reports/summary", body, status=200)
    totals = report["totals"][0]
    earned, cost = sum(r["earned"] for r in expected), sum(r["cost"] for r in expected)
    assert totals["entriesCount"] == len(expected)
    assert totals["totalTime"] == sum(r["seconds"] for r in expected)
    assert totals["totalBillableTime"] == sum(r["seconds"] for r in expected if r["billable"])
    assert totals["totalAmount"] == earned
    assert {a["type"]: a["value"] for a in totals["amounts"]} == {"EARNED": earned, "COST": cost, "PROFIT": earned - cost}
    by_user: dict = defaultdict(int)
    by_cell: dict = defaultdict(int)
    for r in expected:
        by_user[r["user"]] += r["seconds"]
        by_cell[(r["user"], r["project"] or "", r["date"].isoformat())] += r["seconds"]
    assert {g["_id"]: g["duration"] for g in report["groupOne"]} == dict(by_user)
    cells = {(u["_id"], p["_id"], d["_id"]): d["duration"] for u in report["groupOne"] for p in u["children"] for d in p["children"]}
    assert cells == dict(by_cell)
    for user in report["groupOne"]:
        assert user["duration"] == sum(p["duration"] for p in user["children"])
        assert user["amount"] == sum(p["amount"] for p in user["children"])


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
def test_weeks_months_tags_and_clients(world, zone):
    _set_rounding(world, None)
    first, last = date(2026, 3, 1), date(2026, 11, 30)
    expected = recompute(world, zone, first, last)
    web, acme_projects = world.projects[0]["id"], {world.projects[0]["id"]}
    for week_start in ("MONDAY", "SUNDAY"):
        offset = 0 if week_start == "MONDAY" else 1
        weeks: dict = defaultdict(int)
        for r in expected:
            weeks[(r["date"] - timedelta(days=(r["date"].weekday() + offset) % 7)).isoformat()] += r["seconds"]
        body = window(first, last, zone, weekStart=week_start, summaryFilter={"groups": ["WEEK"]})
        report = world.owner.ok("POST", S + "/reports/summary", body, status=200)
        assert {g["_id"]: g["duration"] for g in report["groupOne"]} == dict(weeks)
    months: dict = defaultdict(int)
    for r in expected:
        months[r["date"].strftime("%Y-%m")] += r["seconds"]
    report = world.owner.ok("POST", S + "/reports/summary", window(first, last, zone, summaryFilter={"groups": ["MONTH"]}), status=200)
    assert {g["_id"]: g["duration"] for g in report["groupOne"]} == dict(months)
    # An entry with two tags counts under both; the total counts it once.
    tags: dict = defaultdict(int)
    for r in expected:
        for tag in r["tags"] or [""]:
            tags[tag] += r["seconds"]
    body = window(first, last, zone, summaryFilter={"groups": ["TAG", "PROJECT"]})
    report = world.owner.ok("POST", S + "/reports/summary", body, status=200)
    assert {g["_id"]: g["duration"] for g in report["groupOne"]} == dict(tags)
    assert report["totals"][0]["totalTime"] == sum(r["seconds"] for r in expected)
    body = window(first, last, zone, summaryFilter={"groups": ["PROJECT", "TAG"]})
    report = world.owner.ok("POST", S + "/reports/summary", body, status=200)
    web_group = next(g for g in report["groupOne"] if g["_id"] == web)
    assert web_group["duration"] == sum(r["seconds"] for r in expected if r["project"] == web), "not the sum of its tag groups"
    clients: dict = defaultdict(int)
    client_id = world.owner.ok("GET", S + "/clients")[0]["id"]
    for r in expected:
        clients[client_id if r["project"] in acme_projects else ""] += r["seconds"]
    report = world.owner.ok("POST", S + "/reports/summary", window(first, last, zone, summaryFilter={"groups": ["CLIENT"]}), status=200)
    assert {g["_id"]: g["duration"] for g in report["groupOne"]} == dict(clients)


def test_a_dst_day_is_a_local_day(world):
    """8 March 2026 has 23 hours in New York: the report's day is exactly that local day."""
    _set_rounding(world, None)
    day = date(2026, 3, 8)
    expected = recompute(world, "America/New_York", day, day)
    assert {r["id"] for r in expected} >= set(world.edges[1:3]) and not {r["id"] for r in expected} & {world.edges[0], world.edges[3]}
    report = world.owner.ok("POST", S + "/reports/summary", window(day, day, "America/New_York", summaryFilter={"groups": ["DATE"]}), status=200)
    assert [g["_id"] for g in report["groupOne"]] == ["2026-03-08"]
    assert report["totals"][0]["entriesCount"] == len(expected)
    body = window(day, day, "America/New_York", detailedFilter={"pageSize": 5000})
    ids = {r["id"] for r in world.owner.ok("POST", S + "/reports/detailed", body, status=200)["timeentries"]}
    assert ids == {r["id"] for r in expected}
    tz = ZoneInfo("America/New_York")
    assert datetime(2026, 3, 9, tzinfo=tz).astimezone(UTC) - datetime(2026, 3, 8, tzinfo=tz).astimezone(UTC) == timedelta(hours=23)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Kolkata"])
def test_detailed_pages_and_filters(world, zone):
    _set_rounding(world, None)
    first, last = date(2026, 3, 1), date(2026, 11, 30)
    expected = recompute(world, zone, first, last)
    seen = []
    page = 1
    while True:
        body = window(first, last, zone, detailedFilter={"page": page, "pageSize": 7, "sortColumn": "DATE"}, sortOrder="ASCENDING")
        response = world.owner.post(S + "/reports/detailed", body)
        assert response.status_code == 200, response.text
        rows = response.json()["timeentries"]
        seen += rows
        if response.headers["Last-Page"] == "true":
            break
        assert len(rows) == 7
        page += 1
    assert [r["id"] for r in seen] == [r["id"] for r in sorted(expected, key=lambda r: (
        next(e for e in world.entries if e["id"] == r["id"])["timeInterval"]["start"], r["id"]))]
    by_id = {r["id"]: r for r in expected}
    tz = ZoneInfo(zone)
    for row in seen:
        mine = by_id[row["id"]]
        assert row["timeInterval"]["duration"] == mine["seconds"]
        assert row["earnedAmount"] == mine["earned"] and row["costAmount"] == mine["cost"]
        assert datetime.fromisoformat(row["timeInterval"]["start"]).utcoffset() == parse(
            next(e for e in world.entries if e["id"] == row["id"])["timeInterval"]["start"]).astimezone(tz).utcoffset()
    web, red = world.projects[0]["id"], world.tags[0]["id"]
    cases = [
        ({"projects": {"ids": [web]}}, lambda r: r["project"] == web),
        ({"projects": {"ids": [web], "contains": "DOES_NOT_CONTAIN"}}, lambda r: r["project"] != web),
        ({"tags": {"ids": [red]}}, lambda r: red in (r["tags"] or [])),
        ({"tags": {"ids": [red], "contains": "DOES_NOT_CONTAIN"}}, lambda r: red not in (r["tags"] or [])),
        ({"tags": {"ids": [red], "contains": "CONTAINS_ONLY"}}, lambda r: (r["tags"] or []) == [red]),
        ({"users": {"ids": [world.members[0].user_id]}}, lambda r: r["user"] == world.members[0].user_id),
        ({"tasks": {"ids": [world.task["id"]]}}, lambda r: r["task"] == world.task["id"]),
        ({"billable": False}, lambda r: not r["billable"]),
        ({"invoicingState": "INVOICED"}, lambda r: r["invoiced"]),
        ({"invoicingState": "UNINVOICED"}, lambda r: not r["invoiced"]),
        ({"clients": {"ids": [world.owner.ok("GET", S + "/clients")[0]["id"]]}}, lambda r: r["project"] == web),
        ({"description": "BUI"}, lambda r: "bui" in _description(world, r).lower()),
        ({"withoutDescription": True}, lambda r: _description(world, r) == ""),
    ]
    for extra, keep in cases:
        body = window(first, last, zone, detailedFilter={"page": 1, "pageSize": 5000}, **extra)
        report = world.owner.ok("POST", S + "/reports/detailed", body, status=200)
        assert sorted(r["id"] for r in report["timeentries"]) == sorted(r["id"] for r in expected if keep(r)), extra
        assert report["totals"][0]["totalTime"] == sum(r["seconds"] for r in expected if keep(r)), extra


def _description(world: World, row: dict) -> str:
    return next(e for e in world.entries if e["id"] == row["id"])["description"]


def test_user_group_filter(api):
    owner = api.tenant()
    ana, ben = api.member(owner, name="Ana"), api.member(owner, name="Ben")
    group = owner.ok("POST", S + "/user-groups", {"name": "Crew"})
    owner.ok("POST", S + f"/user-groups/{group['id']}/users", {"userId": ana.user_id}, status=200)
    mine = ana.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"})
    ben.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T11:00:00Z"})
    body = window(date(2026, 3, 1), date(2026, 3, 31), "UTC")
    inside = owner.ok("POST", S + "/reports/detailed", {**body, "userGroups": {"ids": [group["id"]]}}, status=200)
    assert [r["id"] for r in inside["timeentries"]] == [mine["id"]]
    outside = owner.ok("POST", S + "/reports/summary", {**body, "userGroups": {"ids": [group["id"]], "contains": "DOES_NOT_CONTAIN"}}, status=200)
    assert outside["totals"][0]["totalTime"] == 7200
    grouped = owner.ok("POST", S + "/reports/summary", {**body, "summaryFilter": {"groups": ["USER_GROUP"]}}, status=200)
    assert {g["name"]: g["duration"] for g in grouped["groupOne"]} == {"Crew": 3600, "(Without group)": 7200}


def test_weekly_report(world):
    _set_rounding(world, None)
    first, last = date(2026, 10, 26), date(2026, 11, 1)  # Monday to Sunday; Europe's DST ended the day before
    zone = "Europe/Berlin"
    expected = recompute(world, zone, first, last)
    body = window(first, last, zone, weeklyFilter={"group": "PROJECT", "subgroup": "TIME"})
    report = world.owner.ok("POST", S + "/reports/weekly", body, status=200)
    days = [(first + timedelta(days=i)).isoformat() for i in range(7)]
    assert [d["date"] for d in report["totalsByDay"]] == days
    for d in report["totalsByDay"]:
        assert d["duration"] == sum(r["seconds"] for r in expected if r["date"].isoformat() == d["date"])
    for group in report["groupOne"]:
        assert group["duration"] == sum(r["seconds"] for r in expected if (r["project"] or "") == group["_id"])
        assert group["duration"] == sum(c["duration"] for c in group["children"])
        assert [d["duration"] for d in group["days"]] == [
            sum(r["seconds"] for r in expected if (r["project"] or "") == group["_id"] and r["date"].isoformat() == day) for day in days
        ]
    exclusive = {**window(first, last, zone), "dateRangeEnd": "2026-11-02T00:00:00Z"}
    assert world.owner.ok("POST", S + "/reports/weekly", exclusive, status=200)["totals"] == report["totals"]
    eight = window(first, last + timedelta(days=1), zone)
    assert_clockify_error(world.owner.post(S + "/reports/weekly", eight), 400, 501, "exactly 7 days")


def test_billing_report(world):
    _set_rounding(world, None)
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    expected = recompute(world, "UTC", first, last)
    report = world.owner.ok("POST", S + "/reports/billing", window(first, last, "UTC"), status=200)
    lines = {line["projectId"]: line for line in report["lines"]}
    for project in {r["project"] for r in expected if r["billable"]}:
        mine = [r for r in expected if r["project"] == project and r["billable"]]
        line = lines[project]
        assert line["billableTime"] == sum(r["seconds"] for r in mine)
        assert line["amount"] == sum(r["earned"] for r in mine)
        assert line["invoicedAmount"] == sum(r["earned"] for r in mine if r["invoiced"])
        assert line["uninvoicedAmount"] == line["amount"] - line["invoicedAmount"]
    assert report["totals"][0]["amount"] == sum(r["earned"] for r in expected)


def test_amount_shown_and_hidden(world):
    _set_rounding(world, None)
    first, last = date(2026, 3, 1), date(2026, 11, 30)
    expected = recompute(world, "UTC", first, last)
    for shown, value in (("EARNED", sum(r["earned"] for r in expected)), ("COST", sum(r["cost"] for r in expected)),
                         ("PROFIT", sum(r["earned"] - r["cost"] for r in expected))):
        report = world.owner.ok("POST", S + "/reports/summary", window(first, last, "UTC", amountShown=shown), status=200)
        assert report["totals"][0]["totalAmount"] == value
        assert sum(g["amount"] for g in report["groupOne"]) == value
    hidden = world.owner.ok("POST", S + "/reports/summary", window(first, last, "UTC", amountShown="HIDE_AMOUNT"), status=200)
    assert hidden["totals"][0]["totalAmount"] is None and hidden["groupOne"][0]["amount"] is None


def test_members_report_on_their_own_time_only(world):
    member = world.members[0]
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    report = member.ok("POST", S + "/reports/detailed", window(first, last, "UTC", detailedFilter={"pageSize": 5000}), status=200)
    assert report["timeentries"] and {r["userId"] for r in report["timeentries"]} == {member.user_id}


def test_report_paths_and_window_errors(world):
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    body = window(first, last, "UTC")
    direct = world.owner.ok("POST", S + "/reports/summary", body, status=200)
    for prefix in ("/api/v1", "/report/v1", "/reports/v1"):
        assert world.owner.ok("POST", prefix + "/workspaces/{ws}/reports/summary/", body, status=200) == direct
    assert_clockify_error(world.owner.post(S + "/reports/summary", {**body, "timeZone": "Moon/Base"}), 400, 501, "time zone")
    assert_clockify_error(world.owner.post(S + "/reports/summary", {**body, "dateRangeEnd": "2026-02-01T00:00:00Z"}), 400, 501, "dateRangeEnd")
    assert_clockify_error(world.owner.post(S + "/reports/summary", {**body, "summaryFilter": {"groups": ["COLOR"]}}), 400, 501, "group")
    assert_clockify_error(world.owner.post(S + "/reports/summary", {**body, "summaryFilter": {"groups": ["USER", "USER"]}}), 400, 501)
    assert_clockify_error(world.owner.post(S + "/reports/summary", {"dateRangeStart": "2026-03-01T00:00:00Z"}), 400, 501, "dateRangeEnd")
    assert_clockify_error(world.owner.post(S + "/reports/detailed", {**body, "detailedFilter": {"pageSize": 5001}}), 400, 501, "pageSize")
    assert_clockify_error(world.owner.post(S + "/reports/detailed", {**body, "exportType": "ZIP"}), 400, 501, "ZIP")
    assert_clockify_error(world.owner.post(S + "/reports/detailed", {**body, "users": {"ids": [], "status": "SLEEPING"}}), 400, 501)
    assert_clockify_error(world.owner.post(S + "/reports/detailed", {**body, "exportType": "CSV", "dateFormat": "YY"}), 400, 501, "dateFormat")


def test_named_ranges(world):
    owner = world.owner
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    today_entry = owner.ok("POST", S + "/time-entries", {"start": iso(midnight + timedelta(seconds=30)),
                                                         "end": iso(midnight + timedelta(seconds=40))})
    try:
        for named, included in (("TODAY", True), ("THIS_WEEK", True), ("THIS_MONTH", True), ("THIS_YEAR", True),
                                ("YESTERDAY", False), ("LAST_MONTH", False), ("LAST_YEAR", False)):
            body = {"dateRangeType": named, "timeZone": "UTC", "detailedFilter": {"pageSize": 5000}}
            ids = [r["id"] for r in owner.ok("POST", S + "/reports/detailed", body, status=200)["timeentries"]]
            assert (today_entry["id"] in ids) == included, named
    finally:
        owner.delete(S + f"/time-entries/{today_entry['id']}")


def test_detailed_totals_come_with_the_first_page_or_on_request(world):
    first, last = date(2026, 3, 1), date(2026, 11, 30)
    expected = recompute(world, "UTC", first, last)
    page = lambda number, **options: world.owner.ok("POST", S + "/reports/detailed", window(  # noqa: E731
        first, last, "UTC", detailedFilter={"page": number, "pageSize": 10, **options}), status=200)
    assert page(1)["totals"][0]["entriesCount"] == len(expected)
    assert page(2)["totals"] == []
    assert page(2, options={"totals": "CALCULATE"})["totals"][0]["entriesCount"] == len(expected)
    assert page(1, options={"totals": "EXCLUDE"})["totals"] == []
