"""Voided contracts (crm.ContractVoided), which the sales report leaves out.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rp_contract_void",
        sa.Column("contract_id", sa.BigInteger(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_rp_contract_void")),
    )


def downgrade() -> None:
    op.drop_table("rp_contract_void")
