"""ClickTime request bodies (PascalCase). Unknown fields are ignored; known ones are typed
strictly, so `"IsActive": "yes"` or `"BillingRate": "12"` is a 400 naming the field. Field names
match in any case (`name` fills `Name`).

A field typed without `| None` but defaulting to None may be left out, not sent as null.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, model_validator

from timeledger.services.errors import Invalid


def Text(max_length: int) -> Any:  # noqa: N802 - reads as a type
    return Annotated[StrictStr, Field(max_length=max_length)]


# Dates outside these years name no working time, and would overflow the periods around them.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def iso_date(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date such as 2026-03-02") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be a date between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return day.isoformat()


Id = Annotated[StrictStr, Field(max_length=64)]
Money = Annotated[StrictInt | StrictFloat, Field(ge=0, le=10**11, allow_inf_nan=False)]
IsoDate = Annotated[StrictStr, Field(max_length=10), AfterValidator(iso_date)]
SecurityLevel = Literal["ADMIN", "MANAGER", "STANDARD"]
WeekDay = Literal["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


class In(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _any_case(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names = {name.lower(): name for name in cls.model_fields}
        return {names.get(k.lower(), k) if isinstance(k, str) else k: v for k, v in data.items()}

    def sent(self, name: str) -> bool:
        return name in self.model_fields_set

    def require(self, *names: str) -> None:
        """Refuse a new record missing one of these fields (400 naming the first one missing)."""
        for name in names:
            if getattr(self, name) is None:
                raise Invalid(f"{name} is required", name)


class ClientIn(In):
    Name: Text(100) = None
    IsActive: StrictBool = None
    Notes: Text(3000) | None = None


class JobIn(In):
    Name: Text(250) = None
    ClientID: Id | None = None
    IsActive: StrictBool = None
    IsBillable: StrictBool = None
    BillingRate: Money = None
    Notes: Text(16384) | None = None
    ProjectManagerID: Id | None = None


class UserIn(In):
    Name: Text(100) = None
    Email: Text(254) = None
    SecurityLevel: SecurityLevel = None
    IsActive: StrictBool = None
    BillingRate: Money = None
    CostRate: Money = None
    DivisionID: Id | None = None
    EmploymentTypeID: Id | None = None


class CompanyIn(In):
    WeekStartsOn: WeekDay = None
    LockDate: IsoDate | None = None
    CurrencyISO: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")] = None
    TimesheetModel: Literal["weekly", "biweekly", "semimonthly", "monthly"] = None
    MinTimeIncrement: Annotated[StrictInt | StrictFloat, Field(gt=0, le=1, allow_inf_nan=False)] = None
    TaskRestrictionMethod: Literal["mytasks", "byjob"] = None


class TaskIn(In):
    Name: Text(1000) = None
    TaskCode: Text(100) | None = None
    IsActive: StrictBool = None
    IsBillable: StrictBool = None
    Notes: Text(3000) | None = None


class NamedIn(In):
    """Divisions and employment types."""

    Name: Text(100) = None
    IsActive: StrictBool = None
    AccountingPackageID: Text(100) | None = None


class WorkCodeIn(In):
    Name: Text(100) = None
    Code: Text(50) | None = None
    Description: Text(3000) | None = None
    IsActive: StrictBool = None


class TimeOffTypeIn(In):
    Name: Text(100) = None
    IsActive: StrictBool = None
    RequiresApproval: StrictBool = None


HoursValue = Annotated[StrictInt | StrictFloat, Field(ge=0, le=24, allow_inf_nan=False)]


class TimeOffIn(In):
    Date: IsoDate = None
    Hours: HoursValue = None
    TimeOffTypeID: Id = None
    Notes: Text(3000) | None = None
    UserID: Id = None


class TaskAssociationIn(In):
    TaskID: Id


class JobAssociationIn(In):
    JobID: Id


class TimesheetActionIn(In):
    Action: Text(32)
    Comment: Text(3000) | None = None
    HasAttestation: StrictBool = False
    CCNotifications: list[Text(254)] | None = None


def _clock(value: str) -> str:
    """HH:MM, 24-hour."""
    hour, colon, minute = value.partition(":")
    if not (colon and hour.isdigit() and minute.isdigit() and len(minute) == 2 and 1 <= len(hour) <= 2
            and int(hour) < 24 and int(minute) < 60):
        raise ValueError("must be a time of day such as 09:30 (HH:MM, 24-hour)")
    return f"{int(hour):02d}:{minute}"


Clock = Annotated[StrictStr, Field(max_length=5), AfterValidator(_clock)]


class TimeEntryIn(In):
    Date: IsoDate = None
    Hours: HoursValue = None
    JobID: Id = None
    TaskID: Id = None
    UserID: Id = None
    Comment: Text(3000) | None = None
    StartTime: Clock | None = None
    EndTime: Clock | None = None
    BreakTime: HoursValue | None = None
    CostCodeID: Id | None = None
    LaborCodeID: Id | None = None
    TimeEntryTypeID: Id | None = None
    BillingRate: Money | None = None
    CostRate: Money | None = None
    CustomFields: dict[str, Any] | None = None


class TimerIn(In):
    """The body of the timer endpoints; ClickTime sends its intervals, which the server keeps
    itself (one running interval), so they are accepted and not needed."""

    Intervals: list[dict[str, Any]] | None = None
