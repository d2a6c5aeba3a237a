"""Defaults for user settings, workspace settings and member profiles (stored sparse, read merged)."""

from __future__ import annotations

from typing import Any

from timeledger.core.periods import WEEK_DAYS  # noqa: F401 (the settings name it; one list)

USER_SETTINGS: dict[str, Any] = {
    "weekStart": "MONDAY",
    "timeZone": "UTC",
    "timeFormat": "HOUR24",
    "dateFormat": "YYYY-MM-DD",
    "isCompactViewOn": False,
    "dashboardSelection": "ME",
    "dashboardViewType": "PROJECT",
    "dashboardPinToTop": False,
    "projectListCollapse": 50,
    "collapseAllProjectLists": False,
    "groupSimilarEntriesDisabled": False,
    "myStartOfDay": "09:00",
    "projectPickerTaskFilter": False,
    "lang": "EN",
    "multiFactorEnabled": False,
    "theme": "DEFAULT",
    "scheduling": False,
    "onboarding": False,
    "showOnlyWorkingDays": False,
    "summaryReportSettings": {"group": "PROJECT", "subgroup": "CLIENT"},
    "alerts": True,
    "reminders": True,
    "longRunning": True,
    "approval": False,
    "pto": False,
    "scheduledReports": True,
    "invoiceReminders": False,
    "sendNewsletter": False,
    "weeklyUpdates": False,
    "timeTrackingManual": False,
}

WORKSPACE_SETTINGS: dict[str, Any] = {
    "timeRoundingInReports": False,
    "onlyAdminsSeeBillableRates": True,
    "onlyAdminsCreateProject": True,
    "onlyAdminsSeeDashboard": False,
    "defaultBillableProjects": True,
    "lockTimeEntries": None,
    "lockTimeZone": None,
    "round": {"round": "Round to nearest", "minutes": "15"},
    "projectFavorites": True,
    "canSeeTimeSheet": True,
    "canSeeTracker": True,
    "projectPickerSpecialFilter": False,
    "forceProjects": False,
    "forceTasks": False,
    "forceTags": False,
    "forceDescription": False,
    "onlyAdminsSeeAllTimeEntries": False,
    "onlyAdminsSeePublicProjectsEntries": False,
    "trackTimeDownToSecond": True,
    "projectGroupingLabel": "client",
    "adminOnlyPages": [],
    "automaticLock": None,
    "onlyAdminsCreateTag": False,
    "onlyAdminsCreateTask": True,
    "timeTrackingMode": "DEFAULT",
    "isProjectPublicByDefault": True,
    "multiFactorEnabled": False,
    "numberFormat": "COMMA_PERIOD",
    "currencyFormat": "CURRENCY_SPACE_VALUE",
    "durationFormat": "FULL",
    "activeBillableHours": False,
    "onlyAdminsCanChangeBillableStatus": False,
    "entityCreationPermissions": {
        "whoCanCreateProjectsAndClients": "ADMINS",
        "whoCanCreateTags": "EVERYONE",
        "whoCanCreateTasks": "ADMINS_AND_PROJECT_MANAGERS",
    },
    # timeledger's own settings (PATCH /workspaces/{ws}/settings):
    # the zone of workspace-wide periods, and the first day of a week in reports and payroll;
    "timeZone": "UTC",
    "weekStart": "MONDAY",
    # overtime thresholds in seconds (None: no threshold), for the payroll report;
    "overtime": {"daily": None, "weekly": 40 * 3600},
    # the pay period and, for BIWEEKLY, a date on which one period starts.
    "payroll": {"period": "WEEKLY", "anchorDate": "2024-01-01"},
    # Company settings shared with the ClickTime dialect:
    # timesheets cover one period of this kind (weeks start on `weekStart`; a BIWEEKLY period
    # starts on `timesheetAnchorDate` and every fourteen days before and after it);
    "timesheetPeriod": "WEEKLY",
    "timesheetAnchorDate": "2024-01-01",
    # hours written as a date and hours are rounded to this many minutes;
    "minTimeIncrement": 1,
    # MY_TASKS: any company task may be used on any project; BY_JOB: only the allowed pairs.
    "taskRestriction": "MY_TASKS",
}

ROUNDING_MODES = {"Round to nearest": "NEAREST", "Round up": "UP", "Round down": "DOWN"}
ROUNDING_MINUTES = (1, 5, 6, 10, 15, 30, 60)
DURATION_FORMATS = ("FULL", "COMPACT", "DECIMAL")
PAY_PERIODS = ("WEEKLY", "BIWEEKLY", "SEMIMONTHLY", "MONTHLY")
TIMESHEET_PERIODS = ("WEEKLY", "BIWEEKLY", "SEMI_MONTHLY", "MONTHLY")
TIME_INCREMENTS = (1, 5, 6, 10, 15, 30, 60)
TASK_RESTRICTIONS = ("MY_TASKS", "BY_JOB")

MEMBER_PROFILE: dict[str, Any] = {
    "weekStart": None,  # falls back to the user's setting
    "workCapacity": 8 * 3600,
    "workingDays": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
    "imageUrl": "",
}


def merged(defaults: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """Stored values over the defaults. Shallow: callers treat the result as read-only."""
    return {**defaults, **stored} if stored else dict(defaults)
