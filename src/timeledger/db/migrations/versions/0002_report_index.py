"""Index entries by start for report windows and detailed pages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INCLUDED = ["end_at", "user_id", "project_id", "task_id", "billable", "duration_s", "hourly_rate", "cost_rate",
            "currency", "invoiced"]


def upgrade() -> None:
    op.create_index(
        "ix_time_entries_start", "time_entries", ["workspace_id", "start_at", "id"], postgresql_include=INCLUDED
    )
    if op.get_bind().dialect.name == "postgresql":
        # The planner otherwise guesses tens of thousands of (project, user) pairs where a
        # workspace has hundreds, and sorts summary groups on disk.
        op.execute("CREATE STATISTICS st_time_entries_project_user (ndistinct) ON project_id, user_id FROM time_entries")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS st_time_entries_project_user")
    op.drop_index("ix_time_entries_start", "time_entries")
