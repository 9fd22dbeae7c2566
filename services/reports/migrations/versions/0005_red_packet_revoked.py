"""Red packets taken back (cards.RedPacketsRevoked) in the card-consumption rollup.

Grants (cards.RedPacketsGranted) add to the existing red_packet_granted column. Grant events consumed before this
revision sit in event_store only: `python -m reports.rebuild` folds them in (docs/domains/reports.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "rp_card_rollup",
        sa.Column("red_packet_revoked", sa.Numeric(18, 2), nullable=False, server_default="0"),
    )
    # The default only fills the existing rows; new ones get theirs from the projector, as the other flows do.
    op.alter_column("rp_card_rollup", "red_packet_revoked", server_default=None)


def downgrade() -> None:
    op.drop_column("rp_card_rollup", "red_packet_revoked")
