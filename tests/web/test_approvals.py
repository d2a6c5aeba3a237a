"""The approvals page over HTTP, on SQLite and PostgreSQL: a member submits a period, the owner sees
it waiting, opens it, approves it (the member's time there is then locked) or rejects it with a
comment the member reads; forms need the session's CSRF token; others' requests stay hidden."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.support import Api, Caller
from tests.web.support import PASSWORD, Visitor, owner_with_password

S = "/v1/workspaces/{ws}"


def _member(api: Api, owner: Caller, name: str) -> Caller:
    from timeledger.services.users import create_member

    email = f"{name.lower()}-{owner.ws[-8:]}@example.com"
    user_id, key = api.run(create_member, api.db, owner.ws, email, name, "MEMBER", PASSWORD)
    return Caller(api.client, key, user_id, owner.ws, email)


def _signed_in(api: Api, email: str) -> Visitor:
    visitor = Visitor(api)
    assert visitor.sign_in(email).status_code == 303
    return visitor


def _token(visitor: Visitor, path: str = "/approvals") -> str:
    return visitor.form_token(path)


@pytest.fixture
def team(api: Api) -> dict:
    owner = owner_with_password(api, "Approvals")
    mia = _member(api, owner, "Mia")
    project = owner.ok("POST", S + "/projects", {"name": "Website"})
    entries = [
        mia.ok("POST", S + "/time-entries", {"start": start, "end": end, "description": text, "projectId": project["id"]})
        for start, end, text in (("2026-03-03T09:00:00Z", "2026-03-03T11:30:00Z", "Week one work"),
                                 ("2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", "Week two work"))
    ]
    return {"owner": owner, "mia": mia, "entries": entries, "project": project}


def _sheet_id(page_text: str) -> str:
    return re.search(r'href="/approvals/([0-9a-f]{24})"', page_text).group(1)


def test_submit_approve_and_the_period_is_locked(api: Api, team):
    owner, mia = team["owner"], team["mia"]
    member = _signed_in(api, mia.email)
    page = member.get("/approvals")
    assert page.status_code == 200 and "Your timesheets" in page.text
    assert "Waiting for you" not in page.text  # a member approves nothing
    assert page.text.count('class="card request') == 6  # the current period and five before it

    done = member.post("/approvals/submit", data={"csrf": _token(member), "day": "2026-03-04"})
    assert done.status_code == 303 and "message=" in done.headers["location"]
    page = member.get(done.headers["location"])
    assert "Submitted 2026-03-02 – 2026-03-08 for approval." in unescape(page.text)
    assert "Pending approval" in page.text and "2026-03-02 – 2026-03-08" in unescape(page.text)
    assert "Withdraw" in page.text

    boss = _signed_in(api, owner.email)
    listing = boss.get("/approvals")
    assert "Waiting for you" in listing.text and "Mia" in listing.text and "2:30:00" in listing.text
    sheet_id = _sheet_id(listing.text)
    opened = boss.get(f"/approvals/{sheet_id}")
    assert opened.status_code == 200
    assert "Week one work" in opened.text and "Week two work" not in opened.text and "Website" in opened.text
    assert "10:00–12:30" in opened.text and "times in Europe/Berlin" in opened.text  # the viewer's zone

    approved = boss.post("/approvals/act", data={"csrf": _token(boss, f"/approvals/{sheet_id}"), "timesheet": sheet_id,
                                                 "action": "Approve", "comment": "Thanks", "back": f"/approvals/{sheet_id}"})
    assert approved.status_code == 303 and approved.headers["location"].startswith(f"/approvals/{sheet_id}?message=")
    reviewed = boss.get(f"/approvals/{sheet_id}").text
    assert "Approved" in reviewed and "Owner Approvals approved — <q>Thanks</q>" in reviewed
    assert "Mia submitted" in reviewed
    assert "Waiting for you <span class=\"total\">0</span>" in boss.get("/approvals").text

    mine = member.get("/approvals").text
    assert "Approved" in mine and "Thanks" in mine and "Owner Approvals" in mine
    # The approved period's time cannot be changed any more; the next week's can.
    first, second = team["entries"]
    refused = mia.put(S + f"/time-entries/{first['id']}", json={"start": "2026-03-03T09:00:00Z",
                                                                 "end": "2026-03-03T12:00:00Z", "description": "more"})
    assert refused.status_code in (400, 403, 409, 423) and "Approved" in refused.json()["message"]
    mia.ok("PUT", S + f"/time-entries/{second['id']}", {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T12:00:00Z",
                                                         "description": "more"}, status=200)


def test_reject_with_a_comment_that_the_member_reads_then_resubmit(api: Api, team):
    owner, mia = team["owner"], team["mia"]
    member = _signed_in(api, mia.email)
    member.post("/approvals/submit", data={"csrf": _token(member), "day": "2026-03-10"})
    boss = _signed_in(api, owner.email)
    sheet_id = _sheet_id(boss.get("/approvals").text)
    rejected = boss.post("/approvals/act", data={"csrf": _token(boss), "timesheet": sheet_id, "action": "Reject",
                                                 "comment": "Friday is <missing>", "back": "/approvals"})
    assert rejected.status_code == 303
    page = member.get("/approvals").text
    assert "Rejected" in page and "Friday is &lt;missing&gt;" in page and "<missing>" not in page
    # A rejected period can be submitted again; the member may withdraw it while it waits.
    again = member.post("/approvals/act", data={"csrf": _token(member), "timesheet": sheet_id, "action": "Submit"})
    assert "message=" in again.headers["location"]
    withdrawn = member.post("/approvals/act", data={"csrf": _token(member), "timesheet": sheet_id, "action": "UndoSubmit"})
    assert "message=" in withdrawn.headers["location"]
    assert "Withdrawn" in member.get("/approvals").text


def test_refusals_show_a_message_and_change_nothing(api: Api, team):
    owner, mia = team["owner"], team["mia"]
    member = _signed_in(api, mia.email)
    token = _token(member)
    member.post("/approvals/submit", data={"csrf": token, "day": "2026-03-04"})
    # Submitting the same period twice, a bad day, an unknown action: an error line, no 500.
    twice = member.post("/approvals/submit", data={"csrf": token, "day": "2026-03-05"})
    assert "error=" in twice.headers["location"]
    assert "Waiting" in unescape(member.get(twice.headers["location"]).text)
    assert "error=" in member.post("/approvals/submit", data={"csrf": token, "day": "soon"}).headers["location"]
    assert "error=" in member.post("/approvals/submit", data={"csrf": token, "day": "0001-01-01"}).headers["location"]
    boss = _signed_in(api, owner.email)
    sheet_id = _sheet_id(boss.get("/approvals").text)
    odd = member.post("/approvals/act", data={"csrf": token, "timesheet": sheet_id, "action": "Lock"})
    assert "error=" in odd.headers["location"]
    # A member may not approve their own time.
    own = member.post("/approvals/act", data={"csrf": token, "timesheet": sheet_id, "action": "Approve"})
    assert own.status_code == 303 and "error=" in own.headers["location"]
    assert "Pending approval" in member.get("/approvals").text
    # Without the form token nothing happens.
    forged = boss.post("/approvals/act", data={"csrf": "guess", "timesheet": sheet_id, "action": "Approve"})
    assert forged.status_code == 400 and "expired" in forged.text
    assert "Pending approval" in member.get("/approvals").text
    # Off-site or odd "back" paths go to /approvals.
    odd_back = boss.post("/approvals/act", data={"csrf": _token(boss), "timesheet": sheet_id, "action": "Reject",
                                                 "back": "https://evil.example/"})
    assert odd_back.headers["location"].startswith("/approvals?")


def test_others_requests_stay_hidden(api: Api, team):
    owner, mia = team["owner"], team["mia"]
    member = _signed_in(api, mia.email)
    member.post("/approvals/submit", data={"csrf": _token(member), "day": "2026-03-04"})
    sheet_id = _sheet_id(_signed_in(api, owner.email).get("/approvals").text)
    colleague = _member(api, owner, "Cleo")
    other = _signed_in(api, colleague.email)
    assert other.get(f"/approvals/{sheet_id}").status_code == 404
    assert "Mia" not in other.get("/approvals").text
    stranger = owner_with_password(api, "Elsewhere")
    outside = _signed_in(api, stranger.email)
    assert outside.get(f"/approvals/{sheet_id}").status_code == 404
    assert outside.get("/approvals/not-an-id").status_code == 404
    assert Visitor(api).get("/approvals").status_code == 303


def test_a_team_manager_approves_their_team_only(api: Api, team):
    from timeledger.services.users import create_member

    owner, mia = team["owner"], team["mia"]
    email = f"tm-{owner.ws[-8:]}@example.com"
    manager_id, _ = api.run(create_member, api.db, owner.ws, email, "Tess Manager", "TEAM_MANAGER", PASSWORD)
    owner.ok("POST", S + f"/users/{manager_id}/roles", {"role": "TEAM_MANAGER", "entityId": mia.user_id})
    outsider = _member(api, owner, "Omar")
    outsider.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T10:00:00Z"})
    for person in (mia, outsider):
        visitor = _signed_in(api, person.email)
        visitor.post("/approvals/submit", data={"csrf": _token(visitor), "day": "2026-03-04"})
    manager = _signed_in(api, email)
    page = manager.get("/approvals").text
    assert "Waiting for you <span class=\"total\">1</span>" in page and "Mia" in page and "Omar" not in page
    sheet_id = _sheet_id(page)
    done = manager.post("/approvals/act", data={"csrf": _token(manager), "timesheet": sheet_id, "action": "Approve"})
    assert "message=" in done.headers["location"]
    # Reports: the manager sees the team's time, not the outsider's.
    report = manager.get("/reports?tab=detailed&range=custom&from=2026-03-02&to=2026-03-08").text
    assert "Week one work" in report and "Omar" not in report
