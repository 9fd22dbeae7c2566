"""crm: service contacts (客服管理) and service tickets (工单) with their moves and reply thread.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _audit() -> list[sa.Column]:
    return [
        sa.Column('created_by_id', sa.BigInteger(), nullable=True),
        sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('crm_service_contacts',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('wechat', sa.String(length=64), nullable=False),
    sa.Column('hours', sa.String(length=64), nullable=False),
    sa.Column('shown', sa.Boolean(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    *_audit(),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_crm_service_contacts_shown_sort', 'crm_service_contacts', ['shown', 'sort'])

    op.create_table('crm_tickets',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('member_id', sa.BigInteger(), nullable=True),
    sa.Column('card_no', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('assignee_id', sa.BigInteger(), nullable=True),
    sa.Column('assignee_name', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=False),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    *_audit(),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name='ck_crm_tickets_rating'),
    sa.ForeignKeyConstraint(['customer_id'], ['crm_customers.id']),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_crm_tickets_customer', 'crm_tickets', ['customer_id'])
    op.create_index('ix_crm_tickets_member', 'crm_tickets', ['member_id', 'id'])
    op.create_index('ix_crm_tickets_assignee', 'crm_tickets', ['assignee_id'])
    op.create_index('ix_crm_tickets_open_due', 'crm_tickets', ['due_at'],
                    postgresql_where=sa.text("status IN ('pending', 'processing')"))

    op.create_table('crm_ticket_moves',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('ticket_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor_kind', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=False),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['crm_tickets.id']),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_crm_ticket_moves_ticket', 'crm_ticket_moves', ['ticket_id', 'id'])

    op.create_table('crm_ticket_replies',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('ticket_id', sa.BigInteger(), nullable=False),
    sa.Column('author_kind', sa.String(length=8), nullable=False),
    sa.Column('author_id', sa.BigInteger(), nullable=False),
    sa.Column('author_name', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['crm_tickets.id']),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_crm_ticket_replies_ticket', 'crm_ticket_replies', ['ticket_id', 'id'])


def downgrade() -> None:
    op.drop_table('crm_ticket_replies')
    op.drop_table('crm_ticket_moves')
    op.drop_table('crm_tickets')
    op.drop_table('crm_service_contacts')
