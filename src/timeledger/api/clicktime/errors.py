"""Every failure of a ClickTime request as ClickTime answers it: the envelope with
`errors: [{Field, Message, MessageDetail}]`, and 400 bad input (never 422), 401 credentials,
403 not allowed, 404 an id in the URL that names nothing here (another workspace's id included).

An id in the *body* that names nothing is bad input: 400 naming the field (ClientID, UserID, …).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from timeledger.api.auth import Unauthenticated
from timeledger.api.clicktime import envelope
from timeledger.api.responses import JSON
from timeledger.services.errors import Forbidden, Invalid, Locked, NoRunningTimer, NotFound, ServiceError

log = logging.getLogger("timeledger.api.clicktime")

# ClickTime's names for the things the services name.
ENTITIES = {
    "Project": "Job", "Workspace": "Company", "Time off type": "TimeOffType", "Time off": "TimeOff",
    "Employment type": "EmploymentType", "Cost code": "CostCode", "Labor code": "LaborCode",
    "Time entry type": "TimeEntryType", "Time entry": "TimeEntry", "TimeEntry": "TimeEntry",
}
# The services name fields as the Clockify dialect does; these are ClickTime's words for them.
FIELDS = {
    "name": "Name", "email": "Email", "note": "Notes", "archived": "IsActive", "status": "IsActive",
    "clientId": "ClientID", "projectId": "JobID", "userId": "UserID", "taskId": "TaskID", "role": "SecurityLevel",
    "hourlyRate": "BillingRate", "costRate": "CostRate", "weekStart": "WeekStartsOn", "lockTimeEntries": "LockDate",
    "currency": "CurrencyISO", "currencyCode": "CurrencyISO", "limit": "limit", "offset": "offset",
    "id": "ID", "taskCode": "TaskCode", "notes": "Notes", "code": "Code", "description": "Description",
    "costCodeId": "CostCodeID", "laborCodeId": "LaborCodeID", "timeEntryTypeId": "TimeEntryTypeID",
    "timesheetPeriod": "TimesheetModel", "minTimeIncrement": "MinTimeIncrement",
    "taskRestriction": "TaskRestrictionMethod", "start": "StartTime", "end": "EndTime",
    "projectManagerId": "ProjectManagerID", "timeEntryId": "TimeEntryID", "hours": "Hours", "date": "Date",
    "breakTime": "BreakTime",
}

# Advice the services give in the Clockify dialect's words, as ClickTime says it.
PHRASES = {"Deactivate it instead": "Set IsActive to false instead"}


def clicktime_field(name: str | None) -> str:
    if not name:
        return ""
    return FIELDS.get(name, name[:1].upper() + name[1:])


def response(request: Request, exc: Exception) -> JSON:
    """The one mapping from an exception to a ClickTime error response."""
    if isinstance(exc, ServiceError):
        return _service(request, exc)
    if isinstance(exc, RequestValidationError):
        return _validation(exc)
    if isinstance(exc, StarletteHTTPException):
        return envelope.error(exc.status_code, str(exc.detail), headers=exc.headers)
    if isinstance(exc, IntegrityError):
        # The services check every rule first; reaching here means a concurrent write won a race.
        log.info("integrity error turned into 400: %s", exc.orig)
        return envelope.error(400, "The request conflicts with data written at the same time; retry it")
    if isinstance(exc, DataError):
        log.info("data error turned into 400: %s", exc.orig)
        return envelope.error(400, "A value does not fit its field")
    if isinstance(exc, (OperationalError, InterfaceError)):
        log.exception("database unavailable", exc_info=exc)
        return envelope.error(503, "The database is unavailable, retry shortly", headers={"Retry-After": "1"})
    log.exception("unhandled error", exc_info=exc)
    return envelope.error(500, "Internal server error")


def _service(request: Request, exc: ServiceError) -> JSON:
    if isinstance(exc, Unauthenticated):
        return envelope.error(401, exc.message, headers={"WWW-Authenticate": 'Token realm="ClickTime"'})
    if isinstance(exc, NotFound):
        entity = ENTITIES.get(exc.entity, exc.entity)
        in_path = bool(exc.entity_id) and str(exc.entity_id).lower() in request.url.path.lower()
        if in_path:
            return envelope.error(404, f"{entity} not found")
        field = f"{entity.replace(' ', '')}ID"
        return envelope.error(400, f"{field} does not name a {_words(entity)} of this company", field)
    if isinstance(exc, Forbidden):
        return envelope.error(403, exc.message if exc.message != "Access Denied" else "Insufficient permissions")
    if isinstance(exc, NoRunningTimer):
        return envelope.error(404, exc.message)
    if isinstance(exc, Locked):
        return envelope.error(403, exc.message)
    if isinstance(exc, Invalid):
        return envelope.error(400, _phrased(exc.message), clicktime_field(exc.field))
    return envelope.error(400, exc.message)


def _phrased(message: str) -> str:
    for theirs, ours in PHRASES.items():
        message = message.replace(theirs, ours)
    return message


def _words(entity: str) -> str:
    """TimeOffType -> time off type."""
    return "".join(" " + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(entity))


def _validation(exc: RequestValidationError) -> JSON:
    problems = exc.errors() or [{"loc": ("body",), "msg": "invalid request", "type": "value_error"}]
    first = problems[0]
    where, field = _location(tuple(first.get("loc", ())))
    kind = first.get("type", "")
    if kind == "json_invalid":
        return envelope.error(400, "Malformed JSON request body", details=[str(first.get("ctx", {}).get("error", ""))])
    if where == "body" and not field:
        if kind == "missing":
            message = "A request body is required"
        elif kind == "list_type":  # the body is a list of IDs (PUT of an ID list)
            message = "The request body must be a JSON array"
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = "The request body must be a JSON object"
        elif isinstance(first.get("loc", ("body",))[-1], int):  # an item of a list body: ('body', 0)
            message = f"Item {first['loc'][-1]} of the request body: {_message(first)}"
        else:
            message = f"The request body: {_message(first)}"
        return envelope.error(400, message)
    details = [f"{_location(tuple(p.get('loc', ())))[1]}: {_message(p)}" for p in problems[1:]]
    if kind == "missing":
        return envelope.error(400, f"{field} is required", field, details)
    return envelope.error(400, f"{field}: {_message(first)}", field, details)


def _location(loc: tuple[Any, ...]) -> tuple[str, str]:
    """(where, field) from a pydantic location such as ('body', 'Dates', 0, 'Hours')."""
    where = str(loc[0]) if loc else "body"
    # Unions add the member that failed ('int', 'float', 'function-after[...]'): not a field.
    parts = [str(p) for p in loc[1:] if not isinstance(p, int) and str(p) not in _UNION_TAGS and "[" not in str(p)]
    return where, ".".join(parts)


_UNION_TAGS = {"int", "float", "str", "bool", "list", "dict", "none", "constrained-str", "constrained-int"}


def _message(problem: dict[str, Any]) -> str:
    message = str(problem.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")
