"""The reports page over HTTP, on SQLite and PostgreSQL: the totals the page shows equal the Clockify
reports API's for the same filters, each export downloads and parses, a member sees only their own
time, and bad filters get a message, never a 500."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from tests.support import Api, Caller
from tests.web.support import PASSWORD, Visitor, owner_with_password

S = "/v1/workspaces/{ws}"
WEEK = "range=custom&from=2026-03-02&to=2026-03-08"
WEEK_BODY = {"dateRangeStart": "2026-03-02T00:00:00Z", "dateRangeEnd": "2026-03-08T23:59:59.999Z"}


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@pytest.fixture
def seeded(api: Api) -> dict:
    """An owner (Europe/Berlin) with two projects, a client, a tag, a member with a password, and a
    week of entries from both people."""
    from timeledger.services.users import create_member

    owner = owner_with_password(api, "Reports")
    client = owner.ok("POST", S + "/clients", {"name": "Acme <Corp>"})
    web = owner.ok("POST", S + "/projects", {"name": "Website", "clientId": client["id"], "color": "#1f6feb",
                                              "billable": True, "hourlyRate": {"amount": 10000}})
    docs = owner.ok("POST", S + "/projects", {"name": "Docs & Manuals", "color": "#e8590c"})
    tag = owner.ok("POST", S + "/tags", {"name": "urgent"})
    email = f"mia-{web['id'][-6:]}@example.com"
    member_id, member_key = api.run(create_member, api.db, owner.ws, email, "Mia Member", "MEMBER", PASSWORD)
    member = Caller(api.client, member_key, member_id, owner.ws, email)
    # Berlin is UTC+1 in early March: 08:00Z is 09:00 local.
    for caller, start, end, project, text, billable in (
        (owner, "2026-03-02T08:00:00Z", "2026-03-02T10:30:00Z", web, "Landing page", True),
        (owner, "2026-03-03T13:00:00Z", "2026-03-03T14:00:00Z", docs, "Write the manual", False),
        (owner, "2026-03-05T08:00:00Z", "2026-03-05T08:45:00Z", web, "Fix <script> bug", True),
        (member, "2026-03-04T09:00:00Z", "2026-03-04T12:00:00Z", docs, "Member secret work", False),
    ):
        caller.ok("POST", S + "/time-entries", {"start": start, "end": end, "projectId": project["id"],
                                                "description": text, "billable": billable,
                                                "tagIds": [tag["id"]] if text == "Landing page" else []})
    visitor = Visitor(api)
    assert visitor.sign_in(owner.email).status_code == 303
    return {"owner": owner, "member": member, "web": web, "docs": docs, "client": client, "tag": tag,
            "visitor": visitor, "member_email": email}


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"#{element_id} not in page"
    return unescape(match.group(1)).strip()


def test_summary_totals_match_the_reports_api(api: Api, seeded):
    owner, visitor = seeded["owner"], seeded["visitor"]
    page = visitor.get(f"/reports?{WEEK}")
    assert page.status_code == 200, page.text
    expected = owner.ok("POST", "/reports/v1/workspaces/{ws}/reports/summary",
                        {**WEEK_BODY, "summaryFilter": {"groups": ["PROJECT"]}}, status=200)
    totals = expected["totals"][0]
    assert _text(page.text, "total-time") == _hms(totals["totalTime"]) == "7:15:00"
    assert _text(page.text, "billable-time") == _hms(totals["totalBillableTime"]) == "3:15:00"
    amount = totals["totalAmount"]
    assert amount == 32500  # 3:15 billable at 100.00 an hour
    assert _text(page.text, "total-amount").startswith("325.00 ")
    # The chart: an SVG with a title, one bar per day of the week, heights in proportion.
    svg = re.search(r'<svg[^>]*class="chart bar-chart".*?</svg>', page.text, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    seconds = [int(s) for s in re.findall(r'class="bar"[^>]*data-seconds="(\d+)"', svg)]
    assert seconds == [9000, 3600 + 0, 10800, 2700, 0, 0, 0]
    # The breakdown by project: names escaped, each project's time and share.
    assert "Docs &amp; Manuals" in page.text and "Docs & Manuals" not in page.text.replace("Docs &amp;", "")
    groups = {g["name"]: g["duration"] for g in expected["groupOne"]}
    assert groups == {"Website": 11700, "Docs & Manuals": 14400}
    assert "Acme &lt;Corp&gt;" in page.text
    assert "55.2%" in page.text and "44.8%" in page.text


def test_group_by_user_then_tag_and_filters(api: Api, seeded):
    visitor, web = seeded["visitor"], seeded["web"]
    page = visitor.get(f"/reports?{WEEK}&group=USER&subgroup=TAG")
    assert page.status_code == 200 and "Mia Member" in page.text and "urgent" in page.text
    only_web = visitor.get(f"/reports?{WEEK}&project={web['id']}")
    assert _text(only_web.text, "total-time") == "3:15:00"
    non_billable = visitor.get(f"/reports?{WEEK}&billable=no")
    assert _text(non_billable.text, "total-time") == "4:00:00"
    described = visitor.get(f"/reports?{WEEK}&description=manual")
    assert _text(described.text, "total-time") == "1:00:00"
    by_client = visitor.get(f"/reports?{WEEK}&client={seeded['client']['id']}")
    assert _text(by_client.text, "total-time") == "3:15:00"
    by_tag = visitor.get(f"/reports?{WEEK}&tag={seeded['tag']['id']}")
    assert _text(by_tag.text, "total-time") == "2:30:00"


def test_detailed_and_weekly_tabs(api: Api, seeded):
    visitor = seeded["visitor"]
    detailed = visitor.get(f"/reports?tab=detailed&{WEEK}")
    assert detailed.status_code == 200
    text = detailed.text
    # Start–end in the user's zone (Berlin, UTC+1) and 24-hour format.
    assert "09:00–11:30" in text and "Landing page" in text and "Fix &lt;script&gt; bug" in text
    assert "<script> bug" not in text
    assert "Mia Member" in text and "Member secret work" in text  # the owner sees everyone
    weekly = visitor.get(f"/reports?tab=weekly&{WEEK}")
    assert weekly.status_code == 200
    assert "Website" in weekly.text and "Docs &amp; Manuals" in weekly.text and "7:15:00" in weekly.text
    by_user = visitor.get(f"/reports?tab=weekly&{WEEK}&weekly_by=USER")
    assert "Mia Member" in by_user.text and "3:00:00" in by_user.text


def test_detailed_pages(api: Api, seeded):
    owner, visitor = seeded["owner"], seeded["visitor"]
    for i in range(55):
        owner.ok("POST", S + "/time-entries", {"start": f"2026-03-{10 + i % 18:02d}T0{i % 8}:00:00Z",
                                                "end": f"2026-03-{10 + i % 18:02d}T0{i % 8}:30:00Z",
                                                "description": f"task {i}"})
    first = visitor.get("/reports?tab=detailed&range=custom&from=2026-03-01&to=2026-03-31")
    assert first.status_code == 200 and "Next page" in first.text and "Previous page" not in first.text
    assert first.text.count("<tr>") - 1 == 50
    second = visitor.get("/reports?tab=detailed&range=custom&from=2026-03-01&to=2026-03-31&page=2")
    assert "Previous page" in second.text and "Next page" not in second.text
    assert second.text.count("<tr>") - 1 == 9


@pytest.mark.parametrize("tab", ["summary", "detailed", "weekly"])
def test_exports_download_and_parse(api: Api, seeded, tab):
    visitor = seeded["visitor"]
    for kind, content_type in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats"),
                               ("pdf", "application/pdf")):
        response = visitor.get(f"/reports/export?format={kind}&tab={tab}&{WEEK}")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(content_type)
        assert response.headers["content-disposition"].startswith("attachment;")
        assert response.headers["content-disposition"].rstrip('"').endswith(f".{kind}")
        body = response.content
        assert body
        if kind == "csv":
            text = "\n".join(",".join(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        elif kind == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(body))
            text = "\n".join(",".join(str(c) for c in row if c is not None) for s in book for row in s.iter_rows(values_only=True))
        else:
            import pypdf

            text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages)
        if tab == "detailed":
            assert "Landing page" in text and "Member secret work" in text
        else:
            assert "Website" in text and "Docs" in text


def test_exports_follow_the_filters(api: Api, seeded):
    visitor, web = seeded["visitor"], seeded["web"]
    response = visitor.get(f"/reports/export?format=csv&tab=detailed&{WEEK}&project={web['id']}")
    text = response.content.decode("utf-8-sig")
    assert "Landing page" in text and "Write the manual" not in text


def test_a_member_sees_only_their_own_time(api: Api, seeded):
    visitor = Visitor(api)
    assert visitor.sign_in(seeded["member_email"]).status_code == 303
    page = visitor.get(f"/reports?{WEEK}")
    assert page.status_code == 200
    assert _text(page.text, "total-time") == "3:00:00"
    assert 'id="user"' not in page.text  # no people filter for a member
    detailed = visitor.get(f"/reports?tab=detailed&{WEEK}")
    assert "Member secret work" in detailed.text and "Landing page" not in detailed.text
    export = visitor.get(f"/reports/export?format=csv&tab=detailed&{WEEK}")
    assert "Landing page" not in export.content.decode("utf-8-sig")
    # Asking for the owner's time by id is refused, not answered.
    sneaky = visitor.get(f"/reports?{WEEK}&user={seeded['owner'].user_id}")
    assert sneaky.status_code == 400 and "Unknown user" in sneaky.text


def test_bad_filters_get_a_message(api: Api, seeded):
    visitor, web = seeded["visitor"], seeded["web"]
    for query, words in (
        ("range=custom&from=2026-03-08&to=2026-03-02", "must not be before"),
        ("range=custom&from=yesterday&to=2026-03-02", "is not a date"),
        ("range=custom&from=2026-03-02", "needs both"),
        (f"{WEEK}&project=0123456789abcdef01234567", "Unknown project"),
        (f"{WEEK}&project=not-an-id", "Unknown project"),
        (f"{WEEK}&tab=monthly", "Unknown report tab"),
        (f"{WEEK}&group=PLANET", "Unknown grouping"),
        (f"{WEEK}&page=two&tab=detailed", "page must be a number"),
    ):
        page = visitor.get(f"/reports?{query}")
        assert page.status_code == 400, (query, page.status_code)
        assert 'role="alert"' in page.text and words in unescape(page.text), query
    export = visitor.get("/reports/export?format=csv&range=custom&from=2026-03-08&to=2026-03-02")
    assert export.status_code == 400 and "must not be before" in export.text
    assert visitor.get(f"/reports/export?format=docx&{WEEK}").status_code == 400
    # Another workspace's project is as unknown as a missing one.
    other = owner_with_password(api, "Other")
    theirs = other.ok("POST", S + "/projects", {"name": "Theirs"})
    assert visitor.get(f"/reports?{WEEK}&project={theirs['id']}").status_code == 400
    assert visitor.get(f"/reports?{WEEK}&project={web['id']}").status_code == 200


def test_days_at_the_ends_of_the_calendar_get_a_message(api: Api, seeded):
    visitor = seeded["visitor"]
    for dates in ("from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31"):
        page = visitor.get(f"/reports?range=custom&{dates}")
        assert page.status_code == 400 and "is not a date" in unescape(page.text), dates
        export = visitor.get(f"/reports/export?format=csv&range=custom&{dates}")
        assert export.status_code == 400, dates


def test_reports_need_a_session(api: Api):
    response = Visitor(api).get("/reports/export?format=csv")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_long_ranges_chart_by_week_or_month(api: Api, seeded):
    visitor = seeded["visitor"]
    weeks = visitor.get("/reports?range=custom&from=2026-02-02&to=2026-03-29")  # eight Monday-to-Sunday weeks
    assert weeks.status_code == 200 and "Hours per week" in weeks.text
    svg = re.search(r'<svg[^>]*class="chart bar-chart".*?</svg>', weeks.text, re.S).group(0)
    seconds = [int(s) for s in re.findall(r'data-seconds="(\d+)"', svg)]
    assert len(seconds) == 8 and seconds[4] == 26100 and sum(seconds) == 26100  # the week of 2 March
    months = visitor.get("/reports?range=custom&from=2026-01-01&to=2026-12-31")
    svg = re.search(r'<svg[^>]*class="chart bar-chart".*?</svg>', months.text, re.S).group(0)
    seconds = [int(s) for s in re.findall(r'data-seconds="(\d+)"', svg)]
    assert len(seconds) == 12 and seconds[2] == 26100 and "Hours per month" in months.text
    # The weekly tab shows the week holding the range's first day.
    weekly = visitor.get("/reports?tab=weekly&range=custom&from=2026-03-04&to=2026-03-20")
    assert "2026-03-02 – 2026-03-08" in unescape(weekly.text) and "7:15:00" in weekly.text
