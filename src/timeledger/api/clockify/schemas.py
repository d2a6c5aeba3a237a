"""Clockify wire models (camelCase), for requests and for the documented responses.

Requests ignore unknown fields, as Clockify does. Instants are read strictly as ISO 8601 with an
offset and durations as ISO 8601 durations; anything else is a 400 naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from timeledger.core.timefmt import TimeFormatError, parse_duration, parse_instant


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("an instant needs a time zone offset (Z or +HH:MM)")
        return value
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 instant such as 2026-03-02T12:00:00Z")
    try:
        return parse_instant(value)
    except TimeFormatError as exc:
        raise ValueError(str(exc)) from exc


def _duration(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("must be an ISO 8601 duration such as PT1H30M")
    try:
        seconds = parse_duration(value)
    except TimeFormatError as exc:
        raise ValueError(str(exc)) from exc
    if seconds < 0:
        raise ValueError("must not be negative")
    return seconds


Instant = Annotated[datetime, BeforeValidator(_instant)]
IsoDuration = Annotated[int, BeforeValidator(_duration)]
Amount = Annotated[StrictInt, Field(ge=0, le=10**13)]
Id = Annotated[str, Field(max_length=64)]
WeekDay = Literal["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


class In(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


# --- requests ---------------------------------------------------------------------------------


class RateIn(In):
    amount: Amount
    since: Instant | None = None


class WorkspaceRateIn(RateIn):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None


class WorkspaceIn(In):
    name: Annotated[str, Field(max_length=250)]
    organizationId: str | None = None


class RoundIn(In):
    round: Literal["Round to nearest", "Round up", "Round down"] | None = None
    minutes: Annotated[str, Field(max_length=3)] | StrictInt | None = None


class OvertimeSettingsIn(In):
    daily: IsoDuration | None = None
    weekly: IsoDuration | None = None


class PayrollSettingsIn(In):
    period: Literal["WEEKLY", "BIWEEKLY", "SEMIMONTHLY", "MONTHLY"] | None = None
    anchorDate: Annotated[str, Field(max_length=10)] | None = None


class WorkspaceSettingsIn(In):
    """timeledger's own: the workspace settings Clockify only changes through its web app."""

    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    timeZone: Annotated[str, Field(max_length=64)] | None = None
    weekStart: WeekDay | None = None
    round: RoundIn | None = None
    timeRoundingInReports: StrictBool | None = None
    durationFormat: Literal["FULL", "COMPACT", "DECIMAL"] | None = None
    lockTimeEntries: Instant | None = None
    forceProjects: StrictBool | None = None
    forceTasks: StrictBool | None = None
    forceTags: StrictBool | None = None
    forceDescription: StrictBool | None = None
    defaultBillableProjects: StrictBool | None = None
    isProjectPublicByDefault: StrictBool | None = None
    onlyAdminsCreateProject: StrictBool | None = None
    onlyAdminsCreateTag: StrictBool | None = None
    onlyAdminsCreateTask: StrictBool | None = None
    onlyAdminsSeeBillableRates: StrictBool | None = None
    onlyAdminsSeeAllTimeEntries: StrictBool | None = None
    overtime: OvertimeSettingsIn | None = None
    payroll: PayrollSettingsIn | None = None
    timesheetPeriod: Literal["WEEKLY", "BIWEEKLY", "SEMI_MONTHLY", "MONTHLY"] | None = None
    timesheetAnchorDate: Annotated[str, Field(max_length=10)] | None = None
    minTimeIncrement: StrictInt | None = None
    taskRestriction: Literal["MY_TASKS", "BY_JOB"] | None = None


class EmailIn(In):
    email: Annotated[str, Field(max_length=254)]


class MemberStatusIn(In):
    status: Literal["ACTIVE", "INACTIVE"]


class ClientIn(In):
    name: Annotated[str, Field(max_length=250)]
    email: Annotated[str, Field(max_length=254)] | None = None
    address: Annotated[str, Field(max_length=3000)] | None = None
    note: Annotated[str, Field(max_length=3000)] | None = None
    archived: StrictBool | None = None
    currencyId: str | None = None
    currencyCode: str | None = None
    ccEmails: Annotated[list[Annotated[str, Field(max_length=254)]], Field(max_length=3)] | None = None


class TagIn(In):
    name: Annotated[str, Field(max_length=250)]
    archived: StrictBool | None = None


class NameIn(In):
    name: Annotated[str, Field(max_length=250)]


class UserIdIn(In):
    userId: Id


class EstimateIn(In):
    estimate: IsoDuration | None = None
    type: Literal["AUTO", "MANUAL"] | None = None


class ProjectMemberIn(In):
    userId: Id
    hourlyRate: RateIn | None = None
    costRate: RateIn | None = None
    membershipType: str | None = None
    membershipStatus: str | None = None


class TaskIn(In):
    name: Annotated[str, Field(max_length=1000)]
    assigneeIds: list[Id] | None = None
    assigneeId: Id | None = None
    userGroupIds: list[Id] | None = None
    estimate: IsoDuration | None = None
    status: Literal["ACTIVE", "DONE", "ALL"] | None = None
    billable: StrictBool | None = None
    budgetEstimate: Annotated[StrictInt, Field(ge=0)] | None = None


class ProjectIn(In):
    name: Annotated[str, Field(max_length=250)]
    clientId: Id | None = None
    color: str | None = None
    note: Annotated[str, Field(max_length=16384)] | None = None
    billable: StrictBool | None = None
    isPublic: StrictBool | None = None
    public: StrictBool | None = None
    hourlyRate: RateIn | None = None
    costRate: RateIn | None = None
    estimate: EstimateIn | None = None
    memberships: list[ProjectMemberIn] | None = None
    tasks: list[TaskIn] | None = None


class ProjectUpdateIn(In):
    name: Annotated[str, Field(max_length=250)] | None = None
    clientId: Id | None = None
    color: str | None = None
    note: Annotated[str, Field(max_length=16384)] | None = None
    billable: StrictBool | None = None
    isPublic: StrictBool | None = None
    public: StrictBool | None = None
    archived: StrictBool | None = None
    hourlyRate: RateIn | None = None
    costRate: RateIn | None = None


class TimeEstimateIn(In):
    estimate: IsoDuration | None = None
    type: Literal["AUTO", "MANUAL"] | None = None
    resetOption: Literal["WEEKLY", "MONTHLY", "YEARLY"] | None = None
    active: StrictBool | None = None
    includeNonBillable: StrictBool | None = None


class BudgetEstimateIn(In):
    estimate: Annotated[StrictInt, Field(ge=0)] | None = None
    type: Literal["AUTO", "MANUAL"] | None = None
    resetOption: Literal["WEEKLY", "MONTHLY", "YEARLY"] | None = None
    active: StrictBool | None = None
    includeExpenses: StrictBool | None = None


class EstimateResetIn(In):
    interval: Literal["WEEKLY", "MONTHLY", "YEARLY"] | None = None
    dayOfMonth: StrictInt | None = None
    dayOfWeek: WeekDay | None = None
    month: str | None = None
    hour: StrictInt | None = None
    active: StrictBool | None = None
    isActive: StrictBool | None = None


class ProjectEstimateIn(In):
    timeEstimate: TimeEstimateIn | None = None
    budgetEstimate: BudgetEstimateIn | None = None
    estimateReset: EstimateResetIn | None = None


class GroupSelectionIn(In):
    ids: list[Id] | None = None
    contains: Literal["CONTAINS", "DOES_NOT_CONTAIN", "CONTAINS_ONLY"] | None = None
    status: str | None = None


class MembershipsReplaceIn(In):
    memberships: list[ProjectMemberIn]
    userGroups: GroupSelectionIn | None = None


class MembershipsAddIn(In):
    userIds: list[Id] | None = None
    userGroups: GroupSelectionIn | None = None
    remove: StrictBool = False


class TemplateIn(In):
    isTemplate: StrictBool


class FromTemplateIn(In):
    templateProjectId: Id
    name: Annotated[str, Field(max_length=250)]
    clientId: Id | None = None
    color: str | None = None
    isPublic: StrictBool | None = None


class CustomFieldValueIn(In):
    customFieldId: Id | None = None
    sourceType: Literal["WORKSPACE", "PROJECT", "TIMEENTRY"] | None = None
    value: Any = None


class TimeEntryIn(In):
    start: Instant | None = None
    end: Instant | None = None
    billable: StrictBool | None = None
    description: Annotated[str, Field(max_length=3000)] | None = None
    projectId: Id | None = None
    taskId: Id | None = None
    tagIds: list[Id] | None = None
    type: Literal["REGULAR", "BREAK"] | None = None
    customFields: Annotated[list[CustomFieldValueIn], Field(max_length=50)] | None = None
    customAttributes: list[dict[str, Any]] | None = None
    # timeledger's work codes; omitted on a PUT keeps the stored code, null clears it.
    costCodeId: Id | None = None
    laborCodeId: Id | None = None
    timeEntryTypeId: Id | None = None


class TimeEntryUpdateIn(TimeEntryIn):
    start: Instant


class BulkTimeEntryIn(TimeEntryIn):
    id: Id
    start: Instant


class StopTimerIn(In):
    end: Instant


class InvoicedIn(In):
    timeEntryIds: list[Id]
    invoiced: StrictBool


class BatchIn(In):
    timeEntryIds: list[Id]
    hydrated: StrictBool = False


class WorkCodeIn(In):
    """A cost code, labor code or time entry type (timeledger's; not on Clockify)."""

    name: Annotated[str, Field(max_length=250)]
    code: Annotated[str, Field(max_length=50)] | None = None
    description: Annotated[str, Field(max_length=3000)] | None = None
    active: StrictBool | None = None


class ApprovalRequestIn(In):
    periodStart: Instant
    period: Literal["WEEKLY", "BIWEEKLY", "SEMI_MONTHLY", "MONTHLY"] | None = None


class ApprovalStatusIn(In):
    state: Literal["PENDING", "APPROVED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL", "REJECTED"]
    note: Annotated[str, Field(max_length=3000)] | None = None


class UserCustomFieldIn(In):
    customFieldId: Id
    value: Any = None


class MemberProfileIn(In):
    weekStart: WeekDay | None = None
    workCapacity: IsoDuration | None = None
    workingDays: list[WeekDay] | None = None
    userCustomFields: list[UserCustomFieldIn] | None = None
    imageUrl: Annotated[str, Field(max_length=1000)] | None = None
    name: Annotated[str, Field(max_length=250)] | None = None
    removeProfileImage: StrictBool | None = None
    timeZone: Annotated[str, Field(max_length=64)] | None = None


class RoleIn(In):
    role: Literal["WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER"]
    entityId: Id | None = None
    sourceType: Literal["USER_GROUP"] | None = None


class UsersInfoIn(In):
    email: str | None = None
    name: str | None = None
    status: Literal["PENDING", "ACTIVE", "DECLINED", "INACTIVE", "ALL"] | None = None
    accountStatuses: list[str] | None = None
    projectId: Id | None = None
    userGroups: list[Id] | None = None
    roles: list[Literal["WORKSPACE_ADMIN", "OWNER", "TEAM_MANAGER", "PROJECT_MANAGER"]] | None = None
    memberships: Literal["ALL", "NONE", "WORKSPACE", "PROJECT", "USERGROUP"] | None = None
    includeRoles: StrictBool | None = None
    sortColumn: Literal["ID", "EMAIL", "NAME", "NAME_LOWERCASE", "ACCESS", "HOURLYRATE", "COSTRATE"] | None = None
    sortOrder: Literal["ASCENDING", "DESCENDING"] | None = None
    page: Annotated[StrictInt, Field(ge=1)] | None = None
    pageSize: Annotated[StrictInt, Field(ge=1, le=5000)] | None = None


class CustomFieldIn(In):
    name: Annotated[str, Field(max_length=250)]
    type: Literal["TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK"]
    entityType: Literal["TIMEENTRY", "USER"] | None = None
    allowedValues: list[str] | None = None
    description: Annotated[str, Field(max_length=3000)] | None = None
    placeholder: Annotated[str, Field(max_length=250)] | None = None
    onlyAdminCanEdit: StrictBool | None = None
    status: Literal["INACTIVE", "VISIBLE", "INVISIBLE"] | None = None
    required: StrictBool | None = None
    workspaceDefaultValue: Any = None


class ProjectCustomFieldIn(In):
    defaultValue: Any = None
    status: Literal["INACTIVE", "VISIBLE", "INVISIBLE"] | None = None


class ValueIn(In):
    value: Any


# --- responses (documentation; the routers return plain dicts built in wire.py) ---------------


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class RateOut(Out):
    amount: int
    currency: str


class MembershipOut(Out):
    userId: str
    hourlyRate: RateOut | None
    costRate: RateOut | None
    targetId: str
    membershipType: Literal["WORKSPACE", "PROJECT", "USERGROUP"]
    membershipStatus: Literal["PENDING", "ACTIVE", "DECLINED", "INACTIVE"]


class UserSettingsOut(Out):
    weekStart: str
    timeZone: str
    timeFormat: str
    dateFormat: str


class UserOut(Out):
    id: str
    email: str
    name: str
    memberships: list[MembershipOut]
    profilePicture: str
    activeWorkspace: str | None
    defaultWorkspace: str | None
    settings: UserSettingsOut
    status: str
    customFields: list[dict[str, Any]]


class WorkspaceOut(Out):
    id: str
    name: str
    imageUrl: str
    hourlyRate: RateOut
    costRate: RateOut | None
    memberships: list[MembershipOut]
    workspaceSettings: dict[str, Any]
    featureSubscriptionType: str
    features: list[str]
    currencies: list[dict[str, Any]]


class MemberProfileOut(Out):
    email: str
    name: str
    imageUrl: str
    hasPassword: bool
    hasPendingApprovalRequest: bool
    weekStart: str
    workCapacity: str
    workingDays: list[str]
    workspaceNumber: int
    userCustomFieldValues: list[dict[str, Any]]
    timeZone: str


class ClientOut(Out):
    id: str
    name: str
    workspaceId: str
    archived: bool
    address: str | None
    email: str | None
    ccEmails: list[str]
    note: str | None
    currencyId: str
    currencyCode: str


class TagOut(Out):
    id: str
    name: str
    workspaceId: str
    archived: bool


class TaskOut(Out):
    id: str
    name: str
    projectId: str
    workspaceId: str
    assigneeIds: list[str]
    assigneeId: str
    userGroupIds: list[str]
    estimate: str
    duration: str
    status: Literal["ACTIVE", "DONE"]
    billable: bool
    hourlyRate: RateOut | None
    costRate: RateOut | None
    budgetEstimate: int


class ProjectOut(Out):
    id: str
    name: str
    workspaceId: str
    clientId: str
    clientName: str
    color: str
    note: str
    billable: bool
    archived: bool
    public: bool
    isPublic: bool
    template: bool
    isTemplate: bool
    hourlyRate: RateOut
    costRate: RateOut | None
    duration: str
    estimate: dict[str, Any]
    timeEstimate: dict[str, Any]
    budgetEstimate: dict[str, Any] | None
    estimateReset: dict[str, Any] | None
    memberships: list[MembershipOut]
    tasks: list[TaskOut] | None = None


class TimeIntervalOut(Out):
    start: str
    end: str | None
    duration: str | None


class CustomFieldValueOut(Out):
    customFieldId: str
    timeEntryId: str
    value: Any
    name: str
    type: str


class TimeEntryOut(Out):
    id: str
    description: str
    tagIds: list[str]
    userId: str
    billable: bool
    taskId: str | None
    projectId: str | None
    workspaceId: str
    timeInterval: TimeIntervalOut
    customFieldValues: list[CustomFieldValueOut]
    type: Literal["REGULAR", "BREAK", "HOLIDAY", "TIME_OFF"]
    kioskId: str | None
    hourlyRate: RateOut | None
    costRate: RateOut | None
    isLocked: bool
    costCodeId: str | None = None
    laborCodeId: str | None = None
    timeEntryTypeId: str | None = None


class WorkCodeOut(Out):
    id: str
    workspaceId: str
    name: str
    code: str
    description: str
    active: bool


class ApprovalRequestOut(Out):
    id: str
    workspaceId: str
    dateRange: dict[str, Any]
    owner: dict[str, Any]
    creator: dict[str, Any] | None
    status: dict[str, Any]


class ApprovalDetailsOut(Out):
    approvalRequest: ApprovalRequestOut
    entries: list[TimeEntryOut]
    expenses: list[dict[str, Any]]
    trackedTime: str
    billableTime: str
    pendingTime: str
    approvedTime: str
    breakTime: str
    billableAmount: int
    costAmount: int
    expenseTotal: int


class UserGroupOut(Out):
    id: str
    name: str
    workspaceId: str
    userIds: list[str]
    teamManagers: list[dict[str, Any]]


class CustomFieldOut(Out):
    id: str
    workspaceId: str
    name: str
    type: str
    entityType: str
    allowedValues: list[str]
    description: str
    placeholder: str
    onlyAdminCanEdit: bool
    required: bool
    status: str
    workspaceDefaultValue: Any
    projectDefaultValues: list[dict[str, Any]]


class ImageOut(Out):
    name: str
    url: str
