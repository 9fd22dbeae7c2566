"""Which granted packets paid each debit (red_packet_spends), so a refund refills those packets.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "red_packet_spends",
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("packet_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", "packet_id", name=op.f("pk_red_packet_spends")),
    )


def downgrade() -> None:
    op.drop_table("red_packet_spends")
