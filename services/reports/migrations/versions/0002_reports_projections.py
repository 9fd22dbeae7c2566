"""Reports read models: the raw event store, names, sales facts and the day/month rollups.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:58:11.641875
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Same storage settings as reports.projections.models.ROLLUP_STORAGE (kept literal: migrations are history).
ROLLUP_STORAGE = {"fillfactor": 70, "autovacuum_vacuum_scale_factor": 0.01, "autovacuum_analyze_scale_factor": 0.02}

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('event_store',
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('producer', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('correlation_id', sa.String(length=128), nullable=True),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_store'))
    )
    op.create_index('ix_event_store_applied_at', 'event_store', ['applied_at'], unique=False)
    op.create_index('ix_event_store_occurred', 'event_store', ['occurred_at', 'event_id'], unique=False)
    op.create_table('rp_card_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('activation_id', sa.BigInteger(), nullable=False),
    sa.Column('cards_issued', sa.BigInteger(), nullable=False),
    sa.Column('cards_charged', sa.BigInteger(), nullable=False),
    sa.Column('cards_activated', sa.BigInteger(), nullable=False),
    sa.Column('cards_expired', sa.BigInteger(), nullable=False),
    sa.Column('face_value', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('red_packet_granted', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('balance_debited', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('balance_refunded', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('red_packet_debited', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('red_packet_refunded', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('balance_expired', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('red_packet_expired', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('grain', 'period', 'customer_id', 'contract_id', 'activation_id', name=op.f('pk_rp_card_rollup')),
    postgresql_with=ROLLUP_STORAGE,
    )
    op.create_table('rp_contract',
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('contract_no', sa.String(length=64), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_day', sa.Date(), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('contract_id', name=op.f('pk_rp_contract'))
    )
    op.create_index('ix_rp_contract_day', 'rp_contract', ['approved_day'], unique=False)
    op.create_table('rp_dim',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id', name=op.f('pk_rp_dim'))
    )
    op.create_table('rp_goods_brand_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('orders', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('settlement_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('grain', 'period', 'brand_id', name=op.f('pk_rp_goods_brand_rollup')),
    postgresql_with=ROLLUP_STORAGE,
    )
    op.create_table('rp_goods_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('goods_id', sa.BigInteger(), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('category_id', sa.BigInteger(), nullable=False),
    sa.Column('orders', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('settlement_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('grain', 'period', 'goods_id', 'brand_id', 'category_id', name=op.f('pk_rp_goods_rollup')),
    postgresql_with=ROLLUP_STORAGE,
    )
    op.create_table('rp_hospital_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('orders', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('settlement_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('grain', 'period', 'hospital_id', 'brand_id', name=op.f('pk_rp_hospital_rollup')),
    postgresql_with=ROLLUP_STORAGE,
    )
    op.create_table('rp_payment',
    sa.Column('payment_id', sa.BigInteger(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_day', sa.Date(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_rp_payment'))
    )
    op.create_index('ix_rp_payment_contract', 'rp_payment', ['contract_id'], unique=False)
    op.create_index('ix_rp_payment_day', 'rp_payment', ['received_day'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_rp_payment_day', table_name='rp_payment')
    op.drop_index('ix_rp_payment_contract', table_name='rp_payment')
    op.drop_table('rp_payment')
    op.drop_table('rp_hospital_rollup')
    op.drop_table('rp_goods_rollup')
    op.drop_table('rp_goods_brand_rollup')
    op.drop_table('rp_dim')
    op.drop_index('ix_rp_contract_day', table_name='rp_contract')
    op.drop_table('rp_contract')
    op.drop_table('rp_card_rollup')
    op.drop_index('ix_event_store_occurred', table_name='event_store')
    op.drop_index('ix_event_store_applied_at', table_name='event_store')
    op.drop_table('event_store')
