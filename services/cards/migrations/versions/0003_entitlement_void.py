"""Entitlements remember a void (crm.ContractVoided): a voided contract issues and activates no more cards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("entitlements", sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("entitlements", sa.Column("void_reason", sa.String(length=255), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("entitlements", "void_reason")
    op.drop_column("entitlements", "voided_at")
