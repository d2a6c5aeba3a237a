"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('type', sa.String(length=48), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=24), nullable=False),
    sa.Column('actor_id', sa.String(length=24), nullable=True),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_events'))
    )
    op.create_index('ix_events_workspace_id_seq', 'events', ['workspace_id', 'seq'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=32), server_default='ACTIVE', nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('default_workspace_id', sa.String(length=24), nullable=True),
    sa.Column('profile_picture', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    op.create_table('workspaces',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('image_url', sa.String(length=1000), server_default='', nullable=False),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspaces'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    op.create_index('ix_api_keys_user_id', 'api_keys', ['user_id'], unique=False)

    op.create_table('clients',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=3000), nullable=True),
    sa.Column('note', sa.String(length=3000), nullable=True),
    sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('currency_code', sa.String(length=3), nullable=True),
    sa.Column('cc_emails', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_clients_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_clients'))
    )
    op.create_table('custom_fields',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('entity_type', sa.String(length=10), server_default='TIMEENTRY', nullable=False),
    sa.Column('allowed_values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('description', sa.String(length=3000), server_default='', nullable=False),
    sa.Column('placeholder', sa.String(length=250), server_default='', nullable=False),
    sa.Column('only_admin_can_edit', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('required', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='VISIBLE', nullable=False),
    sa.Column('workspace_default_value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_custom_fields_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_custom_fields'))
    )
    op.create_table('files',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_files_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_files')),
    sa.UniqueConstraint('token', name=op.f('uq_files_token'))
    )
    op.create_table('memberships',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='ACTIVE', nullable=False),
    sa.Column('profile', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_memberships_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'user_id', name=op.f('pk_memberships'))
    )
    op.create_index('ix_memberships_user_id', 'memberships', ['user_id'], unique=False)

    op.create_table('rates',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('rate_type', sa.String(length=6), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=True),
    sa.Column('project_id', sa.String(length=24), nullable=True),
    sa.Column('task_id', sa.String(length=24), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_rates_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_rates'))
    )
    op.create_index('ix_rates_workspace_id_scope', 'rates', ['workspace_id', 'rate_type', 'scope'], unique=False)

    op.create_table('tags',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_tags_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_tags'))
    )
    op.create_table('user_groups',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_user_groups_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_user_groups'))
    )
    op.create_table('member_roles',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=24), nullable=False),
    sa.Column('source_type', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_member_roles_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_member_roles_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'user_id', 'role', 'entity_id', name=op.f('pk_member_roles'))
    )
    op.create_index('ix_member_roles_workspace_id_role_entity_id', 'member_roles', ['workspace_id', 'role', 'entity_id'], unique=False)

    op.create_table('projects',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('client_id', sa.String(length=24), nullable=True),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('note', sa.String(length=16384), server_default='', nullable=False),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_template', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('time_estimate', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('budget_estimate', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('estimate_reset', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'client_id'], ['clients.workspace_id', 'clients.id'], name=op.f('fk_projects_workspace_id_client_id_clients')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_projects_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_projects'))
    )
    op.create_table('user_custom_values',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('custom_field_id', sa.String(length=24), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['workspace_id', 'custom_field_id'], ['custom_fields.workspace_id', 'custom_fields.id'], name=op.f('fk_user_custom_values_workspace_id_custom_field_id_custom_fields'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_user_custom_values_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_user_custom_values_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'user_id', 'custom_field_id', name=op.f('pk_user_custom_values'))
    )
    op.create_table('user_group_members',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('group_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'group_id'], ['user_groups.workspace_id', 'user_groups.id'], name=op.f('fk_user_group_members_workspace_id_group_id_user_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_user_group_members_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_user_group_members_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'group_id', 'user_id', name=op.f('pk_user_group_members'))
    )
    op.create_index('ix_user_group_members_workspace_id_user_id', 'user_group_members', ['workspace_id', 'user_id'], unique=False)

    op.create_table('custom_field_project_defaults',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('custom_field_id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('status', sa.String(length=10), server_default='VISIBLE', nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'custom_field_id'], ['custom_fields.workspace_id', 'custom_fields.id'], name=op.f('fk_custom_field_project_defaults_workspace_id_custom_field_id_custom_fields'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'project_id'], ['projects.workspace_id', 'projects.id'], name=op.f('fk_custom_field_project_defaults_workspace_id_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_custom_field_project_defaults_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'custom_field_id', 'project_id', name=op.f('pk_custom_field_project_defaults'))
    )
    op.create_table('project_groups',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('group_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'group_id'], ['user_groups.workspace_id', 'user_groups.id'], name=op.f('fk_project_groups_workspace_id_group_id_user_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'project_id'], ['projects.workspace_id', 'projects.id'], name=op.f('fk_project_groups_workspace_id_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_project_groups_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'project_id', 'group_id', name=op.f('pk_project_groups'))
    )
    op.create_table('project_members',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='ACTIVE', nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'project_id'], ['projects.workspace_id', 'projects.id'], name=op.f('fk_project_members_workspace_id_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_project_members_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_project_members_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'project_id', 'user_id', name=op.f('pk_project_members'))
    )
    op.create_index('ix_project_members_workspace_id_user_id', 'project_members', ['workspace_id', 'user_id'], unique=False)

    op.create_table('tasks',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=8), server_default='ACTIVE', nullable=False),
    sa.Column('estimate_s', sa.Integer(), server_default='0', nullable=False),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('budget_estimate', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'project_id'], ['projects.workspace_id', 'projects.id'], name=op.f('fk_tasks_workspace_id_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_tasks_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_tasks'))
    )
    op.create_index('ix_tasks_workspace_id_project_id', 'tasks', ['workspace_id', 'project_id'], unique=False)

    op.create_table('task_assignees',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('task_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'task_id'], ['tasks.workspace_id', 'tasks.id'], name=op.f('fk_task_assignees_workspace_id_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_task_assignees_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_task_assignees_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'task_id', 'user_id', name=op.f('pk_task_assignees'))
    )
    op.create_table('task_groups',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('task_id', sa.String(length=24), nullable=False),
    sa.Column('group_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'group_id'], ['user_groups.workspace_id', 'user_groups.id'], name=op.f('fk_task_groups_workspace_id_group_id_user_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'task_id'], ['tasks.workspace_id', 'tasks.id'], name=op.f('fk_task_groups_workspace_id_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_task_groups_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'task_id', 'group_id', name=op.f('pk_task_groups'))
    )
    op.create_table('time_entries',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('description', sa.String(length=3000), server_default='', nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=True),
    sa.Column('task_id', sa.String(length=24), nullable=True),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('type', sa.String(length=10), server_default='REGULAR', nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duration_s', sa.Integer(), nullable=True),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('invoiced', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('hourly_rate', sa.BigInteger(), nullable=True),
    sa.Column('cost_rate', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('custom_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_at IS NULL OR end_at >= start_at', name=op.f('ck_time_entries_end_after_start')),
    sa.ForeignKeyConstraint(['workspace_id', 'project_id'], ['projects.workspace_id', 'projects.id'], name=op.f('fk_time_entries_workspace_id_project_id_projects')),
    sa.ForeignKeyConstraint(['workspace_id', 'task_id'], ['tasks.workspace_id', 'tasks.id'], name=op.f('fk_time_entries_workspace_id_task_id_tasks')),
    sa.ForeignKeyConstraint(['workspace_id', 'user_id'], ['memberships.workspace_id', 'memberships.user_id'], name=op.f('fk_time_entries_workspace_id_user_id_memberships')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_time_entries_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'id', name=op.f('pk_time_entries'))
    )
    op.create_index('ix_time_entries_local_date', 'time_entries', ['workspace_id', 'local_date'], unique=False)
    op.create_index('ix_time_entries_project', 'time_entries', ['workspace_id', 'project_id'], unique=False)
    op.create_index('ix_time_entries_user_start', 'time_entries', ['workspace_id', 'user_id', 'start_at'], unique=False)
    op.create_index('uq_time_entries_running', 'time_entries', ['workspace_id', 'user_id'], unique=True, sqlite_where=sa.text('end_at IS NULL'), postgresql_where=sa.text('end_at IS NULL'))

    op.create_table('time_entry_tags',
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('entry_id', sa.String(length=24), nullable=False),
    sa.Column('tag_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id', 'entry_id'], ['time_entries.workspace_id', 'time_entries.id'], name=op.f('fk_time_entry_tags_workspace_id_entry_id_time_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id', 'tag_id'], ['tags.workspace_id', 'tags.id'], name=op.f('fk_time_entry_tags_workspace_id_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_time_entry_tags_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'entry_id', 'tag_id', name=op.f('pk_time_entry_tags'))
    )
    op.create_index('ix_time_entry_tags_workspace_id_tag_id', 'time_entry_tags', ['workspace_id', 'tag_id'], unique=False)


    # Names are unique per workspace regardless of case (projects: per client).
    op.create_index("uq_users_email", "users", [sa.text("lower(email)")], unique=True)
    op.create_index("uq_clients_name", "clients", ["workspace_id", sa.text("lower(name)")], unique=True)
    op.create_index("uq_tags_name", "tags", ["workspace_id", sa.text("lower(name)")], unique=True)
    op.create_index("uq_user_groups_name", "user_groups", ["workspace_id", sa.text("lower(name)")], unique=True)
    op.create_index(
        "uq_projects_client_name",
        "projects",
        ["workspace_id", sa.text("coalesce(client_id, '')"), sa.text("lower(name)")],
        unique=True,
    )


def downgrade() -> None:
    # Indexes go with their tables.
    op.drop_table('time_entry_tags')
    op.drop_table('time_entries')
    op.drop_table('task_groups')
    op.drop_table('task_assignees')
    op.drop_table('tasks')
    op.drop_table('project_members')
    op.drop_table('project_groups')
    op.drop_table('custom_field_project_defaults')
    op.drop_table('user_group_members')
    op.drop_table('user_custom_values')
    op.drop_table('projects')
    op.drop_table('member_roles')
    op.drop_table('user_groups')
    op.drop_table('tags')
    op.drop_table('rates')
    op.drop_table('memberships')
    op.drop_table('files')
    op.drop_table('custom_fields')
    op.drop_table('clients')
    op.drop_table('api_keys')
    op.drop_table('workspaces')
    op.drop_table('users')
    op.drop_table('events')
