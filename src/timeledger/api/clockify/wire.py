"""Domain records to Clockify JSON. Every key Clockify emits is present, `null` when unset."""

from __future__ import annotations

import hashlib
from typing import Any

from timeledger.core.timefmt import format_duration, format_instant
from timeledger.services.access import WorkspaceInfo
from timeledger.services.clients import Client
from timeledger.services.custom_fields import CustomField
from timeledger.services.projects import Project
from timeledger.services.tags import Tag
from timeledger.services.tasks import Task
from timeledger.services.time_entries import Related, TimeEntry
from timeledger.services.user_groups import UserGroup
from timeledger.services.users import Membership, MemberProfile, User
from timeledger.services.workspaces import Workspace

FEATURES = [
    "ADD_TIME_FOR_OTHERS", "BULK_EDIT", "CUSTOM_FIELDS", "PROJECT_TEMPLATES", "TASK_RATES",
    "TIME_AUDIT", "USER_GROUPS", "WHO_CAN_CHANGE_TIMEENTRY_BILLABILITY", "LOCK_TIMESHEETS",
]


def rate(amount: int | None, currency: str) -> dict[str, Any] | None:
    return None if amount is None else {"amount": amount, "currency": currency}


def currency_id(workspace_id: str, code: str) -> str:
    """A stable ObjectId-shaped id for a workspace's currency (Clockify gives currencies ids)."""
    return hashlib.sha1(f"{workspace_id}:{code}".encode()).hexdigest()[:24]


def membership(m: Membership, currency: str) -> dict[str, Any]:
    return {
        "userId": m.user_id,
        "hourlyRate": rate(m.hourly_rate, currency),
        "costRate": rate(m.cost_rate, currency),
        "targetId": m.target_id,
        "membershipType": m.membership_type,
        "membershipStatus": m.status,
    }


def user(u: User, currency: str = "USD") -> dict[str, Any]:
    body = {
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "memberships": [membership(m, currency) for m in u.memberships],
        "profilePicture": u.profile_picture or "",
        "activeWorkspace": u.active_workspace_id or u.default_workspace_id,
        "defaultWorkspace": u.default_workspace_id,
        "settings": u.settings,
        "status": u.status,
        "customFields": u.custom_fields,
    }
    if u.roles is not None:
        body["roles"] = [
            {"role": g.role, "entities": [{"id": i, "name": n} for i, n in g.entities]} for g in u.roles
        ]
    return body


def workspace(w: Workspace) -> dict[str, Any]:
    info = w.info
    return {
        "id": info.id,
        "name": info.name,
        "imageUrl": info.image_url,
        "hourlyRate": {"amount": w.hourly_rate, "currency": info.currency},
        "costRate": rate(w.cost_rate, info.currency),
        "memberships": [membership(m, info.currency) for m in w.memberships],
        "workspaceSettings": workspace_settings(info),
        "featureSubscriptionType": "SELF_HOSTED",
        "features": FEATURES,
        "currencies": [{"id": currency_id(info.id, info.currency), "code": info.currency, "isDefault": True}],
        "subdomain": {"name": None, "enabled": False},
        "cakeOrganizationId": None,
    }


def workspace_settings(info: WorkspaceInfo) -> dict[str, Any]:
    settings = dict(info.settings)
    settings["lockTimeEntries"] = settings.get("lockTimeEntries")
    return settings


def member_profile(p: MemberProfile) -> dict[str, Any]:
    return {
        "email": p.user.email,
        "name": p.user.name,
        "imageUrl": p.image_url,
        "hasPassword": p.has_password,
        "hasPendingApprovalRequest": False,
        "weekStart": p.week_start,
        "workCapacity": format_duration(p.work_capacity_s),
        "workingDays": p.working_days,
        "workspaceNumber": p.workspace_count,
        "userCustomFieldValues": p.custom_values,
        "timeZone": p.user.settings.get("timeZone", "UTC"),
    }


def client(c: Client, workspace_id: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "workspaceId": c.workspace_id,
        "archived": c.archived,
        "address": c.address,
        "email": c.email,
        "ccEmails": c.cc_emails,
        "note": c.note,
        "currencyId": currency_id(workspace_id, c.currency_code),
        "currencyCode": c.currency_code,
    }


def tag(t: Tag) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "workspaceId": t.workspace_id, "archived": t.archived}


def task(t: Task, currency: str) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "projectId": t.project_id,
        "workspaceId": t.workspace_id,
        "assigneeIds": t.assignee_ids,
        "assigneeId": t.assignee_ids[0] if t.assignee_ids else "",
        "userGroupIds": t.user_group_ids,
        "estimate": format_duration(t.estimate_s),
        "duration": format_duration(t.duration_s),
        "status": t.status,
        "billable": t.billable,
        "hourlyRate": rate(t.hourly_rate, currency),
        "costRate": rate(t.cost_rate, currency),
        "budgetEstimate": t.budget_estimate,
        "favorite": False,
    }


def _time_estimate(p: Project) -> dict[str, Any]:
    te = p.time_estimate
    return {
        "estimate": format_duration(te.get("estimate") or 0),
        "type": te.get("type") or "AUTO",
        "resetOption": te.get("resetOption"),
        "active": bool(te.get("active")),
        "includeNonBillable": bool(te.get("includeNonBillable", True)),
    }


def project(p: Project, currency: str) -> dict[str, Any]:
    time_estimate = _time_estimate(p)
    body = {
        "id": p.id,
        "name": p.name,
        "workspaceId": p.workspace_id,
        "clientId": p.client_id or "",
        "clientName": p.client_name,
        "color": p.color,
        "note": p.note,
        "billable": p.billable,
        "archived": p.archived,
        "public": p.is_public,
        "isPublic": p.is_public,
        "template": p.is_template,
        "isTemplate": p.is_template,
        "hourlyRate": {"amount": p.hourly_rate or 0, "currency": currency},
        "costRate": rate(p.cost_rate, currency),
        "duration": format_duration(p.duration_s),
        "estimate": {"estimate": time_estimate["estimate"], "type": time_estimate["type"]},
        "timeEstimate": time_estimate,
        "budgetEstimate": p.budget_estimate,
        "estimateReset": p.estimate_reset,
        "memberships": [membership(m, currency) for m in p.memberships],
        "userGroupIds": p.user_group_ids,
        "favorite": False,
    }
    if p.tasks is not None:
        body["tasks"] = [task(t, currency) for t in p.tasks]
    return body


def time_entry(e: TimeEntry, related: Related | None = None) -> dict[str, Any]:
    body = {
        "id": e.id,
        "description": e.description,
        "tagIds": e.tag_ids,
        "userId": e.user_id,
        "billable": e.billable,
        "taskId": e.task_id,
        "projectId": e.project_id,
        "workspaceId": e.workspace_id,
        "timeInterval": {
            "start": format_instant(e.start_at),
            "end": format_instant(e.end_at),
            "duration": format_duration(e.duration_s),
        },
        "customFieldValues": [
            {"customFieldId": v.field_id, "timeEntryId": e.id, "value": v.value, "name": v.name, "type": v.type}
            for v in e.custom_values
        ],
        "type": e.type,
        "kioskId": None,
        "hourlyRate": {"amount": e.hourly_rate or 0, "currency": e.currency},
        "costRate": {"amount": e.cost_rate or 0, "currency": e.currency},
        "isLocked": e.is_locked,
        "approvalRequestId": getattr(e, "approval_request_id", None),
        "costCodeId": e.cost_code_id,
        "laborCodeId": e.labor_code_id,
        "timeEntryTypeId": e.time_entry_type_id,
    }
    if related is not None:
        p = related.projects.get(e.project_id) if e.project_id else None
        t = related.tasks.get(e.task_id) if e.task_id else None
        u = related.users.get(e.user_id)
        body["project"] = project(p, e.currency) if p else None
        body["task"] = task(t, e.currency) if t else None
        body["tags"] = [tag(related.tags[i]) for i in e.tag_ids if i in related.tags]
        body["user"] = user(u, e.currency) if u else None
        body["kiosk"] = None
        for key, code_id in (("costCode", e.cost_code_id), ("laborCode", e.labor_code_id),
                             ("timeEntryType", e.time_entry_type_id)):
            code = related.work_codes.get(code_id) if code_id else None
            body[key] = work_code(code) if code else None
    return body


def work_code(c: Any) -> dict[str, Any]:
    """A cost code, labor code or time entry type (services.work_codes.WorkCode)."""
    return {"id": c.id, "workspaceId": c.workspace_id, "name": c.name, "code": c.code,
            "description": c.description, "active": c.active}


def _day_start(day: Any) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _day_end(day: Any) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def approval_request(r: Any) -> dict[str, Any]:
    """A timesheet as Clockify's approval request (services.timesheets.ApprovalRequest)."""
    sheet, owner = r.sheet, r.owner
    updated_by = r.updated_by
    return {
        "id": sheet.id,
        "workspaceId": sheet.workspace_id,
        "dateRange": {"start": _day_start(sheet.start_date), "end": _day_end(sheet.end_date)},
        "owner": {"userId": owner.id, "userName": owner.name, "timeZone": owner.time_zone,
                  "startOfWeek": owner.week_start},
        "creator": (
            {"userId": r.creator.id, "userName": r.creator.name, "userEmail": r.creator.email} if r.creator else None
        ),
        "status": {
            "state": sheet.approval_state,
            "note": sheet.note,
            "updatedAt": format_instant(sheet.updated_at),
            "updatedBy": updated_by.id if updated_by else None,
            "updatedByUserName": updated_by.name if updated_by else None,
        },
        # timeledger's: the timesheet's own status (Open, Waiting, Approved, Rejected, Locked).
        "timesheetStatus": sheet.status,
    }


def approval_details(r: Any) -> dict[str, Any]:
    t = r.totals
    approved = r.sheet.status in ("Approved", "Locked")
    return {
        "approvalRequest": approval_request(r),
        "entries": [time_entry(e) for e in r.entries],
        "expenses": [],
        "trackedTime": format_duration(t.tracked),
        "billableTime": format_duration(t.billable),
        "pendingTime": format_duration(0 if approved else t.tracked),
        "approvedTime": format_duration(t.tracked if approved else 0),
        "breakTime": format_duration(t.breaks),
        "billableAmount": t.earned,
        "costAmount": t.cost,
        "expenseTotal": 0,
    }


def user_group(g: UserGroup) -> dict[str, Any]:
    return {
        "id": g.id,
        "name": g.name,
        "workspaceId": g.workspace_id,
        "userIds": g.user_ids,
        "teamManagers": [{"id": i, "name": n} for i, n in g.team_managers],
    }


def custom_field(f: CustomField) -> dict[str, Any]:
    return {
        "id": f.id,
        "workspaceId": f.workspace_id,
        "name": f.name,
        "type": f.type,
        "entityType": f.entity_type,
        "allowedValues": f.allowed_values,
        "description": f.description,
        "placeholder": f.placeholder,
        "onlyAdminCanEdit": f.only_admin_can_edit,
        "required": f.required,
        "status": f.status,
        "workspaceDefaultValue": f.workspace_default_value,
        "projectDefaultValues": f.project_defaults,
    }
