"""The schema. Every tenant-owned table leads its primary key with `workspace_id`.

References between tenant-owned rows are composite foreign keys that include `workspace_id`, so
the database itself refuses a row that points into another workspace.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class _SQLiteDateTime(sqlite.DATETIME):
    """SQLite's DATETIME, read with datetime.fromisoformat (C) instead of a regular expression:
    every listed entry carries two instants, so this runs thousands of times a second."""

    def result_processor(self, dialect, coltype):
        parse = datetime.fromisoformat
        return lambda value: None if value is None else parse(value)


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC; always comes back timezone-aware (SQLite would drop the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteDateTime())
        return dialect.type_descriptor(self.impl)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None or value.tzinfo is UTC:
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# None is stored as SQL NULL, not as the JSON text 'null' (which every read would have to parse).
Json = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
Id = sa.String(24)


def _id_col(name: str = "id", **kw) -> sa.Column:
    return sa.Column(name, Id, nullable=False, **kw)


def _ws() -> sa.Column:
    return sa.Column("workspace_id", Id, sa.ForeignKey("workspaces.id"), nullable=False)


def _created() -> sa.Column:
    return sa.Column("created_at", UTCDateTime(), nullable=False, default=lambda: datetime.now(UTC))


users = sa.Table(
    "users",
    metadata,
    _id_col(primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("password_hash", sa.String(255)),
    # ACTIVE, PENDING_EMAIL_VERIFICATION, DELETED, NOT_REGISTERED, LIMITED
    sa.Column("status", sa.String(32), nullable=False, server_default="ACTIVE"),
    sa.Column("settings", Json, nullable=False),
    sa.Column("default_workspace_id", Id),
    sa.Column("profile_picture", sa.String(1000)),
    _created(),
    )

api_keys = sa.Table(
    "api_keys",
    metadata,
    _id_col(primary_key=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # SHA-256 of the key: keys carry 256 bits of entropy, so a fast hash is the right tool here.
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False, server_default=""),
    _created(),
    sa.Index("ix_api_keys_user_id", "user_id"),
)

workspaces = sa.Table(
    "workspaces",
    metadata,
    _id_col(primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("image_url", sa.String(1000), nullable=False, server_default=""),
    sa.Column("currency", sa.String(3), nullable=False, server_default="USD"),
    sa.Column("settings", Json, nullable=False),
    _created(),
)

memberships = sa.Table(
    "memberships",
    metadata,
    _ws(),
    sa.Column("user_id", Id, sa.ForeignKey("users.id"), nullable=False),
    # OWNER, WORKSPACE_ADMIN, TEAM_MANAGER, PROJECT_MANAGER, MEMBER
    sa.Column("role", sa.String(20), nullable=False),
    # ACTIVE, INACTIVE, PENDING, DECLINED
    sa.Column("status", sa.String(12), nullable=False, server_default="ACTIVE"),
    # member profile: weekStart, workCapacity, workingDays, imageUrl, name (per workspace)
    sa.Column("profile", Json, nullable=False),
    _created(),
    # ClickTime's employment type (payroll classification); no Clockify equivalent.
    sa.Column("employment_type_id", Id),
    sa.PrimaryKeyConstraint("workspace_id", "user_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "employment_type_id"], ["employment_types.workspace_id", "employment_types.id"]
    ),
    sa.Index("ix_memberships_user_id", "user_id"),
)

# Scoped role grants: TEAM_MANAGER of a user or a user group, PROJECT_MANAGER of a project,
# WORKSPACE_ADMIN of the workspace. The membership's `role` is the highest one held.
member_roles = sa.Table(
    "member_roles",
    metadata,
    _ws(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("entity_id", Id, nullable=False),
    sa.Column("source_type", sa.String(16)),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "user_id", "role", "entity_id"),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.Index("ix_member_roles_workspace_id_role_entity_id", "workspace_id", "role", "entity_id"),
)

clients = sa.Table(
    "clients",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("email", sa.String(254)),
    sa.Column("address", sa.String(3000)),
    sa.Column("note", sa.String(3000)),
    sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("currency_code", sa.String(3)),
    sa.Column("cc_emails", Json, nullable=False),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

projects = sa.Table(
    "projects",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(250), nullable=False),
    sa.Column("client_id", Id),
    sa.Column("color", sa.String(7), nullable=False),
    sa.Column("note", sa.String(16384), nullable=False, server_default=""),
    sa.Column("billable", sa.Boolean(), nullable=False),
    sa.Column("is_public", sa.Boolean(), nullable=False),
    sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("is_template", sa.Boolean(), nullable=False, server_default=sa.false()),
    # {estimate: seconds, type, resetOption, active, includeNonBillable}
    sa.Column("time_estimate", Json, nullable=False),
    # {estimate: minor units, type, resetOption, active, includeExpenses} or null
    sa.Column("budget_estimate", Json),
    sa.Column("estimate_reset", Json),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(["workspace_id", "client_id"], ["clients.workspace_id", "clients.id"]),
)

project_members = sa.Table(
    "project_members",
    metadata,
    _ws(),
    sa.Column("project_id", Id, nullable=False),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="ACTIVE"),
    sa.PrimaryKeyConstraint("workspace_id", "project_id", "user_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "project_id"], ["projects.workspace_id", "projects.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.Index("ix_project_members_workspace_id_user_id", "workspace_id", "user_id"),
)

# User groups; ClickTime's divisions are user groups with `is_division` set.
user_groups = sa.Table(
    "user_groups",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(100), nullable=False),
    _created(),
    sa.Column("is_division", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("accounting_package_id", sa.String(100)),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    # The target of user_group_members' (group, is_division) reference.
    sa.Index("uq_user_groups_division_flag", "workspace_id", "id", "is_division", unique=True),
)

user_group_members = sa.Table(
    "user_group_members",
    metadata,
    _ws(),
    sa.Column("group_id", Id, nullable=False),
    sa.Column("user_id", Id, nullable=False),
    # Copied from the group (the reference below keeps it equal), so that the database itself
    # can hold a person to one division.
    sa.Column("is_division", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.PrimaryKeyConstraint("workspace_id", "group_id", "user_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "group_id"], ["user_groups.workspace_id", "user_groups.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(
        ["workspace_id", "group_id", "is_division"],
        ["user_groups.workspace_id", "user_groups.id", "user_groups.is_division"],
        ondelete="CASCADE",
        onupdate="CASCADE",
    ),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.Index("ix_user_group_members_workspace_id_user_id", "workspace_id", "user_id"),
    # One division per person.
    sa.Index(
        "uq_user_group_members_division",
        "workspace_id",
        "user_id",
        unique=True,
        sqlite_where=sa.text("is_division"),
        postgresql_where=sa.text("is_division"),
    ),
)

project_groups = sa.Table(
    "project_groups",
    metadata,
    _ws(),
    sa.Column("project_id", Id, nullable=False),
    sa.Column("group_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "project_id", "group_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "project_id"], ["projects.workspace_id", "projects.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(
        ["workspace_id", "group_id"], ["user_groups.workspace_id", "user_groups.id"], ondelete="CASCADE"
    ),
)

# Company-wide tasks (ClickTime's task catalogue). A row of `tasks` allows one of them on one
# project: that row is what Clockify calls a task, with its own status, estimate, assignees, rates.
company_tasks = sa.Table(
    "company_tasks",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(1000), nullable=False),
    sa.Column("task_code", sa.String(100), nullable=False, server_default=""),
    sa.Column("billable", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("notes", sa.String(3000), nullable=False, server_default=""),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

tasks = sa.Table(
    "tasks",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("project_id", Id, nullable=False),
    sa.Column("name", sa.String(1000), nullable=False),  # always its company task's name
    sa.Column("status", sa.String(8), nullable=False, server_default="ACTIVE"),
    sa.Column("estimate_s", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("billable", sa.Boolean(), nullable=False),
    sa.Column("budget_estimate", sa.BigInteger(), nullable=False, server_default="0"),
    _created(),
    sa.Column("company_task_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "project_id"], ["projects.workspace_id", "projects.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(
        ["workspace_id", "company_task_id"], ["company_tasks.workspace_id", "company_tasks.id"]
    ),
    sa.Index("ix_tasks_workspace_id_project_id", "workspace_id", "project_id"),
    sa.Index("ix_tasks_workspace_id_company_task_id", "workspace_id", "company_task_id"),
    # A company task is allowed on a project at most once.
    sa.Index("uq_tasks_project_company_task", "workspace_id", "project_id", "company_task_id", unique=True),
)

task_assignees = sa.Table(
    "task_assignees",
    metadata,
    _ws(),
    sa.Column("task_id", Id, nullable=False),
    sa.Column("user_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "task_id", "user_id"),
    sa.ForeignKeyConstraint(["workspace_id", "task_id"], ["tasks.workspace_id", "tasks.id"], ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
)

task_groups = sa.Table(
    "task_groups",
    metadata,
    _ws(),
    sa.Column("task_id", Id, nullable=False),
    sa.Column("group_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "task_id", "group_id"),
    sa.ForeignKeyConstraint(["workspace_id", "task_id"], ["tasks.workspace_id", "tasks.id"], ondelete="CASCADE"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "group_id"], ["user_groups.workspace_id", "user_groups.id"], ondelete="CASCADE"
    ),
)

tags = sa.Table(
    "tags",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

# Billable (HOURLY) and cost (COST) rates at every level, each with an optional effective date.
rates = sa.Table(
    "rates",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("rate_type", sa.String(6), nullable=False),  # HOURLY | COST
    sa.Column("scope", sa.String(16), nullable=False),  # WORKSPACE | MEMBER | PROJECT | PROJECT_MEMBER | TASK
    sa.Column("user_id", Id),
    sa.Column("project_id", Id),
    sa.Column("task_id", Id),
    sa.Column("amount", sa.BigInteger(), nullable=False),
    sa.Column("since", UTCDateTime()),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.Index("ix_rates_workspace_id_scope", "workspace_id", "rate_type", "scope"),
)

custom_fields = sa.Table(
    "custom_fields",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(250), nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("entity_type", sa.String(10), nullable=False, server_default="TIMEENTRY"),
    sa.Column("allowed_values", Json, nullable=False),
    sa.Column("description", sa.String(3000), nullable=False, server_default=""),
    sa.Column("placeholder", sa.String(250), nullable=False, server_default=""),
    sa.Column("only_admin_can_edit", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("status", sa.String(10), nullable=False, server_default="VISIBLE"),
    sa.Column("workspace_default_value", Json),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

custom_field_project_defaults = sa.Table(
    "custom_field_project_defaults",
    metadata,
    _ws(),
    sa.Column("custom_field_id", Id, nullable=False),
    sa.Column("project_id", Id, nullable=False),
    sa.Column("value", Json),
    sa.Column("status", sa.String(10), nullable=False, server_default="VISIBLE"),
    sa.PrimaryKeyConstraint("workspace_id", "custom_field_id", "project_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "custom_field_id"], ["custom_fields.workspace_id", "custom_fields.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(
        ["workspace_id", "project_id"], ["projects.workspace_id", "projects.id"], ondelete="CASCADE"
    ),
)

user_custom_values = sa.Table(
    "user_custom_values",
    metadata,
    _ws(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("custom_field_id", Id, nullable=False),
    sa.Column("value", Json),
    sa.PrimaryKeyConstraint("workspace_id", "user_id", "custom_field_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "custom_field_id"], ["custom_fields.workspace_id", "custom_fields.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
)

# Workspace lists that entries can carry: cost codes, labor codes and time entry types.
work_codes = sa.Table(
    "work_codes",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("kind", sa.String(16), nullable=False),  # COST_CODE | LABOR_CODE | TIME_ENTRY_TYPE
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("code", sa.String(50), nullable=False, server_default=""),
    sa.Column("description", sa.String(3000), nullable=False, server_default=""),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.CheckConstraint("kind IN ('COST_CODE', 'LABOR_CODE', 'TIME_ENTRY_TYPE')", name="kind"),
)

employment_types = sa.Table(
    "employment_types",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

# One timesheet per user and period. Rows are made when a period is first read or acted on.
TIMESHEET_STATUSES = ("Open", "Waiting", "Approved", "Rejected", "Locked")
timesheets = sa.Table(
    "timesheets",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("start_date", sa.Date(), nullable=False),
    sa.Column("end_date", sa.Date(), nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="Open"),
    sa.Column("submitted_at", UTCDateTime()),
    sa.Column("submitted_by", Id),
    sa.Column("approved_at", UTCDateTime()),
    sa.Column("approved_by", Id),
    sa.Column("rejected_at", UTCDateTime()),
    sa.Column("rejected_by", Id),
    sa.Column("locked_at", UTCDateTime()),
    sa.Column("locked_by", Id),
    sa.Column("last_action", sa.String(16)),
    sa.Column("note", sa.String(3000)),
    sa.Column("updated_at", UTCDateTime(), nullable=False, default=lambda: datetime.now(UTC)),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
    sa.CheckConstraint("status IN ('Open', 'Waiting', 'Approved', 'Rejected', 'Locked')", name="status"),
    sa.Index("uq_timesheets_user_start", "workspace_id", "user_id", "start_date", unique=True),
    # Every time entry write asks: does an approved or locked period of this user cover these days?
    sa.Index(
        "ix_timesheets_closed",
        "workspace_id",
        "user_id",
        "start_date",
        "end_date",
        sqlite_where=sa.text("status IN ('Approved', 'Locked')"),
        postgresql_where=sa.text("status IN ('Approved', 'Locked')"),
    ),
)

timesheet_history = sa.Table(
    "timesheet_history",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("timesheet_id", Id, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("actor_id", Id),
    sa.Column("comment", sa.String(3000), nullable=False, server_default=""),
    sa.Column("has_attestation", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "timesheet_id"], ["timesheets.workspace_id", "timesheets.id"], ondelete="CASCADE"
    ),
    sa.Index("ix_timesheet_history_timesheet", "workspace_id", "timesheet_id", "at"),
)

time_off_types = sa.Table(
    "time_off_types",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("requires_approval", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    _created(),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
)

# Leave taken: hours of a type on a day (ClickTime's TimeOff rows; not time entries).
time_off = sa.Table(
    "time_off",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("type_id", Id, nullable=False),
    sa.Column("date", sa.Date(), nullable=False),
    sa.Column("duration_s", sa.Integer(), nullable=False),
    sa.Column("notes", sa.String(3000), nullable=False, server_default=""),
    _created(),
    sa.Column("updated_at", UTCDateTime(), nullable=False, default=lambda: datetime.now(UTC)),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.ForeignKeyConstraint(["workspace_id", "type_id"], ["time_off_types.workspace_id", "time_off_types.id"]),
    sa.CheckConstraint("duration_s >= 0 AND duration_s <= 86400", name="duration_in_a_day"),
    sa.Index("ix_time_off_user_date", "workspace_id", "user_id", "date"),
)

time_entries = sa.Table(
    "time_entries",
    metadata,
    _ws(),
    _id_col(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("description", sa.String(3000), nullable=False, server_default=""),
    sa.Column("project_id", Id),
    sa.Column("task_id", Id),
    sa.Column("billable", sa.Boolean(), nullable=False),
    sa.Column("type", sa.String(10), nullable=False, server_default="REGULAR"),
    sa.Column("start_at", UTCDateTime(), nullable=False),
    sa.Column("end_at", UTCDateTime()),  # NULL while the timer runs
    sa.Column("duration_s", sa.Integer()),
    sa.Column("zone", sa.String(64), nullable=False),  # IANA zone the entry was captured in
    sa.Column("local_date", sa.Date(), nullable=False),  # the day it belongs to in that zone
    sa.Column("invoiced", sa.Boolean(), nullable=False, server_default=sa.false()),
    # Rates snapshotted when the entry is written (minor units per hour, workspace currency).
    sa.Column("hourly_rate", sa.BigInteger()),
    sa.Column("cost_rate", sa.BigInteger()),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("custom_fields", Json),  # {customFieldId: value}
    _created(),
    sa.Column("updated_at", UTCDateTime(), nullable=False, default=lambda: datetime.now(UTC)),
    # False when the entry was given as hours on a date (ClickTime style): its start is then a
    # placeholder (09:00 in its owner's zone unless a start time was given) and not shown as such.
    sa.Column("timed", sa.Boolean(), nullable=False, server_default=sa.true()),
    # A break inside the entry's span (ClickTime's BreakTime): the entry's interval is the time
    # worked, [start, start + duration]; the span as the person entered it ends `break_s` later.
    sa.Column("break_s", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("cost_code_id", Id),
    sa.Column("labor_code_id", Id),
    sa.Column("time_entry_type_id", Id),
    # True when an admin set the entry's rate itself (ClickTime's BillingRate/CostRate on an
    # entry): rate changes then leave it alone.
    sa.Column("hourly_rate_fixed", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("cost_rate_fixed", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.PrimaryKeyConstraint("workspace_id", "id"),
    sa.ForeignKeyConstraint(["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"]),
    sa.ForeignKeyConstraint(["workspace_id", "project_id"], ["projects.workspace_id", "projects.id"]),
    sa.ForeignKeyConstraint(["workspace_id", "task_id"], ["tasks.workspace_id", "tasks.id"]),
    sa.ForeignKeyConstraint(["workspace_id", "cost_code_id"], ["work_codes.workspace_id", "work_codes.id"]),
    sa.ForeignKeyConstraint(["workspace_id", "labor_code_id"], ["work_codes.workspace_id", "work_codes.id"]),
    sa.ForeignKeyConstraint(["workspace_id", "time_entry_type_id"], ["work_codes.workspace_id", "work_codes.id"]),
    sa.CheckConstraint("end_at IS NULL OR end_at >= start_at", name="end_after_start"),
    sa.Index("ix_time_entries_user_start", "workspace_id", "user_id", "start_at"),
    sa.Index("ix_time_entries_project", "workspace_id", "project_id"),
    sa.Index("ix_time_entries_local_date", "workspace_id", "local_date"),
    # Report windows and detailed pages read entries by start. On PostgreSQL the index also
    # carries what reports sum, so a report over a year never touches the table.
    sa.Index(
        "ix_time_entries_start",
        "workspace_id",
        "start_at",
        "id",
        postgresql_include=[
            "end_at", "user_id", "project_id", "task_id", "billable", "duration_s", "hourly_rate", "cost_rate",
            "currency", "invoiced",
        ],
    ),
    # One running timer per user and workspace, enforced by the database.
    sa.Index(
        "uq_time_entries_running",
        "workspace_id",
        "user_id",
        unique=True,
        sqlite_where=sa.text("end_at IS NULL"),
        postgresql_where=sa.text("end_at IS NULL"),
    ),
)

time_entry_tags = sa.Table(
    "time_entry_tags",
    metadata,
    _ws(),
    sa.Column("entry_id", Id, nullable=False),
    sa.Column("tag_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("workspace_id", "entry_id", "tag_id"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "entry_id"], ["time_entries.workspace_id", "time_entries.id"], ondelete="CASCADE"
    ),
    sa.ForeignKeyConstraint(["workspace_id", "tag_id"], ["tags.workspace_id", "tags.id"], ondelete="CASCADE"),
    sa.Index("ix_time_entry_tags_workspace_id_tag_id", "workspace_id", "tag_id"),
)

files = sa.Table(
    "files",
    metadata,
    _id_col(primary_key=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token", sa.String(43), nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("data", sa.LargeBinary(), nullable=False),
    _created(),
)

# The outbox: every write appends its domain event in the same transaction.
events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("workspace_id", Id, nullable=False),
    sa.Column("type", sa.String(48), nullable=False),
    sa.Column("entity_type", sa.String(32), nullable=False),
    sa.Column("entity_id", Id, nullable=False),
    sa.Column("actor_id", Id),
    sa.Column("payload", Json),
    _created(),
    sa.Index("ix_events_workspace_id_seq", "workspace_id", "seq"),
)

# Names are unique per workspace regardless of case (projects: per client).
sa.Index("uq_users_email", sa.func.lower(users.c.email), unique=True)
sa.Index("uq_clients_name", clients.c.workspace_id, sa.func.lower(clients.c.name), unique=True)
sa.Index("uq_user_groups_name", user_groups.c.workspace_id, sa.func.lower(user_groups.c.name), unique=True)
sa.Index("uq_tags_name", tags.c.workspace_id, sa.func.lower(tags.c.name), unique=True)
sa.Index("uq_company_tasks_name", company_tasks.c.workspace_id, sa.func.lower(company_tasks.c.name), unique=True)
sa.Index(
    "uq_work_codes_name", work_codes.c.workspace_id, work_codes.c.kind, sa.func.lower(work_codes.c.name), unique=True
)
sa.Index("uq_employment_types_name", employment_types.c.workspace_id, sa.func.lower(employment_types.c.name), unique=True)
sa.Index("uq_time_off_types_name", time_off_types.c.workspace_id, sa.func.lower(time_off_types.c.name), unique=True)
sa.Index(
    "uq_projects_client_name",
    projects.c.workspace_id,
    sa.func.coalesce(projects.c.client_id, ""),
    sa.func.lower(projects.c.name),
    unique=True,
)

# --- the web app's sign-in sessions ------------------------------------------------------------

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    # SHA-256 of the cookie's token (256 random bits), as for API keys.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    _created(),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
    sa.Index("ix_web_sessions_user_id", "user_id"),
)
