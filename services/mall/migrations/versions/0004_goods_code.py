"""Goods code (商品编码): the key a goods import finds an existing goods by.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('goods', sa.Column('code', sa.String(length=64), server_default='', nullable=False))
    op.create_index('uq_goods_code', 'goods', ['code'], unique=True, postgresql_where=sa.text("code <> ''"))


def downgrade() -> None:
    op.drop_index('uq_goods_code', table_name='goods', postgresql_where=sa.text("code <> ''"))
    op.drop_column('goods', 'code')
