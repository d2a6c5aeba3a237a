"""Payroll periods and overtime, report exports in every format, and workspace settings."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support import assert_clockify_error

S = "/v1/workspaces/{ws}"


def work(caller, day: str, hours: float, start_hour: int = 8, **fields) -> dict:
    start = datetime.fromisoformat(f"{day}T{start_hour:02d}:00:00+00:00")
    end = start + timedelta(seconds=int(hours * 3600))
    return caller.ok("POST", S + "/time-entries", {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                   "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"), **fields})


def payroll(caller, first: str, last: str, **extra) -> dict:
    body = {"dateRangeStart": f"{first}T00:00:00Z", "dateRangeEnd": f"{last}T23:59:59Z", **extra}
    return caller.ok("POST", S + "/reports/payroll", body, status=200)


def test_daily_and_weekly_overtime(api):
    owner = api.tenant()
    worker = api.member(owner, name="Dana")
    owner.ok("PUT", S + "/cost-rate", {"amount": 3000}, status=200)
    # Monday 2 March 2026 to Saturday 7 March: 10, 10, 10, 10, 8 and 4 hours.
    for day, hours in zip(range(2, 8), (10, 10, 10, 10, 8, 4), strict=True):
        work(worker, f"2026-03-{day:02d}", hours)
    report = payroll(owner, "2026-03-02", "2026-03-08", period="WEEKLY", overtime={"daily": "PT8H", "weekly": "PT40H"})
    (line,) = report["lines"]
    # Daily overtime 4 x 2 h = 8 h; regular so far 8 x 4 + 8 = 40 h, so Saturday's 4 h are weekly overtime.
    assert (line["regularTime"], line["overtimeTime"], line["totalTime"]) == (40 * 3600, 12 * 3600, 52 * 3600)
    assert line["costAmount"] == 52 * 3000 and line["periodStart"] == "2026-03-02" and line["periodEnd"] == "2026-03-08"
    weekly_only = payroll(owner, "2026-03-02", "2026-03-08", overtime={"daily": None, "weekly": "PT40H"})["lines"][0]
    assert (weekly_only["regularTime"], weekly_only["overtimeTime"]) == (40 * 3600, 12 * 3600)
    none = payroll(owner, "2026-03-02", "2026-03-08", overtime={"daily": None, "weekly": None})["lines"][0]
    assert (none["regularTime"], none["overtimeTime"]) == (52 * 3600, 0)
    # A window that cuts the week still sees the whole week: Saturday alone is all overtime.
    saturday = payroll(owner, "2026-03-07", "2026-03-07", overtime={"daily": "PT8H", "weekly": "PT40H"})["lines"][0]
    assert (saturday["regularTime"], saturday["overtimeTime"]) == (0, 4 * 3600)


def test_pay_periods(api):
    owner = api.tenant()
    owner.ok("PATCH", S + "/settings", {"overtime": {"daily": None, "weekly": None}, "payroll": {"anchorDate": "2026-03-02"}}, status=200)
    for day in ("2026-03-01", "2026-03-15", "2026-03-16", "2026-03-31", "2026-04-01"):
        work(owner, day, 1, billable=True)
    periods = lambda name: [(x["periodStart"], x["periodEnd"], x["totalTime"] // 3600)  # noqa: E731
                            for x in payroll(owner, "2026-03-01", "2026-04-01", period=name)["lines"]]
    assert periods("MONTHLY") == [("2026-03-01", "2026-03-31", 4), ("2026-04-01", "2026-04-30", 1)]
    assert periods("SEMIMONTHLY") == [("2026-03-01", "2026-03-15", 2), ("2026-03-16", "2026-03-31", 2), ("2026-04-01", "2026-04-15", 1)]
    assert periods("BIWEEKLY") == [("2026-02-16", "2026-03-01", 1), ("2026-03-02", "2026-03-15", 1),
                                   ("2026-03-16", "2026-03-29", 1), ("2026-03-30", "2026-04-12", 2)]
    assert periods("WEEKLY")[0] == ("2026-02-23", "2026-03-01", 1)
    lines = payroll(owner, "2026-03-01", "2026-04-01", period="MONTHLY")["lines"]
    assert lines[0]["billableTime"] == 4 * 3600 and lines[0]["nonBillableTime"] == 0


def test_payroll_counts_the_day_in_the_owners_zone(api):
    owner = api.tenant(time_zone="America/Argentina/Buenos_Aires")
    # 23:30 on Sunday 8 March in Buenos Aires is 02:30Z on Monday: it belongs to the Sunday.
    work(owner, "2026-03-09", 1, start_hour=2)
    report = payroll(owner, "2026-03-02", "2026-03-15", period="WEEKLY", overtime={"weekly": None, "daily": None})
    assert [(x["periodStart"], x["totalTime"]) for x in report["lines"]] == [("2026-03-02", 3600)]


def test_payroll_refuses_bad_input(api):
    owner = api.tenant()
    assert_clockify_error(owner.post(S + "/reports/payroll", {"dateRangeStart": "2026-03-01T00:00:00Z",
                                                              "dateRangeEnd": "2026-03-31T00:00:00Z", "period": "DAILY"}), 400, 501, "period")
    assert_clockify_error(owner.post(S + "/reports/payroll", {"dateRangeStart": "2026-03-01T00:00:00Z", "dateRangeEnd": "2026-03-31T00:00:00Z",
                                                              "overtime": {"daily": "PT30H"}}), 400, 501, "daily")


@pytest.fixture(scope="module")
def exported(client, backend):
    from tests.support import Api

    api = Api(client, backend)
    owner = api.tenant("Exports Ltd", time_zone="Europe/Berlin")
    project = owner.ok("POST", S + "/projects", {"name": "Web, \"quoted\"", "billable": True, "hourlyRate": {"amount": 12000}})
    tag = owner.ok("POST", S + "/tags", {"name": "urgent"})
    owner.ok("PUT", S + "/cost-rate", {"amount": 5000}, status=200)
    for i in range(130):
        day = date(2026, 3, 1) + timedelta(days=i % 28)
        work(owner, day.isoformat(), 0.25 + (i % 7) * 0.5, start_hour=6 + i % 10, projectId=project["id"],
             description=f"Task {i}, line\nnext" if i == 0 else f"Task {i}", tagIds=[tag["id"]] if i % 2 else [])
    body = {"dateRangeStart": "2026-03-01T00:00:00Z", "dateRangeEnd": "2026-03-31T23:59:59Z", "amounts": ["EARNED", "COST"],
            "projects": {"ids": [project["id"]]}}
    detailed = owner.ok("POST", S + "/reports/detailed", {**body, "detailedFilter": {"pageSize": 5000}, "sortOrder": "ASCENDING"}, status=200)
    return owner, body, detailed


def _download(owner, path: str, body: dict, kind: str) -> bytes:
    response = owner.post(S + path, {**body, "exportType": kind})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return response.content


def test_detailed_csv(exported):
    owner, body, detailed = exported
    content = _download(owner, "/reports/detailed", {**body, "sortOrder": "ASCENDING", "dateFormat": "DD.MM.YYYY"}, "CSV")
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    entries = detailed["timeentries"]
    assert len(rows) == len(entries) == 130
    assert list(rows[0])[:16] == ["Project", "Client", "Description", "Task", "User", "Email", "Tags", "Type", "Billable",
                                  "Invoiced", "Start Date", "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"]
    for row, entry in zip(rows, entries, strict=True):
        start = datetime.fromisoformat(entry["timeInterval"]["start"])
        seconds = entry["timeInterval"]["duration"]
        assert row["Description"] == entry["description"] and row["Project"] == 'Web, "quoted"'
        assert row["Start Date"] == start.strftime("%d.%m.%Y") and row["Start Time"] == start.strftime("%H:%M")
        assert row["Duration (h)"] == f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        assert row["Duration (decimal)"] == f"{(seconds * 100 + 1800) // 3600 / 100:.2f}"
        assert row["Billable Rate (USD)"] == "120.00" and row["Billable Amount (USD)"] == f"{entry['earnedAmount'] / 100:.2f}"
        assert row["Cost Amount (USD)"] == f"{entry['costAmount'] / 100:.2f}"
        assert row["Tags"] == ", ".join(t["name"] for t in entry["tags"])


def test_detailed_xlsx(exported):
    owner, body, detailed = exported
    workbook = load_workbook(io.BytesIO(_download(owner, "/reports/detailed", {**body, "sortOrder": "ASCENDING"}, "XLSX")))
    sheet = workbook["Report"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 130
    duration = header.index("Duration (h)")
    amount = header.index("Billable Amount (USD)")
    for row, entry in zip(rows, detailed["timeentries"], strict=True):
        cell = row[duration]  # openpyxl reads an [h]:mm:ss number back as a timedelta
        seconds = cell.total_seconds() if isinstance(cell, timedelta) else cell * 86400
        assert seconds == pytest.approx(entry["timeInterval"]["duration"])
        assert row[amount] == pytest.approx(entry["earnedAmount"] / 100)
    summary_sheet = " ".join(str(c.value) for row in workbook["Summary"].iter_rows() for c in row if c.value is not None)
    assert "Detailed report" in summary_sheet and "Exports Ltd" in summary_sheet


def test_detailed_pdf(exported):
    owner, body, detailed = exported
    reader = PdfReader(io.BytesIO(_download(owner, "/reports/detailed", {**body, "sortOrder": "ASCENDING"}, "PDF")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1
    assert "Detailed report" in text and "Exports Ltd" in text and "2026-03-01 – 2026-03-31 (Europe/Berlin)" in text
    plain = [e for e in detailed["timeentries"] if "\n" not in e["description"]]
    assert plain[0]["description"] in text and plain[-1]["description"] in text and "urgent" in text
    total = detailed["totals"][0]
    hours, rest = divmod(total["totalTime"], 3600)
    assert f"{hours}:{rest // 60:02d}:{rest % 60:02d}" in text
    assert f"{total['amounts'][0]['value'] / 100:.2f}" in text


@pytest.mark.parametrize("kind", ["CSV", "XLSX", "PDF"])
@pytest.mark.parametrize("path", ["/reports/summary", "/reports/weekly", "/reports/payroll", "/reports/billing"])
def test_every_report_exports(exported, kind, path):
    owner, body, _ = exported
    if path == "/reports/weekly":
        body = {**body, "dateRangeStart": "2026-03-02T00:00:00Z", "dateRangeEnd": "2026-03-08T23:59:59Z"}
    if path == "/reports/summary":
        body = {**body, "summaryFilter": {"groups": ["PROJECT", "DATE"]}}
    json_report = owner.ok("POST", S + path, body, status=200)
    content = _download(owner, path, body, kind)
    if kind == "CSV":
        rows = list(csv.reader(io.StringIO(content.decode())))
        if path == "/reports/summary":
            assert len(rows) - 1 == 1 + len(json_report["groupOne"][0]["children"])
        elif path == "/reports/payroll":
            assert len(rows) - 1 == len(json_report["lines"])
        elif path == "/reports/billing":
            assert rows[1][:2] == ["(Without client)", 'Web, "quoted"']
        else:
            assert rows[-1][0] == "Total"
    elif kind == "XLSX":
        assert load_workbook(io.BytesIO(content))["Report"].max_row > 1
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert "Exports Ltd" in text and "report" in text.lower()


def test_settings_change_and_validation(api):
    owner = api.tenant()
    changed = owner.ok("PATCH", S + "/settings", {
        "currency": "EUR", "timeZone": "Europe/Berlin", "weekStart": "SUNDAY", "round": {"round": "Round up", "minutes": "30"},
        "timeRoundingInReports": True, "durationFormat": "DECIMAL", "forceTags": True,
        "overtime": {"daily": "PT9H"}, "payroll": {"period": "SEMIMONTHLY"},
    }, status=200)
    settings = changed["workspaceSettings"]
    assert changed["hourlyRate"]["currency"] == "EUR"
    assert (settings["timeZone"], settings["weekStart"], settings["durationFormat"], settings["forceTags"]) == ("Europe/Berlin", "SUNDAY", "DECIMAL", True)
    assert settings["round"] == {"round": "Round up", "minutes": "30"} and settings["timeRoundingInReports"] is True
    assert settings["overtime"] == {"daily": 9 * 3600, "weekly": 40 * 3600} and settings["payroll"]["period"] == "SEMIMONTHLY"
    assert owner.ok("GET", S)["workspaceSettings"] == settings
    for bad, field in (({"round": {"minutes": "7"}}, "minutes"), ({"timeZone": "Nowhere"}, "zone"), ({"currency": "euro"}, "currency"),
                       ({"overtime": {"weekly": "PT200H"}}, "weekly"), ({"payroll": {"anchorDate": "soon"}}, "anchorDate"),
                       ({"weekStart": "FUNDAY"}, "weekStart")):
        assert_clockify_error(owner.patch(S + "/settings", bad), 400, 501, field)
    assert owner.ok("GET", S)["workspaceSettings"] == settings
    member = api.member(owner)
    assert_clockify_error(member.patch(S + "/settings", {"weekStart": "MONDAY"}), 403, 501)
    lock = owner.ok("PATCH", S + "/settings", {"lockTimeEntries": "2026-01-01T00:00:00Z"}, status=200)
    assert lock["workspaceSettings"]["lockTimeEntries"] == "2026-01-01T00:00:00Z"
    old = owner.ok("POST", S + "/time-entries", {"start": "2025-12-30T09:00:00Z", "end": "2025-12-30T10:00:00Z", "tagIds": [
        owner.ok("POST", S + "/tags", {"name": "t"})["id"]]})
    assert old["isLocked"] is True
    assert_clockify_error(member.post(S + "/time-entries", {"start": "2025-12-30T09:00:00Z", "end": "2025-12-30T10:00:00Z"}), 400, 501)


def test_rounding_and_currency_reach_the_reports(api):
    owner = api.tenant()
    owner.ok("PUT", S + "/hourly-rate", {"amount": 6000, "currency": "EUR"}, status=200)
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:07:00Z", "billable": True})
    body = {"dateRangeStart": "2026-03-02T00:00:00Z", "dateRangeEnd": "2026-03-02T23:59:59Z", "timeZone": "UTC"}
    exact = owner.ok("POST", S + "/reports/summary", body, status=200)["totals"][0]
    assert (exact["totalTime"], exact["totalAmount"], exact["totalAmountByCurrency"]) == (420, 700, [{"currency": "EUR", "amount": 700}])
    owner.ok("PATCH", S + "/settings", {"round": {"round": "Round up", "minutes": "15"}}, status=200)
    assert owner.ok("POST", S + "/reports/summary", body, status=200)["totals"][0]["totalTime"] == 420, "rounding is off until asked for"
    rounded = owner.ok("POST", S + "/reports/summary", {**body, "rounding": True}, status=200)["totals"][0]
    assert (rounded["totalTime"], rounded["totalAmount"]) == (900, 1500)
    owner.ok("PATCH", S + "/settings", {"timeRoundingInReports": True}, status=200)
    assert owner.ok("POST", S + "/reports/summary", body, status=200)["totals"][0]["totalTime"] == 900


def test_rerating_in_sql_agrees_with_the_resolver(api):
    """The database's re-rating and the Python resolver read the same rates the same way."""
    import random

    from tests.api.clockify.test_reports import parse

    owner = api.tenant()
    people = [owner, api.member(owner), api.member(owner)]
    projects = [owner.ok("POST", S + "/projects", {"name": f"Project {i}", "memberships": [{"userId": p.user_id} for p in people]})
                for i in range(2)]
    tasks = [owner.ok("POST", S + f"/projects/{p['id']}/tasks", {"name": "Work"}) for p in projects]
    rng = random.Random(7)
    entries = []
    for i in range(40):
        person, k = rng.choice(people), rng.randrange(2)
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(300), hours=rng.randrange(24))
        body = {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
        if rng.random() < 0.7:
            body["projectId"] = projects[k]["id"]
            if rng.random() < 0.5:
                body["taskId"] = tasks[k]["id"]
        entries.append(person.ok("POST", S + "/time-entries", body)["id"])
    since = lambda: rng.choice([None, f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T00:00:00Z"])  # noqa: E731
    for _ in range(12):
        kind = rng.choice(["ws", "member", "project", "pm", "task"])
        body = {"amount": rng.randrange(100, 20000)}
        when = since()
        if when:
            body["since"] = when
        if kind == "ws":
            owner.ok("PUT", S + "/hourly-rate", body, status=200)
        elif kind == "member":
            owner.ok("PUT", S + f"/users/{rng.choice(people).user_id}/hourly-rate", body, status=200)
        elif kind == "project":
            owner.ok("PUT", S + f"/projects/{rng.choice(projects)['id']}", {"hourlyRate": body}, status=200)
        elif kind == "pm":
            owner.ok("PUT", S + f"/projects/{rng.choice(projects)['id']}/users/{rng.choice(people).user_id}/hourly-rate", body, status=200)
        else:
            k = rng.randrange(2)
            owner.ok("PUT", S + f"/projects/{projects[k]['id']}/tasks/{tasks[k]['id']}/hourly-rate", body, status=200)
    stored = {e: owner.ok("GET", S + f"/time-entries/{e}") for e in entries}

    async def resolve_all(db):
        from timeledger.services import rates

        async with db.read() as conn:
            return {e["id"]: (await rates.resolve_for_entry(conn, owner.ws, e["userId"], e["projectId"], e["taskId"],
                                                             parse(e["timeInterval"]["start"])))[0] for e in stored.values()}

    resolved = api.run(resolve_all, api.db)
    assert {e: stored[e]["hourlyRate"]["amount"] for e in entries} == {e: resolved[e] or 0 for e in entries}
