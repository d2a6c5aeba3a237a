"""The company: the workspace the caller works in, and the settings ClickTime exposes."""

from __future__ import annotations

from timeledger.api.auth import DbDep
from timeledger.api.clicktime import envelope, schemas, transport, wire
from timeledger.api.clicktime.auth import AccessDep
from timeledger.api.responses import JSON
from timeledger.services import workspaces as service
from timeledger.services.errors import Invalid
from timeledger.services.settings import TIME_INCREMENTS

router = transport.router()


@router.get("/Company")
async def get_company(db: DbDep, access: AccessDep) -> JSON:
    return envelope.single(wire.company(await service.get(db, access)))


@router.patch("/Company", summary="Change the timesheet period, week start, time increment, task restriction, "
              "lock date or currency (admins)")
async def update_company(db: DbDep, access: AccessDep, body: schemas.CompanyIn) -> JSON:
    change = service.SettingsChange()
    present = set()
    if body.sent("WeekStartsOn"):
        change.week_start, present = body.WeekStartsOn.upper(), present | {"week_start"}
    if body.sent("LockDate"):
        change.lock_before, present = wire.lock_instant(body.LockDate, access.workspace), present | {"lock_before"}
    if body.sent("CurrencyISO"):
        change.currency, present = body.CurrencyISO, present | {"currency"}
    if body.sent("TimesheetModel"):
        period = {v: k for k, v in wire.TIMESHEET_MODELS.items()}[body.TimesheetModel]
        change.timesheet_period, present = period, present | {"timesheet_period"}
    if body.sent("MinTimeIncrement"):
        minutes = wire.increment_minutes(body.MinTimeIncrement)
        if minutes not in TIME_INCREMENTS:
            hours = ", ".join(str(round(m / 60, 4)) for m in TIME_INCREMENTS)
            raise Invalid(f"MinTimeIncrement must be one of {hours} (hours)", "MinTimeIncrement")
        change.min_time_increment, present = minutes, present | {"min_time_increment"}
    if body.sent("TaskRestrictionMethod"):
        restriction = {v: k for k, v in wire.TASK_RESTRICTIONS.items()}[body.TaskRestrictionMethod]
        change.task_restriction, present = restriction, present | {"task_restriction"}
    change.present = frozenset(present)
    return envelope.single(wire.company(await service.update_settings(db, access, change)))
