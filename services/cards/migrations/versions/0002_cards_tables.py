"""Cards tables: cards and their audit, making batches, password sets, the number allocator,
entitlements, issues, activations, the ledger and the staff directory.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:30:20.746453
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
    op.create_table('activations',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('batch_no', sa.String(length=32), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('contract_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('owner_dept_id', sa.BigInteger(), nullable=True),
    sa.Column('ranges', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('latest_activation_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('auto_activate_days', sa.Integer(), nullable=False),
    sa.Column('valid_days', sa.Integer(), nullable=False),
    sa.Column('red_packet_days', sa.Integer(), nullable=False),
    sa.Column('face_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('red_packet', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('remark', sa.String(length=255), server_default='', nullable=False),
    sa.Column('charged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.String(length=255), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activations')),
    sa.UniqueConstraint('batch_no', name=op.f('uq_activations_batch_no'))
    )
    op.create_index(op.f('ix_activations_contract_id'), 'activations', ['contract_id'], unique=False)
    op.create_table('card_issues',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('contract_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('owner_dept_id', sa.BigInteger(), nullable=True),
    sa.Column('card_type', sa.String(length=16), nullable=False),
    sa.Column('ranges', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('recycled_card_nos', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('remark', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.String(length=255), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_issues'))
    )
    op.create_index(op.f('ix_card_issues_contract_id'), 'card_issues', ['contract_id'], unique=False)
    op.create_table('card_number_allocator',
    sa.Column('id', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('next_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_number_allocator'))
    )
    op.create_table('card_operations',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('from_use_status', sa.String(length=16), nullable=False),
    sa.Column('to_use_status', sa.String(length=16), nullable=False),
    sa.Column('detail', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_operations'))
    )
    op.create_index(op.f('ix_card_operations_card_id'), 'card_operations', ['card_id'], unique=False)
    op.create_table('cards',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('card_no', sa.String(length=16), nullable=False),
    sa.Column('making_batch_id', sa.BigInteger(), nullable=False),
    sa.Column('password_set_id', sa.BigInteger(), nullable=True),
    sa.Column('password_hash', sa.LargeBinary(), nullable=True),
    sa.Column('city', sa.String(length=32), server_default='', nullable=False),
    sa.Column('card_type', sa.String(length=16), server_default='', nullable=False),
    sa.Column('card_kind', sa.String(length=32), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='in_stock', nullable=False),
    sa.Column('use_status', sa.String(length=16), server_default='uncharged', nullable=False),
    sa.Column('use_status_before_freeze', sa.String(length=16), nullable=True),
    sa.Column('issue_id', sa.BigInteger(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=True),
    sa.Column('contract_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('owner_dept_id', sa.BigInteger(), nullable=True),
    sa.Column('activation_id', sa.BigInteger(), nullable=True),
    sa.Column('activation_batch_no', sa.String(length=32), server_default='', nullable=False),
    sa.Column('charged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('latest_activation_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('auto_activate_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('face_value', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('balance', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('red_packet_amount', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('red_packet_used', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('red_packet_balance', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=True),
    sa.Column('member_phone', sa.String(length=32), server_default='', nullable=False),
    sa.Column('bound_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activation_mode', sa.String(length=8), server_default='', nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('effective_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('red_packet_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards'))
    )
    op.create_index('ix_cards_activation_id', 'cards', ['activation_id'], unique=False, postgresql_where=sa.text('activation_id IS NOT NULL'))
    op.create_index('ix_cards_auto_activate_due', 'cards', ['auto_activate_at'], unique=False, postgresql_where=sa.text("status = 'issued' AND use_status = 'charged'"))
    op.create_index('ix_cards_contract_id', 'cards', ['contract_id'], unique=False, postgresql_where=sa.text('contract_id IS NOT NULL'))
    op.create_index('ix_cards_customer_id', 'cards', ['customer_id'], unique=False, postgresql_where=sa.text('customer_id IS NOT NULL'))
    op.create_index('ix_cards_member_id', 'cards', ['member_id'], unique=False, postgresql_where=sa.text('member_id IS NOT NULL'))
    op.create_index('ix_cards_owner_id', 'cards', ['owner_id'], unique=False, postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.create_index('ix_cards_red_packet_due', 'cards', ['red_packet_expires_at'], unique=False, postgresql_where=sa.text('red_packet_balance > 0 AND red_packet_expires_at IS NOT NULL'))
    op.create_index('ix_cards_validity_due', 'cards', ['effective_until'], unique=False, postgresql_where=sa.text("status = 'activated'"))
    op.create_table('entitlements',
    sa.Column('contract_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('contract_no', sa.String(length=64), server_default='', nullable=False),
    sa.Column('contract_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('contract_type', sa.String(length=32), server_default='', nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_name', sa.String(length=128), server_default='', nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('card_type', sa.String(length=32), server_default='', nullable=False),
    sa.Column('total_cards', sa.Integer(), nullable=False),
    sa.Column('issued_cards', sa.Integer(), server_default='0', nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('red_packet_amount', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('face_value_per_card', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('red_packet_per_card', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('contract_id', name=op.f('pk_entitlements'))
    )
    op.create_index(op.f('ix_entitlements_customer_id'), 'entitlements', ['customer_id'], unique=False)
    op.create_table('ledger_entries',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('balance_part', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('red_packet_part', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('balance_after', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('red_packet_after', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('order_ref', sa.String(length=128), nullable=True),
    sa.Column('context', sa.String(length=16), server_default='', nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=True),
    sa.Column('activation_id', sa.BigInteger(), nullable=True),
    sa.Column('memo', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries'))
    )
    op.create_index('ix_ledger_entries_card_id', 'ledger_entries', ['card_id', 'id'], unique=False)
    op.create_index('uq_ledger_debit_order_ref', 'ledger_entries', ['order_ref'], unique=True, postgresql_where=sa.text("kind = 'debit'"))
    op.create_index('uq_ledger_refund_order_ref', 'ledger_entries', ['order_ref'], unique=True, postgresql_where=sa.text("kind = 'refund'"))
    op.create_table('making_batches',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('batch_no', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=32), nullable=False),
    sa.Column('card_type', sa.String(length=16), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('seq_start', sa.BigInteger(), nullable=True),
    sa.Column('seq_end', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('remark', sa.String(length=255), server_default='', nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.String(length=255), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_making_batches')),
    sa.UniqueConstraint('batch_no', name=op.f('uq_making_batches_batch_no'))
    )
    op.create_table('password_sets',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('making_batch_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('seq_start', sa.BigInteger(), nullable=False),
    sa.Column('seq_end', sa.BigInteger(), nullable=False),
    sa.Column('card_count', sa.Integer(), nullable=False),
    sa.Column('seed', sa.LargeBinary(), nullable=True),
    sa.Column('reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('exported_by_id', sa.BigInteger(), nullable=True),
    sa.Column('exported_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_sets'))
    )
    op.create_index(op.f('ix_password_sets_making_batch_id'), 'password_sets', ['making_batch_id'], unique=False)
    op.create_table('staff',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('position', sa.String(length=64), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    # The allocator's one row: card numbers start at full width (cards.numbers.FIRST_SEQ).
    op.execute("INSERT INTO card_number_allocator (id, next_seq) VALUES (1, 100000000)")


def downgrade() -> None:
    op.drop_table('staff')
    op.drop_index(op.f('ix_password_sets_making_batch_id'), table_name='password_sets')
    op.drop_table('password_sets')
    op.drop_table('making_batches')
    op.drop_index('uq_ledger_refund_order_ref', table_name='ledger_entries', postgresql_where=sa.text("kind = 'refund'"))
    op.drop_index('uq_ledger_debit_order_ref', table_name='ledger_entries', postgresql_where=sa.text("kind = 'debit'"))
    op.drop_index('ix_ledger_entries_card_id', table_name='ledger_entries')
    op.drop_table('ledger_entries')
    op.drop_index(op.f('ix_entitlements_customer_id'), table_name='entitlements')
    op.drop_table('entitlements')
    op.drop_index('ix_cards_validity_due', table_name='cards', postgresql_where=sa.text("status = 'activated'"))
    op.drop_index('ix_cards_red_packet_due', table_name='cards', postgresql_where=sa.text('red_packet_balance > 0 AND red_packet_expires_at IS NOT NULL'))
    op.drop_index('ix_cards_owner_id', table_name='cards', postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.drop_index('ix_cards_member_id', table_name='cards', postgresql_where=sa.text('member_id IS NOT NULL'))
    op.drop_index('ix_cards_customer_id', table_name='cards', postgresql_where=sa.text('customer_id IS NOT NULL'))
    op.drop_index('ix_cards_contract_id', table_name='cards', postgresql_where=sa.text('contract_id IS NOT NULL'))
    op.drop_index('ix_cards_auto_activate_due', table_name='cards', postgresql_where=sa.text("status = 'issued' AND use_status = 'charged'"))
    op.drop_index('ix_cards_activation_id', table_name='cards', postgresql_where=sa.text('activation_id IS NOT NULL'))
    op.drop_table('cards')
    op.drop_index(op.f('ix_card_operations_card_id'), table_name='card_operations')
    op.drop_table('card_operations')
    op.drop_table('card_number_allocator')
    op.drop_index(op.f('ix_card_issues_contract_id'), table_name='card_issues')
    op.drop_table('card_issues')
    op.drop_index(op.f('ix_activations_contract_id'), table_name='activations')
    op.drop_table('activations')
