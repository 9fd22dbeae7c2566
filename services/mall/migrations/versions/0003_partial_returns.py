"""Partial returns: an after-sales request names order lines and quantities (after_sale_lines) and what was
paid for them (after_sales.paid_amount); order lines count the units given back (returned_quantity).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('after_sales', sa.Column('paid_amount', sa.Numeric(precision=14, scale=2), nullable=True))
    op.create_check_constraint(op.f('ck_after_sales_refund_not_above_lines_paid'), 'after_sales',
                               'refund_amount IS NULL OR paid_amount IS NULL OR refund_amount <= paid_amount')
    op.add_column('order_lines', sa.Column('returned_quantity', sa.Integer(), server_default='0', nullable=False))
    op.create_check_constraint(op.f('ck_order_lines_returned_within_bought'), 'order_lines',
                               'returned_quantity >= 0 AND returned_quantity <= quantity')
    # Requests completed before partial returns refunded whole orders: their lines went back entirely.
    op.execute("UPDATE order_lines l SET returned_quantity = l.quantity FROM orders o "
               "WHERE o.id = l.order_id AND o.status = 'refunded'")
    op.create_table('after_sale_lines',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('after_sale_id', sa.BigInteger(), nullable=False),
    sa.Column('order_line_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('paid_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.CheckConstraint('quantity > 0 AND paid_amount >= 0', name=op.f('ck_after_sale_lines_line_valid')),
    sa.ForeignKeyConstraint(['after_sale_id'], ['after_sales.id'],
                            name=op.f('fk_after_sale_lines_after_sale_id_after_sales'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'],
                            name=op.f('fk_after_sale_lines_order_line_id_order_lines'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_after_sale_lines')),
    sa.UniqueConstraint('after_sale_id', 'order_line_id', name='uq_after_sale_lines_line')
    )
    op.create_index(op.f('ix_after_sale_lines_after_sale_id'), 'after_sale_lines', ['after_sale_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_after_sale_lines_after_sale_id'), table_name='after_sale_lines')
    op.drop_table('after_sale_lines')
    op.drop_constraint(op.f('ck_order_lines_returned_within_bought'), 'order_lines', type_='check')
    op.drop_column('order_lines', 'returned_quantity')
    op.drop_constraint(op.f('ck_after_sales_refund_not_above_lines_paid'), 'after_sales', type_='check')
    op.drop_column('after_sales', 'paid_amount')
