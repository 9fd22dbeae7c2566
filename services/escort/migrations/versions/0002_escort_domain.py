"""Escort domain: districts, hospitals, products, Q&A, withdrawal methods, escorts with certificates and ledger,
orders with transitions and reviews, withdrawals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 13:36:17.367079
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Order numbers come from this sequence inside the INSERT (see escort/orders/models.py).
    op.execute(sa.schema.CreateSequence(sa.Sequence('escort_order_no_seq')))
    op.create_table('districts',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('city', sa.String(length=50), server_default='南昌市', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts'))
    )
    op.create_table('escorts',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('gender', sa.String(length=8), server_default='', nullable=False),
    sa.Column('city', sa.String(length=50), server_default='南昌市', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('reject_reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('reviewed_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rating_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('order_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('balance', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('held', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('total_earned', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('pending', 'certified', 'rejected', 'disabled')", name=op.f('ck_escorts_status_known')),
    sa.CheckConstraint('balance >= 0 AND held >= 0', name=op.f('ck_escorts_balance_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escorts')),
    sa.UniqueConstraint('id_number', name=op.f('uq_escorts_id_number')),
    sa.UniqueConstraint('phone', name=op.f('uq_escorts_phone'))
    )
    op.create_index(op.f('ix_escorts_status'), 'escorts', ['status'], unique=False)
    op.create_table('products',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('service_type', sa.String(length=16), nullable=False),
    sa.Column('price', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('share_mode', sa.String(length=8), nullable=False),
    sa.Column('share_value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('cities', postgresql.ARRAY(sa.String(length=50)), server_default='{}', nullable=False),
    sa.Column('on_shelf', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(share_mode = 'rate' AND share_value >= 0 AND share_value <= 1) OR (share_mode = 'fixed' AND share_value >= 0 AND share_value <= price)", name=op.f('ck_products_share_within_price')),
    sa.CheckConstraint("service_type IN ('full', 'half', 'report', 'consult')", name=op.f('ck_products_service_type_known')),
    sa.CheckConstraint('price > 0', name=op.f('ck_products_price_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('name', name=op.f('uq_products_name'))
    )
    op.create_table('questions',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('group_name', sa.String(length=50), nullable=False),
    sa.Column('question', sa.String(length=255), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('shown', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    op.create_index(op.f('ix_questions_group_name'), 'questions', ['group_name'], unique=False)
    op.create_table('withdrawal_items',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('min_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fee_rate', sa.Numeric(precision=6, scale=4), server_default='0', nullable=False),
    sa.Column('fee_fixed', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("method IN ('bank', 'alipay', 'wechat')", name=op.f('ck_withdrawal_items_method_known')),
    sa.CheckConstraint('min_amount > 0 AND fee_rate >= 0 AND fee_rate < 1 AND fee_fixed >= 0', name=op.f('ck_withdrawal_items_rule_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_items')),
    sa.UniqueConstraint('name', name=op.f('uq_withdrawal_items_name'))
    )
    op.create_table('escort_certificates',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('escort_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=64), server_default='', nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_escort_certificates_escort_id_escorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escort_certificates'))
    )
    op.create_index(op.f('ix_escort_certificates_escort_id'), 'escort_certificates', ['escort_id'], unique=False)
    op.create_table('escort_ledger',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('escort_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('held_amount', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('balance_after', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('held_after', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=True),
    sa.Column('withdrawal_id', sa.BigInteger(), nullable=True),
    sa.Column('memo', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('earning', 'withdrawal_hold', 'withdrawal_paid', 'withdrawal_return')", name=op.f('ck_escort_ledger_kind_known')),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_escort_ledger_escort_id_escorts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escort_ledger'))
    )
    op.create_index('ix_escort_ledger_escort', 'escort_ledger', ['escort_id', 'id'], unique=False)
    op.create_index('uq_escort_ledger_order', 'escort_ledger', ['kind', 'order_id'], unique=True, postgresql_where=sa.text('order_id IS NOT NULL'))
    op.create_index('uq_escort_ledger_withdrawal', 'escort_ledger', ['kind', 'withdrawal_id'], unique=True, postgresql_where=sa.text('withdrawal_id IS NOT NULL'))
    op.create_table('hospitals',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('city', sa.String(length=50), server_default='南昌市', nullable=False),
    sa.Column('district_id', sa.BigInteger(), nullable=True),
    sa.Column('address', sa.String(length=255), server_default='', nullable=False),
    sa.Column('departments', postgresql.ARRAY(sa.String(length=50)), server_default='{}', nullable=False),
    sa.Column('shown', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_hospitals_district_id_districts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospitals')),
    sa.UniqueConstraint('name', name=op.f('uq_hospitals_name'))
    )
    op.create_index(op.f('ix_hospitals_district_id'), 'hospitals', ['district_id'], unique=False)
    op.create_table('orders',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('order_no', sa.String(length=32), server_default=sa.text("'PZ' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('escort_order_no_seq')::text, 8, '0')"), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('member_name', sa.String(length=50), server_default='', nullable=False),
    sa.Column('member_phone', sa.String(length=20), server_default='', nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=True),
    sa.Column('card_no', sa.String(length=32), server_default='', nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('product_name', sa.String(length=100), nullable=False),
    sa.Column('service_type', sa.String(length=16), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_name', sa.String(length=100), nullable=False),
    sa.Column('department', sa.String(length=50), server_default='', nullable=False),
    sa.Column('appointment_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('patient_name', sa.String(length=50), nullable=False),
    sa.Column('patient_phone', sa.String(length=20), nullable=False),
    sa.Column('patient_id_number', sa.String(length=18), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('escort_share', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('platform_share', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('service_code', sa.String(length=6), nullable=False),
    sa.Column('escort_id', sa.BigInteger(), nullable=True),
    sa.Column('escort_name', sa.String(length=50), server_default='', nullable=False),
    sa.Column('use_red_packet', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('payment_entry_id', sa.BigInteger(), nullable=True),
    sa.Column('refund_entry_id', sa.BigInteger(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('cancelled_by', sa.String(length=16), server_default='', nullable=False),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('client_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('pending_payment', 'waiting', 'accepted', 'in_service', 'completed', 'cancelled', 'refunded')", name=op.f('ck_orders_status_known')),
    sa.CheckConstraint('escort_share + platform_share = sale_amount', name=op.f('ck_orders_shares_add_up')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_orders_rating_range')),
    sa.CheckConstraint('sale_amount > 0 AND escort_share >= 0 AND platform_share >= 0', name=op.f('ck_orders_amounts_valid')),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_orders_escort_id_escorts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('member_id', 'client_key', name='uq_orders_member_client_key'),
    sa.UniqueConstraint('order_no', name=op.f('uq_orders_order_no'))
    )
    op.create_index(op.f('ix_orders_escort_id'), 'orders', ['escort_id'], unique=False)
    op.create_index(op.f('ix_orders_member_id'), 'orders', ['member_id'], unique=False)
    op.create_index(op.f('ix_orders_product_id'), 'orders', ['product_id'], unique=False)
    op.create_index('ix_orders_status_hospital', 'orders', ['status', 'hospital_id', 'appointment_at'], unique=False)
    op.create_table('withdrawals',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('escort_id', sa.BigInteger(), nullable=False),
    sa.Column('escort_name', sa.String(length=50), nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('item_name', sa.String(length=50), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('account_name', sa.String(length=50), nullable=False),
    sa.Column('account_no', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fee', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('net_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('reject_reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('reviewed_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_reference', sa.String(length=64), server_default='', nullable=False),
    sa.Column('paid_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'paid', 'rejected')", name=op.f('ck_withdrawals_status_known')),
    sa.CheckConstraint('amount > 0 AND fee >= 0 AND net_amount = amount - fee AND net_amount > 0', name=op.f('ck_withdrawals_amounts_valid')),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_withdrawals_escort_id_escorts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['item_id'], ['withdrawal_items.id'], name=op.f('fk_withdrawals_item_id_withdrawal_items'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawals'))
    )
    op.create_index('ix_withdrawals_escort', 'withdrawals', ['escort_id', 'id'], unique=False)
    op.create_index('uq_withdrawals_escort_client_key', 'withdrawals', ['escort_id', 'client_key'], unique=True)
    op.create_table('escort_hospitals',
    sa.Column('escort_id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_escort_hospitals_escort_id_escorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_escort_hospitals_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('escort_id', 'hospital_id', name=op.f('pk_escort_hospitals'))
    )
    op.create_index(op.f('ix_escort_hospitals_hospital_id'), 'escort_hospitals', ['hospital_id'], unique=False)
    op.create_table('order_transitions',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_kind', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_transitions_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_transitions'))
    )
    op.create_index(op.f('ix_order_transitions_order_id'), 'order_transitions', ['order_id'], unique=False)
    op.create_table('reviews',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('escort_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_reviews_rating_range')),
    sa.ForeignKeyConstraint(['escort_id'], ['escorts.id'], name=op.f('fk_reviews_escort_id_escorts')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_reviews_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('order_id', name=op.f('uq_reviews_order_id'))
    )
    op.create_index(op.f('ix_reviews_escort_id'), 'reviews', ['escort_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reviews_escort_id'), table_name='reviews')
    op.drop_table('reviews')
    op.drop_index(op.f('ix_order_transitions_order_id'), table_name='order_transitions')
    op.drop_table('order_transitions')
    op.drop_index(op.f('ix_escort_hospitals_hospital_id'), table_name='escort_hospitals')
    op.drop_table('escort_hospitals')
    op.drop_index('uq_withdrawals_escort_client_key', table_name='withdrawals')
    op.drop_index('ix_withdrawals_escort', table_name='withdrawals')
    op.drop_table('withdrawals')
    op.drop_index('ix_orders_status_hospital', table_name='orders')
    op.drop_index(op.f('ix_orders_product_id'), table_name='orders')
    op.drop_index(op.f('ix_orders_member_id'), table_name='orders')
    op.drop_index(op.f('ix_orders_escort_id'), table_name='orders')
    op.drop_table('orders')
    op.drop_index(op.f('ix_hospitals_district_id'), table_name='hospitals')
    op.drop_table('hospitals')
    op.drop_index('uq_escort_ledger_withdrawal', table_name='escort_ledger', postgresql_where=sa.text('withdrawal_id IS NOT NULL'))
    op.drop_index('uq_escort_ledger_order', table_name='escort_ledger', postgresql_where=sa.text('order_id IS NOT NULL'))
    op.drop_index('ix_escort_ledger_escort', table_name='escort_ledger')
    op.drop_table('escort_ledger')
    op.drop_index(op.f('ix_escort_certificates_escort_id'), table_name='escort_certificates')
    op.drop_table('escort_certificates')
    op.drop_table('withdrawal_items')
    op.drop_index(op.f('ix_questions_group_name'), table_name='questions')
    op.drop_table('questions')
    op.drop_table('products')
    op.drop_index(op.f('ix_escorts_status'), table_name='escorts')
    op.drop_table('escorts')
    op.drop_table('districts')
    op.execute(sa.schema.DropSequence(sa.Sequence('escort_order_no_seq')))
