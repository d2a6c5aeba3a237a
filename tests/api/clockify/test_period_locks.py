"""Approved and locked timesheet periods refuse every kind of time entry write through the
Clockify dialect, naming the period, and write nothing; undoing the approval or unlocking
reopens them. Days are the owner's days, in the owner's zone."""

from __future__ import annotations

from datetime import date

from tests.support import assert_clockify_error, snapshot

S = "/v1/workspaces/{ws}"
WEEK = {"periodStart": "2026-03-02T00:00:00Z", "period": "WEEKLY"}  # Monday 2 to Sunday 8 March 2026
APPROVED = "Timesheet 2026-03-02 to 2026-03-08 is Approved"
LOCKED = "Timesheet 2026-03-02 to 2026-03-08 is Locked"


def inside(day: int = 3, hour: int = 9, hours: int = 1) -> dict:
    return {"start": f"2026-03-{day:02d}T{hour:02d}:00:00Z", "end": f"2026-03-{day:02d}T{hour + hours:02d}:00:00Z"}


OUTSIDE = {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T10:00:00Z"}


def act(api, admin, user_id: str, action: str, day: date = date(2026, 3, 2)):
    """Take a timesheet action as `admin` (Lock and Unlock have no Clockify endpoint)."""
    from timeledger.services import timesheets
    from timeledger.services.access import authenticate_in_workspace

    async def run():
        _, access = await authenticate_in_workspace(api.db, admin.key, admin.ws)
        return await timesheets.act_on_date(api.db, access, day, action, user_id)

    return api.run(run)


def approve(owner, member) -> str:
    request = member.ok("POST", S + "/approval-requests", WEEK)
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    return request["id"]


def every_write_refused(api, owner, member, in_period: dict, out_period: dict, words: str) -> None:
    """Try each kind of write that touches the closed period; each is a 400 naming the period and
    the workspace is unchanged afterwards."""
    before = snapshot(api, owner.ws)
    e1, e2 = in_period["id"], out_period["id"]
    attempts = {
        "create": member.post(S + "/time-entries", inside(4)),
        "create for user": owner.post(S + f"/user/{member.user_id}/time-entries", inside(5)),
        "start timer": member.post(S + "/time-entries", {"start": "2026-03-06T09:00:00Z"}),
        "update": member.put(S + f"/time-entries/{e1}", {**inside(), "description": "changed"}),
        "update by admin": owner.put(S + f"/time-entries/{e1}", {**inside(), "description": "changed"}),
        "move out": member.put(S + f"/time-entries/{e1}", OUTSIDE),
        "move in": member.put(S + f"/time-entries/{e2}", inside(7)),
        "delete": member.delete(S + f"/time-entries/{e1}"),
        "bulk delete": member.delete(S + "/user/{me}/time-entries", params={"time-entry-ids": [e2, e1]}),
        "bulk update": member.put(S + "/user/{me}/time-entries",
                                  [{"id": e2, **OUTSIDE, "description": "fine"}, {"id": e1, **inside(), "description": "no"}]),
        "duplicate": member.post(S + f"/user/{{me}}/time-entries/{e1}/duplicate"),
        "from-entry": owner.post(S + f"/user/{member.user_id}/time-entries?from-entry={e1}", inside(6)),
    }
    for name, response in attempts.items():
        body = assert_clockify_error(response, 400, 501)
        assert words in body["message"], (name, body)
    assert snapshot(api, owner.ws) == before


def test_approved_period_refuses_every_write(api):
    owner = api.tenant()
    member = api.member(owner)
    e1 = member.ok("POST", S + "/time-entries", {**inside(), "description": "approved work"})
    e2 = member.ok("POST", S + "/time-entries", OUTSIDE)
    approve(owner, member)
    every_write_refused(api, owner, member, e1, e2, APPROVED)
    # Outside the period everything still works, and invoicing approved time is allowed.
    member.ok("PUT", S + f"/time-entries/{e2['id']}", {**OUTSIDE, "description": "later"}, status=200)
    member.ok("POST", S + "/time-entries", {"start": "2026-03-09T09:00:00Z", "end": "2026-03-09T10:00:00Z"})
    owner.ok("PATCH", S + "/time-entries/invoiced", {"timeEntryIds": [e1["id"]], "invoiced": True}, status=200)
    # Reads still work, and the entry is marked with what it is.
    assert member.ok("GET", S + f"/time-entries/{e1['id']}", status=200)["description"] == "approved work"


def test_withdrawing_the_approval_reopens_the_period(api):
    owner = api.tenant()
    member = api.member(owner)
    entry = member.ok("POST", S + "/time-entries", inside())
    request_id = approve(owner, member)
    assert_clockify_error(member.put(S + f"/time-entries/{entry['id']}", inside(hours=2)), 400, 501, APPROVED)
    owner.ok("PATCH", S + f"/approval-requests/{request_id}", {"state": "WITHDRAWN_APPROVAL"}, status=200)
    changed = member.ok("PUT", S + f"/time-entries/{entry['id']}", inside(hours=2), status=200)
    assert changed["timeInterval"]["duration"] == "PT2H"
    member.ok("DELETE", S + f"/time-entries/{entry['id']}", status=204)
    # A pending (submitted) or rejected period stays writable.
    member.ok("POST", S + "/approval-requests/resubmit-entries-for-approval", WEEK, status=200)
    member.ok("POST", S + "/time-entries", inside(4))
    owner.ok("PATCH", S + f"/approval-requests/{request_id}", {"state": "REJECTED", "note": "fix it"}, status=200)
    member.ok("POST", S + "/time-entries", inside(5))


def test_locked_period_refuses_every_write_until_unlocked(api):
    owner = api.tenant()
    member = api.member(owner)
    e1 = member.ok("POST", S + "/time-entries", inside())
    e2 = member.ok("POST", S + "/time-entries", OUTSIDE)
    act(api, owner, member.user_id, "Lock")
    every_write_refused(api, owner, member, e1, e2, LOCKED)
    act(api, owner, member.user_id, "Unlock")
    member.ok("PUT", S + f"/time-entries/{e1['id']}", {**inside(), "description": "reopened"}, status=200)
    member.ok("POST", S + f"/user/{{me}}/time-entries/{e1['id']}/duplicate")


def test_timers_in_a_closed_period(api):
    owner = api.tenant()
    member = api.member(owner)
    running = member.ok("POST", S + "/time-entries", {"start": "2026-03-03T09:00:00Z"})
    act(api, owner, member.user_id, "Lock")
    before = snapshot(api, owner.ws)
    # Stopping it, or starting another one (which would stop it), changes the locked period.
    assert_clockify_error(member.patch(S + "/user/{me}/time-entries", {"end": "2026-03-03T10:00:00Z"}), 400, 501, LOCKED)
    assert_clockify_error(member.post(S + "/time-entries", {"start": "2026-03-12T09:00:00Z"}), 400, 501, LOCKED)
    assert_clockify_error(owner.patch(S + f"/user/{member.user_id}/time-entries", {"end": "2026-03-12T10:00:00Z"}),
                          400, 501, LOCKED)
    assert snapshot(api, owner.ws) == before
    act(api, owner, member.user_id, "Unlock")
    stopped = member.ok("PATCH", S + "/user/{me}/time-entries", {"end": "2026-03-03T10:00:00Z"}, status=200)
    assert stopped["id"] == running["id"] and stopped["timeInterval"]["duration"] == "PT1H"


def test_only_the_owner_of_the_period_is_blocked(api):
    owner = api.tenant()
    member = api.member(owner)
    colleague = api.member(owner, name="Colleague")
    member.ok("POST", S + "/time-entries", inside())
    approve(owner, member)
    colleague.ok("POST", S + "/time-entries", inside())
    owner.ok("POST", S + f"/user/{colleague.user_id}/time-entries", inside(4))
    owner.ok("POST", S + "/time-entries", inside(5))


def test_admins_approving_their_own_period_are_blocked_too(api):
    owner = api.tenant()
    request = owner.ok("POST", S + "/approval-requests", WEEK)
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    assert_clockify_error(owner.post(S + "/time-entries", inside()), 400, 501, APPROVED)


def test_days_are_the_owners_days_in_their_zone(api):
    owner = api.tenant(time_zone="Pacific/Auckland")  # UTC+13 in March
    request = owner.ok("POST", S + "/approval-requests", WEEK)
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    # 1 March 12:00 UTC is 2 March 01:00 in Auckland: inside the approved week.
    assert_clockify_error(owner.post(S + "/time-entries", {"start": "2026-03-01T12:00:00Z", "end": "2026-03-01T13:00:00Z"}),
                          400, 501, APPROVED)
    # 8 March 20:00 UTC is 9 March 09:00 in Auckland: the next week, open.
    owner.ok("POST", S + "/time-entries", {"start": "2026-03-08T20:00:00Z", "end": "2026-03-08T21:00:00Z"})


def test_monthly_periods_name_the_month(api):
    owner = api.tenant()
    owner.ok("PATCH", S + "/settings", {"timesheetPeriod": "MONTHLY"}, status=200)
    request = owner.ok("POST", S + "/approval-requests", {"periodStart": "2026-03-01T00:00:00Z", "period": "MONTHLY"})
    owner.ok("PATCH", S + f"/approval-requests/{request['id']}", {"state": "APPROVED"}, status=200)
    assert_clockify_error(owner.post(S + "/time-entries", {"start": "2026-03-31T09:00:00Z", "end": "2026-03-31T10:00:00Z"}),
                          400, 501, "Timesheet 2026-03-01 to 2026-03-31 is Approved")
    owner.ok("POST", S + "/time-entries", {"start": "2026-04-01T09:00:00Z", "end": "2026-04-01T10:00:00Z"})


def test_a_settled_period_keeps_its_dates_when_the_period_setting_changes(api):
    from timeledger.services import timesheets
    from timeledger.services.access import authenticate_in_workspace

    owner = api.tenant()
    member = api.member(owner)
    approve(owner, member)
    owner.ok("PATCH", S + "/settings", {"timesheetPeriod": "MONTHLY"}, status=200)

    def sheet(day: date):
        async def run():
            _, access = await authenticate_in_workspace(api.db, member.key, member.ws)
            return await timesheets.timesheet_for_date(api.db, access, day)

        return api.run(run)

    approved = sheet(date(2026, 3, 4))
    assert (approved.start_date, approved.end_date, approved.status) == (date(2026, 3, 2), date(2026, 3, 8), "Approved")
    assert_clockify_error(member.post(S + "/time-entries", inside(day=4)), 400, 501, APPROVED)
    later = sheet(date(2026, 3, 20))  # outside the settled week: the current (monthly) period
    assert (later.start_date, later.end_date, later.status) == (date(2026, 3, 1), date(2026, 3, 31), "Open")
    # Undoing the approval reopens the week; an Open sheet follows the current period again.
    act(api, owner, member.user_id, "UndoApproval", date(2026, 3, 4))
    member.ok("POST", S + "/time-entries", inside(day=4))


def test_timesheet_lists_refuse_an_unknown_status(api):
    import pytest

    from timeledger.services import listing
    from timeledger.services.access import authenticate_in_workspace
    from timeledger.services.errors import Invalid

    owner = api.tenant()
    before = snapshot(api, owner.ws)

    async def run(statuses):
        _, access = await authenticate_in_workspace(api.db, owner.key, owner.ws)
        return await listing.find_timesheets(api.db, access, listing.TimesheetQuery(statuses=statuses),
                                             listing.Window(), "COMPANY")

    with pytest.raises(Invalid) as refused:
        api.run(run, ["Open", "Done"])
    assert refused.value.field == "Status" and "Open, Waiting, Approved, Rejected, Locked" in str(refused.value)
    assert api.run(run, ["Open"]).total == 0
    assert snapshot(api, owner.ws) == before
