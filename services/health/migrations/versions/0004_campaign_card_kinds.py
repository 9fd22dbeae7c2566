"""Campaigns limited to customers' card holders may also name card kinds (卡片种类): a member joins with an active
card of one of the customers or of one of the kinds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("card_kinds", postgresql.ARRAY(sa.String(length=32)), server_default="{}",
                                         nullable=False))


def downgrade() -> None:
    op.drop_column("campaigns", "card_kinds")
