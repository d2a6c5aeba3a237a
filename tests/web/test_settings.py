"""The settings pages over HTTP, on SQLite and PostgreSQL: the workspace's settings (admins only)
and every member's own preferences; CSRF on both forms; a refused form changes nothing; the lock
date refuses a member's entry before it through the API."""

from __future__ import annotations

import pytest

from tests.support import Api, Caller, unique_email
from tests.web.support import PASSWORD, owner_with_password, signed_in


@pytest.fixture
def owner(api: Api) -> Caller:
    return owner_with_password(api, "Settings")


def member_with_password(api: Api, owner: Caller, role: str = "MEMBER") -> Caller:
    from timeledger.services.users import create_member

    email = unique_email(role.lower())
    user_id, key = api.run(create_member, api.db, owner.ws, email, "Grace Hopper", role, PASSWORD)
    return Caller(api.client, key, user_id, owner.ws, email)


def workspace_form(csrf: str, **changes: str) -> dict[str, str]:
    form = {"csrf": csrf, "name": "Settings", "currency": "USD", "timeZone": "UTC", "weekStart": "MONDAY",
            "roundMode": "Round to nearest", "roundMinutes": "15", "durationFormat": "FULL", "lockDate": "",
            "onlyAdminsCreateProject": "on", "onlyAdminsSeeBillableRates": "on", "onlyAdminsCreateTask": "on",
            "isProjectPublicByDefault": "on", "defaultBillableProjects": "on", "timesheetPeriod": "WEEKLY",
            "timesheetAnchorDate": "2024-01-01", "minTimeIncrement": "1"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def workspace(owner: Caller) -> dict:
    return owner.ok("GET", "/v1/workspaces/{ws}")


def test_only_admins_see_and_change_the_workspace_settings(api: Api, owner: Caller):
    member = member_with_password(api, owner)
    visitor, csrf = signed_in(api, member.email)
    page = visitor.get("/settings")
    assert page.status_code == 403 and "Only workspace admins" in page.text
    before = workspace(owner)
    refused = visitor.post("/settings", data=workspace_form(csrf, currency="EUR", name="Taken over"))
    assert refused.status_code == 403
    assert workspace(owner) == before
    # Their own preferences are theirs to change.
    assert visitor.get("/settings/preferences").status_code == 200

    admin_visitor, _ = signed_in(api, owner.email)
    page = admin_visitor.get("/settings")
    assert page.status_code == 200
    for label in ("Workspace name", "Currency", "Workspace time zone", "Week starts on", "Lock entries before",
                  "Rounding", "Entries must have a project"):
        assert f">{label}</label>" in page.text, label


def test_the_forms_need_the_session_token(api: Api, owner: Caller):
    visitor, _ = signed_in(api, owner.email)
    before = workspace(owner)
    for token in ("", "forged"):
        response = visitor.post("/settings", data=workspace_form(token, currency="EUR"))
        assert response.status_code == 400 and "expired" in response.text
        prefs = visitor.post("/settings/preferences", data={"csrf": token, "timeZone": "Asia/Tokyo", "weekStart": "",
                                                            "timeFormat": "HOUR12", "dateFormat": "YYYY-MM-DD"})
        assert prefs.status_code == 400
    assert workspace(owner) == before
    assert owner.ok("GET", "/v1/user")["settings"]["timeZone"] == "Europe/Berlin"


def test_saving_the_workspace_settings(api: Api, owner: Caller):
    visitor, csrf = signed_in(api, owner.email)
    saved = visitor.post("/settings", data=workspace_form(
        csrf, name="Renamed works", currency="eur", timeZone="Europe/Berlin", weekStart="SUNDAY", roundMinutes="30",
        roundMode="Round up", durationFormat="DECIMAL", forceProjects="on", timeRoundingInReports="on",
        lockDate="2026-03-01", timesheetPeriod="BIWEEKLY", timesheetAnchorDate="2026-01-05", minTimeIncrement="15"))
    assert saved.status_code == 303 and saved.headers["location"].startswith("/settings?message=")
    ws = workspace(owner)
    assert ws["name"] == "Renamed works" and ws["currencies"][0]["code"] == "EUR"
    assert ws["hourlyRate"]["currency"] == "EUR"
    settings = ws["workspaceSettings"]
    assert settings["weekStart"] == "SUNDAY" and settings["timeZone"] == "Europe/Berlin"
    assert settings["round"] == {"round": "Round up", "minutes": "30"} and settings["timeRoundingInReports"] is True
    assert settings["forceProjects"] is True and settings["durationFormat"] == "DECIMAL"
    assert settings["onlyAdminsCreateTag"] is False
    assert (settings["timesheetPeriod"], settings["timesheetAnchorDate"], settings["minTimeIncrement"]) == (
        "BIWEEKLY", "2026-01-05", 15)
    # Midnight of 1 March in Berlin (UTC+1) is 23:00 UTC the day before.
    assert settings["lockTimeEntries"] == "2026-02-28T23:00:00Z"
    page = visitor.get("/settings").text
    assert 'value="2026-03-01"' in page and 'value="EUR"' in page and "Renamed works" in page
    # The workspace's week start shows for whoever chose none of their own.
    assert 'data-week-start="SUNDAY"' in visitor.get("/").text

    cleared = visitor.post("/settings", data=workspace_form(csrf, name="Renamed works", currency="EUR", lockDate=""))
    assert cleared.status_code == 303
    assert workspace(owner)["workspaceSettings"]["lockTimeEntries"] is None


@pytest.mark.parametrize("field,value,says", [
    ("currency", "EURO", "ISO 4217"),
    ("currency", "", "ISO 4217"),
    ("timeZone", "Mars/Olympus_Mons", "Unknown time zone"),
    ("weekStart", "FUNDAY", "day of the week"),
    ("roundMinutes", "7", "round.minutes"),
    ("lockDate", "31/02/2026", "lock date"),
    ("lockDate", "0001-01-01", "lock date"),  # year 1 in a zone east of UTC is before year 1 in UTC
    ("name", "   ", "Workspace name"),
    ("timesheetPeriod", "FORTNIGHTLY", "timesheetPeriod"),
    ("minTimeIncrement", "7", "minTimeIncrement"),
])
def test_bad_input_shows_an_error_and_changes_nothing(api: Api, owner: Caller, field: str, value: str, says: str):
    visitor, csrf = signed_in(api, owner.email)
    before = workspace(owner)
    # Every other field changes too: none of it may be written.
    form = workspace_form(csrf, name="Other name", currency="GBP", weekStart="FRIDAY", forceTags="on",
                          lockDate="2026-01-01")
    form[field] = value
    response = visitor.post("/settings", data=form)
    assert response.status_code == 400 and says in response.text
    assert 'role="alert"' in response.text
    assert f'value="{value.strip()}"' in response.text or field in ("weekStart", "roundMinutes", "name", "timesheetPeriod", "minTimeIncrement")
    assert workspace(owner) == before


def test_the_lock_date_refuses_a_members_entry_before_it(api: Api, owner: Caller):
    member = member_with_password(api, owner)
    visitor, csrf = signed_in(api, owner.email)
    path = "/v1/workspaces/{ws}/time-entries"
    early = {"start": "2026-02-10T09:00:00Z", "end": "2026-02-10T10:00:00Z", "description": "before the lock"}
    late = {"start": "2026-03-10T09:00:00Z", "end": "2026-03-10T10:00:00Z", "description": "after the lock"}
    made = member.ok("POST", path, early)
    assert visitor.post("/settings", data=workspace_form(csrf, lockDate="2026-03-01")).status_code == 303
    refused = member.post(path, early)
    assert refused.status_code == 400 and "lock date" in refused.json()["message"]
    changed = member.put(f"/v1/workspaces/{{ws}}/time-entries/{made['id']}", {**early, "description": "edited"})
    assert changed.status_code == 400
    assert member.ok("POST", path, late)["description"] == "after the lock"
    listed = member.ok("GET", "/v1/workspaces/{ws}/user/{me}/time-entries")
    assert sorted(e["description"] for e in listed) == ["after the lock", "before the lock"]


def test_preferences_change_the_pages_zone_week_and_formats(api: Api, owner: Caller):
    member = member_with_password(api, owner)
    visitor, csrf = signed_in(api, member.email)
    page = visitor.get("/settings/preferences")
    for label in ("Your time zone", "Week starts on", "Time format", "Date format"):
        assert f">{label}</label>" in page.text
    saved = visitor.post("/settings/preferences", data={"csrf": csrf, "timeZone": "America/New_York",
                                                        "weekStart": "SUNDAY", "timeFormat": "HOUR12",
                                                        "dateFormat": "MM/DD/YYYY"})
    assert saved.status_code == 303
    tracker = visitor.get("/").text
    assert 'data-zone="America/New_York"' in tracker and 'data-week-start="SUNDAY"' in tracker
    assert 'data-time-format="HOUR12"' in tracker and 'data-date-format="MM/DD/YYYY"' in tracker
    assert member.ok("GET", "/v1/user")["settings"]["timeZone"] == "America/New_York"

    for field, value in (("timeZone", "Nowhere/Special"), ("timeFormat", "HOUR13"), ("dateFormat", "YY"),
                         ("weekStart", "FUNDAY")):
        form = {"csrf": csrf, "timeZone": "Asia/Tokyo", "weekStart": "MONDAY", "timeFormat": "HOUR24",
                "dateFormat": "YYYY-MM-DD", field: value}
        response = visitor.post("/settings/preferences", data=form)
        assert response.status_code == 400 and 'role="alert"' in response.text, field
    settings = member.ok("GET", "/v1/user")["settings"]
    assert settings["timeZone"] == "America/New_York" and settings["timeFormat"] == "HOUR12"
    # The owner's settings are the owner's: untouched.
    assert owner.ok("GET", "/v1/user")["settings"]["timeZone"] == "Europe/Berlin"


def test_another_workspace_is_untouched(api: Api, owner: Caller):
    stranger = api.tenant("Elsewhere")
    before = stranger.ok("GET", "/v1/workspaces/{ws}")
    visitor, csrf = signed_in(api, owner.email)
    assert visitor.post("/settings", data=workspace_form(csrf, currency="JPY", lockDate="2026-05-01")).status_code == 303
    assert stranger.ok("GET", "/v1/workspaces/{ws}") == before
    assert "Elsewhere" not in visitor.get("/settings").text
