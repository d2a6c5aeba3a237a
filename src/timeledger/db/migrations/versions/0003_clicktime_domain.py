"""ClickTime's concepts on the shared core: employment types, divisions, company-wide tasks, work
codes, entries as hours on a date, timesheets and their history, time off

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Existing tasks get a company task each: one per distinct name (regardless of case) in a
workspace, so tasks that share a name on several projects become one company task allowed on
each of those projects.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from timeledger.core.ids import new_id

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.String(24)


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces"))


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


@contextmanager
def _quiet_reflection():
    """SQLite's batch mode reflects the tables it copies; SQLAlchemy warns that it skips the
    expression-based indexes of other tables, which the copies do not touch."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        yield


def upgrade() -> None:
    with _quiet_reflection():
        _upgrade()


def downgrade() -> None:
    with _quiet_reflection():
        _downgrade()


def _upgrade() -> None:
    op.create_table(
        "employment_types",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _created(),
        _ws_fk("employment_types"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_employment_types")),
    )
    op.create_index("uq_employment_types_name", "employment_types", ["workspace_id", sa.text("lower(name)")], unique=True)

    op.create_table(
        "company_tasks",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(1000), nullable=False),
        sa.Column("task_code", sa.String(100), server_default="", nullable=False),
        sa.Column("billable", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("notes", sa.String(3000), server_default="", nullable=False),
        _created(),
        _ws_fk("company_tasks"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_company_tasks")),
    )
    op.create_index("uq_company_tasks_name", "company_tasks", ["workspace_id", sa.text("lower(name)")], unique=True)

    op.create_table(
        "work_codes",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("code", sa.String(50), server_default="", nullable=False),
        sa.Column("description", sa.String(3000), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _created(),
        sa.CheckConstraint("kind IN ('COST_CODE', 'LABOR_CODE', 'TIME_ENTRY_TYPE')", name=op.f("ck_work_codes_kind")),
        _ws_fk("work_codes"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_work_codes")),
    )
    op.create_index("uq_work_codes_name", "work_codes", ["workspace_id", "kind", sa.text("lower(name)")], unique=True)

    op.create_table(
        "timesheets",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), server_default="Open", nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("submitted_by", Id),
        sa.Column("approved_at", sa.DateTime(timezone=True)),
        sa.Column("approved_by", Id),
        sa.Column("rejected_at", sa.DateTime(timezone=True)),
        sa.Column("rejected_by", Id),
        sa.Column("locked_at", sa.DateTime(timezone=True)),
        sa.Column("locked_by", Id),
        sa.Column("last_action", sa.String(16)),
        sa.Column("note", sa.String(3000)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_timesheets_dates_in_order")),
        sa.CheckConstraint(
            "status IN ('Open', 'Waiting', 'Approved', 'Rejected', 'Locked')", name=op.f("ck_timesheets_status")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"],
            name=op.f("fk_timesheets_workspace_id_user_id_memberships"),
        ),
        _ws_fk("timesheets"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_timesheets")),
    )
    op.create_index("uq_timesheets_user_start", "timesheets", ["workspace_id", "user_id", "start_date"], unique=True)
    op.create_index(
        "ix_timesheets_closed", "timesheets", ["workspace_id", "user_id", "start_date", "end_date"],
        sqlite_where=sa.text("status IN ('Approved', 'Locked')"),
        postgresql_where=sa.text("status IN ('Approved', 'Locked')"),
    )

    op.create_table(
        "timesheet_history",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("timesheet_id", Id, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor_id", Id),
        sa.Column("comment", sa.String(3000), server_default="", nullable=False),
        sa.Column("has_attestation", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "timesheet_id"], ["timesheets.workspace_id", "timesheets.id"],
            name=op.f("fk_timesheet_history_workspace_id_timesheet_id_timesheets"), ondelete="CASCADE",
        ),
        _ws_fk("timesheet_history"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_timesheet_history")),
    )
    op.create_index("ix_timesheet_history_timesheet", "timesheet_history", ["workspace_id", "timesheet_id", "at"])

    op.create_table(
        "time_off_types",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _created(),
        _ws_fk("time_off_types"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_time_off_types")),
    )
    op.create_index("uq_time_off_types_name", "time_off_types", ["workspace_id", sa.text("lower(name)")], unique=True)

    op.create_table(
        "time_off",
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("id", Id, nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("type_id", Id, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(3000), server_default="", nullable=False),
        _created(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("duration_s >= 0 AND duration_s <= 86400", name=op.f("ck_time_off_duration_in_a_day")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "type_id"], ["time_off_types.workspace_id", "time_off_types.id"],
            name=op.f("fk_time_off_workspace_id_type_id_time_off_types"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"], ["memberships.workspace_id", "memberships.user_id"],
            name=op.f("fk_time_off_workspace_id_user_id_memberships"),
        ),
        _ws_fk("time_off"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_time_off")),
    )
    op.create_index("ix_time_off_user_date", "time_off", ["workspace_id", "user_id", "date"])

    # Members: an employment type each, at most.
    with op.batch_alter_table("memberships") as batch:
        batch.add_column(sa.Column("employment_type_id", Id))
        batch.create_foreign_key(
            op.f("fk_memberships_workspace_id_employment_type_id_employment_types"), "employment_types",
            ["workspace_id", "employment_type_id"], ["workspace_id", "id"],
        )

    # Divisions are user groups; their members carry the flag so one division per person is a
    # unique index.
    op.add_column("user_groups", sa.Column("is_division", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("user_groups", sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("user_groups", sa.Column("accounting_package_id", sa.String(100)))
    op.create_index("uq_user_groups_division_flag", "user_groups", ["workspace_id", "id", "is_division"], unique=True)
    with op.batch_alter_table("user_group_members") as batch:
        batch.add_column(sa.Column("is_division", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_foreign_key(
            op.f("fk_user_group_members_workspace_id_group_id_is_division_user_groups"), "user_groups",
            ["workspace_id", "group_id", "is_division"], ["workspace_id", "id", "is_division"],
            ondelete="CASCADE", onupdate="CASCADE",
        )
    op.create_index(
        "uq_user_group_members_division", "user_group_members", ["workspace_id", "user_id"], unique=True,
        sqlite_where=sa.text("is_division"), postgresql_where=sa.text("is_division"),
    )

    # Company tasks: one per distinct task name in a workspace, then every task points at its own.
    op.add_column("tasks", sa.Column("company_task_id", Id))
    _backfill_company_tasks()
    with op.batch_alter_table("tasks") as batch:
        batch.alter_column("company_task_id", existing_type=Id, nullable=False)
        batch.create_foreign_key(
            op.f("fk_tasks_workspace_id_company_task_id_company_tasks"), "company_tasks",
            ["workspace_id", "company_task_id"], ["workspace_id", "id"],
        )
    op.create_index("ix_tasks_workspace_id_company_task_id", "tasks", ["workspace_id", "company_task_id"])
    op.create_index(
        "uq_tasks_project_company_task", "tasks", ["workspace_id", "project_id", "company_task_id"], unique=True
    )

    # Time entries: hours on a date, a break, and the three work codes.
    with op.batch_alter_table("time_entries") as batch:
        batch.add_column(sa.Column("timed", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.add_column(sa.Column("break_s", sa.Integer(), server_default="0", nullable=False))
        for column in ("cost_code_id", "labor_code_id", "time_entry_type_id"):
            batch.add_column(sa.Column(column, Id))
            batch.create_foreign_key(
                op.f(f"fk_time_entries_workspace_id_{column}_work_codes"), "work_codes",
                ["workspace_id", column], ["workspace_id", "id"],
            )


def _backfill_company_tasks() -> None:
    conn = op.get_bind()
    tasks = sa.table(
        "tasks",
        sa.column("workspace_id", Id),
        sa.column("id", Id),
        sa.column("name", sa.String),
        sa.column("billable", sa.Boolean),
        sa.column("company_task_id", Id),
    )
    company_tasks = sa.table(
        "company_tasks",
        sa.column("workspace_id", Id),
        sa.column("id", Id),
        sa.column("name", sa.String),
        sa.column("billable", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    key = sa.func.lower(tasks.c.name)
    # The earliest-created spelling names the company task; it is billable if any of its tasks is.
    rows = conn.execute(
        sa.select(tasks.c.workspace_id, key.label("key"), sa.func.min(tasks.c.id).label("first_id"),
                  sa.func.max(sa.case((tasks.c.billable, 1), else_=0)).label("billable"))
        .group_by(tasks.c.workspace_id, key)
    ).all()
    if not rows:
        return
    names = dict(conn.execute(sa.select(tasks.c.id, tasks.c.name).where(tasks.c.id.in_([r.first_id for r in rows]))).all())
    now = datetime.now(UTC)
    if conn.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as the app stores UTC instants on SQLite
    batch = [
        {"workspace_id": r.workspace_id, "id": new_id(), "name": names[r.first_id], "billable": bool(r.billable),
         "created_at": now}
        for r in rows
    ]
    for i in range(0, len(batch), 1000):
        conn.execute(company_tasks.insert(), batch[i:i + 1000])
    conn.execute(
        tasks.update().values(
            company_task_id=sa.select(company_tasks.c.id)
            .where(
                company_tasks.c.workspace_id == tasks.c.workspace_id,
                sa.func.lower(company_tasks.c.name) == sa.func.lower(tasks.c.name),
            )
            .scalar_subquery()
        )
    )


def _downgrade() -> None:
    with op.batch_alter_table("time_entries") as batch:
        for column in ("time_entry_type_id", "labor_code_id", "cost_code_id"):
            batch.drop_constraint(op.f(f"fk_time_entries_workspace_id_{column}_work_codes"), type_="foreignkey")
            batch.drop_column(column)
        batch.drop_column("break_s")
        batch.drop_column("timed")

    op.drop_index("uq_tasks_project_company_task", "tasks")
    op.drop_index("ix_tasks_workspace_id_company_task_id", "tasks")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint(op.f("fk_tasks_workspace_id_company_task_id_company_tasks"), type_="foreignkey")
        batch.drop_column("company_task_id")

    op.drop_index("uq_user_group_members_division", "user_group_members")
    with op.batch_alter_table("user_group_members") as batch:
        batch.drop_constraint(
            op.f("fk_user_group_members_workspace_id_group_id_is_division_user_groups"), type_="foreignkey"
        )
        batch.drop_column("is_division")
    op.drop_index("uq_user_groups_division_flag", "user_groups")
    with op.batch_alter_table("user_groups") as batch:
        batch.drop_column("accounting_package_id")
        batch.drop_column("active")
        batch.drop_column("is_division")

    with op.batch_alter_table("memberships") as batch:
        batch.drop_constraint(
            op.f("fk_memberships_workspace_id_employment_type_id_employment_types"), type_="foreignkey"
        )
        batch.drop_column("employment_type_id")

    op.drop_table("time_off")
    op.drop_table("time_off_types")
    op.drop_table("timesheet_history")
    op.drop_table("timesheets")
    op.drop_table("work_codes")
    op.drop_table("company_tasks")
    op.drop_table("employment_types")
