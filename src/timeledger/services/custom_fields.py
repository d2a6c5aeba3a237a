"""Custom fields on time entries and on users, with workspace and per-project defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from timeledger.core.ids import new_id
from timeledger.db.engine import Database
from timeledger.db.tables import custom_field_project_defaults, custom_fields, user_custom_values
from timeledger.services import events
from timeledger.services.access import Access
from timeledger.services.common import clean_name, name_filter, require_id
from timeledger.services.errors import Forbidden, Invalid, NotFound

TYPES = ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK")
ENTITY_TYPES = ("TIMEENTRY", "USER")
STATUSES = ("INACTIVE", "VISIBLE", "INVISIBLE")
MAX_TEXT = 3000


@dataclass(slots=True)
class CustomField:
    id: str
    workspace_id: str
    name: str
    type: str
    entity_type: str
    allowed_values: list[str]
    description: str
    placeholder: str
    only_admin_can_edit: bool
    required: bool
    status: str
    workspace_default_value: Any
    project_defaults: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class CustomFieldInput:
    name: str | None
    type: str | None
    entity_type: str = "TIMEENTRY"
    allowed_values: list[str] = field(default_factory=list)
    description: str = ""
    placeholder: str = ""
    only_admin_can_edit: bool = False
    required: bool = False
    status: str = "VISIBLE"
    workspace_default_value: Any = None


def _field(row: Any) -> CustomField:
    return CustomField(
        id=row.id, workspace_id=row.workspace_id, name=row.name, type=row.type, entity_type=row.entity_type,
        allowed_values=list(row.allowed_values or []), description=row.description, placeholder=row.placeholder,
        only_admin_can_edit=row.only_admin_can_edit, required=row.required, status=row.status,
        workspace_default_value=row.workspace_default_value,
    )


def check_value(kind: str, allowed: list[str], value: Any, name: str) -> Any:
    """A value fit for a field of `kind`, or Invalid naming the field. None clears the value."""
    if value is None:
        return None
    problem = f"Value for custom field '{name}' "
    if kind in ("TXT", "LINK"):
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise Invalid(problem + f"must be text of at most {MAX_TEXT} characters", "customFields")
        if kind == "LINK" and value and not value.startswith(("http://", "https://")):
            raise Invalid(problem + "must be an http(s) link", "customFields")
        return value
    if kind == "NUMBER":
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    return float(value) if "." in value else int(value)
                except ValueError:
                    pass
            raise Invalid(problem + "must be a number", "customFields")
        return value
    if kind == "CHECKBOX":
        if not isinstance(value, bool):
            raise Invalid(problem + "must be true or false", "customFields")
        return value
    if kind == "DROPDOWN_SINGLE":
        if not isinstance(value, str) or (value and value not in allowed):
            raise Invalid(problem + f"must be one of {allowed}", "customFields")
        return value
    values = value if isinstance(value, list) else [value]
    if any(not isinstance(v, str) or v not in allowed for v in values):
        raise Invalid(problem + f"must be a list drawn from {allowed}", "customFields")
    return list(dict.fromkeys(values))


def _validate(data: CustomFieldInput) -> dict[str, Any]:
    name = clean_name(data.name, min_len=2, max_len=250)
    if data.type not in TYPES:
        raise Invalid(f"type must be one of {', '.join(TYPES)}", "type")
    if data.entity_type not in ENTITY_TYPES:
        raise Invalid("entityType must be TIMEENTRY or USER", "entityType")
    if data.status not in STATUSES:
        raise Invalid("status must be INACTIVE, VISIBLE or INVISIBLE", "status")
    if any(not isinstance(v, str) or not v or len(v) > 250 for v in data.allowed_values):
        raise Invalid("allowedValues must be non-empty texts of at most 250 characters", "allowedValues")
    allowed = list(dict.fromkeys(data.allowed_values))
    if data.type.startswith("DROPDOWN") and not allowed:
        raise Invalid("A dropdown field needs allowedValues", "allowedValues")
    if len(data.description) > MAX_TEXT:
        raise Invalid(f"description must be at most {MAX_TEXT} characters", "description")
    if len(data.placeholder) > 250:
        raise Invalid("placeholder must be at most 250 characters", "placeholder")
    default = check_value(data.type, allowed, data.workspace_default_value, name)
    return {
        "name": name, "type": data.type, "entity_type": data.entity_type, "allowed_values": allowed,
        "description": data.description, "placeholder": data.placeholder,
        "only_admin_can_edit": data.only_admin_can_edit, "required": data.required, "status": data.status,
        "workspace_default_value": default,
    }


async def get_row(conn: AsyncConnection, ws: str, field_id: str | None) -> Any:
    field_id = require_id(field_id, "Custom field")
    row = (
        await conn.execute(sa.select(custom_fields).where(custom_fields.c.workspace_id == ws, custom_fields.c.id == field_id))
    ).first()
    if row is None:
        raise NotFound("Custom field", field_id)
    return row


async def _with_project_defaults(conn: AsyncConnection, ws: str, fields: list[CustomField], project_id: str | None = None) -> list[CustomField]:
    if not fields:
        return fields
    by_id = {f.id: f for f in fields}
    stmt = sa.select(custom_field_project_defaults).where(
        custom_field_project_defaults.c.workspace_id == ws, custom_field_project_defaults.c.custom_field_id.in_(list(by_id))
    )
    if project_id:
        stmt = stmt.where(custom_field_project_defaults.c.project_id == project_id)
    for row in await conn.execute(stmt):
        by_id[row.custom_field_id].project_defaults.append(
            {"projectId": row.project_id, "value": row.value, "status": row.status}
        )
    return fields


async def list_fields(db: Database, access: Access, *, name: str | None, status: str | None, entity_type: str | None) -> list[CustomField]:
    if status is not None and status not in STATUSES:
        raise Invalid("status must be INACTIVE, VISIBLE or INVISIBLE", "status")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise Invalid("entity-type must be TIMEENTRY or USER", "entity-type")
    stmt = sa.select(custom_fields).where(custom_fields.c.workspace_id == access.workspace_id)
    condition = name_filter(custom_fields.c.name, name, False)
    if condition is not None:
        stmt = stmt.where(condition)
    if status:
        stmt = stmt.where(custom_fields.c.status == status)
    if entity_type:
        stmt = stmt.where(custom_fields.c.entity_type == entity_type)
    async with db.read() as conn:
        rows = (await conn.execute(stmt.order_by(custom_fields.c.name, custom_fields.c.id))).all()
        return await _with_project_defaults(conn, access.workspace_id, [_field(r) for r in rows])


async def create_field(db: Database, access: Access, data: CustomFieldInput) -> CustomField:
    access.require_admin()
    values = _validate(data)
    field_id = new_id()
    async with db.write() as conn:
        await conn.execute(
            custom_fields.insert().values(workspace_id=access.workspace_id, id=field_id, created_at=datetime.now(UTC), **values)
        )
        await events.record(conn, access.workspace_id, "CUSTOM_FIELD_CREATED", "CUSTOM_FIELD", field_id, access.user_id, {"name": values["name"]})
        return _field(await get_row(conn, access.workspace_id, field_id))


async def update_field(db: Database, access: Access, field_id: str, data: CustomFieldInput) -> CustomField:
    access.require_admin()
    values = _validate(data)
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, field_id)
        await conn.execute(
            custom_fields.update().where(custom_fields.c.workspace_id == access.workspace_id, custom_fields.c.id == row.id).values(**values)
        )
        await events.record(conn, access.workspace_id, "CUSTOM_FIELD_UPDATED", "CUSTOM_FIELD", row.id, access.user_id, {"name": values["name"]})
        updated = _field(await get_row(conn, access.workspace_id, row.id))
        return (await _with_project_defaults(conn, access.workspace_id, [updated]))[0]


async def delete_field(db: Database, access: Access, field_id: str) -> None:
    """Deleting a field also drops its values from users; entries keep no dangling value because
    entry values are read through the field list."""
    access.require_admin()
    async with db.write() as conn:
        row = await get_row(conn, access.workspace_id, field_id)
        await conn.execute(custom_fields.delete().where(custom_fields.c.workspace_id == access.workspace_id, custom_fields.c.id == row.id))
        await events.record(conn, access.workspace_id, "CUSTOM_FIELD_DELETED", "CUSTOM_FIELD", row.id, access.user_id, {"name": row.name})


async def list_project_fields(db: Database, access: Access, project_id: str, *, status: str | None, entity_type: str | None) -> list[CustomField]:
    from timeledger.services.projects import visible_project

    async with db.read() as conn:
        project = await visible_project(conn, access, project_id)
        stmt = sa.select(custom_fields).where(custom_fields.c.workspace_id == access.workspace_id)
        if entity_type:
            stmt = stmt.where(custom_fields.c.entity_type == entity_type)
        rows = (await conn.execute(stmt.order_by(custom_fields.c.name, custom_fields.c.id))).all()
        result = await _with_project_defaults(conn, access.workspace_id, [_field(r) for r in rows], project.id)
    if status:
        result = [f for f in result if _project_status(f, project.id) == status]
    return result


def _project_status(cf: CustomField, project_id: str) -> str:
    for item in cf.project_defaults:
        if item["projectId"] == project_id:
            return item["status"]
    return cf.status


async def set_project_default(
    db: Database, access: Access, project_id: str, field_id: str, default_value: Any, status: str | None, present: frozenset[str]
) -> CustomField:
    from timeledger.services.projects import visible_project

    if status is not None and status not in STATUSES:
        raise Invalid("status must be INACTIVE, VISIBLE or INVISIBLE", "status")
    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        if not access.can_manage_project(project.id):
            raise Forbidden()
        row = await get_row(conn, access.workspace_id, field_id)
        key = (
            custom_field_project_defaults.c.workspace_id == access.workspace_id,
            custom_field_project_defaults.c.custom_field_id == row.id,
            custom_field_project_defaults.c.project_id == project.id,
        )
        existing = (await conn.execute(sa.select(custom_field_project_defaults).where(*key))).first()
        value = check_value(row.type, list(row.allowed_values or []), default_value, row.name) if "defaultValue" in present else (
            existing.value if existing else None
        )
        new_status = status or (existing.status if existing else row.status)
        if existing:
            await conn.execute(custom_field_project_defaults.update().where(*key).values(value=value, status=new_status))
        else:
            await conn.execute(
                custom_field_project_defaults.insert().values(
                    workspace_id=access.workspace_id, custom_field_id=row.id, project_id=project.id, value=value, status=new_status
                )
            )
        await events.record(conn, access.workspace_id, "CUSTOM_FIELD_UPDATED", "CUSTOM_FIELD", row.id, access.user_id, {"projectId": project.id})
        return (await _with_project_defaults(conn, access.workspace_id, [_field(row)]))[0]


async def remove_project_default(db: Database, access: Access, project_id: str, field_id: str) -> CustomField:
    from timeledger.services.projects import visible_project

    async with db.write() as conn:
        project = await visible_project(conn, access, project_id)
        if not access.can_manage_project(project.id):
            raise Forbidden()
        row = await get_row(conn, access.workspace_id, field_id)
        await conn.execute(
            custom_field_project_defaults.delete().where(
                custom_field_project_defaults.c.workspace_id == access.workspace_id,
                custom_field_project_defaults.c.custom_field_id == row.id,
                custom_field_project_defaults.c.project_id == project.id,
            )
        )
        await events.record(conn, access.workspace_id, "CUSTOM_FIELD_UPDATED", "CUSTOM_FIELD", row.id, access.user_id,
                            {"projectId": project.id, "removed": True})
        return (await _with_project_defaults(conn, access.workspace_id, [_field(row)]))[0]


# --- values -------------------------------------------------------------------------------------


async def write_user_value(conn: AsyncConnection, access: Access, user_id: str, field_id: str, value: Any) -> dict[str, Any]:
    row = await get_row(conn, access.workspace_id, field_id)
    if row.entity_type != "USER":
        raise Invalid(f"Custom field '{row.name}' is not a user field", "customFieldId")
    if (row.only_admin_can_edit or user_id != access.user_id) and not access.is_admin:
        raise Forbidden()
    clean = check_value(row.type, list(row.allowed_values or []), value, row.name)
    key = (
        user_custom_values.c.workspace_id == access.workspace_id,
        user_custom_values.c.user_id == user_id,
        user_custom_values.c.custom_field_id == row.id,
    )
    await conn.execute(user_custom_values.delete().where(*key))
    await conn.execute(
        user_custom_values.insert().values(workspace_id=access.workspace_id, user_id=user_id, custom_field_id=row.id, value=clean)
    )
    return {"customFieldId": row.id, "customFieldName": row.name, "customFieldType": row.type, "userId": user_id, "value": clean}


async def set_user_value(db: Database, access: Access, user_id: str, field_id: str, value: Any) -> dict[str, Any]:
    from timeledger.services.users import require_member

    async with db.write() as conn:
        member = await require_member(conn, access.workspace_id, user_id)
        result = await write_user_value(conn, access, member.user_id, field_id, value)
        await events.record(conn, access.workspace_id, "USER_UPDATED", "USER", member.user_id, access.user_id, {"customFieldId": result["customFieldId"]})
    return result


async def entry_values(conn: AsyncConnection, access: Access, items: list[tuple[str | None, Any]]) -> dict[str, Any]:
    """Validated time-entry custom field values as {fieldId: value}."""
    if len(items) > 50:
        raise Invalid("At most 50 custom fields per time entry", "customFields")
    result: dict[str, Any] = {}
    for field_id, value in items:
        row = await get_row(conn, access.workspace_id, field_id)
        if row.entity_type != "TIMEENTRY":
            raise Invalid(f"Custom field '{row.name}' is not a time entry field", "customFields")
        if row.status == "INACTIVE":
            raise Invalid(f"Custom field '{row.name}' is inactive", "customFields")
        if row.only_admin_can_edit and not access.is_admin:
            raise Forbidden()
        result[row.id] = check_value(row.type, list(row.allowed_values or []), value, row.name)
    return result


async def describe(conn: AsyncConnection, ws: str, field_ids: set[str]) -> dict[str, tuple[str, str]]:
    """{field id: (name, type)} for the given ids that still exist."""
    if not field_ids:
        return {}
    rows = await conn.execute(
        sa.select(custom_fields.c.id, custom_fields.c.name, custom_fields.c.type).where(
            custom_fields.c.workspace_id == ws, custom_fields.c.id.in_(list(field_ids))
        )
    )
    return {r.id: (r.name, r.type) for r in rows}
