"""Campaigns (活动管理 / 爱尔活动管理) and their sign-ups.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_ids', postgresql.ARRAY(sa.BigInteger()), server_default='{}', nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), server_default='0', nullable=False),
    sa.Column('audience', sa.String(length=16), server_default='any', nullable=False),
    sa.Column('customer_ids', postgresql.ARRAY(sa.BigInteger()), server_default='{}', nullable=False),
    sa.Column('description', sa.String(length=2000), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='online', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('quota > 0', name=op.f('ck_campaigns_quota_positive')),
    sa.CheckConstraint('taken >= 0 AND taken <= quota', name=op.f('ck_campaigns_taken_within_quota')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_campaigns_period_ordered')),
    sa.CheckConstraint("audience IN ('any', 'customers')", name=op.f('ck_campaigns_audience_known')),
    sa.CheckConstraint("status IN ('online', 'offline')", name=op.f('ck_campaigns_status_known')),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_campaigns_brand_id_brands'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    op.create_index(op.f('ix_campaigns_brand_id'), 'campaigns', ['brand_id'], unique=False)
    op.create_table('campaign_sign_ups',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('campaign_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('member_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('member_phone', sa.String(length=20), server_default='', nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='signed_up', nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('signed_up', 'checked')", name=op.f('ck_campaign_sign_ups_status_known')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_sign_ups_campaign_id_campaigns'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_campaign_sign_ups_hospital_id_hospitals'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_sign_ups')),
    sa.UniqueConstraint('campaign_id', 'member_id', name=op.f('uq_campaign_sign_ups_campaign_id'))
    )
    op.create_index(op.f('ix_campaign_sign_ups_campaign_id'), 'campaign_sign_ups', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_campaign_sign_ups_hospital_id'), 'campaign_sign_ups', ['hospital_id'], unique=False)


def downgrade() -> None:
    op.drop_table('campaign_sign_ups')
    op.drop_table('campaigns')
