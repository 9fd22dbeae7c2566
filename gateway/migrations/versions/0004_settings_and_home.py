"""配置项 (runtime settings with their history and version), 模块管理 and 服务管理 of the member app's home.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_CHECK = ("link_kind IN ('none', 'package', 'goods', 'escort_product', 'url') AND "
              "((link_kind IN ('package', 'goods', 'escort_product') AND link_id IS NOT NULL AND link_url = '') OR "
              "(link_kind = 'url' AND link_id IS NULL AND link_url <> '') OR "
              "(link_kind = 'none' AND link_id IS NULL AND link_url = ''))")


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column('created_by_id', sa.BigInteger(), nullable=True),
        sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('updated_by_name', sa.String(length=64), server_default='', nullable=False),
    ]


def _link_columns() -> list[sa.Column]:
    return [
        sa.Column('link_kind', sa.String(length=16), server_default='none', nullable=False),
        sa.Column('link_id', sa.BigInteger(), nullable=True),
        sa.Column('link_url', sa.String(length=512), server_default='', nullable=False),
        sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
        sa.Column('shown', sa.Boolean(), server_default='true', nullable=False),
    ]


def upgrade() -> None:
    op.create_table('system_settings',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('group_name', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('default_value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('rules', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('builtin', sa.Boolean(), server_default='false', nullable=False),
    *_audit_columns(),
    sa.CheckConstraint("type IN ('string', 'integer', 'decimal', 'boolean', 'json')",
                       name=op.f('ck_system_settings_type_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_system_settings')),
    sa.UniqueConstraint('key', name=op.f('uq_system_settings_key'))
    )
    op.create_index(op.f('ix_system_settings_group_name'), 'system_settings', ['group_name'], unique=False)
    op.create_table('system_setting_changes',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('setting_id', sa.BigInteger(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('settings_version', sa.BigInteger(), nullable=False),
    sa.Column('changed_by_id', sa.BigInteger(), nullable=True),
    sa.Column('changed_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_system_setting_changes'))
    )
    op.create_index(op.f('ix_system_setting_changes_setting_id'), 'system_setting_changes', ['setting_id'],
                    unique=False)
    op.create_index('ix_system_setting_changes_key_id', 'system_setting_changes', ['key', 'id'], unique=False)
    op.create_table('system_settings_state',
    sa.Column('id', sa.SmallInteger(), nullable=False),
    sa.Column('version', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_system_settings_state_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_system_settings_state'))
    )
    op.create_table('home_modules',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('image_url', sa.String(length=512), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    *_link_columns(),
    *_audit_columns(),
    sa.CheckConstraint("position IN ('banner', 'grid')", name=op.f('ck_home_modules_position_known')),
    sa.CheckConstraint(LINK_CHECK, name=op.f('ck_home_modules_link_valid')),
    sa.CheckConstraint('starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at',
                       name=op.f('ck_home_modules_window_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_modules'))
    )
    op.create_index('ix_home_modules_position_sort', 'home_modules', ['position', 'sort', 'id'], unique=False)
    op.create_table('home_services',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('icon_url', sa.String(length=512), nullable=False),
    *_link_columns(),
    *_audit_columns(),
    sa.CheckConstraint(LINK_CHECK, name=op.f('ck_home_services_link_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_services'))
    )
    op.create_index('ix_home_services_sort', 'home_services', ['sort', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_home_services_sort', table_name='home_services')
    op.drop_table('home_services')
    op.drop_index('ix_home_modules_position_sort', table_name='home_modules')
    op.drop_table('home_modules')
    op.drop_table('system_settings_state')
    op.drop_index('ix_system_setting_changes_key_id', table_name='system_setting_changes')
    op.drop_index(op.f('ix_system_setting_changes_setting_id'), table_name='system_setting_changes')
    op.drop_table('system_setting_changes')
    op.drop_index(op.f('ix_system_settings_group_name'), table_name='system_settings')
    op.drop_table('system_settings')
