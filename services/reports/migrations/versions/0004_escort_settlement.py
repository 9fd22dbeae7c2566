"""The escort-settlement rollup (escort.OrderSettled per period, escort hospital and escort).

escort.OrderSettled events consumed before this revision sit in event_store only: `python -m reports.rebuild`
folds them in (docs/domains/reports.md).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 16:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rollups' storage settings as 0002 created them (room for HOT updates, early vacuum).
ROLLUP_STORAGE = {
    "fillfactor": 70,
    "autovacuum_vacuum_scale_factor": 0.01,
    "autovacuum_analyze_scale_factor": 0.02,
}


def upgrade() -> None:
    op.create_table(
        "rp_escort_rollup",
        sa.Column("grain", sa.String(length=1), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("hospital_id", sa.BigInteger(), nullable=False),
        sa.Column("escort_id", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("sale_amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("escort_share", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("platform_share", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.PrimaryKeyConstraint("grain", "period", "hospital_id", "escort_id", name=op.f("pk_rp_escort_rollup")),
        postgresql_with=ROLLUP_STORAGE,
    )


def downgrade() -> None:
    op.drop_table("rp_escort_rollup")
