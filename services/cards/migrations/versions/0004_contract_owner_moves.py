"""Contract owner moves (crm.CustomerOwnerChanged): entitlements, issues, activations and cards follow the
contract to its new owner, whatever order the move and the approval arrive in.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contract_owner_moves",
        sa.Column("contract_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("owner_name", sa.String(length=64), server_default="", nullable=False),
        sa.Column("dept_id", sa.BigInteger(), nullable=True),
        sa.Column("dept_name", sa.String(length=64), server_default="", nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_contract_owner_moves")),
    )


def downgrade() -> None:
    op.drop_table("contract_owner_moves")
