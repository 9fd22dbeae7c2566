"""红包发放 (issue 13): grant requests under review, one packet per grant and card, and the card's granted part.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 16:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    # A server default: adding the column rewrites no card row.
    op.add_column("cards", sa.Column("granted_red_packet_balance", MONEY, server_default="0", nullable=False))
    op.create_table(
        "red_packet_grants",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("grant_no", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("card_no_from", sa.String(length=16), server_default="", nullable=False),
        sa.Column("card_no_to", sa.String(length=16), server_default="", nullable=False),
        sa.Column("activation_id", sa.BigInteger(), nullable=True),
        sa.Column("activation_batch_no", sa.String(length=32), server_default="", nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("customer_name", sa.String(length=128), server_default="", nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("remark", sa.String(length=255), server_default="", nullable=False),
        sa.Column("created_by_dept_id", sa.BigInteger(), nullable=True),
        sa.Column("granted_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("refused_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("refused", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("revoked_total", MONEY, server_default="0", nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.String(length=255), server_default="", nullable=False),
        sa.Column("reviewer_id", sa.BigInteger(), nullable=True),
        sa.Column("reviewer_name", sa.String(length=64), server_default="", nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_reason", sa.String(length=255), server_default="", nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=64), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_packet_grants")),
        sa.UniqueConstraint("grant_no", name=op.f("uq_red_packet_grants_grant_no")),
    )
    op.create_index("ix_red_packet_grants_activation_id", "red_packet_grants", ["activation_id"],
                    postgresql_where=sa.text("activation_id IS NOT NULL"))
    op.create_table(
        "red_packets",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("grant_id", sa.BigInteger(), nullable=False),
        sa.Column("card_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("used", MONEY, server_default="0", nullable=False),
        sa.Column("revoked", MONEY, server_default="0", nullable=False),
        sa.Column("expired", MONEY, server_default="0", nullable=False),
        sa.Column("balance", MONEY, nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_packets")),
        sa.UniqueConstraint("grant_id", "card_id", name="uq_red_packets_grant_card"),
    )
    op.create_index("ix_red_packets_card_live", "red_packets", ["card_id"], postgresql_where=sa.text("balance > 0"))
    op.create_index("ix_red_packets_due", "red_packets", ["valid_to"], postgresql_where=sa.text("balance > 0"))
    op.create_index("ix_red_packets_card_id", "red_packets", ["card_id"])


def downgrade() -> None:
    op.drop_table("red_packets")
    op.drop_table("red_packet_grants")
    op.drop_column("cards", "granted_red_packet_balance")
