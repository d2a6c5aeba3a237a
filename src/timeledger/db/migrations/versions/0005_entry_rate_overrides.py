"""Mark the rates an admin set on an entry, so that rate changes leave them alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every existing snapshot followed the rates: all start unmarked.
    op.add_column("time_entries", sa.Column("hourly_rate_fixed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("time_entries", sa.Column("cost_rate_fixed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("time_entries") as batch:
        batch.drop_column("cost_rate_fixed")
        batch.drop_column("hourly_rate_fixed")
