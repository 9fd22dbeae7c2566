"""crm tables: customers, contacts, pool rules and claims, follow-ups, owner changes, contracts,
attachments, payment plans, payments, history, export log, staff directory.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:29:35.808854
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Trigram indexes for keyword search over names and pinyin initials.
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_table('crm_customers',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('name_initials', sa.String(length=128), nullable=False),
    sa.Column('search_text', sa.String(length=260), nullable=False),
    sa.Column('level', sa.String(length=1), nullable=True),
    sa.Column('admin_level', sa.String(length=16), nullable=True),
    sa.Column('parent_unit', sa.String(length=128), nullable=False),
    sa.Column('industry', sa.String(length=16), nullable=True),
    sa.Column('industry_attr', sa.String(length=16), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('legal_rep', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('business_scope', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('credit_note', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_follow_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dealt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('previous_owner_id', sa.BigInteger(), nullable=True),
    sa.Column('previous_owner_name', sa.String(length=64), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('release_reason', sa.String(length=32), nullable=False),
    sa.Column('release_note', sa.Text(), nullable=False),
    sa.Column('deal_total', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('paid_total', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('review_status', sa.String(length=16), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_customers'))
    )
    op.create_index('ix_crm_customers_dept', 'crm_customers', ['dept_id', 'level', 'industry'], unique=False, postgresql_where=sa.text('dept_id IS NOT NULL'))
    op.create_index('ix_crm_customers_level_industry', 'crm_customers', ['level', 'industry', 'id'], unique=False)
    op.create_index('ix_crm_customers_search_trgm', 'crm_customers', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'}, postgresql_with={'gin_pending_list_limit': 65536})
    op.create_index('ix_crm_customers_owner', 'crm_customers', ['owner_id', 'level', 'industry'], unique=False, postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.create_index('uq_crm_customers_credit_code', 'crm_customers', ['credit_code'], unique=True, postgresql_where=sa.text('credit_code IS NOT NULL AND deleted_at IS NULL'))
    op.create_index('uq_crm_customers_name_live', 'crm_customers', ['name'], unique=True, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('crm_export_logs',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('resource', sa.String(length=32), nullable=False),
    sa.Column('filters', sa.Text(), nullable=False),
    sa.Column('row_count', sa.BigInteger(), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_export_logs'))
    )
    op.create_table('crm_history',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_history'))
    )
    op.create_index('ix_crm_history_customer', 'crm_history', ['customer_id', 'id'], unique=False)
    op.create_table('crm_pool_claims',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('staff_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('by_id', sa.BigInteger(), nullable=True),
    sa.Column('by_name', sa.String(length=64), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_pool_claims'))
    )
    op.create_index(op.f('ix_crm_pool_claims_customer_id'), 'crm_pool_claims', ['customer_id'], unique=False)
    op.create_index('ix_crm_pool_claims_staff_day', 'crm_pool_claims', ['staff_id', 'claimed_at'], unique=False)
    op.create_table('crm_pool_rules',
    sa.Column('scope_key', sa.String(length=8), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('no_follow_up_days', sa.Integer(), nullable=True),
    sa.Column('no_deal_days', sa.Integer(), nullable=True),
    sa.Column('exempt_dealt', sa.Boolean(), nullable=False),
    sa.Column('hold_cap', sa.Integer(), nullable=True),
    sa.Column('cap_counts_dealt', sa.Boolean(), nullable=False),
    sa.Column('daily_claim_limit', sa.Integer(), nullable=True),
    sa.Column('cooldown_days', sa.Integer(), nullable=True),
    sa.Column('remind_days', sa.Integer(), nullable=True),
    sa.Column('updated_by_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('scope_key', name=op.f('pk_crm_pool_rules'))
    )
    op.create_table('crm_staff',
    sa.Column('staff_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_crm_staff'))
    )
    op.create_table('crm_contracts',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_name', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('contract_no', sa.String(length=64), nullable=False),
    sa.Column('contract_type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('red_packet_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_total', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('total_cards', sa.Integer(), nullable=False),
    sa.Column('card_type', sa.String(length=32), nullable=False),
    sa.Column('face_value_per_card', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('red_packet_per_card', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id'], name=op.f('fk_crm_contracts_customer_id_crm_customers')),
    sa.ForeignKeyConstraint(['parent_id'], ['crm_contracts.id'], name=op.f('fk_crm_contracts_parent_id_crm_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_contracts'))
    )
    op.create_index('ix_crm_contracts_customer', 'crm_contracts', ['customer_id'], unique=False)
    op.create_index('ix_crm_contracts_dept', 'crm_contracts', ['dept_id', 'id'], unique=False)
    op.create_index('ix_crm_contracts_owner', 'crm_contracts', ['owner_id', 'id'], unique=False)
    op.create_index('ix_crm_contracts_parent', 'crm_contracts', ['parent_id'], unique=False, postgresql_where=sa.text('parent_id IS NOT NULL'))
    op.create_index('uq_crm_contracts_no', 'crm_contracts', ['contract_no'], unique=True)
    op.create_table('crm_customer_contacts',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=128), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('decision_maker', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id'], name=op.f('fk_crm_customer_contacts_customer_id_crm_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_customer_contacts'))
    )
    op.create_index(op.f('ix_crm_customer_contacts_customer_id'), 'crm_customer_contacts', ['customer_id'], unique=False)
    op.create_table('crm_follow_ups',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('followed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_plan', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id'], name=op.f('fk_crm_follow_ups_customer_id_crm_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_follow_ups'))
    )
    op.create_index('ix_crm_follow_ups_customer', 'crm_follow_ups', ['customer_id', 'followed_at'], unique=False)
    op.create_index('ix_crm_follow_ups_next', 'crm_follow_ups', ['next_at'], unique=False)
    op.create_table('crm_owner_changes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_name', sa.String(length=128), nullable=False),
    sa.Column('from_owner_id', sa.BigInteger(), nullable=True),
    sa.Column('from_owner_name', sa.String(length=64), nullable=False),
    sa.Column('from_dept_id', sa.BigInteger(), nullable=True),
    sa.Column('to_owner_id', sa.BigInteger(), nullable=True),
    sa.Column('to_owner_name', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=64), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=False),
    sa.Column('moved_count', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id'], name=op.f('fk_crm_owner_changes_customer_id_crm_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_owner_changes'))
    )
    op.create_index('uq_crm_owner_changes_pending', 'crm_owner_changes', ['customer_id'], unique=True, postgresql_where=sa.text("status = 'pending' AND customer_id IS NOT NULL AND deleted_at IS NULL"))
    op.create_table('crm_contract_attachments',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=128), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('storage_key', sa.String(length=255), nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['crm_contracts.id'], name=op.f('fk_crm_contract_attachments_contract_id_crm_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_contract_attachments'))
    )
    op.create_index(op.f('ix_crm_contract_attachments_contract_id'), 'crm_contract_attachments', ['contract_id'], unique=False)
    op.create_table('crm_payment_plans',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['crm_contracts.id'], name=op.f('fk_crm_payment_plans_contract_id_crm_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_payment_plans'))
    )
    op.create_index(op.f('ix_crm_payment_plans_contract_id'), 'crm_payment_plans', ['contract_id'], unique=False)
    op.create_table('crm_payments',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('contract_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_name', sa.String(length=64), nullable=False),
    sa.Column('dept_id', sa.BigInteger(), nullable=True),
    sa.Column('dept_name', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['crm_contracts.id'], name=op.f('fk_crm_payments_contract_id_crm_contracts')),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id'], name=op.f('fk_crm_payments_customer_id_crm_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_payments'))
    )
    op.create_index('ix_crm_payments_contract', 'crm_payments', ['contract_id'], unique=False)
    op.create_index('ix_crm_payments_dept', 'crm_payments', ['dept_id', 'id'], unique=False)
    op.create_index('ix_crm_payments_owner', 'crm_payments', ['owner_id', 'id'], unique=False)
    # A default rule for every level, so a new installation has a working pool; admins tune it.
    op.execute(
        "INSERT INTO crm_pool_rules (scope_key, enabled, no_follow_up_days, no_deal_days, exempt_dealt, hold_cap, "
        "cap_counts_dealt, daily_claim_limit, cooldown_days, remind_days, updated_by_name) "
        "VALUES ('ALL', true, 30, 90, true, 200, false, 20, 7, 3, '系统')"
    )


def downgrade() -> None:
    op.drop_index('ix_crm_payments_owner', table_name='crm_payments')
    op.drop_index('ix_crm_payments_dept', table_name='crm_payments')
    op.drop_index('ix_crm_payments_contract', table_name='crm_payments')
    op.drop_table('crm_payments')
    op.drop_index(op.f('ix_crm_payment_plans_contract_id'), table_name='crm_payment_plans')
    op.drop_table('crm_payment_plans')
    op.drop_index(op.f('ix_crm_contract_attachments_contract_id'), table_name='crm_contract_attachments')
    op.drop_table('crm_contract_attachments')
    op.drop_index('uq_crm_owner_changes_pending', table_name='crm_owner_changes', postgresql_where=sa.text("status = 'pending' AND customer_id IS NOT NULL AND deleted_at IS NULL"))
    op.drop_table('crm_owner_changes')
    op.drop_index('ix_crm_follow_ups_next', table_name='crm_follow_ups')
    op.drop_index('ix_crm_follow_ups_customer', table_name='crm_follow_ups')
    op.drop_table('crm_follow_ups')
    op.drop_index(op.f('ix_crm_customer_contacts_customer_id'), table_name='crm_customer_contacts')
    op.drop_table('crm_customer_contacts')
    op.drop_index('uq_crm_contracts_no', table_name='crm_contracts')
    op.drop_index('ix_crm_contracts_parent', table_name='crm_contracts', postgresql_where=sa.text('parent_id IS NOT NULL'))
    op.drop_index('ix_crm_contracts_owner', table_name='crm_contracts')
    op.drop_index('ix_crm_contracts_dept', table_name='crm_contracts')
    op.drop_index('ix_crm_contracts_customer', table_name='crm_contracts')
    op.drop_table('crm_contracts')
    op.drop_table('crm_staff')
    op.drop_table('crm_pool_rules')
    op.drop_index('ix_crm_pool_claims_staff_day', table_name='crm_pool_claims')
    op.drop_index(op.f('ix_crm_pool_claims_customer_id'), table_name='crm_pool_claims')
    op.drop_table('crm_pool_claims')
    op.drop_index('ix_crm_history_customer', table_name='crm_history')
    op.drop_table('crm_history')
    op.drop_table('crm_export_logs')
    op.drop_index('uq_crm_customers_name_live', table_name='crm_customers', postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('uq_crm_customers_credit_code', table_name='crm_customers', postgresql_where=sa.text('credit_code IS NOT NULL AND deleted_at IS NULL'))
    op.drop_index('ix_crm_customers_owner', table_name='crm_customers', postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.drop_index('ix_crm_customers_search_trgm', table_name='crm_customers', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.drop_index('ix_crm_customers_level_industry', table_name='crm_customers')
    op.drop_index('ix_crm_customers_dept', table_name='crm_customers', postgresql_where=sa.text('dept_id IS NOT NULL'))
    op.drop_table('crm_customers')
